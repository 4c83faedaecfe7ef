//! `crosswire rules lint | test | schema | new` and `crosswire explain`, end
//! to end: every broken rule file, every lint warning, rule tests passing and
//! failing, explain on the seed story, the schema's freshness and scaffolding.

use crate::common::{crosswire, json};

const RULES: &str = "rules/korea-cmc-2023-04.yaml";
const SEED: &str = "fixtures/korea-cmc-2023-04/";

/// `tests/rules/<folder>/<name>` from a glob path.
fn relative(path: &std::path::Path, folder: &str) -> String {
    let path = path.to_string_lossy().into_owned();
    let marker = format!("tests/rules/{folder}/");
    path.split_once(&marker)
        .map(|(_, name)| format!("{marker}{name}"))
        .unwrap_or(path)
}

#[test]
fn lint_reports_every_broken_rule_file_with_a_location_and_exit_2() {
    insta::glob!("rules/broken/*.yaml", |path| {
        let file = relative(path, "broken");
        let run = crosswire(&["rules", "lint", &file]);
        assert_eq!(run.code, 2, "{file}: {}", run.stdout);
        // Every error names the file with its line and column (an empty file
        // has no line to point at).
        if !file.ends_with("empty-file.yaml") {
            assert!(
                run.stdout.contains(&format!("--> {file}:")),
                "{file}: {}",
                run.stdout
            );
        }
        insta::assert_snapshot!(run.stdout);
    });
}

