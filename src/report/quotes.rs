//! The data of a `crosswire quotes` report: every quote with its alignment
//! class, the drift findings and the summary. Plain data that the reporters
//! render ([`super::quotes_text`], [`super::json::render_quotes`]); the
//! `quotes` command (`crate::quotes`) fills it.

use serde::Serialize;

use super::SourceEntry;
use crate::compare::Finding;
use crate::error::Diagnostic;
use crate::quotation::{Cue, Relation};
use crate::severity::Severity;

/// How one quote fared in the alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteClass {
    /// Another source quotes the same words.
    Identical,
    /// One quote is a contiguous part of the other's words: not a drift.
    Excerpt,
    /// One quote stops inside a phrase of the other ("no park" of "no park
    /// ranger"): a finding.
    Truncated,
    /// The same utterance worded differently in another source: a finding.
    Drift,
    /// No other source has it.
    Unique,
    /// Fewer words than `--min-words` (a scare quote): not aligned.
    Short,
}

impl QuoteClass {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteClass::Identical => "identical",
            QuoteClass::Excerpt => "excerpt",
            QuoteClass::Truncated => "truncated",
            QuoteClass::Drift => "drift",
            QuoteClass::Unique => "unique",
            QuoteClass::Short => "short",
        }
    }
}

impl From<Relation> for QuoteClass {
    fn from(r: Relation) -> Self {
        match r {
            Relation::Identical => QuoteClass::Identical,
            Relation::Excerpt => QuoteClass::Excerpt,
            Relation::Truncated => QuoteClass::Truncated,
            Relation::Drift => QuoteClass::Drift,
            Relation::Unique => QuoteClass::Unique,
        }
    }
}

/// One quote found in one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteEntry {
    /// The source's name (outlet).
    pub source: String,
    /// The source's path as given, or `<stdin>`.
    pub path: String,
    /// The quoted words as written (without the quote marks).
    pub text: String,
    /// 1-based line of the first quoted word in the original file.
    pub line: usize,
    /// 1-based column (characters) of the first quoted word.
    pub column: usize,
    /// The quote's sentence as written (white space tidied).
    pub sentence: String,
    /// Number of words.
    pub words: usize,
    /// A fragment inside a sentence rather than a full quoted statement.
    pub partial: bool,
    /// Who said it, when a cue says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The attribution cue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Cue>,
    /// How it aligned across sources.
    pub class: QuoteClass,
    /// The aligned group's number (1-based, shared by the quotes of other
    /// sources it aligned with); absent for unique, short and attached
    /// quotes, so a group holds at most one quote per source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
    /// For a second quote of a source that is identical to, or an excerpt
    /// of, a member of a group: that group's number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<usize>,
    /// Word similarity with its group (1 identical); for a unique quote the
    /// best score it reached with a quote that did not align (0 when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuoteSummary {
    /// Sources read.
    pub checked: usize,
    /// Inputs skipped.
    pub skipped: usize,
    /// Quotes found.
    pub quotes: usize,
    /// Groups of quotes from two or more sources.
    pub groups: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity (drifts).
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
    /// Input problems (diagnostics at error level).
    pub problems: usize,
}

/// The result of a quote check, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteReport {
    /// Format version, the same as `check`'s.
    pub version: u32,
    /// Every input, read or skipped, in input order.
    pub sources: Vec<SourceEntry>,
    /// One `wording` finding per drifted group.
    pub findings: Vec<Finding>,
    /// Every quote found, by source then position.
    pub quotes: Vec<QuoteEntry>,
    /// Input problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: QuoteSummary,
}

impl QuoteReport {
    /// Whether any input error happened (exit 2).
    pub fn has_problems(&self) -> bool {
        self.summary.problems > 0
    }

    /// Whether any finding is at or above `level` (`None`: never fail).
    pub fn fails(&self, level: Option<Severity>) -> bool {
        super::fails(&self.findings, level)
    }

    /// The one-line summary every format ends with.
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        use super::plural;
        let mut line = format!(
            "{} read, {} skipped; {}, {} aligned across sources; ",
            plural(s.checked, "source", "sources"),
            s.skipped,
            plural(s.quotes, "quote", "quotes"),
            plural(s.groups, "group", "groups"),
        );
        let findings = s.errors + s.warnings + s.infos;
        if findings == 0 {
            line.push_str("no drifted quotes");
        } else {
            line.push_str(&plural(findings, "drifted quote", "drifted quotes"));
        }
        if s.problems > 0 {
            line.push_str(&format!("; {}", plural(s.problems, "problem", "problems")));
        }
        line
    }
}
