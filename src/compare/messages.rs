//! The wording of findings: lists of source names and "who says what".

use super::ValueGroup;

pub use crate::text::join_names as join_names_for;

/// "wire-d gives 21; wire-a, wire-b and wire-c give 12": who says what, the
/// odd ones out first.
pub fn who_says_what(groups: &[ValueGroup]) -> String {
    groups
        .iter()
        .map(|g| {
            let values: Vec<String> = g.values.iter().map(|v| shorten(v, 40)).collect();
            format!(
                "{} {} {}",
                join_names(&g.sources),
                if g.sources.len() == 1 {
                    "gives"
                } else {
                    "give"
                },
                values.join(" / ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// At most `chars` characters of `text`, with "…" when cut.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub(super) fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

pub(super) use crate::text::join_names;
