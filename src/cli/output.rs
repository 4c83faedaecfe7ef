//! Where reports go: `--format` and `--output` for the main report, and any
//! number of `--report FORMAT=PATH` beside it (text on the terminal and SARIF
//! to a file in one run). Shared by `check` and `quotes`.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

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
            if targets.iter().any(|t| t.path == path) {
                return Err(format!(
                    "{} is named by two reports",
                    path.as_deref()
                        .unwrap_or_else(|| std::path::Path::new("-"))
                        .display()
                ));
            }
            targets.push(Target {
                format: format.resolve(),
                path,
            });
        }
        Ok(targets)
    }
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
