//! The text report, for people at a terminal.
//!
//! Findings come first, most serious first within each slot's order, each
//! with every value at file:line:col, an excerpt of its sentence with the
//! value underlined, the reason, and for wording differences a word diff
//! (`[-removed-]` `{+added+}`, coloured when colour is on). Then the fact
//! table (slots × sources), skipped inputs, and the summary line.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Effects, Style};
use unicode_width::UnicodeWidthStr;

use super::{Report, SourceStatus};
use crate::compare::{who_says_what, FactRow, Finding, FindingKind, Located, RowStatus, Severity};
use crate::text::diff::DiffOp;

/// How many characters of a sentence to show on each side of a value.
const CONTEXT_CHARS: usize = 60;
/// Up to this many sources, the fact table has a column per source.
pub(crate) const TABLE_COLUMNS_UP_TO: usize = 6;
/// From this many values on, a finding shows each distinct value once.
const GROUP_FROM: usize = 6;
/// Widest cell of the fact table.
const CELL_WIDTH: usize = 24;

/// Options for the text report.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Show `missing` findings as cards too; otherwise the fact table shows
    /// the gaps and one line counts them.
    pub show_missing: bool,
}

pub(crate) struct Paint {
    pub(crate) color: bool,
}

impl Paint {
    pub(crate) fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub(crate) fn severity(&self, severity: Severity, text: &str) -> String {
        let color = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
            Severity::Info => AnsiColor::Cyan,
        };
        self.paint(Style::new().fg_color(Some(color.into())).bold(), text)
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    pub(crate) fn dim(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), text)
    }

    pub(crate) fn blue(&self, text: &str) -> String {
        self.paint(
            Style::new().fg_color(Some(AnsiColor::Blue.into())).bold(),
            text,
        )
    }

    fn deleted(&self, text: &str) -> String {
        self.paint(Style::new().fg_color(Some(AnsiColor::Red.into())), text)
    }

    fn inserted(&self, text: &str) -> String {
        self.paint(Style::new().fg_color(Some(AnsiColor::Green.into())), text)
    }
}

/// Render the report as text.
pub fn render(report: &Report, options: TextOptions) -> String {
    let paint = Paint {
        color: options.color,
    };
    let mut out = String::new();
    let (missing, shown): (Vec<&Finding>, Vec<&Finding>) = report
        .findings
        .iter()
        .partition(|f| f.kind == FindingKind::Missing && !options.show_missing);
    for finding in shown {
        render_finding(&mut out, finding, &paint);
        out.push('\n');
    }
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "{} {} {} missing from some sources (the fact table shows where; --show missing lists them)\n",
            paint.severity(Severity::Info, "info[missing]"),
            super::plural(missing.len(), "fact", "facts"),
            if missing.len() == 1 { "is" } else { "are" },
        );
    }
    render_table(&mut out, &report.slots, &paint);
    render_skipped(&mut out, &report.sources, &paint);
    let _ = writeln!(out, "{}", paint.bold(&report.summary_line()));
    out
}

/// The inputs that were not checked, with the reason.
pub(crate) fn render_skipped(out: &mut String, sources: &[super::SourceEntry], paint: &Paint) {
    let skipped: Vec<_> = sources
        .iter()
        .filter(|s| s.status == SourceStatus::Skipped)
        .collect();
    if skipped.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", paint.bold("Skipped inputs"));
    for s in skipped {
        let _ = writeln!(
            out,
            "  {}  {}",
            clean(&s.location()),
            clean(s.reason.as_deref().unwrap_or(""))
        );
    }
    out.push('\n');
}

/// Every finding, each followed by a blank line.
pub(crate) fn render_findings(out: &mut String, findings: &[Finding], paint: &Paint) {
    for finding in findings {
        render_finding(out, finding, paint);
        out.push('\n');
    }
}

