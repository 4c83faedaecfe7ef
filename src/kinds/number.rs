//! The `number` / `count` value kind: recognising figures in prose, parsing them into a
//! figure plus the interval the wording commits to, and deciding whether two figures agree.
//!
//! # What is recognised
//!
//! * Digits, with thousands separators and decimals: `1,200`, `2.5`, `70`. A comma is a
//!   thousands separator only when exactly three digits follow it, so `11, 2023` is `11`.
//! * Digits with a scale word: `2.5 million` (2 500 000), `3 billion`, `2 dozen` (24).
//! * Number words, through `text2num`: `two`, `seventy-one`, `one hundred and twenty`,
//!   plus forms it does not know: `a dozen`, `half a dozen`, `a hundred`, `a million`,
//!   `one trillion`.
//! * Ordinals: `5th`, `fifth`, `twenty-first`. Ordinals are exact and flagged `ordinal`.
//! * Zero: `no`, `none`, `nobody`, `no one`, `zero`.
//! * Fractions and mixed numbers: `two and a half`, `2½`, `half`, `a third`, `two-thirds`,
//!   `half a million`; leading-dot decimals: `.45`.
//! * Ranges and alternatives: `between 40 and 80`, `40 to 80`, `40-80`, `30 or 40`, as the
//!   interval they span.
//! * Vague quantities with bounded readings: `a couple` [2, 3], `a few` [2, 5], `a handful`
//!   [2, 6], `several` [3, 9], and plurals from two of the unit to the next order of
//!   magnitude: `dozens` [24, 100), `scores` [40, 200), `hundreds` [200, 1000),
//!   `tens of thousands` [20 000, 100 000).
//! * Negative numbers are not recognised: the kind is for counts and amounts.
//!
//! docs/rules.md has the full table of forms and values.
//!
//! # Qualifiers and the intervals they mean
//!
//! | qualifier | written as | interval for n |
//! | --- | --- | --- |
//! | exact | (nothing) | [n, n] |
//! | about | about, around, approximately, roughly, some, an estimated, close to, near, circa | [n − d, n + d], d = max(n/10, 1), never below 0 |
//! | nearly | nearly, almost, just under, just shy of, slightly less than, ... | [0.9n, n) |
//! | just over | just over, just above, slightly more than, a little over, ... | (n, n + d], d = max(n/10, 1) |
//! | more than | more than, over, above, upwards of, in excess of, well over, greater than | (n, ∞) |
//! | at least | at least, no fewer than, no less than, not fewer than, not less than, a minimum of | [n, ∞) |
//! | up to | up to, as many as, as much as, at most, no more than, not more than, a maximum of | [0, n] |
//! | less than | less than, fewer than, under, below | [0, n) |
//!
//! "close to" is *about*, not *nearly*: writers use it for figures on either side
//! ("close to 1,000 people" is said of 1,020 too), and a checker must not flag a conflict on
//! a reading the text does not force. "just under" is *nearly*: it is exactly "a little
//! less than".
//!
//! # Agreement
//!
//! Two figures agree when their intervals share at least one point, open ends honoured:
//! "nearly 70" ([63, 70)) does not agree with "70" ([70, 70]). With a tolerance they also
//! agree when the gap between the intervals is at most the tolerance; a percentage is taken
//! of the larger of the two written figures. A zero tolerance changes nothing. Whether a
//! figure was written as an ordinal does not matter: "fifth consecutive day" agrees with
//! "5 days in a row".

use std::cmp::Ordering;

use crate::lang::{english, Language, PerLanguage};

use super::decimal::{shown, Decimal};

/// A closed/open interval of real numbers; `hi` may be `f64::INFINITY` (serialized as JSON
/// `null`, since JSON has no infinity).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound; `f64::INFINITY` for "more than" / "at least".
    pub hi: f64,
    /// Whether `lo` itself is excluded.
    pub lo_open: bool,
    /// Whether `hi` itself is excluded.
    pub hi_open: bool,
    /// `lo` exactly, when it is a figure written in digits.
    #[serde(skip)]
    pub lo_exact: Option<Decimal>,
    /// `hi` exactly, when it is a figure written in digits.
    #[serde(skip)]
    pub hi_exact: Option<Decimal>,
}

/// How the text qualified the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// No qualifier: the figure itself.
    Exact,
    /// "about", "around", "some", ...: within max(10 %, 1) either side.
    About,
    /// "nearly", "almost", "just under": up to 10 % below, not reaching the figure.
    Nearly,
    /// "more than", "over", "above": strictly above.
    MoreThan,
    /// "at least", "no fewer than": the figure or above.
    AtLeast,
    /// "up to", "as many as", "at most": zero to the figure, inclusive.
    UpTo,
    /// "less than", "fewer than", "under": zero to the figure, exclusive.
    LessThan,
    /// "just over", "slightly more than": above the figure by at most max(10 %, 1).
    JustOver,
}

/// What kind of hedge a value carries, for comparison: whether the text stated a
/// figure, and whether its hedge bounds the value on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hedge {
    /// A stated figure with no hedge: "17".
    None,
    /// A stated figure with a two-sided hedge: "about 30".
    About,
    /// A stated figure with a tight one-sided hedge: "nearly 70", "just over 10".
    Tight,
    /// A stated figure as a lower bound, inclusive: "at least 5".
    AtLeast,
    /// A stated figure as a lower bound, exclusive: "more than 100".
    MoreThan,
    /// A stated figure as an upper bound, inclusive: "up to 10".
    AtMost,
    /// A stated figure as an upper bound, exclusive: "fewer than 10".
    LessThan,
    /// Two stated figures: "between 40 and 80", "30 or 40".
    Range,
    /// No stated figure, a vague quantity with a documented reading: "dozens".
    Vague,
}

impl Hedge {
    /// Whether the value is bounded on one side only by a stated figure ("at least
    /// 2", "up to 10"), so that different figures can agree through it.
    pub fn open_ended(self) -> bool {
        matches!(
            self,
            Hedge::AtLeast | Hedge::MoreThan | Hedge::AtMost | Hedge::LessThan
        )
    }
}

/// A parsed figure: the number as written, the qualifier, and the interval they mean.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NumberValue {
    /// The number as written ("nearly 70" -> 70; the first of a range: "40 to 80" -> 40;
    /// the low end of a vague quantity's reading: "dozens" -> 24).
    pub figure: f64,
    /// The qualifier the text put on it.
    pub qualifier: Qualifier,
    /// The values the wording allows.
    pub interval: Interval,
    /// Whether it was written as an ordinal ("fifth", "5th").
    pub ordinal: bool,
    /// The kind of hedge: a plain figure, bounded, open-ended, a range or vague.
    pub hedge: Hedge,
    /// The figure exactly as written in digits, beyond what an `f64` holds
    /// ("9007199254740993"); compared instead of `figure` when both sides have one.
    #[serde(rename = "exact_figure", skip_serializing_if = "Option::is_none")]
    pub exact: Option<Decimal>,
    /// The second figure of a range or alternative ("40 to 80" -> 80).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// The second figure exactly, as `exact` is the first.
    #[serde(rename = "exact_upper", skip_serializing_if = "Option::is_none")]
    pub upper_exact: Option<Decimal>,
    /// The vague quantity as written, canonical ("dozens", "a few").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vague: Option<String>,
    /// How a range was joined: "to" or "or".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined: Option<&'static str>,
}

/// A slot's allowance for figures that do not quite meet.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub enum Tolerance {
    /// An absolute gap ("2").
    Absolute(f64),
    /// A gap relative to the larger figure, in percent ("10%" is `Percent(10.0)`).
    Percent(f64),
}

impl Qualifier {
    /// The qualifier a language table's `qualifiers:` entry names.
    fn from_table(name: &str) -> Option<Qualifier> {
        Some(match name {
            "about" => Qualifier::About,
            "nearly" => Qualifier::Nearly,
            "more_than" => Qualifier::MoreThan,
            "just_over" => Qualifier::JustOver,
            "at_least" => Qualifier::AtLeast,
            "up_to" => Qualifier::UpTo,
            "less_than" => Qualifier::LessThan,
            _ => return None,
        })
    }
}

/// A language's number words, from its table (src/lang/): what the
/// `{number}` regex reads and the parser understands.
struct Words {
    language: &'static Language,
    /// Cardinal words text2num understands, longest first so alternations prefer them.
    cardinals: Vec<String>,
    /// Scale words; "trillion" is handled here because text2num stops at billions.
    scales: Vec<(String, i32)>,
    /// Ordinal words (text2num understands them all; "trillionth" is left out since it does not).
    ordinals: Vec<String>,
    /// Vague plurals and their readings [low, high): at least two of the unit, fewer than
    /// the next order of magnitude ("dozens" is 24 to 99, "hundreds" 200 to 999).
    plurals: Vec<(String, f64, f64)>,
    /// Small vague quantities and their readings [low, high], both inclusive.
    few: Vec<(String, f64, f64)>,
    /// Words for nothing; they read as 0 ("no casualties", "none were hurt").
    zero: Vec<String>,
    /// Qualifier phrases, lower case, single-spaced, in the table's order. The
    /// regex and the parser are both built from them so they cannot drift apart.
    qualifiers: Vec<(String, Qualifier)>,
    /// The language's words for the English range words ("zwischen" for
    /// "between"), lower case: the parser reads them as the English ones.
    range_words: crate::lang::Translations,
}

/// The English range words a table may translate (`range_words:`).
pub const RANGE_WORD_ROLES: &[&str] = &["between", "and", "to", "or"];

impl Words {
    /// The regex for a range word: the language's own words for it, or the
    /// English word.
    fn range_word(&self, role: &str) -> String {
        crate::lang::word_regex(&self.range_words, role)
    }

