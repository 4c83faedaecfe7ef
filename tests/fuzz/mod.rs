//! A small mutation fuzzer that runs on stable Rust (no nightly, no
//! cargo-fuzz): seeds from `fixtures/`, `rules/` and `tests/`, byte- and
//! token-level mutations from a seeded RNG, each case run under
//! `catch_unwind` on a worker thread with a time limit (a case using more
//! than [`HANG_LIMIT`] of CPU time is a hang). Inputs whose outcome is new join the corpus, a
//! cheap stand-in for coverage feedback.
//!
//! `cargo test` runs every target for a fixed, small number of cases and
//! replays the reproducers kept in `tests/data/fuzz/`; `fuzz_long` (ignored)
//! is the long run, driven by environment variables. docs/fuzzing.md says
//! how to run it and what the long runs found.

mod targets;

use std::collections::{BTreeMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Once;
use std::time::{Duration, Instant};

pub use targets::{Target, TARGETS};

/// A case that uses more CPU time than this is a hang: 2 s in a release
/// build (the long runs), 30 s in an unoptimized one. CPU time, not wall
/// time, so that a busy machine does not make hangs of slow cases.
const HANG_LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(30)
} else {
    Duration::from_secs(2)
};

/// A case still running after this much wall time is given up for stuck:
/// its worker thread is abandoned and a new one started.
const STUCK_LIMIT: Duration = Duration::from_secs(120);

/// CPU time the calling thread has used (Linux: `/proc/thread-self/schedstat`);
/// `None` where that cannot be read, and wall time is used instead.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Mutated inputs are cut to this size, so that a case's cost stays bounded.
const MAX_INPUT: usize = 64 * 1024;

/// The corpus stops growing at this many inputs per target.
const MAX_CORPUS: usize = 4096;

/// Cases per target in `cargo test` (debug build).
const QUICK_CASES: usize = 200;

/// Wall-clock cap per target in `cargo test`, whatever the case count.
const QUICK_BUDGET: Duration = Duration::from_secs(3);

/// Splitmix64: small, seedable, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Tokens every target is offered, besides its own: YAML and pattern syntax,
/// markup, escapes, huge and odd numbers, and Unicode that normalization folds.
const COMMON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "|",
    "*",
    "&a",
    "*a",
    "<<",
    "...",
    "\\",
    "\"",
    "'",
    "`",
    "\u{201C}",
    "\u{201D}",
    "\u{2019}",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "",
    "\u{0}",
    "\u{7F}",
    "\u{85}",
    "\u{A0}",
    "\u{AD}",
    "\u{200B}",
    "\u{202E}",
    "\u{2066}",
    "\u{2028}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{1F600}",
    "é",
    "e\u{301}",
    "\u{10FFFF}",
    "İ",
    "ß",
    "\u{0130}",
    "Σ",
    "\u{1b}[31m",
    "99999999999999999999999999",
    "18446744073709551616",
    "9007199254740993",
    "1e308",
    "-1e308",
    "1e-400",
    "NaN",
    "inf",
    "-0",
    "0.000000001",
    "1,000,000",
    "1.5 million",
    "twenty-one",
    "three hundred and forty-two",
    "3rd",
    "½",
    "¾",
    "Monday",
    "last Tuesday",
    "April 31, 2023",
    "2023-02-29",
    "31/12/2023",
    "12:00",
    "25:99",
    "3 p.m. GMT+14",
    "midnight",
    "5 km",
    "$3bn",
    "40%",
    "-273 °C",
    "about",
    "nearly",
    "at least",
    "between 3 and 5",
];

/// The outcome of one case.
enum Outcome {
    /// Finished; the signature says what happened (for corpus feedback).
    Done(String),
    /// Panicked with this message (and location, when known).
    Panic(String),
}

std::thread_local! {
    /// Set while a case runs, so the panic hook stays quiet and records the
    /// location instead of printing it.
    static IN_CASE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that records where a case panicked and
/// leaves every other panic to the previous hook.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if IN_CASE.with(std::cell::Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                PANIC_AT.with(|p| *p.borrow_mut() = Some(at));
            } else {
                previous(info);
            }
        }));
    });
}

fn run_case(target: &Target, input: &[u8]) -> Outcome {
    IN_CASE.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
    IN_CASE.with(|c| c.set(false));
    match result {
        Ok(signature) => Outcome::Done(signature),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
            Outcome::Panic(format!("panic at {at}: {message}"))
        }
    }
}

/// Runs cases on a worker thread so a hang is noticed without waiting for it.
struct Worker {
    send: mpsc::Sender<Vec<u8>>,
    recv: mpsc::Receiver<(Outcome, Duration)>,
}

