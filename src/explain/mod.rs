//! `explain`: the trace of extraction and comparison, for rule authors.
//!
//! `explain` runs the [`Checker`] (the same pipeline run as `check`) with a
//! recording observer and renders what it was told; it never matches or
//! compares anything itself, so it cannot disagree with `check`. For each
//! slot and source the trace holds every pattern tried, on which sentences
//! (the prefilter's choice, and why), every match with its file:line:column,
//! sentence, whole match, captured text, normalized value and how that value
//! was derived ("`nearly 70` -> [63, 70)"), or why it gave no value or was
//! dropped; for a source where the slot stays empty, the nearest partial
//! match of each pattern in the sentences holding its words ("`Minister
//! {name}` matched; `Unification` before it did not"); then the value each
//! source keeps, the distinct values comparison saw, each pair of them
//! compared and why they agree or not (interval overlap, alias, similarity
//! against its threshold), the groups that agree, the `expect` check and the
//! findings the slot produced.
//!
//! The trace is plain data ([`Explanation`], serialized as-is for `--format
//! json`); [`text`] renders it for people. It stays bounded: sentences are
//! rendered while each source's text is there and the text is then dropped,
//! as in `check`, and at most [`MAX_PAIRS`] compared pairs are kept per slot.

pub mod text;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::check::{Checker, Observer};
use crate::compare::{CompareObserver, Finding, FindingKind, Severity, ValueGroup};
use crate::error::{Diagnostic, ErrorKind};
use crate::extract::{ExtractObserver, Fill, Match, MatchOutcome as ObservedOutcome, PatternAt};
use crate::kinds::{Comparison, Kind, Verdict};
use crate::pattern::{parse, parts, Part, Placeholder, Token};
use crate::report::{plural, Report};
use crate::rules::{RuleSet, Story};
use crate::source::{Input, Sentence, Source};
use crate::suggest::did_you_mean;

/// How many nearest partial matches to show per pattern and source.
const NEAREST: usize = 3;
/// Words of context shown around a partial match.
const CONTEXT_WORDS: usize = 5;
/// Pairs of distinct values kept per slot: many sources that all differ
/// would otherwise make the trace quadratic in size (the rest are counted).
const MAX_PAIRS: usize = 200;

/// What to explain.
#[derive(Debug, Clone, Default)]
pub struct ExplainOptions {
    /// Only these slot ids (all when empty).
    pub slots: Vec<String>,
    /// Only these source names (all when empty); comparisons still involve
    /// the other sources, so a pair is shown when either side is selected.
    pub sources: Vec<String>,
    /// Publication date for sources without one (like `check --date`).
    pub default_date: Option<jiff::civil::Date>,
}

/// The whole trace.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// One entry per story, in rule order.
    pub stories: Vec<StoryTrace>,
}

/// One story's trace.
#[derive(Debug, Clone, Serialize)]
pub struct StoryTrace {
    /// The story id.
    pub story: String,
    /// Its rule file.
    pub path: String,
    /// Whether the story applies to each source, and why.
    pub scope: Vec<ScopeTrace>,
    /// The slots explained.
    pub slots: Vec<SlotTrace>,
}

/// Whether a story applies to a source.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeTrace {
    /// The source name.
    pub source: String,
    /// Whether the story applies.
    pub applies: bool,
    /// Why, in words.
    pub why: String,
}

/// A pattern as the rule file gives it.
#[derive(Debug, Clone, Serialize)]
pub struct PatternInfo {
    /// 1-based number of the pattern in its slot.
    pub number: usize,
    /// The pattern text.
    pub text: String,
    /// Whether it is a `regex:` pattern.
    pub regex: bool,
    /// The word the prefilter looks for, if any.
    pub anchor: Option<String>,
    /// The placeholder that captures the value, if any.
    pub placeholder: Option<Placeholder>,
}

/// One slot's trace.
#[derive(Debug, Clone, Serialize)]
pub struct SlotTrace {
    /// The slot id.
    pub slot: String,
    /// Its kind.
    pub kind: Kind,
    /// `rule-file:line` of the slot.
    pub location: String,
    /// Its patterns.
    pub patterns: Vec<PatternInfo>,
    /// What happened in each source.
    pub sources: Vec<SourceTrace>,
    /// The distinct values comparison saw (exact duplicates merged, not
    /// compared), each with the sources that give it.
    pub distinct: Vec<ValueGroup>,
    /// Each pair of distinct values, compared (`a` and `b` name the sources
    /// giving each), at most [`MAX_PAIRS`].
    pub comparisons: Vec<PairTrace>,
    /// Pairs compared beyond [`MAX_PAIRS`], not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub comparisons_omitted: usize,
    /// The groups of sources that agree, when some do not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ValueGroup>,
    /// The `expect` check, if the slot has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<ExpectTrace>,
    /// The findings the slot produced, as `check` reports them.
    pub findings: Vec<FindingTrace>,
}

