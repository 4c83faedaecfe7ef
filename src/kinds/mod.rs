//! Value kinds: what a slot's values are and how two of them compare.
//!
//! Every kind a rule can name in `kind:` is a [`Kind`] variant, and each has one
//! file here named after the word users write: [`number`] (for `number` and
//! `count`), [`name`], [`phrase`], [`quote`], [`date`] (for `date` and
//! `weekday`), [`time`], [`quantity`]. A kind
//! owns three things: the placeholders its patterns may use, the normalizer that
//! turns captured text into a [`Value`], and the comparator that decides whether
//! two values agree ([`Verdict`]).

pub mod date;
pub mod name;
pub mod number;
pub mod phrase;
mod placeholder;
pub mod quantity;
pub mod quote;
pub mod time;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use placeholder::Placeholder;

/// The kinds a slot can have, as written in YAML `kind:`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A figure: digits, number words, ordinals, with qualifiers as intervals.
    Number,
    /// A whole-number figure (a count of days, missiles, victims).
    Count,
    /// A person, place or organisation.
    Name,
    /// Wording that matters: compared word by word.
    Phrase,
    /// A quotation, selected by speaker, words it contains or patterns, and
    /// compared like `crosswire quotes` (identical, excerpt, drift).
    Quote,
    /// A day of the week, resolved to a calendar date.
    Weekday,
    /// A calendar date, month or relative expression, resolved to a range of days.
    Date,
    /// A time of day, with its time zone, compared at minute precision.
    Time,
    /// A figure with its unit (distance, money, percent, ...), compared in a base unit.
    Quantity,
}

impl Kind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Kind; 9] = [
        Kind::Number,
        Kind::Count,
        Kind::Name,
        Kind::Phrase,
        Kind::Quote,
        Kind::Weekday,
        Kind::Date,
        Kind::Time,
        Kind::Quantity,
    ];

    /// The word users write in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Count => "count",
            Kind::Name => "name",
            Kind::Phrase => "phrase",
            Kind::Quote => "quote",
            Kind::Weekday => "weekday",
            Kind::Date => "date",
            Kind::Time => "time",
            Kind::Quantity => "quantity",
        }
    }

    /// The placeholders a pattern of this kind may capture its value with.
    pub fn placeholders(self) -> &'static [Placeholder] {
        match self {
            Kind::Number | Kind::Count => &[Placeholder::Number, Placeholder::Ordinal],
            Kind::Name => &[Placeholder::Name],
            Kind::Phrase => &[Placeholder::Phrase, Placeholder::Quote],
            Kind::Quote => &[Placeholder::Quote],
            Kind::Weekday | Kind::Date => &[Placeholder::Weekday, Placeholder::Date],
            Kind::Time => &[Placeholder::Time],
            Kind::Quantity => &[Placeholder::Quantity],
        }
    }

    /// Whether `tolerance:` means something for this kind.
    pub fn takes_tolerance(self) -> bool {
        matches!(
            self,
            Kind::Number | Kind::Count | Kind::Time | Kind::Quantity
        )
    }

    /// Whether `units:` means something for this kind.
    pub fn takes_units(self) -> bool {
        matches!(self, Kind::Quantity)
    }

    /// Whether `aliases:` means something for this kind.
    pub fn takes_aliases(self) -> bool {
        matches!(self, Kind::Name)
    }

    /// Whether `speaker:` and `contains:` mean something for this kind.
    pub fn takes_quote_selectors(self) -> bool {
        matches!(self, Kind::Quote)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A normalized value, ready to compare.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Value {
    /// A figure and the interval it stands for.
    Number(number::NumberValue),
    /// A name and its folded key.
    Name(name::NameValue),
    /// Wording.
    Text(phrase::TextValue),
    /// A calendar value.
    Date(date::DateValue),
    /// A time of day.
    Time(time::TimeValue),
    /// A figure with its unit.
    Quantity(quantity::QuantityValue),
}

impl Value {
    /// Why the value contradicts itself, when it does: a parenthetical conversion
    /// that does not hold ("10 miles (24 kilometers)", "9:15 a.m. KST (0545 GMT)").
    /// Worth an `internal` finding on its own.
    pub fn internal(&self) -> Option<&str> {
        match self {
            Value::Time(v) => v.internal.as_deref(),
            Value::Quantity(v) => v.internal.as_deref(),
            _ => None,
        }
    }

    /// A short human-readable form ("nearly 70", "Kwon Youngse", "2023-04-10 (Monday)").
    pub fn display(&self) -> String {
        match self {
            Value::Number(v) => v.display(),
            Value::Name(v) => v.display(),
            Value::Text(v) => v.display(),
            Value::Date(v) => v.display(),
            Value::Time(v) => v.display(),
            Value::Quantity(v) => v.display(),
        }
    }
}

/// The options of a slot that normalizers and comparators need.
#[derive(Debug, Clone, Default)]
pub struct ValueOptions {
    /// Name aliases (name kind).
    pub aliases: name::Aliases,
    /// Allowed difference (number and count kinds).
    pub tolerance: Option<number::Tolerance>,
    /// Who said it (quote kind): one alias group of names.
    pub speakers: Vec<String>,
    /// Phrases a quote must contain, normalized (quote kind).
    pub contains: Vec<Vec<String>>,
    /// Whether differing figures that agree only through a hedge are reported
    /// (number and count kinds).
    pub hedges: Hedges,
    /// Similarity (0..1) from which two names are spellings of one name
    /// (name kind); [`name::SPELLING_THRESHOLD`] when unset.
    pub spelling: Option<f64>,
    /// Extra titles and honorifics left out when names are compared, folded
    /// (name kind; added to [`name::TITLES`]).
    pub honorifics: Vec<String>,
    /// The story's time zones (time kind).
    pub zones: time::Zones,
    /// The units a slot accepts (quantity kind): symbols, words or dimensions.
    pub units: Vec<String>,
    /// The story's order of ambiguous numeric dates (date kind).
    pub date_order: Option<date::DateOrder>,
}

/// How a slot treats figures that agree only because a hedge allows both.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Hedges {
    /// Different stated figures are reported (`figure`) even when a hedge
    /// ("at least", "more than", "up to") lets them agree.
    #[default]
    Strict,
    /// Figures that agree through their hedges agree; no `figure` finding.
    Lenient,
}

