//! The streaming gate (`crosswire check --stream`): items are checked one at a
//! time, as they arrive, against the fact table accumulated so far for their
//! story, and the table can be kept in a state file between runs.
//!
//! The fact table ([`State`]) holds, per story, one record per item seen: its
//! name, identity and version, and for every slot its first value (as text,
//! with the sentence and the position where it was read). To compare values
//! of another kind than text, an item whose reading no other item in the
//! table has (its values, date and language: see [`reads_as`]) also keeps the
//! paragraphs its values (and its story's scope words) were read from; those
//! are read again, and only those, when a new item arrives. Items that read as
//! one that keeps text keep their small record only, so the table grows with
//! the distinct readings of a story, not with its paragraphs.
//!
//! Invariant: every record keeps text or reads as one that does. A new
//! version of an item already in the table replaces its record, and what
//! changed is a `changed` finding; when the replaced record kept text that
//! other records read as, the first of them takes the text over, so their
//! values stay in the comparison. An older version than the one in the table
//! is skipped.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::check::{Checker, Observer, Quiet};
use crate::compare::{locate, CompareObserver, Finding, Located};
use crate::error::Diagnostic;
use crate::extract::Fill;
use crate::source::{load_document, DateOrigin, Format, Input, ItemIdentity, Source};
use crate::versions::{changed, compare_versions};

/// The version of the state file's format.
pub const STATE_VERSION: u32 = 1;

/// The fact tables of every story, as kept between items and runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    /// Format version ([`STATE_VERSION`]).
    pub version: u32,
    /// Story id -> the items seen for it, in order of arrival.
    pub stories: BTreeMap<String, Vec<StoredItem>>,
}

/// One item in a story's fact table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredItem {
    /// The source's name.
    pub name: String,
    /// Where it came from (`<stdin>` or a file).
    pub path: String,
    /// Its identity and version, for wire items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemIdentity>,
    /// Its publication date (YYYY-MM-DD), which relative dates depend on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The `language:` it said it was in, which its kept paragraphs are read
    /// in again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Slot id -> its first value.
    pub slots: BTreeMap<String, StoredValue>,
    /// The paragraphs (as written) that its values and scope words were read
    /// from; empty when every value it gives is also given by another item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<String>,
}

/// A slot's value in a stored item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredValue {
    /// The normalized value as text.
    pub value: String,
    /// The text it was read from.
    pub text: String,
    /// The sentence holding it, as written.
    pub sentence: String,
    /// 1-based line in the original input.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Line and column just after the value.
    #[serde(default)]
    pub end_line: usize,
    /// See `end_line`.
    #[serde(default)]
    pub end_column: usize,
    /// A figure's hedge (docs/output.md, Located); none in older state files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hedge: Option<crate::compare::Hedge>,
}

/// What the gate said about one item.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemReport {
    /// The source's name (outlet and item id).
    pub name: String,
    /// Where it came from.
    pub path: String,
    /// The 1-based line of the input where the item starts.
    pub line: usize,
    /// Its identity and version, for wire items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemIdentity>,
    /// `checked`, `skipped` or `error`.
    pub status: &'static str,
    /// Why it was skipped, or what was wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The stories it was checked for.
    pub stories: Vec<String>,
    /// Its findings against the table (only those that involve it).
    pub findings: Vec<Finding>,
    /// Input errors and warnings about it.
    pub diagnostics: Vec<Diagnostic>,
}

