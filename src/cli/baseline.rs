//! `crosswire baseline create`: record today's findings so that
//! `check --baseline` fails only on new ones (docs/ci.md).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::{parse_date, ColorChoice};
use super::{print, print_diagnostics, rules_paths, Outcome};
use crosswire::baseline::{self, DEFAULT_FILE};
use crosswire::report::plural;
use crosswire::{Checker, RuleSet};

/// Arguments of `crosswire baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: BaselineCommand,
}

/// The baseline commands.
#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Check the sources and write every finding to a baseline file, with a
    /// `reason:` to fill in. Entries of the file being replaced that still
    /// match keep their reason and expiry.
    ///
    /// Exit status: 0 when the file was written, 2 on rule or input errors
    /// (nothing is written).
    Create(CreateArgs),
    /// Print the JSON Schema of the baseline file (docs/baseline.schema.json).
    Schema,
}

/// Arguments of `crosswire baseline create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Sources: files, folders (searched recursively for .txt/.md) or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Rule files or folders of them (default: ./rules).
    #[arg(short, long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// The baseline file to write.
    #[arg(short, long, value_name = "FILE", default_value = DEFAULT_FILE)]
    pub output: PathBuf,

    /// Publication date for sources that carry none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,

    /// When to colour diagnostics (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Run `crosswire baseline`.
pub fn run(args: BaselineArgs) -> std::io::Result<Outcome> {
    match args.command {
        BaselineCommand::Create(args) => create(args),
        BaselineCommand::Schema => {
            print(&baseline::baseline_schema())?;
            Ok(Outcome::Clean)
        }
    }
}

fn create(args: CreateArgs) -> std::io::Result<Outcome> {
    let (rules, rule_diagnostics) = RuleSet::load(&rules_paths(args.rules));
    let mut checker = Checker::new(rules).rule_diagnostics(rule_diagnostics);
    if let Some(date) = args.date {
        checker = checker.default_date(date);
    }
    let report = checker.check_paths(&args.paths);
    print_diagnostics(&report.diagnostics, args.color)?;
    if report.has_problems() {
        eprintln_note("baseline not written: fix the errors above first")?;
        return Ok(Outcome::Problems);
    }
    // Keep what people wrote in the file being replaced.
    let previous = baseline::load(&args.output).ok().map(|(file, _)| file);
    let file = baseline::create(&report, previous.as_ref());
    std::fs::write(&args.output, baseline::to_yaml(&file)).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", args.output.display()),
        )
    })?;
    eprintln_note(&format!(
        "wrote {} to {}; fill in each `reason:`",
        plural(file.entries.len(), "entry", "entries"),
        args.output.display()
    ))?;
    Ok(Outcome::Clean)
}

fn eprintln_note(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(std::io::stderr(), "{text}")
}
