//! The command line: parse arguments, resolve them into a plan, run the
//! library, print, and map the outcome to an exit code (0 clean, 1 findings at
//! or above `--fail-on`, 2 usage, rule or input errors).

mod args;
mod baseline;
mod check;
mod explain;
mod facts;
mod output;
mod progress;
mod quotes;
mod rules;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, ColorChoice, Command, FailOnArg};
use crosswire::{Diagnostic, FailOn};

/// How a run ended.
pub(crate) enum Outcome {
    Clean,
    Findings,
    Problems,
}

impl Outcome {
    /// Problems (exit 2) outrank findings (exit 1).
    pub(crate) fn of(problems: bool, findings: bool) -> Outcome {
        if problems {
            Outcome::Problems
        } else if findings {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }

    fn code(&self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Problems => ExitCode::from(2),
        }
    }
}

/// `--jobs N` holds for the whole run, writing the report included (the
/// JSON writer serializes on the global pool): the global pool is sized once,
/// before anything uses it.
fn size_global_pool(jobs: Option<u16>) {
    if let Some(jobs) = jobs {
        // Fails only when the pool already exists, which then keeps its size.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
}

/// Parse the command line and run it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Baseline(args) => baseline::run(args),
        Command::Facts(args) => facts::run(args),
    };
    match outcome {
        Ok(outcome) => outcome.code(),
        // A closed pipe while writing output that has no status of its own
        // (`rules schema | head`) is not an error; runs that earn a status
        // write through `deliver`, which keeps it.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Write a run's output once its exit status is decided. A closed pipe
/// (`crosswire check ... | head`) stops the writing quietly and keeps the
/// status the run earned, so a failing gate never turns green.
pub(crate) fn deliver(
    outcome: Outcome,
    write: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<Outcome> {
    match write() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(outcome),
    }
}

/// [`deliver`] what `write` makes of `kept` (a command's report and what
/// made it), then leave `kept` to the process's end, which frees it at
/// once: freed value by value, a report of ten thousand sources took 10 to
/// 20 ms of one thread in a profile, after the output was written.
pub(crate) fn deliver_leaving<K>(
    outcome: Outcome,
    kept: K,
    write: impl FnOnce(&K) -> std::io::Result<()>,
) -> std::io::Result<Outcome> {
    let delivered = deliver(outcome, || write(&kept));
    std::mem::forget(kept);
    delivered
}

pub(crate) fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

pub(crate) fn print_diagnostics(
    diagnostics: &[Diagnostic],
    color: ColorChoice,
) -> std::io::Result<()> {
    let color = use_color(color, std::io::stderr().is_terminal());
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        writeln!(err, "{}", d.render(color))?;
    }
    Ok(())
}

/// The rule paths to load: as given, or `./rules`.
pub(crate) fn rules_paths(given: Vec<PathBuf>) -> Vec<PathBuf> {
    if given.is_empty() {
        vec![PathBuf::from("rules")]
    } else {
        given
    }
}

impl FailOnArg {
    /// The library's fail level.
    pub(crate) fn resolve(self) -> FailOn {
        match self {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

/// Pretty JSON ending with a newline, for `--format json`.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing plain data cannot fail; say so rather than panic if it does.
        Err(e) => format!("{}\n", serde_json::json!({ "error": e.to_string() })),
    }
}

/// Write a rendered report to standard output.
pub(crate) fn print(output: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(output.as_bytes())?;
    out.flush()
}
