//! Pass 2 of loading a rule file: the checks serde cannot make (ids, duplicate
//! slots, keys that do not fit the kind, values that do not parse, tolerances
//! out of range) and the compilation of patterns, scope terms and boilerplate
//! into a [`Story`], every problem located in the file through [`Locator`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::locate::{Locator, Spot};
use super::model::{MissingPolicy, PatternSpec, Scalar, SlotSpec, StoryFile, STORY_KEYS};
use super::{Scope, Slot, Story, TermRegex, SCOPE_SIZE_LIMIT};
use crate::error::{Diagnostic, ErrorKind};
use crate::kinds::time::{self, Zones};
use crate::kinds::{name, name::Aliases, number, SlotKey, ValueOptions};
use crate::pattern::{compile, compile_regex, PatternError};

/// Check and compile a rule file that pass 1 read; `text` and `path` locate
/// the errors.
pub(super) fn compile_story(
    text: &str,
    path: &str,
    file: StoryFile,
) -> Result<Story, Vec<Diagnostic>> {
    Compiler {
        text,
        path,
        locator: Locator::new(text),
        errors: Vec::new(),
        missing: MissingPolicy::default(),
        zones: Zones::default(),
        date_order: None,
        language: crate::lang::english(),
    }
    .story(file)
}

/// Largest absolute tolerance: past 2^53 not every integer has an exact
/// `f64`, so a wider tolerance cannot tell figures apart anyway.
const MAX_ABSOLUTE_TOLERANCE: f64 = 1e15;
/// Largest time tolerance, in minutes: a day.
const MAX_TIME_TOLERANCE: f64 = 24.0 * 60.0;

/// The allowed range, when `tolerance` is outside it.
fn tolerance_range_problem(
    tolerance: number::Tolerance,
    kind: crate::kinds::Kind,
) -> Option<String> {
    match tolerance {
        number::Tolerance::Percent(p) if p > 100.0 => {
            Some("a percentage is 0% to 100%".to_string())
        }
        number::Tolerance::Absolute(m)
            if kind == crate::kinds::Kind::Time && m > MAX_TIME_TOLERANCE =>
        {
            Some(format!(
                "a time tolerance is 0 to {MAX_TIME_TOLERANCE} minutes (a day)"
            ))
        }
        number::Tolerance::Absolute(a) if a > MAX_ABSOLUTE_TOLERANCE => {
            Some("an absolute tolerance is 0 to 1000000000000000 (10^15)".to_string())
        }
        _ => None,
    }
}

struct Compiler<'a> {
    text: &'a str,
    path: &'a str,
    locator: Locator<'a>,
    errors: Vec<Diagnostic>,
    /// The story's `missing:`, for slots that do not set their own.
    missing: MissingPolicy,
    /// The story's time zones, for its `time` slots.
    zones: Zones,
    /// The story's order of numeric dates, for its `date` slots.
    date_order: Option<crate::kinds::date::DateOrder>,
    /// The story's language, for its `expect:` values.
    language: &'static crate::lang::Language,
}

/// A scope term's regex, made once per process for each term: a library of
/// many stories gives most of them the same terms (a thousand one-slot
/// stories with the same six terms built six thousand regexes, seven
/// seconds of a check). It is built on first use when its syntax tree shows
/// it builds (`pattern::size`), as a term of a few words does: six terms
/// took a sixth of a one-file check to build, and most sources are told in
/// scope by one search of all the terms at once. A term that may not build
/// is built now, so that one too large is an error located in the rule file.
fn scope_regex(pattern: &str) -> Result<TermRegex, regex::Error> {
    static MADE: LazyLock<std::sync::Mutex<std::collections::HashMap<String, TermRegex>>> =
        LazyLock::new(Default::default);
    let cached = MADE.lock().ok().and_then(|made| made.get(pattern).cloned());
    if let Some(term) = cached {
        return Ok(term);
    }
    let surely_builds = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .is_ok_and(|hir| crate::pattern::size::surely_within(&hir, false, SCOPE_SIZE_LIMIT));
    let term = if surely_builds {
        TermRegex::lazy(pattern.to_owned())
    } else {
        TermRegex::built(TermRegex::build(pattern)?)
    };
    if let Ok(mut made) = MADE.lock() {
        made.insert(pattern.to_string(), term.clone());
    }
    Ok(term)
}

static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9._-]*$").unwrap_or_else(|_| unreachable!("static regex"))
});

