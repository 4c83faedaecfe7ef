//! The JSON report: the whole [`Report`] as one document (docs/output.md).
//!
//! The document is what `serde_json`'s pretty printer makes of the report,
//! byte for byte, but its long lists (sources, findings, the fact table,
//! quotes) are serialized a batch of elements at a time on the thread pool
//! and written in order: writing a report of hundreds of megabytes is then
//! not one thread's work while the others wait.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::Report;

/// About how many bytes of JSON one task serializes: elements range from a
/// source entry of 200 bytes to a finding over ten thousand sources of
/// several megabytes, so a task takes as many elements as make about this.
const TASK_BYTES: usize = 1 << 18;
/// Tasks per thread serialized before any is written: with [`TASK_BYTES`],
/// this bounds the memory held (about a megabyte per thread).
const TASKS_PER_THREAD: usize = 4;

/// Write the report as pretty-printed JSON, ending with a newline, straight
/// to `out`: a large report is never held as one string as well.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Report {
        version,
        sources,
        findings,
        slots,
        diagnostics,
        summary,
    } = report;
    write_document(
        out,
        version,
        sources,
        findings,
        ("slots", slots),
        diagnostics,
        summary,
    )
}

/// [`write`] for a `crosswire quotes` report (docs/output-quotes.md).
pub fn write_quotes(report: &super::quotes::QuoteReport, out: &mut dyn Write) -> io::Result<()> {
    let super::quotes::QuoteReport {
        version,
        sources,
        findings,
        quotes,
        diagnostics,
        summary,
    } = report;
    write_document(
        out,
        version,
        sources,
        findings,
        ("quotes", quotes),
        diagnostics,
        summary,
    )
}

/// The document both reports are: the fields they share, in their order,
/// and the one list in which they differ (`check`'s fact table, `quotes`'
/// quotes), named.
fn write_document<R: Serialize + Sync, S: Serialize>(
    out: &mut dyn Write,
    version: &u32,
    sources: &[super::SourceEntry],
    findings: &[crate::compare::Finding],
    (rows_key, rows): (&str, &[R]),
    diagnostics: &[crate::error::Diagnostic],
    summary: &S,
) -> io::Result<()> {
    let mut object = Object::begin(out)?;
    object.field("version", version)?;
    object.list("sources", sources)?;
    object.list("findings", findings)?;
    object.list(rows_key, rows)?;
    object.list("diagnostics", diagnostics)?;
    object.field("summary", summary)?;
    object.end()
}

/// Render the report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing plain data to a Vec cannot fail.
    let _ = write(report, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Render a `crosswire quotes` report as pretty-printed JSON, ending with a
/// newline (docs/output-quotes.md).
pub fn render_quotes(report: &super::quotes::QuoteReport) -> String {
    let mut out = Vec::new();
    let _ = write_quotes(report, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The top-level object, written field by field the way `serde_json`'s
/// pretty printer writes it (two spaces per level).
struct Object<'a> {
    out: &'a mut dyn Write,
    first: bool,
}

impl<'a> Object<'a> {
    fn begin(out: &'a mut dyn Write) -> io::Result<Self> {
        out.write_all(b"{")?;
        Ok(Object { out, first: true })
    }

    fn key(&mut self, key: &str) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b": ")
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        self.key(key)?;
        let mut part = Vec::new();
        write_nested(value, 1, &mut part)?;
        self.out.write_all(&part)
    }

    /// A list, its elements serialized in parallel batches, written in order.
    fn list<T: Serialize + Sync>(&mut self, key: &str, items: &[T]) -> io::Result<()> {
        self.key(key)?;
        if items.is_empty() {
            return self.out.write_all(b"[]");
        }
        self.out.write_all(b"[")?;
        let tasks = rayon::current_num_threads().max(1) * TASKS_PER_THREAD;
        let (mut written, mut bytes) = (0usize, 0usize);
        let mut rest = items;
        while !rest.is_empty() {
            // Elements per task, from the average size so far (one at first).
            let per_task = match written {
                0 => 1,
                n => (TASK_BYTES * n / bytes.max(1)).clamp(1, 1024),
            };
            let (batch, after) = rest.split_at((per_task * tasks).min(rest.len()));
            rest = after;
            let parts: Vec<io::Result<Vec<u8>>> = batch
                .par_chunks(per_task)
                .map(|chunk| {
                    let mut part = Vec::new();
                    for item in chunk {
                        part.extend_from_slice(b",\n    ");
                        write_nested(item, 2, &mut part)?;
                    }
                    Ok(part)
                })
                .collect();
            for part in parts {
                let part = part?;
                // The list's first element has no comma before it.
                let skip = if bytes == 0 { 1 } else { 0 };
                self.out.write_all(part.get(skip..).unwrap_or_default())?;
                bytes += part.len();
            }
            written += batch.len();
        }
        self.out.write_all(b"\n  ]")
    }

    fn end(self) -> io::Result<()> {
        self.out.write_all(b"\n}\n")
    }
}

