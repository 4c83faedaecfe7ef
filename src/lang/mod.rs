//! Languages as data: the word lists crosswire reads text with.
//!
//! Each language is one YAML file in this folder (`en.yaml`, `de.yaml`),
//! embedded in the binary and parsed once per process, the first time it is
//! asked for. A table holds month and day names, number words, vague
//! quantities, titles and honorifics, speech verbs and page boilerplate; a
//! language that leaves a list out reads that list from English. Sources say
//! their language in front matter or metadata (`language: de`), a story in its
//! rule file; [`select`] turns that code into a table, English when it is
//! missing, and English with a warning when it is unknown.

use std::sync::OnceLock;

use serde::Deserialize;

/// One language's word lists. Lists a language leaves out are read from
/// English through the accessors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language tag (`en`).
    pub code: String,
    /// Its name in English (`English`).
    pub name: String,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    month_abbreviations: Vec<String>,
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    weekdays_short: Vec<String>,
    #[serde(default)]
    cardinals: Vec<String>,
    #[serde(default)]
    ordinals: Vec<String>,
    #[serde(default)]
    scales: Vec<(String, i32)>,
    #[serde(default)]
    zero_words: Vec<String>,
    #[serde(default)]
    date_words: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    ordinal_dot: bool,
    #[serde(default)]
    decimal_comma: bool,
    #[serde(default)]
    range_words: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    number_joiner: Option<String>,
    #[serde(default)]
    compound_numbers: bool,
    #[serde(default)]
    ordinal_endings: Vec<String>,
    #[serde(default)]
    qualifiers: Vec<(String, String)>,
    #[serde(default)]
    vague_plurals: Vec<(String, f64, f64)>,
    #[serde(default)]
    vague_few: Vec<(String, f64, f64)>,
    #[serde(default)]
    name_titles: Vec<String>,
    #[serde(default)]
    speaker_titles: Vec<String>,
    #[serde(default)]
    person_titles: Vec<(String, String)>,
    #[serde(default)]
    speech_verbs: Vec<String>,
    #[serde(default)]
    inverted_speech_verbs: Vec<String>,
    #[serde(default)]
    boilerplate: Vec<String>,
    #[serde(default)]
    captions: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    /// Its place in [`TABLES`], for per-language caches ([`PerLanguage`]).
    #[serde(skip)]
    index: usize,
}

/// The embedded tables: code and YAML text. Add a language here.
const TABLES: &[(&str, &str)] = &[
    ("en", include_str!("en.yaml")),
    ("de", include_str!("de.yaml")),
];

/// How many languages crosswire has tables for.
pub const COUNT: usize = TABLES.len();

/// One parsed table per entry of [`TABLES`], parsed on first use.
static PARSED: [OnceLock<Option<Language>>; COUNT] = [const { OnceLock::new() }; COUNT];

fn table(index: usize) -> Option<&'static Language> {
    let (_, text) = TABLES.get(index)?;
    PARSED
        .get(index)?
        .get_or_init(|| {
            serde_yaml::from_str(text)
                .ok()
                .map(|language| Language { index, ..language })
        })
        .as_ref()
}

/// A value built from a language's table on first use, once per language:
/// the regexes and word maps the kinds read text with (`{number}` in German
/// reads German number words).
pub struct PerLanguage<T> {
    cells: [OnceLock<T>; COUNT],
    build: fn(&'static Language) -> T,
}

impl<T> PerLanguage<T> {
    /// A cache whose value for a language is `build(language)`.
    pub const fn new(build: fn(&'static Language) -> T) -> Self {
        PerLanguage {
            cells: [const { OnceLock::new() }; COUNT],
            build,
        }
    }

    /// The value for `language`, built the first time it is asked for.
    pub fn get(&self, language: &'static Language) -> &T {
        match self.cells.get(language.index) {
            Some(cell) => cell.get_or_init(|| (self.build)(language)),
            // Only a table built outside `TABLES` (the empty fallback) has
            // no cell; it reads as English's.
            None => self.cells[0].get_or_init(|| (self.build)(english())),
        }
    }
}

/// English, the default language.
pub fn english() -> &'static Language {
    static EMPTY: OnceLock<Language> = OnceLock::new();
    // The tables are tested to parse; an empty table is only a fallback
    // that keeps a broken build from panicking.
    table(0).unwrap_or_else(|| EMPTY.get_or_init(Language::default))
}

/// The table of a language tag (`de`, `de-AT`, `EN`), if crosswire has one.
pub fn get(code: &str) -> Option<&'static Language> {
    let primary = code
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let index = TABLES.iter().position(|(c, _)| *c == primary)?;
    table(index)
}

