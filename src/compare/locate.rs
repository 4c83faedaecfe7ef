//! Locating a value for reports: its line and column in the original file and
//! its sentence as written, with the value's place in it.

use super::Located;
use crate::extract::Fill;
use crate::source::Source;

/// Build the located view of a fill: its sentence as written (white space
/// tidied, control characters replaced) with the value's place in it.
pub fn locate(source: &Source, fill: &Fill) -> Located {
    // Extraction attaches the excerpt (the source's text is gone by the time
    // findings are written); a fill made elsewhere gets it now.
    let excerpt = fill
        .excerpt
        .clone()
        .unwrap_or_else(|| fill.excerpt_in(source));
    Located {
        source: source.name.clone(),
        path: source.display_path(),
        value: fill.value.display(),
        hedge: fill.value.hedge(),
        text: fill.raw.clone(),
        line: fill.position.line,
        column: fill.position.column,
        end_line: excerpt.end.line,
        end_column: excerpt.end.column,
        sentence: excerpt.sentence,
        speaker: fill.speaker.as_ref().map(|s| s.name.clone()),
        cue: fill.speaker.as_ref().map(|s| s.cue),
        highlight: excerpt.highlight,
    }
}

/// The position just after `text`, which starts at `start` (line breaks as
/// `source::lines` counts them: `\n`, `\r\n` or a lone `\r`).
pub fn end_of(start: crate::source::Position, text: &str) -> crate::source::Position {
    let mut end = start;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            end.line += 1;
            end.column = 1;
        } else if c != '\r' {
            end.column += 1;
        }
    }
    end
}

/// The located view of `span` (normalized offsets) inside `sentence`
/// (normalized offsets; it may cover several sentences, as a long quote does):
/// the text as written, its line and column, and the sentence as written
/// (white space tidied, control characters replaced) with the span's place in
/// it. `value` is the normalized value to show.
pub fn locate_in(
    source: &Source,
    sentence: std::ops::Range<usize>,
    span: std::ops::Range<usize>,
    value: String,
) -> Located {
    let (text, highlight) = source.excerpt(sentence, span.clone());
    let position = source.position(span.start);
    let end = source.end_position(span.clone());
    let raw = source.original_slice(span).to_string();
    Located {
        source: source.name.clone(),
        path: source.display_path(),
        value,
        hedge: None,
        text: raw,
        line: position.line,
        column: position.column,
        end_line: end.line,
        end_column: end.column,
        sentence: text.into(),
        speaker: None,
        cue: None,
        highlight,
    }
}
