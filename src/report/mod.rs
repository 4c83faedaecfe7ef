//! Reports: render a [`Report`] for people or machines.
//!
//! A [`Report`] is plain data: the sources and what happened to them, the
//! findings, the fact table and the diagnostics. Reporters only format it; they
//! never match text. One file per output format:
//! - [`text`]: for people, with file:line:col, the sentence with the value
//!   marked, word diffs and the fact table;
//! - [`json`]: one JSON document, documented in docs/output.md;
//! - [`quotes_text`]: the text report of `crosswire quotes` (its JSON is
//!   [`json::render_quotes`], documented in docs/output-quotes.md);
//! - [`sarif`], [`junit`], [`github`], [`jsonl`], [`markdown`], [`html`]: for
//!   CI systems, pull requests and editors (docs/output.md).
//!
//! Source text is made safe per target in [`sanitize`] and nowhere else. A
//! finding's stable identity is its [`rule_id`] (`story/slot`) and its
//! [`fingerprint`], which baselines and SARIF use.
//!
//! The summary line lives here ([`Report::summary_line`]) so every format says
//! the same thing.

pub mod github;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod printer;
pub mod quotes;
pub mod quotes_text;
pub use crate::sanitize;
pub mod sarif;
pub mod text;

pub use printer::{Context, Format, Printer, Subject};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::compare::{FactRow, Finding, Severity};
use crate::error::{Diagnostic, Level};

/// The JSON format version; bumped on incompatible changes.
pub const FORMAT_VERSION: u32 = 2;

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceEntry {
    /// The source's name (outlet); for skipped inputs, the file name.
    pub name: String,
    /// The path as given, or `<stdin>`.
    pub path: String,
    /// `checked` or `skipped`.
    pub status: SourceStatus,
    /// Why it was skipped, or why no story applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where in the input the problem that skipped it is (1-based line): a
    /// file of many items (JSON Lines) can have several bad ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The 1-based column (in characters) on `line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The publication date used for relative dates, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the date came from: front-matter, dateline, story, cli.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_from: Option<crate::source::DateOrigin>,
    /// The stories checked against this source.
    pub stories: Vec<String>,
    /// Sentences matched against.
    pub sentences: usize,
    /// Lines dropped as boilerplate.
    pub boilerplate_lines: usize,
    /// The text as read, kept only when a format shows the sources themselves
    /// (HTML; `Checker::keep_text`). Never serialized.
    #[serde(skip)]
    pub text: Option<String>,
}

impl SourceEntry {
    /// The path, with `:line:column` when the entry has a position.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.path),
            (Some(line), None) => format!("{}:{line}", self.path),
            _ => self.path.clone(),
        }
    }
}

/// Whether an input was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    /// Loaded and matched against at least one story.
    Checked,
    /// Not loaded, or no story applied to it.
    Skipped,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Sources checked.
    pub checked: usize,
    /// Inputs skipped.
    pub skipped: usize,
    /// Stories loaded.
    pub stories: usize,
    /// Slots in those stories.
    pub slots: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
    /// Rule and input problems (diagnostics at error level).
    pub problems: usize,
    /// Findings suppressed by a baseline (`check --baseline`); not in `findings`.
    pub baselined: usize,
}

/// The result of a check, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Format version, [`FORMAT_VERSION`].
    pub version: u32,
    /// Every input, checked or skipped, in input order.
    pub sources: Vec<SourceEntry>,
    /// Findings, by story, slot, then kind.
    pub findings: Vec<Finding>,
    /// The fact table: every slot's values in every source.
    pub slots: Vec<FactRow>,
    /// Rule errors, input errors and extraction warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: Summary,
}

impl Report {
    /// Recount the summary from the contents.
    pub fn summarize(&mut self, stories: usize, slots: usize) {
        let count = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        self.summary = Summary {
            checked: self
                .sources
                .iter()
                .filter(|s| s.status == SourceStatus::Checked)
                .count(),
            skipped: self
                .sources
                .iter()
                .filter(|s| s.status == SourceStatus::Skipped)
                .count(),
            stories,
            slots,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            problems: self
                .diagnostics
                .iter()
                .filter(|d| d.level == Level::Error)
                .count(),
            baselined: self.summary.baselined,
        };
    }

    /// Whether any rule or input error happened (exit 2).
    pub fn has_problems(&self) -> bool {
        self.summary.problems > 0
    }

    /// Whether any finding is at or above `level` (`None`: never fail).
    pub fn fails(&self, level: Option<Severity>) -> bool {
        fails(&self.findings, level)
    }

