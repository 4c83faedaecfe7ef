#!/usr/bin/env bash
# Scaling with the number of sources: N two-sentence sources (deterministic),
# four slots (one of them a figure every source gives differently), whole
# process, wall clock and peak memory. Doubling N should about double both.
#
#   cargo build --release && benches/scale-sources.sh 10000 20000 40000
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/crosswire
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/rules.yaml" <<'YAML'
story: scale
date: 2024-05-02
slots:
  - id: arrests
    kind: count
    patterns: ["arrested {number} people"]
  - id: spokesman
    kind: name
    patterns: ["spokesman {name} said"]
  - id: day
    kind: weekday
    patterns: ["on {weekday}"]
  - id: case
    kind: count
    patterns: ["case number {number}"]
YAML
figures=(12 12 12 21 14)
names=(Reyes Novak Haddad Berg Hale)
for n in "${@:-10000 20000 40000}"; do
  dir="$work/c$n"
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    printf 'Police arrested %s people on Monday after the protest, spokesman %s said. It is case number %d.\n' \
      "${figures[i % 5]}" "${names[(i / 5) % 5]}" $((7 * i + 3)) > "$dir/s$(printf '%06d' "$i").txt"
  done
  /usr/bin/time -f "$n sources: %e s, %M KB peak" "$bin" check -r "$work/rules.yaml" "$dir" \
    --format json > /dev/null || true
done
