//! Loading inputs: files, folders (walked recursively in a stable order) and
//! standard input, with every input accounted for as loaded or skipped-with-reason.

use super::decode;
use super::ninjs::ItemError;
use super::{html, newsml, ninjs, Document, Extracted, LoadOptions, Position, Source};
use crate::walk::{file_type_name, io_reason, Entry, Walk, Walker};
use rayon::prelude::*;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What happened to one input.
// Most inputs are loaded, so boxing the large variant would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Input {
    /// The input was read and is ready for matching.
    Loaded(Source),
    /// The input was not loaded; the reason says why.
    Skipped(Skipped),
}

/// An input that was not loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The path as given (or as found in a folder), `<stdin>` for standard input.
    pub path: String,
    /// Why it was skipped ("empty", "not valid UTF-8 (byte 12)", ...).
    pub reason: String,
    /// True when this is a problem the user must hear about (unreadable, binary,
    /// invalid UTF-8, too large); false for inputs skipped by design.
    pub is_error: bool,
    /// Where in the file the problem is (malformed JSON or XML).
    pub at: Option<Position>,
}

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt`, `.text`, and any other named file).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// An HTML page (`.html`, `.htm`, `.xhtml`).
    Html,
    /// IPTC ninjs items (`.json`, `.jsonl`, `.ndjson`).
    Ninjs,
    /// An IPTC NewsML-G2 document (`.xml`).
    NewsMl,
}

impl Format {
    /// The format of a file, by its extension (any case); `None` for an
    /// extension crosswire does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" | "jsonl" | "ndjson" => Format::Ninjs,
            "xml" => Format::NewsMl,
            _ => return None,
        })
    }

    /// The format of a text with no file name (standard input) by its first
    /// characters: `{` or `[` is ninjs, `<` is NewsML-G2 when it holds a
    /// `newsItem` and HTML otherwise; anything else is plain text.
    pub fn sniff(text: &str) -> Format {
        let head = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
        match head.chars().next() {
            Some('{' | '[') => Format::Ninjs,
            Some('<') => {
                let probe = head.get(..4096.min(head.len())).unwrap_or(head);
                if probe.contains("newsItem") || probe.contains("newsMessage") {
                    Format::NewsMl
                } else {
                    Format::Html
                }
            }
            _ => Format::Text,
        }
    }
}

/// Display name of standard input.
const STDIN_PATH: &str = "<stdin>";

/// One unit of loading work, decided before any file is read.
#[derive(Debug)]
enum Job {
    File(PathBuf),
    /// A FIFO named on the command line (`<(command)` in a shell): opened
    /// with a time limit, since opening one that nothing writes to blocks.
    Pipe(PathBuf),
    Stdin,
    Skip(Skipped),
}

fn skipped(path: impl Into<String>, reason: impl Into<String>, is_error: bool) -> Skipped {
    Skipped {
        path: path.into(),
        reason: reason.into(),
        is_error,
        at: None,
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Expands `paths` (files, folders recursively in sorted order, `-` for standard
/// input) and loads each. The result is in input order; files are normalized in
/// parallel.
pub fn load_inputs(paths: &[PathBuf], options: &LoadOptions) -> Vec<Input> {
    map_pending(paths, |pending| load_pending(pending, options))
        .into_iter()
        .flatten()
        .collect()
}

/// Expands `paths` as [`pending_inputs`] does and maps each input with `f`
/// on the thread pool while the folders are still being walked (walking
/// 10,000 files took 29 ms, in which nothing was read while the walk came
/// first); the results in input order.
pub fn map_pending<T: Send>(paths: &[PathBuf], f: impl Fn(Pending) -> T + Sync + Send) -> Vec<T> {
    let mut mapped: Vec<(usize, T)> = Plan::new(paths)
        .enumerate()
        .par_bridge()
        .map(|(i, job)| (i, f(Pending(job))))
        .collect();
    mapped.sort_unstable_by_key(|&(i, _)| i);
    mapped.into_iter().map(|(_, t)| t).collect()
}

/// One input still to be read: a file, standard input, or a path already
/// known to be skipped. [`pending_inputs`] lists them without reading any
/// file, so a caller can read, check and drop each in turn (bounded memory).
#[derive(Debug)]
pub struct Pending(Job);

/// Expands `paths` (files, folders recursively in sorted order, `-` for
/// standard input) into the inputs to read, in order.
pub fn pending_inputs(paths: &[PathBuf]) -> Vec<Pending> {
    Plan::new(paths).map(Pending).collect()
}

/// Reads one pending input: one [`Input`] for most files, one per item for
/// a ninjs or NewsML-G2 file.
pub fn load_pending(pending: Pending, options: &LoadOptions) -> Vec<Input> {
    match pending.0 {
        Job::File(path) => load_file(&path, options),
        Job::Pipe(path) => load_pipe(&path, options),
        Job::Stdin => load_stdin(options),
        Job::Skip(s) => vec![Input::Skipped(s)],
    }
}

/// `paths` expanded into jobs, in order, without reading any file, one job
/// at a time. Folders go through the one walker ([`crate::walk`]), which
/// also makes a file reached twice (named twice, or named and inside a
/// folder named) one input.
struct Plan<'p> {
    paths: std::slice::Iter<'p, PathBuf>,
    walker: Walker,
    /// The folder being walked, if one is.
    walk: Option<Walk>,
    stdin_taken: bool,
}

impl<'p> Plan<'p> {
    fn new(paths: &'p [PathBuf]) -> Self {
        Plan {
            paths: paths.iter(),
            walker: Walker::new(),
            walk: None,
            stdin_taken: false,
        }
    }
}

impl Iterator for Plan<'_> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if let Some(walk) = self.walk.as_mut() {
                match self.walker.next_entry(walk) {
                    Some(entry) => return Some(folder_job(entry)),
                    None => self.walk = None,
                }
            }
            let path = self.paths.next()?;
            if path.as_os_str() == "-" {
                if self.stdin_taken {
                    return Some(Job::Skip(skipped(
                        STDIN_PATH,
                        "standard input already read",
                        false,
                    )));
                }
                self.stdin_taken = true;
                return Some(Job::Stdin);
            }
            return Some(match fs::metadata(path) {
                Err(e) => Job::Skip(skipped(shown(path), io_reason(&e), true)),
                Ok(m) if m.is_dir() => {
                    self.walk = Some(Walk::new(path));
                    continue;
                }
                Ok(m) if !self.walker.first_visit(path, &m) => Job::Skip(skipped(
                    shown(path),
                    "the same file as an earlier input",
                    false,
                )),
                // A file named explicitly is loaded whatever its name.
                Ok(m) if m.is_file() => Job::File(path.clone()),
                Ok(m) if is_fifo(&m) => Job::Pipe(path.clone()),
                // A device may never end or block for ever; a socket cannot be read.
                Ok(m) => Job::Skip(skipped(
                    shown(path),
                    format!("not a regular file ({})", file_type_name(&m)),
                    true,
                )),
            });
        }
    }
}

fn folder_job(entry: Entry) -> Job {
    match entry {
        Entry::File(path) => match extension_problem(&path) {
            None => Job::File(path),
            Some(reason) => Job::Skip(skipped(shown(&path), reason, false)),
        },
        Entry::Special(path, what) => Job::Skip(skipped(
            shown(&path),
            format!("not a regular file ({what})"),
            false,
        )),
        Entry::Problem(p) => Job::Skip(skipped(shown(&p.path), p.reason, p.is_error)),
    }
}

#[cfg(unix)]
fn is_fifo(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &fs::Metadata) -> bool {
    false
}

/// How long opening a named pipe may wait for something to write to it.
const PIPE_OPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Loads a FIFO named on the command line. Opening waits for a writer, so it
/// runs on its own thread: when nothing writes within [`PIPE_OPEN_WAIT`] the
/// input is skipped (the thread stays blocked until the process ends).
fn load_pipe(path: &Path, options: &LoadOptions) -> Vec<Input> {
    let (send, receive) = std::sync::mpsc::channel();
    let target = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("open-pipe".into())
        .spawn(move || {
            let _ = send.send(fs::File::open(target));
        });
    if spawned.is_err() {
        return vec![Input::Skipped(skipped(
            shown(path),
            "a named pipe (cannot wait for it)",
            true,
        ))];
    }
    let file = match receive.recv_timeout(PIPE_OPEN_WAIT) {
        Ok(Ok(file)) => file,
        Ok(Err(e)) => return vec![Input::Skipped(skipped(shown(path), io_reason(&e), true))],
        Err(_) => {
            return vec![Input::Skipped(skipped(
                shown(path),
                format!(
                    "a named pipe that nothing writes to (waited {} s)",
                    PIPE_OPEN_WAIT.as_secs()
                ),
                true,
            ))]
        }
    };
    read_opened(path, Vec::new(), file, None, options)
}

/// Reads the rest of an opened file (`read` is what was read of it already,
/// `size` its length, when it says) within the limit and loads it, or says
/// why it was skipped.
fn read_opened(
    path: &Path,
    read: Vec<u8>,
    file: impl Read,
    size: Option<u64>,
    options: &LoadOptions,
) -> Vec<Input> {
    match read_rest(read, file, options.max_bytes, size) {
        Ok(Some(bytes)) => load_document(None, Some(path.to_path_buf()), bytes, None, options),
        Ok(None) => vec![Input::Skipped(skipped(
            shown(path),
            too_large(None, options.max_bytes),
            true,
        ))],
        Err(e) => vec![Input::Skipped(skipped(shown(path), io_reason(&e), true))],
    }
}

/// `None` for the extension of a format crosswire reads, else the reason to
/// skip the file.
fn extension_problem(path: &Path) -> Option<String> {
    match path.extension() {
        None => Some("not a source (no extension)".to_string()),
        Some(ext) => match Format::from_path(path) {
            Some(_) => None,
            None => Some(format!("not a source (.{})", ext.to_string_lossy())),
        },
    }
}

fn too_large(size: Option<u64>, max: u64) -> String {
    match size {
        Some(size) => format!("too large ({size} bytes; the limit is {max} bytes)"),
        None => format!("too large (more than {max} bytes)"),
    }
}

/// Reads at most `max + 1` bytes; `Ok(None)` when there was more than `max`.
/// `size` is what the file says it holds, if it says: the buffer is sized
/// for it at once (a file that grew meanwhile is still read to its end).
fn read_limited(reader: impl Read, max: u64, size: Option<u64>) -> io::Result<Option<Vec<u8>>> {
    read_rest(Vec::new(), reader, max, size)
}

/// [`read_limited`], `read` holding what was read from `reader` already.
fn read_rest(
    mut read: Vec<u8>,
    reader: impl Read,
    max: u64,
    size: Option<u64>,
) -> io::Result<Option<Vec<u8>>> {
    // Sized at once up to a bound, so that a file that claims a huge size
    // cannot make one allocation huge; past it the buffer grows as it reads.
    const MAX_PRESIZE: u64 = 1 << 24;
    let expected = size.map_or(0, |n| n.min(max).min(MAX_PRESIZE).saturating_add(1));
    let already = u64::try_from(read.len()).unwrap_or(u64::MAX);
    read.reserve(usize::try_from(expected.saturating_sub(already)).unwrap_or(0));
    reader
        .take(max.saturating_add(1).saturating_sub(already))
        .read_to_end(&mut read)?;
    if u64::try_from(read.len()).map_or(true, |n| n > max) {
        return Ok(None);
    }
    Ok(Some(read))
}

/// How much of a file is read before its size is asked for: most sources
/// are shorter, and are read without that system call (one of the five a
/// source cost: open, size, two reads, close).
const FIRST_BLOCK: u64 = 64 * 1024;

fn load_file(path: &Path, options: &LoadOptions) -> Vec<Input> {
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return vec![Input::Skipped(skipped(shown(path), io_reason(&e), true))],
    };
    // A file that ends within the first block (and the limit) is read whole.
    let first_limit = FIRST_BLOCK.min(options.max_bytes.saturating_add(1));
    let mut first = Vec::with_capacity(usize::try_from(first_limit).unwrap_or(0));
    if let Err(e) = (&file).take(first_limit).read_to_end(&mut first) {
        return vec![Input::Skipped(skipped(shown(path), io_reason(&e), true))];
    }
    if u64::try_from(first.len()).is_ok_and(|n| n < first_limit) {
        return load_document(None, Some(path.to_path_buf()), first, None, options);
    }
    // Refuse big regular files before reading the rest; pipes report no size.
    let mut size = None;
    if let Ok(m) = file.metadata() {
        if m.is_file() && m.len() > options.max_bytes {
            return vec![Input::Skipped(skipped(
                shown(path),
                too_large(Some(m.len()), options.max_bytes),
                true,
            ))];
        }
        size = m.is_file().then_some(m.len());
    }
    read_opened(path, first, &file, size, options)
}

fn load_stdin(options: &LoadOptions) -> Vec<Input> {
    match read_limited(io::stdin().lock(), options.max_bytes, None) {
        Ok(Some(bytes)) => load_document(None, None, bytes, None, options),
        Ok(None) => vec![Input::Skipped(skipped(
            STDIN_PATH,
            too_large(None, options.max_bytes),
            true,
        ))],
        Err(e) => vec![Input::Skipped(skipped(STDIN_PATH, io_reason(&e), true))],
    }
}

/// Whether a text has nothing but white space and invisible characters.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{FEFF}' | '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}'
            )
    })
}

/// Checks raw bytes (size, binary, UTF-8, emptiness) and builds a source from them.
/// `path` is `None` for standard input; `name` is the fallback name (see
/// [`Source::from_text`]). Used for files and standard input, and by callers that
/// get texts from elsewhere (a JSON Lines stream, say). The bytes are read as
/// plain text (Markdown when `path` says so); [`load_document`] reads every format.
pub fn load_bytes(
    name: Option<String>,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    options: &LoadOptions,
) -> Input {
    match checked_text(path.as_deref(), bytes, options) {
        Ok(text) => Input::Loaded(Source::from_text(name, path, text, options)),
        Err(skipped) => Input::Skipped(skipped),
    }
}

/// Loads one file's bytes in its format: `format`, else by `path`'s
/// extension, else sniffed from the text (see [`Format`]). A text, Markdown or
/// HTML file is one input; a ninjs or NewsML-G2 file is one input per item,
/// and a malformed item is skipped as an error located in the file while the
/// other items load.
pub fn load_document(
    name: Option<String>,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    format: Option<Format>,
    options: &LoadOptions,
) -> Vec<Input> {
    let text = match checked_text(path.as_deref(), bytes, options) {
        Ok(text) => text,
        Err(skipped) => return vec![Input::Skipped(skipped)],
    };
    let format = format
        .or_else(|| path.as_deref().and_then(Format::from_path))
        .unwrap_or_else(|| match path {
            // A file named explicitly is read as text whatever its extension.
            Some(_) => Format::Text,
            None => Format::sniff(&text),
        });
    let display = path
        .as_deref()
        .map_or_else(|| STDIN_PATH.to_string(), shown);
    let items: Vec<Result<Extracted, ItemError>> = match format {
        Format::Text | Format::Markdown => {
            return vec![Input::Loaded(Source::from_text(name, path, text, options))]
        }
        Format::Html => {
            let page = html::read(&text);
            vec![Ok(Extracted {
                text: page.text,
                meta: page.meta,
                date: page.date,
                ..Extracted::default()
            })]
        }
        Format::Ninjs => ninjs::read(&text),
        Format::NewsMl => newsml::read(&text),
    };
    let document = Document::new(text);
    items
        .into_par_iter()
        .map(|item| match item {
            Ok(extracted) if is_blank(&extracted.text.text) => {
                Input::Skipped(skipped(&display, "no article text found", false))
            }
            Ok(extracted) => Input::Loaded(Source::from_extracted(
                name.clone(),
                path.clone(),
                document.clone(),
                extracted,
                options,
            )),
            Err(e) => Input::Skipped(Skipped {
                at: Some(document.position(e.offset)),
                ..skipped(&display, e.message, true)
            }),
        })
        .collect()
}

/// The bytes as text, or why they cannot be a source.
fn checked_text(
    path: Option<&Path>,
    bytes: Vec<u8>,
    options: &LoadOptions,
) -> Result<String, Skipped> {
    let display = path.map_or_else(|| STDIN_PATH.to_string(), shown);
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > options.max_bytes {
        return Err(skipped(
            display,
            too_large(Some(size), options.max_bytes),
            true,
        ));
    }
    let text = match decode::decode_located(bytes) {
        Ok(text) => text,
        Err(e) => {
            return Err(Skipped {
                at: Some(e.at),
                ..skipped(display, e.reason, true)
            })
        }
    };
    if is_blank(&text) {
        return Err(skipped(display, "empty", false));
    }
    Ok(text)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A unique scratch folder, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "crosswire-source-{}-{tag}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
            let p = self.0.join(rel);
            if let Some(parent) = p.parent() {
                fs::create_dir_all(parent).unwrap();
            }
            fs::write(&p, bytes).unwrap();
            p
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// Ok(name) of a loaded input, or Err((reason, is_error)) of a skipped one.
    type Outcome = Result<String, (String, bool)>;

    /// (relative path, outcome) per input.
    fn summary(inputs: &[Input], root: &Path) -> Vec<(String, Outcome)> {
        let rel = |p: &str| {
            p.strip_prefix(&root.display().to_string())
                .unwrap_or(p)
                .trim_start_matches('/')
                .to_string()
        };
        inputs
            .iter()
            .map(|i| match i {
                Input::Loaded(s) => (rel(&s.display_path()), Ok(s.name.clone())),
                Input::Skipped(s) => (rel(&s.path), Err((s.reason.clone(), s.is_error))),
            })
            .collect()
    }

    #[test]
    fn walks_folders_in_sorted_order_with_reasons() {
        let t = TempDir::new("walk");
        t.write("b.md", b"# Title\n\nBody **text**.\n");
        t.write("a.txt", b"Alpha text.\n");
        t.write("B.TXT", b"Upper case extension.\n");
        t.write("c.csv", b"a,b");
        t.write("noext", b"x");
        t.write(".hidden.txt", b"hidden");
        t.write(".git/config.txt", b"hidden dir");
        t.write("sub/z.text", b"Zed.\n");
        t.write("sub/empty.txt", " \n\t\u{a0}\n".as_bytes());
        t.write("sub/bin.txt", b"abc\0def");
        t.write("sub/bad.txt", b"ok \xff\xfe");
        t.write("sub/x.markdown", b"---\noutlet: Yonhap\n---\nText.\n");
        let inputs = load_inputs(std::slice::from_ref(&t.0), &LoadOptions::default());
        let got = summary(&inputs, &t.0);
        let ok = |n: &str| Ok(n.to_string());
        let skip = |r: &str, e: bool| Err((r.to_string(), e));
        assert_eq!(
            got,
            vec![
                ("B.TXT".to_string(), ok("B")),
                ("a.txt".to_string(), ok("a")),
                ("b.md".to_string(), ok("b")),
                ("c.csv".to_string(), skip("not a source (.csv)", false)),
                (
                    "noext".to_string(),
                    skip("not a source (no extension)", false)
                ),
                (
                    "sub/bad.txt".to_string(),
                    skip("not valid UTF-8 (byte 3)", true)
                ),
                (
                    "sub/bin.txt".to_string(),
                    skip("binary file (NUL byte at byte 3)", true)
                ),
                ("sub/empty.txt".to_string(), skip("empty", false)),
                ("sub/x.markdown".to_string(), ok("Yonhap")),
                ("sub/z.text".to_string(), ok("z")),
            ]
        );
        // The Markdown file was normalized as Markdown.
        let Input::Loaded(b) = &inputs[2] else {
            panic!("b.md not loaded")
        };
        assert_eq!(b.text, "Title\n\nBody text.\n");
    }

    #[test]
    fn a_file_is_read_whole_on_either_side_of_the_first_block_and_the_limit() {
        let t = TempDir::new("sizes");
        let block = usize::try_from(FIRST_BLOCK).unwrap();
        // Lines of 63 letters and a newline: a file of n bytes is n bytes of text.
        let text = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|i| {
                    if i % 64 == 63 {
                        b'\n'
                    } else {
                        b'a' + (i % 26) as u8
                    }
                })
                .collect()
        };
        let read = |n: usize, max: u64| {
            let path = t.write(&format!("f{n}-{max}.txt"), &text(n));
            let options = LoadOptions {
                max_bytes: max,
                ..LoadOptions::default()
            };
            match load_file(&path, &options).pop().unwrap() {
                Input::Loaded(source) => Ok(source.original.len()),
                Input::Skipped(s) => Err(s.reason),
            }
        };
        let default = LoadOptions::default().max_bytes;
        for n in [block - 1, block, block + 1, 3 * block + 7] {
            assert_eq!(read(n, default), Ok(n), "{n} bytes");
        }
        assert_eq!(read(10, 10), Ok(10));
        assert_eq!(
            read(11, 10),
            Err("too large (11 bytes; the limit is 10 bytes)".to_string())
        );
        let max = FIRST_BLOCK + 5;
        assert_eq!(read(block + 5, max), Ok(block + 5));
        assert_eq!(
            read(block + 6, max),
            Err(format!(
                "too large ({} bytes; the limit is {max} bytes)",
                block + 6
            ))
        );
        assert_eq!(
            read(block, FIRST_BLOCK - 1),
            Err(format!(
                "too large ({block} bytes; the limit is {} bytes)",
                block - 1
            ))
        );
    }

    #[test]
    fn explicit_paths_and_errors() {
        let t = TempDir::new("explicit");
        let json = t.write("data.csv", b"Explicit files load whatever the extension.");
        let hidden = t.write(".hidden", b"Named explicitly.");
        let missing = t.0.join("missing.txt");
        let big = t.write("big.txt", &[b'a'; 100]);
        let options = LoadOptions {
            max_bytes: 50,
            ..LoadOptions::default()
        };
        let inputs = load_inputs(&[json, hidden, missing, big], &options);
        let got = summary(&inputs, &t.0);
        assert_eq!(got[0], ("data.csv".to_string(), Ok("data".to_string())));
        assert_eq!(got[1], (".hidden".to_string(), Ok(".hidden".to_string())));
        assert_eq!(
            got[2],
            (
                "missing.txt".to_string(),
                Err(("no such file or directory".to_string(), true))
            )
        );
        assert_eq!(
            got[3],
            (
                "big.txt".to_string(),
                Err((
                    "too large (100 bytes; the limit is 50 bytes)".to_string(),
                    true
                ))
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_stop() {
        let t = TempDir::new("loop");
        t.write("d/a.txt", b"Text.\n");
        std::os::unix::fs::symlink(&t.0, t.0.join("d/back")).unwrap();
        let inputs = load_inputs(std::slice::from_ref(&t.0), &LoadOptions::default());
        let got = summary(&inputs, &t.0);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], ("d/a.txt".to_string(), Ok("a".to_string())));
        assert!(matches!(&got[1].1, Err((r, false)) if r.contains("loop")));
    }

    #[test]
    fn inputs_mapped_as_the_walk_goes_come_back_in_input_order() {
        let t = TempDir::new("order");
        for i in 0..300 {
            t.write(
                &format!("d{}/f{i:03}.txt", i % 7),
                format!("Text {i}.").as_bytes(),
            );
        }
        let named = t.write("named.txt", b"Named.");
        let paths = vec![named.clone(), t.0.clone(), named];
        let listed: Vec<String> = Plan::new(&paths).map(|job| format!("{job:?}")).collect();
        assert_eq!(listed.len(), 302);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mapped = pool.install(|| map_pending(&paths, |pending| format!("{:?}", pending.0)));
            assert_eq!(mapped, listed, "{threads} threads");
        }
        // The walk's order: the named file, then the folders' files sorted
        // by name (d0/f000, d0/f007, ..., d1/f001, ...), then the named
        // file again, skipped.
        assert!(listed[0].contains("named.txt"));
        assert!(listed[1].contains("f000.txt") && listed[2].contains("f007.txt"));
        assert!(listed[301].contains("the same file as an earlier input"));
    }

    #[test]
    fn stdin_is_read_once() {
        let jobs: Vec<Job> = Plan::new(&[PathBuf::from("-"), PathBuf::from("-")]).collect();
        assert_eq!(jobs.len(), 2);
        assert!(matches!(jobs[0], Job::Stdin));
        assert!(matches!(
            &jobs[1],
            Job::Skip(Skipped { path, reason, is_error: false, .. })
                if path == "<stdin>" && reason == "standard input already read"
        ));
    }

    #[test]
    fn load_bytes_checks() {
        let o = LoadOptions::default();
        let reason = |i: Input| match i {
            Input::Skipped(s) => (s.path, s.reason, s.is_error),
            Input::Loaded(s) => (s.display_path(), format!("loaded {}", s.name), false),
        };
        assert_eq!(
            reason(load_bytes(None, None, b"Hello there.".to_vec(), &o)),
            ("<stdin>".to_string(), "loaded stdin".to_string(), false)
        );
        assert_eq!(
            reason(load_bytes(Some("AP".into()), None, b"Hi.".to_vec(), &o)),
            ("<stdin>".to_string(), "loaded AP".to_string(), false)
        );
        assert_eq!(
            reason(load_bytes(None, None, b"\xef\xbb\xbf \n".to_vec(), &o)),
            ("<stdin>".to_string(), "empty".to_string(), false)
        );
        assert_eq!(
            reason(load_bytes(None, None, Vec::new(), &o)),
            ("<stdin>".to_string(), "empty".to_string(), false)
        );
        // A NUL after the first 8 KiB is not "binary": it becomes a space.
        let mut late_nul = vec![b'a'; decode::SNIFF_BYTES];
        late_nul.extend_from_slice(b"\0b");
        let Input::Loaded(s) = load_bytes(None, None, late_nul, &o) else {
            panic!("late NUL refused")
        };
        assert!(s.text.ends_with("a b"));
        assert!(matches!(
            load_bytes(None, None, "é".as_bytes()[..1].to_vec(), &o),
            Input::Skipped(Skipped { ref reason, is_error: true, .. }) if reason == "not valid UTF-8 (byte 0)"
        ));
    }

    #[test]
    fn read_limited_limits() {
        assert_eq!(
            read_limited(&b"abc"[..], 3, None).unwrap(),
            Some(b"abc".to_vec())
        );
        assert_eq!(read_limited(&b"abcd"[..], 3, None).unwrap(), None);
        assert_eq!(read_limited(&b""[..], 0, None).unwrap(), Some(Vec::new()));
        // A wrong size hint changes nothing but the first allocation.
        assert_eq!(read_limited(&b"abcd"[..], 3, Some(2)).unwrap(), None);
        assert_eq!(
            read_limited(&b"abcd"[..], 9, Some(1)).unwrap(),
            Some(b"abcd".to_vec())
        );
        assert_eq!(
            read_limited(&b"ab"[..], u64::MAX, Some(u64::MAX)).unwrap(),
            Some(b"ab".to_vec())
        );
        assert_eq!(
            read_limited(&b"a"[..], u64::MAX, None).unwrap(),
            Some(b"a".to_vec())
        );
    }
}
