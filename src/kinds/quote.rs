//! The `quote` kind: a quotation selected by speaker, words it contains, or
//! patterns, compared as `crosswire quotes` aligns quotes across sources.
//!
//! Values are wording ([`super::phrase::TextValue`]); this module owns the
//! comparison: identical words or an excerpt (one quote a contiguous part of
//! the other) agree, a drift (the same utterance, worded differently) is a
//! wording variant, and unrelated quotes are different statements. The
//! scoring is [`crate::quotes::relate`]; when the slot names a `speaker`, every
//! value has that speaker, so the same-speaker bonus applies.

use super::phrase::TextValue;
use super::{Comparison, Nuance, ValueOptions, Verdict};
use crate::quotation::{relate, same_speaker, AlignOptions, QuoteText, Relation};

/// Compare two quotes of a slot.
pub fn compare(a: &TextValue, b: &TextValue, options: &ValueOptions) -> Comparison {
    // A quote's own speaker when it was found; otherwise, every value of a
    // slot with `speaker:` was said by that speaker. Either way the
    // same-speaker bonus is the same as in `crosswire quotes`.
    let fallback = options.speakers.first().cloned();
    let speaker_a = a.speaker.clone().or_else(|| fallback.clone());
    let speaker_b = b.speaker.clone().or(fallback);
    let align = AlignOptions {
        min_words: 1,
        ..AlignOptions::default()
    };
    // Two known, different speakers: the words are compared on their own so
    // the reason can say that the words agree and the speakers do not.
    if let (Some(sa), Some(sb)) = (&speaker_a, &speaker_b) {
        // The slot's `speaker:` list is one alias group ("KCNA", "state media").
        let slot_group = !options.speakers.is_empty()
            && speaker_matches(sa, &options.speakers)
            && speaker_matches(sb, &options.speakers);
        if !slot_group && !one_speaker(sa, sb) {
            let words = relate(
                &QuoteText::new(&a.written, None),
                &QuoteText::new(&b.written, None),
                &align,
            );
            let what = match words {
                Ok((Relation::Identical, _)) => "the same words",
                Ok((Relation::Excerpt, _)) => "the same words (one an excerpt of the other)",
                Ok(_) => "similar words",
                Err(_) => "different words",
            };
            return Comparison {
                similarity: Some(words.map_or_else(|s| s, |(_, s)| s)),
                ..Comparison::new(
                    Verdict::Different,
                    format!("{what}, attributed to different speakers ({sa} vs {sb})"),
                )
            };
        }
    }
    // Past that test the speakers are one person (an alias group, or two
    // spellings of one name): the words are scored as one speaker's, or the
    // aligner's own, stricter speaker test would call them two.
    let speaker_b = if speaker_a.is_some() && speaker_b.is_some() {
        speaker_a.clone()
    } else {
        speaker_b
    };
    let qa = QuoteText::new(&a.written, speaker_a);
    let qb = QuoteText::new(&b.written, speaker_b);
    match relate(&qa, &qb, &align) {
        Ok((Relation::Identical, s)) => Comparison {
            similarity: Some(s),
            ..Comparison::new(Verdict::Same, "identical wording".to_string())
        },
        Ok((Relation::Excerpt, s)) => Comparison {
            similarity: Some(s),
            ..Comparison::new(
                Verdict::Same,
                format!("one quote is an excerpt of the other (similarity {s:.2})"),
            )
        },
        Ok((Relation::Truncated, s)) => Comparison {
            similarity: Some(s),
            nuance: Some(Nuance::Wording),
            ..Comparison::new(
                Verdict::Variant,
                format!("one quote stops inside a phrase of the other (similarity {s:.2})"),
            )
        },
        Ok((_, s)) => Comparison {
            similarity: Some(s),
            nuance: Some(Nuance::Wording),
            ..Comparison::new(
                Verdict::Variant,
                format!(
                    "the same quote worded differently (score {s:.2} >= {:.2})",
                    align.min_similarity
                ),
            )
        },
        Err(s) => Comparison {
            similarity: Some(s),
            ..Comparison::new(
                Verdict::Different,
                format!(
                    "different statements (score {s:.2} < {:.2})",
                    align.min_similarity
                ),
            )
        },
    }
}

/// Whether two speakers' names are one speaker's: the same alias group or
/// one name's words in the other's ([`same_speaker`]), or one person's as the
/// `name` kind sees it (a spelling variant, a partial name): "Mason" and
/// "Masson" are not two speakers. The comparison and the `speaker:` filter
/// both ask this, so a quote the filter drops is never one the comparison
/// would take for the slot speaker's.
fn one_speaker(a: &str, b: &str) -> bool {
    same_speaker(a, b) || super::name::same_person(a, b)
}

/// Whether a quote's normalized words contain every phrase of `contains`
/// (each phrase normalized the same way, as a contiguous run of words).
pub fn contains_all(words: &[String], contains: &[Vec<String>]) -> bool {
    contains.iter().all(|phrase| {
        !phrase.is_empty()
            && phrase.len() <= words.len()
            && words.windows(phrase.len()).any(|w| w == phrase.as_slice())
    })
}

/// Whether `name` (a quote's speaker) is one of the slot's `speakers`: the
/// slot's list is one alias group (`[KCNA, state media]`), and a name the
/// comparison takes for one of them passes ([`one_speaker`]: the built-in
/// aliases, surname matching, spelling variants).
pub fn speaker_matches(name: &str, speakers: &[String]) -> bool {
    crate::quotation::SpeakerAliases::new([speakers])
        .group_of(name)
        .is_some()
        || speakers.iter().any(|s| one_speaker(name, s))
}

