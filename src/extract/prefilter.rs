//! The prefilter: which sentences can a pattern match at all?
//!
//! Every prose pattern has an anchor, a literal word all its matches contain.
//! One Aho-Corasick automaton per story holds the anchors of all its patterns;
//! one scan of a source finds every anchor occurrence, and each pattern's regex
//! then runs only on the sentences holding its anchor. The cost of a check so
//! grows with the text, not with text × patterns. Patterns without an anchor
//! (`regex:` patterns, patterns of placeholders only) run on every sentence.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rules::Story;
use crate::source::{Sentence, Source};

/// A story's anchor automaton.
#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each slot, for each pattern: the anchor's index in the automaton.
    anchors: Vec<Vec<Option<usize>>>,
    anchor_count: usize,
}

/// The result of scanning one source: for each anchor, the sentences holding it.
#[derive(Debug)]
pub struct Candidates {
    by_anchor: Vec<Vec<usize>>,
}

impl Prefilter {
    /// Build the automaton for a story's patterns.
    pub fn new(story: &Story) -> Self {
        let mut words: Vec<String> = Vec::new();
        let anchors: Vec<Vec<Option<usize>>> = story
            .slots
            .iter()
            .map(|slot| {
                slot.patterns
                    .iter()
                    .map(|p| {
                        let word = p.anchor.as_ref()?;
                        Some(match words.iter().position(|w| w == word) {
                            Some(i) => i,
                            None => {
                                words.push(word.clone());
                                words.len() - 1
                            }
                        })
                    })
                    .collect()
            })
            .collect();
        let automaton = if words.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&words)
                .ok()
        };
        // Without an automaton (it failed to build), every pattern runs everywhere.
        let anchors = if automaton.is_some() {
            anchors
        } else {
            anchors.iter().map(|s| vec![None; s.len()]).collect()
        };
        Prefilter {
            automaton,
            anchors,
            anchor_count: words.len(),
        }
    }

    /// Scan a source once for all anchors.
    pub fn candidates(&self, source: &Source) -> Candidates {
        let mut by_anchor: Vec<Vec<usize>> = vec![Vec::new(); self.anchor_count];
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(source.text.as_str()) {
                let Some(list) = by_anchor.get_mut(m.pattern().as_usize()) else {
                    continue;
                };
                let at = m.start();
                let sentence = source.sentences.partition_point(|s| s.end <= at);
                if source
                    .sentences
                    .get(sentence)
                    .is_some_and(|s| s.start <= at)
                    && list.last() != Some(&sentence)
                {
                    list.push(sentence);
                }
            }
        }
        Candidates { by_anchor }
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
}
