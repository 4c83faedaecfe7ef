//! Text utilities every stage shares, below all of them: the one folding table
//! for quote marks, apostrophes and hyphens ([`fold`]), the one word tokenizer
//! ([`words`]) and the one word diff ([`diff`]). Nothing here knows about
//! sources, rules or findings.

pub mod diff;
pub mod fold;
pub mod words;