/// One slot in one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceTrace {
    /// The source name.
    pub source: String,
    /// Its path.
    pub path: String,
    /// Whether the story applies to it (no patterns are tried otherwise).
    pub applies: bool,
    /// The publication date relative dates resolve against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The language the source is read in, when it is not English (its own
    /// `language:`, else its story's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The source's value for the slot (its first in document order; for
    /// names its fullest mention), as `compare::source_value` takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Each pattern tried.
    pub attempts: Vec<Attempt>,
}

/// One pattern tried on one source.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// 1-based pattern number.
    pub pattern: usize,
    /// How many sentences the pattern ran on.
    pub tried: usize,
    /// Why those sentences ("2 sentences contain `missiles`").
    pub sentences: String,
    /// Every match.
    pub matches: Vec<MatchTrace>,
    /// When the slot has no value in this source: the longest parts of the
    /// pattern that do match, in the sentences holding its words.
    pub nearest: Vec<NearMiss>,
}

/// One match of a pattern.
#[derive(Debug, Clone, Serialize)]
pub struct MatchTrace {
    /// `path:line:column` of the captured text.
    pub location: String,
    /// The sentence, as written (white space tidied).
    pub sentence: String,
    /// The whole match.
    pub matched: String,
    /// The captured text, as written.
    pub raw: String,
    /// What became of it.
    pub outcome: MatchOutcome,
    /// Byte range of the captured text in the normalized text.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// What became of a match.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum MatchOutcome {
    /// It gave a value.
    Value {
        /// The normalized value.
        value: String,
        /// A figure's hedge, as `check`'s JSON gives it beside the value.
        #[serde(skip_serializing_if = "Option::is_none")]
        hedge: Option<crate::kinds::number::Hedge>,
        /// How it was derived.
        derivation: String,
        /// Whether this is the source's value (`compare::source_value`);
        /// later values only count for `internal` findings.
        first: bool,
    },
    /// An earlier pattern already captured the same words.
    Duplicate {
        /// That pattern's number.
        pattern: usize,
    },
    /// The captured text is not a valid value of the slot's kind.
    Invalid {
        /// Why.
        error: String,
    },
    /// It gave a value that the slot then dropped (a quote slot's
    /// `speaker:` or `contains:`).
    Dropped {
        /// The value.
        value: String,
        /// Why it was dropped.
        why: String,
    },
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The longest part of a pattern a sentence matches.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    /// `path:line:column` of the matched part.
    pub location: String,
    /// The sentence, as written.
    pub sentence: String,
    /// The part of the pattern that matched.
    pub matched_pattern: String,
    /// The text it matched.
    pub matched_text: String,
    /// The part of the pattern before it that did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_before: Option<String>,
    /// The part of the pattern after it that did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_after: Option<String>,
    /// The words of the sentence just before the matched text.
    pub text_before: String,
    /// The words of the sentence just after the matched text.
    pub text_after: String,
}

/// Two sources' values compared.
#[derive(Debug, Clone, Serialize)]
pub struct PairTrace {
    /// First source.
    pub a: String,
    /// Its value.
    pub a_value: String,
    /// Second source.
    pub b: String,
    /// Its value.
    pub b_value: String,
    /// Whether they agree.
    pub verdict: Verdict,
    /// Why (interval overlap, alias, similarity and threshold).
    pub why: String,
}

/// The `expect` check of a slot.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectTrace {
    /// `expect` as written.
    pub written: String,
    /// As normalized.
    pub value: String,
    /// Each value found, compared with it.
    pub results: Vec<ExpectResult>,
}

/// One value compared with `expect`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectResult {
    /// The source.
    pub source: String,
    /// Its value.
    pub value: String,
    /// Whether it agrees with `expect`.
    pub verdict: Verdict,
    /// Why.
    pub why: String,
}

/// A finding of the slot, in short.
#[derive(Debug, Clone, Serialize)]
pub struct FindingTrace {
    /// What kind.
    pub kind: FindingKind,
    /// How serious.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// The reason.
    pub reason: String,
}

/// Slot and source names in the options that match nothing, as errors with a
/// "did you mean".
pub fn check_filters(rules: &RuleSet, names: &[&str], options: &ExplainOptions) -> Vec<Diagnostic> {
    let slot_ids: Vec<&str> = rules
        .stories
        .iter()
        .flat_map(|s| s.slots.iter().map(|slot| slot.id.as_str()))
        .collect();
    let unknown = |what: &str, given: &str, known: &[&str]| {
        let help = match did_you_mean(given, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("{what}s are: {}", known.join(", ")),
        };
        Diagnostic::error(ErrorKind::Input, format!("no {what} `{given}`")).with_help(help)
    };
    let mut out = Vec::new();
    for slot in &options.slots {
        if !slot_ids.contains(&slot.as_str()) {
            out.push(unknown("slot", slot, &slot_ids));
        }
    }
    for source in &options.sources {
        if !names.contains(&source.as_str()) {
            out.push(unknown("source", source, names));
        }
    }
    out
}

