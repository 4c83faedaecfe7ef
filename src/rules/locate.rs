//! Finding where things are in a rule file's text.
//!
//! serde_yaml locates syntax and schema errors itself, but keeps no positions
//! for valid values, so semantic errors (a duplicate id, a pattern that does not
//! compile) are located here by reading the block-style YAML rule files are
//! written in: top-level keys, the items of `slots:`, and keys and strings
//! inside an item. Flow style (`[a, b]`) is covered by searching the item's
//! lines for the value's text. When nothing is found, callers fall back to the
//! slot's or the file's first line.

use std::sync::{Mutex, PoisonError};

/// A 1-based line and column (in characters), plus the width to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Characters to mark.
    pub width: usize,
}

/// A rule file's lines, for locating.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    /// The item starts and end of each top-level sequence looked up so far:
    /// each slot of a file looks up its own item, and reading the whole
    /// sequence for each one made locating quadratic in the slots.
    sequences: Mutex<Vec<(String, Option<Sequence>)>>,
}

/// Where a top-level sequence's items start, and where the sequence ends.
struct Sequence {
    starts: Vec<usize>,
    end: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn char_column(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(1, |s| s.chars().count() + 1)
}

impl<'a> Locator<'a> {
    /// Index a file's text.
    pub fn new(text: &'a str) -> Self {
        Locator {
            lines: text.lines().collect(),
            sequences: Mutex::default(),
        }
    }

    /// The line range (0-based, end exclusive) of the whole file.
    pub fn all(&self) -> std::ops::Range<usize> {
        0..self.lines.len()
    }

    /// A top-level key.
    pub fn top_key(&self, key: &str) -> Option<Spot> {
        self.key_in(self.all(), key, Some(0))
    }

    /// The lines of the `index`-th item of the top-level sequence `key`.
    pub fn item(&self, key: &str, index: usize) -> Option<std::ops::Range<usize>> {
        let mut sequences = self
            .sequences
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let position = match sequences.iter().position(|(k, _)| k == key) {
            Some(position) => position,
            None => {
                sequences.push((key.to_owned(), self.sequence(key)));
                sequences.len() - 1
            }
        };
        let sequence = sequences.get(position)?.1.as_ref()?;
        let start = *sequence.starts.get(index)?;
        let stop = sequence
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(sequence.end);
        Some(start..stop)
    }

    /// Read the top-level sequence `key`: where its items start and where it ends.
    fn sequence(&self, key: &str) -> Option<Sequence> {
        let key_line = self.top_key(key)?.line - 1;
        let mut starts = Vec::new();
        let mut item_indent = None;
        let mut end = self.lines.len();
        for (i, line) in self.lines.iter().enumerate().skip(key_line + 1) {
            if is_blank_or_comment(line) {
                continue;
            }
            let ind = indent(line);
            let rest = line.trim_start_matches(' ');
            if ind == 0 && !rest.starts_with('-') {
                end = i;
                break;
            }
            if rest.starts_with("- ") || rest == "-" {
                match item_indent {
                    None => {
                        item_indent = Some(ind);
                        starts.push(i);
                    }
                    Some(x) if x == ind => starts.push(i),
                    Some(x) if ind < x => {
                        end = i;
                        break;
                    }
                    Some(_) => {}
                }
            }
        }
        Some(Sequence { starts, end })
    }

    /// A key inside a line range, at `at_indent` when given (a list item's first
    /// key follows its `- `).
    pub fn key_in(
        &self,
        range: std::ops::Range<usize>,
        key: &str,
        at_indent: Option<usize>,
    ) -> Option<Spot> {
        for i in range {
            let line = self.lines.get(i)?;
            if is_blank_or_comment(line) {
                continue;
            }
            let mut body = line.trim_start_matches(' ');
            let mut offset = indent(line);
            while let Some(rest) = body.strip_prefix("- ") {
                body = rest.trim_start_matches(' ');
                offset = line.len() - body.len();
            }
            if let Some(want) = at_indent {
                if indent(line) != want {
                    continue;
                }
            }
            for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
                if let Some(after) = body.strip_prefix(quoted.as_str()) {
                    if after.trim_start().starts_with(':') {
                        return Some(Spot {
                            line: i + 1,
                            column: char_column(line, offset),
                            width: quoted.chars().count(),
                        });
                    }
                }
            }
        }
        None
    }