    /// `norm` (lower case, single-spaced) with the language's range words
    /// written as the English ones.
    fn english_range_words(&self, norm: String) -> String {
        if self.range_words.is_empty() {
            return norm;
        }
        norm.split(' ')
            .map(|w| crate::lang::in_english(&self.range_words, w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

static WORDS: PerLanguage<Words> = PerLanguage::new(|language| Words {
    language,
    cardinals: lowered(language.cardinals()),
    scales: language
        .scales()
        .iter()
        .map(|(w, e)| (w.to_lowercase(), *e))
        .collect(),
    ordinals: lowered(language.ordinals()),
    plurals: language
        .vague_plurals()
        .iter()
        .map(|(w, lo, hi)| (w.to_lowercase(), *lo, *hi))
        .collect(),
    few: language
        .vague_few()
        .iter()
        .map(|(w, lo, hi)| (w.to_lowercase(), *lo, *hi))
        .collect(),
    zero: lowered(language.zero_words()),
    qualifiers: language
        .qualifiers()
        .iter()
        .filter_map(|(phrase, name)| Some((phrase.to_lowercase(), Qualifier::from_table(name)?)))
        .collect(),
    range_words: crate::lang::translations(language.range_words(), RANGE_WORD_ROLES),
});

/// A table's words in lower case, as the parser compares them.
fn lowered(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// Fraction words and their denominators ("a half", "two-thirds", "three quarters").
const FRACTIONS: &[(&str, f64)] = &[
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
];

/// Unicode vulgar fractions ("2½").
const VULGAR: &[(char, f64)] = &[
    ('½', 0.5),
    ('¼', 0.25),
    ('¾', 0.75),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('⅛', 0.125),
];

/// Plurals that may follow "of" ("hundreds of thousands").
const OF_PLURALS: &[(&str, f64)] = &[("thousands", 1e3), ("millions", 1e6), ("billions", 1e9)];

/// Digits: grouped thousands first so "1,200" is not cut at the comma; `[0-9]` rather than
/// `\d`, which would admit other scripts' digits the parser does not read.
const DIGITS_RE: &str = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";
/// [`DIGITS_RE`] for languages with a decimal comma ("2.000", "2,5").
const DIGITS_COMMA_RE: &str = r"(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?)";

/// The digits regex of a language.
fn digits_re(language: &Language) -> &'static str {
    if language.decimal_comma() {
        DIGITS_COMMA_RE
    } else {
        DIGITS_RE
    }
}
/// Range separators between digits: hyphens and dashes ("40-80", "40–80").
const DASH_RE: &str = r"[-\x{2010}\x{2011}\x{2013}\x{2014}]";
/// Plain and typographic (U+2010, U+2011) hyphens.
const HYPHEN_RE: &str = r"[-\x{2010}\x{2011}]";

fn alternation<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let words: Vec<&str> = words.into_iter().collect();
    words.join("|")
}

fn spaced(phrase: &str) -> String {
    phrase
        .split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

/// Word-number building blocks shared by both regexes.
struct WordParts {
    /// A sequence of cardinal words ending in a cardinal (`one hundred and twenty`).
    cardinal_seq: String,
    /// A sequence of cardinal words ending in an ordinal (`twenty-first`).
    ordinal_seq: String,
    /// A sequence ending in either.
    any_seq: String,
    scale: String,
}

fn word_parts(lw: &Words) -> WordParts {
    let scale = alternation(lw.scales.iter().map(|(w, _)| w.as_str()));
    let cardinal = alternation(
        lw.cardinals
            .iter()
            .map(String::as_str)
            .chain(lw.scales.iter().map(|(w, _)| w.as_str())),
    );
    let ordinal = alternation(lw.ordinals.iter().map(String::as_str));
    let language = lw.language;
    let joiner = regex::escape(language.number_joiner());
    let lead = if language.compound_numbers() {
        // Glued words ("dreiundzwanzig", "zweitausend") or words apart ("zwei
        // Millionen"); the joiner only glued, so "drei und vier" stays two numbers.
        format!(r"(?:(?:{cardinal})(?:{joiner})?(?:\s+|{HYPHEN_RE})?)*")
    } else {
        // "and" may only follow a scale word ("hundred and twenty"), so "two and
        // three" is not swallowed as one number.
        format!(r"(?:(?:(?:{scale})\s+{joiner}|(?:{cardinal}))(?:\s+|{HYPHEN_RE}))*")
    };
    let endings = language.ordinal_endings();
    let ordinal = if endings.is_empty() {
        format!("(?:{ordinal})")
    } else {
        let endings: Vec<String> = endings.iter().map(|e| regex::escape(e)).collect();
        format!("(?:{ordinal})(?:{})?", endings.join("|"))
    };
    WordParts {
        cardinal_seq: format!(r"{lead}(?:{cardinal})"),
        ordinal_seq: format!(r"{lead}{ordinal}"),
        any_seq: format!(r"{lead}(?:{ordinal}|{cardinal})"),
        scale,
    }
}

/// Every qualifier phrase of a language as one alternation (no group), longest
/// first: at one start position "no more than" must win over shorter phrases.
fn qualifier_alternation(lw: &Words) -> String {
    let mut quals: Vec<String> = lw.qualifiers.iter().map(|(p, _)| spaced(p)).collect();
    quals.sort_by_key(|p| std::cmp::Reverse(p.len()));
    quals.join("|")
}

/// Every qualifier phrase as one case-insensitive group, longest first.
static QUALIFIER_RE: PerLanguage<String> =
    PerLanguage::new(|language| format!("(?i:{})", qualifier_alternation(WORDS.get(language))));

/// Regex fragment (no capture groups) matching one qualifier phrase ("more than",
/// "about"), for kinds that put a figure after something else ("about $2 million").
pub fn qualifier_regex() -> &'static str {
    qualifier_regex_in(english())
}

/// [`qualifier_regex`] in a language.
pub fn qualifier_regex_in(language: &'static Language) -> &'static str {
    QUALIFIER_RE.get(language).as_str()
}

/// A value with every figure passed through `f`, an increasing function (a unit
/// conversion or a scale): the figure, the range's upper figure and the interval's ends.
pub fn map_value(value: &NumberValue, f: impl Fn(f64) -> f64) -> NumberValue {
    let end = |x: f64| if x.is_finite() { f(x) } else { x };
    // The exact figures were the written ones; a converted figure is an f64.
    NumberValue {
        figure: f(value.figure),
        exact: None,
        upper: value.upper.map(&f),
        upper_exact: None,
        interval: Interval {
            lo: end(value.interval.lo),
            hi: end(value.interval.hi),
            lo_exact: None,
            hi_exact: None,
            ..value.interval
        },
        ..value.clone()
    }
}

static NUMBER_RE: PerLanguage<String> = PerLanguage::new(|language| {
    let lw = WORDS.get(language);
    let digits = digits_re(language);
    let parts = word_parts(lw);
    let WordParts {
        cardinal_seq,
        any_seq,
        scale,
        ..
    } = &parts;
    let quals = qualifier_alternation(lw);
    let plurals = alternation(lw.plurals.iter().map(|(w, _, _)| w.as_str()));
    let of_plurals = alternation(OF_PLURALS.iter().map(|(w, _)| *w));
    let few = alternation(lw.few.iter().map(|(w, _, _)| w.as_str())).replace(' ', r"\s+");
    let zero = alternation(lw.zero.iter().map(String::as_str)).replace(' ', r"\s+");
    let mut fraction_words: Vec<&str> = FRACTIONS.iter().map(|(w, _)| *w).collect();
    fraction_words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let fraction_words = fraction_words.join("|");
    // "a half", "two-thirds", "three quarters", "half".
    let fraction_phrase =
        format!(r"(?:(?:an?|one|two|three)(?:\s+|{HYPHEN_RE})(?:{fraction_words})|half)");
    let scale_tail = format!(r"(?:\s+(?:{scale}))?");
    let fraction = [
        format!(r"(?:{digits}|{cardinal_seq})\s+and\s+{fraction_phrase}{scale_tail}"),
        format!(r"half\s+an?\s+(?:{scale}|dozen)"),
        format!(r"{fraction_phrase}{scale_tail}"),
    ]
    .join("|");
    // One figure that may stand at either end of a range.
    let simple =
        format!(r"(?:{fraction}|{digits}(?:\s+(?:{scale}|dozen))?|{cardinal_seq}(?:\s+dozen)?)");
    let body = [
        // "1 1/2", "3/4": copy's slash fractions, with the denominators it uses.
        r"(?:[0-9]+\s+)?[1-9]/[2348]".to_owned(),
        format!(
            r"{}\s+{simple}\s+{}\s+{simple}",
            lw.range_word("between"),
            lw.range_word("and")
        ),
        format!(
            r"{simple}\s+(?:{}|{})\s+{simple}",
            lw.range_word("to"),
            lw.range_word("or")
        ),
        format!(r"{digits}\s*{DASH_RE}\s*{digits}{scale_tail}"),
        fraction,
        format!(r"{digits}(?:st|nd|rd|th)"),
        format!(r"{digits}(?:\s+(?:{scale}|dozen))?"),
        r"half\s+an?\s+dozen".to_owned(),
        format!(r"an?\s+(?:dozen|(?:{scale})(?:(?:\s+and)?(?:\s+|{HYPHEN_RE}){any_seq})?)"),
        format!(r"{cardinal_seq}\s+dozen"),
        any_seq.clone(),
        format!(r"tens(?:\s+of\s+(?:{of_plurals}))?"),
        format!(r"(?:{plurals})(?:\s+of\s+(?:{of_plurals}))?"),
        few,
        zero,
    ]
    .join("|");
    let vulgar: String = VULGAR.iter().map(|(c, _)| *c).collect();
    // A vulgar fraction and a leading dot are not word characters, so they take their
    // own boundaries: "2½" ends on `½`, ".45" starts on a dot that must not follow a digit.
    format!(
        r"(?i:(?:\b(?:{quals})\s+)?(?:\b[0-9]*[{vulgar}](?:\s+(?:{scale})\b)?|\b(?:{body})\b|\B\.[0-9]+\b)(?:\s+or\s+so\b)?)"
    )
});

static ORDINAL_RE: PerLanguage<String> = PerLanguage::new(|language| {
    let parts = word_parts(WORDS.get(language));
    format!(
        r"(?i:\b(?:{}(?:st|nd|rd|th)|{})\b)",
        digits_re(language),
        parts.ordinal_seq
    )
});

/// Regex fragment (no capture groups) matching an optional qualifier and a number: digits
/// with thousands separators and decimals, optionally with a scale word ("2.5 million"),
/// number words ("seventy-one", "one hundred and twenty", "a dozen"), vague plurals
/// ("dozens") and ordinals ("fifth", "5th"). Case-insensitive by itself and bounded by `\b`
/// on both sides, so "one" never matches inside "someone".
pub fn number_regex() -> &'static str {
    number_regex_in(english())
}

/// [`number_regex`] for a language: its number words, scales and vague words.
pub fn number_regex_in(language: &'static Language) -> &'static str {
    NUMBER_RE.get(language).as_str()
}

/// Regex fragment (no capture groups) matching an ordinal only: "fifth", "5th",
/// "twenty-first", "first". Case-insensitive by itself and bounded by `\b`.
pub fn ordinal_regex() -> &'static str {
    ordinal_regex_in(english())
}

/// [`ordinal_regex`] for a language.
pub fn ordinal_regex_in(language: &'static Language) -> &'static str {
    ORDINAL_RE.get(language).as_str()
}

/// Lower-case, map typographic hyphens to '-', and collapse white space to single spaces.
fn normalize(text: &str) -> String {
    let lowered: String = text
        .chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => '-',
            other => other,
        })
        .collect::<String>()
        .to_lowercase();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Quote the offending input in an error, shortened so huge inputs give short errors.
fn quoted(text: &str) -> String {
    let trimmed = text.trim();
    let short: String = trimmed.chars().take(60).collect();
    if short.len() < trimmed.len() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

/// A number body without its qualifier.
struct Body {
    figure: f64,
    ordinal: bool,
    /// The figure exactly, when written in digits.
    exact: Option<Decimal>,
}

impl Body {
    fn exact(figure: f64) -> Self {
        Body {
            figure,
            ordinal: false,
            exact: None,
        }
    }
}

/// What a number body says, before its qualifier is applied.
enum Form {
    /// One figure.
    Single(Body),
    /// Two figures: "between 40 and 80", "40 to 80", "30 or 40".
    Range {
        lo: Body,
        hi: Body,
        joined: &'static str,
    },
    /// A vague quantity and its reading.
    Vague {
        word: String,
        lo: f64,
        hi: f64,
        hi_open: bool,
    },
}

fn strip_ordinal_suffix(s: &str) -> (&str, bool) {
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            return (rest, true);
        }
    }
    (s, false)
}

/// Split "1,200.5" into its digit string without separators and the count of decimals.
/// Rejects misplaced commas ("1,20") and anything but ASCII digits.
fn split_digits(s: &str) -> Option<(String, usize)> {
    let (int_part, frac_part) = match s.split_once('.') {
        // ".45": copy drops the leading zero (".45-caliber").
        Some(("", f)) => ("0", Some(f)),
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int_part.split(',').collect();
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| all_digits(g)) {
        return None;
    }
    if groups.len() > 1 {
        let first_ok = groups.first().is_some_and(|g| g.len() <= 3);
        let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return None;
        }
    }
    let mut digits: String = groups.concat();
    let mut decimals = 0;
    if let Some(frac) = frac_part {
        if !all_digits(frac) {
            return None;
        }
        digits.push_str(frac);
        decimals = frac.len();
    }
    Some((digits, decimals))
}

/// Digits times 10^exp, correctly rounded: going through the decimal string keeps
/// "1.1 million" exactly 1 100 000 instead of 1.1 * 1e6.
fn scaled(digits: &str, decimals: usize, exp: i64) -> Option<f64> {
    let exp = exp.checked_sub(i64::try_from(decimals).ok()?)?;
    format!("{digits}e{exp}").parse::<f64>().ok()
}

fn parse_digit_body(lw: &Words, tokens: &[&str]) -> Option<Body> {
    let (first, rest) = tokens.split_first()?;
    let (number, ordinal) = strip_ordinal_suffix(first);
    let (digits, decimals) = split_digits(number)?;
    if ordinal {
        // "5th" stands alone, and an ordinal has no decimals.
        if !rest.is_empty() || decimals > 0 {
            return None;
        }
        return Some(Body {
            figure: scaled(&digits, 0, 0)?,
            ordinal: true,
            exact: Decimal::from_digits(&digits, 0, 0),
        });
    }
    let mut exp: i64 = 0;
    let mut dozens = 0i32;
    for word in rest {
        if *word == "dozen" {
            dozens += 1;
        } else {
            let (_, e) = lw.scales.iter().find(|(w, _)| w == word)?;
            exp += i64::from(*e);
        }
    }
    let mut figure = scaled(&digits, decimals, exp)?;
    for _ in 0..dozens {
        figure *= 12.0;
    }
    Some(Body {
        exact: (dozens == 0)
            .then(|| Decimal::from_digits(&digits, decimals, exp))
            .flatten(),
        ..Body::exact(figure)
    })
}

/// Whether every word is one the regexes know: text2num also reads plurals ("tens" as 10,
/// "fives" as 5), which would turn "tens of people" into ten.
fn known_words(lw: &Words, words: &str) -> bool {
    words.split([' ', '-']).all(|w| {
        lw.is_word(w)
            || (lw.language.compound_numbers() && lw.is_compound(w))
            || lw
                .language
                .ordinal_endings()
                .iter()
                .any(|e| w.strip_suffix(e.as_str()).is_some_and(|o| lw.is_ordinal(o)))
    })
}

impl Words {
    /// A whole number word, or the word that joins them ("and").
    fn is_word(&self, w: &str) -> bool {
        w == self.language.number_joiner()
            || self.cardinals.iter().any(|c| c == w)
            || self.is_ordinal(w)
            || self.scales.iter().any(|(s, _)| s == w)
    }

