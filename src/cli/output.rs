//! Where reports go: `--format` and `--output` for the main report, and any
//! number of `--report FORMAT=PATH` beside it (text on the terminal and SARIF
//! to a file in one run). Shared by `check` and `quotes`.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

use clap::{Args, ValueEnum};

use super::args::ColorChoice;
use super::use_color;
use crosswire::report::printer::{write, Context, Format, Subject};
use crosswire::Severity;

/// Report formats of `check` and `quotes` (docs/output.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people, at a terminal (the default).
    Text,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML: a test suite per story, a test case per slot.
    Junit,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JSON Lines: a line per finding, then a summary line.
    Jsonl,
    /// A Markdown summary, for a pull request or an e-mail.
    Markdown,
    /// One self-contained HTML page with the sources side by side.
    Html,
}

impl ReportFormat {
    /// The library's format.
    pub fn resolve(self) -> Format {
        match self {
            ReportFormat::Text => Format::Text,
            ReportFormat::Json => Format::Json,
            ReportFormat::Sarif => Format::Sarif,
            ReportFormat::Junit => Format::Junit,
            ReportFormat::Github => Format::Github,
            ReportFormat::Jsonl => Format::Jsonl,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Html => Format::Html,
        }
    }
}

/// Where the report goes.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the report in FORMAT to PATH (repeatable), e.g.
    /// `--report sarif=crosswire.sarif --report html=report.html`.
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    pub report: Vec<(ReportFormat, PathBuf)>,
}

fn parse_report(s: &str) -> Result<(ReportFormat, PathBuf), String> {
    let Some((format, path)) = s.split_once('=') else {
        return Err(format!(
            "`{s}` is not FORMAT=PATH (for example sarif=crosswire.sarif)"
        ));
    };
    let format = ReportFormat::from_str(format, false).map_err(|_| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err(format!("`{s}` names no file"));
    }
    Ok((format, PathBuf::from(path)))
}

/// One report to write: a format and a file (`None`: standard output).
#[derive(Debug, Clone)]
pub struct Target {
    pub format: Format,
    pub path: Option<PathBuf>,
}

impl OutputArgs {
    /// Every report to write, checked before the run: at most one goes to
    /// standard output and no file is named twice.
    pub fn targets(&self) -> Result<Vec<Target>, String> {
        let stdout = |p: &Option<PathBuf>| p.as_ref().is_none_or(|p| p.as_os_str() == "-");
        let mut targets = vec![Target {
            format: self.format.resolve(),
            path: self.output.clone().filter(|p| p.as_os_str() != "-"),
        }];
        for (format, path) in &self.report {
            let path = Some(path.clone());
            if stdout(&path) {
                if targets.iter().any(|t| t.path.is_none()) {
                    return Err(
                        "only one report can go to standard output; give --report a file"
                            .to_string(),
                    );
                }
                targets.push(Target {
                    format: format.resolve(),
                    path: None,
                });
                continue;
            }
            if let Some(new) = path.as_deref() {
                if let Some(earlier) = targets
                    .iter()
                    .filter_map(|t| t.path.as_deref())
                    .find(|earlier| same_file(earlier, new))
                {
                    // Spelled alike (Path equality skips `.`): say nothing more.
                    let also = if earlier.as_os_str() == new.as_os_str() {
                        String::new()
                    } else {
                        format!(" (also as {})", earlier.display())
                    };
                    return Err(format!("{} is named by two reports{also}", new.display()));
                }
            }
            targets.push(Target {
                format: format.resolve(),
                path,
            });
        }
        Ok(targets)
    }
}

/// Whether two spellings name one file, so that a second report would
/// overwrite the first: `x`, `./x` and `a/../x` are one path, and so are a
/// symlink or hard link and the file it reaches.
fn same_file(a: &Path, b: &Path) -> bool {
    if resolved(a) == resolved(b) {
        return true;
    }
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => same_identity(&a, &b),
        _ => false,
    }
}

