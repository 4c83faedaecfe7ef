//! Finding candidate facts in one source: figures with what they count and
//! the verb that governs them, quantities with units, dates and times with the
//! event they date, and people named with a title or role.
//!
//! Every fact keeps what it is *about* (its [`Fact::topic`]: a verb class such
//! as `killed`, a measure such as `magnitude`, a title such as `governor`),
//! the counted noun or unit, and the content words of its sentence, which
//! [`mod@super::align`] uses to line facts up across sources. Precision first: a
//! figure with nothing to say what it counts is not a fact.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::kinds::{number, quantity, time, Kind, Value, ValueOptions};
use crate::source::Source;

/// What sort of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactSort {
    /// A figure or quantity ("killed 17 people", "a magnitude of 7.2").
    Figure,
    /// A day ("on Tuesday", "March 10") with the event it dates.
    Date,
    /// A clock time ("at 3:42 a.m.") with the event it dates.
    Time,
    /// A person named with a title or role ("Governor Lidia Moravec").
    Person,
}

impl FactSort {
    /// The word used in slot ids and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FactSort::Figure => "figure",
            FactSort::Date => "date",
            FactSort::Time => "time",
            FactSort::Person => "person",
        }
    }
}

/// A fact's value: one of the kinds' values, read by the kind's own reader.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    /// A value the kind's comparator decides on.
    Kind(Value),
}