    fn is_ordinal(&self, w: &str) -> bool {
        self.ordinals.iter().any(|o| o == w)
    }

    /// A word glued from number words ("dreiundzwanzig", "zweitausend",
    /// "einundzwanzigsten"), for languages that write numbers so.
    fn is_compound(&self, word: &str) -> bool {
        let joiner = self.language.number_joiner();
        let pieces = self
            .cardinals
            .iter()
            .chain(&self.ordinals)
            .map(String::as_str)
            .chain(self.scales.iter().map(|(s, _)| s.as_str()))
            .chain([joiner]);
        let pieces: Vec<&str> = pieces.filter(|p| !p.is_empty()).collect();
        if !joiner.is_empty() && word.starts_with(joiner) {
            return false;
        }
        // reached[i]: word[..i] is a run of pieces.
        let mut reached = vec![false; word.len() + 1];
        if let Some(first) = reached.first_mut() {
            *first = true;
        }
        for at in 0..word.len() {
            if !reached.get(at).copied().unwrap_or(false) {
                continue;
            }
            let Some(rest) = word.get(at..) else { continue };
            for piece in &pieces {
                if rest.starts_with(piece) {
                    if let Some(end) = reached.get_mut(at + piece.len()) {
                        *end = true;
                    }
                }
            }
        }
        let ends = |i: usize| reached.get(i).copied().unwrap_or(false);
        ends(word.len())
            || self.language.ordinal_endings().iter().any(|e| {
                word.strip_suffix(e.as_str())
                    .is_some_and(|stem| ends(stem.len()))
            })
    }
}

/// The value of a word number through text2num: (value, ordinal).
fn text2num_value(lw: &Words, words: &str) -> Option<(f64, bool)> {
    if !known_words(lw, words) {
        return None;
    }
    let digits = text2num::text2digits(words, &lw.language.text2num()).ok()?;
    let digits = digits.trim();
    // text2num writes an ordinal as "21st" in English and "21." in German.
    let (number, ordinal) = match digits.strip_suffix('.') {
        Some(number) => (number, true),
        None => strip_ordinal_suffix(digits),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((number.parse::<f64>().ok()?, ordinal))
}

/// Word numbers, with "trillion" split off by hand since text2num stops at billions.
fn word_value(lw: &Words, tokens: &[&str]) -> Option<(f64, bool)> {
    match tokens.iter().position(|t| *t == "trillion") {
        None => text2num_value(lw, &tokens.join(" ")),
        Some(at) => {
            let left = tokens.get(..at)?;
            let mut right = tokens.get(at + 1..)?;
            let (high, high_ordinal) = if left.is_empty() {
                (1.0, false)
            } else {
                text2num_value(lw, &left.join(" "))?
            };
            if high_ordinal {
                return None;
            }
            if let Some(("and", after)) = right.split_first().map(|(f, r)| (*f, r)) {
                right = after;
            }
            let (low, ordinal) = if right.is_empty() {
                (0.0, false)
            } else {
                text2num_value(lw, &right.join(" "))?
            };
            // "a trillion and five trillion" style nonsense: the remainder must be smaller.
            if low >= 1e12 {
                return None;
            }
            Some((high * 1e12 + low, ordinal))
        }
    }
}

/// A vague quantity's reading: (low, high, whether high is excluded).
fn parse_vague(lw: &Words, body: &str) -> Option<(f64, f64, bool)> {
    if let Some((_, lo, hi)) = lw.few.iter().find(|(w, _, _)| *w == body) {
        return Some((*lo, *hi, false));
    }
    let plural = |word: &str| {
        if word == "tens" {
            return Some((20.0, 100.0));
        }
        lw.plurals
            .iter()
            .find(|(w, _, _)| *w == word)
            .map(|(_, lo, hi)| (*lo, *hi))
    };
    let tokens: Vec<&str> = body.split(' ').collect();
    match tokens.as_slice() {
        [word] => plural(word).map(|(lo, hi)| (lo, hi, true)),
        [outer, "of", inner] => {
            let (lo, hi) = plural(outer)?;
            let (_, unit) = OF_PLURALS.iter().find(|(w, _)| w == inner)?;
            Some((lo * unit, hi * unit, true))
        }
        _ => None,
    }
}

/// "half", "a half", "a third", "two-thirds", "three quarters" as a value.
fn fraction_phrase(text: &str) -> Option<f64> {
    if text == "half" {
        return Some(0.5);
    }
    let (numerator, denominator) = text.split_once([' ', '-'])?;
    let numerator = match numerator {
        "a" | "an" | "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        _ => return None,
    };
    let (_, denominator) = FRACTIONS.iter().find(|(w, _)| *w == denominator)?;
    // "three halves" is not how copy writes 1.5, and "a thirds" is not English.
    let plural = text.ends_with('s');
    if (numerator > 1.0) != plural || numerator >= *denominator {
        return None;
    }
    Some(numerator / denominator)
}

/// Fractions and mixed numbers: "2½", "two and a half", "half a million",
/// "two-thirds", "1 and a quarter million".
fn parse_fraction(lw: &Words, body: &str) -> Option<f64> {
    if let Some((head, scale)) = body.rsplit_once(' ') {
        if let Some((_, exp)) = lw.scales.iter().find(|(w, _)| *w == scale) {
            let factor = 10f64.powi(*exp);
            if let Some(rest) = head
                .strip_prefix("half a ")
                .or_else(|| head.strip_prefix("half an "))
            {
                return rest.is_empty().then_some(0.5 * factor);
            }
            if head == "half a" || head == "half an" {
                return Some(0.5 * factor);
            }
            return parse_fraction(lw, head).map(|v| v * factor);
        }
    }
    if let Some((_, frac)) = VULGAR.iter().find(|(c, _)| body.ends_with(*c)) {
        let whole = body.trim_end_matches(|c| VULGAR.iter().any(|(v, _)| *v == c));
        if whole.is_empty() {
            return Some(*frac);
        }
        let (digits, decimals) = split_digits(whole)?;
        if decimals > 0 || body.chars().count() != whole.chars().count() + 1 {
            return None;
        }
        return Some(scaled(&digits, 0, 0)? + frac);
    }
    if let Some(v) = fraction_phrase(body) {
        return Some(v);
    }
    if let Some((head, denominator)) = body.rsplit_once('/') {
        let (whole, numerator) = match head.rsplit_once(' ') {
            Some((whole, numerator)) => (Some(whole), numerator),
            None => (None, head),
        };
        let small = |s: &str| {
            (s.len() == 1 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<f64>().ok())
                .flatten()
        };
        let (n, d) = (small(numerator)?, small(denominator)?);
        if n == 0.0 || n >= d || ![2.0, 3.0, 4.0, 8.0].contains(&d) {
            return None;
        }
        let whole = match whole {
            Some(w) => {
                let (digits, decimals) = split_digits(w)?;
                if decimals > 0 {
                    return None;
                }
                scaled(&digits, 0, 0)?
            }
            None => 0.0,
        };
        return Some(whole + n / d);
    }
    let (whole, fraction) = body.rsplit_once(" and ")?;
    let fraction = fraction_phrase(fraction)?;
    if fraction >= 1.0 {
        return None;
    }
    let whole = parse_body(lw, whole)?;
    if whole.ordinal {
        return None;
    }
    Some(whole.figure + fraction)
}

/// One figure: a fraction or a plain number.
fn parse_single(lw: &Words, body: &str) -> Option<Body> {
    if let Some(v) = parse_fraction(lw, body) {
        return Some(Body::exact(v));
    }
    parse_body(lw, body)
}

/// The trailing scale word of a figure ("2 million" -> 6), if any.
fn scale_of(lw: &Words, text: &str) -> Option<i32> {
    let last = text.rsplit(' ').next()?;
    lw.scales.iter().find(|(w, _)| *w == last).map(|(_, e)| *e)
}

/// "between 40 and 80", "40 to 80", "30 or 40", "40-80".
fn parse_range(lw: &Words, body: &str) -> Option<Form> {
    let (text, separators): (&str, &[&str]) = match body.strip_prefix("between ") {
        Some(rest) => (rest, &[" and "]),
        None => (body, &[" to ", " or ", "-"]),
    };
    for separator in separators {
        for (at, _) in text.match_indices(separator) {
            let (Some(left), Some(right)) = (text.get(..at), text.get(at + separator.len()..))
            else {
                continue;
            };
            let (left, right) = (left.trim(), right.trim());
            let digit_start = |s: &str| s.starts_with(|c: char| c.is_ascii_digit() || c == '.');
            // A hyphen joins word numbers ("seventy-one"): only digits make a range.
            if *separator == "-" && !(digit_start(left) && digit_start(right)) {
                continue;
            }
            let (Some(lo), Some(hi)) = (parse_single(lw, left), parse_single(lw, right)) else {
                continue;
            };
            if lo.ordinal || hi.ordinal {
                return None;
            }
            let mut lo = lo;
            // "between 1.5 and 2 million": the scale word covers both figures.
            if let (None, Some(exp)) = (scale_of(lw, left), scale_of(lw, right)) {
                let scaled_lo = lo.figure * 10f64.powi(exp);
                if scaled_lo <= hi.figure {
                    lo = Body {
                        figure: scaled_lo,
                        ordinal: false,
                        exact: lo.exact.and_then(|d| d.times_ten_to(exp)),
                    };
                }
            }
            let joined = if *separator == " or " { "or" } else { "to" };
            return Some(Form::Range { lo, hi, joined });
        }
    }
    None
}

fn parse_form(lw: &Words, body: &str) -> Option<Form> {
    if lw.zero.iter().any(|z| z == body) {
        return Some(Form::Single(Body::exact(0.0)));
    }
    if let Some((lo, hi, hi_open)) = parse_vague(lw, body) {
        return Some(Form::Vague {
            word: body.to_owned(),
            lo,
            hi,
            hi_open,
        });
    }
    if let Some(single) = parse_single(lw, body) {
        return Some(Form::Single(single));
    }
    parse_range(lw, body)
}

fn parse_body(lw: &Words, body: &str) -> Option<Body> {
    let tokens: Vec<&str> = body.split(' ').collect();
    if let ["half", "a" | "an", "dozen"] = tokens.as_slice() {
        return Some(Body::exact(6.0));
    }
    let first = tokens.first()?;
    if first.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return parse_digit_body(lw, &tokens);
    }
    // "a dozen", "a hundred and twenty": "a" stands for "one" before a scale word.
    let mut words: Vec<&str> = tokens.clone();
    if matches!(*first, "a" | "an") {
        match words.get_mut(0) {
            Some(slot) => *slot = "one",
            None => return None,
        }
        let next = words.get(1)?;
        let is_scale = *next == "dozen" || lw.scales.iter().any(|(w, _)| w == next);
        if !is_scale {
            return None;
        }
    }
    let mut dozens = 0i32;
    while words.len() > 1 && words.last() == Some(&"dozen") {
        words.pop();
        dozens += 1;
    }
    let (mut figure, ordinal) = word_value(lw, &words)?;
    if ordinal && dozens > 0 {
        return None;
    }
    for _ in 0..dozens {
        figure *= 12.0;
    }
    Some(Body {
        figure,
        ordinal,
        exact: None,
    })
}

impl Interval {
    /// The interval a qualifier puts around a figure (see the module doc for the table);
    /// `exact` is the figure exactly, for the ends that are the figure itself.
    pub fn for_qualifier(qualifier: Qualifier, n: f64, exact: Option<Decimal>) -> Interval {
        let interval = Interval::for_figure(qualifier, n);
        let (lo_exact, hi_exact) = match qualifier {
            Qualifier::Exact => (exact, exact),
            Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::JustOver => (exact, None),
            Qualifier::Nearly | Qualifier::UpTo | Qualifier::LessThan => (None, exact),
            Qualifier::About => (None, None),
        };
        Interval {
            lo_exact,
            hi_exact,
            ..interval
        }
    }