fn render_finding(out: &mut String, finding: &Finding, paint: &Paint) {
    let head = format!("{}[{}]", finding.severity, finding.kind);
    let _ = writeln!(
        out,
        "{} {}: {}",
        paint.severity(finding.severity, &head),
        paint.bold(&format!(
            "{}/{}",
            clean(&finding.story),
            clean(&finding.slot)
        )),
        clean(&finding.message)
    );
    let name_width = finding
        .values
        .iter()
        .map(|v| v.source.width())
        .max()
        .unwrap_or(0);
    if finding.values.len() <= GROUP_FROM {
        for value in &finding.values {
            render_value(out, value, name_width, finding.severity, paint);
        }
    } else {
        // Many sources: show each distinct value once, with who else gives it.
        let mut groups: Vec<(&Located, Vec<&str>)> = Vec::new();
        for value in &finding.values {
            match groups
                .iter_mut()
                .find(|(first, _)| first.value == value.value)
            {
                Some((_, others)) => others.push(&value.source),
                None => groups.push((value, Vec::new())),
            }
        }
        for (first, others) in groups {
            render_value(out, first, name_width, finding.severity, paint);
            if !others.is_empty() {
                let shown: Vec<String> = others.iter().take(8).map(|s| clean(s)).collect();
                let more = others.len().saturating_sub(shown.len());
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "   {}  same value in {} other {}: {}{tail}",
                    paint.blue("|"),
                    others.len(),
                    if others.len() == 1 {
                        "source"
                    } else {
                        "sources"
                    },
                    shown.join(", ")
                );
            }
        }
    }
    // A slot's own message does not say who gives what; this line does.
    if finding.values.len() > 2 && !finding.groups.is_empty() {
        let who = who_says_what(&finding.groups);
        if who != finding.message {
            let _ = writeln!(out, "   {} who: {}", paint.blue("="), clean(&who));
        }
    }
    if let Some(expected) = &finding.expected {
        let _ = writeln!(out, "   {} expected: {}", paint.blue("="), clean(expected));
    }
    if !finding.missing_from.is_empty() {
        let _ = writeln!(
            out,
            "   {} not found in: {}",
            paint.blue("="),
            clean(&short_list(&finding.missing_from))
        );
    }
    for diff in &finding.diffs {
        let mut line = String::new();
        for op in &diff.ops {
            if !line.is_empty() {
                line.push(' ');
            }
            match op {
                DiffOp::Equal(t) => line.push_str(&clean(t)),
                DiffOp::Delete(t) => line.push_str(&paint.deleted(&format!("[-{}-]", clean(t)))),
                DiffOp::Insert(t) => line.push_str(&paint.inserted(&format!("{{+{}+}}", clean(t)))),
            }
        }
        let _ = writeln!(
            out,
            "   {} diff {} -> {}: {line}",
            paint.blue("="),
            clean(&diff.from),
            clean(&diff.to)
        );
    }
    if finding.kind != crate::compare::FindingKind::Missing {
        let _ = writeln!(
            out,
            "   {} why: {}",
            paint.blue("="),
            clean(&finding.reason)
        );
    }
}

fn render_value(
    out: &mut String,
    value: &Located,
    name_width: usize,
    severity: Severity,
    paint: &Paint,
) {
    let pad = " ".repeat(name_width.saturating_sub(value.source.width()));
    // The normalized value is worth showing only where it says more than the text.
    let normalized = if value.value == value.text.split_whitespace().collect::<Vec<_>>().join(" ") {
        String::new()
    } else {
        format!(
            "  {}",
            paint.dim(&format!("= {}", truncate_to(&clean(&value.value), 60)))
        )
    };
    // Quotes say who said them, and which cue told.
    let speaker = match (&value.speaker, value.cue) {
        (Some(name), Some(cue)) => format!("  said by {} ({})", clean(name), cue.as_str()),
        (Some(name), None) => format!("  said by {}", clean(name)),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "  {} {}{pad}  {}:{}:{}{normalized}{speaker}",
        paint.blue("-->"),
        paint.bold(&clean(&value.source)),
        clean(&value.path),
        value.line,
        value.column,
    );
    let (before, marked, after) = excerpt(&value.sentence, value.highlight.clone());
    let _ = writeln!(
        out,
        "   {}  {before}{}{after}",
        paint.blue("|"),
        paint.bold(&marked)
    );
    let _ = writeln!(
        out,
        "   {}  {}{}",
        paint.blue("|"),
        " ".repeat(before.width()),
        paint.severity(severity, &"^".repeat(marked.width().max(1)))
    );
}

