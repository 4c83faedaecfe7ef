//! Compiling parsed patterns into regexes, and the prefilter's anchor word.

use std::sync::OnceLock;

use regex::Regex;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{meta, Input, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

use super::lazy::Lazy;
use super::parse::{parse, PatternError, Token};
use super::size::{builds_within, surely_within};
use super::split::{GaveUp, Split};
use super::{Placeholder, GAP_WORDS};
use crate::kinds::Kind;
use crate::lang::Language;
use crate::text::hir::required_literals;

/// What may stand between two words: white space and quote marks.
const SEP: &str = r#"[\s"']+"#;
/// The separator where punctuation meets a word: `Youngse,` or `, state`.
const SEP_OPTIONAL: &str = r#"[\s"']*"#;

/// Where a `{phrase}` may start: no word character right before it.
const PHRASE_START: &str = r"\b{start-half}";

/// The compiled regexes of all patterns are kept within this size, so that a
/// hostile rule file cannot make compilation take unbounded memory.
pub(super) const REGEX_SIZE_LIMIT: usize = 16 * (1 << 20);

/// A compiled pattern. Its regex is built on first use: a rule library of
/// thousands of slots costs only parsing until a pattern's anchor is found
/// in a source, so compiling rules stays cheap however many there are.
///
/// A placeholder reads a source in the source's language (German number
/// words, month names), so a pattern run as one regex has one form per
/// language, built the first time a source in that language meets it.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written in the rule file.
    pub source: String,
    /// The parsed pattern, to build the form of another language; empty for
    /// `regex:` patterns, whose one form serves every language.
    tokens: Vec<Token>,
    /// The whole regex in each language, English's built at compile time.
    forms: [OnceLock<Form>; crate::lang::COUNT],
    /// How matches are found: `None` runs the whole regex; a split pattern
    /// finds its placeholder with one regex shared by every pattern.
    split: Option<Split>,
    /// A literal word every match contains (lowercase ASCII), for the prefilter;
    /// `None` when the pattern has no such word and must be tried everywhere.
    pub anchor: Option<String>,
    /// For a `regex:` pattern, the other literal texts every match contains
    /// (lowercase ASCII; see [`Pattern::other_words`]).
    regex_words: Vec<String>,
    /// For a `regex:` pattern, whether it has a group named `value`.
    value_group: bool,
    /// The placeholder that captures the value, if any.
    pub placeholder: Option<Placeholder>,
    /// Whether this came from `regex:`.
    pub is_regex: bool,
}

/// The whole regex of a pattern in one language.
#[derive(Debug, Clone)]
struct Form {
    /// The regex the pattern compiles to (its value is the group `value`,
    /// or the whole match).
    regex: Whole,
    /// For a `{phrase}` pattern run as one regex: the same regex without the
    /// phrase's length bound, which compiles in a fraction of the time (two
    /// hundred copies of a character class are most of the bounded one). A
    /// match whose phrase keeps within the bound is the bounded regex's match
    /// too; only one that does not is searched again with the bounded regex.
    unbounded: Option<Whole>,
}

impl Form {
    fn new(regex: Lazy<Regex>) -> Form {
        Form {
            regex: Whole::new(regex),
            unbounded: None,
        }
    }

    fn failed(&self) -> Option<&str> {
        self.regex
            .failed()
            .or_else(|| self.unbounded.as_ref().and_then(Whole::failed))
    }

    /// Builds what the form needs, or says why it cannot (`rules lint`).
    /// A regex builds unless one of its two automata exceeds the size
    /// limit, and an automaton is the sum of its parts' automata. For a
    /// `{phrase}` pattern, then, the regex without the phrase's fragment
    /// (the words around it) keeping [`PHRASE_SIZE`] below the limit shows
    /// that both the bounded regex and the unbounded one (smaller) build:
    /// building the fragment's two hundred copies of a character class, and
    /// its Unicode word classes, was most of a rule library's lint time.
    /// Any other regex is shown to build by its two automata alone (by the
    /// bound on its syntax tree, `size.rs`, when that shows it).
    fn build(&self) -> Result<(), &str> {
        self.regex.general.builds(|text| match self.unbounded {
            Some(_) => without_phrase(text)
                .is_some_and(|rest| automata_within(&rest, REGEX_SIZE_LIMIT - PHRASE_SIZE)),
            None => automata_within(text, REGEX_SIZE_LIMIT),
        })
    }

    /// The first match at or after `at`, as the bounded regex finds it (see
    /// `unbounded`); `plain` says whether `text` is plain
    /// (`crate::text::plain`).
    fn captures_at(&self, text: &str, at: usize, plain: bool) -> Option<Found> {
        if let Some(unbounded) = &self.unbounded {
            if let Ok(found) = unbounded.captures_at(text, at, plain) {
                let found = found?;
                let within = found.value.as_ref().is_none_or(|v| {
                    text.get(v.clone()).map_or(0, |v| v.chars().count())
                        <= crate::kinds::phrase::PHRASE_MAX_CHARS
                });
                if within {
                    return Some(found);
                }
            }
        }
        self.regex.captures_at(text, at, plain).ok().flatten()
    }
}

/// A match of a whole regex: byte ranges of the match and of its `value`
/// group, when it took part.
struct Found {
    whole: std::ops::Range<usize>,
    value: Option<std::ops::Range<usize>>,
}

/// A whole regex, built on first use in up to two ways that find the same
/// matches. Searching a sentence, the general regex's lazy DFA spends most
/// of its time building states it will not meet again: each pattern's regex
/// reads only the few sentences the prefilter gives it (1,000 slots on 1,000
/// files: 33,614 searches at about 25,000 instructions each, most of them
/// the reverse search for where the match starts). Up to
/// [`SHORT_HAYSTACK`] bytes a regex without the DFAs searches instead; it
/// also compiles in about half the time, with no reversed automaton. That
/// regex (a PikeVM) reads the text a byte at a time except where a literal
/// prefilter lets it skip ahead, so a regex whose matches start with no
/// literal (`regex: '(?P<value>\d+) dead'`, `{phrase} said`), which may
/// also run on every sentence, keeps the general regex for every text: the
/// PikeVM spent several hundred instructions on each byte of each sentence.
/// A plain text (ASCII and copy's punctuation: most sentences of most copy)
/// is searched by a third form before either, the regex restricted to plain
/// text (`crate::text::plain`): a fraction of the states, so each engine builds and
/// steps faster; chosen by length as above (with the backtracker beside the
/// PikeVM for a short text, its visited set small for the small automaton).
#[derive(Debug, Clone)]
struct Whole {
    general: Lazy<Regex>,
    /// `None` when the regex has no fast prefix prefilter.
    short: Lazy<Option<meta::Regex>>,
    /// The regex restricted to plain text (`crate::text::plain`), for a
    /// plain text; `None` when it could not be built.
    plain: Lazy<Option<meta::Regex>>,
    /// The same for a short text, without the DFAs, as `short` is; `None`
    /// when it has no fast prefix prefilter.
    plain_short: Lazy<Option<meta::Regex>>,
}

/// The longest text searched without the DFAs (see [`Whole`]).
const SHORT_HAYSTACK: usize = 2048;

impl Whole {
    fn new(general: Lazy<Regex>) -> Whole {
        let short = general.sibling(build_short);
        let plain = general.sibling(build_plain);
        let plain_short = general.sibling(build_plain_short);
        Whole {
            general,
            short,
            plain,
            plain_short,
        }
    }

    fn text(&self) -> &str {
        self.general.text()
    }

    fn failed(&self) -> Option<&str> {
        self.general
            .failed()
            .or_else(|| self.short.failed())
            .or_else(|| self.plain.failed())
            .or_else(|| self.plain_short.failed())
    }