    fn for_figure(qualifier: Qualifier, n: f64) -> Interval {
        let closed = |lo: f64, hi: f64| Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
            lo_exact: None,
            hi_exact: None,
        };
        match qualifier {
            Qualifier::Exact => closed(n, n),
            Qualifier::About => {
                // n / 10 rather than 0.1 * n: exact for the round figures reporters use.
                let d = (n / 10.0).max(1.0);
                closed((n - d).max(0.0), n + d)
            }
            Qualifier::Nearly => Interval {
                lo: n - n / 10.0,
                hi: n,
                lo_open: false,
                hi_open: true,
                lo_exact: None,
                hi_exact: None,
            },
            Qualifier::MoreThan => Interval {
                lo: n,
                hi: f64::INFINITY,
                lo_open: true,
                hi_open: true,
                lo_exact: None,
                hi_exact: None,
            },
            Qualifier::AtLeast => Interval {
                lo: n,
                hi: f64::INFINITY,
                lo_open: false,
                hi_open: true,
                lo_exact: None,
                hi_exact: None,
            },
            Qualifier::JustOver => Interval {
                lo: n,
                hi: n + (n / 10.0).max(1.0),
                lo_open: true,
                hi_open: false,
                lo_exact: None,
                hi_exact: None,
            },
            Qualifier::UpTo => closed(0.0, n),
            Qualifier::LessThan => Interval {
                lo: 0.0,
                hi: n,
                lo_open: false,
                hi_open: true,
                lo_exact: None,
                hi_exact: None,
            },
        }
    }

    /// "[63, 70)", "(100, ∞)", "[5, 5]"; integers without ".0".
    pub fn display(&self) -> String {
        format!(
            "{}{}, {}{}",
            if self.lo_open { '(' } else { '[' },
            end_text(self.lo, self.lo_exact),
            end_text(self.hi, self.hi_exact),
            if self.hi_open { ')' } else { ']' },
        )
    }

    /// Whether the interval is a single closed point.
    fn is_point(&self) -> bool {
        self.lo_end().cmp(self.hi_end()) == Ordering::Equal && !self.lo_open && !self.hi_open
    }

    /// Whether every point of `other` lies in `self`.
    fn contains(&self, other: &Interval) -> bool {
        let lo_ok = match self.lo_end().cmp(other.lo_end()) {
            Ordering::Less => true,
            Ordering::Equal => !self.lo_open || other.lo_open,
            Ordering::Greater => false,
        };
        let hi_ok = match self.hi_end().cmp(other.hi_end()) {
            Ordering::Greater => true,
            Ordering::Equal => !self.hi_open || other.hi_open,
            Ordering::Less => false,
        };
        lo_ok && hi_ok
    }

    /// Whether two intervals hold the same points (a figure in digits and in words can).
    fn same_as(&self, other: &Interval) -> bool {
        self.lo_end().cmp(other.lo_end()) == Ordering::Equal
            && self.hi_end().cmp(other.hi_end()) == Ordering::Equal
            && self.lo_open == other.lo_open
            && self.hi_open == other.hi_open
    }

    fn lo_end(&self) -> End {
        End(self.lo, self.lo_exact)
    }

    fn hi_end(&self) -> End {
        End(self.hi, self.hi_exact)
    }
}

/// A figure or an interval's end: its `f64` and, when written in digits, its exact value.
#[derive(Clone, Copy)]
struct End(f64, Option<Decimal>);

impl End {
    /// The order of two ends: exact when both are exact, so that figures an `f64`
    /// rounds to one value stay apart; by their `f64` otherwise.
    fn cmp(self, other: End) -> Ordering {
        match (self.1, other.1) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.0.partial_cmp(&other.0).unwrap_or(Ordering::Equal),
        }
    }

    /// Of two ends with their openness, the one further `inward` (`Greater` for
    /// lower ends, `Less` for upper ends); of two equal ends, the open one.
    fn inner(a: (End, bool), b: (End, bool), inward: Ordering) -> (End, bool) {
        match a.0.cmp(b.0) {
            Ordering::Equal => (End(a.0 .0, a.0 .1.or(b.0 .1)), a.1 || b.1),
            order if order == inward => a,
            _ => b,
        }
    }

    /// The distance to `other` (zero when `other` is higher), exact when it can be,
    /// as text and as a number.
    fn gap_below(self, other: End) -> (String, f64) {
        if self.cmp(other) != Ordering::Greater {
            return ("0".to_owned(), 0.0);
        }
        match self.1.zip(other.1).and_then(|(a, b)| a.abs_diff(b)) {
            Some(d) => (end_text(d.to_f64(), Some(d)), d.to_f64()),
            None => {
                let gap = (self.0 - other.0).max(0.0);
                (fmt_num(gap), gap)
            }
        }
    }
}

/// An end as text: what was written when the `f64` does not hold it exactly.
fn end_text(x: f64, exact: Option<Decimal>) -> String {
    let Some(d) = exact else {
        return fmt_num(x);
    };
    // `x` printed once tells whether it is what was written and is what
    // `fmt_num` prints of it, most of the time.
    let printed = shown(x);
    if !d.is_shown_as(&printed) {
        return d.to_string();
    }
    fmt_printed(x, Some(printed))
}

/// Integers without ".0", other values to at most six decimals, infinity as "∞".
fn fmt_num(x: f64) -> String {
    fmt_printed(x, None)
}

/// [`fmt_num`], given `x` as Rust prints it when it was printed already.
fn fmt_printed(x: f64, printed: Option<String>) -> String {
    if x.is_infinite() {
        return if x > 0.0 {
            "∞".to_owned()
        } else {
            "-∞".to_owned()
        };
    }
    if x == 0.0 {
        // Avoid "-0".
        return "0".to_owned();
    }
    if x.fract() == 0.0 {
        return printed.unwrap_or_else(|| shown(x));
    }
    let rounded = (x * 1e6).round() / 1e6;
    match printed {
        Some(printed) if rounded == x => printed,
        _ => shown(rounded),
    }
}

/// The suffix of an ordinal shown as `digits` ("1" -> "st", "12" -> "th"): read
/// from the text, which holds the written figure even where an f64 rounds it.
fn ordinal_suffix(digits: &str) -> &'static str {
    let tail: String = digits.chars().rev().take(2).collect();
    let tail: String = tail.chars().rev().collect();
    let last_two: u32 = tail.parse().unwrap_or(0);
    let last = last_two % 10;
    match (last_two, last) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

impl Qualifier {
    /// The canonical English words for the qualifier ("" for exact): "about", "nearly",
    /// "more than", "at least", "up to", "less than".
    pub fn label(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::MoreThan => "more than",
            Qualifier::AtLeast => "at least",
            Qualifier::UpTo => "up to",
            Qualifier::LessThan => "less than",
            Qualifier::JustOver => "just over",
        }
    }

    /// The hedge a qualifier puts on a stated figure.
    pub fn hedge(self) -> Hedge {
        match self {
            Qualifier::Exact => Hedge::None,
            Qualifier::About => Hedge::About,
            Qualifier::Nearly | Qualifier::JustOver => Hedge::Tight,
            Qualifier::MoreThan => Hedge::MoreThan,
            Qualifier::AtLeast => Hedge::AtLeast,
            Qualifier::UpTo => Hedge::AtMost,
            Qualifier::LessThan => Hedge::LessThan,
        }
    }
}

impl NumberValue {
    /// The order of two figures as written, exact for figures in digits.
    pub fn cmp_figure(&self, other: &NumberValue) -> Ordering {
        End(self.figure, self.exact).cmp(End(other.figure, other.exact))
    }

    /// "70", "nearly 70", "about 30", "5th", "more than 100", "40 to 80", "dozens".
    pub fn display(&self) -> String {
        let mut figure = end_text(self.figure, self.exact);
        if self.ordinal {
            figure.push_str(ordinal_suffix(&figure));
        }
        if let Some(word) = &self.vague {
            figure.clone_from(word);
        } else if let (Some(upper), Some(joined)) = (self.upper, self.joined) {
            figure = format!("{figure} {joined} {}", end_text(upper, self.upper_exact));
        }
        match self.qualifier {
            Qualifier::Exact => figure,
            q => format!("{} {figure}", q.label()),
        }
    }
}

impl Tolerance {
    /// "2", "10%".
    pub fn display(&self) -> String {
        match self {
            Tolerance::Absolute(t) => fmt_num(*t),
            Tolerance::Percent(p) => format!("{}%", fmt_num(*p)),
        }
    }
}

/// Parse what `number_regex`/`ordinal_regex` matched (case-insensitive, surrounding white
/// space tolerated). Errors are short and lower case: "not a number: `foo`".
pub fn parse(text: &str) -> Result<NumberValue, String> {
    parse_in(text, english())
}

/// [`parse`] with a language's number words (what [`number_regex_in`] matched).
pub fn parse_in(text: &str, language: &'static Language) -> Result<NumberValue, String> {
    parse_english_digits(&language.english_digits(text), language)
}

