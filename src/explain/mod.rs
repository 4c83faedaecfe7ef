//! `explain`: the trace of extraction and comparison, for rule authors.
//!
//! For each slot and source it records every pattern tried, on which sentences
//! (the prefilter's choice, and why), every match with its file:line:column,
//! sentence, whole match, captured text, normalized value and how that value
//! was derived ("`nearly 70` -> [63, 70)"); for a source where the slot stays
//! empty, the nearest partial match of each pattern in the sentences holding
//! its words ("`Minister {name}` matched; `Unification` before it did not");
//! and for each pair of sources why their values agree or not (interval
//! overlap, alias, similarity against its threshold), the `expect` check and
//! the findings the slot produced.
//!
//! The trace is plain data ([`Explanation`], serialized as-is for `--format
//! json`); [`text`] renders it for people. Values come from the real
//! [`crate::extract::extract`] run, so explain cannot disagree with `check`.

pub mod text;

use serde::Serialize;

use crate::compare::{compare, source_value, FindingKind, Severity};
use crate::error::{Diagnostic, ErrorKind};
use crate::extract::{extract, Extraction, Fill, Prefilter};
use crate::kinds::{Kind, Verdict};
use crate::pattern::{parse, parts, Placeholder, Token};
use crate::report::plural;
use crate::rules::{RuleSet, Slot, Story};
use crate::source::{Sentence, Source};
use crate::suggest::did_you_mean;

/// How many nearest partial matches to show per pattern and source.
const NEAREST: usize = 3;
/// Words of context shown around a partial match.
const CONTEXT_WORDS: usize = 5;

/// What to explain.
#[derive(Debug, Clone, Default)]
pub struct ExplainOptions {
    /// Only these slot ids (all when empty).
    pub slots: Vec<String>,
    /// Only these source names (all when empty); comparisons still involve
    /// the other sources, so a pair is shown when either side is selected.
    pub sources: Vec<String>,
    /// Publication date for sources without one (like `check --date`).
    pub default_date: Option<jiff::civil::Date>,
}

/// The whole trace.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// One entry per story, in rule order.
    pub stories: Vec<StoryTrace>,
}

/// One story's trace.
#[derive(Debug, Clone, Serialize)]
pub struct StoryTrace {
    /// The story id.
    pub story: String,
    /// Its rule file.
    pub path: String,
    /// Whether the story applies to each source, and why.
    pub scope: Vec<ScopeTrace>,
    /// The slots explained.
    pub slots: Vec<SlotTrace>,
}

/// Whether a story applies to a source.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeTrace {
    /// The source name.
    pub source: String,
    /// Whether the story applies.
    pub applies: bool,
    /// Why, in words.
    pub why: String,
}

/// A pattern as the rule file gives it.
#[derive(Debug, Clone, Serialize)]
pub struct PatternInfo {
    /// 1-based number of the pattern in its slot.
    pub number: usize,
    /// The pattern text.
    pub text: String,
    /// Whether it is a `regex:` pattern.
    pub regex: bool,
    /// The word the prefilter looks for, if any.
    pub anchor: Option<String>,
    /// The placeholder that captures the value, if any.
    pub placeholder: Option<Placeholder>,
}

/// One slot's trace.
#[derive(Debug, Clone, Serialize)]
pub struct SlotTrace {
    /// The slot id.
    pub slot: String,
    /// Its kind.
    pub kind: Kind,
    /// `rule-file:line` of the slot.
    pub location: String,
    /// Its patterns.
    pub patterns: Vec<PatternInfo>,
    /// What happened in each source.
    pub sources: Vec<SourceTrace>,
    /// Each pair of sources with a value, compared.
    pub comparisons: Vec<PairTrace>,
    /// The `expect` check, if the slot has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<ExpectTrace>,
    /// The findings the slot produced, as `check` reports them.
    pub findings: Vec<FindingTrace>,
}

/// One slot in one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceTrace {
    /// The source name.
    pub source: String,
    /// Its path.
    pub path: String,
    /// Whether the story applies to it (no patterns are tried otherwise).
    pub applies: bool,
    /// The publication date relative dates resolve against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The source's value for the slot (its first in document order; for
    /// names its fullest mention), as `compare::source_value` takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Each pattern tried.
    pub attempts: Vec<Attempt>,
}

