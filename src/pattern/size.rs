//! An upper bound on the memory of a regex's automata, read off its syntax
//! tree without compiling it. A regex fails to build only when its forward
//! or its reverse automaton (a Thompson NFA) outgrows the size limit, so a
//! regex whose bound keeps within the limit is known to build: it can wait
//! for its first use, and `rules lint` need not build it to show it builds.
//! Building the automata of a hand-written `regex:` pattern was most of
//! loading a rule file of them (1,000 patterns: 2.6 billion instructions).
//!
//! The bound counts what the NFA compiler adds for each node (one state per
//! literal byte; a state per byte range of a class's UTF-8 sequences, a
//! transition each; a copy of the repeated part per count, with the states
//! that join the copies; the states of captures, alternations and
//! assertions) at more than the builder charges for a state, and doubles
//! the sum. A unit test holds it above the memory the builder reaches,
//! forward and reverse, over hand-picked and generated regexes.

use regex_automata::nfa::thompson::{Compiler, Config, WhichCaptures};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};

/// More than the NFA builder charges for one state (its size in the
/// builder's list; a state's transitions are charged apart).
const STATE: u64 = 64;
/// More than the builder charges for one transition or one alternative of
/// a union.
const EDGE: u64 = 16;
/// More than what every regex's automaton holds besides its pattern: the
/// whole match's group, the unanchored start, the match state.
const FIXED: u64 = 64 * STATE;

/// The most bytes the NFA compiler gives one literal byte once the regex
/// is case-insensitive: the byte's character becomes a class of the
/// characters it folds with (at most four, of at most four bytes each).
const FOLDED_BYTE: u64 = 16 * (STATE + EDGE) + 3 * STATE + 4 * EDGE;

/// An upper bound, in bytes, on the memory the NFA builder reaches for
/// `hir`, forward or reverse, with or without its groups; with
/// `case_insensitive`, for `hir` parsed case-sensitively and compiled as
/// if it had been parsed with `(?i)` (its letters and classes folded).
pub(crate) fn automata_bound(hir: &Hir, case_insensitive: bool) -> u64 {
    node(hir, case_insensitive)
        .saturating_add(FIXED)
        .saturating_mul(2)
}

/// Whether `hir`'s automata (see [`automata_bound`]) are known to keep
/// within `limit` bytes.
pub(crate) fn surely_within(hir: &Hir, case_insensitive: bool, limit: usize) -> bool {
    u64::try_from(limit).is_ok_and(|limit| automata_bound(hir, case_insensitive) <= limit)
}

/// Whether `hir`'s automata as the regex engine builds them (the forward
/// one with every group, the reverse one without groups) build within
/// `limit` bytes, by building them: what [`surely_within`] bounds.
pub(crate) fn builds_within(hir: &Hir, limit: usize) -> bool {
    let config = Config::new().nfa_size_limit(Some(limit)).shrink(false);
    let builds = |config: Config| {
        Compiler::new()
            .configure(config)
            .build_from_hir(hir)
            .is_ok()
    };
    builds(config.clone().which_captures(WhichCaptures::All))
        && builds(config.which_captures(WhichCaptures::None).reverse(true))
}

fn node(hir: &Hir, folded: bool) -> u64 {
    let sub = |hir: &Hir| node(hir, folded);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => STATE,
        HirKind::Literal(literal) => {
            count(literal.0.len()).saturating_mul(if folded { FOLDED_BYTE } else { STATE })
        }
        HirKind::Class(Class::Bytes(class)) => {
            // Folding ASCII letters at most doubles the ranges.
            let ranges = count(class.ranges().len()).saturating_mul(if folded { 2 } else { 1 });
            ranges.saturating_mul(EDGE).saturating_add(2 * STATE)
        }
        HirKind::Class(Class::Unicode(class)) => {
            let sequences = if folded {
                folded_sequences(class)
            } else {
                sequences(class)
            };
            sequences.saturating_add(3 * STATE)
        }
        HirKind::Capture(capture) => sub(&capture.sub).saturating_add(2 * STATE),
        HirKind::Concat(parts) => parts.iter().map(sub).fold(STATE, u64::saturating_add),
        HirKind::Alternation(parts) => parts
            .iter()
            .map(|part| sub(part).saturating_add(EDGE))
            .fold(2 * STATE, u64::saturating_add),
        HirKind::Repetition(repetition) => {
            let copies = u64::from(repetition.max.unwrap_or(repetition.min).max(1));
            sub(&repetition.sub)
                .saturating_add(STATE + 2 * EDGE)
                .saturating_mul(copies)
                .saturating_add(3 * STATE)
        }
    }
}

/// What the UTF-8 sequences of `class` add: for each, a state and a
/// transition per byte range in it, and an alternative of the union that
/// joins them.
fn sequences(class: &ClassUnicode) -> u64 {
    class
        .iter()
        .flat_map(|r| regex_syntax::utf8::Utf8Sequences::new(r.start(), r.end()))
        .map(|sequence| count(sequence.as_slice().len()).saturating_mul(STATE + EDGE) + EDGE)
        .fold(0, u64::saturating_add)
}

/// The most a range of characters adds to an automaton: no range has more
/// than this many UTF-8 sequences, of at most four bytes each.
const RANGE: u64 = 24 * (4 * (STATE + EDGE) + EDGE);

/// Up to this many characters, a class is folded to bound its folded form.
const FOLDED_AT_MOST: u32 = 1 << 16;

