//! Quote alignment benchmark: how `quotes::align` scales with the number of
//! sources (and so of quotes).
//!
//! Sources are generated from the seed fixtures: each is the quotes of DW or
//! AP, every quote reworded deterministically (a fixed-seed LCG drops, swaps
//! or replaces words), plus a few quotes of its own, so that quotes both
//! align (identical, excerpt, drift) and stay unique. For N = 25 … 400 sources
//! it prints the median time of several `align` runs and the cost per quote.
//! It asserts nothing about time. Run: `cargo bench --bench quotes`.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use crosswire::quotes::{align, quotes_of, AlignOptions, QuoteText};
use crosswire::source::{LoadOptions, Source};

const SIZES: [usize; 5] = [25, 50, 100, 200, 400];
const RUNS: usize = 7;

/// A fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seed_quotes(file: &str) -> Vec<QuoteText> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/korea-cmc-2023-04")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("seed fixture");
    let source = Source::from_text(None, Some(path), text, &LoadOptions::default());
    quotes_of(&source)
        .iter()
        .map(|q| QuoteText::from_quote(&source.text, q))
        .collect()
}

/// Reword a quote: each word may be dropped, swapped with the next, or
/// replaced by a word of the vocabulary.
fn vary(quote: &QuoteText, rng: &mut Lcg, vocabulary: &[String]) -> QuoteText {
    let mut words = quote.words.clone();
    let edits = match rng.below(4) {
        0 => 0, // a quarter stay identical
        _ => 1 + rng.below(3),
    };
    for _ in 0..edits {
        if words.len() < 3 {
            break;
        }
        let i = rng.below(words.len() - 1);
        match rng.below(3) {
            0 => {
                words.remove(i);
            }
            1 => words.swap(i, i + 1),
            _ => words[i] = vocabulary[rng.below(vocabulary.len())].clone(),
        }
    }
    QuoteText {
        breaks: vec![false; words.len()],
        words,
        speaker: quote.speaker.clone(),
        partial: false,
    }
}

fn generate(
    n: usize,
    dw: &[QuoteText],
    ap: &[QuoteText],
    vocabulary: &[String],
) -> Vec<Vec<QuoteText>> {
    let mut rng = Lcg(0x5eed_2023_0411);
    (0..n)
        .map(|i| {
            let base = if i % 2 == 0 { dw } else { ap };
            let mut quotes: Vec<QuoteText> =
                base.iter().map(|q| vary(q, &mut rng, vocabulary)).collect();
            // Quotes of its own: random words, nothing to align with.
            for _ in 0..3 {
                let len = 3 + rng.below(10);
                let words = (0..len)
                    .map(|_| vocabulary[rng.below(vocabulary.len())].clone())
                    .collect();
                quotes.push(QuoteText {
                    breaks: vec![false; len],
                    words,
                    speaker: None,
                    partial: false,
                });
            }
            quotes
        })
        .collect()
}

fn main() {
    let dw = seed_quotes("dw.txt");
    let ap = seed_quotes("ap.txt");
    // Vocabulary: the seed quotes' words plus made-up ones.
    let mut vocabulary: Vec<String> = dw
        .iter()
        .chain(&ap)
        .flat_map(|q| q.words.iter().cloned())
        .collect();
    vocabulary.extend((0..2000).map(|i| format!("w{i}")));
    let options = AlignOptions::default();

    println!("Quote alignment (quotes::align, median of {RUNS} runs)");
    println!(
        "{:>8} {:>8} {:>8} {:>10} {:>10}",
        "sources", "quotes", "groups", "ms", "µs/quote"
    );
    for n in SIZES {
        let sources = generate(n, &dw, &ap, &vocabulary);
        let quotes: usize = sources.iter().map(Vec::len).sum();
        let mut times = Vec::with_capacity(RUNS);
        let mut groups = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let out = align(&sources, &options);
            times.push(start.elapsed().as_secs_f64());
            groups = out.iter().filter(|g| g.members.len() > 1).count();
            std::hint::black_box(out);
        }
        times.sort_by(f64::total_cmp);
        let median = times[RUNS / 2];
        println!(
            "{:>8} {:>8} {:>8} {:>10.2} {:>10.2}",
            n,
            quotes,
            groups,
            median * 1e3,
            median * 1e6 / quotes as f64
        );
    }
}
