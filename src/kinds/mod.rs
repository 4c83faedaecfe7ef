//! Value kinds: what a slot's values are and how two of them compare.
//!
//! Every kind a rule can name in `kind:` is one descriptor
//! ([`registry::KindDef`]) declared in the file named after the word users
//! write: [`number`] (for `number` and `count`), [`name`], [`phrase`],
//! [`quote`], [`date`] (for `date` and `weekday`), [`time`], [`quantity`], and
//! listed once in [`registry::KINDS`]. A kind owns its placeholders and their
//! regexes, the slot keys it accepts, the normalizer that turns captured text
//! into a [`Value`], and the comparator that decides whether two values agree
//! ([`Verdict`]). The rest of the crate holds a [`Kind`] handle and asks the
//! registry; no code outside this folder matches on kinds.

pub mod date;
pub mod decimal;
pub mod name;
pub mod number;
pub mod phrase;
pub mod quantity;
pub mod quote;
pub mod registry;
#[cfg(test)]
mod test_kind;
pub mod time;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use registry::{KindDef, PlaceholderDef, SlotKey};

/// A value kind, as written in YAML `kind:`: a handle on its
/// [`registry::KindDef`]. The associated constants name the built-in kinds
/// for code that needs one (facts, tests); a kind added to the registry
/// needs none.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kind(u8);

#[allow(non_upper_case_globals)]
impl Kind {
    /// A figure: digits, number words, ordinals, with qualifiers as intervals.
    pub const Number: Kind = Kind(0);
    /// A whole-number figure (a count of days, missiles, victims).
    pub const Count: Kind = Kind(1);
    /// A person, place or organisation.
    pub const Name: Kind = Kind(2);
    /// Wording that matters: compared word by word.
    pub const Phrase: Kind = Kind(3);
    /// A quotation, selected by speaker, words it contains or patterns.
    pub const Quote: Kind = Kind(4);
    /// A day of the week, resolved to a calendar date.
    pub const Weekday: Kind = Kind(5);
    /// A calendar date, month or relative expression, resolved to a range of days.
    pub const Date: Kind = Kind(6);
    /// A time of day, with its time zone, compared at minute precision.
    pub const Time: Kind = Kind(7);
    /// A figure with its unit (distance, money, percent, ...), compared in a base unit.
    pub const Quantity: Kind = Kind(8);
}

impl Kind {
    /// Every registered kind, in the order the docs list them.
    pub fn all() -> impl Iterator<Item = Kind> {
        (0..registry::KINDS.len()).filter_map(|i| u8::try_from(i).ok().map(Kind))
    }

    /// The kind a YAML word names.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::all().find(|k| k.as_str() == name)
    }

    /// The kind's descriptor.
    pub fn def(self) -> &'static KindDef {
        // Handles are only made from registry indices.
        registry::KINDS
            .get(usize::from(self.0))
            .copied()
            .unwrap_or(registry::KINDS[0])
    }

    /// The word users write in YAML.
    pub fn as_str(self) -> &'static str {
        self.def().name
    }

    /// The placeholders a pattern of this kind may capture its value with.
    pub fn placeholders(self) -> Vec<Placeholder> {
        self.def()
            .placeholders
            .iter()
            .map(|p| registry::placeholder_handle(p))
            .collect()
    }

    /// Whether the kind accepts a kind-dependent slot key.
    pub fn accepts(self, key: SlotKey) -> bool {
        self.def().keys.contains(&key)
    }

    /// Whether `tolerance:` means something for this kind.
    pub fn takes_tolerance(self) -> bool {
        self.accepts(SlotKey::Tolerance)
    }

    /// Whether `units:` means something for this kind.
    pub fn takes_units(self) -> bool {
        self.accepts(SlotKey::Units)
    }

    /// Whether `aliases:` means something for this kind.
    pub fn takes_aliases(self) -> bool {
        self.accepts(SlotKey::Aliases)
    }

    /// Whether `speaker:` and `contains:` mean something for this kind.
    pub fn takes_quote_selectors(self) -> bool {
        self.accepts(SlotKey::Speaker)
    }

    /// A pattern of this kind to show in hints.
    pub fn example_pattern(self) -> &'static str {
        self.def().example
    }

    /// Why a tolerance does not suit this kind (reason, hint), when it does not.
    pub fn check_tolerance(
        self,
        tolerance: &number::Tolerance,
    ) -> Option<(&'static str, &'static str)> {
        self.def()
            .check_tolerance
            .and_then(|check| check(tolerance))
    }

    /// Whether a source's value is its fullest mention rather than its first.
    pub fn fullest_first(self) -> bool {
        self.def().fullest_first
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&capitalized(self.as_str()))
    }
}

