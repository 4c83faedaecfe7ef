//! `crosswire check --stream` and `--state`: items answered one at a time,
//! fact tables kept between runs, versions, and memory bounded by the table.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::crosswire_with_stdin;

const RULES: &str = "fixtures/inputs/rules";

fn wire_items() -> Vec<String> {
    std::fs::read_to_string("fixtures/inputs/batch/wire.jsonl")
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (name, status, [(slot, kind)]) of an item report.
type Gist = (String, String, Vec<(String, String)>);

/// The gist of every item report.
fn gist(reports: &[Value]) -> Vec<Gist> {
    reports
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| {
                        (
                            f["slot"].as_str().unwrap().to_string(),
                            f["kind"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn each_item_is_answered_before_the_next_is_read() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosswire"))
        .args(["check", "--rules", RULES, "--stream"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let items = wire_items();
    let mut answers = Vec::new();
    // Items 1 (Coastline, bridge) and 4 (Harbour Radio, bridge); the pipe stays
    // open, so an answer can only come from the item written so far.
    for item in [&items[0], &items[3]] {
        writeln!(stdin, "{item}").unwrap();
        stdin.flush().unwrap();
        let mut answer = String::new();
        stdout.read_line(&mut answer).unwrap();
        answers.push(serde_json::from_str::<Value>(&answer).unwrap());
    }
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        gist(&answers),
        vec![
            (s("Coastline Wire:alder-bridge"), s("checked"), vec![]),
            (
                s("Harbour Radio:alder-bridge-2"),
                s("checked"),
                vec![(s("closure-days"), s("conflict"))]
            ),
        ]
    );
    // Values stored from the first item keep their place in the input.
    let values = &answers[1]["findings"][0]["values"];
    assert_eq!(values[0]["line"], 1);
    assert_eq!(values[0]["column"], 377);
    assert_eq!(values[1]["line"], 2);
    assert_eq!(values[1]["column"], 336);
}

#[test]
fn state_carries_the_fact_tables_between_runs_and_versions_replace() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    let args = ["check", "--rules", RULES, "--stream", "--state", state_arg];
    let items = wire_items();

    // Run 1: the first two items; nothing to compare yet.
    let run = crosswire_with_stdin(&args, Some(&format!("{}\n{}\n", items[0], items[1])));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(state.exists());

    // Run 2: the other two items and the NewsML-G2 item, answered against run 1.
    let xml = std::fs::read_to_string("fixtures/inputs/batch/valdoria-gazette.xml").unwrap();
    let input = format!("{}\n\n{}\n{xml}", items[2], items[3]);
    let run = crosswire_with_stdin(&args, Some(&input));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        gist(&lines(&run.stdout)),
        vec![
            (s("Coastline Wire:cup-final"), s("skipped"), vec![]),
            (
                s("Harbour Radio:alder-bridge-2"),
                s("checked"),
                vec![(s("closure-days"), s("conflict"))]
            ),
            (
                s("Valdoria Gazette:rates-0303"),
                s("checked"),
                vec![(s("new-rate"), s("conflict"))]
            ),
        ]
    );

    // Run 3: a corrected version 2 of the first item (14 days), then its
    // version 1 again, which is older than what the table holds.
    let corrected = items[0]
        .replace("\"version\": \"1\"", "\"version\": \"2\"")
        .replace("closed for 12 days", "closed for 14 days");
    assert_ne!(corrected, items[0]);
    let run = crosswire_with_stdin(&args, Some(&format!("{corrected}\n{}\n", items[0])));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let reports = lines(&run.stdout);
    assert_eq!(
        gist(&reports),
        vec![
            (
                s("Coastline Wire:alder-bridge"),
                s("checked"),
                vec![
                    (s("closure-days"), s("conflict")),
                    (s("closure-days"), s("changed"))
                ]
            ),
            (s("Coastline Wire:alder-bridge"), s("skipped"), vec![]),
        ]
    );
    assert_eq!(
        reports[0]["findings"][1]["reason"],
        "version 1 (2025-03-03T07:10:00Z): 12 -> version 2 (2025-03-03T07:10:00Z): 14"
    );
    assert_eq!(
        reports[1]["reason"],
        "version 2 (2025-03-03T07:10:00Z) of this item is already in the fact table"
    );
    // The table holds one record per item: the new version replaced the old.
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let bridge: Vec<(&str, &str)> = table["stories"]["alder-bridge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap(),
                i["slots"]["closure-days"]["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bridge,
        vec![
            ("Harbour Radio:alder-bridge-2", "10"),
            ("Coastline Wire:alder-bridge", "14")
        ]
    );
}

#[test]
fn a_broken_item_is_an_error_for_that_item_only() {
    let items = wire_items();
    let input = format!(
        "{}\n{{\"uri\": \"x\", \"body_text\": \n{}\n",
        items[0], items[3]
    );
    let run = crosswire_with_stdin(&["check", "--rules", RULES, "--stream"], Some(&input));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let reports = lines(&run.stdout);
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[1]["status"], "error");
    let diagnostic = &reports[1]["diagnostics"][0];
    assert_eq!(
        diagnostic["message"],
        "malformed JSON: EOF while parsing a value"
    );
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
        (Some(2), Some(26))
    );
    assert_eq!(reports[2]["findings"][0]["kind"], "conflict");
}

#[test]
fn the_table_keeps_text_only_for_items_that_add_a_value() {
    // 300 items of one story that agree: only the first keeps its paragraphs.
    let template = &wire_items()[0];
    let input: String = (0..300)
        .map(|i| {
            format!(
                "{}\n",
                template.replace(
                    "2025:alder-bridge\"",
                    &format!("2025:alder-bridge-copy-{i}\"")
                )
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let args = [
        "check",
        "--rules",
        RULES,
        "--stream",
        "--state",
        state.to_str().unwrap(),
    ];
    let run = crosswire_with_stdin(&args, Some(&input));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 300);
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let items = table["stories"]["alder-bridge"].as_array().unwrap();
    assert_eq!(items.len(), 300);
    let with_text = items
        .iter()
        .filter(|i| i.get("paragraphs").is_some())
        .count();
    assert_eq!(with_text, 1);
}

#[test]
fn a_killed_run_loses_no_answered_item() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosswire"))
        .args(["check", "--rules", RULES, "--stream", "--state", state_arg])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let items = wire_items();
    for item in [&items[0], &items[1]] {
        writeln!(stdin, "{item}").unwrap();
        stdin.flush().unwrap();
        let mut answer = String::new();
        stdout.read_line(&mut answer).unwrap();
        assert!(answer.contains("\"status\":\"checked\""), "{answer}");
    }
    // Killed while waiting for the next item: both answered items are kept.
    child.kill().unwrap();
    child.wait().unwrap();
    let run = crosswire_with_stdin(
        &["check", "--rules", RULES, "--stream", "--state", state_arg],
        Some(&format!("{}\n", items[3])),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        gist(&lines(&run.stdout)),
        vec![(
            s("Harbour Radio:alder-bridge-2"),
            s("checked"),
            vec![(s("closure-days"), s("conflict"))]
        )]
    );
}

#[test]
fn a_burst_of_items_leaves_the_state_that_one_item_per_run_leaves() {
    // Items that arrive together are checked as a batch and the state is
    // saved once per batch; the tables and answers must be those of
    // answering and saving after every item.
    let items: Vec<String> = (0..40)
        .map(|i| {
            let item = &wire_items()[i % 4];
            item.replacen("\"uri\": \"", &format!("\"uri\": \"burst-{i}-"), 1)
                .replace("12 days", &format!("{} days", 10 + i % 3))
        })
        .collect();
    assert!(items.iter().all(|i| i.contains("burst-")), "{}", items[0]);
    let dir = tempfile::tempdir().unwrap();
    let together = dir.path().join("together.json");
    let one_by_one = dir.path().join("one-by-one.json");
    let args = |state: &std::path::Path| {
        let state = state.to_str().unwrap().to_string();
        vec![
            s("check"),
            s("--rules"),
            s(RULES),
            s("--stream"),
            s("--state"),
            state,
        ]
    };
    let all = crosswire_with_stdin(
        &args(&together)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        Some(&format!("{}\n", items.join("\n"))),
    );
    assert_eq!(all.code, 1, "{}", all.stderr);
    let mut answers = Vec::new();
    for item in &items {
        let run = crosswire_with_stdin(
            &args(&one_by_one)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            Some(&format!("{item}\n")),
        );
        assert!(run.code <= 1, "{}", run.stderr);
        answers.extend(lines(&run.stdout));
    }
    assert_eq!(gist(&lines(&all.stdout)), gist(&answers));
    assert_eq!(lines(&all.stdout).len(), 40);
    // Lines differ (each run's item is on its line 1); nothing else may.
    fn without_lines(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("line");
                map.remove("end_line");
                map.values_mut().for_each(without_lines);
            }
            Value::Array(items) => items.iter_mut().for_each(without_lines),
            _ => {}
        }
    }
    let read = |p: &std::path::Path| -> Value {
        let mut state = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        without_lines(&mut state);
        state
    };
    assert_eq!(read(&together), read(&one_by_one));
}

#[test]
fn items_kept_in_the_state_are_read_again_in_their_own_language() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    let args = [
        "check",
        "--rules",
        "tests/values/languages.yaml",
        "--stream",
        "--state",
        state_arg,
    ];
    let item = |uri: &str, holder: &str, language: &str, body: &str| {
        format!(
            "{{\"uri\": \"{uri}\", \"versioncreated\": \"2023-04-11T08:00:00Z\", \"copyrightholder\": \"{holder}\", \"language\": \"{language}\", \"body_text\": \"{body}\"}}\n"
        )
    };
    // Run 1: a German item alone; its paragraph is kept for the next run.
    let dw = item(
        "urn:dw:1",
        "DW",
        "de",
        "Nordkorea feuerte dreiundzwanzig Raketen ab.",
    );
    let run = crosswire_with_stdin(&args, Some(&dw));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let kept = &table["stories"]["missiles-languages"][0];
    assert_eq!(kept["language"], "de");
    assert_eq!(kept["slots"]["missiles"]["value"], "23");
    // Run 2: an English item agrees with the kept German one, a German one
    // that says 22 does not; both are read against the German text again.
    let ap = item("urn:ap:1", "AP", "en", "North Korea fired 23 missiles.");
    let taz = item(
        "urn:taz:1",
        "taz",
        "de",
        "Nordkorea feuerte zweiundzwanzig Raketen ab.",
    );
    let run = crosswire_with_stdin(&args, Some(&format!("{ap}{taz}")));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let reports = lines(&run.stdout);
    assert_eq!(
        gist(&reports),
        vec![
            (s("AP:1"), s("checked"), vec![]),
            (
                s("taz:1"),
                s("checked"),
                vec![(s("missiles"), s("conflict"))]
            ),
        ],
        "{}",
        run.stdout
    );
}

