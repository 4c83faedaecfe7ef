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

mod prefilter;

use rayon::prelude::*;

use crate::error::{Diagnostic, ErrorKind};
use crate::kinds::Value;
use crate::rules::{RuleSet, Slot, Story};
use crate::source::{Position, Source};

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
    /// Index of the pattern (in the slot) that matched.
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
    pub speaker: Option<crate::quotes::Speaker>,
}

/// Which stories apply to a source, and why the others do not.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The source index.
    pub source: usize,
    /// Stories that apply.
    pub stories: Vec<usize>,
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

/// Decide which stories apply to each source (their scope).
pub fn select(rules: &RuleSet, sources: &[Source]) -> Vec<Selection> {
    sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let mut selection = Selection {
                source: i,
                stories: Vec::new(),
                excluded: Vec::new(),
            };
            for (s, story) in rules.stories.iter().enumerate() {
                match story.scope.check(&source.text) {
                    Ok(()) => selection.stories.push(s),
                    Err(why) => selection.excluded.push((s, why)),
                }
            }
            selection
        })
        .collect()
}

/// Fill every slot of every applicable story from every source. Runs on the
/// current rayon pool.
pub fn extract(
    rules: &RuleSet,
    sources: &[Source],
    default_date: Option<jiff::civil::Date>,
) -> Extraction {
    let selections = select(rules, sources);
    let prefilters: Vec<Prefilter> = rules.stories.iter().map(Prefilter::new).collect();
    let work: Vec<(usize, usize)> = selections
        .iter()
        .flat_map(|sel| sel.stories.iter().map(move |&story| (sel.source, story)))
        .collect();
    let results: Vec<(Vec<Fill>, Vec<Diagnostic>)> = work
        .par_iter()
        .map(|&(source_index, story_index)| {
            let (Some(source), Some(story), Some(prefilter)) = (
                sources.get(source_index),
                rules.stories.get(story_index),
                prefilters.get(story_index),
            ) else {
                return (Vec::new(), Vec::new());
            };
            let published = source.date.map(|(d, _)| d).or(story.date).or(default_date);
            extract_story(
                source,
                source_index,
                story,
                story_index,
                prefilter,
                published,
            )
        })
        .collect();
    let mut fills = Vec::new();
    let mut warnings = Vec::new();
    for (mut f, mut w) in results {
        fills.append(&mut f);
        warnings.append(&mut w);
    }
    fills.sort_by(|a, b| {
        (a.story, a.slot, a.source, a.span.start, a.pattern).cmp(&(
            b.story,
            b.slot,
            b.source,
            b.span.start,
            b.pattern,
        ))
    });
    Extraction {
        fills,
        selections,
        warnings,
    }
}

/// Fill one story's slots from one source.
pub fn extract_story(
    source: &Source,
    source_index: usize,
    story: &Story,
    story_index: usize,
    prefilter: &Prefilter,
    published: Option<jiff::civil::Date>,
) -> (Vec<Fill>, Vec<Diagnostic>) {
    let candidates = prefilter.candidates(source);
    let mut fills = Vec::new();
    let mut warnings = Vec::new();
    for (slot_index, slot) in story.slots.iter().enumerate() {
        let mut slot_fills: Vec<Fill> = Vec::new();
        for (pattern_index, pattern) in slot.patterns.iter().enumerate() {
            for sentence in prefilter.sentences(&candidates, source, slot_index, pattern_index) {
                let Some(text) = source.text.get(sentence.start..sentence.end) else {
                    continue;
                };
                for caps in pattern.regex.captures_iter(text) {
                    let Some(whole) = caps.get(0) else { continue };
                    let value_match = caps.name("value").unwrap_or(whole);
                    if value_match.as_str().trim().is_empty() {
                        continue;
                    }
                    let span =
                        sentence.start + value_match.start()..sentence.start + value_match.end();
                    // Two patterns of a slot matching the same words give one value.
                    if slot_fills.iter().any(|f| f.span == span) {
                        continue;
                    }
                    let raw = source.original_slice(span.clone()).to_string();
                    match slot
                        .kind
                        .parse(value_match.as_str(), published, &slot.options)
                    {
                        Ok((value, derivation)) => slot_fills.push(Fill {
                            story: story_index,
                            slot: slot_index,
                            source: source_index,
                            pattern: pattern_index,
                            position: source.position(span.start),
                            matched: sentence.start + whole.start()..sentence.start + whole.end(),
                            span,
                            raw,
                            value,
                            derivation,
                            speaker: None,
                        }),
                        Err(why) => {
                            warnings.push(unparsed(source, slot, pattern_index, &span, &why))
                        }
                    }
                }
            }
        }
        fills.append(&mut slot_fills);
    }
    (fills, warnings)
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
