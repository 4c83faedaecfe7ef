//! Comparison: per slot, decide where the sources disagree.
//!
//! Input is the [`Fill`]s extraction produced; output is [`Finding`]s and the
//! fact table ([`FactRow`]): every slot's values in every source, so a reader
//! sees what each outlet says even where nothing disagrees.
//!
//! Per slot:
//! - each source's first value (in document order) is its value; a later value
//!   of the same source that is incompatible with it is an `internal` finding;
//! - the sources' values are compared pairwise with the slot kind's comparator:
//!   any incompatible pair makes a `conflict`; otherwise a name spelled
//!   differently is `spelling` and a phrase worded differently is `wording`
//!   (with word diffs);
//! - a value incompatible with the slot's `expect` is an `expectation` finding;
//! - a source the story applies to that gives no value while others do is
//!   `missing`.

mod finding;

pub use finding::{Finding, FindingKind, Located, Severity, WordDiff};

/// Join names for messages: `a`, `a and b`, `a, b and c`.
pub fn join_names_for(names: &[String]) -> String {
    join_names(names)
}

use rayon::prelude::*;
use serde::Serialize;

use crate::extract::{Extraction, Fill};
use crate::kinds::{phrase, Kind, Value, Verdict};
use crate::rules::{RuleSet, Slot};
use crate::source::Source;

/// One slot's values across all sources: a row of the fact table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRow {
    /// The story id.
    pub story: String,
    /// The slot id.
    pub slot: String,
    /// The slot's kind.
    pub kind: Kind,
    /// `agree`, `empty` (no source gives a value), or the most serious finding kind.
    pub status: String,
    /// The sources the story applies to, in order.
    pub sources: Vec<String>,
    /// Every value found, in source order then document order.
    pub values: Vec<Located>,
}

/// Compare the fills of every slot.
pub fn compare(
    rules: &RuleSet,
    sources: &[Source],
    extraction: &Extraction,
) -> (Vec<Finding>, Vec<FactRow>) {
    // Cut the sorted fills into one run per slot, then compare slots in parallel;
    // `collect` keeps slot order, so output does not depend on the thread count.
    let mut work = Vec::new();
    let mut fills = extraction.fills.as_slice();
    for (story_index, story) in rules.stories.iter().enumerate() {
        let applicable: Vec<usize> = extraction
            .selections
            .iter()
            .filter(|s| s.stories.contains(&story_index))
            .map(|s| s.source)
            .collect();
        for (slot_index, slot) in story.slots.iter().enumerate() {
            // Fills are sorted by (story, slot, source, offset): take this slot's run.
            let end = fills
                .iter()
                .position(|f| (f.story, f.slot) != (story_index, slot_index))
                .unwrap_or(fills.len());
            let (slot_fills, rest) = fills.split_at(end);
            fills = rest;
            work.push((story, slot, slot_fills, applicable.clone()));
        }
    }
    let results: Vec<(Vec<Finding>, FactRow)> = work
        .par_iter()
        .map(|(story, slot, slot_fills, applicable)| {
            let context = SlotContext {
                story: &story.id,
                slot,
                sources,
            };
            let slot_findings = context.findings(slot_fills, applicable);
            let row = FactRow {
                story: story.id.clone(),
                slot: slot.id.clone(),
                kind: slot.kind,
                status: status(&slot_findings, slot_fills.is_empty()),
                sources: applicable
                    .iter()
                    .filter_map(|&i| sources.get(i).map(|s| s.name.clone()))
                    .collect(),
                values: slot_fills.iter().map(|f| context.locate(f)).collect(),
            };
            (slot_findings, row)
        })
        .collect();
    let mut findings = Vec::new();
    let mut rows = Vec::new();
    for (mut slot_findings, row) in results {
        findings.append(&mut slot_findings);
        rows.push(row);
    }
    (findings, rows)
}

fn status(findings: &[Finding], empty: bool) -> String {
    if empty {
        return "empty".to_string();
    }
    findings
        .iter()
        .min_by_key(|f| (std::cmp::Reverse(f.severity), f.kind))
        .map_or_else(|| "agree".to_string(), |f| f.kind.to_string())
}

struct SlotContext<'a> {
    story: &'a str,
    slot: &'a Slot,
    sources: &'a [Source],
}

