//! `crosswire facts` on invented multi-outlet stories with planted
//! disagreements and many facts the outlets agree on: every planted
//! disagreement is found (recall) and nothing else is reported (precision).

use crate::common::{crosswire, json};

const QUAKE: &str = "fixtures/facts/selvik-quake/";
const MALL: &str = "fixtures/facts/harbor-mall-shooting/";
const LAYOFFS: &str = "fixtures/facts/corvane-layoffs/";

/// (slot, kind, the values in source order) of every finding.
fn findings(report: &serde_json::Value) -> Vec<(String, String, Vec<String>)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["slot"].as_str().unwrap_or("").to_string(),
                f["kind"].as_str().unwrap_or("").to_string(),
                f["values"]
                    .as_array()
                    .expect("values")
                    .iter()
                    .map(|v| {
                        format!(
                            "{}={}",
                            v["source"].as_str().unwrap_or(""),
                            v["value"].as_str().unwrap_or("")
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn the_quake_story_reports_every_planted_disagreement_and_nothing_else() {
    let run = crosswire(&["facts", "--format", "json", QUAKE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let found = findings(&report);
    let slots: Vec<(&str, &str)> = found
        .iter()
        .map(|(s, k, _)| (s.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        slots,
        [
            ("magnitude", "conflict"),
            ("people-killed", "conflict"),
            ("event-date", "conflict"),
            ("event-time", "conflict"),
            ("people-injured", "conflict"),
            ("governor", "conflict"),
            ("schools-damaged", "conflict"),
            ("population", "conflict"),
            ("quote-1", "wording"),
        ]
    );
    let killed = &found[1].2;
    assert!(killed.contains(&"wire-b=32".to_string()), "{killed:?}");
    assert!(
        killed.contains(&"daily=at least 20".to_string()),
        "{killed:?}"
    );
    // The 2011 toll agrees across outlets and stays out of today's.
    let rows = report["slots"].as_array().expect("fact table");
    let old_toll = rows
        .iter()
        .find(|r| {
            r["values"]
                .as_array()
                .is_some_and(|v| v.iter().any(|v| v["value"] == "300"))
        })
        .expect("the 2011 toll has its own row");
    assert_eq!(old_toll["status"], "agree");
    // Every alignment has a score, and every finding's reason says why.
    let alignments = report["alignments"].as_array().expect("alignments");
    assert_eq!(alignments.len(), rows.len());
    for a in alignments {
        let score = a["score"].as_f64().expect("score");
        assert!((0.5..=1.0).contains(&score), "{a}");
    }
    for f in report["findings"].as_array().expect("findings") {
        let reason = f["reason"].as_str().unwrap_or("");
        assert!(
            reason.starts_with("aligned because both about") || f["kind"] == "wording",
            "{reason}"
        );
    }
}

#[test]
fn the_mall_story_reports_every_planted_disagreement_and_nothing_else() {
    let run = crosswire(&["facts", "--format", "json", MALL]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&json(&run));
    let slots: Vec<(&str, &str)> = found
        .iter()
        .map(|(s, k, _)| (s.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        slots,
        [
            ("others-injured", "conflict"),
            ("shots-fired", "conflict"),
            ("age", "conflict"),
            ("police-chief", "spelling"),
            ("time-fired", "conflict"),
        ]
    );
    assert!(found[2].2.contains(&"gazette=42".to_string()));
    // The time the shots were fired (gazette) and heard (radio): aligned by
    // their sentences' words, not because each is its source's one time.
    assert_eq!(found[4].2, ["gazette=14:50", "radio=14:15"]);
}

#[test]
fn the_layoffs_story_reports_every_planted_disagreement_and_nothing_else() {
    let run = crosswire(&["facts", "--format", "json", LAYOFFS]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&json(&run));
    let slots: Vec<(&str, &str)> = found
        .iter()
        .map(|(s, k, _)| (s.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        slots,
        [
            ("people-employs", "conflict"),
            ("percent-fell", "conflict"),
            ("chief-executive", "conflict"),
            ("dollars-fined", "conflict"),
            ("date-announced", "conflict"),
            ("jobs-cut-2", "conflict"),
        ]
    );
    assert!(
        found[3].2.contains(&"wire=$54 million".to_string()),
        "{:?}",
        found[3]
    );
}

#[test]
fn the_seed_story_has_no_false_alarm_and_fail_on_error_passes_a_drift() {
    let run = crosswire(&["facts", "--fail-on", "error", "fixtures/korea-cmc-2023-04/"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("warning[wording] facts/quote-"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
}

#[test]
fn facts_text_report() {
    let run = crosswire(&["facts", QUAKE]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_missing_input_is_an_error_and_the_rest_are_still_checked() {
    let run = crosswire(&["facts", "--format", "json", "no-such-file.txt", MALL]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    assert_eq!(report["summary"]["checked"], 4);
    assert!(!report["findings"].as_array().expect("findings").is_empty());
}

/// A fresh folder under target/, so paths in the draft are stable.
fn scratch() -> tempfile::TempDir {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/facts-draft-tests");
    std::fs::create_dir_all(&base).unwrap();
    tempfile::Builder::new()
        .prefix("case")
        .tempdir_in(base)
        .unwrap()
}

#[test]
fn an_untouched_draft_raises_only_the_disagreements_facts_found() {
    for (story, folder) in [("quake", QUAKE), ("mall", MALL), ("layoffs", LAYOFFS)] {
        let dir = scratch();
        let shown = dir.path().to_string_lossy().into_owned();
        let mut args = vec!["rules", "new", story, "--dir", &shown];
        let files: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .collect();
        let mut files = files;
        files.sort();
        args.extend(files.iter().map(String::as_str));
        let run = crosswire(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let rules = std::fs::read_to_string(dir.path().join(format!("{story}.yaml"))).unwrap();
        assert!(!rules.contains("{quote}"), "{rules}");

        let facts = json(&crosswire(&["facts", "--format", "json", folder]));
        let disagreeing: Vec<String> = facts["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "conflict" || f["kind"] == "spelling")
            .map(|f| f["slot"].as_str().unwrap().to_string())
            .collect();
        let check = json(&crosswire(&[
            "check", "--format", "json", "--rules", &shown, folder,
        ]));
        for f in check["findings"].as_array().unwrap() {
            let slot = f["slot"].as_str().unwrap();
            match f["kind"].as_str().unwrap() {
                // Gaps are information about the sources, not the draft's doing.
                "missing" | "wording" => {}
                "conflict" | "spelling" => assert!(
                    disagreeing.iter().any(|d| d == slot),
                    "{story}: the draft's slot `{slot}` disagrees where facts found no disagreement:\n{rules}"
                ),
                other => panic!("{story}: the draft caused a `{other}` finding in `{slot}`:\n{rules}"),
            }
        }
        // Every slot fills in at least two sources.
        for row in check["slots"].as_array().unwrap() {
            let sources: std::collections::BTreeSet<&str> = row["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["source"].as_str().unwrap())
                .collect();
            assert!(sources.len() >= 2, "{story}: {row}");
        }
        // The test file pins what the draft extracts.
        let tested = crosswire(&["rules", "test", &shown]);
        assert_eq!(tested.code, 0, "{}{}", tested.stdout, tested.stderr);
    }
}

/// A folder of one-line sources `a.txt`, `b.txt`, ... and `facts --format
/// json` run on it.
fn facts_of(lines: &[&str]) -> (crate::common::Run, serde_json::Value) {
    let dir = scratch();
    for (i, line) in lines.iter().enumerate() {
        let name = format!("{}.txt", char::from(b'a' + u8::try_from(i).unwrap()));
        std::fs::write(dir.path().join(name), format!("{line}\n")).unwrap();
    }
    let shown = dir.path().to_string_lossy().into_owned();
    let run = crosswire(&["facts", "--format", "json", &shown]);
    let report = json(&run);
    (run, report)
}

/// (slot, kind, severity) of every finding.
fn kinds_of(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["slot"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn hedged_figures_that_differ_are_a_figure_finding_as_in_check() {
    let (run, report) = facts_of(&[
        "At least 200 people were rescued from the ferry off Kalvik, the coastguard said.",
        "More than 250 people were rescued from the ferry off Kalvik, the coastguard said.",
    ]);
    assert_eq!(
        kinds_of(&report),
        [(
            "people-rescued".to_string(),
            "figure".to_string(),
            "warning".to_string()
        )]
    );
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "outlets give different figures for people rescued: At least 200 (a) vs More than 250 (b)"
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
}

/// Every fact-table row: (kind, status, the values in source order).
fn rows_of(report: &serde_json::Value) -> Vec<(String, String, Vec<String>)> {
    report["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["value"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn row(kind: &str, status: &str, values: &[&str]) -> (String, String, Vec<String>) {
    (
        kind.to_string(),
        status.to_string(),
        values.iter().map(|v| v.to_string()).collect(),
    )
}

#[test]
fn money_with_a_sign_and_a_scale_is_read_as_the_quantity_kind_reads_it() {
    let budget = |sum: &str| {
        format!("Health Minister Colm Brennan said the health budget is {sum} this year.")
    };
    for (a, b) in [
        ("$3.5bn", "3.5 billion dollars"),
        ("$3.5m", "3.5 million dollars"),
        ("US$3.5bn", "3.5 billion dollars"),
        ("$3.5 bn", "3.5 billion dollars"),
        ("$3bn", "3 billion dollars"),
        ("€3.5bn", "3.5 billion euros"),
        ("£2.5m", "2.5 million pounds sterling"),
    ] {
        let (run, report) = facts_of(&[&budget(a), &budget(b)]);
        assert!(kinds_of(&report).is_empty(), "{a} / {b}: {}", run.stdout);
        let rows = rows_of(&report);
        assert!(
            rows.contains(&row("quantity", "agree", &[a, b])),
            "{a} / {b}: {rows:?}"
        );
        assert_eq!(run.code, 0, "{a} / {b}");
    }
    // A different sum is a conflict, shown as written.
    let (run, report) = facts_of(&[&budget("$3.5bn"), &budget("4.5 billion dollars")]);
    assert_eq!(
        kinds_of(&report),
        [(
            "dollars".to_string(),
            "conflict".to_string(),
            "error".to_string()
        )]
    );
    assert_eq!(
        report["findings"][0]["message"],
        "outlets disagree on dollars: $3.5bn (a) vs 4.5 billion dollars (b)"
    );
    assert_eq!(run.code, 1);
    // Pounds and dollars are never compared (there are no exchange rates).
    let (run, report) = facts_of(&[&budget("£2.5m"), &budget("3.5 billion dollars")]);
    assert!(kinds_of(&report).is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn a_hyphenated_duration_keeps_its_unit_and_meets_only_durations() {
    let strike = |length: &str| {
        format!("Nurses at St. Brigid's hospital in Dunmore began a {length} strike on Monday.")
    };
    let (run, report) = facts_of(&[&strike("48-hour"), &strike("two-day")]);
    assert!(kinds_of(&report).is_empty(), "{}", run.stdout);
    assert!(
        rows_of(&report).contains(&row("quantity", "agree", &["48-hour", "two-day"])),
        "{:?}",
        rows_of(&report)
    );
    assert_eq!(run.code, 0);
    let (_, report) = facts_of(&[&strike("48-hour"), &strike("three-day")]);
    assert_eq!(kinds_of(&report)[0].1, "conflict");
    // A duration is never compared with a count of something else.
    let (run, report) = facts_of(&[
        &strike("two-day"),
        "At St. Brigid's hospital in Dunmore, 300 nurses began a strike on Monday.",
    ]);
    assert!(kinds_of(&report).is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn clock_times_are_read_by_the_time_kind_and_align_by_what_they_date() {
    let (run, report) = facts_of(&[
        "The ferry capsized off Kalvik at 3.30pm on Tuesday, the coastguard said. A vigil will be held on Friday at 7 p.m.",
        "The ferry capsized off Kalvik at 3:30 p.m. on Tuesday, the coastguard said.",
    ]);
    assert!(kinds_of(&report).is_empty(), "{}", run.stdout);
    let rows = rows_of(&report);
    assert!(
        rows.contains(&row("time", "agree", &["15:30", "15:30"])),
        "{rows:?}"
    );
    assert!(
        !rows.iter().any(|r| r.2.iter().any(|v| v == "19:00")),
        "{rows:?}"
    );
    assert_eq!(run.code, 0);
    let capsized = |at: &str| format!("The ferry capsized off Kalvik {at}, the coastguard said.");
    for (a, b) in [
        ("at 15:30", "at 3:30 p.m."),
        ("at around 15:30", "at 3:30 p.m."),
        ("at 1530 GMT", "at 15:30 GMT"),
    ] {
        let (run, report) = facts_of(&[&capsized(a), &capsized(b)]);
        assert!(kinds_of(&report).is_empty(), "{a} / {b}: {}", run.stdout);
        assert_eq!(
            rows_of(&report)
                .iter()
                .filter(|r| r.0 == "time" && r.1 == "agree")
                .count(),
            1,
            "{a} / {b}: {:?}",
            rows_of(&report)
        );
    }
    let (run, report) = facts_of(&[&capsized("at 1530 GMT"), &capsized("at 1630 GMT")]);
    assert_eq!(
        kinds_of(&report),
        [(
            "time-capsized".to_string(),
            "conflict".to_string(),
            "error".to_string()
        )],
        "{}",
        run.stdout
    );
    // A zone on one side only: the kind cannot compare them, so they are
    // not aligned (no rule file can declare the local offset here).
    let (run, report) = facts_of(&[&capsized("at 1530 GMT"), &capsized("at 4:30 p.m.")]);
    assert!(kinds_of(&report).is_empty(), "{}", run.stdout);
    // Each source's one clock time is not the same fact by that alone.
    let (run, report) = facts_of(&[
        "The ferry capsized off Kalvik at 3:30 p.m.",
        "A vigil for the crew will be held in the harbour town at 7 p.m.",
    ]);
    assert!(kinds_of(&report).is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}
