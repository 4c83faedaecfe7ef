//! Every schema error of a rule file, not only the first.
//!
//! serde stops at the first error, so when a file does not fit the format it
//! is read again: once for the story's own keys with the slots skipped, then
//! slot by slot, each pass skipping the slots up to the last one that failed.
//! Each bad slot thus gives its own located error, in the words of
//! [`super::load::yaml_error`]. Past the errors shown, the rest are only
//! counted, within a byte budget, so a large file full of bad slots costs a
//! bounded time.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::load::yaml_error;
use super::model::{SlotSpec, StoryFile};
use crate::error::{Diagnostic, ErrorKind};

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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn errors(yaml: &str) -> Vec<Diagnostic> {
        super::super::parse_story(yaml, "r.yaml").unwrap_err()
    }

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
}