impl Compiler<'_> {
    fn error(
        &mut self,
        kind: ErrorKind,
        message: String,
        spot: Option<Spot>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(kind, message).in_file(self.path);
        if let Some(s) = spot {
            d = d.at(self.text, s.line, s.column, s.width);
        }
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.errors.push(d);
    }

    fn story(mut self, file: StoryFile) -> Result<Story, Vec<Diagnostic>> {
        let _ = STORY_KEYS; // documented key list; serde enforces it
        if !ID.is_match(&file.story) {
            let spot = self.locator.top_key("story");
            self.error(
                ErrorKind::Value,
                format!("invalid story id `{}`", file.story),
                spot,
                Some("ids use letters, digits, `-`, `_` and `.`, e.g. `korea-cmc-2023-04`".into()),
            );
        }
        let date = file
            .date
            .as_ref()
            .and_then(|d| match d.0.trim().parse::<jiff::civil::Date>() {
                Ok(date) => Some(date),
                Err(_) => {
                    let spot = self.locator.top_key("date");
                    self.error(
                        ErrorKind::Value,
                        format!("invalid story date `{}`", d.0),
                        spot,
                        Some("write the date as YYYY-MM-DD, e.g. `2023-04-11`".into()),
                    );
                    None
                }
            });
        let scope = match &file.scope {
            Some(spec) => Scope::new(
                spec.any.iter().filter_map(|t| self.scope_term(t)).collect(),
                spec.all.iter().filter_map(|t| self.scope_term(t)).collect(),
            ),
            None => Scope::default(),
        };
        let boilerplate = file
            .boilerplate
            .iter()
            .filter_map(|b| self.boilerplate(b))
            .collect();
        if file.slots.is_empty() {
            let spot = self.locator.top_key("slots");
            self.error(
                ErrorKind::Schema,
                "story has no slots".into(),
                spot,
                Some("add at least one slot with `id`, `kind` and `patterns`".into()),
            );
        }
        self.missing = file.missing.unwrap_or_default();
        self.zones = self.time_zones(&file.time_zones);
        self.date_order = file.date_order;
        let (language, unknown) = crate::lang::select(file.language.as_deref());
        self.language = language;
        let mut seen = BTreeSet::new();
        let mut slots = Vec::new();
        for (index, spec) in file.slots.into_iter().enumerate() {
            if let Some(slot) = self.slot(index, spec, &mut seen) {
                slots.push(slot);
            }
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let mut warnings = Vec::new();
        if let Some(message) = unknown {
            let mut d = Diagnostic::warning(ErrorKind::Value, message)
                .in_file(self.path)
                .with_help("write one of the known codes, or leave `language` out".to_string());
            if let Some(s) = self.locator.top_key("language") {
                d = d.at(self.text, s.line, s.column, s.width);
            }
            warnings.push(d);
        }
        Ok(Story {
            id: file.story,
            title: file.title,
            path: self.path.to_string(),
            date,
            scope,
            boilerplate,
            slots,
            language,
            warnings,
        })
    }

    /// `time_zones: {local: "+09:00", IRST: "+03:30"}`.
    fn time_zones(&mut self, spec: &BTreeMap<String, Scalar>) -> Zones {
        let mut declared = Vec::new();
        for (name, offset) in spec {
            match time::parse_offset(&offset.0) {
                Ok(minutes) => {
                    let key = if name.trim().eq_ignore_ascii_case("local") {
                        "local".to_owned()
                    } else {
                        name.trim().to_uppercase()
                    };
                    declared.push((key, minutes));
                }
                Err(e) => {
                    let spot = self.locator.top_key("time_zones");
                    self.error(
                        ErrorKind::Value,
                        format!("time zone `{name}`: {e}"),
                        spot,
                        Some("write the offset from UTC, e.g. `local: \"+09:00\"`".into()),
                    );
                }
            }
        }
        Zones { declared }
    }

    fn scope_term(&mut self, term: &str) -> Option<(String, TermRegex)> {
        let words: Vec<String> = term.split_whitespace().map(regex::escape).collect();
        if words.is_empty() {
            let spot = self.locator.top_key("scope");
            self.error(ErrorKind::Value, "empty scope term".into(), spot, None);
            return None;
        }
        let edge = |w: Option<char>| {
            if w.is_some_and(char::is_alphanumeric) {
                r"\b"
            } else {
                ""
            }
        };
        let pattern = format!(
            "(?i){}{}{}",
            edge(term.trim().chars().next()),
            words.join(r#"[\s"']+"#),
            edge(term.trim().chars().last())
        );
        // A term too large to compile is an error, not a term silently dropped
        // (which would widen the scope).
        match scope_regex(&pattern) {
            Ok(re) => Some((term.trim().to_string(), re)),
            Err(e) => {
                let spot = self.locator.top_key("scope");
                let message = match e {
                    regex::Error::CompiledTooBig(limit) => {
                        format!(
                            "scope term too large once compiled (the limit is {} KiB)",
                            limit >> 10
                        )
                    }
                    other => format!("scope term does not compile: {other}"),
                };
                self.error(
                    ErrorKind::Value,
                    message,
                    spot,
                    Some("scope terms are a few words".into()),
                );
                None
            }
        }
    }

    fn boilerplate(&mut self, pattern: &str) -> Option<Regex> {
        match regex::RegexBuilder::new(&format!("(?i)^(?:{pattern})$"))
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => Some(re),
            Err(e) => {
                let range = self
                    .locator
                    .top_key("boilerplate")
                    .map_or(self.locator.all(), |s| s.line - 1..self.locator.all().end);
                let spot = self.locator.text_in(range, pattern, 0);
                let message = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("invalid regex")
                    .trim()
                    .to_string();
                self.error(
                    ErrorKind::Pattern,
                    format!(
                        "invalid boilerplate regex: {}",
                        message.trim_start_matches("error: ")
                    ),
                    spot,
                    None,
                );
                None
            }
        }
    }

    fn slot(&mut self, index: usize, spec: SlotSpec, seen: &mut BTreeSet<String>) -> Option<Slot> {
        let range = self
            .locator
            .item("slots", index)
            .unwrap_or(self.locator.all());
        let slot_line = self.locator.line_of(range.clone()).map_or(1, |s| s.line);
        let errors_before = self.errors.len();
        let id = spec.id.clone();
        let key = |this: &Self, k: &str| this.locator.key_in(range.clone(), k, None);
        if !ID.is_match(&id) {
            let spot = key(self, "id");
            self.error(
                ErrorKind::Value,
                format!("invalid slot id `{id}`"),
                spot,
                Some(
                    "ids use letters, digits, `-`, `_` and `.`, e.g. `unification-minister`".into(),
                ),
            );
        } else if !seen.insert(id.clone()) {
            let spot = self
                .locator
                .text_in(range.clone(), &id, 0)
                .or_else(|| key(self, "id"));
            self.error(
                ErrorKind::Duplicate,
                format!("duplicate slot id `{id}`"),
                spot,
                Some("each slot in a story needs its own id".into()),
            );
        }
        let kind = spec.kind;
        let selects_quotes = !spec.speaker.is_empty() || !spec.contains.is_empty();
        if spec.patterns.is_empty() && !(kind.takes_quote_selectors() && selects_quotes) {
            let spot = key(self, "patterns").or_else(|| key(self, "id"));
            self.error(
                ErrorKind::Schema,
                format!("slot `{id}` has no patterns"),
                spot,
                Some(if kind.takes_quote_selectors() {
                    "add `speaker:`, `contains:` or `patterns:`, e.g. `speaker: [KCNA, state media]`".to_string()
                } else {
                    format!(
                        "add `patterns:`, e.g. `patterns: [\"{}\"]`",
                        kind.example_pattern()
                    )
                }),
            );
        }
        for (slot_key, given) in [
            (SlotKey::Speaker, &spec.speaker),
            (SlotKey::Contains, &spec.contains),
        ] {
            let name = slot_key.as_str();
            if given.is_empty() || !kind.accepts(slot_key) {
                continue;
            }
            if given
                .iter()
                .any(|g| crate::text::words::normalize_words(g).is_empty())
            {
                let spot = key(self, name);
                self.error(
                    ErrorKind::Value,
                    format!("`{name}` of slot `{id}` has an entry without words"),
                    spot,
                    None,
                );
            }
        }
        // Every kind-dependent key given to a kind that does not take it.
        for slot_key in SlotKey::ALL {
            let given = match slot_key {
                SlotKey::Speaker => !spec.speaker.is_empty(),
                SlotKey::Contains => !spec.contains.is_empty(),
                SlotKey::Hedges => spec.hedges.is_some(),
                SlotKey::Grows => spec.grows,
                SlotKey::Spelling => spec.spelling.is_some(),
                SlotKey::Honorifics => !spec.honorifics.is_empty(),
                SlotKey::Units => !spec.units.is_empty(),
                SlotKey::Aliases => !spec.aliases.is_empty(),
                SlotKey::Tolerance => spec.tolerance.is_some(),
            };
            if given && !kind.accepts(slot_key) {
                let name = slot_key.as_str();
                let spot = key(self, name);
                self.error(
                    ErrorKind::Schema,
                    format!("`{name}` does not apply to a `{kind}` slot"),
                    spot,
                    Some(key_hint(slot_key)),
                );
            }
            // Report the value checks of the keys that come later in the file
            // order the loader always used: spelling after honorifics, units
            // before aliases.
            if slot_key == SlotKey::Honorifics {
                if let Some(threshold) = spec.spelling {
                    if !(threshold > 0.0 && threshold <= 1.0) {
                        let spot = key(self, "spelling");
                        self.error(
                            ErrorKind::Value,
                            format!(
                                "`spelling` of slot `{id}` must be above 0 and at most 1, not {threshold}"
                            ),
                            spot,
                            Some("0.9 is the default; lower values accept more distant spellings".into()),
                        );
                    }
                }
            }
            if slot_key == SlotKey::Units {
                for unit in &spec.units {
                    if !crate::kinds::quantity::valid_unit_filter(unit) {
                        // At the unit itself, on or after the `units:` line.
                        let spot = key(self, "units").map(|at| {
                            let from = at.line.saturating_sub(1).max(range.start);
                            self.locator.text_in(from..range.end, unit, 0).unwrap_or(at)
                        });
                        self.error(
                            ErrorKind::Value,
                            format!("unknown unit `{unit}` in slot `{id}`"),
                            spot,
                            Some(crate::kinds::quantity::unit_filter_help(unit)),
                        );
                    }
                }
            }
        }
        let tolerance = match &spec.tolerance {
            Some(_) if !kind.takes_tolerance() => None,
            Some(t) => match number::parse_tolerance(&t.0) {
                Ok(parsed) => {
                    let problem = kind
                            .check_tolerance(&parsed)
                            .map(|(reason, hint)| {
                                (
                                    format!("invalid tolerance `{}`: {reason}", t.0),
                                    hint.to_string(),
                                )
                            })
                            .or_else(|| {
                                tolerance_range_problem(parsed, kind).map(|range| {
                                    (
                                        format!("tolerance `{}` is out of range: {range}", t.0),
                                        "a tolerance wide enough to make every figure agree checks nothing"
                                            .to_string(),
                                    )
                                })
                            });
                    match problem {
                        None => Some(parsed),
                        Some((message, hint)) => {
                            let spot = key(self, "tolerance");
                            self.error(ErrorKind::Value, message, spot, Some(hint));
                            None
                        }
                    }
                }
                Err(e) => {
                    let spot = key(self, "tolerance");
                    self.error(
                        ErrorKind::Value,
                        format!(
                            "invalid tolerance `{}`: {}",
                            t.0,
                            e.trim_start_matches("invalid tolerance: ")
                        ),
                        spot,
                        Some(
                            "write an absolute difference (`2`, 0 to 10^15) or a percentage (`10%`, 0% to 100%)"
                                .into(),
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        let options = ValueOptions {
            aliases: Aliases::new(&spec.aliases),
            tolerance,
            speakers: spec.speaker.clone(),
            contains: spec
                .contains
                .iter()
                .map(|c| crate::text::words::normalize_words(c))
                .collect(),
            hedges: spec.hedges.unwrap_or_default(),
            spelling: spec.spelling,
            honorifics: spec.honorifics.iter().map(|h| name::fold(h)).collect(),
            zones: self.zones.clone(),
            units: spec.units.iter().map(|u| u.trim().to_owned()).collect(),
            date_order: self.date_order,
        };
        let mut patterns = Vec::new();
        let mut occurrences: Vec<String> = Vec::new();
        for pattern in &spec.patterns {
            let (text, result) = match pattern {
                PatternSpec::Prose(p) => (p, compile(p, kind)),
                PatternSpec::Regex(r) => (r, compile_regex(r)),
            };
            let skip = occurrences.iter().filter(|o| *o == text).count();
            occurrences.push(text.clone());
            match result {
                Ok(p) => patterns.push(p),
                Err(e) => self.pattern_error(range.clone(), text, skip, &e, &id),
            }
        }
        let expect = match &spec.expect {
            Some(raw) => match kind.parse_expected(&raw.0, self.language, &options) {
                Ok(value) => Some((raw.0.clone(), value)),
                Err(e) => {
                    let spot = key(self, "expect");
                    self.error(
                        ErrorKind::Value,
                        format!("`expect` of slot `{id}` is not a valid {kind}: {e}"),
                        spot,
                        None,
                    );
                    None
                }
            },
            None => None,
        };
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Slot {
            id,
            kind,
            patterns,
            options,
            expect,
            severity: spec.severity,
            message: spec.message,
            grows: spec.grows,
            missing: spec.missing.unwrap_or(self.missing),
            line: slot_line,
        })
    }

    fn pattern_error(
        &mut self,
        range: std::ops::Range<usize>,
        text: &str,
        skip: usize,
        e: &PatternError,
        id: &str,
    ) {
        let found = if text.is_empty() {
            // An empty string is found by its quote marks.
            self.locator
                .text_in(range.clone(), "\"\"", 0)
                .or_else(|| self.locator.text_in(range.clone(), "''", 0))
        } else {
            self.locator.text_in(range.clone(), text, skip)
        };
        // A string with YAML escapes (`\\d`) is not in the file verbatim: point at
        // where its unescaped beginning is.
        let prefix: String = text
            .chars()
            .take_while(|c| !matches!(c, '\\' | '"' | '\''))
            .collect();
        if found.is_none() && prefix.chars().count() >= 3 {
            if let Some(s) = self.locator.text_in(range.clone(), &prefix, 0) {
                let spot = Spot {
                    line: s.line,
                    column: s.column,
                    width: 1,
                };
                self.error(
                    ErrorKind::Pattern,
                    format!("in slot `{id}`: {}", e.message),
                    Some(spot),
                    e.help.clone(),
                );
                return;
            }
        }
        let spot = match found {
            // Point inside the pattern string at the offending part.
            Some(s) => {
                let column = s.column + text.get(..e.offset).map_or(0, |p| p.chars().count());
                let width = text
                    .get(e.offset..(e.offset + e.len).min(text.len()))
                    .map_or(1, |p| p.chars().count().max(1));
                Some(Spot {
                    line: s.line,
                    column,
                    width,
                })
            }
            None => self.locator.key_in(range, "patterns", None),
        };
        self.error(
            ErrorKind::Pattern,
            format!("in slot `{id}`: {}", e.message),
            spot,
            e.help.clone(),
        );
    }
}

/// "`hedges` is for `number`, `count`, `time` and `quantity` slots", from the registry.
fn key_hint(key: SlotKey) -> String {
    let kinds: Vec<String> = key.kinds().iter().map(|k| format!("`{k}`")).collect();
    format!(
        "{} for {} slots",
        key.hint_subject(),
        crate::text::join_names(&kinds)
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::error::Level;
    use crate::rules::load::errors;
    use crate::rules::parse_story;

    #[test]
    fn a_scope_term_of_a_few_words_is_built_when_first_searched_with() {
        let story = parse_story(
            "story: lazy\nscope:\n  any: [\"unusual scope term\", \"another\"]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} missiles\"]\n",
            "r.yaml",
        )
        .unwrap();
        let (_, term) = &story.scope.any[0];
        assert!(!term.is_built());
        assert!(term.is_match("An Unusual  scope term here"));
        assert!(!term.is_match("unusual scope terms"));
        assert!(term.is_built());
        let (_, other) = &story.scope.any[1];
        assert!(!other.is_built());
        // A term that may not build is built as the rule file is read (a
        // long one: its error is located there, tests/hostile_cli.rs).
        let long = "word ".repeat(300);
        let story = parse_story(
            &format!("story: eager\nscope:\n  any: [\"{long}\"]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{{number}} missiles\"]\n"),
            "r.yaml",
        )
        .unwrap();
        assert!(story.scope.any[0].1.is_built());
    }

    #[test]
    fn a_story_language_selects_a_table_and_an_unknown_one_warns() {
        let slots = "slots:\n  - id: n\n    kind: count\n    patterns: [\"{number} missiles\"]\n";
        let story = parse_story(&format!("story: demo\n{slots}"), "r.yaml").unwrap();
        assert_eq!(story.language.code, "en");
        assert!(story.warnings.is_empty());
        let story = parse_story(&format!("story: demo\nlanguage: de\n{slots}"), "r.yaml").unwrap();
        assert_eq!(story.language.code, "de");
        assert!(story.warnings.is_empty());
        let story = parse_story(&format!("story: demo\nlanguage: xx\n{slots}"), "r.yaml").unwrap();
        assert_eq!(story.language.code, "en");
        let w = &story.warnings[0];
        assert_eq!(w.level, Level::Warning);
        assert_eq!(
            w.message,
            "unknown language `xx`, read as English (known: en, de)"
        );
        assert_eq!(w.line, Some(2));
    }

    #[test]
    fn quote_selectors_are_for_quote_slots_only() {
        let e = errors(
            "story: demo\nslots:\n  - id: p\n    kind: phrase\n    patterns: [\"said {phrase}\"]\n    speaker: KCNA\n",
        );
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message
                .contains("`speaker` does not apply to a `phrase` slot"),
            "{}",
            e[0].message
        );
        assert_eq!(e[0].line, Some(6));
        let story = parse_story(
            "story: demo\nslots:\n  - id: q\n    kind: quote\n    speaker: [KCNA, state media]\n    contains: puppet traitors\n",
            "r.yaml",
        )
        .unwrap();
        let slot = &story.slots[0];
        assert!(slot.patterns.is_empty());
        assert_eq!(slot.options.speakers, ["KCNA", "state media"]);
        assert_eq!(
            slot.options.contains,
            [vec!["puppet".to_string(), "traitors".to_string()]]
        );
        // A quote slot needs something to select quotes by.
        let e = errors("story: demo\nslots:\n  - id: q\n    kind: quote\n");
        assert!(e[0].message.contains("has no patterns"), "{}", e[0].message);
        let e =
            errors("story: demo\nslots:\n  - id: q\n    kind: quote\n    contains: [\"...\"]\n");
        assert!(e[0].message.contains("without words"), "{}", e[0].message);
    }

    #[test]
    fn a_valid_story_compiles() {
        let story = parse_story(
            "story: demo\ndate: 2023-04-11\nscope:\n  any: [Kim Jong Un]\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} missiles\"]\n    tolerance: 10%\n    expect: 30\n",
            "r.yaml",
        )
        .unwrap();
        assert_eq!(story.id, "demo");
        assert_eq!(
            story.date.map(|d| d.to_string()).as_deref(),
            Some("2023-04-11")
        );
        assert_eq!(story.slots.len(), 1);
        assert_eq!(story.slots[0].line, 6);
        assert!(story.scope.check(["kim  jong un met"].into_iter()).is_ok());
        assert!(story
            .scope
            .check(["Kim Yo Jong", "Jong Un"].into_iter())
            .is_err());
    }

    #[test]
    fn duplicate_slot_ids_point_at_the_second() {
        let e = &errors("story: demo\nslots:\n  - id: a\n    kind: name\n    patterns: [\"Minister {name}\"]\n  - id: a\n    kind: name\n    patterns: [\"Minister {name}\"]\n")[0];
        assert_eq!(e.message, "duplicate slot id `a`");
        assert_eq!(e.line, Some(6));
    }

    #[test]
    fn bad_pattern_points_inside_the_string() {
        let e = &errors("story: demo\nslots:\n  - id: a\n    kind: name\n    patterns: [\"Minister {nmae} said\"]\n")[0];
        assert_eq!(e.message, "in slot `a`: unknown placeholder `{nmae}`");
        // `[` is at column 15, the string's text starts at 17, `{` 9 chars in.
        assert_eq!((e.line, e.column, e.width), (Some(5), Some(26), 6));
    }

    #[test]
    fn options_that_do_not_apply_are_errors() {
        let es = errors("story: demo\nslots:\n  - id: a\n    kind: phrase\n    patterns: [\"said {phrase}\"]\n    tolerance: 2\n    aliases: {A: [B]}\n");
        let messages: Vec<&str> = es.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages.contains(&"`tolerance` does not apply to a `phrase` slot"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`aliases` does not apply to a `phrase` slot"),
            "{messages:?}"
        );
    }

    #[test]
    fn bad_values_are_errors() {
        let es = errors("story: demo\ndate: April\nslots:\n  - id: a\n    kind: count\n    patterns: [\"{number} days\"]\n    expect: many\n    tolerance: -3\n");
        let messages: Vec<&str> = es.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(es.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("invalid story date"));
        assert_eq!(es[0].line, Some(2));
    }

    #[test]
    fn missing_patterns_and_missing_keys() {
        let e = &errors("story: a\nslots:\n  - id: x\n    kind: name\n")[0];
        assert_eq!(e.message, "slot `x` has no patterns");
        let e = &errors("story: a\nslots:\n  - kind: name\n")[0];
        assert!(e.message.starts_with("missing key `id`"), "{}", e.message);
    }
}
