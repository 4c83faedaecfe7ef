//! A regex searched only from a known start: the placeholders' shared
//! regexes and the words after a split pattern's value
//! (`pattern/split.rs`), and the exact forms that confirm a boilerplate line
//! (`source/boilerplate.rs`, whose regexes start at the line's start).
//!
//! The general engine (`regex_automata::meta`) compiles a second, reversed
//! automaton so that its lazy DFA can find where an unanchored match starts,
//! and tries a one-pass DFA and a backtracker as well: for `{number}` (about
//! 10,000 NFA states) that is 20 ms of a process's start, against 7 ms for
//! the forward automaton alone. A search from a known start needs none of
//! that: a forward lazy DFA finds where the match ends, and when it gives up
//! (a Unicode word boundary next to a non-ASCII letter, or a cache that
//! thrashes) the bounded backtracker or, on a text too long for it, the
//! PikeVM on the same automaton does.

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::backtrack::{BoundedBacktracker, Cache as BtCache};
use regex_automata::nfa::thompson::pikevm::{Cache as VmCache, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};
use std::sync::OnceLock;

/// One search's scratch space, one per engine; the fallbacks' made when
/// first needed (the PikeVM's for `{quantity}`'s 20,000 states is about a
/// megabyte, made and cleared for nothing when the DFA answers, as it
/// nearly always does).
type Caches = (DfaCache, Option<BtCache>, Option<VmCache>);
/// Makes one search's scratch space (a pool hands one to each thread).
type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync>;
/// Makes the scratch space of the DFA that reports every match.
type MakeDfaCache = Box<dyn Fn() -> DfaCache + Send + Sync>;

/// A regex matched only from a given start, the way an anchored search of
/// a `meta::Regex` built from the same text matches (leftmost-first).
pub(crate) struct AnchoredRegex {
    dfa: DFA,
    backtracker: BoundedBacktracker,
    vm: PikeVM,
    caches: Pool<Caches, MakeCaches>,
    /// A forward lazy DFA on the same automaton that reports every match,
    /// not only the preferred one (see [`AnchoredRegex::spans`]); built on
    /// first use, `None` if it could not be.
    every_match: OnceLock<Option<(DFA, Pool<DfaCache, MakeDfaCache>)>>,
}

impl Clone for AnchoredRegex {
    fn clone(&self) -> Self {
        // The engines share their automaton; the scratch space is new.
        AnchoredRegex::from_engines(self.dfa.clone(), self.backtracker.clone(), self.vm.clone())
    }
}

impl std::fmt::Debug for AnchoredRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnchoredRegex").finish_non_exhaustive()
    }
}

impl AnchoredRegex {
    /// Compiles `pattern`, its automaton held within `size_limit` bytes.
    pub(crate) fn new(pattern: &str, size_limit: usize) -> Result<Self, String> {
        let nfa = Self::compiler(size_limit)
            .build(pattern)
            .map_err(|e| e.to_string())?;
        Self::from_nfa(nfa)
    }

    /// [`AnchoredRegex::new`] for a parsed regex.
    pub(crate) fn from_hir(
        hir: &regex_syntax::hir::Hir,
        size_limit: usize,
    ) -> Result<Self, String> {
        Self::from_nfa(Self::nfa_from_hir(hir, size_limit)?)
    }

    /// The automaton [`AnchoredRegex::from_hir`] searches.
    pub(crate) fn nfa_from_hir(
        hir: &regex_syntax::hir::Hir,
        size_limit: usize,
    ) -> Result<NFA, String> {
        Self::compiler(size_limit)
            .build_from_hir(hir)
            .map_err(|e| e.to_string())
    }

    fn compiler(size_limit: usize) -> thompson::Compiler {
        let mut compiler = NFA::compiler();
        compiler.configure(
            thompson::Config::new()
                .nfa_size_limit(Some(size_limit))
                // The PikeVM reports where a match ends from group 0.
                .which_captures(WhichCaptures::Implicit),
        );
        compiler
    }

    /// An anchored regex searching `nfa`, an automaton compiled as
    /// [`AnchoredRegex::nfa_from_hir`] compiles one (read back from a table,
    /// `text/nfa_table.rs`).
    pub(crate) fn from_nfa(nfa: NFA) -> Result<Self, String> {
        let dfa = DFA::builder()
            .configure(DFA::config().unicode_word_boundary(true))
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let backtracker =
            BoundedBacktracker::new_from_nfa(nfa.clone()).map_err(|e| e.to_string())?;
        let vm = PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
        Ok(AnchoredRegex::from_engines(dfa, backtracker, vm))
    }

