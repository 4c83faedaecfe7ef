//! Quotations: find them in each source, attribute them to a speaker and align
//! them across sources.
//!
//! This is the engine of `crosswire quotes` (the command and its report are in
//! `quotes/`), of `{quote}` slots (`kinds::quote`) and of extraction's
//! `speaker:` and `contains:`. It works on normalized text (straight quote
//! marks, collapsed white space), never needs rules and depends on nothing
//! above `source/`.
//!
//! # What counts as a quote
//!
//! - **Double quotes** `"..."` pair within a paragraph. A mark opens a quote
//!   when it follows white space, the start of the paragraph or opening
//!   punctuation, and closes one when it follows a non-space and precedes white
//!   space, punctuation or the end.
//! - **Single quotes** `'...'` count only as a pair whose opening `'` follows
//!   white space, the start or opening punctuation and precedes a letter, and
//!   whose closing `'` follows a letter or punctuation and precedes white
//!   space, punctuation or the end. Apostrophes therefore never pair:
//!   `Workers' Party's`, `it's`, `rivals' drills`, `'90s`, `Seoul's`,
//!   `wasn't`; elisions (`'tis`, `rock 'n' roll`) are not openers either. A
//!   closing candidate like `rivals' drills` inside a single-quoted phrase is
//!   skipped when a later closing candidate ends the phrase in the same
//!   sentence. A single-quoted pair stays in one sentence unless its content
//!   ends with `, . ! ?` (a full quoted statement). Single quotes inside
//!   double quotes are ignored.
//! - **Nested quotes** (`"He said 'no' to them"`, or doubles in doubles when
//!   the next two marks both close) are kept as part of the outer quote, not
//!   reported on their own.
//! - **Multi-paragraph quotes**: a paragraph that leaves a double quote open
//!   continues in the next paragraph if that paragraph starts with `"` (the
//!   re-opening mark). The quote's span then covers the paragraph break and
//!   the re-opening mark (word normalization drops both). No other quote
//!   crosses a paragraph boundary.
//! - **A stray space before a closing mark** (AP's `attitude "over the`): a
//!   mark that could only open, met while a quote is open and with no closing
//!   mark left in its sentence, closes the open quote.
//! - A quote that never closes is dropped and the scan resumes after its
//!   opening mark. Text outside the given paragraphs is ignored.
//! - A quote is **partial** (a fragment: `in more "practical and offensive"
//!   ways`) unless it starts its sentence, or starts with a capital letter and
//!   follows `:`/`,` or ends with `. ! ?`.
//!
//! # How speakers are found
//!
//! Only the quote's sentence (from its opening sentence to its closing one)
//! is searched, with the words of every quote masked out, so a name inside a
//! quote never becomes its speaker. Levels, first match wins:
//!
//! 1. **A cue attached to the quote**: right after the closing mark
//!    (`"...," X said` → said-after, `said X` → said-inverted, `X told` →
//!    told, `according to X` → according-to, `X, the ..., said` → appositive,
//!    `X's ... agency said` → agency, `state media said` → state-media,
//!    `X reported` → reported, `he said` → pronoun), else ending right at the
//!    opening mark (`X said: "..."`, `what he described as '...'`).
//! 2. **The sentence subject**: the nearest name before the first speech or
//!    stance verb (said, vowed, ordered, expressed, warned, called, ...)
//!    that precedes the quote. A name right before the verb may be anything
//!    (`South Korea warned`); one farther away must look like a person (two or
//!    more capitalized words with no place or organization word, or a single
//!    word known from a fuller name in the same source, like `Kim`) or a
//!    medium. Titles are dropped (`North Korean leader Kim Jong Un` →
//!    `Kim Jong Un`), possessives skipped (`North Korea's leader`). Cue
//!    said-before, or appositive when the name is set off by commas.
//! 3. **A looser cue anywhere in the sentence** outside the quote: `state
//!    media said`, `according to`, `X reported`, `X said` — the one nearest the
//!    quote after it, else the nearest before it.
//!
//! So a speech verb directly attached to the quote beats the sentence subject,
//! which beats a trailing `state media said`: in `Kim Jong Un vowed ... more
//! "practical and offensive" ways ..., state media said Tuesday` the speaker
//! is Kim Jong Un.
//!
//! **Pronouns** (`he`/`she`) resolve to the one person named in the three
//! sentences before the quote's sentence (and in that sentence before the
//! pronoun); with none or several, the speaker is `None`. A surname after
//! a title counts as a person (`Foreign Minister Dzhumabekov`). `it`/`they`
//! are never resolved. A cue found but not resolvable stops the search: the
//! speaker is `None`, never guessed.
//!
//! [`same_speaker`] compares names: a small alias table (KCNA = Korean Central
//! News Agency = (North Korea's) state media; Yonhap) — replaceable through
//! [`SpeakerAliases`] — then token containment for people (`Kim` = `Kim Jong
//! Un`, `Kwon Young-se` = `Kwon Youngse`).
//!
//! # How drift is decided
//!
//! Quotes become [`QuoteText`]s (words lowercased, punctuation and quote marks
//! stripped: `U.S.` → `us`, `(South)` → `south`). [`align`] leaves out
//! quotes shorter than `min_words` (scare quotes), finds candidate pairs of
//! *different* sources through an index of word bigrams (not all pairs), and
//! scores each:
//!
//! - **identical**: the same words;
//! - **excerpt**: one quote's words are a contiguous run of the other's
//!   (`practical and offensive` in `increasing speed on a more practical and
//!   offensive`) — not a drift;
//! - **truncated**: an excerpt that is a full statement and stops where the
//!   other quote's phrase goes on (`no park` / `no park ranger`): a warning;
//! - **drift**: word similarity = 2 × words matched by a word diff / total
//!   words, plus 0.1 when both name the same speaker, is at least
//!   `min_similarity` (0.5). DW's and AP's KCNA lines share 13 of 19 + 24
//!   words in order: 0.60, plus 0.1 for the same speaker.
//!
//! Two different people, or two different media, as speakers block a pair; a
//! medium and a person do not (media relay people's words). Pairs merge
//! greedily, strongest evidence first (most words shared in order, then
//! identical, excerpt, drift), into groups with at most one quote per source;
//! a quote left out only because its source already has a member is attached
//! to that group when it is identical or an excerpt ([`Group::attached`]);
//! what is left alone is **unique**. [`Group::similarity`] keeps the weakest
//! link's score, so every decision can be explained, and [`word_diff`](crate::text::diff::word_diff) shows
//! the words that changed.
//!
//! # Limits
//!
//! - English cues only; the speech-verb, title and place word lists are
//!   small and built in.
//! - Person detection is by shape (capitalized words), so a two-word heading
//!   or an unknown organization can pass for a person.
//! - A single-quoted phrase ending in a plural possessive (`'the rivals'`)
//!   can close early.
//! - A group holds at most one member per source. A source's second quote
//!   that is identical to, or an excerpt of (or contains), a member of another
//!   source is *attached* to that group with its own class (identical or
//!   excerpt) and never changes the group's relation; a reworded repeat in
//!   the same source stays unique.
//! - A paraphrase that shares few words with the other source's quote, or a
//!   short quote reworded inside a long one, is not recognized as a drift.
//! - Only the first 400 words of a quote are scored.

