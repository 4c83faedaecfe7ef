//! A kind that exists only in unit tests, to prove that a kind is one module
//! and one line in [`super::registry::KINDS`]: `code`, a flight or model code
//! ("MH17", "AF 447"), compared without case or spaces.
//!
//! Nothing else in the crate names this kind; the tests below load a rule
//! file that uses it, compile its placeholder, parse and compare its values,
//! and check that `rules` rejects the keys it does not take.

use super::phrase::TextValue;
use super::{Comparison, KindDef, PlaceholderDef, Value, ValueOptions};

/// `{code}`: capital letters then digits.
pub static CODE_PLACEHOLDER: PlaceholderDef = PlaceholderDef {
    word: "code",
    regex: |_| r"(?-i:\b[A-Z]{1,3}[ -]?[0-9]{1,5}\b)",
    trailer: "",
    glued: false,
    may_be_cut: false,
};

/// The `code` kind.
pub static CODE: KindDef = KindDef {
    name: "code",
    doc: "A flight or model code, compared without case or spaces.",
    placeholders: &[&CODE_PLACEHOLDER],
    keys: &[],
    example: "flight {code} crashed",
    parse: |raw, _, _, _| {
        let key: String = raw
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect();
        if key.is_empty() {
            return Err(format!("no code in `{}`", raw.trim()));
        }
        let why = format!("`{}` -> {key}", raw.trim());
        let value = TextValue {
            written: raw.trim().to_string(),
            words: vec![key],
            speaker: None,
        };
        Ok((Value::Text(value), why))
    },
    parse_expected: None,
    compare: |a, b, _: &ValueOptions| match (a, b) {
        (Value::Text(a), Value::Text(b)) => Comparison::agreement(
            a.words == b.words,
            format!("{} vs {}", a.words.join(" "), b.words.join(" ")),
        ),
        _ => super::mismatched(),
    },
    check_tolerance: None,
    fullest_first: false,
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::kinds::{Kind, Placeholder, Verdict};
    use crate::rules::parse_story;

    fn code() -> Kind {
        Kind::from_name("code").unwrap()
    }

    #[test]
    fn a_registered_kind_is_found_by_its_word_and_placeholder() {
        let kind = code();
        assert_eq!(kind.as_str(), "code");
        assert_eq!(
            kind.placeholders(),
            vec![Placeholder::from_word("code").unwrap()]
        );
        let parsed: Kind = serde_yaml::from_str("code").unwrap();
        assert_eq!(parsed, kind);
    }

    #[test]
    fn its_values_parse_and_compare_through_the_registry() {
        let options = crate::kinds::ValueOptions::default();
        let (a, why) = code()
            .parse("mh 17", None, crate::lang::english(), &options)
            .unwrap();
        assert_eq!(why, "`mh 17` -> MH17");
        let (b, _) = code()
            .parse("MH-17", None, crate::lang::english(), &options)
            .unwrap();
        let (c, _) = code()
            .parse("MH-18", None, crate::lang::english(), &options)
            .unwrap();
        assert_eq!(code().compare(&a, &b, &options).verdict, Verdict::Same);
        assert_eq!(code().compare(&a, &c, &options).verdict, Verdict::Different);
    }

    #[test]
    fn rule_files_patterns_and_keys_use_it_without_other_changes() {
        let yaml = "story: crash\nslots:\n  - id: flight\n    kind: code\n    patterns: [\"flight {code} crashed\"]\n    expect: MH17\n";
        let story = parse_story(yaml, "crash.yaml").unwrap();
        let slot = &story.slots[0];
        assert_eq!(slot.kind, code());
        let pattern = &slot.patterns[0];
        let text = "Flight MH-17 crashed over Ukraine.";
        let found = pattern.matches(text);
        assert_eq!(found.len(), 1);
        assert_eq!(text.get(found[0].value.clone()), Some("MH-17"));
        let bad = "story: crash\nslots:\n  - id: flight\n    kind: code\n    patterns: [\"flight {number} crashed\"]\n    tolerance: 2\n";
        let errors = parse_story(bad, "crash.yaml").unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages.contains(&"`tolerance` does not apply to a `code` slot"),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("placeholder {number} does not fit a slot of kind `code`")),
            "{messages:?}"
        );
    }
}