    fn from_engines(dfa: DFA, backtracker: BoundedBacktracker, vm: PikeVM) -> Self {
        let engines = (dfa.clone(), backtracker.clone(), vm.clone());
        let make: MakeCaches = Box::new(move || (engines.0.create_cache(), None, None));
        AnchoredRegex {
            dfa,
            backtracker,
            vm,
            caches: Pool::new(make),
            every_match: OnceLock::new(),
        }
    }

    /// Whether some match that starts at `start` ends at `end`, in `text`
    /// read as if it ended there: what the same regex followed by `$`
    /// matches in `text[..end]`, without compiling that regex (for
    /// `{number}`, 10 ms). `None` when the lazy DFA gives up (a Unicode
    /// word boundary next to a non-ASCII letter); the caller asks the `$`
    /// regex then.
    pub(crate) fn spans(&self, text: &str, start: usize, end: usize) -> Option<bool> {
        let head = text.get(..end)?;
        if start > end {
            return Some(false);
        }
        let (dfa, caches) = self
            .every_match
            .get_or_init(|| {
                let dfa = every_match_dfa(self.dfa.get_nfa().clone()).ok()?;
                let engine = dfa.clone();
                let make: MakeDfaCache = Box::new(move || engine.create_cache());
                Some((dfa, Pool::new(make)))
            })
            .as_ref()?;
        let input = Input::new(head).range(start..).anchored(Anchored::Yes);
        // Every match is reported, so the last one the search sees is the
        // longest: it reaches `end` exactly when some match does.
        let found = dfa.try_search_fwd(&mut caches.get(), &input).ok()?;
        Some(found.is_some_and(|m| m.offset() == end))
    }

    /// Where the match that starts at `start` in `text` ends, if one does.
    pub(crate) fn end_at(&self, text: &str, start: usize) -> Option<usize> {
        if start > text.len() {
            return None;
        }
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        let mut caches = self.caches.get();
        let (dfa_cache, bt_cache, vm_cache) = &mut *caches;
        if let Ok(found) = self.dfa.try_search_fwd(dfa_cache, &input) {
            return found.map(|m| m.offset());
        }
        // The backtracker is the faster of the two, on a short enough text.
        let bt_cache = bt_cache.get_or_insert_with(|| self.backtracker.create_cache());
        match self.backtracker.try_find(bt_cache, input.clone()) {
            Ok(found) => found.map(|m| m.end()),
            Err(_) => {
                let vm_cache = vm_cache.get_or_insert_with(|| self.vm.create_cache());
                self.vm.find(vm_cache, input).map(|m| m.end())
            }
        }
    }
}

/// A forward or reverse lazy DFA on `nfa` that reports every match, not
/// only the preferred one, and gives up at a Unicode word boundary beside a
/// non-ASCII letter: what [`AnchoredRegex::spans`], [`AnchoredSet`] and
/// [`EndAnchored`] search with.
fn every_match_dfa(nfa: NFA) -> Result<DFA, String> {
    DFA::builder()
        .configure(
            DFA::config()
                .unicode_word_boundary(true)
                .match_kind(MatchKind::All),
        )
        .build_from_nfa(nfa)
        .map_err(|e| e.to_string())
}

/// Makes the scratch space of an [`AnchoredSet`]'s two engines.
type MakeSetCaches = Box<dyn Fn() -> (DfaCache, Option<VmCache>) + Send + Sync>;

/// Several regexes matched from a text's start, each for whether it
/// matches there, the way a `meta::Regex` of them with every match reported
/// (`MatchKind::All`) tells by an anchored search: a forward lazy DFA, with
/// the PikeVM on the same automaton where it gives up. Built from an
/// automaton read back from a table (`text/nfa_table.rs`), so that nothing
/// is compiled: boilerplate's relaxed line forms.
pub(crate) struct AnchoredSet {
    dfa: DFA,
    vm: PikeVM,
    /// The PikeVM's made when first needed, as [`AnchoredRegex`]'s.
    caches: Pool<(DfaCache, Option<VmCache>), MakeSetCaches>,
}

impl AnchoredSet {
    /// Searches `nfa`, an automaton of one or more patterns.
    pub(crate) fn from_nfa(nfa: NFA) -> Result<Self, String> {
        let dfa = every_match_dfa(nfa.clone())?;
        let vm = PikeVM::builder()
            .configure(PikeVM::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let engine = dfa.clone();
        let make: MakeSetCaches = Box::new(move || (engine.create_cache(), None));
        Ok(AnchoredSet {
            dfa,
            vm,
            caches: Pool::new(make),
        })
    }

    /// Whether some pattern matches `text` from its start.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).anchored(Anchored::Yes).earliest(true);
        let mut caches = self.caches.get();
        let (dfa_cache, vm_cache) = &mut *caches;
        match self.dfa.try_search_fwd(dfa_cache, &input) {
            Ok(found) => found.is_some(),
            Err(_) => {
                let vm_cache = vm_cache.get_or_insert_with(|| self.vm.create_cache());
                self.vm.is_match(vm_cache, input)
            }
        }
    }

