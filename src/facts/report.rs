//! From aligned facts to a report: one fact-table row per aligned group, a
//! `conflict` finding where aligned values disagree (where they agree only
//! as variants, the finding `check` gives: `figure`, `spelling`, ...), each with both sentences, the
//! reason the facts were aligned and a score, plus the drifted quotes that
//! `crosswire quotes` would report.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::align::{align, compare, link, FactGroup};
use super::find::{find_facts, Fact};
use crate::compare::{
    join_names_for, locate_in, FactRow, Finding, FindingKind, Located, RowStatus,
};
use crate::kinds::{Comparison, Nuance, Verdict};
use crate::quotes::AlignOptions;
use crate::report::Report;
use crate::source::{load_inputs, Input, LoadOptions, Source};

/// The `story` of every finding of `crosswire facts`: there is no rule file.
pub const FACTS_STORY: &str = "facts";

/// Options of [`check`].
#[derive(Debug, Clone, Default)]
pub struct FactOptions {
    /// How quotes are aligned (`--min-words`).
    pub quotes: AlignOptions,
    /// Threads (default: all cores).
    pub jobs: Option<usize>,
}

/// How sure an alignment is, for machines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// The slot id shared by the finding and the fact-table row.
    pub slot: String,
    /// What the facts are about ("people killed", "magnitude", "governor").
    pub about: String,
    /// `agree`, `conflict`, or the finding of values that agree only as
    /// variants (`figure`, `spelling`, `partial`).
    pub status: String,
    /// The weakest link's score, 0..1 (docs/facts.md).
    pub score: f64,
    /// Why the facts were aligned.
    pub why: String,
    /// The sources whose facts were aligned, in source order.
    pub sources: Vec<String>,
}

/// The result of `crosswire facts`: a [`Report`] like `check`'s (findings,
/// fact table, sources, summary) and the score of every alignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsReport {
    /// Findings, fact table, sources, diagnostics and summary.
    #[serde(flatten)]
    pub report: Report,
    /// Every aligned group of facts, in slot order.
    pub alignments: Vec<Alignment>,
}

/// Load the paths (files, folders, `-`) and check their facts. The run
/// builds its thread pool once, as `Checker` runs do.
pub fn check_paths(paths: &[PathBuf], options: &FactOptions) -> FactsReport {
    crate::check::run_with_jobs(options.jobs, || {
        check_on_pool(load_inputs(paths, &LoadOptions::default()), options)
    })
}

/// Find, align and compare the facts of loaded inputs.
pub fn check(inputs: Vec<Input>, options: &FactOptions) -> FactsReport {
    crate::check::run_with_jobs(options.jobs, || check_on_pool(inputs, options))
}

/// [`check`] on the current pool.
fn check_on_pool(inputs: Vec<Input>, options: &FactOptions) -> FactsReport {
    let crate::check::Accounted {
        mut entries,
        sources,
        entry_of,
        diagnostics,
    } = crate::check::account_inputs(inputs);
    for &e in &entry_of {
        if let Some(entry) = entries.get_mut(e) {
            entry.stories = vec![FACTS_STORY.to_string()];
        }
    }
    let facts: Vec<Vec<Fact>> = sources.par_iter().map(find_facts).collect();
    let quote_findings = crate::quotes::drift_findings(&sources, &options.quotes, FACTS_STORY);
    let groups = align(&facts);

    let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    let mut used: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    let mut rows = Vec::new();
    let mut alignments = Vec::new();
    for group in &groups {
        let members: Vec<(&Source, &Fact)> = group
            .members
            .iter()
            .filter_map(|&(s, f)| Some((sources.get(s)?, facts.get(s)?.get(f)?)))
            .collect();
        let Some((_, first)) = members.first() else {
            continue;
        };
        let about = first.label();
        let slot = unique_slot(&slugify(&about), &mut used);
        let values: Vec<Located> = members
            .iter()
            .map(|(source, fact)| {
                let mut l = locate_in(
                    source,
                    fact.sentence.clone(),
                    fact.span.clone(),
                    fact.shown(),
                );
                l.text = crate::quotes::report::one_line(source.original_slice(fact.span.clone()));
                l
            })
            .collect();
        let (status, finding) = judge(&members, &values, group, &slot, &about);
        let mut filled: Vec<&str> = values.iter().map(|v| v.source.as_str()).collect();
        filled.sort_unstable();
        filled.dedup();
        rows.push(FactRow {
            story: FACTS_STORY.to_string(),
            slot: slot.clone(),
            kind: first.kind,
            status: finding
                .as_ref()
                .map_or(RowStatus::Agree, |f| RowStatus::Disputed(f.kind)),
            sources: names.clone().into(),
            filled: filled.len(),
            values,
        });
        alignments.push(Alignment {
            slot,
            about,
            status: status.to_string(),
            score: crate::quotes::report::round(group.score),
            why: group.why.clone(),
            sources: members.iter().map(|(s, _)| s.name.clone()).collect(),
        });
        findings.extend(finding);
    }
    let slots = rows.len();
    findings.extend(quote_findings);
    let mut report = Report {
        version: crate::report::FORMAT_VERSION,
        sources: entries,
        findings,
        slots: rows,
        diagnostics,
        summary: Default::default(),
    };
    report.summarize(usize::from(!sources.is_empty()), slots);
    FactsReport { report, alignments }
}

