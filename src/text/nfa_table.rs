//! A regex automaton (a Thompson NFA) written as a table of its states, and
//! read back.
//!
//! Some automata every run needs are large and fixed: a placeholder's
//! regex (`{number}` is about 10,000 states) is parsed and compiled in
//! milliseconds, at the start of every process that reads one. The same
//! states read from a table generated ahead take a tenth of that. A table
//! names each automaton by a key and the fingerprint of the regex it was
//! compiled from: a regex whose text has changed since is not found, and
//! its caller compiles it as before (a unit test beside each table says
//! when one is stale). Reading checks every state, so a damaged table
//! reads as absent, never as a panic.
//!
//! Layout: a header ([`MAGIC`]), then entries, each a key, the 16-byte
//! fingerprint and a body; a body is the automaton's flags, its start
//! states and its states, each state a tag and its fields, numbers as
//! LEB128 and state ids relative to the state that names them.

use regex_automata::nfa::thompson::{Builder, Transition, NFA};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::StateID;
use sha2::{Digest, Sha256};

/// The first bytes of a table; a new layout takes a new number.
pub(crate) const MAGIC: &[u8] = b"crosswire nfa table 2\n";

/// The fingerprint of the regex an automaton was compiled from: its text
/// and the compiler settings it was compiled with, as the caller words them.
pub(crate) fn fingerprint(regex: &str, settings: &str) -> [u8; 16] {
    let digest = Sha256::new()
        .chain_update(settings.as_bytes())
        .chain_update([0])
        .chain_update(regex.as_bytes())
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// A table of automata being written (by the tests that keep each table
/// fresh).
#[cfg(test)]
pub(crate) struct TableWriter {
    bytes: Vec<u8>,
}

#[cfg(test)]
impl TableWriter {
    pub(crate) fn new() -> Self {
        TableWriter {
            bytes: MAGIC.to_vec(),
        }
    }

    /// Adds `nfa` under `key`, compiled from the regex `fingerprint` names.
    /// `None` (nothing added) for an automaton the table cannot hold: one
    /// with groups other than each pattern's implicit one, or a look-around
    /// matcher other than the default.
    pub(crate) fn add(&mut self, key: &str, fingerprint: [u8; 16], nfa: &NFA) -> Option<()> {
        self.add_bytes(key, fingerprint, &encode(nfa)?)
    }

    /// Adds `body`, what was derived from the regexes `fingerprint` names
    /// besides their automata (read back by [`lookup_bytes`]).
    pub(crate) fn add_bytes(
        &mut self,
        key: &str,
        fingerprint: [u8; 16],
        body: &[u8],
    ) -> Option<()> {
        put(&mut self.bytes, u32::try_from(key.len()).ok()?);
        self.bytes.extend_from_slice(key.as_bytes());
        self.bytes.extend_from_slice(&fingerprint);
        put(&mut self.bytes, u32::try_from(body.len()).ok()?);
        self.bytes.extend_from_slice(body);
        Some(())
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Asserts that `committed` (a table the crate includes, at `path` from the
/// crate's root) is `written` (the same table written now), after writing
/// `written` there when `CROSSWIRE_WRITE_TABLES` is set: each table's unit
/// test keeps it fresh this way.
#[cfg(test)]
pub(crate) fn assert_fresh(committed: &[u8], written: &[u8], path: &str) {
    if std::env::var_os("CROSSWIRE_WRITE_TABLES").is_some() {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if let Err(e) = std::fs::write(&full, written) {
            panic!("cannot write {path}: {e}");
        }
    }
    assert!(
        committed == written,
        "{path} is stale: run CROSSWIRE_WRITE_TABLES=1 cargo test --lib prebuilt"
    );
}

/// The automaton stored under `key` in `table`, if it is there, was
/// compiled from the regex `fingerprint` names and reads back whole.
pub(crate) fn lookup(table: &[u8], key: &str, fingerprint: [u8; 16]) -> Option<NFA> {
    let (print, body) = entry(table, key)?;
    (print == fingerprint).then(|| decode(body)).flatten()
}

/// The bytes stored under `key` by [`TableWriter::add_bytes`], if they were
/// derived from the regexes `fingerprint` names.
pub(crate) fn lookup_bytes<'t>(
    table: &'t [u8],
    key: &str,
    fingerprint: [u8; 16],
) -> Option<&'t [u8]> {
    let (print, body) = entry(table, key)?;
    (print == fingerprint).then_some(body)
}

/// Whether `table` holds an automaton under `key` compiled from the regex
/// `fingerprint` names (without reading it back).
pub(crate) fn holds(table: &[u8], key: &str, fingerprint: [u8; 16]) -> bool {
    entry(table, key).is_some_and(|(print, _)| print == fingerprint)
}

/// The fingerprint and body stored under `key`.
fn entry<'t>(table: &'t [u8], key: &str) -> Option<(&'t [u8], &'t [u8])> {
    let mut reader = Reader {
        bytes: table.strip_prefix(MAGIC)?,
    };
    while !reader.bytes.is_empty() {
        let key_len = usize::try_from(reader.number()?).ok()?;
        let entry_key = reader.take(key_len)?;
        let entry_print = reader.take(16)?;
        let body_len = usize::try_from(reader.number()?).ok()?;
        let body = reader.take(body_len)?;
        if entry_key == key.as_bytes() {
            return Some((entry_print, body));
        }
    }
    None
}

// State tags.
const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const CAPTURE_START: u8 = 3;
const CAPTURE_END: u8 = 4;
const UNION: u8 = 5;
const FAIL: u8 = 6;
const MATCH: u8 = 7;

#[cfg(test)]
fn encode(nfa: &NFA) -> Option<Vec<u8>> {
    use regex_automata::nfa::thompson::State;
    let default_look = regex_automata::util::look::LookMatcher::new();
    let unnamed = nfa
        .group_info()
        .all_names()
        .all(|(_, _, name)| name.is_none());
    if !unnamed || format!("{:?}", nfa.look_matcher()) != format!("{default_look:?}") {
        return None;
    }
    let mut out = Vec::new();
    out.push(u8::from(nfa.is_utf8()) | (u8::from(nfa.is_reverse()) << 1));
    put(&mut out, u32::try_from(nfa.states().len()).ok()?);
    put(&mut out, nfa.start_anchored().as_u32());
    put(&mut out, nfa.start_unanchored().as_u32());
    put(&mut out, u32::try_from(nfa.pattern_len()).ok()?);
    for pattern in nfa.patterns() {
        put(&mut out, nfa.start_pattern(pattern)?.as_u32());
    }
    for (index, state) in nfa.states().iter().enumerate() {
        let here = i64::try_from(index).ok()?;
        let id = |out: &mut Vec<u8>, id: StateID| put_relative(out, here, id);
        match state {
            State::ByteRange { trans } => {
                out.push(BYTE_RANGE);
                out.extend_from_slice(&[trans.start, trans.end]);
                id(&mut out, trans.next);
            }
            State::Sparse(sparse) => {
                out.push(SPARSE);
                put(&mut out, u32::try_from(sparse.transitions.len()).ok()?);
                for trans in sparse.transitions.iter() {
                    out.extend_from_slice(&[trans.start, trans.end]);
                    id(&mut out, trans.next);
                }
            }
            State::Look { look, next } => {
                out.push(LOOK);
                put(&mut out, look.as_repr());
                id(&mut out, *next);
            }
            State::Capture {
                next,
                pattern_id,
                group_index,
                slot,
            } => {
                // Only the implicit group of each pattern: any other
                // would need its name.
                if group_index.as_u32() != 0 {
                    return None;
                }
                out.push(if slot.as_usize() % 2 == 0 {
                    CAPTURE_START
                } else {
                    CAPTURE_END
                });
                put(&mut out, pattern_id.as_u32());
                id(&mut out, *next);
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(UNION);
                put(&mut out, 2);
                id(&mut out, *alt1);
                id(&mut out, *alt2);
            }
            State::Union { alternates } => {
                out.push(UNION);
                put(&mut out, u32::try_from(alternates.len()).ok()?);
                for alt in alternates.iter() {
                    id(&mut out, *alt);
                }
            }
            State::Fail => out.push(FAIL),
            State::Match { pattern_id } => {
                out.push(MATCH);
                put(&mut out, pattern_id.as_u32());
            }
            // The compiler never writes dense states.
            State::Dense(_) => return None,
        }
    }
    Some(out)
}

/// Reads a body back through the public builder, which lays the states out
/// as it received them: the compiler's automaton has no empty states left,
/// so each state keeps its id. Every id, look-around, pattern and group is
/// checked first, since the builder would panic on a wrong one.
fn decode(body: &[u8]) -> Option<NFA> {
    let mut reader = Reader { bytes: body };
    let flags = reader.byte()?;
    let count = reader.number()?;
    let state = |id: u32| {
        (id < count)
            .then(|| StateID::new(id as usize).ok())
            .flatten()
    };
    let start_anchored = state(reader.number()?)?;
    let start_unanchored = state(reader.number()?)?;
    let pattern_count = reader.number()?;
    (usize::try_from(pattern_count).ok()? <= reader.bytes.len()).then_some(())?;
    let pattern_starts = (0..pattern_count)
        .map(|_| state(reader.number()?))
        .collect::<Option<Vec<_>>>()?;
    let mut builder = Builder::new();
    builder.set_utf8(flags & 1 != 0);
    builder.set_reverse(flags & 2 != 0);
    // The compiler adds each pattern's states (its group and its match
    // among them) between starting and finishing it, one pattern after
    // another; states between patterns belong to none.
    let mut patterns = Patterns {
        starts: &pattern_starts,
        current: None,
        next: 0,
        group_started: vec![false; pattern_starts.len()],
        group_ended: vec![false; pattern_starts.len()],
    };
    for index in 0..count {
        let here = i64::from(index);
        let next = |reader: &mut Reader| state(reader.relative(here)?);
        match reader.byte()? {
            BYTE_RANGE => {
                let (start, end) = (reader.byte()?, reader.byte()?);
                let trans = Transition {
                    start,
                    end,
                    next: next(&mut reader)?,
                };
                (start <= end).then_some(())?;
                builder.add_range(trans).ok()?;
            }
            SPARSE => {
                let len = reader.number()?;
                // Each transition takes three bytes at least.
                (usize::try_from(len).ok()? <= reader.bytes.len() / 3).then_some(())?;
                let mut transitions = Vec::with_capacity(len as usize);
                for _ in 0..len {
                    let (start, end) = (reader.byte()?, reader.byte()?);
                    (start <= end).then_some(())?;
                    transitions.push(Transition {
                        start,
                        end,
                        next: next(&mut reader)?,
                    });
                }
                builder.add_sparse(transitions).ok()?;
            }
            LOOK => {
                let look = Look::from_repr(reader.number()?)?;
                builder.add_look(next(&mut reader)?, look).ok()?;
            }
            tag @ (CAPTURE_START | CAPTURE_END) => {
                let pattern = patterns.enter(&mut builder, reader.number()?)?;
                let next = next(&mut reader)?;
                if tag == CAPTURE_START {
                    *patterns.group_started.get_mut(pattern)? = true;
                    builder.add_capture_start(next, 0, None).ok()?;
                } else {
                    *patterns.group_ended.get_mut(pattern)? = true;
                    builder.add_capture_end(next, 0).ok()?;
                }
            }
            UNION => {
                let len = reader.number()?;
                (usize::try_from(len).ok()? <= reader.bytes.len()).then_some(())?;
                let alternates = (0..len)
                    .map(|_| next(&mut reader))
                    .collect::<Option<Vec<_>>>()?;
                builder.add_union(alternates).ok()?;
            }
            FAIL => {
                builder.add_fail().ok()?;
            }
            MATCH => {
                patterns.enter(&mut builder, reader.number()?)?;
                builder.add_match().ok()?;
            }
            _ => return None,
        }
    }
    patterns.finish(&mut builder)?;
    // Every pattern was met, and a group's end with no start (which would
    // make the builder panic) is not.
    let groups_whole = patterns
        .group_started
        .iter()
        .zip(&patterns.group_ended)
        .all(|(&started, &ended)| started || !ended);
    (reader.bytes.is_empty() && patterns.met_all() && groups_whole).then_some(())?;
    builder.build(start_anchored, start_unanchored).ok()
}

/// The patterns a body's states are read into, in order.
struct Patterns<'s> {
    starts: &'s [StateID],
    /// The pattern being read, if one is.
    current: Option<usize>,
    /// The pattern to be read next.
    next: usize,
    group_started: Vec<bool>,
    group_ended: Vec<bool>,
}

