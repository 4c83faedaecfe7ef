//! Hostile input never hurts: closed pipes, runs that check nothing, rule
//! files that are not files, YAML bombs and odd sources each end with a
//! located error or a skip with its reason, never a panic or a hang.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RULES: &str = "rules/korea-cmc-2023-04.yaml";
const SEED: &str = "fixtures/korea-cmc-2023-04/";

/// How long any hostile run may take before it counts as a hang.
const LIMIT: Duration = Duration::from_secs(20);

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crosswire"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
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
