//! Slot proposals for `rules new`, built on `crosswire facts`: one slot per
//! group of facts aligned across sources, and one quote slot per group of
//! quotes aligned across sources.
//!
//! A slot's patterns are written from the words around each source's fact
//! (`killing {number} people`, `{number} people were injured`, `Governor
//! {name}`, `struck ... {date}`). Every pattern is then *probed*: run through
//! the real extractor over all sources, it must match only where the group's
//! facts are. A pattern that matches anywhere else (`killed {number} people`
//! also reading "a 2011 quake killed 300 people") is widened by a word of
//! context at a time and dropped if it never becomes clean. Quote slots select
//! by speaker and `contains:` and are probed the same way. Only slots whose
//! clean patterns fill in two sources or more are kept, so a draft never
//! mixes two facts in one slot.

use std::ops::Range;

use crate::extract::extract;
use crate::facts::{align, find_facts, Fact, FactSort};
use crate::quotation::{self as quotes, same_speaker, AlignOptions, Quote, QuoteText};
use crate::rules::{parse_story, RuleSet};
use crate::source::Source;

/// A slot to write into the draft.
#[derive(Debug, Clone)]
pub(crate) struct Proposal {
    pub id: String,
    pub kind: &'static str,
    pub patterns: Vec<String>,
    /// For quote slots: one alias group of the speaker's names.
    pub speaker: Vec<String>,
    /// For quote slots: a phrase every quote holds.
    pub contains: Vec<String>,
    /// "ap: `nearly 70 missiles` (line 33)" lines, for the comment.
    pub seen: Vec<String>,
    pub sources: usize,
}

/// How far a pattern is widened before it is given up.
const LEVELS: usize = 5;

/// A candidate: what it must match, and the pattern at each widening.
struct Candidate {
    group: usize,
    /// (source, value span) of every member of its group.
    targets: Vec<(usize, Range<usize>)>,
    /// Pattern text per level (`None` where it cannot widen further).
    levels: Vec<Option<String>>,
    kind: &'static str,
    speaker: Vec<String>,
    contains: Vec<String>,
}

/// Propose slots from the facts and quotes that `sources` share.
pub(crate) fn propose(sources: &[Source]) -> Vec<Proposal> {
    let facts: Vec<Vec<Fact>> = sources.iter().map(find_facts).collect();
    let groups = align(&facts);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut labels: Vec<(String, Vec<String>)> = Vec::new();
    for group in &groups {
        let g = labels.len();
        let members: Vec<(usize, &Fact)> = group
            .members
            .iter()
            .filter_map(|&(s, f)| Some((s, facts.get(s)?.get(f)?)))
            .collect();
        let Some((_, first)) = members.first() else {
            continue;
        };
        let kind = match first.sort {
            FactSort::Time => continue,
            FactSort::Person => "name",
            FactSort::Date => "date",
            // A figure keeps the kind its fact was read as (`number` or `count`).
            _ => first.kind.as_str(),
        };
        let targets: Vec<(usize, Range<usize>)> =
            members.iter().map(|(s, f)| (*s, f.span.clone())).collect();
        let seen = members
            .iter()
            .filter_map(|(s, f)| {
                let source = sources.get(*s)?;
                let sentence = source.text.get(f.sentence.clone())?;
                let line = source.position(f.span.start).line;
                Some(format!(
                    "{}: \"{}\" (line {line})",
                    source.name,
                    shorten(sentence)
                ))
            })
            .collect();
        labels.push((first.label(), seen));
        for (s, fact) in &members {
            let Some(source) = sources.get(*s) else {
                continue;
            };
            candidates.push(Candidate {
                group: g,
                targets: targets.clone(),
                levels: fact_levels(source, fact),
                kind,
                speaker: Vec::new(),
                contains: Vec::new(),
            });
        }
    }
    let quote_start = labels.len();
    quote_candidates(sources, &mut candidates, &mut labels);

    // Probe level by level: a candidate stays at the first clean level.
    let mut clean: Vec<Option<(String, Vec<usize>)>> = vec![None; candidates.len()];
    let mut open: Vec<usize> = (0..candidates.len()).collect();
    for level in 0..LEVELS {
        if open.is_empty() {
            break;
        }
        // A candidate that cannot take this level's shape waits for the next.
        let waiting: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&c| {
                candidates.get(c).is_some_and(|cand| {
                    cand.kind != "quote" && matches!(cand.levels.get(level), Some(None))
                })
            })
            .collect();
        let probing: Vec<(usize, String)> = open
            .iter()
            .filter_map(|&c| {
                let cand = candidates.get(c)?;
                // Quote candidates have one level: selectors, no pattern.
                let pattern = match cand.levels.get(level) {
                    Some(Some(p)) => p.clone(),
                    _ if cand.kind == "quote" && level == 0 => String::new(),
                    _ => return None,
                };
                Some((c, pattern))
            })
            .collect();
        let results = probe(sources, &candidates, &probing);
        let mut still = Vec::new();
        for (c, pattern) in probing {
            match results.get(&c) {
                Some(Some(filled)) => {
                    if let Some(slot) = clean.get_mut(c) {
                        *slot = Some((pattern, filled.clone()));
                    }
                }
                _ => still.push(c),
            }
        }
        still.extend(waiting);
        still.sort_unstable();
        open = still;
    }

    // Gather each group's clean patterns into one slot.
    let mut out = Vec::new();
    for (g, (label, seen)) in labels.iter().enumerate() {
        let mut patterns: Vec<String> = Vec::new();
        let mut filled: Vec<usize> = Vec::new();
        let mut first: Option<&Candidate> = None;
        // A quote group keeps its one best selector: the one filling most
        // sources, with a speaker on a tie.
        let best_quote = candidates
            .iter()
            .enumerate()
            .filter(|(c, cand)| {
                cand.group == g && cand.kind == "quote" && matches!(clean.get(*c), Some(Some(_)))
            })
            .max_by_key(|(c, cand)| {
                let n = clean
                    .get(*c)
                    .and_then(|x| x.as_ref())
                    .map_or(0, |(_, f)| f.len());
                (n, !cand.speaker.is_empty())
            })
            .map(|(c, _)| c);
        for (c, cand) in candidates.iter().enumerate().filter(|(_, c)| c.group == g) {
            if cand.kind == "quote" && Some(c) != best_quote {
                continue;
            }
            let Some(Some((pattern, sources_filled))) = clean.get(c) else {
                continue;
            };
            first.get_or_insert(cand);
            if !pattern.is_empty() && !patterns.contains(pattern) {
                patterns.push(pattern.clone());
            }
            filled.extend(sources_filled);
        }
        filled.sort_unstable();
        filled.dedup();
        let Some(cand) = first else { continue };
        if filled.len() < 2 {
            continue;
        }
        let id = if g >= quote_start {
            format!("quote-{}", crate::facts::report::slugify(label))
        } else {
            crate::facts::report::slugify(label)
        };
        out.push(Proposal {
            id,
            kind: cand.kind,
            patterns,
            speaker: cand.speaker.clone(),
            contains: cand.contains.clone(),
            seen: seen.clone(),
            sources: filled.len(),
        });
    }
    out
}

