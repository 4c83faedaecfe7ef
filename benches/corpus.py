#!/usr/bin/env python3
"""Write a deterministic corpus of synthetic wire copy for the benchmarks.

Each file is one outlet's report of one of several stories (an earthquake,
job cuts, a storm, a parliamentary vote, a rate decision, a wildfire): a
headline, a byline with the date, a dateline, the story's fact paragraphs
with the facts varied from file to file (figures, names, weekdays, units,
quotes), boilerplate lines, and background paragraphs of the story's prose up
to the requested size. A file larger than one report holds a run of updates
(each with its own facts), so the number of facts grows with the size. A few
files carry front matter (`---`, `title:`, `outlet:`, `date:`).

The same arguments always give byte-identical files:

    benches/corpus.py --files 1000 --kb 5.4 --out target/corpus
    benches/corpus.py --files 1 --kb 60000 --out target/big
    benches/corpus.py --files 100000 --kb 0.3 --out target/tiny

With `--html` each report is written as a news page instead (`.html`: the
headline a `<h1>`, each paragraph a `<p>` inside `<article>`, with a
navigation bar and a footer around it), the same text otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the benches
import wire  # noqa: E402  (after the line above)

POOL_SIZE = 3000  # background sentences drawn per story
SECTION_BYTES = 8 * 1024  # a large file repeats its facts about this often
_QUOTED = re.compile(r'"([^"\n]*)"')


def background_pool(rng: random.Random, story: wire.Story) -> list[str]:
    """Background sentences for one story, with places, names and figures filled in."""
    templates = story.background + wire.GENERAL
    pool = []
    for _ in range(POOL_SIZE):
        pool.append(
            rng.choice(templates).format(
                place=rng.choice(wire.TOWNS),
                town=rng.choice(wire.TOWNS),
                outlet=rng.choice(wire.OUTLETS),
                weekday=rng.choice(wire.WEEKDAYS),
                first=rng.choice(wire.FIRST_NAMES),
                sur=rng.choice(wire.SURNAMES),
                years=rng.randint(3, 60),
                year=rng.randint(1975, 2020),
            )
        )
    return pool


def long_date(day: dt.date) -> str:
    """`April 11, 2024`."""
    return f"{wire.MONTHS[day.month - 1]} {day.day}, {day.year}"


class Corpus:
    """The stories' events and background prose; writes one file at a time."""

    def __init__(self, seed: str, stories: int):
        self.rng = random.Random(f"crosswire-bench:{seed}")
        self.stories = wire.STORIES[:stories]
        self.events = []
        for story in self.stories:
            date = wire.publication_date(self.rng)
            self.events.append((date, story.event(self.rng, date)))
        self.pools = [background_pool(self.rng, story) for story in self.stories]

    def padding(self, pool: list[str], size: int) -> list[str]:
        """Background paragraphs of two to five sentences, about `size` bytes in all."""
        rng = self.rng
        paragraphs, total = [], 0
        while total < size:
            paragraph = " ".join(rng.choices(pool, k=rng.randint(2, 5)))
            paragraphs.append(paragraph)
            total += len(paragraph) + 2
        return paragraphs

    def facts(self, k: int, written: dict, lead: bool, budget: int) -> list[str]:
        """One report's fact paragraphs (some left out), within `budget` bytes
        after the first."""
        rng = self.rng
        story = self.stories[k]
        out = []
        for i, template in enumerate(story.paragraphs):
            if i > 0 and rng.random() < 0.1:
                continue
            paragraph = template.format(**written)
            if i == 0 and lead:
                town = written.get("town") or written.get("coast") or written.get("plant") or rng.choice(wire.TOWNS)
                paragraph = f"{town.upper()} ({rng.choice(wire.OUTLETS)}) - {paragraph}"
            if i > 0 and len(paragraph) > budget:
                break
            budget -= len(paragraph) + 2
            out.append(paragraph)
        return out

    def file(self, index: int, size: int) -> tuple[str, str]:
        """The name and text of file `index`, about `size` bytes long."""
        rng = self.rng
        k = index % len(self.stories)
        story = self.stories[k]
        date = self.events[k][0] + dt.timedelta(days=rng.choice([0, 0, 1]))
        outlet = rng.choice(wire.OUTLETS)
        written = story.facts(rng, self.events[k][1])
        headline = rng.choice(story.headlines).format(**written)
        blocks = []
        if rng.random() < 0.1:
            blocks.append(
                f"---\ntitle: {headline}\noutlet: {outlet} {index:06d}\ndate: {date.isoformat()}\n---\n{headline}"
            )
        else:
            if rng.random() < 0.3:
                blocks.append(rng.choice(wire.BOILERPLATE[:4]))
            blocks.append(headline)
        blocks.append(f"By {rng.choice(wire.FIRST_NAMES)} {rng.choice(wire.SURNAMES)} | {long_date(date)}")
        used = sum(len(b) + 2 for b in blocks)
        lead = True
        pool = self.pools[k]
        while True:
            if not lead:
                written = story.facts(rng, self.events[k][1])
            paragraphs = self.facts(k, written, lead, size - used)
            section = len(paragraphs[0]) + 2 + sum(len(p) + 2 for p in paragraphs[1:])
            room = max(0, min(SECTION_BYTES, size - used) - section)
            background = self.padding(pool, room) if room > 200 else []
            # Background paragraphs go between the fact paragraphs, after the lead.
            merged = paragraphs[:1]
            rest = paragraphs[1:]
            for i, paragraph in enumerate(background):
                if rest and i % 2 == 0:
                    merged.append(rest.pop(0))
                merged.append(paragraph)
                if rng.random() < 0.05:
                    merged.append(rng.choice(wire.BOILERPLATE[1:6]))
            merged.extend(rest)
            if not lead:
                merged.insert(0, "Update: " + rng.choice(story.headlines).format(**written))
            blocks.extend(merged)
            used += sum(len(p) + 2 for p in merged)
            lead = False
            if used >= size - 200:
                break
        if rng.random() < 0.3:
            blocks.append(wire.BOILERPLATE[6].format(outlet=outlet))
        text = "\n\n".join(blocks) + "\n"
        if rng.random() < 0.2:
            text = _QUOTED.sub("\u201c\\1\u201d", text)
        slug = outlet.lower().replace(" ", "-")
        return f"{index:06d}-{slug}.txt", text


