//! Benchmark of `crosswire check` stages on a generated corpus.
//!
//! The corpus is made from the two seed articles (fixtures/korea-cmc-2023-04)
//! with deterministic variations (figures, wordings, weekdays), so slots fill,
//! agree and disagree as they would across many outlets. Two rule sets are
//! timed: the shipped story (14 slots) and the same story ten times over
//! (140 slots), to show that the prefilter keeps the cost growing with the
//! text rather than with text × slots.
//!
//! Run: `cargo bench --bench check` (prints a table; asserts nothing about time).
//! With `-- --emit DIR`, writes the 800-source corpus and the compiled patterns
//! (one regex per line, for `rg -f`) to DIR.

// A bench binary reports on standard output.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crosswire::rules::parse_story;
use crosswire::source::{Input, LoadOptions, Source};
use crosswire::{Checker, RuleSet};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A tiny deterministic generator (LCG), so every run builds the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() as usize) % items.len();
        items[i]
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `count` source texts named `outlet-NNNN`.
fn corpus(count: usize) -> Vec<(String, String)> {
    let dw = read("fixtures/korea-cmc-2023-04/dw.txt");
    let ap = read("fixtures/korea-cmc-2023-04/ap.txt");
    let mut rng = Lcg(42);
    (0..count)
        .map(|i| {
            let base = if i % 2 == 0 { &ap } else { &dw };
            let text = base
                .replace("fifth", rng.pick(&["fifth", "fifth", "sixth", "fourth"]))
                .replace(
                    "around 30",
                    rng.pick(&["around 30", "about 30", "nearly 30", "31"]),
                )
                .replace(
                    "nearly 70",
                    rng.pick(&["nearly 70", "about 70", "70", "more than 65"]),
                )
                .replace(
                    "strong regret",
                    rng.pick(&["strong regret", "deep regret", "regret"]),
                )
                .replace(
                    "disappointment",
                    rng.pick(&["disappointment", "deep disappointment", "anger"]),
                )
                .replace(
                    "on Monday",
                    rng.pick(&["on Monday", "on Monday", "on Sunday"]),
                );
            (format!("outlet-{i:04}"), text)
        })
        .collect()
}

fn rules(copies: usize) -> RuleSet {
    let yaml = read("rules/korea-cmc-2023-04.yaml");
    let stories = (0..copies)
        .map(|i| {
            let text = yaml.replace(
                "story: korea-cmc-2023-04",
                &format!("story: korea-cmc-2023-04-copy{i}"),
            );
            parse_story(&text, "rules/korea-cmc-2023-04.yaml")
                .unwrap_or_else(|e| panic!("{}", e[0]))
        })
        .collect();
    RuleSet { stories }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn emit(dir: &Path) -> std::io::Result<()> {
    let corpus_dir = dir.join("corpus");
    std::fs::create_dir_all(&corpus_dir)?;
    for (name, text) in corpus(800) {
        std::fs::write(corpus_dir.join(format!("{name}.txt")), text)?;
    }
    let rules = rules(1);
    let patterns: Vec<String> = rules
        .stories
        .iter()
        .flat_map(|s| s.slots.iter())
        // rg joins its patterns into one regex: unnamed groups only.
        .flat_map(|slot| {
            slot.patterns
                .iter()
                .map(|p| p.regex_text().replace("(?P<value>", "("))
        })
        .collect();
    std::fs::write(dir.join("patterns.txt"), patterns.join("\n") + "\n")?;
    // The prefilter's anchor words: a literal scan for them is the floor under
    // any regex-based check of this corpus.
    let mut anchors: Vec<String> = rules
        .stories
        .iter()
        .flat_map(|s| s.slots.iter())
        .flat_map(|slot| slot.patterns.iter().filter_map(|p| p.anchor.clone()))
        .collect();
    anchors.sort();
    anchors.dedup();
    std::fs::write(dir.join("anchors.txt"), anchors.join("\n") + "\n")?;
    println!(
        "wrote {} sources and {} patterns to {}",
        800,
        patterns.len(),
        dir.display()
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--emit") {
        let dir = args
            .get(i + 1)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("target/bench-corpus"));
        if let Err(e) = emit(&dir) {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
        return;
    }
    let options = LoadOptions::default();
    if args.iter().any(|a| a == "--stages") {
        let texts = corpus(800);
        let sources: Vec<Source> = texts
            .iter()
            .map(|(name, text)| Source::from_text(Some(name.clone()), None, text.clone(), &options))
            .collect();
        for copies in [1usize, 10] {
            let rules = rules(copies);
            let start = Instant::now();
            let extraction = crosswire::extract::extract(&rules, &sources, None);
            let extract_time = start.elapsed();
            let start = Instant::now();
            let (findings, _) = crosswire::compare::compare(&rules, &sources, &extraction);
            let compare_time = start.elapsed();
            println!(
                "slots {}: extract {:.1} ms ({} fills), compare {:.1} ms ({} findings)",
                14 * copies,
                extract_time.as_secs_f64() * 1e3,
                extraction.fills.len(),
                compare_time.as_secs_f64() * 1e3,
                findings.len()
            );
        }
        return;
    }
    println!("| sources | MB | slots | load ms | check ms (all cores) | check ms (1 thread) | findings |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for &count in &[50usize, 200, 800] {
        let texts = corpus(count);
        let megabytes = texts.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1e6;
        let load = || -> Vec<Input> {
            texts
                .iter()
                .map(|(name, text)| {
                    Input::Loaded(Source::from_text(
                        Some(name.clone()),
                        None,
                        text.clone(),
                        &options,
                    ))
                })
                .collect()
        };
        let load_time = time(5, load);
        for copies in [1usize, 10] {
            let checker = Checker::new(rules(copies));
            let one = Checker::new(rules(copies)).jobs(1);
            let all_time = time(5, || checker.check(load()));
            let one_time = time(3, || one.check(load()));
            let findings = checker.check(load()).findings.len();
            println!(
                "| {count} | {megabytes:.1} | {} | {:.1} | {:.1} | {:.1} | {findings} |",
                14 * copies,
                load_time.as_secs_f64() * 1e3,
                (all_time.saturating_sub(load_time)).as_secs_f64() * 1e3,
                (one_time.saturating_sub(load_time)).as_secs_f64() * 1e3,
            );
        }
    }
}
