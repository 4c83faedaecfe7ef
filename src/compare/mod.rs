//! Comparison: per slot, decide where the sources disagree.
//!
//! Input is the [`Fill`]s extraction produced; output is [`Finding`]s and the
//! fact table ([`FactRow`]): every slot's values in every source, so a reader
//! sees what each outlet says even where nothing disagrees.
//!
//! Per slot (docs/rules.md, "How agreement is decided", states the rules):
//! - each source's first value (in document order) is its value (for names,
//!   the fullest mention of the same person); a later value of the same source
//!   that is incompatible with it is an `internal` finding;
//! - the distinct values are compared pairwise, every pair, with the slot
//!   kind's comparator, so the verdict depends on the set of values and never
//!   on the order of the sources: any incompatible pair makes a `conflict`
//!   (or, for `grows:` slots, an `update` when the later figure is higher);
//!   otherwise a partial name, a hedged figure, a wording or a spelling
//!   variant makes its own finding;
//! - findings say who agrees with whom: the sources are partitioned into
//!   groups that give the same value ([`ValueGroup`]);
//! - a value incompatible with the slot's `expect` is an `expectation` finding;
//! - a source the story applies to that gives no value while others do is
//!   `missing` (unless the slot says `missing: off` or the source is an
//!   excerpt).

mod finding;
mod locate;
mod messages;
mod observe;
#[cfg(test)]
mod properties;

pub use finding::{
    Finding, FindingKind, Hedge, Located, RowStatus, Severity, ValueGroup, WordDiff,
};
pub use locate::{end_of, locate, locate_in};
use messages::{dedup, join_names};
pub use messages::{join_names_for, who_says_what};
pub use observe::CompareObserver;

use rayon::prelude::*;
use serde::Serialize;

use crate::extract::{Extraction, Fill};
use crate::kinds::{Comparison, Kind, Nuance, Value, Verdict};
use crate::rules::{MissingPolicy, RuleSet, Slot};
use crate::source::Source;
use std::sync::Arc;

/// One slot's values across all sources: a row of the fact table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRow {
    /// The story id.
    pub story: String,
    /// The slot id.
    pub slot: String,
    /// The slot's kind.
    pub kind: Kind,
    /// `agree` (the values given agree), `empty` (no source gives a value),
    /// or the most serious finding kind other than `missing`.
    pub status: RowStatus,
    /// The sources the story applies to, in order (one list shared by every
    /// row of the story: a run over many sources would otherwise hold it once
    /// per slot). Reports write how many there are (`in_scope`): the list is
    /// the checked sources whose `stories` name the story, and written once
    /// per slot it was most of a large report.
    #[serde(rename = "in_scope", serialize_with = "serialize_count")]
    pub sources: Arc<[String]>,
    /// How many of those sources give a value.
    pub filled: usize,
    /// Every value found, in source order then document order.
    pub values: Vec<Located>,
}

/// A list as the number of its elements.
fn serialize_count<S: serde::Serializer>(list: &Arc<[String]>, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_u64(list.len() as u64)
}

impl FactRow {
    /// The status as reports show it: `agree`, `agree 3/4` when some sources
    /// give no value, `empty`, or the most serious finding kind.
    pub fn status_label(&self) -> String {
        match self.status {
            RowStatus::Agree if self.filled < self.sources.len() => {
                format!("agree {}/{}", self.filled, self.sources.len())
            }
            status => status.to_string(),
        }
    }
}

/// Compare the fills of every slot.
pub fn compare(
    rules: &RuleSet,
    sources: &[Source],
    extraction: &Extraction,
) -> (Vec<Finding>, Vec<FactRow>) {
    compare_observed(rules, sources, extraction, None)
}

/// [`compare`], telling `observer` (when there is one) what it does.
pub fn compare_observed(
    rules: &RuleSet,
    sources: &[Source],
    extraction: &Extraction,
    observer: Option<&dyn CompareObserver>,
) -> (Vec<Finding>, Vec<FactRow>) {
    // Cut the sorted fills into one run per slot, then compare slots in parallel;
    // `collect` keeps slot order, so output does not depend on the thread count.
    let applicable: Vec<(Vec<usize>, Arc<[String]>)> = (0..rules.stories.len())
        .map(|story_index| {
            let indices: Vec<usize> = extraction
                .selections
                .iter()
                .filter(|s| s.stories.contains(&story_index))
                .map(|s| s.source)
                .collect();
            let names = indices
                .iter()
                .filter_map(|&i| sources.get(i).map(|s| s.name.clone()))
                .collect();
            (indices, names)
        })
        .collect();
    let mut work = Vec::new();
    let mut fills = extraction.fills.as_slice();
    for ((story_index, story), (applicable, names)) in
        rules.stories.iter().enumerate().zip(&applicable)
    {
        for (slot_index, slot) in story.slots.iter().enumerate() {
            // Fills are sorted by (story, slot, source, offset): take this slot's run.
            let end = fills
                .iter()
                .position(|f| (f.story, f.slot) != (story_index, slot_index))
                .unwrap_or(fills.len());
            let (slot_fills, rest) = fills.split_at(end);
            fills = rest;
            work.push((
                story_index,
                story,
                slot_index,
                slot,
                slot_fills,
                applicable,
                names,
            ));
        }
    }
    let results: Vec<(Vec<Finding>, FactRow)> = work
        .par_iter()
        .map(
            |(story_index, story, slot_index, slot, slot_fills, applicable, names)| {
                let mut context = SlotContext {
                    story: &story.id,
                    story_index: *story_index,
                    slot_index: *slot_index,
                    slot,
                    sources,
                    selections: &extraction.selections,
                    observer,
                    located: (&[], &[]),
                };
                // Each value is located once, for the fact table, and the
                // findings take their copies from there.
                let values: Vec<Located> = slot_fills.iter().map(|f| context.locate(f)).collect();
                context.located = (slot_fills, &values);
                let slot_findings = context.findings(slot_fills, applicable);
                let mut filled: Vec<usize> = slot_fills.iter().map(|f| f.source).collect();
                filled.dedup();
                let row = FactRow {
                    story: story.id.clone(),
                    slot: slot.id.clone(),
                    kind: slot.kind,
                    status: status(&slot_findings, slot_fills.is_empty()),
                    sources: Arc::clone(names),
                    filled: filled.len(),
                    values,
                };
                (slot_findings, row)
            },
        )
        .collect();
    let mut findings = Vec::new();
    let mut rows = Vec::new();
    for (mut slot_findings, row) in results {
        findings.append(&mut slot_findings);
        rows.push(row);
    }
    (findings, rows)
}