/// Cut a sentence to a window around the highlighted part, at word boundaries,
/// with `…` where text was left out. Returns (before, highlighted, after).
fn excerpt(sentence: &str, highlight: std::ops::Range<usize>) -> (String, String, String) {
    let start = floor_char(sentence, highlight.start);
    let end = floor_char(sentence, highlight.end.max(start));
    let before = sentence.get(..start).unwrap_or("");
    let marked = sentence.get(start..end).unwrap_or("");
    let after = sentence.get(end..).unwrap_or("");
    let before = if before.chars().count() > CONTEXT_CHARS {
        let skip = before.chars().count() - CONTEXT_CHARS;
        let tail: String = before.chars().skip(skip).collect();
        let cut = tail
            .find(' ')
            .map_or(tail.as_str(), |i| tail.get(i + 1..).unwrap_or(""));
        format!("…{cut}")
    } else {
        before.to_string()
    };
    let after = if after.chars().count() > CONTEXT_CHARS {
        let head: String = after.chars().take(CONTEXT_CHARS).collect();
        let cut = head
            .rfind(' ')
            .map_or(head.as_str(), |i| head.get(..i).unwrap_or(""));
        format!("{cut}…")
    } else {
        after.to_string()
    };
    (clean(&before), clean(marked), clean(&after))
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn render_table(out: &mut String, rows: &[FactRow], paint: &Paint) {
    let mut stories: Vec<&str> = Vec::new();
    for row in rows {
        if !stories.contains(&row.story.as_str()) {
            stories.push(&row.story);
        }
    }
    for story in stories {
        let rows: Vec<&FactRow> = rows.iter().filter(|r| r.story == story).collect();
        let sources: Vec<String> = rows.first().map(|r| r.sources.to_vec()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {} ({})",
            paint.bold("Fact table:"),
            clean(story),
            if sources.is_empty() {
                "no source in scope".to_string()
            } else {
                clean(&short_list(&sources))
            }
        );
        let mut grid: Vec<Vec<String>> = Vec::new();
        let mut header = vec!["slot".to_string(), "kind".to_string()];
        // Too many sources for a column each: one column of distinct values
        // with how many sources give each.
        let by_value = sources.len() > TABLE_COLUMNS_UP_TO;
        if by_value {
            header.push("values (sources)".to_string());
        } else {
            header.extend(sources.iter().map(|s| clean(s)));
        }
        header.push("status".to_string());
        grid.push(header);
        for row in &rows {
            let mut line = vec![clean(&row.slot), row.kind.to_string()];
            if by_value {
                line.push(value_counts(row, sources.len()));
                line.push(row.status_label());
                grid.push(line);
                continue;
            }
            for source in &sources {
                let values: Vec<&Located> =
                    row.values.iter().filter(|v| &v.source == source).collect();
                let cell = match values.split_first() {
                    None => "—".to_string(),
                    Some((first, [])) => truncate(&clean(&first.value)),
                    Some((first, rest)) => {
                        let more = format!(" (+{})", rest.len());
                        let room = CELL_WIDTH.saturating_sub(more.width());
                        format!("{}{more}", truncate_to(&clean(&first.value), room))
                    }
                };
                line.push(cell);
            }
            line.push(row.status_label());
            grid.push(line);
        }
        let columns = grid.first().map_or(0, Vec::len);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                grid.iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for (i, line) in grid.iter().enumerate() {
            let mut text = String::from(" ");
            for (c, cell) in line.iter().enumerate() {
                let width = widths.get(c).copied().unwrap_or(0);
                let padded = format!("{cell}{}", " ".repeat(width.saturating_sub(cell.width())));
                text.push(' ');
                if i == 0 {
                    text.push_str(&paint.dim(&padded));
                } else if c + 1 == line.len() {
                    let status = rows.get(i - 1).map_or(RowStatus::Agree, |r| r.status);
                    text.push_str(&status_paint(paint, status, cell));
                } else {
                    text.push_str(&padded);
                }
                text.push(' ');
            }
            let _ = writeln!(out, "{}", text.trim_end());
        }
        out.push('\n');
    }
}

/// "a, b, c and 12 more".
pub(crate) fn short_list(names: &[String]) -> String {
    const SHOWN: usize = 8;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    let shown = names.get(..SHOWN).unwrap_or_default().join(", ");
    format!("{shown} and {} more", names.len() - SHOWN)
}

/// A slot's distinct first values with how many sources give each, most
/// common first: "strong regret (126), deep regret (131), — (12)".
pub(crate) fn value_counts(row: &FactRow, source_count: usize) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut seen_sources: Vec<&str> = Vec::new();
    for value in &row.values {
        // A source's value is its first one.
        if seen_sources.contains(&value.source.as_str()) {
            continue;
        }
        seen_sources.push(&value.source);
        match counts.iter_mut().find(|(v, _)| *v == value.value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value.value.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let missing = source_count.saturating_sub(seen_sources.len());
    let mut parts: Vec<String> = counts
        .iter()
        .take(4)
        .map(|(v, n)| format!("{} ({n})", truncate_to(&clean(v), 28)))
        .collect();
    if counts.len() > 4 {
        parts.push(format!("{} more values", counts.len() - 4));
    }
    if missing > 0 {
        parts.push(format!("— ({missing})"));
    }
    parts.join(", ")
}

fn status_paint(paint: &Paint, status: RowStatus, text: &str) -> String {
    match status {
        RowStatus::Disputed(kind) => paint.severity(kind.default_severity(), text),
        RowStatus::Agree | RowStatus::Empty => text.to_string(),
    }
}

fn truncate(s: &str) -> String {
    truncate_to(s, CELL_WIDTH)
}

pub(crate) fn truncate_to(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + 2 > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Text from sources must not drive the terminal (see [`super::sanitize`]).
pub(crate) use super::sanitize::terminal as clean;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_at_words_and_keeps_the_value() {
        let sentence = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen VALUE and then a great many more words follow after the value until the end";
        let start = sentence.find("VALUE").unwrap_or(0);
        let (before, marked, after) = excerpt(sentence, start..start + 5);
        assert_eq!(marked, "VALUE");
        assert!(before.starts_with('…'), "{before}");
        assert!(before.ends_with("fourteen "), "{before}");
        assert!(after.ends_with('…'), "{after}");
        assert!(after.chars().count() <= CONTEXT_CHARS + 1);
    }

    fn located(source: &str, value: &str) -> Located {
        Located {
            source: source.to_string(),
            path: format!("{source}.txt"),
            value: value.to_string(),
            hedge: None,
            text: value.to_string(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1 + value.chars().count(),
            sentence: value.into(),
            speaker: None,
            cue: None,
            highlight: 0..value.len(),
        }
    }

    #[test]
    fn many_sources_collapse_to_value_counts() {
        let row = FactRow {
            story: "s".into(),
            slot: "x".into(),
            kind: crate::kinds::Kind::Count,
            status: RowStatus::Disputed(FindingKind::Conflict),
            sources: (0..9).map(|i| format!("o{i}")).collect(),
            filled: 3,
            values: vec![
                located("o0", "5"),
                located("o0", "7"), // a second value of o0 does not count
                located("o1", "6"),
                located("o2", "5"),
            ],
        };
        assert_eq!(value_counts(&row, 9), "5 (2), 6 (1), — (6)");
        let names: Vec<String> = (0..10).map(|i| format!("o{i}")).collect();
        assert_eq!(
            short_list(&names),
            "o0, o1, o2, o3, o4, o5, o6, o7 and 2 more"
        );
        assert_eq!(short_list(&names[..2]), "o0, o1");
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
    }

    #[test]
    fn cells_truncate_by_width() {
        assert_eq!(truncate("short"), "short");
        let long = truncate("the escalating moves of the US imperialists");
        assert!(long.ends_with('…'));
        assert!(long.width() <= CELL_WIDTH);
    }
}