    /// The first match at or after `at`; `plain` says whether `text` is
    /// plain (asked once per text by the caller: a sentence of megabytes may
    /// be searched thousands of times); the error says why the regex could
    /// not be built.
    fn captures_at(&self, text: &str, at: usize, plain: bool) -> Result<Option<Found>, &str> {
        let short = text.len().saturating_sub(at) <= SHORT_HAYSTACK;
        if plain {
            let plain_short = if short {
                self.plain_short.get()?.as_ref()
            } else {
                None
            };
            // The regex with every engine only when the one without DFAs
            // does not do (`Option::or` would build it every time).
            let regex = match plain_short {
                Some(regex) => Some(regex),
                None => self.plain.get()?.as_ref(),
            };
            if let Some(regex) = regex {
                return Ok(found_by(regex, text, at));
            }
        }
        if short {
            if let Some(regex) = self.short.get()? {
                return Ok(found_by(regex, text, at));
            }
        }
        Ok(self.general.get()?.captures_at(text, at).and_then(|caps| {
            let whole = caps.get(0)?;
            Some(Found {
                whole: whole.range(),
                value: caps.name("value").map(|v| v.range()),
            })
        }))
    }
}

/// The first match of `regex` in `text` at or after `at`.
fn found_by(regex: &meta::Regex, text: &str, at: usize) -> Option<Found> {
    let mut caps = regex.create_captures();
    regex.search_captures(&Input::new(text).range(at..), &mut caps);
    caps.get_group(0).map(|whole| Found {
        whole: whole.range(),
        value: caps.get_group_by_name("value").map(|v| v.range()),
    })
}

/// The whole regex of a parsed pattern in a language.
fn whole_form(
    tokens: &[Token],
    placeholder: Option<Placeholder>,
    language: &'static Language,
) -> Form {
    let mut body = String::new();
    let mut at_start = true;
    compile_sequence(tokens, &mut body, &mut at_start, language);
    if matches!(tokens.last(), Some(Token::Placeholder(Placeholder::Phrase))) {
        // A lazy phrase with nothing after it would capture two characters.
        let lazy = format!("(?P<value>{})", Placeholder::Phrase.regex_in(language));
        if let Some(at) = body.rfind(&lazy) {
            body.replace_range(
                at..,
                &format!("(?P<value>{})", crate::kinds::phrase::PHRASE_TAIL_REGEX),
            );
        }
    }
    // Literal words are escaped and placeholders are fixed, known-good
    // fragments, so the text is valid regex syntax; building it waits for the
    // first use (only a size limit can fail then, reported by `rules lint`).
    let mut form = Form::new(Lazy::new(format!("(?i){body}"), build));
    if placeholder == Some(Placeholder::Phrase) {
        let bound = crate::kinds::phrase::PHRASE_INNER_BOUND;
        let text = form.regex.text();
        if text.matches(bound).count() == 1 {
            let unbounded = Lazy::new(text.replacen(bound, "*", 1), build);
            form.unbounded = Some(Whole::new(unbounded));
        }
    }
    form
}

impl Pattern {
    fn new(
        source: &str,
        tokens: Vec<Token>,
        english: Form,
        anchor: Option<String>,
        placeholder: Option<Placeholder>,
        is_regex: bool,
    ) -> Pattern {
        let forms: [OnceLock<Form>; crate::lang::COUNT] = Default::default();
        if let Some(first) = forms.first() {
            let _ = first.set(english);
        }
        Pattern {
            source: source.to_string(),
            tokens,
            forms,
            split: None,
            anchor,
            regex_words: Vec::new(),
            value_group: false,
            placeholder,
            is_regex,
        }
    }

    /// The whole regex's form for `language`: English's when the pattern
    /// reads the same in every language (no placeholder, or one without
    /// words of its own, or `regex:`).
    fn form(&self, language: &'static Language) -> Option<&Form> {
        if language.index() == 0 {
            // English, built at compile time: the common case, kept cheap.
            return self.forms.first()?.get();
        }
        let language = match (self.is_regex, self.placeholder) {
            (false, Some(placeholder)) => placeholder.reading_language(language),
            _ => crate::lang::english(),
        };
        let cell = self.forms.get(language.index())?;
        Some(cell.get_or_init(|| whole_form(&self.tokens, self.placeholder, language)))
    }

    /// The regex the whole pattern compiles to in English, as text (what a
    /// plain regex tool would be given for the same pattern).
    pub fn regex_text(&self) -> &str {
        self.form(crate::lang::english())
            .map_or("", |f| f.regex.text())
    }

    /// Build everything matching English text needs now, or show that it
    /// builds (`rules lint` does; a run builds on first use), and say why
    /// it cannot be built. What can fail only by the size of its automata
    /// is shown to build by building those automata alone, or, for a
    /// `{phrase}` pattern's bounded regex, the automata of the words around
    /// the phrase (see `Form::build`).
    pub fn build(&self) -> Result<(), &str> {
        self.build_in(crate::lang::english())
    }

    /// The placeholder whose shared regex the first match of this pattern
    /// builds (see [`warm`](super::warm)); `None` when it builds none.
    pub fn shared_placeholder(&self) -> Option<Placeholder> {
        self.split.as_ref().map(Split::placeholder)
    }

    /// [`Pattern::build`] for text in `language`.
    pub fn build_in(&self, language: &'static Language) -> Result<(), &str> {
        match &self.split {
            Some(split) => split.build(language),
            // The general regex: the one for short texts builds the same
            // forward automaton under the same limit, so it builds too.
            None => self.form(language).ok_or("no regex")?.build(),
        }
    }

    /// The compiled English regex, built on first use; the error says why a
    /// pattern is too complex to compile.
    pub fn regex(&self) -> Result<&Regex, &str> {
        self.form(crate::lang::english())
            .ok_or("no regex")?
            .regex
            .general
            .get()
    }

    /// Whether a regex was built and failed (for reporting it once after a run).
    pub fn failed(&self) -> Option<&str> {
        match &self.split {
            Some(split) => split.failed(),
            None => self
                .forms
                .iter()
                .filter_map(OnceLock::get)
                .find_map(Form::failed),
        }
    }

    /// Every match in `text`, left to right, without overlaps. A `{phrase}`
    /// match is the shortest span the pattern allows: when a later start gives a
    /// match that ends no later ("the man, a 35-year-old" for `(the|a)
    /// {phrase}-year-old`), the later one is taken, so the phrase is `35` and not
    /// `man, a 35`.
    pub fn matches(&self, text: &str) -> Vec<PatternMatch> {
        self.matches_in(text, crate::lang::english())
    }

    /// [`Pattern::matches`] in text written in `language`: placeholders
    /// read that language's words.
    pub fn matches_in(&self, text: &str, language: &'static Language) -> Vec<PatternMatch> {
        let mut out = Vec::new();
        let mut at = 0;
        if let Some(split) = &self.split {
            while at <= text.len() {
                match split.find_at(text, at, language) {
                    Ok(Some(m)) => {
                        at = next_start(text, &m.whole);
                        out.push(m);
                    }
                    Ok(None) => return out,
                    // The whole regex reads on from here.
                    Err(GaveUp) => break,
                }
            }
            if at > text.len() {
                return out;
            }
        }
        let Some(form) = self.form(language) else {
            return out;
        };
        let plain = crate::text::plain::is_plain(text);
        while at <= text.len() {
            let Some(mut found) = form.captures_at(text, at, plain) else {
                break;
            };
            let end = found.whole.end;
            if self.placeholder == Some(Placeholder::Phrase) {
                let mut start = found.whole.start;
                while let Some(next) = text
                    .get(start..)
                    .and_then(|rest| rest.chars().next())
                    .map(|c| start + c.len_utf8())
                {
                    if next >= end {
                        break;
                    }
                    match form.captures_at(text, next, plain) {
                        Some(shorter) if shorter.whole.end <= end && shorter.whole.start < end => {
                            start = shorter.whole.start;
                            found = shorter;
                        }
                        _ => break,
                    }
                }
            }
            let whole = found.whole;
            let m = PatternMatch {
                value: found.value.unwrap_or(whole.clone()),
                whole: whole.clone(),
            };
            at = next_start(text, &(whole.start..end));
            out.push(m);
        }
        out
    }
}

impl Pattern {
    /// Whether the pattern captures a part of its match (a placeholder, or
    /// a regex group `value`) rather than taking the whole match.
    pub fn captures_value(&self) -> bool {
        if self.is_regex {
            self.value_group
        } else {
            self.placeholder.is_some()
        }
    }

