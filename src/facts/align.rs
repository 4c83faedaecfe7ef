//! Aligning facts across sources: which facts of different sources state the
//! same thing.
//!
//! Facts go into an inverted index keyed by their sort and topic (`figure
//! killed`, `date struck`, `person governor`; a figure with no topic is keyed
//! by its noun), so only facts that share a key are ever scored, never all
//! pairs. A pair of facts from different sources is a *link* when their nouns
//! are compatible (equal, or both people) and their sentences share enough
//! content words; its score is 0.4 for the shared key, 0.2 more for the same
//! noun, and 0.4 × the share of content words (overlap coefficient). Links
//! merge greedily, best first and agreeing pairs before disagreeing ones, into
//! groups with at most one fact per source; a disagreeing pair needs a higher
//! score than an agreeing one, because a wrong alignment is a false alarm.

use std::collections::BTreeMap;

use super::find::{Fact, FactSort, FactValue, PERSON_NOUNS};
use crate::kinds::{time, Comparison, Value, ValueOptions, Verdict};

/// The least score of a link between agreeing facts.
pub const MIN_AGREE: f64 = 0.5;
/// The least score of a link between disagreeing facts.
pub const MIN_DISAGREE: f64 = 0.6;
/// Each source puts at most this many facts under one key (its first ones):
/// a story states a fact a few times, not dozens.
const MAX_PER_SOURCE_KEY: usize = 8;
/// Each fact is scored against at most this many facts of other sources
/// under its key, so the work stays linear in the number of facts however
/// many sources share a key.
const MAX_CANDIDATES: usize = 32;

/// A group of aligned facts, at most one per source.
#[derive(Debug, Clone)]
pub struct FactGroup {
    /// (source index, fact index) in source order.
    pub members: Vec<(usize, usize)>,
    /// The weakest link's score.
    pub score: f64,
    /// Why the facts were aligned, in words.
    pub why: String,
}

struct Link {
    a: (usize, usize),
    b: (usize, usize),
    score: f64,
    agree: bool,
    why: String,
}

/// The index key of a fact.
fn key(fact: &Fact) -> Option<String> {
    // Clock times are few: all go under one key, and `link` decides.
    if fact.sort == FactSort::Time {
        return Some("time".to_string());
    }
    match (&fact.topic, &fact.noun) {
        (Some(t), _) => Some(format!("{} {t}", fact.sort.as_str())),
        (None, Some(n)) => Some(format!("{} noun {n}", fact.sort.as_str())),
        (None, None) => None,
    }
}

/// Whether two facts' nouns say they count the same thing.
fn nouns_fit(a: &Fact, b: &Fact) -> Option<bool> {
    match (&a.noun, &b.noun) {
        (Some(x), Some(y)) if x == y => Some(true),
        (Some(x), Some(y)) => {
            if a.sort == FactSort::Person {
                // "police spokesman" and "Regional police spokesman" fit;
                // "police" and "army" do not.
                let shared = x.split(' ').any(|w| y.split(' ').any(|v| v == w));
                return shared.then_some(false);
            }
            let people = PERSON_NOUNS.contains(&x.as_str()) && PERSON_NOUNS.contains(&y.as_str());
            people.then_some(false)
        }
        _ => Some(false),
    }
}

/// Compare two facts' values with their kind's own comparator.
pub fn compare(a: &Fact, b: &Fact) -> Comparison {
    let (FactValue::Kind(x), FactValue::Kind(y)) = (&a.value, &b.value);
    a.kind.compare(x, y, &ValueOptions::default())
}

/// Whether two facts' values measure alike, so that comparing them means
/// something: a figure with a unit only with a figure of the same dimension
/// (the same currency), two clock times only when the time kind can compare
/// them (the same zone, or known zones).
fn measure_alike(a: &Fact, b: &Fact) -> bool {
    let (FactValue::Kind(x), FactValue::Kind(y)) = (&a.value, &b.value);
    match (x, y) {
        (Value::Quantity(x), Value::Quantity(y)) => x.comparable(y),
        (Value::Quantity(_), _) | (_, Value::Quantity(_)) => false,
        (Value::Time(x), Value::Time(y)) => time::comparable(x, y),
        _ => true,
    }
}

/// Shared content words of two facts' sentences.
fn shared<'a>(a: &'a Fact, b: &Fact) -> Vec<&'a str> {
    a.context
        .iter()
        .zip(&a.context_words)
        .filter(|(stem, _)| b.context.binary_search(stem).is_ok())
        .map(|(_, word)| word.as_str())
        .collect()
}