/// Trace what a real run of the pipeline does with `inputs`: `checker` runs
/// them with a recording observer, and the trace is what extraction and
/// comparison told it. Also returns the run's report (its findings are the
/// ones the trace shows; its diagnostics say which inputs could not be read).
pub fn explain(
    checker: &Checker,
    inputs: Vec<Input>,
    options: &ExplainOptions,
) -> (Explanation, Report) {
    let near = near_cache(checker.rules());
    let recorder = Recorder::new(checker.rules(), options, &near);
    let report = checker.check_observed(inputs, options.default_date, &recorder);
    (recorder.finish(), report)
}

/// [`explain`] for paths (files, folders, `-`), read one by one as `check`
/// reads them: each source's text is dropped once its trace is recorded.
pub fn explain_paths(
    checker: &Checker,
    paths: &[std::path::PathBuf],
    options: &ExplainOptions,
) -> (Explanation, Report) {
    let near = near_cache(checker.rules());
    let recorder = Recorder::new(checker.rules(), options, &near);
    let report = checker.check_paths_observed(paths, &recorder);
    (recorder.finish(), report)
}

/// The observer `explain` runs the pipeline with: per source, what was tried
/// and matched (rendered while the text is there); per slot, what comparison
/// chose, compared and found.
struct Recorder<'a> {
    rules: &'a RuleSet,
    options: &'a ExplainOptions,
    /// Each source's record, by its number in the run.
    sources: Mutex<Vec<SourceRecord>>,
    /// What comparison did, per (story, slot).
    slots: Mutex<HashMap<(usize, usize), SlotEvents>>,
    near: &'a NearCache,
}

/// What comparison told about one slot.
#[derive(Default)]
struct SlotEvents {
    /// Each source's value: (source, span, pattern, value shown).
    chosen: Vec<(usize, Range<usize>, usize, String)>,
    /// The distinct values: (the sources that give it, the value).
    distinct: Vec<(Vec<usize>, String)>,
    /// The pairs of distinct values compared.
    pairs: Vec<RecordedPair>,
    /// Pairs compared but not kept (past [`MAX_PAIRS`]).
    omitted: usize,
    /// `expect` checks: (source, value, verdict, why).
    expected: Vec<(usize, String, Verdict, String)>,
    groups: Vec<ValueGroup>,
    findings: Vec<FindingTrace>,
}

/// A pair of distinct values compared: the sources giving each (by number).
struct RecordedPair {
    a: Vec<usize>,
    a_value: String,
    b: Vec<usize>,
    b_value: String,
    verdict: Verdict,
    why: String,
}

/// What one source's extraction told.
struct SourceRecord {
    name: String,
    path: String,
    /// The table of the `language:` the source says it is in, if any.
    language: Option<&'static crate::lang::Language>,
    /// Per story: (applies, why, publication date).
    scope: HashMap<usize, (bool, String, Option<jiff::civil::Date>)>,
    /// Per (story, slot) explained: the patterns tried.
    slots: HashMap<(usize, usize), SourceSlot>,
}

#[derive(Default)]
struct SourceSlot {
    attempts: Vec<Attempt>,
    /// The sentences each pattern ran on, until the slot is done (for near
    /// misses).
    tried: Vec<Vec<Sentence>>,
}

/// Each pattern's near-miss parts (by story, slot, pattern), compiled the
/// first time a source needs them.
type NearCache = Vec<Vec<Vec<OnceLock<Option<NearParts>>>>>;

fn near_cache(rules: &RuleSet) -> NearCache {
    rules
        .stories
        .iter()
        .map(|story| {
            story
                .slots
                .iter()
                .map(|slot| slot.patterns.iter().map(|_| OnceLock::new()).collect())
                .collect()
        })
        .collect()
}

/// The per-source observer.
struct SourceRecorder<'a> {
    rules: &'a RuleSet,
    options: &'a ExplainOptions,
    near: &'a NearCache,
    record: Option<SourceRecord>,
}

impl<'a> Recorder<'a> {
    fn new(rules: &'a RuleSet, options: &'a ExplainOptions, near: &'a NearCache) -> Self {
        Recorder {
            rules,
            options,
            sources: Mutex::new(Vec::new()),
            slots: Mutex::new(HashMap::new()),
            near,
        }
    }

    fn shown(&self, name: &str) -> bool {
        shown(self.options, name)
    }

    fn with_slot(&self, story: usize, slot: usize, f: impl FnOnce(&mut SlotEvents)) {
        if !wanted(self.rules, self.options, story, slot) {
            return;
        }
        if let Ok(mut slots) = self.slots.lock() {
            f(slots.entry((story, slot)).or_default());
        }
    }