impl Worker {
    fn spawn(target: &'static Target) -> Worker {
        install_hook();
        let (send, cases) = mpsc::channel::<Vec<u8>>();
        let (results, recv) = mpsc::channel();
        std::thread::Builder::new()
            .name(format!("fuzz-{}", target.name))
            .stack_size(64 << 20)
            .spawn(move || {
                for input in cases {
                    let (cpu, wall) = (thread_cpu_time(), Instant::now());
                    let outcome = run_case(target, &input);
                    let took = match (cpu, thread_cpu_time()) {
                        (Some(a), Some(b)) => b.saturating_sub(a),
                        _ => wall.elapsed(),
                    };
                    if results.send((outcome, took)).is_err() {
                        break;
                    }
                }
            })
            .expect("a fuzz worker thread starts");
        Worker { send, recv }
    }

    /// The outcome and the CPU time it took, or `None` when the case is still
    /// running after `limit` of wall time (the worker is then abandoned: it
    /// exits once the case ends, if it ever does).
    fn run(&self, input: &[u8], limit: Duration) -> Option<(Outcome, Duration)> {
        self.send.send(input.to_vec()).ok()?;
        self.recv.recv_timeout(limit).ok()
    }
}

/// One failure: its kind and message, and the smallest input that showed it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub input: Vec<u8>,
    pub file: Option<PathBuf>,
}

/// What a fuzzing run did.
#[derive(Debug, Default)]
pub struct Stats {
    pub cases: u64,
    pub corpus: usize,
    pub elapsed: Duration,
    /// Unique failures, by message.
    pub failures: BTreeMap<String, Failure>,
    /// The slowest case seen, and how long it took.
    pub slowest: Duration,
}

/// How a run is bounded and where failures go.
pub struct Budget {
    pub cases: Option<u64>,
    pub time: Duration,
    pub seed: u64,
    /// Folder for reproducers (created on the first failure).
    pub out: Option<PathBuf>,
    /// Print a progress line this often.
    pub progress: Option<Duration>,
}

/// A stable 64-bit FNV-1a hash (for reproducer file names and dedup).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Token boundaries: runs of ASCII white space separate tokens, and each
/// piece of punctuation is a token of its own.
fn tokenize(input: &[u8]) -> Vec<&[u8]> {
    let mut tokens = Vec::new();
    let mut start = 0;
    for (i, &b) in input.iter().enumerate() {
        let space = b.is_ascii_whitespace();
        let punct = b.is_ascii_punctuation();
        if space || punct {
            if start < i {
                tokens.push(&input[start..i]);
            }
            tokens.push(&input[i..i + 1]);
            start = i + 1;
        }
    }
    if start < input.len() {
        tokens.push(&input[start..]);
    }
    tokens
}

/// A random range of `len` bytes, at most `max` long.
fn span(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = start + rng.below((len - start).min(max) + 1);
    (start, end)
}

/// One to four mutations of `input`, using `other` for splices and `tokens`
/// for insertions.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], tokens: &[&str]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = out.len();
        match rng.below(12) {
            // Flip a bit.
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            // Overwrite a byte with an interesting one.
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = *rng
                    .pick(&[
                        0u8, b'\n', b' ', b'{', b'}', b':', b'-', b'"', 0x7F, 0x80, 0xC3, 0xFF,
                    ])
                    .unwrap_or(&0);
            }
            // Delete a range.
            2 => {
                let (a, b) = span(rng, len, 64);
                out.drain(a..b);
            }
            // Duplicate a range, maybe many times.
            3 => {
                let (a, b) = span(rng, len, 256);
                let piece = out[a..b].to_vec();
                let times = if rng.chance(8) { 1 + rng.below(64) } else { 1 };
                let at = rng.below(out.len() + 1);
                for _ in 0..times {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            // Splice in a piece of another input.
            4 => {
                let (a, b) = span(rng, other.len(), 512);
                let at = rng.below(len + 1);
                out.splice(at..at, other[a..b].iter().copied());
            }
            // Cross over: our head, the other's tail.
            5 => {
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            // Insert random bytes.
            6 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                out.splice(at..at, bytes);
            }
            // Token level: delete, duplicate or swap tokens, insert a dictionary token.
            7..=9 => {
                let mut toks: Vec<Vec<u8>> = tokenize(&out).iter().map(|t| t.to_vec()).collect();
                let n = toks.len();
                match rng.below(4) {
                    0 if n > 0 => {
                        let (a, b) = span(rng, n, 8);
                        toks.drain(a..b);
                    }
                    1 if n > 0 => {
                        let i = rng.below(n);
                        let t = toks[i].clone();
                        toks.insert(i, t);
                    }
                    2 if n > 1 => {
                        let (i, j) = (rng.below(n), rng.below(n));
                        toks.swap(i, j);
                    }
                    _ => {
                        let at = rng.below(n + 1);
                        let pool = if rng.chance(2) { tokens } else { COMMON_TOKENS };
                        let t = rng.pick(pool).copied().unwrap_or("");
                        toks.insert(at, t.as_bytes().to_vec());
                    }
                }
                out = toks.concat();
            }
            // Insert a dictionary token at any byte.
            _ => {
                let pool = if rng.chance(2) { tokens } else { COMMON_TOKENS };
                let t = rng.pick(pool).copied().unwrap_or("");
                let at = rng.below(len + 1);
                out.splice(at..at, t.bytes());
            }
        }
    }
    out.truncate(MAX_INPUT);
    out
}

