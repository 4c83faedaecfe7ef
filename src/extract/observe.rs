//! The observer hook of extraction: what [`super::extract_source`] did, told
//! as it does it, so that a tool (`explain`) can record the real run instead
//! of re-running the matching loop.
//!
//! Every method has a no-op default. Extraction takes an
//! `Option<&mut dyn ExtractObserver>`, and a plain `check` passes `None`, so
//! the hot path pays one branch per event site and nothing else. One observer
//! sees one source, on the thread that extracts it, in document order.

use std::ops::Range;

use super::Fill;
use crate::source::{Sentence, Source};

/// Which pattern of which slot of which story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternAt {
    /// Index of the story in the rule set.
    pub story: usize,
    /// Index of the slot in its story.
    pub slot: usize,
    /// Index of the pattern in its slot.
    pub pattern: usize,
}

/// What became of one match of a pattern.
#[derive(Debug, Clone, Copy)]
pub enum MatchOutcome<'a> {
    /// It gave a value (quote slots may still drop it, see
    /// [`ExtractObserver::fill_dropped`]).
    Value(&'a Fill),
    /// An earlier pattern of the slot captured the same words (its index).
    Duplicate(usize),
    /// The captured text is not a valid value (why).
    Invalid(&'a str),
}

/// One match of a pattern in a sentence.
#[derive(Debug, Clone)]
pub struct Match<'a> {
    /// Which pattern matched.
    pub at: PatternAt,
    /// The sentence it was tried on.
    pub sentence: Sentence,
    /// Byte range of the whole match in the normalized text.
    pub whole: Range<usize>,
    /// Byte range of the captured value in the normalized text.
    pub value: Range<usize>,
    /// What became of it.
    pub outcome: MatchOutcome<'a>,
}

/// Told what extraction does with one source. All methods default to doing
/// nothing.
pub trait ExtractObserver {
    /// Whether story `story` applies to the source (`Err` says why not), and
    /// the publication date it is read with.
    fn scope_decided(
        &mut self,
        _source: &Source,
        _story: usize,
        _applies: Result<(), &str>,
        _published: Option<jiff::civil::Date>,
    ) {
    }

    /// A pattern is about to run on these sentences (the prefilter's choice).
    fn pattern_tried(&mut self, _source: &Source, _at: PatternAt, _sentences: &[Sentence]) {}

    /// A pattern matched (matches with no text are not told).
    fn matched(&mut self, _source: &Source, _found: &Match<'_>) {}

    /// A value read by a pattern was dropped afterwards, and why (a quote
    /// slot's `speaker:` or `contains:`).
    fn fill_dropped(&mut self, _source: &Source, _fill: &Fill, _why: &str) {}

    /// A slot is done in this source: these are its values (empty when it has
    /// none), in document order.
    fn slot_done(&mut self, _source: &Source, _story: usize, _slot: usize, _fills: &[Fill]) {}

    /// A value the source keeps, told exactly once per value, in the order
    /// of the source's fills (story, slot, document order), with its excerpt.
    fn fill_kept(&mut self, _source: &Source, _fill: &Fill) {}
}
