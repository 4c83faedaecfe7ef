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
//! between plain words, or end in one: the gap's readings are tried in the
//! order the whole regex's lazy gap tries them (see [`read_gap`]), which a
//! word glued to a quote mark (`Korea's`), one gap word or two, makes a
//! search rather than a count. Patterns this does not cover
//! (any other gap or an optional word before the placeholder, a placeholder
//! inside a choice, `{phrase}` and `{quote}`, whose regexes are small) run as
//! one regex.

use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

use regex_automata::meta::Regex;
use regex_automata::Input;
use regex_syntax::hir::{Hir, HirKind, Literal};

use super::compile::{automata_within, compile_sequence, PatternMatch, REGEX_SIZE_LIMIT};
use super::parse::Token;
use super::Placeholder;
use crate::lang::{english, Language};
use crate::text::anchored::AnchoredRegex;

/// A regex automaton built on first use.
type Lazy = super::lazy::Lazy<Regex>;
/// A regex searched from a known start only, built on first use.
type LazyAnchored = super::lazy::Lazy<AnchoredRegex>;

/// Both meta regexes here (the words before a placeholder, a placeholder
/// found anywhere) are only searched for where they match, unanchored:
/// neither the one-pass DFA (anchored searches for groups only) nor capture
/// states past the whole match would ever be used, and they took about a
/// fifth of the time to build. Nor are the literal prefilter and the full
/// DFA: each regex searches only the few sentences the source's prefilter
/// found its words in, short texts the lazy DFA reads about as fast, and
/// building them took five sixths of the rest (a case-insensitive word's
/// regex: 320 µs with them, 55 µs without).
fn build(text: &str) -> Result<Regex, String> {
    Regex::builder()
        .configure(
            Regex::config()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .onepass(false)
                .auto_prefilter(false)
                .dfa(false)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
        )
        .build(text)
        .map_err(super::compile::too_complex)
}

fn build_anchored(text: &str) -> Result<AnchoredRegex, String> {
    AnchoredRegex::new(text, REGEX_SIZE_LIMIT).map_err(super::compile::too_complex)
}

/// A placeholder's shared regexes: one that reads it from a given start,
/// one that finds it anywhere (for a pattern that starts with it), and one
/// that must end where the haystack ends (to test a shorter reading where
/// the first one's lazy DFA gives up; see [`AnchoredRegex::spans`]). The
/// last two are built only when a pattern first needs them: each costs as
/// much to compile again as the first, and most runs never use them.
struct Shared {
    at: Result<AnchoredRegex, String>,
    find: Lazy,
    full: LazyAnchored,
}

/// A value per placeholder and reading language, made on first need.
struct PerPlaceholder<T>(LazyLock<Vec<(Placeholder, [OnceLock<T>; crate::lang::COUNT])>>);

impl<T> PerPlaceholder<T> {
    const fn new() -> Self {
        PerPlaceholder(LazyLock::new(|| {
            Placeholder::all()
                .map(|p| (p, std::array::from_fn(|_| OnceLock::new())))
                .collect()
        }))
    }

    /// The cell of `placeholder` in the language it reads `language`'s
    /// text in, with that language.
    fn cell(
        &'static self,
        placeholder: Placeholder,
        language: &'static Language,
    ) -> Option<(&'static OnceLock<T>, &'static Language)> {
        let language = placeholder.reading_language(language);
        let (_, cells) = self.0.iter().find(|(p, _)| *p == placeholder)?;
        Some((cells.get(language.index())?, language))
    }
}

/// Per placeholder, its shared regexes in each language.
static SHARED: PerPlaceholder<Shared> = PerPlaceholder::new();

