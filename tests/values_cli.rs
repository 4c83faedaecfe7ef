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

/// The JSON report of `check --rules rules sources`, which must exit with `code`.
fn check_json(rules: &str, sources: &str, code: i32) -> serde_json::Value {
    let run = crate::common::crosswire(&["check", "--rules", rules, sources, "--format", "json"]);
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    crate::common::json(&run)
}

#[test]
fn figures_beyond_an_f64_conflict_when_their_digits_differ() {
    let report = check_json("tests/values/big-figures.yaml", "tests/data/big-figures", 1);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["slot"].as_str().unwrap_or("").to_owned(),
                f["kind"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let conflict = |slot: &str| (slot.to_owned(), "conflict".to_owned());
    // A 2^53 + 1 against 2^53, two 20-digit numbers, two 18-digit amounts; the
    // slot with `tolerance: 1` lets the last digit go.
    assert_eq!(
        kinds,
        vec![conflict("shares"), conflict("account"), conflict("debt")],
        "{}",
        report
    );
    let values: Vec<&str> = findings[0]["values"]
        .as_array()
        .map(|v| v.iter().filter_map(|v| v["value"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(values, ["9007199254740993", "9007199254740992"]);
    let text = crate::common::crosswire(&[
        "check",
        "--rules",
        "tests/values/big-figures.yaml",
        "tests/data/big-figures",
    ]);
    insta::assert_snapshot!("big_figures_text", text.stdout);
}

#[test]
fn each_source_is_read_in_its_own_language() {
    let report = check_json("tests/values/languages.yaml", "tests/data/languages", 1);
    let values = |slot: &str| -> Vec<(String, String)> {
        report["slots"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["slot"] == slot)
            .and_then(|r| r["values"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|v| {
                (
                    v["source"].as_str().unwrap_or("").to_string(),
                    v["value"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // German number words and dates ("dreiundzwanzig", "Montag, 10. April
    // 2023") in the sources whose front matter says `language: de`.
    assert_eq!(
        values("missiles"),
        pairs(&[("AP", "23"), ("DW", "23"), ("taz", "22")]),
        "{}",
        report
    );
    assert_eq!(
        values("day"),
        pairs(&[
            ("AP", "2023-04-10 (Monday)"),
            ("DW", "2023-04-10 (Monday)"),
            ("taz", "2023-04-09 (Sunday)"),
        ])
    );
    let conflicts: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["slot"].as_str())
        .collect();
    assert_eq!(conflicts, vec!["missiles", "day"], "{}", report);
}

#[test]
fn a_story_in_german_reads_its_sources_in_german_unless_they_say_otherwise() {
    let rules = "story: raketen\nlanguage: de\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"{number} Raketen\"]\n";
    let dir = std::env::temp_dir().join(format!("crosswire-lang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rule_file = dir.join("raketen.yaml");
    // The values the one slot takes from a German sentence under `rules`.
    let values = |rules: &str| {
        std::fs::write(&rule_file, rules).unwrap();
        let args = [
            "check",
            "--rules",
            rule_file.to_str().unwrap(),
            "--format",
            "json",
            "-",
        ];
        let run = crosswire_with_stdin(&args, Some("Nordkorea feuerte drei Raketen ab.\n"));
        crate::common::json(&run)["slots"][0]["values"].clone()
    };
    assert_eq!(values(rules)[0]["value"], "3");
    // The same text in an English story has no number to read.
    assert_eq!(
        values(&rules.replace("language: de\n", "")),
        serde_json::json!([])
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_source_in_a_language_without_a_table_is_read_in_its_storys_and_says_so() {
    let run = crosswire_with_stdin(
        &["check", "--rules", "tests/values/languages.yaml", "-"],
        Some("---\nlanguage: fr\n---\nNorth Korea fired 23 missiles on Monday.\n"),
    );
    assert!(
        run.stderr.contains(
            "unknown language `fr`: read in its story's language (crosswire knows en, de)"
        ),
        "{}",
        run.stderr
    );
    // Read as English, the story's language: the English pattern fills.
    assert!(run.stdout.contains("missiles  count  23"), "{}", run.stdout);
}

#[test]
fn explain_says_which_sources_are_read_in_another_language() {
    let run = crate::common::crosswire(&[
        "explain",
        "--rules",
        "tests/values/languages.yaml",
        "tests/data/languages",
        "--slot",
        "missiles",
    ]);
    assert!(
        run.stdout
            .contains("DW  tests/data/languages/dw.md, published 2023-04-11, read in German\n"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("AP  tests/data/languages/ap.md, published 2023-04-11\n"));
    assert!(run
        .stdout
        .contains("value:    23  (`dreiundzwanzig` -> [23, 23])"));
}

#[test]
fn number_values_carry_their_hedge_in_json() {
    let rules = "fixtures/kinds/number/hedges/rule.yaml";
    let sources = "fixtures/kinds/number/hedges";
    let run = crate::common::crosswire(&["check", "--rules", rules, sources, "--format", "json"]);
    let report = crate::common::json(&run);
    let hedges = |slot: &str| -> Vec<(String, String)> {
        report["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["slot"] == slot)
            .unwrap()["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (v["value"].to_string(), v["hedge"].to_string()))
            .collect()
    };
    let pair = |v: &str, h: &str| (format!("\"{v}\""), format!("\"{h}\""));
    assert_eq!(
        hedges("duration"),
        [
            pair("just over 20", "tight"),
            pair("21", "none"),
            pair("45", "none")
        ]
    );
    assert_eq!(
        hedges("arrests"),
        [
            pair("dozens", "vague"),
            pair("more than 300", "more-than"),
            pair("40", "none")
        ]
    );
    // Findings' values are the same objects.
    for finding in report["findings"].as_array().unwrap() {
        for v in finding["values"].as_array().unwrap() {
            assert!(v["hedge"].is_string(), "{v}");
        }
    }
    // explain's matches say it beside the value; other kinds have none.
    let run = crate::common::crosswire(&[
        "explain", "--rules", rules, sources, "--slot", "arrests", "--format", "json",
    ]);
    let trace = crate::common::json(&run);
    let outcome =
        &trace["stories"][0]["slots"][0]["sources"][1]["attempts"][0]["matches"][0]["outcome"];
    assert_eq!(outcome["value"], "more than 300", "{outcome}");
    assert_eq!(outcome["hedge"], "more-than");
    assert!(
        trace["stories"][0]["slots"][0]["sources"][0]["attempts"][0]["matches"][0]["outcome"]
            ["hedge"]
            .is_string()
    );
    // A time, a quantity and a date carry no hedge.
    let run = crosswire_with_stdin(
        &["check", "--rules", "tests/values/new-kinds.yaml", "--format", "json", "-"],
        Some("The blast at 9:15 a.m. local time hit a village 15 miles from the border. The deal was signed on 12/03/14.\n"),
    );
    let report = crate::common::json(&run);
    for row in report["slots"].as_array().unwrap() {
        for v in row["values"].as_array().unwrap() {
            assert!(v.get("hedge").is_none(), "{v}");
        }
    }
}
