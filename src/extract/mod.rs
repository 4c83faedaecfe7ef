//! Extraction: fill every slot from every source, in parallel.
//!
//! For each (source, story) pair whose scope matches, every slot's patterns are
//! run over the source's sentences (never across a sentence boundary, never in
//! boilerplate). A prefilter ([`prefilter`]) runs one Aho-Corasick scan per
//! source for the anchor words of all patterns, so a pattern's regex only runs
//! on the sentences that contain its anchor. Each match becomes a [`Fill`]:
//! the value normalized by the slot's kind, with its provenance.
//!
//! Work is spread over sources × stories with rayon; results are collected in
//! input order, so output is the same whatever the thread count.

mod observe;
mod prefilter;

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::error::{Diagnostic, ErrorKind};
use crate::kinds::{quote, Kind, Value};
use crate::pattern::{Pattern, Placeholder};
use crate::quotation::{Quote, Speaker};
use crate::rules::{RuleSet, Slot, Story};
use crate::source::{DateOrigin, Position, Source};
use crate::text::words::normalize_words;

pub use observe::{ExtractObserver, Match, MatchOutcome, PatternAt};
pub use prefilter::Prefilter;

/// One value read from one source for one slot.
#[derive(Debug, Clone)]
pub struct Fill {
    /// Index of the story in the rule set.
    pub story: usize,
    /// Index of the slot in its story.
    pub slot: usize,
    /// Index of the source.
    pub source: usize,
    /// Index of the pattern (in the slot) that matched; the number of
    /// patterns for a quote found by the slot's `speaker:`/`contains:`.
    pub pattern: usize,
    /// Byte range of the value in the source's normalized text.
    pub span: std::ops::Range<usize>,
    /// Byte range of the whole match in the normalized text.
    pub matched: std::ops::Range<usize>,
    /// The value's text as written in the original source.
    pub raw: String,
    /// The normalized value.
    pub value: Value,
    /// How the value was derived from the text.
    pub derivation: String,
    /// Where the value starts in the original file.
    pub position: Position,
    /// For `quote` slots: who said it.
    pub speaker: Option<crate::quotation::Speaker>,
    /// The value's sentence as written, bounded, so reports can show it
    /// after the source's text is gone (see [`Fill::excerpt_in`]).
    pub excerpt: Option<Excerpt>,
}

/// A value's sentence as written (white space tidied, control characters
/// replaced, at most [`crate::source::EXCERPT_CHARS`] characters around the
/// value), with the value's place in it and where the value ends in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Excerpt {
    /// The sentence text (shared with the value's located views).
    pub sentence: std::sync::Arc<str>,
    /// Byte range of the value inside `sentence`.
    pub highlight: std::ops::Range<usize>,
    /// Line and column just after the value in the original file.
    pub end: crate::source::Position,
}

impl Fill {
    /// The excerpt of this fill in the source it was read from: the sentence
    /// holding the value (a match that runs past it keeps its whole match).
    pub fn excerpt_in(&self, source: &Source) -> Excerpt {
        let sentence = source
            .sentence_containing(self.span.start)
            .map_or(self.matched.clone(), |s| s.start..s.end);
        let (text, highlight) = source.excerpt(sentence, self.span.clone());
        Excerpt {
            sentence: text.into(),
            highlight,
            end: source.end_position(self.span.clone()),
        }
    }
}

/// Which stories apply to a source, and why the others do not.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The source index.
    pub source: usize,
    /// Stories that apply.
    pub stories: Vec<usize>,
    /// The publication date used for each applying story (parallel to
    /// `stories`): the source's own (front matter, dateline), else the
    /// story's `date:`, else the caller's default. Resolved once, here, so
    /// extraction, comparison and the report use the same date.
    pub published: Vec<Option<(jiff::civil::Date, DateOrigin)>>,
    /// Stories that do not, with the reason.
    pub excluded: Vec<(usize, String)>,
}

/// Everything extraction produced.
#[derive(Debug, Default)]
pub struct Extraction {
    /// All fills, sorted by (story, slot, source, offset).
    pub fills: Vec<Fill>,
    /// Which stories applied to which sources.
    pub selections: Vec<Selection>,
    /// Matches whose text did not parse as the slot's kind.
    pub warnings: Vec<Diagnostic>,
}

