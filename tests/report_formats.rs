//! Every report format rendered from one shared sample: the seed story plus a
//! hostile one (markup, `]]>`, `%0A`, ANSI escapes, U+202E, U+FFFD in the
//! sources; markup, `%`, `,` and `:` in the rule's messages and an outlet
//! name). Snapshots of each, and each read back by an independent reader: the
//! SARIF 2.1.0 schema, an XML parser, a JSON Lines reader, the workflow-command
//! grammar, and headless Chromium for the HTML page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{crosswire, json, Run};

const SAMPLE: &[&str] = &[
    "--rules",
    "rules/korea-cmc-2023-04.yaml",
    "--rules",
    "tests/data/hostile/rules.yaml",
    "fixtures/korea-cmc-2023-04/",
    "tests/data/hostile/sources/",
];

fn check(extra: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend_from_slice(SAMPLE);
    args.extend_from_slice(extra);
    crosswire(&args)
}

fn sample(format: &str) -> String {
    let run = check(&["--format", format]);
    assert_eq!(run.code, 1, "findings fail the run; stderr: {}", run.stderr);
    run.stdout
}

fn sample_json() -> Value {
    let run = check(&["--format", "json"]);
    json(&run)
}

/// Hostile characters that must never reach any report raw.
fn assert_no_raw_controls(format: &str, text: &str) {
    for (c, what) in [
        ('\u{1b}', "ESC"),
        ('\u{202E}', "U+202E"),
        ('\u{202C}', "U+202C"),
        ('\u{9b}', "CSI"),
    ] {
        assert!(!text.contains(c), "{format} output holds a raw {what}");
    }
}

#[test]
fn every_format_is_snapshotted_and_free_of_raw_controls() {
    for format in [
        "text", "json", "sarif", "junit", "github", "jsonl", "markdown", "html",
    ] {
        let out = sample(format);
        if format != "json" {
            // The JSON report escapes control characters (\u001b) instead.
            assert_no_raw_controls(format, &out);
        }
        insta::assert_snapshot!(format!("sample_{format}"), out);
    }
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sarif: Value = serde_json::from_str(&sample("sarif")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");

    let report = sample_json();
    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "crosswire");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 17, "a rule per slot");
    let results = run["results"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(findings) {
        let rule = format!(
            "{}/{}",
            finding["story"].as_str().unwrap(),
            finding["slot"].as_str().unwrap()
        );
        assert_eq!(result["ruleId"], rule.as_str());
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule.as_str());
        let level = match finding["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        let fp = result["partialFingerprints"]["crosswire/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 32);
        let locations = result["locations"].as_array().unwrap();
        let values = finding["values"].as_array().unwrap();
        assert_eq!(locations.len(), values.len(), "every value is a location");
        for (location, value) in locations.iter().zip(values) {
            let physical = &location["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uri"], value["path"]);
            assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            let region = &physical["region"];
            assert_eq!(region["startLine"], value["line"]);
            assert_eq!(region["startColumn"], value["column"]);
            assert_eq!(region["endLine"], value["end_line"]);
            assert_eq!(region["endColumn"], value["end_column"]);
        }
    }
    // The hostile claim: the value as its JSON-safe text, no raw ESC.
    let claim = results
        .iter()
        .find(|r| r["ruleId"] == "hostile/claim")
        .unwrap();
    let text = claim["message"]["text"].as_str().unwrap();
    assert!(text.contains("<script>document.title='pwned'</script> & ]]> %0A caf\u{FFFD} done"));
    // The web value as normalized (the normalizer reads ESC as a space).
    assert!(text.contains("co: [31mred alert [0m evil words;"), "{text}");
}

/// The URIs of the first result's locations, with their base ids.
fn sarif_uris(args: &[&str]) -> Vec<(String, Value)> {
    let run = crosswire(args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    sarif["runs"][0]["results"][0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let artifact = &l["physicalLocation"]["artifactLocation"];
            (
                artifact["uri"].as_str().unwrap().to_string(),
                artifact["uriBaseId"].clone(),
            )
        })
        .collect()
}

