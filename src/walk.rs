//! The one folder walker: source folders, rules folders and rule-test folders
//! are all read through it, so they agree on order, hidden entries, symbolic
//! links and limits.
//!
//! A walk is sorted by file name bytes; entries whose name starts with `.` are
//! left out (a folder named directly is walked whatever its name); symbolic
//! links are followed, a link back to a folder being walked is reported once as
//! a loop, and a file or folder reached a second time (links that fan out to
//! the same files) is left out, so each real file is read once. Folders nested
//! deeper than [`MAX_DEPTH`] are reported, not walked. Nothing is opened but
//! folders: a FIFO or device is reported as [`Entry::Special`], never read.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How many folder levels below a folder named on the command line are walked.
pub const MAX_DEPTH: usize = 64;

/// One thing found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A regular file (links followed), seen for the first time.
    File(PathBuf),
    /// A FIFO, device or socket: never opened, since reading one can block for
    /// ever. The text says which ("a FIFO").
    Special(PathBuf, &'static str),
    /// An entry that was not walked or cannot be read, and why.
    Problem(Problem),
}

/// Why a folder entry was not walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry, as found under the folder named.
    pub path: PathBuf,
    /// The reason ("folder loop (...)", "permission denied", ...).
    pub reason: String,
    /// False for a symbolic-link loop, which is skipped by design; true when
    /// files the user asked for were not read (unreadable, nested too deep).
    pub is_error: bool,
}

/// The reason given for a symbolic link back to a folder being walked.
pub const LOOP_REASON: &str = "folder loop (a symbolic link back to a parent folder)";

/// Identity of a real file or folder, whatever path reached it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

fn file_id(path: &Path, metadata: &fs::Metadata) -> FileId {
    #[cfg(unix)]
    {
        let _ = path;
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(metadata.dev(), metadata.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        FileId::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// What a file that is not a regular file is, for messages.
pub fn file_type_name(metadata: &fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        } else if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        } else if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// A short, stable reason for an I/O error.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Walks folders, remembering every real file and folder it has seen so that
/// several roots (or a root and a file named beside it) read each file once.
#[derive(Debug, Default)]
pub struct Walker {
    seen: HashSet<FileId>,
}

impl Walker {
    /// A walker that has seen nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// True the first time the real file at `path` (with its `metadata`,
    /// links followed) is seen by this walker, by any path.
    pub fn first_visit(&mut self, path: &Path, metadata: &fs::Metadata) -> bool {
        self.seen.insert(file_id(path, metadata))
    }

    /// Everything under folder `root`, in walk order (see the module docs).
    pub fn walk(&mut self, root: &Path) -> Vec<Entry> {
        let mut walk = Walk::new(root);
        std::iter::from_fn(|| self.next_entry(&mut walk)).collect()
    }

    /// The next entry of `walk`, one of this walker's folders: what
    /// [`Walker::walk`] lists, one at a time, so that a caller can start
    /// reading the first files while the rest are found.
    pub fn next_entry(&mut self, walk: &mut Walk) -> Option<Entry> {
        while let Some(next) = walk.it.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => return Some(Entry::Problem(problem_of(&e, &walk.root))),
            };
            if let Some(id) = walk.plain_file_id(&entry) {
                if self.seen.insert(id) {
                    return Some(Entry::File(entry.into_path()));
                }
                // Seen before by its folder entry: its metadata must say
                // so too before it is left out. Where folder entries name
                // other inodes than the files' own (an overlay of file
                // systems whose inode numbers overlap), two files would
                // otherwise be taken for one and the second never read.
                match entry.metadata() {
                    Ok(m) if self.first_visit(entry.path(), &m) => {
                        return Some(Entry::File(entry.into_path()));
                    }
                    Ok(_) => continue,
                    Err(e) => return Some(Entry::Problem(problem_of(&e, &walk.root))),
                }
            }
            let metadata = match entry.metadata() {
                Ok(m) => m,
                Err(e) => {
                    walk.entered(entry.depth(), None);
                    return Some(Entry::Problem(problem_of(&e, &walk.root)));
                }
            };
            // A FIFO or device is never read, so it does not count as seen:
            // named again on its own, it gets its own answer.
            let first = (metadata.is_dir() || metadata.is_file())
                && self.first_visit(entry.path(), &metadata);
            if metadata.is_dir() {
                walk.entered(entry.depth(), Some(&metadata));
                if !first {
                    // Reached again through another link: its files are
                    // (being) read by the first path.
                    if entry.depth() > 0 {
                        walk.it.skip_current_dir();
                    }
                } else if entry.depth() == MAX_DEPTH {
                    return Some(Entry::Problem(Problem {
                        path: entry.path().to_path_buf(),
                        reason: format!("folder nested too deep (the limit is {MAX_DEPTH} levels)"),
                        is_error: true,
                    }));
                }
                continue;
            }
            let path = entry.into_path();
            if !metadata.is_file() {
                return Some(Entry::Special(path, file_type_name(&metadata)));
            } else if first {
                return Some(Entry::File(path));
            }
        }
        None
    }
}