/// Decide a group: `agree`, `conflict`, or, for values that agree only as
/// variants, the finding `check` gives the same nuance (`figure` for figures
/// that agree only through a hedge, `spelling` for names spelled
/// differently), with the finding to report.
fn judge(
    members: &[(&Source, &Fact)],
    values: &[Located],
    group: &FactGroup,
    slot: &str,
    about: &str,
) -> (&'static str, Option<Finding>) {
    // Sort the members into classes of agreeing values, first come first.
    let mut classes: Vec<Vec<usize>> = Vec::new();
    let mut worst: Option<(usize, usize, Comparison)> = None;
    let mut variant: Option<(usize, usize, Comparison)> = None;
    for (i, (_, fact)) in members.iter().enumerate() {
        let mut placed = false;
        for class in classes.iter_mut() {
            let Some(&rep) = class.first() else { continue };
            let Some((_, other)) = members.get(rep) else {
                continue;
            };
            let c = compare(other, fact);
            match c.verdict {
                Verdict::Different => {
                    if worst.is_none() {
                        worst = Some((rep, i, c));
                    }
                }
                Verdict::Variant | Verdict::Same => {
                    // The worst way two agreeing values still differ, as
                    // `check` ranks them (a hedged figure over a spelling).
                    let worse = |v: &Option<(usize, usize, Comparison)>| {
                        v.as_ref().is_none_or(|(_, _, w)| c.nuance > w.nuance)
                    };
                    if c.verdict == Verdict::Variant && worse(&variant) {
                        variant = Some((rep, i, c));
                    }
                    if !placed {
                        class.push(i);
                        placed = true;
                    }
                }
            }
        }
        if !placed {
            classes.push(vec![i]);
        }
    }
    // Show the disagreeing pair the alignment is surest of.
    if worst.is_some() {
        let mut best: Option<(f64, usize, usize, Comparison)> = None;
        for (i, (_, x)) in members.iter().enumerate() {
            for (j, (_, y)) in members.iter().enumerate().skip(i + 1) {
                let c = compare(x, y);
                if c.verdict != Verdict::Different {
                    continue;
                }
                let score = link(x, y).map_or(0.0, |(s, _, _)| s);
                if best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, i, j, c));
                }
            }
        }
        worst = best.map(|(_, i, j, c)| (i, j, c));
    }
    let (kind, (a, b, c)) = match (worst, variant) {
        (Some(w), _) => (FindingKind::Conflict, w),
        (None, Some(v)) => (
            FindingKind::of_nuance(v.2.nuance.unwrap_or(Nuance::Wording)),
            v,
        ),
        (None, None) => return ("agree", None),
    };
    let said: Vec<String> = classes
        .iter()
        .map(|class| {
            let who: Vec<String> = class
                .iter()
                .filter_map(|&i| values.get(i).map(|v| v.source.clone()))
                .collect();
            let value = class
                .first()
                .and_then(|&i| values.get(i))
                .map_or(String::new(), |v| v.value.clone());
            format!("{value} ({})", join_names_for(&who))
        })
        .collect();
    let name = |i: usize| values.get(i).map_or(String::new(), |v| v.source.clone());
    let message = match kind {
        FindingKind::Conflict => format!("outlets disagree on {about}: {}", said.join(" vs ")),
        FindingKind::Spelling => format!("outlets spell the {about} differently"),
        FindingKind::Figure => format!(
            "outlets give different figures for {about}: {}",
            as_written(values).join(" vs ")
        ),
        _ => format!(
            "outlets word the {about} differently: {}",
            as_written(values).join(" vs ")
        ),
    };
    // Say why the two disagreeing facts were aligned; facts joined only
    // through a third source's fact get the group's reason.
    let (score, why) = match (members.get(a), members.get(b)) {
        (Some((_, x)), Some((_, y))) => {
            link(x, y).map_or((group.score, group.why.clone()), |(s, _, w)| (s, w))
        }
        _ => (group.score, group.why.clone()),
    };
    let reason = format!(
        "aligned because {why} (score {score:.2}); {} vs {}: {}",
        name(a),
        name(b),
        c.why
    );
    let finding = Finding {
        story: FACTS_STORY.to_string(),
        slot: slot.to_string(),
        kind,
        severity: kind.default_severity(),
        message,
        reason,
        values: values.to_vec(),
        expected: None,
        missing_from: Vec::new(),
        diffs: Vec::new(),
        groups: Vec::new(),
    };
    (kind.as_str(), Some(finding))
}

/// Each value as written with the sources that write it so ("at least 200
/// (a)"), first come first: the classes of agreeing values hold values
/// that agree only through a hedge together.
fn as_written(values: &[Located]) -> Vec<String> {
    let mut written: Vec<(&str, Vec<String>)> = Vec::new();
    for v in values {
        match written.iter_mut().find(|(w, _)| *w == v.value) {
            Some((_, who)) => who.push(v.source.clone()),
            None => written.push((&v.value, vec![v.source.clone()])),
        }
    }
    written
        .into_iter()
        .map(|(w, who)| format!("{w} ({})", join_names_for(&who)))
        .collect()
}

/// A slot id from a description: lowercase words joined by `-`.
pub(crate) fn slugify(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "fact".to_string()
    } else {
        words.join("-")
    }
}

/// `base`, or `base-2`, `base-3`, ... when taken.
pub(crate) fn unique_slot(base: &str, used: &mut Vec<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.push(id.clone());
    id
}
