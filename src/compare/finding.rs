//! The findings the comparer produces: plain data that reporters render.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A figure's hedge, which a [`Located`] number value carries.
pub use crate::kinds::number::Hedge;
use crate::kinds::Nuance;
pub use crate::severity::Severity;
use crate::text::diff::DiffOp;

/// What a finding says about the sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// Two sources give incompatible values.
    Conflict,
    /// The same phrase or quote, worded differently.
    Wording,
    /// The same name, spelled differently.
    Spelling,
    /// One source gives two incompatible values.
    Internal,
    /// A value differs from the slot's `expect`.
    Expectation,
    /// A slot filled in some sources is absent from others.
    Missing,
    /// One name is part of another ("Peter Novak" / "Ivan Peter Novak").
    Partial,
    /// Different figures that agree only through an open-ended hedge
    /// ("at least 2" / "17").
    Figure,
    /// A later source gives a higher figure for a count that only grows
    /// (`grows: true`).
    Update,
    /// A newer version of a wire item gives another value than the version it
    /// replaces (names both versions).
    Changed,
}

impl FindingKind {
    /// Every finding kind.
    pub const ALL: [FindingKind; 10] = [
        FindingKind::Conflict,
        FindingKind::Wording,
        FindingKind::Spelling,
        FindingKind::Internal,
        FindingKind::Expectation,
        FindingKind::Missing,
        FindingKind::Partial,
        FindingKind::Figure,
        FindingKind::Update,
        FindingKind::Changed,
    ];

    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Conflict => "conflict",
            FindingKind::Wording => "wording",
            FindingKind::Spelling => "spelling",
            FindingKind::Internal => "internal",
            FindingKind::Expectation => "expectation",
            FindingKind::Missing => "missing",
            FindingKind::Partial => "partial",
            FindingKind::Figure => "figure",
            FindingKind::Update => "update",
            FindingKind::Changed => "changed",
        }
    }

    /// The finding for two values that agree only as a variant: how they
    /// still differ decides it (a figure agreeing only through a hedge is a
    /// `figure`, a name spelled otherwise a `spelling`). `check` and `facts`
    /// both decide with this.
    pub fn of_nuance(nuance: Nuance) -> FindingKind {
        match nuance {
            Nuance::PartialName => FindingKind::Partial,
            Nuance::Figure => FindingKind::Figure,
            Nuance::Spelling => FindingKind::Spelling,
            Nuance::Wording => FindingKind::Wording,
        }
    }

    /// The severity when the slot sets none.
    pub fn default_severity(self) -> Severity {
        match self {
            FindingKind::Conflict | FindingKind::Expectation => Severity::Error,
            FindingKind::Wording
            | FindingKind::Internal
            | FindingKind::Partial
            | FindingKind::Figure => Severity::Warning,
            FindingKind::Spelling
            | FindingKind::Missing
            | FindingKind::Update
            | FindingKind::Changed => Severity::Info,
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value as a source gives it, with everything needed to show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    /// The source's name (outlet).
    pub source: String,
    /// The source's path as given, or `<stdin>`.
    pub path: String,
    /// The normalized value, as text ("nearly 70", "2023-04-10 (Monday)").
    pub value: String,
    /// A figure's hedge (`number` and `count` values: "more-than", "none").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<Hedge>,
    /// The text the value was read from, as written in the source.
    pub text: String,
    /// 1-based line of the value in the original file.
    pub line: usize,
    /// 1-based column (characters) of the value in the original file.
    pub column: usize,
    /// 1-based line of the end of the value (the position just after its
    /// last character) in the original file.
    pub end_line: usize,
    /// 1-based column, in Unicode scalar values, just after the value's last
    /// character (exclusive, as in SARIF regions).
    pub end_column: usize,
    /// The sentence containing the value, as written (white space tidied);
    /// shared with the fill it locates, and with every finding and fact-table
    /// row that shows the value.
    pub sentence: Arc<str>,
    /// Who said it, for quotes (`crosswire quotes` and `quote` slots).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The attribution cue that found the speaker (`said-after`,
    /// `according-to`, ...; docs/quotes.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<crate::quotation::Cue>,
    /// Byte range of `text` inside `sentence`, for highlighting.
    #[serde(skip)]
    pub highlight: std::ops::Range<usize>,
}

/// A word diff between two sources' wordings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordDiff {
    /// The source whose words are on the left (deleted side).
    pub from: String,
    /// The source whose words are on the right (inserted side).
    pub to: String,
    /// The diff, runs of words.
    pub ops: Vec<DiffOp>,
}

/// A disagreement (or a gap) worth reporting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The story id.
    pub story: String,
    /// The slot id.
    pub slot: String,
    /// What kind of finding.
    pub kind: FindingKind,
    /// How much it matters.
    pub severity: Severity,
    /// The slot's `message`, or a generated one.
    pub message: String,
    /// Why the values disagree, in words.
    pub reason: String,
    /// The values involved, one or more per source, in source order.
    pub values: Vec<Located>,
    /// For `expectation`: the confirmed value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// For `missing`: the sources that lack a value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_from: Vec<String>,
    /// For `wording`: word diffs between the differing wordings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diffs: Vec<WordDiff>,
    /// For findings across sources: the sources grouped by the value they
    /// give, the odd ones out first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ValueGroup>,
}

/// Sources that give the same value (or values that agree).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueGroup {
    /// The values, as shown (one, or several that agree: "about 30", "31").
    pub values: Vec<String>,
    /// The sources that give them, in source order.
    pub sources: Vec<String>,
}

/// The status of a fact-table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Every value given agrees (some sources may give none).
    Agree,
    /// No source gives a value.
    Empty,
    /// The most serious finding of the slot (never `missing`).
    Disputed(FindingKind),
}

impl RowStatus {
    /// The word shown in reports: `agree`, `empty` or the finding kind.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Agree => "agree",
            RowStatus::Empty => "empty",
            RowStatus::Disputed(kind) => kind.as_str(),
        }
    }
}

impl fmt::Display for RowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RowStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
