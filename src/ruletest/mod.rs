//! `crosswire rules test`: tests that pin what a rule file extracts.
//!
//! A rule test lives beside its rule file as `<story>.test.yaml` (the rule
//! loader skips `*.test.yaml`). It names source texts (fixture paths relative
//! to the test file, or inline text) and states, per case, the expected value
//! of each slot in each source and, optionally, the exact findings:
//!
//! ```yaml
//! cases:
//!   - name: the two seed reports
//!     sources:
//!       - path: ../fixtures/korea-cmc-2023-04/dw.txt
//!       - path: ../fixtures/korea-cmc-2023-04/ap.txt
//!       - name: wire
//!         text: "Kim Jong Un ... fired 45 missiles in 2022."
//!     values:
//!       missiles-2022: { ap: nearly 70, dw: ~ }      # ~: no value
//!       hotline-silent-days: { ap: fifth }
//!     findings:
//!       - { slot: missiles-2022, kind: missing }
//! ```
//!
//! An expected value matches when it is the text the pattern captured (as
//! written: white space collapsed, surrounding quote marks and punctuation
//! ignored) or the normalized value as `check` shows it (`2023-04-10
//! (Monday)`, `about 30`). A list pins every value of the source in document
//! order; one value pins the source's first, the one that is compared. When
//! `findings:` is given, the slot/kind pairs of the case's findings must be
//! exactly those listed (an empty list means none).
//!
//! docs/authoring.md specifies the format in full.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::compare::{FactRow, Finding, FindingKind, Located, Severity};
use crate::error::{Diagnostic, ErrorKind, Level};
use crate::rules::locate::{Locator, Spot};
use crate::rules::model::Scalar;
use crate::rules::{load_paths, read_rule_file, rule_files, yaml_error, RuleSet, Story};
use crate::source::{load_inputs, normalize_text, Input, LoadOptions, Source};
use crate::suggest::did_you_mean;

/// A rule test file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    /// The rule file tested, relative to the test file (default: the file
    /// beside it with the same name without `.test`).
    #[serde(default)]
    pub rules: Option<String>,
    /// The cases.
    pub cases: Vec<CaseSpec>,
}

/// A mapping read as YAML writes it, except that a key written twice is an
/// error (serde keeps the last and says nothing, so an expectation would
/// silently go untested).
#[derive(Debug, Default)]
pub struct UniqueKeys<V>(pub BTreeMap<String, V>);

impl<V> std::ops::Deref for UniqueKeys<V> {
    type Target = BTreeMap<String, V>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'a, V> IntoIterator for &'a UniqueKeys<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueKeys<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = UniqueKeys<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    if out.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "duplicate key `{key}`: each may be written once"
                        )));
                    }
                    out.insert(key, value);
                }
                Ok(UniqueKeys(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// One test case as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// What the case is about.
    pub name: String,
    /// Publication date for sources that carry none (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Scalar>,
    /// The source texts.
    pub sources: Vec<SourceSpec>,
    /// Expected values: slot id to source name to value(s); `~` for none.
    /// A key written twice is an error, not the last one silently kept.
    #[serde(default)]
    pub values: UniqueKeys<UniqueKeys<Option<ExpectedSpec>>>,
    /// The exact findings expected, if stated.
    #[serde(default)]
    pub findings: Option<Vec<FindingSpec>>,
}

/// A source text of a case: a `path` (relative to the test file) or inline `text`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// The source's name in `values` (default: the file name without extension).
    #[serde(default)]
    pub name: Option<String>,
    /// A text file, relative to the test file.
    #[serde(default)]
    pub path: Option<String>,
    /// Inline text.
    #[serde(default)]
    pub text: Option<String>,
}

/// One expected value, or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ExpectedSpec {
    /// Every value of the source, in document order.
    Many(Vec<Scalar>),
    /// The source's (first) value.
    One(Scalar),
}

