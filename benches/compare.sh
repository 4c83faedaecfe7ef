#!/usr/bin/env bash
# Whole-process comparison: `crosswire check` against a plain multi-pattern
# scan of the same corpus with the same compiled patterns (ripgrep), the
# yardstick DESIGN.md sets. Needs hyperfine and ripgrep (apt-get install
# hyperfine ripgrep). Writes the corpus to target/bench-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench-corpus
cargo build --release --quiet
cargo bench --quiet --bench check -- --emit "$dir"
bin=target/release/crosswire
hyperfine --warmup 2 --runs 10 --ignore-failure \
  --command-name "crosswire check (14 slots, json)" "$bin check --rules rules $dir/corpus --format json > /dev/null" \
  --command-name "crosswire check --jobs 1" "$bin check --rules rules $dir/corpus --format json --jobs 1 > /dev/null" \
  --command-name "rg -f patterns (same regexes)" "rg --count --no-messages -f $dir/patterns.txt $dir/corpus > /dev/null" \
  --command-name "rg -F -i -f anchors (literal words only)" "rg --count --no-messages -F -i -f $dir/anchors.txt $dir/corpus > /dev/null" \
  --export-markdown "$dir/compare.md"
cat "$dir/compare.md"
