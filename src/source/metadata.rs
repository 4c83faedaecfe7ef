//! Source metadata: the optional YAML front matter block (outlet, date, title,
//! language, url) and the publication date found in a dateline near the top.
//!
//! Front matter is read with a small `key: value` parser on purpose: it needs no
//! nesting, and a hand parser cannot be made to expand alias bombs or recurse.

use super::lines::raw_lines;
use super::normalize::normalize_text;
use jiff::civil::Date;
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// Descriptive metadata of a source, from its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Metadata {
    /// `outlet:` — the publisher (also becomes the source's name).
    pub outlet: Option<String>,
    /// `title:` — the headline.
    pub title: Option<String>,
    /// `language:` (or `lang:`) — a language tag such as `en` or `de`.
    pub language: Option<String>,
    /// `url:` — where the article was published.
    pub url: Option<String>,
    /// `excerpt: true` — a partial source (a wire excerpt, a brief): it is
    /// never reported as missing a fact.
    pub excerpt: bool,
}

/// A parsed front matter block.
#[derive(Debug, Clone, Default)]
pub(crate) struct FrontMatter {
    /// Byte offset in the original text just past the closing delimiter line.
    pub end: usize,
    /// The descriptive keys.
    pub meta: Metadata,
    /// `date:` when it was a valid `YYYY-MM-DD` date.
    pub date: Option<Date>,
    /// Problems worth telling the user (a bad date), 1-based line numbers included.
    pub warnings: Vec<String>,
}

/// Parses front matter: a first line `---`, `key: value` lines, and a closing `---`
/// (or `...`) line. Without a closing line there is no front matter (the `---` is
/// then ordinary text, a Markdown rule, say) unless the lines after it name keys
/// crosswire reads: see [`Unclosed`].
pub(crate) fn front_matter(original: &str) -> Option<FrontMatter> {
    let mut iter = raw_lines(original).enumerate();
    let (_, first) = iter.next()?;
    let first_text = original.get(first.content.clone())?;
    if first_text.trim_start_matches('\u{FEFF}').trim_end() != "---" {
        return None;
    }
    let mut fm = FrontMatter::default();
    // The front matter as it stood where its first run of `key: value` lines
    // ended, in case no closing line ever comes.
    let mut unclosed = Unclosed::default();
    for (index, line) in iter {
        let text = original.get(line.content.clone()).unwrap_or("");
        let trimmed = text.trim();
        if trimmed == "---" || trimmed == "..." {
            fm.end = line.content.end + line.terminator;
            return Some(fm);
        }
        unclosed.track(&fm, trimmed, index, line.content.end + line.terminator);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let value = match scalar(value.trim()) {
            Ok(value) => value,
            Err(problem) => {
                // YAML would refuse the file; keep what the old reading gave
                // (quotes stripped) rather than lose the key, and say so.
                fm.warnings.push(format!(
                    "front matter line {}: {problem}; the value is read as written",
                    index + 1
                ));
                unquote(value.trim()).to_string()
            }
        };
        let value = value.as_str();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "outlet" => fm.meta.outlet = Some(normalize_text(value)),
            "title" => fm.meta.title = Some(normalize_text(value)),
            "language" | "lang" => fm.meta.language = Some(normalize_text(value)),
            "url" => fm.meta.url = Some(normalize_text(value)),
            "excerpt" => {
                fm.meta.excerpt = matches!(value.to_ascii_lowercase().as_str(), "true" | "yes")
            }
            "date" => match parse_iso_date(value) {
                Some(date) => fm.date = Some(date),
                None => fm.warnings.push(format!(
                    "front matter line {}: date {:?} is not a valid YYYY-MM-DD date",
                    index + 1,
                    normalize_text(value)
                )),
            },
            // Unknown keys are allowed: front matter is shared with other tools.
            _ => {}
        }
    }
    unclosed.finish(fm)
}

/// The keys crosswire reads from front matter.
const KEYS: [&str; 7] = [
    "outlet", "title", "language", "lang", "url", "excerpt", "date",
];

/// Front matter whose `---` is never closed. When the lines right after the
/// `---` are `key: value` lines naming a key crosswire reads, they were meant
/// as front matter: they are read as such up to the first blank line or other
/// text (so a `title:` never becomes article text), with a warning.
#[derive(Default)]
struct Unclosed {
    /// The run of `key: value` lines has ended.
    ended: bool,
    /// A key crosswire reads was in the run.
    known: bool,
    /// 1-based number of the run's last line, and the offset past it.
    last: Option<(usize, usize)>,
    /// The front matter as it was when the run ended.
    snapshot: Option<FrontMatter>,
}

