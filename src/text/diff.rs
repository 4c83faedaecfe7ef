//! The one word diff: which words two wordings share, in order (`similar`).
//!
//! [`word_diff`] is the diff reports show (`legal [-action-] {+consequences+}`),
//! on the words as written; [`similarity`] scores two phrases; [`matched_words`]
//! counts the words two quotes share in order, for quote alignment.

use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffTag, TextDiff};

/// Word-level similarity of two word lists, 0..1.
pub fn similarity(a: &[String], b: &[String]) -> f64 {
    // Lists that share no word have no word in common in any diff: 0, and
    // the diff (which hashes and allocates) is the cost of comparing a
    // slot's many distinct values. Both empty is a whole match (1).
    if !(a.is_empty() && b.is_empty()) && share_no_word(a, b) {
        return 0.0;
    }
    diff_similarity(a, b)
}

/// Whether no word of `a` is in `b`.
fn share_no_word(a: &[String], b: &[String]) -> bool {
    // Short lists (phrases are a few words) are compared pairwise; long ones
    // through a set, so the test stays linear.
    if a.len().saturating_mul(b.len()) <= 256 {
        return !a.iter().any(|w| b.contains(w));
    }
    let words: std::collections::HashSet<&str> = b.iter().map(String::as_str).collect();
    !a.iter().any(|w| words.contains(w.as_str()))
}

/// [`similarity`] by the diff itself.
fn diff_similarity(a: &[String], b: &[String]) -> f64 {
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    f64::from(
        TextDiff::configure()
            .algorithm(Algorithm::Patience)
            .diff_slices(&a, &b)
            .ratio(),
    )
}

/// Words of `a` matched in order by a Myers diff with `b`.
pub fn matched_words(a: &[String], b: &[String]) -> usize {
    capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum()
}

/// One step of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "op", content = "text", rename_all = "kebab-case")]
pub enum DiffOp {
    /// Words both have.
    Equal(String),
    /// Words only the first has.
    Delete(String),
    /// Words only the second has.
    Insert(String),
}

/// A word-level diff of two wordings as written, runs of the same operation
/// joined with spaces.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffOp> {
    let left: Vec<&str> = a.split_whitespace().collect();
    let right: Vec<&str> = b.split_whitespace().collect();
    // Compare on normalized tokens so quote marks and case do not show as edits.
    let norm = |w: &&str| -> String {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let left_norm: Vec<String> = left.iter().map(norm).collect();
    let right_norm: Vec<String> = right.iter().map(norm).collect();
    let left_refs: Vec<&str> = left_norm.iter().map(String::as_str).collect();
    let right_refs: Vec<&str> = right_norm.iter().map(String::as_str).collect();
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&left_refs, &right_refs);
    let mut ops: Vec<DiffOp> = Vec::new();
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            let (tag, word) = match change.tag() {
                ChangeTag::Equal | ChangeTag::Delete => {
                    let Some(i) = change.old_index() else {
                        continue;
                    };
                    (change.tag(), left.get(i).copied().unwrap_or_default())
                }
                ChangeTag::Insert => {
                    let Some(i) = change.new_index() else {
                        continue;
                    };
                    (ChangeTag::Insert, right.get(i).copied().unwrap_or_default())
                }
            };
            push_word(&mut ops, tag, word);
        }
    }
    ops
}

fn push_word(ops: &mut Vec<DiffOp>, tag: ChangeTag, word: &str) {
    let same_tag = matches!(
        (ops.last(), tag),
        (Some(DiffOp::Equal(_)), ChangeTag::Equal)
            | (Some(DiffOp::Delete(_)), ChangeTag::Delete)
            | (Some(DiffOp::Insert(_)), ChangeTag::Insert)
    );
    if same_tag {
        if let Some(DiffOp::Equal(s) | DiffOp::Delete(s) | DiffOp::Insert(s)) = ops.last_mut() {
            s.push(' ');
            s.push_str(word);
        }
        return;
    }
    let word = word.to_string();
    ops.push(match tag {
        ChangeTag::Equal => DiffOp::Equal(word),
        ChangeTag::Delete => DiffOp::Delete(word),
        ChangeTag::Insert => DiffOp::Insert(word),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn lists_that_share_no_word_score_zero_without_a_diff() {
        assert_eq!(
            similarity(&words("disappointment"), &words("strong regret")),
            0.0
        );
        assert_eq!(similarity(&words(""), &words("regret")), 0.0);
        assert_eq!(similarity(&words(""), &words("")), 1.0);
        assert_eq!(
            similarity(&words("legal action"), &words("legal consequences")),
            0.5
        );
        // Past the pairwise bound the set decides, the same way.
        let long: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let other: Vec<String> = (40..80).map(|i| format!("w{i}")).collect();
        assert!(share_no_word(&long, &other));
        assert!(!share_no_word(
            &long,
            &[other.clone(), vec!["w3".into()]].concat()
        ));
    }

    proptest! {
        /// The shortcut gives what the diff gives, on lists from a small
        /// vocabulary (so that some share words and some do not), short and
        /// long.
        #[test]
        fn similarity_is_the_diffs_ratio(
            a in proptest::collection::vec("[a-p]", 0..30),
            b in proptest::collection::vec("[h-z]", 0..30),
        ) {
            prop_assert_eq!(similarity(&a, &b), diff_similarity(&a, &b));
        }
    }

    #[test]
    fn diff_marks_changed_words() {
        let ops = word_diff("unspecified legal consequences", "unspecified legal action");
        assert_eq!(
            ops,
            vec![
                DiffOp::Equal("unspecified legal".into()),
                DiffOp::Delete("consequences".into()),
                DiffOp::Insert("action".into()),
            ]
        );
    }

    #[test]
    fn diff_ignores_case_and_quote_marks() {
        let ops = word_diff("The \"frantic\" moves", "the frantic moves");
        assert_eq!(ops, vec![DiffOp::Equal("The \"frantic\" moves".into())]);
    }
}
