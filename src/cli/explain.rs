//! `crosswire explain`: show rule authors what each pattern matched and why.

use std::path::PathBuf;

use clap::Args;

use super::args::{parse_date, ColorChoice, Format};
use super::{print, print_diagnostics, rules_paths, Outcome};
use crosswire::explain::{check_filters, explain, text, ExplainOptions};
use crosswire::source::{load_inputs, Input, LoadOptions};
use crosswire::RuleSet;

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
    let (rules, mut diagnostics) = RuleSet::load(&rules_paths(args.rules));
    // Warnings (a FIFO skipped in a rules folder) do not stop the run.
    if diagnostics
        .iter()
        .any(|d| d.level == crosswire::Level::Error)
    {
        print_diagnostics(&diagnostics, args.color)?;
        return Ok(Outcome::Problems);
    }
    print_diagnostics(&diagnostics, args.color)?;
    diagnostics.clear();
    let options = LoadOptions {
        extra_boilerplate: rules.boilerplate(),
        ..LoadOptions::default()
    };
    let mut sources = Vec::new();
    for input in load_inputs(&args.paths, &options) {
        match input {
            Input::Loaded(source) => sources.push(source),
            Input::Skipped(s) if s.is_error => diagnostics.push(s.diagnostic()),
            Input::Skipped(_) => {}
        }
    }
    let options = ExplainOptions {
        slots: args.slot,
        sources: args.source,
        default_date: args.date,
    };
    diagnostics.extend(check_filters(&rules, &sources, &options));
    if !diagnostics.is_empty() {
        print_diagnostics(&diagnostics, args.color)?;
        return Ok(Outcome::Problems);
    }
    let explanation = explain(&rules, &sources, &options);
    let output = match args.format {
        Format::Text => text::render(&explanation),
        Format::Json => super::to_json(&explanation),
    };
    print(&output)?;
    Ok(Outcome::Clean)
}
