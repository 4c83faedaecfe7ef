//! The rule-free quote check behind `crosswire quotes`: load sources, find
//! every quote in each, align them across sources and turn every drift into a
//! `wording` finding. The result, [`QuoteReport`], is plain data that
//! `report::quotes_text` and JSON render (docs/output.md).
//!
//! This module owns the findings' messages and reasons and fills the report's
//! per-quote classes and group numbers; the report's data types live in
//! `report::quotes` (so reporters can render them) and the algorithms in
//! [`crate::quotation`].

use std::collections::HashMap;
use std::path::PathBuf;

use crate::compare::{join_names_for, locate_in, Finding, FindingKind, Severity, WordDiff};
use crate::error::Level;
use crate::kinds::phrase;
use crate::quotation::align::{align, AlignOptions, Group, QuoteText, Relation, SPEAKER_BONUS};
use crate::quotation::{found_and_texts, same_speaker, Quote};
pub use crate::report::quotes::{QuoteClass, QuoteEntry, QuoteReport, QuoteSummary};
use crate::report::{SourceStatus, FORMAT_VERSION};
use crate::source::{load_inputs, Input, LoadOptions, Source};

/// The `story` of every quote finding: there is no rule file.
pub const QUOTES_STORY: &str = "quotes";

/// Options of [`check`].
#[derive(Debug, Clone, Default)]
pub struct QuoteOptions {
    /// Alignment options; `min_words` is `--min-words`.
    pub align: AlignOptions,
    /// Threads (default: all cores).
    pub jobs: Option<usize>,
}

/// `options` with the `name` kind's test of one person, unless it has its
/// own: two spellings of one speaker's name are one speaker, as in `check`.
fn with_name_test(options: &AlignOptions) -> AlignOptions {
    AlignOptions {
        same_person: options
            .same_person
            .or(Some(crate::kinds::name::same_person)),
        ..options.clone()
    }
}

/// Load the paths (files, folders, `-`) and check their quotes. The run
/// builds its thread pool once, as `Checker` runs do.
pub fn check_paths(paths: &[PathBuf], options: &QuoteOptions) -> QuoteReport {
    crate::check::run_with_jobs(options.jobs, || {
        check_on_pool(load_inputs(paths, &LoadOptions::default()), options)
    })
}

/// Find, attribute and align the quotes of loaded inputs.
pub fn check(inputs: Vec<Input>, options: &QuoteOptions) -> QuoteReport {
    crate::check::run_with_jobs(options.jobs, || check_on_pool(inputs, options))
}

