//! Boilerplate: the page furniture that scraped news pages carry (navigation,
//! comment forms, advertising, social prompts, image credits, author credits).
//!
//! Boilerplate lines are kept in the normalized text (so offsets stay simple) but are
//! excluded from sentences and paragraphs, so they never yield a value. Detection is
//! line based: every pattern must match a WHOLE trimmed, normalized line (so curly
//! apostrophes are already `'`), case-insensitively. Two context rules catch what a
//! single line cannot show: the title line above an image caption, and the related-
//! content teasers after an author-initials credit.

use regex::Regex;
use regex_automata::meta;
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_syntax::hir::{Dot, Hir, HirKind, Look, Repetition};
use std::sync::{LazyLock, OnceLock};

use crate::lang::{Language, PerLanguage};
use crate::text::anchored::{AnchoredRegex, AnchoredSet, EndAnchored};

// The built-in patterns are data: each language table's `boilerplate` (page
// furniture) and `captions` (image captions that END in a credit: "…Image:
// KCNA/AFP", "… (AP Photo/Ahn Young-joon)"; the credit after "Image:" may not
// end in sentence punctuation, which keeps "He showed a photo: it was fake."
// out), src/lang/. Each is a regex for a whole trimmed line (anchors and
// case-insensitivity are added when compiling), and each may be preceded by a
// list number or bullet ("1. Skip to content").

/// Author-initials credit closing a DW-style article: "ss/jsi (AFP, dpa, Reuters,
/// AP)". Case-sensitive (initials are lower case) so that menu items like
/// "TV/Radio" do not end an article.
const CREDIT: &str = r"^\p{Ll}{1,4}(?:/\p{Ll}{1,4})+(?:\s?\([^()]{1,80}\))?$";

/// Whole-line regexes matched in two steps. Their relaxed forms, with every
/// bounded repetition made unbounded (`[\p{L}' -]{1,40}` becomes
/// `[\p{L}' -]+`), accept a superset of lines and compile in a fraction of
/// the time (forty copies of a Unicode class made up most of the exact
/// automaton, about 40 ms per process): one automaton of all relaxed forms
/// decides nearly every line. A line it accepts is confirmed by the exact
/// form of each alternative that accepted it, built the first time it is
/// needed, on its own.
///
/// An alternative that may start anywhere in the line (`.*…`, as image
/// captions do) would make that automaton read every line to its end; it
/// gets a relaxed regex of its own instead, anchored at the line's end only,
/// which a search from the end decides in a few bytes for most lines.
struct LineRegex {
    /// The alternatives anchored at the line's start, relaxed, in one
    /// automaton (`None` when there are none).
    anchored: Option<Box<AnchoredSet>>,
    /// Their exact forms, by pattern id.
    anchored_exact: Vec<Exact>,
    /// The alternatives that may start anywhere: relaxed, and exact.
    floating: Vec<(Floating, Exact)>,
    /// All the relaxed floating alternatives in one regex, when there are
    /// several: most lines match none, and one search tells.
    floating_any: Option<Box<EndAnchored>>,
    /// Bytes of which a line the floating alternatives accept holds at
    /// least one (`None` when they do not tell).
    floating_needs: Option<Needs>,
}

/// One to three bytes, one of which every line some regexes accept holds:
/// one byte every match of each regex contains (a `:` after "Image", the
/// `(` of a credit). A `memchr` of the line rules out most lines at once,
/// where a search from the line's end would read a line that ends in a
/// letter (hard-wrapped copy) to its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    One(u8),
    Two(u8, u8),
    Three(u8, u8, u8),
}

impl Needs {
    /// From each regex, a byte of its required literals (punctuation
    /// first: rarer in prose than letters); `None` when some regex has none
    /// or more than three bytes are needed.
    fn of(hirs: &[Hir]) -> Option<Needs> {
        let mut bytes: Vec<u8> = Vec::new();
        for hir in hirs {
            let literals = crate::text::hir::required_literals(hir);
            let all = literals.iter().flat_map(|l| l.bytes());
            let byte = all
                .clone()
                .find(|b| b.is_ascii_punctuation())
                .or_else(|| all.clone().next())?;
            if !bytes.contains(&byte) {
                bytes.push(byte);
            }
        }
        match *bytes.as_slice() {
            [a] => Some(Needs::One(a)),
            [a, b] => Some(Needs::Two(a, b)),
            [a, b, c] => Some(Needs::Three(a, b, c)),
            _ => None,
        }
    }

    /// `needs` as a table's plan writes it (see [`PREBUILT`]).
    #[cfg(test)]
    fn to_plan(needs: Option<Needs>) -> Vec<u8> {
        match needs {
            None => vec![NO_NEEDS],
            Some(Needs::One(a)) => vec![1, a],
            Some(Needs::Two(a, b)) => vec![2, a, b],
            Some(Needs::Three(a, b, c)) => vec![3, a, b, c],
        }
    }

    /// What [`Needs::to_plan`] wrote; `None` for bytes it does not write.
    fn from_plan(bytes: &[u8]) -> Option<Option<Needs>> {
        Some(match *bytes {
            [NO_NEEDS] => None,
            [1, a] => Some(Needs::One(a)),
            [2, a, b] => Some(Needs::Two(a, b)),
            [3, a, b, c] => Some(Needs::Three(a, b, c)),
            _ => return None,
        })
    }