    /// The words besides the anchor that every match contains (lowercase
    /// ASCII, each once): the prefilter passes a sentence to the pattern
    /// only when it holds them all. For a `regex:` pattern, its other
    /// required literals (as its anchor is found: outside choices, optional
    /// parts and `(?i)` groups).
    pub fn other_words(&self) -> Vec<String> {
        if self.is_regex {
            return self.regex_words.clone();
        }
        let mut words: Vec<String> = Vec::new();
        for word in literal_words(&self.tokens) {
            if self.anchor.as_ref() != Some(&word) && !words.contains(&word) {
                words.push(word);
            }
        }
        words
    }
}

/// One match of a pattern: byte ranges in the text searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatch {
    /// The whole match.
    pub whole: std::ops::Range<usize>,
    /// The value: the placeholder's part, or the whole match.
    pub value: std::ops::Range<usize>,
}

/// Where the next search starts: past the match, or past an empty match's
/// next char so the loop always advances.
fn next_start(text: &str, whole: &std::ops::Range<usize>) -> usize {
    if whole.end > whole.start {
        whole.end
    } else {
        text.get(whole.end..)
            .and_then(|rest| rest.chars().next())
            .map_or(text.len() + 1, |c| whole.end + c.len_utf8())
    }
}

/// Parse and compile a pattern for a slot of `kind`.
pub fn compile(pattern: &str, kind: Kind) -> Result<Pattern, PatternError> {
    // Sources are read in NFC; a pattern typed with combining marks is too.
    let composed = crate::text::nfc(pattern.to_string());
    let pattern = composed.as_str();
    let tokens = parse(pattern)?;
    let mut placeholders = Vec::new();
    collect_placeholders(&tokens, &mut placeholders);
    if placeholders.len() > 1 {
        let second = placeholders[1];
        let offset = nth_placeholder_offset(pattern, 1);
        return Err(PatternError {
            offset,
            len: second.as_str().len() + 2,
            message: format!("more than one placeholder ({} and {})", placeholders[0], second),
            help: Some("a pattern captures one value: keep one placeholder and write the rest as words or `...`".into()),
        });
    }
    let placeholder = placeholders.first().copied();
    if let Some(p) = placeholder {
        if !kind.placeholders().contains(&p) {
            let fits: Vec<String> = kind.placeholders().iter().map(|p| p.to_string()).collect();
            return Err(PatternError {
                offset: nth_placeholder_offset(pattern, 0),
                len: p.as_str().len() + 2,
                message: format!("placeholder {p} does not fit a slot of kind `{kind}`"),
                help: Some(format!(
                    "a `{kind}` slot captures with {}",
                    fits.join(" or ")
                )),
            });
        }
    }
    if matches!(tokens.first(), Some(Token::Gap)) || matches!(tokens.last(), Some(Token::Gap)) {
        let at_start = matches!(tokens.first(), Some(Token::Gap));
        return Err(PatternError {
            offset: if at_start {
                pattern.find("...").unwrap_or(0)
            } else {
                pattern.rfind("...").unwrap_or(0)
            },
            len: 3,
            message: "a pattern cannot start or end with `...`".into(),
            help: Some("a gap joins two parts of a pattern; remove it".into()),
        });
    }
    let english = whole_form(&tokens, placeholder, crate::lang::english());
    let anchor = anchor(&tokens);
    let split = Split::new(&tokens);
    let mut compiled = Pattern::new(pattern, tokens, english, anchor, placeholder, false);
    compiled.split = split;
    Ok(compiled)
}

/// Compile a `regex:` escape-hatch pattern. It is case-insensitive unless it
/// turns that off; its value is the named group `value` or the whole match.
pub fn compile_regex(source: &str) -> Result<Pattern, PatternError> {
    if source.is_empty() {
        return Err(PatternError {
            offset: 0,
            len: 0,
            message: "empty regex".into(),
            help: None,
        });
    }
    // A regex that parses and whose automata keep within the size limit
    // (`size.rs` bounds them) is built on first use, as the pattern
    // language's are. Any other is built at once, under the size limit, so
    // that its error is located in the rule file: huge or nested
    // repetitions are refused while compiling, before they cost time or
    // memory.
    let text = format!("(?i){source}");
    // Parsed as written (case-sensitively, where a case-insensitive part
    // is a class, never a literal) for its anchor; the bound folds it.
    let hir = parsed(source);
    let surely_builds = hir
        .as_ref()
        .is_some_and(|hir| surely_within(hir, true, REGEX_SIZE_LIMIT));
    let general = if surely_builds {
        Lazy::new(text, build)
    } else {
        let regex = regex::RegexBuilder::new(&text)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| regex_error(source, &e))?;
        Lazy::built(text, build, regex)
    };
    let value_group = hir.as_ref().is_some_and(has_value_group);
    let mut words = hir
        .map(|hir| prefilter_words(required_literals(&hir)))
        .unwrap_or_default();
    let anchor = longest_word(&words);
    words.retain(|w| Some(w) != anchor.as_ref());
    let form = Form::new(general);
    let mut pattern = Pattern::new(source, Vec::new(), form, anchor, None, true);
    pattern.regex_words = words;
    pattern.value_group = value_group;
    Ok(pattern)
}

/// Whether `hir` has a group named `value`.
fn has_value_group(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Capture(capture) => {
            capture.name.as_deref() == Some("value") || has_value_group(&capture.sub)
        }
        HirKind::Repetition(repetition) => has_value_group(&repetition.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(has_value_group),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

/// The required literals the prefilter can look for: those that are ASCII
/// and hold a letter or digit, lowercased (the prefilter folds ASCII case),
/// each once.
fn prefilter_words(literals: Vec<String>) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for literal in literals {
        if literal.is_ascii() && literal.chars().any(|c| c.is_ascii_alphanumeric()) {
            let word = literal.to_ascii_lowercase();
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    words
}

/// The prefilter's anchor among [`prefilter_words`]: the longest.
fn longest_word(words: &[String]) -> Option<String> {
    words
        .iter()
        .max_by(|a, b| a.len().cmp(&b.len()).then_with(|| b.cmp(a)))
        .cloned()
}

fn regex_error(source: &str, error: &regex::Error) -> PatternError {
    if let regex::Error::CompiledTooBig(limit) = error {
        return PatternError {
            offset: 0,
            len: source.len(),
            message: format!(
                "regex too large once compiled (the limit is {} MiB)",
                limit >> 20
            ),
            help: Some(
                "use smaller repetition counts (`{n}`), fewer nested repetitions, or `[a-z]` \
                 in place of `\\w` inside a repetition"
                    .into(),
            ),
        };
    }
    // regex reports syntax errors with a caret diagram; keep its last line (the
    // message) and find the column from the diagram when there is one.
    let text = error.to_string();
    let message = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| {
            l.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| {
            text.lines()
                .last()
                .unwrap_or("invalid regex")
                .trim()
                .to_string()
        });
    // The diagram is the regex, indented by four spaces and with our `(?i)`
    // prefix, over a line of carets.
    let offset = text
        .lines()
        .find(|l| l.trim_start().starts_with('^'))
        .and_then(|l| l.find('^'))
        .map(|col| col.saturating_sub(8))
        .unwrap_or(0)
        .min(source.len());
    PatternError {
        offset,
        len: 1,
        message: format!("invalid regex: {message}"),
        help: None,
    }
}

/// A run of consecutive top-level tokens of a pattern, compiled on its own.
/// `explain` uses these to say how much of a pattern a sentence does match
/// when the whole pattern does not ("`Minister {name}` matched, `Unification`
/// before it did not").
#[derive(Debug, Clone)]
pub struct Part {
    /// Index of the first token of the run.
    pub start: usize,
    /// Index one past the last token of the run.
    pub end: usize,
    /// How many literal words and choices the run holds (placeholders and
    /// gaps match almost anything, so they do not count as evidence).
    pub literals: usize,
    /// The run compiled as a pattern (case-insensitive).
    pub regex: Regex,
}

/// A pattern's top-level tokens, written back as pattern text, and every run
/// of them that holds at least one literal and neither starts nor ends with a
/// gap, longest runs first. A pattern that does not parse is an error.
pub fn parts(pattern: &str) -> Result<(Vec<String>, Vec<Part>), PatternError> {
    let tokens = parse(pattern)?;
    let texts: Vec<String> = tokens.iter().map(ToString::to_string).collect();
    // Every run is listed first (cheap), and only the best MAX_PARTS are
    // compiled: a long pattern has quadratically many runs.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for start in 0..tokens.len() {
        for end in start + 1..=tokens.len() {
            let Some(run) = tokens.get(start..end) else {
                continue;
            };
            if matches!(run.first(), Some(Token::Gap)) || matches!(run.last(), Some(Token::Gap)) {
                continue;
            }
            let literals = run
                .iter()
                .filter(|t| matches!(t, Token::Word(_) | Token::Choice(_)))
                .count();
            if literals > 0 {
                runs.push((start, end, literals));
            }
        }
    }
    runs.sort_by(|a, b| (b.1 - b.0, b.2, a.0).cmp(&(a.1 - a.0, a.2, b.0)));
    let mut parts = Vec::new();
    for (start, end, literals) in runs {
        if parts.len() == MAX_PARTS {
            break;
        }
        let Some(run) = tokens.get(start..end) else {
            continue;
        };
        let mut body = String::new();
        let mut at_start = true;
        compile_sequence(run, &mut body, &mut at_start, crate::lang::english());
        if let Ok(regex) = build(&format!("(?i){body}")) {
            parts.push(Part {
                start,
                end,
                literals,
                regex,
            });
        }
    }
    Ok((texts, parts))
}

/// How many runs of a pattern [`parts`] compiles: the longest ones, which
/// say the most about a near miss.
const MAX_PARTS: usize = 48;

/// Why a pattern's regex could not be built: only a size limit fails a
/// regex made from a parsed pattern.
pub(super) fn too_complex(error: impl std::fmt::Display) -> String {
    format!("pattern too complex to compile: {error}")
}

/// [`build`] without the DFAs, for short texts (see [`Whole`]): the same
/// size limit on the same forward automaton, behind the same prefix
/// prefilter the general regex would choose. `None` when there is no fast
/// one (the general regex then searches every text), or when the pattern
/// does not parse (the general regex then says why).
fn build_short(pattern: &str) -> Result<Option<meta::Regex>, String> {
    parsed(pattern).map_or(Ok(None), |hir| build_prefixed(&hir, false))
}

/// [`build`] restricted to plain text (see `crate::text::plain`), with
/// every engine. `None` when the pattern does not parse.
fn build_plain(pattern: &str) -> Result<Option<meta::Regex>, String> {
    let Some(hir) = parsed(pattern) else {
        return Ok(None);
    };
    meta::Regex::builder()
        .configure(meta::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)))
        .build_from_hir(&crate::text::plain::plain_only(&hir))
        .map(Some)
        .map_err(too_complex)
}

