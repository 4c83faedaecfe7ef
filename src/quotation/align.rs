//! Cross-source quote alignment: which quotes of different sources report the
//! same utterance, and whether their wording is identical, an excerpt, or a
//! drift.
//!
//! This module owns the n-gram index that proposes candidate pairs, pair
//! scoring and the greedy grouping ([`align`]); quote words come from
//! [`crate::text::words`] and the diff shown for drifts from [`crate::text::diff`].

use std::collections::HashMap;

use serde::Serialize;

use super::extract::Quote;
use super::speaker::{is_media_name, is_name_of_someone, same_speaker};
use crate::text::diff::matched_words;
pub use crate::text::words::normalize_words;
use crate::text::words::words_and_breaks;

/// A quote's normalized words and speaker: the unit [`align`] works on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteText {
    /// Normalized words (see [`normalize_words`]).
    pub words: Vec<String>,
    /// For each word, whether punctuation (`, . ; : ! ?`, a dash) follows it:
    /// where a clause may end.
    pub breaks: Vec<bool>,
    /// The speaker's name, if attributed.
    pub speaker: Option<String>,
    /// A fragment quoted inside the writer's sentence (see [`Quote::partial`]).
    pub partial: bool,
}

impl QuoteText {
    /// Normalizes `text` and keeps `speaker`.
    pub fn new(text: &str, speaker: Option<String>) -> Self {
        let (words, breaks) = words_and_breaks(text);
        Self {
            words,
            breaks,
            speaker,
            partial: false,
        }
    }

    /// The [`QuoteText`] of a quote found in `source_text` by
    /// [`super::find_quotes`].
    pub fn from_quote(source_text: &str, quote: &Quote) -> Self {
        let mut q = Self::new(
            source_text.get(quote.span.clone()).unwrap_or(""),
            quote.speaker.as_ref().map(|s| s.name.clone()),
        );
        q.partial = quote.partial;
        q
    }
}

/// Options of [`align`].
#[derive(Debug, Clone, Serialize)]
pub struct AlignOptions {
    /// Quotes with fewer words are scare quotes and are left out entirely
    /// (default 2: drops one-word scare quotes like "frantic" but keeps
    /// two-word quotes like "strong regret").
    pub min_words: usize,
    /// Word n-gram size of the candidate index (default 2: a three-word quote
    /// with one word changed still shares a bigram, but no trigram).
    pub ngram: usize,
    /// Minimum score for two differently worded quotes to be the same
    /// utterance (default 0.5; see [`align`]).
    pub min_similarity: f64,
    /// A further test that two speaker names are one person, beside the
    /// alias table and one name's words within the other's: the `name`
    /// kind's, which also takes two spellings of one name ("Lindqvist",
    /// "Lindquist") as one person. Set by the commands (this module sits
    /// below the kinds); `None` here.
    #[serde(skip)]
    pub same_person: Option<fn(&str, &str) -> bool>,
}

impl Default for AlignOptions {
    fn default() -> Self {
        Self {
            min_words: 2,
            ngram: 2,
            min_similarity: 0.5,
            same_person: None,
        }
    }
}

/// How the members of a [`Group`] relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Every member has the same words.
    Identical,
    /// Members differ only by one being a contiguous run of another's words.
    Excerpt,
    /// One quote is a run of the other's words that stops inside a phrase of
    /// it ("no park" of "no park ranger"): what was said changed.
    Truncated,
    /// The same utterance worded differently: the finding.
    Drift,
    /// Only one source has this quote.
    Unique,
}

/// Quotes of different sources reporting the same utterance (at most one per
/// source), or a single unaligned quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// `(source index, quote index)` pairs, sorted.
    pub members: Vec<(usize, usize)>,
    /// How the members relate (the weakest link: drift > truncated > excerpt
    /// > identical).
    pub relation: Relation,
    /// The weakest drift link's score, when the group holds a drift (its
    /// `similarity` may be an excerpt's lower word similarity).
    pub drift: Option<f64>,
    /// The weakest link's score; for a unique quote, the best score it reached
    /// with any candidate that did not join it (0 when none).
    pub similarity: f64,
    /// Quotes that could not join as members because their source already has
    /// one, but that are identical to, or an excerpt of (or contain), a member
    /// of another source: AP's `increasing speed on a more practical and
    /// offensive` beside the group of DW's and AP's `practical and offensive`.
    /// They never change the group's relation. Sorted by quote.
    pub attached: Vec<Attachment>,
}

/// A quote tied to a [`Group`] without being a member (see [`Group::attached`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// The attached quote, `(source index, quote index)`.
    pub quote: (usize, usize),
    /// The member of another source it relates to.
    pub to: (usize, usize),
    /// `identical` or `excerpt`.
    pub relation: Relation,
    /// The pair's word similarity.
    pub similarity: f64,
}