/// A problem with the state file.
#[derive(Debug)]
pub struct StateError(pub String);

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl State {
    /// Reads a state file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<State, StateError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(State {
                    version: STATE_VERSION,
                    ..State::default()
                })
            }
            Err(e) => return Err(StateError(format!("{}: {e}", path.display()))),
        };
        let state: State = serde_json::from_str(&text).map_err(|e| {
            StateError(format!(
                "{}:{}:{}: not a crosswire state file: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        if state.version != STATE_VERSION {
            return Err(StateError(format!(
                "{}: state file version {} (this crosswire reads version {STATE_VERSION})",
                path.display(),
                state.version
            )));
        }
        Ok(state)
    }

    /// Writes the state file atomically: to a temporary file beside it, flushed
    /// to disk, then renamed over it, so that a run killed at any moment
    /// leaves the previous state or the new one, never a torn file.
    pub fn save(&self, path: &Path) -> Result<(), StateError> {
        let fail = |e: std::io::Error| StateError(format!("{}: {e}", path.display()));
        let json = serde_json::to_vec(self).map_err(|e| StateError(e.to_string()))?;
        let mut temp = path.as_os_str().to_owned();
        temp.push(format!(".tmp{}", std::process::id()));
        let temp = PathBuf::from(temp);
        {
            let mut file = std::fs::File::create(&temp).map_err(fail)?;
            file.write_all(&json).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
        std::fs::rename(&temp, path).map_err(fail)
    }
}

/// The streaming gate: a checker and the fact tables so far.
#[derive(Debug)]
pub struct Gate<'c> {
    checker: &'c Checker,
    state: State,
    /// Whether the tables changed since [`Gate::take_changed`] last said.
    changed: bool,
}

impl<'c> Gate<'c> {
    /// A gate starting from `state`.
    pub fn new(checker: &'c Checker, state: State) -> Self {
        Gate {
            checker,
            state,
            changed: false,
        }
    }

    /// Whether the fact tables changed since the last call (an item out of
    /// scope, late or malformed changes nothing, and needs no new state file).
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The fact tables so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Checks the items in `bytes` (one ninjs item or line, one NewsML-G2
    /// document, ...) that started at 1-based `line` of the input named `path`,
    /// and adds them to the fact tables.
    pub fn check(
        &mut self,
        bytes: Vec<u8>,
        format: Option<Format>,
        path: &str,
        line: usize,
    ) -> Vec<ItemReport> {
        let options = self.checker.load_options();
        let inputs = load_document(None, None, bytes, format, &options);
        inputs
            .into_iter()
            .map(|input| match input {
                Input::Loaded(mut source) => {
                    source.path = Some(PathBuf::from(path));
                    self.check_source(source, line)
                }
                Input::Skipped(skipped) => {
                    // Positions count from the item's first line in the stream.
                    let mut diagnostic = skipped.diagnostic().in_file(path);
                    diagnostic.line = diagnostic.line.map(|l| l + line - 1);
                    ItemReport {
                        name: String::new(),
                        path: path.to_string(),
                        line,
                        item: None,
                        status: if skipped.is_error { "error" } else { "skipped" },
                        reason: Some(skipped.reason),
                        stories: Vec::new(),
                        findings: Vec::new(),
                        diagnostics: if skipped.is_error {
                            vec![diagnostic]
                        } else {
                            Vec::new()
                        },
                    }
                }
            })
            .collect()
    }

    fn check_source(&mut self, source: Source, line: usize) -> ItemReport {
        let rules = self.checker.rules();
        let mut report = ItemReport {
            name: source.name.clone(),
            path: source.display_path(),
            line,
            item: source.item.clone(),
            status: "checked",
            reason: None,
            stories: Vec::new(),
            findings: Vec::new(),
            diagnostics: Vec::new(),
        };
        let stories: Vec<usize> = rules
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.scope.check_source(&source).is_ok())
            .map(|(i, _)| i)
            .collect();
        if stories.is_empty() {
            report.status = "skipped";
            report.reason = Some("out of scope for every story".to_string());
            return report;
        }
        let Some(story_ids) = stories
            .iter()
            .map(|&i| rules.stories.get(i).map(|s| s.id.clone()))
            .collect::<Option<Vec<String>>>()
        else {
            return report;
        };
        report.stories = story_ids.clone();

        // A version older than one in the table is late news: skip it.
        for id in &story_ids {
            if let Some(stale) = self.newer_in_table(id, &source) {
                report.status = "skipped";
                report.reason = Some(format!(
                    "{} of this item is already in the fact table",
                    stale.version_label()
                ));
                return report;
            }
        }

        for (&story_index, id) in stories.iter().zip(&story_ids) {
            let table = self.state.stories.remove(id).unwrap_or_default();
            let (previous, mut others): (Vec<StoredItem>, Vec<StoredItem>) = table
                .into_iter()
                .partition(|stored| same_item(stored, &source));
            // Earlier versions leave the table, but not the text that other
            // records read as: it passes on before the comparison, so that
            // their values are compared with this version's.
            for old in &previous {
                hand_over(&mut others, old);
            }
            let (findings, values) = self.check_against(id, story_index, &source, &others, line);
            report.findings.extend(findings);
            let record = self.record(&source, story_index, &values, line);
            if let (Some(old), Some(new)) = (previous.last(), record.as_ref()) {
                report.findings.extend(changes(id, old, new, &source));
            }
            // The new record keeps its paragraphs only when no record that
            // keeps text reads as it does.
            let mut table = others;
            if let Some(mut new) = record {
                if table
                    .iter()
                    .any(|t| !t.paragraphs.is_empty() && reads_as(t, &new))
                {
                    new.paragraphs.clear();
                }
                table.push(new);
            }
            self.state.stories.insert(id.clone(), table);
            self.changed = true;
        }
        report
    }

    /// The identity of a newer version of `source`'s item in story `id`'s table.
    fn newer_in_table(&self, id: &str, source: &Source) -> Option<ItemIdentity> {
        let item = source.item.as_ref()?;
        self.state.stories.get(id)?.iter().find_map(|stored| {
            let other = stored.item.as_ref().filter(|o| o.id == item.id)?;
            (compare_versions(item, other) == std::cmp::Ordering::Less).then(|| other.clone())
        })
    }

    /// The source's record for story `story_index`, from `values`: its value
    /// for each slot, as the check compared them.
    fn record(
        &self,
        source: &Source,
        story_index: usize,
        values: &[Fill],
        line: usize,
    ) -> Option<StoredItem> {
        let story = self.checker.rules().stories.get(story_index)?;
        let mut slots = BTreeMap::new();
        let mut paragraphs: Vec<std::ops::Range<usize>> = Vec::new();
        for fill in values {
            let Some(slot) = story.slots.get(fill.slot) else {
                continue;
            };
            let located = locate(source, fill);
            slots.insert(
                slot.id.clone(),
                StoredValue {
                    value: located.value,
                    text: located.text,
                    sentence: located.sentence.to_string(),
                    line: located.line + line - 1,
                    column: located.column,
                    end_line: located.end_line + line - 1,
                    end_column: located.end_column,
                    hedge: located.hedge,
                },
            );
            if let Some(p) = source.paragraph_containing(fill.span.start) {
                if !paragraphs.contains(&p) {
                    paragraphs.push(p);
                }
            }
        }
        // The paragraphs that put the item in the story's scope, so that
        // the kept text is still in scope when read again.
        let text_of = |ranges: &[std::ops::Range<usize>]| -> Vec<String> {
            let mut sorted = ranges.to_vec();
            sorted.sort_by_key(|r| r.start);
            sorted
                .iter()
                .map(|r| source.original_slice(r.clone()).replace(['\n', '\r'], " "))
                .collect()
        };
        for p in source.paragraphs() {
            let kept = text_of(&paragraphs);
            if story.scope.check(kept.iter().map(String::as_str)).is_ok() {
                break;
            }
            let text = source.text.get(p.clone()).unwrap_or("");
            let mentions = story
                .scope
                .any
                .iter()
                .chain(&story.scope.all)
                .any(|(_, re)| re.is_match(text));
            if mentions && !paragraphs.contains(p) {
                paragraphs.push(p.clone());
            }
        }
        Some(StoredItem {
            name: source.name.clone(),
            path: source.display_path(),
            item: source.item.clone(),
            date: source.date.map(|(d, _)| d.to_string()),
            language: source.metadata.language.clone(),
            slots,
            paragraphs: text_of(&paragraphs),
        })
    }

    /// The findings of `source` against the stored items of story `id`
    /// (number `story_index`), and the source's value for each of the story's
    /// slots, as that one check compared them.
    fn check_against(
        &self,
        id: &str,
        story_index: usize,
        source: &Source,
        stored: &[StoredItem],
        line: usize,
    ) -> (Vec<Finding>, Vec<Fill>) {
        let options = self.checker.load_options();
        let mut inputs: Vec<Input> = stored
            .iter()
            .filter(|s| !s.paragraphs.is_empty())
            .map(|s| {
                // Read again in its language, from the sentences on.
                let mut kept = Source::from_text_in(
                    Some(s.name.clone()),
                    Some(PathBuf::from(&s.path)),
                    s.paragraphs.join("\n\n"),
                    s.language.clone(),
                    &options,
                );
                kept.name.clone_from(&s.name);
                kept.item = None;
                kept.date = s
                    .date
                    .as_deref()
                    .and_then(|d| d.parse().ok())
                    .map(|d| (d, DateOrigin::Metadata));
                Input::Loaded(kept)
            })
            .collect();
        let mut new = source.clone();
        new.item = None;
        // Every input is loaded, and the check numbers sources in input
        // order: the new source is the last.
        let values = Values {
            source: inputs.len(),
            story: story_index,
            fills: Mutex::new(Vec::new()),
        };
        inputs.push(Input::Loaded(new));
        let report = self
            .checker
            .check_observed(inputs, self.checker.fallback_date(), &values);
        let mut values = values.fills.into_inner().unwrap_or_default();
        values.sort_by_key(|f| f.slot);
        let involves = |f: &Finding| {
            f.values.iter().any(|v| is_new(v, source)) || f.missing_from.contains(&source.name)
        };
        let findings = report
            .findings
            .into_iter()
            .filter(|f| f.story == id && involves(f))
            .map(|mut f| {
                for v in &mut f.values {
                    if is_new(v, source) {
                        v.line += line - 1;
                        v.end_line += line - 1;
                    } else if let Some(kept) = stored
                        .iter()
                        .find(|s| s.name == v.source && s.path == v.path)
                        .and_then(|s| s.slots.get(&f.slot))
                    {
                        // As the item said it: text taken over from another
                        // item reads the same value from other words.
                        v.text.clone_from(&kept.text);
                        v.sentence = kept.sentence.as_str().into();
                        v.highlight = kept
                            .sentence
                            .find(&kept.text)
                            .map_or(0..0, |at| at..at + kept.text.len());
                        v.line = kept.line;
                        v.column = kept.column;
                        v.end_line = kept.end_line.max(kept.line);
                        v.end_column = kept.end_column;
                    }
                }
                f
            })
            .collect();
        (findings, values)
    }
}

/// Keeps the new source's value for each slot of one story, as comparison
/// tells it ([`Gate::check_against`]).
struct Values {
    source: usize,
    story: usize,
    fills: Mutex<Vec<Fill>>,
}

impl CompareObserver for Values {
    fn value_chosen(&self, story: usize, _slot: usize, fill: &Fill) {
        if story == self.story && fill.source == self.source {
            if let Ok(mut fills) = self.fills.lock() {
                fills.push(fill.clone());
            }
        }
    }
}

impl Observer for Values {
    type Source = Quiet;

    fn source(&self) -> Option<Quiet> {
        None
    }
}

/// Whether a located value is the new source's.
fn is_new(v: &Located, source: &Source) -> bool {
    v.source == source.name && v.path == source.display_path()
}

/// Whether reading `a`'s kept text gives `b`'s values: the same value for
/// every slot, read with the same publication date and language (relative
/// dates and number words depend on them).
fn reads_as(a: &StoredItem, b: &StoredItem) -> bool {
    a.date == b.date
        && a.language == b.language
        && a.slots.len() == b.slots.len()
        && a.slots
            .iter()
            .all(|(slot, v)| b.slots.get(slot).is_some_and(|w| w.value == v.value))
}

/// `old` leaves `table`: if it kept text that records without text of their
/// own read as (and no other record keeps), the first of them takes it over.
fn hand_over(table: &mut [StoredItem], old: &StoredItem) {
    if old.paragraphs.is_empty()
        || table
            .iter()
            .any(|t| !t.paragraphs.is_empty() && reads_as(t, old))
    {
        return;
    }
    if let Some(heir) = table
        .iter_mut()
        .find(|t| t.paragraphs.is_empty() && reads_as(old, t))
    {
        heir.paragraphs.clone_from(&old.paragraphs);
    }
}

/// Whether a stored item is a version of the source's item (or, without
/// identities, the same source by name and path).
fn same_item(stored: &StoredItem, source: &Source) -> bool {
    match (&stored.item, &source.item) {
        (Some(a), Some(b)) => a.id == b.id,
        (None, None) => stored.name == source.name && stored.path == source.display_path(),
        _ => false,
    }
}

/// `changed` findings between an item's stored version and its new record.
fn changes(story: &str, old: &StoredItem, new: &StoredItem, source: &Source) -> Vec<Finding> {
    let label = |s: &StoredItem| {
        s.item
            .as_ref()
            .map_or_else(|| "an unversioned copy".to_string(), |i| i.version_label())
    };
    let (old_label, new_label) = (label(old), label(new));
    let mut slots: Vec<&String> = old.slots.keys().chain(new.slots.keys()).collect();
    slots.sort();
    slots.dedup();
    let located = |s: &StoredItem, slot: &str| {
        s.slots.get(slot).map(|v| Located {
            source: s.name.clone(),
            path: s.path.clone(),
            value: v.value.clone(),
            hedge: v.hedge,
            text: v.text.clone(),
            line: v.line,
            column: v.column,
            end_line: v.end_line.max(v.line),
            end_column: v.end_column,
            sentence: v.sentence.as_str().into(),
            speaker: None,
            cue: None,
            highlight: 0..0,
        })
    };
    slots
        .into_iter()
        .filter_map(|slot| {
            changed(
                story,
                slot,
                &source.name,
                (&old_label, &new_label),
                located(old, slot),
                located(new, slot),
            )
        })
        .collect()
}

/// Reads the next item from a stream: one line for ninjs (JSON Lines), or,
/// when the item starts with `<`, the lines up to one that ends with the
/// closing tag of the document's root element (a NewsML-G2 `newsItem` or
/// `newsMessage`). Blank
/// lines between items are skipped; a JSON line comes without its line break. `line` is the 1-based number of the next
/// line to read and moves past the item; the item's first line number comes
/// back with its bytes. An item longer than `max` bytes comes back cut at
/// `max + 1` bytes (so that loading refuses it as too large), its rest skipped.
pub fn next_item(
    reader: &mut impl std::io::BufRead,
    line: &mut usize,
    max: u64,
) -> std::io::Result<Option<(Vec<u8>, usize)>> {
    let mut item: Vec<u8> = Vec::new();
    let mut first = 0;
    let mut xml = false;
    // The root element's name as written, once its start tag is read.
    let mut root: Option<String> = None;
    let mut finder = RootFinder::default();
    loop {
        let mut buf = Vec::new();
        let room = max.saturating_add(1).saturating_sub(item.len() as u64);
        let n = std::io::BufRead::read_until(
            &mut std::io::Read::take(&mut *reader, room.max(1)),
            b'\n',
            &mut buf,
        )?;
        if n == 0 {
            return Ok((!item.is_empty()).then_some((item, first)));
        }
        let ended = buf.last() == Some(&b'\n');
        if !ended && item.len() + buf.len() > usize::try_from(max).unwrap_or(usize::MAX) {
            // Too long: keep max + 1 bytes and skip to the end of the line.
            item.extend_from_slice(&buf);
            skip_line(reader)?;
            *line += 1;
            return Ok(Some((item, first.max(1))));
        }
        *line += usize::from(ended);
        let text = String::from_utf8_lossy(&buf);
        let trimmed = text.trim();
        if item.is_empty() {
            if trimmed.is_empty() {
                continue;
            }
            first = *line - usize::from(ended);
            xml = trimmed.starts_with('<');
        }
        item.extend_from_slice(&buf);
        if xml && root.is_none() {
            root = finder.feed(&buf);
        }
        // The root closes: a `newsMessage` runs on past its items' ends.
        let done = !xml || root.as_deref().is_some_and(|r| closes(trimmed, r));
        if done {
            if !xml {
                // A JSON line ends at its last character, not after it: an
                // error at its end is then on its own line.
                while item.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                    item.pop();
                }
            }
            return Ok(Some((item, first)));
        }
    }
}