impl Unclosed {
    /// Called with each line (`index` 0-based, `end` past its terminator)
    /// before `fm` takes it in.
    fn track(&mut self, fm: &FrontMatter, trimmed: &str, index: usize, end: usize) {
        if self.ended {
            return;
        }
        let key = trimmed.split_once(':').map(|(k, _)| k.trim()).filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        if let Some(key) = key {
            self.known |= KEYS.contains(&key.to_ascii_lowercase().as_str());
            self.last = Some((index + 1, end));
        } else if trimmed.starts_with('#') && !trimmed.is_empty() {
            self.last = Some((index + 1, end));
        } else {
            self.ended = true;
            self.snapshot = Some(fm.clone());
        }
    }

    /// The front matter to use when no closing line came; `fm` is what the
    /// whole text gave.
    fn finish(self, fm: FrontMatter) -> Option<FrontMatter> {
        let (line, end) = self.last?;
        if !self.known {
            return None;
        }
        let mut fm = self.snapshot.unwrap_or(fm);
        fm.end = end;
        fm.warnings.push(format!(
            "front matter line 1: the `---` block is never closed (no `---` line after it); \
             lines 1-{line} are read as front matter, not article text"
        ));
        Some(fm)
    }
}

/// A one-line YAML scalar as YAML reads it: single-quoted (`''` is a `'`),
/// double-quoted (backslash escapes), or plain (up to a ` #` comment). Read
/// from the original text: the normalization of article text (`''` to `"`)
/// must not reach values.
fn scalar(value: &str) -> Result<String, String> {
    let (text, rest) = if let Some(body) = value.strip_prefix('\'') {
        single_quoted(body)?
    } else if let Some(body) = value.strip_prefix('"') {
        double_quoted(body)?
    } else {
        return Ok(unquote(value).to_string());
    };
    let rest = rest.trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        Ok(text)
    } else {
        Err(format!("text after the closing quote: `{rest}`"))
    }
}

/// The value of a single-quoted scalar whose opening quote is gone, and the
/// text after its closing quote.
fn single_quoted(body: &str) -> Result<(String, &str), String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            out.push(c);
        } else if chars.next_if(|&(_, c)| c == '\'').is_some() {
            out.push('\'');
        } else {
            return Ok((out, body.get(i + 1..).unwrap_or("")));
        }
    }
    Err("the single-quoted value is never closed".to_string())
}

/// The value of a double-quoted scalar whose opening quote is gone (YAML 1.2
/// escapes), and the text after its closing quote.
fn double_quoted(body: &str) -> Result<(String, &str), String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, body.get(i + 1..).unwrap_or(""))),
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                let simple = match e {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\u{b}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'e' => Some('\u{1b}'),
                    ' ' => Some(' '),
                    '"' => Some('"'),
                    '/' => Some('/'),
                    '\\' => Some('\\'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(c) = simple {
                    out.push(c);
                    continue;
                }
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => return Err(format!("`\\{e}` is not a YAML escape")),
                };
                let hex: String = chars.by_ref().take(digits).map(|(_, c)| c).collect();
                let code = (hex.chars().count() == digits)
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten();
                match code.and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => return Err(format!("`\\{e}{hex}` is not a character")),
                }
            }
            c => out.push(c),
        }
    }
    Err("the double-quoted value is never closed".to_string())
}

/// Strips matching surrounding quotes, or else a trailing ` # comment`.
fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|rest| rest.strip_suffix(q)) {
            return inner;
        }
    }
    match value.find(" #") {
        Some(i) => value.get(..i).unwrap_or(value).trim_end(),
        None => value,
    }
}

/// Parses `YYYY-MM-DD`, optionally followed by a time (`T…` or ` …`), which is ignored.
pub(crate) fn parse_iso_date(value: &str) -> Option<Date> {
    let value = value.trim();
    let head = value.get(..10)?;
    let rest = value.get(10..)?;
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    let b = head.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year: i16 = head.get(0..4)?.parse().ok()?;
    let month: i8 = head.get(5..7)?.parse().ok()?;
    let day: i8 = head.get(8..10)?.parse().ok()?;
    if !head
        .bytes()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// How many non-blank content lines from the top may hold the dateline.
pub(crate) const DATELINE_LINES: usize = 12;

/// Longest line (in chars) taken as a dateline; longer lines are prose, whose dates
/// are facts of the story rather than its publication date.
const MAX_DATELINE_CHARS: usize = 100;

const MONTH: &str = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

// An ISO date may carry its time ("2025-03-05T09:14:00Z"): the `T` would
// otherwise end the date inside a word, where the closing `\b` fails.
static DATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})(?:\d{{1,2}}:\d{{2}})?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<m2>{MONTH})\.?,?\s+(?P<y2>\d{{4}})|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:[.,]\d+)?)?(?:Z|[+-]\d{{2}}(?::?\d{{2}})?)?)?|(?P<a4>\d{{1,2}})/(?P<b4>\d{{1,2}})/(?P<y4>\d{{4}}))\b"
    ))
    .ok()
});

