//! `crosswire check`: the main job.

use std::path::PathBuf;

use clap::Args;

use super::args::{parse_date, GateArgs};
use super::output::{emit, needs_text, OutputArgs};
use super::{print_diagnostics, rules_paths, Outcome};
use crosswire::report::Subject;
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

    /// Output format and files.
    #[command(flatten)]
    pub output: OutputArgs,

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

    /// Suppress the findings listed in this baseline file (made by
    /// `crosswire baseline create`); stale and expired entries are reported.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// What `--show` brings back into the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    /// `missing` findings: facts some sources do not give.
    Missing,
}

/// Run `crosswire check`.
pub fn run(args: CheckArgs) -> std::io::Result<Outcome> {
    let targets = args.output.targets().map_err(std::io::Error::other)?;
    let (rules, rule_diagnostics) = RuleSet::load(&rules_paths(args.rules));
    let mut checker = Checker::new(rules)
        .rule_diagnostics(rule_diagnostics)
        .keep_text(needs_text(&targets));
    if let Some(jobs) = args.gate.jobs {
        checker = checker.jobs(usize::from(jobs));
    }
    if let Some(date) = args.date {
        checker = checker.default_date(date);
    }
    let mut report = checker.check_paths(&args.paths);
    if let Some(path) = &args.baseline {
        match crosswire::baseline::load(path) {
            Ok((baseline, text)) => {
                crosswire::baseline::apply(
                    &mut report,
                    &baseline,
                    &text,
                    &path.display().to_string(),
                    today(),
                );
            }
            Err(diagnostic) => {
                report.diagnostics.push(*diagnostic);
                let (stories, slots) = (report.summary.stories, report.summary.slots);
                report.summarize(stories, slots);
            }
        }
    }
    print_diagnostics(&report.diagnostics, args.gate.color)?;
    let fail_on = args.gate.fail_on.resolve().threshold();
    emit(
        Subject::Check(&report),
        &targets,
        fail_on,
        args.gate.color,
        args.show.contains(&Show::Missing),
    )?;
    Ok(Outcome::of(report.has_problems(), report.fails(fail_on)))
}

/// Today's date (UTC), for baseline expiry.
pub(crate) fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}