    /// Put the records together into the trace.
    fn finish(self) -> Explanation {
        let sources = self.sources.into_inner().unwrap_or_default();
        let mut slots = self.slots.into_inner().unwrap_or_default();
        let name = |i: usize| sources.get(i).map_or_else(String::new, |s| s.name.clone());
        let names = |list: &[usize]| list.iter().map(|&i| name(i)).collect::<Vec<_>>();
        let any_shown = |list: &[usize]| list.iter().any(|&i| shown(self.options, &name(i)));
        let stories = self
            .rules
            .stories
            .iter()
            .enumerate()
            .map(|(story_index, story)| {
                let scope = sources
                    .iter()
                    .filter(|s| shown(self.options, &s.name))
                    .filter_map(|s| {
                        s.scope
                            .get(&story_index)
                            .map(|(applies, why, _)| ScopeTrace {
                                source: s.name.clone(),
                                applies: *applies,
                                why: why.clone(),
                            })
                    })
                    .collect();
                let slots = story
                    .slots
                    .iter()
                    .enumerate()
                    .filter(|(slot_index, _)| {
                        wanted(self.rules, self.options, story_index, *slot_index)
                    })
                    .map(|(slot_index, slot)| {
                        let events = slots.remove(&(story_index, slot_index)).unwrap_or_default();
                        let traces = sources
                            .iter()
                            .enumerate()
                            .filter(|(_, s)| shown(self.options, &s.name))
                            .map(|(i, s)| {
                                source_trace(
                                    s,
                                    i,
                                    (story_index, story.language),
                                    slot_index,
                                    &events,
                                )
                            })
                            .collect();
                        let group = |(list, value): &(Vec<usize>, String)| ValueGroup {
                            values: vec![value.clone()],
                            sources: names(list),
                        };
                        SlotTrace {
                            slot: slot.id.clone(),
                            kind: slot.kind,
                            location: format!("{}:{}", story.path, slot.line),
                            patterns: slot
                                .patterns
                                .iter()
                                .enumerate()
                                .map(|(i, p)| PatternInfo {
                                    number: i + 1,
                                    text: p.source.clone(),
                                    regex: p.is_regex,
                                    anchor: p.anchor.clone(),
                                    placeholder: p.placeholder,
                                })
                                .collect(),
                            sources: traces,
                            distinct: events.distinct.iter().map(group).collect(),
                            comparisons: events
                                .pairs
                                .iter()
                                .filter(|p| any_shown(&p.a) || any_shown(&p.b))
                                .map(|p| PairTrace {
                                    a: names(&p.a).join(", "),
                                    a_value: p.a_value.clone(),
                                    b: names(&p.b).join(", "),
                                    b_value: p.b_value.clone(),
                                    verdict: p.verdict,
                                    why: p.why.clone(),
                                })
                                .collect(),
                            comparisons_omitted: events.omitted,
                            groups: events.groups,
                            expect: slot.expect.as_ref().map(|(written, expected)| ExpectTrace {
                                written: written.clone(),
                                value: expected.display(),
                                results: events
                                    .expected
                                    .iter()
                                    .filter(|(s, ..)| shown(self.options, &name(*s)))
                                    .map(|(s, value, verdict, why)| ExpectResult {
                                        source: name(*s),
                                        value: value.clone(),
                                        verdict: *verdict,
                                        why: why.clone(),
                                    })
                                    .collect(),
                            }),
                            findings: events.findings,
                        }
                    })
                    .collect();
                StoryTrace {
                    story: story.id.clone(),
                    path: story.path.clone(),
                    scope,
                    slots,
                }
            })
            .collect();
        Explanation { stories }
    }
}

/// Whether the options show the source of this name.
fn shown(options: &ExplainOptions, name: &str) -> bool {
    options.sources.is_empty() || options.sources.iter().any(|s| s == name)
}

/// Whether the options explain this slot.
fn wanted(rules: &RuleSet, options: &ExplainOptions, story: usize, slot: usize) -> bool {
    options.slots.is_empty()
        || rules
            .stories
            .get(story)
            .and_then(|s| s.slots.get(slot))
            .is_some_and(|s| options.slots.contains(&s.id))
}

