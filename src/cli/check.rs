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
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
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

    /// Also show these findings as full entries in the text report
    /// (`missing` facts are otherwise counted in one line and shown in the
    /// fact table; `--fail-on info` shows them too).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub show: Vec<Show>,
}

/// What `--show` brings back into the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    /// `missing` findings: facts some sources do not give.
    Missing,
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
    let report = checker.check_paths(&args.paths);
    print_diagnostics(&report.diagnostics, args.gate.color)?;
    let fail_level = args.gate.fail_on.resolve().threshold();
    let output = match args.format {
        Format::Text => text::render(
            &report,
            text::TextOptions {
                color: use_color(args.gate.color, std::io::stdout().is_terminal()),
                show_missing: args.show.contains(&Show::Missing)
                    || fail_level == Some(crosswire::Severity::Info),
            },
        ),
        Format::Json => json::render(&report),
    };
    print(&output)?;
    Ok(Outcome::of(report.has_problems(), report.fails(fail_level)))
}