    /// Whether `line` holds one of the bytes.
    fn held_by(self, line: &str) -> bool {
        let line = line.as_bytes();
        match self {
            Needs::One(a) => memchr::memchr(a, line).is_some(),
            Needs::Two(a, b) => memchr::memchr2(a, b, line).is_some(),
            Needs::Three(a, b, c) => memchr::memchr3(a, b, c, line).is_some(),
        }
    }
}

/// An alternative's exact form, built on first need; `None` when relaxing
/// changed nothing. It starts at the line's start (`^`), so it is searched
/// from there only, with a forward automaton: the general engine would also
/// build a reversed one and other engines, twice the cost for a regex that
/// only confirms the few lines its relaxed form accepts.
type Exact = Option<(ExactForm, OnceLock<Option<AnchoredRegex>>)>;

/// Where an exact form's automaton comes from.
enum ExactForm {
    /// Compiled from its parsed regex.
    Parsed(Hir),
    /// Read from [`PREBUILT`], under this key and fingerprint.
    Prebuilt(String, [u8; 16]),
}

/// A floating alternative's relaxed form (`REST$`, see [`floating_form`]),
/// searched from the line's end; where its DFA gives up, the general regex,
/// built from the line's regex on first need.
struct Floating {
    end: Box<EndAnchored>,
    line: String,
    general: OnceLock<Option<meta::Regex>>,
}

impl Floating {
    fn new(end: EndAnchored, line: &str) -> Self {
        Floating {
            end: Box::new(end),
            line: line.to_owned(),
            general: OnceLock::new(),
        }
    }

    fn is_match(&self, line: &str) -> bool {
        self.end.is_match(line).unwrap_or_else(|| {
            self.general
                .get_or_init(|| {
                    let parsed = parse_lines(std::slice::from_ref(&self.line))?;
                    let Some(Parsed::Floating { relaxed, .. }) = parsed.first() else {
                        return None;
                    };
                    meta::Regex::builder().build_from_hir(relaxed).ok()
                })
                .as_ref()
                .is_some_and(|re| re.is_match(line))
        })
    }
}

/// The automaton of the relaxed forms of alternatives that start at the
/// line's start, one pattern each, as [`AnchoredSet`] searches it.
fn relaxed_set_nfa(relaxed: &[Hir]) -> Option<NFA> {
    NFA::compiler()
        .configure(thompson::Config::new().which_captures(WhichCaptures::Implicit))
        .build_many_from_hir(relaxed)
        .ok()
}

/// The reversed automaton of floating alternatives' relaxed forms, one
/// pattern each, as [`EndAnchored`] searches it.
fn floating_nfa(relaxed: &[Hir]) -> Option<NFA> {
    NFA::compiler()
        .configure(
            thompson::Config::new()
                .reverse(true)
                .which_captures(WhichCaptures::None),
        )
        .build_many_from_hir(relaxed)
        .ok()
}

/// The built-in lines' automata, compiled ahead: for each language's lists
/// of whole-line regexes (its `boilerplate` and its `captions`), keyed by
/// the list's fingerprint, which alternatives start at the line's start
/// and which may start anywhere, and the bytes the latter need
/// (`{hex}/plan`), the automaton of the former's relaxed forms
/// (`{hex}/relaxed`), each of the latter's relaxed form reversed
/// (`{hex}/floating/{k}`) and all of them in one (`{hex}/floating-any`),
/// and, keyed by its own line, the exact form of each line that needs
/// confirming (`{line hex}/exact`). Parsing a language's thirty lines and
/// compiling their relaxed forms was a third of a one-file check's
/// instructions; a list not found here (changed since the table was
/// written, which a unit test tells) is compiled as before.
static PREBUILT: &[u8] = include_bytes!("boilerplate.nfa");

/// How the automata in [`PREBUILT`] were compiled, besides their regexes'
/// text (part of the fingerprint).
const PREBUILT_SETTINGS: &str = "relaxed set: implicit groups, forward; floating: no groups, \
     reverse; exact: AnchoredRegex, EXACT_SIZE_LIMIT; plan: kinds, needs";

/// A plan's byte for an alternative that starts at the line's start.
const ANCHORED: u8 = 0;
/// A plan's byte for an alternative that may start anywhere.
const FLOATING: u8 = 1;
/// A plan's needs when the floating alternatives' bytes do not tell.
const NO_NEEDS: u8 = 0xFF;

/// The fingerprint of a list of whole-line regexes, and the key prefix of
/// its automata in [`PREBUILT`].
fn prebuilt_print(lines: &[String]) -> ([u8; 16], String) {
    let print = crate::text::nfa_table::fingerprint(&lines.join("\n"), PREBUILT_SETTINGS);
    let hex: String = print.iter().map(|b| format!("{b:02x}")).collect();
    (print, hex)
}

/// Larger than any built-in exact form needs.
const EXACT_SIZE_LIMIT: usize = 1 << 24;

fn confirmed(exact: &Exact, line: &str) -> bool {
    match exact {
        Some((form, cell)) => cell
            .get_or_init(|| match form {
                ExactForm::Parsed(hir) => AnchoredRegex::from_hir(hir, EXACT_SIZE_LIMIT).ok(),
                ExactForm::Prebuilt(key, print) => {
                    crate::text::nfa_table::lookup(PREBUILT, key, *print)
                        .and_then(|nfa| AnchoredRegex::from_nfa(nfa).ok())
                }
            })
            .as_ref()
            .is_some_and(|re| re.end_at(line, 0).is_some()),
        None => true,
    }
}

