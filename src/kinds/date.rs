//! The `date` and `weekday` value kinds: recognising calendar expressions in
//! news text, resolving them against a source's publication date, and
//! deciding whether two resolved values agree.
//!
//! # What it matches
//!
//! `{weekday}` ([`weekday_regex`]): `Monday`, `on Monday`, `last Monday`,
//! `next Friday`, `this Tuesday`, and `today`, `yesterday`, `tomorrow`.
//!
//! `{date}` ([`date_regex`]): everything `{weekday}` matches, plus full dates
//! (`April 11, 2023`, `Apr. 11, 2023`, `11 April 2023`, `2023-04-11`, also with a
//! leading weekday: `Monday, April 10, 2023`), month-day (`April 10`, `10 April`),
//! months (`March`, `March 2023`), relative periods (`last`/`this`/`next` +
//! `week`/`month`/`year`), ISO months (`2023-03`) and bare years from 1900 to
//! 2099 (`in 2022`), `N days/weeks/months/years ago`, `March last year`,
//! `earlier this month`, `the next day`, `the day before`, numeric dates
//! (`16/01/2026`, with the story's [`DateOrder`] where both orders fit) and
//! datelines glued to a time (`January 17, 20269:05 AM`). Month abbreviations (`Jan.`, `Sept.`) count only next to
//! a day or a year, because `Mar`, `Jan` and `Dec` alone are too often other
//! words. Matches are whole words (`Mayor` is not `May`; `Monday's` still yields `Monday`). The fragments
//! carry no flags: they follow the case sensitivity of the pattern around them.
//!
//! # How values resolve (news convention)
//!
//! Every value becomes an inclusive range of days, resolved against the
//! source's publication date:
//!
//! - A bare weekday or `on <weekday>`: the most recent such day on or before the
//!   publication date (`on Monday` in a story of Tue 2023-04-11 is 2023-04-10;
//!   `Tuesday` is 2023-04-11).
//! - `last <weekday>`: the most recent such day strictly before the publication
//!   date. `next <weekday>`: the first such day strictly after it.
//!   `this <weekday>`: that day in the publication date's Monday–Sunday week.
//! - `today`, `yesterday`, `tomorrow`: the publication date, one day before, one
//!   day after.
//! - A month name alone (`March`, `in March`, `since March`): the month of
//!   that name nearest the publication month, within six months either way,
//!   as a month-day takes its nearest year (a January story saying `December`
//!   means December of the year before; a March story saying `in April` the
//!   coming April). Six months either way (`September` in March) is the
//!   earlier. With a year (`March 2023`): that month.
//! - `last month`, `this month`, `next month`: the whole month before, of, or
//!   after the publication month.
//! - `last week`, `this week`: the Monday–Sunday week before, or of, the
//!   publication date (`next week` likewise).
//! - `last year`, `this year` (`next year`): whole calendar years.
//! - A month-day without a year (`April 10`): the year that puts it nearest to
//!   the publication date; it must fall within six months of it.
//! - Full dates, ISO dates, `2023-03` and bare years need no publication date.
//!   A full date whose written weekday does not fit (`Sunday, April 10, 2023`)
//!   is an error rather than a silent pick of one of the two.
//! - Without a publication date a weekday is an error (`cannot resolve
//!   Monday`), and so are the other relative expressions (`needs a publication
//!   date: last month`); only `expect:` keeps a bare weekday name.
//!
//! # How values compare
//!
//! Two ranges agree when they overlap (`last month` in an April 2023 story and
//! `since March` both give March 2023). An unresolved weekday agrees with a
//! range that is a single day on that weekday, or a range shorter than a week
//! that contains that weekday. Two unresolved weekdays agree by name.
//!
//! # Example
//!
//! ```yaml
//! slots:
//!   - id: drills-month
//!     kind: date
//!     patterns: ["Since {date}, the United States", "field exercises in years {date}"]
//!     expect: 2023-03    # optional: a day, a month (2023-03), a year, or a weekday
//! ```
//!
//! # Options
//!
//! `expect:` takes `2023-04-10`, `2023-03`, `2023` or a weekday name (see
//! [`parse_expected`]). The publication date comes from the source, or from the
//! rule file's `date:` as a fallback.

use std::sync::LazyLock;

use jiff::civil::{Date, Weekday as Wd};
use jiff::Span;

use crate::lang::{Language, PerLanguage};

/// A resolved calendar value: an inclusive range of days (a single day has start == end),
/// or, when no publication date is known, an unresolved weekday.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum DateValue {
    /// An inclusive range of days.
    Range {
        /// First day of the range.
        #[serde(serialize_with = "serialize_date")]
        start: Date,
        /// Last day of the range (equal to `start` for a single day).
        #[serde(serialize_with = "serialize_date")]
        end: Date,
    },
    /// A weekday that could not be resolved for lack of a publication date.
    Weekday {
        /// The weekday's English name, capitalised: `"Monday"`.
        weekday: String,
    },
}

/// How a story's numeric dates are ordered when both orders are possible
/// (`12/03/14`): story key `date_order:`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day, month, year: `16/01/2026`.
    Dmy,
    /// Month, day, year: `01/16/2026`.
    Mdy,
}

// jiff's own serde support is a feature the crate does not enable; its Display
// is already the ISO `2023-04-10` form we want.
fn serialize_date<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

// Values are shown with English month and day names (src/lang/en.yaml),
// whatever language a source is read in.
static MONTHS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::lang::static_strs(crate::lang::english().months()));

static WEEKDAYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::lang::static_strs(crate::lang::english().weekdays()));

static WEEKDAYS_SHORT: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::lang::static_strs(crate::lang::english().weekdays_short()));

/// A language's date words, from its table (src/lang/): what `{date}` and
/// `{weekday}` match and the parser reads. Values are shown in English.
struct DateWords {
    /// Lower-case month words (names and abbreviations) and their month.
    months: Vec<(String, i8)>,
    /// Lower-case day names, Monday first.
    weekdays: Vec<String>,
    /// The language's words for the English date words the parser reads
    /// ("gestern" for "yesterday"), lower case.
    translations: crate::lang::Translations,
    weekday_re: String,
    date_re: String,
}

static DATE_WORDS: PerLanguage<DateWords> = PerLanguage::new(|language| {
    let months: Vec<String> = language.months().iter().map(|m| m.to_lowercase()).collect();
    let mut month_words = Vec::new();
    for (i, m) in months.iter().enumerate() {
        month_words.extend(i8::try_from(i + 1).ok().map(|n| (m.clone(), n)));
    }
    for abbr in language.month_abbreviations() {
        let abbr = abbr.to_lowercase();
        let month = months.iter().position(|m| m.starts_with(&abbr));
        month_words.extend(
            month
                .and_then(|i| i8::try_from(i + 1).ok())
                .map(|n| (abbr, n)),
        );
    }
    let translations = crate::lang::translations(language.date_words(), DATE_WORD_ROLES);
    // `\s+` rather than a literal space so that the fragments survive being
    // embedded in a verbose-mode (`(?x)`) pattern as well.
    let words = |role: &str| crate::lang::word_regex(&translations, role);
    let weekday_names = Language::alternation(language.weekdays());
    let month_full = Language::alternation(language.months());
    // The table lists "Sept" before "Sep" so the longer abbreviation wins.
    let month_abbr = Language::alternation(language.month_abbreviations());
    let prefixes = ["on", "last", "next", "this"].map(words).join("|");
    let days = ["today", "yesterday", "tomorrow"].map(words).join("|");
    let weekday_re = format!(r"(?:\b(?:(?:{prefixes})\s+)?(?:{weekday_names})\b|\b(?:{days})\b)");
    let date_re = date_regex_text(
        &weekday_names,
        &month_full,
        &month_abbr,
        &weekday_re,
        language.ordinal_dot(),
    );
    DateWords {
        months: month_words,
        weekdays: language
            .weekdays()
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        translations,
        weekday_re,
        date_re,
    }
});

/// The English date words a table may translate (`date_words:`).
pub const DATE_WORD_ROLES: &[&str] = &[
    "on",
    "last",
    "next",
    "this",
    "today",
    "yesterday",
    "tomorrow",
];

