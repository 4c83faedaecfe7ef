#!/usr/bin/env bash
# Rule shapes the generated rule library does not have, each timed against
# ripgrep given the same pattern as a regex, on the 1,000-file corpus of
# benches/compare.sh: a placeholder first, `regex:` patterns without a
# leading literal, many slots that share one common anchor word, a library
# of many one-slot stories, and 1,000 `{phrase}` slots copied from the
# corpus's wording (each fills, many times in a file), and the generated
# 1,000-slot library's ripgrep regexes as 1,000 `regex:` slots. Prints a table (best of --runs runs,
# whole process, wall clock; output discarded) and writes nothing else.
#
#   benches/shapes.sh [--runs N] [--files N]
#   CROSSWIRE_BIN=target/debug/crosswire benches/shapes.sh ...   # another binary
#
# Needs python3, ripgrep and GNU time, like benches/compare.sh.
set -euo pipefail

runs=3
files=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "shapes.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# CROSSWIRE_BIN names a binary to run instead of building the release one
# (CI runs the shapes with its debug build: it checks that each runs
# without an error, and the release build takes minutes more).
if [ -n "${CROSSWIRE_BIN:-}" ]; then
  bin="$CROSSWIRE_BIN"
else
  cargo build --release --quiet
  bin="$root/target/release/crosswire"
