//! Baselines: findings a desk has looked at and accepted, so a gate on a
//! stream of wire copy fails only on new ones (docs/ci.md).
//!
//! A baseline file (YAML, schema in docs/baseline.schema.json) lists findings
//! by [`fingerprint`]: story, slot, kind and the normalized values, never
//! positions, so unrelated edits to a source keep a finding matched and a
//! changed value makes a new finding. Story, slot, kind and each outlet's value
//! are written beside the fingerprint for people; `reason:` says why the
//! difference is accepted and `expires:` (YYYY-MM-DD, optional) when the
//! acceptance runs out.
//!
//! [`apply`] removes the findings a live entry lists from a report and counts
//! them (`summary.baselined`); it reports entries that match nothing (stale)
//! and entries past `expires:` (expired: their findings count again) as
//! warnings at the entry's line in the baseline file.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::compare::Finding;
use crate::error::{Diagnostic, ErrorKind};
use crate::report::{fingerprint, Report};
use crate::rules::locate::{Locator, Spot};

/// Where the committed schema lives, relative to the repository root.
pub const SCHEMA_PATH: &str = "docs/baseline.schema.json";

/// The baseline format version.
pub const BASELINE_VERSION: u32 = 1;

/// The default file name (`baseline create -o`).
pub const DEFAULT_FILE: &str = "crosswire-baseline.yaml";

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "crosswire baseline file")]
pub struct BaselineFile {
    /// The format version: 1.
    pub version: u32,
    /// The accepted findings.
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The finding's fingerprint (32 hex digits): the only field that matches.
    #[schemars(regex(pattern = r"^[0-9a-f]{32}$"))]
    pub fingerprint: String,
    /// The story id, for people.
    pub story: String,
    /// The slot id, for people.
    pub slot: String,
    /// The finding kind (conflict, wording, ...), for people.
    pub kind: String,
    /// Each outlet's value ("ap: strong regret"), for people.
    #[serde(default)]
    pub values: Vec<String>,
    /// Why the difference is accepted (to fill in).
    #[serde(default)]
    pub reason: String,
    /// The last day (YYYY-MM-DD) the entry suppresses its finding; after it
    /// the finding counts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub expires: Option<String>,
}

impl Entry {
    /// The entry for a finding.
    pub fn of(finding: &Finding) -> Entry {
        let mut values: Vec<String> = Vec::new();
        for v in &finding.values {
            let value = format!("{}: {}", v.source, v.value);
            if !values.contains(&value) {
                values.push(value);
            }
        }
        Entry {
            fingerprint: fingerprint(finding),
            story: finding.story.clone(),
            slot: finding.slot.clone(),
            kind: finding.kind.as_str().to_string(),
            values,
            reason: String::new(),
            expires: None,
        }
    }
}

/// A baseline of every finding of `report`. Entries of `previous` (the file
/// being replaced) that still match keep their `reason` and `expires`.
pub fn create(report: &Report, previous: Option<&BaselineFile>) -> BaselineFile {
    let mut entries: Vec<Entry> = Vec::new();
    for finding in &report.findings {
        let mut entry = Entry::of(finding);
        if entries.iter().any(|e| e.fingerprint == entry.fingerprint) {
            continue;
        }
        if let Some(old) = previous.and_then(|p| {
            p.entries
                .iter()
                .find(|e| e.fingerprint == entry.fingerprint)
        }) {
            entry.reason = old.reason.clone();
            entry.expires = old.expires.clone();
        }
        entries.push(entry);
    }
    BaselineFile {
        version: BASELINE_VERSION,
        entries,
    }
}

/// The baseline as YAML, with a header saying what to fill in.
pub fn to_yaml(file: &BaselineFile) -> String {
    let body = serde_yaml::to_string(file)
        .unwrap_or_else(|e| format!("# could not write the baseline: {e}\n"));
    format!(
        "# yaml-language-server: $schema=docs/baseline.schema.json\n\
         # crosswire baseline: findings accepted by fingerprint (docs/ci.md).\n\
         # Fill in each `reason:`; add `expires: YYYY-MM-DD` to make an acceptance run out.\n\
         {body}"
    )
}

