//! One trait for every output format, and what a printer is given.
//!
//! A printer sees a [`Context`]: the report ([`Subject`]: a `check` report or
//! a `quotes` report, read through the same accessors) and the run's settings.
//! [`write`] drives a printer: [`Printer::begin`], [`Printer::finding`] for
//! each finding in order, then [`Printer::finish`]. Most formats write
//! everything in `finish`; JSON Lines writes a line per finding as it comes.
//! A new format is one new file with a `Printer` and one [`Format`] variant.

use std::io::{self, Write};

use super::quotes::QuoteReport;
use super::{github, html, json, jsonl, junit, markdown, quotes_text, sarif, text};
use super::{Report, SourceEntry};
use crate::compare::{FactRow, Finding, Severity};
use crate::error::Diagnostic;

/// Every output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// For people at a terminal.
    Text,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for test dashboards.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JSON Lines: a line per finding, then a summary line.
    Jsonl,
    /// A Markdown summary, for pull requests and e-mail.
    Markdown,
    /// One self-contained HTML page with the sources side by side.
    Html,
}

impl Format {
    /// Every format, in the order the docs list them.
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Jsonl,
        Format::Markdown,
        Format::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Jsonl => "jsonl",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The format with this command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Whether the format shows the sources' text (so the run must keep it).
    pub fn needs_text(self) -> bool {
        self == Format::Html
    }

    /// A fresh printer for this format.
    pub fn printer(self) -> Box<dyn Printer> {
        match self {
            Format::Text => Box::new(TextPrinter),
            Format::Json => Box::new(JsonPrinter),
            Format::Sarif => Box::new(sarif::SarifPrinter),
            Format::Junit => Box::new(junit::JunitPrinter),
            Format::Github => Box::new(github::GithubPrinter),
            Format::Jsonl => Box::new(jsonl::JsonlPrinter),
            Format::Markdown => Box::new(markdown::MarkdownPrinter),
            Format::Html => Box::new(html::HtmlPrinter),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The report a printer renders.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// `crosswire check`.
    Check(&'a Report),
    /// `crosswire quotes`.
    Quotes(&'a QuoteReport),
}

/// Severity counts and extras, the same for every subject.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
    /// Findings suppressed by a baseline.
    pub baselined: usize,
    /// Rule and input problems.
    pub problems: usize,
}

impl<'a> Subject<'a> {
    /// The command that made the report: `check` or `quotes`.
    pub fn command(&self) -> &'static str {
        match self {
            Subject::Check(_) => "check",
            Subject::Quotes(_) => "quotes",
        }
    }

    /// Every input, in input order.
    pub fn sources(&self) -> &'a [SourceEntry] {
        match self {
            Subject::Check(r) => &r.sources,
            Subject::Quotes(r) => &r.sources,
        }
    }

    /// The findings, in report order.
    pub fn findings(&self) -> &'a [Finding] {
        match self {
            Subject::Check(r) => &r.findings,
            Subject::Quotes(r) => &r.findings,
        }
    }

    /// The fact table (empty for `quotes`, which has no slots).
    pub fn slots(&self) -> &'a [FactRow] {
        match self {
            Subject::Check(r) => &r.slots,
            Subject::Quotes(_) => &[],
        }
    }

    /// Rule and input diagnostics.
    pub fn diagnostics(&self) -> &'a [Diagnostic] {
        match self {
            Subject::Check(r) => &r.diagnostics,
            Subject::Quotes(r) => &r.diagnostics,
        }
    }

    /// The one-line summary.
    pub fn summary_line(&self) -> String {
        match self {
            Subject::Check(r) => r.summary_line(),
            Subject::Quotes(r) => r.summary_line(),
        }
    }

    /// Severity counts.
    pub fn counts(&self) -> Counts {
        match self {
            Subject::Check(r) => Counts {
                errors: r.summary.errors,
                warnings: r.summary.warnings,
                infos: r.summary.infos,
                baselined: r.summary.baselined,
                problems: r.summary.problems,
            },
            Subject::Quotes(r) => Counts {
                errors: r.summary.errors,
                warnings: r.summary.warnings,
                infos: r.summary.infos,
                baselined: 0,
                problems: r.summary.problems,
            },
        }
    }
}