/// A ninjs line for the bridge story: outlet `holder`, item `uri`, `days`.
fn bridge_item(uri: &str, version: u32, holder: &str, days: u32) -> String {
    format!(
        "{{\"uri\":\"{uri}\",\"version\":\"{version}\",\"copyrightholder\":\"{holder}\",\"headline\":\"x\",\"body_text\":\"The Alder Harbour bridge will be closed for {days} days.\"}}\n"
    )
}

/// (slot, kind, [(source, value)]) of a finding.
type Said = (String, String, Vec<(String, String)>);

/// What every finding of an answer says.
fn findings_of(answer: &Value) -> Vec<Said> {
    answer["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let values = f["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    (
                        v["source"].as_str().unwrap().to_string(),
                        v["value"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (
                f["slot"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
                values,
            )
        })
        .collect()
}

#[test]
fn a_replaced_item_leaves_the_values_of_the_items_it_read_for() {
    // F agrees with D version 1, so only D keeps text; D version 2 then
    // changes its value. F's 11 must still be compared, under F's name.
    let input = [
        bridge_item("urn:d:1", 1, "D", 11),
        bridge_item("urn:f:1", 1, "F", 11),
        bridge_item("urn:d:1", 2, "D", 12),
        bridge_item("urn:g:1", 1, "G", 12),
        bridge_item("urn:h:1", 1, "H", 14),
    ]
    .concat();
    let args = [
        "check",
        "--rules",
        "tests/data/stream/alder.yaml",
        "--stream",
    ];
    let run = crosswire_with_stdin(&args, Some(&input));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let answers = lines(&run.stdout);
    let conflict = |values: &[(&str, &str)]| {
        (
            s("closure-days"),
            s("conflict"),
            values.iter().map(|(a, b)| (s(a), s(b))).collect::<Vec<_>>(),
        )
    };
    assert_eq!(findings_of(&answers[0]), vec![]);
    assert_eq!(findings_of(&answers[1]), vec![]);
    let d2 = findings_of(&answers[2]);
    assert_eq!(d2.len(), 2, "{d2:?}");
    assert_eq!(d2[0], conflict(&[("F:1", "11"), ("D:1", "12")]));
    assert_eq!((d2[1].1.as_str(), d2[1].2.len()), ("changed", 2));
    assert_eq!(
        findings_of(&answers[3]),
        vec![conflict(&[("F:1", "11"), ("D:1", "12"), ("G:1", "12")])]
    );
    // A value that several items give is shown once, by the item that keeps
    // its text (G says what D says).
    assert_eq!(
        findings_of(&answers[4]),
        vec![conflict(&[("F:1", "11"), ("D:1", "12"), ("H:1", "14")])]
    );
}

#[test]
fn a_pretty_printed_news_message_is_one_document_of_the_stream() {
    // Its items each end a line with `</newsItem>`; the message ends at its
    // own closing tag, and is answered as the batch check answers the file.
    let message = "fixtures/inputs/korea-cmc-2023-04/package/message.xml";
    let rules = "rules/korea-cmc-2023-04.yaml";
    let text = std::fs::read_to_string(message).unwrap();
    let input = format!("{text}{}\n", bridge_item("urn:x:1", 1, "X", 3));
    let run = crosswire_with_stdin(&["check", "--rules", rules, "--stream"], Some(&input));
    let batch = crosswire_with_stdin(
        &["check", "--rules", rules, "--format", "json", message],
        None,
    );
    assert_eq!(
        (run.code, batch.code),
        (1, 1),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let answers = lines(&run.stdout);
    let said = |r: &Value| -> (String, String, u64) {
        (
            r["name"].as_str().unwrap().to_string(),
            r["status"].as_str().unwrap().to_string(),
            r["line"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        answers.iter().map(said).collect::<Vec<_>>(),
        vec![
            (s("AP:nk-military-meeting"), s("checked"), 1),
            (s("DW:a-65280521"), s("checked"), 1),
            // The next document starts after the message's last line.
            (s("X:1"), s("skipped"), 100),
        ]
    );
    let kinds = |findings: &Value| {
        let mut kinds: Vec<(String, String)> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    s(f["slot"].as_str().unwrap()),
                    s(f["kind"].as_str().unwrap()),
                )
            })
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(kinds(&answers[0]["findings"]), vec![]);
    let batch: Value = serde_json::from_str(&batch.stdout).unwrap();
    assert_eq!(kinds(&answers[1]["findings"]), kinds(&batch["findings"]));
    assert_eq!(kinds(&batch["findings"]).len(), 8);
}

/// Run `check --stream` on raw bytes (not necessarily UTF-8).
fn stream_bytes(input: &[u8]) -> (i32, Vec<Value>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosswire"))
        .args(["check", "--rules", RULES, "--stream"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        lines(&String::from_utf8(output.stdout).unwrap()),
    )
}

/// An answer's status and line, its diagnostic's line, column and message.
type Located<'a> = (&'a str, u64, Option<u64>, Option<u64>, &'a str);

#[test]
fn undecodable_items_are_located_at_their_line_and_column() {
    let items = wire_items();
    let mut input = format!("{}\n", items[0]).into_bytes();
    input.extend_from_slice(b"{\"uri\": \"x\", \"body_text\": \"clos\xe9d\"}\n");
    input.extend_from_slice(b"\n{\"uri\": \"y\", \"body_text\": \"a\x00b\"}\n");
    let (code, reports) = stream_bytes(&input);
    assert_eq!(code, 2);
    assert_eq!(reports.len(), 3);
    let located: Vec<Located> = reports[1..]
        .iter()
        .map(|r| {
            let d = &r["diagnostics"][0];
            (
                r["status"].as_str().unwrap(),
                r["line"].as_u64().unwrap(),
                d["line"].as_u64(),
                d["column"].as_u64(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("error", 2, Some(2), Some(32), "not valid UTF-8 (byte 31)"),
            (
                "error",
                4,
                Some(4),
                Some(29),
                "binary file (NUL byte at byte 28)"
            ),
        ]
    );
}
