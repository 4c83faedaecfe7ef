//! The JSON report: the whole [`Report`] as one document (docs/output.md).

use super::Report;

/// Render the report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing plain data cannot fail; say so rather than panic if it does.
        Err(e) => format!(
            "{}\n",
            serde_json::json!({"version": 1, "error": e.to_string()})
        ),
    }
}

/// Render a `crosswire quotes` report as pretty-printed JSON, ending with a
/// newline (docs/output-quotes.md).
pub fn render_quotes(report: &super::quotes::QuoteReport) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!(
            "{}\n",
            serde_json::json!({"version": 1, "error": e.to_string()})
        ),
    }
}