fn status(findings: &[Finding], empty: bool) -> RowStatus {
    if empty {
        return RowStatus::Empty;
    }
    // A gap is shown by the row's count ("agree 3/4"), not by its status.
    findings
        .iter()
        .filter(|f| f.kind != FindingKind::Missing)
        .min_by_key(|f| (std::cmp::Reverse(f.severity), f.kind))
        .map_or(RowStatus::Agree, |f| RowStatus::Disputed(f.kind))
}

struct SlotContext<'a> {
    story: &'a str,
    story_index: usize,
    slot_index: usize,
    slot: &'a Slot,
    sources: &'a [Source],
    selections: &'a [crate::extract::Selection],
    observer: Option<&'a dyn CompareObserver>,
    /// The slot's fills and each one's located view, made once
    /// ([`Self::locate`] hands out copies).
    located: (&'a [Fill], &'a [Located]),
}

/// The most distinct values of one slot compared pair by pair. Deciding
/// which values agree takes every pair of them, and a slot on which
/// thousands of sources each give their own value (a wire intake, an
/// archive) would take time and memory quadratic in the sources for a
/// verdict that is plain without it: they disagree. Past this many, the
/// values are grouped as read (equal values together) and reported as one
/// conflict that says so. A story told by a few outlets is far below it.
pub const MAX_COMPARED_VALUES: usize = 256;