impl LineRegex {
    /// `alternatives`, each a whole line as `whole_line` writes it.
    fn new(alternatives: &[String], whole_line: impl Fn(&str) -> String) -> Option<LineRegex> {
        let lines: Vec<String> = alternatives.iter().map(|a| whole_line(a)).collect();
        LineRegex::prebuilt(&lines).or_else(|| LineRegex::compiled(&lines))
    }

    /// The line regex of `lines`, whole-line regexes, parsed and compiled.
    fn compiled(lines: &[String]) -> Option<LineRegex> {
        let parsed = parse_lines(lines)?;
        let floating_needs = needs_of(&parsed);
        let mut anchored = Vec::new();
        let mut anchored_exact = Vec::new();
        let mut floating = Vec::new();
        let mut floating_relaxed = Vec::new();
        for (line, parsed) in lines.iter().zip(parsed) {
            match parsed {
                Parsed::Floating { exact, relaxed, .. } => {
                    let nfa = floating_nfa(std::slice::from_ref(&relaxed))?;
                    floating_relaxed.push(relaxed);
                    floating.push((
                        Floating::new(EndAnchored::from_reverse_nfa(nfa).ok()?, line),
                        Some((ExactForm::Parsed(exact), OnceLock::new())),
                    ));
                }
                Parsed::Anchored { exact, relaxed } => {
                    anchored_exact
                        .push(exact.map(|exact| (ExactForm::Parsed(exact), OnceLock::new())));
                    anchored.push(relaxed);
                }
            }
        }
        let anchored = if anchored.is_empty() {
            None
        } else {
            let set = AnchoredSet::from_nfa(relaxed_set_nfa(&anchored)?).ok()?;
            Some(Box::new(set))
        };
        let floating_any = if floating_relaxed.len() > 1 {
            let any = EndAnchored::from_reverse_nfa(floating_nfa(&floating_relaxed)?).ok()?;
            Some(Box::new(any))
        } else {
            None
        };
        Some(LineRegex {
            anchored,
            anchored_exact,
            floating_needs,
            floating,
            floating_any,
        })
    }

    /// The line regex of `lines`, whole-line regexes, read from
    /// [`PREBUILT`], if it holds them.
    fn prebuilt(lines: &[String]) -> Option<LineRegex> {
        use crate::text::nfa_table::{lookup, lookup_bytes};
        let (print, hex) = prebuilt_print(lines);
        let plan = lookup_bytes(PREBUILT, &format!("{hex}/plan"), print)?;
        let (kinds, needs) = plan.split_at_checked(lines.len())?;
        let floating_needs = Needs::from_plan(needs)?;
        let mut anchored_exact = Vec::new();
        let mut floating = Vec::new();
        for (line, &kind) in lines.iter().zip(kinds) {
            // An exact form is keyed by its own line: languages share them.
            let (line_print, line_hex) = prebuilt_print(std::slice::from_ref(line));
            let key = format!("{line_hex}/exact");
            let exact = crate::text::nfa_table::holds(PREBUILT, &key, line_print)
                .then(|| (ExactForm::Prebuilt(key, line_print), OnceLock::new()));
            match kind {
                ANCHORED => anchored_exact.push(exact),
                FLOATING => {
                    let key = format!("{hex}/floating/{}", floating.len());
                    let end = EndAnchored::from_reverse_nfa(lookup(PREBUILT, &key, print)?).ok()?;
                    let relaxed = Floating::new(end, line);
                    // A floating alternative is always confirmed.
                    floating.push((relaxed, Some(exact?)));
                }
                _ => return None,
            }
        }
        let anchored = if anchored_exact.is_empty() {
            None
        } else {
            let set = lookup(PREBUILT, &format!("{hex}/relaxed"), print)?;
            Some(Box::new(AnchoredSet::from_nfa(set).ok()?))
        };
        let floating_any = if floating.len() > 1 {
            let any = lookup(PREBUILT, &format!("{hex}/floating-any"), print)?;
            Some(Box::new(EndAnchored::from_reverse_nfa(any).ok()?))
        } else {
            None
        };
        Some(LineRegex {
            anchored,
            anchored_exact,
            floating_needs,
            floating,
            floating_any,
        })
    }

    fn is_match(&self, line: &str) -> bool {
        // Most lines match no alternative: only a line that matches one
        // needs to know which.
        if let Some(anchored) = self.anchored.as_ref().filter(|re| re.is_match(line)) {
            let accepted = anchored.which(line);
            if accepted.iter().any(|id| {
                self.anchored_exact
                    .get(id.as_usize())
                    .is_some_and(|exact| confirmed(exact, line))
            }) {
                return true;
            }
        }
        self.floating_needs.is_none_or(|needs| needs.held_by(line))
            && self
                .floating_any
                .as_ref()
                // Where its DFA gives up, each alternative decides.
                .is_none_or(|any| any.is_match(line).unwrap_or(true))
            && self
                .floating
                .iter()
                .any(|(relaxed, exact)| relaxed.is_match(line) && confirmed(exact, line))
    }
}