/// Parse a baseline file's text; errors carry `path:line:column`.
pub fn parse(text: &str, path: &str) -> Result<BaselineFile, Box<Diagnostic>> {
    let file: BaselineFile = serde_yaml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error(ErrorKind::Input, format!("invalid baseline file: {e}"))
            .in_file(path)
            .with_help(
                "see docs/baseline.schema.json, or recreate it with `crosswire baseline create`",
            );
        if let Some(at) = e.location() {
            d = d.at(text, at.line(), at.column(), 1);
        }
        Box::new(d)
    })?;
    if file.version != BASELINE_VERSION {
        return Err(Box::new(
            Diagnostic::error(
                ErrorKind::Input,
                format!(
                    "baseline version {} is not supported (expected {BASELINE_VERSION})",
                    file.version
                ),
            )
            .in_file(path),
        ));
    }
    // Only the fingerprint matches: one that cannot be a fingerprint would
    // suppress nothing and pass for a merely stale entry.
    let locator = Locator::new(text);
    for (index, entry) in file.entries.iter().enumerate() {
        if !is_fingerprint(&entry.fingerprint) {
            return Err(Box::new(
                at_entry(
                    Diagnostic::error(
                        ErrorKind::Input,
                        format!(
                            "baseline entry {}/{}: `fingerprint: {}` is not a fingerprint",
                            entry.story, entry.slot, entry.fingerprint
                        ),
                    ),
                    &locator,
                    text,
                    path,
                    index,
                    "fingerprint",
                )
                .with_help(
                    "a fingerprint is 32 lowercase hexadecimal digits (0-9, a-f), as \
                     `crosswire baseline create` writes it",
                ),
            ));
        }
    }
    Ok(file)
}

/// 32 lowercase hexadecimal digits (docs/baseline.schema.json).
fn is_fingerprint(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Read and parse a baseline file.
pub fn load(path: &Path) -> Result<(BaselineFile, String), Box<Diagnostic>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(
            Diagnostic::error(ErrorKind::Input, format!("cannot read baseline file: {e}"))
                .in_file(shown.clone()),
        )
    })?;
    let file = parse(&text, &shown)?;
    Ok((file, text))
}

/// What applying a baseline did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Findings suppressed.
    pub suppressed: usize,
    /// Entries that matched no finding.
    pub stale: Vec<Entry>,
    /// Entries past `expires:` whose findings count again.
    pub expired: Vec<Entry>,
}