/// How two values that state the same fact still differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nuance {
    /// A name spelled otherwise (a transliteration, a typo).
    Spelling,
    /// A phrase or quote worded otherwise.
    Wording,
    /// One name is part of the other ("Peter Novak" / "Ivan Peter Novak").
    PartialName,
    /// Different figures that agree only through an open-ended hedge
    /// ("at least 2" / "17").
    Figure,
}

/// Whether two values agree.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// They state the same fact.
    Same,
    /// The same fact, written differently: a name spelled otherwise, a phrase worded otherwise.
    Variant,
    /// Incompatible values.
    Different,
}

/// The outcome of comparing two values, with the reason in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Whether they agree.
    pub verdict: Verdict,
    /// Why, in words ("[27, 33] contains 31", "similar wording (0.59 >= 0.5)").
    pub why: String,
    /// A similarity score, for kinds that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// For [`Verdict::Variant`]: how the values differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nuance: Option<Nuance>,
}

impl Comparison {
    /// A comparison without a similarity score or nuance.
    pub fn new(verdict: Verdict, why: String) -> Self {
        Comparison {
            verdict,
            why,
            similarity: None,
            nuance: None,
        }
    }

    /// `Same` when the values agree, else `Different`: for kinds whose
    /// comparators answer yes or no.
    pub fn agreement(agree: bool, why: String) -> Self {
        let verdict = if agree {
            Verdict::Same
        } else {
            Verdict::Different
        };
        Comparison::new(verdict, why)
    }
}

impl Kind {
    /// Normalize captured text into a value. `published` is the source's
    /// publication date, for relative dates. Returns the value and how it was
    /// derived.
    pub fn parse(
        self,
        raw: &str,
        published: Option<jiff::civil::Date>,
        options: &ValueOptions,
    ) -> Result<(Value, String), String> {
        match self {
            Kind::Number | Kind::Count => {
                let value = number::parse(raw)?;
                let whole = |x: f64| x.fract() == 0.0;
                if self == Kind::Count && !(whole(value.figure) && value.upper.is_none_or(whole)) {
                    return Err(format!("a count must be a whole number: `{}`", raw.trim()));
                }
                let why = format!("`{}` -> {}", raw.trim(), value.interval.display());
                Ok((Value::Number(value), why))
            }
            Kind::Name => name::parse(raw, &options.aliases).map(|(v, why)| (Value::Name(v), why)),
            Kind::Phrase | Kind::Quote => phrase::parse(raw).map(|(v, why)| (Value::Text(v), why)),
            Kind::Weekday | Kind::Date => {
                date::parse_with_order(raw, published, options.date_order)
                    .map(|(v, why)| (Value::Date(v), why))
            }
            Kind::Time => {
                time::parse(raw, &options.zones, published).map(|(v, why)| (Value::Time(v), why))
            }
            Kind::Quantity => {
                quantity::parse(raw, &options.units).map(|(v, why)| (Value::Quantity(v), why))
            }
        }
    }

