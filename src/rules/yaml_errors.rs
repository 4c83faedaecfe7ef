//! Every schema error of a rule file, not only the first.
//!
//! serde stops at the first error, so when a file does not fit the format it
//! is read again: once for the story's own keys with the slots skipped, then
//! slot by slot, each pass skipping the slots up to the last one that failed.
//! Each bad slot thus gives its own located error, in the words of
//! [`yaml_error`]. Past the errors shown, the rest are only
//! counted, within a byte budget, so a large file full of bad slots costs a
//! bounded time.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::model::{SlotSpec, StoryFile};
use crate::error::{Diagnostic, ErrorKind};
use crate::suggest::did_you_mean;

/// The most schema errors reported for one file; the rest are counted.
pub const MAX_SCHEMA_ERRORS: usize = 50;

/// Bytes read to count the errors beyond those shown, at most.
const COUNT_BUDGET: usize = 16 << 20;

/// The schema errors of `text`, whose first error serde reported as `first`:
/// all of them in file order (capped, with a count of the rest), or `first`
/// alone when it is a syntax error.
pub fn schema_errors(text: &str, path: &str, first: &serde_yaml::Error) -> Vec<Diagnostic> {
    let first = yaml_error(text, path, first);
    if first.kind != ErrorKind::Schema {
        return vec![first];
    }
    let mut found = Vec::new();
    if let Err(e) = serde_yaml::from_str::<StoryFile<IgnoredAny>>(text) {
        found.push(yaml_error(text, path, &e));
    }
    let mut budget = COUNT_BUDGET;
    let mut counted_all = true;
    let mut from = 0;
    loop {
        if found.len() > MAX_SCHEMA_ERRORS {
            if budget < text.len() {
                counted_all = false;
                break;
            }
            budget -= text.len();
        }
        let Err(e) = SlotsFrom(from).deserialize(serde_yaml::Deserializer::from_str(text)) else {
            break;
        };
        // An error outside the slots (`slots:` is not a list) is the first pass's.
        let Some(index) = slot_index(&e) else {
            break;
        };
        found.push(yaml_error(text, path, &e));
        from = index + 1;
    }
    if found.is_empty() {
        found.push(first);
    }
    found.sort_by_key(|d| (d.line, d.column));
    found.dedup();
    let more = found.len().saturating_sub(MAX_SCHEMA_ERRORS);
    found.truncate(MAX_SCHEMA_ERRORS);
    if more > 0 || !counted_all {
        let count = if counted_all {
            format!("and {more} more schema errors")
        } else {
            "and more schema errors, not all counted,".to_owned()
        };
        found.push(
            Diagnostic::error(
                ErrorKind::Schema,
                format!("{count} in this file (the first {MAX_SCHEMA_ERRORS} are shown)"),
            )
            .in_file(path)
            .with_help("fix the errors above and lint the file again"),
        );
    }
    found
}

/// The slot a serde error is in: its path starts `slots[N]`.
fn slot_index(error: &serde_yaml::Error) -> Option<usize> {
    let text = error.to_string();
    let rest = text.strip_prefix("slots[")?;
    let end = rest.find(']')?;
    rest.get(..end)?.parse().ok()
}

/// Reads a rule file's slots from index `.0` on as [`SlotSpec`]s, skipping
/// everything else: the first error it meets is the next bad slot's.
struct SlotsFrom(usize);

