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
//! literal anchor word the prefilter looks for.

mod compile;
mod parse;
mod split;

pub use compile::{compile, compile_regex, parts, Part, Pattern, PatternMatch};
pub use parse::{parse, PatternError, Token};

use std::fmt;

/// How many words `...` may skip.
pub const GAP_WORDS: usize = 15;

/// A typed placeholder in a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Placeholder {
    /// `{number}`: digits, number words, ordinals, with a qualifier.
    Number,
    /// `{ordinal}`: "fifth", "5th".
    Ordinal,
    /// `{name}`: capitalised words.
    Name,
    /// `{phrase}`: the fewest words that let the pattern match.
    Phrase,
    /// `{quote}`: words between quote marks.
    Quote,
    /// `{weekday}`: "Monday", "on Monday", "last Monday".
    Weekday,
    /// `{date}`: dates, months, relative dates.
    Date,
    /// `{time}`: a time of day with its zone: "3:20 p.m.", "1353 GMT", "noon".
    Time,
    /// `{quantity}`: a figure with its unit: "15 miles", "$2.5 million", "40%".
    Quantity,
}

impl Placeholder {
    /// Every placeholder.
    pub const ALL: [Placeholder; 9] = [
        Placeholder::Number,
        Placeholder::Ordinal,
        Placeholder::Name,
        Placeholder::Phrase,
        Placeholder::Quote,
        Placeholder::Weekday,
        Placeholder::Date,
        Placeholder::Time,
        Placeholder::Quantity,
    ];

    /// The word inside the braces.
    pub fn as_str(self) -> &'static str {
        match self {
            Placeholder::Number => "number",
            Placeholder::Ordinal => "ordinal",
            Placeholder::Name => "name",
            Placeholder::Phrase => "phrase",
            Placeholder::Quote => "quote",
            Placeholder::Weekday => "weekday",
            Placeholder::Date => "date",
            Placeholder::Time => "time",
            Placeholder::Quantity => "quantity",
        }
    }

    /// Look a placeholder up by the word inside the braces.
    pub fn from_word(word: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.as_str() == word)
    }

    /// The regex fragment (without a capture group) the placeholder matches.
    pub fn regex(self) -> &'static str {
        match self {
            Placeholder::Number => crate::kinds::number::number_regex(),
            Placeholder::Ordinal => crate::kinds::number::ordinal_regex(),
            Placeholder::Name => crate::kinds::name::NAME_REGEX,
            Placeholder::Phrase => crate::kinds::phrase::PHRASE_REGEX,
            Placeholder::Quote => crate::kinds::phrase::QUOTE_REGEX,
            Placeholder::Weekday => crate::kinds::date::weekday_regex(),
            Placeholder::Date => crate::kinds::date::date_regex(),
            Placeholder::Time => crate::kinds::time::TIME_REGEX,
            Placeholder::Quantity => crate::kinds::quantity::quantity_regex(),
        }
    }
}

/// Anchored regexes of the placeholders whose value a pattern may cut short.
static WHOLE_VALUE: std::sync::LazyLock<Vec<(Placeholder, regex::Regex)>> =
    std::sync::LazyLock::new(|| {
        [Placeholder::Number]
            .into_iter()
            .filter_map(|p| {
                regex::Regex::new(&format!("^(?:{})", p.regex()))
                    .ok()
                    .map(|r| (p, r))
            })
            .collect()
    });

impl Placeholder {
    /// When a pattern's words after the placeholder made the regex give up part of a
    /// value ("the {number} and a half year old" takes `three` from "three and a half"),
    /// the whole value the placeholder reads at `start` in `text`, so the caller can
    /// warn instead of keeping a truncated figure. A range or alternative cut at its
    /// joining word ("from {number} to" on "from 40 to 80") is the pattern's intent and
    /// is not reported.
    pub fn cut_short(self, text: &str, start: usize, end: usize) -> Option<&str> {
        let (_, regex) = WHOLE_VALUE.iter().find(|(p, _)| *p == self)?;
        let rest = text.get(start..)?;
        let whole = regex.find(rest)?.as_str();
        let extension = whole.get(end.checked_sub(start)?..)?;
        let joined = extension.trim_start().to_lowercase();
        let joins_range = ["to ", "or ", "-", "\u{2013}", "\u{2014}", "\u{2010}"]
            .iter()
            .any(|j| joined.starts_with(j));
        (!extension.trim().is_empty() && !joins_range).then_some(whole)
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.as_str())
    }
}