/// A whole-line regex, parsed and sorted for its automata (what the table
/// of prebuilt automata is written from, and a list not in it compiled
/// from).
enum Parsed {
    /// One that starts at the line's start: its relaxed form, and its exact
    /// form when that differs (a line the relaxed form accepts is confirmed
    /// by it).
    Anchored { relaxed: Hir, exact: Option<Hir> },
    /// One that may start anywhere in the line: its `REST$` (see
    /// [`floating_form`]), that relaxed, and its exact form, which the tail
    /// never is, so that it always confirms.
    Floating { tail: Hir, relaxed: Hir, exact: Hir },
}

/// The bytes the floating alternatives among `parsed` need (see [`Needs`]).
fn needs_of(parsed: &[Parsed]) -> Option<Needs> {
    let tails: Vec<Hir> = parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Floating { tail, .. } => Some(tail.clone()),
            Parsed::Anchored { .. } => None,
        })
        .collect();
    Needs::of(&tails)
}

/// Each whole-line regex of `lines`, parsed; `None` if one does not parse.
fn parse_lines(lines: &[String]) -> Option<Vec<Parsed>> {
    lines
        .iter()
        .map(|line| {
            let exact = regex_syntax::ParserBuilder::new()
                .build()
                .parse(line)
                .ok()?;
            Some(match floating_form(&exact) {
                Some(tail) => Parsed::Floating {
                    relaxed: relax(&tail),
                    tail,
                    exact,
                },
                None => {
                    let relaxed = relax(&exact);
                    let exact = (relaxed != exact).then_some(exact);
                    Parsed::Anchored { relaxed, exact }
                }
            })
        })
        .collect()
}

/// For a whole-line regex `^(optional prefix)?.*REST$`, whose `.*` lets it
/// start anywhere in a line (a line holds no line break): `REST$`, which
/// accepts the same lines. `None` for any other shape.
fn floating_form(hir: &Hir) -> Option<Hir> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let dot_star = |h: &Hir| {
        matches!(h.kind(), HirKind::Repetition(r)
            if r.min == 0 && r.max.is_none() && *r.sub == Hir::dot(Dot::AnyCharExceptLF))
    };
    let start = parts.iter().position(dot_star)?;
    // Before the `.*`: only the start of the line and the optional prefix
    // (which `.*` can read as well).
    let before_ok = parts.get(..start)?.iter().all(|h| {
        matches!(h.kind(), HirKind::Look(Look::Start))
            || matches!(h.kind(), HirKind::Repetition(r) if r.min == 0)
    });
    if !before_ok
        || !parts
            .first()
            .is_some_and(|h| matches!(h.kind(), HirKind::Look(Look::Start)))
    {
        return None;
    }
    Some(Hir::concat(parts.get(start + 1..)?.to_vec()))
}

/// `hir` with every repetition that has an upper bound above one unbounded.
fn relax(hir: &Hir) -> Hir {
    crate::text::hir::rewrite(hir, &|node| match node.kind() {
        HirKind::Repetition(rep) if rep.max.is_some_and(|max| max > 1) => {
            Hir::repetition(Repetition {
                max: None,
                ..rep.clone()
            })
        }
        _ => node,
    })
}

/// Each alternative as a whole trimmed line, case-insensitive, optionally
/// after a list number or bullet.
fn compile(alternatives: &[String]) -> Option<LineRegex> {
    LineRegex::new(alternatives, whole_line)
}

/// The regex of a built-in alternative as a whole line (see [`compile`]).
fn whole_line(alternative: &str) -> String {
    format!(r"(?i)^(?:(?:\d{{1,3}}[.)]|[-*•·])\s*)?(?:{alternative})$")
}

// `None` only if a built-in pattern were invalid, which a unit test rules out.
// Per language: English's patterns and the language's own (src/lang/).
static BUILTIN_RE: PerLanguage<Option<LineRegex>> =
    PerLanguage::new(|language| compile(&language.boilerplate()));
static CAPTION_RE: PerLanguage<Option<LineRegex>> =
    PerLanguage::new(|language| compile(&language.captions()));
static CREDIT_RE: LazyLock<Option<LineRegex>> =
    LazyLock::new(|| LineRegex::new(&[CREDIT.to_owned()], str::to_owned));

/// Build the line regexes that every source that does not give its language
/// is read with (English), one job each, so that spare threads can build them
/// while others read the first sources (tens of milliseconds in all, that
/// every thread would otherwise wait for).
pub(crate) fn warm_ups() -> [Box<dyn FnOnce() + Send>; 3] {
    let language = crate::lang::english();
    [
        Box::new(move || {
            BUILTIN_RE.get(language);
        }),
        Box::new(move || {
            CAPTION_RE.get(language);
        }),
        Box::new(|| {
            LazyLock::force(&CREDIT_RE);
        }),
    ]
}

fn matches(re: &Option<LineRegex>, line: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(line))
}

/// Lines longer than this (in bytes) are never boilerplate: page furniture is
/// short, and this keeps a page scraped onto one huge line from costing a regex
/// scan per pattern.
const MAX_BOILERPLATE_LINE_BYTES: usize = 2000;

/// Whether one trimmed, normalized line is boilerplate by itself: a built-in
/// pattern, an image caption with a credit, an author credit, or one of `extra`
/// (rule-file patterns the caller compiled as whole-line, case-insensitive regexes).
/// Lines over 2000 bytes never are.
pub fn is_boilerplate_line(line: &str, extra: &[Regex]) -> bool {
    classify(line.trim(), extra, crate::lang::english()).boilerplate
}