#[cfg(unix)]
fn same_identity(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

// Elsewhere the resolved paths have to do.
#[cfg(not(unix))]
fn same_identity(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// The path a report file will be written at: an existing file (or
/// symlink) as the system resolves it; otherwise its folder resolved, if it
/// exists, and the file name joined; lexically normalized in any case.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let normal = normalize(&absolute);
    match (normal.parent(), normal.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|parent| parent.join(name))
            .unwrap_or(normal.clone()),
        _ => normal,
    }
}

/// `.` dropped and `a/..` folded, without asking the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` above the root stays the root; a leading `..` stays.
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether any target shows the sources' text (the run must keep it).
pub fn needs_text(targets: &[Target]) -> bool {
    targets.iter().any(|t| t.format.needs_text())
}

/// Write every target. Colour only for text on a terminal; `show_missing`
/// shows `missing` findings in full in the text report.
pub fn emit(
    subject: Subject<'_>,
    targets: &[Target],
    fail_on: Option<Severity>,
    color: ColorChoice,
    show_missing: bool,
) -> std::io::Result<()> {
    for target in targets {
        match &target.path {
            None => {
                let context = Context {
                    subject,
                    fail_on,
                    color: use_color(color, std::io::stdout().is_terminal()),
                    show_missing,
                };
                // Buffered: standard output flushes at every line otherwise.
                let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                write(target.format, &context, &mut out)?;
            }
            Some(path) => {
                let context = Context {
                    subject,
                    fail_on,
                    color: false,
                    show_missing,
                };
                let file = File::create(path).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
                })?;
                let mut out = BufWriter::new(file);
                write(target.format, &context, &mut out)
                    .and_then(|()| out.flush())
                    .map_err(|e| {
                        std::io::Error::new(
                            e.kind(),
                            format!("cannot write {}: {e}", path.display()),
                        )
                    })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(output: Option<&Path>, reports: &[(ReportFormat, &Path)]) -> OutputArgs {
        OutputArgs {
            format: ReportFormat::Json,
            output: output.map(Path::to_path_buf),
            report: reports.iter().map(|(f, p)| (*f, p.to_path_buf())).collect(),
        }
    }

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize(Path::new("./x")), PathBuf::from("x"));
        assert_eq!(normalize(Path::new("a/../x")), PathBuf::from("x"));
        assert_eq!(normalize(Path::new("/a/./b/../../x")), PathBuf::from("/x"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
    }

    #[test]
    fn two_spellings_of_one_new_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        let dotted = dir.path().join(".").join("x");
        let around = dir.path().join("a").join("..").join("x");
        for other in [&dotted, &around] {
            let error = args(Some(&x), &[(ReportFormat::Sarif, other)])
                .targets()
                .unwrap_err();
            assert_eq!(
                error,
                format!(
                    "{} is named by two reports (also as {})",
                    other.display(),
                    x.display()
                )
            );
        }
        assert!(!x.exists(), "nothing is written");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_same_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        std::fs::write(&x, "old").unwrap();
        let y = dir.path().join("y");
        std::os::unix::fs::symlink(&x, &y).unwrap();
        let hard = dir.path().join("h");
        std::fs::hard_link(&x, &hard).unwrap();
        for other in [&y, &hard] {
            let error = args(Some(other), &[(ReportFormat::Junit, &x)])
                .targets()
                .unwrap_err();
            assert!(
                error.starts_with(&format!("{} is named", x.display())),
                "{error}"
            );
        }
        // A folder reached through a symlink, the file not there yet.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&sub, &link).unwrap();
        let error = args(
            Some(&sub.join("new")),
            &[(ReportFormat::Sarif, &link.join("new"))],
        )
        .targets()
        .unwrap_err();
        assert!(error.contains("named by two reports"), "{error}");
    }

    #[test]
    fn different_files_pass() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        let y = dir.path().join("y");
        let targets = args(Some(&x), &[(ReportFormat::Sarif, &y)])
            .targets()
            .unwrap();
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[1].path.as_deref(), Some(y.as_path()));
    }
}