/// `value` pretty-printed into `out` as it stands `levels` levels deep in
/// the document: every line after its first indented by that many levels
/// more than `serde_json`'s pretty printer indents it on its own.
fn write_nested<T: Serialize + ?Sized>(
    value: &T,
    levels: usize,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Nested::at(levels));
    value.serialize(&mut serializer)?;
    Ok(())
}

/// `serde_json`'s pretty layout (two spaces a level), started at a given
/// level; written into the part being built, not into a document of its own
/// that is then copied again with its lines indented.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn at(level: usize) -> Self {
        Nested {
            level,
            has_value: false,
        }
    }

    fn line<W: ?Sized + Write>(&self, out: &mut W, comma: bool) -> io::Result<()> {
        out.write_all(if comma { b",\n" } else { b"\n" })?;
        for _ in 0..self.level {
            out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            self.line(out, false)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::check::Checker;
    use crate::rules::RuleSet;
    use std::path::PathBuf;

    /// The seed story's report (findings, fact rows, diagnostics of every
    /// shape), its lists repeated to `copies` times their length.
    fn report(copies: usize) -> Report {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let (rules, _) = RuleSet::load(&[root.join("rules/korea-cmc-2023-04.yaml")]);
        let mut report =
            Checker::new(rules).check_paths(&[root.join("fixtures/korea-cmc-2023-04")]);
        let repeat = |n: usize| n * copies;
        report.sources = report
            .sources
            .iter()
            .cycle()
            .take(repeat(report.sources.len()))
            .cloned()
            .collect();
        report.findings = report
            .findings
            .iter()
            .cycle()
            .take(repeat(report.findings.len()))
            .cloned()
            .collect();
        report.slots = report
            .slots
            .iter()
            .cycle()
            .take(repeat(report.slots.len()))
            .cloned()
            .collect();
        report
    }

    #[test]
    fn a_nested_value_is_pretty_printed_indented_to_its_level() {
        let values = [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": [], "b": {}, "c": [1, {"d": "x\ny"}], "e": null}),
            serde_json::json!([[[]], [{}], [1, 2], "s"]),
        ];
        for value in &values {
            let plain = serde_json::to_string_pretty(value).unwrap();
            for levels in 0..4 {
                let mut out = Vec::new();
                write_nested(value, levels, &mut out).unwrap();
                let indent = format!("\n{}", "  ".repeat(levels));
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    plain.replace('\n', &indent)
                );
            }
        }
    }

    #[test]
    fn the_document_is_what_serde_json_prints() {
        // Empty lists, a list of one chunk, lists split into chunks and batches.
        for copies in [0, 1, 7, 2000] {
            let report = report(copies);
            if copies > 0 {
                assert!(!report.findings.is_empty() && !report.slots.is_empty());
            }
            let mut expected = serde_json::to_string_pretty(&report).unwrap();
            expected.push('\n');
            assert_eq!(render(&report), expected, "{copies} copies");
        }
    }
}