/// [`parse_in`] for text whose figures are already written the English way
/// ([`Language::english_digits`]), with the language's words.
pub(crate) fn parse_english_digits(
    text: &str,
    language: &'static Language,
) -> Result<NumberValue, String> {
    let lw = WORDS.get(language);
    let norm = normalize(text);
    if norm.is_empty() {
        return Err("not a number: empty text".to_owned());
    }
    let mut qualifier = None;
    // "a dozen or so": about.
    let (norm, or_so) = match norm.strip_suffix(" or so") {
        Some(rest) => (rest.to_owned(), true),
        None => (norm, false),
    };
    let mut body = norm.as_str();
    for (phrase, q) in &lw.qualifiers {
        if let Some(rest) = norm.strip_prefix(phrase).and_then(|r| r.strip_prefix(' ')) {
            qualifier = Some(*q);
            body = rest;
            break;
        }
    }
    // After the qualifier, which may hold a range word ("bis zu").
    let body = lw.english_range_words(body.to_owned());
    let form = parse_form(lw, &body).ok_or_else(|| format!("not a number: {}", quoted(text)))?;
    let finite = |x: f64| {
        if x.is_finite() {
            Ok(x)
        } else {
            Err(format!("number too large: {}", quoted(text)))
        }
    };
    let written = qualifier.unwrap_or(if or_so {
        Qualifier::About
    } else {
        Qualifier::Exact
    });
    let value = match form {
        Form::Single(body) => {
            let figure = finite(body.figure)?;
            NumberValue {
                figure,
                qualifier: written,
                interval: Interval::for_qualifier(written, figure, body.exact),
                ordinal: body.ordinal,
                hedge: written.hedge(),
                exact: body.exact,
                upper: None,
                upper_exact: None,
                vague: None,
                joined: None,
            }
        }
        Form::Range { lo, hi, joined } => {
            let (lo, hi) = (End(lo.figure, lo.exact), End(hi.figure, hi.exact));
            let (lo, hi) = if lo.cmp(hi) == Ordering::Greater {
                (hi, lo)
            } else {
                (lo, hi)
            };
            let (lo, hi) = (End(finite(lo.0)?, lo.1), End(finite(hi.0)?, hi.1));
            NumberValue {
                figure: lo.0,
                qualifier: written,
                interval: qualified_span(written, lo, hi, false),
                ordinal: false,
                hedge: open_or(written, Hedge::Range),
                exact: lo.1,
                upper: Some(hi.0),
                upper_exact: hi.1,
                vague: None,
                joined: Some(joined),
            }
        }
        Form::Vague {
            word,
            lo,
            hi,
            hi_open,
        } => NumberValue {
            figure: lo,
            qualifier: written,
            interval: qualified_span(written, End(lo, None), End(hi, None), hi_open),
            ordinal: false,
            hedge: open_or(written, Hedge::Vague),
            exact: None,
            upper: None,
            upper_exact: None,
            vague: Some(word),
            joined: None,
        },
    };
    Ok(value)
}

/// The hedge of a range or vague quantity: an open-ended qualifier wins ("more than
/// 30 or 40" is a lower bound), anything else keeps the form's own hedge.
fn open_or(qualifier: Qualifier, form: Hedge) -> Hedge {
    let hedge = qualifier.hedge();
    if hedge.open_ended() {
        hedge
    } else {
        form
    }
}

/// The interval of a span of values [lo, hi] (a range or a vague reading) under a
/// qualifier: "about" widens both ends, open-ended qualifiers keep one end, tight
/// qualifiers change nothing (a span is already approximate).
fn qualified_span(qualifier: Qualifier, lo: End, hi: End, hi_open: bool) -> Interval {
    let span = Interval {
        lo: lo.0,
        hi: hi.0,
        lo_open: false,
        hi_open,
        lo_exact: lo.1,
        hi_exact: hi.1,
    };
    let (lo, hi) = (lo.0, hi.0);
    match qualifier {
        Qualifier::Exact | Qualifier::Nearly | Qualifier::JustOver => span,
        Qualifier::About => Interval {
            lo: (lo - (lo / 10.0).max(1.0)).max(0.0),
            hi: hi + (hi / 10.0).max(1.0),
            lo_exact: None,
            hi_exact: None,
            ..span
        },
        Qualifier::MoreThan | Qualifier::AtLeast => Interval {
            hi: f64::INFINITY,
            lo_open: qualifier == Qualifier::MoreThan,
            hi_open: true,
            hi_exact: None,
            ..span
        },
        Qualifier::UpTo | Qualifier::LessThan => Interval {
            lo: 0.0,
            lo_open: false,
            hi_open: hi_open || qualifier == Qualifier::LessThan,
            lo_exact: None,
            ..span
        },
    }
}

/// Parse a tolerance as written in YAML: "2", "0.5", "10%" (a space before `%` is fine).
/// Errors on negatives, exponents, infinities and anything else.
pub fn parse_tolerance(text: &str) -> Result<Tolerance, String> {
    let trimmed = text.trim();
    let (number, percent) = match trimmed.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (trimmed, false),
    };
    // Plain decimals only: f64's parser would also take "inf", "NaN", "1e3" and "-2".
    let well_formed = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().filter(|b| *b == b'.').count() <= 1
        && number.bytes().any(|b| b.is_ascii_digit());
    let value = if well_formed {
        number.parse::<f64>().ok().filter(|v| v.is_finite())
    } else {
        None
    };
    match value {
        Some(v) if percent => Ok(Tolerance::Percent(v)),
        Some(v) => Ok(Tolerance::Absolute(v)),
        None => Err(format!(
            "invalid tolerance: {} (expected e.g. \"2\" or \"10%\")",
            quoted(text)
        )),
    }
}

/// Do two figures agree? Returns (agree, explanation). Values agree when their intervals
/// meet (share at least one point, honouring open ends) or, with a tolerance, when the gap
/// between the intervals is at most the tolerance (a percentage is relative to the larger
/// figure). The explanation is short and concrete: "[27, 33] contains 31",
/// "[63, 70) and [70, 70] do not meet (gap 0, open end)".
pub fn compare(a: &NumberValue, b: &NumberValue, tolerance: Option<Tolerance>) -> (bool, String) {
    let allowance = tolerance.map(|tol| match tol {
        Tolerance::Absolute(t) => Allowance {
            amount: t,
            name: "tolerance",
            shown: tol.display(),
        },
        Tolerance::Percent(p) => {
            let amount = p / 100.0 * a.figure.abs().max(b.figure.abs());
            Allowance {
                amount,
                name: "tolerance",
                shown: format!("{} ({})", tol.display(), fmt_num(amount)),
            }
        }
    });
    compare_allowing(a, b, allowance)
}

/// A gap two figures may have and still agree, as a reason names it: the
/// slot's `tolerance`, or a kind's own allowance (a quantity's conversion
/// rounding, in its base unit).
pub struct Allowance<'a> {
    /// The largest gap that agrees.
    pub amount: f64,
    /// Its name in the reason ("tolerance", "conversion rounding").
    pub name: &'a str,
    /// Its amount as the reason shows it ("2", "10% (4.3)", "997.793 m").
    pub shown: String,
}

/// [`compare`] with the allowance stated, so that a kind names its own and
/// prints its amount the way its other figures print.
pub fn compare_allowing(
    a: &NumberValue,
    b: &NumberValue,
    allowance: Option<Allowance<'_>>,
) -> (bool, String) {
    let (ia, ib) = (&a.interval, &b.interval);
    // The overlap candidate: the higher lower end and the lower upper end.
    let (lo, lo_open) = End::inner(
        (ia.lo_end(), ia.lo_open),
        (ib.lo_end(), ib.lo_open),
        Ordering::Greater,
    );
    let (hi, hi_open) = End::inner(
        (ia.hi_end(), ia.hi_open),
        (ib.hi_end(), ib.hi_open),
        Ordering::Less,
    );
    let meet = match lo.cmp(hi) {
        Ordering::Less => true,
        Ordering::Equal => !lo_open && !hi_open,
        Ordering::Greater => false,
    };
    if meet {
        let shown = |i: &Interval| {
            if i.is_point() {
                end_text(i.lo, i.lo_exact)
            } else {
                i.display()
            }
        };
        let text = if ia.same_as(ib) {
            format!("both are {}", shown(ia))
        } else if ia.contains(ib) {
            format!("{} contains {}", ia.display(), shown(ib))
        } else if ib.contains(ia) {
            format!("{} contains {}", ib.display(), shown(ia))
        } else {
            let overlap = Interval {
                lo: lo.0,
                hi: hi.0,
                lo_open,
                hi_open,
                lo_exact: lo.1,
                hi_exact: hi.1,
            };
            format!(
                "{} and {} overlap on {}",
                ia.display(),
                ib.display(),
                overlap.display()
            )
        };
        return (true, text);
    }
    let (gap_text, gap) = lo.gap_below(hi);
    let mut text = format!(
        "{} and {} do not meet (gap {gap_text}",
        ia.display(),
        ib.display(),
    );
    if gap == 0.0 {
        text.push_str(", open end");
    }
    text.push(')');
    let Some(Allowance {
        amount,
        name,
        shown,
    }) = allowance
    else {
        return (false, text);
    };
    // A zero allowance widens nothing, so it must not close an open end either.
    if amount > 0.0 && gap <= amount {
        (true, format!("{text} but are within {name} {shown}"))
    } else {
        (false, format!("{text}, beyond {name} {shown}"))
    }
}

/// Whether the wording leaves one side open: "at least", "more than", "up to",
/// "less than". Such a figure agrees with any figure on its open side, so two
/// outlets can state very different figures and still "agree".
pub fn is_open_hedge(value: &NumberValue) -> bool {
    matches!(
        value.hedge,
        Hedge::AtLeast | Hedge::MoreThan | Hedge::AtMost | Hedge::LessThan
    )
}

/// For two figures whose intervals agree: when they state different figures
/// (beyond the tolerance) and agree only because at least one is hedged
/// open-endedly, the two figures in words ("at least 2 vs 17"); otherwise
/// `None`. Symmetric in `a` and `b`.
pub fn hedged_difference(
    a: &NumberValue,
    b: &NumberValue,
    tolerance: Option<Tolerance>,
) -> Option<String> {
    // A vague quantity ("dozens") states no figure to differ from.
    let vague = |v: &NumberValue| v.hedge == Hedge::Vague;
    let (fa, fb) = (End(a.figure, a.exact), End(b.figure, b.exact));
    let order = fa.cmp(fb);
    if !(is_open_hedge(a) || is_open_hedge(b)) || vague(a) || vague(b) || order == Ordering::Equal {
        return None;
    }
    let (_, gap) = if order == Ordering::Greater {
        fa.gap_below(fb)
    } else {
        fb.gap_below(fa)
    };
    let allowed = match tolerance {
        Some(Tolerance::Absolute(t)) => t,
        Some(Tolerance::Percent(p)) => p / 100.0 * a.figure.abs().max(b.figure.abs()),
        None => 0.0,
    };
    if gap <= allowed {
        return None;
    }
    // Lower figure first, so the text is the same in either order.
    let (low, high) = if order == Ordering::Less {
        (a, b)
    } else {
        (b, a)
    };
    Some(format!(
        "different figures ({} vs {}) agree only through a hedge",
        low.display(),
        high.display()
    ))
}

/// `{number}`: digits, number words, ordinals, with a qualifier.
pub static NUMBER_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "number",
    regex: number_regex_in,
    // "dozens of people": `{number} people` reads it; the `of` is not part of the value.
    trailer: r"(?:\s+of\b)?",
    glued: false,
    may_be_cut: true,
};

/// `{ordinal}`: "fifth", "5th".
pub static ORDINAL_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "ordinal",
    regex: ordinal_regex_in,
    trailer: "",
    glued: false,
    may_be_cut: false,
};

const FIGURE_KEYS: &[super::SlotKey] = &[
    super::SlotKey::Tolerance,
    super::SlotKey::Hedges,
    super::SlotKey::Grows,
];

