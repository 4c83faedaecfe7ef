//! The check: load sources, extract, compare, and assemble the [`Report`].
//!
//! This is the one pipeline run that `check`, `explain` and `rules test`
//! share: one thread pool per run, each source's
//! publication date resolved once (in `extract::select`, carried in the
//! data), and an [`Observer`] that extraction and comparison tell what they
//! do. `check` passes [`Quiet`], which observes nothing, so its hot path only
//! tests for an absent observer; `explain` records what it is told.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::compare::{compare_observed, CompareObserver, Severity};
use crate::error::{Diagnostic, ErrorKind};
use crate::extract::{
    extract_source_observed, ExtractObserver, Extraction, Matcher, SourceExtraction,
};
use crate::report::{Report, SourceEntry, SourceStatus, Summary, FORMAT_VERSION};
use crate::rules::RuleSet;
use crate::source::{load_pending, map_pending, Input, LoadOptions, Source};
use crate::versions;

/// Which findings fail a run (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Only errors.
    Error,
    /// Warnings and errors (the default: a drifted quote fails a gate).
    #[default]
    Warning,
    /// Any finding.
    Info,
    /// Never fail on findings.
    Never,
}

impl FailOn {
    /// The lowest severity that fails, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Told what a pipeline run does: each source's extraction (through a
/// per-source [`ExtractObserver`], made on the thread that extracts it) and
/// the comparison ([`CompareObserver`]). Every method has a default.
pub trait Observer: CompareObserver {
    /// What one source's extraction is told.
    type Source: ExtractObserver + Send;

    /// A fresh observer for one source's extraction; `None` observes nothing.
    fn source(&self) -> Option<Self::Source>;

    /// One source is done. Called in input order, after every source is
    /// extracted and before comparison: `index` is the source's number in
    /// the run (`Fill::source`). Its text is already shed.
    fn source_done(&self, _index: usize, _source: &Source, _observed: Self::Source) {}

    /// Whether comparison is observed (it is unless this says otherwise).
    fn comparison(&self) -> Option<&dyn CompareObserver>
    where
        Self: Sized,
    {
        Some(self)
    }
}

/// The observer of a plain `check`: nothing is told, nothing is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl ExtractObserver for Quiet {}

impl CompareObserver for Quiet {}

impl Observer for Quiet {
    type Source = Quiet;

    fn source(&self) -> Option<Quiet> {
        None
    }

    fn comparison(&self) -> Option<&dyn CompareObserver> {
        None
    }
}

/// Runs checks with a rule set. `Checker::new(rules)` works as is; the builder
/// methods set the thread count and the fallback publication date.
#[derive(Debug)]
pub struct Checker {
    rules: RuleSet,
    jobs: Option<usize>,
    default_date: Option<jiff::civil::Date>,
    rule_diagnostics: Vec<Diagnostic>,
    keep_text: bool,
}

impl Checker {
    /// A checker for these rules, using all cores.
    pub fn new(rules: RuleSet) -> Self {
        Checker {
            rules,
            jobs: None,
            default_date: None,
            rule_diagnostics: Vec::new(),
            keep_text: false,
        }
    }

    /// Use `jobs` threads (1 runs everything on the calling thread's pool of one).
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = Some(jobs.max(1));
        self
    }

    /// The publication date for sources that have none (front matter, dateline
    /// and the story's `date:` come first).
    pub fn default_date(mut self, date: jiff::civil::Date) -> Self {
        self.default_date = Some(date);
        self
    }

    /// Carry the diagnostics of loading the rules into the report, so that a
    /// run with a broken rule file reports it and ends with exit 2.
    pub fn rule_diagnostics(mut self, diagnostics: Vec<Diagnostic>) -> Self {
        self.rule_diagnostics = diagnostics;
        self
    }