/// Finds the name of an XML document's first element, past the
/// declaration, comments and a doctype, from its bytes fed line by line:
/// each byte is looked at once, however long the prolog.
#[derive(Debug, Default)]
struct RootFinder {
    state: Prolog,
    name: Vec<u8>,
    /// The last three bytes, for the end of a skipped construct.
    last: [u8; 3],
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Prolog {
    #[default]
    Outside,
    /// Just after `<`.
    Open,
    /// After `<!` and this many `-`.
    Bang(u8),
    /// Inside a construct that ends with these bytes (`?>`, `-->`, `>`).
    Skip(&'static [u8]),
    /// Reading the element's name.
    Name,
    Found,
}

impl RootFinder {
    /// Reads `bytes`; the root's name once its start tag names it.
    fn feed(&mut self, bytes: &[u8]) -> Option<String> {
        for &b in bytes {
            if self.state == Prolog::Found {
                break;
            }
            self.last = [self.last[1], self.last[2], b];
            self.state = match self.state {
                Prolog::Outside if b == b'<' => Prolog::Open,
                Prolog::Outside => Prolog::Outside,
                Prolog::Open => match b {
                    b'?' => Prolog::Skip(b"?>"),
                    b'!' => Prolog::Bang(0),
                    b'>' | b'/' => Prolog::Outside,
                    _ if b.is_ascii_whitespace() => Prolog::Outside,
                    _ => {
                        self.name.push(b);
                        Prolog::Name
                    }
                },
                Prolog::Bang(n) if b == b'-' && n < 2 => Prolog::Bang(n + 1),
                Prolog::Bang(2) if b == b'>' && self.last == *b"-->" => Prolog::Outside,
                Prolog::Bang(2) => Prolog::Skip(b"-->"),
                Prolog::Bang(_) if b == b'>' => Prolog::Outside,
                Prolog::Bang(_) => Prolog::Skip(b">"),
                Prolog::Skip(end) if self.last.ends_with(end) => Prolog::Outside,
                Prolog::Skip(end) => Prolog::Skip(end),
                Prolog::Name if b.is_ascii_whitespace() || b == b'>' || b == b'/' => Prolog::Found,
                Prolog::Name => {
                    self.name.push(b);
                    Prolog::Name
                }
                Prolog::Found => Prolog::Found,
            };
        }
        (self.state == Prolog::Found).then(|| String::from_utf8_lossy(&self.name).into_owned())
    }
}

/// Whether a trimmed line ends with the closing tag of `root` (white space
/// allowed before its `>`).
fn closes(line: &str, root: &str) -> bool {
    line.strip_suffix('>')
        .map(str::trim_end)
        .and_then(|l| l.strip_suffix(root))
        .is_some_and(|l| l.ends_with("</"))
}

fn skip_line(reader: &mut impl std::io::BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::compare::FindingKind;
    use crate::rules::RuleSet;
    use crate::source::LoadOptions;

    const BRIDGE: &str = "story: alder-bridge\nscope:\n  any: [Alder Harbour bridge]\nslots:\n  - id: closure-days\n    kind: count\n    patterns: [\"closed for {number} days\"]\n";

    fn bridge_checker() -> Checker {
        let story = crate::rules::parse_story(BRIDGE, "r.yaml").unwrap();
        Checker::new(RuleSet {
            stories: vec![story],
        })
        .jobs(1)
    }

    /// A ninjs item of outlet `outlet` (its item `urn:<outlet>:1`).
    fn item(outlet: usize, version: usize, days: usize) -> Vec<u8> {
        format!(
            "{{\"uri\":\"urn:{outlet}:1\",\"version\":\"{version}\",\"copyrightholder\":\"O{outlet}\",\"body_text\":\"The Alder Harbour bridge will be closed for {days} days.\"}}"
        )
        .into_bytes()
    }

    /// The values of the conflicts among `findings`.
    fn conflicting(findings: &[Finding]) -> BTreeSet<String> {
        findings
            .iter()
            .filter(|f| f.kind == FindingKind::Conflict)
            .flat_map(|f| f.values.iter().map(|v| v.value.clone()))
            .collect()
    }

    /// Every record keeps text or reads as one that does.
    fn every_record_is_read(state: &State) -> bool {
        state.stories.values().all(|table| {
            table.iter().all(|t| {
                !t.paragraphs.is_empty()
                    || table
                        .iter()
                        .any(|w| !w.paragraphs.is_empty() && reads_as(w, t))
            })
        })
    }

    /// Outlets, each with one to three versions (a value each), and an order
    /// of arrival of all the versions.
    fn arrivals() -> impl Strategy<Value = (Vec<Vec<usize>>, Vec<(usize, usize)>)> {
        proptest::collection::vec(
            proptest::collection::vec(prop_oneof![Just(11), Just(12), Just(14)], 1..=3),
            2..=5,
        )
        .prop_flat_map(|outlets| {
            let all: Vec<(usize, usize)> = outlets
                .iter()
                .enumerate()
                .flat_map(|(o, versions)| (0..versions.len()).map(move |v| (o, v)))
                .collect();
            (Just(outlets), Just(all).prop_shuffle())
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Once the newest version of every item is in, the last of them is
        /// answered with the conflicts of the batch check of those versions,
        /// whatever the order of arrival and replacement.
        #[test]
        fn the_last_newest_version_is_answered_as_the_batch_check_answers(
            (outlets, order) in arrivals()
        ) {
            let checker = bridge_checker();
            let mut gate = Gate::new(&checker, State::default());
            let newest = |o: usize, v: usize| outlets.get(o).is_some_and(|vs| vs.len() == v + 1);
            let last_newest = order.iter().rposition(|&(o, v)| newest(o, v)).unwrap();
            let mut last_answer = Vec::new();
            let mut any_conflict = false;
            for (i, &(o, v)) in order.iter().enumerate() {
                let reports = gate.check(item(o, v + 1, outlets[o][v]), Some(Format::Ninjs), "<stdin>", i + 1);
                prop_assert_eq!(reports.len(), 1);
                any_conflict |= !conflicting(&reports[0].findings).is_empty();
                if i == last_newest {
                    last_answer = reports[0].findings.clone();
                }
                prop_assert!(every_record_is_read(gate.state()), "{:?}", gate.state());
            }
            let batch = checker.check(
                outlets
                    .iter()
                    .enumerate()
                    .flat_map(|(o, vs)| load_document(
                        None,
                        None,
                        item(o, vs.len(), *vs.last().unwrap()),
                        Some(Format::Ninjs),
                        &LoadOptions::default(),
                    ))
                    .collect(),
            );
            let batch_conflicts = conflicting(&batch.findings);
            prop_assert_eq!(conflicting(&last_answer), batch_conflicts.clone());
            // The gate fails whenever the batch check of the newest fails.
            prop_assert!(any_conflict || batch_conflicts.is_empty());
            // The table holds the newest version of each item, and text for
            // each of their values.
            let table = gate.state().stories.get("alder-bridge").unwrap();
            let mut held: Vec<String> = table
                .iter()
                .filter_map(|t| t.slots.get("closure-days").map(|v| v.value.clone()))
                .collect();
            held.sort();
            let mut want: Vec<String> = outlets.iter().map(|vs| vs.last().unwrap().to_string()).collect();
            want.sort();
            prop_assert_eq!(held, want);
        }
    }

    /// Every item of `input` with the line it starts on.
    fn items(input: &str) -> Vec<(String, usize)> {
        let mut reader = std::io::BufReader::new(input.as_bytes());
        let mut line = 1;
        let mut got = Vec::new();
        while let Some((bytes, at)) = next_item(&mut reader, &mut line, 1000).unwrap() {
            got.push((String::from_utf8(bytes).unwrap(), at));
        }
        got
    }

    #[test]
    fn items_are_lines_or_newsml_documents() {
        let input = "\n{\"a\":1}\n\n<?xml version=\"1.0\"?>\n<newsItem guid=\"x\">\n<p/>\n</newsItem>\n{\"b\":2}";
        let got = items(input);
        assert_eq!(
            got,
            vec![
                ("{\"a\":1}".to_string(), 2),
                (
                    "<?xml version=\"1.0\"?>\n<newsItem guid=\"x\">\n<p/>\n</newsItem>\n"
                        .to_string(),
                    4
                ),
                ("{\"b\":2}".to_string(), 8),
            ]
        );
    }

    #[test]
    fn a_newsml_document_ends_where_its_root_element_closes() {
        let message = "<?xml version=\"1.0\"?>\n<!-- a <comment> -->\n<g2:newsMessage xmlns:g2=\"x\">\n <itemSet>\n  <g2:newsItem guid=\"a\">\n  </g2:newsItem>\n  <g2:newsItem guid=\"b\"/>\n </itemSet>\n</g2:newsMessage >\n";
        let input = format!("{message}<newsItem guid=\"c\">\n</newsItem>\n{{\"b\":2}}\n");
        let got = items(&input);
        assert_eq!(
            got,
            vec![
                (message.to_string(), 1),
                ("<newsItem guid=\"c\">\n</newsItem>\n".to_string(), 10),
                ("{\"b\":2}".to_string(), 12),
            ]
        );
        let root = |parts: &[&str]| {
            let mut finder = RootFinder::default();
            parts
                .iter()
                .map(|p| finder.feed(p.as_bytes()))
                .collect::<Vec<_>>()
        };
        let named = |n: &str| Some(n.to_string());
        assert_eq!(
            root(&["<?xml ?>\n", "<news", "Item>"]),
            vec![None, None, named("newsItem")]
        );
        assert_eq!(
            root(&["<!---->", "<!DOCTYPE x>", "<!-- <a> --", "-><b/>"]),
            vec![None, None, None, named("b")]
        );
        assert!(closes("</x:newsItem>", "x:newsItem"));
        assert!(!closes("</x:newsItem>", "newsItem"));
        assert!(!closes("<newsItem>", "newsItem"));
    }

    #[test]
    fn state_files_round_trip_atomically_and_bad_ones_are_errors() {
        let dir = std::env::temp_dir().join(format!("crosswire-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let empty = State::load(&path).unwrap();
        assert_eq!(empty.version, STATE_VERSION);
        assert!(empty.stories.is_empty());
        let mut state = empty.clone();
        state.stories.insert(
            "s".to_string(),
            vec![StoredItem {
                name: "AP:x".to_string(),
                path: "<stdin>".to_string(),
                item: None,
                date: Some("2025-03-03".to_string()),
                language: Some("de".to_string()),
                slots: BTreeMap::new(),
                paragraphs: vec!["Kim said so.".to_string()],
            }],
        );
        state.save(&path).unwrap();
        state.save(&path).unwrap();
        assert_eq!(State::load(&path).unwrap(), state);
        // Only the state file is left: the temporary file was renamed over it.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);

        std::fs::write(&path, "{\"version\": 1, \"stories\": [").unwrap();
        let e = State::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("state.json:1:") && e.contains("not a crosswire state file"),
            "{e}"
        );
        std::fs::write(&path, "{\"version\": 9, \"stories\": {}}").unwrap();
        let e = State::load(&path).unwrap_err().to_string();
        assert!(
            e.ends_with("state file version 9 (this crosswire reads version 1)"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn long_items_are_cut_and_skipped() {
        let input = format!("{}\n{{\"b\":2}}\n", "x".repeat(50));
        let mut reader = std::io::BufReader::with_capacity(8, input.as_bytes());
        let mut line = 1;
        let (first, at) = next_item(&mut reader, &mut line, 10).unwrap().unwrap();
        assert_eq!((first.len(), at), (11, 1));
        let (second, at) = next_item(&mut reader, &mut line, 10).unwrap().unwrap();
        assert_eq!(
            (String::from_utf8(second).unwrap(), at),
            ("{\"b\":2}".to_string(), 2)
        );
    }
}