#[test]
fn sarif_uris_are_relative_under_the_working_directory_else_file_uris() {
    // An absolute path under the directory crosswire runs in (the package
    // root): relative to it.
    let fixtures = format!("{}/fixtures/korea-cmc-2023-04/", env!("CARGO_MANIFEST_DIR"));
    let rules = ["check", "--rules", "rules/korea-cmc-2023-04.yaml"];
    let args = [&rules[..], &[fixtures.as_str(), "--format", "sarif"]].concat();
    let uris = sarif_uris(&args);
    assert_eq!(uris[0].0, "fixtures/korea-cmc-2023-04/ap.txt");
    assert_eq!(uris[0].1, "%SRCROOT%");
    assert_eq!(uris[1].0, "fixtures/korea-cmc-2023-04/dw.txt");
    // Elsewhere: an absolute, percent-encoded file URI.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("wire copies, 100%");
    std::fs::create_dir(&copy).unwrap();
    for name in ["ap.txt", "dw.txt"] {
        std::fs::copy(Path::new(&fixtures).join(name), copy.join(name)).unwrap();
    }
    let copy = copy.display().to_string();
    let args = [&rules[..], &[copy.as_str(), "--format", "sarif"]].concat();
    let uris = sarif_uris(&args);
    let expected = format!(
        "file://{}/wire%20copies,%20100%25/ap.txt",
        dir.path().display()
    );
    assert_eq!(uris[0].0, expected);
    assert!(uris[0].1.is_null());
}

#[test]
fn junit_parses_back_with_a_suite_per_story_and_a_case_per_slot() {
    let xml = sample("junit");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, ["korea-cmc-2023-04", "hostile"]);
    let cases: Vec<_> = suites
        .iter()
        .flat_map(|s| s.children().filter(|n| n.has_tag_name("testcase")))
        .collect();
    assert_eq!(cases.len(), 17, "a case per slot");
    assert_eq!(root.attribute("tests"), Some("17"));
    // --fail-on warning: errors and warnings fail, info goes to system-out.
    let failures: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 6);
    assert_eq!(root.attribute("failures"), Some("6"));
    let outs = doc
        .descendants()
        .filter(|n| n.has_tag_name("system-out"))
        .count();
    assert_eq!(outs, 4, "the four info findings");
    // Hostile text survives the round trip as text, not markup.
    let claim = failures
        .iter()
        .find(|f| {
            f.parent()
                .and_then(|p| p.attribute("name"))
                .is_some_and(|n| n == "claim")
        })
        .unwrap();
    assert_eq!(
        claim.attribute("message"),
        Some(
            "error[conflict] outlets quote the minister's <b>claim</b> & its \"words\" differently"
        )
    );
    let text = claim.text().unwrap();
    assert!(text.contains("<script>document.title='pwned'</script> & ]]> %0A caf\u{FFFD} done"));
    assert!(text.contains("\u{FFFD}[31mred alert\u{FFFD}[0m \u{FFFD}evil\u{FFFD} words"));
    assert!(!xml.contains("<script>"), "markup is escaped in the file");
}

/// The properties and message of a workflow command line.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").unwrap();
    let (head, message) = rest.split_once("::").unwrap();
    let (command, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            assert!(!v.contains(':'), "unescaped ':' in {line}");
            (k.to_string(), unescape(v))
        })
        .collect();
    (command.to_string(), properties, unescape(message))
}

fn unescape(s: &str) -> String {
    s.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_annotations_follow_the_workflow_command_rules() {
    let out = sample("github");
    assert!(!out.contains('\r'));
    let report = sample_json();
    let findings = report["findings"].as_array().unwrap();
    let values: usize = findings
        .iter()
        .map(|f| f["values"].as_array().unwrap().len())
        .sum();
    let lines: Vec<&str> = out.lines().collect();
    let commands: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("::"))
        .collect();
    assert_eq!(commands.len(), values, "one annotation per value");
    assert_eq!(lines.len(), values + 1, "then the summary line");
    for line in &commands {
        let (command, properties, _) = parse_command(line);
        assert!(["error", "warning", "notice"].contains(&command.as_str()));
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"]
        );
    }
    let missiles = commands
        .iter()
        .find(|l| l.contains("hostile/missiles"))
        .unwrap();
    let (command, properties, message) = parse_command(missiles);
    assert_eq!(command, "error");
    assert_eq!(properties[0].1, "tests/data/hostile/sources/web.txt");
    assert_eq!(properties[5].1, "hostile/missiles (conflict)");
    assert!(
        message.starts_with("outlets count the missiles differently: 50% off, a, b\nweb <i>&amp;</i> co says \"31\""),
        "{message}"
    );
    let claim = commands
        .iter()
        .find(|l| l.contains("wire.txt") && l.contains("hostile/claim"))
        .unwrap();
    assert!(
        claim.contains("%250A"),
        "a literal %0A in the text is escaped"
    );
}

