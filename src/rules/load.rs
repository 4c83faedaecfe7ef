//! Loading rule files: YAML to [`StoryFile`] (pass 1), then semantic checks and
//! compilation to [`Story`] (pass 2). Every problem becomes a located
//! [`Diagnostic`]; a file with errors yields no story.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::locate::{Locator, Spot};
use super::model::{MissingPolicy, PatternSpec, Scalar, SlotSpec, StoryFile, STORY_KEYS};
use super::{RuleSet, Scope, Slot, Story};
use crate::error::{Diagnostic, ErrorKind, Level};
use crate::kinds::time::{self, Zones};
use crate::kinds::{name, name::Aliases, number, SlotKey, ValueOptions};
use crate::pattern::{compile, compile_regex, PatternError};
use crate::suggest::did_you_mean;
use crate::walk::{file_type_name, Entry, Walker};

/// Rule files are small; anything larger is a mistake (or hostile).
const MAX_RULE_FILE_BYTES: u64 = 4 << 20;

/// The rule files a list of paths names: files as given, folders searched
/// recursively for `*.yaml`/`*.yml` (sorted, through the one walker,
/// [`crate::walk`]), leaving out rule tests (`*.test.yaml`). Paths that do not
/// exist are reported; a file reached twice (named twice, or named and inside a
/// folder named, or through symbolic links) is listed once.
pub fn rule_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut walker = Walker::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                for entry in walker.walk(path) {
                    folder_entry(entry, &mut files, &mut errors);
                }
            }
            Ok(m) => {
                if walker.first_visit(path, &m) {
                    files.push(path.clone());
                }
            }
            Err(_) => errors.push(
                Diagnostic::error(ErrorKind::Input, "no such rule file or folder")
                    .in_file(path.display().to_string()),
            ),
        }
    }
    (files, errors)
}

/// Adds one thing found in a rules folder: a rule file, or a diagnostic for a
/// rule file that is not a regular file and for a folder not walked.
fn folder_entry(entry: Entry, files: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let named = |p: &Path| is_rule_file(p.file_name().and_then(|n| n.to_str()).unwrap_or(""));
    match entry {
        Entry::File(path) if named(&path) => files.push(path),
        Entry::File(_) => {}
        // A FIFO or device in a folder is not a rule file; reading it could
        // block for ever.
        Entry::Special(path, what) if named(&path) => errors.push(
            Diagnostic::warning(
                ErrorKind::Input,
                format!("skipped: not a regular file ({what})"),
            )
            .in_file(path.display().to_string()),
        ),
        Entry::Special(..) => {}
        Entry::Problem(p) => {
            let message = format!("skipped: {}", p.reason);
            let d = if p.is_error {
                Diagnostic::error(ErrorKind::Input, message)
            } else {
                Diagnostic::warning(ErrorKind::Input, message)
            };
            errors.push(d.in_file(p.path.display().to_string()));
        }
    }
}

fn is_rule_file(name: &str) -> bool {
    (name.ends_with(".yaml") || name.ends_with(".yml"))
        && !name.ends_with(".test.yaml")
        && !name.ends_with(".test.yml")
}

/// Load rule files and folders into a rule set; files with errors are left
/// out, and every problem is returned as a diagnostic.
pub fn load_paths(paths: &[PathBuf]) -> (RuleSet, Vec<Diagnostic>) {
    let (files, mut diagnostics) = rule_files(paths);
    if files.is_empty() && !diagnostics.iter().any(|d| d.level == Level::Error) {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        diagnostics.push(Diagnostic::error(
            ErrorKind::Input,
            format!("no rule files (*.yaml) in {}", shown.join(", ")),
        ));
    }
    let mut stories: Vec<Story> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let text = match read_rule_file(&file) {
            Ok(text) => text,
            Err(message) => {
                diagnostics.push(Diagnostic::error(ErrorKind::Input, message).in_file(shown));
                continue;
            }
        };
        match parse_story(&text, &shown) {
            Ok(mut story) => {
                diagnostics.append(&mut story.warnings);
                if let Some(first) = stories.iter().find(|s| s.id == story.id) {
                    let spot = Locator::new(&text).top_key("story");
                    let mut d = Diagnostic::error(
                        ErrorKind::Duplicate,
                        format!("duplicate story id `{}`", story.id),
                    )
                    .in_file(shown)
                    .with_help(format!(
                        "`{}` is already defined in {}",
                        story.id, first.path
                    ));
                    if let Some(s) = spot {
                        d = d.at(&text, s.line, s.column, s.width);
                    }
                    diagnostics.push(d);
                } else {
                    stories.push(story);
                }
            }
            Err(mut errors) => diagnostics.append(&mut errors),
        }
    }
    (RuleSet { stories }, diagnostics)
}