/// One source's part of a slot's trace, from what was recorded.
fn source_trace(
    record: &SourceRecord,
    index: usize,
    (story, story_language): (usize, &'static crate::lang::Language),
    slot: usize,
    events: &SlotEvents,
) -> SourceTrace {
    let language = record.language.unwrap_or(story_language);
    let (applies, published) = record
        .scope
        .get(&story)
        .map_or((false, None), |(applies, _, date)| (*applies, *date));
    let chosen = events.chosen.iter().find(|(s, ..)| *s == index);
    let mut attempts = record
        .slots
        .get(&(story, slot))
        .map(|s| s.attempts.clone())
        .unwrap_or_default();
    // The match that gave the source's value is its `first`.
    if let Some((_, span, pattern, _)) = chosen {
        if let Some(attempt) = attempts.get_mut(*pattern) {
            for m in &mut attempt.matches {
                if let MatchOutcome::Value { first, .. } = &mut m.outcome {
                    *first = m.span == *span;
                }
            }
        }
    }
    SourceTrace {
        source: record.name.clone(),
        path: record.path.clone(),
        applies,
        published: published.map(|d| d.to_string()),
        language: (!language.is_english()).then(|| language.name.clone()),
        value: chosen.map(|(.., value)| value.clone()),
        attempts,
    }
}

impl CompareObserver for Recorder<'_> {
    fn value_chosen(&self, story: usize, slot: usize, fill: &Fill) {
        self.with_slot(story, slot, |e| {
            e.chosen.push((
                fill.source,
                fill.span.clone(),
                fill.pattern,
                fill.value.display(),
            ))
        });
    }

    fn merged(&self, story: usize, slot: usize, distinct: &[Vec<&Fill>]) {
        self.with_slot(story, slot, |e| {
            e.distinct = distinct
                .iter()
                .filter_map(|d| {
                    let value = d.first()?.value.display();
                    Some((d.iter().map(|f| f.source).collect(), value))
                })
                .collect();
        });
    }

    fn compared(&self, story: usize, slot: usize, a: &[&Fill], b: &[&Fill], c: &Comparison) {
        self.with_slot(story, slot, |e| {
            if e.pairs.len() >= MAX_PAIRS {
                e.omitted += 1;
                return;
            }
            let (Some(x), Some(y)) = (a.first(), b.first()) else {
                return;
            };
            e.pairs.push(RecordedPair {
                a: a.iter().map(|f| f.source).collect(),
                a_value: x.value.display(),
                b: b.iter().map(|f| f.source).collect(),
                b_value: y.value.display(),
                verdict: c.verdict,
                why: c.why.clone(),
            });
        });
    }

    fn expected(&self, story: usize, slot: usize, fill: &Fill, c: &Comparison) {
        self.with_slot(story, slot, |e| {
            e.expected
                .push((fill.source, fill.value.display(), c.verdict, c.why.clone()))
        });
    }

    fn slot_done(&self, story: usize, slot: usize, groups: &[ValueGroup], findings: &[Finding]) {
        self.with_slot(story, slot, |e| {
            e.groups = groups.to_vec();
            e.findings = findings
                .iter()
                .map(|f| FindingTrace {
                    kind: f.kind,
                    severity: f.severity,
                    message: f.message.clone(),
                    reason: f.reason.clone(),
                })
                .collect();
        });
    }
}

impl<'a> Observer for Recorder<'a> {
    type Source = SourceRecorder<'a>;

    fn source(&self) -> Option<SourceRecorder<'a>> {
        Some(SourceRecorder {
            rules: self.rules,
            options: self.options,
            near: self.near,
            record: None,
        })
    }

    fn source_done(&self, index: usize, source: &Source, observed: SourceRecorder<'a>) {
        let record = observed.record.unwrap_or_else(|| SourceRecord {
            name: source.name.clone(),
            path: source.display_path(),
            language: source.language(),
            scope: HashMap::new(),
            slots: HashMap::new(),
        });
        // Names are known only now; a source not shown keeps its name (for
        // pairs and values) and nothing else.
        let record = if self.shown(&record.name) {
            record
        } else {
            SourceRecord {
                scope: HashMap::new(),
                slots: HashMap::new(),
                ..record
            }
        };
        if let Ok(mut sources) = self.sources.lock() {
            if sources.len() <= index {
                sources.resize_with(index + 1, || SourceRecord {
                    name: String::new(),
                    path: String::new(),
                    language: None,
                    scope: HashMap::new(),
                    slots: HashMap::new(),
                });
            }
            if let Some(slot) = sources.get_mut(index) {
                *slot = record;
            }
        }
    }
}

impl SourceRecorder<'_> {
    /// The record, started at the first event; `None` when the source is
    /// not shown (nothing of its extraction is kept).
    fn record(&mut self, source: &Source) -> Option<&mut SourceRecord> {
        if !shown(self.options, &source.name) {
            return None;
        }
        Some(self.record.get_or_insert_with(|| SourceRecord {
            name: source.name.clone(),
            path: source.display_path(),
            language: source.language(),
            scope: HashMap::new(),
            slots: HashMap::new(),
        }))
    }

    fn slot(&mut self, source: &Source, story: usize, slot: usize) -> Option<&mut SourceSlot> {
        if !wanted(self.rules, self.options, story, slot) {
            return None;
        }
        Some(self.record(source)?.slots.entry((story, slot)).or_default())
    }
}

