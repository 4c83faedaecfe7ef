//! Split matching: a pattern whose placeholder stands at the top level, after
//! literal words (or first), is matched in three parts instead of as one
//! regex: the words before it (a small regex of its own), the placeholder
//! (one regex per placeholder, compiled once per process and shared by every
//! pattern), and the rest (a small regex anchored where the value ends).
//!
//! A placeholder's regex is large (`{number}` reads number words, fractions,
//! ranges and qualifiers; `{quantity}` adds units), so embedding it in every
//! pattern's regex made each pattern cost milliseconds to compile, and a
//! rule library of a thousand slots seconds. Split, a pattern costs two small
//! regexes, built on first use.
//!
//! The result is the one the whole regex gives: the value is the
//! placeholder's preferred match at the first start where the pattern
//! matches, or, when the words after it do not follow that match, the
//! longest shorter match they do follow ("from {number} to" reads `40` in
//! "from 40 to 80"). Words before the placeholder may hold one gap (`...`)
//! between plain words, or end in one: the words are matched with the
//! fewest gap words first, and with more, at the same start, when the value
//! does not follow (as the whole regex's lazy gap does); in text with
//! straight quote marks, where a gap word may be read two ways, the whole
//! regex reads instead (see [`Split::reads`]). Patterns this does not cover
//! (any other gap or an optional word before the placeholder, a placeholder
//! inside a choice, `{phrase}` and `{quote}`, whose regexes are small) run as
//! one regex.

use std::sync::{LazyLock, OnceLock};

use regex_automata::meta::Regex;
use regex_automata::Input;

use super::compile::{compile_sequence, gap_regex, PatternMatch, REGEX_SIZE_LIMIT};
use super::parse::Token;
use super::Placeholder;
use crate::lang::{english, Language};
use crate::text::anchored::AnchoredRegex;

/// A regex automaton built on first use.
type Lazy = super::lazy::Lazy<Regex>;
/// A regex searched from a known start only, built on first use.
type LazyAnchored = super::lazy::Lazy<AnchoredRegex>;

fn build(text: &str) -> Result<Regex, String> {
    Regex::builder()
        .configure(Regex::config().nfa_size_limit(Some(REGEX_SIZE_LIMIT)))
        .build(text)
        .map_err(|e| format!("pattern too complex to compile: {e}"))
}

fn build_anchored(text: &str) -> Result<AnchoredRegex, String> {
    AnchoredRegex::new(text, REGEX_SIZE_LIMIT)
        .map_err(|e| format!("pattern too complex to compile: {e}"))
}

/// A placeholder's shared regexes: one that reads it from a given start,
/// one that finds it anywhere (for a pattern that starts with it), and one
/// that must end where the haystack ends (to test a shorter reading). The
/// last two are built only when a pattern first needs them: each costs as
/// much to compile again as the first, and most runs never use them.
struct Shared {
    at: Result<AnchoredRegex, String>,
    find: Lazy,
    full: LazyAnchored,
}

/// Per placeholder, its shared regexes in each language.
type SharedCells = [OnceLock<Shared>; crate::lang::COUNT];

static SHARED: LazyLock<Vec<(Placeholder, SharedCells)>> = LazyLock::new(|| {
    Placeholder::all()
        .map(|p| (p, Default::default()))
        .collect()
});

fn shared(placeholder: Placeholder, language: &'static Language) -> Option<&'static Shared> {
    let (_, cells) = SHARED.iter().find(|(p, _)| *p == placeholder)?;
    let language = placeholder.reading_language(language);
    let regex = placeholder.regex_in(language);
    Some(cells.get(language.index())?.get_or_init(|| Shared {
        at: build_anchored(&format!("(?i)(?:{regex})")),
        find: Lazy::new(format!("(?i)(?:{regex})"), build),
        full: LazyAnchored::new(format!("(?i)(?:{regex})$"), build_anchored),
    }))
}

/// Build now the regex that the first match of any pattern whose
/// [`shared_placeholder`](super::Pattern::shared_placeholder) is
/// `placeholder` builds in `language`, so that a spare thread can build it
/// while others read sources (milliseconds for `{number}`).
pub fn warm(placeholder: Placeholder, language: &'static Language) {
    shared(placeholder, language);
}

/// What `placeholder` reads at the very start of `text` (its preferred
/// match there) in `language`, with the regex every split pattern shares.
pub(super) fn placeholder_at_start<'t>(
    placeholder: Placeholder,
    text: &'t str,
    language: &'static Language,
) -> Option<&'t str> {
    let at = shared(placeholder, language)?.at.as_ref().ok()?;
    text.get(..at.end_at(text, 0)?)
}