impl SlotContext<'_> {
    fn name(&self, source: usize) -> String {
        self.sources
            .get(source)
            .map_or_else(|| format!("#{source}"), |s| s.name.clone())
    }

    fn locate(&self, fill: &Fill) -> Located {
        match self.sources.get(fill.source) {
            Some(source) => locate(source, fill),
            None => Located {
                source: self.name(fill.source),
                path: String::new(),
                value: fill.value.display(),
                text: fill.raw.clone(),
                line: fill.position.line,
                column: fill.position.column,
                end_line: end_of(fill.position, &fill.raw).line,
                end_column: end_of(fill.position, &fill.raw).column,
                sentence: fill.raw.clone(),
                speaker: fill.speaker.as_ref().map(|s| s.name.clone()),
                cue: fill.speaker.as_ref().map(|s| s.cue),
                highlight: 0..fill.raw.len(),
            },
        }
    }

    fn severity(&self, kind: FindingKind) -> Severity {
        match (kind, self.slot.severity) {
            (FindingKind::Missing, _) | (_, None) => kind.default_severity(),
            (_, Some(s)) => s,
        }
    }

    fn finding(
        &self,
        kind: FindingKind,
        default_message: String,
        reason: String,
        values: Vec<Located>,
    ) -> Finding {
        // The slot's message describes its disagreements, not its gaps.
        let message = match (&self.slot.message, kind) {
            (Some(m), k) if k != FindingKind::Missing => m.clone(),
            _ => default_message,
        };
        Finding {
            story: self.story.to_string(),
            slot: self.slot.id.clone(),
            kind,
            severity: self.severity(kind),
            message,
            reason,
            values,
            expected: None,
            missing_from: Vec::new(),
            diffs: Vec::new(),
        }
    }

    fn findings(&self, fills: &[Fill], applicable: &[usize]) -> Vec<Finding> {
        let kind = self.slot.kind;
        let options = &self.slot.options;
        let mut out = Vec::new();
        // Each source's first value, and internal disagreements.
        let mut primaries: Vec<&Fill> = Vec::new();
        let mut start = 0;
        while start < fills.len() {
            let source = fills.get(start).map_or(0, |f| f.source);
            let end = fills
                .iter()
                .skip(start)
                .position(|f| f.source != source)
                .map_or(fills.len(), |n| start + n);
            let group = fills.get(start..end).unwrap_or_default();
            if let Some((first, others)) = group.split_first() {
                primaries.push(first);
                let clashing: Vec<(&Fill, String)> = others
                    .iter()
                    .filter_map(|f| {
                        let c = kind.compare(&first.value, &f.value, options);
                        (c.verdict == Verdict::Different).then_some((f, c.why))
                    })
                    .collect();
                if let Some((_, why)) = clashing.first() {
                    let mut values = vec![self.locate(first)];
                    values.extend(clashing.iter().map(|(f, _)| self.locate(f)));
                    out.push(self.finding(
                        FindingKind::Internal,
                        format!(
                            "{} gives {} incompatible values",
                            self.name(source),
                            values.len()
                        ),
                        why.clone(),
                        values,
                    ));
                }
            }
            start = end;
        }

        // Across sources. Values are first grouped with a representative they
        // agree with (exact duplicates need no comparison at all), so that the
        // cost grows with sources × distinct values, not with sources².
        let mut clusters: Vec<&Fill> = Vec::new();
        for fill in &primaries {
            let joins = clusters.iter().any(|rep| {
                rep.value == fill.value
                    || kind.compare(&rep.value, &fill.value, options).verdict == Verdict::Same
            });
            if !joins {
                clusters.push(fill);
            }
        }
        let rank = |v: Verdict| match v {
            Verdict::Same => 0,
            Verdict::Variant => 1,
            Verdict::Different => 2,
        };
        let mut worst: Option<(Verdict, String)> = None;
        for (i, a) in clusters.iter().enumerate() {
            for b in clusters.iter().skip(i + 1) {
                let c = kind.compare(&a.value, &b.value, options);
                if c.verdict != Verdict::Same
                    && worst
                        .as_ref()
                        .is_none_or(|(w, _)| rank(c.verdict) > rank(*w))
                {
                    let why = format!(
                        "{} vs {}: {}",
                        self.name(a.source),
                        self.name(b.source),
                        c.why
                    );
                    worst = Some((c.verdict, why));
                }
            }
        }
        if let Some((verdict, why)) = worst {
            let finding_kind = match (verdict, kind) {
                (Verdict::Different, _) => FindingKind::Conflict,
                (_, Kind::Name) => FindingKind::Spelling,
                _ => FindingKind::Wording,
            };
            let names: Vec<String> = primaries.iter().map(|f| self.name(f.source)).collect();
            let message = match finding_kind {
                FindingKind::Conflict => format!("{} give different values", join_names(&names)),
                FindingKind::Spelling => {
                    format!("{} spell the name differently", join_names(&names))
                }
                _ => format!("{} word it differently", join_names(&names)),
            };
            let mut finding = self.finding(
                finding_kind,
                message,
                why,
                primaries.iter().map(|f| self.locate(f)).collect(),
            );
            finding.diffs = self.diffs(&clusters);
            out.push(finding);
        }

        // Against the fact sheet.
        if let Some((expected_text, expected)) = &self.slot.expect {
            let wrong: Vec<(&Fill, String)> = fills
                .iter()
                .filter_map(|f| {
                    let c = kind.compare(expected, &f.value, options);
                    (c.verdict == Verdict::Different).then_some((f, c.why))
                })
                .collect();
            if let Some((_, why)) = wrong.first() {
                let names: Vec<String> =
                    dedup(wrong.iter().map(|(f, _)| self.name(f.source)).collect());
                let mut finding = self.finding(
                    FindingKind::Expectation,
                    format!(
                        "{} {} from the expected value `{expected_text}`",
                        join_names(&names),
                        if names.len() == 1 {
                            "differs"
                        } else {
                            "differ"
                        }
                    ),
                    format!("expected {}: {why}", expected.display()),
                    wrong.iter().map(|(f, _)| self.locate(f)).collect(),
                );
                finding.expected = Some(expected.display());
                out.push(finding);
            }
        }

        // Sources without a value.
        if !primaries.is_empty() {
            let missing: Vec<String> = applicable
                .iter()
                .filter(|s| !primaries.iter().any(|f| f.source == **s))
                .map(|&s| self.name(s))
                .collect();
            if !missing.is_empty() {
                let have: Vec<String> = primaries.iter().map(|f| self.name(f.source)).collect();
                let mut finding = self.finding(
                    FindingKind::Missing,
                    format!(
                        "only {} {} a value; {} {} not",
                        join_names(&have),
                        if have.len() == 1 { "gives" } else { "give" },
                        join_names(&missing),
                        if missing.len() == 1 { "does" } else { "do" }
                    ),
                    format!("no pattern of the slot matched in {}", join_names(&missing)),
                    primaries.iter().map(|f| self.locate(f)).collect(),
                );
                finding.missing_from = missing;
                out.push(finding);
            }
        }
        out
    }

    /// Word diffs of each distinct wording (one per cluster) against the first, for phrases.
    fn diffs(&self, primaries: &[&Fill]) -> Vec<WordDiff> {
        let Some((first, others)) = primaries.split_first() else {
            return Vec::new();
        };
        let Value::Text(base) = &first.value else {
            return Vec::new();
        };
        let mut seen: Vec<&Vec<String>> = vec![&base.words];
        let mut diffs = Vec::new();
        for other in others {
            let Value::Text(t) = &other.value else {
                continue;
            };
            if seen.contains(&&t.words) || phrase::similarity(&base.words, &t.words) == 0.0 {
                continue;
            }
            seen.push(&t.words);
            diffs.push(WordDiff {
                from: self.name(first.source),
                to: self.name(other.source),
                ops: phrase::word_diff(&base.written, &t.written),
            });
        }
        diffs
    }
}

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Build the located view of a fill: its sentence as written (white space
/// tidied, control characters replaced) with the value's place in it.
pub fn locate(source: &Source, fill: &Fill) -> Located {
    let sentence = source
        .sentence_containing(fill.span.start)
        .map_or(fill.matched.clone(), |s| s.start..s.end);
    let mut located = locate_in(source, sentence, fill.span.clone(), fill.value.display());
    located.text = fill.raw.clone();
    located.line = fill.position.line;
    located.column = fill.position.column;
    located.speaker = fill.speaker.as_ref().map(|s| s.name.clone());
    located.cue = fill.speaker.as_ref().map(|s| s.cue);
    located
}

/// The position just after `text`, which starts at `start` (line breaks as
/// `source::lines` counts them: `\n`, `\r\n` or a lone `\r`).
fn end_of(start: crate::source::Position, text: &str) -> crate::source::Position {
    let mut end = start;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            end.line += 1;
            end.column = 1;
        } else if c != '\r' {
            end.column += 1;
        }
    }
    end
}