/// Decide which stories apply to each source (their scope), and the
/// publication date each applying story reads the source with.
pub fn select(
    rules: &RuleSet,
    sources: &[Source],
    default_date: Option<jiff::civil::Date>,
) -> Vec<Selection> {
    sources
        .iter()
        .enumerate()
        .map(|(i, source)| select_source(rules, source, i, default_date))
        .collect()
}

/// [`select`] for one source.
pub fn select_source(
    rules: &RuleSet,
    source: &Source,
    index: usize,
    default_date: Option<jiff::civil::Date>,
) -> Selection {
    let mut selection = Selection {
        source: index,
        stories: Vec::new(),
        published: Vec::new(),
        excluded: Vec::new(),
    };
    // Stories of one scope are in or out together: a library of many
    // stories shares a few scopes, each checked once per source.
    let mut decided: std::collections::HashMap<&str, Result<(), String>> =
        std::collections::HashMap::new();
    for (s, story) in rules.stories.iter().enumerate() {
        let verdict = decided
            .entry(story.scope.key())
            .or_insert_with(|| story.scope.check_source(source))
            .clone();
        match verdict {
            Ok(()) => {
                selection.stories.push(s);
                selection.published.push(
                    source
                        .date
                        .or_else(|| story.date.map(|d| (d, DateOrigin::Story)))
                        .or_else(|| default_date.map(|d| (d, DateOrigin::Cli))),
                );
            }
            Err(why) => selection.excluded.push((s, why)),
        }
    }
    selection
}

impl Selection {
    /// The publication date the source is read with for `story`, if any.
    pub fn published_for(&self, story: usize) -> Option<jiff::civil::Date> {
        self.stories
            .iter()
            .position(|&s| s == story)
            .and_then(|i| self.published.get(i).copied().flatten())
            .map(|(d, _)| d)
    }
}

/// The anchor automaton of every story's patterns and each story's
/// prefilter, built once per run.
#[derive(Debug)]
pub struct Matcher {
    scanner: prefilter::Scanner,
    prefilters: Vec<Prefilter>,
}

impl Matcher {
    /// The scanner and prefilters of `rules`' stories.
    pub fn new(rules: &RuleSet) -> Self {
        let (scanner, prefilters) = prefilter::build(&rules.stories);
        Matcher {
            scanner,
            prefilters,
        }
    }
}

/// A regex build that extraction would otherwise do on first need.
pub(crate) type WarmUp = Box<dyn FnOnce() + Send>;

/// What a run over `rules` is sure or likely to build on first need, as jobs
/// that spare threads can do ahead while others read the first sources: the
/// line regexes of sources that do not give their language (read as
/// English), each shared placeholder regex that a story's patterns read
/// values with, in the story's language, and the regexes that find quotes'
/// speakers, for a story with a `quote` slot. A first need, on any thread, makes
/// every other thread that needs the regex wait for it.
pub(crate) fn warm_ups(rules: &RuleSet) -> Vec<WarmUp> {
    let mut jobs: Vec<WarmUp> = crate::source::boilerplate_warm_ups().into();
    let mut seen = Vec::new();
    let mut quotes_read_in = Vec::new();
    for story in &rules.stories {
        let reads_quotes = story.slots.iter().any(|slot| slot.kind == Kind::Quote);
        if reads_quotes && !quotes_read_in.contains(&story.language.index()) {
            quotes_read_in.push(story.language.index());
            jobs.extend(crate::quotation::speaker::warm_ups(story.language));
        }
        let patterns = story.slots.iter().flat_map(|slot| &slot.patterns);
        for placeholder in patterns.filter_map(Pattern::shared_placeholder) {
            let key = (placeholder, story.language.index());
            if !seen.contains(&key) {
                seen.push(key);
                let language = story.language;
                jobs.push(Box::new(move || {
                    crate::pattern::warm(placeholder, language)
                }));
            }
        }
    }
    jobs
}

/// What extraction read from one source.
#[derive(Debug, Default)]
pub struct SourceExtraction {
    /// Which stories apply to the source.
    pub selection: Option<Selection>,
    /// Its fills, sorted by (story, slot, offset).
    pub fills: Vec<Fill>,
    /// Matches whose text did not parse as the slot's kind.
    pub warnings: Vec<Diagnostic>,
}