impl ExtractObserver for SourceRecorder<'_> {
    fn scope_decided(
        &mut self,
        source: &Source,
        story: usize,
        applies: Result<(), &str>,
        published: Option<jiff::civil::Date>,
    ) {
        let Some(s) = self.rules.stories.get(story) else {
            return;
        };
        let why = scope_why(s, source, applies);
        if let Some(record) = self.record(source) {
            record
                .scope
                .insert(story, (applies.is_ok(), why, published));
        }
    }

    fn pattern_tried(&mut self, source: &Source, at: PatternAt, sentences: &[Sentence]) {
        let anchor = self
            .rules
            .stories
            .get(at.story)
            .and_then(|s| s.slots.get(at.slot))
            .and_then(|s| s.patterns.get(at.pattern))
            .map(|p| p.anchor.clone());
        let Some(slot) = self.slot(source, at.story, at.slot) else {
            return;
        };
        let why = match anchor.flatten() {
            Some(anchor) if sentences.is_empty() => format!("no sentence contains `{anchor}`"),
            Some(anchor) => format!(
                "{} `{anchor}`",
                plural(sentences.len(), "sentence contains", "sentences contain")
            ),
            None => format!(
                "no literal word to look for: tried every sentence ({})",
                sentences.len()
            ),
        };
        slot.attempts.push(Attempt {
            pattern: at.pattern + 1,
            tried: sentences.len(),
            sentences: why,
            matches: Vec::new(),
            nearest: Vec::new(),
        });
        slot.tried.push(sentences.to_vec());
    }

    fn matched(&mut self, source: &Source, found: &Match<'_>) {
        let Some(slot) = self.slot(source, found.at.story, found.at.slot) else {
            return;
        };
        let Some(attempt) = slot.attempts.get_mut(found.at.pattern) else {
            return;
        };
        let outcome = match found.outcome {
            ObservedOutcome::Value(fill) => MatchOutcome::Value {
                value: fill.value.display(),
                hedge: fill.value.hedge(),
                derivation: fill.derivation.clone(),
                first: false,
            },
            ObservedOutcome::Duplicate(earlier) => MatchOutcome::Duplicate {
                pattern: earlier + 1,
            },
            ObservedOutcome::Invalid(why) => MatchOutcome::Invalid {
                error: why.to_string(),
            },
        };
        attempt.matches.push(MatchTrace {
            location: location(source, found.value.start),
            sentence: tidy(source.original_slice(found.sentence.range())),
            matched: tidy(source.original_slice(found.whole.clone())),
            raw: tidy(source.original_slice(found.value.clone())),
            outcome,
            span: found.value.clone(),
        });
    }

    fn fill_dropped(&mut self, source: &Source, fill: &Fill, why: &str) {
        let Some(slot) = self.slot(source, fill.story, fill.slot) else {
            return;
        };
        let Some(attempt) = slot.attempts.get_mut(fill.pattern) else {
            return;
        };
        for m in &mut attempt.matches {
            if m.span == fill.span {
                if let MatchOutcome::Value { value, .. } = &m.outcome {
                    m.outcome = MatchOutcome::Dropped {
                        value: value.clone(),
                        why: why.to_string(),
                    };
                }
            }
        }
    }

    fn slot_done(&mut self, source: &Source, story: usize, slot: usize, fills: &[Fill]) {
        let patterns = self
            .rules
            .stories
            .get(story)
            .and_then(|s| s.slots.get(slot))
            .map(|s| s.patterns.as_slice())
            .unwrap_or_default();
        let near = self.near;
        let Some(record) = self.slot(source, story, slot) else {
            return;
        };
        let tried = std::mem::take(&mut record.tried);
        if !fills.is_empty() {
            return;
        }
        // Nothing kept: show how near each pattern came.
        let near = near.get(story).and_then(|s| s.get(slot));
        for (i, ((attempt, pattern), sentences)) in record
            .attempts
            .iter_mut()
            .zip(patterns)
            .zip(&tried)
            .enumerate()
        {
            if pattern.is_regex {
                continue;
            }
            let Some(parts) = near.and_then(|n| n.get(i)).and_then(|cell| {
                cell.get_or_init(|| NearParts::new(&pattern.source))
                    .as_ref()
            }) else {
                continue;
            };
            attempt.nearest = nearest(
                source,
                parts,
                &candidates_for(source, &pattern.source, sentences),
            );
        }
    }
}