/// What a printer is given.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The report.
    pub subject: Subject<'a>,
    /// `--fail-on`: findings at or above it fail the run (JUnit failures).
    pub fail_on: Option<Severity>,
    /// Colour the text report.
    pub color: bool,
    /// Show `missing` findings in full in the text report (other formats
    /// always list every finding).
    pub show_missing: bool,
}

impl<'a> Context<'a> {
    /// A context with the default gate (`--fail-on warning`) and no colour.
    pub fn new(subject: Subject<'a>) -> Self {
        Context {
            subject,
            fail_on: Some(Severity::Warning),
            color: false,
            show_missing: false,
        }
    }

    /// Whether `finding` fails the run.
    pub fn fails(&self, finding: &Finding) -> bool {
        self.fail_on.is_some_and(|level| finding.severity >= level)
    }
}

/// An output format.
pub trait Printer {
    /// Before the first finding.
    fn begin(&mut self, _context: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Each finding, in report order.
    fn finding(
        &mut self,
        _context: &Context<'_>,
        _finding: &Finding,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        Ok(())
    }

    /// After the last finding.
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// Run `format`'s printer over the report, writing to `out`.
pub fn write(format: Format, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut printer = format.printer();
    printer.begin(context, out)?;
    for finding in context.subject.findings() {
        printer.finding(context, finding, out)?;
    }
    printer.finish(context, out)?;
    out.flush()
}

/// Render the report in `format` to a string.
pub fn render(format: Format, context: &Context<'_>) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(format, context, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

struct TextPrinter;

impl Printer for TextPrinter {
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let options = text::TextOptions {
            color: context.color,
            show_missing: context.show_missing,
        };
        let rendered = match context.subject {
            Subject::Check(r) => text::render(r, options),
            Subject::Quotes(r) => quotes_text::render(r, options),
        };
        out.write_all(rendered.as_bytes())
    }
}

struct JsonPrinter;

impl Printer for JsonPrinter {
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        match context.subject {
            Subject::Check(r) => json::write(r, out),
            Subject::Quotes(r) => json::write_quotes(r, out),
        }
    }
}

/// A copy of `finding` with every piece of text passed through `clean`.
pub(crate) fn map_text(finding: &Finding, clean: fn(&str) -> String) -> Finding {
    let mut f = finding.clone();
    f.story = clean(&f.story);
    f.slot = clean(&f.slot);
    f.message = clean(&f.message);
    f.reason = clean(&f.reason);
    f.expected = f.expected.as_deref().map(clean);
    f.missing_from = f.missing_from.iter().map(|s| clean(s)).collect();
    for v in &mut f.values {
        v.source = clean(&v.source);
        v.path = clean(&v.path);
        v.value = clean(&v.value);
        v.text = clean(&v.text);
        v.sentence = clean(&v.sentence).into();
        v.speaker = v.speaker.as_deref().map(clean);
    }
    for d in &mut f.diffs {
        d.from = clean(&d.from);
        d.to = clean(&d.to);
    }
    for g in &mut f.groups {
        g.values = g.values.iter().map(|v| clean(v)).collect();
        g.sources = g.sources.iter().map(|s| clean(s)).collect();
    }
    f
}

/// "strong regret (ap), disappointment (dw)": each distinct value once with
/// the sources that give it.
pub(crate) fn value_summary(finding: &Finding) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for v in &finding.values {
        match groups.iter_mut().find(|(value, _)| *value == v.value) {
            Some((_, sources)) => {
                if !sources.contains(&v.source) {
                    sources.push(v.source.clone());
                }
            }
            None => groups.push((v.value.clone(), vec![v.source.clone()])),
        }
    }
    groups
}

/// The stories of the report, in first-seen order (from the fact table, then
/// from findings).
pub(crate) fn stories<'a>(context: &Context<'a>) -> Vec<&'a str> {
    let mut stories: Vec<&str> = Vec::new();
    let slots = context.subject.slots();
    let findings = context.subject.findings();
    for story in slots
        .iter()
        .map(|r| r.story.as_str())
        .chain(findings.iter().map(|f| f.story.as_str()))
    {
        if !stories.contains(&story) {
            stories.push(story);
        }
    }
    stories
}
