//! `crosswire facts`: find the figures, dates, times, titled people and
//! quotes of every source, align them across sources and report where they
//! disagree. No rule file needed.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::args::GateArgs;
use super::output::{emit, OutputArgs, Target};
use super::{deliver_leaving, print, print_diagnostics, to_json, Outcome};
use crosswire::facts::{check_paths, FactOptions};
use crosswire::quotes::AlignOptions;
use crosswire::report::printer::Format;
use crosswire::report::Subject;

/// Arguments of `crosswire facts`.
#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format and files.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Quotes with fewer words are not aligned (as in `crosswire quotes`).
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub min_words: u16,

    /// Fail level, colour and threads.
    #[command(flatten)]
    pub gate: GateArgs,
}

/// Run `crosswire facts`.
pub fn run(args: FactsArgs) -> std::io::Result<Outcome> {
    super::size_global_pool(args.gate.jobs);
    let targets = args.output.targets().map_err(std::io::Error::other)?;
    let options = FactOptions {
        quotes: AlignOptions {
            min_words: usize::from(args.min_words),
            ..AlignOptions::default()
        },
        jobs: args.gate.jobs.map(usize::from),
    };
    let result = check_paths(&args.paths, &options);
    let fail_on = args.gate.fail_on.resolve().threshold();
    let outcome = Outcome::of(result.report.has_problems(), result.report.fails(fail_on));
    deliver_leaving(outcome, result, |result| {
        print_diagnostics(&result.report.diagnostics, args.gate.color)?;
        // The JSON document carries the alignments and their scores beside the
        // report; every other format is the shared printer's.
        let (json, others): (Vec<Target>, Vec<Target>) =
            targets.into_iter().partition(|t| t.format == Format::Json);
        for target in &json {
            let document = to_json(&result);
            match &target.path {
                None => print(&document)?,
                Some(path) => std::fs::File::create(path)
                    .and_then(|mut f| f.write_all(document.as_bytes()))
                    .map_err(|e| {
                        std::io::Error::new(
                            e.kind(),
                            format!("cannot write {}: {e}", path.display()),
                        )
                    })?,
            }
        }
        emit(
            Subject::Check(&result.report),
            &others,
            fail_on,
            args.gate.color,
            true,
        )
    })
}