/// The first full publication date in `lines` (trimmed, normalized content lines,
/// in order): "April 11, 2023", "Apr. 11, 2023", "11 April 2023", "2023-04-11",
/// an ISO timestamp's date ("2023-04-11T02:22:00Z"), possibly with a weekday,
/// "Published"/"Updated" or a time around it.
pub(crate) fn dateline<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<Date> {
    let re = DATE_RE.as_ref()?;
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .take(DATELINE_LINES)
        .filter(|l| l.chars().nth(MAX_DATELINE_CHARS).is_none())
        .filter(|l| has_ascii_year(l))
        .find_map(|line| {
            re.captures_iter(line)
                .filter(|c| c.get(0).is_none_or(|m| !in_prose(line, m.start())))
                .find_map(|c| date_of(&c))
        })
}

/// Words that start a dateline line ("Published on April 11, 2023").
const DATELINE_WORDS: [&str; 10] = [
    "published",
    "updated",
    "posted",
    "modified",
    "created",
    "last",
    "first",
    "date",
    "dated",
    "issued",
];

/// Words that put a date into a sentence ("The ferry sank on March 4, 2025"):
/// a story's own date, not its publication date.
const PROSE_WORDS: [&str; 20] = [
    "on", "since", "until", "till", "by", "before", "after", "from", "in", "of", "at", "to",
    "through", "between", "and", "am", "seit", "bis", "vom", "ab",
];

/// Whether the date starting at `start` in `line` is a date in a sentence:
/// a preposition right before it, on a line that does not begin as a
/// dateline does.
fn in_prose(line: &str, start: usize) -> bool {
    let before = line.get(..start).unwrap_or("").trim_end();
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .filter(|w| before.ends_with(*w))
        .unwrap_or("")
        .to_lowercase();
    let first = line
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    PROSE_WORDS.contains(&last.as_str()) && !DATELINE_WORDS.contains(&first.as_str())
}

