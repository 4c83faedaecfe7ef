//! SARIF 2.1.0, for code scanning (GitHub uploads it with
//! `github/codeql-action/upload-sarif`).
//!
//! One run; `tool.driver.rules` lists every slot of the report (`story/slot`,
//! the slot's message as its short description); each finding is a result with
//! that `ruleId`, a `level` (error, warning, note), the message, every value as
//! a location (a region with start and end line and column; columns count
//! Unicode code points, `columnKind: unicodeCodePoints`), the first value of
//! each other source as a related location, and the finding's fingerprint as
//! `partialFingerprints["crosswire/v1"]`. Typed structures from `serde-sarif`,
//! never hand-built JSON.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use super::printer::{Context, Printer};
use super::sanitize::json as clean;
use super::{fingerprint, rule_id};
use crate::compare::{Finding, Located, Severity};
use crate::text::{join_names, NAMED_IN_MESSAGE};

/// The SARIF schema the output follows.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of crosswire's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "crosswire/v1";

/// At most this many `locations`, and as many `relatedLocations`, per
/// result: GitHub code scanning rejects a file with a result past 1,000
/// locations. The first ones in report order are kept; the property
/// `omittedLocations` (`omittedRelatedLocations`) counts the rest.
pub const MAX_LOCATIONS: usize = 1000;

/// A result's message is cut to this many characters (a slot's own message
/// or a reason may be long): a message is a line for a person, the values
/// are in the locations.
pub const MAX_MESSAGE_CHARS: usize = 2000;

pub(crate) struct SarifPrinter;

impl Printer for SarifPrinter {
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let log = build(context);
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The rules: one per slot of the fact table, then any slot a finding names
/// that the table lacks (`quotes` has no table).
fn rules(context: &Context<'_>) -> Vec<(String, String, Option<Severity>)> {
    let mut rules: Vec<(String, String, Option<Severity>)> = Vec::new();
    for row in context.subject.slots() {
        let id = format!("{}/{}", row.story, row.slot);
        if !rules.iter().any(|(r, _, _)| *r == id) {
            rules.push((id, format!("{} ({})", row.slot, row.kind), None));
        }
    }
    for finding in context.subject.findings() {
        let id = rule_id(finding);
        match rules.iter_mut().find(|(r, _, _)| *r == id) {
            Some(rule) => {
                if rule.2.is_none() {
                    rule.1 = finding.message.clone();
                    rule.2 = Some(finding.severity);
                }
            }
            None => rules.push((id, finding.message.clone(), Some(finding.severity))),
        }
    }
    rules
}

fn location(value: &Located, cwd: Option<&Path>) -> Location {
    let region = Region::builder()
        .start_line(to_i64(value.line))
        .start_column(to_i64(value.column))
        .end_line(to_i64(value.end_line))
        .end_column(to_i64(value.end_column))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(artifact(&value.path, cwd))
        .region(region)
        .build();
    Location::builder()
        .physical_location(physical)
        .message(
            Message::builder()
                .text(clean(&format!("{}: {}", value.source, value.value)))
                .build(),
        )
        .build()
}

/// The base id of URIs relative to the directory crosswire ran in (the
/// name CodeQL and GitHub use for the checkout's root).
pub const SRCROOT: &str = "%SRCROOT%";

/// Where a path is: a URI relative to `cwd` (with [`SRCROOT`] as its base)
/// when the file is under it, else an absolute `file://` URI. The URI is
/// built from the path's own bytes, never from sanitized display text, so
/// it names the file that exists.
fn artifact(path: &str, cwd: Option<&Path>) -> ArtifactLocation {
    // Standard input is not a file; its marker is kept as a bare reference.
    if path == "<stdin>" {
        return ArtifactLocation::builder()
            .uri(encode(path.as_bytes(), true))
            .build();
    }
    let given = Path::new(path);
    let absolute = match cwd {
        Some(cwd) => lexical(&cwd.join(given)),
        None if given.is_absolute() => lexical(given),
        // No working directory to resolve against: the path as given.
        None => {
            return ArtifactLocation::builder()
                .uri(encode(&path_bytes(&lexical(given)), true))
                .uri_base_id(SRCROOT)
                .build()
        }
    };
    let relative = cwd.and_then(|cwd| absolute.strip_prefix(lexical(cwd)).ok());
    match relative {
        Some(relative) if !relative.as_os_str().is_empty() => ArtifactLocation::builder()
            .uri(encode(&path_bytes(relative), true))
            .uri_base_id(SRCROOT)
            .build(),
        _ => ArtifactLocation::builder().uri(file_uri(&absolute)).build(),
    }
}

/// `path` without `.` components and with `..` applied to the components
/// before it (by name, as a URI resolver would, not through symlinks).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the root stays at the root; a relative path keeps
                // the `..` it cannot resolve.
                if !out.pop() && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The bytes of a path as the file system holds them, `/` between names.
#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

/// The bytes of a path (as UTF-8), `/` between names.
#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().replace('\\', "/").into_bytes()
}

