//! `crosswire check`: the main job.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::args::{parse_date, Format, GateArgs};
use super::{print, print_diagnostics, rules_paths, use_color, Outcome};
use crosswire::report::{json, text};
use crosswire::{Checker, RuleSet};

/// Arguments of `crosswire check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Sources: files, folders (searched recursively for .txt/.md/.html/.json/.xml) or `-` for standard input.
    #[arg(required_unless_present = "stream", value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Rule files or folders of them (default: ./rules).
    #[arg(short, long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Fail level, colour and threads.
    #[command(flatten)]
    pub gate: GateArgs,

    /// Publication date for sources that carry none (YYYY-MM-DD); front matter,
    /// a dateline and the story's `date:` come first.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,

    /// Read items one at a time from standard input (JSON Lines of ninjs items,
    /// or NewsML-G2 documents), check each against the fact table so far, and
    /// write its findings as one JSON line before reading the next.
    #[arg(long, conflicts_with = "paths")]
    pub stream: bool,

    /// Keep the fact tables in FILE between runs of --stream, written
    /// atomically after every item.
    #[arg(long, value_name = "FILE", requires = "stream")]
    pub state: Option<PathBuf>,
}

/// Run `crosswire check`.
pub fn run(args: CheckArgs) -> std::io::Result<Outcome> {
    let (rules, rule_diagnostics) = RuleSet::load(&rules_paths(args.rules));
    let mut checker = Checker::new(rules).rule_diagnostics(rule_diagnostics);
    if let Some(jobs) = args.gate.jobs {
        checker = checker.jobs(usize::from(jobs));
    }
    if let Some(date) = args.date {
        checker = checker.default_date(date);
    }
    if args.stream {
        print_diagnostics(checker.diagnostics(), args.gate.color)?;
        return run_stream(&checker, args.state.as_deref(), &args.gate);
    }
    let report = checker.check_paths(&args.paths);
    print_diagnostics(&report.diagnostics, args.gate.color)?;
    let output = match args.format {
        Format::Text => text::render(
            &report,
            text::TextOptions {
                color: use_color(args.gate.color, std::io::stdout().is_terminal()),
            },
        ),
        Format::Json => json::render(&report),
    };
    print(&output)?;
    Ok(Outcome::of(
        report.has_problems(),
        report.fails(args.gate.fail_on.resolve().threshold()),
    ))
}

/// `crosswire check --stream`: one JSON line per item of standard input.
fn run_stream(
    checker: &Checker,
    state_path: Option<&std::path::Path>,
    gate: &super::args::GateArgs,
) -> std::io::Result<Outcome> {
    use crosswire::stream::{next_item, Gate, State};
    use std::io::Write;

    let mut problems = checker
        .diagnostics()
        .iter()
        .any(|d| d.level == crosswire::Level::Error);
    let state = match state_path.map(State::load).transpose() {
        Ok(state) => state.unwrap_or_default(),
        Err(e) => {
            writeln!(std::io::stderr().lock(), "error: {e}")?;
            return Ok(Outcome::Problems);
        }
    };
    let threshold = gate.fail_on.resolve().threshold();
    let mut gate = Gate::new(checker, state);
    let mut findings = false;
    let max = checker.load_options().max_bytes;
    let mut stdin = std::io::stdin().lock();
    let mut line = 1;
    while let Some((bytes, at)) = next_item(&mut stdin, &mut line, max)? {
        let reports = gate.check(bytes, None, "<stdin>", at);
        if let Some(path) = state_path.filter(|_| gate.take_changed()) {
            if let Err(e) = gate.state().save(path) {
                writeln!(std::io::stderr().lock(), "error: {e}")?;
                return Ok(Outcome::Problems);
            }
        }
        let mut out = std::io::stdout().lock();
        for report in &reports {
            problems |= !report.diagnostics.is_empty();
            findings |= crosswire::report::fails(&report.findings, threshold);
            let line = serde_json::to_string(report)
                .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()));
            writeln!(out, "{line}")?;
        }
        out.flush()?;
    }
    Ok(Outcome::of(problems, findings))
}