pub(crate) fn read_rule_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read rule file: {e}"))?;
    // Opening a FIFO blocks until someone writes to it, and a device may never
    // end: only regular files are read.
    if !metadata.is_file() {
        return Err(format!(
            "not a regular file ({})",
            file_type_name(&metadata)
        ));
    }
    // The reported size is not trusted: a file can grow while being read.
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read rule file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_RULE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read rule file: {e}"))?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(format!(
            "rule file too large (more than {MAX_RULE_FILE_BYTES} bytes, the limit)"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "rule file is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
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

/// Parse and compile one rule file's text. `path` is only used in messages.
pub fn parse_story(text: &str, path: &str) -> Result<Story, Vec<Diagnostic>> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(vec![Diagnostic::error(
            ErrorKind::Schema,
            "rule file is empty",
        )
        .in_file(path)
        .with_help(
            "a rule file needs `story:` and `slots:`; see docs/rules.md",
        )]);
    }
    super::limits::check(text, path).map_err(|e| vec![*e])?;
    let file: StoryFile = match serde_yaml::from_str(text) {
        Ok(file) => file,
        Err(error) => return Err(super::yaml_errors::schema_errors(text, path, &error)),
    };
    if file.slots.len() > super::limits::MAX_SLOTS {
        let locator = Locator::new(text);
        let mut error = Diagnostic::error(
            ErrorKind::Schema,
            format!(
                "{} slots; a rule file may have at most {}",
                file.slots.len(),
                super::limits::MAX_SLOTS
            ),
        )
        .in_file(path)
        .with_help("split the story's slots over several stories");
        if let Some(spot) = locator.top_key("slots") {
            error = error.at(text, spot.line, spot.column, spot.width);
        }
        return Err(vec![error]);
    }
    Compiler {
        text,
        path,
        locator: Locator::new(text),
        errors: Vec::new(),
        missing: MissingPolicy::default(),
        zones: Zones::default(),
        date_order: None,
    }
    .story(file)
}

