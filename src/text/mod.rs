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