/// Fill every slot of every applicable story from one source (`index` is
/// its index in the run). Each fill carries its excerpt, so the caller may
/// drop the source's text afterwards.
pub fn extract_source(
    rules: &RuleSet,
    matcher: &Matcher,
    source: &Source,
    index: usize,
    default_date: Option<jiff::civil::Date>,
) -> SourceExtraction {
    extract_source_observed(rules, matcher, source, index, default_date, None)
}

/// [`extract_source`], telling `observer` (when there is one) what it does.
pub fn extract_source_observed(
    rules: &RuleSet,
    matcher: &Matcher,
    source: &Source,
    index: usize,
    default_date: Option<jiff::civil::Date>,
    mut observer: Option<&mut dyn ExtractObserver>,
) -> SourceExtraction {
    let selection = select_source(rules, source, index, default_date);
    if let Some(o) = reborrow(&mut observer) {
        for (&story, published) in selection.stories.iter().zip(&selection.published) {
            o.scope_decided(source, story, Ok(()), published.map(|(d, _)| d));
        }
        for (story, why) in &selection.excluded {
            o.scope_decided(source, *story, Err(why), None);
        }
    }
    // A source's quotes are found at most once per language it is read in,
    // however many stories with quote slots apply to it.
    let quotes: QuoteCache = Default::default();
    let mut fills = Vec::new();
    let mut warnings = Vec::new();
    // One scan for the anchors of every story, when any applies.
    let candidates = (!selection.stories.is_empty()).then(|| matcher.scanner.candidates(source));
    for (&story_index, published) in selection.stories.iter().zip(&selection.published) {
        let (Some(story), Some(prefilter), Some(candidates)) = (
            rules.stories.get(story_index),
            matcher.prefilters.get(story_index),
            candidates.as_ref(),
        ) else {
            continue;
        };
        let (mut f, mut w) = extract_story(
            source,
            index,
            story,
            story_index,
            (prefilter, candidates),
            published.map(|(d, _)| d),
            &quotes,
            reborrow(&mut observer),
        );
        fills.append(&mut f);
        warnings.append(&mut w);
    }
    for fill in &mut fills {
        fill.excerpt = Some(fill.excerpt_in(source));
    }
    if let Some(o) = observer {
        for fill in &fills {
            o.fill_kept(source, fill);
        }
    }
    SourceExtraction {
        selection: Some(selection),
        fills,
        warnings,
    }
}

impl Extraction {
    /// Gather per-source extractions (in source order) into one, fills
    /// sorted by (story, slot, source, offset, pattern).
    pub fn gather(parts: impl IntoIterator<Item = SourceExtraction>) -> Extraction {
        // Sized once: appending ten thousand sources' fills to a growing list
        // copied them again at each doubling, on one thread.
        let parts: Vec<SourceExtraction> = parts.into_iter().collect();
        let mut out = Extraction {
            selections: Vec::with_capacity(parts.len()),
            fills: Vec::with_capacity(parts.iter().map(|p| p.fills.len()).sum()),
            ..Extraction::default()
        };
        for part in parts {
            out.selections.extend(part.selection);
            let mut fills = part.fills;
            out.fills.append(&mut fills);
            let mut warnings = part.warnings;
            out.warnings.append(&mut warnings);
        }
        // Stable, as `sort_by` is: the same order whatever the threads.
        out.fills.par_sort_by(|a, b| {
            (a.story, a.slot, a.source, a.span.start, a.pattern).cmp(&(
                b.story,
                b.slot,
                b.source,
                b.span.start,
                b.pattern,
            ))
        });
        out
    }
}

/// Fill every slot of every applicable story from every source. Runs on the
/// current rayon pool.
pub fn extract(
    rules: &RuleSet,
    sources: &[Source],
    default_date: Option<jiff::civil::Date>,
) -> Extraction {
    let matcher = Matcher::new(rules);
    let parts: Vec<SourceExtraction> = sources
        .par_iter()
        .enumerate()
        .map(|(i, source)| extract_source(rules, &matcher, source, i, default_date))
        .collect();
    Extraction::gather(parts)
}

/// How far past its sentence a `{quote}` pattern reads: a quotation may run
/// over several sentences of its line, up to this many bytes (far longer
/// than any quotation), so that a page on one line of megabytes costs time
/// linear in its length, not a read to the line's end from every sentence.
pub const QUOTE_REACH_BYTES: usize = 8192;