/// [`build_short`] restricted to plain text, with the backtracker beside
/// the PikeVM (its visited set is small for the small automaton).
fn build_plain_short(pattern: &str) -> Result<Option<meta::Regex>, String> {
    parsed(pattern).map_or(Ok(None), |hir| {
        build_prefixed(&crate::text::plain::plain_only(&hir), true)
    })
}

/// The most the bounded `{phrase}` fragment adds to a regex's automata,
/// forward or reverse, in bytes (a unit test measures it: about 380 KB).
const PHRASE_SIZE: usize = 1 << 20;

/// `regex` with its one bounded phrase fragment (either form) left empty;
/// `None` when it holds no such fragment, or more than one.
fn without_phrase(regex: &str) -> Option<String> {
    use crate::kinds::phrase::{PHRASE_REGEX, PHRASE_TAIL_REGEX};
    let count = regex.matches(PHRASE_REGEX).count() + regex.matches(PHRASE_TAIL_REGEX).count();
    (count == 1).then(|| {
        regex
            .replacen(PHRASE_REGEX, "", 1)
            .replacen(PHRASE_TAIL_REGEX, "", 1)
    })
}

/// Whether both automata the general regex builds from `pattern` (the
/// forward one with its groups, the reverse one without, configured as the
/// regex engine configures them) take at most `limit` bytes: building the
/// regex fails only when one does not. A regex built with fewer groups
/// (the split words before a placeholder) has smaller automata, so the
/// answer holds for it too. `false` when it does not parse. The bound on
/// the syntax tree (`size.rs`) answers first; the automata are built only
/// when it does not show they keep within `limit`.
pub(super) fn automata_within(pattern: &str, limit: usize) -> bool {
    parsed(pattern)
        .is_some_and(|hir| surely_within(&hir, false, limit) || builds_within(&hir, limit))
}

/// A pattern's regex text parsed as [`build`] parses it; `None` when it
/// does not parse (the general regex then says why).
fn parsed(pattern: &str) -> Option<Hir> {
    regex_syntax::Parser::new().parse(pattern).ok()
}

/// `hir` without the DFAs, behind its fast prefix prefilter (`None`
/// without one), with the backtracker or the PikeVM alone.
fn build_prefixed(hir: &Hir, backtrack: bool) -> Result<Option<meta::Regex>, String> {
    let prefilter = Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir);
    let Some(prefilter) = prefilter.filter(Prefilter::is_fast) else {
        return Ok(None);
    };
    meta::Regex::builder()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .prefilter(Some(prefilter))
                .hybrid(false)
                .dfa(false)
                .backtrack(backtrack)
                .onepass(false),
        )
        .build_from_hir(hir)
        .map(Some)
        .map_err(too_complex)
}

fn build(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(too_complex)
}

fn collect_placeholders(tokens: &[Token], out: &mut Vec<Placeholder>) {
    for token in tokens {
        match token {
            Token::Placeholder(p) => out.push(*p),
            Token::Choice(alternatives) => {
                for alternative in alternatives {
                    collect_placeholders(alternative, out);
                }
            }
            Token::Word(_) | Token::Gap => {}
        }
    }
}