    /// The one-line summary every format ends with.
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        let findings = s.errors + s.warnings + s.infos;
        let mut line = format!(
            "{} checked, {} skipped; {} {}, {} {}; ",
            plural(s.checked, "source", "sources"),
            s.skipped,
            s.stories,
            if s.stories == 1 { "story" } else { "stories" },
            s.slots,
            if s.slots == 1 { "slot" } else { "slots" },
        );
        if findings == 0 {
            line.push_str("no findings");
        } else {
            line.push_str(&format!(
                "{}: {} {}, {} {}, {} info",
                plural(findings, "finding", "findings"),
                s.errors,
                if s.errors == 1 { "error" } else { "errors" },
                s.warnings,
                if s.warnings == 1 {
                    "warning"
                } else {
                    "warnings"
                },
                s.infos
            ));
        }
        if s.baselined > 0 {
            line.push_str(&format!("; {} baselined", s.baselined));
        }
        if s.problems > 0 {
            line.push_str(&format!("; {}", plural(s.problems, "problem", "problems")));
        }
        line
    }
}

/// A finding's stable rule id: `story/slot`.
pub fn rule_id(finding: &Finding) -> String {
    format!("{}/{}", finding.story, finding.slot)
}

/// A finding's fingerprint: 32 hex digits of a SHA-256 over its story, slot,
/// kind, expected value and its distinct normalized values, sorted. Positions
/// and source names take no part, so editing unrelated text, reordering
/// sources or adding a source that repeats a known value keeps it; a changed
/// value makes a new fingerprint (docs/output.md).
pub fn fingerprint(finding: &Finding) -> String {
    let mut values: Vec<&str> = finding.values.iter().map(|v| v.value.as_str()).collect();
    values.sort_unstable();
    values.dedup();
    let mut hasher = Sha256::new();
    // NUL separates the parts: no part can contain it (the sanitizers and the
    // normalizer replace control characters), so the encoding is unambiguous.
    for part in [
        "crosswire-fingerprint-1",
        &finding.story,
        &finding.slot,
        finding.kind.as_str(),
        finding.expected.as_deref().unwrap_or(""),
    ]
    .into_iter()
    .chain(values)
    {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether any of `findings` is at or above `level` (`None`: never fail).
pub fn fails(findings: &[Finding], level: Option<Severity>) -> bool {
    level.is_some_and(|level| findings.iter().any(|f| f.severity >= level))
}

/// "1 source", "2 sources": a count with its noun, for summary lines.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Findings for unit tests.
#[cfg(test)]
pub(crate) mod test_data {
    use crate::compare::{Finding, FindingKind, Located, Severity};

    pub(crate) fn located(source: &str, value: &str, line: usize) -> Located {
        Located {
            source: source.to_string(),
            path: format!("{source}.txt"),
            value: value.to_string(),
            hedge: None,
            text: value.to_string(),
            line,
            column: 3,
            end_line: line,
            end_column: 3 + value.chars().count(),
            sentence: value.into(),
            speaker: None,
            cue: None,
            highlight: 0..value.len(),
        }
    }

    pub(crate) fn finding(values: Vec<Located>) -> Finding {
        Finding {
            story: "s".into(),
            slot: "x".into(),
            kind: FindingKind::Conflict,
            severity: Severity::Error,
            message: "m".into(),
            reason: "r".into(),
            values,
            expected: None,
            missing_from: Vec::new(),
            diffs: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// A report of `findings` and nothing else.
    pub(crate) fn report_of(findings: Vec<Finding>) -> super::Report {
        super::Report {
            version: super::FORMAT_VERSION,
            sources: Vec::new(),
            findings,
            slots: Vec::new(),
            diagnostics: Vec::new(),
            summary: super::Summary::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_data::{finding, located};
    use super::*;
    use crate::compare::FindingKind;

    #[test]
    fn fingerprints_ignore_positions_order_and_repeats_but_not_values() {
        let base = fingerprint(&finding(vec![located("a", "30", 1), located("b", "31", 2)]));
        assert_eq!(base.len(), 32);
        assert!(base.chars().all(|c| c.is_ascii_hexdigit()));
        // Moved, reordered, another outlet repeating a known value: the same.
        let moved = finding(vec![
            located("b", "31", 40),
            located("a", "30", 9),
            located("c", "30", 7),
        ]);
        assert_eq!(fingerprint(&moved), base);
        // A changed value, another kind or slot: different.
        assert_ne!(
            fingerprint(&finding(vec![located("a", "30", 1), located("b", "32", 2)])),
            base
        );
        let mut other = finding(vec![located("a", "30", 1), located("b", "31", 2)]);
        other.kind = FindingKind::Wording;
        assert_ne!(fingerprint(&other), base);
        other.kind = FindingKind::Conflict;
        other.slot = "y".into();
        assert_ne!(fingerprint(&other), base);
        // Parts cannot run into each other.
        let mut joined = finding(vec![located("a", "3031", 1)]);
        joined.values.truncate(1);
        assert_ne!(fingerprint(&joined), base);
        assert_eq!(rule_id(&other), "s/y");
    }

    #[test]
    fn the_summary_line_counts_baselined_findings() {
        let mut report = super::test_data::report_of(vec![finding(vec![located("a", "30", 1)])]);
        report.summary.baselined = 3;
        report.summarize(1, 2);
        assert_eq!(
            report.summary_line(),
            "0 sources checked, 0 skipped; 1 story, 2 slots; 1 finding: 1 error, 0 warnings, 0 info; 3 baselined"
        );
    }
}