    /// Parse a confirmed value written in `expect:`.
    pub fn parse_expected(self, raw: &str, options: &ValueOptions) -> Result<Value, String> {
        match self {
            Kind::Weekday | Kind::Date => date::parse_expected(raw).map(Value::Date),
            _ => self.parse(raw, None, options).map(|(v, _)| v),
        }
    }

    /// Compare two values of this kind. The answer does not depend on the
    /// order of `a` and `b` (a property test holds every kind to it).
    pub fn compare(self, a: &Value, b: &Value, options: &ValueOptions) -> Comparison {
        if let (Kind::Quote, Value::Text(a), Value::Text(b)) = (self, a, b) {
            return quote::compare(a, b, options);
        }
        match (a, b) {
            (Value::Number(a), Value::Number(b)) => {
                let (agree, why) = number::compare(a, b, options.tolerance);
                if !agree {
                    return Comparison::new(Verdict::Different, why);
                }
                match number::hedged_difference(a, b, options.tolerance) {
                    Some(figures) if options.hedges == Hedges::Strict => Comparison {
                        nuance: Some(Nuance::Figure),
                        ..Comparison::new(Verdict::Variant, figures)
                    },
                    _ => Comparison::new(Verdict::Same, why),
                }
            }
            (Value::Name(a), Value::Name(b)) => {
                let (relation, why) = name::compare_with(a, b, options);
                let (verdict, similarity, nuance) = match relation {
                    name::NameRelation::Same => (Verdict::Same, None, None),
                    name::NameRelation::Partial => {
                        (Verdict::Variant, None, Some(Nuance::PartialName))
                    }
                    name::NameRelation::Spelling(s) => {
                        (Verdict::Variant, Some(s), Some(Nuance::Spelling))
                    }
                    name::NameRelation::Different(s) => (Verdict::Different, Some(s), None),
                };
                Comparison {
                    verdict,
                    why,
                    similarity,
                    nuance,
                }
            }
            (Value::Text(a), Value::Text(b)) => {
                let (relation, why) = phrase::compare(a, b);
                let (verdict, similarity, nuance) = match relation {
                    phrase::TextRelation::Same => (Verdict::Same, Some(1.0), None),
                    phrase::TextRelation::Wording(s) => {
                        (Verdict::Variant, Some(s), Some(Nuance::Wording))
                    }
                    phrase::TextRelation::Different(s) => (Verdict::Different, Some(s), None),
                };
                Comparison {
                    verdict,
                    why,
                    similarity,
                    nuance,
                }
            }
            (Value::Date(a), Value::Date(b)) => {
                let (agree, why) = date::compare(a, b);
                Comparison::agreement(agree, why)
            }
            (Value::Time(a), Value::Time(b)) => {
                let minutes = match options.tolerance {
                    Some(number::Tolerance::Absolute(m)) => m,
                    _ => 0.0,
                };
                let (agree, why) = time::compare(a, b, minutes);
                Comparison::agreement(agree, why)
            }
            (Value::Quantity(a), Value::Quantity(b)) => {
                let (agree, why) = quantity::compare(a, b, options.tolerance);
                Comparison::agreement(agree, why)
            }
            _ => Comparison::new(Verdict::Different, "values of different kinds".to_string()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_yaml_word() {
        for kind in Kind::ALL {
            let yaml = kind.as_str();
            let parsed: Kind = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(parsed, kind);
            assert!(!kind.placeholders().is_empty(), "{kind} has no placeholder");
        }
    }

    #[test]
    fn every_kind_is_documented_in_rules_md() {
        let docs = include_str!("../../docs/rules.md");
        for kind in Kind::ALL {
            assert!(
                docs.contains(&format!("### `{}`", kind.as_str())),
                "docs/rules.md has no section `### `{kind}``"
            );
        }
    }

    #[test]
    fn every_kind_has_a_fixture_folder() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kinds");
        for kind in Kind::ALL {
            let dir = root.join(kind.as_str());
            assert!(dir.is_dir(), "missing fixture folder {}", dir.display());
        }
    }

    #[test]
    fn a_self_contradicting_conversion_is_exposed() {
        let options = ValueOptions::default();
        let (bad, _) = Kind::Quantity
            .parse("10 miles (24 kilometers)", None, &options)
            .unwrap();
        assert!(bad.internal().is_some_and(|why| why.contains("is not")));
        let (good, _) = Kind::Quantity
            .parse("15 miles (24 kilometers)", None, &options)
            .unwrap();
        assert_eq!(good.internal(), None);
        let (time, _) = Kind::Time
            .parse("9:15 a.m. KST (0545 GMT)", None, &options)
            .unwrap();
        assert!(time.internal().is_some());
    }

    #[test]
    fn count_rejects_fractions() {
        let err = Kind::Count
            .parse("2.5", None, &ValueOptions::default())
            .unwrap_err();
        assert!(err.contains("whole number"), "{err}");
    }
}
