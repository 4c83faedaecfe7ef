//! `crosswire rules lint | test | schema | new`: rule authoring.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use crosswire::report::plural;
use serde::Serialize;

use super::args::{ColorChoice, Format};
use super::{deliver, print, print_diagnostics, rules_paths, to_json, use_color, Outcome};
use crosswire::rules::lint::lint_paths;
use crosswire::rules::schema::rule_schema;
use crosswire::ruletest::{run_tests, TestRun};
use crosswire::scaffold::{draft, relative_path, valid_story_id, DraftSource};
use crosswire::source::{load_inputs, Input, LoadOptions};
use crosswire::{Diagnostic, ErrorKind, Level};

/// Arguments of `crosswire rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RulesCommand,
}

/// The authoring commands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Parse and validate rule files without running them; warn about likely mistakes.
    ///
    /// Exit status: 2 when a file has errors, 0 otherwise (warnings included).
    Lint(LintArgs),
    /// Run the rule tests (`<story>.test.yaml` beside each rule file).
    ///
    /// Exit status: 0 when every expectation holds, 1 when one fails (or,
    /// with --coverage, a slot is pinned by no test), 2 on errors.
    Test(TestArgs),
    /// Print the JSON Schema of the rule format (docs/rules.schema.json).
    Schema,
    /// Scaffold a commented rule file and test file for a new story; with
    /// sources, propose slots from the facts they share.
    New(NewArgs),
}

/// Arguments of `crosswire rules lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Rule files or folders of them (default: ./rules).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format (json: one document for editors).
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// When to colour (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Arguments of `crosswire rules test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test files, rule files or folders (default: ./rules).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Fail when a slot of the rule files is pinned by no test case.
    #[arg(long)]
    pub coverage: bool,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// When to colour error messages (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Arguments of `crosswire rules new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The story id (letters, digits, `-`, `_`, `.`): the files are STORY.yaml and STORY.test.yaml.
    #[arg(value_name = "STORY")]
    pub story: String,

    /// Source texts to propose slots from (two or more).
    #[arg(value_name = "SOURCES")]
    pub sources: Vec<PathBuf>,

    /// The folder to write into.
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub dir: PathBuf,

    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,

    /// The `$schema` path written in the rule file's first line.
    #[arg(long, value_name = "PATH", default_value = "../docs/rules.schema.json")]
    pub schema: String,
}

/// Run `crosswire rules ...`.
pub fn run(args: RulesArgs) -> std::io::Result<Outcome> {
    match args.command {
        RulesCommand::Lint(a) => lint(a),
        RulesCommand::Test(a) => test(a),
        RulesCommand::Schema => {
            print(&rule_schema())?;
            Ok(Outcome::Clean)
        }
        RulesCommand::New(a) => new(a),
    }
}

/// One diagnostic for editors: the JSON form of a `Diagnostic` plus where the
/// marked span ends.
#[derive(Serialize)]
struct LintEntry<'a> {
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
struct LintJson<'a> {
    files: &'a [String],
    diagnostics: Vec<LintEntry<'a>>,
    errors: usize,
    warnings: usize,
}

fn lint(args: LintArgs) -> std::io::Result<Outcome> {
    let lint = lint_paths(&rules_paths(args.paths));
    let outcome = if lint.errors() > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    };
    deliver(outcome, || match args.format {
        Format::Json => {
            let doc = LintJson {
                files: &lint.files,
                diagnostics: lint
                    .diagnostics
                    .iter()
                    .map(|d| LintEntry {
                        diagnostic: d,
                        end_column: d.column.map(|c| c + d.width),
                    })
                    .collect(),
                errors: lint.errors(),
                warnings: lint.warnings(),
            };
            print(&to_json(&doc))
        }
        Format::Text => {
            let color = use_color(args.color, std::io::stdout().is_terminal());
            let mut out = String::new();
            for d in &lint.diagnostics {
                out.push_str(&d.render(color));
                out.push('\n');
            }
            out.push_str(&format!(
                "{} linted: {}, {}\n",
                plural(lint.files.len(), "rule file", "rule files"),
                plural(lint.errors(), "error", "errors"),
                plural(lint.warnings(), "warning", "warnings"),
            ));
            print(&out)
        }
    })
}

fn test(args: TestArgs) -> std::io::Result<Outcome> {
    let run = run_tests(&rules_paths(args.paths));
    let coverage_fails = args.coverage && !run.uncovered.is_empty();
    let outcome = Outcome::of(run.has_errors(), run.failed() > 0 || coverage_fails);
    deliver(outcome, || {
        print_diagnostics(&run.diagnostics, args.color)?;
        match args.format {
            Format::Json => print(&to_json(&run)),
            Format::Text => print(&render_tests(&run, args.coverage)),
        }
    })
}

