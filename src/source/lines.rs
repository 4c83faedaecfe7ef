//! Line structure of a text: splitting into lines and turning byte offsets into
//! 1-based `line:column` positions of the ORIGINAL text.
//!
//! A line ends at `\n`, at `\r\n`, or at a lone `\r` (old Mac files), so that
//! reported line numbers agree with what the normalizer treats as a line break.

use super::Position;
use std::ops::Range;

/// One line of a text: its content (without the terminator) and the terminator's length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// Byte range of the line's content, terminator excluded.
    pub content: Range<usize>,
    /// Length in bytes of the terminator: 0 (last line), 1 (`\n` or `\r`) or 2 (`\r\n`).
    pub terminator: usize,
}

/// Splits `text` into lines. An empty text has no lines; a trailing terminator does
/// not open an extra empty line. Lines are found as they are read, so a caller
/// that stops early (front matter) reads no further.
pub(crate) fn raw_lines(text: &str) -> RawLines<'_> {
    RawLines {
        bytes: text.as_bytes(),
        start: 0,
    }
}

/// The lines of a text, in order (see [`raw_lines`]).
pub(crate) struct RawLines<'t> {
    bytes: &'t [u8],
    /// Where the next line starts.
    start: usize,
}

impl Iterator for RawLines<'_> {
    type Item = RawLine;

    fn next(&mut self) -> Option<RawLine> {
        let rest = self.bytes.get(self.start..).filter(|r| !r.is_empty())?;
        let (end, terminator) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(found) => {
                let at = self.start + found;
                let crlf =
                    self.bytes.get(at) == Some(&b'\r') && self.bytes.get(at + 1) == Some(&b'\n');
                (at, if crlf { 2 } else { 1 })
            }
            None => (self.bytes.len(), 0),
        };
        let line = RawLine {
            content: self.start..end,
            terminator,
        };
        self.start = end + terminator;
        Some(line)
    }
}

/// Bytes between char-count checkpoints: bounds the work of one position look-up
/// on very long lines (scraped pages often put a whole article on one line).
const CHECKPOINT_BYTES: usize = 4096;

/// Byte offsets where each line of a text starts, for offset -> position look-ups.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    /// Start offset of every line; always begins with 0.
    starts: Vec<usize>,
    /// `(byte offset, chars before it)` every [`CHECKPOINT_BYTES`] or so, at char
    /// boundaries; always begins with `(0, 0)`. Counted on the first look-up
    /// far into a long line: most texts never need them.
    checkpoints: std::sync::OnceLock<Vec<(usize, usize)>>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for line in raw_lines(text) {
            if line.terminator > 0 {
                starts.push(line.content.end + line.terminator);
            }
        }
        LineIndex {
            starts,
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    /// The checkpoints of `text`, counted on first use.
    fn checkpoints(&self, text: &str) -> &[(usize, usize)] {
        self.checkpoints.get_or_init(|| {
            let mut checkpoints = vec![(0, 0)];
            let (mut at, mut chars) = (0, 0);
            while at < text.len() {
                let next = ceil_char_boundary(text, at + CHECKPOINT_BYTES);
                chars += count_chars(text, at, next);
                checkpoints.push((next, chars));
                at = next;
            }
            checkpoints
        })
    }

    /// Number of chars in `text` before byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let checkpoints = self.checkpoints(text);
        let i = checkpoints.partition_point(|&(b, _)| b <= offset);
        let (b, n) = i
            .checked_sub(1)
            .and_then(|i| checkpoints.get(i))
            .copied()
            .unwrap_or((0, 0));
        n + count_chars(text, b, offset)
    }

    /// The 1-based line and column (in chars) of byte `offset` in `text`, which must be
    /// the text this index was built from. Offsets past the end or inside a char are
    /// clamped to the char boundary before them.
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        // partition_point >= 1 because starts[0] == 0 <= offset.
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        let column = if offset - start <= CHECKPOINT_BYTES {
            count_chars(text, start, offset)
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        Position {
            line,
            column: column + 1,
        }
    }
}

/// Chars in `text[from..to]` (0 for an invalid range). Counting non-continuation
/// bytes counts chars, and is fast.
fn count_chars(text: &str, from: usize, to: usize) -> usize {
    text.as_bytes()
        .get(from..to)
        .map_or(0, |s| s.iter().filter(|&&b| (b & 0xC0) != 0x80).count())
}

/// The largest char boundary of `text` that is `<= offset` (clamped to the length).
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` that is `>= offset` (clamped to the length).
pub(crate) fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn raw_lines_handles_all_terminators() {
        let lines: Vec<RawLine> = raw_lines("a\nbc\r\nd\re").collect();
        let contents: Vec<_> = lines.iter().map(|l| l.content.clone()).collect();
        assert_eq!(contents, vec![0..1, 2..4, 6..7, 8..9]);
        let terms: Vec<_> = lines.iter().map(|l| l.terminator).collect();
        assert_eq!(terms, vec![1, 2, 1, 0]);
    }

    #[test]
    fn raw_lines_empty_and_trailing_newline() {
        assert_eq!(raw_lines("").count(), 0);
        assert_eq!(raw_lines("x\n").count(), 1);
        assert_eq!(raw_lines("\n\n").count(), 2);
    }

    #[test]
    fn positions_count_chars_not_bytes() {
        let text = "ab\n\u{a0}\u{201c}x\r\ny\rz";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), pos(1, 1));
        assert_eq!(index.position(text, 2), pos(1, 3));
        assert_eq!(index.position(text, 3), pos(2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), pos(2, 3));
        let y = text.find('y').unwrap();
        assert_eq!(index.position(text, y), pos(3, 1));
        let z = text.find('z').unwrap();
        assert_eq!(index.position(text, z), pos(4, 1));
    }

    #[test]
    fn positions_clamp_bad_offsets() {
        let text = "é\n";
        let index = LineIndex::new(text);
        // Inside the two-byte 'é': clamped back to its start.
        assert_eq!(index.position(text, 1), pos(1, 1));
        // Past the end: clamped to the end, which is the start of an (empty) line 2.
        assert_eq!(index.position(text, 999), pos(2, 1));
        let empty = LineIndex::new("");
        assert_eq!(empty.position("", 5), pos(1, 1));
    }

    #[test]
    fn positions_on_very_long_lines_use_checkpoints() {
        let text = format!("x\n{}é{}", "é".repeat(10_000), "a".repeat(5_000));
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.get().is_none());
        let e = 2 + 20_000;
        assert_eq!(index.position(&text, e), pos(2, 10_001));
        assert!(index.checkpoints.get().is_some_and(|c| c.len() > 4));
        assert_eq!(index.position(&text, e + 2 + 4_999), pos(2, 15_001));
        // Inside a multi-byte char far along the line: clamped back.
        assert_eq!(index.position(&text, 2 + 9_999), pos(2, 5_000));
    }

    #[test]
    fn char_boundaries() {
        let text = "a€b";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(ceil_char_boundary(text, 2), 4);
        assert_eq!(ceil_char_boundary(text, 100), 5);
        assert_eq!(floor_char_boundary(text, 100), 5);
    }
}
