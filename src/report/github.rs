//! GitHub Actions workflow commands: an annotation per value of each finding.
//!
//! `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::MESSAGE`
//! (`::warning` for warnings, `::notice` for info). GitHub reads `%`, CR and
//! LF escaped as `%25`, `%0D`, `%0A` in the message, and additionally `:` and
//! `,` as `%3A`, `%2C` in property values; escaping them keeps source text
//! from ending a command early or starting a new one. The summary line ends
//! the output as plain log text.

use std::io::{self, Write};

use super::printer::{Context, Printer};
use super::rule_id;
use super::sanitize::json as clean;
use crate::compare::{Finding, Severity};

pub(crate) struct GithubPrinter;

impl Printer for GithubPrinter {
    fn finding(
        &mut self,
        _context: &Context<'_>,
        finding: &Finding,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for line in annotations(finding) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", escape_data(&context.subject.summary_line()))
    }
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The workflow commands for one finding.
pub fn annotations(finding: &Finding) -> Vec<String> {
    let title = format!("{} ({})", rule_id(finding), finding.kind);
    let others = |source: &str| -> String {
        let mut seen: Vec<String> = Vec::new();
        for v in &finding.values {
            let entry = format!("{} says \"{}\"", v.source, v.value);
            if v.source != source && !seen.contains(&entry) {
                seen.push(entry);
            }
        }
        seen.join("; ")
    };
    let mut lines = Vec::new();
    for value in &finding.values {
        let mut message = format!(
            "{}\n{} says \"{}\"",
            finding.message, value.source, value.value
        );
        let rest = others(&value.source);
        if !rest.is_empty() {
            message.push_str(&format!("; {rest}"));
        }
        if let Some(expected) = &finding.expected {
            message.push_str(&format!("\nexpected: {expected}"));
        }
        message.push_str(&format!("\nwhy: {}", finding.reason));
        lines.push(format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(finding.severity),
            escape_property(&value.path),
            value.line,
            value.column,
            value.end_line,
            value.end_column,
            escape_property(&title),
            escape_data(&message)
        ));
    }
    if lines.is_empty() {
        lines.push(format!(
            "::{} title={}::{}",
            command(finding.severity),
            escape_property(&title),
            escape_data(&format!("{}\nwhy: {}", finding.message, finding.reason))
        ));
    }
    lines
}

/// A message: `%`, CR and LF escaped, then other control characters and
/// bidi controls made harmless.
pub fn escape_data(text: &str) -> String {
    clean(
        &text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// A property value: as a message, and `:` and `,` escaped too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% a\r\nb %0A"), "50%25 a%0D%0Ab %250A");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("\u{1b}[31m\u{202E}"), "\u{FFFD}[31m\u{FFFD}");
    }
}