fn nth_placeholder_offset(pattern: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut escaped = false;
    for (i, c) in pattern.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c == '{' {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    0
}

pub(super) fn compile_sequence(
    tokens: &[Token],
    out: &mut String,
    at_start: &mut bool,
    language: &'static Language,
) {
    let mut glued = false; // the previous token ended in punctuation
    for token in tokens {
        match token {
            Token::Word(word) => {
                let starts_glued = !word.chars().next().is_some_and(char::is_alphanumeric);
                sep(out, at_start, glued || starts_glued);
                out.push_str(&literal(word));
                glued = !word.chars().last().is_some_and(char::is_alphanumeric);
            }
            Token::Placeholder(p) => {
                let def = p.def();
                let glues = def.is_some_and(|d| d.glued);
                sep(out, at_start, glued || glues);
                if *p == Placeholder::Phrase {
                    // A phrase starts where a word does: first in a pattern
                    // (`{phrase} said`) it would otherwise start inside a
                    // word, and the shortest span would be a word's last
                    // letter.
                    out.push_str(PHRASE_START);
                }
                out.push_str("(?P<value>");
                out.push_str(p.regex_in(language));
                out.push(')');
                // What may follow the value without being part of it ("Friday's").
                out.push_str(def.map_or("", |d| d.trailer));
                glued = glues;
            }
            Token::Gap => {
                out.push_str(&gap_regex(0));
                glued = false;
            }
            Token::Choice(alternatives) => {
                let optional = alternatives.iter().any(Vec::is_empty);
                let alts: Vec<String> = alternatives
                    .iter()
                    .filter(|a| !a.is_empty())
                    .map(|a| {
                        let mut s = String::new();
                        let mut start = true;
                        compile_sequence(a, &mut s, &mut start, language);
                        s
                    })
                    .collect();
                let group = format!("(?:{})", alts.join("|"));
                // An alternative may start with punctuation (`(by|, state media)`).
                let loose = glued
                    || alternatives.iter().any(|a| {
                        matches!(a.first(), Some(Token::Word(w)) if !w.chars().next().is_some_and(char::is_alphanumeric))
                    });
                let separator = if loose { SEP_OPTIONAL } else { SEP };
                match (optional, *at_start) {
                    (false, _) => {
                        sep(out, at_start, loose);
                        out.push_str(&group);
                    }
                    // An optional first token carries the separator after it.
                    (true, true) => out.push_str(&format!("(?:{group}{SEP})?")),
                    (true, false) => out.push_str(&format!("(?:{separator}{group})?")),
                }
                glued = false;
            }
        }
    }
}

/// A gap of at least `fewest` and at most [`GAP_WORDS`] words, the fewest
/// first. Punctuation may follow the word before the gap ("Youngse,"); the
/// token after it brings its own separator. The classes are written
/// case-sensitive: they match the same either way, and case folding huge
/// classes costs compile time.
pub(super) fn gap_regex(fewest: usize) -> String {
    format!(r#"(?-i:[^\w\s])*(?:{SEP}(?-i:\S)+){{{fewest},{GAP_WORDS}}}?"#)
}

/// Add the separator before a token: required white space or quote marks
/// between two words, optional where punctuation meets a word (`Youngse,`).
fn sep(out: &mut String, at_start: &mut bool, optional: bool) {
    if !*at_start {
        out.push_str(if optional { SEP_OPTIONAL } else { SEP });
    }
    *at_start = false;
}

/// A literal word: escaped, and bounded where it starts or ends with a word
/// character so `day` does not match `days`.
fn literal(word: &str) -> String {
    let mut s = String::new();
    if word.chars().next().is_some_and(char::is_alphanumeric) {
        s.push_str(r"\b");
    }
    s.push_str(&regex::escape(word));
    if word.chars().last().is_some_and(char::is_alphanumeric) {
        s.push_str(r"\b");
    }
    s
}

/// The ASCII literal words outside choices, lowercased: every match
/// contains each of them.
fn literal_words(tokens: &[Token]) -> impl Iterator<Item = String> + '_ {
    tokens.iter().filter_map(|t| match t {
        Token::Word(w) if w.is_ascii() && w.chars().any(|c| c.is_ascii_alphanumeric()) => {
            Some(w.to_ascii_lowercase())
        }
        _ => None,
    })
}

/// The longest ASCII literal word outside choices: every match contains it.
fn anchor(tokens: &[Token]) -> Option<String> {
    literal_words(tokens).max_by(|a, b| a.len().cmp(&b.len()).then_with(|| b.cmp(a)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_classes_match_alike_with_or_without_case_folding() {
        // Why the gap may write them case-sensitive, `(?-i:…)`.
        for class in [r"[^\w\s]", r"\S"] {
            let folded = regex_syntax::parse(&format!("(?i){class}")).unwrap();
            let plain = regex_syntax::parse(class).unwrap();
            assert_eq!(folded, plain, "{class}");
        }
    }

    fn value<'t>(p: &Pattern, text: &'t str) -> Option<&'t str> {
        values(p, text).into_iter().next()
    }

    /// The values of every match, in order.
    fn values<'t>(p: &Pattern, text: &'t str) -> Vec<&'t str> {
        p.matches(text)
            .into_iter()
            .filter_map(|m| text.get(m.value))
            .collect()
    }

    #[test]
    fn words_match_across_space_and_quote_marks() {
        let p = compile(
            "Kwon Youngse ... expressed {phrase} (over|during)",
            Kind::Phrase,
        )
        .unwrap();
        let ap = "South Korean Unification Minister Kwon Youngse, Seoul's point man on the North, in a news conference expressed \"strong regret\" over North Korea's";
        assert_eq!(value(&p, ap), Some("strong regret"));
        let dw = "South Korean Unification Minister Kwon Youngse expressed disappointment during a news conference on Tuesday over";
        assert_eq!(value(&p, dw), Some("disappointment"));
        assert_eq!(p.anchor.as_deref(), Some("expressed"));
    }

    #[test]
    fn a_regex_pattern_is_anchored_on_its_longest_required_literal() {
        let anchor = |re: &str| compile_regex(re).unwrap().anchor;
        assert_eq!(
            anchor(r"killed (?P<value>\d+) people"),
            Some(" people".into())
        );
        assert_eq!(
            anchor(r"(?:at least )?(?P<value>\d+) Dead"),
            Some(" dead".into())
        );
        assert_eq!(anchor(r"(?P<value>\d+) (?:dead|killed)"), None);
        assert_eq!(
            anchor(r"(?:wounded)+ (?P<value>\d+)"),
            Some("wounded".into())
        );
        assert_eq!(anchor(r"(?:wounded)? (?P<value>\d+)"), None);
        assert_eq!(anchor(r"(?i:killed) (?P<value>\d+)"), None);
        assert_eq!(anchor(r"\d+ \w+"), None);
        assert_eq!(anchor(r"Zürich (?P<value>\d+)"), None);
        // A group `value` is the value; without one, the whole match is.
        assert!(compile_regex(r"killed (?:(?P<value>\d+))+")
            .unwrap()
            .captures_value());
        assert!(!compile_regex(r"killed (?P<count>\d+)")
            .unwrap()
            .captures_value());
        assert!(compile("killed {number}", Kind::Count)
            .unwrap()
            .captures_value());
        assert!(!compile("strong regret", Kind::Phrase)
            .unwrap()
            .captures_value());
        // Its other required literals are the prefilter's other words.
        let others = |re: &str| compile_regex(re).unwrap().other_words();
        assert_eq!(others(r"Killed (?P<value>\d+) people"), ["killed "]);
        assert_eq!(
            others(r"said (?P<value>\d+) (?:dead|hurt) in (?i:Kyiv) said"),
            ["said ", " in "]
        );
        assert_eq!(
            others(r"(?P<value>\d+) Zürich people"),
            Vec::<String>::new()
        );
        assert_eq!(
            others(r"officials\s+said (?P<value>\d+)\s+dead"),
            ["said ", "dead"]
        );
        // Every match contains its anchor, whatever the case.
        let p = compile_regex(r"killed (?P<value>\d+) people").unwrap();
        let text = "They said 12 people were KILLED 14 PEOPLE and killed 3 people.";
        for m in p.matches(text) {
            let whole = text.get(m.whole).unwrap().to_ascii_lowercase();
            assert!(whole.contains(" people"), "{whole}");
        }
        assert_eq!(p.matches(text).len(), 2);
    }

    #[test]
    fn a_phrase_longer_than_its_bound_is_never_read() {
        // The unbounded regex finds the 250-character phrase first; the
        // bounded one decides, and reads the short phrase after it.
        let long = "word ".repeat(50);
        let text = format!("They said {long}today, and then said little today.");
        for pattern in ["said {phrase} today", "said {phrase}"] {
            let p = compile(pattern, Kind::Phrase).unwrap();
            let english = p.forms[0].get().unwrap();
            assert!(english.unbounded.is_some(), "{pattern}");
            let exact = p.regex().unwrap();
            let mut expected = Vec::new();
            let mut at = 0;
            while let Some(c) = exact.captures_at(&text, at) {
                let (whole, value) = (c.get(0).unwrap(), c.name("value").unwrap());
                expected.push(value.as_str().to_owned());
                at = whole.end().max(whole.start() + 1);
            }
            let found: Vec<String> = p
                .matches(&text)
                .into_iter()
                .filter_map(|m| text.get(m.value).map(str::to_owned))
                .collect();
            assert_eq!(found, expected, "{pattern}");
            assert!(found.iter().all(|v| v.chars().count() <= 202), "{found:?}");
        }
        let p = compile("said {phrase} today", Kind::Phrase).unwrap();
        let found: Vec<String> = p
            .matches(&text)
            .into_iter()
            .filter_map(|m| text.get(m.value).map(str::to_owned))
            .collect();
        assert_eq!(found, vec!["little"]);
    }

    #[test]
    fn a_phrase_is_the_shortest_span_the_pattern_allows() {
        let p = compile("(the|a) {phrase}-year-old", Kind::Phrase).unwrap();
        let text = "Police said the man, identified as a 35-year-old, fled.";
        let found = values(&p, text);
        assert_eq!(found, vec!["35"]);
        let q = compile("expressed {phrase} over", Kind::Phrase).unwrap();
        let two = "He expressed regret over it and expressed anger over that.";
        let found = values(&q, two);
        assert_eq!(found, vec!["regret", "anger"]);
        // A phrase stops at sentence punctuation.
        let r = compile("said {phrase} was over", Kind::Phrase).unwrap();
        assert!(r.matches("He said the talks; the war was over.").is_empty());
    }

    #[test]
    fn a_phrase_first_in_a_pattern_starts_at_a_word() {
        // It read the last letter of the word before "said" ("s").
        let p = compile("{phrase} said", Kind::Phrase).unwrap();
        let text = "The national seismological institute said a 6.4 quake said more.";
        assert_eq!(values(&p, text), vec!["institute", "quake"]);
        let q = compile("(the|) {phrase} said", Kind::Phrase).unwrap();
        assert_eq!(values(&q, "Then the officials said so."), vec!["officials"]);
        let r = compile("{phrase}", Kind::Phrase).unwrap();
        assert_eq!(
            values(&r, "Aftershocks rattled the valley."),
            vec!["valley"]
        );
    }

    /// A pattern that is matched split, and the same pattern matched with
    /// its whole regex.
    fn split_and_whole(source: &str, kind: Kind) -> (Pattern, Pattern) {
        let split = compile(source, kind).unwrap();
        assert!(split.split.is_some(), "{source} is matched split");
        let mut whole = split.clone();
        whole.split = None;
        (split, whole)
    }

    /// Split matching (the placeholder's shared regex between two small
    /// ones) finds what the pattern's whole regex finds.
    #[test]
    fn split_matching_agrees_with_the_whole_regex() {
        let patterns = [
            ("arrested {number} people", Kind::Count),
            ("from {number} to", Kind::Number),
            ("fired {number}", Kind::Count),
            ("{number} (missiles|rockets)", Kind::Count),
            ("Minister {name}", Kind::Name),
            ("spokesman, {name}", Kind::Name),
            ("{name} said", Kind::Name),
            ("on {weekday}", Kind::Weekday),
            ("{weekday} storm", Kind::Weekday),
            ("since {date}", Kind::Date),
            ("{quantity} of rain", Kind::Quantity),
            ("fired ... at {number} people", Kind::Count),
            ("Police ... arrested {number}", Kind::Count),
            ("talks resumed; ... on {weekday}", Kind::Weekday),
            ("It ... of {number}", Kind::Count),
            ("measured {quantity}", Kind::Quantity),
            ("at {time}", Kind::Time),
            ("the {number} of", Kind::Number),
        ];
        let texts = [
            "Police arrested 12 people and later arrested more than 300 people.",
            "Prices rose from 40 to 80 dollars, from forty to eighty, from 1,200 to 1,500.",
            "The North fired two ballistic missiles and fired nearly 70 rockets.",
            "It fired one hundred and twenty, then fired a dozen of them.",
            "Unification Minister Kwon Youngse said; the spokesman, Lee Hyo-jung, said Minister Ursula von der Leyen agreed.",
            "On Monday the talks resumed; on Friday's storm and the Friday storm.",
            "Since March 2023, since 12 May and since last week.",
            "It dropped 2.5 inches of rain, measured 40 kilometers (25 miles), 3 1/2 inches of rain.",
            "The blast came at 3:20 p.m. local time, at 0915 GMT, at noon.",
            "the three and a half of them, the dozens of people, the 5th of May",
            "arrested   12\tpeople \"arrested\" 7 people arrested people",
            // Plain beyond ASCII (no-break spaces, dashes, curly quotes).
            "Police arrested 12\u{A0}people \u{2013} fired 1\u{202F}200 missiles \u{201C}at\u{201D} 40\u{B0}C.",
            // Not plain: a letter beyond ASCII, a vulgar fraction, a long s.
            "In Zürich police arrested 12 people, fired 2½ missiles and fired twelve miſsiles.",
        ];
        for (source, kind) in patterns {
            let (split, whole) = split_and_whole(source, kind);
            for text in texts {
                assert_eq!(
                    split.matches(text),
                    whole.matches(text),
                    "`{source}` on `{text}`"
                );
            }
        }
    }

    proptest::proptest! {
        /// A gap before the placeholder: split matching reads the gap as the
        /// whole regex does (fewest words first, more at the same start
        /// when the value does not follow).
        #[test]
        fn split_matching_with_a_gap_agrees_with_the_whole_regex(
            pieces in proptest::collection::vec(proptest::sample::select(GAP_PIECES), 0..24),
            which in 0..GAP_PATTERNS.len(),
        ) {
            // Compiled once for all cases: the whole regexes are large.
            static COMPILED: std::sync::LazyLock<Vec<(Pattern, Pattern)>> =
                std::sync::LazyLock::new(|| {
                    GAP_PATTERNS
                        .iter()
                        .map(|&(source, kind)| split_and_whole(source, kind))
                        .collect()
                });
            let (split, whole) = &COMPILED[which];
            let text = pieces.concat();
            proptest::prop_assert_eq!(split.matches(&text), whole.matches(&text), "on {:?}", text);
        }
    }

    const WHOLE_PATTERNS: &[(&str, Kind)] = &[
        ("said {phrase} today", Kind::Phrase),
        ("said {phrase}", Kind::Phrase),
        ("(the|a) {phrase}-year-old", Kind::Phrase),
        ("{quote} ... told lawmakers", Kind::Quote),
        ("{quote} said", Kind::Quote),
        ("killed {number} people", Kind::Count),
    ];

    const WHOLE_PIECES: &[&str] = &[
        "said ",
        "Said ",
        "today",
        "today. ",
        "the ",
        "a ",
        "35-year-old ",
        "\"We will\" ",
        "\"",
        "told lawmakers ",
        "; ",
        "! ",
        "\n",
        "word ",
        "Zürich ",
        "\u{2013} ",
        "\u{2014}",
        "\u{A0}",
        "20\u{B0}C ",
        "\u{2026} ",
        "Kelvin ",
        "zurich ",
        "(x) ",
        ", ",
        "killed ",
        "12 people ",
        "twelve ",
    ];

    /// Where a search in `text` of `len` bytes may start near the length
    /// the short-text engine takes: a few char boundaries either side of it,
    /// and the text's start and end.
    fn starts_near_the_short_length(text: &str) -> Vec<usize> {
        let edge = text.len().saturating_sub(SHORT_HAYSTACK);
        let mut starts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .filter(|&i| i + 8 >= edge && i <= edge + 8)
            .collect();
        starts.extend([0, text.len()]);
        starts
    }

    proptest::proptest! {
        /// A whole regex searched as one: the engine for short texts finds
        /// what the general regex finds, on either side of the length that
        /// chooses between them.
        #[test]
        fn the_short_text_engine_finds_what_the_general_regex_finds(
            pieces in proptest::collection::vec(proptest::sample::select(WHOLE_PIECES), 0..40),
            repeat in 1usize..80,
            which in 0..WHOLE_PATTERNS.len(),
        ) {
            static COMPILED: std::sync::LazyLock<Vec<Pattern>> = std::sync::LazyLock::new(|| {
                WHOLE_PATTERNS
                    .iter()
                    .map(|&(source, kind)| {
                        let mut p = compile(source, kind).unwrap();
                        p.split = None;
                        p
                    })
                    .collect()
            });
            let pattern = &COMPILED[which];
            let form = pattern.forms[0].get().unwrap();
            let text = pieces.concat().repeat(repeat);
            for whole in std::iter::once(&form.regex).chain(&form.unbounded) {
                let general = whole.general.get().unwrap();
                for at in starts_near_the_short_length(&text) {
                    let expected = general.captures_at(&text, at).map(|c| {
                        (c.get(0).unwrap().range(), c.name("value").map(|v| v.range()))
                    });
                    let found = whole
                        .captures_at(&text, at, crate::text::plain::is_plain(&text))
                        .unwrap()
                        .map(|f| (f.whole, f.value));
                    proptest::prop_assert_eq!(found, expected, "at {} of {:?}", at, text);
                }
            }
        }
    }

    /// Regexes with what the plain form changes: case-folded letters that
    /// have non-ASCII folds (`k`, `s`), Unicode classes and word boundaries,
    /// non-ASCII alternatives and a capture inside one, a literal of plain
    /// punctuation and negated classes that take it.
    const PLAIN_REGEXES: &[&str] = &[
        r"(?i)\b(?P<value>[^,\n]+?)\s+\x{2013}\s+(?:said|told)\b",
        r"(?i)(?P<value>[^\w\s]+)\s*\bword\b",
        r"(?i)\bsaid\b\s+(?P<value>\w[^\n;!?]*?\w)\s+today\b",
        r"(?i)(?P<value>\w+) (?:said|told)\b",
        r"(?i)(?:z\x{FC}rich(?P<value>x)|zurich|(?P<other>kelvin\w*))",
        r"(?i)\b{start-half}(?P<value>[^\n.;:!?]+?) said",
        r"(?-i)[A-Z]\w+ (?P<value>\d+)\b",
        r"(?i)\B\w\W",
    ];

    proptest::proptest! {
        /// On a plain text, the plain form of a regex finds the matches and
        /// captures the regex finds, from every start.
        #[test]
        fn the_plain_form_finds_what_the_regex_finds_in_plain_text(
            pieces in proptest::collection::vec(proptest::sample::select(WHOLE_PIECES), 0..12),
            which in 0..PLAIN_REGEXES.len() + WHOLE_PATTERNS.len(),
        ) {
            static BUILT: std::sync::LazyLock<Vec<(Regex, Vec<meta::Regex>)>> =
                std::sync::LazyLock::new(|| {
                    let patterns = WHOLE_PATTERNS.iter().map(|&(source, kind)| {
                        let p = compile(source, kind).unwrap();
                        p.forms[0].get().unwrap().regex.text().to_owned()
                    });
                    PLAIN_REGEXES
                        .iter()
                        .map(|&r| r.to_owned())
                        .chain(patterns)
                        .map(|r| {
                            // The form for any length, and the one for short
                            // texts where the regex has one.
                            let forms = [build_plain(&r), build_plain_short(&r)]
                                .into_iter()
                                .filter_map(|built| built.unwrap())
                                .collect();
                            (build(&r).unwrap(), forms)
                        })
                        .collect()
                });
            let (general, forms) = &BUILT[which];
            let text: String = pieces
                .concat()
                .chars()
                .filter(|&c| crate::text::plain::is_plain_char(c))
                .collect();
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let expected = general.captures_at(&text, at).map(|c| {
                    (c.get(0).unwrap().range(), c.name("value").map(|v| v.range()))
                });
                for plain in forms {
                    let mut caps = plain.create_captures();
                    plain.search_captures(&Input::new(&text).range(at..), &mut caps);
                    let found = caps.get_group(0).map(|m| {
                        (m.range(), caps.get_group_by_name("value").map(|v| v.range()))
                    });
                    proptest::prop_assert_eq!(&found, &expected, "at {} of {:?}", at, text);
                }
            }
        }
    }

    #[test]
    fn a_gap_is_read_longer_when_the_value_does_not_follow_fewer_words() {
        let p = compile("fired ... at {number} people", Kind::Count).unwrap();
        assert!(p.split.is_some());
        let text = "They fired at will, then at 12 people, then at 7 people.";
        let found = values(&p, text);
        assert_eq!(found, vec!["12"]);
        // A word glued to a quote mark is one gap word or two, and the
        // longer first word is read first (found by the property test below).
        let text = "fired fired\"at 12 people. at ";
        let whole = p.matches(text);
        assert_eq!(whole.first().map(|m| m.whole.clone()), Some(0..24));
        // Up to GAP_WORDS words, split as whole, the gap in the middle or last.
        for (source, after) in [
            ("fired ... at {number} people", " at"),
            ("fired ... {number} people", ""),
        ] {
            let q = compile(source, Kind::Count).unwrap();
            assert!(q.split.is_some(), "{source}");
            let words = |n: usize| format!("fired {}{after} 12 people", "w ".repeat(n).trim_end());
            assert_eq!(value(&q, &words(GAP_WORDS)), Some("12"), "{source}");
            assert_eq!(value(&q, &words(GAP_WORDS + 1)), None, "{source}");
        }
    }

    /// A run of thousands of quote marks has too many gap readings to try
    /// one by one: the whole regex reads on from there, with the same result.
    #[test]
    fn a_gap_over_thousands_of_quote_marks_is_read_by_the_whole_regex() {
        for (source, kind) in [
            ("fired ... at {number} people", Kind::Count),
            ("fired ... {number} people", Kind::Count),
        ] {
            let (split, whole) = split_and_whole(source, kind);
            let quotes = "'\"x".repeat(4_000);
            // The value does not follow the quote marks: every reading is tried.
            let far = " w".repeat(GAP_WORDS);
            let text =
                format!("fired at 3 people. fired {quotes} at some people{far}. fired at 7 people");
            let found = split.matches(&text);
            assert_eq!(found, whole.matches(&text), "{source}");
            let values: Vec<&str> = found.iter().map(|m| &text[m.value.clone()]).collect();
            assert_eq!(values.last(), Some(&"7"), "{source}");
            assert_eq!(values.first(), Some(&"3"), "{source}");
            assert!(split.split.as_ref().unwrap().gives_up_on(&text));
        }
    }

    const GAP_PATTERNS: &[(&str, Kind)] = &[
        ("fired ... {number} people", Kind::Count),
        ("fired ... {number}", Kind::Count),
        ("fired, ... {weekday} at", Kind::Weekday),
        ("fired ... at {number} people", Kind::Count),
        ("fired ... at {number}", Kind::Count),
        ("fired, ... at least {number} missiles", Kind::Count),
        ("fired ... on {weekday} at", Kind::Weekday),
    ];

    const GAP_PIECES: &[&str] = &[
        "fired ",
        "Fired, ",
        "fired,",
        "fired.",
        "(at) ",
        "at-",
        "at, ",
        "12. ",
        ",",
        "  ",
        "\n",
        "at ",
        "at least ",
        "12 ",
        "twelve ",
        "people ",
        "missiles ",
        "Monday ",
        "on ",
        "\"quoted\" ",
        "'x' ",
        "a ",
        "b, ",
        "— ",
        "at12 ",
        "5, ",
        "and ",
        "people. ",
        "\u{201C}curly\u{201D} ",
        "fired\"",
        "3 1/2 ",
        "about 30 ",
        // Quote marks inside and around words: a gap word or two.
        "company's ",
        "'s ",
        "at\" ",
        "\"at ",
        "at'",
        "'12 ",
        "\"",
        "'",
        "x\"y ",
        "'at' ",
        "fired'",
        // Plain text beyond ASCII, and text that is not plain.
        "twelve\u{A0}",
        "1\u{202F}200 ",
        "Zürich ",
        "½ ",
        "miſsiles ",
        "FIRED ",
        "\"12\" ",
        "people\"",
        "x\"at'",
        "at'at ",
        "\"at\"at ",
        "12'at ",
    ];

    #[test]
    fn only_a_regex_with_a_fast_prefix_prefilter_searches_short_texts_without_dfas() {
        // Matches that start with words have a prefilter to skip ahead on;
        // matches that start with a class would make the PikeVM read every
        // byte, so those keep the general regex.
        for (source, kind, short) in [
            ("said {phrase} today", Kind::Phrase, true),
            ("killed {number} people", Kind::Count, true),
            ("{phrase} said", Kind::Phrase, false),
            // A quotation starts with a quote mark.
            ("{quote} said", Kind::Quote, true),
        ] {
            let mut p = compile(source, kind).unwrap();
            p.split = None;
            let whole = &p.forms[0].get().unwrap().regex;
            assert_eq!(whole.short.get().unwrap().is_some(), short, "{source}");
        }
        let digits = compile_regex(r"(?P<value>\d+) dead").unwrap();
        let whole = &digits.forms[0].get().unwrap().regex;
        assert!(whole.short.get().unwrap().is_none());
        let text = "Officials said 12 dead and 3 missing.";
        assert_eq!(value(&digits, text), Some("12"));
    }

    /// The smallest size limit under which `pattern`'s automata build.
    fn automata_size(pattern: &str) -> usize {
        let (mut low, mut high) = (0, REGEX_SIZE_LIMIT);
        assert!(automata_within(pattern, high), "{pattern}");
        while low < high {
            let mid = low + (high - low) / 2;
            if automata_within(pattern, mid) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        low
    }

    #[test]
    fn the_phrase_adds_at_most_its_size_to_the_automata_of_the_words_around_it() {
        // In the middle of a pattern and at its end (the other fragment),
        // with few words around it and with many.
        for source in [
            "expects the cuts to {phrase} a year",
            "the minister said {phrase}",
            "told reporters (that|how|why) the (government|cabinet) ... {phrase} on Monday",
        ] {
            let p = compile(source, Kind::Phrase).unwrap();
            let form = p.forms[0].get().unwrap();
            let rest = without_phrase(form.regex.text()).unwrap();
            let (bounded, unbounded) = (form.regex.text(), form.unbounded.as_ref().unwrap().text());
            let words = automata_size(&rest);
            assert!(automata_within(bounded, words + PHRASE_SIZE), "{source}");
            assert!(automata_within(unbounded, words + PHRASE_SIZE), "{source}");
            // Not by far: the size is what the fragment adds, not a guess.
            assert!(
                !automata_within(bounded, words + PHRASE_SIZE / 4),
                "{source}"
            );
        }
    }

    #[test]
    fn lint_knows_the_bounded_phrase_regex_builds_without_building_it() {
        let p = compile("expects the cuts to {phrase} a year", Kind::Phrase).unwrap();
        assert!(p.build().is_ok());
        let form = p.forms[0].get().unwrap();
        assert!(!form.regex.general.is_built());
        assert_eq!(form.regex.general.is_shown(), Some(true));
        // Automata over the size limit are found so.
        assert!(!automata_within(r"(?:\w{1000}){1000}", REGEX_SIZE_LIMIT));
        assert!(automata_within(r"\w+", REGEX_SIZE_LIMIT));
    }

    #[test]
    fn a_form_for_plain_text_that_cannot_be_built_is_reported() {
        // Over the size limit in every form; only plain text is searched,
        // so only the plain forms are built.
        let whole = Whole::new(Lazy::new(r"(?:\w{1000}){1000}".to_owned(), build));
        assert!(whole.captures_at("plain ASCII", 0, true).is_err());
        assert!(!whole.general.is_built());
        assert!(whole
            .failed()
            .is_some_and(|why| why.contains("too complex")));
    }

    #[test]
    fn a_short_plain_text_builds_only_the_plain_regex_without_dfas() {
        // The regex with every engine cost as much to build again, and a
        // short plain text never needs it when the one without DFAs exists.
        let mut p = compile("killed {number} people", Kind::Count).unwrap();
        p.split = None;
        let whole = &p.forms[0].get().unwrap().regex;
        assert_eq!(value(&p, "It killed 30 people."), Some("30"));
        assert!(whole.plain_short.is_built());
        assert!(!whole.plain.is_built() && !whole.general.is_built() && !whole.short.is_built());
        // A text longer than a short one takes the regex with every engine.
        let long = format!(
            "{} It killed 31 people.",
            "Word ".repeat(SHORT_HAYSTACK / 4)
        );
        assert_eq!(value(&p, &long), Some("31"));
        assert!(whole.plain.is_built());
    }

    #[test]
    fn patterns_are_built_on_first_use() {
        let p = compile("fired {number} missiles", Kind::Count).unwrap();
        let whole = &p.forms[0].get().unwrap().regex;
        assert!(!whole.general.is_built() && !whole.short.is_built());
        assert_eq!(value(&p, "It fired 30 missiles."), Some("30"));
        assert!(p.build().is_ok());
        assert!(p.failed().is_none());
    }

    #[test]
    fn a_possessive_day_is_read_without_its_s() {
        let p = compile("{weekday} storm", Kind::Weekday).unwrap();
        assert_eq!(value(&p, "Friday's storm flooded"), Some("Friday"));
        assert_eq!(value(&p, "the Friday storm"), Some("Friday"));
    }

    #[test]
    fn words_match_whole_and_case_insensitively() {
        let p = compile("for the {ordinal} consecutive day", Kind::Count).unwrap();
        assert_eq!(value(&p, "FOR THE fifth Consecutive day."), Some("fifth"));
        assert_eq!(value(&p, "for the fifth consecutive days"), None);
    }

    #[test]
    fn optional_choice_at_start_and_middle() {
        let p = compile("(the|) North (Korean|) leader", Kind::Phrase).unwrap();
        assert!(p.regex().unwrap().is_match("the North leader"));
        assert!(p.regex().unwrap().is_match("North Korean leader"));
        assert!(!p.regex().unwrap().is_match("NorthKorean leader"));
    }

    #[test]
    fn gap_is_bounded() {
        let p = compile("alpha ... omega", Kind::Phrase).unwrap();
        let near = format!("alpha {} omega", "w ".repeat(GAP_WORDS).trim_end());
        assert!(p.regex().unwrap().is_match(&near));
        let far = format!("alpha {} omega", "w ".repeat(GAP_WORDS + 1).trim_end());
        assert!(!p.regex().unwrap().is_match(&far));
    }

    #[test]
    fn placeholder_must_fit_the_kind() {
        let err = compile("Minister {name} said", Kind::Count).unwrap_err();
        assert_eq!(err.offset, 9);
        assert!(
            err.message.contains("does not fit a slot of kind `count`"),
            "{}",
            err.message
        );
        assert!(err.help.unwrap().contains("{number}"));
    }

    #[test]
    fn one_placeholder_only() {
        let err = compile("{name} said {number}", Kind::Name).unwrap_err();
        assert_eq!(err.offset, 12);
        assert!(err.message.contains("more than one placeholder"));
    }

    #[test]
    fn gap_at_the_edge_is_an_error() {
        assert!(compile("... said", Kind::Phrase)
            .unwrap_err()
            .message
            .contains("start or end"));
    }

    #[test]
    fn no_placeholder_takes_the_whole_match() {
        let p = compile("strong regret", Kind::Phrase).unwrap();
        assert_eq!(
            value(&p, "expressed \"strong regret\""),
            Some("strong regret")
        );
    }

    #[test]
    fn punctuation_attaches_without_space() {
        let p = compile("frantic {phrase} (by|, state media)", Kind::Phrase).unwrap();
        let ap =
            "in the face of his rivals' \"frantic\" military exercises, state media said Tuesday";
        assert_eq!(value(&p, ap), Some("military exercises"));
        let dw = "in response to what it called \"frantic\" aggression by the United States";
        assert_eq!(value(&p, dw), Some("aggression"));
        let p = compile("Youngse, Seoul's", Kind::Phrase).unwrap();
        assert!(p
            .regex()
            .unwrap()
            .is_match("Kwon Youngse, Seoul's point man"));
    }

    #[test]
    fn a_trailing_phrase_runs_to_the_end_of_the_clause() {
        let p = compile("Kwon Youngse ... expressed {phrase}", Kind::Phrase).unwrap();
        let dw = "Kwon Youngse expressed disappointment during a news conference; he left.";
        assert_eq!(
            value(&p, dw),
            Some("disappointment during a news conference")
        );
    }

    #[test]
    fn quote_placeholder_takes_the_words_inside_the_marks() {
        let p = compile("North Korea's {quote}", Kind::Phrase).unwrap();
        let ap = "over North Korea's \"unilateral and irresponsible attitude \"over the lines";
        assert_eq!(
            value(&p, ap),
            Some("\"unilateral and irresponsible attitude \"")
        );
    }

    #[test]
    fn parts_are_runs_of_tokens_longest_first() {
        let (texts, parts) = parts("Unification Minister ... {name} (said|told)").unwrap();
        assert_eq!(
            texts,
            vec!["Unification", "Minister", "...", "{name}", "(said|told)"]
        );
        assert_eq!((parts[0].start, parts[0].end), (0, 5));
        // No run starts or ends with the gap, and every run has a literal.
        assert!(parts
            .iter()
            .all(|p| texts[p.start] != "..." && texts[p.end - 1] != "..."));
        assert!(!parts.iter().any(|p| (p.start, p.end) == (3, 4)));
        let minister = parts.iter().find(|p| (p.start, p.end) == (1, 2)).unwrap();
        assert!(minister.regex.is_match("the minister Kwon"));
    }

    #[test]
    fn regex_escape_hatch() {
        let p = compile_regex(r"(?P<value>\d+) missiles").unwrap();
        assert_eq!(value(&p, "fired 30 Missiles"), Some("30"));
        let err = compile_regex(r"(?P<value>\d+ missiles").unwrap_err();
        assert!(err.message.starts_with("invalid regex"), "{}", err.message);
        assert_eq!(err.offset, 0);
        let err = compile_regex(r"ab[z-a]").unwrap_err();
        assert_eq!(err.offset, 3, "{}", err.message);
    }
}