    /// The diagnostics of loading the rules (see [`Checker::rule_diagnostics`]).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.rule_diagnostics
    }

    /// Keep each source's text in its report entry, for formats that show the
    /// sources themselves (HTML). Off by default: it holds every text in memory.
    pub fn keep_text(mut self, keep: bool) -> Self {
        self.keep_text = keep;
        self
    }

    /// The rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Source loading options implied by the rules (their extra boilerplate).
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            extra_boilerplate: self.rules.boilerplate(),
            ..LoadOptions::default()
        }
    }

    /// Load the paths (files, folders, `-`) and check them. Sources are read,
    /// matched and dropped one by one on the thread pool: what is kept is each
    /// source's report entry and values (with bounded excerpts), never every
    /// text at once.
    pub fn check_paths(&self, paths: &[PathBuf]) -> Report {
        self.check_paths_observed(paths, &Quiet)
    }

    /// [`Checker::check_paths`], telling `observer` what extraction and
    /// comparison do.
    pub fn check_paths_observed<O: Observer>(&self, paths: &[PathBuf], observer: &O) -> Report {
        let mut options = self.load_options();
        // A source out of every story's scope is loaded bare, unless someone
        // looks at what was read from it (an observer, a report that shows
        // the texts).
        if observer.source().is_none() && !self.keep_text {
            options.screen = self.rules.out_of_scope_screen();
        }
        let matcher = Matcher::new(&self.rules);
        self.run_warm(|| {
            let per_input: Vec<Vec<Processed<O::Source>>> = map_pending(paths, |pending| {
                load_pending(pending, &options)
                    .into_iter()
                    .map(|input| self.process(&matcher, input, self.default_date, observer))
                    .collect()
            });
            let processed = per_input.into_iter().flatten().collect();
            self.assemble(processed, observer)
        })
    }

    /// The publication date of sources that have none of their own (`--date`).
    pub fn fallback_date(&self) -> Option<jiff::civil::Date> {
        self.default_date
    }

    /// Check loaded inputs.
    pub fn check(&self, inputs: Vec<Input>) -> Report {
        self.check_observed(inputs, self.default_date, &Quiet)
    }

    /// [`Checker::check`] with `default_date` for this run (`rules test`
    /// gives each case its own), telling `observer` what extraction and
    /// comparison do.
    pub fn check_observed<O: Observer>(
        &self,
        inputs: Vec<Input>,
        default_date: Option<jiff::civil::Date>,
        observer: &O,
    ) -> Report {
        let matcher = Matcher::new(&self.rules);
        self.run_warm(|| {
            let processed: Vec<Processed<O::Source>> = inputs
                .into_par_iter()
                .map(|input| self.process(&matcher, input, default_date, observer))
                .collect();
            self.assemble(processed, observer)
        })
    }

    /// Extract one input's values and drop its text.
    fn process<O: Observer>(
        &self,
        matcher: &Matcher,
        input: Input,
        default_date: Option<jiff::civil::Date>,
        observer: &O,
    ) -> Processed<O::Source> {
        match input {
            Input::Loaded(mut source) => {
                let mut observed = observer.source();
                let extraction = extract_source_observed(
                    &self.rules,
                    matcher,
                    &source,
                    0,
                    default_date,
                    observed.as_mut().map(|o| o as &mut dyn ExtractObserver),
                );
                source.shed_text(self.keep_text);
                Processed::Loaded(Box::new((source, extraction, observed)))
            }
            Input::Skipped(skipped) => Processed::Skipped(skipped),
        }
    }

    /// Number the processed inputs' sources in input order, then compare and
    /// report. Runs inside the run's pool.
    fn assemble<O: Observer>(&self, processed: Vec<Processed<O::Source>>, observer: &O) -> Report {
        let mut parts = Vec::with_capacity(processed.len());
        // The inputs go to the accounting one by one as they are taken out
        // of their boxes, not through a list of them all (a third copy of
        // every source).
        let inputs = processed.into_iter().map(|item| match item {
            Processed::Loaded(loaded) => {
                let (source, mut part, observed) = *loaded;
                let index = parts.len();
                if let Some(selection) = &mut part.selection {
                    selection.source = index;
                }
                for fill in &mut part.fills {
                    fill.source = index;
                }
                if let Some(observed) = observed {
                    observer.source_done(index, &source, observed);
                }
                parts.push(part);
                Input::Loaded(source)
            }
            Processed::Skipped(skipped) => Input::Skipped(skipped),
        });
        let Accounted {
            mut entries,
            sources,
            entry_of,
            diagnostics: input_diagnostics,
        } = account_inputs(inputs);
        let extraction = Extraction::gather(parts);
        let mut diagnostics = self.rule_diagnostics.clone();
        diagnostics.extend(input_diagnostics);
        let replaced = versions::replaced(&sources);
        warn_duplicate_names(&sources, &replaced, &mut diagnostics);

        for selection in &extraction.selections {
            let Some(&entry) = entry_of.get(selection.source) else {
                continue;
            };
            let Some(entry) = entries.get_mut(entry) else {
                continue;
            };
            entry.stories = selection
                .stories
                .iter()
                .filter_map(|&s| self.rules.stories.get(s).map(|s| s.id.clone()))
                .collect();
            // The date extraction used (the first applying story's).
            if let Some((date, origin)) = selection.published.first().copied().flatten() {
                entry.date = Some(date.to_string());
                entry.date_from = Some(origin);
            }
            if selection.stories.is_empty() && !self.rules.stories.is_empty() {
                // Skipped: matched against nothing (read bare or not).
                entry.status = SourceStatus::Skipped;
                entry.sentences = 0;
                entry.boilerplate_lines = 0;
                let reasons: Vec<String> = selection
                    .excluded
                    .iter()
                    .filter_map(|(s, why)| {
                        self.rules
                            .stories
                            .get(*s)
                            .map(|s| format!("{}: {why}", s.id))
                    })
                    .collect();
                // A file of many items needs the item named.
                let which = sources
                    .get(selection.source)
                    .and_then(|s| {
                        s.item
                            .as_ref()
                            .map(|i| format!("item {} ({}) is ", s.name, i.id))
                    })
                    .unwrap_or_default();
                entry.reason = Some(format!(
                    "{which}out of scope for every story ({})",
                    reasons.join("; ")
                ));
            }
        }
        diagnostics.extend(extraction.warnings.iter().cloned());
        diagnostics.extend(self.rules.failed_patterns());

        // Older versions of an item are read (for what changed) but not compared.
        for r in &replaced {
            let (Some(&old), Some(new)) = (entry_of.get(r.old), sources.get(r.new)) else {
                continue;
            };
            if let Some(entry) = entries.get_mut(old) {
                let label = new.item.as_ref().map(|i| i.version_label());
                entry.status = SourceStatus::Skipped;
                entry.reason = Some(format!(
                    "replaced by {} of the same item ({})",
                    label.unwrap_or_default(),
                    new.display_path()
                ));
            }
        }
        let watching = observer.comparison();
        let (mut findings, slots) = if replaced.is_empty() {
            compare_observed(&self.rules, &sources, &extraction, watching)
        } else {
            let current = versions::current(&extraction, &replaced);
            compare_observed(&self.rules, &sources, &current, watching)
        };
        findings.extend(versions::changes(
            &self.rules,
            &sources,
            &extraction,
            &replaced,
        ));
        if self.keep_text {
            for (source, &entry) in sources.iter().zip(&entry_of) {
                if let Some(entry) = entries.get_mut(entry) {
                    entry.text = Some(source.original.clone());
                }
            }
        }
        let mut report = Report {
            version: FORMAT_VERSION,
            sources: entries,
            findings,
            slots,
            diagnostics,
            summary: Summary::default(),
        };
        report.summarize(self.rules.stories.len(), self.rules.slot_count());
        // The sources and their values are freed on every thread: one by
        // one on this one they were a serial step of the run's end (ten
        // thousand sources: 10 to 20 ms of one thread in a profile).
        rayon::join(
            || sources.into_par_iter().for_each(drop),
            || drop(extraction),
        );
        report
    }

    fn run<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        run_with_jobs(self.jobs, work)
    }

    /// [`Checker::run`], with the regexes that are built on first need and
    /// that the run is sure or likely to need built meanwhile by the other
    /// threads. Built by whichever source first needs them, each made every
    /// other thread wait (1,000 files, R = 10: 64.7 ms a run without them,
    /// 55.9 ms with them).
    fn run_warm<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        self.run(|| {
            // On one thread a job spawned here would run after `work`, for
            // nothing. Nobody waits for these jobs: a run that turns out not
            // to need a regex does not wait for it to be built. (A thread of
            // their own measured slower: the pool's idle threads share them.)
            if rayon::current_num_threads() > 1 {
                for job in crate::extract::warm_ups(&self.rules) {
                    rayon::spawn(job);
                }
            }
            work()
        })
    }
}