/// One pattern tried on one source.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// 1-based pattern number.
    pub pattern: usize,
    /// How many sentences the pattern ran on.
    pub tried: usize,
    /// Why those sentences ("2 sentences contain `missiles`").
    pub sentences: String,
    /// Every match.
    pub matches: Vec<MatchTrace>,
    /// When the slot has no value in this source: the longest parts of the
    /// pattern that do match, in the sentences holding its words.
    pub nearest: Vec<NearMiss>,
}

/// One match of a pattern.
#[derive(Debug, Clone, Serialize)]
pub struct MatchTrace {
    /// `path:line:column` of the captured text.
    pub location: String,
    /// The sentence, as written (white space tidied).
    pub sentence: String,
    /// The whole match.
    pub matched: String,
    /// The captured text, as written.
    pub raw: String,
    /// What became of it.
    pub outcome: MatchOutcome,
}

/// What became of a match.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum MatchOutcome {
    /// It gave a value.
    Value {
        /// The normalized value.
        value: String,
        /// How it was derived.
        derivation: String,
        /// Whether this is the source's value (`compare::source_value`);
        /// later values only count for `internal` findings.
        first: bool,
    },
    /// An earlier pattern already captured the same words.
    Duplicate {
        /// That pattern's number.
        pattern: usize,
    },
    /// The captured text is not a valid value of the slot's kind.
    Invalid {
        /// Why.
        error: String,
    },
}

/// The longest part of a pattern a sentence matches.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    /// `path:line:column` of the matched part.
    pub location: String,
    /// The sentence, as written.
    pub sentence: String,
    /// The part of the pattern that matched.
    pub matched_pattern: String,
    /// The text it matched.
    pub matched_text: String,
    /// The part of the pattern before it that did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_before: Option<String>,
    /// The part of the pattern after it that did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_after: Option<String>,
    /// The words of the sentence just before the matched text.
    pub text_before: String,
    /// The words of the sentence just after the matched text.
    pub text_after: String,
}

/// Two sources' values compared.
#[derive(Debug, Clone, Serialize)]
pub struct PairTrace {
    /// First source.
    pub a: String,
    /// Its value.
    pub a_value: String,
    /// Second source.
    pub b: String,
    /// Its value.
    pub b_value: String,
    /// Whether they agree.
    pub verdict: Verdict,
    /// Why (interval overlap, alias, similarity and threshold).
    pub why: String,
}

/// The `expect` check of a slot.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectTrace {
    /// `expect` as written.
    pub written: String,
    /// As normalized.
    pub value: String,
    /// Each value found, compared with it.
    pub results: Vec<ExpectResult>,
}

/// One value compared with `expect`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectResult {
    /// The source.
    pub source: String,
    /// Its value.
    pub value: String,
    /// Whether it agrees with `expect`.
    pub verdict: Verdict,
    /// Why.
    pub why: String,
}

/// A finding of the slot, in short.
#[derive(Debug, Clone, Serialize)]
pub struct FindingTrace {
    /// What kind.
    pub kind: FindingKind,
    /// How serious.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// The reason.
    pub reason: String,
}

/// Slot and source names in the options that match nothing, as errors with a
/// "did you mean".
pub fn check_filters(
    rules: &RuleSet,
    sources: &[Source],
    options: &ExplainOptions,
) -> Vec<Diagnostic> {
    let slot_ids: Vec<&str> = rules
        .stories
        .iter()
        .flat_map(|s| s.slots.iter().map(|slot| slot.id.as_str()))
        .collect();
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let unknown = |what: &str, given: &str, known: &[&str]| {
        let help = match did_you_mean(given, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("{what}s are: {}", known.join(", ")),
        };
        Diagnostic::error(ErrorKind::Input, format!("no {what} `{given}`")).with_help(help)
    };
    let mut out = Vec::new();
    for slot in &options.slots {
        if !slot_ids.contains(&slot.as_str()) {
            out.push(unknown("slot", slot, &slot_ids));
        }
    }
    for source in &options.sources {
        if !names.contains(&source.as_str()) {
            out.push(unknown("source", source, &names));
        }
    }
    out
}