#[test]
fn jsonl_is_one_finding_per_line_then_a_summary() {
    let out = sample("jsonl");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let report = sample_json();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(lines.len(), findings.len() + 1);
    for (line, finding) in lines.iter().zip(findings) {
        assert_eq!(line["type"], "finding");
        assert_eq!(line["slot"], finding["slot"]);
        assert_eq!(line["kind"], finding["kind"]);
        assert_eq!(
            line["values"].as_array().unwrap().len(),
            finding["values"].as_array().unwrap().len()
        );
        assert_eq!(line["fingerprint"].as_str().unwrap().len(), 32);
    }
    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["findings"], 10);
    assert_eq!(summary["errors"], 4);
    assert_eq!(summary["failed"], true);
    // The same fingerprints as SARIF.
    let sarif: Value = serde_json::from_str(&sample("sarif")).unwrap();
    let from_sarif: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["partialFingerprints"]["crosswire/v1"])
        .collect();
    let from_jsonl: Vec<&Value> = lines
        .iter()
        .take(findings.len())
        .map(|l| &l["fingerprint"])
        .collect();
    assert_eq!(from_sarif, from_jsonl);
}

#[test]
fn markdown_escapes_what_markdown_and_html_would_read() {
    let out = sample("markdown");
    assert!(!out.contains("<script>"));
    assert!(!out.contains("<b>claim"));
    assert!(
        out.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt; &amp; \\]\\]&gt; %0A")
    );
    let rows = out
        .lines()
        .filter(|l| {
            l.starts_with("| error ") || l.starts_with("| warning ") || l.starts_with("| info ")
        })
        .count();
    assert_eq!(rows, 10, "a row per finding");
    assert_eq!(out.matches("<details>").count(), 10);
}

/// The distinct located values of a JSON report: what the HTML page marks.
fn located_values(report: &Value) -> BTreeSet<(String, u64, u64, u64, u64)> {
    let rows = report["slots"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    rows.iter()
        .chain(findings)
        .flat_map(|r| r["values"].as_array().unwrap())
        .map(|v| {
            (
                v["path"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["end_line"].as_u64().unwrap(),
                v["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn html_marks_every_value_and_holds_no_script() {
    let html = sample("html");
    let report = sample_json();
    assert_eq!(
        html.matches("<mark class=\"value").count(),
        located_values(&report).len()
    );
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains(" src="));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html
        .contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &amp; ]]&gt; %0A"));
    // Every link to a value points at a mark on the page.
    for link in html.split("href=\"#").skip(1) {
        let id = link.split('"').next().unwrap();
        assert!(html.contains(&format!("id=\"{id}\"")), "no element #{id}");
    }
}

fn output_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The HTML page in a real browser: the rendered DOM has a highlight per
/// located value, no script ran (the hostile `<script>` would have set the
/// title), nothing was loaded from elsewhere; a screenshot is kept in the
/// test's output folder. Skipped with a note only outside CI when Debian's
/// `chromium` is missing (`.ci/run` installs it).
#[test]
#[allow(clippy::print_stderr)] // the skip note
fn html_renders_in_headless_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing in CI: .ci/run must install it"
        );
        eprintln!(
            "note: chromium not found; skipping the headless HTML test (apt-get install chromium)"
        );
        return;
    };
    let dir = output_dir("html-report");
    let page = dir.join("report.html");
    let run = check(&["--format", "html", "--output", page.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
    ];
    let profile_arg = format!("--user-data-dir={}", profile.path().display());
    let dom = std::process::Command::new(chromium)
        .args(common)
        .arg(&profile_arg)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    let report = sample_json();
    assert_eq!(
        dom.matches("<mark class=\"value").count(),
        located_values(&report).len(),
        "a highlight per located value"
    );
    assert!(!dom.contains("<script"), "no script element in the DOM");
    assert!(!dom.contains("<title>pwned</title>"), "no script ran");
    assert!(dom.contains("<title>crosswire check: korea-cmc-2023-04, hostile</title>"));
    assert!(
        !dom.contains("http://") && !dom.contains("https://"),
        "nothing external"
    );
    let shot = dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let screenshot = std::process::Command::new(chromium)
        .args(common)
        .arg(&profile_arg)
        .arg("--hide-scrollbars")
        .arg("--window-size=1400,2200")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        screenshot.status.success(),
        "{}",
        String::from_utf8_lossy(&screenshot.stderr)
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a screenshot was taken"
    );
}

