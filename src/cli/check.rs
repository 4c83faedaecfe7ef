//! `crosswire check`: the main job.

use std::path::PathBuf;

use clap::Args;

use super::args::{parse_date, GateArgs};
use super::output::{emit, needs_text, OutputArgs};
use super::progress::Progress;
use super::{deliver_leaving, print_diagnostics, rules_paths, Outcome};
use crosswire::report::Subject;
use crosswire::{Checker, RuleSet};

/// Arguments of `crosswire check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Sources: files, folders (searched recursively for .txt/.md/.html/.json/.xml) or `-` for standard input.
    #[arg(required_unless_present = "stream", value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Rule files or folders of them (default: ./rules).
    #[arg(short, long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Output format and files.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Fail level, colour and threads.
    #[command(flatten)]
    pub gate: GateArgs,

    /// Publication date for sources that carry none (YYYY-MM-DD); front matter,
    /// a dateline and the story's `date:` come first.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,

    /// Also show these findings as full entries in the text report
    /// (`missing` facts are otherwise counted in one line and shown in the
    /// fact table; `--fail-on info` shows them too).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub show: Vec<Show>,

    /// Suppress the findings listed in this baseline file (made by
    /// `crosswire baseline create`); stale and expired entries are reported.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Read items one at a time from standard input (JSON Lines of ninjs items,
    /// or NewsML-G2 documents), check each against the fact table so far, and
    /// write its findings as one JSON line before reading the next.
    #[arg(long, conflicts_with = "paths")]
    pub stream: bool,

    /// Keep the fact tables in FILE between runs of --stream, written
    /// atomically after every item.
    #[arg(long, value_name = "FILE", requires = "stream")]
    pub state: Option<PathBuf>,
}

/// What `--show` brings back into the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    /// `missing` findings: facts some sources do not give.
    Missing,
}

/// Run `crosswire check`.
pub fn run(args: CheckArgs) -> std::io::Result<Outcome> {
    super::size_global_pool(args.gate.jobs);
    let targets = args.output.targets().map_err(std::io::Error::other)?;
    let (rules, rule_diagnostics) = RuleSet::load(&rules_paths(args.rules));
    let mut checker = Checker::new(rules)
        .rule_diagnostics(rule_diagnostics)
        .keep_text(needs_text(&targets));
    if let Some(jobs) = args.gate.jobs {
        checker = checker.jobs(usize::from(jobs));
    }
    if let Some(date) = args.date {
        checker = checker.default_date(date);
    }
    if args.stream {
        print_diagnostics(checker.diagnostics(), args.gate.color)?;
        return run_stream(&checker, args.state.as_deref(), &args.gate);
    }
    let progress = Progress::start(format!(
        "checking {}",
        crosswire::report::plural(args.paths.len(), "path", "paths")
    ));
    let mut report = checker.check_paths(&args.paths);
    progress.finish();
    if report.summary.checked == 0 {
        // A gate that checked nothing must not pass.
        let skipped = report.summary.skipped;
        let mut error =
            crosswire::Diagnostic::error(crosswire::ErrorKind::Input, "no source was checked");
        if skipped > 0 {
            error = error.with_help(format!(
                "{} skipped; see the report for why",
                crosswire::report::plural(skipped, "input was", "inputs were")
            ));
        }
        report.diagnostics.push(error);
        let (stories, slots) = (report.summary.stories, report.summary.slots);
        report.summarize(stories, slots);
    }
    if let Some(path) = &args.baseline {
        match crosswire::baseline::load(path) {
            Ok((baseline, text)) => {
                crosswire::baseline::apply(
                    &mut report,
                    &baseline,
                    &text,
                    &path.display().to_string(),
                    today(),
                );
            }
            Err(diagnostic) => {
                report.diagnostics.push(*diagnostic);
                let (stories, slots) = (report.summary.stories, report.summary.slots);
                report.summarize(stories, slots);
            }
        }
    }
    let fail_on = args.gate.fail_on.resolve().threshold();
    let show_missing =
        args.show.contains(&Show::Missing) || fail_on == Some(crosswire::Severity::Info);
    let outcome = Outcome::of(report.has_problems(), report.fails(fail_on));
    deliver_leaving(outcome, (report, checker), |(report, _)| {
        print_diagnostics(&report.diagnostics, args.gate.color)?;
        emit(
            Subject::Check(report),
            &targets,
            fail_on,
            args.gate.color,
            show_missing,
        )
    })
}