/// A walk of one folder under way (see [`Walker::next_entry`]).
pub struct Walk {
    it: walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>,
    root: PathBuf,
    /// The device of each folder on the way down to the current one, by
    /// depth: a file's own is its folder's.
    #[cfg(unix)]
    devices: Vec<u64>,
}

impl Walk {
    /// A walk of folder `root`, nothing read yet.
    pub fn new(root: &Path) -> Self {
        let visible: fn(&walkdir::DirEntry) -> bool =
            |e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b".");
        let it = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(MAX_DEPTH)
            // Siblings' paths are their folder's path and their names, so
            // comparing the paths compares the names, without taking each
            // path apart again for every comparison (`sort_by_file_name`).
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(visible);
        Walk {
            it,
            root: root.to_path_buf(),
            #[cfg(unix)]
            devices: Vec::new(),
        }
    }

    /// Notes the folder at `depth` being walked into, with its `metadata`
    /// (links followed) or none when they could not be read (its files are
    /// then asked about one by one).
    fn entered(&mut self, depth: usize, metadata: Option<&fs::Metadata>) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            self.devices.truncate(depth);
            self.devices.extend(metadata.map(MetadataExt::dev));
        }
        #[cfg(not(unix))]
        let _ = (depth, metadata);
    }

    /// The identity of `entry` without asking the file system again, when it
    /// is a regular file found in its folder (no link followed to it): the
    /// inode its folder entry names on its folder's device. Asking for every
    /// file's metadata was one system call per file, a tenth of the time
    /// of a check of many small files. A file so found again is asked
    /// about before it is left out (see [`Walker::next_entry`]). (A single
    /// file mounted over another one, a bind mount, is named by the inode
    /// it covers: such a file is read once more if it is reached by another
    /// path too.) Anything else (a folder, a link, a FIFO) is asked about.
    fn plain_file_id(&self, entry: &walkdir::DirEntry) -> Option<FileId> {
        #[cfg(unix)]
        {
            use walkdir::DirEntryExt;
            if entry.path_is_symlink() || !entry.file_type().is_file() {
                return None;
            }
            let device = entry
                .depth()
                .checked_sub(1)
                .and_then(|parent| self.devices.get(parent))?;
            Some(FileId::Inode(*device, entry.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = entry;
            None
        }
    }
}

fn problem_of(e: &walkdir::Error, root: &Path) -> Problem {
    let path = e.path().unwrap_or(root).to_path_buf();
    if e.loop_ancestor().is_some() {
        return Problem {
            path,
            reason: LOOP_REASON.to_string(),
            is_error: false,
        };
    }
    let reason = match e.io_error() {
        // A link whose target is gone.
        Some(io) if io.kind() == io::ErrorKind::NotFound && path.is_symlink() => {
            "broken symbolic link".to_string()
        }
        Some(io) => io_reason(io),
        None => e.to_string(),
    };
    Problem {
        path,
        reason,
        is_error: true,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rel(entries: &[Entry], root: &Path) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Entry::Special(p, what) => {
                    format!("{} ({what})", p.strip_prefix(root).unwrap().display())
                }
                Entry::Problem(p) => format!(
                    "{}: {}{}",
                    p.path.strip_prefix(root).unwrap().display(),
                    p.reason,
                    if p.is_error { " [error]" } else { "" }
                ),
            })
            .collect()
    }

    fn write(root: &Path, rel: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, rel).unwrap();
    }

    #[test]
    fn sorted_and_hidden_left_out() {
        let t = tempfile::tempdir().unwrap();
        for f in [
            "b.txt",
            "a/z.txt",
            "a/.h.txt",
            ".git/x.txt",
            "B.txt",
            "a/b/c.txt",
        ] {
            write(t.path(), f);
        }
        let got = rel(&Walker::new().walk(t.path()), t.path());
        assert_eq!(got, vec!["B.txt", "a/b/c.txt", "a/z.txt", "b.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_is_reported_once_and_a_fan_out_reads_each_file_once() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "real/a.txt");
        write(root, "real/b.txt");
        symlink(root, root.join("real/up")).unwrap();
        // Ten links to one folder, and a link to one file.
        for i in 0..10 {
            symlink(root.join("real"), root.join(format!("link{i}"))).unwrap();
        }
        symlink(root.join("real/a.txt"), root.join("same.txt")).unwrap();
        symlink(root.join("gone"), root.join("zz-broken.txt")).unwrap();
        let got = rel(&Walker::new().walk(root), root);
        assert_eq!(
            got,
            vec![
                "link0/a.txt".to_string(),
                "link0/b.txt".to_string(),
                format!("link0/up: {LOOP_REASON}"),
                "zz-broken.txt: broken symbolic link [error]".to_string(),
            ]
        );
    }

    #[test]
    fn deep_folders_are_reported_not_walked() {
        let t = tempfile::tempdir().unwrap();
        let deep: String = "d/".repeat(MAX_DEPTH + 10);
        write(t.path(), &format!("{deep}x.txt"));
        write(t.path(), "top.txt");
        let got = rel(&Walker::new().walk(t.path()), t.path());
        assert_eq!(got.len(), 2);
        assert!(
            got[0].ends_with(&format!(
                "folder nested too deep (the limit is {MAX_DEPTH} levels) [error]"
            )),
            "{got:?}"
        );
        assert_eq!(got[1], "top.txt");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_special_never_opened() {
        let t = tempfile::tempdir().unwrap();
        let fifo = t.path().join("p.txt");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(ok.success());
        let got = rel(&Walker::new().walk(t.path()), t.path());
        assert_eq!(got, vec!["p.txt (a FIFO)"]);
    }

    /// A file found in its folder is known by its folder entry's inode,
    /// without asking for its metadata: the same identity the metadata give
    /// a file named on its own, and a hard link's other name.
    #[cfg(unix)]
    #[test]
    fn a_file_found_in_its_folder_is_the_file_named_and_its_hard_links() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "a/x.txt");
        write(t.path(), "a/y.txt");
        fs::hard_link(t.path().join("a/x.txt"), t.path().join("a/z.txt")).unwrap();
        let named = t.path().join("a/y.txt");
        let mut walker = Walker::new();
        assert!(walker.first_visit(&named, &fs::metadata(&named).unwrap()));
        let got = rel(&walker.walk(t.path()), t.path());
        assert_eq!(got, vec!["a/x.txt"]);
    }

    #[test]
    fn two_roots_share_what_they_have_seen() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "a/x.txt");
        let mut walker = Walker::new();
        let first = walker.walk(t.path());
        let second = walker.walk(&t.path().join("a"));
        assert_eq!(first.len(), 1);
        assert!(second.is_empty(), "{second:?}");
    }
}