/// Run the probing patterns through the real extractor; for each candidate,
/// `Some(sources it filled)` when every match lands on one of its targets.
fn probe(
    sources: &[Source],
    candidates: &[Candidate],
    probing: &[(usize, String)],
) -> std::collections::BTreeMap<usize, Option<Vec<usize>>> {
    let mut yaml = String::from("story: probe\nslots:\n");
    let mut slot_of: Vec<usize> = Vec::new();
    for (c, pattern) in probing {
        let Some(cand) = candidates.get(*c) else {
            continue;
        };
        yaml.push_str(&slot_yaml(
            &format!("p{}", slot_of.len()),
            cand.kind,
            &if pattern.is_empty() {
                Vec::new()
            } else {
                vec![pattern.clone()]
            },
            &cand.speaker,
            &cand.contains,
            "  ",
        ));
        slot_of.push(*c);
    }
    let mut results = std::collections::BTreeMap::new();
    // A pattern that does not load is simply not clean.
    let Ok(story) = parse_story(&yaml, "probe.yaml") else {
        return results;
    };
    let rules = RuleSet {
        stories: vec![story],
    };
    let extraction = extract(&rules, sources, None);
    for (slot, &c) in slot_of.iter().enumerate() {
        let Some(cand) = candidates.get(c) else {
            continue;
        };
        let mut ok = true;
        let mut filled = Vec::new();
        for fill in extraction.fills.iter().filter(|f| f.slot == slot) {
            let on_target = cand.targets.iter().any(|(s, span)| {
                *s == fill.source && fill.span.start < span.end && span.start < fill.span.end
            });
            if !on_target {
                ok = false;
                break;
            }
            filled.push(fill.source);
        }
        filled.dedup();
        results.insert(c, (ok && !filled.is_empty()).then_some(filled));
    }
    results
}