fi
bench="$root/target/bench"
corpus="$bench/corpus-${files}x5.4"
# The corpus as benches/compare.sh writes it, generated again when stale.
stamp="$files 5.4 $(cat benches/wire.py benches/corpus.py | cksum)"
if [ "$(cat "$corpus.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$corpus"
  mkdir -p "$bench"
  python3 benches/corpus.py --files "$files" --kb 5.4 --out "$corpus"
  echo "$stamp" > "$corpus.stamp"
fi
if [ ! -d "$bench/rules-1000" ]; then
  python3 benches/rules.py --slots 1000 --out "$bench/rules-1000"
fi
out="$bench/shapes"
rm -rf "$out"
mkdir -p "$out"

# One story, one slot: shape NAME KIND PATTERN_YAML RG_REGEX
one_slot() {
  local name="$1" kind="$2" pattern="$3" regex="$4"
  mkdir -p "$out/$name"
  printf 'story: %s\ntitle: %s\nmissing: off\nslots:\n  - id: x\n    kind: %s\n    patterns: [%s]\n' \
    "$name" "$name" "$kind" "$pattern" > "$out/$name/rules.yaml"
  printf '%s\n' "$regex" > "$out/$name/patterns.txt"
}
one_slot phrase-first phrase '"{phrase} said"' '\b\w[^\n.;:!?"]{0,200}? said\b'
one_slot regex-no-literal phrase "{regex: '\\b[A-Z][a-z]+ (?:said|told)\\b'}" '\b[A-Z][a-z]+ (?:said|told)\b'
one_slot regex-digits count "{regex: '(?P<value>\\d+) buildings'}" '\d+ buildings'
one_slot name-first name '"{name} told reporters"' '[A-Z][a-z]+(?: [A-Z][a-z]+)* told reporters'

# Many slots sharing the anchor "said"; the rule library as one-slot
# stories; and 1,000 `{phrase}` slots written from the corpus's own
# sentences, as a rule author copying wording would (two words, the phrase,
# one word): every slot fills, most of them many times in every file
# (values, not matching, are the work there).
python3 - "$out" "$bench/rules-1000" "$corpus" <<'EOF'
import glob, json, os, random, re, sys
out, library, corpus = sys.argv[1], sys.argv[2], sys.argv[3]

def one_story(name, title, slots, regexes):
    os.makedirs(f'{out}/{name}', exist_ok=True)
    open(f'{out}/{name}/rules.yaml', 'w').write(
        f'story: {name}\ntitle: {title}\nmissing: off\nslots:\n' + '\n'.join(slots) + '\n')
    open(f'{out}/{name}/patterns.txt', 'w').write('\n'.join(regexes) + '\n')

random.seed(3)
words = [''.join(random.choice('bcdfghklmnprstvz') for _ in range(2)) for _ in range(1000)]
kinds = [('count', '{number}', r'\d+'), ('name', '{name}', r'[A-Z][a-z]+'),
         ('weekday', '{weekday}', r'[A-Z][a-z]+day'), ('quantity', '{quantity}', r'\d+ \w+')]
slots, regexes = [], []
for i, w in enumerate(words):
    kind, placeholder, regex = kinds[i % 4]
    if i % 2:
        slots.append(f'  - id: s{i}\n    kind: {kind}\n    patterns: ["officials said {placeholder} {w}"]')
        regexes.append(rf'\bofficials said {regex} {w}\b')
    else:
        slots.append(f'  - id: s{i}\n    kind: {kind}\n    patterns: ["the {w} said {placeholder}"]')
        regexes.append(rf'\bthe {w} said {regex}')
one_story('shared-anchor', 'shared anchor', slots, regexes)
text = open(f'{library}/rules.yaml').read()
head, body = text.split('slots:\n', 1)
scope = re.search(r'scope:\n  any: \[.*\]', head).group(0)
items = re.split(r'\n(?=  - id: )', body.strip('\n'))
stories = f'{out}/many-stories'
os.makedirs(f'{stories}/rules', exist_ok=True)
for i, item in enumerate(items):
    open(f'{stories}/rules/r{i:04d}.yaml', 'w').write(
        f'story: s{i}\ntitle: s{i}\nmissing: off\n{scope}\nslots:\n{item}\n')
os.link(f'{library}/patterns.txt', f'{stories}/patterns.txt')

random.seed(7)
windows = set()
for path in sorted(glob.glob(f'{corpus}/*'))[:300]:
    for sentence in re.split(r'(?<=[.!?])\s+', open(path).read()):
        words = sentence.split()
        for i in range(len(words) - 4):
            w = words[i:i + 4]
            if all(re.fullmatch(r'[A-Za-z]+', x) for x in w):
                windows.add(tuple(w))
windows = sorted(windows)
random.shuffle(windows)
slots, regexes = [], []
for i, (a, b, _, d) in enumerate(windows[:1000]):
    slots.append(f'  - id: p{i}\n    kind: phrase\n    patterns: ["{a} {b} {{phrase}} {d}"]')
    regexes.append(rf'\b{a} {b} .+? {d}\b')
one_story('phrase-library', 'phrase library', slots, regexes)

# The generated library's ripgrep regexes, each a `regex:` slot: the very
# regexes ripgrep is given, as a comparison that hands both tools one
# pattern file would write them.
regexes = [r for r in open(f'{library}/patterns.txt').read().splitlines() if r]
slots = [f'  - id: r{i}\n    kind: phrase\n    patterns:\n      - regex: {json.dumps(r)}'
         for i, r in enumerate(regexes)]
one_story('regex-library', 'regex library', slots, regexes)
EOF

# Best wall time of $runs runs of a command, in seconds.
best() {
  local best_s="" t
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e' -o "$out/time" "$@" > /dev/null 2>&1 || true
    t="$(tail -1 "$out/time")"
    if [ -z "$best_s" ] || python3 -c "import sys; sys.exit(0 if $t < $best_s else 1)"; then
      best_s="$t"
    fi
  done
  echo "$best_s"
}

echo "| shape | crosswire | rg -j2 | ratio |"
echo "|---|---:|---:|---:|"
for shape in phrase-first regex-no-literal regex-digits name-first shared-anchor many-stories phrase-library regex-library; do
  dir="$out/$shape"
  rules="$dir/rules.yaml"
  [ -d "$dir/rules" ] && rules="$dir/rules"
  # Findings (exit 1) are expected; an error (exit 2) is a broken shape.
  rc=0
  "$bin" check --rules "$rules" "$corpus" --format json -o /dev/null 2>/dev/null || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "shapes.sh: crosswire exited $rc on $shape" >&2
    exit 1
  fi
  cw="$(best "$bin" check --rules "$rules" "$corpus" --format json -o /dev/null)"
  rg_s="$(best rg -c -i -j2 -f "$dir/patterns.txt" "$corpus")"
  ratio="$(python3 -c "print(f'{$cw / max($rg_s, 0.001):.2f}x')")"
  echo "| $shape | $cw s | $rg_s s | $ratio |"
done
