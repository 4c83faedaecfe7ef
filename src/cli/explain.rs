//! `crosswire explain`: show rule authors what each pattern matched and why.

use std::path::PathBuf;

use clap::Args;

use super::args::{parse_date, ColorChoice, Format};
use super::{print, print_diagnostics, rules_paths, Outcome};
use crosswire::explain::{check_filters, explain_paths, text, ExplainOptions};
use crosswire::report::SourceStatus;
use crosswire::{Checker, RuleSet};

/// Arguments of `crosswire explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Rule files or folders of them (default: ./rules).
    #[arg(short, long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Explain only this slot (repeatable).
    #[arg(long, value_name = "ID")]
    pub slot: Vec<String>,

    /// Show only this source, by name (repeatable); comparisons with the
    /// other sources are still shown.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Publication date for sources that carry none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,

    /// When to colour error messages (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Run `crosswire explain`.
pub fn run(args: ExplainArgs) -> std::io::Result<Outcome> {
    let (rules, diagnostics) = RuleSet::load(&rules_paths(args.rules));
    // Warnings (a FIFO skipped in a rules folder) do not stop the run.
    if diagnostics
        .iter()
        .any(|d| d.level == crosswire::Level::Error)
    {
        print_diagnostics(&diagnostics, args.color)?;
        return Ok(Outcome::Problems);
    }
    print_diagnostics(&diagnostics, args.color)?;
    let options = ExplainOptions {
        slots: args.slot,
        sources: args.source,
        default_date: args.date,
    };
    // The same pipeline run as `check`, recorded: explain shows what it did.
    let checker = Checker::new(rules);
    let (explanation, report) = explain_paths(&checker, &args.paths, &options);
    let names: Vec<&str> = report
        .sources
        .iter()
        .filter(|s| s.status == SourceStatus::Checked)
        .map(|s| s.name.as_str())
        .collect();
    let unknown = check_filters(checker.rules(), &names, &options);
    if !unknown.is_empty() {
        print_diagnostics(&unknown, args.color)?;
        return Ok(Outcome::Problems);
    }
    // Inputs that could not be read are reported; the others are explained.
    let errors: Vec<crosswire::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.level == crosswire::Level::Error)
        .cloned()
        .collect();
    let output = match args.format {
        Format::Text => text::render(&explanation),
        Format::Json => super::to_json(&explanation),
    };
    print(&output)?;
    if errors.is_empty() {
        return Ok(Outcome::Clean);
    }
    print_diagnostics(&errors, args.color)?;
    Ok(Outcome::Problems)
}