pub mod align;
pub mod extract;
pub mod speaker;

use rayon::prelude::*;

pub use align::{
    align, normalize_words, relate, AlignOptions, Attachment, Group, QuoteText, Relation,
};
pub use extract::{find_quotes, Quote, SourceText};
pub use speaker::{same_speaker, Cue, Speaker, SpeakerAliases};

use crate::source::Source;

/// Every source's quotes, and their words for the aligner.
pub fn found_and_texts(sources: &[Source]) -> (Vec<Vec<Quote>>, Vec<Vec<QuoteText>>) {
    let found: Vec<Vec<Quote>> = sources.par_iter().map(quotes_of).collect();
    let texts = sources
        .iter()
        .zip(&found)
        .map(|(source, quotes)| {
            quotes
                .iter()
                .map(|q| QuoteText::from_quote(&source.text, q))
                .collect()
        })
        .collect();
    (found, texts)
}

/// The quotes of one source, as [`find_quotes`] finds them in its normalized
/// text, paragraphs and sentences (boilerplate already excluded), read in
/// the source's own language (English when it does not say).
pub fn quotes_of(source: &Source) -> Vec<Quote> {
    quotes_in(source, source.language_in(crate::lang::english()))
}

/// [`quotes_of`], reading the source in `language` (a story's, for a source
/// that does not say its own).
pub fn quotes_in(source: &Source, language: &'static crate::lang::Language) -> Vec<Quote> {
    let sentences: Vec<std::ops::Range<usize>> =
        source.sentences.iter().map(|s| s.range()).collect();
    find_quotes(&SourceText {
        text: &source.text,
        paragraphs: source.paragraphs(),
        sentences: &sentences,
        language,
    })
}