/// An absolute path as a `file:` URI: `file:///tmp/a%20b.txt`.
fn file_uri(path: &Path) -> String {
    let bytes = path_bytes(path);
    let encoded = encode(&bytes, false);
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        // A Windows path starts with its drive letter: `file:///C:/...`.
        format!("file:///{encoded}")
    }
}

/// Bytes as a URI path: unreserved characters, sub-delimiters, `@` and `/`
/// as they are, every other byte percent-encoded. In a relative reference a
/// `:` is encoded too, so a name like `a:b.txt` cannot read as a scheme.
fn encode(bytes: &[u8], relative: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&b)
            || (b == b':' && !relative)
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// At most `chars` characters of `text`, with "…" when cut.
fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars.saturating_sub(1)) {
        Some((end, _)) if text.chars().count() > chars => {
            format!("{}…", text.get(..end).unwrap_or_default())
        }
        _ => text.to_string(),
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn result(finding: &Finding, rule_index: usize, cwd: Option<&Path>) -> SarifResult {
    // Locations are built from the finding as found: a URI must encode the
    // file name's real characters, which the display text replaces.
    let raw = finding;
    let finding = super::printer::map_text(finding, clean);
    let mut text = format!("{} [{}] {}", finding.message, finding.kind, finding.reason);
    // Ten values at most, as generated messages name ten sources: the
    // message stays a line however many sources there are.
    let mut values: Vec<String> = finding
        .values
        .iter()
        .take(NAMED_IN_MESSAGE)
        .map(|v| format!("{}: {}", v.source, v.value))
        .collect();
    if finding.values.len() > NAMED_IN_MESSAGE {
        values.push(format!(
            "and {} more",
            finding.values.len() - NAMED_IN_MESSAGE
        ));
    }
    if !values.is_empty() {
        text.push_str(&format!(" ({})", values.join("; ")));
    }
    if let Some(expected) = &finding.expected {
        text.push_str(&format!(" expected: {expected}."));
    }
    if !finding.missing_from.is_empty() {
        text.push_str(&format!(
            " Not found in: {}.",
            join_names(&finding.missing_from)
        ));
    }
    let text = shorten(&text, MAX_MESSAGE_CHARS);
    // Every value is a location; each source's first value is also related
    // to the others, so a viewer can jump between the outlets.
    let locations: Vec<Location> = raw
        .values
        .iter()
        .take(MAX_LOCATIONS)
        .map(|v| location(v, cwd))
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let firsts: Vec<&Located> = raw
        .values
        .iter()
        .filter(|v| seen.insert(v.source.as_str()))
        .collect();
    let related: Vec<Location> = firsts
        .iter()
        .take(MAX_LOCATIONS)
        .enumerate()
        .map(|(i, v)| {
            let mut l = location(v, cwd);
            l.id = Some(to_i64(i));
            l
        })
        .collect();
    let mut properties = BTreeMap::new();
    properties.insert("kind".to_string(), finding.kind.as_str().into());
    properties.insert("story".to_string(), finding.story.clone().into());
    properties.insert("slot".to_string(), finding.slot.clone().into());
    if raw.values.len() > MAX_LOCATIONS {
        properties.insert(
            "omittedLocations".to_string(),
            (raw.values.len() - MAX_LOCATIONS).into(),
        );
    }
    if firsts.len() > MAX_LOCATIONS {
        properties.insert(
            "omittedRelatedLocations".to_string(),
            (firsts.len() - MAX_LOCATIONS).into(),
        );
    }
    let mut result = SarifResult::builder()
        .rule_id(rule_id(&finding))
        .rule_index(to_i64(rule_index))
        .level(level(finding.severity))
        .message(Message::builder().text(text).build())
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            fingerprint(&finding),
        )]))
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        )
        .build();
    if !locations.is_empty() {
        result.locations = Some(locations);
    }
    if related.len() > 1 {
        result.related_locations = Some(related);
    }
    result
}