/// Today's date (UTC), for baseline expiry.
pub(crate) fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// Longest a batch of stream items waits for its answers (and the state
/// file for its rewrite) while more items keep arriving.
const STREAM_BATCH_TIME: std::time::Duration = std::time::Duration::from_millis(250);

/// Standard input's items, read on a thread of their own so that the items
/// already waiting can be checked as one batch. The channel is bounded: a
/// fast producer waits rather than filling memory. The last message is
/// `Ok(None)` (end of input) or the read error.
type StreamItem = std::io::Result<Option<(Vec<u8>, usize)>>;

fn read_items(max: u64) -> std::sync::mpsc::Receiver<StreamItem> {
    let (sender, receiver) = std::sync::mpsc::sync_channel(64);
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut line = 1;
        loop {
            let next = crosswire::stream::next_item(&mut stdin, &mut line, max);
            let last = !matches!(next, Ok(Some(_)));
            if sender.send(next).is_err() || last {
                break;
            }
        }
    });
    receiver
}

/// `crosswire check --stream`: one JSON line per item of standard input.
fn run_stream(
    checker: &Checker,
    state_path: Option<&std::path::Path>,
    gate: &super::args::GateArgs,
) -> std::io::Result<Outcome> {
    use crosswire::stream::{Gate, State};
    use std::io::Write;

    let mut problems = checker
        .diagnostics()
        .iter()
        .any(|d| d.level == crosswire::Level::Error);
    let state = match state_path.map(State::load).transpose() {
        Ok(state) => state.unwrap_or_default(),
        Err(e) => {
            writeln!(std::io::stderr().lock(), "error: {e}")?;
            return Ok(Outcome::Problems);
        }
    };
    let threshold = gate.fail_on.resolve().threshold();
    let mut gate = Gate::new(checker, state);
    let mut findings = false;
    let items = read_items(checker.load_options().max_bytes);
    let mut ended = false;
    while !ended {
        // A batch: the next item (waiting for it), then those already read,
        // for at most STREAM_BATCH_TIME. The state is saved once per batch,
        // before any of its answers is written, so a run killed at any moment
        // leaves the state of the last item answered; rewriting it after
        // every item made a burst of items quadratic in its length.
        let Ok(mut next) = items.recv() else { break };
        let started = std::time::Instant::now();
        let mut lines = String::new();
        let mut failed = None;
        loop {
            match next {
                Ok(Some((bytes, at))) => {
                    for report in &gate.check(bytes, None, "<stdin>", at) {
                        problems |= !report.diagnostics.is_empty();
                        findings |= crosswire::report::fails(&report.findings, threshold);
                        let line = serde_json::to_string(report).unwrap_or_else(|e| {
                            serde_json::json!({ "error": e.to_string() }).to_string()
                        });
                        lines.push_str(&line);
                        lines.push('\n');
                    }
                }
                Ok(None) => ended = true,
                Err(e) => failed = Some(e),
            }
            if ended || failed.is_some() || started.elapsed() >= STREAM_BATCH_TIME {
                break;
            }
            match items.try_recv() {
                Ok(item) => next = item,
                Err(_) => break,
            }
        }
        if let Some(path) = state_path.filter(|_| gate.take_changed()) {
            if let Err(e) = gate.state().save(path) {
                writeln!(std::io::stderr().lock(), "error: {e}")?;
                return Ok(Outcome::Problems);
            }
        }
        let mut out = std::io::stdout().lock();
        match out.write_all(lines.as_bytes()).and_then(|()| out.flush()) {
            // Nobody reads the rest: stop, keeping the status earned so far.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
            written => written?,
        }
        if let Some(e) = failed {
            return Err(e);
        }
    }
    Ok(Outcome::of(problems, findings))
}