/// Why a story applies to a source or not, in words.
fn scope_why(story: &Story, source: &Source, applies: Result<(), &str>) -> String {
    if story.scope.is_empty() {
        return "the story has no scope: it applies to every source".into();
    }
    match applies {
        Err(why) => why.to_string(),
        Ok(()) => {
            let any = story
                .scope
                .any
                .iter()
                .find(|(_, re)| re.is_match(&source.text))
                .map(|(t, _)| format!("mentions `{t}`"));
            let all = (!story.scope.all.is_empty()).then(|| {
                let terms: Vec<String> = story
                    .scope
                    .all
                    .iter()
                    .map(|(t, _)| format!("`{t}`"))
                    .collect();
                format!("mentions all of {}", terms.join(", "))
            });
            [any, all]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

/// Short function words match almost every sentence: a partial match must
/// hold a word that says something.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "for", "from", "with", "that", "this", "into", "over", "than", "was", "were",
    "are", "has", "had", "have", "its", "his", "her", "their", "not", "but", "who", "which",
];

/// Whether a literal word of a pattern is evidence of a near match: three
/// letters or more and not a function word.
fn significant(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphanumeric()).count() >= 3
        && !FUNCTION_WORDS.contains(&word.to_lowercase().as_str())
}

/// The sentences to look for partial matches in: those the pattern was tried
/// on, or, when its prefilter word is in none, those holding any of its
/// significant literal words.
fn candidates_for(source: &Source, pattern: &str, tried: &[Sentence]) -> Vec<Sentence> {
    if !tried.is_empty() {
        return tried.to_vec();
    }
    let words: Vec<String> = parse(pattern)
        .map(|tokens| {
            tokens
                .iter()
                .filter_map(|t| match t {
                    Token::Word(w) if significant(w) => Some(w.to_lowercase()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    source
        .sentences
        .iter()
        .filter(|s| {
            let text = source.sentence_text(**s).to_lowercase();
            words.iter().any(|w| text.contains(w.as_str()))
        })
        .copied()
        .collect()
}

/// The parts of a pattern a near match may be made of, compiled once per
/// pattern and run (not once per source).
struct NearParts {
    /// The pattern's top-level tokens as text.
    texts: Vec<String>,
    /// Runs holding a significant word or a choice, longest first.
    parts: Vec<Part>,
}

impl NearParts {
    fn new(pattern: &str) -> Option<NearParts> {
        let (texts, parts) = parts(pattern).ok()?;
        let tokens = parse(pattern).ok()?;
        // Only parts holding a significant word or a choice count as a near match.
        let parts = parts
            .into_iter()
            .filter(|p| {
                tokens.get(p.start..p.end).is_some_and(|run| {
                    run.iter().any(|t| match t {
                        Token::Word(w) => significant(w),
                        Token::Choice(_) => true,
                        _ => false,
                    })
                })
            })
            .collect();
        Some(NearParts { texts, parts })
    }
}

/// The longest parts of a pattern matching in the sentences, best first.
fn nearest(source: &Source, near: &NearParts, sentences: &[Sentence]) -> Vec<NearMiss> {
    let NearParts { texts, parts } = near;
    let mut found: Vec<(usize, usize, usize, NearMiss)> = Vec::new();
    for (order, sentence) in sentences.iter().enumerate() {
        let Some(text) = source.text.get(sentence.range()) else {
            continue;
        };
        let Some((part, m)) = parts
            .iter()
            .find_map(|p| p.regex.find(text).map(|m| (p, m)))
        else {
            continue;
        };
        let join = |range: std::ops::Range<usize>| {
            let words = texts.get(range).unwrap_or_default();
            (!words.is_empty()).then(|| words.join(" "))
        };
        let start = sentence.start + m.start();
        let end = sentence.start + m.end();
        let before = tidy(source.original_slice(sentence.start..start));
        let after = tidy(source.original_slice(end..sentence.end));
        let before_words: Vec<&str> = before.split(' ').filter(|w| !w.is_empty()).collect();
        let after_words: Vec<&str> = after.split(' ').filter(|w| !w.is_empty()).collect();
        found.push((
            part.end - part.start,
            part.literals,
            order,
            NearMiss {
                location: location(source, start),
                sentence: tidy(source.original_slice(sentence.range())),
                matched_pattern: join(part.start..part.end).unwrap_or_default(),
                matched_text: tidy(source.original_slice(start..end)),
                missing_before: join(0..part.start),
                missing_after: join(part.end..texts.len()),
                text_before: before_words
                    .get(before_words.len().saturating_sub(CONTEXT_WORDS)..)
                    .unwrap_or_default()
                    .join(" "),
                text_after: after_words
                    .get(..after_words.len().min(CONTEXT_WORDS))
                    .unwrap_or_default()
                    .join(" "),
            },
        ));
    }
    found.sort_by(|a, b| (b.0, b.1, a.2).cmp(&(a.0, a.1, b.2)));
    found
        .into_iter()
        .take(NEAREST)
        .map(|(_, _, _, n)| n)
        .collect()
}

fn location(source: &Source, offset: usize) -> String {
    let p = source.position(offset);
    format!("{}:{}:{}", source.display_path(), p.line, p.column)
}

/// Source text for display: white space runs as one space, control and bidi
/// characters replaced, trimmed.
fn tidy(text: &str) -> String {
    text.split_whitespace()
        .map(crate::report::sanitize::terminal)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::LoadOptions;

    fn run(yaml: &str, texts: &[(&str, &str)], slot: &str) -> SlotTrace {
        let story = crate::rules::parse_story(yaml, "r.yaml").unwrap();
        let rules = RuleSet {
            stories: vec![story],
        };
        let sources: Vec<Source> = texts
            .iter()
            .map(|(n, t)| {
                Source::from_text(
                    Some((*n).into()),
                    None,
                    (*t).into(),
                    &LoadOptions::default(),
                )
            })
            .collect();
        let options = ExplainOptions {
            slots: vec![slot.into()],
            ..ExplainOptions::default()
        };
        let names: Vec<&str> = texts.iter().map(|(n, _)| *n).collect();
        assert!(check_filters(&rules, &names, &options).is_empty());
        let inputs = sources.into_iter().map(Input::Loaded).collect();
        let (mut e, _) = explain(&Checker::new(rules), inputs, &options);
        e.stories.remove(0).slots.remove(0)
    }

    const YAML: &str = "story: demo\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles in 2022\"]\n";

    #[test]
    fn matches_carry_raw_value_and_derivation() {
        let t = run(
            YAML,
            &[
                ("a", "The North fired nearly 70 missiles in 2022."),
                ("b", "It fired 45 missiles in 2022 alone."),
            ],
            "missiles",
        );
        let m = &t.sources[0].attempts[0].matches[0];
        assert_eq!(m.raw, "nearly 70");
        assert_eq!(m.matched, "fired nearly 70 missiles in 2022");
        assert_eq!(m.location, "<stdin>:1:17");
        match &m.outcome {
            MatchOutcome::Value {
                value,
                hedge,
                derivation,
                first,
            } => {
                assert_eq!(value, "nearly 70");
                assert_eq!(*hedge, Some(crate::kinds::number::Hedge::Tight));
                assert_eq!(derivation, "`nearly 70` -> [63, 70)");
                assert!(first);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(t.comparisons.len(), 1);
        assert_eq!(t.comparisons[0].verdict, Verdict::Different);
        assert!(t.sources[0].attempts[0].nearest.is_empty());
    }

    #[test]
    fn an_empty_slot_shows_the_nearest_partial_match() {
        let t = run(
            YAML,
            &[
                ("a", "The North fired nearly 70 missiles in 2022."),
                ("b", "It launched 45 missiles last year. Nothing else."),
            ],
            "missiles",
        );
        let b = &t.sources[1];
        assert_eq!(b.value, None);
        let attempt = &b.attempts[0];
        assert_eq!(attempt.sentences, "1 sentence contains `missiles`");
        assert!(attempt.matches.is_empty());
        let near = &attempt.nearest[0];
        assert_eq!(near.matched_pattern, "{number} missiles");
        assert_eq!(near.matched_text, "45 missiles");
        assert_eq!(near.missing_before.as_deref(), Some("fired"));
        assert_eq!(near.missing_after.as_deref(), Some("in 2022"));
        assert_eq!(near.text_before, "It launched");
        assert_eq!(near.text_after, "last year.");
    }

    #[test]
    fn a_quote_the_speaker_filter_drops_is_shown_dropped_not_as_the_value() {
        let yaml = "story: demo\nslots:\n  - id: vow\n    kind: quote\n    speaker: Kim Jong Un\n    patterns: [\"would not tolerate {quote}\", \"stressed the need for {quote}\"]\n";
        let t = run(
            yaml,
            &[(
                "b",
                "Kim Jong Un stressed the need for \"a more offensive\" manner, KCNA said.\n\nKwon Youngse said the South would not tolerate \"puppet traitors\" rhetoric.",
            )],
            "vow",
        );
        let b = &t.sources[0];
        match &b.attempts[0].matches[0].outcome {
            MatchOutcome::Dropped { value, why } => {
                assert_eq!(value, "puppet traitors");
                assert_eq!(
                    why,
                    "said by Kwon Youngse, not by one of `speaker:` (Kim Jong Un)"
                );
            }
            other => panic!("{other:?}"),
        }
        match &b.attempts[1].matches[0].outcome {
            MatchOutcome::Value { value, first, .. } => {
                assert_eq!(value, "a more offensive");
                assert!(first);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(b.value.as_deref(), Some("a more offensive"));
    }

    #[test]
    fn unknown_filters_suggest_the_nearest_name() {
        let story = crate::rules::parse_story(YAML, "r.yaml").unwrap();
        let rules = RuleSet {
            stories: vec![story],
        };
        let options = ExplainOptions {
            slots: vec!["missile".into()],
            ..ExplainOptions::default()
        };
        let d = check_filters(&rules, &[], &options);
        assert_eq!(d[0].message, "no slot `missile`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `missiles`?"));
    }
}
