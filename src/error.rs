//! Errors as values: what went wrong, and where (file:line:column).
//!
//! Rule files and inputs are reported as [`Diagnostic`]s rather than aborting:
//! one bad file is reported, the run goes on, and the command ends with exit 2.
//! A diagnostic carries the line of text it points into, so it renders as a
//! snippet with the spot marked without reopening the file.

use std::fmt;

use serde::Serialize;

use crate::sanitize::{terminal, terminal_lines};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The file or input could not be used: exit 2.
    Error,
    /// Worth fixing, but the run is still valid.
    Warning,
}

/// What kind of problem a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not valid YAML.
    Syntax,
    /// Valid YAML that does not fit the rule format: unknown key, wrong type, missing key.
    Schema,
    /// Two stories or slots share an id.
    Duplicate,
    /// A pattern does not parse or compile.
    Pattern,
    /// A value that does not parse: `expect`, `tolerance`, `date`.
    Value,
    /// A source or rule file that cannot be read.
    Input,
    /// A pattern matched text that does not parse as the slot's kind.
    Extraction,
    /// A likely mistake in a valid rule file (`crosswire rules lint` warnings).
    Lint,
}

/// A located problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// What kind of problem.
    pub kind: ErrorKind,
    /// What is wrong, lowercase, naming the thing.
    pub message: String,
    /// The file, as given on the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The text of the line pointed into, for the snippet.
    #[serde(skip)]
    pub line_text: Option<String>,
    /// How many characters to mark from `column`.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// An error without a location yet.
    pub fn error(kind: ErrorKind, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            kind,
            message: message.into(),
            path: None,
            line: None,
            column: None,
            help: None,
            line_text: None,
            width: 1,
        }
    }

    /// A warning without a location yet.
    pub fn warning(kind: ErrorKind, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(kind, message)
        }
    }

    /// Set the file.
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Point at 1-based `line` and `column` of `text` (the whole file), marking
    /// `width` characters.
    pub fn at(mut self, text: &str, line: usize, column: usize, width: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.width = width.max(1);
        self.line_text = line_text(text, line).map(str::to_string);
        self
    }

    /// Add a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:column`, as far as known.
    pub fn location(&self) -> String {
        let mut s = self.path.clone().unwrap_or_default();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                s.push_str(&format!(":{column}"));
            }
        }
        s
    }

    /// Render as a snippet with the spot marked, like a compiler error.
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{Level as L, Renderer, Snippet};
        let level = match self.level {
            Level::Error => L::Error,
            Level::Warning => L::Warning,
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        // File names, messages (which quote input) and source lines never
        // reach the terminal raw.
        let location = terminal(&self.location());
        let origin = terminal(&self.path.clone().unwrap_or_default());
        let title = terminal_lines(&self.message);
        let help = self.help.as_deref().map(terminal_lines);
        let line_text = self.line_text.as_deref().map(terminal_lines);
        let mut message = level.title(&title);
        match (&line_text, self.line, self.column) {
            (Some(text), Some(line), Some(column)) => {
                let start = char_to_byte(text, column.saturating_sub(1));
                let end = char_to_byte(text, column.saturating_sub(1) + self.width).max(start);
                let mut snippet = Snippet::source(text).line_start(line).fold(false);
                // The renderer adds line and column to the origin itself.
                if !origin.is_empty() {
                    snippet = snippet.origin(&origin);
                }
                message = message.snippet(snippet.annotation(level.span(start..end)));
            }
            _ if !location.is_empty() => {
                message = message.footer(L::Note.title(&location));
            }
            _ => {}
        }
        if let Some(help) = &help {
            message = message.footer(L::Help.title(help));
        }
        let rendered = renderer.render(message).to_string();
        rendered
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = terminal(&self.location());
        let message = terminal_lines(&self.message);
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        if location.is_empty() {
            write!(f, "{level}: {message}")
        } else {
            write!(f, "{location}: {level}: {message}")
        }
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

/// Line `line` (1-based) of `text` without its line end, as
/// `text.lines().nth(line - 1)` gives it, found by a byte search for its
/// start: a rule file with a thousand warnings looked each line up from the
/// top, a character at a time.
fn line_text(text: &str, line: usize) -> Option<&str> {
    let start = match line.checked_sub(2) {
        None => 0,
        Some(newlines) => memchr::memchr_iter(b'\n', text.as_bytes()).nth(newlines)? + 1,
    };
    let rest = text.get(start..).filter(|rest| !rest.is_empty())?;
    let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    rest.get(..end).map(|l| l.trim_end_matches('\r'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_as_lines_finds_it() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\n\n",
            "\n",
            "a\r\nb\r\n",
            "x\r\r\ny",
            "é\nü\n\nz",
        ] {
            for line in 0..6_usize {
                let expected = text
                    .lines()
                    .nth(line.saturating_sub(1))
                    .map(|l| l.trim_end_matches('\r'));
                assert_eq!(line_text(text, line), expected, "{text:?} line {line}");
            }
        }
    }

    #[test]
    fn renders_the_line_with_the_spot_marked() {
        let yaml = "story: x\nslots:\n  - id: a\n    pattern: [\"b\"]\n";
        let d = Diagnostic::error(ErrorKind::Schema, "unknown key `pattern` in slot `a`")
            .in_file("rules/x.yaml")
            .at(yaml, 4, 5, 7)
            .with_help("did you mean `patterns`?");
        let out = d.render(false);
        assert!(
            out.contains("error: unknown key `pattern` in slot `a`"),
            "{out}"
        );
        assert!(out.contains("rules/x.yaml:4:5"), "{out}");
        assert!(out.contains("4 |     pattern: [\"b\"]"), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `patterns`?"), "{out}");
        assert_eq!(
            d.to_string(),
            "rules/x.yaml:4:5: error: unknown key `pattern` in slot `a`"
        );
    }

    #[test]
    fn control_characters_are_not_rendered_raw() {
        let d = Diagnostic::error(ErrorKind::Syntax, "bad \u{202E}x")
            .in_file("a\u{1b}[2Jb\u{2066}.yaml")
            .at("a\u{1b}[31mb", 1, 1, 1);
        for shown in [d.render(false), d.to_string()] {
            assert!(
                !shown.contains(['\u{1b}', '\u{202E}', '\u{2066}']),
                "{shown}"
            );
            assert!(shown.contains("a\u{FFFD}[2Jb\u{FFFD}.yaml"), "{shown}");
        }
    }
}
