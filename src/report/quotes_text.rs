//! The text report of `crosswire quotes`, for people at a terminal.
//!
//! Drifted quotes come first, rendered like `check`'s findings (each wording
//! at file:line:col with its sentence, the speaker and cue, and the word
//! diff), then every quote found per source with its alignment class, skipped
//! inputs, and the summary line.

use std::fmt::Write as _;

use super::quotes::{QuoteClass, QuoteReport};
use super::text::{clean, render_findings, truncate_to, Paint, TextOptions};

/// How many characters of a quote the quote list shows.
const QUOTE_CHARS: usize = 70;

/// Render a quote report as text.
pub fn render(report: &QuoteReport, options: TextOptions) -> String {
    let paint = Paint {
        color: options.color,
    };
    let mut out = String::new();
    render_findings(&mut out, &report.findings, &paint);
    let mut current: Option<&str> = None;
    for quote in &report.quotes {
        if current != Some(quote.path.as_str()) {
            current = Some(quote.path.as_str());
            let _ = writeln!(
                out,
                "{} {} ({})",
                paint.bold("Quotes in"),
                clean(&quote.source),
                clean(&quote.path)
            );
        }
        let class = match (quote.group, quote.attached_to) {
            (Some(n), _) => format!("{} #{n}", quote.class.as_str()),
            // Attached to a group, not a member of it.
            (None, Some(n)) => format!("{} ~{n}", quote.class.as_str()),
            (None, None) => quote.class.as_str().to_string(),
        };
        let class = match quote.class {
            QuoteClass::Drift | QuoteClass::Truncated => {
                paint.severity(crate::Severity::Warning, &class)
            }
            QuoteClass::Short => paint.dim(&class),
            _ => class,
        };
        let speaker = match (&quote.speaker, quote.cue) {
            (Some(name), Some(cue)) => format!("{} ({})", clean(name), cue.as_str()),
            (Some(name), None) => clean(name),
            _ => "speaker unknown".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:>4}:{:<4} {:<13} \"{}\" — {}",
            quote.line,
            quote.column,
            class,
            truncate_to(&clean(&quote.text), QUOTE_CHARS),
            speaker
        );
    }
    if !report.quotes.is_empty() {
        out.push('\n');
    }
    super::text::render_skipped(&mut out, &report.sources, &paint);
    let _ = writeln!(out, "{}", paint.bold(&report.summary_line()));
    out
}