/// Suppress the findings `baseline` lists in `report` (unless expired on
/// `today`), recount the summary, and add a warning per stale or expired entry
/// (an error for an `expires:` that is not a date). `text` and `path` are the
/// baseline file's, to point at entries.
pub fn apply(
    report: &mut Report,
    baseline: &BaselineFile,
    text: &str,
    path: &str,
    today: jiff::civil::Date,
) -> Applied {
    let mut applied = Applied::default();
    let locator = Locator::new(text);
    let mut live: Vec<usize> = Vec::new();
    let mut stale: Vec<usize> = Vec::new();
    for (index, entry) in baseline.entries.iter().enumerate() {
        if let Some(first) = baseline
            .entries
            .iter()
            .take(index)
            .position(|e| e.fingerprint == entry.fingerprint)
        {
            let mut warning = at_entry(
                Diagnostic::warning(
                    ErrorKind::Input,
                    format!(
                        "duplicate baseline entry {}/{} ({}): the same fingerprint is listed earlier",
                        entry.story, entry.slot, entry.kind
                    ),
                ),
                &locator,
                text,
                path,
                index,
                "fingerprint",
            );
            let help = match entry_spot(&locator, first, "fingerprint") {
                Some(spot) => format!("remove it; the entry at line {} holds", spot.line),
                None => "remove it".to_string(),
            };
            warning = warning.with_help(help);
            report.diagnostics.push(warning);
        }
        match entry
            .expires
            .as_deref()
            .map(str::parse::<jiff::civil::Date>)
        {
            Some(Err(_)) => {
                report.diagnostics.push(
                    at_entry(
                        Diagnostic::error(
                            ErrorKind::Input,
                            format!(
                                "baseline entry {}/{}: `expires: {}` is not a date",
                                entry.story,
                                entry.slot,
                                entry.expires.as_deref().unwrap_or("")
                            ),
                        ),
                        &locator,
                        text,
                        path,
                        index,
                        "expires",
                    )
                    .with_help("write YYYY-MM-DD"),
                );
            }
            Some(Ok(date)) if date < today => {
                if report
                    .findings
                    .iter()
                    .any(|f| fingerprint(f) == entry.fingerprint)
                {
                    report.diagnostics.push(at_entry(
                        Diagnostic::warning(
                            ErrorKind::Input,
                            format!(
                                "baseline entry {}/{} ({}) expired on {date}: its finding counts again",
                                entry.story, entry.slot, entry.kind
                            ),
                        ),
                        &locator,
                        text,
                        path,
                        index,
                        "expires",
                    ));
                    applied.expired.push(entry.clone());
                } else {
                    stale.push(index);
                }
            }
            _ => live.push(index),
        }
    }
    let found: Vec<String> = report.findings.iter().map(fingerprint).collect();
    let mut kept = found.iter();
    let entries = &baseline.entries;
    let live_fingerprint = |fp: &String| {
        live.iter()
            .any(|&i| entries.get(i).is_some_and(|e| e.fingerprint == *fp))
    };
    report
        .findings
        .retain(|_| kept.next().is_none_or(|fp| !live_fingerprint(fp)));
    applied.suppressed = found.len() - report.findings.len();
    for &index in &live {
        if entries
            .get(index)
            .is_some_and(|e| !found.contains(&e.fingerprint))
        {
            stale.push(index);
        }
    }
    // In file order, each at its own entry (a duplicate has its own line).
    stale.sort_unstable();
    for index in stale {
        let Some(entry) = entries.get(index) else {
            continue;
        };
        applied.stale.push(entry.clone());
        report.diagnostics.push(
            at_entry(
                Diagnostic::warning(
                    ErrorKind::Input,
                    format!(
                        "stale baseline entry {}/{} ({}): no finding matches it any more",
                        entry.story, entry.slot, entry.kind
                    ),
                ),
                &locator,
                text,
                path,
                index,
                "fingerprint",
            )
            .with_help("remove it, or recreate the file with `crosswire baseline create`"),
        );
    }
    report.summary.baselined += applied.suppressed;
    let (stories, slots) = (report.summary.stories, report.summary.slots);
    report.summarize(stories, slots);
    applied
}

/// The JSON Schema of the baseline file (draft-07, like the rule schema's),
/// pretty-printed, ending with a newline; committed as docs/baseline.schema.json.
pub fn baseline_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<BaselineFile>();
    match serde_json::to_string_pretty(&schema) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing a JSON value cannot fail; say so rather than panic if it does.
        Err(e) => format!("{}\n", serde_json::json!({"error": e.to_string()})),
    }
}

/// Point a diagnostic at the value of `key` in the `index`-th entry of the
/// baseline file (its own lines: a duplicate entry is not the first one),
/// or at the entry's first line when the key is not found there.
fn at_entry(
    d: Diagnostic,
    locator: &Locator<'_>,
    text: &str,
    path: &str,
    index: usize,
    key: &str,
) -> Diagnostic {
    let d = d.in_file(path);
    match entry_spot(locator, index, key) {
        Some(spot) => d.at(text, spot.line, spot.column, spot.width),
        None => d,
    }
}

