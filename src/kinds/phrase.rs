//! The `phrase` kind: a few words whose wording matters (a reaction, a warning,
//! a characterisation), and quoted words captured by `{quote}`.
//!
//! **Matches** the `{phrase}` placeholder (the shortest run of words, inside one
//! sentence, that lets the rest of the pattern match) and `{quote}` (the words
//! between a pair of quote marks).
//!
//! **Compares** normalized wording: lowercase, quote marks and punctuation
//! removed, dotted abbreviations joined (`U.S.` is `us`), white space collapsed.
//! - identical words: the same phrase;
//! - a word-level similarity (the share of words in common, in order, from
//!   `similar`'s diff ratio) at or above [`WORDING_THRESHOLD`]: the same phrase
//!   worded differently, a `wording` finding with a word diff;
//! - below it: different statements, a `conflict`.
//!
//! ```yaml
//! - id: kwon-legal-warning
//!   kind: phrase
//!   patterns: ["warned of unspecified {phrase} over", "cautioned of unspecified {phrase} for"]
//! ```
//!
//! Options: `expect`.

pub use crate::text::diff::{similarity, word_diff, DiffOp};
use crate::text::words::phrase_words;

/// Regex fragment for `{phrase}`: starts and ends on a word character, stays
/// on one line and inside a clause (no `;`, `!` or `?`), at most about 200
/// characters; lazy, so the words after the placeholder in the pattern decide
/// where it ends (and [`crate::pattern::Pattern::captures`] takes the latest start).
/// The word classes are written case-sensitive, `(?-i:…)`: they match the
/// same either way (case folding keeps a word character one), and folding
/// Unicode's `\w` made up about a quarter of compiling a `{phrase}` pattern.
pub const PHRASE_REGEX: &str = r"(?:(?-i:[\w(])[^\n;!?]{0,200}?(?-i:[\w)])|(?-i:\w))";

/// Regex fragment for `{phrase}` as the last token of a pattern: with nothing
/// after it to stop a lazy match, it runs greedily to the end of the clause
/// (before `.`, `;`, `:`, `!`, `?` or a quote mark).
pub const PHRASE_TAIL_REGEX: &str = r#"(?:(?-i:[\w(])(?:[^\n.;:!?"]{0,200}(?-i:[\w)]))?)"#;

/// The bound on a phrase's inner characters in [`PHRASE_REGEX`] and
/// [`PHRASE_TAIL_REGEX`]: a value has at most this many plus its two edge
/// characters.
pub const PHRASE_INNER_BOUND: &str = "{0,200}";

/// Most characters a `{phrase}` value has.
pub const PHRASE_MAX_CHARS: usize = 202;

/// Regex fragment for `{quote}`: a quotation in straight double quotes (the
/// source text has curly quotes normalized); the value is the text inside.
pub const QUOTE_REGEX: &str = r#"(?:"[^"\n]+")"#;

/// Word similarity (0..1) from which two different wordings are taken as the
/// same phrase worded differently. At 0.5, "legal consequences" / "legal action"
/// (one word of two shared) is a wording difference, while "disappointment" /
/// "strong regret" (nothing shared) is a conflict.
pub const WORDING_THRESHOLD: f64 = 0.5;

/// Wording as written and as normalized for comparison.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextValue {
    /// The words as written (quote marks around the whole phrase removed).
    pub written: String,
    /// Normalized words.
    pub words: Vec<String>,
    /// Who said it, for quotes whose speaker was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

impl TextValue {
    /// The wording to show.
    pub fn display(&self) -> String {
        self.written.clone()
    }
}

/// Parse captured wording.
pub fn parse(raw: &str) -> Result<(TextValue, String), String> {
    let is_mark = crate::text::fold::is_quote_mark;
    // A quotation often ends with the sentence's comma inside the marks.
    let written = raw
        .trim()
        .trim_matches(is_mark)
        .trim()
        .trim_end_matches([',', ';', ':'])
        .trim_matches(is_mark)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let words = phrase_words(&written);
    if words.is_empty() {
        return Err(format!("no words in `{raw}`"));
    }
    let why = format!("normalized to `{}`", words.join(" "));
    Ok((
        TextValue {
            written,
            words,
            speaker: None,
        },
        why,
    ))
}

/// How two wordings relate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TextRelation {
    /// Identical after normalization.
    Same,
    /// The same phrase worded differently; carries the similarity.
    Wording(f64),
    /// Different statements; carries the similarity.
    Different(f64),
}

/// Compare two wordings and say why.
pub fn compare(a: &TextValue, b: &TextValue) -> (TextRelation, String) {
    if a.words == b.words {
        return (TextRelation::Same, "identical wording".to_string());
    }
    let score = similarity(&a.words, &b.words);
    if score >= WORDING_THRESHOLD {
        (
            TextRelation::Wording(score),
            format!("similar wording ({score:.2} >= {WORDING_THRESHOLD})"),
        )
    } else {
        (
            TextRelation::Different(score),
            format!("different wording (similarity {score:.2} < {WORDING_THRESHOLD})"),
        )
    }
}