fn date_regex_text(
    weekday_names: &str,
    month_full: &str,
    month_abbr: &str,
    weekday_re: &str,
    ordinal_dot: bool,
) -> String {
    let month = format!(r"\b(?:{month_full}|{month_abbr})\b\.?");
    // German writes a day as an ordinal with a dot ("12. April").
    let day = if ordinal_dot {
        r"\b\d{1,2}(?:st|nd|rd|th)?\b\.?"
    } else {
        r"\b\d{1,2}(?:st|nd|rd|th)?\b"
    };
    let year = r"\b\d{4}\b";
    let wd = format!(r"(?:(?:\bon\s+)?\b(?:{weekday_names})\b,?\s+)?");
    // Order matters: the regex crate prefers the first alternative that
    // matches at a position, so longer forms come before their prefixes.
    let count = r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|a\s+couple\s+of)";
    let alternatives = [
        // A dateline glued to its time: "January 17, 20269:05 AM".
        format!(r"{wd}{month}\s+{day},?\s+\d{{4}}\d{{1,2}}:\d{{2}}(?:\s*(?:[ap]\.m\.|[ap]m\b))?"),
        format!(r"{wd}{month}\s+{day},?\s+{year}"),
        // Numeric dates: "16/01/2026", "12 / 03 / 14".
        r"\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:\d{4}|\d{2})\b".to_string(),
        format!(r"\b{count}\s+(?:days?|weeks?|months?|years?)\s+ago\b"),
        r"\b(?:earlier|later)\s+this\s+(?:week|month|year)\b".to_string(),
        r"\b(?:the\s+)?(?:(?:next|following|previous)\s+day|day\s+(?:before|after))\b".to_string(),
        format!(r"\b(?:{month_full})\s+(?:last|this|next)\s+year\b"),
        format!(r"{wd}{day}(?:\s+of)?\s+{month},?\s+{year}"),
        r"\b\d{4}-\d{2}-\d{2}\b".to_string(),
        // ISO month; the month digits are constrained so "2021-22" stays a year.
        r"\b\d{4}-(?:0[1-9]|1[0-2])\b".to_string(),
        format!(r"{wd}{month}\s+{day}"),
        format!(r"{wd}{day}(?:\s+of)?\s+{month}"),
        format!(r"{month}(?:\s+of)?\s+{year}"),
        r"\b(?:last|this|next)\s+(?:week|month|year)\b".to_string(),
        format!(r"\b(?:{month_full})\b"),
        weekday_re.to_string(),
        r"\b(?:19|20)\d{2}\b".to_string(),
    ];
    format!("(?:{})", alternatives.join("|"))
}

/// The regex fragment behind `{weekday}`: a non-capturing group matching
/// `Monday`, `on Monday`, `last Monday`, `next Friday`, `this Tuesday`, `today`,
/// `yesterday` and `tomorrow`, as whole words.
pub fn weekday_regex() -> &'static str {
    weekday_regex_in(crate::lang::english())
}

/// [`weekday_regex`] in a language.
pub fn weekday_regex_in(language: &'static Language) -> &'static str {
    DATE_WORDS.get(language).weekday_re.as_str()
}

/// The regex fragment behind `{date}`: a non-capturing group matching full
/// dates, month-days, months, relative periods, weekdays and bare years, as
/// whole words (see the module documentation for the list).
pub fn date_regex() -> &'static str {
    date_regex_in(crate::lang::english())
}

/// [`date_regex`] in a language.
pub fn date_regex_in(language: &'static Language) -> &'static str {
    DATE_WORDS.get(language).date_re.as_str()
}

/// One word of a date expression, classified.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Month(i8),
    Weekday(Wd),
    /// Digits, maybe with an ordinal suffix; `value` saturates for huge inputs,
    /// `text` keeps the digits for messages.
    Num {
        value: i64,
        text: String,
        ordinal: bool,
    },
    /// `2023-04-11`.
    IsoDay(i64, i64, i64),
    /// `2023-03`.
    IsoMonth(i64, i64),
    /// `16/01/2026`: the three numbers and whether the year had two digits.
    Numeric(i64, i64, i64, bool),
    Word(String),
}

impl Tok {
    fn day(&self) -> Option<i64> {
        match self {
            Tok::Num { value, text, .. } if text.len() <= 2 => Some(*value),
            _ => None,
        }
    }

    fn year(&self) -> Option<(i64, &str)> {
        match self {
            Tok::Num {
                value,
                text,
                ordinal: false,
            } if text.len() >= 3 => Some((*value, text.as_str())),
            _ => None,
        }
    }

    fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        }
    }
}

fn month_from_name(words: &DateWords, word: &str) -> Option<i8> {
    words
        .months
        .iter()
        .find(|(w, _)| w == word)
        .map(|(_, m)| *m)
}

fn weekday_from_name(words: &DateWords, word: &str) -> Option<Wd> {
    let word = word.to_lowercase();
    let i = words.weekdays.iter().position(|w| *w == word)?;
    Wd::from_monday_zero_offset(i8::try_from(i).ok()?).ok()
}

fn month_name(month: i64) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?")
}

fn weekday_name(w: Wd) -> &'static str {
    usize::try_from(w.to_monday_zero_offset())
        .ok()
        .and_then(|i| WEEKDAYS.get(i))
        .copied()
        .unwrap_or("?")
}

fn weekday_short(w: Wd) -> &'static str {
    usize::try_from(w.to_monday_zero_offset())
        .ok()
        .and_then(|i| WEEKDAYS_SHORT.get(i))
        .copied()
        .unwrap_or("?")
}

/// Digits only, at most 18 of them so the value fits an i64; longer runs
/// saturate (they are out of every range anyway).
fn digits_value(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.len() > 18 {
        return Some(i64::MAX);
    }
    s.parse().ok()
}

fn classify(words: &DateWords, word: &str) -> Tok {
    if let Some(m) = month_from_name(words, word) {
        return Tok::Month(m);
    }
    if let Some(w) = weekday_from_name(words, word) {
        return Tok::Weekday(w);
    }
    if let [a, b, y] = word.split('/').collect::<Vec<_>>().as_slice() {
        if let (Some(a), Some(b), Some(yv)) = (digits_value(a), digits_value(b), digits_value(y)) {
            return Tok::Numeric(a, b, yv, y.len() == 2);
        }
    }
    let parts: Vec<&str> = word.split('-').collect();
    match parts.as_slice() {
        [y, m] if y.len() == 4 && m.len() == 2 => {
            if let (Some(y), Some(m)) = (digits_value(y), digits_value(m)) {
                return Tok::IsoMonth(y, m);
            }
        }
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            if let (Some(y), Some(m), Some(d)) = (digits_value(y), digits_value(m), digits_value(d))
            {
                return Tok::IsoDay(y, m, d);
            }
        }
        _ => {}
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(digits) = word.strip_suffix(suffix) {
            if let Some(value) = digits_value(digits) {
                return Tok::Num {
                    value,
                    text: digits.to_string(),
                    ordinal: true,
                };
            }
        }
    }
    if let Some(value) = digits_value(word) {
        return Tok::Num {
            value,
            text: word.to_string(),
            ordinal: false,
        };
    }
    Tok::Word(word.to_string())
}

/// Lower-cases, splits on spaces and commas, drops punctuation at word edges,
/// possessives (`Monday's`), filler words (`the`, `of`) and leading
/// prepositions (`on`, `in`, `since`, `during`, `from`).
fn tokenize(text: &str, language: &'static Language) -> Vec<Tok> {
    let date_words = DATE_WORDS.get(language);
    static SLASH: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\s*/\s*").unwrap_or_else(|_| unreachable!("static regex"))
    });
    static GLUED_TIME: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(\d{4})\d{1,2}:\d{2}(?:\s*(?:[ap]\.m\.|[ap]m\b))?")
            .unwrap_or_else(|_| unreachable!("static regex"))
    });
    let lower = text.to_lowercase();
    let lower = SLASH.replace_all(&lower, "/");
    let lower = GLUED_TIME.replace_all(&lower, "$1");
    let mut words: Vec<&str> = Vec::new();
    for raw in lower.split(|c: char| c.is_whitespace() || c == ',') {
        let mut w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        for suffix in ["'s", "’s"] {
            if let Some(stripped) = w.strip_suffix(suffix) {
                w = stripped;
            }
        }
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        // The language's date words read as the English ones ("gestern").
        let w = crate::lang::in_english(&date_words.translations, w);
        if !w.is_empty() && w != "the" && w != "of" {
            words.push(w);
        }
    }
    let skip = words
        .iter()
        .take_while(|w| matches!(**w, "on" | "in" | "since" | "during" | "from"))
        .count();
    words
        .iter()
        .skip(skip)
        .map(|w| classify(date_words, w))
        .collect()
}