/// Where the value of `key` is in the `index`-th entry: after `key:` in
/// block style, else the entry's first line.
fn entry_spot(locator: &Locator<'_>, index: usize, key: &str) -> Option<Spot> {
    let range = locator.item("entries", index)?;
    let Some(at) = locator.key_anywhere_in(range.clone(), key) else {
        return locator.line_of(range);
    };
    let line = locator.line_text(at.line - 1).unwrap_or("");
    let key_end = line
        .char_indices()
        .nth(at.column - 1 + at.width)
        .map_or(line.len(), |(b, _)| b);
    let after = line.get(key_end..).unwrap_or("");
    let Some(value) = after.trim_start().strip_prefix(':') else {
        return Some(at);
    };
    let value_text = value.trim();
    // A trailing comment, or the rest of a flow mapping, is not the value
    // (fingerprints and dates hold none of these characters).
    let value_text = value_text
        .split([',', '}', '#'])
        .next()
        .unwrap_or("")
        .trim_end();
    if value_text.is_empty() {
        return Some(at);
    }
    let skipped = line.len() - value.trim_start().len();
    Some(Spot {
        line: at.line,
        column: line.get(..skipped).map_or(1, |s| s.chars().count() + 1),
        width: value_text.chars().count(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::test_data::{finding, located};
    use crate::report::{Summary, FORMAT_VERSION};

    fn report() -> Report {
        let mut missing = finding(vec![located("a", "5th", 3)]);
        missing.slot = "days".into();
        let mut report = Report {
            version: FORMAT_VERSION,
            sources: Vec::new(),
            findings: vec![
                finding(vec![located("a", "30", 1), located("b", "31", 2)]),
                missing,
            ],
            slots: Vec::new(),
            diagnostics: Vec::new(),
            summary: Summary::default(),
        };
        report.summarize(1, 2);
        report
    }

    fn date(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    #[test]
    fn live_entries_suppress_expired_ones_do_not_and_stale_ones_are_reported() {
        let mut file = create(&report(), None);
        assert_eq!(file.entries.len(), 2);
        assert_eq!(file.entries[0].values, ["a: 30", "b: 31"]);
        file.entries[1].expires = Some("2024-01-31".into());
        file.entries.push(Entry {
            fingerprint: "0".repeat(32),
            story: "s".into(),
            slot: "gone".into(),
            kind: "conflict".into(),
            values: Vec::new(),
            reason: String::new(),
            expires: None,
        });
        let text = to_yaml(&file);
        assert_eq!(parse(&text, "b.yaml").unwrap(), file);

        // On the expiry day the entry still holds.
        let mut on_the_day = report();
        let applied = apply(&mut on_the_day, &file, &text, "b.yaml", date("2024-01-31"));
        assert_eq!(applied.suppressed, 2);
        assert!(on_the_day.findings.is_empty());
        assert_eq!(on_the_day.summary.baselined, 2);
        assert_eq!(on_the_day.summary.errors, 0);
        assert_eq!(applied.stale.len(), 1);
        assert_eq!(applied.stale[0].slot, "gone");

        // The day after, its finding counts again.
        let mut after = report();
        let applied = apply(&mut after, &file, &text, "b.yaml", date("2024-02-01"));
        assert_eq!(applied.suppressed, 1);
        assert_eq!(applied.expired.len(), 1);
        assert_eq!(after.findings.len(), 1);
        assert_eq!(after.findings[0].slot, "days");
        assert_eq!(after.summary.errors, 1);
        let warnings: Vec<&str> = after
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            warnings,
            [
                "baseline entry s/days (conflict) expired on 2024-01-31: its finding counts again",
                "stale baseline entry s/gone (conflict): no finding matches it any more"
            ]
        );
        // Pointed at the entry's fingerprint line.
        let line = text
            .lines()
            .position(|l| l.contains(&"0".repeat(32)))
            .unwrap()
            + 1;
        assert_eq!(after.diagnostics[1].line, Some(line));
    }

    #[test]
    fn bad_files_and_dates_are_errors() {
        assert!(parse("version: 2\nentries: []\n", "b.yaml").is_err());
        let err = parse(
            "version: 1\nentries:\n  - fingerprint: x\n    extra: 1\n",
            "b.yaml",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4));
        let mut file = create(&report(), None);
        file.entries[0].expires = Some("soon".into());
        let mut r = report();
        apply(&mut r, &file, "", "b.yaml", date("2024-01-01"));
        assert!(r.has_problems());
        // The entry with a bad date suppresses nothing; the other one still does.
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].slot, "x");
    }

    /// A file of `report()`'s entries, as `baseline create` writes it.
    fn written(edit: impl FnOnce(&mut BaselineFile)) -> (BaselineFile, String) {
        let mut file = create(&report(), None);
        edit(&mut file);
        let text = to_yaml(&file);
        (file, text)
    }

    /// Lines (1-based) of the lines of `text` containing `needle`.
    fn lines_with(text: &str, needle: &str) -> Vec<usize> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
            .collect()
    }

    #[test]
    fn each_duplicate_entry_is_located_at_its_own_lines() {
        let gone = Entry {
            fingerprint: "a".repeat(32),
            story: "s".into(),
            slot: "gone".into(),
            kind: "conflict".into(),
            values: Vec::new(),
            reason: String::new(),
            expires: None,
        };
        let (file, text) = written(|f| {
            let twice = f.entries.clone();
            f.entries.push(gone.clone());
            f.entries.extend(twice);
            f.entries.push(gone.clone());
        });
        let at = lines_with(&text, &"a".repeat(32));
        assert_eq!(at.len(), 2);
        let mut r = report();
        let applied = apply(&mut r, &file, &text, "b.yaml", date("2024-01-01"));
        assert_eq!(applied.suppressed, 2);
        let stale: Vec<(Option<usize>, Option<usize>)> = r
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("stale"))
            .map(|d| (d.line, d.column))
            .collect();
        assert_eq!(stale, [(Some(at[0]), Some(16)), (Some(at[1]), Some(16))]);
        let fingerprint = format!("fingerprint: {}", file.entries[0].fingerprint);
        let first = lines_with(&text, &fingerprint);
        let duplicates: Vec<(String, Option<usize>, Option<String>)> = r
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("duplicate"))
            .map(|d| (d.message.clone(), d.line, d.help.clone()))
            .collect();
        assert_eq!(duplicates.len(), 3, "{duplicates:?}");
        assert_eq!(
            duplicates[0],
            (
                "duplicate baseline entry s/x (conflict): the same fingerprint is listed earlier"
                    .to_string(),
                Some(first[1]),
                Some(format!("remove it; the entry at line {} holds", first[0]))
            )
        );
        assert_eq!(duplicates[2].1, Some(at[1]));
        assert_eq!(r.summary.errors, 0, "duplicates are warnings");
    }

    #[test]
    fn a_bad_expiry_is_located_at_its_expires_line() {
        let (file, text) = written(|f| f.entries[1].expires = Some("next week".into()));
        let mut r = report();
        apply(&mut r, &file, &text, "b.yaml", date("2024-01-01"));
        let line = lines_with(&text, "expires: next week");
        assert_eq!(line.len(), 1);
        let error = &r.diagnostics[0];
        assert_eq!(
            error.message,
            "baseline entry s/days: `expires: next week` is not a date"
        );
        assert_eq!(
            (error.line, error.column, error.width),
            (Some(line[0]), Some(12), 9)
        );
        assert!(r.has_problems());
    }

    #[test]
    fn a_fingerprint_that_is_not_one_is_an_error_at_its_value() {
        for bad in ["XYZ", &"A".repeat(32), &"0".repeat(31), &"g".repeat(32)] {
            let (_, text) = written(|f| f.entries[1].fingerprint = bad.to_string());
            let err = parse(&text, "b.yaml").unwrap_err();
            let line = lines_with(&text, bad);
            assert_eq!(line.len(), 1);
            assert_eq!(err.level, crate::error::Level::Error);
            assert_eq!(
                err.message,
                format!("baseline entry s/days: `fingerprint: {bad}` is not a fingerprint")
            );
            assert_eq!(err.path.as_deref(), Some("b.yaml"));
            assert_eq!((err.line, err.column), (Some(line[0]), Some(16)));
            assert!(err
                .help
                .as_deref()
                .is_some_and(|h| h.contains("32 lowercase hexadecimal digits")));
        }
        // Flow style too: the value alone is marked.
        let flow =
            "version: 1\nentries:\n- {fingerprint: XYZ, story: s, slot: x, kind: conflict}\n";
        let err = parse(flow, "b.yaml").unwrap_err();
        assert_eq!((err.line, err.column, err.width), (Some(3), Some(17), 3));
    }

    #[test]
    fn the_schema_rejects_unknown_keys() {
        let schema: serde_json::Value = serde_json::from_str(&baseline_schema()).unwrap();
        assert_eq!(schema["title"], "crosswire baseline file");
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(
            schema["definitions"]["Entry"]["additionalProperties"],
            false
        );
    }
}