impl Group {
    /// The class of one quote of this group: the group's relation for a
    /// member, the attachment's relation for an attached quote.
    pub fn class_of(&self, quote: (usize, usize)) -> Option<Relation> {
        if self.members.contains(&quote) {
            return Some(self.relation);
        }
        self.attached
            .iter()
            .find(|a| a.quote == quote)
            .map(|a| a.relation)
    }
}

/// Added to the word similarity when both quotes name the same speaker.
pub const SPEAKER_BONUS: f64 = 0.1;
/// Posting lists keep at most this many quotes: a very common n-gram then costs
/// a constant per query, and a widely quoted phrase still links every new
/// quote to the first holders of it.
pub const POSTING_CAP: usize = 64;
/// At most this many candidates (those sharing the most n-grams) are scored
/// per quote.
pub const MAX_CANDIDATES: usize = 16;
/// Words beyond this are not scored (keeps diff cost bounded and deterministic).
pub const MAX_SCORED_WORDS: usize = 400;

/// Words too common to make an n-gram worth indexing on their own.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "it", "its", "that", "this", "with", "by", "as", "from", "we", "our",
    "they", "their", "he", "his", "she", "her", "i", "you", "not", "no", "will", "would", "has",
    "have", "had", "which", "who",
];

fn is_stop(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Speaker agreement of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    Same,
    Unknown,
    Conflict,
}

/// Same speaker raises; two different people, or two different media, block;
/// anything else (a medium relaying a person, a country) is unknown. A
/// surname alone is someone too: `same_speaker` already joins it to a
/// fuller name it is part of ("Yusuf", "Amina Yusuf"), so what is left is
/// another person ("Brennan", "Yusuf").
fn agreement(a: Option<&str>, b: Option<&str>, options: &AlignOptions) -> Agreement {
    let (Some(a), Some(b)) = (a, b) else {
        return Agreement::Unknown;
    };
    if same_speaker(a, b) || options.same_person.is_some_and(|same| same(a, b)) {
        return Agreement::Same;
    }
    let (ma, mb) = (is_media_name(a), is_media_name(b));
    if (ma && mb) || (!ma && !mb && is_name_of_someone(a) && is_name_of_someone(b)) {
        Agreement::Conflict
    } else {
        Agreement::Unknown
    }
}

/// Word-level similarity: 2 × matched words / total words, matched words from
/// a Myers diff (1.0 identical, 0.0 nothing in common).
#[cfg(test)]
fn word_similarity(a: &[String], b: &[String]) -> f64 {
    similarity_of(matched_words(a, b), a.len() + b.len())
}

fn similarity_of(matched: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    2.0 * matched as f64 / total as f64
}

fn contains_run(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && short.len() <= long.len() && long.windows(short.len()).any(|w| w == short)
}

/// Scores a pair of quotes as [`align`] does: `Ok((relation, score))` when
/// they are the same utterance (identical, excerpt or drift), `Err(score)`
/// otherwise (the score seen). Used by the `quote` slot kind to compare two
/// values.
pub fn relate(
    a: &QuoteText,
    b: &QuoteText,
    options: &AlignOptions,
) -> Result<(Relation, f64), f64> {
    score(a, b, options).map(|(r, s, _)| (r, s))
}

/// As [`relate`], with the number of words the pair shares in order (the
/// evidence that ranks pairs for merging).
fn score(
    a: &QuoteText,
    b: &QuoteText,
    options: &AlignOptions,
) -> Result<(Relation, f64, usize), f64> {
    let agree = agreement(a.speaker.as_deref(), b.speaker.as_deref(), options);
    if agree == Agreement::Conflict {
        return Err(0.0);
    }
    let wa = a
        .words
        .get(..MAX_SCORED_WORDS.min(a.words.len()))
        .unwrap_or(&[]);
    let wb = b
        .words
        .get(..MAX_SCORED_WORDS.min(b.words.len()))
        .unwrap_or(&[]);
    if wa == wb {
        return Ok((Relation::Identical, 1.0, wa.len()));
    }
    let matched = matched_words(wa, wb);
    let sim = similarity_of(matched, wa.len() + wb.len());
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    if contains_run(long, short) {
        let relation = if truncates(a, b) {
            Relation::Truncated
        } else {
            Relation::Excerpt
        };
        return Ok((relation, sim, matched));
    }
    let bonus = if agree == Agreement::Same {
        SPEAKER_BONUS
    } else {
        0.0
    };
    let s = (sim + bonus).min(1.0);
    if s >= options.min_similarity {
        Ok((Relation::Drift, s, matched))
    } else {
        Err(s)
    }
}

/// Whether the shorter of two quotes, a full statement, is a run of the
/// longer one's words that stops where the longer one's phrase goes on ("no
/// park" in "no park ranger"): quoting it alone changes what was said.
fn truncates(a: &QuoteText, b: &QuoteText) -> bool {
    let (short, long) = if a.words.len() <= b.words.len() {
        (a, b)
    } else {
        (b, a)
    };
    let n = short.words.len();
    if short.partial || n < 2 || n >= long.words.len() {
        return false;
    }
    long.words
        .windows(n)
        .enumerate()
        .find(|(_, w)| *w == short.words.as_slice())
        .is_some_and(|(i, _)| {
            let end = i + n;
            end < long.words.len() && long.breaks.get(end - 1) == Some(&false)
        })
}