/// [`check`] on the current pool.
fn check_on_pool(inputs: Vec<Input>, options: &QuoteOptions) -> QuoteReport {
    let crate::check::Accounted {
        entries,
        sources,
        diagnostics,
        ..
    } = crate::check::account_inputs(inputs);

    let (found, texts) = found_and_texts(&sources);
    let align_options = with_name_test(&options.align);
    let groups = align(&texts, &align_options);

    // Number the groups that hold quotes of two or more sources, in order.
    let mut numbered: Vec<(usize, &Group)> = Vec::new();
    for g in groups.iter().filter(|g| g.members.len() > 1) {
        numbered.push((numbered.len() + 1, g));
    }

    // Each quote's group, looked up rather than searched for (a search per
    // quote made a run quadratic in the number of quotes): the first
    // numbered group that holds it as a member or attachment, else the
    // group of it alone.
    let mut group_of: HashMap<(usize, usize), (usize, &Group)> = HashMap::new();
    for &(n, g) in &numbered {
        for &quote in g.members.iter().chain(g.attached.iter().map(|a| &a.quote)) {
            group_of.entry(quote).or_insert((n, g));
        }
    }
    let mut alone: HashMap<(usize, usize), &Group> = HashMap::new();
    for g in &groups {
        if let [only] = g.members.as_slice() {
            alone.entry(*only).or_insert(g);
        }
    }

    let mut quotes = Vec::new();
    for (s, (source, found)) in sources.iter().zip(&found).enumerate() {
        for (q, quote) in found.iter().enumerate() {
            let located = locate_in(
                source,
                quote.sentence.clone(),
                quote.span.clone(),
                String::new(),
            );
            let (class, group, attached_to, similarity) = match group_of
                .get(&(s, q))
                .and_then(|&(n, g)| Some((n, g, g.class_of((s, q))?)))
            {
                Some((n, g, relation)) => {
                    let attachment = g.attached.iter().find(|a| a.quote == (s, q));
                    let sim = attachment.map_or(g.drift.unwrap_or(g.similarity), |a| a.similarity);
                    let (group, attached_to) = match attachment {
                        Some(_) => (None, Some(n)),
                        None => (Some(n), None),
                    };
                    (
                        QuoteClass::from(relation),
                        group,
                        attached_to,
                        Some(round(sim)),
                    )
                }
                None => match alone.get(&(s, q)) {
                    Some(g) => (QuoteClass::Unique, None, None, Some(round(g.similarity))),
                    None => (QuoteClass::Short, None, None, None),
                },
            };
            quotes.push(QuoteEntry {
                source: source.name.clone(),
                path: source.display_path(),
                text: one_line(&located.text),
                line: located.line,
                column: located.column,
                sentence: located.sentence.to_string(),
                words: quote.words,
                partial: quote.partial,
                speaker: quote.speaker.as_ref().map(|sp| sp.name.clone()),
                cue: quote.speaker.as_ref().map(|sp| sp.cue),
                class,
                group,
                attached_to,
                similarity,
            });
        }
    }

    let findings = group_findings(
        &numbered,
        &groups,
        &sources,
        &found,
        &texts,
        &align_options,
        QUOTES_STORY,
    );

    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let summary = QuoteSummary {
        checked: sources.len(),
        skipped: entries
            .iter()
            .filter(|e| e.status == SourceStatus::Skipped)
            .count(),
        quotes: quotes.len(),
        groups: numbered.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        problems: diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count(),
    };
    QuoteReport {
        version: FORMAT_VERSION,
        sources: entries,
        findings,
        quotes,
        diagnostics,
        summary,
    }
}

/// The `wording` findings of every drifted quote group in `sources`, with
/// `story` as their story id (`crosswire facts` reports quotes beside figures).
pub fn drift_findings(sources: &[Source], options: &AlignOptions, story: &str) -> Vec<Finding> {
    let options = &with_name_test(options);
    let (found, texts) = found_and_texts(sources);
    let groups = align(&texts, options);
    let numbered: Vec<(usize, &Group)> = groups
        .iter()
        .filter(|g| g.members.len() > 1)
        .enumerate()
        .map(|(n, g)| (n + 1, g))
        .collect();
    group_findings(&numbered, &groups, sources, &found, &texts, options, story)
}

/// The findings of aligned quotes: a `wording` warning for each drifted or
/// truncated group, and a `conflict` for the same words given to different
/// speakers by two sources.
fn group_findings(
    numbered: &[(usize, &Group)],
    groups: &[Group],
    sources: &[Source],
    found: &[Vec<Quote>],
    texts: &[Vec<QuoteText>],
    options: &AlignOptions,
    story: &str,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = numbered
        .iter()
        .filter(|(_, g)| matches!(g.relation, Relation::Drift | Relation::Truncated))
        .map(|(n, g)| {
            let mut f = drift_finding(*n, g, sources, found, texts, options);
            f.story = story.to_string();
            f
        })
        .collect();
    findings.extend(misattributed(groups, sources, found, texts, story, options));
    findings
}

