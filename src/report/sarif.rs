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

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use super::printer::{Context, Printer};
use super::sanitize::json as clean;
use super::{fingerprint, rule_id};
use crate::compare::{Finding, Located, Severity};

/// The SARIF schema the output follows.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of crosswire's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "crosswire/v1";

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

fn location(value: &Located, with_message: bool) -> Location {
    let region = Region::builder()
        .start_line(to_i64(value.line))
        .start_column(to_i64(value.column))
        .end_line(to_i64(value.end_line))
        .end_column(to_i64(value.end_column))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(&value.path)).build())
        .region(region)
        .build();
    let location = Location::builder().physical_location(physical);
    if with_message {
        location
            .message(
                Message::builder()
                    .text(clean(&format!("{}: {}", value.source, value.value)))
                    .build(),
            )
            .build()
    } else {
        location.build()
    }
}

/// A relative URI for a path: forward slashes, and the characters a URI may
/// not hold percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn result(finding: &Finding, rule_index: usize) -> SarifResult {
    let finding = super::printer::map_text(finding, clean);
    let mut text = format!("{} [{}] {}", finding.message, finding.kind, finding.reason);
    let values: Vec<String> = finding
        .values
        .iter()
        .map(|v| format!("{}: {}", v.source, v.value))
        .collect();
    if !values.is_empty() {
        text.push_str(&format!(" ({})", values.join("; ")));
    }
    if let Some(expected) = &finding.expected {
        text.push_str(&format!(" expected: {expected}."));
    }
    if !finding.missing_from.is_empty() {
        text.push_str(&format!(
            " Not found in: {}.",
            finding.missing_from.join(", ")
        ));
    }
    // Every value is a location; each source's first value is also related
    // to the others, so a viewer can jump between the outlets.
    let locations: Vec<Location> = finding.values.iter().map(|v| location(v, true)).collect();
    let mut seen: Vec<&str> = Vec::new();
    let related: Vec<Location> = finding
        .values
        .iter()
        .filter(|v| {
            let first = !seen.contains(&v.source.as_str());
            seen.push(&v.source);
            first
        })
        .enumerate()
        .map(|(i, v)| {
            let mut l = location(v, true);
            l.id = Some(to_i64(i));
            l
        })
        .collect();
    let mut properties = BTreeMap::new();
    properties.insert("kind".to_string(), finding.kind.as_str().into());
    properties.insert("story".to_string(), finding.story.clone().into());
    properties.insert("slot".to_string(), finding.slot.clone().into());
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
            result(f, index)
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
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("fixtures/a b/ap.txt"), "fixtures/a%20b/ap.txt");
        assert_eq!(uri("dir\\x#y.txt"), "dir/x%23y.txt");
        assert_eq!(uri("é.txt"), "%C3%A9.txt");
    }
}