/// One input after extraction: a source (its text shed) with its values and
/// what its observer recorded, or a skipped input.
enum Processed<R> {
    Loaded(Box<(Source, SourceExtraction, Option<R>)>),
    Skipped(crate::source::Skipped),
}

/// Run `work` on a pool of `jobs` threads, or on the global pool.
pub(crate) fn run_with_jobs<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match jobs {
        Some(jobs) => match rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            // Without a pool of our own, the global one still gives the same output.
            Err(_) => work(),
        },
        None => work(),
    }
}

/// Inputs sorted into report entries (in input order) and loaded sources.
pub(crate) struct Accounted {
    /// One entry per input, checked or skipped.
    pub entries: Vec<SourceEntry>,
    /// The loaded sources.
    pub sources: Vec<Source>,
    /// For each loaded source, the index of its entry.
    pub entry_of: Vec<usize>,
    /// An error for each input that could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

/// Account for every input: loaded sources get a `checked` entry, skipped
/// inputs a `skipped` one with the reason, and unreadable ones a diagnostic.
pub(crate) fn account_inputs(inputs: impl IntoIterator<Item = Input>) -> Accounted {
    let inputs = inputs.into_iter();
    // Sized once: growing lists of 10,000 sources copies them again and again.
    let count = inputs.size_hint().0;
    let mut accounted = Accounted {
        entries: Vec::with_capacity(count),
        sources: Vec::with_capacity(count),
        entry_of: Vec::with_capacity(count),
        diagnostics: Vec::new(),
    };
    for input in inputs {
        match input {
            Input::Loaded(source) => {
                // Front matter that did not parse (an impossible date) is
                // reported, not silently replaced by another date.
                for warning in &source.warnings {
                    accounted.diagnostics.push(
                        Diagnostic::warning(ErrorKind::Input, warning.clone())
                            .in_file(source.display_path()),
                    );
                }
                accounted.entry_of.push(accounted.entries.len());
                accounted.entries.push(SourceEntry {
                    name: source.name.clone(),
                    path: source.display_path(),
                    status: SourceStatus::Checked,
                    reason: None,
                    line: None,
                    column: None,
                    date: None,
                    date_from: None,
                    stories: Vec::new(),
                    sentences: source.sentence_count(),
                    boilerplate_lines: source.boilerplate_lines,
                    text: None,
                });
                accounted.sources.push(source);
            }
            Input::Skipped(skipped) => {
                if skipped.is_error {
                    accounted.diagnostics.push(skipped.diagnostic());
                }
                let name = std::path::Path::new(&skipped.path).file_stem().map_or_else(
                    || skipped.path.clone(),
                    |s| s.to_string_lossy().into_owned(),
                );
                accounted.entries.push(SourceEntry {
                    name,
                    path: skipped.path,
                    status: SourceStatus::Skipped,
                    reason: Some(skipped.reason),
                    line: skipped.at.map(|at| at.line),
                    column: skipped.at.map(|at| at.column),
                    date: None,
                    date_from: None,
                    stories: Vec::new(),
                    sentences: 0,
                    boilerplate_lines: 0,
                    text: None,
                });
            }
        }
    }
    accounted
}

/// Two sources with one name would be indistinguishable in every report
/// (versions of one item share their name, and only the newest is compared).
fn warn_duplicate_names(
    sources: &[Source],
    replaced: &[versions::Replaced],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // One pass with a map from name to the first source of that name, so the
    // cost stays linear in the number of sources.
    let replaced_old: std::collections::HashSet<usize> = replaced.iter().map(|r| r.old).collect();
    let mut first_of: std::collections::HashMap<&str, &Source> =
        std::collections::HashMap::with_capacity(sources.len());
    for (i, source) in sources.iter().enumerate() {
        if replaced_old.contains(&i) {
            continue;
        }
        let first = *first_of.entry(source.name.as_str()).or_insert(source);
        if !std::ptr::eq(first, source) {
            diagnostics.push(
                Diagnostic::warning(
                    ErrorKind::Input,
                    format!(
                        "two sources are named `{}` ({} and {}); set `outlet:` in front matter to tell them apart",
                        source.name,
                        first.display_path(),
                        source.display_path()
                    ),
                )
                .in_file(source.display_path()),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::extract::Fill;

    /// (story, slot, value, line, column) of a kept fill.
    type Kept = (usize, usize, String, usize, usize);

    /// Records what it is told: per source (by its number) the fills kept,
    /// and per slot the sources whose value comparison chose.
    #[derive(Default)]
    struct Recording {
        sources: Mutex<Vec<(usize, String, Vec<Kept>)>>,
        chosen: Mutex<Vec<(usize, usize, usize)>>,
    }

    #[derive(Default)]
    struct PerSource {
        kept: Vec<Kept>,
    }

    impl ExtractObserver for PerSource {
        fn fill_kept(&mut self, _source: &Source, fill: &Fill) {
            self.kept.push((
                fill.story,
                fill.slot,
                fill.value.display(),
                fill.position.line,
                fill.position.column,
            ));
        }
    }

    impl CompareObserver for Recording {
        fn value_chosen(&self, story: usize, slot: usize, fill: &Fill) {
            self.chosen.lock().unwrap().push((story, slot, fill.source));
        }
    }

    impl Observer for Recording {
        type Source = PerSource;

        fn source(&self) -> Option<PerSource> {
            Some(PerSource::default())
        }

        fn source_done(&self, index: usize, source: &Source, observed: PerSource) {
            self.sources
                .lock()
                .unwrap()
                .push((index, source.name.clone(), observed.kept));
        }
    }

    const YAML: &str = "story: demo\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n  - id: place\n    kind: phrase\n    patterns: [\"from {phrase} on\"]\n";

    fn inputs() -> Vec<Input> {
        (0..24)
            .map(|i| {
                let text = format!(
                    "The North fired {} missiles from the east coast on Monday. Later it fired {} missiles.",
                    60 + i % 5,
                    70 + i % 3
                );
                let name = format!("outlet-{i:02}");
                Input::Loaded(Source::from_text(
                    Some(name),
                    None,
                    text,
                    &LoadOptions::default(),
                ))
            })
            .collect()
    }

    fn run(jobs: usize) -> (Recording, Report) {
        let story = crate::rules::parse_story(YAML, "r.yaml").unwrap();
        let checker = Checker::new(RuleSet {
            stories: vec![story],
        })
        .jobs(jobs);
        let recording = Recording::default();
        let report = checker.check_observed(inputs(), None, &recording);
        (recording, report)
    }

    #[test]
    fn a_recording_observer_sees_each_kept_fill_once_in_source_order_whatever_the_jobs() {
        let (one, report) = run(1);
        let sources = one.sources.into_inner().unwrap();
        // Every source, once, in input order, numbered as the report numbers them.
        let order: Vec<(usize, String)> = sources.iter().map(|(i, n, _)| (*i, n.clone())).collect();
        let expected: Vec<(usize, String)> =
            (0..24).map(|i| (i, format!("outlet-{i:02}"))).collect();
        assert_eq!(order, expected);
        // Each kept fill exactly once: the report's values, slot by slot.
        let mut told: Vec<(usize, usize, String, String, usize, usize)> = sources
            .iter()
            .flat_map(|(_, name, kept)| {
                kept.iter()
                    .map(|(st, sl, v, l, c)| (*st, *sl, name.clone(), v.clone(), *l, *c))
            })
            .collect();
        told.sort();
        let mut reported: Vec<(usize, usize, String, String, usize, usize)> = report
            .slots
            .iter()
            .enumerate()
            .flat_map(|(slot, row)| {
                row.values
                    .iter()
                    .map(move |v| (0, slot, v.source.clone(), v.value.clone(), v.line, v.column))
            })
            .collect();
        reported.sort();
        assert_eq!(told.len(), 24 * 3, "two missile values and a place each");
        assert_eq!(told, reported);
        // Comparison chose one value per source and slot.
        let mut chosen = one.chosen.into_inner().unwrap();
        chosen.sort();
        let want: Vec<(usize, usize, usize)> = (0..2)
            .flat_map(|slot| (0..24).map(move |s| (0, slot, s)))
            .collect();
        assert_eq!(chosen, want);

        // The same, told the same way, on four threads.
        let (four, report4) = run(4);
        assert_eq!(four.sources.into_inner().unwrap(), sources);
        assert_eq!(report4.findings, report.findings);
    }

    #[test]
    fn the_quiet_observer_gives_the_same_report() {
        let (_, observed) = run(2);
        let story = crate::rules::parse_story(YAML, "r.yaml").unwrap();
        let quiet = Checker::new(RuleSet {
            stories: vec![story],
        })
        .jobs(2)
        .check(inputs());
        assert_eq!(quiet.findings, observed.findings);
        assert_eq!(quiet.slots, observed.slots);
    }
}
