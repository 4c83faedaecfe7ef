//! Quote extraction: finds quotations (double and single quote marks) in one
//! normalized source and attaches a speaker to each.
//!
//! This module owns [`SourceText`], [`Quote`] and [`find_quotes`]: which quote
//! marks pair up (apostrophes, nesting, multi-paragraph quotes, AP's
//! stray-space closing mark), and whether a quote is a partial fragment.
//! Speakers come from [`super::speaker`].

use std::ops::Range;

use serde::Serialize;

use super::align::normalize_words;
use super::speaker::{Attributor, Speaker};

/// One source's normalized text and its structure.
///
/// Curly quotes must already be straight (`"` and `'`), white-space runs
/// collapsed, `'\n'` kept. Text outside `paragraphs` is ignored. Ranges that
/// are out of bounds or not on char boundaries are skipped, never a panic.
#[derive(Debug, Clone, Copy)]
pub struct SourceText<'a> {
    /// The normalized text.
    pub text: &'a str,
    /// Byte ranges of the paragraphs (boilerplate excluded).
    pub paragraphs: &'a [Range<usize>],
    /// Byte ranges of the sentences; when empty, paragraphs stand in.
    pub sentences: &'a [Range<usize>],
    /// The language the text is written in: its speech verbs attribute quotes.
    pub language: &'static crate::lang::Language,
}

/// A quotation found in a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The quoted words, without the quote marks, trimmed of white space and a
    /// trailing comma.
    pub span: Range<usize>,
    /// The quote including its marks.
    pub outer: Range<usize>,
    /// The sentence containing the opening mark (its paragraph if no sentence
    /// does).
    pub sentence: Range<usize>,
    /// Number of words, counted as [`normalize_words`] does.
    pub words: usize,
    /// A fragment inside a sentence (`in more "practical and offensive" ways`)
    /// rather than a full quoted statement.
    pub partial: bool,
    /// Who said it, when a cue says so.
    pub speaker: Option<Speaker>,
}

/// At most this many times per paragraph an opening mark that never closes is
/// dropped and the scan resumed after it: bounds the work on hostile input.
const MAX_RESTARTS: usize = 8;

/// Words that an apostrophe opens by elision ('tis, rock 'n' roll): such an
/// apostrophe is not an opening quote mark.
const ELISIONS: &[&str] = &[
    "tis", "twas", "em", "til", "cause", "bout", "round", "n", "nuff", "cos", "s", "d", "ll",
];

/// Finds every quotation in `src`, in text order, with its speaker.
///
/// See the `quotes` module doc for what counts as a quote and how speakers are
/// found.
pub fn find_quotes(src: &SourceText) -> Vec<Quote> {
    let text = src.text;
    let paragraphs = valid_ranges(text, src.paragraphs);
    let mut sentences = valid_ranges(text, src.sentences);
    if sentences.is_empty() {
        sentences = paragraphs.clone();
    }
    let mut raw = scan_double(text, &paragraphs, &sentences);
    let mut doubles: Vec<Range<usize>> = raw.clone();
    doubles.sort_by_key(|r| r.start);
    raw.extend(scan_single(text, &paragraphs, &sentences, &doubles));
    // Outer quotes first, so quotes nested in them are dropped: the outer
    // quote carries their words.
    raw.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut outers: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    for r in raw {
        if outers.last().is_some_and(|l| r.start < l.end) {
            continue;
        }
        outers.push(r);
    }
    let mut quotes = Vec::with_capacity(outers.len());
    let mut kept_outers = Vec::with_capacity(outers.len());
    for outer in outers {
        if let Some(q) = build_quote(text, &outer, &paragraphs, &sentences) {
            quotes.push(q);
            kept_outers.push(outer);
        }
    }
    let attributor = Attributor::new(text, &sentences, &kept_outers, src.language);
    for q in &mut quotes {
        let unit = unit_of(&sentences, q.outer.start);
        let close_unit = unit_of(&sentences, q.outer.end.saturating_sub(1));
        let ctx_end = close_unit
            .and_then(|i| sentences.get(i))
            .map_or(q.sentence.end, |s| s.end)
            .max(q.outer.end);
        let ctx = q.sentence.start.min(q.outer.start)..ctx_end;
        q.speaker = attributor.attribute(&q.outer, &ctx, unit);
    }
    quotes
}

/// Keeps in-bounds, char-aligned, non-empty ranges, sorted and not overlapping.
fn valid_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| r.start < r.end && text.get(r.start..r.end).is_some())
        .cloned()
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        if kept.last().is_some_and(|l| r.start < l.end) {
            continue;
        }
        kept.push(r);
    }
    kept
}

/// Index of the range containing `pos`.
fn unit_of(units: &[Range<usize>], pos: usize) -> Option<usize> {
    let i = units.partition_point(|u| u.start <= pos).checked_sub(1)?;
    units.get(i).filter(|u| pos < u.end).map(|_| i)
}