    /// The patterns that match `text` from its start.
    pub(crate) fn which(&self, text: &str) -> PatternSet {
        let input = Input::new(text).anchored(Anchored::Yes);
        let mut caches = self.caches.get();
        let (dfa_cache, vm_cache) = &mut *caches;
        let mut matched = PatternSet::new(self.dfa.pattern_len());
        if self
            .dfa
            .try_which_overlapping_matches(dfa_cache, &input, &mut matched)
            .is_err()
        {
            // What the DFA found before it gave up is found again.
            let vm_cache = vm_cache.get_or_insert_with(|| self.vm.create_cache());
            self.vm
                .which_overlapping_matches(vm_cache, &input, &mut matched);
        }
        matched
    }
}

/// Regexes that end where the text ends (`…$`), matched from the text's
/// end by a reverse lazy DFA, as the general engine matches such a regex:
/// boilerplate's image captions, which may start anywhere in a line, built
/// from a reversed automaton read back from a table (`text/nfa_table.rs`).
pub(crate) struct EndAnchored {
    dfa: DFA,
    caches: Pool<DfaCache, MakeDfaCache>,
}

impl EndAnchored {
    /// Searches `nfa`, a reversed automaton of one or more patterns.
    pub(crate) fn from_reverse_nfa(nfa: NFA) -> Result<Self, String> {
        if !nfa.is_reverse() {
            return Err("not a reversed automaton".into());
        }
        let dfa = every_match_dfa(nfa)?;
        let engine = dfa.clone();
        let make: MakeDfaCache = Box::new(move || engine.create_cache());
        Ok(EndAnchored {
            dfa,
            caches: Pool::new(make),
        })
    }

    /// Whether some pattern matches a stretch of `text` that ends where it
    /// ends; `None` when the DFA gives up (a Unicode word boundary beside a
    /// non-ASCII letter), and the caller asks the general engine.
    pub(crate) fn is_match(&self, text: &str) -> Option<bool> {
        let input = Input::new(text).anchored(Anchored::Yes).earliest(true);
        self.dfa
            .try_search_rev(&mut self.caches.get(), &input)
            .ok()
            .map(|found| found.is_some())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;

    /// Word boundaries, case folding, alternatives of different lengths and
    /// an end anchor, as the placeholders' regexes have.
    const PATTERNS: &[&str] = &[
        r"(?i)(?:\b(?:about|some)\s+)?\d+(?:[.,]\d+)?\b(?:\s+(?:million|thousand)\b)?",
        r"(?i)(?:\bthe\s+)?\w+(?:\s+\w+){0,2}",
        r"(?i)(?:\d+|twenty|twenty-one|one)$",
        r"(?i)[\s'']+\bjobs\b",
        r"a|ab|abc",
        r"",
    ];

    const PIECES: &[&str] = &[
        "about", "some", " ", "  ", "12", "2.5", ",", "million", "thousand", "jobs", "JOBS", "the",
        "é", "ü", "Straße", "twenty", "-one", "'", "x", "\n", "ab", "c", "ſ",
    ];

    proptest! {
        #[test]
        fn matches_end_where_the_meta_engine_says(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12),
            start in 0usize..40,
        ) {
            let text = pieces.concat();
            let start = (0..=start.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            for pattern in PATTERNS {
                let anchored = AnchoredRegex::new(pattern, 1 << 24).unwrap();
                let meta = Regex::new(pattern).unwrap();
                let expected = meta
                    .search(&Input::new(&text).range(start..).anchored(Anchored::Yes))
                    .map(|m| m.end());
                prop_assert_eq!(anchored.end_at(&text, start), expected, "{} in {:?} from {}", pattern, text, start);
            }
        }
    }

    proptest! {
        /// `spans` says what the regex followed by `$` says of the text cut
        /// at the end asked about, whenever its DFA answers.
        #[test]
        fn spans_as_the_end_anchored_regex_matches(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12),
            start in 0usize..40,
            end in 0usize..60,
        ) {
            let text = pieces.concat();
            let boundary = |at: usize| (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let (start, end) = (boundary(start), boundary(end));
            for pattern in PATTERNS.iter().filter(|p| !p.ends_with('$')) {
                let anchored = AnchoredRegex::new(pattern, 1 << 24).unwrap();
                let full = Regex::new(&format!("(?:{pattern})$")).unwrap();
                let expected = start <= end
                    && full
                        .search(&Input::new(&text[..end]).range(start..).anchored(Anchored::Yes))
                        .is_some();
                if let Some(spans) = anchored.spans(&text, start, end) {
                    prop_assert_eq!(spans, expected, "{} in {:?} from {} to {}", pattern, text, start, end);
                }
            }
        }
    }

    #[test]
    fn spans_finds_a_shorter_match_than_the_preferred_one() {
        // The preferred match of `a|ab|abc` at 0 is "a"; "ab" and "abc" end
        // later, and nothing ends at 4.
        let anchored = AnchoredRegex::new("a|ab|abc", 1 << 20).unwrap();
        assert_eq!(anchored.end_at("abcd", 0), Some(1));
        let ends: Vec<usize> = (0..=4)
            .filter(|&end| anchored.spans("abcd", 0, end) == Some(true))
            .collect();
        assert_eq!(ends, vec![1, 2, 3]);
        // A word boundary next to a non-ASCII letter: the DFA gives up.
        let bounded = AnchoredRegex::new(r"\bcaf\b", 1 << 20).unwrap();
        assert_eq!(bounded.spans("écaf", 2, 5), None);
        assert_eq!(bounded.spans("é caf", 3, 6), Some(true));
        // The text is read as if it ended at `end`.
        assert_eq!(bounded.spans("cafe", 0, 3), Some(true));
    }

    /// `patterns`' automaton as the table holds such automata: forward with
    /// each pattern's implicit group, or reversed without groups.
    fn nfa_of(patterns: &[&str], reverse: bool) -> NFA {
        let groups = if reverse {
            WhichCaptures::None
        } else {
            WhichCaptures::Implicit
        };
        NFA::compiler()
            .configure(
                thompson::Config::new()
                    .reverse(reverse)
                    .which_captures(groups),
            )
            .build_many(patterns)
            .unwrap()
    }

    proptest! {
        /// A set tells which of its patterns match from the text's start as
        /// the general engine does, whether its DFA answers or gives up (a
        /// word boundary beside a non-ASCII letter).
        #[test]
        fn a_set_matches_where_the_meta_engine_says(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12),
        ) {
            let text = pieces.concat();
            let patterns = [
                r"(?i)^(?:about|some)\s+\d+$",
                r"(?i)^\w+(?:\s+\w+){0,2}$",
                r"(?i)^the\b.*",
                r"^a|ab|abc",
                r"(?i)^(?:\d+|twenty|twenty-one|one)\b",
            ];
            let set = AnchoredSet::from_nfa(nfa_of(&patterns, false)).unwrap();
            let meta = Regex::builder()
                .configure(Regex::config().match_kind(MatchKind::All))
                .build_many(&patterns)
                .unwrap();
            let input = Input::new(&text).anchored(Anchored::Yes);
            let mut expected = PatternSet::new(meta.pattern_len());
            meta.which_overlapping_matches(&input, &mut expected);
            prop_assert_eq!(&set.which(&text), &expected, "{:?}", text);
            prop_assert_eq!(set.is_match(&text), meta.is_match(input), "{:?}", text);
        }
    }

