#!/usr/bin/env bash
# crosswire against ripgrep, side by side, on the same generated corpus and
# the same patterns (docs/performance.md, "Against ripgrep").
#
#   benches/compare.sh            # full run; writes the tables into docs/performance.md
#   benches/compare.sh --quick    # smaller corpora, fewer runs; also writes the tables
#   benches/compare.sh --smoke    # 20 files, R = 10, each command once; checks, writes nothing
#
# Options: --timeout S (per command, default 300, 90 with --quick; a run that
# takes longer is recorded as "> S s"), --runs N (hyperfine runs per command,
# default 3, 2 with --quick), --no-docs (print only).
# Needs python3, ripgrep, hyperfine and GNU time (Debian: apt-get install
# ripgrep hyperfine time). Corpora and rules go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
timeout_s=300
runs=3
single=20 # seconds: a first run this long is the measurement
docs=docs/performance.md
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick; timeout_s=90; runs=2; single=10 ;;
    --smoke) mode=smoke ;;
    --timeout) timeout_s=$2; shift ;;
    --runs) runs=$2; shift ;;
    --no-docs) docs= ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=target/bench
mkdir -p "$work"
py=python3

# A corpus, generated once per set of arguments and generator version.
corpus() { # files kb -> prints the folder
  local dir="$work/corpus-$1x$2" stamp
  stamp="$1 $2 $(cat benches/wire.py benches/corpus.py | cksum)"
  if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    $py benches/corpus.py --files "$1" --kb "$2" --out "$dir" >&2
    echo "$stamp" > "$dir.stamp"
  fi
  echo "$dir"
}

rules() { # slots -> prints the folder with rules.yaml and patterns.txt
  local dir="$work/rules-$1"
  $py benches/rules.py --slots "$1" --out "$dir" >&2
  echo "$dir"
}

megabytes() { du -sb "$1" | awk '{printf "%.1f", $1 / 1e6}'; }

if [ "$mode" = smoke ]; then
  # CI: the generators are deterministic, both tools run and find hits, and
  # crosswire's report parses and is the same on one thread as on several.
  cargo build --quiet --locked
  bin=${CROSSWIRE_BIN:-target/debug/crosswire}
  dir=$work/smoke
  rm -rf "$dir" "$dir-again"
  $py benches/corpus.py --files 20 --kb 2 --out "$dir/corpus" --seed smoke
  $py benches/corpus.py --files 20 --kb 2 --out "$dir-again/corpus" --seed smoke
  diff -r "$dir/corpus" "$dir-again/corpus" > /dev/null || { echo "corpus.py is not deterministic" >&2; exit 1; }
  $py benches/rules.py --slots 10 --out "$dir/rules"
  "$bin" rules lint "$dir/rules/rules.yaml" benches/desk/rules.yaml
  for jobs in 2 1; do
    status=0
    "$bin" check --rules "$dir/rules/rules.yaml" "$dir/corpus" --format json --jobs $jobs > "$dir/report-$jobs.json" || status=$?
    if [ $status -gt 1 ]; then
      echo "crosswire check --jobs $jobs exited $status" >&2
      exit 1
    fi
  done
  $py benches/results.py check-json "$dir/report-2.json"
  cmp "$dir/report-2.json" "$dir/report-1.json" || { echo "the report differs between --jobs 2 and --jobs 1" >&2; exit 1; }
  hits=$(rg -c -i -j1 -f "$dir/rules/patterns.txt" "$dir/corpus" | awk -F: '{n += $NF} END {print n + 0}')
  echo "rg: $hits matching lines"
  [ "$hits" -gt 0 ] || { echo "rg finds no hits" >&2; exit 1; }
  rm -rf "$dir-again"
  echo "smoke: ok"
  exit 0
fi

for tool in rg hyperfine /usr/bin/time timeout; do
  command -v "$tool" > /dev/null || { echo "compare.sh needs $tool (apt-get install ripgrep hyperfine time)" >&2; exit 2; }
done
cargo build --release --quiet --locked
bin=target/release/crosswire
results=$work/results-$mode.tsv
: > "$results"

# measure SECTION CORPUS-LABEL DIR SLOTS COMMAND-KEY HYPERFINE? CMD...
# One run under GNU time (peak RSS, and the timeout), then hyperfine unless
# the first run took long enough that one run is the measurement.
measure() {
  local section=$1 label=$2 dir=$3 slots=$4 key=$5 bench=$6
  shift 6
  local probe=$work/probe.txt status=0 mb secs stddev n rss
  mb=$(megabytes "$dir")
  timeout --kill-after=5 "$timeout_s" /usr/bin/time -f '%e %M' -o "$probe" "$@" > /dev/null 2>&1 || status=$?
  if [ $status -eq 124 ] || [ $status -eq 137 ]; then
    printf '%s\t%s\t%s\t%s\t%s\t>%s\t0\t1\t-\n' "$section" "$label" "$mb" "$slots" "$key" "$timeout_s" >> "$results"
    echo "  $key: > ${timeout_s} s (timed out)" >&2
    return
  fi
  if [ $status -gt 1 ]; then
    echo "  $key: exited $status: $*" >&2
    exit 1
  fi
  read -r secs rss < <(tail -n 1 "$probe")
  stddev=0
  n=1
  if [ "$bench" = yes ] && awk -v s="$secs" -v t="$single" 'BEGIN {exit !(s < t)}'; then
    hyperfine --warmup 1 --runs "$runs" -N --ignore-failure --style none \
      --export-json "$work/hyperfine.json" -- "$(printf '%q ' "$@")" > /dev/null
    read -r secs stddev n < <($py benches/results.py mean "$work/hyperfine.json")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$label" "$mb" "$slots" "$key" "$secs" "$stddev" "$n" "$rss" >> "$results"
  echo "  $key: $secs s, $((rss / 1024)) MB" >&2
}

