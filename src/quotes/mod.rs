//! `crosswire quotes`: find every quotation in every source, attribute it,
//! align quotes across sources and report the ones whose wording drifted.
//!
//! The finding, attribution and alignment live in [`crate::quotation`] (low in
//! the layering, so extraction and the `quote` kind can use them); this module
//! is the command on top: it loads inputs, runs the aligner and turns groups
//! into findings and a [`QuoteReport`]. The names of `quotation` are
//! re-exported here so that `crosswire::quotes::...` paths keep working.

pub mod report;

pub use crate::quotation::{
    align, extract, find_quotes, found_and_texts, normalize_words, quotes_of, relate, same_speaker,
    speaker, AlignOptions, Attachment, Cue, Group, Quote, QuoteText, Relation, SourceText, Speaker,
    SpeakerAliases,
};
pub use report::{
    check, check_paths, drift_findings, QuoteClass, QuoteEntry, QuoteOptions, QuoteReport,
    QuoteSummary,
};