/// The SARIF log of a report.
pub fn build(context: &Context<'_>) -> Sarif {
    build_in(context, std::env::current_dir().ok().as_deref())
}

/// The SARIF log of a report, with paths under `cwd` written relative to it.
fn build_in(context: &Context<'_>, cwd: Option<&Path>) -> Sarif {
    let rules = rules(context);
    let descriptors: Vec<ReportingDescriptor> = rules
        .iter()
        .map(|(id, message, severity)| {
            let descriptor = ReportingDescriptor::builder()
                .id(clean(id))
                .short_description(
                    MultiformatMessageString::builder()
                        .text(clean(message))
                        .build(),
                );
            match severity {
                Some(s) => descriptor
                    .default_configuration(
                        ReportingConfiguration::builder()
                            .level(serde_json::Value::from(level_name(*s)))
                            .build(),
                    )
                    .build(),
                None => descriptor.build(),
            }
        })
        .collect();
    let results: Vec<SarifResult> = context
        .subject
        .findings()
        .iter()
        .map(|f| {
            let id = rule_id(f);
            let index = rules.iter().position(|(r, _, _)| *r == id).unwrap_or(0);
            result(f, index, cwd)
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("crosswire")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SARIF_SCHEMA)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build()
}

#[cfg(test)]
mod tests {
    use super::super::printer::Subject;
    use super::super::test_data::{finding, located, report_of as report};
    use super::*;

    fn uri_and_base(path: &str, cwd: &str) -> (String, Option<String>) {
        let a = artifact(path, Some(Path::new(cwd)));
        (a.uri.unwrap_or_default(), a.uri_base_id)
    }

    fn relative(uri: &str) -> (String, Option<String>) {
        (uri.to_string(), Some(SRCROOT.to_string()))
    }

    fn absolute(uri: &str) -> (String, Option<String>) {
        (uri.to_string(), None)
    }

    #[test]
    fn paths_under_the_working_directory_are_relative_to_it() {
        assert_eq!(
            uri_and_base("fixtures/a b/ap.txt", "/w"),
            relative("fixtures/a%20b/ap.txt")
        );
        assert_eq!(uri_and_base("./x/../y#z.txt", "/w"), relative("y%23z.txt"));
        assert_eq!(
            uri_and_base("/w/s1/coast wire, am.txt", "/w/"),
            relative("s1/coast%20wire,%20am.txt")
        );
        assert_eq!(uri_and_base("é.txt", "/w"), relative("%C3%A9.txt"));
        // A `:` in the first name must not read as a scheme.
        assert_eq!(uri_and_base("a:b.txt", "/w"), relative("a%3Ab.txt"));
    }

    #[test]
    fn paths_outside_the_working_directory_are_file_uris() {
        assert_eq!(
            uri_and_base("/tmp/sweep2/s1/radio é 100%.txt", "/w"),
            absolute("file:///tmp/sweep2/s1/radio%20%C3%A9%20100%25.txt")
        );
        assert_eq!(
            uri_and_base("../other/a:b.txt", "/w/sub"),
            absolute("file:///w/other/a:b.txt")
        );
        // A sibling whose name starts like the working directory's.
        assert_eq!(
            uri_and_base("/wx/a.txt", "/w"),
            absolute("file:///wx/a.txt")
        );
        assert_eq!(uri_and_base("<stdin>", "/w"), absolute("%3Cstdin%3E"));
    }

    #[test]
    fn control_characters_in_names_are_percent_encoded_not_replaced() {
        assert_eq!(
            uri_and_base("d/new\nline\r%0A&<x>\"q\u{1b}[31m.txt", "/w"),
            relative("d/new%0Aline%0D%250A&%3Cx%3E%22q%1B%5B31m.txt")
        );
    }

    #[test]
    fn a_result_stays_within_github_limits_however_many_sources() {
        let values: Vec<Located> = (0..1500)
            .map(|i| located(&format!("s{i:04}"), &(i % 2).to_string(), 1))
            .collect();
        let mut f = finding(values);
        f.missing_from = (0..20_000).map(|i| format!("m{i:05}")).collect();
        let report = report(vec![f]);
        let context = Context::new(Subject::Check(&report));
        let log = serde_json::to_value(build_in(&context, Some(Path::new("/w")))).unwrap();
        let result = &log["runs"][0]["results"][0];
        let locations = result["locations"].as_array().unwrap();
        let related = result["relatedLocations"].as_array().unwrap();
        assert_eq!(locations.len(), MAX_LOCATIONS);
        assert_eq!(related.len(), MAX_LOCATIONS);
        // The first ones in report order are kept.
        assert_eq!(locations[0]["message"]["text"], "s0000: 0");
        assert_eq!(locations[999]["message"]["text"], "s0999: 1");
        assert_eq!(related[999]["id"], 999);
        assert_eq!(result["properties"]["omittedLocations"], 500);
        assert_eq!(result["properties"]["omittedRelatedLocations"], 500);
        let text = result["message"]["text"].as_str().unwrap();
        assert_eq!(
            text,
            "m [conflict] r (s0000: 0; s0001: 1; s0002: 0; s0003: 1; s0004: 0; \
             s0005: 1; s0006: 0; s0007: 1; s0008: 0; s0009: 1; and 1490 more) \
             Not found in: m00000, m00001, m00002, m00003, m00004, m00005, \
             m00006, m00007, m00008, m00009 and 19990 more."
        );
    }

    #[test]
    fn a_long_message_is_cut() {
        let mut f = finding(vec![located("a", "1", 1), located("b", "2", 1)]);
        f.message = "é".repeat(5000);
        let report = report(vec![f]);
        let context = Context::new(Subject::Check(&report));
        let log = serde_json::to_value(build_in(&context, None)).unwrap();
        let result = &log["runs"][0]["results"][0];
        let text = result["message"]["text"].as_str().unwrap();
        assert_eq!(text.chars().count(), MAX_MESSAGE_CHARS);
        assert!(text.ends_with("éé…"));
        // Under the limits nothing is left out.
        assert_eq!(result["locations"].as_array().unwrap().len(), 2);
        assert!(result["properties"].get("omittedLocations").is_none());
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
    }

    /// A percent-encoded URI path back to its bytes.
    #[cfg(unix)]
    fn decode(uri: &str) -> Vec<u8> {
        let bytes = uri.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match (b, hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'%', Some(decoded)) => {
                    out.push(decoded);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        out
    }

    #[cfg(unix)]
    #[test]
    fn a_uri_names_the_file_that_exists() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = "new\nline\r%0A&<x>\"q\u{1b}[31m.txt";
        let path = dir.path().join(name);
        std::fs::write(&path, "x").unwrap();
        let mut value = located("a", "12", 1);
        value.path = path.display().to_string();
        let report = report(vec![finding(vec![value, located("b", "10", 1)])]);
        let context = Context::new(Subject::Check(&report));
        let uri_of = |cwd: &Path| {
            let log = serde_json::to_value(build_in(&context, Some(cwd))).unwrap();
            let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
            (
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                location["artifactLocation"]["uriBaseId"].clone(),
            )
        };
        // Under the working directory: relative to it.
        let (uri, base) = uri_of(dir.path());
        assert_eq!(base, SRCROOT);
        assert_eq!(uri, "new%0Aline%0D%250A&%3Cx%3E%22q%1B%5B31m.txt");
        let found = dir.path().join(std::ffi::OsStr::from_bytes(&decode(&uri)));
        assert!(found.is_file(), "{uri} names {}", found.display());
        // Elsewhere: a file URI of the whole path.
        let (uri, base) = uri_of(Path::new("/nonexistent-cwd"));
        assert!(base.is_null());
        let rest = uri.strip_prefix("file://").unwrap();
        let found = std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&decode(rest)));
        assert_eq!(found, path);
        assert!(found.is_file());
    }
}
