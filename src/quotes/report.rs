//! The rule-free quote check behind `crosswire quotes`: load sources, find
//! every quote in each, align them across sources and turn every drift into a
//! `wording` finding. The result, [`QuoteReport`], is plain data that
//! `report::quotes_text` and JSON render (docs/output-quotes.md).
//!
//! This module owns the report's shape (per-quote classes, group numbers,
//! finding messages and reasons); the algorithms live in
//! [`mod@super::extract`], [`mod@super::speaker`] and [`mod@super::align`].

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::align::{align, AlignOptions, Group, QuoteText, Relation, SPEAKER_BONUS};
use super::extract::{find_quotes, Quote, SourceText};
use super::speaker::{same_speaker, Cue};
use crate::compare::{join_names_for, locate_in, Finding, FindingKind, Severity, WordDiff};
use crate::error::{Diagnostic, Level};
use crate::kinds::phrase;
use crate::report::{SourceEntry, SourceStatus, FORMAT_VERSION};
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

/// How one quote fared in the alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteClass {
    /// Another source quotes the same words.
    Identical,
    /// One quote is a contiguous part of the other's words: not a drift.
    Excerpt,
    /// The same utterance worded differently in another source: a finding.
    Drift,
    /// No other source has it.
    Unique,
    /// Fewer words than `--min-words` (a scare quote): not aligned.
    Short,
}

impl QuoteClass {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteClass::Identical => "identical",
            QuoteClass::Excerpt => "excerpt",
            QuoteClass::Drift => "drift",
            QuoteClass::Unique => "unique",
            QuoteClass::Short => "short",
        }
    }
}

impl From<Relation> for QuoteClass {
    fn from(r: Relation) -> Self {
        match r {
            Relation::Identical => QuoteClass::Identical,
            Relation::Excerpt => QuoteClass::Excerpt,
            Relation::Drift => QuoteClass::Drift,
            Relation::Unique => QuoteClass::Unique,
        }
    }
}

/// One quote found in one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteEntry {
    /// The source's name (outlet).
    pub source: String,
    /// The source's path as given, or `<stdin>`.
    pub path: String,
    /// The quoted words as written (without the quote marks).
    pub text: String,
    /// 1-based line of the first quoted word in the original file.
    pub line: usize,
    /// 1-based column (characters) of the first quoted word.
    pub column: usize,
    /// The quote's sentence as written (white space tidied).
    pub sentence: String,
    /// Number of words.
    pub words: usize,
    /// A fragment inside a sentence rather than a full quoted statement.
    pub partial: bool,
    /// Who said it, when a cue says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The attribution cue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Cue>,
    /// How it aligned across sources.
    pub class: QuoteClass,
    /// The aligned group's number (1-based, shared by the quotes of other
    /// sources it aligned with); absent for unique and short quotes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
    /// Word similarity with its group (1 identical); for a unique quote the
    /// best score it reached with a quote that did not align (0 when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuoteSummary {
    /// Sources read.
    pub checked: usize,
    /// Inputs skipped.
    pub skipped: usize,
    /// Quotes found.
    pub quotes: usize,
    /// Groups of quotes from two or more sources.
    pub groups: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity (drifts).
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
    /// Input problems (diagnostics at error level).
    pub problems: usize,
}

/// The result of a quote check, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteReport {
    /// Format version, the same as `check`'s.
    pub version: u32,
    /// Every input, read or skipped, in input order.
    pub sources: Vec<SourceEntry>,
    /// One `wording` finding per drifted group.
    pub findings: Vec<Finding>,
    /// Every quote found, by source then position.
    pub quotes: Vec<QuoteEntry>,
    /// Input problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: QuoteSummary,
}

impl QuoteReport {
    /// Whether any input error happened (exit 2).
    pub fn has_problems(&self) -> bool {
        self.summary.problems > 0
    }

    /// Whether any finding is at or above `level` (`None`: never fail).
    pub fn fails(&self, level: Option<Severity>) -> bool {
        crate::report::fails(&self.findings, level)
    }

    /// The one-line summary every format ends with.
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        use crate::report::plural;
        let mut line = format!(
            "{} read, {} skipped; {}, {} aligned across sources; ",
            plural(s.checked, "source", "sources"),
            s.skipped,
            plural(s.quotes, "quote", "quotes"),
            plural(s.groups, "group", "groups"),
        );
        let findings = s.errors + s.warnings + s.infos;
        if findings == 0 {
            line.push_str("no drifted quotes");
        } else {
            line.push_str(&plural(findings, "drifted quote", "drifted quotes"));
        }
        if s.problems > 0 {
            line.push_str(&format!("; {}", plural(s.problems, "problem", "problems")));
        }
        line
    }
}