/// The `quote` kind.
pub static QUOTE: super::KindDef = super::KindDef {
    name: "quote",
    doc: "A quotation, selected by speaker, words it contains or patterns, and\ncompared like `crosswire quotes` (identical, excerpt, drift).",
    placeholders: &[&super::phrase::QUOTE_PLACEHOLDER],
    keys: &[super::SlotKey::Speaker, super::SlotKey::Contains],
    example: "to discuss {quote}",
    parse: |raw, _, _, _| super::phrase::parse_value(raw),
    parse_expected: None,
    compare: |a, b, options| match (a, b) {
        (super::Value::Text(a), super::Value::Text(b)) => compare(a, b, options),
        _ => super::mismatched(),
    },
    check_tolerance: None,
    fullest_first: false,
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::kinds::phrase::parse;
    use crate::text::words::normalize_words;

    fn value(s: &str) -> TextValue {
        parse(s).unwrap().0
    }

    const DW: &str = "the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression";
    const AP: &str = "in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression";

    #[test]
    fn kcna_line_is_a_wording_variant() {
        let c = compare(&value(DW), &value(AP), &ValueOptions::default());
        assert_eq!(c.verdict, Verdict::Variant, "{}", c.why);
        let with_speaker = ValueOptions {
            speakers: vec!["KCNA".into()],
            ..ValueOptions::default()
        };
        let c2 = compare(&value(DW), &value(AP), &with_speaker);
        assert!(c2.similarity.unwrap() > c.similarity.unwrap());
    }

    #[test]
    fn the_speaker_bonus_does_not_depend_on_the_slot_naming_one() {
        let said = |text: &str, who: &str| TextValue {
            speaker: Some(who.to_string()),
            ..value(text)
        };
        let from_values = compare(
            &said(DW, "North Korea's state media"),
            &said(AP, "KCNA"),
            &ValueOptions::default(),
        );
        let from_slot = compare(
            &value(DW),
            &value(AP),
            &ValueOptions {
                speakers: vec!["KCNA".into()],
                ..ValueOptions::default()
            },
        );
        assert_eq!(from_values.similarity, from_slot.similarity);
    }

    #[test]
    fn identical_and_excerpt_agree_unrelated_differs() {
        let o = ValueOptions::default();
        let same = compare(
            &value("practical and offensive"),
            &value("\"practical and offensive\""),
            &o,
        );
        assert_eq!(same.verdict, Verdict::Same);
        let excerpt = compare(
            &value("practical and offensive"),
            &value("increasing speed on a more practical and offensive"),
            &o,
        );
        assert_eq!(excerpt.verdict, Verdict::Same);
        assert!(excerpt.why.contains("excerpt"));
        let other = compare(&value("strong regret"), &value("necessary steps"), &o);
        assert_eq!(other.verdict, Verdict::Different);
    }

    #[test]
    fn contains_needs_every_phrase_as_a_run() {
        let words = normalize_words(AP);
        let puppet = vec![normalize_words("puppet traitors")];
        assert!(contains_all(&words, &puppet));
        assert!(!contains_all(&words, &[normalize_words("traitors puppet")]));
        assert!(!contains_all(
            &words,
            &[
                normalize_words("puppet traitors"),
                normalize_words("unleash")
            ]
        ));
        assert!(contains_all(&words, &[]));
    }

    #[test]
    fn speakers_match_through_the_slot_list_and_builtin_aliases() {
        let slot = vec!["KCNA".to_string(), "state media".to_string()];
        assert!(speaker_matches("KCNA", &slot));
        assert!(speaker_matches("North Korea's state media", &slot));
        assert!(speaker_matches("Korean Central News Agency", &slot));
        assert!(!speaker_matches("Kim Jong Un", &slot));
        assert!(speaker_matches("Kim", &["Kim Jong Un".to_string()]));
        assert!(!speaker_matches(
            "Kwon Youngse",
            &["Kim Jong Un".to_string()]
        ));
    }

    #[test]
    fn a_spelling_of_the_slot_speaker_passes_as_the_comparison_takes_it() {
        let one = |a: &str, b: &str| speaker_matches(a, &[b.to_string()]);
        // The comparison takes these for one speaker, so the filter does.
        for (quoted, slot) in [
            ("Anna Lindquist", "Anna Lindqvist"),
            ("Ingrid Halvorssen", "Ingrid Halvorsen"),
            ("Halvorssen", "Ingrid Halvorsen"),
        ] {
            let said = |who: &str| TextValue {
                speaker: Some(who.to_string()),
                ..value("We will rebuild the bridge")
            };
            let c = compare(&said(quoted), &said(slot), &ValueOptions::default());
            assert_eq!(c.verdict, Verdict::Same, "{quoted} / {slot}: {}", c.why);
            assert!(one(quoted, slot), "{quoted} / {slot}");
            assert!(one(slot, quoted), "{slot} / {quoted}");
        }
        // Other people still do not pass.
        assert!(!one("Anna Berg", "Anna Lindqvist"));
        assert!(!one("Tom Reyes", "Anna Lindqvist"));
        assert!(!one("Ingrid Halvorsen", "Ivo Petrak"));
    }
}