impl Fact {
    /// The value as shown in reports: a figure as written ("1,200", "about
    /// 140", "45 million"), other values as their kind shows them.
    pub fn shown(&self) -> String {
        match (self.sort, &self.value) {
            (FactSort::Figure, FactValue::Kind(_)) => {
                self.raw.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            _ => self.value.display(),
        }
    }
}

impl FactValue {
    /// The value as shown in reports.
    pub fn display(&self) -> String {
        match self {
            FactValue::Kind(v) => v.display(),
        }
    }
}

/// One checkable fact in one source.
#[derive(Debug, Clone)]
pub struct Fact {
    /// What sort of fact.
    pub sort: FactSort,
    /// The kind whose reader read the value and whose comparator decides (a
    /// magnitude is `number`, a death toll `count`, a sum of money or a
    /// duration `quantity`, a clock time `time`).
    pub kind: Kind,
    /// The value.
    pub value: FactValue,
    /// The value's text as found (normalized).
    pub raw: String,
    /// The value's byte range in the normalized text.
    pub span: Range<usize>,
    /// The sentence's byte range in the normalized text.
    pub sentence: Range<usize>,
    /// What the fact is about: a verb class (`killed`), a measure
    /// (`magnitude`), a title (`governor`); `None` when only the noun says it.
    pub topic: Option<String>,
    /// The counted noun or unit (`people`, `kilometers`), for people the
    /// words before the title (`police` in "police spokesman").
    pub noun: Option<String>,
    /// The words that set the fact's topic, as written (`killing`, `home to`,
    /// `Governor`): what `rules new` puts in a pattern.
    pub cue: String,
    /// Where the cue sits relative to the value.
    pub cue_before: bool,
    /// Content words of the sentence outside the value (lowercase, crudely
    /// stemmed, sorted, unique).
    pub context: Vec<String>,
    /// The word as written (lowercase) for each stem of `context`, for
    /// reasons people read.
    pub context_words: Vec<String>,
}

impl Fact {
    /// A short description of what the fact is about ("people killed",
    /// "magnitude", "governor", "date struck").
    pub fn label(&self) -> String {
        match (self.sort, &self.topic, &self.noun) {
            (FactSort::Figure, Some(t), _) if t == "home" => "population".to_string(),
            (FactSort::Figure, Some(t), _) if MEASURES.contains(&t.as_str()) => t.clone(),
            (FactSort::Figure, Some(t), Some(n)) if t != n => format!("{n} {t}"),
            (FactSort::Figure, Some(t), _) => t.clone(),
            (FactSort::Figure, None, Some(n)) => n.clone(),
            (FactSort::Person, Some(t), _) => t.clone(),
            (sort, Some(t), _) if t == "event" => format!("event {}", sort.as_str()),
            (sort, Some(t), _) => format!("{} {t}", sort.as_str()),
            (sort, None, _) => sort.as_str().to_string(),
        }
    }
}

/// Sentences longer than this (bytes) are not searched for facts.
const MAX_SENTENCE: usize = 4_000;

/// Verb classes: words that say the same thing about a figure or an event.
/// The first word names the class.
const VERB_CLASSES: &[&[&str]] = &[
    &[
        "killed",
        "kill",
        "kills",
        "killing",
        "dead",
        "died",
        "die",
        "dies",
        "dying",
        "death",
        "deaths",
        "toll",
        "perished",
        "fatalities",
        "lives",
    ],
    &[
        "injured", "injure", "injures", "injuring", "injuries", "wounded", "wounding", "hurt",
    ],
    &["missing", "unaccounted"],
    &[
        "rescued", "rescue", "rescuing", "pulled", "saved", "freed", "dug",
    ],
    &[
        "destroyed",
        "destroying",
        "flattened",
        "razed",
        "collapsed",
        "levelled",
        "leveled",
    ],
    &["damaged", "damaging"],
    &["deployed", "sent", "dispatched", "mobilized", "mobilised"],
    &["evacuated", "evacuating", "displaced", "fled", "homeless"],
    &["arrested", "detained", "arresting"],
    &["fired", "firing", "launched", "launching", "shot"],
    &[
        "event", "struck", "strike", "strikes", "hit", "hits", "shook", "jolted", "rocked",
        "occurred", "erupted", "began", "begun", "started", "happened", "opened", "exploded",
    ],
    &["home", "population", "inhabitants"],
    &[
        "rose",
        "risen",
        "rises",
        "increased",
        "climbed",
        "grew",
        "jumped",
        "soared",
    ],
    &[
        "fell",
        "fallen",
        "falls",
        "dropped",
        "declined",
        "decreased",
        "slipped",
        "plunged",
    ],
    &["cost", "costs", "worth", "valued", "priced"],
    &[
        "employs",
        "employ",
        "employed",
        "employing",
        "employees",
        "workforce",
    ],
    &["fined", "penalty", "penalised", "penalized"],
    &["raised", "raising", "secured"],
    &["cut", "cutting", "eliminated", "layoffs", "laid"],
    &["recorded", "registered", "counted", "reported"],
];

/// Measures named before (or after) their figure: the measure is the topic.
const MEASURES: &[&str] = &[
    "magnitude",
    "depth",
    "population",
    "temperature",
    "speed",
    "height",
    "altitude",
    "age",
    "rate",
];

/// Nouns for people: any two are the same counted thing.
pub(crate) const PERSON_NOUNS: &[&str] = &[
    "people",
    "persons",
    "person",
    "residents",
    "villagers",
    "civilians",
    "victims",
    "others",
    "survivors",
    "men",
    "women",
    "children",
];

/// Words that end a counted noun's run ("17 people were killed").
const NOUN_STOP: &[&str] = &[
    "of", "and", "or", "were", "was", "are", "is", "had", "have", "has", "been", "in", "on", "at",
    "to", "from", "by", "the", "a", "an", "for", "with", "who", "that", "which", "as", "after",
    "before", "since", "during", "across", "into", "near",
];

/// Auxiliaries between a counted noun and its verb ("were killed").
const AUX: &[&str] = &[
    "were",
    "was",
    "are",
    "is",
    "had",
    "have",
    "has",
    "been",
    "be",
    "being",
    "reportedly",
    "also",
    "later",
    "still",
];

/// Words too common to say what a sentence is about.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "and",
    "or",
    "but",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "it",
    "its",
    "that",
    "this",
    "with",
    "by",
    "as",
    "from",
    "we",
    "our",
    "they",
    "their",
    "he",
    "his",
    "she",
    "her",
    "i",
    "you",
    "not",
    "no",
    "will",
    "would",
    "has",
    "have",
    "had",
    "which",
    "who",
    "said",
    "says",
    "say",
    "told",
    "according",
    "about",
    "more",
    "than",
    "least",
    "some",
    "after",
    "before",
    "into",
    "over",
    "also",
    "when",
    "where",
    "what",
    "how",
    "there",
    "here",
    "than",
    "up",
    "out",
    "all",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "around",
    "nearly",
    "almost",
    "early",
    "late",
];

/// Person titles and the word they normalize to (the language table's
/// `person_titles`, src/lang/).
static TITLE_WORDS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    crate::lang::english()
        .person_titles()
        .iter()
        .map(|(t, role)| (t.as_str(), role.as_str()))
        .collect()
});

/// Capitalized words that never start a name after a title (besides day and
/// month names, [`is_day_or_month_name`]).
const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "On",
    "In",
    "At",
    "Of",
    "And",
    "But",
    "Office",
    "Department",
    "Ministry",
    "Council",
];

/// Month names and abbreviations in lower case (the language table's).
static MONTHS: LazyLock<Vec<String>> = LazyLock::new(|| crate::lang::english().month_words());

