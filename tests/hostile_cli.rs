//! Hostile input never hurts: closed pipes, runs that check nothing, rule
//! files that are not files, YAML bombs and odd sources each end with a
//! located error or a skip with its reason, never a panic or a hang.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RULES: &str = "rules/korea-cmc-2023-04.yaml";
const SEED: &str = "fixtures/korea-cmc-2023-04/";

/// How long any hostile run may take before it counts as a hang.
// Generous: a debug build shares the machine with other builds; a hang
// still fails.
const LIMIT: Duration = Duration::from_secs(60);

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn command(args: &[&str]) -> Command {
    command_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crosswire"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Wait for `child`, killing it and failing the test after `LIMIT`.
fn finish(mut child: Child) -> Run {
    // Drain the pipes on threads so a large output cannot stall the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("crosswire did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Run `crosswire` with `args`, under the time limit.
fn run(args: &[&str]) -> Run {
    finish(command(args).spawn().unwrap())
}

/// Run `crosswire` with `args` in `dir`, under the time limit.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(command_in(dir, args).spawn().unwrap())
}

/// Run `crosswire` with `args` and standard output a pipe nobody reads: the
/// read end is closed before the run writes anything.
fn run_into_closed_pipe(args: &[&str]) -> i32 {
    let mut child = command(args).spawn().unwrap();
    drop(child.stdout.take());
    finish(child).code
}

#[test]
fn a_closed_pipe_keeps_the_findings_status() {
    for format in ["text", "json", "sarif", "html"] {
        let code = run_into_closed_pipe(&["check", "--rules", RULES, SEED, "--format", format]);
        assert_eq!(code, 1, "--format {format}");
    }
}

#[test]
fn a_closed_pipe_keeps_the_error_status() {
    let code = run_into_closed_pipe(&["check", "--rules", RULES, SEED, "fixtures/nope.txt"]);
    assert_eq!(code, 2);
    let code = run_into_closed_pipe(&["rules", "lint", "tests/rules/broken"]);
    assert_eq!(code, 2);
}

#[test]
fn a_closed_pipe_keeps_a_clean_status() {
    let code = run_into_closed_pipe(&["rules", "schema"]);
    assert_eq!(code, 0);
}

#[test]
fn an_open_pipe_gets_the_whole_report() {
    let run = run(&["check", "--rules", RULES, SEED, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"]["checked"], 2);
}

/// The seed rules, for runs from another folder.
const ABS_RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/korea-cmc-2023-04.yaml");

#[test]
fn a_check_of_empty_stdin_checked_nothing() {
    // Standard input is /dev/null: empty.
    let run = run(&["check", "--rules", RULES, "-"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no source was checked"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_check_of_only_empty_files_checked_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("blank.txt"), " \n\t\n").unwrap();
    let run = run_in(dir.path(), &["check", "--rules", ABS_RULES, "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no source was checked"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 inputs were skipped"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_check_of_a_missing_path_checked_nothing() {
    let run = run(&["check", "--rules", RULES, "fixtures/nope.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("fixtures/nope.txt"), "{}", run.stderr);
    assert!(
        run.stderr.contains("no source was checked"),
        "{}",
        run.stderr
    );
}

#[test]
fn rules_test_of_a_missing_path_ran_no_test() {
    let run = run(&["rules", "test", "no-such-rules"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no such rule file or folder") && run.stderr.contains("no-such-rules"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no test ran"), "{}", run.stderr);
}

#[test]
fn rules_test_without_a_rules_folder_ran_no_test() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["rules", "test"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no such rule file or folder"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no test ran"), "{}", run.stderr);
}

#[test]
fn rules_test_of_a_broken_rule_file_ran_no_test() {
    let run = run(&["rules", "test", "tests/rules/broken/yaml-syntax.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("tests/rules/broken/yaml-syntax.yaml:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no test ran"), "{}", run.stderr);
}

/// Make a FIFO at `path` (nobody ever writes to it).
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_device_as_rules_is_a_clear_error() {
    let run = run(&["check", "--rules", "/dev/zero", SEED]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a regular file (a device)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_named_as_rules_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("rules.yaml");
    mkfifo(&fifo);
    let run = run(&["check", "--rules", fifo.to_str().unwrap(), SEED]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a regular file (a FIFO)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_in_a_rules_folder_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(RULES, dir.path().join("korea.yaml")).unwrap();
    mkfifo(&dir.path().join("pipe.yaml"));
    let run = run(&["check", "--rules", dir.path().to_str().unwrap(), SEED]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("pipe.yaml")
            && run.stderr.contains("skipped: not a regular file (a FIFO)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rule_file_read_past_the_limit_is_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    std::fs::write(&big, "#".repeat(5 << 20)).unwrap();
    let run = run(&["check", "--rules", big.to_str().unwrap(), SEED]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("rule file too large"), "{}", run.stderr);
}

#[test]
fn the_same_rule_file_twice_is_loaded_once() {
    let both = run(&["check", "--rules", RULES, "--rules", "rules/", SEED]);
    assert_eq!(both.code, 1, "{}", both.stderr);
    assert!(!both.stderr.contains("duplicate"), "{}", both.stderr);
    let twice = run(&["check", "--rules", RULES, "--rules", RULES, SEED]);
    assert_eq!(twice.code, 1, "{}", twice.stderr);
    assert_eq!(twice.stderr, "");
}

/// Write `text` as a rule file in a new folder and check the seed story with it.
fn check_with_rules(text: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.yaml");
    std::fs::write(&path, text).unwrap();
    run(&["check", "--rules", path.to_str().unwrap(), SEED])
}

#[test]
fn a_billion_laughs_rule_file_is_refused_at_once() {
    let mut text =
        String::from("story: bomb\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    let mut prev = "a".to_string();
    for level in 1..12 {
        let items = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        prev = format!("l{level}");
    }
    text.push_str("slots: []\n");
    let start = Instant::now();
    let run = check_with_rules(&text);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("aliases expand to more than 10000 nodes")
            && run.stderr.contains("hostile.yaml:6:"),
        "{}",
        run.stderr
    );
}

#[test]
fn deep_nesting_in_a_rule_file_is_refused() {
    let text = format!(
        "story: deep\nslots: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let run = check_with_rules(&text);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("nesting deeper than 64 levels")
            && run.stderr.contains("hostile.yaml:2:"),
        "{}",
        run.stderr
    );
}

#[test]
fn too_many_slots_in_a_rule_file_are_refused() {
    let mut text = String::from("story: many\nslots:\n");
    for n in 0..10_000 {
        text.push_str(&format!(
            "  - id: s{n}\n    kind: count\n    patterns: [\"{{number}} things {n}\"]\n"
        ));
    }
    let start = Instant::now();
    let run = check_with_rules(&text);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("10000 slots; a rule file may have at most 2000")
            && run.stderr.contains("hostile.yaml:2:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn jobs_are_capped() {
    let run = run(&["check", "--rules", RULES, SEED, "--jobs", "65535"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--jobs"), "{}", run.stderr);
    assert!(run.stderr.contains("1..=256"), "{}", run.stderr);
}

/// The hostile source catalogue: each odd input is skipped with its reason or
/// gives a located error, and the seed sources beside them are still checked.
#[test]
fn hostile_sources_are_skipped_or_errors_and_the_rest_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["ap.txt", "dw.txt"] {
        std::fs::copy(Path::new(SEED).join(name), d.join(name)).unwrap();
    }
    std::fs::write(d.join("bad-utf8.txt"), b"abc \xff\xfe def\n").unwrap();
    std::fs::write(d.join("nul.txt"), b"a\0b\0c").unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.txt"), "  \n\t\n").unwrap();
    std::fs::write(d.join("huge.txt"), "word ".repeat(1 << 20)).unwrap();
    std::fs::write(
        d.join("bidi.txt"),
        "Kim Jong Un said \u{202e}evil\u{2066} \x1b[31m red in Kaesong.\n",
    )
    .unwrap();
    std::fs::create_dir(d.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", d.join("loop/back")).unwrap();

    let run = run(&[
        "check",
        "--rules",
        ABS_RULES,
        d.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let entry = |name: &str| {
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no entry for {name}: {}", run.stdout))
            .clone()
    };
    for name in ["ap.txt", "dw.txt", "bidi.txt"] {
        assert_eq!(entry(name)["status"], "checked", "{name}");
    }
    for (name, reason) in [
        ("bad-utf8.txt", "not valid UTF-8 (byte 4)"),
        ("nul.txt", "binary file (NUL byte at byte 1)"),
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("loop/back", "folder loop"),
    ] {
        let e = entry(name);
        assert_eq!(e["status"], "skipped", "{name}");
        assert!(
            e["reason"].as_str().unwrap().starts_with(reason),
            "{name}: {e}"
        );
    }
    // A huge line is read and found out of scope, not refused or stuck on.
    assert!(entry("huge.txt")["reason"]
        .as_str()
        .unwrap()
        .contains("out of scope"));
    // The unreadable ones are located errors.
    assert!(
        run.stderr.contains("error: not valid UTF-8 (byte 4)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("bad-utf8.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("error: binary file"), "{}", run.stderr);
    assert_eq!(report["summary"]["checked"], 3);

    // The text report never passes escapes or bidi controls to the terminal.
    let text = run_in(d, &["check", "--rules", ABS_RULES, "bidi.txt", "ap.txt"]);
    assert!(text.code <= 1, "{}", text.stderr);
    for control in ['\x1b', '\u{202e}', '\u{2066}'] {
        assert!(
            !text.stdout.contains(control),
            "{control:?} in {}",
            text.stdout
        );
        assert!(
            !text.stderr.contains(control),
            "{control:?} in {}",
            text.stderr
        );
    }
}

#[test]
fn explain_runs_beside_a_fifo_skipped_in_a_rules_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(RULES, dir.path().join("korea.yaml")).unwrap();
    mkfifo(&dir.path().join("pipe.yaml"));
    let run = run(&["explain", "--rules", dir.path().to_str().unwrap(), SEED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("skipped: not a regular file (a FIFO)"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.is_empty());
}

/// The `sources` entries of a JSON report, as (path ending, status, reason).
fn source_entries(stdout: &str) -> Vec<(String, String, String)> {
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap();
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or("").to_string(),
                s["status"].as_str().unwrap_or("").to_string(),
                s["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// (source, value, line, column) of every value of slot `slot`.
fn slot_values(stdout: &str, slot: &str) -> Vec<(String, String, u64, u64)> {
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let slot = report["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slot"] == slot)
        .unwrap_or_else(|| panic!("no slot {slot}: {stdout}"));
    slot["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["source"].as_str().unwrap().to_string(),
                v["value"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn symlinks_fanning_out_load_each_file_once_and_a_loop_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("real")).unwrap();
    for name in ["ap.txt", "dw.txt"] {
        std::fs::copy(Path::new(SEED).join(name), d.join("real").join(name)).unwrap();
    }
    // Three levels of 8 links each to the level below: 512 paths to each file.
    let mut below = d.join("real");
    for level in 0..3 {
        let folder = d.join(format!("fan{level}"));
        std::fs::create_dir(&folder).unwrap();
        for i in 0..8 {
            std::os::unix::fs::symlink(&below, folder.join(format!("l{i}"))).unwrap();
        }
        below = folder;
    }
    std::os::unix::fs::symlink(d, d.join("real/back")).unwrap();
    let run = run(&[
        "check",
        "--rules",
        ABS_RULES,
        d.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let entries = source_entries(&run.stdout);
    let checked: Vec<_> = entries.iter().filter(|e| e.1 == "checked").collect();
    assert_eq!(checked.len(), 2, "{entries:?}");
    let loops: Vec<_> = entries
        .iter()
        .filter(|e| e.2.contains("folder loop"))
        .collect();
    assert_eq!(loops.len(), 1, "{entries:?}");
    assert_eq!(entries.len(), 3, "{entries:?}");
}

#[test]
fn rule_and_test_folders_with_loops_load_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(RULES, d.join("korea.yaml")).unwrap();
    std::os::unix::fs::symlink(d, d.join("again")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/up")).unwrap();
    let run = run(&["check", "--rules", d.to_str().unwrap(), SEED]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("duplicate"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("folder loop").count(),
        2,
        "{}",
        run.stderr
    );
    let test = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["rules", "test", d.to_str().unwrap()],
    );
    assert!(!test.stderr.contains("duplicate"), "{}", test.stderr);
}

#[test]
fn a_folder_nested_two_thousand_deep_is_reported_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["ap.txt", "dw.txt"] {
        std::fs::copy(Path::new(SEED).join(name), d.join(name)).unwrap();
    }
    // Built one level at a time, relative, so no path gets too long to make.
    let mut here = d.to_path_buf();
    for _ in 0..20 {
        let chain: String = "d/".repeat(100);
        std::fs::create_dir_all(here.join(&chain)).unwrap();
        here = here.join(chain);
    }
    // The walk itself is instant; the time limit of every run here guards it.
    let run = run(&[
        "check",
        "--rules",
        ABS_RULES,
        d.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let entries = source_entries(&run.stdout);
    assert_eq!(
        entries.iter().filter(|e| e.1 == "checked").count(),
        2,
        "{entries:?}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e.2 == "folder nested too deep (the limit is 64 levels)"),
        "{entries:?}"
    );
}

#[test]
fn fifos_as_sources_are_skipped_never_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["ap.txt", "dw.txt"] {
        std::fs::copy(Path::new(SEED).join(name), d.join(name)).unwrap();
    }
    mkfifo(&d.join("in-folder.txt"));
    let elsewhere = tempfile::tempdir().unwrap();
    let named = elsewhere.path().join("named.txt");
    mkfifo(&named);
    let run = run(&[
        "check",
        "--rules",
        ABS_RULES,
        d.to_str().unwrap(),
        named.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let entries = source_entries(&run.stdout);
    let reason = |name: &str| {
        entries
            .iter()
            .filter(|e| e.0.ends_with(name))
            .map(|e| (e.1.as_str(), e.2.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(reason("ap.txt"), vec![("checked", "")]);
    assert_eq!(reason("dw.txt"), vec![("checked", "")]);
    assert_eq!(
        reason("in-folder.txt"),
        vec![("skipped", "not a regular file (a FIFO)")]
    );
    assert_eq!(
        reason("named.txt"),
        vec![(
            "skipped",
            "a named pipe that nothing writes to (waited 1 s)"
        )]
    );
    assert!(run.stderr.contains("named.txt"), "{}", run.stderr);
}

/// `text` in UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in std::iter::once(0xFEFF_u16)
        .filter(|_| bom)
        .chain(text.encode_utf16())
    {
        out.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16_sources_are_decoded_and_located_like_utf8() {
    let ap = std::fs::read_to_string(Path::new(SEED).join("ap.txt")).unwrap();
    let plain = run(&["check", "--rules", RULES, SEED, "--format", "json"]);
    let want = slot_values(&plain.stdout, "kwon-reaction");
    for (little, bom, name) in [
        (true, true, "le-bom"),
        (false, true, "be-bom"),
        (true, false, "le"),
        (false, false, "be"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ap.txt"), utf16(&ap, little, bom)).unwrap();
        std::fs::copy(Path::new(SEED).join("dw.txt"), dir.path().join("dw.txt")).unwrap();
        let run = run(&[
            "check",
            "--rules",
            ABS_RULES,
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert_eq!(slot_values(&run.stdout, "kwon-reaction"), want, "{name}");
    }
}

#[test]
fn a_utf8_bom_does_not_shift_line_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rules = d.join("r.yaml");
    std::fs::write(
        &rules,
        "story: bom\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("a.txt"), "\u{feff}It fired 30 missiles.\n").unwrap();
    std::fs::write(d.join("b.txt"), "It fired 40 missiles.\n").unwrap();
    let run = run(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        d.join("a.txt").to_str().unwrap(),
        d.join("b.txt").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let values = slot_values(&run.stdout, "missiles");
    assert_eq!(
        values,
        vec![
            ("a".to_string(), "30".to_string(), 1, 10),
            ("b".to_string(), "40".to_string(), 1, 10),
        ]
    );
}

/// Every terminal-driving character a hostile name or text may carry.
const CONTROLS: [char; 7] = [
    '\x1b', '\u{202e}', '\u{2066}', '\u{200e}', '\u{200f}', '\u{061c}', '\u{9b}',
];

fn assert_no_controls(what: &str, text: &str) {
    for c in CONTROLS {
        assert!(!text.contains(c), "{what}: {c:?} in {text}");
    }
}

#[test]
fn hostile_file_names_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let evil = "evil\x1b[2J\u{202e}\u{2066}\u{200f}\u{061c}\u{9b}x";
    std::fs::copy(
        Path::new(SEED).join("ap.txt"),
        d.join(format!("{evil}.txt")),
    )
    .unwrap();
    std::fs::copy(Path::new(SEED).join("dw.txt"), d.join("dw.txt")).unwrap();
    std::fs::write(d.join(format!("{evil}-bad.txt")), b"bad \xff").unwrap();
    let rules = d.join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(RULES, rules.join("korea.yaml")).unwrap();
    std::fs::write(rules.join(format!("{evil}.yaml")), "story: [\n").unwrap();
    std::fs::write(
        rules.join("korea.test.yaml"),
        // YAML escapes for the same name; the expected value is wrong, so the
        // failure quotes the file.
        concat!(
            "cases:\n  - name: one\n    sources:\n",
            "      - path: \"../evil\\e[2J\\u202E\\u2066\\u200F\\u061C\\x9Bx.txt\"\n",
            "    values:\n      kwon-reaction: { \"evil\\e[2J\\u202E\\u2066\\u200F\\u061C\\x9Bx\": nothing }\n",
        ),
    )
    .unwrap();
    let r = rules.to_str().unwrap();
    let s = d.to_str().unwrap();
    for args in [
        vec!["check", "--rules", r, s],
        vec!["check", "--rules", r, s, "--format", "markdown"],
        vec!["explain", "--rules", r, s],
        vec!["rules", "lint", r],
        vec!["rules", "test", r],
    ] {
        let run = run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_no_controls(&format!("{args:?} stdout"), &run.stdout);
        assert_no_controls(&format!("{args:?} stderr"), &run.stderr);
    }
    // The other sources are still checked.
    let json = run(&["check", "--rules", RULES, s, "--format", "json"]);
    let entries = source_entries(&json.stdout);
    assert_eq!(
        entries.iter().filter(|e| e.1 == "checked").count(),
        2,
        "{entries:?}"
    );
}

#[test]
fn catastrophic_regex_shapes_are_located_errors_and_the_rest_still_run() {
    for (i, re) in [
        "(a{1000}){1000}",
        "\\w{1000}",
        "(?:\\w{100}){100}",
        "x{4294967295}",
        "[\\w\\W]{60000}",
    ]
    .iter()
    .enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(RULES, dir.path().join("korea.yaml")).unwrap();
        std::fs::write(
            dir.path().join("bad.yaml"),
            format!(
                "story: bad{i}\nslots:\n  - id: s\n    kind: phrase\n    patterns:\n      - regex: '{re}'\n"
            ),
        )
        .unwrap();
        let run = run(&[
            "check",
            "--rules",
            dir.path().to_str().unwrap(),
            SEED,
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 2, "{re}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("regex too large once compiled (the limit is 16 MiB)"),
            "{re}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("bad.yaml:6:17"), "{re}: {}", run.stderr);
        // The good rule file still ran: its values are in the report.
        let values = slot_values(&run.stdout, "kwon-reaction");
        assert_eq!(values.len(), 2, "{re}");
        assert_eq!(values[0].1, "strong regret");
    }
}

#[test]
fn unclosed_front_matter_is_a_warning_and_not_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rules = d.join("r.yaml");
    std::fs::write(
        &rules,
        "story: fm\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n",
    )
    .unwrap();
    let a = d.join("a.txt");
    let b = d.join("b.txt");
    std::fs::write(
        &a,
        "---\noutlet: A\ntitle: It fired 99 missiles\n\nIt fired 30 missiles.\n",
    )
    .unwrap();
    std::fs::write(&b, "It fired 30 missiles.\n").unwrap();
    let run = run(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert_eq!(
        slot_values(&run.stdout, "missiles"),
        vec![
            ("A".to_string(), "30".to_string(), 5, 10),
            ("b".to_string(), "30".to_string(), 1, 10),
        ]
    );
    assert!(
        run.stderr.contains("a.txt")
            && run
                .stderr
                .contains("front matter line 1: the `---` block is never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn absurd_tolerances_are_errors_with_the_range_allowed() {
    for (tolerance, kind, range) in [
        ("'1e308'", "count", "0 to 10^15"),
        ("'100000%'", "count", "a percentage is 0% to 100%"),
        ("'-2'", "count", "0 to 10^15"),
        (
            "'10000000000000000'",
            "count",
            "an absolute tolerance is 0 to 1000000000000000",
        ),
        ("'100000'", "time", "a time tolerance is 0 to 1440 minutes"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.yaml");
        let pattern = if kind == "time" {
            "at {time}"
        } else {
            "fired {number} missiles"
        };
        std::fs::write(
            &file,
            format!(
                "story: t\nslots:\n  - id: s\n    kind: {kind}\n    tolerance: {tolerance}\n    patterns: [\"{pattern}\"]\n"
            ),
        )
        .unwrap();
        let run = run(&["rules", "lint", file.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{tolerance}: {}", run.stdout);
        assert!(run.stdout.contains(range), "{tolerance}: {}", run.stdout);
        assert!(
            run.stdout.contains("t.yaml:5:5"),
            "{tolerance}: {}",
            run.stdout
        );
    }
}

#[test]
fn rules_new_with_one_bad_source_drafts_from_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"not \xff text").unwrap();
    let out = dir.path().join("out");
    let run = run(&[
        "rules",
        "new",
        "korea-draft",
        "fixtures/korea-cmc-2023-04/dw.txt",
        bad.to_str().unwrap(),
        "fixtures/korea-cmc-2023-04/ap.txt",
        "--dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not valid UTF-8 (byte 4)") && run.stderr.contains("bad.txt"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("(3 slots proposed from 2 sources)"),
        "{}",
        run.stdout
    );
    let rules = std::fs::read_to_string(out.join("korea-draft.yaml")).unwrap();
    assert!(rules.contains("slots:"), "{rules}");
    // With no readable source, nothing is written.
    let none = dir.path().join("none");
    let run = self::run(&[
        "rules",
        "new",
        "x",
        bad.to_str().unwrap(),
        "--dir",
        none.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no source could be read"),
        "{}",
        run.stderr
    );
    assert!(!none.exists());
}

#[test]
fn schema_messages_speak_yaml_not_rust() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.yaml"), "- a\n- b\n").unwrap();
    std::fs::write(
        d.join("b.yaml"),
        "story: x\nslots:\n  - id: s\n    kind: [1]\n",
    )
    .unwrap();
    std::fs::write(d.join("c.yaml"), "story: y\nslots:\n  - 3\n").unwrap();
    let run = run(&["rules", "lint", d.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    for rust in ["struct ", "enum ", "YAML tag", "StoryFile", "SlotSpec"] {
        assert!(!run.stdout.contains(rust), "{rust}: {}", run.stdout);
    }
    assert!(
        run.stdout
            .contains("expected a story (a mapping with `story:` and `slots:`)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("expected a slot (a mapping with `id:`, `kind:` and `patterns:`)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_scope_term_that_does_not_compile_is_a_located_error() {
    let term = "word ".repeat(60_000);
    let run = check_with_rules(&format!(
        "story: s\nscope:\n  any: [\"{term}\"]\nslots:\n  - id: s\n    kind: count\n    patterns: [\"fired {{number}} missiles\"]\n"
    ));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("scope term too large once compiled (the limit is 1024 KiB)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hostile.yaml:2:1"), "{}", run.stderr);
}

#[test]
fn a_values_sentence_never_carries_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rules = d.join("r.yaml");
    std::fs::write(
        &rules,
        "story: b\nslots:\n  - id: missiles\n    kind: count\n    patterns: [\"fired {number} missiles\"]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("a.txt"),
        "It fired 30 missiles \u{202e}today\u{2069}.\n",
    )
    .unwrap();
    std::fs::write(d.join("b.txt"), "It fired 40 missiles.\n").unwrap();
    let run = run(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        d.join("a.txt").to_str().unwrap(),
        d.join("b.txt").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sentence = report["slots"][0]["values"][0]["sentence"]
        .as_str()
        .unwrap();
    assert_eq!(sentence, "It fired 30 missiles \u{fffd}today\u{fffd}.");
}

/// A decomposed name (e + combining acute) reads as the precomposed one a
/// pattern is written with, and two outlets that differ only in that agree.
#[test]
fn decomposed_and_precomposed_letters_are_the_same_name() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.yaml");
    std::fs::write(
        &rules,
        "story: nfc\nslots:\n  - id: minister\n    kind: name\n    patterns: [\"Minister {name} (said|told)\"]\n  - id: spokesman\n    kind: count\n    patterns: [\"Jos\u{e9} counted {number} votes\"]\n",
    )
    .unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(
        &a,
        "Minister Jose\u{301} Ramos said so. Jose\u{301} counted 12 votes.\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "Minister Jos\u{e9} Ramos told us. Jos\u{e9} counted 12 votes.\n",
    )
    .unwrap();
    let out = run(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let slots = report["slots"].as_array().unwrap();
    for slot in slots {
        assert_eq!(slot["filled"], 2, "{slot}");
    }
    assert_eq!(slots[0]["values"][0]["value"], "Jos\u{e9} Ramos");
}

#[test]
fn hostile_language_tags_give_short_clean_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(100_000);
    let sources = [
        (
            "long.md",
            format!("---\nlanguage: {long}\n---\nA sentence.\n"),
        ),
        (
            "escape.md",
            "---\nlanguage: \u{1b}[31mde\u{202e}\n---\nA sentence.\n".to_string(),
        ),
    ];
    for (name, text) in &sources {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let rules = dir.path().join("story.yaml");
    std::fs::write(
        &rules,
        format!("story: s\nlanguage: {long}\nslots:\n  - id: n\n    kind: count\n    patterns: [\"{{number}} x\"]\n"),
    )
    .unwrap();
    let run = run(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_controls("stderr", &run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("unknown language"))
        .collect();
    // The story's tag, and each source's.
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert!(
        warnings.iter().all(|w| w.chars().count() < 200),
        "{warnings:?}"
    );
}