/// Trace extraction and comparison of `rules` over `sources`.
pub fn explain(rules: &RuleSet, sources: &[Source], options: &ExplainOptions) -> Explanation {
    let extraction = extract(rules, sources, options.default_date);
    let (findings, _) = compare(rules, sources, &extraction);
    let shown =
        |name: &str| options.sources.is_empty() || options.sources.iter().any(|s| s == name);
    let stories = rules
        .stories
        .iter()
        .enumerate()
        .map(|(story_index, story)| {
            let ctx = StoryContext {
                story,
                story_index,
                sources,
                extraction: &extraction,
                prefilter: Prefilter::new(story),
            };
            let scope = sources
                .iter()
                .filter(|s| shown(&s.name))
                .map(|s| ScopeTrace {
                    source: s.name.clone(),
                    applies: story.scope.check_source(s).is_ok(),
                    why: scope_why(story, s),
                })
                .collect();
            let slots = story
                .slots
                .iter()
                .enumerate()
                .filter(|(_, slot)| options.slots.is_empty() || options.slots.contains(&slot.id))
                .map(|(slot_index, slot)| {
                    let mut trace = ctx.slot(slot_index, slot, &shown);
                    trace.findings = findings
                        .iter()
                        .filter(|f| f.story == story.id && f.slot == slot.id)
                        .map(|f| FindingTrace {
                            kind: f.kind,
                            severity: f.severity,
                            message: f.message.clone(),
                            reason: f.reason.clone(),
                        })
                        .collect();
                    trace
                })
                .collect();
            StoryTrace {
                story: story.id.clone(),
                path: story.path.clone(),
                scope,
                slots,
            }
        })
        .collect();
    Explanation { stories }
}