fn short_text(text: &str) -> String {
    let trimmed = text.trim();
    let mut out: String = trimmed.chars().take(40).collect();
    if trimmed.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

fn check_year(year: i64, text: &str) -> Result<i16, String> {
    if (1000..=9999).contains(&year) {
        i16::try_from(year).map_err(|_| format!("year {text} is out of range"))
    } else {
        Err(format!("year {text} is out of range"))
    }
}

fn ymd(year: i64, month: i64, day: i64) -> Result<Date, String> {
    let y = check_year(year, &year.to_string())?;
    if !(1..=12).contains(&month) {
        return Err(format!("no month {month}"));
    }
    let bad_day = || format!("no day {day} in {} {year}", month_name(month));
    let m = i8::try_from(month).map_err(|_| bad_day())?;
    let d = i8::try_from(day).map_err(|_| bad_day())?;
    Date::new(y, m, d).map_err(|_| bad_day())
}

fn month_range(year: i64, month: i64) -> Result<(Date, Date), String> {
    let first = ymd(year, month, 1)?;
    Ok((first, first.last_of_month()))
}

fn year_range(year: i64) -> Result<(Date, Date), String> {
    Ok((ymd(year, 1, 1)?, ymd(year, 12, 31)?))
}

fn add_days(date: Date, days: i64) -> Result<Date, String> {
    Span::new()
        .try_days(days)
        .and_then(|span| date.checked_add(span))
        .map_err(|_| "date out of range".to_string())
}

fn range_text(start: Date, end: Date) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}..{end}")
    }
}

fn resolved(start: Date, end: Date, how: String) -> (DateValue, String) {
    let explanation = format!("{how} -> {}", range_text(start, end));
    (DateValue::Range { start, end }, explanation)
}

fn pub_label(published: Date) -> String {
    format!("{} {published}", weekday_short(published.weekday()))
}

fn needs_published(text: &str) -> String {
    format!("needs a publication date: {}", short_text(text))
}

fn offset(w: Wd) -> i64 {
    i64::from(w.to_monday_zero_offset())
}

fn resolve_weekday(
    modifier: Option<&str>,
    w: Wd,
    published: Option<Date>,
) -> Result<(DateValue, String), String> {
    let name = weekday_name(w);
    let Some(p) = published else {
        return Ok((
            DateValue::Weekday {
                weekday: name.to_string(),
            },
            format!("{name}, no publication date to resolve it against"),
        ));
    };
    let (pw, ww) = (offset(p.weekday()), offset(w));
    let (delta, relation) = match modifier {
        None => (-(pw - ww).rem_euclid(7), "on or before"),
        Some("last") => (-((pw - ww - 1).rem_euclid(7) + 1), "before"),
        Some("next") => ((ww - pw - 1).rem_euclid(7) + 1, "after"),
        Some("this") => (ww - pw, "in the week of"),
        Some(other) => return Err(format!("unknown weekday modifier `{}`", short_text(other))),
    };
    let day = add_days(p, delta)?;
    Ok(resolved(
        day,
        day,
        format!("{name} {relation} {}", pub_label(p)),
    ))
}

fn resolve_relative_period(
    modifier: &str,
    unit: &str,
    published: Date,
) -> Result<(DateValue, String), String> {
    let delta = match modifier {
        "last" => -1,
        "this" => 0,
        "next" => 1,
        _ => return Err(format!("unrecognized date `{modifier} {unit}`")),
    };
    let p = published;
    let (start, end, anchor) = match unit {
        "week" => {
            let monday = add_days(p, -offset(p.weekday()) + 7 * delta)?;
            (
                monday,
                add_days(monday, 6)?,
                format!("relative to {}", pub_label(p)),
            )
        }
        "month" => {
            let index = i64::from(p.year()) * 12 + i64::from(p.month()) - 1 + delta;
            let (start, end) = month_range(index.div_euclid(12), index.rem_euclid(12) + 1)?;
            let anchor = format!("in {} {}", month_name(i64::from(p.month())), p.year());
            (start, end, anchor)
        }
        "year" => {
            let (start, end) = year_range(i64::from(p.year()) + delta)?;
            (start, end, format!("in {}", p.year()))
        }
        _ => return Err(format!("unrecognized date `{modifier} {unit}`")),
    };
    Ok(resolved(start, end, format!("{modifier} {unit} {anchor}")))
}

/// A month-day without a year: the candidate year nearest the publication
/// date, which must lie within about six months of it.
fn resolve_month_day(
    month: i64,
    day: i64,
    published: Option<Date>,
    text: &str,
) -> Result<(DateValue, String), String> {
    // Validate against a leap year first so "February 30" fails for what it is.
    ymd(2024, month, day).map_err(|_| format!("no day {day} in {}", month_name(month)))?;
    let p = published.ok_or_else(|| needs_published(text))?;
    let year = i64::from(p.year());
    let mut best: Option<(i64, Date)> = None;
    for candidate in [year - 1, year, year + 1] {
        if let Ok(date) = ymd(candidate, month, day) {
            let distance = date.duration_since(p).as_secs().saturating_abs();
            let closer = match best {
                Some((d, _)) => distance < d,
                None => true,
            };
            if closer {
                best = Some((distance, date));
            }
        }
    }
    let label = format!("{} {day}", month_name(month));
    match best {
        Some((distance, date)) if distance <= 184 * 86_400 => Ok(resolved(
            date,
            date,
            format!("{label} nearest to {}", pub_label(p)),
        )),
        _ => Err(format!(
            "{label} is not within six months of {}",
            pub_label(p)
        )),
    }
}

/// A month without a year: the one nearest the publication month, as a
/// month-day takes the nearest year, so that "in April" and "April 2" written
/// in March mean the same April. Six months either way is the earlier one
/// (the old reading, and copy reports the past more often than it announces).
fn resolve_month(month: i64, published: Date) -> Result<(DateValue, String), String> {
    let p = published;
    let from = i64::from(p.year()) * 12 + i64::from(p.month()) - 1;
    let ahead = (month - i64::from(p.month())).rem_euclid(12);
    let tie = ahead == 6;
    let index = if ahead < 6 {
        from + ahead
    } else {
        from + ahead - 12
    };
    let (start, end) = month_range(index.div_euclid(12), index.rem_euclid(12) + 1)?;
    Ok(resolved(
        start,
        end,
        format!(
            "{} nearest to {} {}{}",
            month_name(month),
            month_name(i64::from(p.month())),
            p.year(),
            if tie {
                " (six months either way: the earlier)"
            } else {
                ""
            }
        ),
    ))
}

/// "16/01/2026", "12/03/14": day and month in the order the numbers allow, or the
/// story's `date_order:` when both fit.
fn resolve_numeric(
    a: i64,
    b: i64,
    year: i64,
    two_digit: bool,
    order: Option<DateOrder>,
    text: &str,
) -> Result<(DateValue, String), String> {
    let year = if two_digit {
        if year < 70 {
            2000 + year
        } else {
            1900 + year
        }
    } else {
        year
    };
    let (order, how) = match (a > 12, b > 12, order) {
        (true, true, _) => return Err(format!("no month in `{}`", short_text(text))),
        (true, false, _) => (DateOrder::Dmy, "day first (the first number is over 12)"),
        (false, true, _) => (DateOrder::Mdy, "month first (the second number is over 12)"),
        _ if a == b => (DateOrder::Dmy, "day and month are the same"),
        (false, false, Some(DateOrder::Dmy)) => (DateOrder::Dmy, "day first (date_order: dmy)"),
        (false, false, Some(DateOrder::Mdy)) => (DateOrder::Mdy, "month first (date_order: mdy)"),
        (false, false, None) => {
            return Err(format!(
                "ambiguous numeric date `{}`: set the story's `date_order:` to `dmy` or `mdy`",
                short_text(text)
            ))
        }
    };
    let (day, month) = match order {
        DateOrder::Dmy => (a, b),
        DateOrder::Mdy => (b, a),
    };
    let date = ymd(year, month, day)?;
    Ok(resolved(date, date, format!("numeric date, {how}")))
}

/// A small count as written before "days ago": (fewest, most).
fn count_of(toks: &[Tok]) -> Option<(i64, i64)> {
    match toks {
        [Tok::Num {
            value,
            ordinal: false,
            ..
        }] => Some((*value, *value)),
        [Tok::Word(a), Tok::Word(few)] if a == "a" && few == "few" => Some((2, 5)),
        [Tok::Word(a), Tok::Word(couple)] if a == "a" && couple == "couple" => Some((2, 2)),
        [Tok::Word(w)] => {
            let n = match w.as_str() {
                "a" | "an" | "one" => 1,
                "two" => 2,
                "three" => 3,
                "four" => 4,
                "five" => 5,
                "six" => 6,
                "seven" => 7,
                "eight" => 8,
                "nine" => 9,
                "ten" => 10,
                "eleven" => 11,
                "twelve" => 12,
                "several" => return Some((3, 9)),
                _ => return None,
            };
            Some((n, n))
        }
        _ => None,
    }
}