/// Load the paths (files, folders, `-`) and check their quotes.
pub fn check_paths(paths: &[PathBuf], options: &QuoteOptions) -> QuoteReport {
    let inputs =
        crate::check::run_with_jobs(options.jobs, || load_inputs(paths, &LoadOptions::default()));
    check(inputs, options)
}

/// Find, attribute and align the quotes of loaded inputs.
pub fn check(inputs: Vec<Input>, options: &QuoteOptions) -> QuoteReport {
    let crate::check::Accounted {
        entries,
        sources,
        diagnostics,
        ..
    } = crate::check::account_inputs(inputs);

    let found: Vec<Vec<Quote>> =
        crate::check::run_with_jobs(options.jobs, || sources.par_iter().map(quotes_of).collect());
    let texts: Vec<Vec<QuoteText>> = sources
        .iter()
        .zip(&found)
        .map(|(source, quotes)| {
            quotes
                .iter()
                .map(|q| QuoteText::from_quote(&source.text, q))
                .collect()
        })
        .collect();
    let groups = align(&texts, &options.align);

    // Number the groups that hold quotes of two or more sources, in order.
    let mut numbered: Vec<(usize, &Group)> = Vec::new();
    for g in groups.iter().filter(|g| g.members.len() > 1) {
        numbered.push((numbered.len() + 1, g));
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
            let (class, group, similarity) = match numbered
                .iter()
                .find_map(|(n, g)| Some((n, g, g.class_of((s, q))?)))
            {
                Some((n, g, relation)) => {
                    let sim = g
                        .attached
                        .iter()
                        .find(|a| a.quote == (s, q))
                        .map_or(g.similarity, |a| a.similarity);
                    (QuoteClass::from(relation), Some(*n), Some(round(sim)))
                }
                None => match groups.iter().find(|g| g.members == [(s, q)]) {
                    Some(g) => (QuoteClass::Unique, None, Some(round(g.similarity))),
                    None => (QuoteClass::Short, None, None),
                },
            };
            quotes.push(QuoteEntry {
                source: source.name.clone(),
                path: source.display_path(),
                text: located.text,
                line: located.line,
                column: located.column,
                sentence: located.sentence,
                words: quote.words,
                partial: quote.partial,
                speaker: quote.speaker.as_ref().map(|sp| sp.name.clone()),
                cue: quote.speaker.as_ref().map(|sp| sp.cue),
                class,
                group,
                similarity,
            });
        }
    }

    let findings: Vec<Finding> = numbered
        .iter()
        .filter(|(_, g)| g.relation == Relation::Drift)
        .map(|(n, g)| {
            drift_finding(
                *n,
                g,
                &sources,
                &found,
                &texts,
                options.align.min_similarity,
            )
        })
        .collect();

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

/// The quotes of one source, as [`find_quotes`] finds them in its normalized
/// text, paragraphs and sentences (boilerplate already excluded).
pub fn quotes_of(source: &Source) -> Vec<Quote> {
    let sentences: Vec<std::ops::Range<usize>> =
        source.sentences.iter().map(|s| s.range()).collect();
    find_quotes(&SourceText {
        text: &source.text,
        paragraphs: source.paragraphs(),
        sentences: &sentences,
    })
}

fn drift_finding(
    number: usize,
    group: &Group,
    sources: &[Source],
    found: &[Vec<Quote>],
    texts: &[Vec<QuoteText>],
    min_similarity: f64,
) -> Finding {
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
        located.speaker = quote.speaker.as_ref().map(|sp| sp.name.clone());
        located.cue = quote.speaker.as_ref().map(|sp| sp.cue);
        if let Some(sp) = &located.speaker {
            if !speakers.iter().any(|k| same_speaker(k, sp)) {
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
                ops: phrase::word_diff(base_text, text),
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
    let reason = format!(
        "the same utterance worded differently: score {:.2} >= {:.2} (word similarity{})",
        group.similarity,
        min_similarity,
        if same {
            format!(" + {SPEAKER_BONUS} for the same speaker")
        } else {
            String::new()
        },
    );
    Finding {
        groups: Vec::new(),
        story: QUOTES_STORY.to_string(),
        slot: format!("quote-{number}"),
        kind: FindingKind::Wording,
        severity: FindingKind::Wording.default_severity(),
        message: format!("{} quote {who} differently", join_names_for(&names)),
        reason,
        values,
        expected: None,
        missing_from: Vec::new(),
        diffs,
    }
}

fn round(x: f64) -> f64 {
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