# The four commands on one corpus and rule set.
four() { # section label dir rules-dir slots bench
  local r=$4
  measure "$1" "$2" "$3" "$5" crosswire "$6" "$bin" check --rules "$r/rules.yaml" "$3" --format json
  measure "$1" "$2" "$3" "$5" crosswire-j1 "$6" "$bin" check --rules "$r/rules.yaml" "$3" --format json --jobs 1
  measure "$1" "$2" "$3" "$5" rg-j2 "$6" rg -c -i -j2 -f "$r/patterns.txt" "$3"
  measure "$1" "$2" "$3" "$5" rg-j1 "$6" rg -c -i -j1 -f "$r/patterns.txt" "$3"
}
# crosswire with default threads and rg -j2, one run each, after reading the
# corpus once so that neither tool pays for a cold page cache.
two() { # section label dir rules-dir slots
  find "$3" -type f -exec cat {} + > /dev/null
  measure "$1" "$2" "$3" "$5" crosswire no "$bin" check --rules "$4/rules.yaml" "$3" --format json
  measure "$1" "$2" "$3" "$5" rg-j2 no rg -c -i -j2 -f "$4/patterns.txt" "$3"
}
label() { echo "$1 files" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

if [ "$mode" = quick ]; then
  matrix_files=(1000 2000)
  source_steps=(500 1000 2000 4000)
  tiny_steps=(12500 25000 50000)
  size_unit=1920 # KB: 1.875 .. 15 MB
else
  matrix_files=(1000 10000)
  source_steps=(1000 2000 4000 8000)
  tiny_steps=(25000 50000 100000)
  size_unit=7680 # KB: 7.5 .. 60 MB
fi

echo "== machine" >&2
{
  echo "Measured $(date -u +'%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | sed -n 1p)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start;"
  echo "crosswire $(git rev-parse --short HEAD) (release), $(rg --version | sed -n 1p), $(hyperfine --version); mode \`$mode\`, hyperfine runs $runs after 1 warmup (a command whose first run takes $single s or more is run once), timeout $timeout_s s."
} > "$work/machine-$mode.txt"
cat "$work/machine-$mode.txt" >&2

for slots in 10 100 1000; do rules "$slots" > /dev/null; done
for files in "${matrix_files[@]}"; do
  dir=$(corpus "$files" 5.4)
  for slots in 10 100 1000; do
    echo "== $(label "$files") ($(megabytes "$dir") MB), R = $slots" >&2
    four compare "$(label "$files")" "$dir" "$work/rules-$slots" "$slots" yes
  done
done

# A desk's rule file is about one story: scoped to it, most of the wire is out
# of scope (here five files in six), and crosswire reads those files once.
scoped=$work/rules-10-quake
$py benches/rules.py --slots 10 --scope-of quake --out "$scoped" >&2
files=${matrix_files[${#matrix_files[@]}-1]}
dir=$(corpus "$files" 5.4)
echo "== $(label "$files"), R = 10, scope: one story of six" >&2
four compare "$(label "$files"), one story's scope" "$dir" "$scoped" 10 yes

# A desk's rule file of the shapes rule writers use (benches/desk): a
# placeholder first, a gap before one, a `regex:`, a name slot that fills ten
# times in every source, a quote slot.
echo "== $(label "$files"), R = 10, a desk's shapes" >&2
four compare "$(label "$files"), a desk's shapes" "$dir" benches/desk 10 yes

echo "== compiling 1,000 slots" >&2
empty=$work/one-file
mkdir -p "$empty"
# In scope (the story mentions storms), so the run compiles every slot and exits 0.
echo "The storm passed on Monday." > "$empty/one.txt"
measure compile "one file" "$empty" 1000 "crosswire rules lint" yes "$bin" rules lint "$work/rules-1000/rules.yaml"
measure compile "one file" "$empty" 1000 "crosswire check on one tiny file" yes "$bin" check --rules "$work/rules-1000/rules.yaml" "$empty" --format json

echo "== scaling: sources" >&2
for files in "${source_steps[@]}"; do
  two sources "$(label "$files")" "$(corpus "$files" 5.4)" "$work/rules-100" 100
done
for files in "${tiny_steps[@]}"; do
  two tiny "$(label "$files")" "$(corpus "$files" 0.3)" "$work/rules-100" 100
done
echo "== scaling: one source's size" >&2
for k in 1 2 4 8; do
  two size "1 file ($k×)" "$(corpus 1 $((size_unit * k)))" "$work/rules-100" 100
done
echo "== scaling: slots" >&2
for slots in 125 250 500 1000; do
  two slots "$(label "${matrix_files[0]}")" "$(corpus "${matrix_files[0]}" 5.4)" "$(rules "$slots")" "$slots"
done

$py benches/results.py render "$results" "$work/machine-$mode.txt" ${docs:+--doc "$docs"}