/// The located view of `span` (normalized offsets) inside `sentence`
/// (normalized offsets; it may cover several sentences, as a long quote does):
/// the text as written, its line and column, and the sentence as written
/// (white space tidied, control characters replaced) with the span's place in
/// it. `value` is the normalized value to show.
pub fn locate_in(
    source: &Source,
    sentence: std::ops::Range<usize>,
    span: std::ops::Range<usize>,
    value: String,
) -> Located {
    let from = source.original_offset(sentence.start);
    let to = source.original_offset(sentence.end);
    let value_from = source.original_offset(span.start);
    let value_to = source.original_offset(span.end);
    let original = source.original.get(from..to).unwrap_or("");
    let mut text = String::with_capacity(original.len());
    let mut highlight = 0..0;
    let mut last_space = false;
    for (i, c) in original.char_indices() {
        let at = from + i;
        if at == value_from {
            highlight.start = text.len();
        }
        if at == value_to {
            highlight.end = text.len();
        }
        if c.is_whitespace() {
            if !last_space && !text.is_empty() {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(if c.is_control() { '\u{FFFD}' } else { c });
            last_space = false;
        }
    }
    if value_to >= to {
        highlight.end = text.len();
    }
    let trimmed_len = text.trim_end().len();
    text.truncate(trimmed_len);
    highlight.end = highlight.end.min(text.len());
    highlight.start = highlight.start.min(highlight.end);
    let position = source.position(span.start);
    let raw = source.original_slice(span).to_string();
    let end = end_of(position, &raw);
    Located {
        source: source.name.clone(),
        path: source.display_path(),
        value,
        text: raw,
        line: position.line,
        column: position.column,
        end_line: end.line,
        end_column: end.column,
        sentence: text,
        speaker: None,
        cue: None,
        highlight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_for_messages() {
        assert_eq!(join_names(&["ap".into()]), "ap");
        assert_eq!(join_names(&["ap".into(), "dw".into()]), "ap and dw");
        assert_eq!(
            join_names(&["ap".into(), "dw".into(), "x".into()]),
            "ap, dw and x"
        );
    }
}
