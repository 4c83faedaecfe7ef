//! The typed placeholders of the pattern language (`{number}`, `{name}`, ...).
//!
//! The names live here, beside the kinds that declare which placeholders they
//! accept ([`Kind::placeholders`](super::Kind::placeholders)), so that `kinds/`
//! never depends on `pattern/`; `pattern/` re-exports the type and adds what
//! compiling needs (each placeholder's regex).

use std::fmt;

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
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.as_str())
    }
}