/// What one trimmed line is, each regex run once.
struct LineClass {
    /// An author-initials credit.
    credit: bool,
    /// An image caption ending in a credit.
    caption: bool,
    /// Boilerplate by itself (the two above included).
    boilerplate: bool,
}

fn classify(line: &str, extra: &[Regex], language: &'static Language) -> LineClass {
    if line.is_empty() || line.len() > MAX_BOILERPLATE_LINE_BYTES {
        return LineClass {
            credit: false,
            caption: false,
            boilerplate: false,
        };
    }
    // A credit's first slash comes after one to four lowercase letters (at
    // most 16 bytes): most lines are ruled out without the regex.
    let slash_early = line
        .as_bytes()
        .get(..17)
        .unwrap_or(line.as_bytes())
        .contains(&b'/');
    let credit = slash_early && matches(&CREDIT_RE, line);
    let caption = matches(CAPTION_RE.get(language), line);
    LineClass {
        credit,
        caption,
        boilerplate: credit
            || caption
            || matches(BUILTIN_RE.get(language), line)
            || extra.iter().any(|re| re.is_match(line)),
    }
}

/// Whether a line ends a sentence by its punctuation (optionally followed by closing
/// quotes or brackets).
fn ends_in_terminal(line: &str) -> bool {
    let body = line.trim_end_matches(['"', '\'', ')', ']']);
    body.ends_with(['.', '!', '?'])
}

/// Longest line taken as the title of the image whose caption follows it.
const MAX_CAPTION_TITLE_CHARS: usize = 80;

