//! Text utilities every stage shares, below all of them: the one folding table
//! for quote marks, apostrophes and hyphens ([`fold`]), the one word tokenizer
//! ([`words`]) and the one word diff ([`diff`]). Nothing here knows about
//! sources, rules or findings.

pub mod diff;
pub mod fold;
pub mod words;

/// Join names for messages: `a`, `a and b`, `a, b and c`.
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The text in Unicode NFC (returned as is, without a copy, when it already
/// is): sources and patterns are compared composed, so "e" + combining acute
/// and the precomposed "é" are the same letter.
pub fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}