impl Patterns<'_> {
    /// Makes pattern `id` the one being read: the current one or the next.
    /// Its index.
    fn enter(&mut self, builder: &mut Builder, id: u32) -> Option<usize> {
        let id = usize::try_from(id).ok()?;
        if self.current == Some(id) {
            return Some(id);
        }
        (id == self.next && id < self.starts.len()).then_some(())?;
        self.finish(builder)?;
        builder.start_pattern().ok()?;
        self.current = Some(id);
        self.next += 1;
        Some(id)
    }

    /// Finishes the pattern being read, if one is.
    fn finish(&mut self, builder: &mut Builder) -> Option<()> {
        if let Some(current) = self.current.take() {
            builder.finish_pattern(*self.starts.get(current)?).ok()?;
        }
        Some(())
    }

    /// Whether every pattern was read.
    fn met_all(&self) -> bool {
        self.current.is_none() && self.next == self.starts.len()
    }
}

/// LEB128.
#[cfg(test)]
fn put(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// A state id as its distance from the state naming it, zigzag-coded:
/// most transitions go to a state close by.
#[cfg(test)]
fn put_relative(out: &mut Vec<u8>, here: i64, id: StateID) {
    let delta = i64::from(id.as_u32()) - here;
    let zigzag = (delta << 1) ^ (delta >> 63);
    put(out, zigzag as u32);
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(first)
    }

    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(..len)?;
        self.bytes = self.bytes.get(len..)?;
        Some(taken)
    }

    fn number(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A state id written by [`put_relative`] from state `here`.
    fn relative(&mut self, here: i64) -> Option<u32> {
        let zigzag = i64::from(self.number()?);
        let delta = (zigzag >> 1) ^ -(zigzag & 1);
        u32::try_from(here + delta).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::nfa::thompson::{self, WhichCaptures};

    fn compiled(regex: &str) -> NFA {
        NFA::compiler()
            .configure(thompson::Config::new().which_captures(WhichCaptures::Implicit))
            .build(regex)
            .unwrap()
    }

    fn table_of(regex: &str) -> Vec<u8> {
        let mut writer = TableWriter::new();
        writer
            .add("k", fingerprint(regex, "test"), &compiled(regex))
            .unwrap();
        writer.finish()
    }

    /// Everything of an automaton a search reads.
    fn same(a: &NFA, b: &NFA) {
        assert_eq!(a.states(), b.states());
        assert_eq!(a.start_anchored(), b.start_anchored());
        assert_eq!(a.start_unanchored(), b.start_unanchored());
        assert_eq!(a.pattern_len(), b.pattern_len());
        for pattern in a.patterns() {
            assert_eq!(a.start_pattern(pattern), b.start_pattern(pattern));
        }
        assert_eq!(
            format!("{:?}", a.byte_classes()),
            format!("{:?}", b.byte_classes())
        );
        assert_eq!(a.look_set_any(), b.look_set_any());
        assert_eq!(a.look_set_prefix_any(), b.look_set_prefix_any());
        assert_eq!(a.is_utf8(), b.is_utf8());
        assert_eq!(a.is_reverse(), b.is_reverse());
        assert_eq!(a.has_capture(), b.has_capture());
        assert_eq!(a.has_empty(), b.has_empty());
        assert_eq!(a.is_always_start_anchored(), b.is_always_start_anchored());
        assert_eq!(a.group_info().slot_len(), b.group_info().slot_len());
        assert_eq!(a.memory_usage(), b.memory_usage());
    }

    #[test]
    fn an_automaton_reads_back_as_compiled() {
        for regex in [
            r"(?i)\b(?:one|two|three|[0-9]+(?:,[0-9]{3})*)\b",
            r"^(?:\d{1,3}[.)])?\s*caption: .*\(photo\)$",
            r"\p{Lu}\w+ (?:said|told)\B",
            r"a|b|c|d|(?:e)",
            r"(?m)^$",
            r"[^\n]*x{2,5}?",
            r"\z",
        ] {
            let nfa = compiled(regex);
            let read = lookup(&table_of(regex), "k", fingerprint(regex, "test")).unwrap();
            same(&nfa, &read);
        }
    }

    #[test]
    fn an_automaton_of_several_patterns_reads_back_as_compiled() {
        for (reverse, groups) in [
            (false, WhichCaptures::Implicit),
            (false, WhichCaptures::None),
            (true, WhichCaptures::None),
        ] {
            let patterns = [
                r"^(?:\d{1,3}[.)])?(?:menu|home)$",
                r"(?i)^share\b.*$",
                "x",
                r"\w+ said$",
            ];
            let nfa = NFA::compiler()
                .configure(
                    thompson::Config::new()
                        .reverse(reverse)
                        .which_captures(groups),
                )
                .build_many(&patterns)
                .unwrap();
            let mut writer = TableWriter::new();
            writer.add("set", fingerprint("set", "test"), &nfa).unwrap();
            let read = lookup(&writer.finish(), "set", fingerprint("set", "test")).unwrap();
            same(&nfa, &read);
        }
    }

    #[test]
    fn a_changed_regex_or_another_key_is_not_found() {
        let table = table_of("abc");
        assert!(lookup(&table, "k", fingerprint("abd", "test")).is_none());
        assert!(lookup(&table, "k", fingerprint("abc", "other settings")).is_none());
        assert!(lookup(&table, "j", fingerprint("abc", "test")).is_none());
        assert!(lookup(b"not a table", "k", fingerprint("abc", "test")).is_none());
    }

    #[test]
    fn several_entries_are_each_found() {
        let mut writer = TableWriter::new();
        for (key, regex) in [("a", "x+"), ("b", "(?i)y|z"), ("c", r"\bw\b")] {
            writer
                .add(key, fingerprint(regex, "s"), &compiled(regex))
                .unwrap();
        }
        let table = writer.finish();
        for (key, regex) in [("c", r"\bw\b"), ("a", "x+"), ("b", "(?i)y|z")] {
            same(
                &compiled(regex),
                &lookup(&table, key, fingerprint(regex, "s")).unwrap(),
            );
        }
    }

    #[test]
    fn what_the_table_cannot_hold_is_refused() {
        let named = compiled("(?P<value>x)");
        let explicit = NFA::compiler().build("(?P<value>x)").unwrap();
        assert!(TableWriter::new().add("k", [0; 16], &explicit).is_none());
        // With implicit groups only, a name in the regex is not kept.
        assert!(TableWriter::new().add("k", [0; 16], &named).is_some());
    }

    proptest::proptest! {
        /// A damaged table reads as absent or as some automaton, never as
        /// a panic.
        #[test]
        fn a_damaged_table_never_panics(
            flips in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 1..6),
            cut in 0usize..4096,
        ) {
            let regex = r"(?i)\b(?:one|two|[0-9]+)\s+(?:miles?|km)\b";
            let mut table = table_of(regex);
            for (at, byte) in flips {
                let len = table.len();
                table[at % len] = byte;
            }
            table.truncate(table.len().min(MAGIC.len() + cut));
            let _ = lookup(&table, "k", fingerprint(regex, "test"));
        }
    }
}