/// "three days ago", "a week ago", "5 months ago", "two years ago".
fn resolve_ago(lo: i64, hi: i64, unit: &str, p: Date) -> Result<(DateValue, String), String> {
    if hi > 10_000 {
        return Err("date out of range".to_string());
    }
    let unit = unit.trim_end_matches('s');
    let (start, end, how) = match unit {
        "day" => (add_days(p, -hi)?, add_days(p, -lo)?, "days"),
        // Copy rounds weeks: a week ago is any day of the week around it.
        "week" => (
            add_days(p, -7 * hi - 3)?,
            add_days(p, -7 * lo + 3)?,
            "weeks, give or take three days",
        ),
        "month" => {
            let index = i64::from(p.year()) * 12 + i64::from(p.month()) - 1;
            let (first, _) =
                month_range((index - hi).div_euclid(12), (index - hi).rem_euclid(12) + 1)?;
            let (_, last) =
                month_range((index - lo).div_euclid(12), (index - lo).rem_euclid(12) + 1)?;
            (first, last, "calendar months")
        }
        "year" => {
            let (first, _) = year_range(i64::from(p.year()) - hi)?;
            let (_, last) = year_range(i64::from(p.year()) - lo)?;
            (first, last, "calendar years")
        }
        _ => return Err(format!("unrecognized date `{unit} ago`")),
    };
    let count = if lo == hi {
        lo.to_string()
    } else {
        format!("{lo} to {hi}")
    };
    Ok(resolved(
        start,
        end,
        format!("{count} {unit}(s) before {} ({how})", pub_label(p)),
    ))
}

/// "earlier this month", "later this year": the part of the period before or
/// after the publication date.
fn resolve_part_of_period(part: &str, unit: &str, p: Date) -> Result<(DateValue, String), String> {
    let (whole, _) = resolve_relative_period("this", unit, p)?;
    let DateValue::Range { start, end } = whole else {
        return Err(format!("unrecognized date `{part} this {unit}`"));
    };
    let (start, end) = if part == "earlier" {
        (start, p)
    } else {
        (p, end)
    };
    Ok(resolved(
        start,
        end,
        format!("{part} this {unit}, relative to {}", pub_label(p)),
    ))
}

fn resolve_tokens(
    toks: &[Tok],
    published: Option<Date>,
    text: &str,
    order: Option<DateOrder>,
) -> Result<(DateValue, String), String> {
    match toks {
        [] => Err("empty date".to_string()),
        [Tok::Numeric(a, b, y, two)] => resolve_numeric(*a, *b, *y, *two, order, text),
        [count @ .., unit, ago]
            if ago.word() == Some("ago")
                && matches!(
                    unit.word(),
                    Some("day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years")
                )
                && count_of(count).is_some() =>
        {
            let p = published.ok_or_else(|| needs_published(text))?;
            let (lo, hi) = count_of(count).unwrap_or((1, 1));
            resolve_ago(lo, hi, unit.word().unwrap_or("day"), p)
        }
        [part, this, unit]
            if matches!(part.word(), Some("earlier" | "later"))
                && this.word() == Some("this")
                && matches!(unit.word(), Some("week" | "month" | "year")) =>
        {
            let p = published.ok_or_else(|| needs_published(text))?;
            resolve_part_of_period(part.word().unwrap_or(""), unit.word().unwrap_or(""), p)
        }
        [a, b]
            if matches!(
                (a.word(), b.word()),
                (Some("next" | "following"), Some("day"))
                    | (Some("previous"), Some("day"))
                    | (Some("day"), Some("before" | "after"))
            ) =>
        {
            let p = published.ok_or_else(|| needs_published(text))?;
            let forward =
                matches!(a.word(), Some("next" | "following")) || b.word() == Some("after");
            let day = add_days(p, if forward { 1 } else { -1 })?;
            Ok(resolved(
                day,
                day,
                format!(
                    "the day {} {}",
                    if forward { "after" } else { "before" },
                    pub_label(p)
                ),
            ))
        }
        [Tok::Month(m), modifier, unit]
            if matches!(modifier.word(), Some("last" | "this" | "next"))
                && unit.word() == Some("year") =>
        {
            let p = published.ok_or_else(|| needs_published(text))?;
            let delta = match modifier.word() {
                Some("last") => -1,
                Some("next") => 1,
                _ => 0,
            };
            let (start, end) = month_range(i64::from(p.year()) + delta, i64::from(*m))?;
            Ok(resolved(
                start,
                end,
                format!(
                    "{} {} year, relative to {}",
                    month_name(i64::from(*m)),
                    modifier.word().unwrap_or(""),
                    pub_label(p)
                ),
            ))
        }
        [Tok::IsoDay(y, m, d)] => {
            let date = ymd(*y, *m, *d)?;
            Ok(resolved(date, date, "absolute date".to_string()))
        }
        [Tok::IsoMonth(y, m)] => {
            let (start, end) = month_range(*y, *m)?;
            Ok(resolved(start, end, "absolute month".to_string()))
        }
        [Tok::Month(m), d, y] | [d, Tok::Month(m), y]
            if d.day().is_some() && y.year().is_some() =>
        {
            let (year, year_text) = y.year().unwrap_or((0, ""));
            check_year(year, year_text)?;
            let date = ymd(year, i64::from(*m), d.day().unwrap_or(0))?;
            Ok(resolved(date, date, "absolute date".to_string()))
        }
        [Tok::Month(m), d] | [d, Tok::Month(m)] if d.day().is_some() => {
            resolve_month_day(i64::from(*m), d.day().unwrap_or(0), published, text)
        }
        [Tok::Month(m), y] if y.year().is_some() => {
            let (year, year_text) = y.year().unwrap_or((0, ""));
            check_year(year, year_text)?;
            let (start, end) = month_range(year, i64::from(*m))?;
            Ok(resolved(start, end, "absolute month".to_string()))
        }
        [Tok::Month(m)] => {
            let p = published.ok_or_else(|| needs_published(text))?;
            resolve_month(i64::from(*m), p)
        }
        [y] if y.year().is_some() => {
            let (year, year_text) = y.year().unwrap_or((0, ""));
            check_year(year, year_text)?;
            let (start, end) = year_range(year)?;
            Ok(resolved(start, end, "absolute year".to_string()))
        }
        [Tok::Weekday(w)] => resolve_weekday(None, *w, published),
        [modifier, Tok::Weekday(w)]
            if matches!(modifier.word(), Some("last" | "next" | "this")) =>
        {
            resolve_weekday(modifier.word(), *w, published)
        }
        [modifier, unit]
            if matches!(modifier.word(), Some("last" | "this" | "next"))
                && matches!(unit.word(), Some("week" | "month" | "year")) =>
        {
            let p = published.ok_or_else(|| needs_published(text))?;
            resolve_relative_period(modifier.word().unwrap_or(""), unit.word().unwrap_or(""), p)
        }
        [Tok::Word(w)] if matches!(w.as_str(), "today" | "yesterday" | "tomorrow") => {
            let p = published.ok_or_else(|| needs_published(text))?;
            let delta = match w.as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            let day = add_days(p, delta)?;
            Ok(resolved(
                day,
                day,
                format!("{w} relative to {}", pub_label(p)),
            ))
        }
        // "Monday, April 10, 2023": the written weekday must fit the date.
        [Tok::Weekday(w), rest @ ..] => {
            let (value, explanation) = resolve_tokens(rest, published, text, order)?;
            match &value {
                DateValue::Range { start, end } if start == end => {
                    if start.weekday() == *w {
                        Ok((value, explanation))
                    } else {
                        Err(format!(
                            "weekday mismatch: {start} is a {}, not a {}",
                            weekday_name(start.weekday()),
                            weekday_name(*w)
                        ))
                    }
                }
                _ => Err(format!("unrecognized date `{}`", short_text(text))),
            }
        }
        _ => Err(format!("unrecognized date `{}`", short_text(text))),
    }
}