/// The placeholders matched split: all but `{phrase}` (the shortest span
/// the whole pattern allows) and those glued to the word before them (a
/// quotation starts with its quote mark, which the separator may also take).
fn splits(placeholder: Placeholder) -> bool {
    placeholder != Placeholder::Phrase && !placeholder.def().is_some_and(|d| d.glued)
}

/// A pattern matched in three parts.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    placeholder: Placeholder,
    /// The words before the placeholder; `None` when it comes first.
    before: Option<Lazy>,
    /// When those words hold a gap: the same words with the gap reading at
    /// least 1, 2, … [`GAP_WORDS`](super::GAP_WORDS) words (in that order),
    /// each built when a value first fails to follow fewer.
    longer_gaps: Vec<Lazy>,
    /// Whether a gap stands right before the placeholder (after the words
    /// of `before`).
    gap_last: bool,
    /// Whether the separator before the placeholder may be empty (the words
    /// before it end in punctuation).
    glued: bool,
    /// Anchored: what follows the value, from the end of the value.
    after: LazyAnchored,
}

impl Split {
    /// The split form of a pattern's tokens, if it has one.
    pub(crate) fn new(tokens: &[Token]) -> Option<Split> {
        let at = tokens
            .iter()
            .position(|t| matches!(t, Token::Placeholder(_)))?;
        let Some(Token::Placeholder(placeholder)) = tokens.get(at) else {
            return None;
        };
        let placeholder = *placeholder;
        if !splits(placeholder) {
            return None;
        }
        let (before_tokens, after_tokens) = (tokens.get(..at)?, tokens.get(at + 1..)?);
        let mut longer_gaps = Vec::new();
        // A gap right before the placeholder, after plain words: its
        // readings are found by scanning (see `gap_ends`).
        let gap_last = matches!(before_tokens.last(), Some(Token::Gap))
            && before_tokens.len() > 1
            && before_tokens
                .iter()
                .take(before_tokens.len() - 1)
                .all(|t| matches!(t, Token::Word(_)));
        let before_tokens = if gap_last {
            before_tokens.get(..before_tokens.len() - 1)?
        } else {
            before_tokens
        };
        if before_tokens.iter().any(has_gap) {
            // One gap between plain words, with words after it: a gap read
            // longer finds those words again further on.
            let gap = before_tokens.iter().position(|t| matches!(t, Token::Gap))?;
            let (head, tail) = (before_tokens.get(..gap)?, before_tokens.get(gap + 1..)?);
            let plain =
                |ts: &[Token]| !ts.is_empty() && ts.iter().all(|t| matches!(t, Token::Word(_)));
            // A word after the gap that starts with punctuation may start
            // inside a gap word: no longer one reading per number of words.
            let spaced = matches!(tail.first(), Some(Token::Word(w))
                if w.chars().next().is_some_and(char::is_alphanumeric));
            if !plain(head) || !plain(tail) || !spaced {
                return None;
            }
            // The words on either side are written once; only the gap's
            // least number of words differs.
            let (mut head_body, mut tail_body) = (String::new(), String::new());
            let mut at_start = true;
            compile_sequence(head, &mut head_body, &mut at_start, english());
            compile_sequence(tail, &mut tail_body, &mut at_start, english());
            longer_gaps = (1..=super::GAP_WORDS)
                .map(|fewest| {
                    let body = format!("(?i){head_body}{}{tail_body}", gap_regex(fewest));
                    Lazy::new(body, build)
                })
                .collect();
        }
        let before = if before_tokens.is_empty() {
            None
        } else {
            // Words that may all be left out would try every position.
            if !before_tokens.iter().any(is_required) {
                return None;
            }
            let mut body = String::new();
            let mut at_start = true;
            compile_sequence(before_tokens, &mut body, &mut at_start, english());
            if at_start {
                return None;
            }
            Some(Lazy::new(format!("(?i){body}"), build))
        };
        // After a gap, the value needs its separator.
        let glued = !gap_last
            && matches!(
                before_tokens.last(),
                Some(Token::Word(w)) if !w.chars().last().is_some_and(char::is_alphanumeric)
            );
        let mut after = String::from("(?i)");
        // What the whole regex lets follow the value, outside it.
        after.push_str(placeholder.def().map_or("", |d| d.trailer));
        let mut at_start = false;
        // Only the words before and after: they read alike in every language.
        compile_sequence(after_tokens, &mut after, &mut at_start, english());
        Some(Split {
            placeholder,
            before,
            longer_gaps,
            gap_last,
            glued,
            after: LazyAnchored::new(after, build_anchored),
        })
    }