/// "number" -> "Number", as the derived `Debug` of the former enum printed it.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Word;
        impl serde::de::Visitor<'_> for Word {
            type Value = Kind;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a kind")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Kind, E> {
                Kind::from_name(v).ok_or_else(|| E::unknown_variant(v, registry::kind_names()))
            }
        }
        deserializer.deserialize_str(Word)
    }
}

impl schemars::JsonSchema for Kind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Kind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let kinds: Vec<serde_json::Value> = registry::KINDS
            .iter()
            .filter(|k| !registry::is_test_only(k))
            .map(|k| serde_json::json!({"description": k.doc, "type": "string", "const": k.name}))
            .collect();
        schemars::json_schema!({
            "description": "The kinds a slot can have, as written in YAML `kind:`.",
            "oneOf": kinds,
        })
    }
}

/// A typed placeholder in a pattern (`{number}`): a handle on its
/// [`registry::PlaceholderDef`], declared by the kind that owns its regex.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Placeholder(&'static str);

#[allow(non_upper_case_globals)]
impl Placeholder {
    /// `{number}`: digits, number words, ordinals, with a qualifier.
    pub const Number: Placeholder = Placeholder("number");
    /// `{ordinal}`: "fifth", "5th".
    pub const Ordinal: Placeholder = Placeholder("ordinal");
    /// `{name}`: capitalised words.
    pub const Name: Placeholder = Placeholder("name");
    /// `{phrase}`: the fewest words that let the pattern match.
    pub const Phrase: Placeholder = Placeholder("phrase");
    /// `{quote}`: words between quote marks.
    pub const Quote: Placeholder = Placeholder("quote");
    /// `{weekday}`: "Monday", "on Monday", "last Monday".
    pub const Weekday: Placeholder = Placeholder("weekday");
    /// `{date}`: dates, months, relative dates.
    pub const Date: Placeholder = Placeholder("date");
    /// `{time}`: a time of day with its zone: "3:20 p.m.", "1353 GMT", "noon".
    pub const Time: Placeholder = Placeholder("time");
    /// `{quantity}`: a figure with its unit: "15 miles", "$2.5 million", "40%".
    pub const Quantity: Placeholder = Placeholder("quantity");
}

impl Placeholder {
    /// Every registered placeholder.
    pub fn all() -> impl Iterator<Item = Placeholder> {
        registry::placeholders()
            .iter()
            .map(|p| registry::placeholder_handle(p))
    }

    /// The word inside the braces.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Look a placeholder up by the word inside the braces.
    pub fn from_word(word: &str) -> Option<Placeholder> {
        registry::placeholder(word).map(registry::placeholder_handle)
    }

    /// The placeholder's descriptor.
    pub fn def(self) -> Option<&'static PlaceholderDef> {
        registry::placeholder(self.0)
    }

    /// The regex fragment (without a capture group) the placeholder matches
    /// in English.
    pub fn regex(self) -> &'static str {
        self.regex_in(crate::lang::english())
    }

    /// The regex fragment the placeholder matches in a language.
    pub fn regex_in(self, language: &'static crate::lang::Language) -> &'static str {
        self.def().map_or(r"(?:\b\B)", |d| (d.regex)(language))
    }

    /// The language whose regex the placeholder uses for text in `language`:
    /// `language` when the placeholder reads its words, English when it reads
    /// alike in every language (`{phrase}`), so that what is built from the
    /// regex is built once.
    pub fn reading_language(
        self,
        language: &'static crate::lang::Language,
    ) -> &'static crate::lang::Language {
        let english = crate::lang::english();
        if !language.is_english() && std::ptr::eq(self.regex_in(language), self.regex_in(english)) {
            english
        } else {
            language
        }
    }
}

impl fmt::Debug for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&capitalized(self.0))
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.0)
    }
}

impl Serialize for Placeholder {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

/// A normalized value, ready to compare.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Value {
    /// A figure and the interval it stands for.
    Number(Box<number::NumberValue>),
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

