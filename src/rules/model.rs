//! The rule file format as written: serde types, checked for unknown keys and
//! types in the first pass. `load` turns them into the compiled [`super::Story`].

use std::collections::BTreeMap;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::kinds::{Hedges, Kind};
use crate::severity::Severity;

/// One rule file: one story.
// `S` is what a slot is read as: a `SlotSpec`, or `serde::de::IgnoredAny` to
// check the story's own keys alone, so that every schema error of a file can
// be found, not only the first (see `rules/yaml_errors.rs`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "crosswire rule file", rename = "StoryFile")]
pub struct StoryFile<S = SlotSpec> {
    /// The story id.
    pub story: String,
    /// A human title.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date of the story (YYYY-MM-DD): the fallback for sources
    /// that carry none.
    #[serde(default)]
    pub date: Option<Scalar>,
    /// Which sources the story applies to.
    #[serde(default)]
    pub scope: Option<ScopeSpec>,
    /// Extra boilerplate lines (regexes matching a whole line).
    #[serde(default)]
    pub boilerplate: Vec<String>,
    /// Whether sources without a value are reported, for every slot that
    /// does not say (`info` or `off`).
    #[serde(default)]
    pub missing: Option<MissingPolicy>,
    /// The fact slots.
    pub slots: Vec<S>,
    /// Time zones the story's sources write, with their offsets from UTC
    /// (`local: "+09:00"`, `IRST: "+03:30"`), for `time` slots. `local` is the
    /// zone of times written without one.
    #[serde(default)]
    pub time_zones: BTreeMap<String, Scalar>,
    /// How the story's numeric dates are ordered where both orders fit
    /// (`12/03/14`): `dmy` or `mdy`.
    #[serde(default)]
    pub date_order: Option<crate::kinds::date::DateOrder>,
    /// The language of the story's sources (`en`, `de`): which word lists
    /// (months, number words, titles) read them. English when not given; an
    /// unknown code is a warning and reads as English.
    #[serde(default)]
    pub language: Option<String>,
}

/// `scope:`: words a source must mention for the story to apply.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeSpec {
    /// At least one of these.
    #[serde(default)]
    pub any: Vec<String>,
    /// All of these.
    #[serde(default)]
    pub all: Vec<String>,
}

/// One slot as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotSpec {
    /// The slot id.
    pub id: String,
    /// The value kind.
    pub kind: Kind,
    /// Patterns that fill the slot.
    #[serde(default)]
    pub patterns: Vec<PatternSpec>,
    /// Name aliases: canonical name to other spellings.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Who said the quote (`quote` slots): a name or a list of names for the
    /// same speaker.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrMany")]
    pub speaker: Vec<String>,
    /// Words the quote must contain (`quote` slots): a phrase or a list.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrMany")]
    pub contains: Vec<String>,
    /// Allowed numeric difference: `2` or `10%`.
    #[serde(default)]
    pub tolerance: Option<Scalar>,
    /// The confirmed value (fact sheet).
    #[serde(default)]
    pub expect: Option<Scalar>,
    /// Severity of this slot's disagreements.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Message shown with this slot's findings.
    #[serde(default)]
    pub message: Option<String>,
    /// `strict` (default): different figures that agree only through an
    /// open-ended hedge are a `figure` finding; `lenient`: they agree
    /// (`number` and `count` slots).
    #[serde(default)]
    pub hedges: Option<Hedges>,
    /// Whether the figure only grows over time (a death toll): a later,
    /// higher figure is an `update`, a later, lower one a `conflict`
    /// (`number` and `count` slots).
    #[serde(default)]
    pub grows: bool,
    /// Similarity (0 to 1) from which two names are spellings of one name
    /// (`name` slots; default 0.9).
    #[serde(default)]
    pub spelling: Option<f64>,
    /// Titles and honorifics to leave out when names are compared, beyond the
    /// built-in ones (`name` slots).
    #[serde(default)]
    pub honorifics: Vec<String>,
    /// `info` (default): report sources that give no value; `off`: do not.
    #[serde(default)]
    pub missing: Option<MissingPolicy>,
    /// The units a `quantity` slot accepts: unit symbols (`km`, `mi`, `USD`,
    /// `%`) or dimensions (`length`, `area`, `mass`, `volume`, `temperature`,
    /// `speed`, `duration`, `money`, `percent`, `points`).
    #[serde(default)]
    pub units: Vec<String>,
}

/// Whether sources without a value are reported (`missing:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MissingPolicy {
    /// A `missing` finding at info level.
    #[default]
    Info,
    /// No `missing` finding; the fact table still shows the gap.
    Off,
}

/// A pattern: prose-like text, or `regex: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternSpec {
    /// A pattern in crosswire's pattern language.
    Prose(String),
    /// A regex escape hatch.
    Regex(String),
}

impl<'de> Deserialize<'de> for PatternSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PatternVisitor;
        impl<'de> Visitor<'de> for PatternVisitor {
            type Value = PatternSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a pattern string or a map `regex: ...`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PatternSpec, E> {
                Ok(PatternSpec::Prose(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PatternSpec, A::Error> {
                let mut regex = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "regex" {
                        if regex.is_some() {
                            return Err(de::Error::duplicate_field("regex"));
                        }
                        regex = Some(map.next_value::<String>()?);
                    } else {
                        return Err(de::Error::unknown_field(&key, &["regex"]));
                    }
                }
                regex
                    .map(PatternSpec::Regex)
                    .ok_or_else(|| de::Error::missing_field("regex"))
            }
        }
        deserializer.deserialize_any(PatternVisitor)
    }
}

/// A scalar kept as text: YAML may type `2023-04-11`, `5` or `10%` differently,
/// and the slot's kind decides how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// `speaker: KCNA` or `speaker: [KCNA, state media]`.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct OneOrManyVisitor;
    impl<'de> Visitor<'de> for OneOrManyVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(OneOrManyVisitor)
}

// Hand-written schemas for the two types with hand-written Deserialize impls:
// what they accept must be stated, since schemars cannot read a Visitor.
impl JsonSchema for PatternSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PatternSpec".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A pattern in crosswire's pattern language (words, `...`, `(a|b)`, one `{placeholder}`), or `regex: ...` with a named group `value`.",
            "oneOf": [
                { "type": "string", "minLength": 1 },
                {
                    "type": "object",
                    "properties": {
                        "regex": {
                            "type": "string",
                            "minLength": 1,
                            "description": "A regex (Rust syntax, case-insensitive unless `(?-i)`); the group `value` or the whole match is the value."
                        }
                    },
                    "required": ["regex"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The schema of a key that takes one string or a list of strings.
struct OneOrMany;

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One string, or a list of strings.",
            "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A value read according to the slot's kind: `30`, `nearly 70`, `10%`, `2023-04-10`, `Kwon Youngse`.",
            "type": ["string", "number", "boolean"]
        })
    }
}

/// The keys a slot accepts, for "did you mean" hints.
pub const SLOT_KEYS: &[&str] = &[
    "id",
    "kind",
    "patterns",
    "aliases",
    "speaker",
    "contains",
    "tolerance",
    "expect",
    "severity",
    "message",
    "hedges",
    "grows",
    "spelling",
    "honorifics",
    "missing",
    "units",
];

/// The keys a story accepts.
pub const STORY_KEYS: &[&str] = &[
    "story",
    "title",
    "date",
    "scope",
    "boilerplate",
    "missing",
    "slots",
    "time_zones",
    "date_order",
    "language",
];