impl<'de> DeserializeSeed<'de> for SlotsFrom {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SlotsFrom {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a story")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            if key.as_str() == Some("slots") {
                map.next_value_seed(SlotList(self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The `slots:` list, read from index `.0` on.
struct SlotList(usize);

impl<'de> DeserializeSeed<'de> for SlotList {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SlotList {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of slots")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let more = if index < self.0 {
                seq.next_element::<IgnoredAny>()?.is_some()
            } else {
                seq.next_element::<SlotSpec>()?.is_some()
            };
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }
}

static SERDE_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<path>[\w\[\].]+): )?(?P<msg>.*?)(?: at line \d+ column \d+)?$")
        .unwrap_or_else(|_| unreachable!("static regex"))
});
static UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^unknown (?P<what>field|variant) `(?P<name>[^`]*)`, expected (?P<expected>.*)$")
        .unwrap_or_else(|_| unreachable!("static regex"))
});
static BACKTICKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`]*)`").unwrap_or_else(|_| unreachable!("static regex")));

/// Turn a serde_yaml error into a located diagnostic in crosswire's words.
/// serde's words for what it expected, in the words of a rule file: messages
/// never name crosswire's Rust types (`struct StoryFile`, `enum Kind`).
fn yaml_words(message: &str) -> String {
    const WORDS: [(&str, &str); 8] = [
        (
            "struct StoryFile",
            "a story (a mapping with `story:` and `slots:`)",
        ),
        (
            "struct SlotSpec",
            "a slot (a mapping with `id:`, `kind:` and `patterns:`)",
        ),
        (
            "struct ScopeSpec",
            "a scope (a mapping with `any:` and `all:`)",
        ),
        (
            "enum PatternSpec",
            "a pattern (a string, or a mapping with `regex:`)",
        ),
        ("enum MissingPolicy", "`info` or `off`"),
        (
            "enum Kind",
            "a kind (`name`, `count`, `number`, `date`, ...)",
        ),
        ("a YAML tag starting with '!'", "a single word"),
        ("struct Scalar", "a single value"),
    ];
    let mut out = message.to_string();
    for (rust, yaml) in WORDS {
        out = out.replace(rust, yaml);
    }
    // Any other type serde names.
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:struct|enum) [A-Z]\w*").unwrap_or_else(|_| unreachable!("static regex"))
    });
    OTHER.replace_all(&out, "a mapping").into_owned()
}

pub(crate) fn yaml_error(text: &str, path: &str, error: &serde_yaml::Error) -> Diagnostic {
    let raw = yaml_words(&error.to_string());
    static AT_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r" at line \d+ column \d+").unwrap_or_else(|_| unreachable!("static regex"))
    });
    // The location is shown by the snippet; keep it out of the message.
    let raw = AT_LINE.replace_all(&raw, "").into_owned();
    let (at, msg) = match SERDE_MESSAGE.captures(&raw) {
        Some(c) => (
            c.name("path").map(|m| m.as_str().to_string()),
            c.name("msg")
                .map_or(raw.clone(), |m| m.as_str().to_string()),
        ),
        None => (None, raw.clone()),
    };
    let schema = [
        "unknown field",
        "unknown variant",
        "invalid type",
        "missing field",
        "invalid value",
        "invalid length",
    ]
    .iter()
    .any(|p| msg.starts_with(p));
    let mut width = 1;
    let mut help: Option<String> = None;
    let message = if let Some(c) = UNKNOWN.captures(&msg) {
        let name = c.name("name").map_or("", |m| m.as_str());
        let expected: Vec<&str> = BACKTICKED
            .captures_iter(c.name("expected").map_or("", |m| m.as_str()))
            .filter_map(|m| m.get(1).map(|m| m.as_str()))
            .collect();
        width = name.chars().count().max(1);
        help = Some(match did_you_mean(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("expected one of {}", quoted_list(&expected)),
        });
        let place = describe_place(text, at.as_deref());
        if c.name("what").is_some_and(|m| m.as_str() == "field") {
            format!("unknown key `{name}`{place}")
        } else {
            let what = at
                .as_deref()
                .and_then(|p| p.rsplit('.').next())
                .unwrap_or("value")
                .to_string();
            format!("unknown {what} `{name}`{place}")
        }
    } else if let Some(field) = msg.strip_prefix("missing field ") {
        format!("missing key {field}{}", describe_place(text, at.as_deref()))
    } else if schema {
        match &at {
            Some(p) => format!("wrong type for `{p}`: {msg}"),
            None => msg.clone(),
        }
    } else if msg.contains("more than one document") {
        "a rule file holds one story: found more than one YAML document".to_string()
    } else {
        format!("invalid YAML: {msg}")
    };
    let kind = if schema {
        ErrorKind::Schema
    } else {
        ErrorKind::Syntax
    };
    let mut d = Diagnostic::error(kind, message).in_file(path);
    let lines = text.lines().count();
    if msg.contains("while scanning a quoted scalar") {
        // The parser stops at the end of the file; the mistake is the quote
        // that opens a string and never closes.
        if let Some((line, column)) = unclosed_quote(text) {
            d = d.at(text, line, column, 1);
        }
        help = Some("close the string with the same quote mark that opens it".into());
    } else if let Some(loc) = error.location() {
        if loc.line() > lines && lines > 0 {
            // Past the last line: point at the end of the last line instead,
            // so the snippet shows something.
            let last = text.lines().last().unwrap_or("");
            d = d.at(text, lines, last.chars().count().max(1), 1);
        } else {
            d = d.at(text, loc.line(), loc.column(), width);
        }
    }
    // YAML forbids tabs in indentation, but the scanner says so only
    // sometimes; look at the line the error points at.
    let tab_on_line = error
        .location()
        .and_then(|loc| text.lines().nth(loc.line().saturating_sub(1)))
        .is_some_and(|line| line.trim_end().starts_with('\t') || line.contains(":\t"));
    if msg.contains("tab character") || tab_on_line {
        help = Some("indent YAML with spaces, not tabs".into());
    }
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// The first quote mark (1-based line and column) that opens a string not
/// closed on its line: YAML rule files keep patterns on one line.
fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut open: Option<(char, usize)> = None;
        let mut escaped = false;
        // A quote mark opens a string only where a value starts (`Kim's` in a
        // plain value is an apostrophe).
        let mut prev = ' ';
        let mut prev_solid = None;
        for (col, c) in line.chars().enumerate() {
            match open {
                Some(_) if escaped => escaped = false,
                Some(('"', _)) if c == '\\' => escaped = true,
                Some((q, _)) if c == q => open = None,
                Some(_) => {}
                None if c == '#' && prev == ' ' => break,
                None if (c == '"' || c == '\'')
                    && matches!(prev_solid, None | Some(':' | '-' | '[' | ',' | '{' | '?')) =>
                {
                    open = Some((c, col + 1));
                }
                None => {}
            }
            prev = c;
            if !c.is_whitespace() {
                prev_solid = Some(c);
            }
        }
        if let Some((_, col)) = open {
            return Some((i + 1, col));
        }
    }
    None
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " in slot `x`" for a serde path like `slots[2].kind`, using a lenient parse
/// to find the slot's id.
fn describe_place(text: &str, at: Option<&str>) -> String {
    let Some(at) = at else { return String::new() };
    static SLOT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^slots\[(\d+)\]").unwrap_or_else(|_| unreachable!("static regex"))
    });
    let index = SLOT
        .captures(at)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse::<usize>().ok());
    let Some(index) = index else {
        return format!(" in `{at}`");
    };
    let id = serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("slots")?
                .get(index)?
                .get("id")?
                .as_str()
                .map(str::to_string)
        });
    match id {
        Some(id) => format!(" in slot `{id}`"),
        None => format!(" in slot {}", index + 1),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    use crate::rules::load::errors;

    #[test]
    fn every_bad_slot_gives_its_own_error() {
        let yaml = "story: s\nslots:\n  - id: a\n    kind: nubmer\n    patterns: [\"{number} a\"]\n  - id: b\n    kind: name\n    patterns: [\"{name} b\"]\n  - id: c\n    kind: count\n    patern: [\"{number} c\"]\n  - id: d\n    kind: date\n    severity: loud\n    patterns: [\"{date} d\"]\n";
        let found = errors(yaml);
        let shown: Vec<String> = found
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
        assert_eq!(
            shown,
            [
                "r.yaml:4:11: unknown kind `nubmer` in slot `a`",
                "r.yaml:11:5: unknown key `patern` in slot `c`",
                "r.yaml:14:15: unknown severity `loud` in slot `d`",
            ],
            "{found:#?}"
        );
        assert!(found.iter().all(|d| d.kind == ErrorKind::Schema));
    }

    #[test]
    fn story_keys_and_slots_are_both_reported() {
        let yaml = "story: s\nmissing: never\nslots:\n  - id: a\n    kind: count\n    tolerance: [1]\n    patterns: [\"{number} a\"]\nstroy: t\n";
        let messages: Vec<String> = errors(yaml).into_iter().map(|d| d.message).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("unknown"), "{messages:?}");
        assert!(messages[1].contains("`slots[0].tolerance`"), "{messages:?}");
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let found = errors("story: s\nslots: [\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ErrorKind::Syntax);
    }

    #[test]
    fn many_errors_are_capped_and_counted() {
        let mut yaml = "story: s\nslots:\n".to_owned();
        for i in 0..60 {
            yaml.push_str(&format!("  - id: s{i}\n    kind: bogus\n"));
        }
        let found = errors(&yaml);
        assert_eq!(found.len(), MAX_SCHEMA_ERRORS + 1);
        let last = found.last().unwrap();
        assert_eq!(
            last.message,
            "and 10 more schema errors in this file (the first 50 are shown)"
        );
        assert_eq!(found[0].line, Some(4));
        assert_eq!(found[49].line, Some(102));
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let e = &errors("story: demo\nslots:\n  - id: reaction\n    kind: phrase\n    pattern: [\"x {phrase}\"]\n")[0];
        assert_eq!(e.message, "unknown key `pattern` in slot `reaction`");
        assert_eq!((e.line, e.column), (Some(5), Some(5)));
        assert_eq!(e.help.as_deref(), Some("did you mean `patterns`?"));
        assert_eq!(e.kind, ErrorKind::Schema);
    }

    #[test]
    fn unknown_kind_lists_or_suggests() {
        let e = &errors("story: demo\nslots:\n  - id: who\n    kind: nmae\n    patterns: [x]\n")[0];
        assert_eq!(e.message, "unknown kind `nmae` in slot `who`");
        assert_eq!(e.help.as_deref(), Some("did you mean `name`?"));
        assert_eq!((e.line, e.column), (Some(4), Some(11)));
    }

    #[test]
    fn yaml_syntax_errors_are_located() {
        let e = &errors("story: demo\nslots: [\n")[0];
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        // The parser stops past the last line; the snippet shows the last line.
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
    }

    #[test]
    fn tab_indentation_gets_a_hint() {
        let e = &errors("story: a\nslots:\n\t- id: x\n")[0];
        assert_eq!(e.help.as_deref(), Some("indent YAML with spaces, not tabs"));
    }

    #[test]
    fn an_unclosed_quote_points_at_where_it_opens() {
        assert_eq!(
            unclosed_quote("title: Kim's day\nslots:\n  - patterns: [\"a {name}]\n"),
            Some((3, 16))
        );
        assert_eq!(unclosed_quote("a: 'it''s'\nb: \"x \\\" y\"\n"), None);
        let e = &errors(
            "story: demo\nslots:\n  - id: who\n    kind: name\n    patterns: [\"Minister {name}]\n",
        )[0];
        assert_eq!((e.line, e.column), (Some(5), Some(16)));
    }
}