/// Whether `line` has four ASCII digits in a row. Every form [`DATE_RE`]
/// reads has a four-digit year, and [`date_of`] takes only a year that
/// parses as a number, so a line without such a run gives no date: the
/// regex, which must find and then capture, is not run on it (most of a
/// source's top lines, a headline, a byline).
fn has_ascii_year(line: &str) -> bool {
    let mut run = 0;
    line.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

fn date_of(c: &Captures<'_>) -> Option<Date> {
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i16>().ok());
    let (year, month, day) = if let Some(m) = c.name("m1") {
        (num("y1")?, month_number(m.as_str())?, num("d1")?)
    } else if let Some(m) = c.name("m2") {
        (num("y2")?, month_number(m.as_str())?, num("d2")?)
    } else if let (Some(a), Some(b)) = (num("a4"), num("b4")) {
        // A numeric dateline is read only when its order is plain: one number over 12.
        match (a > 12, b > 12) {
            (true, false) => (num("y4")?, b, a),
            (false, true) => (num("y4")?, a, b),
            _ => return None,
        }
    } else {
        (num("y3")?, num("m3")?, num("d3")?)
    };
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

fn month_number(name: &str) -> Option<i16> {
    let key = name.get(..3)?.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let i = months.iter().position(|m| *m == key)?;
    i16::try_from(i + 1).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn front_matter_keys() {
        let text = "---\noutlet: Deutsche Welle\ndate: 2023-04-11\ntitle: \"Kim: more 'offensive'\"\nlanguage: en # English\nurl: https://dw.com/a\nextra:\n  nested: ignored\n---\nBody.\n";
        let fm = front_matter(text).unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("Deutsche Welle"));
        assert_eq!(fm.meta.title.as_deref(), Some("Kim: more 'offensive'"));
        assert_eq!(fm.meta.language.as_deref(), Some("en"));
        assert_eq!(fm.meta.url.as_deref(), Some("https://dw.com/a"));
        assert_eq!(fm.date, Some(date(2023, 4, 11)));
        assert_eq!(&text[fm.end..], "Body.\n");
        assert!(fm.warnings.is_empty());
    }

    #[test]
    fn front_matter_values_are_read_as_yaml_reads_them() {
        let fm = front_matter("---\noutlet: 'Reuters''s desk'\ntitle: 'It''s ''on''' # c\n---\n")
            .unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("Reuters's desk"));
        assert_eq!(fm.meta.title.as_deref(), Some("It's 'on'"));
        assert!(fm.warnings.is_empty(), "{:?}", fm.warnings);
        let fm = front_matter(
            "---\noutlet: \"AP \\\"Wire\\\" \\u00e9\"\ntitle: \"a\\\\b \\x41\\U0001F600 \\/\" # c\n---\n",
        )
        .unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("AP \"Wire\" é"));
        assert_eq!(fm.meta.title.as_deref(), Some("a\\b A\u{1F600} /"));
        assert!(fm.warnings.is_empty(), "{:?}", fm.warnings);
        // A plain scalar keeps its quotes and backslashes.
        let fm = front_matter("---\noutlet: Reuters's \\u00e9 # c\n---\n").unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("Reuters's \\u00e9"));
    }

    #[test]
    fn bad_quoted_values_warn_and_are_read_as_written() {
        for (line, warning, outlet) in [
            (
                "outlet: \"a \\q b\"",
                "`\\q` is not a YAML escape",
                "a \\q b",
            ),
            (
                "outlet: \"\\ud800\"",
                "`\\ud800` is not a character",
                "\\ud800",
            ),
            (
                "outlet: 'open",
                "the single-quoted value is never closed",
                "'open",
            ),
            (
                "outlet: \"x\" y",
                "text after the closing quote: `y`",
                "\"x\" y",
            ),
        ] {
            let fm = front_matter(&format!("---\n{line}\n---\n")).unwrap();
            assert_eq!(
                fm.warnings,
                [format!(
                    "front matter line 2: {warning}; the value is read as written"
                )]
            );
            assert_eq!(fm.meta.outlet.as_deref(), Some(outlet));
        }
    }

    #[test]
    fn front_matter_needs_delimiters() {
        // A `---` line and text: a Markdown rule, not front matter.
        assert!(front_matter("---\nno closing line\noutlet: X\n").is_none());
        assert!(front_matter("---\nfoo: bar\n\ntext\n").is_none());
        assert!(front_matter("outlet: X\n---\n").is_none());
        assert!(front_matter("").is_none());
        // BOM and CRLF are fine; "..." closes too.
        let fm = front_matter("\u{FEFF}---\r\noutlet: 'AP'\r\n...\r\nx").unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("AP"));
        assert_eq!(fm.end, "\u{FEFF}---\r\noutlet: 'AP'\r\n...\r\n".len());
    }

    #[test]
    fn unclosed_front_matter_is_front_matter_with_a_warning() {
        let text =
            "---\noutlet: X\n# note\ntitle: Kim fired 99 missiles\n\nBody text.\ntitle: no\n";
        let fm = front_matter(text).unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("X"));
        assert_eq!(fm.meta.title.as_deref(), Some("Kim fired 99 missiles"));
        assert_eq!(&text[fm.end..], "\nBody text.\ntitle: no\n");
        assert_eq!(
            fm.warnings,
            vec![
                "front matter line 1: the `---` block is never closed (no `---` line after it); \
                 lines 1-4 are read as front matter, not article text"
            ]
        );
        // The whole text being keys: all of it.
        let fm = front_matter("---\noutlet: Y\n").unwrap();
        assert_eq!(fm.end, 14);
    }

    #[test]
    fn front_matter_bad_date_warns() {
        let fm = front_matter("---\ndate: 2023-02-30\n---\n").unwrap();
        assert_eq!(fm.date, None);
        assert_eq!(fm.warnings.len(), 1);
        assert!(fm.warnings[0].contains("line 2"), "{}", fm.warnings[0]);
        let fm = front_matter("---\ndate: 2023-04-11T09:30:00Z\noutlet: a\u{1b}b\n---\n").unwrap();
        assert_eq!(fm.date, Some(date(2023, 4, 11)));
        // Control characters never survive into names.
        assert_eq!(fm.meta.outlet.as_deref(), Some("a b"));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2023-04-11"), Some(date(2023, 4, 11)));
        assert_eq!(parse_iso_date("2023-04-11 10:00"), Some(date(2023, 4, 11)));
        assert_eq!(parse_iso_date("2023-4-11"), None);
        assert_eq!(parse_iso_date("2023-04-111"), None);
        assert_eq!(parse_iso_date("+023-04-11"), None);
        assert_eq!(parse_iso_date("2023-13-01"), None);
        assert_eq!(parse_iso_date("ＡＢ"), None);
        assert_eq!(parse_iso_date("2023-04-1é"), None);
    }

    #[test]
    fn dateline_forms() {
        let d = Some(date(2023, 4, 11));
        assert_eq!(dateline(["April 11, 2023"]), d);
        assert_eq!(dateline(["Apr. 11, 2023"]), d);
        assert_eq!(dateline(["Sept. 1, 2023"]), Some(date(2023, 9, 1)));
        assert_eq!(dateline(["11 April 2023"]), d);
        assert_eq!(dateline(["2023-04-11"]), d);
        assert_eq!(dateline(["Tuesday, April 11, 2023 10:15 AM"]), d);
        assert_eq!(dateline(["Published 2:22 AM GMT+2, April 11, 2023"]), d);
        assert_eq!(dateline(["Updated 11th April 2023"]), d);
        // Glued to its time, and numeric when the order is plain.
        assert_eq!(
            dateline(["January 17, 20269:05 AM"]),
            Some(date(2026, 1, 17))
        );
        assert_eq!(dateline(["16/01/2026"]), Some(date(2026, 1, 16)));
        assert_eq!(dateline(["01/16/2026 10:00"]), Some(date(2026, 1, 16)));
        assert_eq!(dateline(["12/03/2014"]), None);
    }

    #[test]
    fn dateline_iso_timestamps_give_their_date() {
        let d = Some(date(2025, 3, 5));
        assert_eq!(dateline(["Updated 2025-03-05T09:14:00Z"]), d);
        assert_eq!(dateline(["2025-03-05T09:14Z"]), d);
        assert_eq!(dateline(["Published: 2025-03-05T09:14:00+01:00"]), d);
        assert_eq!(dateline(["2025-03-05T09:14:00.250-0500 (updated)"]), d);
        assert_eq!(dateline(["2025-03-05t09:14:00z"]), d);
        assert_eq!(dateline(["2025-03-05T09:14, Gravelle"]), d);
        // Not a timestamp: a letter or a bare T after the day.
        assert_eq!(dateline(["2025-03-05Tuesday"]), None);
        assert_eq!(dateline(["2025-03-05T"]), None);
    }

    #[test]
    fn a_date_in_a_sentence_is_not_the_dateline() {
        assert_eq!(
            dateline([
                "Ferry sinks off Gravelle",
                "The ferry sank on March 4, 2025."
            ]),
            None
        );
        assert_eq!(
            dateline(["The ferry sank on March 4, 2025.", "March 5, 2025"]),
            Some(date(2025, 3, 5))
        );
        // Datelines keep their date, prepositions and all.
        let d = Some(date(2023, 4, 11));
        assert_eq!(dateline(["Published on April 11, 2023"]), d);
        assert_eq!(dateline(["Last updated on 11 April 2023 10:15"]), d);
        assert_eq!(dateline(["By Tomas Sokolov | April 11, 2023"]), d);
        assert_eq!(
            dateline(["WASHINGTON, April 11, 2023 - The Senate voted."]),
            d
        );
        assert_eq!(dateline(["Tuesday, April 11, 2023"]), d);
    }

    #[test]
    fn a_year_needs_four_ascii_digits_in_a_row() {
        assert!(has_ascii_year("April 11, 2023"));
        assert!(has_ascii_year("2023"));
        assert!(!has_ascii_year("April 11, 202"));
        assert!(!has_ascii_year("12 34 56 78"));
        assert!(!has_ascii_year("Breaking: 29 dead"));
        // Other scripts' digits are not a year the date reader takes.
        assert!(!has_ascii_year("\u{0662}\u{0660}\u{0662}\u{0663}"));
        assert_eq!(
            dateline(["11 April \u{0662}\u{0660}\u{0662}\u{0663}"]),
            None
        );
        assert_eq!(
            dateline(["Headline", "11 April 2023"]),
            Some(date(2023, 4, 11))
        );
    }

    #[test]
    fn dateline_skips_invalid_long_and_late_lines() {
        assert_eq!(
            dateline(["February 30, 2023", "March 1, 2023"]),
            Some(date(2023, 3, 1))
        );
        let prose = format!("{} on April 10, 2023.", "Kim said ".repeat(20));
        assert_eq!(dateline([prose.as_str()]), None);
        let mut lines = vec!["headline"; DATELINE_LINES];
        lines.push("April 11, 2023");
        assert_eq!(dateline(lines.iter().copied()), None);
        assert_eq!(
            dateline(["", "", "April 11, 2023"]),
            Some(date(2023, 4, 11))
        );
        assert_eq!(dateline(["April 11, 99999"]), None);
        assert_eq!(dateline(["no date here", "SEOUL, South Korea (AP)"]), None);
    }
}
