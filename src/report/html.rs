//! One self-contained HTML page for an editor: the fact table on top, the
//! findings with links to the values, and the outlets side by side with every
//! value highlighted in place and coloured by its slot's status.
//!
//! No scripts, fonts, images or style sheets are loaded: the style is inline
//! and a Content-Security-Policy of `default-src 'none'` forbids the rest, so
//! the page works offline and nothing in it can run. Every piece of source
//! text passes through [`super::sanitize::html`]. The sources' text comes from
//! the report's entries (`Checker::keep_text`); values are placed by their
//! line and column (Unicode scalar values), so the page never needs offsets.
//! Each distinct value span is one `<mark class="value st-STATUS" id="vN">`;
//! overlapping spans nest, a span crossing another's end is cut there.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::printer::{stories, Context, Printer};
use super::sanitize::html as esc;
use super::{rule_id, SourceStatus};
use crate::compare::{FactRow, Located};
use crate::error::Level;
use crate::text::diff::DiffOp;

pub(crate) struct HtmlPrinter;

impl Printer for HtmlPrinter {
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render(context).as_bytes())
    }
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#1d1d1f;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.summary{font-weight:600}
.st-conflict,.st-expectation,.st-changed{background:#ffc9c9}.st-wording,.st-internal{background:#ffe8a3}
.st-spelling,.st-missing{background:#c9e7ff}.st-agree{background:#c8f0c8}.st-empty{background:#eee}
td.status{font-weight:600}
.finding{margin:.6em 0;padding:.4em .6em;border-left:4px solid #999}
.sev-error{border-color:#d00}.sev-warning{border-color:#c90}.sev-info{border-color:#07c}
.finding ul{margin:.3em 0}.why,.path{color:#555}.del{text-decoration:line-through;color:#a00}.ins{font-weight:600;color:#070}
.outlets{display:grid;grid-template-columns:repeat(auto-fit,minmax(22em,1fr));gap:1em}
.outlet{border:1px solid #ccc;border-radius:4px;padding:.5em;min-width:0}
.outlet pre{white-space:pre-wrap;word-wrap:break-word;font:13px/1.5 ui-monospace,monospace;margin:0}
mark.value{color:inherit;border-radius:2px;padding:0 1px}mark.value:target{outline:3px solid #333}
.legend span{padding:0 .4em;margin-right:.3em}
";

/// A distinct value span in one source, and what the page says about it.
struct Span {
    id: usize,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    status: String,
    title: String,
}

/// Where a value is: path, line, column, end line, end column.
type Key = (String, usize, usize, usize, usize);

fn owned_key(v: &Located) -> Key {
    (v.path.clone(), v.line, v.column, v.end_line, v.end_column)
}

/// Every distinct located value: the fact table's, then the findings' (which
/// are the fact table's again for `check`, and the only ones for `quotes`).
fn spans(context: &Context<'_>) -> Spans {
    let mut spans: Vec<Span> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut add = |v: &Located, status: &str, rule: String| {
        if let Some(span) = index.get(&owned_key(v)).and_then(|&i| spans.get_mut(i)) {
            if !span.title.contains(&rule) {
                span.title.push_str(&format!("; {rule}: {}", v.value));
            }
            return;
        }
        index.insert(owned_key(v), spans.len());
        let id = spans.len() + 1;
        spans.push(Span {
            id,
            path: v.path.clone(),
            line: v.line,
            column: v.column,
            end_line: v.end_line,
            end_column: v.end_column,
            status: status.to_string(),
            title: format!("{rule}: {}", v.value),
        });
    };
    for row in context.subject.slots() {
        let status = row.status.to_string();
        for v in &row.values {
            add(v, &status, format!("{}/{}", row.story, row.slot));
        }
    }
    for f in context.subject.findings() {
        for v in &f.values {
            add(v, f.kind.as_str(), rule_id(f));
        }
    }
    Spans { spans, index }
}

/// The spans and where each value's is.
struct Spans {
    spans: Vec<Span>,
    index: HashMap<Key, usize>,
}

impl Spans {
    /// The id of a value's span (ids are 1-based: `v1`, `v2`, ...).
    fn id(&self, v: &Located) -> Option<usize> {
        self.index.get(&owned_key(v)).map(|&i| i + 1)
    }
}

fn render(context: &Context<'_>) -> String {
    let subject = &context.subject;
    let spans = spans(context);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>crosswire {}: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        subject.command(),
        esc(&stories(context).join(", "))
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>crosswire {}</h1>\n<p class=\"summary\">{}</p>",
        subject.command(),
        esc(&subject.summary_line())
    );
    out.push_str("<p class=\"legend\">Values: <span class=\"st-conflict\">conflict, expectation</span><span class=\"st-wording\">wording, internal</span><span class=\"st-spelling\">spelling, missing</span><span class=\"st-agree\">agree</span></p>\n</header>\n");

    // The fact table.
    let slots = subject.slots();
    if !slots.is_empty() {
        out.push_str("<section id=\"facts\">\n<h2>Fact table</h2>\n");
        for story in stories(context) {
            let rows: Vec<&FactRow> = slots.iter().filter(|r| r.story == story).collect();
            let Some(first) = rows.first() else { continue };
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<table>\n<tr><th>slot</th><th>kind</th>",
                esc(story)
            );
            for source in first.sources.iter() {
                let _ = write!(out, "<th>{}</th>", esc(source));
            }
            out.push_str("<th>status</th></tr>\n");
            for row in rows {
                let status = row.status.to_string();
                let label = row.status_label();
                let _ = write!(out, "<tr><td>{}</td><td>{}</td>", esc(&row.slot), row.kind);
                for source in row.sources.iter() {
                    let cells: Vec<String> = row
                        .values
                        .iter()
                        .filter(|v| &v.source == source)
                        .map(|v| value_link(&spans, v, &status))
                        .collect();
                    if cells.is_empty() {
                        out.push_str("<td>—</td>");
                    } else {
                        let _ = write!(out, "<td>{}</td>", cells.join("<br>"));
                    }
                }
                let _ = writeln!(
                    out,
                    "<td class=\"status st-{}\">{}</td></tr>",
                    esc(&status),
                    esc(&label)
                );
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
    }

    // The findings.
    let findings = subject.findings();
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if findings.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    }
    for (i, f) in findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "<div class=\"finding sev-{sev}\" id=\"f{n}\">\n<p><strong>{sev}[{kind}]</strong> <code>{rule}</code>: {msg}</p>\n<ul>",
            sev = f.severity,
            n = i + 1,
            kind = f.kind,
            rule = esc(&rule_id(f)),
            msg = esc(&f.message)
        );
        for v in &f.values {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> {} <span class=\"path\">{}:{}:{}</span>: {}</li>",
                esc(&v.source),
                value_link(&spans, v, f.kind.as_str()),
                esc(&v.path),
                v.line,
                v.column,
                sentence(v)
            );
        }
        out.push_str("</ul>\n");
        if let Some(expected) = &f.expected {
            let _ = writeln!(out, "<p>expected: {}</p>", esc(expected));
        }
        if !f.missing_from.is_empty() {
            let _ = writeln!(
                out,
                "<p>not found in: {}</p>",
                esc(&f.missing_from.join(", "))
            );
        }
        for diff in &f.diffs {
            let words: Vec<String> = diff
                .ops
                .iter()
                .map(|op| match op {
                    DiffOp::Equal(t) => esc(t),
                    DiffOp::Delete(t) => format!("<del class=\"del\">{}</del>", esc(t)),
                    DiffOp::Insert(t) => format!("<ins class=\"ins\">{}</ins>", esc(t)),
                })
                .collect();
            let _ = writeln!(
                out,
                "<p>diff {} → {}: {}</p>",
                esc(&diff.from),
                esc(&diff.to),
                words.join(" ")
            );
        }
        let _ = writeln!(out, "<p class=\"why\">why: {}</p>\n</div>", esc(&f.reason));
    }
    out.push_str("</section>\n");

    // The outlets side by side (when the run kept their text).
    let checked: Vec<_> = subject
        .sources()
        .iter()
        .filter(|s| s.status == SourceStatus::Checked)
        .collect();
    if checked.iter().any(|s| s.text.is_some()) {
        out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<div class=\"outlets\">\n");
        for entry in checked {
            let _ = writeln!(
                out,
                "<article class=\"outlet\">\n<h3>{}</h3>\n<p class=\"path\">{}</p>",
                esc(&entry.name),
                esc(&entry.path)
            );
            match &entry.text {
                Some(text) => {
                    let mine: Vec<&Span> = spans
                        .spans
                        .iter()
                        .filter(|s| s.path == entry.path)
                        .collect();
                    let _ = writeln!(out, "<pre>{}</pre>", marked(text, &mine));
                }
                None => out.push_str("<p>(no text kept for this source)</p>\n"),
            }
            out.push_str("</article>\n");
        }
        out.push_str("</div>\n</section>\n");
    }

    // Skipped inputs and diagnostics.
    let skipped: Vec<_> = subject
        .sources()
        .iter()
        .filter(|s| s.status == SourceStatus::Skipped)
        .collect();
    let diagnostics = subject.diagnostics();
    if !skipped.is_empty() || !diagnostics.is_empty() {
        out.push_str("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
        for s in skipped {
            let _ = writeln!(
                out,
                "<li>skipped {}: {}</li>",
                esc(&s.location()),
                esc(s.reason.as_deref().unwrap_or(""))
            );
        }
        for d in diagnostics {
            let level = if d.level == Level::Error {
                "error"
            } else {
                "warning"
            };
            let _ = writeln!(
                out,
                "<li>{level}: {} {}</li>",
                esc(&d.location()),
                esc(&d.message)
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A value as a link to its highlighted span (plain text when its source's
/// text is not on the page).
fn value_link(spans: &Spans, v: &Located, status: &str) -> String {
    match spans.id(v) {
        Some(id) => format!(
            "<a class=\"st-{}\" href=\"#v{id}\">{}</a>",
            esc(status),
            esc(&v.value)
        ),
        None => esc(&v.value),
    }
}

/// The sentence with the value in bold.
fn sentence(v: &Located) -> String {
    let s = &v.sentence;
    match (
        s.get(..v.highlight.start),
        s.get(v.highlight.clone()),
        s.get(v.highlight.end..),
    ) {
        (Some(before), Some(mid), Some(after)) if !mid.is_empty() => {
            format!("{}<b>{}</b>{}", esc(before), esc(mid), esc(after))
        }
        _ => esc(s),
    }
}

/// Char index where each line starts (`\n`, `\r\n` or a lone `\r` end a line,
/// as for the reported line numbers).
fn line_starts(chars: &[char]) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' || (c == '\r' && chars.get(i + 1) != Some(&'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

fn flush(out: &mut String, run: &mut String) {
    out.push_str(&esc(run));
    run.clear();
}

/// The text with every span marked, escaped.
fn marked(text: &str, spans: &[&Span]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let starts = line_starts(&chars);
    let at = |line: usize, column: usize| -> usize {
        let start = starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(chars.len());
        (start + column.saturating_sub(1)).min(chars.len())
    };
    let mut ranges: Vec<(usize, usize, &Span)> = spans
        .iter()
        .map(|s| {
            let from = at(s.line, s.column);
            let to = at(s.end_line, s.end_column).max(from);
            (from, to, *s)
        })
        .collect();
    ranges.sort_by_key(|&(from, to, s)| (from, std::cmp::Reverse(to), s.id));
    let mut out = String::with_capacity(text.len() + spans.len() * 64);
    let mut open: Vec<usize> = Vec::new(); // end of each open mark
    let mut next = ranges.iter().peekable();
    let mut run = String::new();
    for i in 0..=chars.len() {
        while open.last().is_some_and(|&end| end <= i) {
            flush(&mut out, &mut run);
            out.push_str("</mark>");
            open.pop();
        }
        while let Some(&&(from, to, span)) = next.peek() {
            if from > i {
                break;
            }
            next.next();
            flush(&mut out, &mut run);
            // A span crossing an open one's end is cut there, so marks nest.
            let end = open.last().map_or(to, |&outer| to.min(outer));
            let _ = write!(
                out,
                "<mark class=\"value st-{}\" id=\"v{}\" title=\"{}\">",
                esc(&span.status),
                span.id,
                esc(&span.title)
            );
            if end <= i {
                out.push_str("</mark>");
            } else {
                open.push(end);
            }
        }
        match chars.get(i) {
            // Line breaks and tabs stay (the page shows the text as laid
            // out); a lone CR is a line break too.
            Some('\n') | Some('\t') => {
                flush(&mut out, &mut run);
                out.push(chars.get(i).copied().unwrap_or('\n'));
            }
            Some('\r') => {
                flush(&mut out, &mut run);
                if chars.get(i + 1) != Some(&'\n') {
                    out.push('\n');
                }
            }
            Some(&c) => run.push(c),
            None => flush(&mut out, &mut run),
        }
    }
    while open.pop().is_some() {
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(id: usize, line: usize, column: usize, end_column: usize) -> Span {
        Span {
            id,
            path: "a.txt".into(),
            line,
            column,
            end_line: line,
            end_column,
            status: "conflict".into(),
            title: "s/x: <v>".into(),
        }
    }

    #[test]
    fn values_are_marked_in_place_and_escaped() {
        let spans = [span(1, 2, 3, 6), span(2, 1, 1, 2)];
        let refs: Vec<&Span> = spans.iter().collect();
        let html = marked("<b\r\nab&cd\u{1b}", &refs);
        assert_eq!(
            html,
            "<mark class=\"value st-conflict\" id=\"v2\" title=\"s/x: &lt;v&gt;\">&lt;</mark>b\n\
             ab<mark class=\"value st-conflict\" id=\"v1\" title=\"s/x: &lt;v&gt;\">&amp;cd</mark>\u{FFFD}"
        );
    }

    #[test]
    fn overlapping_spans_nest() {
        let spans = [span(1, 1, 1, 5), span(2, 1, 3, 9)];
        let refs: Vec<&Span> = spans.iter().collect();
        let html = marked("abcdefghij", &refs);
        assert_eq!(html.matches("<mark").count(), 2);
        assert_eq!(html.matches("</mark>").count(), 2);
        assert!(html.contains("ab<mark"), "{html}");
        assert!(html.ends_with("cd</mark></mark>efghij"), "{html}");
    }
}
