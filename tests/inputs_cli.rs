//! Wire copy as it arrives: the seed story as HTML pages, ninjs and NewsML-G2
//! items and a NewsML-G2 package, malformed documents, and the positions of
//! values in the original files.

use serde_json::Value;

use crate::common::{crosswire, json};

const RULES: &str = "rules/korea-cmc-2023-04.yaml";
const SEED: &str = "fixtures/korea-cmc-2023-04/";
const INPUTS: &str = "fixtures/inputs/korea-cmc-2023-04/";

fn report(paths: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--rules", RULES, "--format", "json"];
    args.extend_from_slice(paths);
    let run = crosswire(&args);
    (run.code, json(&run))
}

/// What a finding says, whatever the source names and positions.
fn gist(report: &Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut values: Vec<String> = f["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| format!("{} | {}", v["value"], v["sentence"]))
                .collect();
            values.sort();
            format!(
                "{} {} {} {}: {}",
                f["severity"],
                f["kind"],
                f["story"],
                f["slot"],
                values.join(" / ")
            )
        })
        .collect();
    out.sort();
    out
}

/// The character at 1-based `line` and `column` of a file.
fn char_at(path: &str, line: usize, column: usize) -> char {
    let text = std::fs::read_to_string(path).unwrap();
    let line_text = text.lines().nth(line - 1).unwrap();
    line_text.chars().nth(column - 1).unwrap()
}

#[test]
fn the_seed_story_in_every_format_gives_the_text_findings() {
    let (code, text) = report(&[SEED]);
    assert_eq!(code, 1);
    let expected = gist(&text);
    assert_eq!(expected.len(), 8);
    for format in ["html", "ninjs", "newsml", "package"] {
        let (code, got) = report(&[&format!("{INPUTS}{format}")]);
        assert_eq!(code, 1, "{format}");
        assert_eq!(gist(&got), expected, "{format}");
        assert!(
            got["diagnostics"].as_array().unwrap().is_empty(),
            "{format}"
        );
        for source in got["sources"].as_array().unwrap() {
            assert_eq!(source["status"], "checked", "{format}");
            assert_eq!(source["date"], "2023-04-11", "{format}");
            assert_eq!(source["date_from"], "metadata", "{format}");
        }
        // Every value is reported where it is written in the original file: at
        // its first character, or at the `&` or `\` of the escape written for it.
        for finding in got["findings"].as_array().unwrap() {
            for v in finding["values"].as_array().unwrap() {
                let path = v["path"].as_str().unwrap();
                let line = usize::try_from(v["line"].as_u64().unwrap()).unwrap();
                let column = usize::try_from(v["column"].as_u64().unwrap()).unwrap();
                let first = v["text"].as_str().unwrap().chars().next().unwrap();
                let at = char_at(path, line, column);
                assert!(
                    at == first || at == '&' || at == '\\',
                    "{format}: {path}:{line}:{column} has {at:?}, not {first:?}"
                );
            }
        }
    }
}