/// One slot in YAML, indented by `indent`.
pub(crate) fn slot_yaml(
    id: &str,
    kind: &str,
    patterns: &[String],
    speaker: &[String],
    contains: &[String],
    indent: &str,
) -> String {
    let list = |items: &[String]| {
        items
            .iter()
            .map(|x| super::yaml_string(x))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("{indent}- id: {id}\n{indent}  kind: {kind}\n");
    if !speaker.is_empty() {
        out.push_str(&format!("{indent}  speaker: [{}]\n", list(speaker)));
    }
    if !contains.is_empty() {
        out.push_str(&format!("{indent}  contains: [{}]\n", list(contains)));
    }
    match patterns {
        [] => {}
        [one] => out.push_str(&format!(
            "{indent}  patterns: [{}]\n",
            super::yaml_string(one)
        )),
        many => {
            out.push_str(&format!("{indent}  patterns:\n"));
            for p in many {
                out.push_str(&format!("{indent}    - {}\n", super::yaml_string(p)));
            }
        }
    }
    out
}

/// A sentence's white-space separated words with their byte ranges.
fn tokens(text: &str, range: &Range<usize>) -> Vec<Range<usize>> {
    let Some(sentence) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in sentence.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(range.start + s..range.start + i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(range.start + s..range.end);
    }
    out
}

/// A word of the pattern: its text with edge punctuation dropped and the
/// pattern language's special characters escaped; `None` when nothing is left.
fn word(text: &str, range: &Range<usize>) -> Option<String> {
    let w = text
        .get(range.clone())?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'' && c != '-')
        .trim_end_matches('.');
    (!w.is_empty()).then(|| super::escape_pattern(w))
}

/// The pattern for a fact at each widening level: the words from its cue to
/// its value (and its counted noun), then one more word left, one right, two
/// left, two left and one right.
fn fact_levels(source: &Source, fact: &Fact) -> Vec<Option<String>> {
    let text = &source.text;
    let toks = tokens(text, &fact.sentence);
    // The value must be whole words (edge punctuation aside).
    let first = toks.iter().position(|t| t.end > fact.span.start);
    let last = toks.iter().rposition(|t| t.start < fact.span.end);
    let (Some(first), Some(last)) = (first, last) else {
        return vec![None];
    };
    let whole = toks.get(first).is_some_and(|t| {
        text.get(t.start..fact.span.start)
            .is_some_and(|p| p.chars().all(|c| !c.is_alphanumeric()))
    }) && toks.get(last).is_some_and(|t| {
        text.get(fact.span.end..t.end)
            .is_some_and(|p| p.chars().all(|c| !c.is_alphanumeric()))
    });
    if !whole {
        return vec![None];
    }
    let placeholder = match fact.sort {
        FactSort::Person => "{name}".to_string(),
        FactSort::Date => "{date}".to_string(),
        // A figure's kind's own placeholder (`{number}`, `{quantity}`).
        _ => fact
            .kind
            .placeholders()
            .first()
            .map_or("{number}".to_string(), ToString::to_string),
    };
    let lower = |i: usize| {
        toks.get(i)
            .and_then(|t| word(text, t))
            .map(|w| w.to_lowercase())
    };
    let cue_first = fact
        .cue
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    // The core's word range [from, to] around the value.
    let (mut from, mut to) = (first, last);
    let mut gap_after_cue = false;
    if fact.cue_before {
        let cue = (0..first)
            .rev()
            .take(12)
            .find(|&i| lower(i).is_some_and(|w| w == cue_first));
        if let Some(c) = cue {
            gap_after_cue = first - c > 4;
            from = c;
        }
    } else if let Some(c) = (last + 1..toks.len())
        .take(6)
        .find(|&i| lower(i).is_some_and(|w| w == cue_first))
    {
        to = c;
    }
    // The counted noun right after the value.
    if let Some(noun) = &fact.noun {
        if fact.sort != FactSort::Person
            && to == last
            && lower(last + 1).is_some_and(|w| w == *noun)
        {
            to = last + 1;
        }
    }
    let render = |from: usize, to: usize| -> Option<String> {
        let mut words: Vec<String> = Vec::new();
        let mut i = from;
        while i <= to {
            if i == first {
                words.push(placeholder.clone());
                i = last + 1;
                continue;
            }
            if gap_after_cue && i == from + 1 && i < first {
                words.push("...".to_string());
                i = first;
                continue;
            }
            words.push(word(text, toks.get(i)?)?);
            i += 1;
        }
        Some(words.join(" "))
    };
    let widen = [(0, 0), (1, 0), (0, 1), (2, 0), (2, 1)];
    widen
        .iter()
        .map(|&(l, r)| {
            let f = from.checked_sub(l)?;
            let t = to + r;
            (t < toks.len()).then_some(())?;
            render(f, t)
        })
        .collect()
}