    proptest! {
        /// Regexes ending in `$`, matched from the text's end, match where
        /// the general engine says, whenever the DFA answers.
        #[test]
        fn end_anchored_regexes_match_where_the_meta_engine_says(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12),
        ) {
            let text = pieces.concat();
            let patterns = [
                r"(?i)\b(?:jobs|million)\s?[^!?:]{0,5}[^.!?:\s]$",
                r"(?i)\b\w+$",
                r"(?i)(?:twenty|one)-?one$",
                r"ab?c?$",
            ];
            for pattern in patterns {
                let end = EndAnchored::from_reverse_nfa(nfa_of(&[pattern], true)).unwrap();
                let meta = Regex::new(pattern).unwrap();
                if let Some(found) = end.is_match(&text) {
                    prop_assert_eq!(found, meta.is_match(&text), "{} in {:?}", pattern, text);
                }
            }
            let many = nfa_of(&patterns, true);
            let meta = Regex::new_many(&patterns).unwrap();
            if let Some(found) = EndAnchored::from_reverse_nfa(many).unwrap().is_match(&text) {
                prop_assert_eq!(found, meta.is_match(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn a_start_past_the_end_finds_nothing() {
        let anchored = AnchoredRegex::new("a*", 1 << 20).unwrap();
        assert_eq!(anchored.end_at("aa", 3), None);
        assert_eq!(anchored.end_at("aa", 2), Some(2));
        assert_eq!(anchored.end_at("aab", 0), Some(2));
    }

    #[test]
    fn unicode_word_boundaries_next_to_non_ascii_letters_fall_back() {
        // The lazy DFA gives up at the "é"; the PikeVM decides.
        let anchored = AnchoredRegex::new(r"\bcaf\b", 1 << 20).unwrap();
        assert_eq!(anchored.end_at("café", 0), None);
        assert_eq!(anchored.end_at("caf é", 0), Some(3));
    }

    #[test]
    fn a_too_large_pattern_is_an_error() {
        assert!(AnchoredRegex::new(r"\w{1000}", 1000).is_err());
    }
}
