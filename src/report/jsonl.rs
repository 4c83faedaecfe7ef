//! JSON Lines: one JSON object per finding, written (and flushed) as each
//! finding reaches the printer, then one summary object (docs/output.md).
//!
//! Each finding line is the finding as in the JSON report plus `"type":
//! "finding"`, its `rule` (`story/slot`) and `fingerprint`; the last line has
//! `"type": "summary"`, the counts and the summary line. Text passes through
//! [`super::sanitize::json`].

use std::io::{self, Write};

use serde::Serialize;

use super::printer::{map_text, Context, Printer};
use super::sanitize::json as clean;
use super::{fingerprint, rule_id};
use crate::compare::Finding;

pub(crate) struct JsonlPrinter;

/// A finding line.
#[derive(Serialize)]
struct FindingLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    rule: String,
    fingerprint: String,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// The summary line.
#[derive(Serialize)]
struct SummaryLine {
    #[serde(rename = "type")]
    kind: &'static str,
    command: &'static str,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    baselined: usize,
    problems: usize,
    failed: bool,
    summary: String,
}

fn line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    // A consumer reading the stream sees each line as soon as it is written.
    out.flush()
}

impl Printer for JsonlPrinter {
    fn finding(
        &mut self,
        _context: &Context<'_>,
        finding: &Finding,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let clean = map_text(finding, clean);
        line(
            out,
            &FindingLine {
                kind: "finding",
                rule: rule_id(finding),
                fingerprint: fingerprint(finding),
                finding: &clean,
            },
        )
    }

    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let counts = context.subject.counts();
        line(
            out,
            &SummaryLine {
                kind: "summary",
                command: context.subject.command(),
                findings: context.subject.findings().len(),
                errors: counts.errors,
                warnings: counts.warnings,
                infos: counts.infos,
                baselined: counts.baselined,
                problems: counts.problems,
                failed: context.subject.findings().iter().any(|f| context.fails(f)),
                summary: clean(&context.subject.summary_line()),
            },
        )
    }
}