impl SlotContext<'_> {
    fn name(&self, source: usize) -> String {
        self.sources
            .get(source)
            .map_or_else(|| format!("#{source}"), |s| s.name.clone())
    }

    /// The located view of `fill` when it is one of the slot's fills
    /// located already.
    fn located(&self, fill: &Fill) -> Option<&Located> {
        let (fills, located) = self.located;
        let offset = (fill as *const Fill as usize).checked_sub(fills.as_ptr() as usize)?;
        let index = offset / std::mem::size_of::<Fill>().max(1);
        fills
            .get(index)
            .filter(|known| std::ptr::eq(*known, fill))
            .and_then(|_| located.get(index))
    }

    /// The value as reports show it.
    fn display<'f>(&'f self, fill: &'f Fill) -> std::borrow::Cow<'f, str> {
        match self.located(fill) {
            Some(located) => located.value.as_str().into(),
            None => fill.value.display().into(),
        }
    }

    fn locate(&self, fill: &Fill) -> Located {
        if let Some(located) = self.located(fill) {
            return located.clone();
        }
        match self.sources.get(fill.source) {
            Some(source) => locate(source, fill),
            None => Located {
                source: self.name(fill.source),
                path: String::new(),
                value: fill.value.display(),
                hedge: fill.value.hedge(),
                text: fill.raw.clone(),
                line: fill.position.line,
                column: fill.position.column,
                end_line: end_of(fill.position, &fill.raw).line,
                end_column: end_of(fill.position, &fill.raw).column,
                sentence: fill.raw.as_str().into(),
                speaker: fill.speaker.as_ref().map(|s| s.name.clone()),
                cue: fill.speaker.as_ref().map(|s| s.cue),
                highlight: 0..fill.raw.len(),
            },
        }
    }

    fn severity(&self, kind: FindingKind) -> Severity {
        match (kind, self.slot.severity) {
            (FindingKind::Missing, _) | (_, None) => kind.default_severity(),
            (_, Some(s)) => s,
        }
    }

    fn finding(
        &self,
        kind: FindingKind,
        default_message: String,
        reason: String,
        values: Vec<Located>,
    ) -> Finding {
        // The slot's message describes its disagreements, not its gaps.
        let message = match (&self.slot.message, kind) {
            (Some(m), k) if k != FindingKind::Missing => m.clone(),
            _ => default_message,
        };
        Finding {
            story: self.story.to_string(),
            slot: self.slot.id.clone(),
            kind,
            severity: self.severity(kind),
            message,
            reason,
            values,
            expected: None,
            missing_from: Vec::new(),
            diffs: Vec::new(),
            groups: Vec::new(),
        }
    }

    fn findings(&self, fills: &[Fill], applicable: &[usize]) -> Vec<Finding> {
        let mut out = Vec::new();
        let primaries = self.primaries(fills, &mut out);
        let (across, groups) = self.across_sources(&primaries);
        out.extend(across);
        out.extend(self.expectation(fills));
        out.extend(self.missing(&primaries, applicable));
        if let Some(o) = self.observer {
            o.slot_done(self.story_index, self.slot_index, &groups, &out);
        }
        out
    }

    fn compare(&self, a: &Value, b: &Value) -> Comparison {
        self.slot.kind.compare(a, b, &self.slot.options)
    }

    /// Each source's value (its first, or for names its fullest mention of
    /// the same person), with `internal` findings for a source's later values
    /// that are incompatible with it.
    fn primaries<'f>(&self, fills: &'f [Fill], out: &mut Vec<Finding>) -> Vec<&'f Fill> {
        let mut primaries: Vec<&Fill> = Vec::new();
        for group in fills.chunk_by(|a, b| a.source == b.source) {
            let Some(primary) = source_value(self.slot, group) else {
                continue;
            };
            primaries.push(primary);
            if let Some(o) = self.observer {
                o.value_chosen(self.story_index, self.slot_index, primary);
            }
            // A value that contradicts itself ("10 miles (24 kilometers)").
            for f in group {
                if let Some(why) = f.value.internal() {
                    out.push(self.finding(
                        FindingKind::Internal,
                        format!("{} contradicts itself", self.name(f.source)),
                        why.to_string(),
                        vec![self.locate(f)],
                    ));
                }
            }
            let clashing: Vec<(&Fill, String)> = group
                .iter()
                .filter(|f| !std::ptr::eq(*f, primary))
                .filter_map(|f| {
                    let c = self.compare(&primary.value, &f.value);
                    (c.verdict == Verdict::Different).then_some((f, c.why))
                })
                .collect();
            if let Some((_, why)) = clashing.first() {
                let mut values = vec![self.locate(primary)];
                values.extend(clashing.iter().map(|(f, _)| self.locate(f)));
                out.push(self.finding(
                    FindingKind::Internal,
                    format!(
                        "{} gives {} incompatible values",
                        self.name(primary.source),
                        values.len()
                    ),
                    why.clone(),
                    values,
                ));
            }
        }
        primaries
    }

    /// Compare the sources' values: every pair of distinct values, so the
    /// verdict is a function of the set of values. Also returns the groups of
    /// sources that agree (empty when all do).
    fn across_sources(&self, primaries: &[&Fill]) -> (Vec<Finding>, Vec<ValueGroup>) {
        // Work in the order of the sources' names, so that nothing below
        // (groups, reasons) depends on the order the sources were given in.
        let mut by_name: Vec<&Fill> = primaries.to_vec();
        by_name.sort_by_cached_key(|f| (self.name(f.source), f.source));
        // Distinct values, each with the sources that give it (exact
        // duplicates need no comparison).
        // Candidates are found by the value's display text, so many sources
        // with few values cost one lookup each.
        let mut distinct: Vec<Vec<&Fill>> = Vec::new();
        let mut by_display: std::collections::HashMap<std::borrow::Cow<str>, Vec<usize>> =
            std::collections::HashMap::new();
        for fill in by_name {
            let candidates = by_display.entry(self.display(fill)).or_default();
            let found = candidates.iter().copied().find(|&d| {
                distinct
                    .get(d)
                    .and_then(|d| d.first())
                    .is_some_and(|r| r.value == fill.value)
            });
            match found.and_then(|d| distinct.get_mut(d)) {
                Some(d) => d.push(fill),
                None => {
                    candidates.push(distinct.len());
                    distinct.push(vec![fill]);
                }
            }
        }
        if let Some(o) = self.observer {
            o.merged(self.story_index, self.slot_index, &distinct);
        }
        if distinct.len() > MAX_COMPARED_VALUES {
            return self.too_many_values(primaries, &distinct);
        }
        let mut pairs: Vec<(usize, usize, Comparison)> = Vec::new();
        for i in 0..distinct.len() {
            for j in i + 1..distinct.len() {
                let (Some(a), Some(b)) = (
                    distinct.get(i).and_then(|d| d.first()),
                    distinct.get(j).and_then(|d| d.first()),
                ) else {
                    continue;
                };
                let c = self.compare(&a.value, &b.value);
                if let (Some(o), Some(a), Some(b)) =
                    (self.observer, distinct.get(i), distinct.get(j))
                {
                    o.compared(self.story_index, self.slot_index, a, b, &c);
                }
                if c.verdict != Verdict::Same {
                    pairs.push((i, j, c));
                }
            }
        }
        if pairs.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // Who agrees with whom: each distinct value joins the first group
        // whose every value it agrees with. Values are taken most common
        // first, ties by their text, so the groups depend on the set of
        // values, not on the order of the sources.
        let differing: std::collections::HashSet<(usize, usize)> =
            pairs.iter().map(|(a, b, _)| (*a, *b)).collect();
        let differs = |i: usize, j: usize| differing.contains(&(i.min(j), i.max(j)));
        // Each distinct value's rank by its text, then by all it holds: the
        // order of values that depends on them alone.
        let mut by_value: Vec<(String, String, usize)> = distinct
            .iter()
            .enumerate()
            .filter_map(|(k, d)| {
                d.first()
                    .map(|f| (self.display(f).into_owned(), format!("{:?}", f.value), k))
            })
            .collect();
        by_value.sort();
        let mut value_rank = vec![0; distinct.len()];
        for (rank, (_, _, k)) in by_value.iter().enumerate() {
            if let Some(r) = value_rank.get_mut(*k) {
                *r = rank;
            }
        }
        let rank = |k: usize| value_rank.get(k).copied().unwrap_or(0);
        let mut order: Vec<usize> = (0..distinct.len()).collect();
        order.sort_by_key(|&k| {
            let count = distinct.get(k).map_or(0, Vec::len);
            (std::cmp::Reverse(count), rank(k))
        });
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut group_of = vec![0; distinct.len()];
        for i in order {
            let joined = members
                .iter()
                .position(|m| m.iter().all(|&k| !differs(i, k)));
            let g = match joined {
                Some(g) => g,
                None => {
                    members.push(Vec::new());
                    members.len() - 1
                }
            };
            if let Some(m) = members.get_mut(g) {
                m.push(i);
            }
            if let Some(slot) = group_of.get_mut(i) {
                *slot = g;
            }
        }
        let groups = self.groups(&distinct, &members);

        // Sort the differing pairs into what they mean.
        let mut conflicts = Vec::new();
        let mut updates = Vec::new();
        let mut variants: Vec<(Nuance, (usize, usize, &str))> = Vec::new();
        // One reason per pair of groups: the most serious differing pair of
        // values between them (a contradiction before a variant, the worse
        // nuance first), ties by the values, so that what is reported does
        // not depend on the sources' names, which order `pairs`.
        let seriousness = |c: &Comparison| {
            (
                c.verdict == Verdict::Different,
                c.nuance.unwrap_or(Nuance::Wording),
            )
        };
        let group_pair = |i: usize, j: usize| {
            let (gi, gj) = (
                group_of.get(i).copied().unwrap_or(0),
                group_of.get(j).copied().unwrap_or(0),
            );
            (gi.min(gj), gi.max(gj))
        };
        let mut ranked: Vec<&(usize, usize, Comparison)> = pairs.iter().collect();
        ranked.sort_by_key(|(i, j, c)| {
            let (ri, rj) = (rank(*i), rank(*j));
            (
                group_pair(*i, *j),
                std::cmp::Reverse(seriousness(c)),
                ri.min(rj),
                ri.max(rj),
            )
        });
        let mut explained: std::collections::HashSet<(usize, usize)> =
            std::collections::HashSet::new();
        let chosen: std::collections::HashSet<(usize, usize)> = ranked
            .into_iter()
            .filter(|(i, j, _)| explained.insert(group_pair(*i, *j)))
            .map(|(i, j, _)| (*i, *j))
            .collect();
        // The chosen pairs, in the order the sources' names give them.
        for (i, j, c) in &pairs {
            if !chosen.contains(&(*i, *j)) {
                continue;
            }
            let (Some(a), Some(b)) = (distinct.get(*i), distinct.get(*j)) else {
                continue;
            };
            match c.verdict {
                Verdict::Different => match self.growth(a, b) {
                    Some(update) => updates.push(update),
                    None => conflicts.push((*i, *j, c.why.as_str())),
                },
                _ => variants.push((
                    c.nuance.unwrap_or(Nuance::Wording),
                    (*i, *j, c.why.as_str()),
                )),
            }
        }
        // A pair's line is written only when the reason shows it: with many
        // groups, there are many pairs of groups, and the reason shows three.
        let line = |&(i, j, why): &(usize, usize, &str)| {
            let names = |k: usize| {
                distinct
                    .get(k)
                    .map(|d| self.names_of(d))
                    .unwrap_or_default()
            };
            format!("{} vs {}: {why}", names(i), names(j))
        };
        let values: Vec<Located> = primaries.iter().map(|f| self.locate(f)).collect();
        let mut out = Vec::new();
        // The first three of `count` lines, and how many more there are.
        let reason = |mut shown: Vec<String>, count: usize| {
            if count > 3 {
                shown.push(format!("and {} more", count - 3));
            }
            shown.join("; ")
        };
        if !conflicts.is_empty() {
            let mut finding = self.finding(
                FindingKind::Conflict,
                who_says_what(&groups),
                reason(
                    conflicts.iter().take(3).map(line).collect(),
                    conflicts.len(),
                ),
                values.clone(),
            );
            finding.groups = groups.clone();
            out.push(finding);
        } else if let Some(worst) = variants.iter().map(|(n, _)| *n).max() {
            let kind = FindingKind::of_nuance(worst);
            let lines: Vec<&(usize, usize, &str)> = variants
                .iter()
                .filter(|(n, _)| *n == worst)
                .map(|(_, l)| l)
                .collect();
            let shown = lines.iter().take(3).map(|l| line(l)).collect();
            let mut finding = self.finding(
                kind,
                who_says_what(&groups),
                reason(shown, lines.len()),
                values.clone(),
            );
            finding.groups = groups.clone();
            if kind == FindingKind::Wording {
                let reps: Vec<&Fill> = distinct.iter().filter_map(|d| d.first().copied()).collect();
                finding.diffs = self.diffs(&reps);
            }
            out.push(finding);
        }
        if !updates.is_empty() {
            let mut finding = self.finding(
                FindingKind::Update,
                who_says_what(&groups),
                reason(updates.iter().take(3).cloned().collect(), updates.len()),
                values,
            );
            finding.groups = groups.clone();
            out.push(finding);
        }
        (out, groups)
    }

    /// A slot with more than [`MAX_COMPARED_VALUES`] distinct values: one
    /// conflict, each distinct value its own group, without comparing them
    /// pair by pair (see the constant).
    fn too_many_values(
        &self,
        primaries: &[&Fill],
        distinct: &[Vec<&Fill>],
    ) -> (Vec<Finding>, Vec<ValueGroup>) {
        let members: Vec<Vec<usize>> = (0..distinct.len()).map(|i| vec![i]).collect();
        let groups = self.groups(distinct, &members);
        let values: Vec<Located> = primaries.iter().map(|f| self.locate(f)).collect();
        let mut finding = self.finding(
            FindingKind::Conflict,
            who_says_what(&groups),
            format!(
                "{} different values, more than the {MAX_COMPARED_VALUES} compared pair by pair: \
                 each is its own group, as read",
                distinct.len()
            ),
            values,
        );
        finding.groups = groups.clone();
        (vec![finding], groups)
    }

    /// For a `grows:` slot, two different figures where every source of the
    /// higher one was published after every source of the lower one: the
    /// figure was updated, not contradicted. Returns the reason in words.
    fn growth(&self, a: &[&Fill], b: &[&Fill]) -> Option<String> {
        if !self.slot.grows {
            return None;
        }
        fn figure<'a>(fills: &[&'a Fill]) -> Option<&'a crate::kinds::number::NumberValue> {
            match fills.first().map(|f| &f.value) {
                Some(Value::Number(n)) => Some(n),
                _ => None,
            }
        }
        let (fa, fb) = (figure(a)?, figure(b)?);
        let (low, high) = if fa.cmp_figure(fb).is_lt() {
            (a, b)
        } else {
            (b, a)
        };
        let dates = |f: &[&Fill]| -> Option<Vec<jiff::civil::Date>> {
            f.iter().map(|f| self.published(f.source)).collect()
        };
        let (low_dates, high_dates) = (dates(low)?, dates(high)?);
        let latest_low = low_dates.iter().max()?;
        let earliest_high = high_dates.iter().min()?;
        (earliest_high > latest_low).then(|| {
            format!(
                "{} ({}) updates {} ({}): a later, higher figure",
                self.names_of(high),
                earliest_high,
                self.names_of(low),
                latest_low
            )
        })
    }

    fn published(&self, source: usize) -> Option<jiff::civil::Date> {
        // Selections are in source order, one per source.
        self.selections
            .get(source)
            .filter(|s| s.source == source)
            .or_else(|| self.selections.iter().find(|s| s.source == source))
            .and_then(|s| s.published_for(self.story_index))
    }

    /// The groups of sources that agree, the odd ones out first.
    fn groups(&self, distinct: &[Vec<&Fill>], members: &[Vec<usize>]) -> Vec<ValueGroup> {
        let mut groups: Vec<(Option<String>, ValueGroup)> = members
            .iter()
            .map(|m| {
                let mut fills: Vec<&Fill> = m
                    .iter()
                    .filter_map(|&i| distinct.get(i))
                    .flatten()
                    .copied()
                    .collect();
                fills.sort_by_cached_key(|f| (self.name(f.source), f.source));
                let mut values: Vec<String> = Vec::new();
                for i in m {
                    if let Some(first) = distinct.get(*i).and_then(|d| d.first()) {
                        let shown = first.value.display();
                        if !values.contains(&shown) {
                            values.push(shown);
                        }
                    }
                }
                let first_source = fills.first().map(|f| self.name(f.source));
                (
                    first_source,
                    ValueGroup {
                        values,
                        sources: fills.iter().map(|f| self.name(f.source)).collect(),
                    },
                )
            })
            .collect();
        groups.sort_by(|(a, ga), (b, gb)| (ga.sources.len(), a).cmp(&(gb.sources.len(), b)));
        groups.into_iter().map(|(_, g)| g).collect()
    }

    fn names_of(&self, fills: &[&Fill]) -> String {
        join_names(
            &fills
                .iter()
                .map(|f| self.name(f.source))
                .collect::<Vec<_>>(),
        )
    }

    /// Values incompatible with the slot's `expect`.
    fn expectation(&self, fills: &[Fill]) -> Option<Finding> {
        let (expected_text, expected) = self.slot.expect.as_ref()?;
        let wrong: Vec<(&Fill, String)> = fills
            .iter()
            .filter_map(|f| {
                let c = self.compare(expected, &f.value);
                if let Some(o) = self.observer {
                    o.expected(self.story_index, self.slot_index, f, &c);
                }
                // A fact sheet pins the form too: a misspelling, a figure
                // that meets it only through a hedge, a quote worded
                // otherwise differ from it. A partial name does not: a
                // surname alone is not wrong.
                let differs = match c.verdict {
                    Verdict::Different => true,
                    Verdict::Variant => c.nuance != Some(Nuance::PartialName),
                    Verdict::Same => false,
                };
                differs.then_some((f, c.why))
            })
            .collect();
        let (_, why) = wrong.first()?;
        let names: Vec<String> = dedup(wrong.iter().map(|(f, _)| self.name(f.source)).collect());
        let mut finding = self.finding(
            FindingKind::Expectation,
            format!(
                "{} {} from the expected value `{expected_text}`",
                join_names(&names),
                if names.len() == 1 {
                    "differs"
                } else {
                    "differ"
                }
            ),
            format!("expected {}: {why}", expected.display()),
            wrong.iter().map(|(f, _)| self.locate(f)).collect(),
        );
        finding.expected = Some(expected.display());
        Some(finding)
    }

    /// Sources the story applies to that give no value while others do;
    /// excerpts (front matter `excerpt: true`) are never missing.
    fn missing(&self, primaries: &[&Fill], applicable: &[usize]) -> Option<Finding> {
        if primaries.is_empty() || self.slot.missing == MissingPolicy::Off {
            return None;
        }
        // Names sorted, so the message does not depend on the input order.
        let given: std::collections::HashSet<usize> = primaries.iter().map(|f| f.source).collect();
        let mut missing: Vec<String> = applicable
            .iter()
            .filter(|s| !given.contains(s))
            .filter(|&&s| !self.sources.get(s).is_some_and(|s| s.metadata.excerpt))
            .map(|&s| self.name(s))
            .collect();
        if missing.is_empty() {
            return None;
        }
        missing.sort();
        let mut have: Vec<String> = primaries.iter().map(|f| self.name(f.source)).collect();
        have.sort();
        let mut finding = self.finding(
            FindingKind::Missing,
            format!(
                "only {} {} a value; {} {} not",
                join_names(&have),
                if have.len() == 1 { "gives" } else { "give" },
                join_names(&missing),
                if missing.len() == 1 { "does" } else { "do" }
            ),
            self.missing_reason(&missing),
            primaries.iter().map(|f| self.locate(f)).collect(),
        );
        finding.missing_from = missing;
        Some(finding)
    }

    /// Why a source gives no value, naming only what the slot has: its
    /// patterns, and a quote slot's `speaker:` and `contains:` filters.
    fn missing_reason(&self, missing: &[String]) -> String {
        let filters: Vec<&str> = [
            (!self.slot.options.speakers.is_empty()).then_some("`speaker:`"),
            (!self.slot.options.contains.is_empty()).then_some("`contains:`"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let who = join_names(missing);
        match (self.slot.patterns.is_empty(), filters.is_empty()) {
            (true, _) => format!(
                "no quote in {who} passes the slot's {}",
                filters.join(" and ")
            ),
            (false, true) => format!("no pattern of the slot matched in {who}"),
            (false, false) => format!(
                "in {who}, no pattern of the slot matched a quote that passes its {}",
                filters.join(" and ")
            ),
        }
    }

    /// Word diffs of each distinct wording (one per cluster) against the first, for phrases.
    fn diffs(&self, primaries: &[&Fill]) -> Vec<WordDiff> {
        let Some((first, others)) = primaries.split_first() else {
            return Vec::new();
        };
        let Value::Text(base) = &first.value else {
            return Vec::new();
        };
        let mut seen: Vec<&Vec<String>> = vec![&base.words];
        let mut diffs = Vec::new();
        for other in others {
            let Value::Text(t) = &other.value else {
                continue;
            };
            if seen.contains(&&t.words)
                || crate::text::diff::similarity(&base.words, &t.words) == 0.0
            {
                continue;
            }
            seen.push(&t.words);
            diffs.push(WordDiff {
                from: self.name(first.source),
                to: self.name(other.source),
                ops: crate::text::diff::word_diff(&base.written, &t.written),
            });
        }
        diffs
    }
}

/// How many words a name value has (0 for other kinds).
/// A source's value for a slot, the one that is compared: its first fill in
/// document order, or for names its fullest mention of the same person.
/// `fills` are one source's fills of `slot`, in document order. `check`,
/// `explain`, `rules test` and `check --stream` all take a source's value
/// from here.
pub fn source_value<'f>(
    slot: &Slot,
    fills: impl IntoIterator<Item = &'f Fill>,
) -> Option<&'f Fill> {
    let mut fills = fills.into_iter();
    let mut primary = fills.next()?;
    if slot.kind.fullest_first() {
        for f in fills {
            if slot
                .kind
                .compare(&primary.value, &f.value, &slot.options)
                .nuance
                == Some(Nuance::PartialName)
                && name_words(&f.value) > name_words(&primary.value)
            {
                primary = f;
            }
        }
    }
    Some(primary)
}

