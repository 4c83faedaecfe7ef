#!/usr/bin/env python3
"""Write two sources of N quotes each, for timing `crosswire quotes` as the
number of quotes doubles (docs/performance.md, "quotes").

Each quote is twelve words drawn from a small vocabulary and attributed to
one of eight speakers, so many quotes of the two sources align and many do
not. Deterministic for a given --quotes and --seed.

    benches/quotes.py --quotes 8000 --out target/bench/quotes-8000
    /usr/bin/time -f '%e s %M KB' target/release/crosswire quotes target/bench/quotes-8000
"""

import argparse
import random
from pathlib import Path

WORDS = (
    "the minister said government would review plan budget hospital school road water "
    "power fire police army border trade deal talks peace war vote court judge law tax"
).split()
SPEAKERS = ["Anna Berg", "Tom Reed", "Lena Park", "Omar Diaz", "Mia Holt", "Ivan Petrov", "Sara Lind", "Jon Kim"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, required=True, help="quotes per source")
    parser.add_argument("--out", type=Path, required=True, help="folder for the two sources")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("a", "b"):
        rng = random.Random(f"crosswire-bench-quotes:{args.seed}:{name}")
        lines = []
        for _ in range(args.quotes):
            words = " ".join(rng.choice(WORDS) for _ in range(12))
            lines.append(f'"{words}," {rng.choice(SPEAKERS)} said on Monday.\n')
        (args.out / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
