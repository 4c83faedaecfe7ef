//! `crosswire quotes`: find every quote in every source, align them across
//! sources and report those whose wording drifted. No rule file needed.

use std::path::PathBuf;

use clap::Args;

use super::args::GateArgs;
use super::output::{emit, OutputArgs};
use super::progress::Progress;
use super::{deliver_leaving, print_diagnostics, Outcome};
use crosswire::quotes::{check_paths, AlignOptions, QuoteOptions};
use crosswire::report::Subject;

/// Arguments of `crosswire quotes`.
#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format and files.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Quotes with fewer words are scare quotes ("frantic") and are not
    /// aligned. The default 2 keeps two-word quotes like "strong regret".
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub min_words: u16,

    /// Fail level, colour and threads.
    #[command(flatten)]
    pub gate: GateArgs,
}

/// Run `crosswire quotes`.
pub fn run(args: QuotesArgs) -> std::io::Result<Outcome> {
    super::size_global_pool(args.gate.jobs);
    let targets = args.output.targets().map_err(std::io::Error::other)?;
    let options = QuoteOptions {
        align: AlignOptions {
            min_words: usize::from(args.min_words),
            ..AlignOptions::default()
        },
        jobs: args.gate.jobs.map(usize::from),
    };
    let progress = Progress::start(format!(
        "finding quotes in {}",
        crosswire::report::plural(args.paths.len(), "path", "paths")
    ));
    let report = check_paths(&args.paths, &options);
    progress.finish();
    let fail_on = args.gate.fail_on.resolve().threshold();
    let outcome = Outcome::of(report.has_problems(), report.fails(fail_on));
    deliver_leaving(outcome, report, |report| {
        print_diagnostics(&report.diagnostics, args.gate.color)?;
        emit(
            Subject::Quotes(report),
            &targets,
            fail_on,
            args.gate.color,
            true,
        )
    })
}
