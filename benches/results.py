#!/usr/bin/env python3
"""Helpers of benches/compare.sh: check a report, read hyperfine's export,
and render the results as markdown tables in docs/performance.md.

    results.py check-json REPORT.json      # exits 1 unless a valid report with values
    results.py mean HYPERFINE.json         # prints "mean stddev runs" in seconds
    results.py render RESULTS.tsv MACHINE.txt [--doc docs/performance.md]

RESULTS.tsv has one measurement a line, tab-separated:
section, corpus, megabytes, slots, command, seconds (or `>N` after a
timeout), standard deviation, runs, peak RSS in KB.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

COMMANDS = ["crosswire", "crosswire-j1", "rg-j2", "rg-j1"]


def check_json(path: Path) -> int:
    """A crosswire JSON report that parses and fills at least one slot."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"{path}: not a JSON report: {error}", file=sys.stderr)
        return 1
    slots = report.get("slots", [])
    filled = sum(1 for slot in slots if slot.get("values"))
    checked = report.get("summary", {}).get("checked", 0)
    print(f"{path}: {checked} sources checked, {filled} of {len(slots)} slots filled")
    return 0 if filled and checked else 1


def mean(path: Path) -> int:
    """hyperfine's mean, standard deviation and number of runs."""
    result = json.loads(path.read_text(encoding="utf-8"))["results"][0]
    times = result.get("times") or [result["mean"]]
    print(f"{result['mean']:.4f} {result.get('stddev') or 0:.4f} {len(times)}")
    return 0


def seconds(value: str) -> str:
    """`0.1234` as `0.12 s`; a timeout `>60` as `> 60 s`."""
    if value.startswith(">"):
        return f"> {value[1:]} s"
    v = float(value)
    return f"{v:.3f} s" if v < 1 else f"{v:.2f} s" if v < 10 else f"{v:.1f} s"


def ratio(a: str | None, b: str | None) -> str:
    """a / b, or a bound when a timed out."""
    if not a or not b or b.startswith(">"):
        return "—"
    if a.startswith(">"):
        return f"> {float(a[1:]) / float(b):.1f}×"
    return f"{float(a) / float(b):.2f}×" if float(b) > 0 else "—"


def megabytes(kb: str | None) -> str:
    """Peak RSS in MB."""
    return f"{int(kb) / 1024:.0f} MB" if kb and kb.isdigit() else "—"