fn render_tests(run: &TestRun, coverage: bool) -> String {
    let mut out = String::new();
    for file in &run.files {
        out.push_str(&format!("{} (rules: {})\n", file.path, file.rules));
        for case in &file.cases {
            if case.failures.is_empty() {
                out.push_str(&format!(
                    "  ok    {}: {}\n",
                    case.name,
                    plural(case.checked, "expectation", "expectations")
                ));
                continue;
            }
            out.push_str(&format!(
                "  FAIL  {}: {} of {} failed\n",
                case.name,
                case.failures.len(),
                plural(case.checked, "expectation", "expectations")
            ));
            for f in &case.failures {
                out.push_str(&format!("    {}  {}\n", f.location, f.what));
                out.push_str(&format!("      expected: {}\n", f.expected));
                out.push_str(&format!("      actual:   {}\n", f.actual));
            }
        }
    }
    // Coverage means little when a test file did not run.
    if run.slots > 0 && !run.has_errors() {
        let pinned = run.slots - run.uncovered.len();
        out.push_str(&format!(
            "coverage: {pinned} of {} pinned by a test",
            plural(run.slots, "slot", "slots")
        ));
        if run.uncovered.is_empty() {
            out.push('\n');
        } else {
            out.push_str(if coverage {
                "; not pinned (fails --coverage):\n"
            } else {
                "; not pinned:\n"
            });
            for u in &run.uncovered {
                out.push_str(&format!("  {}  {}\n", u.location, u.slot));
            }
        }
    }
    let cases = run.cases().count();
    out.push_str(&format!(
        "{}, {}, {}: {} passed, {} failed\n",
        plural(run.files.len(), "test file", "test files"),
        plural(cases, "case", "cases"),
        plural(run.checked(), "expectation", "expectations"),
        run.checked() - run.failed(),
        run.failed()
    ));
    // Test and rule file names and the values quoted come from input.
    crosswire::sanitize::terminal_lines(&out)
}

fn new(args: NewArgs) -> std::io::Result<Outcome> {
    let problem = |message: String, help: &str| {
        Diagnostic::error(ErrorKind::Input, message).with_help(help.to_string())
    };
    if !valid_story_id(&args.story) {
        print_diagnostics(
            &[problem(
                format!("invalid story id `{}`", args.story),
                "ids use letters, digits, `-`, `_` and `.`, e.g. `korea-cmc-2023-04`",
            )],
            ColorChoice::Auto,
        )?;
        return Ok(Outcome::Problems);
    }
    let rules_file = args.dir.join(format!("{}.yaml", args.story));
    let test_file = args.dir.join(format!("{}.test.yaml", args.story));
    let mut diagnostics = Vec::new();
    if !args.force {
        for f in [&rules_file, &test_file] {
            if f.exists() {
                diagnostics.push(problem(
                    format!("{} already exists", f.display()),
                    "pick another story id, or pass --force to overwrite",
                ));
            }
        }
    }
    let mut sources = Vec::new();
    // A source that cannot be read is reported; the draft is made from the
    // others (and the run still ends with exit 2).
    let mut unread = Vec::new();
    for input in load_inputs(&args.sources, &LoadOptions::default()) {
        match input {
            Input::Loaded(s) => sources.push(s),
            Input::Skipped(s) => unread.push(s.diagnostic()),
        }
    }
    if sources.is_empty() && !args.sources.is_empty() {
        diagnostics.push(problem(
            "no source could be read".into(),
            "give readable sources, or none for a template",
        ));
    }
    if sources.len() == 1 {
        diagnostics.push(problem(
            "one source: slots are proposed from facts that appear in more than one".into(),
            "give two or more sources, or none for a template",
        ));
    }
    if diagnostics.iter().any(|d| d.level == Level::Error) {
        unread.append(&mut diagnostics);
        print_diagnostics(&unread, ColorChoice::Auto)?;
        return Ok(Outcome::Problems);
    }
    print_diagnostics(&unread, ColorChoice::Auto)?;
    let given: Vec<DraftSource> = sources
        .iter()
        .map(|s| DraftSource {
            source: s,
            test_path: s
                .path
                .as_deref()
                .map_or_else(|| "-".to_string(), |p| relative_path(&args.dir, p)),
        })
        .collect();
    let draft = draft(&args.story, &given, &args.schema);
    std::fs::create_dir_all(&args.dir)?;
    std::fs::write(&rules_file, &draft.rules)?;
    std::fs::write(&test_file, &draft.test)?;
    let proposed = if sources.is_empty() {
        "a template with one example slot".to_string()
    } else {
        format!(
            "{} proposed from {}",
            plural(draft.proposed, "slot", "slots"),
            plural(sources.len(), "source", "sources")
        )
    };
    print(&format!(
        "wrote {} ({proposed})\nwrote {}\nnext: edit the slots, then `crosswire rules lint {}` and `crosswire rules test {}`\n",
        rules_file.display(),
        test_file.display(),
        args.dir.display(),
        args.dir.display()
    ))?;
    Ok(if unread.iter().any(|d| d.level == Level::Error) {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
