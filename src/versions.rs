//! Versions of wire items: sources that share an identity (a ninjs `uri` or
//! `guid`, a NewsML-G2 `guid`) are versions of one item. Only the newest takes
//! part in the comparison; each older version is replaced by the next newer
//! one, and what changed in the slots between the two is a `changed` finding
//! naming both versions.
//!
//! Newest means the higher `version` when both are whole numbers, else the
//! later version time (`versioncreated`, `versionCreated`), else the later in
//! input order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use crate::compare::{locate, Finding, FindingKind, Located};
use crate::extract::{Extraction, Fill};
use crate::rules::RuleSet;
use crate::source::{ItemIdentity, Source};

/// An older version of an item and the next newer version that replaces it
/// (indices into the sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    /// The older version.
    pub old: usize,
    /// The next newer version.
    pub new: usize,
}

/// Every older version among `sources`, each with its next newer version, in
/// source order of the older one.
pub fn replaced(sources: &[Source]) -> Vec<Replaced> {
    let mut by_item: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, source) in sources.iter().enumerate() {
        if let Some(item) = &source.item {
            by_item.entry(item.id.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for mut versions in by_item.into_values() {
        versions.sort_by(|&a, &b| newer(sources, a, b));
        out.extend(versions.windows(2).filter_map(|pair| match pair {
            [old, new] => Some(Replaced {
                old: *old,
                new: *new,
            }),
            _ => None,
        }));
    }
    out.sort_by_key(|r| r.old);
    out
}

/// Orders two versions of one item (sources `a` and `b`), older first.
fn newer(sources: &[Source], a: usize, b: usize) -> Ordering {
    let item = |i: usize| sources.get(i).and_then(|s| s.item.as_ref());
    match (item(a), item(b)) {
        (Some(x), Some(y)) => compare_versions(x, y).then(a.cmp(&b)),
        _ => a.cmp(&b),
    }
}

/// Orders two versions of one item by their `version` numbers, else their
/// version times; `Equal` when neither tells them apart.
pub fn compare_versions(x: &ItemIdentity, y: &ItemIdentity) -> Ordering {
    let number = |i: &ItemIdentity| i.version.as_deref().and_then(|v| v.parse::<u64>().ok());
    let time = |i: &ItemIdentity| {
        i.version_created
            .as_deref()
            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
    };
    match (number(x), number(y)) {
        (Some(m), Some(n)) if m != n => return m.cmp(&n),
        _ => {}
    }
    match (time(x), time(y)) {
        (Some(s), Some(t)) => s.cmp(&t),
        _ => Ordering::Equal,
    }
}

/// The extraction without the fills and selections of replaced versions, for
/// comparing only the newest version of each item.
pub fn current(extraction: &Extraction, replaced: &[Replaced]) -> Extraction {
    let old = |source: usize| replaced.iter().any(|r| r.old == source);
    Extraction {
        fills: extraction
            .fills
            .iter()
            .filter(|f| !old(f.source))
            .cloned()
            .collect(),
        selections: extraction
            .selections
            .iter()
            .filter(|s| !old(s.source))
            .cloned()
            .collect(),
        warnings: Vec::new(),
    }
}

/// A `changed` finding for every slot whose value differs between an older
/// version and the version that replaces it (a value that appeared or
/// disappeared counts).
pub fn changes(
    rules: &RuleSet,
    sources: &[Source],
    extraction: &Extraction,
    replaced: &[Replaced],
) -> Vec<Finding> {
    // The first value of each (story, slot, source): fills are sorted by
    // (story, slot, source, offset), so the first seen is the first in the text.
    let mut first: HashMap<(usize, usize, usize), &Fill> = HashMap::new();
    for fill in &extraction.fills {
        first
            .entry((fill.story, fill.slot, fill.source))
            .or_insert(fill);
    }
    let mut findings = Vec::new();
    for r in replaced {
        let (Some(old), Some(new)) = (sources.get(r.old), sources.get(r.new)) else {
            continue;
        };
        let label = |s: &Source| {
            s.item
                .as_ref()
                .map_or_else(|| "an unversioned copy".to_string(), |i| i.version_label())
        };
        let (old_label, new_label) = (label(old), label(new));
        for (story_index, story) in rules.stories.iter().enumerate() {
            for (slot_index, slot) in story.slots.iter().enumerate() {
                let value = |source: &Source, index: usize| {
                    first
                        .get(&(story_index, slot_index, index))
                        .map(|f| locate(source, f))
                };
                findings.extend(changed(
                    &story.id,
                    &slot.id,
                    &new.name,
                    (&old_label, &new_label),
                    value(old, r.old),
                    value(new, r.new),
                ));
            }
        }
    }
    findings
}

/// The `changed` finding for one slot of item `name` between two versions
/// (their labels, older first), given each version's value; `None` when the
/// values are the same.
pub fn changed(
    story: &str,
    slot: &str,
    name: &str,
    (old_label, new_label): (&str, &str),
    before: Option<Located>,
    after: Option<Located>,
) -> Option<Finding> {
    let shown = |v: &Option<Located>| v.as_ref().map(|v| v.value.clone());
    if shown(&before) == shown(&after) {
        return None;
    }
    let none = || "no value".to_string();
    Some(Finding {
        story: story.to_string(),
        slot: slot.to_string(),
        kind: FindingKind::Changed,
        severity: FindingKind::Changed.default_severity(),
        message: format!("{name} {new_label} changes this slot"),
        reason: format!(
            "{old_label}: {} -> {new_label}: {}",
            shown(&before).unwrap_or_else(none),
            shown(&after).unwrap_or_else(none)
        ),
        values: before.into_iter().chain(after).collect(),
        expected: None,
        missing_from: Vec::new(),
        diffs: Vec::new(),
        groups: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::{load_document, Input, LoadOptions};

    fn item(uri: &str, version: &str, created: &str, body: &str) -> Source {
        let json = serde_json::json!({
            "uri": uri, "version": version, "versioncreated": created,
            "copyrightholder": "AP", "body_text": body,
        });
        let mut inputs = load_document(
            None,
            Some(format!("{uri}-{version}.json").into()),
            json.to_string().into_bytes(),
            None,
            &LoadOptions::default(),
        );
        match inputs.pop() {
            Some(Input::Loaded(source)) => source,
            other => panic!("not loaded: {other:?}"),
        }
    }

    #[test]
    fn newest_by_number_then_time_then_order() {
        let sources = vec![
            item("a", "10", "2023-04-11T01:00:00Z", "x"),
            item("b", "", "2023-04-11T09:00:00Z", "x"),
            item("a", "9", "2023-04-11T02:00:00Z", "x"),
            item("b", "", "2023-04-11T08:00:00+00:00", "x"),
            item("c", "1", "", "x"),
            item("a", "11", "", "x"),
        ];
        assert_eq!(
            replaced(&sources),
            vec![
                Replaced { old: 0, new: 5 },
                Replaced { old: 2, new: 0 },
                Replaced { old: 3, new: 1 },
            ]
        );
    }
}
