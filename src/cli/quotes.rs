//! `crosswire quotes`: find every quote in every source, align them across
//! sources and report those whose wording drifted. No rule file needed.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::args::{ColorChoice, FailOnArg, Format};
use super::{print, print_diagnostics, use_color, Outcome};
use crosswire::quotes::{check_paths, AlignOptions, QuoteOptions};
use crosswire::report::{json, quotes_text, text::TextOptions};

/// Arguments of `crosswire quotes`.
#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Quotes with fewer words are scare quotes ("frantic") and are not
    /// aligned. The default 2 keeps two-word quotes like "strong regret".
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub min_words: u16,

    /// The lowest finding severity that makes the run fail (exit 1); a
    /// drifted quote is a warning.
    #[arg(long, value_enum, default_value_t = FailOnArg::Warning, value_name = "LEVEL")]
    pub fail_on: FailOnArg,

    /// When to colour the text report (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Number of threads (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Run `crosswire quotes`.
pub fn run(args: QuotesArgs) -> std::io::Result<Outcome> {
    let options = QuoteOptions {
        align: AlignOptions {
            min_words: usize::from(args.min_words),
            ..AlignOptions::default()
        },
        jobs: args.jobs.map(usize::from),
    };
    let report = check_paths(&args.paths, &options);
    print_diagnostics(&report.diagnostics, args.color)?;
    let output = match args.format {
        Format::Text => quotes_text::render(
            &report,
            TextOptions {
                color: use_color(args.color, std::io::stdout().is_terminal()),
            },
        ),
        Format::Json => json::render_quotes(&report),
    };
    print(&output)?;
    Ok(if report.has_problems() {
        Outcome::Problems
    } else if report.fails(args.fail_on.resolve().threshold()) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