/// Parse+resolve what the regexes matched, against the publication date. Returns the value and a
/// short explanation of how it was derived ("Monday on or before Tue 2023-04-11 -> 2023-04-10",
/// "last month in April 2023 -> 2023-03-01..2023-03-31"). Err with a short lowercase reason;
/// a weekday without a publication date is an error too, since nothing can confirm it.
pub fn parse(text: &str, published: Option<Date>) -> Result<(DateValue, String), String> {
    parse_with_order(text, published, None)
}

/// [`parse`], with the story's `date_order:` for ambiguous numeric dates.
pub fn parse_with_order(
    text: &str,
    published: Option<Date>,
    order: Option<DateOrder>,
) -> Result<(DateValue, String), String> {
    parse_in(text, published, order, crate::lang::english())
}

/// [`parse_with_order`] with a language's month and day names.
pub fn parse_in(
    text: &str,
    published: Option<Date>,
    order: Option<DateOrder>,
    language: &'static Language,
) -> Result<(DateValue, String), String> {
    let parsed = resolve_tokens(&tokenize(text, language), published, text, order)?;
    if let DateValue::Weekday { weekday } = &parsed.0 {
        return Err(format!(
            "cannot resolve {weekday}: the source has no publication date (front matter `date:`, a dateline, the story's `date:` or `--date`)"
        ));
    }
    Ok(parsed)
}

/// Parse an `expect:` value from YAML: "2023-04-10", "2023-03" (a month), "2023" (a year), or a
/// weekday name. Any other absolute date `parse` understands ("March 2023") is accepted too.
pub fn parse_expected(text: &str) -> Result<DateValue, String> {
    parse_expected_in(text, crate::lang::english())
}

/// [`parse_expected`] in a language.
pub fn parse_expected_in(text: &str, language: &'static Language) -> Result<DateValue, String> {
    resolve_tokens(&tokenize(text, language), None, text, None)
        .map(|(value, _)| value)
        .map_err(|reason| {
            format!(
                "{reason} (expected a day like 2023-04-10, a month like 2023-03, a year, or a weekday)"
            )
        })
}

/// Number of days in an inclusive range; 0 when `end` is before `start`.
fn range_len(start: Date, end: Date) -> i64 {
    if end < start {
        0
    } else {
        end.duration_since(start).as_secs() / 86_400 + 1
    }
}

fn compare_weekday_range(name: &str, start: Date, end: Date) -> (bool, String) {
    let range = range_text(start, end);
    // A weekday value holds its English name.
    let english = DATE_WORDS.get(crate::lang::english());
    let Some(w) = weekday_from_name(english, name.trim()) else {
        return (false, format!("`{}` is not a weekday", short_text(name)));
    };
    let name = weekday_name(w);
    let len = range_len(start, end);
    if len == 1 {
        let actual = weekday_name(start.weekday());
        if actual == name {
            (true, format!("{range} is a {name}"))
        } else {
            (false, format!("{range} is a {actual}, not a {name}"))
        }
    } else if (2..7).contains(&len) {
        let contains = (offset(w) - offset(start.weekday())).rem_euclid(7) < len;
        if contains {
            (true, format!("{range} contains a {name}"))
        } else {
            (false, format!("{range} contains no {name}"))
        }
    } else {
        (false, format!("{range} is too long to confirm a {name}"))
    }
}

/// Do two values agree? Ranges agree when they overlap; a weekday agrees with a range when the range is
/// a single day on that weekday (or contains that weekday if it spans <7 days); two weekdays by name.
/// Returns (agree, explanation) e.g. "2023-03-01..2023-03-31 overlaps 2023-03-01..2023-03-31".
pub fn compare(a: &DateValue, b: &DateValue) -> (bool, String) {
    match (a, b) {
        (DateValue::Range { start: s1, end: e1 }, DateValue::Range { start: s2, end: e2 }) => {
            let (r1, r2) = (range_text(*s1, *e1), range_text(*s2, *e2));
            if s1 <= e2 && s2 <= e1 && s1 <= e1 && s2 <= e2 {
                (true, format!("{r1} overlaps {r2}"))
            } else {
                (false, format!("{r1} does not overlap {r2}"))
            }
        }
        (DateValue::Weekday { weekday }, DateValue::Range { start, end })
        | (DateValue::Range { start, end }, DateValue::Weekday { weekday }) => {
            compare_weekday_range(weekday, *start, *end)
        }
        (DateValue::Weekday { weekday: w1 }, DateValue::Weekday { weekday: w2 }) => {
            let (n1, n2) = (short_text(w1), short_text(w2));
            if w1.trim().to_lowercase() == w2.trim().to_lowercase() {
                (true, format!("{n1} is {n2}"))
            } else {
                (false, format!("{n1} is not {n2}"))
            }
        }
    }
}

impl DateValue {
    /// Human-readable form: "2023-04-10 (Monday)", "March 2023", "2023",
    /// "2023-03-01..2023-03-15", "Monday".
    pub fn display(&self) -> String {
        match self {
            DateValue::Weekday { weekday } => weekday.clone(),
            DateValue::Range { start, end } if start == end => {
                format!("{start} ({})", weekday_name(start.weekday()))
            }
            DateValue::Range { start, end }
                if start.day() == 1 && *end == start.last_of_month() =>
            {
                format!("{} {}", month_name(i64::from(start.month())), start.year())
            }
            DateValue::Range { start, end }
                if start.month() == 1
                    && start.day() == 1
                    && end.year() == start.year()
                    && end.month() == 12
                    && end.day() == 31 =>
            {
                start.year().to_string()
            }
            DateValue::Range { start, end } => range_text(*start, *end),
        }
    }
}

/// `{weekday}`: "Monday", "on Monday", "last Monday".
pub static WEEKDAY_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "weekday",
    regex: weekday_regex_in,
    // "Friday's storm": a possessive after a day is not part of the value.
    trailer: "(?:'s)?",
    glued: false,
    may_be_cut: false,
};

/// `{date}`: dates, months, relative dates.
pub static DATE_PLACEHOLDER: super::PlaceholderDef = super::PlaceholderDef {
    word: "date",
    regex: date_regex_in,
    trailer: "(?:'s)?",
    glued: false,
    may_be_cut: false,
};

/// The `weekday` kind.
pub static WEEKDAY: super::KindDef = super::KindDef {
    name: "weekday",
    doc: "A day of the week, resolved to a calendar date.",
    placeholders: &[&WEEKDAY_PLACEHOLDER, &DATE_PLACEHOLDER],
    keys: &[],
    example: "met on {weekday}",
    parse: parse_value,
    parse_expected: Some(parse_expected_value),
    compare: compare_values,
    check_tolerance: None,
    fullest_first: false,
};

/// The `date` kind.
pub static DATE: super::KindDef = super::KindDef {
    name: "date",
    doc: "A calendar date, month or relative expression, resolved to a range of days.",
    placeholders: &[&WEEKDAY_PLACEHOLDER, &DATE_PLACEHOLDER],
    keys: &[],
    example: "since {date}",
    parse: parse_value,
    parse_expected: Some(parse_expected_value),
    compare: compare_values,
    check_tolerance: None,
    fullest_first: false,
};

fn parse_value(
    raw: &str,
    published: Option<Date>,
    language: &'static Language,
    options: &super::ValueOptions,
) -> Result<(super::Value, String), String> {
    parse_in(raw, published, options.date_order, language)
        .map(|(v, why)| (super::Value::Date(v), why))
}

fn parse_expected_value(
    raw: &str,
    language: &'static Language,
    _: &super::ValueOptions,
) -> Result<super::Value, String> {
    parse_expected_in(raw, language).map(super::Value::Date)
}