#[test]
fn several_reports_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let html = dir.path().join("out.html");
    let text = dir.path().join("out.txt");
    let run = check(&[
        "--report",
        &format!("sarif={}", sarif.display()),
        "--report",
        &format!("html={}", html.display()),
        "--output",
        text.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "--output takes the text report off stdout"
    );
    assert_eq!(std::fs::read_to_string(&text).unwrap(), sample("text"));
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), sample("sarif"));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), sample("html"));

    // Text on the terminal and JUnit to a file.
    let junit = dir.path().join("junit.xml");
    let run = check(&["--report", &format!("junit={}", junit.display())]);
    assert_eq!(run.stdout, sample("text"));
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), sample("junit"));

    // One file named twice, two reports on stdout, a bad spec: usage errors.
    let twice = check(&[
        "--output",
        sarif.to_str().unwrap(),
        "--report",
        &format!("html={}", sarif.display()),
    ]);
    assert_eq!(twice.code, 2);
    assert!(
        twice.stderr.contains("named by two reports"),
        "{}",
        twice.stderr
    );
    let two_stdout = check(&["--report", "json=-"]);
    assert_eq!(two_stdout.code, 2);
    assert!(
        two_stdout.stderr.contains("standard output"),
        "{}",
        two_stdout.stderr
    );
    let bad = check(&["--report", "yaml=x"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown format `yaml`"),
        "{}",
        bad.stderr
    );
    let unwritable = check(&["--output", "/nonexistent-dir/x.sarif", "--format", "sarif"]);
    assert_eq!(unwritable.code, 2);
    assert!(
        unwritable
            .stderr
            .contains("cannot write /nonexistent-dir/x.sarif"),
        "{}",
        unwritable.stderr
    );
}

#[test]
fn quotes_uses_the_same_printers() {
    let run = crosswire(&["quotes", "fixtures/korea-cmc-2023-04/", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results
        .iter()
        .all(|r| r["ruleId"].as_str().unwrap().starts_with("quotes/")));
    let run = crosswire(&["quotes", "fixtures/korea-cmc-2023-04/", "--format", "junit"]);
    roxmltree::Document::parse(&run.stdout).unwrap();
    let run = crosswire(&["quotes", "fixtures/korea-cmc-2023-04/", "--format", "jsonl"]);
    let last: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["command"], "quotes");
    assert_eq!(last["findings"].as_u64().unwrap() as usize, results.len());
}

#[test]
fn one_file_under_two_spellings_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let spellings = [
        dir.path().join(".").join("x"),
        dir.path().join("sub").join("..").join("x"),
    ];
    for other in &spellings {
        let run = check(&[
            "--format",
            "json",
            "-o",
            x.to_str().unwrap(),
            "--report",
            &format!("sarif={}", other.display()),
        ]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "error: {} is named by two reports (also as {})\n",
                other.display(),
                x.display()
            )
        );
        assert!(!x.exists(), "nothing is written");
    }
    // A symlink to a file that exists: the file keeps what it held.
    std::fs::write(&x, "kept").unwrap();
    let y = dir.path().join("y");
    std::os::unix::fs::symlink(&x, &y).unwrap();
    let run = check(&[
        "-o",
        y.to_str().unwrap(),
        "--report",
        &format!("junit={}", x.display()),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is named by two reports"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&x).unwrap(), "kept");
}
