"""Speed and memory figures for issue 5, printed (never asserted).

    python benchmarks/speed.py [--runs 5] [--bbc ../shared/eval/bbc_news_summary.jsonl]

Prints, all measured in this one run on this machine:

- cold ``brief <sample> -o x.html`` against the import floor
  (``python -c "import torch, transformers.models.bert.modeling_bert"``): medians of
  ``--runs`` runs each, alternated so both see the same machine state, and their ratio;
- ``brief --help``, median;
- warm library time per article (one Briefer, the sample article, after a warm-up);
- batch throughput, 10 and 100 BBC articles (dev split) to HTML: in-process
  ``run_batch`` after start-up, and the whole CLI run with its peak RSS;
- a second CLI run over the 100 with ``--cache`` and nothing changed;
- sumy LexRank (pysbd sentences) on the same 100 articles, k = 3, per article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "russia-anti-drug-campaign-afghanistan.txt"
DEFAULT_BBC = ROOT.parent / "shared" / "eval" / "bbc_news_summary.jsonl"
BRIEF = [sys.executable, "-m", "briefing"]
FLOOR = [sys.executable, "-c", "import torch, transformers.models.bert.modeling_bert"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0,):
        stderr = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode}): {stderr}")
    return wall, usage.ru_maxrss // 1024


def bbc_articles(path: Path, n: int, folder: Path) -> list[Path]:
    """The first ``n`` articles of the dev split (even 0-based lines), title line first."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with path.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % 2:
                continue
            row = json.loads(line)
            target = folder / f"{row['id'].replace('/', '-')}.txt"
            target.write_text(f"{row['title']}\n\n{row['text']}\n", encoding="utf-8")
            written.append(target)
            if len(written) == n:
                break
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CI": "true"}
    tmp = Path(tempfile.mkdtemp(prefix="brief-speed-"))

    cold, floor = [], []
    for _ in range(args.runs):
        floor.append(timed(FLOOR, env)[0])
        cold.append(timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html")], env)[0])
    help_runs = [timed([*BRIEF, "--help"], env)[0] for _ in range(args.runs)]
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"import floor        median {statistics.median(floor):6.2f} s  runs {' '.join(f'{t:.2f}' for t in floor)}")
    print(f"cold brief sample   median {statistics.median(cold):6.2f} s  runs {' '.join(f'{t:.2f}' for t in cold)}")
    print(f"cold / floor        {statistics.median(cold) / statistics.median(floor):.2f}x  (target <= 1.6x)")
    print(f"brief --help        median {statistics.median(help_runs):6.2f} s  (target <= 0.5 s)")

    if not args.bbc.exists():
        print(f"{args.bbc} not found: batch figures skipped")
        return
    articles = bbc_articles(args.bbc, 100, tmp / "bbc")
    # The CLI runs first, while this process is small: a child's peak RSS counts what it inherits at fork.
    folder = tmp / "bbc"
    cli_out, cache = tmp / "cli-100", tmp / "cache"
    wall, rss = timed([*BRIEF, str(folder), "-o", f"{cli_out}/", "--cache", str(cache)], env)
    print(f"batch 100 CLI cold  {wall:6.2f} s wall incl. start-up, {100 / wall:5.2f} articles/s, peak RSS {rss} MiB "
          "(target <= 1536)")
    wall2, rss2 = timed([*BRIEF, str(folder), "-o", f"{cli_out}/", "--cache", str(cache)], env)
    print(f"batch 100 cached    {wall2:6.2f} s wall, peak RSS {rss2} MiB "
          f"(target < cold single {statistics.median(cold):.2f} s)")

    from briefing.batch import run_batch
    from briefing.options import BriefOptions
    from briefing.pipeline import Briefer

    briefer = Briefer(BriefOptions(format="html"))
    briefer.make(SAMPLE)  # warm-up: model load, imports, fonts
    warm = []
    for _ in range(args.runs):
        started = time.perf_counter()
        briefer.make(SAMPLE)
        warm.append(time.perf_counter() - started)
    print(f"warm library        median {statistics.median(warm):6.2f} s per article (sample, {SAMPLE.stat().st_size:,} bytes)")

    encoder = briefer._models()[0]
    for n in (10, 100):
        started = time.perf_counter()
        report = run_batch(articles[:n], tmp / f"lib-{n}", BriefOptions(format="html"), encoder=encoder)
        seconds = time.perf_counter() - started
        print(f"batch {n:3} in-process  {seconds:6.2f} s  {n / seconds:5.2f} articles/s after start-up "
              f"(target >= 5)  made {report.count('made')}, failed {report.count('failed')}")
    from lexrank import sumy_summary

    texts = [a.read_text(encoding="utf-8") for a in articles]
    started = time.perf_counter()
    for text in texts:
        sumy_summary(text, 3, "lexrank")
    seconds = time.perf_counter() - started
    print(f"sumy LexRank k=3    {seconds:6.2f} s for 100, {seconds / 100 * 1000:.0f} ms per article "
          f"({100 / seconds:.1f} articles/s; sentences only, no brief, no layout)")


if __name__ == "__main__":
    main()