/// A source's quotes, per language it is read in, once a quote slot has
/// needed them (shared between the source's stories).
type QuoteCache = [OnceLock<Vec<Quote>>; crate::lang::COUNT];

/// Fill one story's slots from one source, telling `observer` (when there is
/// one) what it does.
#[allow(clippy::too_many_arguments)]
fn extract_story(
    source: &Source,
    source_index: usize,
    story: &Story,
    story_index: usize,
    (prefilter, candidates): (&Prefilter, &prefilter::Candidates),
    published: Option<jiff::civil::Date>,
    quotes: &QuoteCache,
    mut observer: Option<&mut dyn ExtractObserver>,
) -> (Vec<Fill>, Vec<Diagnostic>) {
    let language = source.language_in(story.language);
    let mut fills = Vec::new();
    let mut warnings = Vec::new();
    // An observer hears about every slot; otherwise only the slots that can
    // match are visited.
    let visited: Vec<usize> = match observer {
        Some(_) => (0..story.slots.len()).collect(),
        None => prefilter.live_slots(candidates),
    };
    for slot_index in visited {
        let Some(slot) = story.slots.get(slot_index) else {
            continue;
        };
        let mut slot_fills: Vec<Fill> = Vec::new();
        // Spans already filled, by start (their ends, and which pattern):
        // they never overlap, so the one starting last before a new span's
        // end is the only one that can overlap it, and a source with many
        // matches costs n log n.
        let mut filled: std::collections::BTreeMap<usize, (usize, usize)> =
            std::collections::BTreeMap::new();
        for (pattern_index, pattern) in slot.patterns.iter().enumerate() {
            let at = PatternAt {
                story: story_index,
                slot: slot_index,
                pattern: pattern_index,
            };
            let sentences = prefilter.sentences(candidates, source, slot_index, pattern_index);
            if let Some(o) = reborrow(&mut observer) {
                o.pattern_tried(source, at, &sentences);
            }
            for sentence in sentences {
                if !prefilter.holds_other_words(
                    candidates,
                    source,
                    slot_index,
                    pattern_index,
                    &sentence,
                ) {
                    continue;
                }
                // A quotation may run over several sentences of its line.
                let end = if pattern.placeholder == Some(Placeholder::Quote) {
                    source.line_end_within(sentence, QUOTE_REACH_BYTES)
                } else {
                    sentence.end
                };
                let Some(text) = source.text.get(sentence.start..end) else {
                    continue;
                };
                for found in pattern.matches_in(text, language) {
                    let whole = found.whole;
                    // A match that starts in a later sentence is that sentence's.
                    if sentence.start + whole.start >= sentence.end {
                        continue;
                    }
                    let value_text = text.get(found.value.clone()).unwrap_or("");
                    if value_text.trim().is_empty() {
                        continue;
                    }
                    let span = sentence.start + found.value.start..sentence.start + found.value.end;
                    let matched = sentence.start + whole.start..sentence.start + whole.end;
                    // Told only when someone listens: the hot path builds nothing.
                    let mut tell = |outcome: MatchOutcome<'_>| {
                        if let Some(o) = reborrow(&mut observer) {
                            o.matched(
                                source,
                                &Match {
                                    at,
                                    sentence,
                                    whole: matched.clone(),
                                    value: span.clone(),
                                    outcome,
                                },
                            );
                        }
                    };
                    // Two patterns of a slot matching the same words, or
                    // overlapping words ("strike on Tuesday": `on Tuesday`
                    // and `Tuesday`), read one mention: one value.
                    if let Some((_, &(_, earlier))) = filled
                        .range(..span.end)
                        .next_back()
                        .filter(|(_, &(end, _))| end > span.start)
                    {
                        tell(MatchOutcome::Duplicate(earlier));
                        continue;
                    }
                    let raw = source.original_slice(span.clone()).to_string();
                    // A value the pattern's later words cut short is not a value.
                    if let Some(whole_value) = pattern.placeholder.and_then(|p| {
                        p.cut_short(text, found.value.start, found.value.end, language)
                    }) {
                        let why = format!(
                            "the pattern takes `{value_text}` out of `{whole_value}`; write the pattern so {} captures all of it",
                            pattern.placeholder.map_or(String::new(), |p| p.to_string()),
                        );
                        tell(MatchOutcome::Invalid(&why));
                        warnings.push(unparsed(source, slot, pattern_index, &span, &why));
                        continue;
                    }
                    match slot
                        .kind
                        .parse(value_text, published, language, &slot.options)
                    {
                        Ok((value, derivation)) => {
                            filled.insert(span.start, (span.end, pattern_index));
                            let fill = Fill {
                                story: story_index,
                                slot: slot_index,
                                source: source_index,
                                pattern: pattern_index,
                                position: source.position(span.start),
                                matched: matched.clone(),
                                span: span.clone(),
                                raw,
                                value,
                                derivation,
                                speaker: None,
                                excerpt: None,
                            };
                            tell(MatchOutcome::Value(&fill));
                            slot_fills.push(fill);
                        }
                        Err(why) => {
                            tell(MatchOutcome::Invalid(&why));
                            warnings.push(unparsed(source, slot, pattern_index, &span, &why))
                        }
                    }
                }
            }
        }
        if slot.kind == Kind::Quote {
            let quotes = quotes.get(language.index()).map_or(&[][..], |cell| {
                cell.get_or_init(|| crate::quotation::quotes_in(source, language))
            });
            select_quotes(
                source,
                source_index,
                story_index,
                slot_index,
                slot,
                quotes,
                (published, language),
                &mut slot_fills,
                reborrow(&mut observer),
            );
            // The comparator weighs who said it, as `crosswire quotes` does.
            for fill in &mut slot_fills {
                if let Value::Text(text) = &mut fill.value {
                    text.speaker = fill.speaker.as_ref().map(|s| s.name.clone());
                }
            }
        }
        if let Some(o) = reborrow(&mut observer) {
            o.slot_done(source, story_index, slot_index, &slot_fills);
        }
        fills.append(&mut slot_fills);
    }
    (fills, warnings)
}

