//! The pattern language: prose-like patterns compiled once into regexes.
//!
//! A pattern reads like the sentence it matches:
//!
//! ```text
//! Kwon Youngse ... expressed {phrase} (over|during)
//! ```
//!
//! - literal words match case-insensitively, across any run of white space and
//!   quote marks (`expressed strong regret` matches `expressed “strong regret”`);
//!   a word must match whole (`day` does not match `days`);
//! - `...` is a gap of up to [`GAP_WORDS`] words inside the same sentence;
//! - `(a|b)` is a choice of words or word sequences; an empty alternative makes
//!   it optional (`(the|)`); `\(` `\)` `\|` `\{` `\}` `\\` match those characters;
//! - `{number}`, `{ordinal}`, `{name}`, `{phrase}`, `{quote}`, `{weekday}` and
//!   `{date}`, `{time}`, `{quantity}` capture the slot's value; at most one per pattern, and it must fit
//!   the slot's kind. A pattern without a placeholder takes the whole match as
//!   its value.
//!
//! The escape hatch is `regex:` (a map entry instead of a string): a regex in
//! Rust's `regex` syntax, case-insensitive unless it says `(?-i)`, whose
//! named group `value` (or the whole match) is the value.
//!
//! [`parse`] turns a pattern into [`Token`]s, reporting errors at a byte offset
//! inside the pattern; [`compile`] builds the [`Pattern`]: the regex, and the
//! literal anchor word the prefilter looks for. A regex is built on its first
//! use, unless its size may keep it from building at all (`size.rs` bounds
//! it): then at once, so that the error is located in the rule file.

mod compile;
mod lazy;
mod parse;
pub(crate) mod size;
mod split;

pub use compile::{compile, compile_regex, parts, Part, Pattern, PatternMatch};
pub use parse::{parse, PatternError, Token};
pub use split::warm;

/// How many words `...` may skip.
pub const GAP_WORDS: usize = 15;

/// A typed placeholder in a pattern; declared by the kinds
/// ([`crate::kinds::registry`]), which own their regexes.
pub use crate::kinds::Placeholder;

/// Anchored regexes of the placeholders whose value a pattern may cut short.
impl Placeholder {
    /// When a pattern's words after the placeholder made the regex give up part of a
    /// value ("the {number} and a half year old" takes `three` from "three and a half"),
    /// the whole value the placeholder reads at `start` in `text`, so the caller can
    /// warn instead of keeping a truncated figure. A range or alternative cut at its
    /// joining word ("from {number} to" on "from 40 to 80") is the pattern's intent and
    /// is not reported.
    pub fn cut_short<'t>(
        self,
        text: &'t str,
        start: usize,
        end: usize,
        language: &'static crate::lang::Language,
    ) -> Option<&'t str> {
        if !self.def().is_some_and(|d| d.may_be_cut) {
            return None;
        }
        let whole = split::placeholder_at_start(self, text.get(start..)?, language)?;
        let extension = whole.get(end.checked_sub(start)?..)?;
        let joined = extension.trim_start().to_lowercase();
        let joins_range = ["to ", "or ", "-", "\u{2013}", "\u{2014}", "\u{2010}"]
            .iter()
            .any(|j| joined.starts_with(j));
        (!extension.trim().is_empty() && !joins_range).then_some(whole)
    }
}
