//! GitHub Actions workflow commands: an annotation per value of each finding.
//!
//! `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::MESSAGE`
//! (`::warning` for warnings, `::notice` for info). GitHub reads `%`, CR and
//! LF escaped as `%25`, `%0D`, `%0A` in the message, and additionally `:` and
//! `,` as `%3A`, `%2C` in property values; escaping them keeps source text
//! from ending a command early or starting a new one. The summary line ends
//! the output as plain log text.

use std::io::{self, Write};

use super::printer::{value_summary, Context, Printer};
use super::rule_id;
use super::sanitize::json as clean;
use super::text::short_list;
use crate::compare::{Finding, Severity};

/// How many distinct values an annotation lists.
const OTHERS_SHOWN: usize = 8;

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
    // Each distinct value once, with the outlets that give it: computed once
    // per finding, so a finding with many outlets stays linear.
    let groups = value_summary(finding);
    let mut lines = Vec::new();
    for value in &finding.values {
        let mut message = format!(
            "{}\n{} says \"{}\"",
            finding.message, value.source, value.value
        );
        // The outlet's own value is on the line above; the others are the
        // values it disagrees with.
        let others: Vec<&(String, Vec<String>)> =
            groups.iter().filter(|(v, _)| *v != value.value).collect();
        let shown: Vec<String> = others
            .iter()
            .take(OTHERS_SHOWN)
            .map(|(v, sources)| format!("\"{v}\" ({})", short_list(sources)))
            .collect();
        if !shown.is_empty() {
            message.push_str(&format!("\nvalues: {}", shown.join("; ")));
        }
        if others.len() > OTHERS_SHOWN {
            message.push_str(&format!(" and {} more", others.len() - OTHERS_SHOWN));
        }
        if let Some(expected) = &finding.expected {
            message.push_str(&format!("\nexpected: {expected}"));
        }
        if !finding.missing_from.is_empty() {
            message.push_str(&format!(
                "\nnot found in: {}",
                short_list(&finding.missing_from)
            ));
        }
        message.push_str(&format!("\nwhy: {}", finding.reason));
        lines.push(format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(finding.severity),
            escape_file(&value.path),
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

/// A file name as the `file` property: only what the command syntax needs
/// escaped (`%`, CR, LF, `:`, `,`), every other character kept, so the
/// annotation names the file that exists (GitHub reads the property, it
/// does not print it).
pub fn escape_file(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::test_data::{finding, located};
    use super::*;

    /// The message of each annotation, unescaped enough to read.
    fn messages(finding: &Finding) -> Vec<String> {
        annotations(finding)
            .iter()
            .map(|line| {
                let (_, message) = line.split_once("::").unwrap().1.split_once("::").unwrap();
                message.replace("%0A", "\n").replace("%25", "%")
            })
            .collect()
    }

    #[test]
    fn values_list_only_the_values_other_than_the_outlets_own() {
        let f = finding(vec![
            located("a", "12", 1),
            located("b", "12", 1),
            located("c", "12", 1),
            located("d", "10", 1),
        ]);
        let messages = messages(&f);
        assert_eq!(messages[0], "m\na says \"12\"\nvalues: \"10\" (d)\nwhy: r");
        assert_eq!(messages[1], "m\nb says \"12\"\nvalues: \"10\" (d)\nwhy: r");
        assert_eq!(
            messages[3],
            "m\nd says \"10\"\nvalues: \"12\" (a, b, c)\nwhy: r"
        );
    }

    #[test]
    fn past_eight_other_values_the_rest_are_counted() {
        let values: Vec<_> = (0..10)
            .map(|i| located(&format!("s{i}"), &i.to_string(), 1))
            .collect();
        let messages = messages(&finding(values));
        // Nine other values: eight shown, one counted.
        assert!(
            messages[0].contains("\"8\" (s8) and 1 more\n"),
            "{}",
            messages[0]
        );
        assert!(!messages[0].contains("\"0\" (s0)"));
        assert!(!messages[0].contains("\"9\""));
    }

    /// The workflow command escapes undone.
    fn unescape(text: &str) -> String {
        text.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    }

    #[cfg(unix)]
    #[test]
    fn the_file_property_names_the_file_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let name = "new\nline\r%0A&<x>\"q\u{1b}[31m, a:b.txt";
        let path = dir.path().join(name);
        std::fs::write(&path, "x").unwrap();
        let mut value = located("a", "12", 1);
        value.path = path.display().to_string();
        let lines = annotations(&finding(vec![value, located("b", "10", 1)]));
        let properties = lines[0]
            .strip_prefix("::error ")
            .and_then(|l| l.split_once("::"))
            .unwrap()
            .0;
        let file = properties
            .split(',')
            .find_map(|p| p.strip_prefix("file="))
            .unwrap();
        assert!(file.ends_with("new%0Aline%0D%250A&<x>\"q\u{1b}[31m%2C a%3Ab.txt"));
        assert!(!file.contains(['\r', '\n', ',', ':']));
        assert_eq!(unescape(file), path.display().to_string());
        assert!(std::path::Path::new(&unescape(file)).is_file());
    }

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% a\r\nb %0A"), "50%25 a%0D%0Ab %250A");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("\u{1b}[31m\u{202E}"), "\u{FFFD}[31m\u{FFFD}");
    }
}
