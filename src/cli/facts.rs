//! `crosswire facts`: find the figures, dates, times, titled people and
//! quotes of every source, align them across sources and report where they
//! disagree. No rule file needed.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::args::{Format, GateArgs};
use super::{print, print_diagnostics, to_json, use_color, Outcome};
use crosswire::facts::{check_paths, FactOptions};
use crosswire::quotes::AlignOptions;
use crosswire::report::text::{self, TextOptions};

/// Arguments of `crosswire facts`.
#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

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
    let options = FactOptions {
        quotes: AlignOptions {
            min_words: usize::from(args.min_words),
            ..AlignOptions::default()
        },
        jobs: args.gate.jobs.map(usize::from),
    };
    let result = check_paths(&args.paths, &options);
    print_diagnostics(&result.report.diagnostics, args.gate.color)?;
    let output = match args.format {
        Format::Text => text::render(
            &result.report,
            TextOptions {
                color: use_color(args.gate.color, std::io::stdout().is_terminal()),
            },
        ),
        Format::Json => to_json(&result),
    };
    print(&output)?;
    Ok(Outcome::of(
        result.report.has_problems(),
        result.report.fails(args.gate.fail_on.resolve().threshold()),
    ))
}