/// Score a candidate pair: the score, whether the values agree, and why the
/// facts were aligned; `None` when they cannot be about the same thing.
pub(crate) fn link(a: &Fact, b: &Fact) -> Option<(f64, bool, String)> {
    if !measure_alike(a, b) {
        return None;
    }
    let same_noun = nouns_fit(a, b)?;
    let words = shared(a, b);
    let smaller = a.context.len().min(b.context.len()).max(1);
    let overlap = words.len() as f64 / smaller as f64;
    let mut score = 0.4 + if same_noun { 0.2 } else { 0.0 } + 0.4 * overlap;
    let mut name_note = String::new();
    // A person's name shares a word ("Lidia Moravec" / "Anton Moravec"):
    // the same title held by one family name is strong evidence.
    if a.sort == FactSort::Person {
        let (FactValue::Kind(x), FactValue::Kind(y)) = (&a.value, &b.value);
        let (x, y) = (x.display().to_lowercase(), y.display().to_lowercase());
        if let Some(w) = x
            .split_whitespace()
            .find(|w| y.split_whitespace().any(|v| v == *w))
        {
            score += 0.2;
            name_note = format!("; the names share `{w}`");
        }
    }
    // Times dated by different verbs (or one by none) align only when their
    // sentences share half their words: that each source has one clock time
    // does not make it the same fact.
    if a.sort == FactSort::Time && a.topic != b.topic && overlap < 0.5 {
        return None;
    }
    // Without a topic only a noun ties them: ask for more context.
    if a.sort != FactSort::Time && a.topic.is_none() && overlap < 0.5 {
        return None;
    }
    let agree = compare(a, b).verdict != Verdict::Different;
    // Two people with the same title and no name in common are often two
    // people (two governors, two spokesmen): only near-identical sentences
    // align them.
    if a.sort == FactSort::Person && !agree && name_note.is_empty() {
        score -= 0.2;
    }
    let about = match (&a.topic, &a.noun) {
        _ if a.sort == FactSort::Time && a.topic != b.topic => "a clock time".to_string(),
        (Some(t), Some(n)) if same_noun => format!("`{t}` and `{n}`"),
        (Some(t), _) => format!("`{t}`"),
        (None, Some(n)) => format!("`{n}`"),
        (None, None) => "its place".to_string(),
    };
    let context = if words.is_empty() {
        String::new()
    } else {
        let shown: Vec<&str> = words.iter().take(4).copied().collect();
        format!(
            "; {} shared {} ({}{})",
            words.len(),
            if words.len() == 1 { "word" } else { "words" },
            shown.join(", "),
            if words.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        )
    };
    Some((
        score.min(1.0),
        agree,
        format!("both about {about}{context}{name_note}"),
    ))
}