/// What the words say when their speakers block the pair: `Some` when the
/// two quotes have the same words (or one, of four words or more, is a run of
/// the other's) but name different speakers.
pub fn same_words_other_speaker(
    a: &QuoteText,
    b: &QuoteText,
    options: &AlignOptions,
) -> Option<Relation> {
    if agreement(a.speaker.as_deref(), b.speaker.as_deref(), options) != Agreement::Conflict {
        return None;
    }
    if a.words == b.words && !a.words.is_empty() {
        return Some(Relation::Identical);
    }
    let (short, long) = if a.words.len() <= b.words.len() {
        (&a.words, &b.words)
    } else {
        (&b.words, &a.words)
    };
    (short.len() >= 4 && contains_run(long, short)).then_some(Relation::Excerpt)
}

/// An accepted pair, by global quote id.
struct Pair {
    relation: Relation,
    score: f64,
    /// Words the two quotes share in order.
    shared: usize,
    a: usize,
    b: usize,
}

/// A group under construction.
struct Building {
    members: Vec<usize>,
    sources: Vec<usize>,
    speakers: Vec<String>,
    relation: Relation,
    similarity: f64,
    drift: Option<f64>,
}

/// Aligns the quotes of several sources (`sources[s][q]` is quote `q` of
/// source `s`).
///
/// 1. Quotes with fewer than `min_words` words are left out.
/// 2. Candidates: each quote is looked up, in order, in an index of the word
///    n-grams of the quotes before it (n-grams made only of stopwords are not
///    indexed unless the quote has nothing else; posting lists are capped at
///    [`POSTING_CAP`]). Quotes shorter than `ngram` are looked up by their
///    words instead. Quotes of the same source are never paired. Only the
///    [`MAX_CANDIDATES`] candidates sharing the most n-grams are scored.
/// 3. Each candidate pair is scored: a speaker conflict (two different people,
///    or two different media) rejects it; the same words are *identical*; one
///    quote's words found as a contiguous run in the other's is an *excerpt*;
///    otherwise the word similarity (2 × words matched by a word diff / total
///    words), plus [`SPEAKER_BONUS`] when both name the same speaker, must reach
///    `min_similarity` for a *drift*.
/// 4. Pairs are merged greedily — most words shared in order first, then
///    identical before excerpts before drifts, then by descending score — into
///    groups holding at most one quote per
///    source and no conflicting speakers. A group's relation and similarity
///    are its weakest merge's. Quotes left alone are *unique*.
///
/// The cost is linear in the number of quotes (times the n-grams per quote
/// and the posting cap). Groups come out sorted by their first member.
pub fn align(sources: &[Vec<QuoteText>], options: &AlignOptions) -> Vec<Group> {
    let mut ids: Vec<(usize, usize)> = Vec::new();
    for (s, quotes) in sources.iter().enumerate() {
        for (q, quote) in quotes.iter().enumerate() {
            if quote.words.len() >= options.min_words {
                ids.push((s, q));
            }
        }
    }
    let quote = |id: usize| -> Option<&QuoteText> {
        let (s, q) = *ids.get(id)?;
        sources.get(s)?.get(q)
    };
    let n = options.ngram.max(1);
    let need_words = ids.iter().any(|&(s, q)| {
        sources
            .get(s)
            .and_then(|v| v.get(q))
            .is_some_and(|t| t.words.len() < n)
    });
    let mut grams: HashMap<&[String], Vec<usize>> = HashMap::new();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut seen: Vec<usize> = vec![usize::MAX; ids.len()];
    // Shared n-grams (or words) with the quote being looked up.
    let mut hits: Vec<u32> = vec![0; ids.len()];
    let mut best_miss: Vec<f64> = vec![0.0; ids.len()];
    let mut pairs: Vec<Pair> = Vec::new();

    for id in 0..ids.len() {
        let Some(qt) = quote(id) else { continue };
        let src = ids.get(id).map_or(usize::MAX, |p| p.0);
        let words = &qt.words;
        let short = words.len() < n;
        let mut own: Vec<&[String]> = words.windows(n).collect();
        if own.iter().any(|g| !g.iter().all(|w| is_stop(w))) {
            own.retain(|g| !g.iter().all(|w| is_stop(w)));
        }
        let mut candidates: Vec<usize> = Vec::new();
        let mut visit = |c: usize, candidates: &mut Vec<usize>| {
            if seen.get(c).is_some_and(|&s| s != id) {
                if let Some(slot) = seen.get_mut(c) {
                    *slot = id;
                }
                if let Some(h) = hits.get_mut(c) {
                    *h = 0;
                }
                candidates.push(c);
            }
            if let Some(h) = hits.get_mut(c) {
                *h += 1;
            }
        };
        for g in &own {
            for &c in grams.get(g).into_iter().flatten() {
                visit(c, &mut candidates);
            }
        }
        if need_words {
            for w in words.iter().filter(|w| !is_stop(w)) {
                for &c in by_word.get(w.as_str()).into_iter().flatten() {
                    // Long quotes meet short ones here; short ones meet all.
                    if short || quote(c).is_some_and(|t| t.words.len() < n) {
                        visit(c, &mut candidates);
                    }
                }
            }
        }
        // Only the candidates sharing the most n-grams are scored (ties by
        // order): the cost per quote stays bounded however many sources
        // repeat a phrase.
        candidates.retain(|&c| ids.get(c).map(|p| p.0) != Some(src));
        candidates.sort_by_key(|&c| (std::cmp::Reverse(hits.get(c).copied().unwrap_or(0)), c));
        candidates.truncate(MAX_CANDIDATES);
        for c in candidates {
            let Some(other) = quote(c) else { continue };
            let result = score(other, qt, options);
            let seen_score = match result {
                Ok((_, s, _)) | Err(s) => s,
            };
            // Kept for quotes that end up unique: how close they came.
            for k in [c, id] {
                if let Some(b) = best_miss.get_mut(k) {
                    *b = b.max(seen_score);
                }
            }
            if let Ok((relation, score, shared)) = result {
                pairs.push(Pair {
                    relation,
                    score,
                    shared,
                    a: c,
                    b: id,
                });
            }
        }
        for g in own {
            let list = grams.entry(g).or_default();
            if list.len() < POSTING_CAP {
                list.push(id);
            }
        }
        if need_words {
            for w in words.iter().filter(|w| !is_stop(w)) {
                let list = by_word.entry(w.as_str()).or_default();
                if list.len() < POSTING_CAP && list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }

    // The strongest evidence merges first: most words shared in order, then
    // identical before excerpt before drift, then the higher score. A long
    // quote's drifted twin (13 words shared) so beats a two-word excerpt of it
    // that another speaker repeated.
    pairs.sort_by(|x, y| {
        y.shared
            .cmp(&x.shared)
            .then(x.relation.cmp(&y.relation))
            .then(y.score.total_cmp(&x.score))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });

    // Greedy merge: group_of[id] points at an index in `groups`.
    let mut group_of: Vec<usize> = (0..ids.len()).collect();
    let mut groups: Vec<Option<Building>> = (0..ids.len())
        .map(|id| {
            let (s, _) = ids.get(id).copied().unwrap_or((usize::MAX, 0));
            Some(Building {
                members: vec![id],
                sources: vec![s],
                speakers: quote(id)
                    .and_then(|t| t.speaker.clone())
                    .into_iter()
                    .collect(),
                relation: Relation::Identical,
                similarity: 1.0,
                drift: None,
            })
        })
        .collect();
    let words_of = |id: usize| quote(id).map_or(0, |t| t.words.len());
    for p in &pairs {
        let (Some(&ga), Some(&gb)) = (group_of.get(p.a), group_of.get(p.b)) else {
            continue;
        };
        if ga == gb {
            continue;
        }
        // A two-word quote is weak evidence: it never ties quotes whose
        // speakers are named and differ.
        let short_pair = words_of(p.a).min(words_of(p.b)) < 3;
        let ok = match (
            groups.get(ga).and_then(Option::as_ref),
            groups.get(gb).and_then(Option::as_ref),
        ) {
            (Some(x), Some(y)) => {
                !x.sources.iter().any(|s| y.sources.contains(s))
                    && !x.speakers.iter().any(|a| {
                        y.speakers.iter().any(|b| {
                            let agree = agreement(Some(a), Some(b), options);
                            agree == Agreement::Conflict
                                || (short_pair && agree != Agreement::Same)
                        })
                    })
                    // Every member must relate to every member of the other
                    // group: two long quotes that each contain "West Ridge"
                    // are not one utterance.
                    && x.members.iter().all(|&m| {
                        y.members.iter().all(|&n| {
                            (m == p.a && n == p.b)
                                || (m == p.b && n == p.a)
                                || match (quote(m), quote(n)) {
                                    (Some(qm), Some(qn)) => score(qm, qn, options).is_ok(),
                                    _ => false,
                                }
                        })
                    })
            }
            _ => false,
        };
        if !ok {
            continue;
        }
        let Some(taken) = groups.get_mut(gb).and_then(Option::take) else {
            continue;
        };
        let Some(into) = groups.get_mut(ga).and_then(Option::as_mut) else {
            continue;
        };
        for &m in &taken.members {
            if let Some(g) = group_of.get_mut(m) {
                *g = ga;
            }
        }
        into.members.extend(taken.members);
        into.sources.extend(taken.sources);
        for s in taken.speakers {
            if !into.speakers.contains(&s) {
                into.speakers.push(s);
            }
        }
        into.relation = into.relation.max(taken.relation).max(p.relation);
        into.similarity = into.similarity.min(taken.similarity).min(p.score);
        let link_drift = (p.relation == Relation::Drift).then_some(p.score);
        into.drift = [into.drift, taken.drift, link_drift]
            .into_iter()
            .flatten()
            .reduce(f64::min);
    }

    // A quote left alone because its source already has a member in the group
    // of its best partner is attached to that group when the pair is
    // identical or an excerpt (pairs are sorted: identical first, best score
    // first). Drifts are not attached: one source wording the same utterance
    // twice is not a cross-source finding.
    let size = |g: usize| {
        groups
            .get(g)
            .and_then(Option::as_ref)
            .map_or(0, |b| b.members.len())
    };
    let mut attached: Vec<Vec<Attachment>> = vec![Vec::new(); ids.len()];
    let mut is_attached = vec![false; ids.len()];
    let mut removed: Vec<usize> = Vec::new();
    for p in &pairs {
        // Drifts and truncations are not attached, and neither is anything
        // tied by a quote of two words.
        if p.relation >= Relation::Truncated {
            continue;
        }
        let short_pair = words_of(p.a).min(words_of(p.b)) < 3;
        for (lone, partner) in [(p.a, p.b), (p.b, p.a)] {
            let (Some(&gl), Some(&gp)) = (group_of.get(lone), group_of.get(partner)) else {
                continue;
            };
            if size(gl) != 1 || size(gp) < 2 || is_attached.get(lone) != Some(&false) {
                continue;
            }
            let lone_speaker = quote(lone).and_then(|t| t.speaker.as_deref());
            // Two words tie a quote to a group only when the same speaker
            // said both: a minister repeating "puppet traitors" of a KCNA
            // line is not part of it.
            let conflict = groups.get(gp).and_then(Option::as_ref).is_some_and(|g| {
                g.speakers.iter().any(|s| {
                    let agree = agreement(Some(s), lone_speaker, options);
                    agree == Agreement::Conflict || (short_pair && agree != Agreement::Same)
                }) || (short_pair && (g.speakers.is_empty() || lone_speaker.is_none()))
            });
            if conflict {
                continue;
            }
            let (Some(&q), Some(&to)) = (ids.get(lone), ids.get(partner)) else {
                continue;
            };
            if let Some(list) = attached.get_mut(gp) {
                list.push(Attachment {
                    quote: q,
                    to,
                    relation: p.relation,
                    similarity: p.score,
                });
            }
            if let Some(flag) = is_attached.get_mut(lone) {
                *flag = true;
            }
            removed.push(gl);
        }
    }
    for g in removed {
        if let Some(slot) = groups.get_mut(g) {
            *slot = None;
        }
    }

    let mut out: Vec<Group> = groups
        .into_iter()
        .zip(attached)
        .filter_map(|(b, a)| b.map(|b| (b, a)))
        .map(|(b, mut attached)| {
            attached.sort_by_key(|a| a.quote);
            let mut members: Vec<(usize, usize)> = b
                .members
                .iter()
                .filter_map(|&id| ids.get(id).copied())
                .collect();
            members.sort_unstable();
            let (relation, similarity) = if b.members.len() == 1 {
                let miss = b.members.first().and_then(|&id| best_miss.get(id)).copied();
                (Relation::Unique, miss.unwrap_or(0.0))
            } else {
                (b.relation, b.similarity)
            };
            Group {
                members,
                relation,
                similarity,
                drift: if relation == Relation::Drift {
                    b.drift
                } else {
                    None
                },
                attached,
            }
        })
        .collect();
    out.sort_by(|x, y| x.members.cmp(&y.members));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn qt(text: &str, speaker: Option<&str>) -> QuoteText {
        QuoteText::new(text, speaker.map(str::to_string))
    }

    const DW_KCNA: &str = "the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression,";
    const AP_KCNA: &str = "in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression";

    #[test]
    fn normalize_words_examples() {
        assert_eq!(
            normalize_words("the U.S. imperialists"),
            ["the", "us", "imperialists"]
        );
        assert_eq!(
            normalize_words("the (South) Korean"),
            ["the", "south", "korean"]
        );
        assert_eq!(
            normalize_words("\"Practical, and 'offensive'\""),
            ["practical", "and", "offensive"]
        );
        assert_eq!(
            normalize_words("U.S.-led tit-for-tat"),
            ["us", "led", "tit", "for", "tat"]
        );
        assert_eq!(normalize_words("Korea's 1,000"), ["koreas", "1000"]);
        assert!(normalize_words("  ... \"' -- ").is_empty());
        assert_eq!(normalize_words("ÉTAT Ünïcode"), ["état", "ünïcode"]);
    }

    /// The seed quotes, as the extractor finds them (speakers included).
    fn seeds() -> Vec<Vec<QuoteText>> {
        let dw = vec![
            qt("offensive", Some("North Korea")),
            qt("escalating moves", Some("Kim Jong Un")),
            qt("practical and offensive", Some("Kim Jong Un")),
            qt("frantic", None),
            qt(DW_KCNA, Some("North Korea's state media")),
            qt(
                "unilateral and irresponsible attitude",
                Some("Kwon Youngse"),
            ),
            qt("necessary steps", Some("South Korea")),
            qt("irreversible", None),
            qt("irreversible", None),
        ];
        let ap = vec![
            qt("offensive", None),
            qt("practical and offensive", Some("Kim Jong Un")),
            qt("frantic", Some("Kim Jong Un")),
            qt(
                "increasing speed on a more practical and offensive",
                Some("Kim"),
            ),
            qt(AP_KCNA, Some("KCNA")),
            qt("strong regret", Some("Kwon Youngse")),
            qt(
                "unilateral and irresponsible attitude",
                Some("Kwon Youngse"),
            ),
        ];
        vec![dw, ap]
    }

    fn group_of(groups: &[Group], member: (usize, usize)) -> Option<&Group> {
        groups.iter().find(|g| g.members.contains(&member))
    }

    #[test]
    fn seeds_align_as_required() {
        let groups = align(&seeds(), &AlignOptions::default());
        let kcna = group_of(&groups, (0, 4)).unwrap();
        assert_eq!(kcna.members, [(0, 4), (1, 4)]);
        assert_eq!(kcna.relation, Relation::Drift);
        assert!(
            kcna.similarity >= 0.5 && kcna.similarity < 1.0,
            "{}",
            kcna.similarity
        );

        let pao = group_of(&groups, (0, 2)).unwrap();
        assert_eq!(pao.members, [(0, 2), (1, 1)]);
        assert_eq!(pao.relation, Relation::Identical);
        assert_eq!(pao.similarity, 1.0);

        let attitude = group_of(&groups, (0, 5)).unwrap();
        assert_eq!(attitude.members, [(0, 5), (1, 6)]);
        assert_eq!(attitude.relation, Relation::Identical);

        // AP's longer quote holds DW's "practical and offensive": AP already
        // has a member in that group, so it is attached to it as an excerpt,
        // and the group stays identical.
        assert_eq!(
            pao.attached,
            [Attachment {
                quote: (1, 3),
                to: (0, 2),
                relation: Relation::Excerpt,
                similarity: 6.0 / 11.0,
            }]
        );
        assert_eq!(pao.class_of((1, 3)), Some(Relation::Excerpt));
        assert_eq!(pao.class_of((1, 1)), Some(Relation::Identical));
        assert!(group_of(&groups, (1, 3)).is_none());

        for m in [(1, 5), (0, 6), (0, 1)] {
            let g = group_of(&groups, m).unwrap();
            assert_eq!(g.members, [m]);
            assert_eq!(g.relation, Relation::Unique, "{m:?}");
            assert!(g.attached.is_empty());
        }
        // One-word scare quotes are below min_words: in no group.
        for m in [(0, 0), (0, 3), (0, 7), (0, 8), (1, 0), (1, 2)] {
            assert!(group_of(&groups, m).is_none(), "{m:?}");
        }
        // Every eligible quote is in exactly one group.
        let total: usize = groups
            .iter()
            .map(|g| g.members.len() + g.attached.len())
            .sum();
        assert_eq!(total, 10);
    }

    #[test]
    fn excerpt_is_not_a_drift() {
        let sources = vec![
            vec![qt("practical and offensive", Some("Kim Jong Un"))],
            vec![qt(
                "increasing speed on a more practical and offensive",
                Some("Kim"),
            )],
        ];
        let groups = align(&sources, &AlignOptions::default());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].relation, Relation::Excerpt);
        assert!((groups[0].similarity - 6.0 / 11.0).abs() < 1e-9);
    }

    #[test]
    fn kcna_drift_without_speakers_still_aligns() {
        let sources = vec![vec![qt(DW_KCNA, None)], vec![qt(AP_KCNA, None)]];
        let groups = align(&sources, &AlignOptions::default());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].relation, Relation::Drift);
        // 13 shared words in order out of 19 + 24.
        let raw = word_similarity(&normalize_words(DW_KCNA), &normalize_words(AP_KCNA));
        assert!((raw - 26.0 / 43.0).abs() < 1e-9, "{raw}");
        assert!((groups[0].similarity - raw).abs() < 1e-9);
    }

    #[test]
    fn known_different_speakers_block() {
        let sources = vec![
            vec![qt("we will respond with force", Some("Kim Jong Un"))],
            vec![qt("we will respond with force", Some("Kwon Youngse"))],
        ];
        let groups = align(&sources, &AlignOptions::default());
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.relation == Relation::Unique));
        // A medium relaying a person does not block.
        let sources = vec![
            vec![qt("we will respond with force", Some("Kim Jong Un"))],
            vec![qt("we will respond with force", Some("KCNA"))],
        ];
        assert_eq!(align(&sources, &AlignOptions::default()).len(), 1);
    }

    #[test]
    fn speaker_bonus_tips_a_borderline_drift() {
        // 2 * 3 / (6 + 6) = 0.5 raw; threshold 0.55 needs the bonus.
        let a = "we will never give up weapons";
        let b = "we shall not give up arms";
        let opts = AlignOptions {
            min_similarity: 0.55,
            ..AlignOptions::default()
        };
        let raw = word_similarity(&normalize_words(a), &normalize_words(b));
        assert!((raw - 0.5).abs() < 1e-9, "{raw}");
        let without = align(&[vec![qt(a, None)], vec![qt(b, None)]], &opts);
        assert_eq!(without.len(), 2);
        assert!((without[0].similarity - 0.5).abs() < 1e-9);
        let with = align(
            &[vec![qt(a, Some("Kim"))], vec![qt(b, Some("Kim Jong Un"))]],
            &opts,
        );
        assert_eq!(with.len(), 1);
        assert_eq!(with[0].relation, Relation::Drift);
        assert!((with[0].similarity - 0.6).abs() < 1e-9);
    }

    #[test]
    fn same_source_never_pairs_and_one_per_source() {
        let sources = vec![
            vec![
                qt("practical and offensive", None),
                qt("practical and offensive", None),
            ],
            vec![qt("practical and offensive", None)],
        ];
        let groups = align(&sources, &AlignOptions::default());
        // The second quote of source 0 cannot be a member beside the first;
        // it is attached to the group as identical instead of left unique.
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, [(0, 0), (1, 0)]);
        assert_eq!(groups[0].attached.len(), 1);
        assert_eq!(groups[0].attached[0].quote, (0, 1));
        assert_eq!(groups[0].attached[0].to, (1, 0));
        assert_eq!(groups[0].class_of((0, 1)), Some(Relation::Identical));
    }

    #[test]
    fn a_shorter_second_quote_attaches_as_excerpt_and_drifts_never_attach() {
        let sources = vec![
            vec![
                qt("we will strengthen our war deterrence", Some("Kim")),
                qt("war deterrence", Some("Kim")),
                qt("we shall strengthen the war deterrent", Some("Kim")),
            ],
            vec![qt(
                "we will strengthen our war deterrence",
                Some("Kim Jong Un"),
            )],
        ];
        let groups = align(&sources, &AlignOptions::default());
        let main = group_of(&groups, (0, 0)).unwrap();
        assert_eq!(main.members, [(0, 0), (1, 0)]);
        assert_eq!(main.relation, Relation::Identical);
        assert_eq!(main.class_of((0, 1)), Some(Relation::Excerpt));
        // Source 0's reworded repeat is not attached: it stays unique.
        assert_eq!(main.class_of((0, 2)), None);
        let repeat = group_of(&groups, (0, 2)).unwrap();
        assert_eq!(repeat.relation, Relation::Unique);
    }

    #[test]
    fn a_two_word_excerpt_does_not_steal_a_long_drift() {
        // Source 1 also has a minister repeating two words of the KCNA line:
        // an excerpt pair with source 0's quote, weaker evidence than the
        // 13 words the two KCNA wordings share.
        let sources = vec![
            vec![qt(DW_KCNA, Some("North Korea's state media"))],
            vec![
                qt("puppet traitors", Some("Kwon Youngse")),
                qt(AP_KCNA, Some("KCNA")),
            ],
        ];
        let groups = align(&sources, &AlignOptions::default());
        let kcna = group_of(&groups, (0, 0)).unwrap();
        assert_eq!(kcna.members, [(0, 0), (1, 1)]);
        assert_eq!(kcna.relation, Relation::Drift);
        // Two words of another speaker are not attached to the KCNA line.
        assert_eq!(kcna.class_of((1, 0)), None);
    }

    #[test]
    fn an_attached_quote_with_a_conflicting_speaker_stays_unique() {
        let sources = vec![
            vec![
                qt("practical and offensive", Some("Kim Jong Un")),
                qt("more practical and offensive ways", Some("Kwon Youngse")),
            ],
            vec![qt("practical and offensive", Some("Kim Jong Un"))],
        ];
        let groups = align(&sources, &AlignOptions::default());
        assert_eq!(groups.len(), 2);
        assert!(groups[0].attached.is_empty());
        assert_eq!(groups[1].members, [(0, 1)]);
        assert_eq!(groups[1].relation, Relation::Unique);
    }

    #[test]
    fn two_surnames_are_two_people_and_a_surname_is_its_full_name() {
        let words = "Nurses are not asking for charity, we are asking to be paid";
        let options = AlignOptions::default();
        let a = qt(words, Some("Brennan"));
        let b = qt(words, Some("Yusuf"));
        assert_eq!(
            same_words_other_speaker(&a, &b, &options),
            Some(Relation::Identical)
        );
        let full = qt(words, Some("Colm Brennan"));
        assert_eq!(
            same_words_other_speaker(&full, &b, &options),
            Some(Relation::Identical)
        );
        assert_eq!(same_words_other_speaker(&full, &a, &options), None);
        // A medium relaying a person, and a speaker named by a place, stay open.
        let medium = qt(words, Some("Reuters"));
        assert_eq!(same_words_other_speaker(&medium, &b, &options), None);
        let place = qt(words, Some("South Korea"));
        assert_eq!(same_words_other_speaker(&place, &b, &options), None);
    }

    #[test]
    fn a_two_word_quote_does_not_pull_unrelated_quotes_together() {
        // "West Ridge" is in both long quotes, which share nothing else and
        // have different speakers.
        let sources = vec![
            vec![qt("West Ridge.", Some("Ana Lis"))],
            vec![qt(
                "We drove out to West Ridge before the water came in the night",
                Some("Ivo Petrak"),
            )],
            vec![qt(
                "The bridge at West Ridge was closed by the county on Monday",
                Some("Mark Bell"),
            )],
        ];
        let groups = align(&sources, &AlignOptions::default());
        for g in &groups {
            let speakers: Vec<_> = g
                .members
                .iter()
                .filter_map(|&(s, q)| sources[s][q].speaker.clone())
                .collect();
            assert!(speakers.len() <= 2, "{g:?}");
            assert!(
                !(g.members.contains(&(1, 0)) && g.members.contains(&(2, 0))),
                "unrelated quotes grouped: {g:?}"
            );
        }
    }

    #[test]
    fn a_short_excerpt_never_attaches_a_second_quote_of_a_source() {
        let sources = vec![
            vec![qt("no park", None)],
            vec![
                qt("there is no park ranger in the whole valley", None),
                qt("no park and no school for the children here", None),
            ],
        ];
        for g in align(&sources, &AlignOptions::default()) {
            let from_b = g.members.iter().filter(|m| m.0 == 1).count() + g.attached.len();
            assert!(from_b <= 1, "{g:?}");
        }
    }

    #[test]
    fn an_excerpt_that_drops_the_end_of_a_phrase_is_truncated() {
        let a = qt("There is no park,", None);
        let b = qt("There is no park ranger in the valley", None);
        let r = relate(&a, &b, &AlignOptions::default()).unwrap();
        assert_eq!(r.0, Relation::Truncated);
        // A clean excerpt ends where the other's clause ends.
        let a = qt("There is no park,", None);
        let b = qt("There is no park, and no school either", None);
        assert_eq!(
            relate(&a, &b, &AlignOptions::default()).unwrap().0,
            Relation::Excerpt
        );
        // A fragment quoted inside the writer's sentence is an excerpt.
        let mut a = qt("cowardly and evil", None);
        a.partial = true;
        let b = qt("This was a cowardly and evil act", None);
        assert_eq!(
            relate(&a, &b, &AlignOptions::default()).unwrap().0,
            Relation::Excerpt
        );
    }

    #[test]
    fn a_drift_group_keeps_its_drift_score_apart_from_excerpt_links() {
        let sources = vec![
            vec![qt(
                "we will rebuild every single house in this town",
                Some("Kim"),
            )],
            vec![qt("we shall rebuild every house in this town", Some("Kim"))],
            vec![qt("every house", Some("Kim"))],
        ];
        let groups = align(&sources, &AlignOptions::default());
        let g = groups.iter().find(|g| g.members.len() > 1).unwrap();
        assert_eq!(g.relation, Relation::Drift);
        assert!(g.drift.unwrap() >= 0.5, "{g:?}");
    }

    #[test]
    fn short_quotes_use_word_index() {
        let opts = AlignOptions {
            min_words: 1,
            ngram: 3,
            ..AlignOptions::default()
        };
        let sources = vec![
            vec![qt("frantic", None)],
            vec![qt("frantic", None)],
            vec![qt("frantic drills", None)],
        ];
        let groups = align(&sources, &opts);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, [(0, 0), (1, 0), (2, 0)]);
        // The weakest link is the excerpt "frantic" in "frantic drills".
        assert_eq!(groups[0].relation, Relation::Excerpt);
    }

    #[test]
    fn many_sources_share_one_group_linearly() {
        let sources: Vec<Vec<QuoteText>> = (0..300)
            .map(|_| vec![qt("practical and offensive", None)])
            .collect();
        let groups = align(&sources, &AlignOptions::default());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members.len(), 300);
        assert_eq!(groups[0].relation, Relation::Identical);
    }

    #[test]
    fn empty_and_degenerate_inputs() {
        assert!(align(&[], &AlignOptions::default()).is_empty());
        assert!(align(&[vec![], vec![]], &AlignOptions::default()).is_empty());
        let zero = AlignOptions {
            min_words: 0,
            ngram: 0,
            min_similarity: f64::NAN,
            same_person: None,
        };
        let g = align(&[vec![qt("", None)], vec![qt("", None)]], &zero);
        assert_eq!(g.len(), 2);
        assert!(g.iter().all(|g| g.relation == Relation::Unique));
    }

    #[test]
    fn serde_names_are_kebab_case() {
        assert_eq!(
            serde_json::to_string(&Relation::Drift).unwrap(),
            "\"drift\""
        );
    }
}