/// Quote candidates: one per quote group of two or more sources, selecting
/// by the speaker the members share and by a phrase they all hold.
fn quote_candidates(
    sources: &[Source],
    candidates: &mut Vec<Candidate>,
    labels: &mut Vec<(String, Vec<String>)>,
) {
    let (found, texts) = quotes::found_and_texts(sources);
    let options = AlignOptions {
        min_words: 3,
        ..AlignOptions::default()
    };
    for group in quotes::align(&texts, &options) {
        if group.members.len() < 2 {
            continue;
        }
        let members: Vec<(usize, &Quote, &QuoteText)> = group
            .members
            .iter()
            .filter_map(|&(s, q)| Some((s, found.get(s)?.get(q)?, texts.get(s)?.get(q)?)))
            .collect();
        // The speaker most members name, with every spelling of it.
        let mut speaker: Vec<String> = Vec::new();
        let names: Vec<&str> = members
            .iter()
            .filter_map(|(_, q, _)| q.speaker.as_ref().map(|s| s.name.as_str()))
            .collect();
        if let Some(best) = names
            .iter()
            .max_by_key(|n| names.iter().filter(|m| same_speaker(n, m)).count())
        {
            for n in names.iter().filter(|m| same_speaker(best, m)) {
                if !speaker.iter().any(|s| s == n) {
                    speaker.push((*n).to_string());
                }
            }
        }
        // The longest run of up to four words all members hold.
        let Some(contains) = common_phrase(&members.iter().map(|m| &m.2.words).collect::<Vec<_>>())
        else {
            continue;
        };
        let seen = members
            .iter()
            .filter_map(|(s, q, _)| {
                let source = sources.get(*s)?;
                let quote = source.text.get(q.span.clone())?;
                Some(format!(
                    "{}: \"{}\" (line {})",
                    source.name,
                    shorten(quote),
                    source.position(q.span.start).line
                ))
            })
            .collect();
        let g = labels.len();
        labels.push((contains.clone(), seen));
        let targets: Vec<(usize, Range<usize>)> = members
            .iter()
            .map(|(s, q, _)| (*s, q.span.clone()))
            .collect();
        // With a speaker first; a speaker-less variant for sources whose
        // quote has none (an unknown speaker never passes `speaker:`).
        let mut variants = vec![speaker.clone()];
        if !speaker.is_empty() {
            variants.push(Vec::new());
        }
        for sp in variants {
            candidates.push(Candidate {
                group: g,
                targets: targets.clone(),
                levels: vec![None],
                kind: "quote",
                speaker: sp,
                contains: vec![contains.clone()],
            });
        }
    }
}

/// The longest run (2 to 4 words, not all short words) that every list holds.
fn common_phrase(lists: &[&Vec<String>]) -> Option<String> {
    let (first, rest) = lists.split_first()?;
    for n in (2..=4).rev() {
        for w in first.windows(n) {
            // "we will not stop" reads better than "the us imperialists and".
            let short = |x: Option<&String>| x.is_none_or(|x| x.len() <= 3);
            if short(w.first()) || short(w.last()) {
                continue;
            }
            if rest.iter().all(|l| l.windows(n).any(|v| v == w)) {
                return Some(w.join(" "));
            }
        }
    }
    None
}

fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 14 {
        format!("{} ...", words.get(..14).unwrap_or_default().join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
fn words(text: &str) -> Vec<String> {
    crate::text::words::phrase_words(text)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::LoadOptions;

    fn source(name: &str, text: &str) -> Source {
        Source::from_text(
            Some(name.into()),
            None,
            format!("---\ndate: 2026-03-10\n---\n{text}\n"),
            &LoadOptions::default(),
        )
    }

    #[test]
    fn a_pattern_that_also_reads_an_older_toll_is_widened_or_dropped() {
        let a = source(
            "a",
            "The quake struck on Tuesday, killing 23 people. A 2011 quake killed 300 people in the province.",
        );
        let b = source(
            "b",
            "Officials say the quake struck on Tuesday and killed 32 people.",
        );
        let proposals = propose(&[a, b]);
        let killed = proposals.iter().find(|p| p.id == "people-killed").unwrap();
        assert_eq!(killed.kind, "count");
        assert!(
            !killed
                .patterns
                .contains(&"killed {number} people".to_string()),
            "{:?}",
            killed.patterns
        );
        assert_eq!(killed.sources, 2, "{killed:?}");
    }

    #[test]
    fn a_magnitude_is_a_number_slot() {
        let a = source("a", "A magnitude 7.2 earthquake struck the coast.");
        let b = source(
            "b",
            "The earthquake had a magnitude of 7.2 and struck the coast.",
        );
        let proposals = propose(&[a, b]);
        let m = proposals.iter().find(|p| p.id == "magnitude").unwrap();
        assert_eq!(m.kind, "number");
        assert_eq!(m.patterns, ["magnitude {number}", "magnitude of {number}"]);
    }

    #[test]
    fn common_phrases_skip_runs_of_short_words() {
        let a = words("we will not stop until every family has been reached");
        let b = words("we will not stop until every family is reached");
        assert_eq!(
            common_phrase(&[&a, &b]).as_deref(),
            Some("will not stop until")
        );
    }
}
