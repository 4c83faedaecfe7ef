//! Several outlets, two stories: `check` and `quotes` on tests/data/multi/
//! (a ferry capsizing told by four outlets, a mill strike told by three, one
//! news-in-brief roundup in both), snapshotted as text and JSON, with the
//! findings a reader would expect asserted one by one.

use serde_json::Value;

use crate::common::{crosswire, json};

const RULES: &str = "tests/data/multi/rules";
const SOURCES: &str = "tests/data/multi/sources";

fn check(format: &str) -> crate::common::Run {
    let run = crosswire(&["check", "--rules", RULES, SOURCES, "--format", format]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    run
}

/// `story/slot kind: outlet=value, ...` for every finding, values sorted.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut values: Vec<String> = f["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| format!("{}={}", v["source"].as_str().unwrap(), v["value"]))
                .collect();
            values.sort();
            format!(
                "{}/{} {}: {}",
                f["story"].as_str().unwrap(),
                f["slot"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                values.join(", ")
            )
        })
        .collect()
}

#[test]
fn multi_story_check_text() {
    insta::assert_snapshot!("multi_check_text", check("text").stdout);
}

#[test]
fn multi_story_check_json() {
    let run = check("json");
    let report = json(&run);
    assert_eq!(report["summary"]["checked"], 6);
    assert_eq!(report["summary"]["stories"], 2);
    // The roundup is in scope for both stories; each other outlet for one.
    let stories = |name: &str| {
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["stories"].clone())
            .unwrap()
    };
    assert_eq!(
        stories("Evening Post"),
        serde_json::json!(["lake-ferry", "mill-strike"])
    );
    assert_eq!(stories("Nordwire"), serde_json::json!(["lake-ferry"]));
    assert_eq!(
        stories("County Courier"),
        serde_json::json!(["mill-strike"])
    );

    // A fact-table row counts the sources its story applies to: the checked
    // sources whose `stories` name it (the names are in `sources` once, not
    // in every row).
    let rows = report["slots"].as_array().unwrap();
    for row in rows {
        assert!(row.get("sources").is_none(), "{row}");
        let in_scope = report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "checked")
            .filter(|s| s["stories"].as_array().unwrap().contains(&row["story"]))
            .count();
        assert_eq!(row["in_scope"], in_scope, "{}", row["slot"]);
    }
    let in_scope =
        |story: &str| rows.iter().find(|r| r["story"] == story).unwrap()["in_scope"].clone();
    assert_eq!(
        (in_scope("lake-ferry"), in_scope("mill-strike")),
        (4.into(), 3.into())
    );

    let found = findings(&report);
    let has = |prefix: &str| found.iter().any(|f| f.starts_with(prefix));
    // Each disagreement written into the sources is found, as the kind a
    // reader would call it.
    for expected in [
        "lake-ferry/deaths conflict",
        "lake-ferry/passengers conflict",
        "lake-ferry/capsized-day conflict",
        "lake-ferry/distance conflict",
        "mill-strike/strikers conflict",
        "mill-strike/strike-day conflict",
        "mill-strike/pay-rise conflict",
        "mill-strike/offer-quote wording",
    ] {
        assert!(has(expected), "no `{expected}` in {found:#?}");
    }
    // Agreements stay quiet: the union leader is named alike (the roundup
    // only leaves him out), 8% = 8 percent.
    let leader: Vec<&String> = found
        .iter()
        .filter(|f| f.starts_with("mill-strike/union-leader"))
        .collect();
    assert_eq!(
        leader,
        ["mill-strike/union-leader missing: County Courier=\"Tom Reyes\", Harrow Gazette=\"Tom Reyes\""]
    );
    assert!(
        found.contains(
            &"mill-strike/pay-rise conflict: County Courier=\"8%\", Evening Post=\"10%\", Harrow Gazette=\"8%\""
                .to_string()
        ),
        "{found:#?}"
    );
    insta::assert_snapshot!("multi_check_json", run.stdout);
}

#[test]
fn multi_story_quotes_text() {
    let run = crosswire(&["quotes", SOURCES]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    insta::assert_snapshot!("multi_quotes_text", run.stdout);
}

#[test]
fn multi_story_quotes_json() {
    let run = crosswire(&["quotes", SOURCES, "--format", "json"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let report = json(&run);
    assert_eq!(report["summary"]["checked"], 6);
    assert_eq!(report["summary"]["quotes"], 5);
    assert_eq!(report["summary"]["groups"], 2);
    insta::assert_snapshot!("multi_quotes_json", run.stdout);
}

/// "Anna Lindqvist" (Nordwire, Halde Daily) and "Anna Lindquist" (Radio
/// Vessen) are one spokesperson spelled two ways: a `spelling` variant (the
/// `u` of `qu` is a consonant, so no vowel was added), and her identical
/// quote in the three outlets agrees.
#[test]
fn a_spelling_of_the_spokesperson_is_a_variant() {
    let report = json(&check("json"));
    let found = findings(&report);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("lake-ferry/spokesperson spelling")),
        "{found:#?}"
    );
}

/// `crosswire quotes` aligns Radio Vessen's quote with the other two,
/// although it spells the speaker's name differently: the aligner takes the
/// `name` kind's spelling variants as one speaker.
#[test]
fn a_spelled_variant_speaker_quote_is_aligned() {
    let run = crosswire(&["quotes", SOURCES, "--format", "json"]);
    let quotes = json(&run);
    let radio = quotes["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["source"] == "Radio Vessen")
        .unwrap();
    assert_ne!(radio["class"], "unique", "{radio:#?}");
}