fn name_words(value: &Value) -> usize {
    match value {
        Value::Name(n) => n.written.split_whitespace().count(),
        _ => 0,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::source::{Input, LoadOptions};
    use crate::Checker;

    /// Check `texts` (name, text) against one story's YAML.
    fn check(yaml: &str, texts: &[(&str, &str)]) -> crate::Report {
        let story = crate::rules::parse_story(yaml, "t.yaml").expect("rules");
        let checker = Checker::new(RuleSet {
            stories: vec![story],
        });
        let options = LoadOptions::default();
        let inputs = texts
            .iter()
            .map(|(name, text)| {
                Input::Loaded(Source::from_text(
                    Some(name.to_string()),
                    None,
                    text.to_string(),
                    &options,
                ))
            })
            .collect();
        checker.check(inputs)
    }

    fn kinds(report: &crate::Report) -> Vec<FindingKind> {
        report.findings.iter().map(|f| f.kind).collect()
    }

    const TOLL: &str = "story: t\nslots:\n  - id: dead\n    kind: count\n    grows: true\n    patterns: [\"killed {number} people\"]\n";

    #[test]
    fn a_later_higher_toll_is_an_update_and_a_later_lower_one_a_conflict() {
        let report = check(
            TOLL,
            &[
                (
                    "early",
                    "---\ndate: 2024-05-01\n---\nThe quake killed 12 people.",
                ),
                (
                    "late",
                    "---\ndate: 2024-05-02\n---\nThe quake killed 30 people.",
                ),
            ],
        );
        assert_eq!(kinds(&report), vec![FindingKind::Update]);
        assert_eq!(report.findings[0].severity, Severity::Info);
        assert!(report.findings[0]
            .reason
            .contains("late (2024-05-02) updates early (2024-05-01)"));
        let report = check(
            TOLL,
            &[
                (
                    "early",
                    "---\ndate: 2024-05-01\n---\nThe quake killed 30 people.",
                ),
                (
                    "late",
                    "---\ndate: 2024-05-02\n---\nThe quake killed 12 people.",
                ),
            ],
        );
        assert_eq!(kinds(&report), vec![FindingKind::Conflict]);
        // Same day: compared as any other figures.
        let report = check(
            TOLL,
            &[
                (
                    "a",
                    "---\ndate: 2024-05-01\n---\nThe quake killed 12 people.",
                ),
                (
                    "b",
                    "---\ndate: 2024-05-01\n---\nThe quake killed 30 people.",
                ),
            ],
        );
        assert_eq!(kinds(&report), vec![FindingKind::Conflict]);
    }

    #[test]
    fn past_the_compared_values_each_distinct_value_is_its_own_group() {
        let yaml = "story: t\nslots:\n  - id: toll\n    kind: count\n    patterns: [\"killed {number} people\"]\n";
        // Two sources give each of `distinct` values: equal values still group.
        let report_on = |distinct: usize| {
            let texts: Vec<(String, String)> = (0..2 * distinct)
                .map(|i| {
                    (
                        format!("s{i:04}"),
                        format!("The quake killed {} people.", 10 * (i / 2) + 100),
                    )
                })
                .collect();
            let borrowed: Vec<(&str, &str)> = texts
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            check(yaml, &borrowed)
        };
        let report = report_on(MAX_COMPARED_VALUES + 1);
        assert_eq!(kinds(&report), vec![FindingKind::Conflict]);
        let f = &report.findings[0];
        assert_eq!(f.groups.len(), MAX_COMPARED_VALUES + 1);
        assert!(f
            .groups
            .iter()
            .all(|g| g.sources.len() == 2 && g.values.len() == 1));
        assert_eq!(
            f.reason,
            format!(
                "{} different values, more than the {MAX_COMPARED_VALUES} compared pair by pair: \
                 each is its own group, as read",
                MAX_COMPARED_VALUES + 1
            )
        );
        assert_eq!(f.values.len(), 2 * (MAX_COMPARED_VALUES + 1));
        // At the bound the values are still compared pair by pair: 100 and
        // 110 differ, so the reason names pairs.
        let report = report_on(MAX_COMPARED_VALUES);
        assert_eq!(kinds(&report), vec![FindingKind::Conflict]);
        assert!(
            report.findings[0].reason.contains(" vs "),
            "{}",
            report.findings[0].reason
        );
    }

    #[test]
    fn the_odd_one_out_is_named_first() {
        let yaml = "story: t\nslots:\n  - id: arrests\n    kind: count\n    patterns: [\"arrested {number} people\"]\n";
        let report = check(
            yaml,
            &[
                ("wire-a", "Police arrested 12 people."),
                ("wire-b", "Police arrested 12 people."),
                ("wire-c", "Police arrested 12 people."),
                ("wire-d", "Police arrested 21 people."),
            ],
        );
        let f = &report.findings[0];
        assert_eq!(f.kind, FindingKind::Conflict);
        assert_eq!(
            f.message,
            "wire-d gives 21; wire-a, wire-b and wire-c give 12"
        );
        assert_eq!(f.groups.len(), 2);
        assert_eq!(f.groups[0].sources, vec!["wire-d"]);
    }

    #[test]
    fn hedged_figures_are_a_figure_finding_unless_the_slot_is_lenient() {
        let strict = "story: t\nslots:\n  - id: dead\n    kind: count\n    patterns: [\"killed {number} people\"]\n";
        let texts = [
            ("a", "The attack killed at least 2 people."),
            ("b", "The attack killed 17 people."),
            ("c", "The attack killed at least 6 people."),
        ];
        let report = check(strict, &texts);
        assert_eq!(kinds(&report), vec![FindingKind::Figure]);
        assert_eq!(report.findings[0].severity, Severity::Warning);
        let lenient = strict.replace("    patterns", "    hedges: lenient\n    patterns");
        assert!(check(&lenient, &texts).findings.is_empty());
        // "about" is not open-ended: about 30 and 31 agree.
        let report = check(
            strict,
            &[
                ("a", "The attack killed about 30 people."),
                ("b", "The attack killed 31 people."),
            ],
        );
        assert!(report.findings.is_empty(), "{:?}", kinds(&report));
    }

    #[test]
    fn a_later_short_mention_in_the_same_source_is_not_internal() {
        let yaml = "story: t\nslots:\n  - id: who\n    kind: name\n    patterns: [\"said {name}\", \"{name} said\"]\n";
        let report = check(
            yaml,
            &[
                (
                    "a",
                    "\"We are leaving,\" said Akol Deng. Afterwards, Mr Deng said it again.",
                ),
                ("b", "Akol Deng said they were leaving."),
            ],
        );
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // Across sources, a partial name is a finding.
        let report = check(
            yaml,
            &[
                ("a", "Deng said they were leaving."),
                ("b", "Akol Deng said they were leaving."),
            ],
        );
        assert_eq!(kinds(&report), vec![FindingKind::Partial]);
        assert!(report.findings[0].reason.contains("lacks `Akol`"));
    }

    #[test]
    fn missing_can_be_switched_off_and_excerpts_are_never_missing() {
        let yaml = "story: t\nslots:\n  - id: dead\n    kind: count\n    patterns: [\"killed {number} people\"]\n";
        let texts = [
            ("a", "The attack killed 3 people."),
            ("b", "The attack was condemned."),
        ];
        let report = check(yaml, &texts);
        assert_eq!(kinds(&report), vec![FindingKind::Missing]);
        assert_eq!(
            report.findings[0].message,
            "only a gives a value; b does not"
        );
        assert_eq!(report.slots[0].status, RowStatus::Agree);
        assert_eq!(report.slots[0].filled, 1);
        let off = yaml.replace("    patterns", "    missing: off\n    patterns");
        assert!(check(&off, &texts).findings.is_empty());
        let story_off = yaml.replace("slots:", "missing: off\nslots:");
        assert!(check(&story_off, &texts).findings.is_empty());
        let report = check(
            yaml,
            &[
                ("a", "The attack killed 3 people."),
                (
                    "brief",
                    "---\nexcerpt: true\n---\nThe attack was condemned.",
                ),
            ],
        );
        assert!(report.findings.is_empty(), "{:?}", kinds(&report));
    }

    #[test]
    fn a_quote_from_two_speakers_says_so() {
        let yaml =
            "story: t\nslots:\n  - id: q\n    kind: quote\n    contains: [we will rebuild]\n";
        let report = check(
            yaml,
            &[
                ("a", "\"We will rebuild the town,\" said Mayor Anna Berg."),
                ("b", "\"We will rebuild the town,\" said Governor Tom Hale."),
            ],
        );
        assert_eq!(kinds(&report), vec![FindingKind::Conflict]);
        let reason = &report.findings[0].reason;
        assert!(
            reason.contains("the same words, attributed to different speakers"),
            "{reason}"
        );
    }

    #[test]
    fn the_finding_between_two_groups_is_their_most_serious_pair_whatever_the_names() {
        // b and d quote different speakers (a conflict); c has no speaker and
        // words that only drift from b's. c and d agree, so they are one
        // group, and the finding must not depend on which of them sorts
        // first by name.
        let yaml = "story: s\nslots:\n  - id: q\n    kind: quote\n    contains: [real step]\n";
        let b = "\"This is not peace, but it is a real step,\" Nazarov said.";
        let c = "\"This is not yet peace \u{2014} but it is a real step.\"";
        let d = "\"This is not yet peace, but it is a real step,\" Halvorsen said.";
        for names in [
            ["b", "c", "d"],
            ["b", "e", "d"],
            ["x", "a", "m"],
            ["a", "z", "m"],
        ] {
            let report = check(yaml, &[(names[0], b), (names[1], c), (names[2], d)]);
            assert_eq!(kinds(&report), vec![FindingKind::Conflict], "{names:?}");
        }
    }

    #[test]
    fn a_value_that_only_varies_from_expect_is_an_expectation_finding() {
        let yaml = "story: t\nslots:\n  - id: c\n    kind: name\n    patterns: [\"Captain {name} was\"]\n    expect: Jean-Marc Dubois\n";
        let texts = [
            ("a", "Captain Jean-Marc Dubios was questioned."),
            ("b", "Captain Jean-Marc Dubios was questioned."),
        ];
        let report = check(yaml, &texts);
        assert_eq!(kinds(&report), vec![FindingKind::Expectation]);
        assert!(
            report.findings[0].reason.contains("spelling"),
            "{}",
            report.findings[0].reason
        );
        // A surname alone is not wrong.
        let report = check(
            yaml,
            &[
                ("a", "Captain Dubois was questioned."),
                ("b", "Captain Jean-Marc Dubois was questioned."),
            ],
        );
        assert!(
            !kinds(&report).contains(&FindingKind::Expectation),
            "{:?}",
            kinds(&report)
        );
        let count = "story: t\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} people died\"]\n    expect: 12\n";
        let report = check(
            count,
            &[("a", "More than 10 people died."), ("b", "12 people died.")],
        );
        assert!(
            kinds(&report).contains(&FindingKind::Expectation),
            "{:?}",
            kinds(&report)
        );
    }

    #[test]
    fn a_missing_quote_is_explained_by_the_filters_the_slot_has() {
        let texts = [
            ("a", "\"This is a real step,\" Nazarov said."),
            ("b", "Nothing was said."),
        ];
        let reason = |yaml: &str| check(yaml, &texts).findings[0].reason.clone();
        let base = "story: s\nslots:\n  - id: q\n    kind: quote\n";
        assert_eq!(
            reason(&format!("{base}    contains: [real step]\n")),
            "no quote in b passes the slot's `contains:`"
        );
        assert_eq!(
            reason(&format!(
                "{base}    speaker: [Nazarov]\n    contains: [real step]\n"
            )),
            "no quote in b passes the slot's `speaker:` and `contains:`"
        );
        assert_eq!(
            reason(&format!(
                "{base}    patterns: [\"{{quote}}\"]\n    speaker: [Nazarov]\n"
            )),
            "in b, no pattern of the slot matched a quote that passes its `speaker:`"
        );
    }

    #[test]
    fn a_conversion_that_does_not_hold_is_internal() {
        let yaml = "story: t\nslots:\n  - id: d\n    kind: quantity\n    patterns: [\"drove {quantity} to\"]\n";
        let report = check(
            yaml,
            &[
                ("a", "They drove 10 miles (24 kilometers) to the camp."),
                ("b", "They drove 16 km to the camp."),
            ],
        );
        assert!(
            kinds(&report).contains(&FindingKind::Internal),
            "{:?}",
            kinds(&report)
        );
        let f = report
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::Internal)
            .unwrap();
        assert_eq!(f.message, "a contradicts itself");
    }

    #[test]
    fn names_are_joined_for_messages() {
        assert_eq!(join_names(&["ap".into()]), "ap");
        assert_eq!(join_names(&["ap".into(), "dw".into()]), "ap and dw");
        assert_eq!(
            join_names(&["ap".into(), "dw".into(), "x".into()]),
            "ap, dw and x"
        );
        let eleven: Vec<String> = (1..=11).map(|i| format!("s{i}")).collect();
        assert_eq!(
            join_names(&eleven[..10]),
            "s1, s2, s3, s4, s5, s6, s7, s8, s9 and s10"
        );
        assert_eq!(
            join_names(&eleven),
            "s1, s2, s3, s4, s5, s6, s7, s8, s9, s10 and 1 more"
        );
    }
}