/// Quotes whose words another source gives, word for word, to a different
/// speaker: who said it is in dispute. Any two quotes count, whatever group
/// each joined: a quote aligned with a third source's rewording of it (the
/// same speaker's) is still the same words as a quote given to someone else.
fn misattributed(
    groups: &[Group],
    sources: &[Source],
    found: &[Vec<Quote>],
    texts: &[Vec<QuoteText>],
    story: &str,
    options: &AlignOptions,
) -> Vec<Finding> {
    use std::collections::BTreeMap;
    let text_of = |(s, q): (usize, usize)| texts.get(s).and_then(|t| t.get(q));
    let mut by_words: BTreeMap<&[String], Vec<(usize, usize)>> = BTreeMap::new();
    for g in groups {
        for &(s, q) in &g.members {
            if let Some(t) = text_of((s, q)) {
                if t.words.len() >= 4 && t.speaker.is_some() {
                    by_words.entry(t.words.as_slice()).or_default().push((s, q));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (n, list) in by_words.values().enumerate() {
        // Each quote is held against the first quote of every speaker seen
        // before it (few per words), so a long list costs linear time.
        let mut speakers: Vec<((usize, usize), &QuoteText)> = Vec::new();
        let mut pair = None;
        for &quote in list {
            let Some(tb) = text_of(quote) else { continue };
            if let Some(&(earlier, _)) = speakers.iter().find(|&&((s, _), ta)| {
                s != quote.0 && super::align::same_words_other_speaker(ta, tb, options).is_some()
            }) {
                pair = Some((earlier, quote));
                break;
            }
            if !speakers.iter().any(|(_, ta)| ta.speaker == tb.speaker) {
                speakers.push((quote, tb));
            }
        }
        let Some((first, other)) = pair else { continue };
        let mut values = Vec::new();
        for (s, q) in [first, other] {
            let (Some(source), Some(quote)) = (sources.get(s), found.get(s).and_then(|f| f.get(q)))
            else {
                continue;
            };
            let mut l = locate_in(
                source,
                quote.sentence.clone(),
                quote.span.clone(),
                String::new(),
            );
            l.text = one_line(&l.text);
            l.value = l.text.clone();
            l.speaker = quote.speaker.as_ref().map(|sp| sp.name.clone());
            l.cue = quote.speaker.as_ref().map(|sp| sp.cue);
            values.push(l);
        }
        let [a, b] = values.as_slice() else { continue };
        let who = |l: &crate::compare::Located| {
            format!("{} ({})", l.speaker.clone().unwrap_or_default(), l.source)
        };
        out.push(Finding {
            story: story.to_string(),
            slot: format!("speaker-{}", n + 1),
            kind: FindingKind::Conflict,
            severity: FindingKind::Conflict.default_severity(),
            message: format!(
                "{} and {} give the same words to different speakers",
                a.source, b.source
            ),
            reason: format!(
                "the words match (identical) but the speakers differ: {} vs {}",
                who(a),
                who(b)
            ),
            values: values.clone(),
            expected: None,
            missing_from: Vec::new(),
            diffs: Vec::new(),
            groups: Vec::new(),
        });
    }
    out
}

fn drift_finding(
    number: usize,
    group: &Group,
    sources: &[Source],
    found: &[Vec<Quote>],
    texts: &[Vec<QuoteText>],
    options: &AlignOptions,
) -> Finding {
    let min_similarity = options.min_similarity;
    let one_speaker =
        |a: &str, b: &str| same_speaker(a, b) || options.same_person.is_some_and(|same| same(a, b));
    let mut values = Vec::new();
    let mut written: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut speakers: Vec<String> = Vec::new();
    for &(s, q) in &group.members {
        let (Some(source), Some(quote), Some(text)) = (
            sources.get(s),
            found.get(s).and_then(|f| f.get(q)),
            texts.get(s).and_then(|t| t.get(q)),
        ) else {
            continue;
        };
        let mut located = locate_in(
            source,
            quote.sentence.clone(),
            quote.span.clone(),
            String::new(),
        );
        located.text = one_line(&located.text);
        located.speaker = quote.speaker.as_ref().map(|sp| sp.name.clone());
        located.cue = quote.speaker.as_ref().map(|sp| sp.cue);
        if let Some(sp) = &located.speaker {
            if !speakers.iter().any(|k| one_speaker(k, sp)) {
                speakers.push(sp.clone());
            }
        }
        let shown =
            phrase::parse(&located.text).map_or_else(|_| located.text.clone(), |(v, _)| v.written);
        located.value = shown.clone();
        written.push((source.name.clone(), shown, text.words.clone()));
        values.push(located);
    }
    // Word diffs of each distinct wording against the first member's.
    let mut diffs = Vec::new();
    if let Some(((base_name, base_text, base_words), others)) = written.split_first() {
        let mut seen: Vec<&Vec<String>> = vec![base_words];
        for (name, text, words) in others {
            if seen.contains(&words) {
                continue;
            }
            seen.push(words);
            diffs.push(WordDiff {
                from: base_name.clone(),
                to: name.clone(),
                ops: crate::text::diff::word_diff(base_text, text),
            });
        }
    }
    let names: Vec<String> = values.iter().map(|v| v.source.clone()).collect();
    let who = match speakers.as_slice() {
        [] => "the same words".to_string(),
        [one] => one.clone(),
        many => join_names_for(many),
    };
    let same = speakers.len() == 1 && values.iter().all(|v| v.speaker.is_some());
    // Say when the speakers differ (a medium relaying a person, say): the
    // words are aligned, the attribution is not the same.
    let differ = if speakers.len() > 1 {
        let named: Vec<String> = values
            .iter()
            .filter_map(|v| Some(format!("{} ({})", v.speaker.clone()?, v.source)))
            .collect();
        format!("; the speakers differ: {}", named.join(", "))
    } else {
        String::new()
    };
    let (message, reason) = if group.relation == Relation::Truncated {
        (
            format!("{} quote {who} with words dropped", join_names_for(&names)),
            format!("{}{differ}", truncation(group, sources, texts)),
        )
    } else {
        let score = group.drift.unwrap_or(group.similarity).max(min_similarity);
        (
            format!("{} quote {who} differently", join_names_for(&names)),
            format!(
                "the same utterance worded differently: score {score:.2} >= {min_similarity:.2} (word similarity{}){differ}",
                if same {
                    format!(" + {SPEAKER_BONUS} for the same speaker")
                } else {
                    String::new()
                },
            ),
        )
    };
    Finding {
        groups: Vec::new(),
        story: QUOTES_STORY.to_string(),
        slot: format!("quote-{number}"),
        kind: FindingKind::Wording,
        severity: FindingKind::Wording.default_severity(),
        message,
        reason,
        values,
        expected: None,
        missing_from: Vec::new(),
        diffs,
    }
}

/// Why a truncated group is a finding: which source's quote stops where,
/// and the words it leaves out.
fn truncation(group: &Group, sources: &[Source], texts: &[Vec<QuoteText>]) -> String {
    let text = |&(s, q): &(usize, usize)| texts.get(s).and_then(|t| t.get(q));
    let name = |&(s, _): &(usize, usize)| sources.get(s).map_or(String::new(), |x| x.name.clone());
    for a in &group.members {
        for b in &group.members {
            let (Some(ta), Some(tb)) = (text(a), text(b)) else {
                continue;
            };
            let n = ta.words.len();
            if a == b || n == 0 || n >= tb.words.len() {
                continue;
            }
            let Some(i) = tb.words.windows(n).position(|w| w == ta.words.as_slice()) else {
                continue;
            };
            let end = i + n;
            if end >= tb.words.len() || tb.breaks.get(end - 1) != Some(&false) {
                continue;
            }
            let stop = (end..tb.words.len())
                .find(|&k| tb.breaks.get(k) == Some(&true))
                .map_or(tb.words.len(), |k| k + 1)
                .min(end + 4);
            let dropped = tb.words.get(end..stop).unwrap_or(&[]).join(" ");
            return format!(
                "an excerpt that changes what was said: {}'s quote \"{}\" stops inside {}'s, which goes on \"{dropped}\"",
                name(a),
                ta.words.join(" "),
                name(b)
            );
        }
    }
    "an excerpt that stops inside the other quote's phrase".to_string()
}

/// A quotation as one line: a line or paragraph break inside it is a space,
/// never a control character for a report to replace.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Input {
        Input::Loaded(Source::from_text(
            Some(name.into()),
            None,
            text.into(),
            &LoadOptions::default(),
        ))
    }

    #[test]
    fn guillemets_spaced_or_not_are_quotes_as_sources_give_them() {
        let report = check(
            vec![
                source(
                    "a",
                    "Kim said «we will never give up our nuclear weapons» on Monday.\n",
                ),
                source(
                    "b",
                    "Kim Jong Un said « we shall never give up our nuclear arms » on Monday.\n",
                ),
            ],
            &QuoteOptions::default(),
        );
        let texts: Vec<&str> = report.quotes.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "we will never give up our nuclear weapons",
                "we shall never give up our nuclear arms"
            ]
        );
        assert_eq!(report.quotes[0].speaker.as_deref(), Some("Kim"));
        assert!(report.quotes.iter().all(|q| q.class == QuoteClass::Drift));
        assert_eq!(report.findings.len(), 1);
        let f = &report.findings[0];
        assert_eq!(f.kind, FindingKind::Wording);
        assert_eq!(f.slot, "quote-1");
        assert_eq!(f.message, "a and b quote Kim differently");
        assert_eq!(f.values[1].column, 20);
        assert!(report.fails(Some(Severity::Warning)));
        assert!(!report.fails(Some(Severity::Error)));
    }

    #[test]
    fn a_quote_across_a_line_break_reads_as_one_line() {
        let report = check(
            vec![source(
                "a",
                "\"The water came through the walls\nand took the whole kitchen,\" said Ana Ruiz.\n",
            )],
            &QuoteOptions::default(),
        );
        assert_eq!(
            report.quotes[0].text,
            "The water came through the walls and took the whole kitchen"
        );
        let shown = crate::report::quotes_text::render(
            &report,
            crate::report::text::TextOptions {
                color: false,
                show_missing: true,
            },
        );
        assert!(!shown.contains('\u{FFFD}'), "{shown}");
        assert!(shown.contains("walls and took"), "{shown}");
    }

    #[test]
    fn an_excerpt_that_drops_the_end_of_a_phrase_is_a_warning_a_clean_one_is_not() {
        let report = check(
            vec![
                source("a", "\"There is no park,\" Mayor Ana Lis said.\n"),
                source(
                    "b",
                    "\"There is no park ranger in the valley,\" Mayor Ana Lis said.\n",
                ),
                source(
                    "c",
                    "\"There is no park, and no school either,\" Mayor Ana Lis said.\n",
                ),
            ],
            &QuoteOptions::default(),
        );
        let classes: Vec<&str> = report.quotes.iter().map(|q| q.class.as_str()).collect();
        assert_eq!(classes, ["truncated", "truncated", "truncated"]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(f.kind, FindingKind::Wording);
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("with words dropped"), "{}", f.message);
        assert!(
            f.reason.contains("\"ranger in the valley\""),
            "{}",
            f.reason
        );

        // Without b, a is a clean excerpt of c: no finding.
        let report = check(
            vec![
                source("a", "\"There is no park,\" Mayor Ana Lis said.\n"),
                source(
                    "c",
                    "\"There is no park, and no school either,\" Mayor Ana Lis said.\n",
                ),
            ],
            &QuoteOptions::default(),
        );
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert_eq!(report.quotes[0].class, QuoteClass::Excerpt);
    }

    #[test]
    fn the_same_words_given_to_different_speakers_are_a_conflict() {
        let report = check(
            vec![
                source("a", "\"We will not close the border,\" Ana Lis said.\n"),
                source("b", "\"We will not close the border,\" Ivo Petrak said.\n"),
            ],
            &QuoteOptions::default(),
        );
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(f.kind, FindingKind::Conflict);
        assert_eq!(
            f.reason,
            "the words match (identical) but the speakers differ: Ana Lis (a) vs Ivo Petrak (b)"
        );
    }

    #[test]
    fn a_drift_reason_never_contradicts_itself() {
        // c's two words are an excerpt of a (low word similarity); a and b
        // drift. The reason gives the drift's score.
        let report = check(
            vec![
                source(
                    "a",
                    "\"We will rebuild every single house in this town,\" Kim said.\n",
                ),
                source(
                    "b",
                    "\"We shall rebuild every house in this town,\" Kim said.\n",
                ),
                source(
                    "c",
                    "Kim promised to rebuild \"every single house\" soon.\n",
                ),
            ],
            &QuoteOptions::default(),
        );
        for f in &report.findings {
            let score: f64 = f.reason["the same utterance worded differently: score ".len()..][..4]
                .parse()
                .unwrap();
            assert!(score >= 0.5, "{}", f.reason);
        }
    }

    #[test]
    fn no_quotes_no_findings_and_a_clean_summary() {
        let report = check(
            vec![source("a", "Nothing quoted here.\n")],
            &QuoteOptions::default(),
        );
        assert!(report.quotes.is_empty() && report.findings.is_empty());
        assert_eq!(
            report.summary_line(),
            "1 source read, 0 skipped; 0 quotes, 0 groups aligned across sources; no drifted quotes"
        );
    }
}