fn static_regex(re: &str) -> Regex {
    Regex::new(re).unwrap_or_else(|_| unreachable!("static regex"))
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"[\p{L}\p{N}]+(?:['’.\-,:][\p{L}\p{N}]+)*"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| static_regex(number::number_regex()));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // Days only: a weekday, a month-day or a full date. Bare months, years
    // and "last week" date too much to tell which event they belong to.
    static_regex(&format!("(?i:{})", crate::kinds::date::date_regex()))
});
/// The `time` kind's clock times ("3:30 p.m.", "3.30pm", "15:30", "1530 GMT").
static TIME: LazyLock<Regex> =
    LazyLock::new(|| static_regex(&format!("(?i:{})", time::TIME_REGEX)));
/// The `quantity` kind's figures with a unit ("$3.5bn", "48-hour", "8%").
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| static_regex(quantity::quantity_regex()));
static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    let titles: Vec<String> = TITLE_WORDS
        .iter()
        .map(|(t, _)| regex::escape(t).replace(' ', r"\s+"))
        .collect();
    static_regex(&format!(
        r"(?i:\b(?P<title>{}))\s+(?:(?:Col|Gen|Lt|Maj|Capt|Sgt|Dr|Prof|Rev|Adm|Cmdr)\.\s+)?(?P<name>\p{{Lu}}[\p{{L}}'’\-]+(?:\s+\p{{Lu}}\.)?(?:\s+\p{{Lu}}[\p{{L}}'’\-]+){{0,2}})",
        titles.join("|")
    ))
});

/// One word of a sentence with its byte range in the normalized text.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    lower: String,
    range: Range<usize>,
}

/// Find every checkable fact in `source`.
pub fn find_facts(source: &Source) -> Vec<Fact> {
    let published = source.date.map(|(d, _)| d);
    let mut facts = Vec::new();
    for sentence in &source.sentences {
        let range = sentence.range();
        // A news sentence is far shorter; a run-on "sentence" of a whole
        // page (no full stops) would make the word scans quadratic.
        if range.len() > MAX_SENTENCE {
            continue;
        }
        let Some(text) = source.text.get(range.clone()) else {
            continue;
        };
        let words: Vec<Word> = WORD
            .find_iter(text)
            .map(|m| Word {
                text: m.as_str().to_string(),
                lower: m.as_str().to_lowercase(),
                range: range.start + m.start()..range.start + m.end(),
            })
            .collect();
        let before = facts.len();
        let clock = clock_times(&source.text, &range);
        figures(&source.text, &range, &words, &clock, &mut facts);
        dates(&source.text, &range, &words, published, &mut facts);
        times(&source.text, &range, &words, &clock, published, &mut facts);
        people(&source.text, &range, &words, &mut facts);
        for fact in facts.iter_mut().skip(before) {
            // The words that make the key are not context: "magnitude" would
            // otherwise count as evidence twice.
            let own: Vec<String> = fact
                .cue
                .split_whitespace()
                .chain(fact.noun.as_deref().unwrap_or("").split_whitespace())
                .chain(fact.topic.as_deref().unwrap_or("").split_whitespace())
                .map(|w| stem(&w.to_lowercase()))
                .collect();
            let (stems, shown): (Vec<String>, Vec<String>) = context(&words, &fact.span)
                .into_iter()
                .filter(|(stem, _)| !own.contains(stem))
                .unzip();
            fact.context = stems;
            fact.context_words = shown;
        }
    }
    facts
}

/// The content words of a sentence outside `span`: (crude stem, word),
/// sorted and unique by stem.
fn context(words: &[Word], span: &Range<usize>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = words
        .iter()
        .filter(|w| w.range.end <= span.start || w.range.start >= span.end)
        .filter(|w| w.lower.chars().all(|c| c.is_alphabetic() || c == '-'))
        .filter(|w| w.lower.chars().count() > 2 && !STOPWORDS.contains(&w.lower.as_str()))
        .map(|w| (stem(&w.lower), w.lower.clone()))
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A crude stem, enough to match "quake" and "quakes", "killed" and "killing".
pub(crate) fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.chars().count() >= 4 && !word.ends_with("ss") {
                return base.to_string();
            }
        }
    }
    word.to_string()
}

/// The class of a verb-like word, or the word itself when it looks like a
/// past participle; `None` for other words.
fn verb_class(word: &str) -> Option<String> {
    if let Some(class) = VERB_CLASSES.iter().find(|c| c.contains(&word)) {
        return class.first().map(|s| (*s).to_string());
    }
    let participle = word.len() > 5
        && word.ends_with("ed")
        && word.chars().all(char::is_alphabetic)
        && !matches!(word, "hundred" | "united" | "based" | "related" | "limited");
    participle.then(|| word.to_string())
}

/// Whether the text between two words ends a clause for a backward search.
fn clause_break(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|gap| gap.contains([',', ';', ':', '(', ')', '—', '–']))
}