/// End of the sentence containing `pos`, or `fallback`.
fn unit_end(units: &[Range<usize>], pos: usize, fallback: usize) -> usize {
    unit_of(units, pos)
        .and_then(|i| units.get(i))
        .map_or(fallback, |u| u.end.min(fallback))
}

fn is_open_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '-' | '\u{2013}' | '\u{2014}' | '/' | ':'
    )
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    open: bool,
    close: bool,
}

/// Positions of `mark` in `para` with what their neighbours allow.
fn marks(text: &str, para: &Range<usize>, mark: char, single: bool) -> Vec<Mark> {
    let Some(s) = text.get(para.clone()) else {
        return Vec::new();
    };
    s.match_indices(mark)
        .map(|(i, _)| {
            let prev = s.get(..i).and_then(|h| h.chars().next_back());
            let next = s.get(i + mark.len_utf8()..).and_then(|t| t.chars().next());
            let after_space =
                prev.is_none_or(|c| c.is_whitespace() || is_open_punct(c) || c == '"');
            let (open, close) = if single {
                let word: String = s
                    .get(i + 1..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .flat_map(char::to_lowercase)
                    .collect();
                (
                    after_space
                        && next.is_some_and(char::is_alphabetic)
                        && !ELISIONS.contains(&word.as_str()),
                    prev.is_some_and(|c| !c.is_whitespace())
                        && next.is_none_or(|c| !c.is_alphanumeric()),
                )
            } else {
                (
                    after_space && next.is_some(),
                    prev.is_some_and(|c| !c.is_whitespace())
                        && next.is_none_or(|c| !c.is_alphanumeric()),
                )
            };
            Mark {
                pos: para.start + i,
                open,
                close,
            }
        })
        .collect()
}

/// Whether paragraph `next` continues an open quote of paragraph `prev`: only
/// white space between them and `next` opens with a `"`.
fn continues(text: &str, prev: &Range<usize>, next: Option<&Range<usize>>) -> Option<usize> {
    let next = next?;
    let gap = text.get(prev.end..next.start)?;
    if !gap.trim().is_empty() {
        return None;
    }
    let body = text.get(next.clone())?;
    let lead = body.len() - body.trim_start().len();
    body.trim_start()
        .starts_with('"')
        .then_some(next.start + lead)
}

/// Pairs double quote marks paragraph by paragraph. Returns outer ranges.
fn scan_double(
    text: &str,
    paragraphs: &[Range<usize>],
    sentences: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Opening position of a quote carried over from the previous paragraph.
    let mut carry: Option<usize> = None;
    for (pi, para) in paragraphs.iter().enumerate() {
        let ms = marks(text, para, '"', false);
        // next_close[k]: index of the first close-capable mark at or after k,
        // so the glitch test is O(1) and a paragraph stays linear.
        let mut next_close: Vec<Option<usize>> = vec![None; ms.len() + 1];
        for k in (0..ms.len()).rev() {
            let here = ms.get(k).is_some_and(|m| m.close).then_some(k);
            let after = next_close.get(k + 1).copied().flatten();
            if let Some(slot) = next_close.get_mut(k) {
                *slot = here.or(after);
            }
        }
        let carried = carry.take();
        let mut open: Option<(usize, Option<usize>)> = None; // (pos, index in ms)
        let mut i = 0;
        if let Some(pos) = carried {
            if ms
                .first()
                .is_some_and(|m| Some(m.pos) == continues_at(text, para))
            {
                open = Some((pos, None));
                i = 1;
            }
        }
        let mut depth = 0usize;
        let mut restarts = 0usize;
        loop {
            while let Some(m) = ms.get(i) {
                match open {
                    None => {
                        if m.open {
                            open = Some((m.pos, Some(i)));
                            depth = 0;
                        }
                    }
                    Some((start, _)) => {
                        let sentence_end = unit_end(sentences, m.pos, para.end);
                        if m.close {
                            if depth > 0 {
                                depth -= 1;
                            } else {
                                out.push(start..m.pos + 1);
                                open = None;
                            }
                        } else if m.open {
                            let close_later = next_close
                                .get(i + 1)
                                .copied()
                                .flatten()
                                .and_then(|k| ms.get(k))
                                .is_some_and(|n| n.pos < sentence_end);
                            let closes_only = |k: usize| {
                                ms.get(k)
                                    .is_some_and(|n| n.close && !n.open && n.pos < sentence_end)
                            };
                            if !close_later {
                                // AP's glitch: `attitude "over` — a quote that would
                                // never close in its sentence closes here.
                                out.push(start..m.pos + 1);
                                open = None;
                            } else if closes_only(i + 1) && closes_only(i + 2) {
                                depth += 1; // nested: "a "b" c"
                            }
                            // Otherwise a stray mark: ignored.
                        }
                    }
                }
                i += 1;
            }
            let Some((start, idx)) = open else { break };
            if let Some(_next_open) = continues(text, para, paragraphs.get(pi + 1)) {
                carry = Some(start);
                break;
            }
            // Never closed: drop the opener and rescan after it.
            if restarts >= MAX_RESTARTS {
                break;
            }
            restarts += 1;
            open = None;
            depth = 0;
            i = idx.map_or(0, |k| k + 1);
            if idx.is_none() {
                // The carried quote failed: its re-opening mark is now an
                // ordinary opener at index 0.
                continue;
            }
        }
    }
    out
}

/// Position of the first `"` of a paragraph when it opens the paragraph.
fn continues_at(text: &str, para: &Range<usize>) -> Option<usize> {
    let body = text.get(para.clone())?;
    let lead = body.len() - body.trim_start().len();
    body.trim_start()
        .starts_with('"')
        .then_some(para.start + lead)
}

/// Pairs single quote marks outside double quotes. Returns outer ranges.
fn scan_single(
    text: &str,
    paragraphs: &[Range<usize>],
    sentences: &[Range<usize>],
    doubles: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in paragraphs {
        let ms: Vec<Mark> = marks(text, para, '\'', true)
            .into_iter()
            .filter(|m| !inside(doubles, m.pos))
            .collect();
        let mut open: Option<usize> = None;
        for (j, m) in ms.iter().enumerate() {
            if m.open {
                // A new opener replaces an unclosed one (that was an apostrophe).
                open = Some(m.pos);
                continue;
            }
            if !m.close {
                continue;
            }
            let Some(start) = open else { continue };
            let sentence_end = unit_end(sentences, m.pos, para.end);
            if possessive_before_later_close(text, m, ms.get(j + 1..).unwrap_or(&[]), sentence_end)
            {
                continue;
            }
            open = None;
            let Some(content) = text.get(start + 1..m.pos) else {
                continue;
            };
            if !content.chars().any(char::is_alphabetic) {
                continue;
            }
            if ELISIONS.contains(&content.to_lowercase().as_str()) {
                continue; // rock 'n' roll
            }
            let same_sentence = unit_of(sentences, start) == unit_of(sentences, m.pos);
            let ends_punct = content.trim_end().ends_with([',', '.', '!', '?']);
            if !same_sentence && !ends_punct {
                continue;
            }
            out.push(start..m.pos + 1);
        }
    }
    out
}

/// Whether `pos` lies in one of the sorted, disjoint `ranges`.
fn inside(ranges: &[Range<usize>], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= pos);
    i.checked_sub(1)
        .and_then(|k| ranges.get(k))
        .is_some_and(|r| pos < r.end)
}