fn shared(placeholder: Placeholder, language: &'static Language) -> Option<&'static Shared> {
    let (cell, language) = SHARED.cell(placeholder, language)?;
    let regex = placeholder.regex_in(language);
    Some(cell.get_or_init(|| {
        let read =
            prebuilt(placeholder, language).and_then(|nfa| AnchoredRegex::from_nfa(nfa).ok());
        let at = match read {
            Some(at) => Ok(at),
            None => tree(placeholder, language).and_then(|tree| {
                AnchoredRegex::from_hir(tree, REGEX_SIZE_LIMIT).map_err(super::compile::too_complex)
            }),
        };
        Shared {
            at,
            find: Lazy::new(format!("(?i)(?:{regex})"), build),
            full: LazyAnchored::new(format!("(?i)(?:{regex})$"), build_anchored),
        }
    }))
}

/// The placeholders' shared automata, compiled ahead (see [`prebuilt`]).
static PREBUILT: &[u8] = include_bytes!("placeholders.nfa");

/// What the shared automata in [`PREBUILT`] were compiled with, besides
/// their regex's text (part of each one's fingerprint).
const PREBUILT_SETTINGS: &str = "AnchoredRegex, implicit group, REGEX_SIZE_LIMIT";

/// The key of a placeholder's shared automaton in [`PREBUILT`].
fn prebuilt_key(placeholder: Placeholder, language: &Language) -> String {
    format!("{}/{}", placeholder.as_str(), language.code)
}

/// `placeholder`'s shared automaton in `language` (the language it reads
/// that language's text in), read from the table compiled ahead: parsing
/// and compiling `{number}` and `{quantity}` took most of a small run's
/// start (about 10 and 20 ms), reading them back takes a tenth of that.
/// `None` when the table does not hold the automaton of the regex as it
/// is now (a unit test says when the table is stale); the caller compiles
/// it then.
fn prebuilt(
    placeholder: Placeholder,
    language: &'static Language,
) -> Option<regex_automata::nfa::thompson::NFA> {
    let language = placeholder.reading_language(language);
    let regex = placeholder.regex_in(language);
    crate::text::nfa_table::lookup(
        PREBUILT,
        &prebuilt_key(placeholder, language),
        crate::text::nfa_table::fingerprint(regex, PREBUILT_SETTINGS),
    )
}

/// Per placeholder, the syntax tree of its regex in each language.
static TREES: PerPlaceholder<Result<Hir, String>> = PerPlaceholder::new();

/// Another placeholder's regex at least this long, inside a placeholder's,
/// is not parsed again (see [`tree`]).
const EMBEDDED_MIN_BYTES: usize = 1024;

/// What stands for an embedded placeholder's regex while the rest is
/// parsed: a noncharacter, which no regex here writes and which has no
/// case to fold.
const MARKER: char = '\u{10FFFF}';

/// The syntax tree of `placeholder`'s regex in `language`, read
/// case-insensitively as the shared regexes read it, parsed once per
/// process.
///
/// When the regex holds the whole regex of another placeholder
/// (`{quantity}` holds `{number}`'s, half its text), that part is not parsed
/// again: the rest is parsed with [`MARKER`] in its place, and the other's
/// tree is put where the marker is, each node above it rebuilt as parsing
/// builds it. Parsing is most of the cost of building these regexes, a cost
/// every process pays. Should the marker land anywhere but in a literal
/// (a class would swallow it), the whole text is parsed instead; a unit
/// test holds every tree to the one parsing the whole text gives.
fn tree(placeholder: Placeholder, language: &'static Language) -> Result<&'static Hir, String> {
    let (cell, language) = TREES
        .cell(placeholder, language)
        .ok_or_else(|| format!("no regex for {placeholder}"))?;
    cell.get_or_init(|| compose(placeholder, language))
        .as_ref()
        .map_err(Clone::clone)
}

/// The largest other placeholder whose whole regex `placeholder`'s holds,
/// in `language`, if one is long enough to be worth not parsing again.
fn embedded(placeholder: Placeholder, language: &'static Language) -> Option<Placeholder> {
    let text = placeholder.regex_in(language);
    Placeholder::all()
        .filter(|&other| other != placeholder)
        .map(|other| (other, other.regex_in(language)))
        .filter(|(_, inner)| {
            inner.len() >= EMBEDDED_MIN_BYTES && inner.len() < text.len() && text.contains(inner)
        })
        .max_by_key(|(_, inner)| inner.len())
        .map(|(other, _)| other)
}

fn parse_case_insensitive(regex: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("(?i)(?:{regex})"))
        .map_err(|e| e.to_string())
}

/// [`tree`]'s work: parse, reusing an embedded placeholder's tree.
fn compose(placeholder: Placeholder, language: &'static Language) -> Result<Hir, String> {
    let text = placeholder.regex_in(language);
    let Some(other) = embedded(placeholder, language) else {
        return parse_case_insensitive(text);
    };
    compose_text(text, other.regex_in(language), tree(other, language)?)
}

/// `text`'s tree, with `inner_tree` (the tree of `inner`, which `text`
/// holds) put in where `inner` stands.
fn compose_text(text: &str, inner: &str, inner_tree: &Hir) -> Result<Hir, String> {
    let marker = format!("\\x{{{:X}}}", u32::from(MARKER));
    let occurrences = text.matches(inner).count();
    let marked = parse_case_insensitive(&text.replace(inner, &marker))?;
    let mut buffer = [0u8; 4];
    let marker = MARKER.encode_utf8(&mut buffer).as_bytes();
    let put = std::cell::Cell::new(0);
    let composed = crate::text::hir::rewrite(&marked, &|node| match node.kind() {
        HirKind::Literal(Literal(bytes)) if memchr::memmem::find(bytes, marker).is_some() => {
            let mut parts = Vec::new();
            for (i, piece) in split_bytes(bytes, marker).enumerate() {
                if i > 0 {
                    parts.push(inner_tree.clone());
                    put.set(put.get() + 1);
                }
                if !piece.is_empty() {
                    parts.push(Hir::literal(piece));
                }
            }
            Hir::concat(parts)
        }
        _ => node,
    });
    if put.get() == occurrences {
        Ok(composed)
    } else {
        parse_case_insensitive(text)
    }
}

/// `bytes` cut at each `separator`.
fn split_bytes<'b>(bytes: &'b [u8], separator: &'b [u8]) -> impl Iterator<Item = &'b [u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memmem::find(current, separator) {
            Some(at) => {
                rest = current.get(at + separator.len()..);
                current.get(..at)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
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

/// Where the words before a split pattern's placeholder hold a gap.
#[derive(Debug, Clone)]
enum Gap {
    /// They hold none.
    None,
    /// The gap comes last, right before the placeholder: `before` is the
    /// words ahead of it.
    Last,
    /// Between plain words: `before` finds where all of them may start,
    /// `head` reads the words ahead of the gap from there and `tail` those
    /// after it from where the gap ends (both anchored).
    Between {
        head: Box<LazyAnchored>,
        tail: Box<LazyAnchored>,
    },
}

/// Why split matching stopped: reading a gap in some text took more steps
/// than [`GAP_STEPS`]; the pattern's whole regex reads it instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GaveUp;

/// How many gap readings one start may try before split matching gives up.
/// Prose needs a few per character of its 15 words; only runs of thousands
/// of quote marks, each of which a gap may read as a separator or as part
/// of a word, come near it.
const GAP_STEPS: usize = 20_000;

/// A pattern matched in three parts.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    placeholder: Placeholder,
    /// The words before the placeholder; `None` when it comes first.
    before: Option<Lazy>,
    /// Where those words hold a gap, and the words on either side of it.
    gap: Gap,
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
        // A gap right before the placeholder, after plain words.
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
        let mut gap = if gap_last { Gap::Last } else { Gap::None };
        if before_tokens.iter().any(has_gap) {
            // One gap between plain words, with words after it.
            let at = before_tokens.iter().position(|t| matches!(t, Token::Gap))?;
            let (head, tail) = (before_tokens.get(..at)?, before_tokens.get(at + 1..)?);
            let plain =
                |ts: &[Token]| !ts.is_empty() && ts.iter().all(|t| matches!(t, Token::Word(_)));
            // A word after the gap that starts with punctuation may start
            // inside a gap word: the words after it would not start right
            // where a gap word ends.
            let spaced = matches!(tail.first(), Some(Token::Word(w))
                if w.chars().next().is_some_and(char::is_alphanumeric));
            if !plain(head) || !plain(tail) || !spaced {
                return None;
            }
            let (mut head_body, mut tail_body) = (String::new(), String::new());
            let mut at_start = true;
            compile_sequence(head, &mut head_body, &mut at_start, english());
            compile_sequence(tail, &mut tail_body, &mut at_start, english());
            gap = Gap::Between {
                head: Box::new(LazyAnchored::new(
                    format!("(?i){head_body}"),
                    build_anchored,
                )),
                tail: Box::new(LazyAnchored::new(
                    format!("(?i){tail_body}"),
                    build_anchored,
                )),
            };
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
        let glued = !matches!(gap, Gap::Last)
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
            gap,
            glued,
            after: LazyAnchored::new(after, build_anchored),
        })
    }

    /// The placeholder whose shared regexes read the value.
    pub(crate) fn placeholder(&self) -> Placeholder {
        self.placeholder
    }

    /// Build the regexes now, or show that they build (`rules lint`): the
    /// words before the placeholder are a regex that fails to build only
    /// when one of its automata exceeds the size limit, so those two are
    /// all that is built of it (its engines took twice as long again); the
    /// anchored regexes are built whole (their lazy DFA may refuse an
    /// automaton below the limit).
    pub(crate) fn build(&self, language: &'static Language) -> Result<(), &str> {
        if let Some(before) = &self.before {
            before.builds(|text| automata_within(text, REGEX_SIZE_LIMIT))?;
        }
        if let Gap::Between { head, tail } = &self.gap {
            head.get()?;
            tail.get()?;
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
        let (head, tail) = match &self.gap {
            Gap::Between { head, tail } => (head.failed(), tail.failed()),
            Gap::None | Gap::Last => (None, None),
        };
        self.before
            .as_ref()
            .and_then(Lazy::failed)
            .or(head)
            .or(tail)
            .or_else(|| self.after.failed())
    }

    /// The first match starting at or after `at`; [`GaveUp`] when a gap
    /// in `text` has too many readings to try (the whole regex reads it).
    pub(crate) fn find_at(
        &self,
        text: &str,
        at: usize,
        language: &'static Language,
    ) -> Result<Option<PatternMatch>, GaveUp> {
        let mut gave_up = false;
        let found = self.find_from(text, at, language, &mut gave_up);
        if gave_up {
            Err(GaveUp)
        } else {
            Ok(found)
        }
    }

    /// Whether reading `text` gives up on a gap somewhere (a test's check).
    #[cfg(test)]
    pub(crate) fn gives_up_on(&self, text: &str) -> bool {
        let mut at = 0;
        while at <= text.len() {
            match self.find_at(text, at, crate::lang::english()) {
                Ok(Some(m)) => at = m.whole.end.max(at + 1),
                Ok(None) => return false,
                Err(GaveUp) => return true,
            }
        }
        false
    }

    fn find_from(
        &self,
        text: &str,
        at: usize,
        language: &'static Language,
        gave_up: &mut bool,
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
                Some(before) => {
                    let m = before.search(&Input::new(text).range(from..))?;
                    let start = m.start();
                    let read = match &self.gap {
                        Gap::None => Ok(value_after(start, m.end())),
                        Gap::Last => read_gap(text, m.end(), |end| value_after(start, end)),
                        Gap::Between { head, tail } => {
                            let head_end = head.get().ok()?.end_at(text, start)?;
                            let tail = tail.get().ok()?;
                            read_gap(text, head_end, |end| {
                                value_after(start, tail.end_at(text, end)?)
                            })
                        }
                    };
                    match read {
                        Ok(Some(found)) => return Some(found),
                        Ok(None) => start,
                        Err(GaveUp) => {
                            *gave_up = true;
                            return None;
                        }
                    }
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
        for end in ends.into_iter().rev() {
            let reads = match at_start.spans(text, start, end) {
                Some(reads) => reads,
                None => {
                    let head = text.get(..end)?;
                    full.get().ok()?.end_at(head, start).is_some()
                }
            };
            if reads {
                if let Some(whole_end) = follows(end) {
                    return Some((end, whole_end));
                }
            }
        }
        None
    }
}

/// Read a gap that starts at `from`, where the words before it end: the
/// first end of a reading, in the order the gap's lazy regex
/// (`(?-i:[^\w\s])*(?:[\s"']+(?-i:\S)+){0,15}?`) tries them, for which
/// `follows` finds the rest of the match. That order is a search, depth
/// first: punctuation glued to the word before, as much as there is first;
/// then, at each end, the rest of the match first and one more gap word only
/// when it does not follow, that word's separator and the word itself each
/// as long as they can be first. A word glued to a quote mark (`fired"at`,
/// `Korea's`) is one gap word or two, so readings of the same number of
/// words can end in different places. An end already tried with as many
/// words is not tried again (what follows it depends on nothing else), so
/// the search is linear in the gap's text, and gives up after
/// [`GAP_STEPS`] steps, which only runs of thousands of quote marks reach.
fn read_gap<T>(
    text: &str,
    from: usize,
    mut follows: impl FnMut(usize) -> Option<T>,
) -> Result<Option<T>, GaveUp> {
    let Some(rest) = text.get(from..) else {
        return Ok(None);
    };
    let mut reader = GapReader {
        text,
        tried: HashSet::new(),
        not_followed: HashSet::new(),
        steps: 0,
    };
    let punctuation = run_len(rest, |c| {
        !c.is_whitespace() && !regex_syntax::is_word_character(c)
    });
    let glued_ends = rest
        .get(..punctuation)
        .unwrap_or_default()
        .char_indices()
        .map(|(i, c)| from + i + c.len_utf8());
    for end in glued_ends.rev().chain([from]) {
        if let Some(found) = reader.read(end, 0, &mut follows)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The state of one [`read_gap`] search.
struct GapReader<'t> {
    text: &'t str,
    /// Ends already read on from, with the number of gap words before them.
    tried: HashSet<(usize, usize)>,
    /// Ends the rest of the match does not follow.
    not_followed: HashSet<usize>,
    steps: usize,
}

impl GapReader<'_> {
    /// The first reading that ends at `end` after `words` gap words, or
    /// reads on from there.
    fn read<T>(
        &mut self,
        end: usize,
        words: usize,
        follows: &mut impl FnMut(usize) -> Option<T>,
    ) -> Result<Option<T>, GaveUp> {
        self.steps += 1;
        if self.steps > GAP_STEPS {
            return Err(GaveUp);
        }
        let text = self.text;
        let Some(rest) = text.get(end..) else {
            return Ok(None);
        };
        // The rest of the match, like another gap word, starts with a separator.
        let separator = run_len(rest, is_separator);
        if separator == 0 || !self.tried.insert((end, words)) {
            return Ok(None);
        }
        if !self.not_followed.contains(&end) {
            if let Some(found) = follows(end) {
                return Ok(Some(found));
            }
            self.not_followed.insert(end);
        }
        if words == super::GAP_WORDS {
            return Ok(None);
        }
        let separator_ends = rest
            .get(..separator)
            .unwrap_or_default()
            .char_indices()
            .rev()
            .map(|(i, c)| end + i + c.len_utf8());
        for word_start in separator_ends {
            let word = text.get(word_start..).unwrap_or_default();
            let word_len = run_len(word, |c| !c.is_whitespace());
            // The word read as long as it can be first; shorter readings
            // matter only where a quote mark (a separator) follows them.
            let Some(whole_word) = word.get(..word_len) else {
                continue;
            };
            let word_ends = whole_word
                .char_indices()
                .filter(|&(i, c)| i > 0 && is_separator(c))
                .map(|(i, _)| word_start + i)
                .rev();
            if word_len > 0 {
                if let Some(found) = self.read(word_start + word_len, words + 1, follows)? {
                    return Ok(Some(found));
                }
            }
            for word_end in word_ends {
                if let Some(found) = self.read(word_end, words + 1, follows)? {
                    return Ok(Some(found));
                }
            }
        }
        Ok(None)
    }
}

/// What separates words in a pattern's regex: white space or a straight
/// quote mark (`[\s"']`).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '"' || c == '\''
}

/// The length in bytes of the run of `part` characters `text` starts with.
fn run_len(text: &str, part: impl Fn(char) -> bool) -> usize {
    text.find(|c: char| !part(c)).unwrap_or(text.len())
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The table of prebuilt automata holds each placeholder's shared
    /// automaton, in each language it reads, as compiling its tree gives
    /// it now. `CROSSWIRE_WRITE_TABLES=1 cargo test --lib prebuilt`
    /// writes the table again (after a placeholder's regex, a language's
    /// words or the regex crates change).
    #[test]
    fn the_prebuilt_automata_are_the_compiled_ones() {
        let mut writer = crate::text::nfa_table::TableWriter::new();
        let mut keys = Vec::new();
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            for placeholder in Placeholder::all() {
                let language = placeholder.reading_language(language);
                let key = prebuilt_key(placeholder, language);
                if keys.contains(&key) {
                    continue;
                }
                let nfa = AnchoredRegex::nfa_from_hir(
                    tree(placeholder, language).unwrap(),
                    REGEX_SIZE_LIMIT,
                )
                .unwrap();
                let print = crate::text::nfa_table::fingerprint(
                    placeholder.regex_in(language),
                    PREBUILT_SETTINGS,
                );
                writer.add(&key, print, &nfa).unwrap();
                keys.push(key);
                if let Some(read) = prebuilt(placeholder, language) {
                    assert_eq!(read.states(), nfa.states(), "{placeholder} in {code}");
                    assert_eq!(read.start_anchored(), nfa.start_anchored());
                    assert_eq!(read.start_unanchored(), nfa.start_unanchored());
                    assert_eq!(read.is_utf8(), nfa.is_utf8());
                    assert_eq!(read.look_set_any(), nfa.look_set_any());
                }
            }
        }
        crate::text::nfa_table::assert_fresh(
            PREBUILT,
            &writer.finish(),
            "src/pattern/placeholders.nfa",
        );
        // Every placeholder in every language reads back.
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            for placeholder in Placeholder::all() {
                assert!(
                    prebuilt(placeholder, language).is_some(),
                    "{placeholder} in {code}"
                );
            }
        }
    }

    #[test]
    fn each_tree_is_the_one_parsing_the_whole_text_gives() {
        let mut composed = 0;
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            for placeholder in Placeholder::all() {
                let whole = parse_case_insensitive(placeholder.regex_in(language)).unwrap();
                assert_eq!(
                    tree(placeholder, language).unwrap(),
                    &whole,
                    "{placeholder} in {code}"
                );
                composed += usize::from(embedded(placeholder, language).is_some());
            }
        }
        // `{quantity}` holds `{number}` in every language.
        let quantity = Placeholder::from_word("quantity").unwrap();
        let number = Placeholder::from_word("number").unwrap();
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            assert_eq!(embedded(quantity, language), Some(number), "{code}");
        }
        assert!(composed >= crate::lang::codes().count());
    }

    #[test]
    fn an_inner_tree_goes_where_its_text_stood_or_the_whole_is_parsed() {
        let check = |text: &str, inner: &str| {
            let inner_tree = parse_case_insensitive(inner).unwrap();
            let composed = compose_text(text, inner, &inner_tree).unwrap();
            assert_eq!(
                composed,
                parse_case_insensitive(text).unwrap(),
                "{text} / {inner}"
            );
        };
        // Beside literals (the marker's literal is merged with them), twice,
        // under a repetition, in a choice.
        check("1(?:7|8)2 3(?:7|8)", "(?:7|8)");
        check("(?:a(?:7|8)b)+|c", "a(?:7|8)b");
        check("x(?:7|8)?y|z", "(?:7|8)");
        // In a choice of single characters (made a class once the tree is
        // put in, as parsing makes it).
        check("(?:9|x)", "9");
        // Inside a class the marker is no literal: nothing is put in, and
        // the whole text is parsed.
        check("[9x]y", "9");
    }

    #[test]
    fn split_bytes_cuts_at_each_marker() {
        let marker = MARKER.encode_utf8(&mut [0u8; 4]).as_bytes().to_vec();
        let pieces: Vec<&[u8]> =
            split_bytes(b"ab\xF4\x8F\xBF\xBFcd\xF4\x8F\xBF\xBF", &marker).collect();
        assert_eq!(pieces, vec![&b"ab"[..], &b"cd"[..], &b""[..]]);
        assert_eq!(
            split_bytes(b"", &marker).collect::<Vec<_>>(),
            vec![&b""[..]]
        );
    }
}