    /// The hedge of a figure (`number` and `count` values), which reports
    /// give beside the value; `None` for other values.
    pub fn hedge(&self) -> Option<number::Hedge> {
        match self {
            Value::Number(v) => Some(v.hedge),
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
    /// publication date, for relative dates; `language` the one the text is
    /// written in (number words, month names). Returns the value and how it
    /// was derived.
    pub fn parse(
        self,
        raw: &str,
        published: Option<jiff::civil::Date>,
        language: &'static crate::lang::Language,
        options: &ValueOptions,
    ) -> Result<(Value, String), String> {
        (self.def().parse)(raw, published, language, options)
    }

    /// Parse a confirmed value written in `expect:`, in the story's language.
    pub fn parse_expected(
        self,
        raw: &str,
        language: &'static crate::lang::Language,
        options: &ValueOptions,
    ) -> Result<Value, String> {
        match self.def().parse_expected {
            Some(parse) => parse(raw, language, options),
            None => self.parse(raw, None, language, options).map(|(v, _)| v),
        }
    }

    /// Compare two values of this kind. The answer does not depend on the
    /// order of `a` and `b` (a property test holds every kind to it).
    pub fn compare(self, a: &Value, b: &Value, options: &ValueOptions) -> Comparison {
        (self.def().compare)(a, b, options)
    }
}

/// The comparison of two values whose shapes differ (a kind given a value
/// it did not parse).
pub fn mismatched() -> Comparison {
    Comparison::new(Verdict::Different, "values of different kinds".to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_yaml_word() {
        for kind in Kind::all() {
            let yaml = kind.as_str();
            let parsed: Kind = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(parsed, kind);
            assert!(!kind.placeholders().is_empty(), "{kind} has no placeholder");
        }
    }

    #[test]
    fn the_constants_name_the_registered_kinds_and_placeholders() {
        let named = [
            (Kind::Number, "number"),
            (Kind::Count, "count"),
            (Kind::Name, "name"),
            (Kind::Phrase, "phrase"),
            (Kind::Quote, "quote"),
            (Kind::Weekday, "weekday"),
            (Kind::Date, "date"),
            (Kind::Time, "time"),
            (Kind::Quantity, "quantity"),
        ];
        for (kind, word) in named {
            assert_eq!(kind.as_str(), word);
            assert_eq!(Kind::from_name(word), Some(kind));
        }
        for p in Placeholder::all() {
            assert!(p.def().is_some(), "{p}");
        }
        for p in [Placeholder::Number, Placeholder::Quote, Placeholder::Date] {
            assert_eq!(Placeholder::from_word(p.as_str()), Some(p));
        }
    }

    /// Code outside `src/kinds/` asks the registry; it never lists kinds in a
    /// `match` (an arm like `Kind::Name =>`), so a new kind needs no edit there.
    #[test]
    fn no_match_on_kinds_outside_the_kinds_folder() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("kinds") {
                        walk(&path, out);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let arm = regex::Regex::new(r"\bKind::[A-Z][a-z]+\s*(=>|\|[^|])").unwrap();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                assert!(
                    !arm.is_match(line),
                    "{}:{}: a match on kinds outside src/kinds/: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }

    #[test]
    fn every_kind_is_documented_in_rules_md() {
        let docs = include_str!("../../docs/rules.md");
        for kind in Kind::all().filter(|k| !registry::is_test_only(k.def())) {
            assert!(
                docs.contains(&format!("### `{}`", kind.as_str())),
                "docs/rules.md has no section `### `{kind}``"
            );
        }
    }

    #[test]
    fn every_kind_has_a_fixture_folder() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kinds");
        for kind in Kind::all().filter(|k| !registry::is_test_only(k.def())) {
            let dir = root.join(kind.as_str());
            assert!(dir.is_dir(), "missing fixture folder {}", dir.display());
        }
    }

    #[test]
    fn a_self_contradicting_conversion_is_exposed() {
        let options = ValueOptions::default();
        let (bad, _) = Kind::Quantity
            .parse(
                "10 miles (24 kilometers)",
                None,
                crate::lang::english(),
                &options,
            )
            .unwrap();
        assert!(bad.internal().is_some_and(|why| why.contains("is not")));
        let (good, _) = Kind::Quantity
            .parse(
                "15 miles (24 kilometers)",
                None,
                crate::lang::english(),
                &options,
            )
            .unwrap();
        assert_eq!(good.internal(), None);
        let (time, _) = Kind::Time
            .parse(
                "9:15 a.m. KST (0545 GMT)",
                None,
                crate::lang::english(),
                &options,
            )
            .unwrap();
        assert!(time.internal().is_some());
    }

    #[test]
    fn count_rejects_fractions() {
        let err = Kind::Count
            .parse(
                "2.5",
                None,
                crate::lang::english(),
                &ValueOptions::default(),
            )
            .unwrap_err();
        assert!(err.contains("whole number"), "{err}");
    }
}