/// An expected finding.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingSpec {
    /// The slot id.
    pub slot: String,
    /// The finding kind: conflict, wording, spelling, internal, expectation, missing.
    pub kind: String,
    /// The severity, if it matters to the test.
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// What running rule tests found.
#[derive(Debug, Default, Serialize)]
pub struct TestRun {
    /// One entry per test file.
    pub files: Vec<FileResult>,
    /// Slots no test case pins a value for.
    pub uncovered: Vec<Uncovered>,
    /// How many slots the rule files have in all.
    pub slots: usize,
    /// Errors in test files, rule files or sources (exit 2).
    pub diagnostics: Vec<Diagnostic>,
}

impl TestRun {
    /// Expectations checked, in all cases.
    pub fn checked(&self) -> usize {
        self.cases().map(|c| c.checked).sum()
    }

    /// Expectations that failed.
    pub fn failed(&self) -> usize {
        self.cases().map(|c| c.failures.len()).sum()
    }

    /// All cases.
    pub fn cases(&self) -> impl Iterator<Item = &CaseResult> {
        self.files.iter().flat_map(|f| f.cases.iter())
    }

    /// Whether any error stopped a test file from running.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }
}

/// The results of one test file.
#[derive(Debug, Serialize)]
pub struct FileResult {
    /// The test file.
    pub path: String,
    /// The rule file it tests.
    pub rules: String,
    /// Its cases, in order.
    pub cases: Vec<CaseResult>,
}

/// The results of one case.
#[derive(Debug, Serialize)]
pub struct CaseResult {
    /// The case name.
    pub name: String,
    /// `test-file:line` of the case.
    pub location: String,
    /// Expectations checked.
    pub checked: usize,
    /// Those that failed.
    pub failures: Vec<Failure>,
}

/// A failed expectation.
#[derive(Debug, Serialize)]
pub struct Failure {
    /// `test-file:line` of the expectation.
    pub location: String,
    /// What was checked: "`kwon-reaction` in dw", "findings".
    pub what: String,
    /// What the test expects.
    pub expected: String,
    /// What the rules gave, with file:line:col where there is a value.
    pub actual: String,
}

/// A slot no test pins.
#[derive(Debug, Serialize)]
pub struct Uncovered {
    /// The rule file.
    pub rules: String,
    /// The slot id.
    pub slot: String,
    /// `rule-file:line` of the slot.
    pub location: String,
}

/// The test files among `paths`: files as given, folders searched for
/// `*.test.yaml` / `*.test.yml`, and for a rule file given directly, the test
/// file beside it.
pub fn test_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    // Loops and unreadable folders are reported once, by the rule-file walk
    // over the same paths.
    let mut walker = crate::walk::Walker::new();
    for path in paths {
        if path.is_dir() {
            for entry in walker.walk(path) {
                if let crate::walk::Entry::File(file) = entry {
                    if is_test_file(&file) {
                        out.push(file);
                    }
                }
            }
        } else if is_test_file(path) {
            out.push(path.clone());
        } else if let Some(test) = sibling_test(path) {
            out.push(test);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".test.yaml") || n.ends_with(".test.yml"))
}

