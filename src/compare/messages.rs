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
    let shown = groups.get(..GROUPS_IN_MESSAGE).unwrap_or(groups);
    let all: Vec<&str> = shown
        .iter()
        .flat_map(|g| g.values.iter().map(String::as_str))
        .collect();
    let mut parts: Vec<String> = shown
        .iter()
        .map(|g| {
            let values: Vec<String> = g
                .values
                .iter()
                .map(|v| shorten_apart(v, &all, VALUE_CHARS))
                .collect();
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

/// How many characters of a value a message shows.
const VALUE_CHARS: usize = 40;

/// [`shorten`], but where `text` and another of `values` begin alike for
/// longer than that, the part around where they part ("…and was not
/// overloaded."), so that two values never read the same in a message.
fn shorten_apart(text: &str, values: &[&str], chars: usize) -> String {
    let chars_of: Vec<char> = text.chars().collect();
    if chars_of.len() <= chars {
        return text.to_string();
    }
    // Where `text` parts from the value most like it at its start.
    let parts_at = values
        .iter()
        .filter(|v| **v != text)
        .map(|v| {
            chars_of
                .iter()
                .zip(v.chars())
                .take_while(|(a, b)| **a == *b)
                .count()
        })
        .max()
        .unwrap_or(0);
    if parts_at < chars.saturating_sub(1) {
        return shorten(text, chars);
    }
    // A few characters of what they share, then the difference.
    let start = parts_at.saturating_sub(chars / 3);
    // From the start of a word.
    let start = (start..parts_at)
        .find(|&i| i == 0 || chars_of.get(i - 1) == Some(&' '))
        .unwrap_or(start);
    let body: String = chars_of
        .iter()
        .skip(start)
        .take(chars.saturating_sub(2))
        .collect();
    let more = start + chars.saturating_sub(2) < chars_of.len();
    format!("…{body}{}", if more { "…" } else { "" })
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
    fn values_that_begin_alike_are_shown_where_they_part() {
        let groups = [
            group(
                "The vessel passed its inspection and was not overloaded.",
                &["a"],
            ),
            group(
                "The vessel passed its inspection and was overloaded.",
                &["b"],
            ),
        ];
        let message = who_says_what(&groups);
        assert_eq!(
            message,
            "a gives …and was not overloaded.; b gives …and was overloaded."
        );
        // Values that part early are cut as before.
        let groups = [
            group("Alpha bravo charlie delta echo foxtrot golf hotel", &["a"]),
            group("Zulu bravo charlie delta echo foxtrot golf hotel", &["b"]),
        ];
        let message = who_says_what(&groups);
        assert!(
            message.starts_with("a gives Alpha bravo charlie delta echo foxtrot …;"),
            "{message}"
        );
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