def load(path: Path) -> list[dict]:
    """The measurements of RESULTS.tsv."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        section, corpus, mb, slots, command, secs, stddev, runs, rss = line.split("\t")
        rows.append(dict(section=section, corpus=corpus, mb=mb, slots=slots, command=command,
                         secs=secs, stddev=stddev, runs=runs, rss=rss))
    return rows


def cell(rows: list[dict], **key) -> dict | None:
    """The measurement matching every given field."""
    for row in rows:
        if all(row[k] == v for k, v in key.items()):
            return row
    return None


def compare_table(rows: list[dict]) -> list[str]:
    """The side-by-side table: each corpus and R, all four commands."""
    out = [
        "| corpus | R | crosswire | crosswire -j1 | rg -j2 | rg -j1 | crosswire / rg -j2 | -j1 / rg -j1 | crosswire peak RSS | rg peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    seen = []
    for row in rows:
        if row["section"] == "compare" and (row["corpus"], row["slots"]) not in seen:
            seen.append((row["corpus"], row["slots"]))
    for corpus, slots in seen:
        got = {c: cell(rows, section="compare", corpus=corpus, slots=slots, command=c) for c in COMMANDS}
        secs = {c: (got[c] or {}).get("secs") for c in COMMANDS}
        mb = next(r["mb"] for r in got.values() if r)

        def shown(c):
            row = got[c]
            if not row:
                return "—"
            single = " (1 run)" if row["runs"] == "1" and not row["secs"].startswith(">") else ""
            return seconds(row["secs"]) + single

        out.append(
            f"| {corpus}, {mb} MB | {slots} | {shown('crosswire')} | {shown('crosswire-j1')} | {shown('rg-j2')} "
            f"| {shown('rg-j1')} | {ratio(secs['crosswire'], secs['rg-j2'])} "
            f"| {ratio(secs['crosswire-j1'], secs['rg-j1'])} "
            f"| {megabytes((got['crosswire'] or {}).get('rss'))} | {megabytes((got['rg-j2'] or {}).get('rss'))} |"
        )
    # The targets that are ratios within crosswire's own figures.
    notes = []
    for corpus in dict.fromkeys(c for c, _ in seen):
        low = cell(rows, section="compare", corpus=corpus, slots="10", command="crosswire")
        high = cell(rows, section="compare", corpus=corpus, slots="1000", command="crosswire")
        if low and high:
            notes.append(f"time(R = 1,000) / time(R = 10) on {corpus}: {ratio(high['secs'], low['secs'])} (target ≤ 3)")
    for row in rows:
        if row["section"] == "compile":
            notes.append(f"compiling 1,000 slots (`{row['command']}`): {seconds(row['secs'])} (target ≤ 150 ms)")
    return out + [""] + [f"- {n}" for n in notes]


SCALING_TITLES = {
    "sources": "Sources doubling (5.4 KB files, R = 100)",
    "tiny": "Tiny sources doubling (0.3 KB files, R = 100)",
    "size": "One source doubling in size (R = 100)",
    "slots": "Slots doubling (1,000 files)",
}


def scaling_tables(rows: list[dict]) -> list[str]:
    """One table per scaling run: each step's time and its growth over the step before."""
    out = []
    for section, title in SCALING_TITLES.items():
        steps = [r for r in rows if r["section"] == section and r["command"] == "crosswire"]
        if not steps:
            continue
        out += [f"**{title}**", "",
                "| corpus | MB | R | crosswire | growth | rg -j2 | growth | crosswire peak RSS | rg peak RSS |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        previous = {}
        for step in steps:
            rg = cell(rows, section=section, corpus=step["corpus"], slots=step["slots"], command="rg-j2")
            line = f"| {step['corpus']} | {step['mb']} | {step['slots']} | {seconds(step['secs'])} "
            line += f"| {ratio(step['secs'], previous.get('crosswire'))} "
            line += f"| {seconds(rg['secs']) if rg else '—'} | {ratio(rg['secs'] if rg else None, previous.get('rg'))} "
            line += f"| {megabytes(step['rss'])} | {megabytes(rg['rss'] if rg else None)} |"
            out.append(line)
            previous = {"crosswire": step["secs"], "rg": rg["secs"] if rg else None}
        out.append("")
    return out


def splice(doc: Path, name: str, body: list[str]) -> None:
    """Replace the text between `<!-- name:begin -->` and `<!-- name:end -->`."""
    text = doc.read_text(encoding="utf-8")
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{doc}: no {begin} ... {end} markers")
    text = pattern.sub(lambda _: begin + "\n" + "\n".join(body).strip() + "\n" + end, text)
    doc.write_text(text, encoding="utf-8")


def render(results: Path, machine: Path, doc: Path | None) -> int:
    """Print the tables, and write them into the doc when given."""
    rows = load(results)
    header = machine.read_text(encoding="utf-8").strip().splitlines()
    compare = header + [""] + compare_table(rows)
    scaling = scaling_tables(rows)
    print("\n".join(compare + [""] + scaling))
    if doc:
        splice(doc, "compare", compare)
        splice(doc, "scaling", scaling or ["(no scaling runs)"])
        print(f"wrote the tables into {doc}", file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check-json", help="check a crosswire JSON report")
    p.add_argument("report", type=Path)
    p = sub.add_parser("mean", help="mean, stddev and runs of a hyperfine JSON export")
    p.add_argument("export", type=Path)
    p = sub.add_parser("render", help="render the results as markdown")
    p.add_argument("results", type=Path)
    p.add_argument("machine", type=Path)
    p.add_argument("--doc", type=Path, help="also write the tables between the markers of this file")
    args = parser.parse_args()
    if args.command == "check-json":
        return check_json(args.report)
    if args.command == "mean":
        return mean(args.export)
    return render(args.results, args.machine, args.doc)


if __name__ == "__main__":
    sys.exit(main())