/// Marks boilerplate among `lines` (trimmed, normalized). Lines flagged in `skip`
/// (front matter) are never marked. Adds two context rules to the per-line test:
/// a short unpunctuated line directly above a credited caption is the image's title,
/// and after an author-initials credit, unpunctuated lines are related-content
/// teasers (until a punctuated line shows that prose goes on).
pub(crate) fn mark(
    lines: &[&str],
    skip: &[bool],
    extra: &[Regex],
    language: &'static Language,
) -> Vec<bool> {
    let mut marks = vec![false; lines.len()];
    let mut after_credit = false;
    for (i, line) in lines.iter().enumerate() {
        if skip.get(i).copied().unwrap_or(false) || line.is_empty() {
            continue;
        }
        let class = classify(line, extra, language);
        let is_bp = class.boilerplate || (after_credit && !ends_in_terminal(line));
        if let Some(m) = marks.get_mut(i) {
            *m = is_bp;
        }
        // A punctuated paragraph after the credit means the article goes on (or a
        // new one starts in the same file): stop treating lines as teasers.
        after_credit = class.credit || (after_credit && (is_bp || !ends_in_terminal(line)));
        if class.caption {
            if let Some(prev) = i.checked_sub(1) {
                let title = lines.get(prev).copied().unwrap_or("");
                let skipped = skip.get(prev).copied().unwrap_or(false);
                if !skipped
                    && !title.is_empty()
                    && !ends_in_terminal(title)
                    && title.chars().count() <= MAX_CAPTION_TITLE_CHARS
                {
                    if let Some(m) = marks.get_mut(prev) {
                        *m = true;
                    }
                }
            }
        }
    }
    marks
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bp(line: &str) -> bool {
        is_boilerplate_line(line, &[])
    }

    /// Every list of built-in lines in every language (its boilerplate,
    /// its captions).
    fn built_in_lists() -> Vec<(String, Vec<String>)> {
        let mut lists = Vec::new();
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            for (name, list) in [
                ("boilerplate", language.boilerplate()),
                ("captions", language.captions()),
            ] {
                lists.push((
                    format!("{code} {name}"),
                    list.iter().map(|a| whole_line(a)).collect(),
                ));
            }
        }
        lists
    }

    /// The table of prebuilt line automata holds every built-in list's
    /// plan and automata, as compiling them gives them now.
    /// `CROSSWIRE_WRITE_TABLES=1 cargo test --lib prebuilt` writes the
    /// table again (after the lines in src/lang/ or the regex crates
    /// change).
    #[test]
    fn the_prebuilt_line_automata_are_the_compiled_ones() {
        use crate::text::nfa_table::{assert_fresh, lookup, TableWriter};
        let mut writer = TableWriter::new();
        let mut written: Vec<String> = Vec::new();
        let mut add = |writer: &mut TableWriter, key: String, print, nfa: &NFA| {
            if written.contains(&key) {
                return;
            }
            writer.add(&key, print, nfa).unwrap();
            if let Some(read) = lookup(PREBUILT, &key, print) {
                assert_eq!(read.states(), nfa.states(), "{key}");
                assert_eq!(read.pattern_len(), nfa.pattern_len(), "{key}");
            }
            written.push(key);
        };
        let mut plans: Vec<String> = Vec::new();
        for (_, lines) in built_in_lists() {
            let (print, hex) = prebuilt_print(&lines);
            if plans.contains(&hex) {
                continue;
            }
            plans.push(hex.clone());
            let mut plan = Vec::new();
            let (mut relaxed, mut floating) = (Vec::new(), Vec::new());
            let parsed = parse_lines(&lines).unwrap();
            let needs = needs_of(&parsed);
            for (line, parsed) in lines.iter().zip(parsed) {
                let (line_print, line_hex) = prebuilt_print(std::slice::from_ref(line));
                let exact = match parsed {
                    Parsed::Anchored {
                        relaxed: loose,
                        exact,
                    } => {
                        plan.push(ANCHORED);
                        relaxed.push(loose);
                        exact
                    }
                    Parsed::Floating {
                        relaxed: loose,
                        exact,
                        ..
                    } => {
                        plan.push(FLOATING);
                        floating.push(loose);
                        Some(exact)
                    }
                };
                if let Some(exact) = exact {
                    let nfa = AnchoredRegex::nfa_from_hir(&exact, EXACT_SIZE_LIMIT).unwrap();
                    add(&mut writer, format!("{line_hex}/exact"), line_print, &nfa);
                }
            }
            plan.extend(Needs::to_plan(needs));
            writer
                .add_bytes(&format!("{hex}/plan"), print, &plan)
                .unwrap();
            if !relaxed.is_empty() {
                let set = relaxed_set_nfa(&relaxed).unwrap();
                add(&mut writer, format!("{hex}/relaxed"), print, &set);
            }
            for (k, tail) in floating.iter().enumerate() {
                let nfa = floating_nfa(std::slice::from_ref(tail)).unwrap();
                add(&mut writer, format!("{hex}/floating/{k}"), print, &nfa);
            }
            if floating.len() > 1 {
                let any = floating_nfa(&floating).unwrap();
                add(&mut writer, format!("{hex}/floating-any"), print, &any);
            }
        }
        assert_fresh(PREBUILT, &writer.finish(), "src/source/boilerplate.nfa");
        for (name, lines) in built_in_lists() {
            let read = LineRegex::prebuilt(&lines).unwrap_or_else(|| panic!("{name}"));
            let compiled = LineRegex::compiled(&lines).unwrap();
            assert_eq!(
                read.anchored_exact.len(),
                compiled.anchored_exact.len(),
                "{name}"
            );
            assert_eq!(read.floating.len(), compiled.floating.len(), "{name}");
            assert_eq!(read.floating_needs, compiled.floating_needs, "{name}");
            assert_eq!(
                read.floating_any.is_some(),
                compiled.floating_any.is_some(),
                "{name}"
            );
            for (a, b) in read.anchored_exact.iter().zip(&compiled.anchored_exact) {
                assert_eq!(a.is_some(), b.is_some(), "{name}");
            }
        }
    }

    proptest! {
        /// A line regex read from the table accepts the lines the compiled
        /// one accepts, for every built-in list.
        #[test]
        fn a_prebuilt_line_regex_accepts_what_the_compiled_one_does(
            pieces in prop::collection::vec(prop::sample::select(LINE_PIECES), 0..10),
        ) {
            // Each list read and compiled once for all cases.
            static BOTH: LazyLock<Vec<(String, LineRegex, LineRegex)>> = LazyLock::new(|| {
                built_in_lists()
                    .into_iter()
                    .map(|(name, lines)| {
                        let read = LineRegex::prebuilt(&lines).unwrap();
                        (name, read, LineRegex::compiled(&lines).unwrap())
                    })
                    .collect()
            });
            let line = pieces.concat();
            let line = line.trim();
            for (name, read, compiled) in BOTH.iter() {
                prop_assert_eq!(read.is_match(line), compiled.is_match(line), "{} {:?}", name, line);
            }
        }
    }

    /// Pieces of furniture and of prose, for lines that the relaxed forms
    /// accept and the exact ones may not.
    const LINE_PIECES: &[&str] = &[
        "Share on ",
        "twentyone biggest ",
        "platforms",
        "Conflicts",
        "North Korea ",
        "NorthKoreaNorthKoreaNorthKoreaNorthKorea",
        "Share",
        "on",
        "Facebook",
        " ",
        "the",
        "Image: ",
        "KCNA/AFP",
        "(AP Photo/Ahn Young-joon)",
        "photo",
        "Related",
        ": ",
        "©",
        "2023",
        "1. ",
        "- ",
        "Skip to ",
        "more ",
        "content",
        "é",
        "ſ",
        "K",
        ".",
        "x",
        "Follow us on ",
        "Twitter",
        "Read more",
        "\u{212A}",
    ];

    /// The definition of English's line regexes: some alternative, exactly
    /// as written, is the whole line (built-in furniture, captions).
    static EXACT_ALTERNATIVES: LazyLock<(Vec<meta::Regex>, Vec<meta::Regex>)> =
        LazyLock::new(|| {
            let language = crate::lang::english();
            let each = |alternatives: Vec<String>| {
                alternatives
                    .iter()
                    .map(|a| meta::Regex::new(&whole_line(a)).unwrap())
                    .collect()
            };
            (each(language.boilerplate()), each(language.captions()))
        });

    proptest! {
        #[test]
        fn a_line_is_boilerplate_as_an_exact_form_says(
            pieces in prop::collection::vec(prop::sample::select(LINE_PIECES), 1..6),
        ) {
            let line = pieces.concat();
            let line = line.trim();
            let language = crate::lang::english();
            let (builtin, caption) = &*EXACT_ALTERNATIVES;
            let exact = |regexes: &[meta::Regex]| regexes.iter().any(|re| re.is_match(line));
            let (builtin, caption) = (exact(builtin), exact(caption));
            let built = |re: &Option<LineRegex>| re.as_ref().unwrap().is_match(line);
            prop_assert_eq!(built(BUILTIN_RE.get(language)), builtin, "{:?}", line);
            prop_assert_eq!(built(CAPTION_RE.get(language)), caption, "{:?}", line);
        }
    }

    proptest! {
        #[test]
        fn a_line_without_the_needed_bytes_is_no_caption(
            pieces in prop::collection::vec(prop::sample::select(LINE_PIECES), 1..6),
            glue in prop::collection::vec(prop::sample::select(vec!["(", ")", ":", "/", " via ", ""]), 0..3),
        ) {
            let line = format!("{}{}", pieces.concat(), glue.concat());
            let line = line.trim();
            let captions = CAPTION_RE.get(crate::lang::english()).as_ref().unwrap();
            let needs = captions.floating_needs.unwrap();
            if !needs.held_by(line) {
                for (relaxed, _) in &captions.floating {
                    prop_assert!(!relaxed.is_match(line), "{:?}", line);
                }
            }
        }
    }

    #[test]
    fn a_caption_needs_a_colon_or_a_parenthesis() {
        let captions = CAPTION_RE.get(crate::lang::english()).as_ref().unwrap();
        assert_eq!(captions.floating_needs, Some(Needs::Two(b':', b'(')));
        let needs = captions.floating_needs.unwrap();
        // A hard-wrapped line ends in a letter: the search from its end
        // would read it all.
        assert!(!needs.held_by("the town of Langwater on Tuesday, killing 29 people and"));
        assert!(needs.held_by("Rescue workers search the rubble (AP Photo/Ahn Young-joon)"));
        assert!(needs.held_by("A view of the town. Image: KCNA/AFP"));
        // Alternatives without a required byte, or needing more than three
        // different ones, give no screen.
        let parse = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        assert_eq!(Needs::of(&[parse("a+b"), parse(r"\w")]), None);
        assert_eq!(
            Needs::of(&[parse("x:"), parse("y;"), parse("z,"), parse("w.")]),
            None
        );
        assert_eq!(
            Needs::of(&[parse("(?i)via ap"), parse("ok")]),
            Some(Needs::Two(b' ', b'o'))
        );
    }

    #[test]
    fn builtin_patterns_compile() {
        assert!(CREDIT_RE.is_some());
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            assert!(BUILTIN_RE.get(language).is_some(), "{code}");
            assert!(CAPTION_RE.get(language).is_some(), "{code}");
            for p in language.boilerplate().iter().chain(&language.captions()) {
                assert!(Regex::new(p).is_ok(), "{code}: {p}");
            }
        }
    }

    #[test]
    fn a_german_page_has_german_furniture_too() {
        let de = crate::lang::get("de").unwrap();
        let german = |line: &str| classify(line, &[], de).boilerplate;
        assert!(german("Mehr zum Thema"));
        assert!(german("Lesen Sie auch: Was die Raketen können"));
        assert!(german("Share"));
        assert!(!german("Nordkorea feuerte am Montag Raketen ab."));
        assert!(!bp("Mehr zum Thema"));
    }

    #[test]
    fn relaxing_unbounds_only_bounded_repetitions() {
        let parse = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        assert_eq!(
            relax(&parse(r"a[\p{L} ]{1,40}b?c{2}d{0,3}")),
            parse(r"a[\p{L} ]+b?c{2,}d*")
        );
        assert_eq!(relax(&parse(r"(x|y{1,2})z")), parse(r"(x|y+)z"));
    }

    #[test]
    fn captions_are_searched_from_the_end_of_the_line() {
        let english = crate::lang::english();
        let captions = CAPTION_RE.get(english).as_ref().unwrap();
        assert_eq!(captions.floating.len(), english.captions().len());
        assert!(captions.anchored.is_none());
        let builtin = BUILTIN_RE.get(english).as_ref().unwrap();
        assert!(builtin.floating.is_empty());
        let parse = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        assert_eq!(
            floating_form(&parse(r"^(?:\d[.)])?.*\bphoto:\s?x$")),
            Some(parse(r"\bphoto:\s?x$"))
        );
        assert_eq!(floating_form(&parse(r"^(?:\d[.)])?photo.*$")), None);
        assert_eq!(floating_form(&parse(r"^a.*b$")), None);
    }

    #[test]
    fn the_exact_form_still_decides_what_the_relaxed_form_accepts() {
        // A topic line glued to its section name is furniture only while the
        // topic is at most 40 characters; the relaxed form would accept more.
        assert!(bp("ConflictsNorth Korea"));
        let long = format!("Conflicts{}", "North Korea ".repeat(4));
        assert!(!bp(long.trim()), "{long}");
        assert!(bp("Share on Facebook"));
        assert!(!bp("Share on the twentyone biggest platforms"));
    }

    #[test]
    fn seed_furniture_is_boilerplate() {
        for line in [
            "1. Skip to content",
            "2. Skip to main menu",
            "3. Skip to more DW sites",
            "ConflictsNorth Korea",
            "North Korean leader Kim Jong Un met with military officials to discuss what he described as 'escalating moves' by US and South Korea 'to unleash a war of aggression'Image: KCNA/AFP",
            "ss/jsi (AFP, dpa, Reuters, AP)",
            "Find more AP coverage of the Asia-Pacific region at",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Interested in advertising with us?",
            "We'd love to have you on the team! Drop us a line and we'll be happy to follow up.",
            "Let's Connect",
            "Follow along on your favorite social media platform and get the latest updates directly in your feed!",
            "Got a tip on a story?",
            "Submit a Tip",
            "Have a tip on a story? Send it directly to our team using the form below!",
        ] {
            assert!(bp(line), "{line}");
        }
    }

    #[test]
    fn credits_are_found_with_initials_of_the_longest_letters() {
        // Four letters of four bytes each put the slash at byte 16, the
        // last the quick test before the regex looks at.
        for line in [
            "ss/jsi (AFP, dpa, Reuters, AP)",
            "äöüß/ab",
            "\u{10428}\u{10429}\u{1042A}\u{1042B}/ab",
        ] {
            assert!(classify(line, &[], crate::lang::english()).credit, "{line}");
        }
        for line in ["sssss/jsi", "Reuters/AP", "no slash here"] {
            assert!(
                !classify(line, &[], crate::lang::english()).credit,
                "{line}"
            );
        }
    }

    #[test]
    fn generic_furniture_is_boilerplate() {
        for line in [
            "Share on Facebook",
            "Share",
            "SHARE THIS ARTICLE",
            "Follow us on Twitter",
            "Sign up for our newsletter",
            "Subscribe to our daily newsletter!",
            "Advertisement",
            "Read more",
            "Read more: Kim's sister warns Seoul",
            "Related:",
            "Related: North Korea fires missile",
            "- Facebook",
            "Photo: Lee Jin-man/AP",
            "Image source, Getty Images",
            "Kim Jong Un inspects a missile. (AP Photo/Ahn Young-joon, File)",
            "Kim Jong Un at the meeting (Korean Central News Agency/Korea News Service via AP)",
            "© 2023 Deutsche Welle",
            "Copyright 2023 The Associated Press. All rights reserved.",
            "3 min read",
        ] {
            assert!(bp(line), "{line}");
        }
    }

    #[test]
    fn seed_article_sentences_are_not_boilerplate() {
        for line in [
            "North Korea calls for more 'offensive' war deterrence",
            "April 11, 2023",
            "US-South Korea military exercises",
            "An 'irreversible' nuclear power",
            "North Korean leader vows 'offensive' nuclear expansion",
            "Kim attended an enlarged meeting of the Central Military Commission of the ruling Workers' Party of Korea on Monday to discuss \"the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression,\" according to North Korea's state media.",
            "South Korean Unification Minister Kwon Youngse expressed disappointment during a news conference on Tuesday over North Korea's \"unilateral and irresponsible attitude\" toward the communication lines and also cautioned of unspecified legal consequences for its use of the Kaesong industrial assets.",
            "The report did not specify the directions the North intended to take. KCNA also published photos of Kim talking to officials while pointing to certain spots on a blurred map that appeared to be of South Korea.",
            "SEOUL, South Korea (AP) \u{2013} North Korean leader Kim Jong Un vowed to enhance his nuclear arsenal in more \"practical and offensive\" ways as he met with senior military officials to discuss the country's war preparations in the face of his rivals' \"frantic\" military exercises, state media said Tuesday.",
            "The North was already coming off a record year in weapons testing, after launching nearly 70 missiles in 2022.",
            "He showed a photo: it was fake.",
            "Share prices fell sharply on Tuesday.",
            "Related talks stalled in 2019.",
            "Photos, videos and documents were released on Tuesday.",
            "The newsletter reported that Kim was ill.",
            "Register to vote by Friday.",
            "Copyright law changed in 2019.",
            "More from the interview follows.",
            "TV/Radio",
        ] {
            assert!(!bp(line), "{line}");
        }
    }

    #[test]
    fn very_long_lines_are_never_boilerplate() {
        let long = format!("Advertisement{}", " ".repeat(3000));
        assert!(bp(&long));
        let long = format!("Share {}", "x".repeat(3000));
        assert!(!bp(&long));
        assert!(bp("Share"));
    }

    #[test]
    fn extra_patterns_apply() {
        let extra = vec![Regex::new("(?i)^more on korea$").unwrap()];
        assert!(is_boilerplate_line("  More on Korea ", &extra));
        assert!(!is_boilerplate_line("More on Korea", &[]));
        assert!(!is_boilerplate_line("", &extra));
    }

    #[test]
    fn caption_title_and_trailing_teasers() {
        let lines = [
            "North Korean leader Kim Jong Un",
            "Kim met officials 'to unleash a war of aggression'Image: KCNA/AFP",
            "",
            "Kim spoke.",
            "ss/jsi (AFP, dpa, Reuters, AP)",
            "",
            "South Koreans prepared for North Korea's nukes",
            "A real closing paragraph that ends properly.",
            "A headline after prose",
        ];
        let marks = mark(&lines, &[false; 9], &[], crate::lang::english());
        assert_eq!(
            marks,
            vec![true, true, false, false, true, false, true, false, false]
        );
    }

    #[test]
    fn title_rule_needs_a_caption_and_a_short_unpunctuated_line() {
        let lines = ["Kim spoke on Monday.", "Photo: KCNA"];
        assert_eq!(
            mark(&lines, &[false, false], &[], crate::lang::english()),
            vec![false, true]
        );
        let lines = [
            "US-South Korea military exercises",
            "",
            "Meanwhile, talks stalled.",
        ];
        assert_eq!(
            mark(&lines, &[false; 3], &[], crate::lang::english()),
            vec![false; 3]
        );
    }

    #[test]
    fn skipped_lines_are_never_marked() {
        let lines = ["Advertisement", "Advertisement"];
        assert_eq!(
            mark(&lines, &[true, false], &[], crate::lang::english()),
            vec![false, true]
        );
    }
}