/// Fills of a `quote` slot: pattern fills get the speaker of the quote they
/// fall in and are kept when they pass `speaker:` and `contains:`; a slot
/// without patterns takes every quote of the source that passes them.
#[allow(clippy::too_many_arguments)]
fn select_quotes(
    source: &Source,
    source_index: usize,
    story_index: usize,
    slot_index: usize,
    slot: &Slot,
    quotes: &[Quote],
    (published, language): (Option<jiff::civil::Date>, &'static crate::lang::Language),
    fills: &mut Vec<Fill>,
    mut observer: Option<&mut dyn ExtractObserver>,
) {
    let options = &slot.options;
    let passes = |speaker: Option<&Speaker>, text: &str| {
        (options.speakers.is_empty()
            || speaker.is_some_and(|s| quote::speaker_matches(&s.name, &options.speakers)))
            && quote::contains_all(&normalize_words(text), &options.contains)
    };
    if !slot.patterns.is_empty() {
        for fill in fills.iter_mut() {
            // Quotes come in document order and do not overlap: the one
            // holding the fill is the last that starts at or before it.
            let at = quotes.partition_point(|q| q.outer.start <= fill.span.start);
            fill.speaker = at
                .checked_sub(1)
                .and_then(|i| quotes.get(i))
                .filter(|q| fill.span.start < q.outer.end)
                .and_then(|q| q.speaker.clone());
        }
        fills.retain(|f| {
            let kept = passes(
                f.speaker.as_ref(),
                source.text.get(f.span.clone()).unwrap_or(""),
            );
            if !kept {
                if let Some(o) = reborrow(&mut observer) {
                    o.fill_dropped(source, f, &quote_refusal(f.speaker.as_ref(), options));
                }
            }
            kept
        });
        return;
    }
    for q in quotes {
        let Some(text) = source.text.get(q.span.clone()) else {
            continue;
        };
        if !passes(q.speaker.as_ref(), text) {
            continue;
        }
        // A quote with no words has nothing to compare; skip it quietly.
        let Ok((value, derivation)) = slot.kind.parse(text, published, language, options) else {
            continue;
        };
        fills.push(Fill {
            story: story_index,
            slot: slot_index,
            source: source_index,
            // Past the last pattern: found by the slot's speaker/contains.
            pattern: slot.patterns.len(),
            span: q.span.clone(),
            matched: q.outer.clone(),
            raw: source.original_slice(q.span.clone()).to_string(),
            value,
            derivation: format!(
                "quote selected by speaker/contains ({}); {derivation}",
                q.speaker
                    .as_ref()
                    .map_or("speaker unknown".to_string(), |s| format!(
                        "said by {}, cue {}",
                        s.name,
                        s.cue.as_str()
                    ))
            ),
            position: source.position(q.span.start),
            speaker: q.speaker.clone(),
            excerpt: None,
        });
    }
}

/// The observer again, for a shorter while (an `Option` is no coercion site,
/// so `as_deref_mut` cannot shorten the trait object's lifetime).
fn reborrow<'b>(
    observer: &'b mut Option<&mut dyn ExtractObserver>,
) -> Option<&'b mut dyn ExtractObserver> {
    match observer {
        Some(o) => Some(&mut **o),
        None => None,
    }
}