def as_page(name: str, text: str) -> tuple[str, str]:
    """The report `text` as a news page: headline, paragraphs, and the
    navigation and footer a page carries around its article."""
    blocks = [html.escape(b, quote=False) for b in text.strip("\n").split("\n\n")]
    title = blocks[0] if blocks else ""
    body = "\n".join(f"<p>{b}</p>" for b in blocks[1:])
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body>\n"
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>\n'
        f"<article>\n<h1>{title}</h1>\n{body}\n</article>\n"
        "<footer><p>Terms of use</p><p>Privacy policy</p></footer>\n</body></html>\n"
    )
    return name.removesuffix(".txt") + ".html", page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, required=True, help="number of files")
    parser.add_argument("--kb", type=float, default=5.4, help="size of each file in KB (default 5.4)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (must be empty or new)")
    parser.add_argument("--seed", default="1", help="seed (default 1): the same seed gives the same files")
    parser.add_argument(
        "--stories", type=int, default=len(wire.STORIES),
        help=f"how many distinct story templates to use, 1 to {len(wire.STORIES)} (default all)",
    )
    parser.add_argument("--html", action="store_true", help="write each report as a news page (.html)")
    args = parser.parse_args()
    if args.files < 1 or args.kb <= 0:
        parser.error("--files and --kb must be positive")
    if not 1 <= args.stories <= len(wire.STORIES):
        parser.error(f"--stories must be 1 to {len(wire.STORIES)}")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(args.seed, args.stories)
    size = int(args.kb * 1024)
    total = 0
    for index in range(args.files):
        name, text = corpus.file(index, size)
        if args.html:
            name, text = as_page(name, text)
        data = text.encode("utf-8")
        total += len(data)
        (args.out / name).write_bytes(data)
    print(f"wrote {args.files} files, {total / 1e6:.1f} MB, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
