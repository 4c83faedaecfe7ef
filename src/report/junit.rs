//! JUnit XML, for test dashboards (GitLab's `artifacts:reports:junit`,
//! Jenkins' junit step).
//!
//! A `<testsuite>` per story and a `<testcase>` per slot (`classname` the
//! story, `name` the slot); each finding at or above `--fail-on` is a
//! `<failure>` of its slot's case, findings below it go to the case's
//! `<system-out>`. Rule and input errors make one more suite, `crosswire`, with
//! an `<error>` case each. Written by quick-xml's writer, which escapes markup;
//! text passes through [`super::sanitize::xml`] first.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::printer::{stories, Context, Printer};
use super::sanitize::xml as clean;
use super::{fingerprint, rule_id};
use crate::compare::Finding;
use crate::error::Level;

pub(crate) struct JunitPrinter;

/// One test case: a slot and its findings.
struct Case<'a> {
    slot: &'a str,
    findings: Vec<&'a Finding>,
}

impl Printer for JunitPrinter {
    fn finish(&mut self, context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let suites = suites(context);
        let errors: Vec<_> = context
            .subject
            .diagnostics()
            .iter()
            .filter(|d| d.level == Level::Error)
            .collect();
        let tests: usize =
            suites.iter().map(|(_, cases)| cases.len()).sum::<usize>() + errors.len();
        let failures: usize = suites
            .iter()
            .flat_map(|(_, cases)| cases)
            .filter(|c| c.findings.iter().any(|f| context.fails(f)))
            .count();
        writer
            .create_element("testsuites")
            .with_attribute((
                "name",
                format!("crosswire {}", context.subject.command()).as_str(),
            ))
            .with_attribute(("tests", tests.to_string().as_str()))
            .with_attribute(("failures", failures.to_string().as_str()))
            .with_attribute(("errors", errors.len().to_string().as_str()))
            .write_inner_content(|w| {
                for (story, cases) in &suites {
                    write_suite(w, context, story, cases)?;
                }
                if !errors.is_empty() {
                    w.create_element("testsuite")
                        .with_attribute(("name", "crosswire"))
                        .with_attribute(("tests", errors.len().to_string().as_str()))
                        .with_attribute(("failures", "0"))
                        .with_attribute(("errors", errors.len().to_string().as_str()))
                        .write_inner_content(|w| {
                            for d in &errors {
                                let location = d.location();
                                let name = if location.is_empty() {
                                    "input".to_string()
                                } else {
                                    location
                                };
                                w.create_element("testcase")
                                    .with_attribute(("name", clean(&name).as_str()))
                                    .with_attribute(("classname", "crosswire"))
                                    .write_inner_content(|w| {
                                        w.create_element("error")
                                            .with_attribute(("message", clean(&d.message).as_str()))
                                            .with_attribute(("type", "problem"))
                                            .write_empty()?;
                                        Ok(())
                                    })?;
                            }
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
        writer.get_mut().write_all(b"\n")
    }
}

/// Stories with their slots (fact table order) and each slot's findings.
fn suites<'a>(context: &Context<'a>) -> Vec<(&'a str, Vec<Case<'a>>)> {
    let slots = context.subject.slots();
    let findings = context.subject.findings();
    stories(context)
        .into_iter()
        .map(|story| {
            let mut cases: Vec<Case<'a>> = slots
                .iter()
                .filter(|r| r.story == story)
                .map(|r| Case {
                    slot: &r.slot,
                    findings: Vec::new(),
                })
                .collect();
            for finding in findings.iter().filter(|f| f.story == story) {
                match cases.iter_mut().find(|c| c.slot == finding.slot) {
                    Some(case) => case.findings.push(finding),
                    None => cases.push(Case {
                        slot: &finding.slot,
                        findings: vec![finding],
                    }),
                }
            }
            (story, cases)
        })
        .collect()
}

fn write_suite<W: Write>(
    w: &mut Writer<W>,
    context: &Context<'_>,
    story: &str,
    cases: &[Case<'_>],
) -> io::Result<()> {
    let failures = cases
        .iter()
        .filter(|c| c.findings.iter().any(|f| context.fails(f)))
        .count();
    w.create_element("testsuite")
        .with_attribute(("name", clean(story).as_str()))
        .with_attribute(("tests", cases.len().to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|w| {
            for case in cases {
                let element = w
                    .create_element("testcase")
                    .with_attribute(("name", clean(case.slot).as_str()))
                    .with_attribute(("classname", clean(story).as_str()));
                if case.findings.is_empty() {
                    element.write_empty()?;
                    continue;
                }
                element.write_inner_content(|w| {
                    let mut passed = String::new();
                    for finding in &case.findings {
                        if context.fails(finding) {
                            w.create_element("failure")
                                .with_attribute((
                                    "message",
                                    clean(&format!(
                                        "{}[{}] {}",
                                        finding.severity, finding.kind, finding.message
                                    ))
                                    .as_str(),
                                ))
                                .with_attribute(("type", finding.kind.as_str()))
                                .write_text_content(BytesText::new(&clean(&details(finding))))?;
                        } else {
                            passed.push_str(&details(finding));
                        }
                    }
                    if !passed.is_empty() {
                        w.create_element("system-out")
                            .write_text_content(BytesText::new(&clean(&passed)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// A finding in plain lines: head, values at file:line:col, expected, why.
fn details(finding: &Finding) -> String {
    let mut text = format!(
        "{}[{}] {}: {}\n",
        finding.severity,
        finding.kind,
        rule_id(finding),
        finding.message
    );
    for v in &finding.values {
        text.push_str(&format!(
            "  {} {}:{}:{}: {} ({})\n",
            v.source, v.path, v.line, v.column, v.value, v.sentence
        ));
    }
    if let Some(expected) = &finding.expected {
        text.push_str(&format!("  expected: {expected}\n"));
    }
    if !finding.missing_from.is_empty() {
        text.push_str(&format!(
            "  not found in: {}\n",
            finding.missing_from.join(", ")
        ));
    }
    text.push_str(&format!("  why: {}\n", finding.reason));
    text.push_str(&format!("  fingerprint: {}\n", fingerprint(finding)));
    text
}