fn scope_why(story: &Story, source: &Source) -> String {
    if story.scope.is_empty() {
        return "the story has no scope: it applies to every source".into();
    }
    match story.scope.check_source(source) {
        Err(why) => why,
        Ok(()) => {
            let any = story
                .scope
                .any
                .iter()
                .find(|(_, re)| re.is_match(&source.text))
                .map(|(t, _)| format!("mentions `{t}`"));
            let all = (!story.scope.all.is_empty()).then(|| {
                let terms: Vec<String> = story
                    .scope
                    .all
                    .iter()
                    .map(|(t, _)| format!("`{t}`"))
                    .collect();
                format!("mentions all of {}", terms.join(", "))
            });
            [any, all]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

struct StoryContext<'a> {
    story: &'a Story,
    story_index: usize,
    sources: &'a [Source],
    extraction: &'a Extraction,
    prefilter: Prefilter,
}

impl StoryContext<'_> {
    fn fills(&self, slot: usize, source: Option<usize>) -> Vec<&Fill> {
        self.extraction
            .fills
            .iter()
            .filter(|f| {
                f.story == self.story_index
                    && f.slot == slot
                    && source.is_none_or(|s| f.source == s)
            })
            .collect()
    }

    fn slot(&self, slot_index: usize, slot: &Slot, shown: &dyn Fn(&str) -> bool) -> SlotTrace {
        let patterns = slot
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| PatternInfo {
                number: i + 1,
                text: p.source.clone(),
                regex: p.is_regex,
                anchor: p.anchor.clone(),
                placeholder: p.placeholder,
            })
            .collect();
        let sources = self
            .sources
            .iter()
            .enumerate()
            .filter(|(_, s)| shown(&s.name))
            .map(|(i, source)| self.source(slot_index, slot, i, source))
            .collect();

        // Each source's value, as compare takes it (fills come sorted by source).
        let fills = self.fills(slot_index, None);
        let primaries: Vec<&Fill> = fills
            .chunk_by(|a, b| a.source == b.source)
            .filter_map(|group| source_value(slot, group.iter().copied()))
            .collect();
        let name = |i: usize| {
            self.sources
                .get(i)
                .map_or_else(String::new, |s| s.name.clone())
        };
        let mut comparisons = Vec::new();
        for (i, a) in primaries.iter().enumerate() {
            for b in primaries.iter().skip(i + 1) {
                if !shown(&name(a.source)) && !shown(&name(b.source)) {
                    continue;
                }
                let c = slot.kind.compare(&a.value, &b.value, &slot.options);
                comparisons.push(PairTrace {
                    a: name(a.source),
                    a_value: a.value.display(),
                    b: name(b.source),
                    b_value: b.value.display(),
                    verdict: c.verdict,
                    why: c.why,
                });
            }
        }
        let expect = slot.expect.as_ref().map(|(written, expected)| ExpectTrace {
            written: written.clone(),
            value: expected.display(),
            results: self
                .fills(slot_index, None)
                .into_iter()
                .filter(|f| shown(&name(f.source)))
                .map(|f| {
                    let c = slot.kind.compare(expected, &f.value, &slot.options);
                    ExpectResult {
                        source: name(f.source),
                        value: f.value.display(),
                        verdict: c.verdict,
                        why: c.why,
                    }
                })
                .collect(),
        });
        SlotTrace {
            slot: slot.id.clone(),
            kind: slot.kind,
            location: format!("{}:{}", self.story.path, slot.line),
            patterns,
            sources,
            comparisons,
            expect,
            findings: Vec::new(),
        }
    }

    fn source(
        &self,
        slot_index: usize,
        slot: &Slot,
        source_index: usize,
        source: &Source,
    ) -> SourceTrace {
        let selection = self.extraction.selections.get(source_index);
        let applies = selection.is_some_and(|s| s.stories.contains(&self.story_index));
        // The date extraction used, resolved once in `extract::select`.
        let published = selection.and_then(|s| s.published_for(self.story_index));
        let fills = self.fills(slot_index, Some(source_index));
        let chosen = source_value(slot, fills.iter().copied());
        let mut trace = SourceTrace {
            source: source.name.clone(),
            path: source.display_path(),
            applies,
            published: published.map(|d| d.to_string()),
            value: chosen.map(|f| f.value.display()),
            attempts: Vec::new(),
        };
        if !applies {
            return trace;
        }
        let candidates = self.prefilter.candidates(source);
        // Spans already captured, and by which pattern: extraction keeps the
        // first pattern's value when two capture the same words.
        let mut captured: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for (pattern_index, pattern) in slot.patterns.iter().enumerate() {
            let sentences =
                self.prefilter
                    .sentences(&candidates, source, slot_index, pattern_index);
            let why = match &pattern.anchor {
                Some(anchor) if sentences.is_empty() => {
                    format!("no sentence contains `{anchor}`")
                }
                Some(anchor) => format!(
                    "{} `{anchor}`",
                    plural(sentences.len(), "sentence contains", "sentences contain")
                ),
                None => format!(
                    "no literal word to look for: tried every sentence ({})",
                    sentences.len()
                ),
            };
            let mut attempt = Attempt {
                pattern: pattern_index + 1,
                tried: sentences.len(),
                sentences: why,
                matches: Vec::new(),
                nearest: Vec::new(),
            };
            for sentence in &sentences {
                let Some(text) = source.text.get(sentence.range()) else {
                    continue;
                };
                for found in pattern.matches(text) {
                    if text
                        .get(found.value.clone())
                        .unwrap_or("")
                        .trim()
                        .is_empty()
                    {
                        continue;
                    }
                    let span = sentence.start + found.value.start..sentence.start + found.value.end;
                    let matched =
                        sentence.start + found.whole.start..sentence.start + found.whole.end;
                    let outcome =
                        if let Some((_, earlier)) = captured.iter().find(|(s, _)| *s == span) {
                            MatchOutcome::Duplicate {
                                pattern: earlier + 1,
                            }
                        } else if let Some(fill) = fills
                            .iter()
                            .find(|f| f.span == span && f.pattern == pattern_index)
                        {
                            captured.push((span.clone(), pattern_index));
                            MatchOutcome::Value {
                                value: fill.value.display(),
                                derivation: fill.derivation.clone(),
                                first: chosen.is_some_and(|f| std::ptr::eq(f, *fill)),
                            }
                        } else {
                            let error = slot
                                .kind
                                .parse(
                                    text.get(found.value.clone()).unwrap_or(""),
                                    published,
                                    &slot.options,
                                )
                                .err()
                                .unwrap_or_else(|| "not kept by extraction".into());
                            MatchOutcome::Invalid { error }
                        };
                    attempt.matches.push(MatchTrace {
                        location: location(source, span.start),
                        sentence: tidy(source.original_slice(sentence.range())),
                        matched: tidy(source.original_slice(matched)),
                        raw: tidy(source.original_slice(span)),
                        outcome,
                    });
                }
            }
            trace.attempts.push(attempt);
        }
        if fills.is_empty() {
            for (attempt, pattern) in trace.attempts.iter_mut().zip(&slot.patterns) {
                if !pattern.is_regex {
                    attempt.nearest = nearest(
                        source,
                        &pattern.source,
                        &candidates_for(
                            source,
                            &pattern.source,
                            &self.prefilter.sentences(
                                &candidates,
                                source,
                                slot_index,
                                attempt.pattern - 1,
                            ),
                        ),
                    );
                }
            }
        }
        trace
    }
}

