//! The wording of findings: lists of source names and "who says what".

use super::ValueGroup;

pub use crate::text::join_names as join_names_for;

/// At most this many groups are spelt out by [`who_says_what`]; the rest are
/// counted (every group stays in the finding's `groups`).
const GROUPS_IN_MESSAGE: usize = 6;

/// "wire-d gives 21; wire-a, wire-b and wire-c give 12": who says what, the
/// odd ones out first; past [`GROUPS_IN_MESSAGE`] groups, "…; 40 other
/// values from 950 sources".
pub fn who_says_what(groups: &[ValueGroup]) -> String {
    let mut parts: Vec<String> = groups
        .iter()
        .take(GROUPS_IN_MESSAGE)
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
        .collect();
    let rest = groups.get(GROUPS_IN_MESSAGE..).unwrap_or_default();
    if !rest.is_empty() {
        let sources: usize = rest.iter().map(|g| g.sources.len()).sum();
        parts.push(format!(
            "{} other {} from {} {}",
            rest.len(),
            if rest.len() == 1 { "value" } else { "values" },
            sources,
            if sources == 1 { "source" } else { "sources" }
        ));
    }
    parts.join("; ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn group(value: &str, sources: &[&str]) -> ValueGroup {
        ValueGroup {
            values: vec![value.to_string()],
            sources: sources.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_message_names_six_groups_and_counts_the_rest() {
        let few = [group("21", &["wire-d"]), group("12", &["a", "b", "c"])];
        assert_eq!(who_says_what(&few), "wire-d gives 21; a, b and c give 12");
        let many: Vec<ValueGroup> = (1..=9)
            .map(|i| group(&i.to_string(), &[&format!("s{i}"), &format!("t{i}")]))
            .collect();
        assert_eq!(
            who_says_what(&many),
            "s1 and t1 give 1; s2 and t2 give 2; s3 and t3 give 3; s4 and t4 give 4; \
             s5 and t5 give 5; s6 and t6 give 6; 3 other values from 6 sources"
        );
        assert!(who_says_what(&many[..7]).ends_with("; 1 other value from 2 sources"));
    }
}