/// Writes a reproducer to `dir` and returns its path.
fn write_reproducer(dir: &Path, target: &str, input: &[u8]) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join(format!("{target}-{:016x}.bin", fnv(input)));
    std::fs::write(&path, input).ok()?;
    Some(path)
}

/// Fuzzes `target` within `budget`, printing progress to stderr when asked.
#[allow(clippy::print_stderr)]
pub fn fuzz(target: &'static Target, budget: &Budget) -> Stats {
    let started = Instant::now();
    let mut rng = Rng::new(budget.seed ^ fnv(target.name.as_bytes()));
    let mut corpus = (target.seeds)();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let mut seen: HashSet<u64> = HashSet::new();
    let mut stats = Stats::default();
    let mut worker = Worker::spawn(target);
    let mut abandoned = 0;
    let mut last_progress = Instant::now();
    // The seeds themselves first, then mutants.
    let mut replay = 0;
    loop {
        let elapsed = started.elapsed();
        if elapsed >= budget.time || budget.cases.is_some_and(|n| stats.cases >= n) {
            break;
        }
        let input = if replay < corpus.len() {
            replay += 1;
            corpus[replay - 1].clone()
        } else {
            let a = rng.below(corpus.len());
            let b = rng.below(corpus.len());
            mutate(&mut rng, &corpus[a], &corpus[b], target.tokens)
        };
        let outcome = worker.run(&input, STUCK_LIMIT);
        stats.cases += 1;
        let failure = match outcome {
            None => {
                abandoned += 1;
                worker = Worker::spawn(target);
                Some(format!("stuck: a case ran over {STUCK_LIMIT:?}"))
            }
            Some((outcome, took)) => {
                stats.slowest = stats.slowest.max(took);
                match outcome {
                    Outcome::Panic(message) => Some(message),
                    Outcome::Done(_) if took > HANG_LIMIT => {
                        Some(format!("hang: a case used over {HANG_LIMIT:?} of CPU time"))
                    }
                    Outcome::Done(signature) => {
                        if seen.insert(fnv(signature.as_bytes()))
                            && replay >= corpus.len()
                            && corpus.len() < MAX_CORPUS
                        {
                            corpus.push(input.clone());
                            replay = corpus.len();
                        }
                        None
                    }
                }
            }
        };
        if let Some(message) = failure {
            let better = stats
                .failures
                .get(&message)
                .is_none_or(|f| input.len() < f.input.len());
            if better {
                let file = budget
                    .out
                    .as_deref()
                    .and_then(|dir| write_reproducer(dir, target.name, &input));
                stats.failures.insert(
                    message.clone(),
                    Failure {
                        message,
                        input,
                        file,
                    },
                );
            }
        }
        if abandoned >= 3 {
            // Each abandoned worker may still be spinning; stop before they pile up.
            break;
        }
        if let Some(every) = budget.progress {
            if last_progress.elapsed() >= every {
                last_progress = Instant::now();
                eprintln!(
                    "[fuzz {}] {:>6}s {:>10} cases, corpus {}, {} unique failures, slowest {:?}",
                    target.name,
                    started.elapsed().as_secs(),
                    stats.cases,
                    corpus.len(),
                    stats.failures.len(),
                    stats.slowest
                );
            }
        }
    }
    stats.corpus = corpus.len();
    stats.elapsed = started.elapsed();
    stats
}

fn describe(stats: &Stats) -> String {
    let mut out = String::new();
    for failure in stats.failures.values() {
        out.push_str(&format!(
            "  {} ({} bytes{})\n",
            failure.message,
            failure.input.len(),
            failure
                .file
                .as_ref()
                .map(|p| format!(", written to {}", p.display()))
                .unwrap_or_default()
        ));
    }
    out
}

