"""Size benchmark (issue 18): brief inputs of 0.5, 1, 2 and 5 MB of each shape; print time and peak RSS.

Every stage must stay near-linear in input size and bounded in memory; the
target is under 60 s and 2 GB at 5 MB.  Each run is a fresh ``brief`` process
(start-up and model load included), timed on the wall clock and by the CPU time
it used (user + system, from ``wait4``, as is its peak resident memory).  On a
shared machine the wall clock grows with the other processes' load; the CPU
time much less so.  The inputs are made here, deterministically:

- ``prose``: news-like paragraphs of varied sentences, a heading every 12 paragraphs;
- ``short``: very short sentences ("Tax rose 4 percent."), 40 to a paragraph, no headings;
- ``backticks``: Markdown whose paragraphs alternate with 90 kB lines of backtick runs;
- ``html``: a web page of many short <p> paragraphs (50,000 in 1.9 MB).

Usage: python benchmarks/sizes.py [--sizes 0.5,1,2,5] [--shapes prose,short,...] [--timeout 300]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["The ministry", "The city council", "Regional officials", "The central bank", "Farmers' unions",
            "The opposition", "Independent auditors", "The water authority", "Local schools", "Hospital managers"]
VERBS = ["said", "warned", "reported", "expected", "announced", "argued", "confirmed", "estimated"]
OBJECTS = ["that spending on pipes would rise by {n} percent next year",
           "that the reservoir plan could be delayed until {y}",
           "that {n} new wells were drilled in the dry season",
           "that prices for households may climb in {y}",
           "that the budget gap stood at {n} million dollars",
           "that a review of the allocation rules will start in {y}"]


def _sentence(rng: random.Random) -> str:
    text = rng.choice(OBJECTS).format(n=rng.randint(2, 900), y=rng.randint(2025, 2040))
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {text}."


def make_prose(size: int, rng: random.Random) -> str:
    parts, total, k = ["Water policy under strain\n\nBy Ana Ruiz\n"], 0, 0
    while total < size:
        if k % 12 == 0:
            parts.append(f"\n## Part {k // 12 + 1}: allocation and prices\n")
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        parts.append(paragraph + "\n")
        total += len(paragraph) + 1
        k += 1
    return "\n".join(parts)


def make_short(size: int, rng: random.Random) -> str:
    words = ["Tax", "Rent", "Water", "Power", "Bread", "Fuel", "Rail", "Wages"]
    parts, total = ["Prices this year\n"], 0
    while total < size:
        paragraph = " ".join(f"{rng.choice(words)} rose {rng.randint(1, 99)} percent." for _ in range(40))
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def make_backticks(size: int, rng: random.Random) -> str:
    parts, total = ["# Build notes\n"], 0
    line = "`a `` b ``` " * (90_000 // 12)
    while total < size:
        paragraph = " ".join(_sentence(rng) for _ in range(4))
        parts += [paragraph, line]
        total += len(paragraph) + len(line) + 4
    return "\n\n".join(parts) + "\n"


def make_html(size: int, rng: random.Random) -> str:
    head = "<!DOCTYPE html><html><head><title>Water policy</title></head><body><article><h1>Water policy</h1>\n"
    parts, total = [head], len(head)
    while total < size:
        p = f"<p>{rng.choice(SUBJECTS)} {rng.choice(VERBS)} it.</p>\n"
        parts.append(p)
        total += len(p)
    return "".join(parts) + "</article></body></html>\n"


SHAPES = {"prose": (make_prose, ".md"), "short": (make_short, ".txt"),
          "backticks": (make_backticks, ".md"), "html": (make_html, ".html")}


def run_one(path: Path, out: Path, timeout: float) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in MiB, exit code, last stderr line) of one ``brief`` process."""
    started = time.perf_counter()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    args = [sys.executable, "-m", "briefing", str(path), "-o", str(out), "--max-size", "6MB"]
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, code, (lines[-1] if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.5,1,2,5", help="input sizes in MB")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"any of {', '.join(SHAPES)}")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is killed")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    print("| shape | size | bytes | wall s | CPU s | peak RSS (MiB) | exit | outcome |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes.split(","):
            make, suffix = SHAPES[shape]
            for size in sizes:
                data = make(int(size * 1_000_000), random.Random(18)).encode("utf-8")[: int(size * 1_000_000)]
                path = Path(folder) / f"{shape}-{size}MB{suffix}"
                path.write_bytes(data)
                seconds, cpu, rss, code, last = run_one(path, Path(folder) / "out.html", args.timeout)
                outcome = "brief" if code == 0 else ("killed at timeout" if code < 0 else last[:90].replace("|", "/"))
                print(f"| {shape} | {size:g} MB | {len(data):,} | {seconds:.1f} | {cpu:.1f} | {rss:,.0f} | {code} "
                      f"| {outcome} |",
                      flush=True)


if __name__ == "__main__":
    main()
