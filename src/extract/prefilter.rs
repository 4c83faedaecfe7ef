//! The prefilter: which sentences can a pattern match at all?
//!
//! Every prose pattern has an anchor, a literal word all its matches contain.
//! One Aho-Corasick automaton per story holds the anchors of all its patterns;
//! one scan of a source finds every anchor occurrence, and each pattern's regex
//! then runs only on the sentences holding its anchor. The cost of a check so
//! grows with the text, not with text × patterns. Patterns without an anchor
//! (`regex:` patterns, patterns of placeholders only) run on every sentence.
//!
//! A story with few anchors is scanned differently, for speed: the text is
//! lowercased (ASCII only, so offsets stay) and searched case-sensitively for
//! the longest anchor starting at each place with a SIMD multi-literal
//! searcher (Teddy, `aho_corasick::packed`); an anchor that is a prefix of
//! the one found there is found there too. Both scans give every occurrence
//! of every anchor.
//!
//! A pattern's other literal words must be in the sentence too: a sentence
//! holding the anchor but not every other word is not searched.
//! With many patterns sharing a common anchor ("officials said {name} …"),
//! most sentences are so settled by a substring search instead of a regex.

use aho_corasick::{packed, AhoCorasick, AhoCorasickBuilder, MatchKind, Span};

use std::cell::OnceCell;

use crate::kinds::Kind;
use crate::pattern::Placeholder;
use crate::rules::Story;
use crate::source::{Sentence, Source};

/// At most this many anchors are searched in lowercased text (see the module
/// docs): the SIMD prefilter gives many false starts with more, and the
/// overlapping scan of the original text is faster then.
const FEW_ANCHORS: usize = 16;

/// How a story's anchors are searched.
#[derive(Debug)]
enum Scan {
    /// Every occurrence, overlapping, ASCII case folded by the automaton.
    Overlapping(AhoCorasick),
    /// The longest anchor at each place of the lowercased text; `prefixes`
    /// lists, for each anchor, the other anchors that are prefixes of it.
    /// The packed searcher directly, not an automaton with it as prefilter:
    /// the automaton keeps it only when the anchors have three distinct
    /// first bytes and three rare bytes, and otherwise skips ahead on one or
    /// two "rare" bytes, which in prose (a `k`, a `q`) stop it every few
    /// bytes (four anchors on 1,000 files: 151 M instructions, against
    /// 11 M for the packed searcher).
    Longest {
        searcher: packed::Searcher,
        prefixes: Vec<Vec<usize>>,
    },
}

/// The anchors of every story in one automaton: a source is scanned once
/// however many stories apply to it (a library of a thousand one-slot
/// stories scanned each source a thousand times).
#[derive(Debug)]
pub struct Scanner {
    automaton: Option<Scan>,
    anchor_count: usize,
}

/// A story's patterns and their anchors in the [`Scanner`].
#[derive(Debug)]
pub struct Prefilter {
    /// For each slot, for each pattern: the anchor's index in the automaton.
    anchors: Vec<Vec<Option<usize>>>,
    /// For each slot, for each pattern: its other literal words (lowercase
    /// ASCII, longest first), each of which a sentence must hold too. Empty for `{quote}`
    /// patterns, whose match may run on past the sentence.
    other_words: Vec<Vec<Vec<String>>>,
    /// The anchors of this story, each with the slots that have a pattern
    /// anchored by it.
    slots_by_anchor: Vec<(usize, Vec<usize>)>,
    /// Slots every source must visit: a pattern without an anchor, or a
    /// `quote` slot (which reads the source's quotes whatever its patterns).
    always: Vec<usize>,
}

/// The result of scanning one source: for each anchor, the sentences holding it.
#[derive(Debug)]
pub struct Candidates {
    by_anchor: Vec<Vec<usize>>,
    /// Whether other words may be looked for, once asked: not when the text
    /// has a character that case-folds to an ASCII letter (the Kelvin sign,
    /// the long s), which a pattern's word matches but lowercasing keeps.
    words_settle: OnceCell<bool>,
}

/// The scanner of `stories`' anchors and each story's prefilter, in order.
pub fn build(stories: &[Story]) -> (Scanner, Vec<Prefilter>) {
    build_with_few(stories, FEW_ANCHORS)
}