    /// Whether split matching reads `text` as the pattern's whole regex
    /// does: always, but with a gap only in text without quote marks. Gap
    /// words are runs of non-space characters, and the separators between
    /// words include quote marks, so a word glued to a quote mark
    /// (`fired"at`) can be read as one gap word or as two; the whole regex
    /// then prefers a longer first word to fewer words, which is not the
    /// fewest-words-first order split matching tries.
    pub(crate) fn reads(&self, text: &str) -> bool {
        (self.longer_gaps.is_empty() && !self.gap_last)
            || memchr::memchr2(b'"', b'\'', text.as_bytes()).is_none()
    }

    /// The placeholder whose shared regexes read the value.
    pub(crate) fn placeholder(&self) -> Placeholder {
        self.placeholder
    }

    /// Build the regexes now.
    pub(crate) fn build(&self, language: &'static Language) -> Result<(), &str> {
        if let Some(before) = &self.before {
            before.get()?;
        }
        self.after.get()?;
        let shared = shared(self.placeholder, language).ok_or("unknown placeholder")?;
        shared.at.as_ref().map_err(String::as_str)?;
        if self.before.is_none() {
            shared.find.get()?;
        }
        shared.full.get()?;
        Ok(())
    }

    /// Why a regex built during a run failed, if one did.
    pub(crate) fn failed(&self) -> Option<&str> {
        self.before
            .as_ref()
            .and_then(Lazy::failed)
            .or_else(|| self.longer_gaps.iter().find_map(Lazy::failed))
            .or_else(|| self.after.failed())
    }

    /// The first match starting at or after `at`.
    pub(crate) fn find_at(
        &self,
        text: &str,
        at: usize,
        language: &'static Language,
    ) -> Option<PatternMatch> {
        let shared = shared(self.placeholder, language)?;
        let at_start = shared.at.as_ref().ok()?;
        let full = &shared.full;
        let after = self.after.get().ok()?;
        let before = match &self.before {
            Some(before) => Some(before.get().ok()?),
            None => None,
        };
        // The match whose words before the value end at `words_end`, if the
        // separator, the value and the words after it follow.
        let value_after = |start: usize, words_end: usize| {
            let rest = text.get(words_end..)?;
            let gap = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
                    .len();
            if gap == 0 && !self.glued {
                return None;
            }
            let value_start = words_end + gap;
            let (value_end, end) = self.value_at(text, value_start, at_start, full, after)?;
            Some(PatternMatch {
                whole: start..end,
                value: value_start..value_end,
            })
        };
        let mut from = at;
        while from <= text.len() {
            let start = match before {
                Some(before) if self.gap_last => {
                    let m = before.search(&Input::new(text).range(from..))?;
                    for words_end in gap_ends(text, m.end()) {
                        if let Some(found) = value_after(m.start(), words_end) {
                            return Some(found);
                        }
                    }
                    m.start()
                }
                Some(before) => {
                    let m = before.search(&Input::new(text).range(from..))?;
                    if let Some(found) = value_after(m.start(), m.end()) {
                        return Some(found);
                    }
                    // A gap read longer, from the same start, as the whole
                    // regex reads it before it tries a later start.
                    let mut tried = m.end();
                    for longer in &self.longer_gaps {
                        let input = Input::new(text)
                            .range(m.start()..)
                            .anchored(regex_automata::Anchored::Yes);
                        let Some(l) = longer.get().ok()?.search(&input) else {
                            break;
                        };
                        if l.end() > tried {
                            tried = l.end();
                            if let Some(found) = value_after(m.start(), l.end()) {
                                return Some(found);
                            }
                        }
                    }
                    m.start()
                }
                None => {
                    let find = shared.find.get().ok()?;
                    let m = find.search(&Input::new(text).range(from..))?;
                    if let Some((value_end, end)) =
                        self.value_at(text, m.start(), at_start, full, after)
                    {
                        return Some(PatternMatch {
                            whole: m.start()..end,
                            value: m.start()..value_end,
                        });
                    }
                    m.start()
                }
            };
            from = next_char(text, start)?;
        }
        None
    }

