//! Limits a rule file must keep before it reaches the YAML deserializer: alias
//! expansion ("billion laughs"), nesting depth and slot count. A cheap pass
//! over the text finds the first two, so a hostile file is refused in
//! milliseconds with a located error instead of exhausting memory or time.

use std::collections::HashMap;

use crate::error::{Diagnostic, ErrorKind};

/// Nodes that aliases may bring in, in all (each alias counts the size of
/// what its anchor names, anchors inside included).
pub const MAX_ALIAS_NODES: u64 = 10_000;
/// Nesting of collections, block and flow together.
pub const MAX_DEPTH: usize = 64;
/// Slots in one rule file.
pub const MAX_SLOTS: usize = 2_000;

/// Check `text` for alias expansion and nesting beyond the limits; `path` is
/// only used in messages.
pub fn check(text: &str, path: &str) -> Result<(), Box<Diagnostic>> {
    let mut scan = Scan::default();
    for (index, line) in text.lines().enumerate() {
        scan.line(line).map_err(|(column, width, message, help)| {
            Box::new(
                Diagnostic::error(ErrorKind::Syntax, message)
                    .in_file(path)
                    .at(text, index + 1, column, width)
                    .with_help(help),
            )
        })?;
    }
    Ok(())
}

/// A located limit error: column, width, message, help.
type Hit = (usize, usize, String, String);

#[derive(Default)]
struct Scan {
    /// The size of each anchor's node so far (an upper bound: everything
    /// aliased from the anchor up to the next anchor counts).
    anchors: HashMap<String, u64>,
    /// The anchor being measured.
    open: Option<String>,
    /// Nodes brought in by aliases, in all.
    expanded: u64,
    /// Indentation of the open block collections.
    indents: Vec<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// Inside a quoted scalar that spans lines: its quote.
    quote: Option<char>,
}

impl Scan {
    fn line(&mut self, line: &str) -> Result<(), Hit> {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        if self.quote.is_none() && self.flow == 0 {
            let indent = chars.iter().take_while(|c| **c == ' ').count();
            let rest = chars.get(indent..).unwrap_or_default();
            if rest.is_empty() || rest.first() == Some(&'#') {
                return Ok(());
            }
            while self.indents.last().is_some_and(|&open| open >= indent) {
                self.indents.pop();
            }
            self.indents.push(indent);
            // `- - - x` opens a sequence per dash on one line.
            let mut at = indent;
            while chars.get(at) == Some(&'-') && chars.get(at + 1) == Some(&' ') {
                at += 2;
                self.indents.push(at);
            }
            self.depth(at + 1)?;
            i = at;
        }
        while i < chars.len() {
            let c = chars.get(i).copied().unwrap_or(' ');
            if let Some(q) = self.quote {
                if q == '"' && c == '\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    // `''` is an escaped quote in a single-quoted scalar.
                    if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                }
                i += 1;
                continue;
            }
            let start = i == 0
                || chars
                    .get(i - 1)
                    .is_some_and(|p| p.is_whitespace() || matches!(p, '[' | '{' | ','));
            match c {
                '#' if i == 0 || chars.get(i - 1).is_some_and(|p| p.is_whitespace()) => break,
                '"' | '\'' if start => self.quote = Some(c),
                '[' | '{' if start => {
                    self.flow += 1;
                    self.depth(i + 1)?;
                }
                ']' | '}' => self.flow = self.flow.saturating_sub(1),
                '&' | '*' if start => {
                    let name: String = chars
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|c| {
                            !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}')
                        })
                        .collect();
                    if !name.is_empty() {
                        let width = name.chars().count() + 1;
                        if c == '&' {
                            self.anchors.insert(name.clone(), 1);
                            self.open = Some(name);
                        } else {
                            self.alias(&name, i + 1, width)?;
                        }
                        i += width;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Ok(())
    }

    fn alias(&mut self, name: &str, column: usize, width: usize) -> Result<(), Hit> {
        let Some(&size) = self.anchors.get(name) else {
            return Ok(());
        };
        self.expanded = self.expanded.saturating_add(size);
        if let Some(open) = self.open.as_ref().filter(|open| open.as_str() != name) {
            if let Some(total) = self.anchors.get_mut(open) {
                *total = total.saturating_add(size);
            }
        }
        if self.expanded > MAX_ALIAS_NODES {
            return Err((
                column,
                width,
                format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                "a rule file may repeat an anchored node only so often; write it out or split the file".to_string(),
            ));
        }
        Ok(())
    }

    fn depth(&self, column: usize) -> Result<(), Hit> {
        let depth = self.indents.len() + self.flow;
        if depth > MAX_DEPTH {
            return Err((
                column,
                1,
                format!("nesting deeper than {MAX_DEPTH} levels"),
                "rule files need only a few levels: story, slots, patterns".to_string(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laughs(levels: usize) -> String {
        let mut text = String::from("story: x\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for level in 1..levels {
            let prev = format!("l{}", level - 1).replace("l0", "a");
            let items = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        text
    }

    #[test]
    fn a_billion_laughs_is_refused_where_it_crosses_the_bound() {
        let e = check(&laughs(9), "bomb.yaml").unwrap_err();
        assert_eq!(e.message, "aliases expand to more than 10000 nodes");
        assert_eq!(e.line, Some(6));
    }

    #[test]
    fn a_few_aliases_pass() {
        let text = "story: x\ncommon: &p [\"a {number}\"]\nslots:\n  - id: a\n    patterns: *p\n  - id: b\n    patterns: *p\n";
        assert!(check(text, "ok.yaml").is_ok());
        assert!(check(&laughs(3), "ok.yaml").is_ok());
    }

    #[test]
    fn stars_and_ampersands_in_text_are_not_aliases() {
        let text = "story: x\nslots:\n  - id: a\n    patterns: ['R&D *x', \"&y\", \\d*]\n";
        assert!(check(text, "ok.yaml").is_ok());
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        let text = format!("story: x\nslots: {}{}\n", "[".repeat(100), "]".repeat(100));
        let e = check(&text, "deep.yaml").unwrap_err();
        assert_eq!(e.message, "nesting deeper than 64 levels");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut text = String::from("story: x\n");
        for depth in 0..80 {
            text.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        let e = check(&text, "deep.yaml").unwrap_err();
        assert_eq!(e.line, Some(66));
    }

    #[test]
    fn the_shipped_rules_pass() {
        let text = std::fs::read_to_string("rules/korea-cmc-2023-04.yaml").unwrap();
        assert!(check(&text, "rules/korea-cmc-2023-04.yaml").is_ok());
    }
}
