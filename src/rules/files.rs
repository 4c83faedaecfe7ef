//! Finding and reading rule files: the paths a command names, folders walked
//! for `*.yaml` and `*.yml` (rule tests left out), and each file read as UTF-8
//! within a size limit, never blocking on a FIFO or a device.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, ErrorKind};
use crate::walk::{file_type_name, Entry, Walker};

/// Rule files are small; anything larger is a mistake (or hostile).
const MAX_RULE_FILE_BYTES: u64 = 4 << 20;

/// The rule files a list of paths names: files as given, folders searched
/// recursively for `*.yaml`/`*.yml` (sorted, through the one walker,
/// [`crate::walk`]), leaving out rule tests (`*.test.yaml`). Paths that do not
/// exist are reported; a file reached twice (named twice, or named and inside a
/// folder named, or through symbolic links) is listed once.
pub fn rule_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut walker = Walker::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                for entry in walker.walk(path) {
                    folder_entry(entry, &mut files, &mut errors);
                }
            }
            Ok(m) => {
                if walker.first_visit(path, &m) {
                    files.push(path.clone());
                }
            }
            Err(_) => errors.push(
                Diagnostic::error(ErrorKind::Input, "no such rule file or folder")
                    .in_file(path.display().to_string()),
            ),
        }
    }
    (files, errors)
}

/// Adds one thing found in a rules folder: a rule file, or a diagnostic for a
/// rule file that is not a regular file and for a folder not walked.
fn folder_entry(entry: Entry, files: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let named = |p: &Path| is_rule_file(p.file_name().and_then(|n| n.to_str()).unwrap_or(""));
    match entry {
        Entry::File(path) if named(&path) => files.push(path),
        Entry::File(_) => {}
        // A FIFO or device in a folder is not a rule file; reading it could
        // block for ever.
        Entry::Special(path, what) if named(&path) => errors.push(
            Diagnostic::warning(
                ErrorKind::Input,
                format!("skipped: not a regular file ({what})"),
            )
            .in_file(path.display().to_string()),
        ),
        Entry::Special(..) => {}
        Entry::Problem(p) => {
            let message = format!("skipped: {}", p.reason);
            let d = if p.is_error {
                Diagnostic::error(ErrorKind::Input, message)
            } else {
                Diagnostic::warning(ErrorKind::Input, message)
            };
            errors.push(d.in_file(p.path.display().to_string()));
        }
    }
}

fn is_rule_file(name: &str) -> bool {
    (name.ends_with(".yaml") || name.ends_with(".yml"))
        && !name.ends_with(".test.yaml")
        && !name.ends_with(".test.yml")
}

pub(crate) fn read_rule_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read rule file: {e}"))?;
    // Opening a FIFO blocks until someone writes to it, and a device may never
    // end: only regular files are read.
    if !metadata.is_file() {
        return Err(format!(
            "not a regular file ({})",
            file_type_name(&metadata)
        ));
    }
    // The reported size is not trusted: a file can grow while being read.
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read rule file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_RULE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read rule file: {e}"))?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(format!(
            "rule file too large (more than {MAX_RULE_FILE_BYTES} bytes, the limit)"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "rule file is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}