/// `{phrase}`: the fewest words that let the pattern match.
pub static PHRASE_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "phrase",
    regex: |_| PHRASE_REGEX,
    trailer: "",
    glued: false,
    may_be_cut: false,
};

/// `{quote}`: words between quote marks.
pub static QUOTE_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "quote",
    regex: |_| QUOTE_REGEX,
    trailer: "",
    glued: true,
    may_be_cut: false,
};

/// The `phrase` kind.
pub static PHRASE: super::KindDef = super::KindDef {
    name: "phrase",
    doc: "Wording that matters: compared word by word.",
    placeholders: &[&PHRASE_PLACEHOLDER, &QUOTE_PLACEHOLDER],
    keys: &[],
    example: "expressed {phrase} over",
    parse: |raw, _, _, _| parse_value(raw),
    parse_expected: None,
    compare: compare_values,
    check_tolerance: None,
    fullest_first: false,
};

/// Captured text to wording (also the `quote` kind's parser).
pub fn parse_value(raw: &str) -> Result<(super::Value, String), String> {
    parse(raw).map(|(v, why)| (super::Value::Text(v), why))
}

/// Identical words agree; similar wording is a variant.
fn compare_values(
    a: &super::Value,
    b: &super::Value,
    _: &super::ValueOptions,
) -> super::Comparison {
    use super::{Comparison, Nuance, Verdict};
    let (super::Value::Text(a), super::Value::Text(b)) = (a, b) else {
        return super::mismatched();
    };
    let (relation, why) = compare(a, b);
    let (verdict, similarity, nuance) = match relation {
        TextRelation::Same => (Verdict::Same, Some(1.0), None),
        TextRelation::Wording(s) => (Verdict::Variant, Some(s), Some(Nuance::Wording)),
        TextRelation::Different(s) => (Verdict::Different, Some(s), None),
    };
    Comparison {
        verdict,
        why,
        similarity,
        nuance,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn text(raw: &str) -> TextValue {
        parse(raw).unwrap().0
    }

    #[test]
    fn quote_marks_and_spacing_do_not_matter() {
        let (rel, _) = compare(
            &text("\"unilateral and irresponsible attitude \""),
            &text("unilateral  and Irresponsible attitude"),
        );
        assert_eq!(rel, TextRelation::Same);
    }

    #[test]
    fn unrelated_wording_is_different() {
        let (rel, why) = compare(&text("disappointment"), &text("strong regret"));
        assert!(
            matches!(rel, TextRelation::Different(s) if s == 0.0),
            "{rel:?}"
        );
        assert!(why.contains("< 0.5"), "{why}");
        let rel = compare(&text("aggression"), &text("military exercises")).0;
        assert!(matches!(rel, TextRelation::Different(_)));
    }

    #[test]
    fn one_word_changed_is_wording() {
        let rel = compare(&text("legal consequences"), &text("legal action")).0;
        assert_eq!(rel, TextRelation::Wording(0.5));
    }

    #[test]
    fn the_kcna_quotes_are_a_wording_difference() {
        let dw = text("the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression");
        let ap = text("in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression");
        let rel = compare(&dw, &ap).0;
        assert!(
            matches!(rel, TextRelation::Wording(s) if s > 0.5 && s < 0.7),
            "{rel:?}"
        );
    }

    #[test]
    fn empty_is_an_error() {
        assert!(parse(" \"\" ").is_err());
    }

    #[test]
    fn the_phrase_bound_is_written_once_per_fragment() {
        for fragment in [PHRASE_REGEX, PHRASE_TAIL_REGEX] {
            assert_eq!(
                fragment.matches(PHRASE_INNER_BOUND).count(),
                1,
                "{fragment}"
            );
        }
        assert_eq!(
            PHRASE_INNER_BOUND,
            format!("{{0,{}}}", PHRASE_MAX_CHARS - 2)
        );
    }

    #[test]
    fn the_word_classes_match_alike_with_or_without_case_folding() {
        for class in [r"\w", r"[\w(]", r"[\w)]"] {
            let folded = regex_syntax::parse(&format!("(?i){class}")).unwrap();
            let plain = regex_syntax::parse(class).unwrap();
            assert_eq!(folded, plain, "{class}");
        }
    }

    #[test]
    fn phrase_regex_is_lazy_and_trims_quotes() {
        let re = regex::Regex::new(&format!(
            r#"(?i)expressed[\s"']+({PHRASE_REGEX})[\s"']+(?:over|during)\b"#
        ))
        .unwrap();
        let ap = "in a news conference expressed \"strong regret\" over North Korea's";
        assert_eq!(&re.captures(ap).unwrap()[1], "strong regret");
        let dw = "expressed disappointment during a news conference on Tuesday over";
        assert_eq!(&re.captures(dw).unwrap()[1], "disappointment");
    }
}