/// The clock times of a sentence as the `time` kind reads them. Four bare
/// digits ("2011", "1530") are a year or a figure unless a zone or "hours"
/// says they are a time ("1530 GMT").
fn clock_times(text: &str, sentence: &Range<usize>) -> Vec<Range<usize>> {
    let Some(stext) = text.get(sentence.clone()) else {
        return Vec::new();
    };
    TIME.find_iter(stext)
        .filter(|m| !m.as_str().trim().chars().all(|c| c.is_ascii_digit()))
        .map(|m| sentence.start + m.start()..sentence.start + m.end())
        .collect()
}

/// The figures with a unit of a sentence as the `quantity` kind reads them
/// ("$3.5bn", "3.5 billion dollars", "48-hour", "8%"): the span and value.
fn quantities(text: &str, sentence: &Range<usize>) -> Vec<(Range<usize>, Value)> {
    let Some(stext) = text.get(sentence.clone()) else {
        return Vec::new();
    };
    QUANTITY
        .find_iter(stext)
        .filter_map(|m| {
            let (value, _) = Kind::Quantity
                .parse(
                    m.as_str(),
                    None,
                    crate::lang::english(),
                    &ValueOptions::default(),
                )
                .ok()?;
            Some((sentence.start + m.start()..sentence.start + m.end(), value))
        })
        .collect()
}

