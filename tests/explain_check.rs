//! `explain` and `check` can never disagree: for every slot of the seed story
//! and of tests/data/multi/ (six outlets, two stories), explain's JSON gives
//! each source the value `check` compares, the same findings, and pairwise
//! verdicts that agree with check's finding kinds. Both run the same pipeline
//! (explain records it through an observer), so this holds by construction;
//! the test keeps it so.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{crosswire, json};

/// (story, slot) -> source -> values check read, in document order.
type CheckValues = BTreeMap<(String, String), BTreeMap<String, Vec<String>>>;

fn check_values(report: &Value) -> CheckValues {
    let mut out = CheckValues::new();
    for row in report["slots"].as_array().unwrap() {
        let key = (
            row["story"].as_str().unwrap().to_string(),
            row["slot"].as_str().unwrap().to_string(),
        );
        let entry = out.entry(key).or_default();
        for v in row["values"].as_array().unwrap() {
            entry
                .entry(v["source"].as_str().unwrap().to_string())
                .or_default()
                .push(v["value"].as_str().unwrap().to_string());
        }
    }
    out
}

/// `kind severity message (reason)` of a finding, as both reports write it.
fn finding_line(f: &Value) -> String {
    format!(
        "{} {} {} ({})",
        f["kind"].as_str().unwrap(),
        f["severity"].as_str().unwrap(),
        f["message"].as_str().unwrap(),
        f["reason"].as_str().unwrap()
    )
}

/// [`finding_line`] of each finding of (story, slot), sorted.
fn check_findings(report: &Value, story: &str, slot: &str) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["story"] == story && f["slot"] == slot)
        .map(finding_line)
        .collect();
    out.sort();
    out
}

fn agree(rules: &str, sources: &str) -> usize {
    let explain = crosswire(&["explain", "--rules", rules, sources, "--format", "json"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    let check = crosswire(&["check", "--rules", rules, sources, "--format", "json"]);
    assert!(check.code <= 1, "{}", check.stderr);
    let (explain, check) = (json(&explain), json(&check));
    let values = check_values(&check);
    let mut slots = 0;
    for story in explain["stories"].as_array().unwrap() {
        let story_id = story["story"].as_str().unwrap();
        for slot in story["slots"].as_array().unwrap() {
            slots += 1;
            let slot_id = slot["slot"].as_str().unwrap();
            let what = format!("{story_id}/{slot_id}");
            let read = values
                .get(&(story_id.to_string(), slot_id.to_string()))
                .unwrap_or_else(|| panic!("{what}: no row in check's report"));

            // The same value per source.
            let mut given = BTreeMap::new();
            for source in slot["sources"].as_array().unwrap() {
                let name = source["source"].as_str().unwrap();
                let explained = source["value"].as_str();
                match (explained, read.get(name)) {
                    (None, None) => {}
                    (Some(value), Some(all)) => {
                        assert!(
                            all.iter().any(|v| v == value),
                            "{what}: explain gives {name} `{value}`, check read {all:?}"
                        );
                        if slot["kind"] != "name" {
                            assert_eq!(all[0], value, "{what}: {name}'s first value");
                        }
                        given.insert(name.to_string(), value.to_string());
                    }
                    (e, c) => panic!("{what}: {name}: explain {e:?}, check {c:?}"),
                }
            }
            assert_eq!(given.len(), read.len(), "{what}: sources with a value");

            // The same findings.
            let mut explained: Vec<String> = slot["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(finding_line)
                .collect();
            explained.sort();
            let found = check_findings(&check, story_id, slot_id);
            assert_eq!(explained, found, "{what}: findings");

            // The verdicts explain shows are the ones the findings rest on.
            let verdicts: Vec<&str> = slot["comparisons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["verdict"].as_str().unwrap())
                .collect();
            let kinds: Vec<&str> = found.iter().map(|f| f.split(' ').next().unwrap()).collect();
            let disagreement = kinds.iter().any(|k| *k == "conflict" || *k == "update");
            assert_eq!(
                verdicts.contains(&"different"),
                disagreement,
                "{what}: verdicts {verdicts:?}, findings {kinds:?}"
            );
            if verdicts.iter().all(|v| *v == "same") {
                assert!(
                    !kinds.iter().any(|k| [
                        "conflict", "update", "partial", "figure", "wording", "spelling"
                    ]
                    .contains(k)),
                    "{what}: every pair agrees, yet {kinds:?}"
                );
            }
            // Each distinct value explain lists is a value a source gives.
            for d in slot["distinct"].as_array().unwrap() {
                for s in d["sources"].as_array().unwrap() {
                    let s = s.as_str().unwrap();
                    assert_eq!(
                        given.get(s).map(String::as_str),
                        d["values"][0].as_str(),
                        "{what}: distinct value of {s}"
                    );
                }
            }
        }
    }
    slots
}

#[test]
fn explain_and_check_agree_on_every_slot_of_the_seed_story() {
    let slots = agree("rules/korea-cmc-2023-04.yaml", "fixtures/korea-cmc-2023-04");
    assert_eq!(slots, 14);
}

#[test]
fn explain_and_check_agree_on_every_slot_of_six_outlets_and_two_stories() {
    let slots = agree("tests/data/multi/rules", "tests/data/multi/sources");
    assert!(slots >= 10, "{slots} slots");
}