#[test]
fn lint_reports_a_story_id_used_twice() {
    let run = crosswire(&["rules", "lint", "tests/rules/duplicate-story"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn lint_warns_about_likely_mistakes_and_exits_0() {
    insta::glob!("rules/warnings/*.yaml", |path| {
        let file = relative(path, "warnings");
        let run = crosswire(&["rules", "lint", &file]);
        assert_eq!(run.code, 0, "{file}: {}", run.stdout);
        assert!(run.stdout.contains("warning: "), "{file}: {}", run.stdout);
        insta::assert_snapshot!(run.stdout);
    });
}

#[test]
fn lint_of_the_shipped_rules_is_clean() {
    // No PATHS: ./rules, which holds the rule file and its test file.
    let run = crosswire(&["rules", "lint"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "1 rule file linted: 0 errors, 0 warnings\n");
}

#[test]
fn lint_json_is_for_editors() {
    let run = crosswire(&[
        "rules",
        "lint",
        "tests/rules/broken/unknown-slot-key.yaml",
        "tests/rules/warnings/no-placeholder.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let doc = json(&run);
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 1);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 5);
    assert_eq!(first["end_column"], 12);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rules_test_passes_on_the_shipped_rules_with_full_coverage() {
    let run = crosswire(&["rules", "test", "rules/", "--coverage"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rules_test_prints_each_failing_expectation_and_exits_1() {
    let run = crosswire(&["rules", "test", "tests/rules/failing"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rules_test_coverage_fails_a_slot_no_test_pins() {
    let without = crosswire(&["rules", "test", "tests/rules/partial"]);
    assert_eq!(without.code, 0, "{}", without.stdout);
    let with = crosswire(&["rules", "test", "tests/rules/partial", "--coverage"]);
    assert_eq!(with.code, 1, "{}", with.stdout);
    assert!(with
        .stdout
        .contains("coverage: 1 of 14 slots pinned by a test; not pinned (fails --coverage):"));
    assert!(with
        .stdout
        .contains("rules/korea-cmc-2023-04.yaml:13  kwon-reaction"));
}

#[test]
fn rules_test_errors_in_a_test_file_are_located_and_exit_2() {
    let run = crosswire(&["rules", "test", "tests/rules/broken-tests"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn rules_test_json_lists_failures() {
    let run = crosswire(&["rules", "test", "tests/rules/failing", "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc = json(&run);
    let failures = doc["files"][0]["cases"][0]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 6);
    assert_eq!(failures[0]["what"], "`kwon-reaction` in dw");
    assert_eq!(failures[0]["expected"], "\"strong regret\"");
    assert_eq!(
        failures[0]["actual"],
        "\"disappointment\" at fixtures/korea-cmc-2023-04/dw.txt:29:58"
    );
}

#[test]
fn explain_shows_match_value_and_derivation() {
    let run = crosswire(&["explain", SEED, "--rules", RULES, "--slot", "missiles-2022"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("value:    nearly 70  (`nearly 70` -> [63, 70))"));
    // dw has no value: the nearest partial match says what is missing.
    assert!(run.stdout.contains("missing:  `{number}` before it"));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn explain_says_why_two_values_disagree() {
    let run = crosswire(&["explain", SEED, "--rules", RULES, "--slot", "kwon-reaction"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("ap vs dw: differ (strong regret / disappointment): different wording (similarity 0.00 < 0.5)"));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn explain_shows_the_nearest_partial_match_where_nothing_matched() {
    let run = crosswire(&[
        "explain",
        SEED,
        "--rules",
        "tests/rules/explain/near-miss.yaml",
        "--source",
        "dw",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn explain_json_carries_the_trace() {
    let run = crosswire(&[
        "explain",
        SEED,
        "--rules",
        RULES,
        "--slot",
        "drills-month",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&run);
    let slot = &doc["stories"][0]["slots"][0];
    assert_eq!(slot["slot"], "drills-month");
    let ap = slot["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "ap")
        .unwrap();
    let m = &ap["attempts"][1]["matches"][0];
    assert_eq!(m["raw"], "last month");
    assert_eq!(m["outcome"]["status"], "value");
    assert_eq!(m["outcome"]["value"], "March 2023");
    // Both give the same value: comparison merges it, compares no pair.
    assert_eq!(slot["distinct"][0]["values"][0], "March 2023");
    assert_eq!(
        slot["distinct"][0]["sources"],
        serde_json::json!(["ap", "dw"])
    );
    assert_eq!(slot["comparisons"].as_array().unwrap().len(), 0);
    assert_eq!(slot["expect"]["results"][0]["verdict"], "same");
}

#[test]
fn explain_rejects_an_unknown_slot_with_a_suggestion() {
    let run = crosswire(&["explain", SEED, "--rules", RULES, "--slot", "kwon-reactoin"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error: no slot `kwon-reactoin`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `kwon-reaction`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_committed_schema_is_what_rules_schema_prints() {
    let run = crosswire(&["rules", "schema"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.schema.json"),
    )
    .unwrap();
    assert!(
        run.stdout == committed,
        "docs/rules.schema.json is stale: run `cargo run -- rules schema > docs/rules.schema.json`"
    );
}

#[test]
fn shipped_rule_files_point_editors_at_the_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".yaml") && !name.ends_with(".test.yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=../docs/rules.schema.json\n"),
                "{name} does not start with the schema comment"
            );
        }
    }
}

/// A fresh folder under target/, so paths in the scaffold are stable.
fn scratch() -> tempfile::TempDir {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/rules-new-tests");
    std::fs::create_dir_all(&base).unwrap();
    tempfile::Builder::new()
        .prefix("case")
        .tempdir_in(base)
        .unwrap()
}

#[test]
fn rules_new_drafts_slots_from_shared_facts_that_lint_and_test_clean() {
    let dir = scratch();
    let shown = dir.path().to_string_lossy().into_owned();
    let run = crosswire(&[
        "rules",
        "new",
        "korea-draft",
        "fixtures/korea-cmc-2023-04/dw.txt",
        "fixtures/korea-cmc-2023-04/ap.txt",
        "--dir",
        &shown,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("(3 slots proposed from 2 sources)"),
        "{}",
        run.stdout
    );
    let rules = std::fs::read_to_string(dir.path().join("korea-draft.yaml")).unwrap();
    let test = std::fs::read_to_string(dir.path().join("korea-draft.test.yaml")).unwrap();
    insta::assert_snapshot!("rules_new_seed_rules", rules);
    insta::assert_snapshot!("rules_new_seed_test", test);
    let lint = crosswire(&["rules", "lint", &shown]);
    assert_eq!(lint.code, 0, "{}", lint.stdout);
    assert!(
        lint.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        lint.stdout
    );
    let tested = crosswire(&["rules", "test", &shown, "--coverage"]);
    assert_eq!(tested.code, 0, "{}{}", tested.stdout, tested.stderr);
    // Existing files are not overwritten.
    let again = crosswire(&["rules", "new", "korea-draft", "--dir", &shown]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn rules_new_without_sources_writes_a_template_that_runs() {
    let dir = scratch();
    let shown = dir.path().to_string_lossy().into_owned();
    let run = crosswire(&["rules", "new", "my-story", "--dir", &shown]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lint = crosswire(&["rules", "lint", &shown]);
    assert_eq!(lint.code, 0, "{}", lint.stdout);
    let tested = crosswire(&["rules", "test", &shown, "--coverage"]);
    assert_eq!(tested.code, 0, "{}{}", tested.stdout, tested.stderr);
    let bad = crosswire(&["rules", "new", "my story", "--dir", &shown]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("invalid story id `my story`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_test_file_example_in_docs_authoring_md_passes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/authoring.md")).unwrap();
    let start = doc
        .find("```yaml\n# rules/korea-cmc-2023-04.test.yaml\n")
        .expect("the example is in the docs");
    let body = &doc[start + "```yaml\n".len()..];
    let example = &body[..body.find("```").unwrap()];
    // The example lives in rules/; run it from a scratch folder with the same
    // rule file and fixtures.
    let example = example
        .replace(
            "rules: korea-cmc-2023-04.yaml",
            &format!("rules: {}", root.join(RULES).display()),
        )
        .replace("../fixtures/", &format!("{}/fixtures/", root.display()));
    let dir = scratch();
    std::fs::write(dir.path().join("example.test.yaml"), example).unwrap();
    let run = crosswire(&["rules", "test", &dir.path().to_string_lossy()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("12 expectations: 12 passed, 0 failed"),
        "{}",
        run.stdout
    );
}
