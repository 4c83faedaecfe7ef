//! Baselines end to end: create, suppress, survive an unrelated edit, go
//! stale, expire, and a changed value making a new finding.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{crosswire, json};

const RULES: &str = "tests/data/hostile/rules.yaml";

/// A copy of the hostile sources to edit.
fn sources() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    for name in ["web.txt", "wire.txt"] {
        std::fs::copy(
            Path::new("tests/data/hostile/sources").join(name),
            sources.join(name),
        )
        .unwrap();
    }
    (dir, sources)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn create(sources: &Path, baseline: &Path) {
    let run = crosswire(&[
        "baseline",
        "create",
        "--rules",
        RULES,
        sources.to_str().unwrap(),
        "-o",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("wrote 2 entries"), "{}", run.stderr);
}

fn check(sources: &Path, baseline: &Path) -> (i32, Value, String) {
    let run = crosswire(&[
        "check",
        "--rules",
        RULES,
        sources.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
        "--format",
        "json",
    ]);
    (run.code, json(&run), run.stderr)
}

fn slots(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["slot"].as_str().unwrap())
        .collect()
}

#[test]
fn a_baseline_suppresses_what_it_lists_and_counts_it() {
    let (dir, sources) = sources();
    let baseline = dir.path().join("crosswire-baseline.yaml");
    create(&sources, &baseline);
    let file: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let entries = file["entries"].as_sequence().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["story"], "hostile");
    assert_eq!(entries[0]["slot"], "claim");
    assert_eq!(entries[0]["kind"], "conflict");
    assert_eq!(entries[1]["slot"], "missiles");
    assert_eq!(entries[1]["values"][0], "web <i>&amp;</i> co: 31");
    assert_eq!(entries[1]["values"][1], "wire: 30");
    assert_eq!(entries[0]["reason"], "");

    let (code, report, stderr) = check(&sources, &baseline);
    assert_eq!(code, 0, "everything is baselined: {stderr}");
    assert!(slots(&report).is_empty());
    assert_eq!(report["summary"]["baselined"], 2);
    let text = crosswire(&[
        "check",
        "--rules",
        RULES,
        sources.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert!(
        text.stdout.ends_with(
            "2 sources checked, 0 skipped; 1 story, 3 slots; no findings; 2 baselined\n"
        ),
        "{}",
        text.stdout
    );

    // An unrelated edit (a new paragraph on top) moves every value but keeps
    // the fingerprints.
    edit(
        &sources.join("web.txt"),
        "The Hostile Ministry spoke again",
        "An unrelated paragraph.\n\nThe Hostile Ministry spoke again",
    );
    let (code, report, _) = check(&sources, &baseline);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["baselined"], 2);
}

#[test]
fn a_changed_value_is_a_new_finding_and_the_old_entry_goes_stale() {
    let (dir, sources) = sources();
    let baseline = dir.path().join("b.yaml");
    create(&sources, &baseline);
    edit(
        &sources.join("web.txt"),
        "fired 31 missiles",
        "fired 32 missiles",
    );
    let (code, report, stderr) = check(&sources, &baseline);
    assert_eq!(code, 1, "the new value fails the gate");
    assert_eq!(slots(&report), ["missiles"]);
    assert_eq!(report["summary"]["baselined"], 1);
    assert!(
        stderr.contains(
            "stale baseline entry hostile/missiles (conflict): no finding matches it any more"
        ),
        "{stderr}"
    );
    // The warning points at the entry's line in the baseline file.
    let text = std::fs::read_to_string(&baseline).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("fingerprint") && l.contains(&report_fp(&text, "missiles")))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("{}:{line}:", baseline.display())),
        "{stderr}"
    );

    // The values agree now: the entry is stale and nothing fails.
    edit(
        &sources.join("web.txt"),
        "fired 32 missiles",
        "fired 30 missiles",
    );
    let (code, report, stderr) = check(&sources, &baseline);
    assert_eq!(code, 0, "{stderr}");
    assert!(slots(&report).is_empty());
    assert!(
        stderr.contains("stale baseline entry hostile/missiles"),
        "{stderr}"
    );
}

/// The fingerprint of the entry for `slot` in a baseline file's text.
fn report_fp(text: &str, slot: &str) -> String {
    let file: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    file["entries"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|e| e["slot"] == slot)
        .and_then(|e| e["fingerprint"].as_str())
        .unwrap()
        .to_string()
}

#[test]
fn expired_entries_fail_the_gate_again_and_reasons_survive_recreation() {
    let (dir, sources) = sources();
    let baseline = dir.path().join("b.yaml");
    create(&sources, &baseline);
    let text = std::fs::read_to_string(&baseline).unwrap();
    // The claim: accepted until 2000 (expired); the missiles: until 2999.
    let text = text.replacen(
        "reason: ''",
        "reason: the wire's copy was corrected later\n  expires: 2000-01-01",
        1,
    );
    let text = text.replacen(
        "reason: ''",
        "reason: counts differ by one\n  expires: 2999-12-31",
        1,
    );
    std::fs::write(&baseline, &text).unwrap();
    let (code, report, stderr) = check(&sources, &baseline);
    assert_eq!(code, 1, "the expired entry's finding fails: {stderr}");
    assert_eq!(slots(&report), ["claim"]);
    assert_eq!(report["summary"]["baselined"], 1);
    assert!(
        stderr.contains("baseline entry hostile/claim (conflict) expired on 2000-01-01: its finding counts again"),
        "{stderr}"
    );

    // Re-creating keeps what people wrote.
    create(&sources, &baseline);
    let again = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        again.contains("reason: the wire's copy was corrected later"),
        "{again}"
    );
    assert!(again.contains("expires: 2999-12-31"), "{again}");
}