/// Align the facts of every source (`facts[s]` are source `s`'s facts).
pub fn align(facts: &[Vec<Fact>]) -> Vec<FactGroup> {
    let mut index: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (s, list) in facts.iter().enumerate() {
        let mut per_key: BTreeMap<String, usize> = BTreeMap::new();
        for (f, fact) in list.iter().enumerate() {
            if let Some(k) = key(fact) {
                let n = per_key.entry(k.clone()).or_default();
                if *n < MAX_PER_SOURCE_KEY {
                    *n += 1;
                    index.entry(k).or_default().push((s, f));
                }
            }
        }
    }
    let get = |(s, f): (usize, usize)| facts.get(s).and_then(|l| l.get(f));
    let mut links = Vec::new();
    for bucket in index.values() {
        for (i, &a) in bucket.iter().enumerate() {
            for &b in bucket
                .iter()
                .skip(i + 1)
                .filter(|b| b.0 != a.0)
                .take(MAX_CANDIDATES)
            {
                let (Some(fa), Some(fb)) = (get(a), get(b)) else {
                    continue;
                };
                if let Some((score, agree, why)) = link(fa, fb) {
                    let min = if agree { MIN_AGREE } else { MIN_DISAGREE };
                    if score >= min {
                        links.push(Link {
                            a,
                            b,
                            score,
                            agree,
                            why,
                        });
                    }
                }
            }
        }
    }
    // Agreeing links first, each best first; ties in index order.
    links.sort_by(|x, y| {
        y.agree
            .cmp(&x.agree)
            .then(y.score.total_cmp(&x.score))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });

    // Greedy merging with at most one fact per source per group, and only
    // facts that measure alike, every one with every other: a link is
    // between two facts, and "midnight GMT" and "6 a.m." must not meet in a
    // group through "6 a.m. local time (0000 GMT)", which is like both.
    let alike = |x: (usize, usize), y: (usize, usize)| match (get(x), get(y)) {
        (Some(a), Some(b)) => measure_alike(a, b),
        _ => false,
    };
    let mut group_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut groups: Vec<Option<FactGroup>> = Vec::new();
    for l in links {
        match (group_of.get(&l.a).copied(), group_of.get(&l.b).copied()) {
            (None, None) => {
                group_of.insert(l.a, groups.len());
                group_of.insert(l.b, groups.len());
                groups.push(Some(FactGroup {
                    members: vec![l.a, l.b],
                    score: l.score,
                    why: l.why,
                }));
            }
            (Some(g), None) | (None, Some(g)) => {
                let new = if group_of.contains_key(&l.a) {
                    l.b
                } else {
                    l.a
                };
                if let Some(Some(group)) = groups.get_mut(g) {
                    if group.members.iter().all(|m| m.0 != new.0 && alike(*m, new)) {
                        group.members.push(new);
                        group.score = group.score.min(l.score);
                        group_of.insert(new, g);
                    }
                }
            }
            (Some(x), Some(y)) if x != y => {
                let (Some(gx), Some(gy)) = (
                    groups.get(x).and_then(Option::as_ref),
                    groups.get(y).and_then(Option::as_ref),
                ) else {
                    continue;
                };
                if gx
                    .members
                    .iter()
                    .any(|m| gy.members.iter().any(|n| n.0 == m.0 || !alike(*m, *n)))
                {
                    continue;
                }
                let Some(gy) = groups.get_mut(y).and_then(Option::take) else {
                    continue;
                };
                for m in &gy.members {
                    group_of.insert(*m, x);
                }
                if let Some(Some(gx)) = groups.get_mut(x) {
                    gx.members.extend(gy.members);
                    gx.score = gx.score.min(gy.score).min(l.score);
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<FactGroup> = groups
        .into_iter()
        .flatten()
        .map(|mut g| {
            g.members.sort();
            g
        })
        .collect();
    out.sort_by(|a, b| a.members.cmp(&b.members));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::facts::find::find_facts;
    use crate::source::{LoadOptions, Source};

    fn facts_of(text: &str) -> Vec<Fact> {
        find_facts(&Source::from_text(
            Some("s".into()),
            None,
            format!("---\ndate: 2026-03-10\n---\n{text}\n"),
            &LoadOptions::default(),
        ))
    }

    fn shown(facts: &[Vec<Fact>], groups: &[FactGroup]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|&(s, f)| facts[s][f].value.display())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_older_toll_with_the_same_verb_is_not_aligned_with_todays() {
        let facts = vec![
            facts_of(
                "The earthquake struck the valley on Tuesday, killing 23 people. A 2011 quake killed 300 people in the same province.",
            ),
            facts_of("The earthquake struck the valley early on Tuesday, killing 32 people."),
        ];
        let groups = align(&facts);
        assert_eq!(
            shown(&facts, &groups),
            [
                vec!["23", "32"],
                vec!["2026-03-10 (Tuesday)", "2026-03-10 (Tuesday)"]
            ]
        );
    }

    #[test]
    fn times_that_cannot_be_compared_never_share_a_group() {
        let facts = vec![
            facts_of("The truce took effect at midnight GMT on Wednesday."),
            facts_of("The truce took effect at 6 a.m. on Wednesday."),
            facts_of("The truce took effect at 6 a.m. local time (0000 GMT) on Wednesday."),
        ];
        let groups = align(&facts);
        for g in &groups {
            for &x in &g.members {
                for &y in &g.members {
                    let (a, b) = (&facts[x.0][x.1], &facts[y.0][y.1]);
                    assert!(measure_alike(a, b), "{:?}", shown(&facts, &groups));
                }
            }
        }
    }

    #[test]
    fn different_verbs_or_different_people_never_align() {
        let facts = vec![
            facts_of("The storm killed 12 people. Army spokesman Col. Ivan Petrov spoke."),
            facts_of("The storm injured 40 people. Police spokesman Col. Ana Duric spoke."),
        ];
        assert!(align(&facts).is_empty());
    }

    #[test]
    fn a_wire_batch_sharing_one_key_aligns_without_scoring_all_pairs() {
        let one = facts_of("Rebels fired 5 rockets at the town on Tuesday.");
        let facts: Vec<Vec<Fact>> = (0..400).map(|_| one.clone()).collect();
        let started = std::time::Instant::now();
        let groups = align(&facts);
        assert!(started.elapsed().as_secs() < 20);
        let figures = groups
            .iter()
            .find(|g| facts[g.members[0].0][g.members[0].1].sort == FactSort::Figure)
            .unwrap();
        assert_eq!(figures.members.len(), 400);
    }

    #[test]
    fn at_most_one_fact_per_source_per_group() {
        let facts = vec![
            facts_of("Rebels fired 5 rockets at the town. Rebels fired 6 rockets at the town."),
            facts_of("Rebels fired 5 rockets at the town."),
            facts_of("Rebels fired 5 rockets at the town."),
        ];
        for g in align(&facts) {
            let mut sources: Vec<usize> = g.members.iter().map(|m| m.0).collect();
            sources.dedup();
            assert_eq!(sources.len(), g.members.len(), "{g:?}");
        }
    }
}