/// The codes of the embedded tables.
pub fn codes() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|(c, _)| *c)
}

/// The table for a source's or story's `language:`, English when none is
/// given; an unknown code gives English and a warning saying so.
pub fn select(code: Option<&str>) -> (&'static Language, Option<String>) {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return (english(), None);
    };
    match get(code) {
        Some(language) => (language, None),
        None => (
            english(),
            Some(format!(
                "unknown language `{}`, read as English (known: {})",
                shown_code(code),
                known_codes()
            )),
        ),
    }
}

/// A language tag as a message quotes it: at most 20 characters, so a
/// hostile tag gives a short message.
pub fn shown_code(code: &str) -> String {
    let code = code.trim();
    let short: String = code.chars().take(20).collect();
    if short.len() < code.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The codes of the embedded tables, as a message lists them (`en, de`).
pub fn known_codes() -> String {
    codes().collect::<Vec<_>>().join(", ")
}

/// English's list followed by `own` (when this is not English itself).
fn with_english(own: &[String], english: &[String], is_english: bool) -> Vec<String> {
    let mut all = english.to_vec();
    if !is_english {
        all.extend(own.iter().filter(|p| !english.contains(p)).cloned());
    }
    all
}

/// A language's words for English words a reader knows (`date_words:`,
/// `range_words:`): a table maps each English word in `roles` to the
/// language's words for it. Returns (the language's word in lower case, the
/// English word); keys outside `roles` are left out.
pub type Translations = Vec<(String, &'static str)>;

/// The [`Translations`] of one of a table's word maps.
pub fn translations(
    map: &std::collections::BTreeMap<String, Vec<String>>,
    roles: &[&'static str],
) -> Translations {
    map.iter()
        .filter_map(|(english, words)| {
            let role = roles.iter().find(|r| **r == english.as_str())?;
            Some(words.iter().map(move |w| (w.to_lowercase(), *role)))
        })
        .flatten()
        .collect()
}

/// The regex for an English word a table may translate (`between`,
/// `yesterday`): the language's words for it as a group (`(?:gestern)`), or
/// the English word itself when the language has none.
pub fn word_regex(translations: &Translations, english: &str) -> String {
    let own: Vec<String> = translations
        .iter()
        .filter(|(_, role)| *role == english)
        .map(|(word, _)| word.clone())
        .collect();
    if own.is_empty() {
        regex::escape(english)
    } else {
        format!("(?:{})", Language::alternation(&own))
    }
}

/// `word` as the English word it translates, or itself.
pub fn in_english<'w>(translations: &'w Translations, word: &'w str) -> &'w str {
    translations
        .iter()
        .find(|(own, _)| own == word)
        .map_or(word, |(_, english)| english)
}

/// `own` unless it is empty, else English's list.
fn or_english<'a, T>(own: &'a [T], english: impl FnOnce() -> &'a [T]) -> &'a [T] {
    if own.is_empty() {
        english()
    } else {
        own
    }
}

impl Language {
    /// The number-word reader of `text2num` for this language (English for
    /// a language text2num does not read).
    pub fn text2num(&self) -> text2num::Language {
        match self.code.as_str() {
            "de" => text2num::Language::german(),
            "fr" => text2num::Language::french(),
            "es" => text2num::Language::spanish(),
            "it" => text2num::Language::italian(),
            "nl" => text2num::Language::dutch(),
            "pt" => text2num::Language::portugese(),
            "da" => text2num::Language::danish(),
            _ => text2num::Language::english(),
        }
    }

    /// Its place among the embedded tables (English is 0).
    pub fn index(&self) -> usize {
        self.index
    }

    /// Whether this is English, the default.
    pub fn is_english(&self) -> bool {
        self.code == "en"
    }

    /// Month names, January first.
    pub fn months(&self) -> &[String] {
        or_english(&self.months, || &english().months)
    }

    /// Month abbreviations, longest first where one begins another.
    pub fn month_abbreviations(&self) -> &[String] {
        or_english(&self.month_abbreviations, || &english().month_abbreviations)
    }

    /// Day names, Monday first.
    pub fn weekdays(&self) -> &[String] {
        or_english(&self.weekdays, || &english().weekdays)
    }

    /// Short day names, Monday first.
    pub fn weekdays_short(&self) -> &[String] {
        or_english(&self.weekdays_short, || &english().weekdays_short)
    }

    /// Cardinal number words, longest first.
    pub fn cardinals(&self) -> &[String] {
        or_english(&self.cardinals, || &english().cardinals)
    }

    /// Ordinal number words, longest first.
    pub fn ordinals(&self) -> &[String] {
        or_english(&self.ordinals, || &english().ordinals)
    }

    /// Scale words and their power of ten.
    pub fn scales(&self) -> &[(String, i32)] {
        or_english(&self.scales, || &english().scales)
    }

    /// The language's words for the English date words the date parser
    /// reads (`yesterday: [gestern]`); the keys are `on`, `last`, `next`,
    /// `this`, `today`, `yesterday` and `tomorrow`.
    pub fn date_words(&self) -> &std::collections::BTreeMap<String, Vec<String>> {
        &self.date_words
    }

    /// Whether a day of the month is written as an ordinal with a dot ("12. April").
    pub fn ordinal_dot(&self) -> bool {
        self.ordinal_dot
    }

    /// The language's words for the English words of a range ("between 40
    /// and 80", "40 to 80", "30 or 40"): keys `between`, `and`, `to`, `or`.
    pub fn range_words(&self) -> &std::collections::BTreeMap<String, Vec<String>> {
        &self.range_words
    }

    /// Whether figures are written with a decimal comma and grouping dots
    /// ("2.000,5"), not the English "2,000.5".
    pub fn decimal_comma(&self) -> bool {
        self.decimal_comma
    }

    /// `text` with its figures written the English way: in a decimal-comma
    /// language, a `.` or `,` between two digits becomes the other ("2.000,5"
    /// reads "2,000.5"); other text is returned as it is.
    pub fn english_digits<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if !self.decimal_comma || !text.contains(['.', ',']) {
            return std::borrow::Cow::Borrowed(text);
        }
        let chars: Vec<char> = text.chars().collect();
        let digit = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|c: &char| c.is_ascii_digit())
        };
        let swapped = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| match c {
                '.' | ',' if digit(i.checked_sub(1)) && digit(Some(i + 1)) => {
                    if c == '.' {
                        ','
                    } else {
                        '.'
                    }
                }
                other => other,
            })
            .collect();
        std::borrow::Cow::Owned(swapped)
    }

    /// The word that joins number words ("hundred and twenty", "dreiundzwanzig").
    pub fn number_joiner(&self) -> &str {
        match &self.number_joiner {
            Some(joiner) => joiner,
            None => english().number_joiner.as_deref().unwrap_or("and"),
        }
    }

    /// Whether number words are glued into one word ("dreiundzwanzig",
    /// "zweitausend") rather than written apart ("twenty-three").
    pub fn compound_numbers(&self) -> bool {
        self.compound_numbers
    }

    /// Endings an ordinal word takes ("dritten", "dritter"); none in English.
    pub fn ordinal_endings(&self) -> &[String] {
        &self.ordinal_endings
    }

    /// Words that read as 0.
    pub fn zero_words(&self) -> &[String] {
        or_english(&self.zero_words, || &english().zero_words)
    }

    /// Qualifier phrases before a figure ("more than") and the name of what
    /// they mean (`more_than`), in the order the parser tries them.
    pub fn qualifiers(&self) -> &[(String, String)] {
        or_english(&self.qualifiers, || &english().qualifiers)
    }

    /// Vague plurals ("dozens") and their readings [low, high).
    pub fn vague_plurals(&self) -> &[(String, f64, f64)] {
        or_english(&self.vague_plurals, || &english().vague_plurals)
    }

    /// Small vague quantities ("a few") and their readings [low, high].
    pub fn vague_few(&self) -> &[(String, f64, f64)] {
        or_english(&self.vague_few, || &english().vague_few)
    }

    /// Titles and honorifics left out of a name, folded.
    pub fn name_titles(&self) -> &[String] {
        or_english(&self.name_titles, || &english().name_titles)
    }

    /// Title words dropped from a quote's speaker.
    pub fn speaker_titles(&self) -> &[String] {
        or_english(&self.speaker_titles, || &english().speaker_titles)
    }

    /// Titles that introduce a person, and the role each normalizes to.
    pub fn person_titles(&self) -> &[(String, String)] {
        or_english(&self.person_titles, || &english().person_titles)
    }

    /// Verbs that introduce or frame a quote (words separated by spaces).
    pub fn speech_verbs(&self) -> &[String] {
        or_english(&self.speech_verbs, || &english().speech_verbs)
    }

    /// Speech verbs that may come before the speaker.
    pub fn inverted_speech_verbs(&self) -> &[String] {
        or_english(&self.inverted_speech_verbs, || {
            &english().inverted_speech_verbs
        })
    }

    /// Page furniture: regexes for a whole trimmed line. A language's own
    /// patterns add to English's (pages in any language carry English
    /// furniture: "Share", "Newsletter").
    pub fn boilerplate(&self) -> Vec<String> {
        with_english(&self.boilerplate, &english().boilerplate, self.is_english())
    }

    /// Image captions and credits: regexes for a whole trimmed line; a
    /// language's own add to English's.
    pub fn captions(&self) -> Vec<String> {
        with_english(&self.captions, &english().captions, self.is_english())
    }

    /// Abbreviations after which a period does not end a sentence ("Mr",
    /// "ca"); a language's own add to English's.
    pub fn abbreviations(&self) -> Vec<String> {
        with_english(
            &self.abbreviations,
            &english().abbreviations,
            self.is_english(),
        )
    }

    /// Month words (names and abbreviations) in lower case, for lookups.
    pub fn month_words(&self) -> Vec<String> {
        self.months()
            .iter()
            .chain(self.month_abbreviations())
            .map(|m| m.to_lowercase())
            .collect()
    }

    /// A list of words as a regex alternation (`said|quoted\s+as\s+saying`),
    /// words separated by `\s+`, without a group.
    pub fn alternation(words: &[String]) -> String {
        words
            .iter()
            .map(|w| {
                w.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect::<Vec<_>>()
            .join("|")
    }
}

/// A table's list as `&'static str`s, for the modules whose lists were
/// `&'static [&'static str]` constants (the tables live as long as the process).
pub fn static_strs(list: &'static [String]) -> Vec<&'static str> {
    list.iter().map(String::as_str).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_table_parses() {
        for (i, (code, text)) in TABLES.iter().enumerate() {
            let parsed: Result<Language, _> = serde_yaml::from_str(text);
            let language = parsed.unwrap_or_else(|e| panic!("{code}.yaml: {e}"));
            assert_eq!(language.code, *code);
            assert!(table(i).is_some());
        }
        let en = english();
        assert_eq!(en.months().len(), 12);
        assert_eq!(en.weekdays().len(), 7);
        assert_eq!(en.weekdays_short().len(), 7);
        assert_eq!(en.months()[0], "January");
        assert!(en.speech_verbs().iter().any(|v| v == "said"));
    }

    #[test]
    fn a_language_is_selected_by_its_tag_and_unknown_ones_fall_back_to_english() {
        assert_eq!(select(None).0.code, "en");
        assert_eq!(select(Some("")).0.code, "en");
        let (de, warning) = select(Some("de-AT"));
        assert_eq!(de.code, "de");
        assert_eq!(warning, None);
        assert_eq!(de.months()[2], "März");
        assert_eq!(de.weekdays()[0], "Montag");
        assert!(de.cardinals().iter().any(|w| w == "zwei"));
        assert!(de.speech_verbs().iter().any(|w| w == "sagte"));
        // Lists German leaves out are read from English.
        assert_eq!(de.person_titles(), english().person_titles());
        // Furniture adds to English's.
        let (en_bp, de_bp) = (english().boilerplate(), de.boilerplate());
        assert!(de_bp.len() > en_bp.len() && de_bp.starts_with(&en_bp));
        assert_eq!(shown_code(&"x".repeat(50)), format!("{}…", "x".repeat(20)));
        assert_eq!(shown_code(" fr "), "fr");
        let (fallback, warning) = select(Some("xx"));
        assert_eq!(fallback.code, "en");
        assert_eq!(
            warning.as_deref(),
            Some("unknown language `xx`, read as English (known: en, de)")
        );
    }

    #[test]
    fn alternations_join_words_with_white_space() {
        let words = vec!["quoted as saying".to_string(), "said".to_string()];
        assert_eq!(Language::alternation(&words), r"quoted\s+as\s+saying|said");
    }

    /// Parsing runs in every process; it must stay well under a millisecond
    /// or two. Measured with `cargo test parsing_the_english_table -- --nocapture`.
    #[test]
    #[allow(clippy::print_stderr)]
    fn parsing_the_english_table_is_fast() {
        let start = std::time::Instant::now();
        let runs = 20;
        for _ in 0..runs {
            let parsed: Language = serde_yaml::from_str(TABLES[0].1).unwrap();
            assert_eq!(parsed.code, "en");
        }
        let each = start.elapsed() / runs;
        eprintln!("en.yaml parses in {each:?}");
        // Generous for debug builds on a loaded machine.
        assert!(each < std::time::Duration::from_millis(200), "{each:?}");
    }
}