/// The `number` kind.
pub static NUMBER: super::KindDef = super::KindDef {
    name: "number",
    doc: "A figure: digits, number words, ordinals, with qualifiers as intervals.",
    placeholders: &[&NUMBER_PLACEHOLDER, &ORDINAL_PLACEHOLDER],
    keys: FIGURE_KEYS,
    example: "fired {number} missiles",
    parse: |raw, _, language, _| parse_figure(raw, false, language),
    parse_expected: None,
    compare: compare_values,
    check_tolerance: None,
    fullest_first: false,
};

/// The `count` kind: a whole-number figure.
pub static COUNT: super::KindDef = super::KindDef {
    name: "count",
    doc: "A whole-number figure (a count of days, missiles, victims).",
    placeholders: &[&NUMBER_PLACEHOLDER, &ORDINAL_PLACEHOLDER],
    keys: FIGURE_KEYS,
    example: "fired {number} missiles",
    parse: |raw, _, language, _| parse_figure(raw, true, language),
    parse_expected: None,
    compare: compare_values,
    check_tolerance: None,
    fullest_first: false,
};

/// Captured text to a figure value; `whole` rejects fractions (`count`).
fn parse_figure(
    raw: &str,
    whole: bool,
    language: &'static Language,
) -> Result<(super::Value, String), String> {
    let value = parse_in(raw, language)?;
    let is_whole = |x: f64| x.fract() == 0.0;
    if whole && !(is_whole(value.figure) && value.upper.is_none_or(is_whole)) {
        return Err(format!("a count must be a whole number: `{}`", raw.trim()));
    }
    let why = format!("`{}` -> {}", raw.trim(), value.interval.display());
    Ok((super::Value::Number(Box::new(value)), why))
}