/// Why a quote slot's `speaker:` or `contains:` refused a quote, in words.
fn quote_refusal(speaker: Option<&Speaker>, options: &crate::kinds::ValueOptions) -> String {
    let speaker_ok = options.speakers.is_empty()
        || speaker.is_some_and(|s| quote::speaker_matches(&s.name, &options.speakers));
    if speaker_ok {
        format!(
            "the quote does not contain all of `contains:` ({})",
            options
                .contains
                .iter()
                .map(|words| words.join(" "))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!(
            "said by {}, not by one of `speaker:` ({})",
            speaker.map_or("an unknown speaker", |s| s.name.as_str()),
            options.speakers.join(", ")
        )
    }
}

fn unparsed(
    source: &Source,
    slot: &Slot,
    pattern: usize,
    span: &std::ops::Range<usize>,
    why: &str,
) -> Diagnostic {
    let position = source.position(span.start);
    let mut d = Diagnostic::warning(
        ErrorKind::Extraction,
        format!(
            "pattern {} of slot `{}` matched text that is not a valid {}: {why}",
            pattern + 1,
            slot.id,
            slot.kind
        ),
    )
    .in_file(source.display_path());
    d.line = Some(position.line);
    d.column = Some(position.column);
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn warm_ups_are_the_line_regexes_and_each_shared_placeholder_once_per_language() {
        let english = "story: e\nslots:\n  - id: a\n    kind: count\n    patterns: [\"{number} jobs\", \"cut {number} posts\"]\n  - id: b\n    kind: quantity\n    patterns: [\"winds of {quantity}\"]\n  - id: c\n    kind: phrase\n    patterns: [\"said {phrase} today\"]\n  - id: d\n    kind: quote\n    patterns: [\"{quote}\"]\n";
        let german = "story: g\nlanguage: de\nslots:\n  - id: a\n    kind: count\n    patterns: [\"{number} Stellen\"]\n";
        let again =
            "story: e2\nslots:\n  - id: a\n    kind: count\n    patterns: [\"{number} homes\"]\n";
        let rules = RuleSet {
            stories: [english, german, again]
                .iter()
                .map(|yaml| crate::rules::parse_story(yaml, "r.yaml").unwrap())
                .collect(),
        };
        // Three line regexes; four groups of speaker regexes, for the quote
        // slot; {number} in English and in German, {quantity} in English
        // ({phrase} and {quote} are not matched split: they share no regex).
        let jobs = warm_ups(&rules);
        assert_eq!(jobs.len(), 3 + 4 + 3);
        for job in jobs {
            job();
        }
        assert_eq!(warm_ups(&RuleSet::default()).len(), 3);
    }

    #[test]
    fn stories_of_one_scope_are_selected_together_and_others_on_their_own() {
        let story = |name: &str, scope: &str| {
            let yaml = format!("story: {name}\nscope:\n  any: [{scope}]\nslots:\n  - id: a\n    kind: count\n    patterns: [\"{{number}} dead\"]\n");
            crate::rules::parse_story(&yaml, "r.yaml").unwrap()
        };
        let rules = RuleSet {
            stories: vec![
                story("q1", "quake"),
                story("s1", "storm"),
                story("q2", "quake"),
                story("qs", "quake, storm"),
            ],
        };
        let source = Source::from_text(
            None,
            None,
            "A quake left 3 dead.".to_string(),
            &crate::source::LoadOptions::default(),
        );
        let selection = select_source(&rules, &source, 0, None);
        assert_eq!(selection.stories, vec![0, 2, 3]);
        assert_eq!(selection.excluded.len(), 1);
        assert_eq!(selection.excluded[0].0, 1);
        assert_eq!(selection.excluded[0].1, "mentions none of storm");
    }
}