    /// The value starting at `start` that the words after it follow: the
    /// placeholder's preferred match, else the longest shorter one. Returns
    /// the value's end and the whole match's end.
    fn value_at(
        &self,
        text: &str,
        start: usize,
        at_start: &AnchoredRegex,
        full: &LazyAnchored,
        after: &AnchoredRegex,
    ) -> Option<(usize, usize)> {
        let preferred = at_start.end_at(text, start)?;
        let follows = |end: usize| after.end_at(text, end);
        if preferred > start {
            if let Some(end) = follows(preferred) {
                return Some((preferred, end));
            }
        }
        // Shorter readings end before a char that cannot continue a word.
        let ends: Vec<usize> = text
            .get(start..preferred)?
            .char_indices()
            .skip(1)
            .filter(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map(|(i, _)| start + i)
            .collect();
        if ends.is_empty() {
            return None;
        }
        let full = full.get().ok()?;
        for end in ends.into_iter().rev() {
            let Some(head) = text.get(..end) else {
                continue;
            };
            let reads = full.end_at(head, start).is_some();
            if reads {
                if let Some(whole_end) = follows(end) {
                    return Some((end, whole_end));
                }
            }
        }
        None
    }
}

/// Where a gap's readings of 0, 1, … [`GAP_WORDS`](super::GAP_WORDS) words
/// end, the words before it ending at `from`: punctuation glued to the word
/// before (`Youngse,`), then, for each word, a run of white space and a run
/// of other characters. In text without quote marks (see [`Split::reads`])
/// these are the only readings, fewest words first, as the gap's lazy regex
/// tries them.
fn gap_ends(text: &str, from: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let Some(rest) = text.get(from..) else {
        return ends;
    };
    let run = |at: usize, part: fn(char) -> bool| {
        rest.get(at..).map_or(0, |r| {
            r.chars()
                .take_while(|&c| part(c))
                .map(char::len_utf8)
                .sum::<usize>()
        })
    };
    let mut at = run(0, |c| {
        !c.is_whitespace() && !regex_syntax::is_word_character(c)
    });
    ends.push(from + at);
    for _ in 0..super::GAP_WORDS {
        let space = run(at, char::is_whitespace);
        if space == 0 {
            break;
        }
        let word = run(at + space, |c| !c.is_whitespace());
        if word == 0 {
            break;
        }
        at += space + word;
        ends.push(from + at);
    }
    ends
}

fn next_char(text: &str, at: usize) -> Option<usize> {
    let c = text.get(at..)?.chars().next()?;
    Some(at + c.len_utf8())
}

fn has_gap(token: &Token) -> bool {
    match token {
        Token::Gap => true,
        Token::Choice(alternatives) => alternatives.iter().flatten().any(has_gap),
        Token::Word(_) | Token::Placeholder(_) => false,
    }
}

/// A token every match contains some text for.
fn is_required(token: &Token) -> bool {
    match token {
        Token::Word(_) => true,
        Token::Choice(alternatives) => alternatives.iter().all(|a| !a.is_empty()),
        Token::Gap | Token::Placeholder(_) => false,
    }
}