/// Two figures agree when their intervals (widened by the tolerance) meet;
/// figures that agree only through a hedge are a `figure` variant unless the
/// slot says `hedges: lenient`.
fn compare_values(
    a: &super::Value,
    b: &super::Value,
    options: &super::ValueOptions,
) -> super::Comparison {
    use super::{Comparison, Hedges, Nuance, Verdict};
    let (super::Value::Number(a), super::Value::Number(b)) = (a, b) else {
        return super::mismatched();
    };
    let (agree, why) = compare(a, b, options.tolerance);
    if !agree {
        return Comparison::new(Verdict::Different, why);
    }
    match hedged_difference(a, b, options.tolerance) {
        Some(figures) if options.hedges == Hedges::Strict => Comparison {
            nuance: Some(Nuance::Figure),
            ..Comparison::new(Verdict::Variant, figures)
        },
        _ => Comparison::new(Verdict::Same, why),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use regex::Regex;

    fn num(text: &str) -> NumberValue {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn iv(text: &str) -> String {
        num(text).interval.display()
    }

    fn agree(a: &str, b: &str, tol: Option<&str>) -> bool {
        let tol = tol.map(|t| parse_tolerance(t).unwrap());
        compare(&num(a), &num(b), tol).0
    }

    fn whole(re: &str) -> Regex {
        Regex::new(&format!("^(?:{re})$")).unwrap()
    }

    fn find<'a>(re: &str, hay: &'a str) -> Option<&'a str> {
        Regex::new(re).unwrap().find(hay).map(|m| m.as_str())
    }

    #[test]
    fn regexes_compile_without_captures() {
        for re in [number_regex(), ordinal_regex()] {
            let compiled = Regex::new(re).unwrap();
            assert_eq!(compiled.captures_len(), 1, "{re}");
        }
    }

    #[test]
    fn words() {
        assert_eq!(num("seventy-one").figure, 71.0);
        assert_eq!(num("two").figure, 2.0);
        assert_eq!(num("Two").figure, 2.0);
        assert_eq!(num("one hundred and twenty").figure, 120.0);
        assert_eq!(num("  one\n hundred   and twenty ").figure, 120.0);
        assert_eq!(num("seventy\u{2011}one").figure, 71.0);
        assert_eq!(num("zero").figure, 0.0);
        assert_eq!(num("two thousand and five").figure, 2005.0);
        assert_eq!(num("one trillion").figure, 1e12);
        assert_eq!(num("two trillion and five").figure, 2e12 + 5.0);
        let seventy_one = num("seventy-one");
        assert_eq!(seventy_one.qualifier, Qualifier::Exact);
        assert!(!seventy_one.ordinal);
    }

    #[test]
    fn dozens_and_a_forms() {
        assert_eq!(num("a dozen").figure, 12.0);
        assert_eq!(num("half a dozen").figure, 6.0);
        assert_eq!(num("two dozen").figure, 24.0);
        assert_eq!(num("3 dozen").figure, 36.0);
        assert_eq!(num("a hundred").figure, 100.0);
        assert_eq!(num("A hundred and twenty").figure, 120.0);
        assert_eq!(num("a million").figure, 1e6);
        assert_eq!(num("a trillion").figure, 1e12);
        let dozens = num("dozens");
        assert_eq!(dozens.figure, 24.0);
        assert_eq!(dozens.qualifier, Qualifier::Exact);
        assert_eq!(dozens.hedge, Hedge::Vague);
        assert_eq!(dozens.display(), "dozens");
        assert_eq!(num("tens of thousands").figure, 20_000.0);
        assert_eq!(num("hundreds of thousands").figure, 200_000.0);
        assert_eq!(num("nearly hundreds").qualifier, Qualifier::Nearly);
        assert!(parse("a").is_err());
        assert!(parse("a two").is_err());
        assert!(parse("fifth dozen").is_err());
    }

    #[test]
    fn ordinals() {
        let fifth = num("5th");
        assert_eq!((fifth.figure, fifth.ordinal), (5.0, true));
        assert_eq!(fifth.qualifier, Qualifier::Exact);
        assert_eq!(fifth.interval.display(), "[5, 5]");
        let fifth = num("fifth");
        assert_eq!((fifth.figure, fifth.ordinal), (5.0, true));
        let t = num("twenty-first");
        assert_eq!((t.figure, t.ordinal), (21.0, true));
        assert_eq!(t.display(), "21st");
        assert_eq!(num("first").display(), "1st");
        assert_eq!(num("second").display(), "2nd");
        assert_eq!(num("twelfth").display(), "12th");
        assert_eq!(num("113th").display(), "113th");
        assert_eq!(num("1,000th").figure, 1000.0);
        assert!(parse("5.5th").is_err());
        assert!(parse("5th million").is_err());
        // An ordinal and a cardinal of the same value agree.
        assert!(agree("fifth", "5", None));
    }

    #[test]
    fn digits_and_scales() {
        assert_eq!(num("1,200").figure, 1200.0);
        assert_eq!(num("1,234,567.5").figure, 1_234_567.5);
        assert_eq!(num("2.5").figure, 2.5);
        assert_eq!(num("2.5 million").figure, 2_500_000.0);
        assert_eq!(num("1.1 million").figure, 1_100_000.0);
        assert_eq!(num("3 Billion").figure, 3e9);
        assert_eq!(num("0.000001 trillion").figure, 1e6);
        assert!(parse("1,20").is_err());
        assert!(parse("1,2345").is_err());
        assert!(parse("12,345,67").is_err());
        assert!(parse("1..2").is_err());
        assert!(parse("2.").is_err());
        assert!(parse("2 missiles").is_err());
        assert!(parse("٣٠").is_err());
    }

    #[test]
    fn qualifier_intervals() {
        assert_eq!(iv("nearly 70"), "[63, 70)");
        assert_eq!(num("nearly 70").display(), "nearly 70");
        assert_eq!(iv("around 30"), "[27, 33]");
        assert_eq!(iv("near 1,450"), "[1305, 1595]");
        assert_eq!(iv("nearly 70"), "[63, 70)");
        assert_eq!(num("around 30").display(), "about 30");
        assert_eq!(iv("about 5"), "[4, 6]");
        assert_eq!(iv("about 0.5"), "[0, 1.5]");
        assert_eq!(iv("Close to 1,000"), "[900, 1100]");
        assert_eq!(iv("just under 100"), "[90, 100)");
        assert_eq!(iv("more than 100"), "(100, ∞)");
        assert_eq!(num("over 100").display(), "more than 100");
        assert_eq!(iv("at least 5"), "[5, ∞)");
        assert_eq!(iv("no fewer than five"), "[5, ∞)");
        assert_eq!(iv("up to 10"), "[0, 10]");
        assert_eq!(iv("as many as ten"), "[0, 10]");
        assert_eq!(iv("fewer than 10"), "[0, 10)");
        assert_eq!(iv("some 2.5 million"), "[2250000, 2750000]");
        assert_eq!(iv("an estimated 40"), "[36, 44]");
        assert_eq!(num("upwards of 3").qualifier, Qualifier::MoreThan);
        assert_eq!(num("no more than 3").qualifier, Qualifier::UpTo);
        assert_eq!(iv("1,200"), "[1200, 1200]");
        assert_eq!(iv("about 0.25"), "[0, 1.25]");
    }

    #[test]
    fn agreement() {
        assert!(!agree("nearly 70", "70", None));
        assert!(agree("nearly 70", "70", Some("1")));
        assert!(agree("nearly 70", "70", Some("5%")));
        assert!(!agree("nearly 70", "70", Some("0")));
        assert!(agree("nearly 70", "65", None));
        assert!(!agree("nearly 70", "62", None));
        assert!(agree("around 30", "31", None));
        assert!(agree("around 30", "33", None));
        assert!(!agree("around 30", "34", None));
        assert!(agree("around 30", "34", Some("1")));
        assert!(!agree("around 30", "36", Some("2")));
        assert!(agree("more than 100", "150", None));
        assert!(!agree("more than 100", "100", None));
        assert!(agree("at least 5", "5", None));
        assert!(agree("up to 10", "0", None));
        assert!(agree("up to 10", "10", None));
        assert!(!agree("less than 10", "10", None));
        assert!(agree("more than 100", "at least 5", None));
        assert!(!agree("up to 10", "more than 10", None));
        assert!(agree("up to 10", "at least 10", None));
        assert!(agree("dozens", "40", None));
        assert!(!agree("dozens", "a dozen", None));
        // Symmetric.
        assert!(!agree("70", "nearly 70", None));
        assert!(agree("31", "around 30", None));
    }

    #[test]
    fn explanations() {
        let (ok, text) = compare(&num("nearly 70"), &num("70"), None);
        assert!(!ok);
        assert_eq!(text, "[63, 70) and [70, 70] do not meet (gap 0, open end)");
        let (ok, text) = compare(&num("around 30"), &num("31"), None);
        assert!(ok);
        assert_eq!(text, "[27, 33] contains 31");
        let (_, text) = compare(&num("31"), &num("around 30"), None);
        assert_eq!(text, "[27, 33] contains 31");
        let (_, text) = compare(&num("5"), &num("five"), None);
        assert_eq!(text, "both are 5");
        let (_, text) = compare(&num("about 30"), &num("more than 30"), None);
        assert_eq!(text, "[27, 33] and (30, ∞) overlap on (30, 33]");
        let (ok, text) = compare(
            &num("around 30"),
            &num("40"),
            Some(Tolerance::Absolute(2.0)),
        );
        assert!(!ok);
        assert_eq!(
            text,
            "[27, 33] and [40, 40] do not meet (gap 7), beyond tolerance 2"
        );
        let (ok, text) = compare(&num("nearly 70"), &num("70"), Some(Tolerance::Percent(5.0)));
        assert!(ok);
        assert_eq!(
            text,
            "[63, 70) and [70, 70] do not meet (gap 0, open end) but are within tolerance 5% (3.5)"
        );
    }

    #[test]
    fn integers_beyond_f64_compare_exactly() {
        // 2^53 + 1 rounds to 2^53 as an f64: the written digits must decide.
        assert!(!agree("9007199254740993", "9007199254740992", None));
        assert!(!agree("9007199254740992", "9007199254740993", None));
        assert!(agree("9007199254740993", "9,007,199,254,740,993", None));
        assert!(!agree("12345678901234567890", "12345678901234567891", None));
        assert!(agree(
            "12345678901234567890",
            "12,345,678,901,234,567,890",
            None
        ));
        // A tolerance the rule sets still widens, exactly.
        assert!(agree("9007199254740993", "9007199254740992", Some("1")));
        assert!(!agree("9007199254740995", "9007199254740992", Some("2")));
        assert!(agree("9007199254740993", "9007199254740992", Some("1%")));
        // Decimals with more digits than an f64 holds.
        assert!(!agree("0.10000000000000000001", "0.1", None));
        assert!(agree("0.10000000000000000001", "0.1", Some("0.001")));
        assert!(agree("0.10", "0.1", None));
        assert!(agree("1.1 million", "1,100,000", None));
        // Hedges keep their meaning at any size.
        assert!(agree(
            "more than 9007199254740992",
            "9007199254740993",
            None
        ));
        assert!(!agree(
            "more than 9007199254740993",
            "9007199254740993",
            None
        ));
        assert!(agree("at least 9007199254740993", "9007199254740993", None));
        assert!(!agree(
            "fewer than 9007199254740993",
            "9007199254740993",
            None
        ));
        assert!(agree(
            "fewer than 9007199254740993",
            "9007199254740992",
            None
        ));
        let (_, why) = compare(&num("9007199254740993"), &num("9007199254740992"), None);
        assert_eq!(
            why,
            "[9007199254740993, 9007199254740993] and [9007199254740992, 9007199254740992] do not meet (gap 1)"
        );
        assert_eq!(num("9007199254740993").display(), "9007199254740993");
        assert_eq!(num("9007199254740993rd").display(), "9007199254740993rd");
        assert_eq!(
            num("9007199254740993 to 9007199254740995").display(),
            "9007199254740993 to 9007199254740995"
        );
        assert_eq!(
            num("12,345,678,901,234,567,891").display(),
            "12345678901234567891"
        );
    }

    /// A figure near or beyond 2^53, in digits with or without separators.
    fn big_figure() -> impl proptest::strategy::Strategy<Value = (u128, String)> {
        use proptest::prelude::*;
        (
            prop::sample::select(vec![9_007_199_254_740_992u128, 12_345_678_901_234_567_890]),
            0u128..4,
            any::<bool>(),
        )
            .prop_map(|(base, offset, grouped)| {
                let n = base + offset;
                let digits = n.to_string();
                if !grouped {
                    return (n, digits);
                }
                let mut text = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        text.push(',');
                    }
                    text.push(c);
                }
                (n, text)
            })
    }

    proptest::proptest! {
        #[test]
        fn an_end_is_shown_as_printing_it_twice_showed_it(
            digits in "[0-9]{1,20}",
            decimals in 0usize..8,
            exp in -3i64..25,
            nudge in proptest::sample::select(vec![0.0, 1e-7, -1e-9, 0.5]),
            special in proptest::sample::select(vec![None, Some(0.0), Some(-0.0), Some(f64::INFINITY), Some(f64::NEG_INFINITY), Some(f64::NAN), Some(1e300)]),
            with_exact in proptest::bool::ANY,
        ) {
            let exact = Decimal::from_digits(&digits, decimals.min(digits.len()), exp);
            let written: f64 = exact.map_or(1.0, |d| d.to_string().parse().unwrap_or(1.0));
            let x = special.unwrap_or(written + nudge);
            let exact = exact.filter(|_| with_exact);
            // The definition: the written figure when `x` is not it, else `x`.
            let defined = match exact {
                Some(d) if !d.is_exactly(x) => d.to_string(),
                _ => fmt_num(x),
            };
            proptest::prop_assert_eq!(end_text(x, exact), defined);
        }

        #[test]
        fn big_figures_compare_symmetrically_and_exactly(
            (na, a) in big_figure(),
            (nb, b) in big_figure(),
            qa in proptest::sample::select(vec!["", "more than ", "at least ", "up to ", "nearly "]),
            qb in proptest::sample::select(vec!["", "fewer than ", "at least ", "about "]),
            tol in proptest::sample::select(vec![None, Some("1"), Some("2"), Some("0")]),
        ) {
            let tol = tol.map(|t| parse_tolerance(t).unwrap());
            let (va, vb) = (num(&format!("{qa}{a}")), num(&format!("{qb}{b}")));
            proptest::prop_assert_eq!(compare(&va, &vb, tol).0, compare(&vb, &va, tol).0);
            proptest::prop_assert_eq!(
                hedged_difference(&va, &vb, tol),
                hedged_difference(&vb, &va, tol)
            );
            let (pa, pb) = (num(&a), num(&b));
            let allowed = match tol {
                Some(Tolerance::Absolute(t)) => t as u128,
                _ => 0,
            };
            proptest::prop_assert_eq!(compare(&pa, &pb, tol).0, na.abs_diff(nb) <= allowed);
        }
    }

    #[test]
    fn tolerances() {
        assert_eq!(parse_tolerance("2"), Ok(Tolerance::Absolute(2.0)));
        assert_eq!(parse_tolerance(" 0.5 "), Ok(Tolerance::Absolute(0.5)));
        assert_eq!(parse_tolerance("10%"), Ok(Tolerance::Percent(10.0)));
        assert_eq!(parse_tolerance("2.5 %"), Ok(Tolerance::Percent(2.5)));
        assert_eq!(parse_tolerance(".5"), Ok(Tolerance::Absolute(0.5)));
        for bad in [
            "", "-2", "-5%", "abc", "%", "1e3", "inf", "NaN", "1.2.3", ".", "2%%", "+3",
        ] {
            assert!(parse_tolerance(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Tolerance::Percent(10.0).display(), "10%");
    }

    #[test]
    fn garbage_and_extremes() {
        for bad in [
            "",
            "   ",
            "foo",
            "someone",
            "often",
            "nearly",
            "about",
            "and",
            "one two",
            "nineteen ninety",
            "1,",
            ",",
            "-5",
            "five-",
            "\u{0}",
            "🎉",
            "two and three",
            "trillion trillion",
            "dozens of dozens",
            "fives",
            "zeros",
            "one hundreds",
            "thirds",
            "one--two",
            "-one",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse("foo"), Err("not a number: `foo`".to_owned()));
        let big = num("99999999999999999999999 trillion");
        assert!(big.figure.is_finite() && big.figure > 9.9e34);
        let huge = "9".repeat(400);
        assert!(parse(&huge).unwrap_err().starts_with("number too large"));
        let long_err = parse(&"x".repeat(10_000)).unwrap_err();
        assert!(long_err.len() < 100);
        // Pseudo-random junk from the alphabet numbers are made of must never panic.
        let alphabet: Vec<&str> = vec![
            "one", "a", "dozen", "hundred", "and", "trillion", "th", "1", ",", ".", "-", " ",
            "fifth", "of", "tens", "nearly", "\u{2011}", "é", "0", "999", "million",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(seed % 7) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if let Ok(v) = parse(&s) {
                assert!(v.figure.is_finite() && v.figure >= 0.0, "{s:?}");
                let _ = compare(&v, &v, Some(Tolerance::Percent(5.0)));
            }
        }
    }

    #[test]
    fn regex_word_boundaries() {
        let re = number_regex();
        for hay in [
            "someone",
            "often",
            "alone",
            "Stone",
            "A380",
            "tenth-grader's tentacles",
        ]
        .iter()
        .take(5)
        {
            assert_eq!(find(re, hay), None, "{hay}");
        }
        assert_eq!(find(re, "in 11 different launch events"), Some("11"));
        assert_eq!(find(re, "fired around 30 missiles"), Some("around 30"));
        assert_eq!(find(re, "launching nearly 70 missiles"), Some("nearly 70"));
        assert_eq!(find(re, "April 11, 2023"), Some("11"));
        assert_eq!(find(re, "cost 1,200 won"), Some("1,200"));
        assert_eq!(
            find(re, "some 2.5 million people"),
            Some("some 2.5 million")
        );
        assert_eq!(find(re, "two intercontinental"), Some("two"));
        assert_eq!(find(re, "over inter-Korean hotlines"), None);
        assert_eq!(find(re, "the fifth consecutive day"), Some("fifth"));
        assert_eq!(find(re, "Seventy-One missiles"), Some("Seventy-One"));
        assert_eq!(find(re, "a dozen eggs"), Some("a dozen"));
        assert_eq!(
            find(re, "a hundred and twenty people"),
            Some("a hundred and twenty")
        );
        assert_eq!(find(re, "a hundred and the rest"), Some("a hundred"));
        assert_eq!(find(re, "two and three"), Some("two"));
        assert_eq!(find(re, "dozens of missiles"), Some("dozens"));
        assert_eq!(
            find(re, "tens of thousands of people"),
            Some("tens of thousands")
        );
        assert_eq!(find(re, "the 21st century"), Some("21st"));
        assert_eq!(find(re, "no more than 3"), Some("no more than 3"));
        // Usable inside a larger case-insensitive pattern, whole match parses.
        let larger = Regex::new(&format!(r"(?i)launching (?P<n>{re}) missiles in 2022")).unwrap();
        let caps = larger
            .captures("after launching nearly 70 missiles in 2022.")
            .unwrap();
        assert_eq!(
            num(caps.name("n").unwrap().as_str()).interval.display(),
            "[63, 70)"
        );
        // Everything the whole-match regex accepts parses.
        let whole_re = whole(re);
        for text in [
            "around 30",
            "1,200",
            "2.5 million",
            "seventy-one",
            "one hundred and twenty",
            "a dozen",
            "half a dozen",
            "two dozen",
            "5th",
            "twenty-first",
            "dozens",
            "hundreds of thousands",
            "at least 5",
            "Nearly Seventy",
            "a hundred and five",
        ] {
            assert!(whole_re.is_match(text), "{text}");
            assert!(parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn ordinal_regex_matches_only_ordinals() {
        let re = ordinal_regex();
        assert_eq!(find(re, "for the fifth consecutive day"), Some("fifth"));
        assert_eq!(find(re, "the twenty-first time"), Some("twenty-first"));
        assert_eq!(find(re, "the 5th day"), Some("5th"));
        assert_eq!(find(re, "the FIRST day"), Some("FIRST"));
        assert_eq!(find(re, "five days"), None);
        assert_eq!(find(re, "the 5 th"), None);
        assert_eq!(find(re, "firstly"), None);
        let whole_re = whole(re);
        assert!(whole_re.is_match("one hundred and twenty-first"));
        assert!(!whole_re.is_match("around fifth"));
    }

    #[test]
    fn zero_words() {
        for zero in ["no", "none", "No one", "nobody", "zero"] {
            let v = num(zero);
            assert_eq!((v.figure, v.hedge), (0.0, Hedge::None), "{zero}");
            assert_eq!(v.interval.display(), "[0, 0]");
        }
        assert!(!agree("no", "at least 12", None));
        assert_eq!(find(number_regex(), "reported no casualties"), Some("no"));
        assert_eq!(find(number_regex(), "none were hurt"), Some("none"));
        assert_eq!(find(number_regex(), "no one was hurt"), Some("no one"));
        assert_eq!(find(number_regex(), "nothing happened"), None);
        assert_eq!(
            find(number_regex(), "no more than 3"),
            Some("no more than 3")
        );
    }

    #[test]
    fn ranges_and_alternatives() {
        assert_eq!(iv("between 40 and 80"), "[40, 80]");
        assert_eq!(iv("40 to 80"), "[40, 80]");
        assert_eq!(iv("40-80"), "[40, 80]");
        assert_eq!(iv("40\u{2013}80"), "[40, 80]");
        assert_eq!(iv("30 or 40"), "[30, 40]");
        assert_eq!(iv("five or six"), "[5, 6]");
        assert_eq!(iv("between 1.5 and 2 million"), "[1500000, 2000000]");
        assert_eq!(iv("about 40 to 50"), "[36, 55]");
        assert_eq!(iv("up to 30 or 40"), "[0, 40]");
        assert_eq!(num("between 40 and 80").display(), "40 to 80");
        assert_eq!(num("30 or 40").display(), "30 or 40");
        assert_eq!(num("30 or 40").hedge, Hedge::Range);
        assert_eq!(num("at least 30 or 40").hedge, Hedge::AtLeast);
        assert!(agree("between 40 and 80", "50", None));
        assert!(!agree("30 or 40", "50", None));
        assert!(parse("fifth or sixth").is_err());
        assert!(parse("seventy-one").unwrap().upper.is_none());
        let re = number_regex();
        assert_eq!(
            find(re, "between 40 and 80 protesters"),
            Some("between 40 and 80")
        );
        assert_eq!(find(re, "30 or 40 looters"), Some("30 or 40"));
        assert_eq!(find(re, "five or six shells"), Some("five or six"));
        assert_eq!(find(re, "40-80 people"), Some("40-80"));
        assert_eq!(find(re, "10 or more people"), Some("10"));
    }

    #[test]
    fn fractions_and_decimals() {
        assert_eq!(num("two and a half").figure, 2.5);
        assert_eq!(num("three and a half").figure, 3.5);
        assert_eq!(num("2½").figure, 2.5);
        assert_eq!(num("½").figure, 0.5);
        assert_eq!(num("half").figure, 0.5);
        assert_eq!(num("a third").figure, 1.0 / 3.0);
        assert_eq!(num("two-thirds").figure, 2.0 / 3.0);
        assert_eq!(num("three quarters").figure, 0.75);
        assert_eq!(num("one and a quarter").figure, 1.25);
        assert_eq!(num("2 and a half").figure, 2.5);
        assert_eq!(num("two and a half million").figure, 2_500_000.0);
        assert_eq!(num("half a million").figure, 500_000.0);
        assert_eq!(num("1.5 million").figure, 1_500_000.0);
        assert_eq!(iv("some 2 million"), "[1800000, 2200000]");
        assert_eq!(num(".45").figure, 0.45);
        assert_eq!(num("1 1/2").figure, 1.5);
        assert_eq!(num("3/4").figure, 0.75);
        assert!(parse("24/7").is_err());
        assert!(parse("4/4").is_err());
        assert_eq!(find(number_regex(), "a 1 1/2 inch gap"), Some("1 1/2"));
        assert_eq!(find(number_regex(), "tens of people"), Some("tens"));
        assert_eq!(
            find(number_regex(), "a dozen or so people"),
            Some("a dozen or so")
        );
        assert_eq!(num("about .5").figure, 0.5);
        for bad in [
            "a thirds",
            "two third",
            "three halves",
            "2.5½",
            "fifth and a half",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let re = number_regex();
        assert_eq!(
            find(re, "the three and a half year old"),
            Some("three and a half")
        );
        assert_eq!(find(re, "a .45-caliber gun"), Some(".45"));
        assert_eq!(find(re, "a .22 rifle"), Some(".22"));
        assert_eq!(find(re, "cost 1.45 dollars"), Some("1.45"));
        assert_eq!(find(re, "aged 2½ years"), Some("2½"));
        assert_eq!(find(re, "two-thirds of voters"), Some("two-thirds"));
    }

    #[test]
    fn hedges_and_vague_readings() {
        assert_eq!(iv("just over 10"), "(10, 11]");
        assert_eq!(iv("just over 20"), "(20, 22]");
        assert_eq!(num("just over 10").hedge, Hedge::Tight);
        assert_eq!(num("just over 10").display(), "just over 10");
        assert!(!agree("just over 20", "45", None));
        assert_eq!(iv("slightly less than 100"), "[90, 100)");
        assert_eq!(iv("well over 100"), "(100, ∞)");
        assert_eq!(iv("a few"), "[2, 5]");
        assert_eq!(iv("several"), "[3, 9]");
        assert_eq!(iv("a handful"), "[2, 6]");
        assert_eq!(iv("a couple"), "[2, 3]");
        assert_eq!(iv("dozens"), "[24, 100)");
        assert_eq!(iv("scores"), "[40, 200)");
        assert_eq!(iv("hundreds"), "[200, 1000)");
        assert_eq!(iv("thousands"), "[2000, 10000)");
        assert_eq!(iv("tens of thousands"), "[20000, 100000)");
        assert_eq!(iv("hundreds of thousands"), "[200000, 1000000)");
        assert_eq!(iv("tens"), "[20, 100)");
        assert_eq!(iv("a dozen or so"), "[10.8, 13.2]");
        assert_eq!(num("20 or so").display(), "about 20");
        assert_eq!(iv("more than a dozen"), "(12, ∞)");
        assert_eq!(iv("at least dozens"), "[24, ∞)");
        assert!(!agree("dozens", "over 300", None));
        assert_eq!(num("several").hedge, Hedge::Vague);
        assert!(Hedge::AtLeast.open_ended() && !Hedge::Tight.open_ended());
        assert_eq!(num("at least 2").hedge, Hedge::AtLeast);
        assert_eq!(num("up to 10").hedge, Hedge::AtMost);
        assert_eq!(num("17").hedge, Hedge::None);
        assert_eq!(num("about 17").hedge, Hedge::About);
        let re = number_regex();
        assert_eq!(find(re, "a few people"), Some("a few"));
        assert_eq!(find(re, "scores of people"), Some("scores"));
        assert_eq!(find(re, "just over 20 seconds"), Some("just over 20"));
    }

    #[test]
    fn everything_the_regex_matches_whole_parses() {
        let whole_re = whole(number_regex());
        for text in [
            "between 40 and 80",
            "40 to 80",
            "40-80",
            "30 or 40",
            "five or six",
            "two and a half",
            "2½",
            "half",
            "a third",
            "two-thirds",
            ".45",
            "1.5 million",
            "some 2 million",
            "no",
            "none",
            "nobody",
            "no one",
            "a few",
            "several",
            "a handful",
            "scores",
            "just over 10",
            "half a million",
            "two and a half million",
            "between one hundred and twenty and two hundred",
        ] {
            assert!(whole_re.is_match(text), "{text}");
            assert!(parse(text).is_ok(), "{text}: {:?}", parse(text));
        }
    }

    #[test]
    fn serializes() {
        let v = num("nearly 70");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"figure":70.0,"qualifier":"nearly","interval":{"lo":63.0,"hi":70.0,"lo_open":false,"hi_open":true},"ordinal":false,"hedge":"tight","exact_figure":"70"}"#
        );
        let more = serde_json::to_value(num("more than 1")).unwrap();
        assert_eq!(more["qualifier"], "more-than");
        assert_eq!(more["hedge"], "more-than");
        let range = serde_json::to_value(num("30 or 40")).unwrap();
        assert_eq!(range["upper"], 40.0);
        assert_eq!(range["joined"], "or");
        assert_eq!(range["hedge"], "range");
        assert!(more["interval"]["hi"].is_null());
        // The figure as written, for figures an f64 rounds.
        let big = serde_json::to_value(num("9007199254740993 to 9007199254740995")).unwrap();
        assert_eq!(big["exact_figure"], "9007199254740993");
        assert_eq!(big["exact_upper"], "9007199254740995");
        assert!(serde_json::to_value(num("seventy")).unwrap()["exact_figure"].is_null());
    }

    fn german() -> &'static Language {
        crate::lang::get("de").unwrap()
    }

    #[test]
    fn every_tables_qualifiers_name_a_qualifier() {
        for code in crate::lang::codes() {
            let language = crate::lang::get(code).unwrap();
            for (phrase, name) in language.qualifiers() {
                assert!(
                    Qualifier::from_table(name).is_some(),
                    "{code}.yaml: `{phrase}` means `{name}`, which is not a qualifier"
                );
            }
        }
    }

    #[test]
    fn german_number_words_are_read_in_german_sources_only() {
        let de = german();
        let figure = |text: &str| parse_in(text, de).map(|v| (v.figure, v.ordinal));
        assert_eq!(figure("drei"), Ok((3.0, false)));
        assert_eq!(figure("dreiundzwanzig"), Ok((23.0, false)));
        assert_eq!(figure("zweitausend"), Ok((2000.0, false)));
        assert_eq!(figure("zwei Millionen"), Ok((2e6, false)));
        assert_eq!(figure("einhundertfünfzehn"), Ok((115.0, false)));
        assert_eq!(figure("dritten"), Ok((3.0, true)));
        assert_eq!(figure("einundzwanzigste"), Ok((21.0, true)));
        // German writes figures with a decimal comma and grouping dots.
        assert_eq!(figure("2.000"), Ok((2000.0, false)));
        assert_eq!(figure("2,5 Millionen"), Ok((2.5e6, false)));
        assert_eq!(parse("2.000").map(|v| v.figure), Ok(2.0));
        let hedged = |text: &str| parse_in(text, de).map(|v| (v.qualifier, v.figure));
        assert_eq!(hedged("mehr als dreißig"), Ok((Qualifier::MoreThan, 30.0)));
        assert_eq!(hedged("rund 2.000"), Ok((Qualifier::About, 2000.0)));
        assert_eq!(hedged("ca. 40"), Ok((Qualifier::About, 40.0)));
        assert_eq!(hedged("bis zu 12"), Ok((Qualifier::UpTo, 12.0)));
        assert_eq!(hedged("knapp 70"), Ok((Qualifier::Nearly, 70.0)));
        let vague = parse_in("Dutzende", de).unwrap();
        assert_eq!((vague.interval.lo, vague.interval.hi), (24.0, 100.0));
        assert_eq!(parse_in("keine", de).map(|v| v.figure), Ok(0.0));
        let range = |text: &str| parse_in(text, de).map(|v| (v.figure, v.upper));
        assert_eq!(range("zwischen 40 und 80"), Ok((40.0, Some(80.0))));
        assert_eq!(range("40 bis 80"), Ok((40.0, Some(80.0))));
        assert_eq!(range("dreißig oder vierzig"), Ok((30.0, Some(40.0))));
        assert_eq!(
            range("zwischen 1,5 und 2 Millionen"),
            Ok((1.5e6, Some(2e6)))
        );
        // Not number words, even glued from pieces of them.
        assert!(parse_in("undzwanzig", de).is_err());
        assert!(parse_in("drei", english()).is_err());
        assert!(parse_in("three", de).is_err());
        let find = |text: &str| {
            Regex::new(number_regex_in(de))
                .unwrap()
                .find(text)
                .map(|m| m.as_str().to_owned())
        };
        assert_eq!(
            find("Es wurden dreiundzwanzig Raketen abgefeuert").as_deref(),
            Some("dreiundzwanzig")
        );
        assert_eq!(
            find("rund zwei Millionen Menschen").as_deref(),
            Some("rund zwei Millionen")
        );
        assert_eq!(
            find("mehr als 2.000 Menschen").as_deref(),
            Some("mehr als 2.000")
        );
        assert_eq!(find("ca. 40 Menschen").as_deref(), Some("ca. 40"));
        assert_eq!(
            find("zwischen 40 und 80 Menschen").as_deref(),
            Some("zwischen 40 und 80")
        );
        assert_eq!(find("40 bis 80 Menschen").as_deref(), Some("40 bis 80"));
        // "drei und vier" is two numbers: the joiner only glues.
        assert_eq!(find("drei und vier").as_deref(), Some("drei"));
        assert_eq!(
            Regex::new(number_regex()).unwrap().find("drei Raketen"),
            None
        );
    }
}
