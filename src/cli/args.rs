//! What was typed: clap's view of the command line. The library never sees
//! these types; `cli::run` resolves them into library calls.

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::baseline::BaselineArgs;
use super::check::CheckArgs;
use super::explain::ExplainArgs;
use super::facts::FactsArgs;
use super::quotes::QuotesArgs;
use super::rules::RulesArgs;

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
    /// Find every quote in every source (no rules needed), align them across
    /// sources and report those whose wording drifted, with the speaker.
    ///
    /// Exit status: 0 when no finding reaches --fail-on, 1 when one does,
    /// 2 on usage or input errors.
    Quotes(QuotesArgs),
    /// Show what each pattern matched and why: sentences tried, matches,
    /// values and how they were derived, nearest partial matches, comparisons.
    ///
    /// Exit status: 0, or 2 on rule, input or usage errors.
    Explain(ExplainArgs),
    /// Rule authoring: lint, test, schema, new.
    Rules(RulesArgs),
    /// Baselines: accept today's findings so a gate fails only on new ones.
    Baseline(BaselineArgs),
    /// Find the figures, dates, times, titled people and quotes of every
    /// source (no rules needed), align them across sources and report where
    /// they disagree.
    ///
    /// Exit status: 0 when no finding reaches --fail-on, 1 when one does,
    /// 2 on usage or input errors.
    Facts(FactsArgs),
}

/// Parse `--date`.
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// What a gate needs on every report command: the fail level, colour and
/// threads (shared by `check` and `quotes`).
#[derive(Debug, Args)]
pub struct GateArgs {
    /// The lowest finding severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOnArg::Warning, value_name = "LEVEL")]
    pub fail_on: FailOnArg,

    /// When to colour the text report (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Number of threads, 1 to 256 (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, at a terminal (the default).
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