/// `rivals' drills` inside a single-quoted phrase: a closing candidate after
/// an `s`, followed by a lowercase word, with another closing candidate later
/// in the sentence and no opener before it, is a plural possessive.
fn possessive_before_later_close(text: &str, m: &Mark, rest: &[Mark], sentence_end: usize) -> bool {
    let before_s = text.get(..m.pos).is_some_and(|h| h.ends_with('s'));
    let after = text.get(m.pos + 1..).unwrap_or("");
    let lower_next = after.starts_with(' ') && after.chars().nth(1).is_some_and(char::is_lowercase);
    if !(before_s && lower_next) {
        return false;
    }
    for n in rest {
        if n.pos >= sentence_end || n.open {
            return false;
        }
        if n.close {
            return true;
        }
    }
    false
}

/// Builds a quote from its outer range: trims the span, counts words, decides
/// whether it is partial. `None` when nothing word-like is quoted.
fn build_quote(
    text: &str,
    outer: &Range<usize>,
    paragraphs: &[Range<usize>],
    sentences: &[Range<usize>],
) -> Option<Quote> {
    let inner_start = outer.start + 1;
    let inner_end = outer.end.checked_sub(1)?;
    let inner = text.get(inner_start..inner_end)?;
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    let span = inner_start + lead.min(trimmed.len())..inner_start + trimmed.len();
    let content = text.get(span.clone())?;
    if !content.chars().any(char::is_alphanumeric) {
        return None;
    }
    let sentence = unit_of(sentences, outer.start)
        .and_then(|i| sentences.get(i))
        .or_else(|| unit_of(paragraphs, outer.start).and_then(|i| paragraphs.get(i)))
        .cloned()
        .unwrap_or_else(|| outer.clone());
    let before = text
        .get(sentence.start.min(outer.start)..outer.start)
        .unwrap_or("")
        .trim_end();
    let starts_upper = content.chars().next().is_some_and(char::is_uppercase);
    let full = before.is_empty()
        || (starts_upper && (before.ends_with([':', ',']) || content.ends_with(['.', '!', '?'])));
    Some(Quote {
        words: normalize_words(content).len(),
        span,
        outer: outer.clone(),
        sentence,
        partial: !full,
        speaker: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::speaker::Cue;
    use super::*;

    /// Splits `text` into paragraphs at '\n' and sentences after ". " / "? " /
    /// "! " — a stand-in for the source module's splitter.
    fn structure(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let mut paras = Vec::new();
        let mut sents = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.len();
            if !line.trim().is_empty() {
                paras.push(start..end);
                let mut s = start;
                let b = line.as_bytes();
                for (i, w) in b.windows(2).enumerate() {
                    if matches!(w[0], b'.' | b'?' | b'!') && w[1] == b' ' {
                        let e = start + i + 1;
                        let next = b.get(i + 2).copied().unwrap_or(b' ');
                        if next.is_ascii_uppercase() || next == b'"' {
                            sents.push(s..e);
                            s = e + 1;
                        }
                    }
                }
                sents.push(s..end);
            }
            start = end + 1;
        }
        (paras, sents)
    }

    /// (span text, speaker name and cue, partial)
    type Found = (String, Option<(String, Cue)>, bool);

    fn run(text: &str) -> Vec<Found> {
        run_in(text, crate::lang::english())
    }

    fn run_in(text: &str, language: &'static crate::lang::Language) -> Vec<Found> {
        let (p, s) = structure(text);
        find_quotes(&SourceText {
            text,
            paragraphs: &p,
            sentences: &s,
            language,
        })
        .into_iter()
        .map(|q| {
            (
                text[q.span.clone()].to_string(),
                q.speaker.map(|sp| (sp.name, sp.cue)),
                q.partial,
            )
        })
        .collect()
    }

    #[test]
    fn german_quotes_are_attributed_with_german_speech_verbs() {
        let de = crate::lang::get("de").unwrap();
        let text = "\"Wir werden nicht nachgeben\", sagte Müller am Montag. Außenministerin Annalena Baerbock sagte: \"Das ist inakzeptabel.\" \"Es bleibt dabei\", so Scholz.";
        let speakers: Vec<Option<String>> = run_in(text, de)
            .into_iter()
            .map(|q| q.1.map(|(name, _)| name))
            .collect();
        assert_eq!(
            speakers,
            vec![
                Some("Müller".to_string()),
                Some("Annalena Baerbock".to_string()),
                Some("Scholz".to_string()),
            ]
        );
        // Read as English, the German verbs attribute nothing.
        assert!(run(text).iter().all(|q| q.1.is_none()));
    }

    fn spans(text: &str) -> Vec<String> {
        run(text).into_iter().map(|q| q.0).collect()
    }

    fn speaker(text: &str, quote: &str) -> Option<(String, Cue)> {
        run(text)
            .into_iter()
            .find(|q| q.0 == quote)
            .and_then(|q| q.1)
    }

    const DW_KIM: &str = "North Korea's leader, Kim Jong Un, has ordered the country's war deterrence capabilities to be strengthened and made more \"practical and offensive\" in response to what it called \"frantic\" aggression by the United States and South Korea, state media KCNA reported on Tuesday.";
    const DW_KCNA: &str = "Kim attended an enlarged meeting of the Central Military Commission of the ruling Workers' Party of Korea on Monday to discuss \"the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression,\" according to North Korea's state media.";
    const AP_KIM: &str = "SEOUL, South Korea (AP) - North Korean leader Kim Jong Un vowed to enhance his nuclear arsenal in more \"practical and offensive\" ways as he met with senior military officials to discuss the country's war preparations in the face of his rivals' \"frantic\" military exercises, state media said Tuesday.";
    const AP_KCNA: &str = "KCNA said Kim and the military commission members analyzed the security situation on the Korean Peninsula \"in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression\" and discussed preparation for proposed military actions that their enemy has no way of counteracting.";
    const AP_KWON: &str = "South Korean Unification Minister Kwon Youngse, Seoul's point man on the North, in a news conference expressed \"strong regret\" over North Korea's \"unilateral and irresponsible attitude \"over the communication lines and also warned of unspecified legal action over its use of the Kaesong assets.";
    const AP_SPEED: &str = "Kim reviewed the country's frontline attack plans and various combat documents and stressed the need to bolster his nuclear deterrent with \"increasing speed on a more practical and offensive\" manner, KCNA said.";

    #[test]
    fn seed_dw_kim_subject_beats_trailing_state_media() {
        let q = run(DW_KIM);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].0, "practical and offensive");
        assert_eq!(q[0].1, Some(("Kim Jong Un".into(), Cue::Appositive)));
        assert!(q[0].2, "partial");
        assert_eq!(q[1].0, "frantic");
        // "what it called": a pronoun that is not he/she is never guessed.
        assert_eq!(q[1].1, None);
    }

    #[test]
    fn seed_dw_kcna_according_to() {
        let q = run(DW_KCNA);
        assert_eq!(q.len(), 1);
        assert_eq!(
            q[0].0,
            "the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression"
        );
        assert_eq!(
            q[0].1,
            Some(("North Korea's state media".into(), Cue::AccordingTo))
        );
    }

    #[test]
    fn seed_ap_kim_subject() {
        let q = run(AP_KIM);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].0, "practical and offensive");
        assert_eq!(q[0].1, Some(("Kim Jong Un".into(), Cue::SaidBefore)));
        assert_eq!(q[1].0, "frantic");
    }

    #[test]
    fn seed_ap_kcna_said_before() {
        let q = run(AP_KCNA);
        assert_eq!(q.len(), 1);
        assert!(q[0].0.starts_with("in which the U.S. imperialists"));
        assert!(q[0].0.ends_with("war of aggression"));
        assert_eq!(q[0].1, Some(("KCNA".into(), Cue::SaidBefore)));
    }

    #[test]
    fn seed_ap_stray_space_closing_mark() {
        let q = run(AP_KWON);
        assert_eq!(
            spans(AP_KWON),
            vec!["strong regret", "unilateral and irresponsible attitude"]
        );
        // "Kwon Youngse, Seoul's point man on the North, ... expressed".
        assert_eq!(q[0].1, Some(("Kwon Youngse".into(), Cue::Appositive)));
        assert_eq!(q[1].1, Some(("Kwon Youngse".into(), Cue::Appositive)));
    }

    #[test]
    fn seed_ap_speed_subject_with_known_surname() {
        let text = format!("{AP_KIM}\n{AP_SPEED}");
        assert_eq!(
            speaker(&text, "increasing speed on a more practical and offensive"),
            Some(("Kim".into(), Cue::SaidBefore))
        );
    }

    #[test]
    fn dw_headline_and_caption_single_quotes() {
        let text = "North Korea calls for more 'offensive' war deterrence\nNorth Korean leader Kim Jong Un met with military officials to discuss what he described as 'escalating moves' by US and South Korea 'to unleash a war of aggression'Image: KCNA/AFP";
        let q = run(text);
        assert_eq!(spans(text), vec!["offensive", "escalating moves"]);
        assert_eq!(q[0].1, Some(("North Korea".into(), Cue::SaidBefore)));
        // "he described as", resolved to the one person named before it.
        assert_eq!(q[1].1, Some(("Kim Jong Un".into(), Cue::Pronoun)));
    }

    #[test]
    fn apostrophes_only_give_no_quote() {
        let text = "The ruling Workers' Party's meeting, it's said, wasn't held in the '90s. Seoul's view of the rivals' drills is that they're routine. Rock 'n' roll isn't 'tis season's fare. The girls' school's gate.";
        assert!(spans(text).is_empty(), "{:?}", spans(text));
    }

    #[test]
    fn single_quotes_with_apostrophes_inside() {
        let text = "He called it 'the North's biggest threat' on Monday.";
        assert_eq!(spans(text), vec!["the North's biggest threat"]);
        let text = "She said the 'rivals' drills' were routine.";
        assert_eq!(spans(text), vec!["rivals' drills"]);
    }

    #[test]
    fn nested_quotes_report_the_outer_quote() {
        let text = "\"He said 'no' to them, and it's final,\" Kim told reporters.";
        let q = run(text);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, "He said 'no' to them, and it's final");
        assert_eq!(q[0].1, Some(("Kim".into(), Cue::Told)));
        assert!(!q[0].2);
        let text = "\"He said \"no\" to them,\" Kim said.";
        assert_eq!(spans(text), vec!["He said \"no\" to them"]);
    }

    #[test]
    fn multi_paragraph_quote() {
        let text = "\"We will never give up our weapons. They are our shield.\n\"And we will build more,\" Kim Jong Un said.\nNext paragraph.";
        let q = run(text);
        assert_eq!(q.len(), 1);
        assert!(q[0].0.starts_with("We will never"));
        assert!(q[0].0.ends_with("we will build more"));
        assert!(q[0].0.contains('\n'));
        assert_eq!(q[0].1, Some(("Kim Jong Un".into(), Cue::SaidAfter)));
    }

    #[test]
    fn quotes_do_not_cross_paragraphs_otherwise() {
        let text = "He said \"we will go\nThen \"fine\" he added.";
        assert_eq!(spans(text), vec!["fine"]);
    }

    #[test]
    fn attribution_forms() {
        let cases: &[(&str, &str, Cue)] = &[
            ("\"We are ready for war,\" Kim Jong Un said.", "Kim Jong Un", Cue::SaidAfter),
            ("Kim Jong Un said: \"We are ready for war.\"", "Kim Jong Un", Cue::SaidBefore),
            ("\"We are ready for war,\" said Kim Jong Un.", "Kim Jong Un", Cue::SaidInverted),
            ("\"We are ready for war,\" Kwon Youngse told reporters.", "Kwon Youngse", Cue::Told),
            ("\"We are ready for war,\" according to KCNA.", "KCNA", Cue::AccordingTo),
            (
                "\"We saw no unusual activity,\" Jeon Ha Gyu, spokesperson of South Korea's Defense Ministry, said.",
                "Jeon Ha Gyu",
                Cue::Appositive,
            ),
            (
                "\"The drills are a rehearsal for invasion,\" North Korea's official Korean Central News Agency said.",
                "Korean Central News Agency",
                Cue::Agency,
            ),
            ("\"The drills are a rehearsal,\" state media said.", "state media", Cue::StateMedia),
            ("\"The drills are a rehearsal,\" KCNA reported.", "KCNA", Cue::Reported),
            ("\"The drills are a rehearsal,\" Yonhap reported on Monday.", "Yonhap", Cue::Reported),
            (
                "The drills are \"a rehearsal for invasion\" and must stop, state media said on Tuesday.",
                "state media",
                Cue::StateMedia,
            ),
        ];
        for (text, name, cue) in cases {
            let q = run(text);
            assert_eq!(q.len(), 1, "{text}");
            assert_eq!(q[0].1, Some((name.to_string(), *cue)), "{text}");
        }
    }

    #[test]
    fn attribution_forms_on_real_copy() {
        let cases: &[(&str, Option<&str>)] = &[
            // Appositives, and the outlet a quote was told to is never the speaker.
            ("His sister, Marta, told the Daily Ledger: \"The whole house moved like a boat.\"", Some("Marta")),
            ("Her neighbour, Ivo Petrak, told Reuters: \"The whole street shook for a minute.\"", Some("Ivo Petrak")),
            ("Marta Novak told the New York Times: \"We heard the walls crack.\"", Some("Marta Novak")),
            ("\"The whole house moved like a boat,\" his sister, Marta, told the Daily Ledger.", Some("Marta")),
            ("\"We heard the walls crack,\" Ana Lis told the Post.", Some("Ana Lis")),
            // Places and organisations are not speakers.
            ("\"We lost everything in one night,\" one woman in Dunmore told the agency.", Some("one woman")),
            ("\"The river took our fields,\" a farmer from West Ridge said.", Some("a farmer")),
            ("\"We are feeding four hundred people a day,\" said Open Hands Mission president Alan Reyes.", Some("Alan Reyes")),
            ("Open Hands Mission director Alan Reyes said: \"We need more blankets tonight.\"", Some("Alan Reyes")),
            // Quoted as saying, said his lawyer, the family's attorney.
            ("Mr Novak was quoted as saying: \"I never signed that contract with anyone.\"", Some("Novak")),
            ("\"My client is innocent of every charge,\" said his lawyer Peter Grant.", Some("Peter Grant")),
            ("\"My client is innocent of every charge,\" said her attorney, Ruth Bell.", Some("Ruth Bell")),
            ("\"The family wants answers from the county,\" Sara Lind, the family's attorney, said.", Some("Sara Lind")),
            ("\"The family wants answers from the county,\" Sara Lind, the family's attorney, told reporters.", Some("Sara Lind")),
            // A role of two or three words, after an organisation or not.
            ("\"We are asking to be paid for the work we do,\" said ANF general secretary Amina Yusuf.", Some("Amina Yusuf")),
            ("\"We are asking to be paid for the work we do,\" said union general secretary Amina Yusuf.", Some("Amina Yusuf")),
            // Middle initials.
            ("Police Chief Andre T. Mason said: \"This could have been so much worse.\"", Some("Andre T. Mason")),
            ("\"The bridge will reopen next month,\" said Budi S. Harahap.", Some("Budi S. Harahap")),
        ];
        for (text, name) in cases {
            let q = run(text);
            assert_eq!(q.len(), 1, "{text}");
            assert_eq!(q[0].1.as_ref().map(|(n, _)| n.as_str()), *name, "{text}");
        }
    }

    /// The quotes of `text` loaded as a file is (its sentence splitter keeps
    /// "U.S. Secretary" and "Gen. Dzhumabekov" whole).
    fn loaded(text: &str) -> Vec<Quote> {
        let source = crate::source::Source::from_text(
            None,
            None,
            text.to_string(),
            &crate::source::LoadOptions::default(),
        );
        super::super::quotes_of(&source)
    }

    /// The speaker of a quote followed by `attribution`.
    fn attributed(attribution: &str) -> Option<String> {
        let text = format!("\"This is the first real step away from war,\" {attribution}");
        let q = loaded(&text);
        assert_eq!(q.len(), 1, "{text}");
        q[0].speaker.as_ref().map(|s| s.name.clone())
    }

    /// Each (attribution, speaker) case gives that speaker.
    fn assert_speakers(cases: &[(&str, &str)]) {
        for (attribution, name) in cases {
            assert_eq!(
                attributed(attribution).as_deref(),
                Some(*name),
                "{attribution}"
            );
        }
    }

    #[test]
    fn a_role_phrase_before_the_name_is_not_the_speaker() {
        let cases: &[(&str, &str)] = &[
            // An organisation's acronym or initialism before a role noun.
            ("said UN envoy Halvorsen.", "Halvorsen"),
            ("said U.N. envoy Ingrid Halvorsen.", "Ingrid Halvorsen"),
            (
                "said UN special envoy Ingrid Halvorsen.",
                "Ingrid Halvorsen",
            ),
            ("said NATO spokeswoman Ana Lis.", "Ana Lis"),
            ("said EU foreign policy chief Kaja Kallas.", "Kaja Kallas"),
            // An office with its department.
            ("said U.S. Secretary of State Marco Rubio.", "Marco Rubio"),
            ("said Secretary of State Rubio.", "Rubio"),
            (
                "said Minister of Foreign Affairs Bakyt Dzhumabekov.",
                "Bakyt Dzhumabekov",
            ),
            (
                "said White House Chief of Staff Susie Wiles.",
                "Susie Wiles",
            ),
            (
                "said Red Cross head of delegation, Ivo Petrak.",
                "Ivo Petrak",
            ),
            // The same roles before a speech verb after the quote.
            ("UN envoy Ingrid Halvorsen said.", "Ingrid Halvorsen"),
            ("U.S. Secretary of State Marco Rubio said.", "Marco Rubio"),
            // A name with nothing before it stays whole; what follows it is
            // not a role phrase.
            ("said Ingrid Halvorsen, the UN envoy.", "Ingrid Halvorsen"),
            ("said Ivo Petrak of the Red Cross.", "Ivo Petrak"),
            ("said Kim Jong Un.", "Kim Jong Un"),
            (
                "said Foreign Minister Bakyt Dzhumabekov.",
                "Bakyt Dzhumabekov",
            ),
        ];
        assert_speakers(cases);
        // Before the quote too.
        let text = "said UN envoy Ingrid Halvorsen: \"This is the first real step.\"";
        assert_eq!(
            run(text)[0].1,
            Some(("Ingrid Halvorsen".into(), Cue::SaidInverted))
        );
    }

    #[test]
    fn a_role_word_phrase_before_a_name_gives_the_name() {
        let cases: &[(&str, &str)] = &[
            // A role noun alone or with a modifier.
            ("said envoy Ingrid Halvorsen.", "Ingrid Halvorsen"),
            ("said special envoy Ingrid Halvorsen.", "Ingrid Halvorsen"),
            // A determiner, an organisation, a comma before the name.
            ("said the UN envoy, Ingrid Halvorsen.", "Ingrid Halvorsen"),
            (
                "said the U.N. special envoy Ingrid Halvorsen.",
                "Ingrid Halvorsen",
            ),
            ("said a Red Cross spokeswoman, Ana Lis.", "Ana Lis"),
            (
                "said the Open Hands Mission president, Alan Reyes.",
                "Alan Reyes",
            ),
            ("said the secretary of state, Marco Rubio.", "Marco Rubio"),
            // An organisation in the possessive.
            (
                "said Kyrgyzstan's foreign minister, Bakyt Dzhumabekov.",
                "Bakyt Dzhumabekov",
            ),
            (
                "said President Vladimir Putin's spokesman Dmitry Peskov.",
                "Dmitry Peskov",
            ),
            ("said the agency's director, Ana Lis.", "Ana Lis"),
            // Forms that worked before stay as they were.
            ("said the envoy, Ingrid Halvorsen.", "Ingrid Halvorsen"),
            ("said her attorney, Ruth Bell.", "Ruth Bell"),
            (
                "said the country's chief negotiator Ivo Petrak.",
                "Ivo Petrak",
            ),
        ];
        assert_speakers(cases);
        // After the quote, before a speech verb.
        assert_eq!(
            attributed("the UN envoy, Ingrid Halvorsen, said.").as_deref(),
            Some("Ingrid Halvorsen")
        );
    }

    #[test]
    fn a_place_before_a_pronoun_is_not_the_person_it_means() {
        let text = "The flood reached homes in Kalwa Heights on Monday. \"We lost everything we had,\" she said.";
        assert_eq!(speaker(text, "We lost everything we had"), None);
        let text = "\"We lost everything we had,\" she said, standing in Kalwa Heights.";
        assert_eq!(speaker(text, "We lost everything we had"), None);
        let text = "Ana Lis lives in Kalwa Heights. \"We lost everything we had,\" she said.";
        assert_eq!(
            speaker(text, "We lost everything we had"),
            Some(("Ana Lis".into(), Cue::Pronoun))
        );
    }

    #[test]
    fn pronoun_resolved_only_when_safe() {
        let one = "Kwon Youngse spoke on Tuesday. \"We regret it,\" he said.";
        assert_eq!(
            speaker(one, "We regret it"),
            Some(("Kwon Youngse".into(), Cue::Pronoun))
        );
        let two = "Kwon Youngse met Jeon Ha Gyu on Tuesday. \"We regret it,\" he said.";
        assert_eq!(speaker(two, "We regret it"), None);
        let none = "The meeting ended. \"We regret it,\" she said.";
        assert_eq!(speaker(none, "We regret it"), None);
        let far = "Kwon Youngse spoke. A. B. C. \"We regret it,\" he said.";
        assert_eq!(speaker(far, "We regret it"), None);
    }

    #[test]
    fn a_pronoun_means_a_surname_after_a_title() {
        let said = "\"We will not give up a single metre of our land,\" he said.";
        let cases: &[(&str, Option<&str>)] = &[
            ("Foreign Minister Dzhumabekov insisted that the ceasefire did not change the claims.", Some("Dzhumabekov")),
            ("Foreign Minister Dzhumabekov, speaking for the Kyrgyz side, insisted that the ceasefire did not change Bishkek's claims.", Some("Dzhumabekov")),
            ("The country's foreign minister, Dzhumabekov, was firm.", Some("Dzhumabekov")),
            ("Gen. Dzhumabekov was firm.", Some("Dzhumabekov")),
            // The fuller name of the same person is the one given.
            ("Foreign Minister Bakyt Dzhumabekov arrived. Foreign Minister Dzhumabekov was firm.", Some("Bakyt Dzhumabekov")),
            // A second person named recently: no one is guessed.
            ("Foreign Minister Dzhumabekov met Prime Minister Nazarov on Monday.", None),
            ("Foreign Minister Dzhumabekov met Ingrid Halvorsen on Monday.", None),
            // A title alone is nobody, and a capitalised word alone may be
            // anything.
            ("The Prime Minister arrived on Monday.", None),
            ("Dzhumabekov was firm.", None),
        ];
        for (before, name) in cases {
            let text = format!("{before} {said}");
            let q = loaded(&text);
            assert_eq!(q.len(), 1, "{text}");
            let found = q[0].speaker.as_ref().map(|s| (s.name.as_str(), s.cue));
            assert_eq!(found, name.map(|n| (n, Cue::Pronoun)), "{text}");
        }
    }

    #[test]
    fn names_inside_quotes_are_not_speakers() {
        let text = "\"Kim Jong Un said so,\" officials noted.";
        assert_eq!(speaker(text, "Kim Jong Un said so"), None);
    }

    #[test]
    fn partial_and_full() {
        assert!(run(DW_KCNA)[0].2);
        assert!(!run("\"We are ready,\" Kim said.")[0].2);
        assert!(!run("Kim said, \"We are ready.\"")[0].2);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in [
            "",
            "\"",
            "'",
            "\"\"",
            "''",
            "\" \" \" \"",
            "\u{0}\"\u{1b}x\"",
            "é\"ñ\"ü 'ß' 😀\"😀\"",
            "\"a\n\"b\n\"c\n\"d",
            "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"",
            "x \"a \"b \"c \"d \"e \"f \"g \"h \"i \"j \"k \"l \"m",
        ] {
            let _ = run(text);
        }
        // Ranges out of bounds or inside a char are skipped.
        let text = "é \"quoted words here\" ü";
        #[allow(clippy::reversed_empty_ranges)]
        let bad = vec![0..1, 5..500, 3..2];
        let q = find_quotes(&SourceText {
            text,
            paragraphs: &bad,
            sentences: &bad,
            language: crate::lang::english(),
        });
        assert!(q.is_empty());
        let q = find_quotes(&SourceText {
            text,
            paragraphs: std::slice::from_ref(&(0..text.len())),
            sentences: &[],
            language: crate::lang::english(),
        });
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].words, 3);
    }

    #[test]
    fn huge_hostile_paragraphs_stay_fast() {
        // One sentence, 800 quotes: context is bounded, marks scanned linearly.
        let text = "Kim Jong Un said \"we will win this war\" and ".repeat(800);
        let q = run(&text);
        assert_eq!(q.len(), 800);
        assert_eq!(q[799].1, Some(("Kim Jong Un".into(), Cue::SaidBefore)));
        // Openers only: each pair closes by the stray-space rule.
        let text = "\"x ".repeat(2_000);
        assert_eq!(run(&text).len(), 1_000);
    }

    #[test]
    fn text_outside_paragraphs_is_ignored() {
        let text = "Skip \"this one here\"\nKeep \"that one here\"";
        let q = find_quotes(&SourceText {
            text,
            paragraphs: std::slice::from_ref(&(21..text.len())),
            sentences: &[],
            language: crate::lang::english(),
        });
        assert_eq!(q.len(), 1);
        assert_eq!(&text[q[0].span.clone()], "that one here");
    }
}