#[test]
fn a_broken_baseline_is_an_error_at_its_line() {
    let (dir, sources) = sources();
    let baseline = dir.path().join("b.yaml");
    std::fs::write(
        &baseline,
        "version: 1\nentries:\n  - fingerprint: x\n    colour: red\n",
    )
    .unwrap();
    let (code, _, stderr) = check(&sources, &baseline);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid baseline file"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:4:5", baseline.display())),
        "{stderr}"
    );
    let missing = dir.path().join("none.yaml");
    let (code, _, stderr) = check(&sources, &missing);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read baseline file"), "{stderr}");
}

#[test]
fn the_committed_baseline_schema_is_current_and_accepts_a_created_file() {
    let run = crosswire(&["baseline", "schema"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string("docs/baseline.schema.json").unwrap();
    assert_eq!(
        run.stdout, committed,
        "docs/baseline.schema.json is stale: run `cargo run -- baseline schema > docs/baseline.schema.json`"
    );
    let schema: Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (dir, sources) = sources();
    let baseline = dir.path().join("b.yaml");
    create(&sources, &baseline);
    let file: Value = serde_yaml::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert!(validator.is_valid(&file));
    let bad = serde_json::json!({"version": 1, "entries": [{"fingerprint": "x"}]});
    assert!(!validator.is_valid(&bad));
}

/// A diagnostic: level, message, line, column (0 when absent).
type Said = (String, String, u64, u64);

/// The baseline `create` writes for the hostile sources, edited by `change`,
/// checked: (exit code, diagnostics as (level, message, line, column), text).
fn check_edited(change: impl FnOnce(&str) -> String) -> (i32, Vec<Said>, String) {
    let (dir, sources) = sources();
    let baseline = dir.path().join("b.yaml");
    create(&sources, &baseline);
    let text = change(&std::fs::read_to_string(&baseline).unwrap());
    std::fs::write(&baseline, &text).unwrap();
    let (code, report, _) = check(&sources, &baseline);
    let diagnostics = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["level"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (code, diagnostics, text)
}

/// 1-based numbers of the lines of `text` that contain `needle`.
fn lines_with(text: &str, needle: &str) -> Vec<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

const GONE: &str = "- fingerprint: ffffffffffffffffffffffffffffffff
  story: hostile
  slot: gone
  kind: conflict
  reason: ''
";

#[test]
fn each_entry_of_a_baseline_listed_twice_is_reported_at_its_own_line() {
    let (code, diagnostics, text) = check_edited(|text| {
        let (head, entries) = text.split_once("entries:\n").unwrap();
        format!("{head}entries:\n{entries}{GONE}{entries}{GONE}")
    });
    assert_eq!(code, 0, "{diagnostics:?}");
    let gone = lines_with(&text, "ffffffff");
    assert_eq!(gone.len(), 2);
    let stale: Vec<(u64, u64)> = diagnostics
        .iter()
        .filter(|d| d.1.starts_with("stale baseline entry hostile/gone"))
        .map(|d| (d.2, d.3))
        .collect();
    assert_eq!(stale, [(gone[0], 16), (gone[1], 16)]);
    let fingerprints = lines_with(&text, "- fingerprint: ");
    assert_eq!(fingerprints.len(), 6);
    let duplicates: Vec<(&str, u64)> = diagnostics
        .iter()
        .filter(|d| d.1.starts_with("duplicate baseline entry"))
        .map(|d| (d.0.as_str(), d.2))
        .collect();
    assert_eq!(
        duplicates,
        [
            ("warning", fingerprints[3]),
            ("warning", fingerprints[4]),
            ("warning", fingerprints[5])
        ]
    );
}

#[test]
fn a_bad_expiry_is_an_error_at_its_expires_line() {
    let (code, diagnostics, text) = check_edited(|text| {
        text.replacen("  reason: ''\n", "  reason: ok\n  expires: next week\n", 1)
    });
    assert_eq!(code, 2);
    let line = lines_with(&text, "expires: next week");
    assert_eq!(line.len(), 1);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.0 == "error").collect();
    assert_eq!(errors.len(), 1, "{diagnostics:?}");
    assert!(
        errors[0].1.ends_with("`expires: next week` is not a date"),
        "{}",
        errors[0].1
    );
    assert_eq!((errors[0].2, errors[0].3), (line[0], 12));
}

#[test]
fn a_fingerprint_that_is_not_one_is_an_error_at_its_line() {
    let (code, diagnostics, text) = check_edited(|text| {
        let at = text.find("- fingerprint: ").unwrap() + "- fingerprint: ".len();
        format!("{}XYZ{}", &text[..at], &text[at + 32..])
    });
    assert_eq!(code, 2);
    let line = lines_with(&text, "fingerprint: XYZ");
    assert_eq!(line.len(), 1);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.0 == "error").collect();
    assert_eq!(errors.len(), 1, "{diagnostics:?}");
    assert!(
        errors[0]
            .1
            .ends_with("`fingerprint: XYZ` is not a fingerprint"),
        "{}",
        errors[0].1
    );
    assert_eq!((errors[0].2, errors[0].3), (line[0], 16));
}