fn quick(name: &str) {
    let target = TARGETS
        .iter()
        .find(|t| t.name == name)
        .expect("the target exists");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    let stats = fuzz(
        target,
        &Budget {
            cases: Some(QUICK_CASES as u64),
            time: QUICK_BUDGET,
            seed: 0x00C0_FFEE,
            out: Some(out),
            progress: None,
        },
    );
    assert!(stats.cases > 0, "no case ran");
    assert!(
        stats.failures.is_empty(),
        "fuzz target {name}: {} failures in {} cases:\n{}",
        stats.failures.len(),
        stats.cases,
        describe(&stats)
    );
}

#[test]
fn fuzz_rules_quick() {
    quick("rules");
}

#[test]
fn fuzz_pattern_quick() {
    quick("pattern");
}

#[test]
fn fuzz_source_quick() {
    quick("source");
}

#[test]
fn fuzz_kinds_quick() {
    quick("kinds");
}

/// Every reproducer kept in `tests/data/fuzz/<target>/` runs clean and in time.
#[test]
fn fuzz_reproducers_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    // Reproducers are added as bugs are found; a target without any is fine.
    for target in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target.name)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        let worker = Worker::spawn(target);
        for file in files {
            let input = std::fs::read(&file).unwrap();
            match worker.run(&input, STUCK_LIMIT) {
                Some((Outcome::Done(_), took)) => assert!(
                    took <= HANG_LIMIT,
                    "{}: took {took:?} of CPU time",
                    file.display()
                ),
                Some((Outcome::Panic(message), _)) => panic!("{}: {message}", file.display()),
                None => panic!("{}: did not finish", file.display()),
            }
        }
    }
}

/// `pattern::parts` (explain's near misses) once compiled every run of a
/// pattern's tokens, O(n²) regexes for n words: 60 words and a placeholder
/// took 1.8 s and 450 MB in `crosswire explain`. It now compiles only the
/// longest runs, a bounded number.
#[test]
fn parts_of_a_long_pattern_stay_bounded() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/open/pattern-50-words.txt");
    let pattern = std::fs::read_to_string(path).unwrap();
    let before = thread_cpu_time();
    let (_, parts) = crosswire::pattern::parts(pattern.trim_end()).unwrap();
    let took = thread_cpu_time()
        .zip(before)
        .map(|(b, a)| b.saturating_sub(a));
    assert!(parts.len() <= 64, "{} regexes compiled", parts.len());
    assert!(took.is_none_or(|t| t <= HANG_LIMIT), "took {took:?}");
}

/// The long run: `CROSSWIRE_FUZZ_SECONDS` (default 60) per target,
/// `CROSSWIRE_FUZZ_TARGET` (one name, or every target in turn),
/// `CROSSWIRE_FUZZ_SEED` (default 1), `CROSSWIRE_FUZZ_OUT` (reproducers,
/// default `target/fuzz`). See docs/fuzzing.md.
#[test]
#[ignore = "long run; see docs/fuzzing.md"]
#[allow(clippy::print_stderr)]
fn fuzz_long() {
    let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    let seconds: u64 = env("CROSSWIRE_FUZZ_SECONDS").map_or(60, |s| s.parse().unwrap());
    let seed: u64 = env("CROSSWIRE_FUZZ_SEED").map_or(1, |s| s.parse().unwrap());
    let out = env("CROSSWIRE_FUZZ_OUT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz"),
        PathBuf::from,
    );
    let only = env("CROSSWIRE_FUZZ_TARGET");
    let chosen: Vec<&'static Target> = TARGETS
        .iter()
        .filter(|t| only.as_deref().is_none_or(|o| o == t.name))
        .collect();
    assert!(!chosen.is_empty(), "no target named {only:?}");
    let mut failed = 0;
    for target in chosen {
        let stats = fuzz(
            target,
            &Budget {
                cases: None,
                time: Duration::from_secs(seconds),
                seed,
                out: Some(out.clone()),
                progress: Some(Duration::from_secs(60)),
            },
        );
        let hours = stats.elapsed.as_secs_f64() / 3600.0;
        eprintln!(
            "[fuzz {}] done: {} cases in {:.0}s ({:.0} cases/hour), corpus {}, slowest case {:?}, {} unique failures\n{}",
            target.name,
            stats.cases,
            stats.elapsed.as_secs_f64(),
            stats.cases as f64 / hours.max(1e-9),
            stats.corpus,
            stats.slowest,
            stats.failures.len(),
            describe(&stats)
        );
        failed += stats.failures.len();
    }
    assert_eq!(failed, 0, "the fuzz run found failures (see above)");
}