fn sibling_test(rule_file: &Path) -> Option<PathBuf> {
    let stem = rule_file.file_stem()?.to_str()?;
    ["test.yaml", "test.yml"]
        .iter()
        .map(|ext| rule_file.with_file_name(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

/// The rule file a test file tests by default: beside it, without `.test`.
fn default_rules(test: &Path) -> PathBuf {
    let name = test.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name
        .strip_suffix(".test.yaml")
        .or_else(|| name.strip_suffix(".test.yml"))
        .unwrap_or(name);
    let yaml = test.with_file_name(format!("{stem}.yaml"));
    if yaml.is_file() {
        return yaml;
    }
    let yml = test.with_file_name(format!("{stem}.yml"));
    if yml.is_file() {
        yml
    } else {
        yaml
    }
}

/// Run every test file among `paths` and work out which slots of the rule
/// files among `paths` no test pins.
pub fn run_tests(paths: &[PathBuf]) -> TestRun {
    let mut run = TestRun::default();
    let mut pinned: Vec<(PathBuf, String)> = Vec::new();
    let tests = test_files(paths);
    let (mut rule_paths, missing) = rule_files(paths);
    // A test file named on the command line is tested, not read as rules.
    rule_paths.retain(|p| !is_test_file(p));
    run.diagnostics.extend(missing);
    for test in &tests {
        let shown = test.display().to_string();
        let text = match read_rule_file(test) {
            Ok(text) => text,
            Err(e) => {
                run.diagnostics.push(
                    Diagnostic::error(ErrorKind::Input, e.replace("rule file", "test file"))
                        .in_file(shown),
                );
                continue;
            }
        };
        let file: TestFile = match serde_yaml::from_str(&text) {
            Ok(file) => file,
            Err(e) => {
                run.diagnostics.push(yaml_error(&text, &shown, &e));
                continue;
            }
        };
        let rules_path = match &file.rules {
            Some(r) => clean(&test.parent().unwrap_or(Path::new("")).join(r)),
            None => default_rules(test),
        };
        if !rule_paths.contains(&rules_path) {
            rule_paths.push(rules_path.clone());
        }
        let (rules, errors) = load_paths(std::slice::from_ref(&rules_path));
        if !errors.is_empty() {
            run.diagnostics.extend(errors);
            continue;
        }
        // Each case runs through the same pipeline as `check`.
        let checker = crate::check::Checker::new(rules);
        let tester = Tester {
            path: test,
            shown: &shown,
            text: &text,
            locator: Locator::new(&text),
            rules: checker.rules(),
            checker: &checker,
        };
        let mut result = FileResult {
            path: shown.clone(),
            rules: rules_path.display().to_string(),
            cases: Vec::new(),
        };
        for (index, case) in file.cases.iter().enumerate() {
            match tester.case(index, case) {
                Ok(r) => {
                    for (slot, sources) in &case.values {
                        if sources.values().any(Option::is_some) {
                            pinned.push((rules_path.clone(), slot.clone()));
                        }
                    }
                    result.cases.push(r);
                }
                Err(mut errors) => run.diagnostics.append(&mut errors),
            }
        }
        run.files.push(result);
    }
    // Coverage, over every rule file named or tested.
    rule_paths.sort();
    rule_paths.dedup();
    let (rules, rule_errors) = load_paths(&rule_paths);
    if run.cases().next().is_none() {
        // A run that tested nothing must not pass: say why.
        for error in rule_errors.into_iter().filter(|_| !rule_paths.is_empty()) {
            if !run.diagnostics.contains(&error) {
                run.diagnostics.push(error);
            }
        }
        let why = if tests.is_empty() {
            "no test file (*.test.yaml) was found"
        } else {
            "no test case could be run"
        };
        run.diagnostics.push(Diagnostic::error(
            ErrorKind::Input,
            format!("no test ran: {why}"),
        ));
    }
    for story in &rules.stories {
        for slot in &story.slots {
            run.slots += 1;
            let covered = pinned
                .iter()
                .any(|(p, s)| same_file(p, Path::new(&story.path)) && *s == slot.id);
            if !covered {
                run.uncovered.push(Uncovered {
                    rules: story.path.clone(),
                    slot: slot.id.clone(),
                    location: format!("{}:{}", story.path, slot.line),
                });
            }
        }
    }
    run
}

/// Fold `.` and `dir/..` out of a path without touching the file system, so
/// that `rules/../fixtures/a.txt` is shown as `fixtures/a.txt`.
fn clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().map(|c| c.as_os_str()).collect()
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

struct Tester<'a> {
    path: &'a Path,
    shown: &'a str,
    text: &'a str,
    locator: Locator<'a>,
    rules: &'a RuleSet,
    checker: &'a crate::check::Checker,
}

impl Tester<'_> {
    fn error(&self, message: String, spot: Option<Spot>, help: Option<String>) -> Diagnostic {
        let mut d = Diagnostic::error(ErrorKind::Schema, message).in_file(self.shown);
        if let Some(s) = spot {
            d = d.at(self.text, s.line, s.column, s.width);
        }
        if let Some(h) = help {
            d = d.with_help(h);
        }
        d
    }

    fn line_of(&self, range: std::ops::Range<usize>, needle: &str) -> String {
        let line = self
            .locator
            .text_in(range.clone(), needle, 0)
            .or_else(|| self.locator.line_of(range))
            .map_or(1, |s| s.line);
        format!("{}:{line}", self.shown)
    }

    fn case(&self, index: usize, case: &CaseSpec) -> Result<CaseResult, Vec<Diagnostic>> {
        let range = self
            .locator
            .item("cases", index)
            .unwrap_or(self.locator.all());
        let mut errors = Vec::new();
        let Some(story) = self.rules.stories.first() else {
            return Err(vec![self.error(
                "the rule file has no story".into(),
                None,
                None,
            )]);
        };
        let date = match &case.date {
            Some(d) => match d.0.trim().parse::<jiff::civil::Date>() {
                Ok(date) => Some(date),
                Err(_) => {
                    errors.push(self.error(
                        format!("invalid case date `{}`", d.0),
                        self.locator.key_in(range.clone(), "date", None),
                        Some("write the date as YYYY-MM-DD".into()),
                    ));
                    None
                }
            },
            None => None,
        };
        let sources = self.sources(case, range.clone(), &mut errors);
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let slot_ids: Vec<&str> = story.slots.iter().map(|s| s.id.as_str()).collect();
        for (slot, expected) in &case.values {
            if !slot_ids.contains(&slot.as_str()) {
                errors.push(self.error(
                    format!("no slot `{slot}` in story `{}`", story.id),
                    self.locator.text_in(range.clone(), slot, 0),
                    did_you_mean(slot, &slot_ids).map(|b| format!("did you mean `{b}`?")),
                ));
            }
            for source in expected.keys() {
                if !names.contains(&source.as_str()) {
                    // The source's key under its slot's key (or, failing
                    // that, anywhere in the case).
                    let from = self
                        .locator
                        .key_in(range.clone(), slot, None)
                        .map_or(range.start, |spot| spot.line.saturating_sub(1));
                    errors.push(
                        self.error(
                            format!("no source `{source}` in case `{}`", case.name),
                            self.locator
                                .key_anywhere_in(from.max(range.start)..range.end, source)
                                .or_else(|| self.locator.text_in(range.clone(), source, 0)),
                            Some(match did_you_mean(source, &names) {
                                Some(b) => format!("did you mean `{b}`?"),
                                None => format!("the case's sources are: {}", names.join(", ")),
                            }),
                        ),
                    );
                }
            }
        }
        let kinds: Vec<&str> = FindingKind::ALL.iter().map(|k| k.as_str()).collect();
        for f in case.findings.iter().flatten() {
            if !slot_ids.contains(&f.slot.as_str()) {
                errors.push(self.error(
                    format!("no slot `{}` in story `{}`", f.slot, story.id),
                    self.locator.text_in(range.clone(), &f.slot, 0),
                    did_you_mean(&f.slot, &slot_ids).map(|b| format!("did you mean `{b}`?")),
                ));
            }
            if !kinds.contains(&f.kind.as_str()) {
                errors.push(self.error(
                    format!("unknown finding kind `{}`", f.kind),
                    self.locator.text_in(range.clone(), &f.kind, 0),
                    Some(match did_you_mean(&f.kind, &kinds) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!("finding kinds are: {}", kinds.join(", ")),
                    }),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let inputs = sources.into_iter().map(Input::Loaded).collect();
        let report = self
            .checker
            .check_observed(inputs, date, &crate::check::Quiet);
        let (findings, rows) = (report.findings, report.slots);
        let mut result = CaseResult {
            name: case.name.clone(),
            location: self.line_of(range.clone(), &case.name),
            checked: 0,
            failures: Vec::new(),
        };
        // In rule order, so failures read in the order of the rule file.
        for slot in &story.slots {
            let Some(expected) = case.values.get(&slot.id) else {
                continue;
            };
            let row = rows.iter().find(|r| r.slot == slot.id);
            for (source, want) in expected {
                result.checked += 1;
                if let Some(failure) = check_value(row, source, want.as_ref()) {
                    result.failures.push(Failure {
                        location: self.line_of(range.clone(), &format!("{}:", slot.id)),
                        what: format!("`{}` in {source}", slot.id),
                        expected: failure.0,
                        actual: failure.1,
                    });
                }
            }
        }
        if let Some(expected) = &case.findings {
            result.checked += 1;
            if let Some((want, got)) = check_findings(story, expected, &findings) {
                result.failures.push(Failure {
                    location: self.line_of(range, "findings:"),
                    what: "findings".into(),
                    expected: want,
                    actual: got,
                });
            }
        }
        Ok(result)
    }

    fn sources(
        &self,
        case: &CaseSpec,
        range: std::ops::Range<usize>,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<Source> {
        let options = LoadOptions {
            extra_boilerplate: self.rules.boilerplate(),
            ..LoadOptions::default()
        };
        let base = self.path.parent().unwrap_or(Path::new(""));
        let mut sources: Vec<Source> = Vec::new();
        for (i, spec) in case.sources.iter().enumerate() {
            let mut source = match (&spec.path, &spec.text) {
                (Some(path), None) => {
                    let full = clean(&base.join(path));
                    match load_inputs(std::slice::from_ref(&full), &options)
                        .into_iter()
                        .next()
                    {
                        Some(Input::Loaded(source)) => source,
                        Some(Input::Skipped(s)) => {
                            errors.push(self.error(
                                format!("cannot use source `{path}`: {}", s.reason),
                                self.locator.text_in(range.clone(), path, 0),
                                Some("source paths are relative to the test file".into()),
                            ));
                            continue;
                        }
                        None => continue,
                    }
                }
                (None, Some(text)) => {
                    let name = spec
                        .name
                        .clone()
                        .unwrap_or_else(|| format!("text{}", i + 1));
                    Source::from_text(
                        Some(name.clone()),
                        Some(PathBuf::from(format!("{}#{name}", self.shown))),
                        text.clone(),
                        &options,
                    )
                }
                _ => {
                    errors.push(self.error(
                        format!(
                            "source {} of case `{}` needs exactly one of `path` and `text`",
                            i + 1,
                            case.name
                        ),
                        self.locator.key_in(range.clone(), "sources", None),
                        None,
                    ));
                    continue;
                }
            };
            // The test's name wins over front matter: `values` uses it.
            if let Some(name) = &spec.name {
                source.name = name.clone();
            }
            if sources.iter().any(|s| s.name == source.name) {
                errors.push(self.error(
                    format!(
                        "two sources of case `{}` are named `{}`",
                        case.name, source.name
                    ),
                    self.locator.key_in(range.clone(), "sources", None),
                    Some("give one of them a `name:`".into()),
                ));
            }
            sources.push(source);
        }
        sources
    }
}

/// Compare one slot's values in one source with the expectation; `Some((expected, actual))` on failure.
fn check_value(
    row: Option<&FactRow>,
    source: &str,
    want: Option<&ExpectedSpec>,
) -> Option<(String, String)> {
    let got: Vec<&Located> = row
        .map(|r| r.values.iter().filter(|v| v.source == source).collect())
        .unwrap_or_default();
    let show = |v: &Located| {
        let value = if fold(&v.text) == fold(&v.value) {
            format!("\"{}\"", v.text.trim())
        } else {
            format!("\"{}\" = {}", v.text.trim(), v.value)
        };
        format!("{value} at {}:{}:{}", v.path, v.line, v.column)
    };
    let show_all = |vs: &[&Located]| {
        if vs.is_empty() {
            "no value".to_string()
        } else {
            vs.iter().map(|v| show(v)).collect::<Vec<_>>().join("; ")
        }
    };
    match want {
        None => (!got.is_empty()).then(|| ("no value".to_string(), show_all(&got))),
        Some(ExpectedSpec::One(want)) => match got.first() {
            Some(first) if matches(&want.0, first) => None,
            _ => Some((format!("\"{}\"", want.0), show_all(&got))),
        },
        Some(ExpectedSpec::Many(wants)) => {
            let ok =
                wants.len() == got.len() && wants.iter().zip(&got).all(|(w, g)| matches(&w.0, g));
            (!ok).then(|| {
                let w: Vec<String> = wants.iter().map(|w| format!("\"{}\"", w.0)).collect();
                (format!("[{}]", w.join(", ")), show_all(&got))
            })
        }
    }
}

fn matches(want: &str, got: &Located) -> bool {
    let want = fold(want);
    want == fold(&got.text) || want == fold(&got.value)
}

/// Text as compared: normalized like sources, white space collapsed, quote
/// marks and punctuation at either end dropped.
fn fold(text: &str) -> String {
    let text = normalize_text(text);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '.' | ',' | ';' | ':' | ' '))
        .to_string()
}

fn check_findings(
    story: &Story,
    expected: &[FindingSpec],
    findings: &[Finding],
) -> Option<(String, String)> {
    let mut actual: Vec<(String, String, Severity)> = findings
        .iter()
        .filter(|f| f.story == story.id)
        .map(|f| (f.slot.clone(), f.kind.as_str().to_string(), f.severity))
        .collect();
    let mut missing = Vec::new();
    for want in expected {
        let found = actual.iter().position(|(slot, kind, severity)| {
            *slot == want.slot && *kind == want.kind && want.severity.is_none_or(|s| s == *severity)
        });
        match found {
            Some(i) => {
                actual.remove(i);
            }
            None => missing.push(match want.severity {
                Some(s) => format!("{} {} ({s})", want.slot, want.kind),
                None => format!("{} {}", want.slot, want.kind),
            }),
        }
    }
    if missing.is_empty() && actual.is_empty() {
        return None;
    }
    let unexpected: Vec<String> = actual
        .iter()
        .map(|(slot, kind, severity)| format!("{slot} {kind} ({severity})"))
        .collect();
    let mut want = String::new();
    if !missing.is_empty() {
        want = format!("missing: {}", missing.join(", "));
    }
    let got = if unexpected.is_empty() {
        "no other findings".to_string()
    } else {
        format!("unexpected: {}", unexpected.join(", "))
    };
    if want.is_empty() {
        want = "only the findings listed".into();
    }
    Some((want, got))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    const RULES: &str = "story: demo\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n  - id: day\n    kind: weekday\n    patterns: [\"met on {weekday}\"]\n";

    #[test]
    fn values_are_pinned_by_written_text_or_normalized_value() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "demo.yaml", RULES);
        write(
            dir.path(),
            "demo.test.yaml",
            "cases:\n  - name: inline\n    date: 2023-04-11\n    sources:\n      - name: a\n        text: They met on Monday. The North fired nearly 70 missiles.\n      - name: b\n        text: The North fired 45 missiles.\n    values:\n      missiles: { a: nearly 70, b: \"45\" }\n      day: { a: 2023-04-10 (Monday), b: ~ }\n    findings:\n      - { slot: missiles, kind: conflict }\n      - { slot: day, kind: missing }\n",
        );
        let run = run_tests(&[dir.path().to_path_buf()]);
        assert!(run.diagnostics.is_empty(), "{:?}", run.diagnostics);
        assert_eq!(run.checked(), 5);
        assert_eq!(run.failed(), 0, "{:?}", run.files);
        assert!(run.uncovered.is_empty());
    }

    #[test]
    fn failures_say_expected_and_actual() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "demo.yaml", RULES);
        write(
            dir.path(),
            "demo.test.yaml",
            "cases:\n  - name: wrong\n    sources:\n      - name: a\n        text: The North fired nearly 70 missiles.\n    values:\n      missiles: { a: \"70\" }\n    findings: []\n",
        );
        let run = run_tests(&[dir.path().to_path_buf()]);
        assert!(run.diagnostics.is_empty(), "{:?}", run.diagnostics);
        let case = &run.files[0].cases[0];
        assert_eq!(case.failures.len(), 1, "{:?}", case.failures);
        let f = &case.failures[0];
        assert_eq!(f.what, "`missiles` in a");
        assert_eq!(f.expected, "\"70\"");
        assert!(f.actual.starts_with("\"nearly 70\" at "), "{}", f.actual);
        assert!(f.location.ends_with("demo.test.yaml:7"), "{}", f.location);
        assert_eq!(run.uncovered.len(), 1);
        assert_eq!(run.uncovered[0].slot, "day");
    }

    #[test]
    fn a_key_written_twice_is_an_error_not_a_silent_pass() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "demo.yaml", RULES);
        for values in [
            "      missiles: { a: \"70\" }\n      missiles: { a: \"45\" }\n",
            "      missiles: { a: \"70\", a: \"45\" }\n",
        ] {
            write(
                dir.path(),
                "demo.test.yaml",
                &format!("cases:\n  - name: dup\n    sources:\n      - name: a\n        text: The North fired 45 missiles.\n    values:\n{values}"),
            );
            let run = run_tests(&[dir.path().to_path_buf()]);
            assert!(
                run.diagnostics
                    .iter()
                    .any(|d| d.message.contains("duplicate key") && d.line == Some(7)),
                "{:?}",
                run.diagnostics
            );
            assert_eq!(run.cases().count(), 0);
        }
    }

    #[test]
    fn a_test_file_named_beside_a_broken_rule_file_is_not_read_as_rules() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "demo.yaml",
            &RULES.replace("kind: count", "kind: cuont"),
        );
        let test = dir.path().join("demo.test.yaml");
        write(
            dir.path(),
            "demo.test.yaml",
            "cases:\n  - name: one\n    sources:\n      - name: a\n        text: x\n",
        );
        let run = run_tests(&[test]);
        let messages: Vec<&str> = run.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("unknown kind `cuont`")),
            "{messages:?}"
        );
        assert!(
            !messages.iter().any(|m| m.contains("unknown key `cases`")),
            "{messages:?}"
        );
    }

    #[test]
    fn unknown_slots_and_sources_are_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "demo.yaml", RULES);
        write(
            dir.path(),
            "demo.test.yaml",
            "cases:\n  - name: typo\n    sources:\n      - name: a\n        text: x\n    values:\n      missile: { b: 1 }\n",
        );
        let run = run_tests(&[dir.path().to_path_buf()]);
        let messages: Vec<&str> = run.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "no slot `missile` in story `demo`",
                "no source `b` in case `typo`",
                // The only case could not run, so nothing was tested.
                "no test ran: no test case could be run"
            ]
        );
        assert_eq!(run.diagnostics[0].line, Some(7));
        assert_eq!(
            run.diagnostics[0].help.as_deref(),
            Some("did you mean `missiles`?")
        );
    }

    #[test]
    fn an_unknown_source_is_located_at_its_key_not_inside_another_word() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "demo.yaml", RULES);
        // `c` is in `sources:` too, and `e` in `name:` and `text:`.
        write(
            dir.path(),
            "demo.test.yaml",
            "cases:\n  - name: one\n    sources:\n      - name: a\n        text: x\n    values:\n      missiles: { c: 1 }\n      day:\n        e: Monday\n",
        );
        let run = run_tests(&[dir.path().to_path_buf()]);
        let mut located: Vec<(&str, Option<usize>, Option<usize>)> = run
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("no source"))
            .map(|d| (d.message.as_str(), d.line, d.column))
            .collect();
        located.sort_by_key(|&(_, line, _)| line);
        assert_eq!(
            located,
            [
                ("no source `c` in case `one`", Some(7), Some(19)),
                ("no source `e` in case `one`", Some(9), Some(9)),
            ]
        );
    }

    #[test]
    fn paths_are_cleaned_for_display() {
        assert_eq!(
            clean(Path::new("tests/rules/x/../../../fixtures/a.txt")),
            PathBuf::from("fixtures/a.txt")
        );
        assert_eq!(clean(Path::new("../a/./b")), PathBuf::from("../a/b"));
    }

    #[test]
    fn fold_ignores_quote_marks_and_spacing() {
        assert_eq!(fold("\u{201c}strong  regret\u{201d}"), "strong regret");
        assert_eq!(fold(" \"the moves.\" "), "the moves");
    }
}