/// [`sequences`] of `class` folded. Folding reads every character of a
/// range that holds one with a case, so a class of most of Unicode (`[^,]`
/// parsed case-sensitively) is not folded: what folding leaves out of it is
/// part of what it leaves out, so the folded class has at most one range
/// more than it leaves out characters.
fn folded_sequences(class: &ClassUnicode) -> u64 {
    let size = |class: &ClassUnicode| -> u32 {
        class
            .iter()
            .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
            .fold(0, u32::saturating_add)
    };
    if size(class) > FOLDED_AT_MOST {
        let mut left_out = class.clone();
        left_out.negate();
        let left_out = size(&left_out);
        if left_out <= FOLDED_AT_MOST {
            return u64::from(left_out + 1).saturating_mul(RANGE);
        }
    }
    let mut folded = class.clone();
    folded.case_fold_simple();
    sequences(&folded)
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).unwrap()
    }

    /// Both automata of `pattern` build within its bound, and those of
    /// `(?i)pattern` within the case-insensitive bound of `pattern`.
    fn within_bound(pattern: &str) -> bool {
        let bound = |case_insensitive| {
            usize::try_from(automata_bound(&parse(pattern), case_insensitive)).unwrap()
        };
        builds_within(&parse(pattern), bound(false))
            && builds_within(&parse(&format!("(?i){pattern}")), bound(true))
    }

    fn assert_bounded(pattern: &str) {
        assert!(
            within_bound(pattern),
            "{pattern}: the automata outgrow the bound"
        );
    }

    #[test]
    fn the_bound_is_above_what_the_automata_need() {
        for pattern in [
            "",
            "a",
            r"(?i)killed (?P<value>\d+) people",
            r"(?i)\bmagnitude\b[ \t]+(?:[0-9][0-9,]*(?:\.[0-9]+)?|one|two)\s+earthquake",
            r"\w+",
            r"\w{20}",
            r"(?i)\p{L}{1,30}",
            r"[^,.;:!?]{1,100}",
            r"(?:\w{3}){4}",
            r"(?s).{5,9}?",
            r"(?-u:[\x00-\x7F])+",
            r"a|b|c|(?:d|e)+",
            r"(?i)(?:x|y)*z?\B\b^$",
            r"(?P<a>(?P<b>(?P<c>k)))",
            r"[\x{10000}-\x{10FFFF}]{3}",
            r"(?i)[a-zé]{2,}Ω",
            "Kelvin ſ θ ι ΐ",
            r"[kKsS\x{1E9E}]{4}",
            r"(?-i:Kyiv) (?i:kyiv)",
            r"(?-u)(?i)[a-z]{3}k",
            r"[^;!?k]+?[^\x{100}-\x{10FFFF}][\x00-\x{FFFF}]",
            r"[^\x{1E9E}\x{212A}]{3}",
        ] {
            assert_bounded(pattern);
        }
    }

    #[test]
    fn regexes_too_large_are_never_within_the_bound() {
        let limit = 16 << 20;
        for pattern in [
            r"\w{1000}",
            r"(?:\w{100}){100}",
            r"x{4294967295}",
            r"[\w\W]{60000}",
        ] {
            let hir = parse(pattern);
            assert!(!surely_within(&hir, false, limit), "{pattern}");
            assert!(!surely_within(&hir, true, limit), "{pattern}");
        }
        let killed = parse(r"killed (?P<value>\d+) people");
        assert!(surely_within(&killed, false, limit));
        assert!(surely_within(&killed, true, limit));
    }

    #[test]
    fn no_range_has_more_utf8_sequences_than_a_range_is_bounded_by() {
        let edges: Vec<u32> = [0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xD7FF, 0xE000]
            .into_iter()
            .chain([
                0xFFFF, 0x10000, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF,
            ])
            .flat_map(|e: u32| [e.saturating_sub(1), e, e + 1])
            .filter_map(char::from_u32)
            .map(u32::from)
            .collect();
        let most = edges
            .iter()
            .flat_map(|&a| edges.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a <= b)
            .filter_map(|(a, b)| Some((char::from_u32(a)?, char::from_u32(b)?)))
            .map(|(a, b)| regex_syntax::utf8::Utf8Sequences::new(a, b).count())
            .max()
            .unwrap();
        assert!(most <= 24, "{most}");
    }

    /// Pieces of regexes: each a whole regex, so that any sequence of
    /// them, grouped and repeated, is one.
    const PIECES: &[&str] = &[
        "said",
        r"(?i)said",
        r"\d+",
        r"\w",
        r"\s+",
        r"[^,]",
        r"[a-z]",
        r"\p{Lu}",
        r"(?i)\bk",
        ".",
        "é",
        r"\b",
        "(x)",
        "(?:a|bc|)",
    ];

    proptest::proptest! {
        #[test]
        fn the_bound_holds_for_generated_regexes(
            pieces in proptest::collection::vec(
                (
                    proptest::sample::select(PIECES),
                    proptest::sample::select(&["", "?", "*", "+", "{2}", "{1,5}", "{3,}?"][..]),
                    proptest::bool::ANY,
                ),
                1..8,
            ),
        ) {
            let mut pattern = String::new();
            for (piece, repeat, alternate) in pieces {
                if alternate && !pattern.is_empty() {
                    pattern = format!("(?:{pattern})|");
                }
                pattern.push_str(&format!("(?:{piece}){repeat}"));
            }
            proptest::prop_assert!(
                within_bound(&pattern),
                "{}: the automata outgrow the bound", pattern
            );
        }
    }
}