/// The noun of a quantity: what it measures, so that only quantities of one
/// dimension (one currency) align: `dollars`, `euros`, `pounds` (sterling),
/// another currency's code, else the dimension (`duration`, `length`,
/// `percent`).
fn measure_noun(value: &Value) -> Option<String> {
    let Value::Quantity(q) = value else {
        return None;
    };
    let measure = q.measure()?;
    Some(
        match measure {
            "USD" => "dollars",
            "EUR" => "euros",
            "GBP" => "pounds",
            other => return Some(other.to_lowercase()),
        }
        .to_string(),
    )
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// What a figure without a unit is.
enum Plain {
    /// A figure to check.
    Figure(Box<number::NumberValue>),
    /// An age ("a 24-year-old man"), a fact of its own (its sentence unset).
    Age(Box<Fact>),
    /// A clock time, date, year, ordinal, "one" or a vague quantity.
    NotAFact,
}

/// Read a figure without a unit and sort out what is not a figure to check.
fn plain_figure(text: &str, words: &[Word], span: &Range<usize>, raw: &str) -> Plain {
    let Ok(value) = number::parse(raw) else {
        return Plain::NotAFact;
    };
    let after_char = text.get(span.end..).and_then(|t| t.chars().next());
    let before_char = text.get(..span.start).and_then(|t| t.chars().next_back());
    // Clock times, dates, years, ordinals and "one" are not counts, and a
    // vague quantity ("leaves dozens dead") states no figure to check.
    if value.ordinal
        || value.hedge == number::Hedge::Vague
        || matches!(after_char, Some(':'))
        || matches!(before_char, Some(':') | Some('#'))
        || raw.eq_ignore_ascii_case("one")
        || raw.eq_ignore_ascii_case("a")
    {
        return Plain::NotAFact;
    }
    let is_year = raw.len() == 4
        && raw.chars().all(|c| c.is_ascii_digit())
        && (1800.0..=2100.0).contains(&value.figure);
    if is_year {
        return Plain::NotAFact;
    }
    let next = words.iter().find(|w| w.range.start >= span.end);
    let prev = words.iter().rev().find(|w| w.range.end <= span.start);
    if next.is_some_and(|w| {
        is_month(&w.lower)
            || w.lower.starts_with("a.m")
            || w.lower.starts_with("p.m")
            || w.lower == "am"
            || w.lower == "pm"
    }) || prev.is_some_and(|w| is_month(&w.lower))
    {
        return Plain::NotAFact;
    }
    // An age ("a 24-year-old man"): the topic is the age, the noun who.
    let rest = text.get(span.end..).unwrap_or("");
    if let Some(after) = rest
        .strip_prefix("-year-old")
        .or_else(|| rest.strip_prefix(" year-old"))
        .or_else(|| rest.strip_prefix("-year old"))
    {
        let who = after
            .split_whitespace()
            .next()
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
            .filter(|w| !w.is_empty() && !STOPWORDS.contains(&w.as_str()));
        return Plain::Age(Box::new(Fact {
            sort: FactSort::Figure,
            kind: Kind::Count,
            value: FactValue::Kind(Value::Number(Box::new(value))),
            raw: raw.to_string(),
            span: span.clone(),
            sentence: 0..0,
            topic: Some("age".into()),
            noun: who,
            cue: "year-old".into(),
            cue_before: false,
            context: Vec::new(),
            context_words: Vec::new(),
        }));
    }
    Plain::Figure(Box::new(value))
}

fn figures(
    text: &str,
    sentence: &Range<usize>,
    words: &[Word],
    clock: &[Range<usize>],
    facts: &mut Vec<Fact>,
) {
    let Some(stext) = text.get(sentence.clone()) else {
        return;
    };
    // A figure with a unit is the quantity the kind reads around it, read
    // once ("3" and "5" of "$3.5bn" are not figures of their own); but an
    // age ("a 24-year-old man") is a count of its own.
    let measured: Vec<(Range<usize>, Value)> = quantities(text, sentence)
        .into_iter()
        .filter(|(r, _)| {
            let rest = text.get(r.end..).unwrap_or("");
            !(rest.starts_with("-old") || rest.starts_with(" old"))
        })
        .collect();
    let mut candidates: Vec<(Range<usize>, &str, Option<Value>)> = NUMBER
        .find_iter(stext)
        .map(|m| {
            (
                sentence.start + m.start()..sentence.start + m.end(),
                m.as_str(),
            )
        })
        .filter(|(span, _)| !measured.iter().any(|(r, _)| overlaps(r, span)))
        .map(|(span, raw)| (span, raw, None))
        .chain(measured.iter().filter_map(|(r, v)| {
            let raw = text.get(r.clone())?;
            Some((r.clone(), raw, Some(v.clone())))
        }))
        .collect();
    candidates.sort_by_key(|(span, _, _)| span.start);
    // The counted noun of the sentence's last figure, for "killing 23 people
    // and injuring about 140".
    let mut last_noun: Option<String> = None;
    for (span, raw, quantity) in candidates {
        if clock.iter().any(|c| overlaps(c, &span)) {
            continue;
        }
        let number = match &quantity {
            Some(_) => None,
            None => match plain_figure(text, words, &span, raw) {
                Plain::Figure(value) => Some(*value),
                Plain::Age(fact) => {
                    facts.push(Fact {
                        sentence: sentence.clone(),
                        ..*fact
                    });
                    continue;
                }
                Plain::NotAFact => continue,
            },
        };
        let first_after = words.iter().position(|w| w.range.start >= span.end);
        let last_before = words.iter().rposition(|w| w.range.end <= span.start);
        let prev = last_before.and_then(|i| words.get(i));
        // The counted noun: the first plural or unit word in the run after it.
        let mut noun: Option<String> = quantity.as_ref().and_then(measure_noun);
        let mut noun_end = span.end;
        if let Some(start) = first_after {
            let mut at = span.end;
            for (k, w) in words.iter().enumerate().skip(start).take(4) {
                let gap = text.get(at..w.range.start).unwrap_or("");
                if gap.chars().any(|c| !c.is_whitespace() && c != '-') || noun.is_some() {
                    break;
                }
                if k == start && w.lower == "of" {
                    at = w.range.end;
                    continue;
                }
                if NOUN_STOP.contains(&w.lower.as_str()) || w.text.starts_with(char::is_uppercase) {
                    break;
                }
                if is_counted_noun(&w.lower) {
                    noun = Some(w.lower.clone());
                    noun_end = w.range.end;
                    break;
                }
                at = w.range.end;
            }
        }
        // A measure named before it ("magnitude 6.4", "a depth of 10"), or
        // after it ("6.4 magnitude").
        let mut topic: Option<String> = None;
        let mut cue = String::new();
        let mut cue_before = true;
        let mut back = last_before;
        while let Some(i) = back {
            let Some(w) = words.get(i) else { break };
            if matches!(
                w.lower.as_str(),
                "of" | "to" | "at" | "a" | "was" | "is" | "rose" | "stood"
            ) {
                back = i.checked_sub(1);
                continue;
            }
            if MEASURES.contains(&w.lower.as_str()) {
                topic = Some(w.lower.clone());
                cue = w.text.clone();
            }
            break;
        }
        if topic.is_none() && quantity.is_none() {
            if let Some(n) = noun.as_deref().filter(|n| MEASURES.contains(n)) {
                topic = Some(n.to_string());
                cue = n.to_string();
                cue_before = false;
                noun = None;
            }
        }
        // "home to 18,000", "a town of 18,000 people": a population.
        if topic.is_none() {
            if let (Some(i), Some(w)) = (last_before, prev) {
                let p2 = i.checked_sub(1).and_then(|j| words.get(j));
                let home = w.lower == "to" && p2.is_some_and(|p| p.lower == "home");
                let town = w.lower == "of"
                    && p2.is_some_and(|p| {
                        matches!(
                            p.lower.as_str(),
                            "town" | "city" | "village" | "community" | "population"
                        )
                    });
                if home || town {
                    topic = Some("home".into());
                    cue = p2.map_or(String::new(), |p| format!("{} {}", p.text, w.text));
                    if noun.is_none() {
                        noun = Some("people".into());
                    }
                }
            }
        }
        // The governing verb: after the noun ("17 people were killed", "23
        // dead"), else before the figure in the same clause ("killing 23").
        if topic.is_none() {
            let mut i = words.iter().position(|w| w.range.start >= noun_end);
            while let Some(k) = i {
                let Some(w) = words.get(k) else { break };
                let gap_from = if k == 0 {
                    noun_end
                } else {
                    words
                        .get(k - 1)
                        .map_or(noun_end, |p| p.range.end.max(noun_end))
                };
                if clause_break(text, gap_from.min(w.range.start), w.range.start) {
                    break;
                }
                if AUX.contains(&w.lower.as_str()) {
                    i = Some(k + 1);
                    continue;
                }
                if let Some(class) = verb_class(&w.lower) {
                    topic = Some(class);
                    cue = w.text.clone();
                    cue_before = false;
                }
                break;
            }
        }
        if topic.is_none() {
            let mut k = last_before;
            let mut steps = 0;
            let mut right = span.start;
            while let (Some(i), true) = (k, steps < 5) {
                let Some(w) = words.get(i) else { break };
                if clause_break(text, w.range.end, right) {
                    break;
                }
                if let Some(class) = verb_class(&w.lower) {
                    topic = Some(class);
                    cue = w.text.clone();
                    break;
                }
                right = w.range.start;
                k = i.checked_sub(1);
                steps += 1;
            }
        }
        if noun.is_none() && topic.as_deref().is_some_and(|t| !MEASURES.contains(&t)) {
            noun = last_noun.clone();
        }
        if noun.is_some() && quantity.is_none() {
            last_noun = noun.clone();
        }
        // Nothing says what it counts, or only "people": not checkable.
        let generic_only =
            topic.is_none() && noun.as_deref().is_none_or(|n| PERSON_NOUNS.contains(&n));
        if generic_only {
            continue;
        }
        let (kind, value) = match (quantity, number) {
            (Some(q), _) => (Kind::Quantity, q),
            (None, Some(value)) => {
                let number = value.figure.fract() != 0.0
                    || topic.as_deref().is_some_and(|t| MEASURES.contains(&t))
                    || noun.as_deref().is_some_and(is_unit);
                let kind = if number { Kind::Number } else { Kind::Count };
                (kind, Value::Number(Box::new(value)))
            }
            (None, None) => continue,
        };
        facts.push(Fact {
            sort: FactSort::Figure,
            kind,
            value: FactValue::Kind(value),
            raw: raw.to_string(),
            span,
            sentence: sentence.clone(),
            topic,
            noun,
            cue,
            cue_before,
            context: Vec::new(),
            context_words: Vec::new(),
        });
    }
}

fn is_month(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    MONTHS.iter().any(|m| m == word)
}

/// A capitalized day or month name ("Monday", "March"), which never starts a name.
fn is_day_or_month_name(word: &str) -> bool {
    let en = crate::lang::english();
    en.weekdays().iter().chain(en.months()).any(|n| n == word)
}

/// A unit word of the `quantity` kind's table ("kilometers", "dollars"; not
/// the one- and two-letter symbols, which are words too: "in", "m").
fn is_unit(word: &str) -> bool {
    word.chars().count() > 2 && quantity::find_unit(word).is_some()
}

fn is_counted_noun(word: &str) -> bool {
    is_unit(word)
        || MEASURES.contains(&word)
        || PERSON_NOUNS.contains(&word)
        || (word.chars().count() > 3
            && word.ends_with('s')
            && !word.ends_with("ss")
            && !word.ends_with("us")
            && !word.ends_with("is")
            && word.chars().all(|c| c.is_alphabetic() || c == '-'))
}

/// The event a date or time dates: the nearest verb before it in the
/// sentence (up to ten words), else right after it (up to six).
fn event(text: &str, words: &[Word], span: &Range<usize>) -> Option<(String, String, bool)> {
    let last_before = words.iter().rposition(|w| w.range.end <= span.start);
    let mut k = last_before;
    let mut steps = 0;
    while let (Some(i), true) = (k, steps < 10) {
        let Some(w) = words.get(i) else { break };
        if text
            .get(w.range.end..span.start)
            .is_some_and(|g| g.contains([';', '(', ')']))
        {
            break;
        }
        if let Some(class) = event_class(&w.lower) {
            return Some((class, w.text.clone(), true));
        }
        k = i.checked_sub(1);
        steps += 1;
    }
    words
        .iter()
        .filter(|w| w.range.start >= span.end)
        .take(6)
        .find_map(|w| event_class(&w.lower).map(|c| (c, w.text.clone(), false)))
}

/// A verb that dates an event: not the day a medium reported it ("KCNA
/// reported on Tuesday" and "Yonhap reported Monday" are two reports).
fn event_class(word: &str) -> Option<String> {
    if matches!(
        word,
        "reported" | "quoted" | "published" | "posted" | "updated"
    ) {
        return None;
    }
    verb_class(word)
}

fn dates(
    text: &str,
    sentence: &Range<usize>,
    words: &[Word],
    published: Option<jiff::civil::Date>,
    facts: &mut Vec<Fact>,
) {
    let Some(stext) = text.get(sentence.clone()) else {
        return;
    };
    for m in DATE.find_iter(stext) {
        let raw = m.as_str();
        let lower = raw.to_lowercase();
        let has_day = lower.chars().any(|c| c.is_ascii_digit())
            || lower.ends_with("day")
            || lower == "yesterday";
        // A bare year or month, or "last week": too loose to date an event.
        let bare_year = raw.trim().chars().all(|c| c.is_ascii_digit()) || lower.starts_with("in ");
        if !has_day || bare_year || lower.contains("week") || lower.contains("month") {
            continue;
        }
        let span = sentence.start + m.start()..sentence.start + m.end();
        let Some((topic, cue, cue_before)) = event(text, words, &span) else {
            continue;
        };
        let Ok((value, _)) = Kind::Date.parse(
            raw,
            published,
            crate::lang::english(),
            &ValueOptions::default(),
        ) else {
            continue;
        };
        facts.push(Fact {
            sort: FactSort::Date,
            kind: Kind::Date,
            value: FactValue::Kind(value),
            raw: raw.to_string(),
            span,
            sentence: sentence.clone(),
            topic: Some(topic),
            noun: None,
            cue,
            cue_before,
            context: Vec::new(),
            context_words: Vec::new(),
        });
    }
}

fn times(
    text: &str,
    sentence: &Range<usize>,
    words: &[Word],
    clock: &[Range<usize>],
    published: Option<jiff::civil::Date>,
    facts: &mut Vec<Fact>,
) {
    for span in clock {
        let Some(raw) = text.get(span.clone()) else {
            continue;
        };
        let Ok((value, _)) = Kind::Time.parse(
            raw,
            published,
            crate::lang::english(),
            &ValueOptions::default(),
        ) else {
            continue;
        };
        // A time with no verb near it still dates something; `align` asks
        // more of such a time.
        let (topic, cue, cue_before) = match event(text, words, span) {
            Some((topic, cue, before)) => (Some(topic), cue, before),
            None => (None, "at".to_string(), true),
        };
        facts.push(Fact {
            sort: FactSort::Time,
            kind: Kind::Time,
            value: FactValue::Kind(value),
            raw: raw.to_string(),
            span: span.clone(),
            sentence: sentence.clone(),
            topic,
            noun: None,
            cue,
            cue_before,
            context: Vec::new(),
            context_words: Vec::new(),
        });
    }
}

fn people(text: &str, sentence: &Range<usize>, words: &[Word], facts: &mut Vec<Fact>) {
    let Some(stext) = text.get(sentence.clone()) else {
        return;
    };
    for c in PERSON.captures_iter(stext) {
        let (Some(title), Some(name)) = (c.name("title"), c.name("name")) else {
            continue;
        };
        let first = name.as_str().split_whitespace().next().unwrap_or("");
        if NOT_NAME.contains(&first) || is_day_or_month_name(first) {
            continue;
        }
        let title_lower = title
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let Some((_, normal)) = TITLE_WORDS.iter().find(|(t, _)| *t == title_lower) else {
            continue;
        };
        let span = sentence.start + name.start()..sentence.start + name.end();
        let Ok((value, _)) = Kind::Name.parse(
            name.as_str(),
            None,
            crate::lang::english(),
            &ValueOptions::default(),
        ) else {
            continue;
        };
        // Up to two lowercase-able words before the title say whose title it
        // is ("police spokesman", "Unification Minister").
        let title_start = sentence.start + title.start();
        let qualifier: Vec<String> = words
            .iter()
            .filter(|w| w.range.end <= title_start)
            .rev()
            .take(2)
            .take_while(|w| {
                !STOPWORDS.contains(&w.lower.as_str())
                    && !clause_break(text, w.range.end, title_start)
            })
            .map(|w| w.lower.clone())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        facts.push(Fact {
            sort: FactSort::Person,
            kind: Kind::Name,
            value: FactValue::Kind(value),
            raw: name.as_str().to_string(),
            span,
            sentence: sentence.clone(),
            topic: Some((*normal).to_string()),
            noun: (!qualifier.is_empty()).then(|| qualifier.join(" ")),
            cue: title.as_str().to_string(),
            cue_before: true,
            context: Vec::new(),
            context_words: Vec::new(),
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::LoadOptions;

    fn facts(text: &str) -> Vec<Fact> {
        let source = Source::from_text(
            Some("a".into()),
            None,
            format!("---\ndate: 2026-03-10\n---\n{text}\n"),
            &LoadOptions::default(),
        );
        find_facts(&source)
    }

    fn summary(text: &str) -> Vec<String> {
        facts(text)
            .iter()
            .map(|f| {
                format!(
                    "{} {} {:?} {:?} {}",
                    f.sort.as_str(),
                    f.value.display(),
                    f.topic,
                    f.noun,
                    f.kind
                )
            })
            .collect()
    }

    #[test]
    fn figures_carry_their_noun_and_verb() {
        assert_eq!(
            summary("The quake struck on Tuesday, killing 23 people and injuring about 140, officials said."),
            [
                "figure 23 Some(\"killed\") Some(\"people\") count",
                "figure about 140 Some(\"injured\") Some(\"people\") count",
                "date 2026-03-10 (Tuesday) Some(\"event\") None date",
            ]
        );
        assert_eq!(
            summary("About 140 people were injured, and 350 homes were destroyed."),
            [
                "figure about 140 Some(\"injured\") Some(\"people\") count",
                "figure 350 Some(\"destroyed\") Some(\"homes\") count",
            ]
        );
    }

    #[test]
    fn measures_and_populations_are_numbers_with_their_topic() {
        assert_eq!(
            summary("A magnitude 6.4 earthquake hit at a depth of 10 kilometers."),
            [
                "figure 6.4 Some(\"magnitude\") None number",
                "figure 10 km Some(\"depth\") Some(\"length\") quantity",
            ]
        );
        assert_eq!(
            summary("Selvik is home to 18,000 people. It is a town of 80,000 people."),
            [
                "figure 18000 Some(\"home\") Some(\"people\") count",
                "figure 80000 Some(\"home\") Some(\"people\") count",
            ]
        );
        assert_eq!(
            summary("The earthquake had a magnitude of 7.2."),
            ["figure 7.2 Some(\"magnitude\") None number"]
        );
    }

    #[test]
    fn years_clock_times_dates_and_bare_people_are_not_figures() {
        assert_eq!(
            summary("A 2011 quake hit at 3:42 a.m. on March 10, and 40 people were there."),
            [
                "date 2026-03-10 (Tuesday) Some(\"event\") None date",
                "time 03:42 Some(\"event\") None time",
            ]
        );
    }

    #[test]
    fn figures_with_a_unit_are_read_whole_by_the_quantity_kind() {
        assert_eq!(
            summary("The health budget is $3.5bn, up 8%, and nurses began a 48-hour strike."),
            [
                "figure 3500000000 USD None Some(\"dollars\") quantity",
                "figure 8% None Some(\"percent\") quantity",
                "figure 48 h Some(\"event\") Some(\"duration\") quantity",
            ]
        );
        assert_eq!(
            summary("The fund stood at US$3bn, and rose to €3.5bn and £2.5m."),
            [
                "figure 3000000000 USD None Some(\"dollars\") quantity",
                "figure 3500000000 EUR Some(\"rose\") Some(\"euros\") quantity",
                "figure 2500000 GBP Some(\"rose\") Some(\"pounds\") quantity",
            ]
        );
    }

    #[test]
    fn clock_times_are_read_by_the_time_kind_and_their_digits_are_no_figures() {
        assert_eq!(
            summary("The ferry capsized at 3.30pm, and the ship sank at 1530 GMT."),
            [
                "time 15:30 Some(\"capsized\") None time",
                "time 15:30 GMT Some(\"capsized\") None time",
            ]
        );
        assert_eq!(
            summary("Rescuers began at 15:30 and 40 people were rescued in 2011."),
            [
                "figure 40 Some(\"rescued\") Some(\"people\") count",
                "time 15:30 Some(\"event\") None time",
            ]
        );
    }

    #[test]
    fn the_day_a_medium_reported_dates_no_event() {
        assert!(summary("KCNA reported on Tuesday that the talks went well.").is_empty());
    }

    #[test]
    fn titled_people_keep_their_title_and_qualifier() {
        let found = facts(
            "Regional police spokesman Col. Petar Haddad said Governor Lidia Moravec was there.",
        );
        let shown: Vec<(String, Option<String>, Option<String>)> = found
            .iter()
            .map(|f| (f.value.display(), f.topic.clone(), f.noun.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "Petar Haddad".to_string(),
                    Some("spokesperson".to_string()),
                    Some("regional police".to_string())
                ),
                (
                    "Lidia Moravec".to_string(),
                    Some("governor".to_string()),
                    None
                ),
            ]
        );
    }
}
