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