#[test]
fn html_report_points_into_the_pages() {
    let run = crosswire(&["check", "--rules", RULES, &format!("{INPUTS}html")]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sources_are_named_by_outlet_and_item_id() {
    let (_, got) = report(&[&format!("{INPUTS}ninjs"), &format!("{INPUTS}html")]);
    let names: Vec<&str> = got["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["AP:nk-military-meeting", "DW:a-65280521", "AP", "DW"]
    );
}

#[test]
fn page_furniture_never_reaches_the_sentences() {
    let inputs = crosswire::source::load_inputs(
        &[format!("{INPUTS}html").into()],
        &crosswire::source::LoadOptions::default(),
    );
    for input in inputs {
        let crosswire::source::Input::Loaded(source) = input else {
            panic!("an HTML page was skipped");
        };
        let sentences: Vec<&str> = source
            .sentences
            .iter()
            .map(|s| source.sentence_text(*s))
            .collect();
        for furniture in [
            "Skip to",
            "Germany",
            "Privacy",
            "Facebook",
            "Copy link",
            "Related",
            "South Koreans prepared",
            "Image:",
            "KCNA/AFP",
            "Advertisement",
            "Leave a Reply",
            "Submit a Tip",
            "Find more AP coverage",
            "dataLayer",
            "Copyright",
            "Kim Jong Un North Korea",
        ] {
            assert!(
                sentences.iter().all(|s| !s.contains(furniture)),
                "{}: {furniture:?} in {sentences:#?}",
                source.name
            );
        }
        let first = sentences.first().copied().unwrap_or("");
        assert!(
            first == "North Korea calls for more 'offensive' war deterrence"
                || first == "North Korean leader vows 'offensive' nuclear expansion",
            "{first}"
        );
        // As many sentences as the text fixtures' articles (AP's byline is one more).
        let expected = if source.name == "AP" { 28 + 1 } else { 20 };
        assert_eq!(sentences.len(), expected, "{}: {sentences:#?}", source.name);
    }
}

#[test]
fn malformed_documents_are_located_errors_for_that_item_only() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
    };
    let ap = std::fs::read_to_string(format!("{INPUTS}ninjs/ap.json")).unwrap();
    let dw_item: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{INPUTS}ninjs/dw.json")).unwrap())
            .unwrap();
    write("a-ap.json", &ap);
    // JSON Lines: the DW item, then a line cut short.
    write(
        "b-batch.jsonl",
        &format!(
            "{}\n{{\"uri\": \"urn:x:broken\", \"body_text\": \"Kim Jong Un said\n",
            serde_json::to_string(&dw_item).unwrap()
        ),
    );
    write(
        "c-broken.xml",
        "<?xml version=\"1.0\"?>\n<newsItem guid=\"x\">\n  <contentSet><inlineXML><p>Kim Jong Un <b>said</p>\n</inlineXML></contentSet></newsItem>\n",
    );
    write("d-empty.html", "<html><head><title>Nothing</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>");
    let run = crosswire(&[
        "check",
        "--rules",
        RULES,
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let got = json(&run);
    let diagnostics: Vec<(String, u64, u64)> = got["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let file = std::path::Path::new(path).file_name().unwrap();
            (
                format!(
                    "{}: {}",
                    file.to_string_lossy(),
                    d["message"].as_str().unwrap()
                ),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        diagnostics,
        vec![
            (
                "b-batch.jsonl: malformed JSON: EOF while parsing a string".to_string(),
                2,
                54
            ),
            (
                "c-broken.xml: malformed XML: ill-formed document: expected `</b>`, but `</p>` was found".to_string(),
                3,
                48
            ),
        ]
    );
    let sources: Vec<(String, String)> = got["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect()
    };
    assert_eq!(
        sources,
        pairs(&[
            ("AP:nk-military-meeting", "checked"),
            ("DW:a-65280521", "checked"),
            ("b-batch", "skipped"),
            ("c-broken", "skipped"),
            ("d-empty", "skipped"),
        ])
    );
    // The good items were still compared.
    assert!(got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["slot"] == "kwon-reaction" && f["kind"] == "conflict"));
}

#[test]
fn a_document_cut_short_is_an_error_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    // An item cut inside its text, and a message cut after its first item.
    std::fs::write(
        dir.path().join("a-cut-item.xml"),
        "<newsItem guid=\"x\"><contentSet><inlineXML><p>Kim Jong Un said so.\n",
    )
    .unwrap();
    let message = std::fs::read_to_string(format!("{INPUTS}package/message.xml")).unwrap();
    let first_end = message.find("</newsItem>\n").unwrap() + "</newsItem>\n".len();
    std::fs::write(dir.path().join("b-cut-message.xml"), &message[..first_end]).unwrap();
    let (code, got) = report(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    let diagnostics: Vec<(String, u64, u64)> = got["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = std::path::Path::new(d["path"].as_str().unwrap());
            (
                format!(
                    "{}: {}",
                    path.file_name().unwrap().to_string_lossy(),
                    d["message"].as_str().unwrap()
                ),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        diagnostics,
        vec![
            (
                "a-cut-item.xml: malformed XML: unexpected end of document (<p> is not closed)"
                    .to_string(),
                2,
                1
            ),
            (
                "b-cut-message.xml: malformed XML: unexpected end of document (<itemSet> is not closed)"
                    .to_string(),
                57,
                1
            ),
        ]
    );
    // The message's first item, finished before the cut, is still checked.
    let sources: Vec<(&str, &str)> = got["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sources,
        vec![
            ("a-cut-item", "skipped"),
            ("AP:nk-military-meeting", "checked"),
            ("b-cut-message", "skipped"),
        ]
    );
}

#[test]
fn a_corrected_version_replaces_the_old_one_and_the_change_is_reported() {
    let ninjs = format!("{INPUTS}ninjs");
    let corrected = format!("{INPUTS}corrected");
    let (code, got) = report(&[&ninjs, &corrected]);
    assert_eq!(code, 1);
    let sources: Vec<(&str, &str, &str)> = got["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
                s["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        sources,
        vec![
            (
                "fixtures/inputs/korea-cmc-2023-04/ninjs/ap.json",
                "skipped",
                "replaced by version 2 (2023-04-11T09:05:00Z) of the same item (fixtures/inputs/korea-cmc-2023-04/corrected/ap-v2.json)"
            ),
            ("fixtures/inputs/korea-cmc-2023-04/ninjs/dw.json", "checked", ""),
            (
                "fixtures/inputs/korea-cmc-2023-04/corrected/ap-v2.json",
                "checked",
                ""
            ),
        ]
    );
    // (slot, reason, [(line, column)]) of every `changed` finding.
    type Change = (String, String, Vec<(u64, u64)>);
    let changed: Vec<Change> = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "changed")
        .map(|f| {
            assert_eq!(f["severity"], "info");
            (
                f["slot"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
                f["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            (
                "kwon-reaction".to_string(),
                "version 1 (2023-04-11T02:22:41Z): strong regret -> version 2 (2023-04-11T09:05:00Z): deep regret".to_string(),
                vec![(22, 3515), (22, 3515)]
            ),
            (
                "missiles-2023".to_string(),
                "version 1 (2023-04-11T02:22:41Z): about 30 -> version 2 (2023-04-11T09:05:00Z): more than 30".to_string(),
                vec![(22, 4313), (22, 4311)]
            ),
        ]
    );
    // Only the newest version is compared: the conflict is with its words.
    let reaction = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slot"] == "kwon-reaction" && f["kind"] == "conflict")
        .unwrap();
    let texts: Vec<&str> = reaction["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["disappointment", "deep regret"]);
    // No warning about two sources of one name: versions share theirs.
    assert!(got["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn a_mixed_batch_is_sorted_into_stories() {
    let args = [
        "check",
        "--rules",
        "fixtures/inputs/rules",
        "fixtures/inputs/batch",
    ];
    let run = crosswire(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let got = json(&crosswire(&json_args));
    let stories: Vec<(&str, Vec<&str>, &str)> = got["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["stories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap())
                    .collect(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stories,
        vec![
            ("Harbour Daily", vec!["alder-bridge"], "checked"),
            (
                "Valdoria Gazette:rates-0303",
                vec!["valdoria-rates"],
                "checked"
            ),
            (
                "Coastline Wire:alder-bridge",
                vec!["alder-bridge"],
                "checked"
            ),
            (
                "Valdoria Post:2025-0303-rates",
                vec!["valdoria-rates"],
                "checked"
            ),
            ("Coastline Wire:cup-final", vec![], "skipped"),
            (
                "Harbour Radio:alder-bridge-2",
                vec!["alder-bridge"],
                "checked"
            ),
        ]
    );
    // The item that fits no story is never counted as missing a value.
    for finding in got["findings"].as_array().unwrap() {
        assert!(!finding.to_string().contains("cup-final"), "{finding}");
    }
}

#[test]
fn front_matter_values_are_read_as_yaml_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "---\noutlet: \"AP \\\"Wire\\\" \\u00e9\"\ndate: 2025-03-04\n---\n\
         The Alder Harbour bridge will be closed for 12 days.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "---\noutlet: 'Reuters''s desk'\n---\n\
         The Alder Harbour bridge will be closed for 10 days.\n",
    )
    .unwrap();
    let run = crosswire(&[
        "check",
        "--rules",
        "fixtures/inputs/rules/alder-bridge.yaml",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let names: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["AP \"Wire\" é", "Reuters's desk"]);
    assert_eq!(report["findings"][0]["slot"], "closure-days");
    assert_eq!(
        report["findings"][0]["values"][1]["source"],
        "Reuters's desk"
    );
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn each_skipped_item_of_a_json_lines_file_says_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.jsonl");
    std::fs::write(
        &path,
        "{\"uri\":\"a\",\"body_text\":\"The Alder Harbour bridge will be closed for 12 days.\"}\n\
         {bad\n\
         {\"uri\":\"c\", oops}\n",
    )
    .unwrap();
    let shown = path.display().to_string();
    let args = |format: &'static str| {
        crosswire(&[
            "check",
            "--rules",
            "fixtures/inputs/rules/alder-bridge.yaml",
            "--format",
            format,
            &shown,
        ])
    };
    let run = args("text");
    assert_eq!(run.code, 2, "{}", run.stderr);
    let skipped: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| *l != "Skipped inputs")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        skipped,
        [
            format!("  {shown}:2:2  malformed JSON: key must be a string"),
            format!("  {shown}:3:13  malformed JSON: key must be a string"),
        ]
    );
    let report = json(&args("json"));
    let located: Vec<(&str, u64, u64)> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "skipped")
        .map(|s| {
            (
                s["reason"].as_str().unwrap(),
                s["line"].as_u64().unwrap(),
                s["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("malformed JSON: key must be a string", 2, 2),
            ("malformed JSON: key must be a string", 3, 13)
        ]
    );
}

#[test]
fn undecodable_files_are_located_at_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"The Alder Harbour bridge\nwill be clos\xe9d.\n").unwrap();
    let run = crosswire(&[
        "check",
        "--rules",
        "fixtures/inputs/rules/alder-bridge.yaml",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run);
    let d = &report["diagnostics"][0];
    assert_eq!(d["message"], "not valid UTF-8 (byte 37)");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(13))
    );
    assert_eq!(report["sources"][0]["line"], 2);
}

#[test]
fn a_newsml_item_is_read_in_its_xml_lang() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.yaml");
    std::fs::write(
        &rules,
        "story: s\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{number} Gefangene\"]\n",
    )
    .unwrap();
    // `xml:lang` alone, and overridden by an explicit contentMeta/language.
    let item = |guid: &str, language: &str| {
        format!(
            "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:x:{guid}\" version=\"1\" xml:lang=\"de\">\n\
             <contentMeta>{language}</contentMeta>\n\
             <contentSet><inlineData contenttype=\"text/plain\">Beide Seiten wollen dreiundzwanzig Gefangene austauschen.</inlineData></contentSet>\n\
             </newsItem>\n"
        )
    };
    std::fs::write(dir.path().join("a.xml"), item("a", "")).unwrap();
    std::fs::write(
        dir.path().join("b.xml"),
        item("b", "<language tag=\"en\"/>"),
    )
    .unwrap();
    let run = crosswire(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
        dir.path().join("a.xml").to_str().unwrap(),
        dir.path().join("b.xml").to_str().unwrap(),
    ]);
    let report = json(&run);
    let values: Vec<(&str, &str)> = report["slots"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["path"].as_str().unwrap(), v["value"].as_str().unwrap()))
        .collect();
    // English has no "dreiundzwanzig": the item tagged `en` gives no value.
    assert_eq!(values.len(), 1, "{values:?}");
    assert!(values[0].0.ends_with("a.xml"), "{values:?}");
    assert_eq!(values[0].1, "23");
}