    /// `key` written as a mapping key inside a line range, in block style
    /// (`key: value`) or inside a flow mapping (`{ a: 1, key: 2 }`), bare
    /// or quoted: not the same letters inside another word (`c` in
    /// `sources:`).
    pub fn key_anywhere_in(&self, range: std::ops::Range<usize>, key: &str) -> Option<Spot> {
        if key.is_empty() {
            return None;
        }
        for i in range {
            let line = self.lines.get(i)?;
            if is_blank_or_comment(line) {
                continue;
            }
            for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
                let mut from = 0;
                while let Some(pos) = line.get(from..).and_then(|s| s.find(quoted.as_str())) {
                    let at = from + pos;
                    let before = line.get(..at).and_then(|s| s.chars().next_back());
                    let after = line.get(at + quoted.len()..).unwrap_or("");
                    if matches!(before, None | Some(' ' | '{' | ',' | '-'))
                        && after.trim_start().starts_with(':')
                    {
                        return Some(Spot {
                            line: i + 1,
                            column: char_column(line, at),
                            width: quoted.chars().count(),
                        });
                    }
                    from = at + quoted.len().max(1);
                }
            }
        }
        None
    }

    /// The first occurrence of `needle` in a line range, from line `from`
    /// (0-based) on; `skip` occurrences are passed over.
    pub fn text_in(
        &self,
        range: std::ops::Range<usize>,
        needle: &str,
        skip: usize,
    ) -> Option<Spot> {
        if needle.is_empty() {
            return None;
        }
        let mut seen = 0;
        for i in range {
            let line = self.lines.get(i)?;
            let mut from = 0;
            while let Some(pos) = line.get(from..).and_then(|s| s.find(needle)) {
                let at = from + pos;
                if seen == skip {
                    return Some(Spot {
                        line: i + 1,
                        column: char_column(line, at),
                        width: needle.chars().count(),
                    });
                }
                seen += 1;
                from = at + needle.len().max(1);
            }
        }
        None
    }

    /// The text of line `index` (0-based).
    pub fn line_text(&self, index: usize) -> Option<&'a str> {
        self.lines.get(index).copied()
    }

    /// The first non-blank line of a range, as a spot covering its text.
    pub fn line_of(&self, range: std::ops::Range<usize>) -> Option<Spot> {
        for i in range {
            let line = self.lines.get(i)?;
            if !is_blank_or_comment(line) {
                let start = indent(line);
                return Some(Spot {
                    line: i + 1,
                    column: start + 1,
                    width: line.trim().chars().count(),
                });
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const YAML: &str = "\
# comment
story: demo
slots:
  - id: first
    kind: name
    patterns: [\"Minister {name}\"]
  # a comment between items
  - id: second
    kind: count
    patterns:
      - \"for the {ordinal} day\"
      - regex: '(?P<value>\\d+) days'
scope:
  any: [Kim]
";

    #[test]
    fn finds_top_keys_items_and_keys_inside() {
        let loc = Locator::new(YAML);
        assert_eq!(loc.top_key("slots").unwrap().line, 3);
        assert_eq!(loc.top_key("scope").unwrap().line, 13);
        let first = loc.item("slots", 0).unwrap();
        assert_eq!(first, 3..7);
        let second = loc.item("slots", 1).unwrap();
        assert_eq!(second, 7..12);
        assert_eq!(loc.item("slots", 2), None);
        let kind = loc.key_in(second.clone(), "kind", None).unwrap();
        assert_eq!((kind.line, kind.column, kind.width), (9, 5, 4));
        let id = loc.key_in(second.clone(), "id", None).unwrap();
        assert_eq!((id.line, id.column), (8, 5));
    }

    #[test]
    fn finds_text_in_flow_and_block_sequences() {
        let loc = Locator::new(YAML);
        let first = loc.item("slots", 0).unwrap();
        let spot = loc.text_in(first, "Minister {name}", 0).unwrap();
        assert_eq!((spot.line, spot.column), (6, 17));
        let second = loc.item("slots", 1).unwrap();
        let spot = loc.text_in(second, "for the {ordinal} day", 0).unwrap();
        assert_eq!((spot.line, spot.column), (11, 10));
    }

    #[test]
    fn items_of_two_sequences_looked_up_in_any_order_stay_apart() {
        let yaml =
            "slots:\n  - id: a\n  - id: b\ncases:\n  - name: x\n    sources: []\n  - name: y\n";
        let loc = Locator::new(yaml);
        assert_eq!(loc.item("cases", 1), Some(6..7));
        assert_eq!(loc.item("slots", 1), Some(2..3));
        assert_eq!(loc.item("nothing", 0), None);
        assert_eq!(loc.item("cases", 0), Some(4..6));
        assert_eq!(loc.item("slots", 0), Some(1..2));
        assert_eq!(loc.item("slots", 2), None);
    }

    #[test]
    fn empty_text_is_safe() {
        let loc = Locator::new("");
        assert_eq!(loc.top_key("slots"), None);
        assert_eq!(loc.item("slots", 0), None);
        assert_eq!(loc.line_of(loc.all()), None);
    }
}
