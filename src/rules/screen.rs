//! The out-of-scope screen: from a text as read, before normalization, tell
//! that no story's scope can apply to it (see [`crate::source::Screen`]).
//!
//! A story is out when its first `all` term is absent, or, without `all`
//! terms, when every `any` term is (the reason `Scope::check_within` gives);
//! a term is absent when one of its words made of ASCII letters and digits
//! is nowhere in the text, ASCII case aside, and normalizing cannot make it
//! appear (`crate::source::ascii_words_survive`).

use aho_corasick::packed;
use memchr::memmem::Finder;

use super::RuleSet;

/// The scope words of a rule set, and per story the terms that must all be
/// absent for the story to be out (each term the ids of its words).
struct ScopeWords {
    /// Per story, per term, the ids of the term's checkable words.
    stories: Vec<Vec<Vec<usize>>>,
    /// Each word, lower case, for a search of the lowercased text.
    finders: Vec<Finder<'static>>,
    /// Each word as copy mostly writes it (lower case, capitalized, upper
    /// case), searched for at once in the text as read, with the word's id
    /// by pattern id (`None` when too many to search at once).
    casings: Option<(packed::Searcher, Vec<usize>)>,
}

impl ScopeWords {
    /// `None` when some story applies to every source (no scope) or could
    /// never be shown out (a term of no checkable word), or when there is
    /// no story.
    fn new(rules: &RuleSet) -> Option<ScopeWords> {
        let mut words: Vec<String> = Vec::new();
        let mut stories: Vec<Vec<Vec<usize>>> = Vec::new();
        for story in &rules.stories {
            let terms = story.scope.terms_absent_from_out_of_scope();
            if terms.is_empty() {
                return None;
            }
            let mut absent = Vec::new();
            for term in terms {
                let ids: Vec<usize> = term
                    .split_whitespace()
                    .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
                    .map(|w| {
                        let w = w.to_ascii_lowercase();
                        words.iter().position(|x| *x == w).unwrap_or_else(|| {
                            words.push(w);
                            words.len() - 1
                        })
                    })
                    .collect();
                if ids.is_empty() {
                    return None;
                }
                absent.push(ids);
            }
            stories.push(absent);
        }
        if stories.is_empty() {
            return None;
        }
        let mut variants: Vec<(String, usize)> = Vec::new();
        for (id, word) in words.iter().enumerate() {
            let mut capitalized = word.clone();
            if let Some(first) = capitalized.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            for variant in [word.clone(), capitalized, word.to_ascii_uppercase()] {
                if !variants.contains(&(variant.clone(), id)) {
                    variants.push((variant, id));
                }
            }
        }
        let casings = packed::Config::new()
            .builder()
            .extend(variants.iter().map(|(variant, _)| variant))
            .build()
            .map(|searcher| (searcher, variants.iter().map(|&(_, id)| id).collect()));
        let finders = words
            .iter()
            .map(|word| Finder::new(word.as_bytes()).into_owned())
            .collect();
        Some(ScopeWords {
            stories,
            finders,
            casings,
        })
    }

    /// Whether some story has a term whose every word `present` says is
    /// there: the story is in scope, as far as the screen can tell.
    fn some_story_in(&self, mut present: impl FnMut(usize) -> bool) -> bool {
        self.stories
            .iter()
            .any(|terms| terms.iter().any(|ids| ids.iter().all(|&id| present(id))))
    }

    /// Whether `text` is out of every story's scope, for certain.
    fn out_of_every_scope(&self, text: &str) -> bool {
        // First, one SIMD scan of the text as read for the words as copy
        // mostly writes them, stopping at the first whole term: a text in
        // scope, most of what a run reads, is told so without the lowercased
        // copy and the searches below. Finding no whole term this way proves
        // nothing (other casings).
        if let Some((searcher, ids)) = &self.casings {
            let mut seen = vec![false; self.finders.len()];
            for m in searcher.find_iter(text) {
                let Some(&id) = ids.get(m.pattern().as_usize()) else {
                    continue;
                };
                match seen.get_mut(id) {
                    Some(seen_before) if !*seen_before => *seen_before = true,
                    _ => continue,
                }
                if self.some_story_in(|w| seen.get(w) == Some(&true)) {
                    return false;
                }
            }
        }
        if !crate::source::ascii_words_survive(text) {
            return false;
        }
        // Each word is looked for in a lower-cased copy of the text, by a
        // vectorized substring search, and only as long as the answer is open.
        let lower = text.as_bytes().to_ascii_lowercase();
        let mut present: Vec<Option<bool>> = vec![None; self.finders.len()];
        !self.some_story_in(|id| match present.get(id).copied().flatten() {
            Some(known) => known,
            None => {
                let found = self
                    .finders
                    .get(id)
                    .is_none_or(|f| f.find(&lower).is_some());
                if let Some(slot) = present.get_mut(id) {
                    *slot = Some(found);
                }
                found
            }
        })
    }
}

/// See [`RuleSet::out_of_scope_screen`].
pub(super) fn out_of_scope_screen(rules: &RuleSet) -> Option<crate::source::Screen> {
    let words = ScopeWords::new(rules)?;
    Some(crate::source::Screen(std::sync::Arc::new(move |text| {
        words.out_of_every_scope(text)
    })))
}
