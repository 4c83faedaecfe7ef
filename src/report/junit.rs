//! JUnit XML, for test dashboards (GitLab's `artifacts:reports:junit`,
//! Jenkins' junit step).
//!
//! A `<testsuite>` per story and a `<testcase>` per slot (`classname` the
//! story, `name` the slot); a case with findings at or above `--fail-on` has
//! one `<failure>` listing them all, findings below it go to the case's
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
                    let (failing, passed): (Vec<&Finding>, Vec<&Finding>) = case
                        .findings
                        .iter()
                        .copied()
                        .partition(|f| context.fails(f));
                    // One `<failure>` per case, as the JUnit schema allows
                    // and parsers that keep only the first expect: its
                    // message sums up, its text holds every finding.
                    if let Some(failure) = failure(&failing) {
                        w.create_element("failure")
                            .with_attribute(("message", clean(&failure.message).as_str()))
                            .with_attribute(("type", clean(&failure.kinds).as_str()))
                            .write_text_content(BytesText::new(&clean(&failure.text)))?;
                    }
                    if !passed.is_empty() {
                        let text: String = passed.iter().map(|f| details(f)).collect();
                        w.create_element("system-out")
                            .write_text_content(BytesText::new(&clean(&text)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// How many findings a failure's message names before counting the rest.
const NAMED_IN_FAILURE: usize = 3;

/// A case's one failure.
struct Failure {
    /// `error[conflict] message`, or for several findings `2 findings:
    /// error[conflict] message; warning[missing] message`.
    message: String,
    /// The findings' kinds, each once, joined by `,`.
    kinds: String,
    /// Every finding's details, in report order.
    text: String,
}

fn failure(failing: &[&Finding]) -> Option<Failure> {
    let heads: Vec<String> = failing
        .iter()
        .map(|f| format!("{}[{}] {}", f.severity, f.kind, f.message))
        .collect();
    let message = match heads.as_slice() {
        [] => return None,
        [one] => one.clone(),
        many => {
            let mut named = many.get(..NAMED_IN_FAILURE).unwrap_or(many).join("; ");
            if many.len() > NAMED_IN_FAILURE {
                named.push_str(&format!("; and {} more", many.len() - NAMED_IN_FAILURE));
            }
            format!("{} findings: {named}", many.len())
        }
    };
    let mut kinds: Vec<&str> = Vec::new();
    for f in failing {
        if !kinds.contains(&f.kind.as_str()) {
            kinds.push(f.kind.as_str());
        }
    }
    Some(Failure {
        message,
        kinds: kinds.join(","),
        text: failing.iter().map(|f| details(f)).collect(),
    })
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

#[cfg(test)]
mod tests {
    use super::super::printer::{render, Format, Subject};
    use super::super::test_data::{finding, located, report_of};
    use super::*;
    use crate::compare::{FindingKind, Severity};

    fn render_junit(findings: Vec<Finding>, fail_on: Severity) -> String {
        let report = report_of(findings);
        let mut context = Context::new(Subject::Check(&report));
        context.fail_on = Some(fail_on);
        render(Format::Junit, &context)
    }

    fn failures<'a, 'i>(case: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
        case.children()
            .filter(|n| n.has_tag_name("failure"))
            .collect()
    }

    fn attribute<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
        node.attribute(name).unwrap_or_default()
    }

    #[test]
    fn a_case_has_one_failure_listing_every_failing_finding() {
        let conflict = finding(vec![located("a", "12", 1), located("b", "10", 2)]);
        let mut missing = conflict.clone();
        missing.kind = FindingKind::Missing;
        missing.severity = Severity::Info;
        missing.message = "only a and b give a value; c does not".into();
        missing.missing_from = vec!["c".into()];
        let mut other = conflict.clone();
        other.slot = "y".into();
        other.severity = Severity::Warning;
        let xml = render_junit(
            vec![conflict, missing.clone(), other.clone()],
            Severity::Info,
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 2);
        let x = failures(cases[0]);
        assert_eq!(x.len(), 1);
        assert_eq!(
            attribute(x[0], "message"),
            "2 findings: error[conflict] m; info[missing] only a and b give a value; c does not"
        );
        assert_eq!(attribute(x[0], "type"), "conflict,missing");
        let body = x[0].text().unwrap_or_default();
        assert!(body.starts_with("error[conflict] s/x: m\n"), "{body}");
        assert!(body.contains("info[missing] s/x: only a and b"), "{body}");
        assert!(body.contains("  not found in: c\n"), "{body}");
        let y = failures(cases[1]);
        assert_eq!(y.len(), 1);
        assert_eq!(attribute(y[0], "message"), "warning[conflict] m");
        assert_eq!(attribute(y[0], "type"), "conflict");
        // `failures` counts the failure elements, one per failing case.
        let elements = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        assert_eq!(elements, 2);
        let root = doc.root_element();
        assert_eq!(attribute(root, "tests"), "2");
        assert_eq!(attribute(root, "failures"), "2");
        let suite = root
            .children()
            .find(|n| n.has_tag_name("testsuite"))
            .unwrap();
        assert_eq!(attribute(suite, "failures"), "2");

        // Below the gate, the missing finding goes to the case's output.
        let xml = render_junit(vec![missing, other], Severity::Warning);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(attribute(root, "failures"), "1");
        let out = doc
            .descendants()
            .find(|n| n.has_tag_name("system-out"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(out.starts_with("info[missing] s/x:"), "{out}");
    }

    #[test]
    fn a_failure_message_names_three_findings_and_counts_the_rest() {
        let base = finding(vec![located("a", "12", 1)]);
        let failing: Vec<Finding> = (0..5)
            .map(|i| {
                let mut f = base.clone();
                f.message = format!("m{i}");
                f
            })
            .collect();
        let refs: Vec<&Finding> = failing.iter().collect();
        let failure = failure(&refs).unwrap();
        assert_eq!(
            failure.message,
            "5 findings: error[conflict] m0; error[conflict] m1; error[conflict] m2; and 2 more"
        );
        assert_eq!(failure.kinds, "conflict");
        assert_eq!(failure.text.matches("fingerprint: ").count(), 5);
        assert!(super::failure(&[]).is_none());
    }
}
