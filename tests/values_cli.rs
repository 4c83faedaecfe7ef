//! Values as copy writes them, through the binary: what a pattern cannot read whole
//! is a located warning, never a truncated value.

use crate::common::crosswire_with_stdin;

#[test]
fn a_figure_the_pattern_cuts_short_is_a_located_warning() {
    let run = crosswire_with_stdin(
        &["check", "--rules", "tests/values/cut-short.yaml", "-"],
        Some("Police found the three and a half year old at dawn.\n"),
    );
    assert!(
        run.stderr
            .contains("the pattern takes `three` out of `three and a half`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("<stdin>:1:"), "{}", run.stderr);
    // No value: the slot is empty rather than a wrong 3.
    assert!(!run.stdout.contains("age     number  3"), "{}", run.stdout);
}

#[test]
fn rules_lint_accepts_the_new_kinds_and_keys() {
    let run = crate::common::crosswire(&["rules", "lint", "tests/values/new-kinds.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn new_kinds_check_end_to_end() {
    let run = crosswire_with_stdin(
        &["check", "--rules", "tests/values/new-kinds.yaml", "--format", "json", "-"],
        Some("The blast at 9:15 a.m. local time hit a village 15 miles from the border. The deal was signed on 12/03/14.\n"),
    );
    let report = crate::common::json(&run);
    let rows = report["slots"].as_array().cloned().unwrap_or_default();
    let value = |slot: &str| -> String {
        rows.iter()
            .find(|r| r["slot"] == slot)
            .and_then(|r| r["values"][0]["value"].as_str())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(value("blast"), "09:15 local", "{}", run.stdout);
    assert_eq!(value("distance"), "15 mi");
    assert_eq!(value("signed"), "2014-03-12 (Wednesday)");
    // 09:15 at +03:30 is 05:45 GMT and 15 miles is 24 km: both meet `expect:`.
    assert_eq!(report["findings"], serde_json::json!([]), "{}", run.stdout);
}
