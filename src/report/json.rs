//! The JSON report: the whole [`Report`] as one document (docs/output.md).

use std::io::{self, Write};

use super::Report;

/// Write the report as pretty-printed JSON, ending with a newline, straight
/// to `out`: a large report is never held as one string as well.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// [`write`] for a `crosswire quotes` report (docs/output-quotes.md).
pub fn write_quotes(report: &super::quotes::QuoteReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
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
