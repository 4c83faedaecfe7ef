//! The text rendering of an [`Explanation`]: one block per slot, then per
//! source the patterns tried, their matches (sentence, whole match, captured
//! text, value and derivation) or the nearest partial matches, then the
//! comparisons, the `expect` check and the findings.

use std::fmt::Write as _;

use super::{Attempt, Explanation, MatchOutcome, NearMiss, SlotTrace, SourceTrace};
use crate::kinds::Verdict;

/// Characters of a sentence shown on each side of a match.
const CONTEXT_CHARS: usize = 70;

/// Render the trace for people.
pub fn render(explanation: &Explanation) -> String {
    let mut out = String::new();
    for story in &explanation.stories {
        let _ = writeln!(out, "story {}  {}", story.story, story.path);
        for scope in &story.scope {
            let _ = writeln!(
                out,
                "  {}: {} ({})",
                scope.source,
                if scope.applies {
                    "applies"
                } else {
                    "does not apply"
                },
                scope.why
            );
        }
        for slot in &story.slots {
            out.push('\n');
            render_slot(&mut out, slot);
        }
    }
    if explanation.stories.iter().all(|s| s.slots.is_empty()) {
        out.push_str("\nno slot to explain\n");
    }
    // File names, sentences and values come from input: none reaches the
    // terminal raw, whichever part of the trace quotes it.
    crate::sanitize::terminal_lines(&out)
}

fn render_slot(out: &mut String, slot: &SlotTrace) {
    let _ = writeln!(out, "slot {} ({})  {}", slot.slot, slot.kind, slot.location);
    for p in &slot.patterns {
        let how = match (&p.anchor, p.regex) {
            (Some(a), true) => format!("regex, tried on sentences containing `{a}`"),
            (Some(a), false) => format!("tried on sentences containing `{a}`"),
            (None, true) => "regex, tried on every sentence".to_string(),
            (None, false) => "no literal word: tried on every sentence".to_string(),
        };
        let _ = writeln!(out, "  pattern {}: {}   ({how})", p.number, p.text);
    }
    for source in &slot.sources {
        render_source(out, source);
    }
    let _ = writeln!(out, "  values:");
    let with_values: Vec<&SourceTrace> = slot.sources.iter().filter(|s| s.applies).collect();
    for source in &with_values {
        let _ = writeln!(
            out,
            "    {}: {}",
            source.source,
            source.value.as_deref().unwrap_or("(none)")
        );
    }
    let giving: usize = slot.distinct.iter().map(|d| d.sources.len()).sum();
    if slot.comparisons.is_empty() && slot.distinct.len() == 1 && giving > 1 {
        let _ = writeln!(
            out,
            "  compared: nothing to compare (every source gives the same value: {})",
            slot.distinct
                .first()
                .and_then(|d| d.values.first())
                .map_or("", String::as_str)
        );
    } else if slot.comparisons.is_empty() {
        // The sources shown (all, or those of `--source`) giving no value is
        // the reason whatever the others give.
        let silent: Vec<&str> = with_values
            .iter()
            .filter(|s| s.value.is_none())
            .map(|s| s.source.as_str())
            .collect();
        if !silent.is_empty() && silent.len() == with_values.len() {
            let _ = writeln!(
                out,
                "  compared: nothing to compare ({} {} no value)",
                silent.join(", "),
                if silent.len() == 1 { "gives" } else { "give" }
            );
        } else {
            let _ = writeln!(
                out,
                "  compared: nothing to compare (fewer than two sources give a value)"
            );
        }
    } else {
        let _ = writeln!(out, "  compared:");
        for c in &slot.comparisons {
            let _ = writeln!(
                out,
                "    {} vs {}: {} ({} / {}): {}",
                c.a,
                c.b,
                verdict(c.verdict),
                c.a_value,
                c.b_value,
                c.why
            );
        }
        if slot.comparisons_omitted > 0 {
            let _ = writeln!(
                out,
                "    and {} more pairs of values",
                slot.comparisons_omitted
            );
        }
    }
    // Groups of one source each say no more than the values above.
    if slot.groups.iter().any(|g| g.sources.len() > 1) {
        let _ = writeln!(out, "  groups:");
        for g in &slot.groups {
            let _ = writeln!(
                out,
                "    {}: {}",
                g.sources.join(", "),
                g.values.join(" / ")
            );
        }
    }
    if let Some(expect) = &slot.expect {
        let _ = writeln!(out, "  expect: `{}` = {}", expect.written, expect.value);
        for r in &expect.results {
            let _ = writeln!(
                out,
                "    {}: {} ({}): {}",
                r.source,
                verdict(r.verdict),
                r.value,
                r.why
            );
        }
    }
    if slot.findings.is_empty() {
        let _ = writeln!(out, "  findings: none");
    } else {
        let _ = writeln!(out, "  findings:");
        for f in &slot.findings {
            let _ = writeln!(
                out,
                "    {}[{}]: {} ({})",
                f.severity, f.kind, f.message, f.reason
            );
        }
    }
}