/// Short function words match almost every sentence: a partial match must
/// hold a word that says something.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "for", "from", "with", "that", "this", "into", "over", "than", "was", "were",
    "are", "has", "had", "have", "its", "his", "her", "their", "not", "but", "who", "which",
];

/// Whether a literal word of a pattern is evidence of a near match: three
/// letters or more and not a function word.
fn significant(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphanumeric()).count() >= 3
        && !FUNCTION_WORDS.contains(&word.to_lowercase().as_str())
}

/// The sentences to look for partial matches in: those the pattern was tried
/// on, or, when its prefilter word is in none, those holding any of its
/// significant literal words.
fn candidates_for(source: &Source, pattern: &str, tried: &[Sentence]) -> Vec<Sentence> {
    if !tried.is_empty() {
        return tried.to_vec();
    }
    let words: Vec<String> = parse(pattern)
        .map(|tokens| {
            tokens
                .iter()
                .filter_map(|t| match t {
                    Token::Word(w) if significant(w) => Some(w.to_lowercase()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    source
        .sentences
        .iter()
        .filter(|s| {
            let text = source.sentence_text(**s).to_lowercase();
            words.iter().any(|w| text.contains(w.as_str()))
        })
        .copied()
        .collect()
}

/// The longest parts of a pattern matching in the sentences, best first.
fn nearest(source: &Source, pattern: &str, sentences: &[Sentence]) -> Vec<NearMiss> {
    let Ok((texts, parts)) = parts(pattern) else {
        return Vec::new();
    };
    let Ok(tokens) = parse(pattern) else {
        return Vec::new();
    };
    // Only parts holding a significant word or a choice count as a near match.
    let parts: Vec<_> = parts
        .into_iter()
        .filter(|p| {
            tokens.get(p.start..p.end).is_some_and(|run| {
                run.iter().any(|t| match t {
                    Token::Word(w) => significant(w),
                    Token::Choice(_) => true,
                    _ => false,
                })
            })
        })
        .collect();
    let mut found: Vec<(usize, usize, usize, NearMiss)> = Vec::new();
    for (order, sentence) in sentences.iter().enumerate() {
        let Some(text) = source.text.get(sentence.range()) else {
            continue;
        };
        let Some((part, m)) = parts
            .iter()
            .find_map(|p| p.regex.find(text).map(|m| (p, m)))
        else {
            continue;
        };
        let join = |range: std::ops::Range<usize>| {
            let words = texts.get(range).unwrap_or_default();
            (!words.is_empty()).then(|| words.join(" "))
        };
        let start = sentence.start + m.start();
        let end = sentence.start + m.end();
        let before = tidy(source.original_slice(sentence.start..start));
        let after = tidy(source.original_slice(end..sentence.end));
        let before_words: Vec<&str> = before.split(' ').filter(|w| !w.is_empty()).collect();
        let after_words: Vec<&str> = after.split(' ').filter(|w| !w.is_empty()).collect();
        found.push((
            part.end - part.start,
            part.literals,
            order,
            NearMiss {
                location: location(source, start),
                sentence: tidy(source.original_slice(sentence.range())),
                matched_pattern: join(part.start..part.end).unwrap_or_default(),
                matched_text: tidy(source.original_slice(start..end)),
                missing_before: join(0..part.start),
                missing_after: join(part.end..texts.len()),
                text_before: before_words
                    .get(before_words.len().saturating_sub(CONTEXT_WORDS)..)
                    .unwrap_or_default()
                    .join(" "),
                text_after: after_words
                    .get(..after_words.len().min(CONTEXT_WORDS))
                    .unwrap_or_default()
                    .join(" "),
            },
        ));
    }
    found.sort_by(|a, b| (b.0, b.1, a.2).cmp(&(a.0, a.1, b.2)));
    found
        .into_iter()
        .take(NEAREST)
        .map(|(_, _, _, n)| n)
        .collect()
}

fn location(source: &Source, offset: usize) -> String {
    let p = source.position(offset);
    format!("{}:{}:{}", source.display_path(), p.line, p.column)
}

/// Source text for display: white space runs as one space, control and bidi
/// characters replaced, trimmed.
fn tidy(text: &str) -> String {
    text.split_whitespace()
        .map(crate::report::sanitize::terminal)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::LoadOptions;

    fn run(yaml: &str, texts: &[(&str, &str)], slot: &str) -> SlotTrace {
        let story = crate::rules::parse_story(yaml, "r.yaml").unwrap();
        let rules = RuleSet {
            stories: vec![story],
        };
        let sources: Vec<Source> = texts
            .iter()
            .map(|(n, t)| {
                Source::from_text(
                    Some((*n).into()),
                    None,
                    (*t).into(),
                    &LoadOptions::default(),
                )
            })
            .collect();
        let options = ExplainOptions {
            slots: vec![slot.into()],
            ..ExplainOptions::default()
        };
        assert!(check_filters(&rules, &sources, &options).is_empty());
        let mut e = explain(&rules, &sources, &options);
        e.stories.remove(0).slots.remove(0)
    }

    const YAML: &str = "story: demo\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles in 2022\"]\n";

    #[test]
    fn matches_carry_raw_value_and_derivation() {
        let t = run(
            YAML,
            &[
                ("a", "The North fired nearly 70 missiles in 2022."),
                ("b", "It fired 45 missiles in 2022 alone."),
            ],
            "missiles",
        );
        let m = &t.sources[0].attempts[0].matches[0];
        assert_eq!(m.raw, "nearly 70");
        assert_eq!(m.matched, "fired nearly 70 missiles in 2022");
        assert_eq!(m.location, "<stdin>:1:17");
        match &m.outcome {
            MatchOutcome::Value {
                value,
                derivation,
                first,
            } => {
                assert_eq!(value, "nearly 70");
                assert_eq!(derivation, "`nearly 70` -> [63, 70)");
                assert!(first);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(t.comparisons.len(), 1);
        assert_eq!(t.comparisons[0].verdict, Verdict::Different);
        assert!(t.sources[0].attempts[0].nearest.is_empty());
    }

    #[test]
    fn an_empty_slot_shows_the_nearest_partial_match() {
        let t = run(
            YAML,
            &[
                ("a", "The North fired nearly 70 missiles in 2022."),
                ("b", "It launched 45 missiles last year. Nothing else."),
            ],
            "missiles",
        );
        let b = &t.sources[1];
        assert_eq!(b.value, None);
        let attempt = &b.attempts[0];
        assert_eq!(attempt.sentences, "1 sentence contains `missiles`");
        assert!(attempt.matches.is_empty());
        let near = &attempt.nearest[0];
        assert_eq!(near.matched_pattern, "{number} missiles");
        assert_eq!(near.matched_text, "45 missiles");
        assert_eq!(near.missing_before.as_deref(), Some("fired"));
        assert_eq!(near.missing_after.as_deref(), Some("in 2022"));
        assert_eq!(near.text_before, "It launched");
        assert_eq!(near.text_after, "last year.");
    }

    #[test]
    fn unknown_filters_suggest_the_nearest_name() {
        let story = crate::rules::parse_story(YAML, "r.yaml").unwrap();
        let rules = RuleSet {
            stories: vec![story],
        };
        let options = ExplainOptions {
            slots: vec!["missile".into()],
            ..ExplainOptions::default()
        };
        let d = check_filters(&rules, &[], &options);
        assert_eq!(d[0].message, "no slot `missile`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `missiles`?"));
    }
}
