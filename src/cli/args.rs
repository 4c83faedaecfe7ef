//! What was typed: clap's view of the command line. The library never sees
//! these types; `cli::run` resolves them into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check that several sources of the same story agree on its facts.
#[derive(Debug, Parser)]
#[command(name = "crosswire", version, about, long_about = None)]
#[command(
    after_help = "Docs: README.md, docs/rules.md (rule language), docs/output.md (JSON report)."
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// crosswire's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill every slot from every source and report where the sources disagree.
    ///
    /// Exit status: 0 when no finding reaches --fail-on, 1 when one does,
    /// 2 on usage, rule or input errors.
    Check(CheckArgs),
}

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

    /// The lowest finding severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOnArg::Warning, value_name = "LEVEL")]
    pub fail_on: FailOnArg,

    /// When to colour the text report (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Number of threads (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Publication date for sources that carry none (YYYY-MM-DD); front matter,
    /// a dateline and the story's `date:` come first.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: findings with sentences and diffs, then the fact table.
    Text,
    /// One JSON document (docs/output.md).
    Json,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

/// `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