fn render_source(out: &mut String, source: &SourceTrace) {
    let published = source
        .published
        .as_deref()
        .map(|d| format!(", published {d}"))
        .unwrap_or_default();
    let language = source
        .language
        .as_deref()
        .map(|l| format!(", read in {l}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {}  {}{published}{language}",
        source.source, source.path
    );
    if !source.applies {
        let _ = writeln!(
            out,
            "    the story does not apply to this source: nothing tried"
        );
        return;
    }
    for attempt in &source.attempts {
        render_attempt(out, attempt, source.value.is_none());
    }
}

/// `empty`: the slot has no value in this source, so near misses matter.
fn render_attempt(out: &mut String, attempt: &Attempt, empty: bool) {
    let result = match attempt.matches.len() {
        0 => "no match".to_string(),
        1 => "1 match".to_string(),
        n => format!("{n} matches"),
    };
    let _ = writeln!(
        out,
        "    pattern {}: {}; {result}",
        attempt.pattern, attempt.sentences
    );
    for m in &attempt.matches {
        let _ = writeln!(out, "      at {}", m.location);
        let _ = writeln!(
            out,
            "        sentence: {}",
            excerpt(&m.sentence, &m.matched)
        );
        let _ = writeln!(out, "        matched:  \"{}\"", m.matched);
        let _ = writeln!(out, "        captured: \"{}\"", m.raw);
        match &m.outcome {
            MatchOutcome::Value {
                value,
                derivation,
                first,
                ..
            } => {
                let note = if *first {
                    ""
                } else {
                    "  (a later value: only checked against the first)"
                };
                let _ = writeln!(out, "        value:    {value}  ({derivation}){note}");
            }
            MatchOutcome::Duplicate { pattern } => {
                let _ = writeln!(
                    out,
                    "        value:    (the same words as pattern {pattern}'s match; counted once)"
                );
            }
            MatchOutcome::Invalid { error } => {
                let _ = writeln!(out, "        value:    none: {error}");
            }
            MatchOutcome::Dropped { value, why } => {
                let _ = writeln!(out, "        value:    {value}, dropped: {why}");
            }
        }
    }
    if empty && attempt.matches.is_empty() && attempt.nearest.is_empty() && attempt.tried > 0 {
        let _ = writeln!(
            out,
            "      no part of the pattern matches in those sentences"
        );
    }
    for near in &attempt.nearest {
        render_near(out, near);
    }
}

fn render_near(out: &mut String, near: &NearMiss) {
    let _ = writeln!(out, "      nearest partial match at {}", near.location);
    let _ = writeln!(
        out,
        "        sentence: {}",
        excerpt(&near.sentence, &near.matched_text)
    );
    let _ = writeln!(
        out,
        "        matched:  `{}` as \"{}\"",
        near.matched_pattern, near.matched_text
    );
    if let Some(before) = &near.missing_before {
        let there = if near.text_before.is_empty() {
            "the sentence starts there".to_string()
        } else {
            format!("the text before is \"{}\"", near.text_before)
        };
        let _ = writeln!(out, "        missing:  `{before}` before it ({there})");
    }
    if let Some(after) = &near.missing_after {
        let there = if near.text_after.is_empty() {
            "the sentence ends there".to_string()
        } else {
            format!("the text goes on \"{}\"", near.text_after)
        };
        let _ = writeln!(out, "        missing:  `{after}` after it ({there})");
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Same => "agree",
        Verdict::Variant => "variant",
        Verdict::Different => "differ",
    }
}

/// The sentence around `part`, cut to [`CONTEXT_CHARS`] on each side.
fn excerpt(sentence: &str, part: &str) -> String {
    let Some(at) = sentence.find(part).filter(|_| !part.is_empty()) else {
        return cut_end(sentence, 2 * CONTEXT_CHARS);
    };
    let before = sentence.get(..at).unwrap_or("");
    let after = sentence.get(at + part.len()..).unwrap_or("");
    let before_chars = before.chars().count();
    let before = if before_chars > CONTEXT_CHARS {
        let skip = before_chars - CONTEXT_CHARS;
        format!("…{}", before.chars().skip(skip).collect::<String>())
    } else {
        before.to_string()
    };
    format!("{before}{part}{}", cut_end(after, CONTEXT_CHARS))
}

fn cut_end(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        format!("{}…", text.chars().take(max).collect::<String>())
    } else {
        text.to_string()
    }
}
