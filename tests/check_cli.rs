//! `crosswire check` on the seed story, end to end.

use serde_json::Value;

use crate::common::{crosswire, crosswire_with_stdin, json};

const RULES: &str = "rules/korea-cmc-2023-04.yaml";
const SEED: &str = "fixtures/korea-cmc-2023-04/";

fn seed_json() -> Value {
    let run = crosswire(&["check", "--rules", RULES, SEED, "--format", "json"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    json(&run)
}

fn findings_for<'a>(report: &'a Value, slot: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| f["slot"] == slot)
        .collect()
}

fn values_of(finding: &Value) -> Vec<(String, String)> {
    finding["values"]
        .as_array()
        .expect("values array")
        .iter()
        .map(|v| {
            (
                v["source"].as_str().unwrap_or("").to_string(),
                v["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn differences_the_editor_found_are_flagged_with_both_wordings() {
    let report = seed_json();
    let cases = [
        ("kwon-reaction", "disappointment", "strong regret"),
        ("kwon-legal-warning", "legal consequences", "legal action"),
        (
            "kcna-allies-quote",
            "the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression",
            "in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression",
        ),
        ("frantic-target", "aggression", "military exercises"),
    ];
    for (slot, dw, ap) in cases {
        let findings = findings_for(&report, slot);
        assert_eq!(findings.len(), 1, "{slot}: {findings:#?}");
        let finding = findings[0];
        let kind = finding["kind"].as_str().unwrap_or("");
        assert!(kind == "conflict" || kind == "wording", "{slot}: {kind}");
        let values = values_of(finding);
        assert!(
            values.iter().any(|(s, t)| s == "dw" && t.contains(dw)),
            "{slot}: {values:?}"
        );
        assert!(
            values.iter().any(|(s, t)| s == "ap" && t.contains(ap)),
            "{slot}: {values:?}"
        );
    }
    assert_eq!(
        findings_for(&report, "kwon-reaction")[0]["kind"],
        "conflict"
    );
    assert_eq!(
        findings_for(&report, "kcna-allies-quote")[0]["kind"],
        "wording"
    );
    assert!(!findings_for(&report, "kcna-allies-quote")[0]["diffs"]
        .as_array()
        .expect("diffs")
        .is_empty());
}

#[test]
fn facts_both_give_alike_are_filled_from_both_and_not_flagged() {
    let report = seed_json();
    let slots = report["slots"].as_array().expect("slots array");
    for slot in [
        "unification-minister",
        "meeting-day",
        "report-day",
        "practical-offensive",
        "attitude-quote",
        "drills-month",
    ] {
        assert!(
            findings_for(&report, slot).is_empty(),
            "{slot}: {:#?}",
            findings_for(&report, slot)
        );
        let row = slots.iter().find(|r| r["slot"] == slot).expect("row");
        assert_eq!(row["status"], "agree", "{slot}");
        let sources: Vec<&str> = row["values"]
            .as_array()
            .expect("values")
            .iter()
            .filter_map(|v| v["source"].as_str())
            .collect();
        assert!(
            sources.contains(&"ap") && sources.contains(&"dw"),
            "{slot}: {sources:?}"
        );
    }
    let value = |slot: &str, source: &str| -> String {
        let row = slots.iter().find(|r| r["slot"] == slot).expect("row");
        row["values"]
            .as_array()
            .expect("values")
            .iter()
            .find(|v| v["source"] == source)
            .and_then(|v| v["value"].as_str())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(value("meeting-day", "dw"), "2023-04-10 (Monday)");
    assert_eq!(value("meeting-day", "ap"), "2023-04-10 (Monday)");
    assert_eq!(value("report-day", "ap"), "2023-04-11 (Tuesday)");
    assert_eq!(value("unification-minister", "ap"), "Kwon Youngse");
    assert_eq!(
        value("attitude-quote", "ap"),
        "unilateral and irresponsible attitude"
    );
}

#[test]
fn facts_only_one_outlet_gives_are_missing_only() {
    let report = seed_json();
    let cases = [
        ("hotline-silent-days", "ap", "dw", "5th"),
        ("missiles-2023", "ap", "dw", "about 30"),
        ("missiles-2022", "ap", "dw", "nearly 70"),
        ("icbms-2023", "dw", "ap", "2"),
    ];
    for (slot, has, lacks, value) in cases {
        let findings = findings_for(&report, slot);
        assert_eq!(findings.len(), 1, "{slot}: {findings:#?}");
        assert_eq!(findings[0]["kind"], "missing", "{slot}");
        assert_eq!(findings[0]["severity"], "info", "{slot}");
        assert_eq!(
            findings[0]["missing_from"],
            serde_json::json!([lacks]),
            "{slot}"
        );
        assert_eq!(findings[0]["values"][0]["source"], has, "{slot}");
        assert_eq!(findings[0]["values"][0]["value"], value, "{slot}");
    }
}

#[test]
fn every_value_is_located_in_the_original_file() {
    let report = seed_json();
    let finding = findings_for(&report, "kwon-reaction")[0];
    let ap = &finding["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|v| v["source"] == "ap")
        .expect("ap value")
        .clone();
    assert_eq!(ap["path"], "fixtures/korea-cmc-2023-04/ap.txt");
    assert_eq!(ap["line"], 25);
    // The value starts after the curly quote: columns count characters of the original.
    let line = std::fs::read_to_string("fixtures/korea-cmc-2023-04/ap.txt")
        .expect("fixture")
        .lines()
        .nth(24)
        .expect("line 25")
        .to_string();
    let column = line.chars().collect::<Vec<_>>();
    let at = ap["column"].as_u64().expect("column") as usize - 1;
    let text: String = column[at..at + "strong regret".chars().count()]
        .iter()
        .collect();
    assert_eq!(text, "strong regret");
    assert!(ap["sentence"]
        .as_str()
        .expect("sentence")
        .contains("expressed “strong regret” over"));
}

#[test]
fn sources_array_accounts_for_every_input() {
    let report = seed_json();
    let sources = report["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0]["name"], "ap");
    assert_eq!(sources[0]["status"], "checked");
    assert_eq!(sources[0]["date"], "2023-04-11");
    assert_eq!(sources[0]["date_from"], "story");
    assert_eq!(sources[1]["name"], "dw");
    assert_eq!(sources[1]["date_from"], "dateline");
    assert_eq!(report["version"], 2);
}

#[test]
fn text_report_snapshot() {
    let run = crosswire(&["check", "--rules", RULES, SEED]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("seed_text", run.stdout);
}

#[test]
fn json_report_snapshot() {
    let run = crosswire(&["check", "--rules", RULES, SEED, "--format", "json"]);
    insta::assert_snapshot!("seed_json", run.stdout);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    for format in [
        "text", "json", "sarif", "junit", "github", "jsonl", "markdown", "html",
    ] {
        let one = crosswire(&[
            "check", "--rules", RULES, SEED, "--format", format, "--jobs", "1",
        ]);
        let many = crosswire(&[
            "check", "--rules", RULES, SEED, "--format", format, "--jobs", "8",
        ]);
        assert_eq!(one.stdout, many.stdout, "{format}");
        assert_eq!(one.code, many.code);
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    let code = |level: &str| crosswire(&["check", "--rules", RULES, SEED, "--fail-on", level]).code;
    assert_eq!(code("never"), 0);
    assert_eq!(code("error"), 1);
    assert_eq!(code("warning"), 1);
    assert_eq!(code("info"), 1);
}

#[test]
fn a_clean_run_exits_zero() {
    let run = crosswire(&[
        "check",
        "--rules",
        RULES,
        "fixtures/korea-cmc-2023-04/ap.txt",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("1 source checked, 0 skipped; 1 story, 14 slots; no findings"),
        "{}",
        run.stdout
    );
}

#[test]
fn standard_input_is_a_source() {
    let text = std::fs::read_to_string("fixtures/korea-cmc-2023-04/dw.txt").expect("fixture");
    let run = crosswire_with_stdin(
        &[
            "check",
            "--rules",
            RULES,
            "fixtures/korea-cmc-2023-04/ap.txt",
            "-",
            "--format",
            "json",
        ],
        Some(&text),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["sources"][1]["name"], "stdin");
    assert_eq!(report["sources"][1]["path"], "<stdin>");
    assert_eq!(
        findings_for(&report, "kwon-reaction")[0]["kind"],
        "conflict"
    );
}

#[test]
fn a_missing_source_is_an_input_error() {
    let run = crosswire(&["check", "--rules", RULES, "fixtures/nope.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("fixtures/nope.txt"), "{}", run.stderr);
}

#[test]
fn a_missing_rules_folder_is_an_error() {
    let run = crosswire(&["check", "--rules", "no-such-rules", SEED]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no such rule file or folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(crosswire(&["check"]).code, 2);
    assert_eq!(crosswire(&["check", SEED, "--format", "xml"]).code, 2);
    assert_eq!(crosswire(&["check", SEED, "--date", "yesterday"]).code, 2);
    assert_eq!(crosswire(&["frobnicate"]).code, 2);
}

#[test]
fn help_snapshot() {
    let run = crosswire(&["check", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("check_help", run.stdout);
}

#[test]
fn the_default_rules_folder_is_used() {
    let run = crosswire(&["check", SEED, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(json(&run)["summary"]["stories"], 1);
}

#[test]
fn readme_sample_output_is_what_the_quick_start_prints() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    assert!(readme.contains(
        "cargo run --release -- check --rules rules/korea-cmc-2023-04.yaml fixtures/korea-cmc-2023-04/"
    ));
    let run = crosswire(&["check", "--rules", RULES, SEED]);
    let mut blocks = 0;
    for block in readme.split("```text\n").skip(1) {
        let block = block.split("```").next().unwrap_or("");
        for line in block.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                run.stdout.contains(line),
                "README line not in the output:\n{line}"
            );
        }
        blocks += 1;
    }
    assert_eq!(blocks, 2);
}

#[test]
fn an_invalid_front_matter_date_is_a_warning_not_silence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad-date.md");
    std::fs::write(
        &path,
        "---\noutlet: Example\ndate: 2023-02-30\n---\nKwon Youngse expressed regret over the decision.\n",
    )
    .expect("write source");
    let run = crosswire(&[
        "check",
        "--rules",
        RULES,
        path.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    let report = json(&run);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["level"], "warning");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("2023-02-30"),
        "{diagnostics:#?}"
    );
    assert_eq!(report["sources"][0]["date_from"], "story");
    assert!(run.stderr.contains("2023-02-30"), "{}", run.stderr);
    assert_eq!(run.code, 0, "a warning does not fail the run");
}

#[test]
fn docs_cli_md_lists_every_option_of_every_command() {
    let docs = std::fs::read_to_string("docs/cli.md").expect("docs/cli.md");
    for command in [
        &["check"][..],
        &["quotes"],
        &["explain"],
        &["rules", "lint"],
        &["rules", "test"],
        &["rules", "schema"],
        &["rules", "new"],
        &["baseline", "create"],
        &["baseline", "schema"],
        &["facts"],
    ] {
        let heading = format!("## `crosswire {}", command.join(" "));
        assert!(docs.contains(&heading), "docs/cli.md has no `{heading}`");
        let mut args = command.to_vec();
        args.push("--help");
        let help = crosswire(&args).stdout;
        for flag in help
            .split_whitespace()
            .filter(|w| w.starts_with("--") && *w != "--help")
        {
            let flag = flag.trim_end_matches(',');
            assert!(
                docs.contains(&format!("`{flag}")) || docs.contains(&format!(", {flag}")),
                "docs/cli.md does not mention {flag} of {}",
                command.join(" ")
            );
        }
    }
}

#[test]
fn sources_out_of_every_scope_are_skipped_alike_whether_read_bare_or_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("quake.yaml");
    std::fs::write(
        &rules,
        "story: quake\nscope:\n  any: [earthquake]\nslots:\n  - id: magnitude\n    kind: number\n    patterns: [\"magnitude {number} earthquake\"]\n",
    )
    .expect("write rules");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    let files = [
        (
            "a-quake.txt",
            "A magnitude 6.4 earthquake struck on Tuesday.\n",
        ),
        (
            "b-weather.txt",
            "Mild weather.\n\nNothing happened in the town today.\n",
        ),
        // The soft hyphen goes when the text is normalized: in scope.
        (
            "c-hyphen.txt",
            "A magnitude 6.1 earth\u{AD}quake struck on Monday.\n",
        ),
        ("d-notes.md", "Markdown *notes* about the weather.\n"),
        ("e-boilerplate.txt", "Home\n\nAn earthquake? Not here.\n"),
    ];
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).expect("write source");
    }
    let run = crosswire(&[
        "check",
        "--rules",
        rules.to_str().expect("utf-8 path"),
        corpus.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let entries: Vec<(&str, &str, u64, &str)> = report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default(),
                s["status"].as_str().unwrap_or_default(),
                s["sentences"].as_u64().unwrap_or(99),
                s["reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let out = "out of scope for every story (quake: mentions none of earthquake)";
    assert_eq!(
        entries,
        [
            ("a-quake", "checked", 1, ""),
            ("b-weather", "skipped", 0, out),
            ("c-hyphen", "checked", 1, ""),
            ("d-notes", "skipped", 0, out),
            ("e-boilerplate", "checked", 2, ""),
        ]
    );
    let values = report["slots"][0]["values"].as_array().expect("values");
    let magnitudes: Vec<&str> = values.iter().filter_map(|v| v["value"].as_str()).collect();
    assert_eq!(magnitudes, ["6.4", "6.1"]);
}

#[test]
fn two_patterns_reading_one_mention_give_one_value() {
    // "strike {weekday}" reads `on Tuesday`, "strike on {weekday}" reads
    // `Tuesday`: overlapping words, one mention.
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("r.yaml");
    std::fs::write(
        &rules,
        "story: w\ndate: 2025-11-11\nslots:\n  - id: start\n    kind: weekday\n    patterns: [\"strike {weekday}\", \"strike on {weekday}\"]\n",
    )
    .expect("write rules");
    let source = dir.path().join("a.txt");
    std::fs::write(
        &source,
        "Nurses began a strike on Tuesday over pay. A second strike on Friday was called off.\n",
    )
    .expect("write source");
    let run = crosswire(&[
        "check",
        "--rules",
        rules.to_str().expect("utf-8 path"),
        source.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    let report = json(&run);
    let values = report["slots"][0]["values"].as_array().expect("values");
    let columns: Vec<(i64, i64)> = values
        .iter()
        .map(|v| {
            (
                v["column"].as_i64().unwrap_or(0),
                v["end_column"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    // The first pattern's reading of each mention, once.
    assert_eq!(columns, [(23, 33), (60, 69)], "{values:#?}");
}

#[test]
fn a_quote_slot_without_patterns_says_why_a_source_has_no_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("r.yaml");
    std::fs::write(
        &rules,
        "story: q\nslots:\n  - id: crossing\n    kind: quote\n    speaker: [Amina Yusuf]\n    contains: [what happened]\n",
    )
    .expect("write rules");
    let quote = "\"We will find out exactly what happened on that crossing,\"";
    for (name, said) in [
        ("a", "said Dr. Amina Yusuf."),
        ("b", "Amina Yusuf said."),
        ("c", "said Mr. Brennan."),
    ] {
        std::fs::write(
            dir.path().join(format!("{name}.txt")),
            format!("{quote} {said}\n"),
        )
        .expect("write source");
    }
    let run = crosswire(&[
        "check",
        "--rules",
        rules.to_str().expect("utf-8 path"),
        dir.path().to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    let report = json(&run);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["kind"], "missing");
    assert_eq!(
        findings[0]["message"],
        "only a and b give a value; c does not"
    );
    assert_eq!(
        findings[0]["reason"],
        "no quote in c passes the slot's `speaker:` and `contains:`"
    );
}

#[test]
fn an_iso_timestamp_dateline_is_the_publication_date() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.yaml");
    std::fs::write(
        &rules,
        "story: t\nslots:\n  - id: day\n    kind: weekday\n    patterns: [\"capsized {weekday}\"]\n",
    )
    .unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(
        &a,
        "Ferry sinks off Gravelle\nUpdated 2025-03-05T09:14:00Z\n\nA ferry capsized on Tuesday off Gravelle.\n",
    )
    .unwrap();
    let run = crosswire(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
        a.to_str().unwrap(),
    ]);
    let report = json(&run);
    assert_eq!(report["sources"][0]["date"], "2025-03-05", "{}", run.stdout);
    assert_eq!(report["sources"][0]["date_from"], "dateline");
    assert_eq!(
        report["slots"][0]["values"][0]["value"],
        "2025-03-04 (Tuesday)"
    );
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}