/// Dates agree when their ranges of days meet.
fn compare_values(
    a: &super::Value,
    b: &super::Value,
    _: &super::ValueOptions,
) -> super::Comparison {
    let (super::Value::Date(a), super::Value::Date(b)) = (a, b) else {
        return super::mismatched();
    };
    let (agree, why) = compare(a, b);
    super::Comparison::agreement(agree, why)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use regex::Regex;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn day_value(date: Date) -> DateValue {
        range(date, date)
    }

    fn range(a: Date, b: Date) -> DateValue {
        DateValue::Range { start: a, end: b }
    }

    fn weekday(name: &str) -> DateValue {
        DateValue::Weekday {
            weekday: name.to_string(),
        }
    }

    const APR11: Option<Date> = Some(jiff::civil::date(2023, 4, 11));

    fn val(text: &str, published: Option<Date>) -> DateValue {
        parse(text, published).unwrap().0
    }

    fn march_2023() -> DateValue {
        range(d(2023, 3, 1), d(2023, 3, 31))
    }

    #[test]
    fn weekdays_against_tuesday_publication() {
        assert_eq!(val("on Monday", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("Monday", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("Tuesday", APR11), day_value(d(2023, 4, 11)));
        assert_eq!(val("Wednesday", APR11), day_value(d(2023, 4, 5)));
        assert_eq!(val("last Tuesday", APR11), day_value(d(2023, 4, 4)));
        assert_eq!(val("last Monday", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("next Tuesday", APR11), day_value(d(2023, 4, 18)));
        assert_eq!(val("next Friday", APR11), day_value(d(2023, 4, 14)));
        assert_eq!(val("this Sunday", APR11), day_value(d(2023, 4, 16)));
        assert_eq!(val("this Monday", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("MONDAY'S", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("Monday’s", APR11), day_value(d(2023, 4, 10)));
        let (_, why) = parse("on Monday", APR11).unwrap();
        assert_eq!(why, "Monday on or before Tue 2023-04-11 -> 2023-04-10");
    }

    #[test]
    fn today_yesterday_tomorrow() {
        assert_eq!(val("today", APR11), day_value(d(2023, 4, 11)));
        assert_eq!(val("tomorrow", APR11), day_value(d(2023, 4, 12)));
        // Across month and year boundaries.
        assert_eq!(
            val("yesterday", Some(d(2023, 3, 1))),
            day_value(d(2023, 2, 28))
        );
        assert_eq!(
            val("yesterday", Some(d(2024, 3, 1))),
            day_value(d(2024, 2, 29))
        );
        assert_eq!(
            val("Yesterday", Some(d(2024, 1, 1))),
            day_value(d(2023, 12, 31))
        );
        assert_eq!(
            parse("today", None).unwrap_err(),
            "needs a publication date: today"
        );
    }

    #[test]
    fn last_month_agrees_with_march() {
        let (last, why) = parse("last month", APR11).unwrap();
        assert_eq!(last, march_2023());
        assert_eq!(why, "last month in April 2023 -> 2023-03-01..2023-03-31");
        let march = val("March", APR11);
        assert_eq!(march, march_2023());
        // What a "Since {date}" pattern captures is "March"; "since March" whole too.
        assert_eq!(val("Since March", APR11), march_2023());
        assert_eq!(val("in March", APR11), march_2023());
        let (agree, why) = compare(&last, &march);
        assert!(agree);
        assert_eq!(
            why,
            "2023-03-01..2023-03-31 overlaps 2023-03-01..2023-03-31"
        );
        assert_eq!(last.display(), "March 2023");
    }

    #[test]
    fn months_and_periods() {
        assert_eq!(
            val("December", Some(d(2024, 1, 10))),
            range(d(2023, 12, 1), d(2023, 12, 31))
        );
        assert_eq!(val("April", APR11), range(d(2023, 4, 1), d(2023, 4, 30)));
        // The coming May, not last year's (the nearest month).
        assert_eq!(val("May", APR11), range(d(2023, 5, 1), d(2023, 5, 31)));
        assert_eq!(val("March 2023", None), march_2023());
        assert_eq!(val("Mar. 2023", None), march_2023());
        assert_eq!(
            val("March of 2022", None),
            range(d(2022, 3, 1), d(2022, 3, 31))
        );
        assert_eq!(
            val("this month", APR11),
            range(d(2023, 4, 1), d(2023, 4, 30))
        );
        assert_eq!(
            val("next month", Some(d(2023, 12, 5))),
            range(d(2024, 1, 1), d(2024, 1, 31))
        );
        assert_eq!(
            val("last month", Some(d(2024, 3, 15))),
            range(d(2024, 2, 1), d(2024, 2, 29))
        );
        assert_eq!(
            val("last month", Some(d(2024, 1, 15))),
            range(d(2023, 12, 1), d(2023, 12, 31))
        );
        let (last_week, why) = parse("last week", APR11).unwrap();
        assert_eq!(last_week, range(d(2023, 4, 3), d(2023, 4, 9)));
        assert_eq!(
            why,
            "last week relative to Tue 2023-04-11 -> 2023-04-03..2023-04-09"
        );
        let (_, why) = parse("last year", APR11).unwrap();
        assert_eq!(why, "last year in 2023 -> 2022-01-01..2022-12-31");
        assert_eq!(
            val("this week", APR11),
            range(d(2023, 4, 10), d(2023, 4, 16))
        );
        // A Sunday belongs to the week that started the Monday before.
        assert_eq!(
            val("last week", Some(d(2023, 4, 16))),
            range(d(2023, 4, 3), d(2023, 4, 9))
        );
        assert_eq!(
            val("last year", APR11),
            range(d(2022, 1, 1), d(2022, 12, 31))
        );
        assert_eq!(
            val("this year", APR11),
            range(d(2023, 1, 1), d(2023, 12, 31))
        );
        assert_eq!(val("2022", None), range(d(2022, 1, 1), d(2022, 12, 31)));
        assert_eq!(
            parse("last month", None).unwrap_err(),
            "needs a publication date: last month"
        );
        assert!(parse("March", None).is_err());
    }

    #[test]
    fn full_dates() {
        let day = day_value(d(2023, 4, 11));
        for text in [
            "April 11, 2023",
            "11 April 2023",
            "2023-04-11",
            "Apr. 11, 2023",
            "Apr 11 2023",
            "April 11th, 2023",
            "the 11th of April, 2023",
            "on Tuesday, April 11, 2023",
            "  april   11,2023 ",
        ] {
            assert_eq!(val(text, None), day, "{text}");
        }
        let (_, why) = parse("April 11, 2023", None).unwrap();
        assert_eq!(why, "absolute date -> 2023-04-11");
        assert_eq!(
            parse("Sunday, April 10, 2023", None).unwrap_err(),
            "weekday mismatch: 2023-04-10 is a Monday, not a Sunday"
        );
    }

    #[test]
    fn bare_month_takes_nearest_month() {
        let month = |y, m| {
            let (start, end) = month_range(y, m).unwrap();
            range(start, end)
        };
        let mar12 = Some(d(2025, 3, 12));
        // Upcoming months read as "next month" and "April 2" do.
        assert_eq!(val("in April", mar12), month(2025, 4));
        assert_eq!(val("next month", mar12), val("April", mar12));
        assert_eq!(val("August", mar12), month(2025, 8));
        // The publication month itself, and months just gone.
        assert_eq!(val("March", mar12), month(2025, 3));
        assert_eq!(val("February", mar12), month(2025, 2));
        assert_eq!(val("October", mar12), month(2024, 10));
        // Six months either way: the earlier.
        assert_eq!(val("September", mar12), month(2024, 9));
        // Across the turn of the year, both ways.
        assert_eq!(val("December", Some(d(2024, 1, 10))), month(2023, 12));
        assert_eq!(val("February", Some(d(2023, 11, 30))), month(2024, 2));
        assert_eq!(val("April", Some(d(2023, 11, 30))), month(2024, 4));
        assert_eq!(val("June", Some(d(2023, 12, 1))), month(2023, 6));
        let (_, why) = parse("April", mar12).unwrap();
        assert_eq!(why, "April nearest to March 2025 -> 2025-04-01..2025-04-30");
        let (_, why) = parse("September", mar12).unwrap();
        assert_eq!(
            why,
            "September nearest to March 2025 (six months either way: the earlier) -> 2024-09-01..2024-09-30"
        );
        assert!(parse("April", None)
            .unwrap_err()
            .starts_with("needs a publication date"));
    }

    #[test]
    fn month_day_takes_nearest_year() {
        assert_eq!(val("April 10", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("10 April", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(
            val("Dec. 28", Some(d(2024, 1, 3))),
            day_value(d(2023, 12, 28))
        );
        assert_eq!(
            val("January 2", Some(d(2023, 12, 30))),
            day_value(d(2024, 1, 2))
        );
        assert_eq!(val("Monday, April 10", APR11), day_value(d(2023, 4, 10)));
        assert!(parse("April 10", None)
            .unwrap_err()
            .starts_with("needs a publication date"));
        // Feb 29 near a non-leap year: nearest valid one is too far away.
        assert_eq!(
            parse("February 29", APR11).unwrap_err(),
            "February 29 is not within six months of Tue 2023-04-11"
        );
        assert_eq!(
            val("February 29", Some(d(2024, 5, 1))),
            day_value(d(2024, 2, 29))
        );
    }

    #[test]
    fn errors_without_panics() {
        assert_eq!(
            parse("February 30, 2023", None).unwrap_err(),
            "no day 30 in February 2023"
        );
        assert_eq!(
            parse("February 30", APR11).unwrap_err(),
            "no day 30 in February"
        );
        assert_eq!(
            parse("April 11, 99999", None).unwrap_err(),
            "year 99999 is out of range"
        );
        assert_eq!(
            parse("99999", None).unwrap_err(),
            "year 99999 is out of range"
        );
        assert_eq!(parse("2023-13-01", None).unwrap_err(), "no month 13");
        assert_eq!(
            parse("2023-02-29", None).unwrap_err(),
            "no day 29 in February 2023"
        );
        assert_eq!(parse("", None).unwrap_err(), "empty date");
        assert_eq!(parse(" , ", APR11).unwrap_err(), "empty date");
        assert_eq!(
            parse("soon", APR11).unwrap_err(),
            "unrecognized date `soon`"
        );
        let huge = "9".repeat(500);
        assert!(parse(&huge, APR11).is_err());
        assert!(parse(&format!("April {huge}"), APR11).is_err());
        assert!(parse(&format!("{huge}-01-01"), APR11).is_err());
        assert!(parse("April 0", APR11).is_err());
        assert!(parse("\u{0}\u{7}Monday\u{1b}", APR11).is_ok());
        assert!(parse("🎉 \u{202e} Ⅻ", APR11).is_err());
        // Edges of jiff's calendar: arithmetic fails cleanly.
        assert!(parse("next year", Some(d(9999, 6, 1))).is_err());
        assert!(parse("tomorrow", Some(d(9999, 12, 31))).is_err());
        assert!(parse("next week", Some(d(9999, 12, 30))).is_err());
        assert!(parse("last year", Some(d(-9999, 6, 1))).is_err());
        assert!(parse("yesterday", Some(d(-9999, 1, 1))).is_err());
        assert!(parse("last Monday", Some(d(-9999, 1, 1))).is_err());
        assert!(parse("December", Some(d(1000, 1, 1))).is_err());
    }

    #[test]
    fn unresolved_weekday() {
        // A weekday no publication date can resolve is a warning, never a value
        // that could pass `expect:`.
        let err = parse("on Monday", None).unwrap_err();
        assert!(err.starts_with("cannot resolve Monday"), "{err}");
        assert!(parse("last friday", None).is_err());
        // `expect:` may still name a weekday.
        assert_eq!(parse_expected("Monday").unwrap(), weekday("Monday"));
        assert_eq!(weekday("Monday").display(), "Monday");
        // Absolute dates still resolve without a publication date.
        assert_eq!(val("2023-04-10", None), day_value(d(2023, 4, 10)));
    }

    #[test]
    fn relative_junk_never_panics() {
        let alphabet = [
            "1", "12", "/", " ", "days", "ago", "a", "few", "last", "year", "March", "earlier",
            "this", "month", "the", "next", "day", "before", "99999", "20269:05", "AM", "İ",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(seed % 7) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
                s.push(' ');
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let _ = parse_with_order(&s, APR11, Some(DateOrder::Dmy));
            let _ = parse(&s, Some(d(9999, 12, 31)));
        }
    }

    #[test]
    fn relative_forms() {
        assert_eq!(val("three days ago", APR11), day_value(d(2023, 4, 8)));
        assert_eq!(val("3 days ago", APR11), day_value(d(2023, 4, 8)));
        assert_eq!(
            val("a week ago", APR11),
            range(d(2023, 4, 1), d(2023, 4, 7))
        );
        assert_eq!(
            val("three months ago", APR11),
            range(d(2023, 1, 1), d(2023, 1, 31))
        );
        assert_eq!(
            val("5 months ago", APR11),
            range(d(2022, 11, 1), d(2022, 11, 30))
        );
        assert_eq!(
            val("two years ago", APR11),
            range(d(2021, 1, 1), d(2021, 12, 31))
        );
        assert_eq!(
            val("a few days ago", APR11),
            range(d(2023, 4, 6), d(2023, 4, 9))
        );
        assert_eq!(
            val("last year", APR11),
            range(d(2022, 1, 1), d(2022, 12, 31))
        );
        assert_eq!(
            val("March last year", APR11),
            range(d(2022, 3, 1), d(2022, 3, 31))
        );
        assert_eq!(
            val("April this year", APR11),
            range(d(2023, 4, 1), d(2023, 4, 30))
        );
        assert_eq!(
            val("earlier this month", APR11),
            range(d(2023, 4, 1), d(2023, 4, 11))
        );
        assert_eq!(
            val("later this year", APR11),
            range(d(2023, 4, 11), d(2023, 12, 31))
        );
        assert_eq!(val("the next day", APR11), day_value(d(2023, 4, 12)));
        assert_eq!(val("the following day", APR11), day_value(d(2023, 4, 12)));
        assert_eq!(val("the day before", APR11), day_value(d(2023, 4, 10)));
        assert_eq!(val("the previous day", APR11), day_value(d(2023, 4, 10)));
        assert!(parse("three days ago", None)
            .unwrap_err()
            .starts_with("needs a publication date"));
        assert!(parse("99999 years ago", APR11).is_err());
        let (_, why) = parse("5 months ago", APR11).unwrap();
        assert_eq!(
            why,
            "5 month(s) before Tue 2023-04-11 (calendar months) -> 2022-11-01..2022-11-30"
        );
    }

    #[test]
    fn numeric_and_glued_datelines() {
        let dmy = Some(DateOrder::Dmy);
        let mdy = Some(DateOrder::Mdy);
        let at = |text: &str, order| parse_with_order(text, APR11, order).unwrap().0;
        assert_eq!(at("16/01/2026", None), day_value(d(2026, 1, 16)));
        assert_eq!(at("01/16/2026", None), day_value(d(2026, 1, 16)));
        assert_eq!(at("12 / 03 / 14", dmy), day_value(d(2014, 3, 12)));
        assert_eq!(at("12 / 03 / 14", mdy), day_value(d(2014, 12, 3)));
        assert_eq!(at("05/05/2020", None), day_value(d(2020, 5, 5)));
        let err = parse("12/03/14", APR11).unwrap_err();
        assert!(err.contains("date_order"), "{err}");
        assert!(parse("31/31/2020", APR11).is_err());
        assert!(parse("31/02/2020", APR11).is_err());
        assert_eq!(
            val("January 17, 20269:05 AM", None),
            day_value(d(2026, 1, 17))
        );
        let re = Regex::new(&format!("(?i){}", date_regex())).unwrap();
        let find = |hay: &str| re.find(hay).map(|m| m.as_str().to_string());
        assert_eq!(
            find("Posted January 17, 20269:05 AM by"),
            Some("January 17, 20269:05 AM".into())
        );
        assert_eq!(find("SEOUL 16/01/2026 —"), Some("16/01/2026".into()));
        assert_eq!(find("dated 12 / 03 / 14 in"), Some("12 / 03 / 14".into()));
        assert_eq!(
            find("it happened three months ago."),
            Some("three months ago".into())
        );
        assert_eq!(find("in March last year,"), Some("March last year".into()));
        assert_eq!(
            find("earlier this month, police"),
            Some("earlier this month".into())
        );
        assert_eq!(find("on the next day police"), Some("the next day".into()));
        assert_eq!(val("Friday's", APR11), day_value(d(2023, 4, 7)));
    }

    #[test]
    fn expected_values() {
        assert_eq!(
            parse_expected("2023-04-10").unwrap(),
            day_value(d(2023, 4, 10))
        );
        assert_eq!(parse_expected("2023-03").unwrap(), march_2023());
        assert_eq!(
            parse_expected("2023").unwrap(),
            range(d(2023, 1, 1), d(2023, 12, 31))
        );
        assert_eq!(parse_expected("monday").unwrap(), weekday("Monday"));
        assert_eq!(parse_expected(" Tuesday ").unwrap(), weekday("Tuesday"));
        assert_eq!(parse_expected("March 2023").unwrap(), march_2023());
        let err = parse_expected("last month").unwrap_err();
        assert!(
            err.starts_with("needs a publication date: last month (expected"),
            "{err}"
        );
        assert!(parse_expected("2023-3").is_err());
        assert!(parse_expected("2023-02-30").is_err());
        assert!(parse_expected("Funday").is_err());
    }

    #[test]
    fn comparisons() {
        let monday = day_value(d(2023, 4, 10));
        assert_eq!(
            compare(&weekday("Monday"), &monday),
            (true, "2023-04-10 is a Monday".to_string())
        );
        assert_eq!(
            compare(&monday, &weekday("Tuesday")),
            (false, "2023-04-10 is a Monday, not a Tuesday".to_string())
        );
        let short = range(d(2023, 4, 10), d(2023, 4, 12));
        assert_eq!(
            compare(&weekday("Wednesday"), &short),
            (
                true,
                "2023-04-10..2023-04-12 contains a Wednesday".to_string()
            )
        );
        assert!(!compare(&weekday("Sunday"), &short).0);
        // Wrapping across a week end: Sat..Mon contains Sunday, not Friday.
        let weekend = range(d(2023, 4, 8), d(2023, 4, 10));
        assert!(compare(&weekday("Sunday"), &weekend).0);
        assert!(!compare(&weekday("Friday"), &weekend).0);
        let week = range(d(2023, 4, 3), d(2023, 4, 9));
        assert_eq!(
            compare(&weekday("Monday"), &week),
            (
                false,
                "2023-04-03..2023-04-09 is too long to confirm a Monday".to_string()
            )
        );
        assert!(!compare(&weekday("Blursday"), &monday).0);
        assert!(compare(&weekday("Monday"), &weekday("monday")).0);
        assert!(!compare(&weekday("Monday"), &weekday("Tuesday")).0);
        // Overlap, touching and disjoint ranges.
        assert!(compare(&march_2023(), &range(d(2023, 3, 31), d(2023, 4, 2))).0);
        let (agree, why) = compare(&march_2023(), &day_value(d(2023, 4, 1)));
        assert!(!agree);
        assert_eq!(why, "2023-03-01..2023-03-31 does not overlap 2023-04-01");
        // A reversed (malformed) range agrees with nothing.
        assert!(!compare(&range(d(2023, 3, 31), d(2023, 3, 1)), &march_2023()).0);
        // Both seed sources: "last week" in DW and AP on the same day agree.
        assert!(compare(&val("last week", APR11), &val("April 5", APR11)).0);
    }

    #[test]
    fn display_forms() {
        assert_eq!(day_value(d(2023, 4, 10)).display(), "2023-04-10 (Monday)");
        assert_eq!(march_2023().display(), "March 2023");
        assert_eq!(range(d(2023, 1, 1), d(2023, 12, 31)).display(), "2023");
        assert_eq!(
            range(d(2023, 3, 1), d(2023, 3, 15)).display(),
            "2023-03-01..2023-03-15"
        );
        assert_eq!(weekday("Monday").display(), "Monday");
    }

    #[test]
    fn serializes_dates_as_iso() {
        let json = serde_json::to_string(&march_2023()).unwrap();
        assert_eq!(
            json,
            r#"{"type":"range","start":"2023-03-01","end":"2023-03-31"}"#
        );
        let json = serde_json::to_string(&weekday("Monday")).unwrap();
        assert_eq!(json, r#"{"type":"weekday","weekday":"Monday"}"#);
    }

    fn find<'a>(fragment: &str, hay: &'a str) -> Vec<&'a str> {
        let re = Regex::new(&format!("(?i){fragment}")).unwrap();
        re.find_iter(hay).map(|m| m.as_str()).collect()
    }

    #[test]
    fn weekday_regex_matches_whole_words() {
        let re = weekday_regex();
        assert_eq!(
            Regex::new(re).unwrap().captures_len(),
            1,
            "no capture groups"
        );
        assert_eq!(
            find(
                re,
                "met on Monday, reported Tuesday; last Monday and next Friday, this Tuesday"
            ),
            vec![
                "on Monday",
                "Tuesday",
                "last Monday",
                "next Friday",
                "this Tuesday"
            ]
        );
        assert_eq!(find(re, "Monday's meeting"), vec!["Monday"]);
        assert_eq!(
            find(re, "today, yesterday or tomorrow"),
            vec!["today", "yesterday", "tomorrow"]
        );
        assert!(find(re, "Mondays Sundayish todays").is_empty());
    }

    #[test]
    fn date_regex_matches_forms() {
        let re = date_regex();
        assert_eq!(
            Regex::new(re).unwrap().captures_len(),
            1,
            "no capture groups"
        );
        for (hay, want) in [
            ("dated April 11, 2023 here", "April 11, 2023"),
            ("dated Apr. 11, 2023 here", "Apr. 11, 2023"),
            ("dated 11 April 2023 here", "11 April 2023"),
            ("dated 2023-04-11 here", "2023-04-11"),
            ("met on April 10 again", "April 10"),
            ("Since March, the United States", "March"),
            ("in March 2023 they", "March 2023"),
            ("in Sept. 2022 they", "Sept. 2022"),
            ("drills last month and", "last month"),
            ("warned last week it", "last week"),
            ("since last year, with", "last year"),
            ("this year", "this year"),
            ("met on Monday to", "on Monday"),
            (
                "on Monday, April 10, 2023, Kim",
                "on Monday, April 10, 2023",
            ),
            ("missiles in 2022", "2022"),
            ("as of 2023-03 the", "2023-03"),
            ("the 2021-22 season", "2021"),
            ("yesterday's talks", "yesterday"),
            ("Monday's meeting", "Monday"),
        ] {
            assert_eq!(find(re, hay), vec![want], "{hay}");
        }
        assert!(find(re, "The Mayor of Marchville").is_empty());
        assert!(find(re, "Monday2 Decembers 12345 around 30 missiles").is_empty());
        // Abbreviations alone are too often other words.
        assert!(find(re, "Jan said the mar").is_empty());
        // Every form the regex matches, parse can resolve.
        let hay = "April 11, 2023; Apr. 11, 2023; 11 April 2023; 2023-04-11; April 10; \
                   March; March 2023; last month; this week; last year; yesterday; \
                   on Monday; next Friday; 2022; Monday, April 10, 2023; 10th of April";
        let all = find(re, hay);
        assert_eq!(all.len(), 16, "{all:?}");
        for m in all {
            assert!(parse(m, APR11).is_ok(), "{m}");
        }
    }

    #[test]
    fn embeds_in_a_rule_pattern() {
        let re = Regex::new(&format!(
            r"(?i)field exercises in years (?P<v>{})",
            date_regex()
        ))
        .unwrap();
        let text = "conducted their biggest field exercises in years last month and";
        let got = re.captures(text).and_then(|c| c.name("v")).unwrap();
        assert_eq!(got.as_str(), "last month");
        assert_eq!(val(got.as_str(), APR11), march_2023());
        // Verbose mode ignores literal spaces; the fragments use `\s+` only.
        let verbose = Regex::new(&format!(r"(?ix) since \s+ (?P<v>{})", date_regex())).unwrap();
        let got = verbose
            .captures("Since March 2023, the")
            .and_then(|c| c.name("v"));
        assert_eq!(got.unwrap().as_str(), "March 2023");
        let verbose = Regex::new(&format!(r"(?ix) (?P<v>{})", weekday_regex())).unwrap();
        let got = verbose.captures("met on Monday").and_then(|c| c.name("v"));
        assert_eq!(got.unwrap().as_str(), "on Monday");
    }

    #[test]
    fn german_dates_are_read_in_german_sources() {
        let de = crate::lang::get("de").unwrap();
        let published = Some(d(2023, 4, 12)); // a Wednesday
        let read = |text: &str| parse_in(text, published, None, de).map(|(v, _)| v);
        assert_eq!(read("12. April 2023"), Ok(day_value(d(2023, 4, 12))));
        assert_eq!(read("3. März"), Ok(day_value(d(2023, 3, 3))));
        assert_eq!(read("am Montag"), Ok(day_value(d(2023, 4, 10))));
        assert_eq!(read("gestern"), Ok(day_value(d(2023, 4, 11))));
        assert_eq!(read("letzten Freitag"), Ok(day_value(d(2023, 4, 7))));
        let find = |re: &str, text: &str| {
            Regex::new(&format!("(?i){re}"))
                .unwrap()
                .find(text)
                .map(|m| m.as_str().to_owned())
        };
        assert_eq!(
            find(date_regex_in(de), "Das Treffen am 12. April 2023 in Berlin").as_deref(),
            Some("12. April 2023")
        );
        assert_eq!(
            find(weekday_regex_in(de), "Er sagte am Dienstag, dass").as_deref(),
            Some("am Dienstag")
        );
        assert_eq!(find(weekday_regex(), "am Dienstag"), None);
        assert_eq!(find(weekday_regex_in(de), "on Tuesday"), None);
        // Values are shown in English whatever the source's language.
        assert!(read("am Montag").unwrap().display().contains("Monday"));
    }
}
