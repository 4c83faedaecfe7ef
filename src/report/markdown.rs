//! A Markdown summary, for a pull request comment, a job summary
//! (`$GITHUB_STEP_SUMMARY`) or an editor's e-mail.
//!
//! A heading with the counts, one table row per finding (severity, slot, kind,
//! each distinct value with the outlets that give it), the fact table per
//! story, and a collapsible `<details>` block per finding with every value at
//! file:line:col, its sentence, the word diff and the reason. All source text
//! passes through [`super::sanitize::markdown`].

use std::fmt::Write as _;
use std::io::{self, Write};

use super::printer::{stories, value_summary, Context, Printer};
use super::sanitize::markdown as md;
use super::text::{short_list, value_counts, TABLE_COLUMNS_UP_TO};
use super::{plural, rule_id};
use crate::compare::FactRow;
use crate::text::diff::DiffOp;

pub(crate) struct MarkdownPrinter;

impl Printer for MarkdownPrinter {
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render(context).as_bytes())
    }
}

fn render(context: &Context<'_>) -> String {
    let subject = &context.subject;
    let findings = subject.findings();
    let counts = subject.counts();
    let mut out = String::new();
    let verdict = if findings.iter().any(|f| context.fails(f)) {
        "fails"
    } else {
        "passes"
    };
    let _ = writeln!(
        out,
        "## crosswire {}: {} ({verdict})\n",
        subject.command(),
        if findings.is_empty() {
            "no findings".to_string()
        } else {
            format!(
                "{}: {} {}, {} {}, {} info",
                plural(findings.len(), "finding", "findings"),
                counts.errors,
                if counts.errors == 1 {
                    "error"
                } else {
                    "errors"
                },
                counts.warnings,
                if counts.warnings == 1 {
                    "warning"
                } else {
                    "warnings"
                },
                counts.infos
            )
        }
    );
    let _ = writeln!(out, "{}\n", md(&subject.summary_line()));
    if !findings.is_empty() {
        out.push_str("| severity | slot | kind | values |\n| --- | --- | --- | --- |\n");
        for f in findings {
            let values: Vec<String> = value_summary(f)
                .iter()
                .map(|(value, sources)| format!("**{}** ({})", md(value), md(&short_list(sources))))
                .collect();
            let mut cell = values.join("<br>");
            if !f.missing_from.is_empty() {
                if !cell.is_empty() {
                    cell.push_str("<br>");
                }
                cell.push_str(&format!("not in {}", md(&short_list(&f.missing_from))));
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                f.severity,
                md(&rule_id(f)),
                f.kind,
                cell
            );
        }
        out.push('\n');
    }
    for story in stories(context) {
        let rows: Vec<&FactRow> = subject
            .slots()
            .iter()
            .filter(|r| r.story == story)
            .collect();
        let Some(first) = rows.first() else { continue };
        let _ = writeln!(out, "### Fact table: {}\n", md(story));
        // Too many outlets for a column each: each distinct value with how
        // many outlets give it, as in the text report.
        if first.sources.len() > TABLE_COLUMNS_UP_TO {
            out.push_str(
                "| slot | kind | values (outlets) | status |\n| --- | --- | --- | --- |\n",
            );
            for row in &rows {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    md(&row.slot),
                    row.kind,
                    md(&value_counts(row, row.sources.len())),
                    md(&row.status.to_string())
                );
            }
            out.push('\n');
            continue;
        }
        let mut header = "| slot | kind |".to_string();
        let mut rule = "| --- | --- |".to_string();
        for source in first.sources.iter() {
            let _ = write!(header, " {} |", md(source));
            rule.push_str(" --- |");
        }
        let _ = writeln!(out, "{header} status |\n{rule} --- |");
        for row in &rows {
            let mut line = format!("| {} | {} |", md(&row.slot), row.kind);
            for source in row.sources.iter() {
                let values: Vec<String> = row
                    .values
                    .iter()
                    .filter(|v| &v.source == source)
                    .map(|v| md(&v.value))
                    .collect();
                let cell = if values.is_empty() {
                    "—".to_string()
                } else {
                    values.join("<br>")
                };
                let _ = write!(line, " {cell} |");
            }
            let _ = writeln!(out, "{line} {} |", md(&row.status_label()));
        }
        out.push('\n');
    }
    if !findings.is_empty() {
        out.push_str("### Details\n\n");
    }
    for f in findings {
        let _ = writeln!(
            out,
            "<details><summary>{}[{}] {}: {}</summary>\n",
            f.severity,
            f.kind,
            // Inside an HTML block Markdown escapes are not read: HTML only.
            super::sanitize::html(&rule_id(f)),
            super::sanitize::html(&f.message)
        );
        for v in &f.values {
            let _ = writeln!(
                out,
                "- **{}** {}:{}:{}: **{}**: {}",
                md(&v.source),
                md(&v.path),
                v.line,
                v.column,
                md(&v.value),
                md(&v.sentence)
            );
        }
        if let Some(expected) = &f.expected {
            let _ = writeln!(out, "- expected: {}", md(expected));
        }
        if !f.missing_from.is_empty() {
            let _ = writeln!(out, "- not found in: {}", md(&f.missing_from.join(", ")));
        }
        for diff in &f.diffs {
            let words: Vec<String> = diff
                .ops
                .iter()
                .map(|op| match op {
                    DiffOp::Equal(t) => md(t),
                    DiffOp::Delete(t) => format!("~~{}~~", md(t)),
                    DiffOp::Insert(t) => format!("**{}**", md(t)),
                })
                .collect();
            let _ = writeln!(
                out,
                "- diff {} → {}: {}",
                md(&diff.from),
                md(&diff.to),
                words.join(" ")
            );
        }
        let _ = writeln!(out, "- why: {}\n\n</details>\n", md(&f.reason));
    }
    out
}