static SERDE_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<path>[\w\[\].]+): )?(?P<msg>.*?)(?: at line \d+ column \d+)?$")
        .unwrap_or_else(|_| unreachable!("static regex"))
});
static UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^unknown (?P<what>field|variant) `(?P<name>[^`]*)`, expected (?P<expected>.*)$")
        .unwrap_or_else(|_| unreachable!("static regex"))
});
static BACKTICKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`]*)`").unwrap_or_else(|_| unreachable!("static regex")));

/// Turn a serde_yaml error into a located diagnostic in crosswire's words.
/// serde's words for what it expected, in the words of a rule file: messages
/// never name crosswire's Rust types (`struct StoryFile`, `enum Kind`).
fn yaml_words(message: &str) -> String {
    const WORDS: [(&str, &str); 8] = [
        (
            "struct StoryFile",
            "a story (a mapping with `story:` and `slots:`)",
        ),
        (
            "struct SlotSpec",
            "a slot (a mapping with `id:`, `kind:` and `patterns:`)",
        ),
        (
            "struct ScopeSpec",
            "a scope (a mapping with `any:` and `all:`)",
        ),
        (
            "enum PatternSpec",
            "a pattern (a string, or a mapping with `regex:`)",
        ),
        ("enum MissingPolicy", "`info` or `off`"),
        (
            "enum Kind",
            "a kind (`name`, `count`, `number`, `date`, ...)",
        ),
        ("a YAML tag starting with '!'", "a single word"),
        ("struct Scalar", "a single value"),
    ];
    let mut out = message.to_string();
    for (rust, yaml) in WORDS {
        out = out.replace(rust, yaml);
    }
    // Any other type serde names.
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:struct|enum) [A-Z]\w*").unwrap_or_else(|_| unreachable!("static regex"))
    });
    OTHER.replace_all(&out, "a mapping").into_owned()
}

pub(crate) fn yaml_error(text: &str, path: &str, error: &serde_yaml::Error) -> Diagnostic {
    let raw = yaml_words(&error.to_string());
    static AT_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r" at line \d+ column \d+").unwrap_or_else(|_| unreachable!("static regex"))
    });
    // The location is shown by the snippet; keep it out of the message.
    let raw = AT_LINE.replace_all(&raw, "").into_owned();
    let (at, msg) = match SERDE_MESSAGE.captures(&raw) {
        Some(c) => (
            c.name("path").map(|m| m.as_str().to_string()),
            c.name("msg")
                .map_or(raw.clone(), |m| m.as_str().to_string()),
        ),
        None => (None, raw.clone()),
    };
    let schema = [
        "unknown field",
        "unknown variant",
        "invalid type",
        "missing field",
        "invalid value",
        "invalid length",
    ]
    .iter()
    .any(|p| msg.starts_with(p));
    let mut width = 1;
    let mut help: Option<String> = None;
    let message = if let Some(c) = UNKNOWN.captures(&msg) {
        let name = c.name("name").map_or("", |m| m.as_str());
        let expected: Vec<&str> = BACKTICKED
            .captures_iter(c.name("expected").map_or("", |m| m.as_str()))
            .filter_map(|m| m.get(1).map(|m| m.as_str()))
            .collect();
        width = name.chars().count().max(1);
        help = Some(match did_you_mean(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("expected one of {}", quoted_list(&expected)),
        });
        let place = describe_place(text, at.as_deref());
        if c.name("what").is_some_and(|m| m.as_str() == "field") {
            format!("unknown key `{name}`{place}")
        } else {
            let what = at
                .as_deref()
                .and_then(|p| p.rsplit('.').next())
                .unwrap_or("value")
                .to_string();
            format!("unknown {what} `{name}`{place}")
        }
    } else if let Some(field) = msg.strip_prefix("missing field ") {
        format!("missing key {field}{}", describe_place(text, at.as_deref()))
    } else if schema {
        match &at {
            Some(p) => format!("wrong type for `{p}`: {msg}"),
            None => msg.clone(),
        }
    } else if msg.contains("more than one document") {
        "a rule file holds one story: found more than one YAML document".to_string()
    } else {
        format!("invalid YAML: {msg}")
    };
    let kind = if schema {
        ErrorKind::Schema
    } else {
        ErrorKind::Syntax
    };
    let mut d = Diagnostic::error(kind, message).in_file(path);
    let lines = text.lines().count();
    if msg.contains("while scanning a quoted scalar") {
        // The parser stops at the end of the file; the mistake is the quote
        // that opens a string and never closes.
        if let Some((line, column)) = unclosed_quote(text) {
            d = d.at(text, line, column, 1);
        }
        help = Some("close the string with the same quote mark that opens it".into());
    } else if let Some(loc) = error.location() {
        if loc.line() > lines && lines > 0 {
            // Past the last line: point at the end of the last line instead,
            // so the snippet shows something.
            let last = text.lines().last().unwrap_or("");
            d = d.at(text, lines, last.chars().count().max(1), 1);
        } else {
            d = d.at(text, loc.line(), loc.column(), width);
        }
    }
    // YAML forbids tabs in indentation, but the scanner says so only
    // sometimes; look at the line the error points at.
    let tab_on_line = error
        .location()
        .and_then(|loc| text.lines().nth(loc.line().saturating_sub(1)))
        .is_some_and(|line| line.trim_end().starts_with('\t') || line.contains(":\t"));
    if msg.contains("tab character") || tab_on_line {
        help = Some("indent YAML with spaces, not tabs".into());
    }
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// The first quote mark (1-based line and column) that opens a string not
/// closed on its line: YAML rule files keep patterns on one line.
fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut open: Option<(char, usize)> = None;
        let mut escaped = false;
        // A quote mark opens a string only where a value starts (`Kim's` in a
        // plain value is an apostrophe).
        let mut prev = ' ';
        let mut prev_solid = None;
        for (col, c) in line.chars().enumerate() {
            match open {
                Some(_) if escaped => escaped = false,
                Some(('"', _)) if c == '\\' => escaped = true,
                Some((q, _)) if c == q => open = None,
                Some(_) => {}
                None if c == '#' && prev == ' ' => break,
                None if (c == '"' || c == '\'')
                    && matches!(prev_solid, None | Some(':' | '-' | '[' | ',' | '{' | '?')) =>
                {
                    open = Some((c, col + 1));
                }
                None => {}
            }
            prev = c;
            if !c.is_whitespace() {
                prev_solid = Some(c);
            }
        }
        if let Some((_, col)) = open {
            return Some((i + 1, col));
        }
    }
    None
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " in slot `x`" for a serde path like `slots[2].kind`, using a lenient parse
/// to find the slot's id.
fn describe_place(text: &str, at: Option<&str>) -> String {
    let Some(at) = at else { return String::new() };
    static SLOT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^slots\[(\d+)\]").unwrap_or_else(|_| unreachable!("static regex"))
    });
    let index = SLOT
        .captures(at)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse::<usize>().ok());
    let Some(index) = index else {
        return format!(" in `{at}`");
    };
    let id = serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("slots")?
                .get(index)?
                .get("id")?
                .as_str()
                .map(str::to_string)
        });
    match id {
        Some(id) => format!(" in slot `{id}`"),
        None => format!(" in slot {}", index + 1),
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
            Some(spec) => Scope {
                any: spec.any.iter().filter_map(|t| self.scope_term(t)).collect(),
                all: spec.all.iter().filter_map(|t| self.scope_term(t)).collect(),
            },
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
        let (language, unknown) = crate::lang::select(file.language.as_deref());
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

    fn scope_term(&mut self, term: &str) -> Option<(String, Regex)> {
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
        match regex::RegexBuilder::new(&pattern)
            .size_limit(1 << 20)
            .build()
        {
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
                        let spot = key(self, "units");
                        self.error(
                            ErrorKind::Value,
                            format!("unknown unit `{unit}` in slot `{id}`"),
                            spot,
                            Some("write unit symbols (`km`, `mi`, `USD`, `%`) or dimensions (`length`, `money`); docs/rules.md lists them".into()),
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
            Some(raw) => match kind.parse_expected(&raw.0, &options) {
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
    use super::*;

    fn errors(yaml: &str) -> Vec<Diagnostic> {
        parse_story(yaml, "r.yaml").unwrap_err()
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
    fn unknown_key_is_located_with_a_suggestion() {
        let e = &errors("story: demo\nslots:\n  - id: reaction\n    kind: phrase\n    pattern: [\"x {phrase}\"]\n")[0];
        assert_eq!(e.message, "unknown key `pattern` in slot `reaction`");
        assert_eq!((e.line, e.column), (Some(5), Some(5)));
        assert_eq!(e.help.as_deref(), Some("did you mean `patterns`?"));
        assert_eq!(e.kind, ErrorKind::Schema);
    }

    #[test]
    fn unknown_kind_lists_or_suggests() {
        let e = &errors("story: demo\nslots:\n  - id: who\n    kind: nmae\n    patterns: [x]\n")[0];
        assert_eq!(e.message, "unknown kind `nmae` in slot `who`");
        assert_eq!(e.help.as_deref(), Some("did you mean `name`?"));
        assert_eq!((e.line, e.column), (Some(4), Some(11)));
    }

    #[test]
    fn yaml_syntax_errors_are_located() {
        let e = &errors("story: demo\nslots: [\n")[0];
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        // The parser stops past the last line; the snippet shows the last line.
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
    }

    #[test]
    fn tab_indentation_gets_a_hint() {
        let e = &errors("story: a\nslots:\n\t- id: x\n")[0];
        assert_eq!(e.help.as_deref(), Some("indent YAML with spaces, not tabs"));
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
    fn empty_and_multi_document_files() {
        assert_eq!(errors("# nothing\n")[0].message, "rule file is empty");
        assert!(errors("story: a\nslots: []\n---\nstory: b\nslots: []\n")[0]
            .message
            .contains("one story"));
        assert_eq!(
            errors("story: a\nslots: []\n")[0].message,
            "story has no slots"
        );
    }

    #[test]
    fn missing_patterns_and_missing_keys() {
        let e = &errors("story: a\nslots:\n  - id: x\n    kind: name\n")[0];
        assert_eq!(e.message, "slot `x` has no patterns");
        let e = &errors("story: a\nslots:\n  - kind: name\n")[0];
        assert!(e.message.starts_with("missing key `id`"), "{}", e.message);
    }

    #[test]
    fn an_unclosed_quote_points_at_where_it_opens() {
        assert_eq!(
            unclosed_quote("title: Kim's day\nslots:\n  - patterns: [\"a {name}]\n"),
            Some((3, 16))
        );
        assert_eq!(unclosed_quote("a: 'it''s'\nb: \"x \\\" y\"\n"), None);
        let e = &errors(
            "story: demo\nslots:\n  - id: who\n    kind: name\n    patterns: [\"Minister {name}]\n",
        )[0];
        assert_eq!((e.line, e.column), (Some(5), Some(16)));
    }

    #[test]
    fn hostile_yaml_is_an_error_not_a_hang() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(!errors(&bomb).is_empty());
        assert!(!errors(&"[".repeat(10_000)).is_empty());
    }
}
