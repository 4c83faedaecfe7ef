//! The kind registry: one descriptor per value kind and per placeholder.
//!
//! A kind is declared once, in its own module, as a [`KindDef`]: the word
//! rules write in `kind:`, its documentation, the placeholders its patterns
//! may capture with, the slot keys (options) it accepts, an example pattern
//! for hints, and the functions that parse a captured text into a [`Value`]
//! and compare two values. [`KINDS`] lists every descriptor; it is the only
//! list of kinds in the crate. The rule loader, `rules lint`, the JSON Schema
//! generator, the pattern compiler, `rules new`, `facts` and comparison all
//! look kinds up here through the [`Kind`] handle, so a new kind is one new
//! module and one line in [`KINDS`] (docs/architecture.md, "Adding a kind").

use jiff::civil::Date;

use crate::lang::Language;

use super::number::Tolerance;
use super::{Comparison, Kind, Placeholder, Value, ValueOptions};

/// A placeholder a pattern may capture its value with (`{number}`).
#[derive(Debug)]
pub struct PlaceholderDef {
    /// The word inside the braces.
    pub word: &'static str,
    /// The regex fragment (no capture groups) the placeholder matches in a
    /// language (number words, month names).
    pub regex: fn(&'static Language) -> &'static str,
    /// A regex fragment the compiled pattern lets follow the value without
    /// making it part of the value (`'s` after a day, `of` after "dozens").
    pub trailer: &'static str,
    /// Whether the value may follow the previous word with no separator (a
    /// quotation begins with its quote mark).
    pub glued: bool,
    /// Whether a pattern's next words may cut the value short, so that the
    /// extractor should warn (`{number}` in "the {number} and a half").
    pub may_be_cut: bool,
}

/// A slot key whose meaning depends on the slot's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKey {
    /// `tolerance:` an allowed difference.
    Tolerance,
    /// `hedges:` whether hedged figures are reported.
    Hedges,
    /// `grows:` a figure that may grow between versions.
    Grows,
    /// `aliases:` other spellings of a name.
    Aliases,
    /// `spelling:` the similarity from which two names are one spelled otherwise.
    Spelling,
    /// `honorifics:` titles left out when names are compared.
    Honorifics,
    /// `units:` the units a quantity may be written in.
    Units,
    /// `speaker:` who said a quote.
    Speaker,
    /// `contains:` words a quote contains.
    Contains,
}

impl SlotKey {
    /// Every kind-dependent key, in the order the loader checks them.
    pub const ALL: [SlotKey; 9] = [
        SlotKey::Speaker,
        SlotKey::Contains,
        SlotKey::Hedges,
        SlotKey::Grows,
        SlotKey::Spelling,
        SlotKey::Honorifics,
        SlotKey::Units,
        SlotKey::Aliases,
        SlotKey::Tolerance,
    ];

    /// The key as written in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            SlotKey::Tolerance => "tolerance",
            SlotKey::Hedges => "hedges",
            SlotKey::Grows => "grows",
            SlotKey::Aliases => "aliases",
            SlotKey::Spelling => "spelling",
            SlotKey::Honorifics => "honorifics",
            SlotKey::Units => "units",
            SlotKey::Speaker => "speaker",
            SlotKey::Contains => "contains",
        }
    }

    /// How the "is for ... slots" hint starts for this key.
    pub fn hint_subject(self) -> String {
        match self {
            SlotKey::Tolerance => "tolerance is".to_string(),
            SlotKey::Units => "units are".to_string(),
            SlotKey::Aliases => "aliases are".to_string(),
            _ => format!("`{}` is", self.as_str()),
        }
    }

    /// The kinds that accept this key, in registry order.
    pub fn kinds(self) -> Vec<Kind> {
        Kind::all().filter(|k| k.accepts(self)).collect()
    }
}

/// Parses captured text into a value and says how it was read.
pub type ParseFn =
    fn(&str, Option<Date>, &'static Language, &ValueOptions) -> Result<(Value, String), String>;
/// Parses a confirmed value written in `expect:`.
pub type ParseExpectedFn = fn(&str, &'static Language, &ValueOptions) -> Result<Value, String>;
/// Compares two values of a kind; must not depend on their order.
pub type CompareFn = fn(&Value, &Value, &ValueOptions) -> Comparison;
/// Rejects a tolerance the kind cannot use: the reason and a hint.
pub type ToleranceCheck = fn(&Tolerance) -> Option<(&'static str, &'static str)>;

/// Everything crosswire knows about one value kind.
#[derive(Debug)]
pub struct KindDef {
    /// The word rules write in `kind:`.
    pub name: &'static str,
    /// One line for the JSON Schema and editors.
    pub doc: &'static str,
    /// The placeholders its patterns may capture with.
    pub placeholders: &'static [&'static PlaceholderDef],
    /// The kind-dependent slot keys it accepts.
    pub keys: &'static [SlotKey],
    /// A pattern to show in hints (`fired {number} missiles`).
    pub example: &'static str,
    /// Captured text to value.
    pub parse: ParseFn,
    /// `expect:` text to value, when it differs from [`KindDef::parse`]
    /// without a publication date.
    pub parse_expected: Option<ParseExpectedFn>,
    /// Whether two values agree.
    pub compare: CompareFn,
    /// A check on `tolerance:` beyond the common one.
    pub check_tolerance: Option<ToleranceCheck>,
    /// Whether a source's value is its fullest mention rather than its first
    /// (a name is given in full once, then shortened).
    pub fullest_first: bool,
}

/// Every kind, in the order the docs list them. Add a kind here.
pub static KINDS: &[&KindDef] = &[
    &super::number::NUMBER,
    &super::number::COUNT,
    &super::name::NAME,
    &super::phrase::PHRASE,
    &super::quote::QUOTE,
    &super::date::WEEKDAY,
    &super::date::DATE,
    &super::time::TIME,
    &super::quantity::QUANTITY,
    #[cfg(test)]
    &super::test_kind::CODE,
];

/// Every placeholder, in registry order of the first kind that uses it.
pub fn placeholders() -> &'static [&'static PlaceholderDef] {
    static ALL: std::sync::LazyLock<Vec<&'static PlaceholderDef>> =
        std::sync::LazyLock::new(|| {
            let mut all: Vec<&'static PlaceholderDef> = Vec::new();
            for kind in KINDS {
                for p in kind.placeholders {
                    if !all.iter().any(|q| q.word == p.word) {
                        all.push(p);
                    }
                }
            }
            all
        });
    &ALL
}

/// The descriptor of a placeholder word.
pub fn placeholder(word: &str) -> Option<&'static PlaceholderDef> {
    placeholders().iter().copied().find(|p| p.word == word)
}

/// The kind words, for "expected one of" messages.
pub fn kind_names() -> &'static [&'static str] {
    static NAMES: std::sync::LazyLock<Vec<&'static str>> =
        std::sync::LazyLock::new(|| KINDS.iter().map(|k| k.name).collect());
    &NAMES
}

/// A placeholder handle for a word the registry knows.
pub(super) fn placeholder_handle(def: &'static PlaceholderDef) -> Placeholder {
    Placeholder(def.word)
}

/// Whether a descriptor is the unit tests' own kind, kept out of the schema
/// and the docs and fixture checks.
pub fn is_test_only(def: &KindDef) -> bool {
    #[cfg(test)]
    {
        std::ptr::eq(def, &super::test_kind::CODE)
    }
    #[cfg(not(test))]
    {
        let _ = def;
        false
    }
}