/// [`build`], scanning lowercased text for at most `few` anchors.
fn build_with_few(stories: &[Story], few: usize) -> (Scanner, Vec<Prefilter>) {
    let mut words: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let anchors: Vec<Vec<Vec<Option<usize>>>> = stories
        .iter()
        .map(|story| {
            story
                .slots
                .iter()
                .map(|slot| {
                    slot.patterns
                        .iter()
                        .map(|p| {
                            let word = p.anchor.as_ref()?;
                            Some(*index.entry(word.clone()).or_insert_with(|| {
                                words.push(word.clone());
                                words.len() - 1
                            }))
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let automaton = scan_for(&words, few);
    let prefilters = stories
        .iter()
        .zip(anchors)
        .map(|(story, anchors)| Prefilter::new(story, anchors, automaton.is_some()))
        .collect();
    let scanner = Scanner {
        automaton,
        anchor_count: words.len(),
    };
    (scanner, prefilters)
}

/// How `words` are searched; `None` when no automaton can be built (or
/// there are no words).
fn scan_for(words: &[String], few: usize) -> Option<Scan> {
    if words.is_empty() {
        None
    } else if words.len() <= few {
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let prefixes = lower
            .iter()
            .enumerate()
            .map(|(i, long)| {
                (0..lower.len())
                    .filter(|&j| {
                        j != i
                            && lower
                                .get(j)
                                .is_some_and(|short| long.starts_with(short.as_str()))
                    })
                    .collect()
            })
            .collect();
        packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(&lower)
            .build()
            .map(|searcher| Scan::Longest { searcher, prefixes })
    } else {
        // A DFA whatever the number of anchors: left to choose, the
        // builder takes a slower NFA above about a hundred (995 anchors
        // on 1,000 files: 306 against 134 million instructions, a few MB
        // more). Its choice stands only if a DFA is too large to build.
        let overlapping = |kind| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .kind(kind)
                .match_kind(MatchKind::Standard)
                .build(words)
                .ok()
        };
        overlapping(Some(aho_corasick::AhoCorasickKind::DFA))
            .or_else(|| overlapping(None))
            .map(Scan::Overlapping)
    }
}

impl Scanner {
    /// Scan a source once for all anchors.
    pub fn candidates(&self, source: &Source) -> Candidates {
        let mut by_anchor: Vec<Vec<usize>> = vec![Vec::new(); self.anchor_count];
        // Anchor `anchor` occurs at byte `at`: note its sentence, if any.
        let mut found = |anchor: usize, at: usize| {
            let Some(list) = by_anchor.get_mut(anchor) else {
                return;
            };
            let sentence = source.sentences.partition_point(|s| s.end <= at);
            if source
                .sentences
                .get(sentence)
                .is_some_and(|s| s.start <= at)
                && list.last() != Some(&sentence)
            {
                list.push(sentence);
            }
        };
        match &self.automaton {
            None => {}
            Some(Scan::Overlapping(ac)) => {
                for m in ac.find_overlapping_iter(source.text.as_str()) {
                    found(m.pattern().as_usize(), m.start());
                }
            }
            Some(Scan::Longest { searcher, prefixes }) => {
                let lower = source.text.to_ascii_lowercase();
                let mut from = 0;
                // From one byte past each match's start, so that an anchor
                // overlapping the one found is found as well.
                while let Some(m) = searcher.find_in(&lower, Span::from(from..lower.len())) {
                    let anchor = m.pattern().as_usize();
                    found(anchor, m.start());
                    for &shorter in prefixes.get(anchor).map_or(&[][..], Vec::as_slice) {
                        found(shorter, m.start());
                    }
                    from = m.start() + 1;
                }
            }
        }
        Candidates {
            by_anchor,
            words_settle: OnceCell::new(),
        }
    }
}

impl Prefilter {
    /// A story's prefilter, its patterns' anchors given as indexes in the
    /// scanner; `scanned` is false when the scanner has no automaton.
    fn new(story: &Story, anchors: Vec<Vec<Option<usize>>>, scanned: bool) -> Self {
        // Without an automaton (it failed to build), every pattern runs everywhere.
        let anchors = if scanned {
            anchors
        } else {
            anchors.iter().map(|s| vec![None; s.len()]).collect()
        };
        let other_words = story
            .slots
            .iter()
            .map(|slot| {
                slot.patterns
                    .iter()
                    .map(|p| match p.placeholder {
                        Some(Placeholder::Quote) => Vec::new(),
                        _ => {
                            // Longest first: a sentence that lacks one most
                            // likely lacks a long word ("Pellnorrick", not
                            // "the"), and the search stops at the first word
                            // missing.
                            let mut words = p.other_words();
                            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
                            words
                        }
                    })
                    .collect()
            })
            .collect();
        let mut slots_by_anchor: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut always = Vec::new();
        for (slot_index, (slot, patterns)) in story.slots.iter().zip(&anchors).enumerate() {
            if slot.kind == Kind::Quote || patterns.iter().any(Option::is_none) {
                always.push(slot_index);
            }
            for &anchor in patterns.iter().flatten() {
                match slots_by_anchor.iter_mut().find(|(a, _)| *a == anchor) {
                    Some((_, list)) => {
                        if list.last() != Some(&slot_index) {
                            list.push(slot_index);
                        }
                    }
                    None => slots_by_anchor.push((anchor, vec![slot_index])),
                }
            }
        }
        Prefilter {
            anchors,
            other_words,
            slots_by_anchor,
            always,
        }
    }

    /// The slots that can take a value from the source `candidates` came
    /// from, in slot order: those with an anchor found in it, and those every
    /// source visits. With a thousand slots of which a source mentions a few,
    /// the rest cost nothing.
    pub fn live_slots(&self, candidates: &Candidates) -> Vec<usize> {
        let mut live = self.always.clone();
        for (anchor, slots) in &self.slots_by_anchor {
            if candidates
                .by_anchor
                .get(*anchor)
                .is_some_and(|l| !l.is_empty())
            {
                live.extend_from_slice(slots);
            }
        }
        live.sort_unstable();
        live.dedup();
        live
    }

    /// The sentences a pattern must be tried on, in document order.
    pub fn sentences(
        &self,
        candidates: &Candidates,
        source: &Source,
        slot: usize,
        pattern: usize,
    ) -> Vec<Sentence> {
        match self
            .anchors
            .get(slot)
            .and_then(|p| p.get(pattern))
            .copied()
            .flatten()
        {
            Some(anchor) => candidates
                .by_anchor
                .get(anchor)
                .map(|list| {
                    list.iter()
                        .filter_map(|&i| source.sentences.get(i).copied())
                        .collect()
                })
                .unwrap_or_default(),
            None => source.sentences.clone(),
        }
    }

    /// Whether `sentence`, one of [`Prefilter::sentences`], holds every
    /// other literal word of the pattern: one that does not cannot match
    /// it, and is not searched (explain still lists it as tried).
    pub fn holds_other_words(
        &self,
        candidates: &Candidates,
        source: &Source,
        slot: usize,
        pattern: usize,
        sentence: &Sentence,
    ) -> bool {
        let Some(words) = self
            .other_words
            .get(slot)
            .and_then(|p| p.get(pattern))
            .filter(|words| !words.is_empty())
        else {
            return true;
        };
        let settles = *candidates.words_settle.get_or_init(|| {
            ["\u{212A}", "\u{17F}"]
                .iter()
                .all(|c| memchr::memmem::find(source.text.as_bytes(), c.as_bytes()).is_none())
        });
        if !settles {
            return true;
        }
        let text = source.sentence_text(*sentence).as_bytes();
        words
            .iter()
            .all(|w| contains_ignoring_ascii_case(text, w.as_bytes()))
    }
}

/// Whether `text` holds `lower` (lowercase ASCII) in any ASCII case: each
/// place holding its first letter in either case is compared. No copy of
/// the text: a lowercased copy of a 60 MB source held during extraction
/// was 60 MB more at the peak.
fn contains_ignoring_ascii_case(text: &[u8], lower: &[u8]) -> bool {
    let Some(&first) = lower.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), text).any(|at| {
        text.get(at..at + lower.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(lower))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::LoadOptions;
    use proptest::prelude::*;

    /// Anchors that overlap, contain and prefix one another.
    const YAML: &str = "story: s\nslots:\n  - id: a\n    kind: count\n    patterns: [\"{number} jobs\", \"{number} job\", \"{number} obs\", \"{number} bsx\", \"{number} sjo\"]\n  - id: b\n    kind: count\n    patterns: [\"{number} jobsjob\", {regex: '(?P<value>[0-9]+) Jobs'}]\n";

    const PIECES: &[&str] = &[
        "job", "jobs", "JOBS", "Job", "obs", "bs", "x", "sjob", " ", ". ", "! A ", "\n\n",
        "\u{2019}", "é", "J",
    ];

    /// The scanner and prefilter of one story.
    fn one(story: &Story) -> (Scanner, Prefilter) {
        let (scanner, mut prefilters) = build(std::slice::from_ref(story));
        (scanner, prefilters.remove(0))
    }

    fn story() -> Story {
        crate::rules::parse_story(YAML, "r.yaml").unwrap()
    }

    proptest! {
        #[test]
        fn both_scans_find_the_same_sentences(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40),
        ) {
            let text = pieces.concat();
            let source = Source::from_text(None, None, text.clone(), &LoadOptions::default());
            let story = story();
            let (longest, _) = build_with_few(std::slice::from_ref(&story), usize::MAX);
            let (overlapping, _) = build_with_few(std::slice::from_ref(&story), 0);
            let kinds = (&longest.automaton, &overlapping.automaton);
            let both = matches!(kinds, (Some(Scan::Longest { .. }), Some(Scan::Overlapping(_))));
            prop_assert!(both);
            prop_assert_eq!(
                longest.candidates(&source).by_anchor,
                overlapping.candidates(&source).by_anchor,
                "in {:?}", text
            );
        }
    }

    /// Patterns with several literal words, one of them common; `regex:`
    /// patterns with several required literals (one case-sensitive, one
    /// beside a `(?i)` group, which gives none).
    const WORDS_YAML: &str = "story: s\nslots:\n  - id: a\n    kind: count\n    patterns: [\"officials said {number} dead\", \"said ... {number} in Kyiv\", \"U.S. officials said {number}\"]\n  - id: b\n    kind: phrase\n    patterns: [\"officials said {quote} in Kyiv\"]\n  - id: c\n    kind: count\n    patterns: [{regex: 'officials said (?P<value>\\d+) (?:dead|hurt)? ?in Kyiv'}, {regex: '(?-i)U\\.S\\. officials (?i:said) (?P<value>\\d+)'}, {regex: 'said\\s+(?P<value>\\d+)\\s+dead'}]\n";

    const WORD_PIECES: &[&str] = &[
        "officials ",
        "Officials ",
        "said ",
        "SAID ",
        "12 ",
        "dead",
        "dead. ",
        "in ",
        "Kyiv",
        "\"no\" ",
        "U.S. ",
        "u.s. ",
        ". ",
        "\n\n",
        "\u{212A}yiv",
        "\u{17F}aid ",
        "x ",
        "said 12 dead ",
        "U.S. officials said 7 ",
        "officials said 5 in Kyiv",
    ];

    proptest! {
        /// A sentence left out for lack of a pattern's other words is one
        /// the pattern does not match.
        #[test]
        fn other_words_leave_out_only_sentences_the_pattern_cannot_match(
            pieces in prop::collection::vec(prop::sample::select(WORD_PIECES), 0..30),
        ) {
            let text = pieces.concat();
            let source = Source::from_text(None, None, text.clone(), &LoadOptions::default());
            let story = crate::rules::parse_story(WORDS_YAML, "r.yaml").unwrap();
            let (scanner, prefilter) = one(&story);
            let candidates = scanner.candidates(&source);
            for (slot_index, slot) in story.slots.iter().enumerate() {
                for (pattern_index, pattern) in slot.patterns.iter().enumerate() {
                    let given: Vec<Sentence> = prefilter
                        .sentences(&candidates, &source, slot_index, pattern_index)
                        .into_iter()
                        .filter(|s| {
                            prefilter.holds_other_words(&candidates, &source, slot_index, pattern_index, s)
                        })
                        .collect();
                    for sentence in &source.sentences {
                        let sentence_text = &source.text[sentence.start..sentence.end];
                        let anchored = pattern
                            .anchor
                            .as_ref()
                            .is_some_and(|a| sentence_text.to_ascii_lowercase().contains(a.as_str()));
                        if anchored && !pattern.matches(sentence_text).is_empty() {
                            prop_assert!(
                                given.contains(sentence),
                                "{} left out {:?}", pattern.source, sentence_text
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_sentence_without_a_patterns_other_words_is_not_given_to_it() {
        let story = crate::rules::parse_story(WORDS_YAML, "r.yaml").unwrap();
        let (scanner, prefilter) = one(&story);
        let sentences = |text: &str, slot, pattern| {
            let source = Source::from_text(None, None, text.to_string(), &LoadOptions::default());
            let candidates = scanner.candidates(&source);
            prefilter
                .sentences(&candidates, &source, slot, pattern)
                .iter()
                .filter(|s| prefilter.holds_other_words(&candidates, &source, slot, pattern, s))
                .map(|s| source.text[s.start..s.end].to_string())
                .collect::<Vec<_>>()
        };
        let text = "Officials said 12 dead. The officials said little. He said 3 in KYIV.";
        assert_eq!(sentences(text, 0, 0), vec!["Officials said 12 dead."]);
        assert_eq!(sentences(text, 0, 1), vec!["He said 3 in KYIV."]);
        assert!(sentences(text, 0, 2).is_empty());
        // A quotation may run past its sentence: only the anchor counts.
        assert_eq!(sentences(text, 1, 0).len(), 2);
        // The long s matches `s`: with one in the text, every sentence
        // holding the anchor is given.
        let long_s = "Officials \u{17F}aid 4 dead. Officials spoke.";
        assert_eq!(sentences(long_s, 0, 0).len(), 2);
        // A `regex:` pattern's other required literals count as words.
        let text = "Officials said 5 in Kyiv. Officials said 5 in Lviv. Officials said 6.";
        assert_eq!(sentences(text, 2, 0), vec!["Officials said 5 in Kyiv."]);
        let text = "Officials reported 7 dead. The officials SAID 8 dead. He said 9 hurt.";
        assert_eq!(sentences(text, 2, 2), vec!["The officials SAID 8 dead."]);
    }

    #[test]
    fn one_scan_serves_every_story() {
        let a = crate::rules::parse_story("story: a\nslots:\n  - id: d\n    kind: count\n    patterns: [\"{number} dead\"]\n  - id: m\n    kind: count\n    patterns: [\"{number} missing\"]\n", "a.yaml").unwrap();
        let b = crate::rules::parse_story("story: b\nslots:\n  - id: h\n    kind: count\n    patterns: [\"{number} hurt\"]\n  - id: d\n    kind: count\n    patterns: [\"{number} dead\"]\n", "b.yaml").unwrap();
        let (scanner, prefilters) = build(&[a, b]);
        assert_eq!(scanner.anchor_count, 3);
        let source = Source::from_text(
            None,
            None,
            "3 hurt. 4 dead.".to_string(),
            &LoadOptions::default(),
        );
        let candidates = scanner.candidates(&source);
        assert_eq!(prefilters[0].live_slots(&candidates), vec![0]);
        assert_eq!(prefilters[1].live_slots(&candidates), vec![0, 1]);
        let texts = |story: usize, slot| {
            prefilters[story]
                .sentences(&candidates, &source, slot, 0)
                .iter()
                .map(|s| source.sentence_text(*s).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(1, 0), vec!["3 hurt."]);
        assert_eq!(texts(0, 0), vec!["4 dead."]);
        assert_eq!(texts(1, 1), vec!["4 dead."]);
        assert!(texts(0, 1).is_empty());
    }

    #[test]
    fn an_anchor_inside_or_across_another_is_found() {
        let source = Source::from_text(
            None,
            None,
            "One sjobsjob here. Then jobsx there.".to_string(),
            &LoadOptions::default(),
        );
        let story = story();
        let (scanner, prefilter) = one(&story);
        let candidates = scanner.candidates(&source);
        let sentences = |slot, pattern| {
            prefilter
                .sentences(&candidates, &source, slot, pattern)
                .len()
        };
        // jobs, job, obs: both sentences; bsx: the second; sjo: the first.
        assert_eq!(sentences(0, 0), 2);
        assert_eq!(sentences(0, 1), 2);
        assert_eq!(sentences(0, 2), 2);
        assert_eq!(sentences(0, 3), 1);
        assert_eq!(sentences(0, 4), 1);
        assert_eq!(sentences(1, 0), 1);
        assert_eq!(story.slots[1].patterns[1].anchor.as_deref(), Some(" jobs"));
        assert_eq!(sentences(1, 1), 1);
    }
}
