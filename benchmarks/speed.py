"""Speed and memory figures (issues 5 and 19), printed (never asserted).

    python benchmarks/speed.py [--runs 5] [--bbc ../shared/eval/bbc_news_summary.jsonl]

Prints, all measured in this one run on this machine:

- start-up floors: bare ``python -c pass``, ``import onnxruntime``, and the torch
  import floor (``python -c "import torch, transformers.models.bert.modeling_bert"``);
- cold ``brief <sample> -o x.html`` with each encoder engine (``--encoder onnx``,
  ``--encoder torch``), and their ratios to the torch floor: medians of ``--runs``
  runs each, alternated so all see the same machine state; and ``--encoder onnx --no-condense``,
  without the parser that condensing loads;
- the first run with an empty cache (it exports the ONNX graph), once;
- where a cold ONNX run spends its time (a child process timing each stage);
- cold ``brief <sample> -o x.html --no-facts`` (onnx), to show what the key-facts box adds;
- ``brief --help``, median;
- warm library time per article (one Briefer, the sample article, after a warm-up);
- batch throughput per engine, 10 and 100 BBC articles (dev split) to HTML: in-process
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
BARE = [sys.executable, "-c", "pass"]
ORT = [sys.executable, "-c", "import onnxruntime"]
ENGINES = ("onnx", "torch")
# A cold ONNX run, stage by stage, in a fresh process (the graph already cached).
STAGES = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
t = [time.perf_counter()]
def lap(name):
    t.append(time.perf_counter()); print(f"{{name}} {{t[-1] - t[-2]:.3f}}")
from briefing.cli import cli; lap("import briefing.cli")
from briefing.pipeline import Briefer; from briefing.options import BriefOptions; from briefing.ingest import read_article
lap("import the pipeline (jinja2, ingest)")
import onnxruntime; lap("import onnxruntime")
from briefing.engines.encoder import SentenceEncoder; encoder = SentenceEncoder(engine="onnx"); lap("encoder load (graph session, tokenizer)")
doc = read_article({str(SAMPLE)!r}); lap("read + split sentences (pysbd)")
briefer = Briefer(BriefOptions(format="html"), encoder=encoder); draft = briefer.draft(doc); lap("encode + rank + draft + key facts (parser load overlapped)")
import weasyprint; lap("import weasyprint")
fit = briefer.fit(draft); lap(f"fit: {{fit.layouts}} layout(s)")
from briefing.render import render; html = render(fit.brief, "html"); lap("render html")
print(f"total {{t[-1] - t[0]:.3f}}")
"""
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
    parser.add_argument("--cold-only", action="store_true", help="stop after the cold-start figures (no batches)")
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CI": "true"}
    tmp = Path(tempfile.mkdtemp(prefix="brief-speed-"))

    cold: dict[str, list[float]] = {engine: [] for engine in ENGINES}
    floor, bare, ort, no_facts, whole, no_parser = [], [], [], [], [], []
    timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html"), "--encoder", "onnx"], env)  # export if not cached
    for _ in range(args.runs):
        bare.append(timed(BARE, env)[0])
        ort.append(timed(ORT, env)[0])
        floor.append(timed(FLOOR, env)[0])
        for engine in ENGINES:
            cold[engine].append(timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html"), "--encoder", engine], env)[0])
        # The key-facts box (issue 16) loads the parser beside the encoder: its cost is this difference.
        no_facts.append(timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html"), "--encoder", "onnx", "--no-facts"], env)[0])
        # Without the parser: what condensing (issue 15) adds to a cold start.
        whole.append(timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html"), "--encoder", "onnx", "--no-condense"], env)[0])
        # Neither the box nor condensing: the parser stays off the path altogether.
        no_parser.append(timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html"), "--encoder", "onnx", "--no-facts",
                                "--no-condense"], env)[0])
    help_runs = [timed([*BRIEF, "--help"], env)[0] for _ in range(args.runs)]
    fresh = {**env, "BRIEF_CACHE_DIR": str(tmp / "fresh-cache")}
    first, first_rss = timed([*BRIEF, str(SAMPLE), "-o", str(tmp / "x.html"), "--encoder", "onnx"], fresh)

    def line(label: str, runs: list[float]) -> str:
        return f"{label:<24} median {statistics.median(runs):6.2f} s  runs {' '.join(f'{t:.2f}' for t in runs)}"

    floor_s = statistics.median(floor)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    print(line("python -c pass", bare))
    print(line("import onnxruntime", ort))
    print(line("torch import floor", floor))
    for engine in ENGINES:
        print(line(f"cold brief, {engine}", cold[engine]))
    for engine in ENGINES:
        print(f"cold {engine} / floor       {statistics.median(cold[engine]) / floor_s:.2f}x"
              + ("  (target <= 0.5x)" if engine == "onnx" else ""))
    print(line("cold brief, onnx, --no-facts", no_facts))
    print(f"cold onnx --no-facts / floor {statistics.median(no_facts) / floor_s:.2f}x  (the key-facts box adds "
          f"{statistics.median(cold['onnx']) - statistics.median(no_facts):+.2f} s)")
    print(line("cold onnx --no-condense", whole) + f"  ({statistics.median(whole) / floor_s:.2f}x floor)")
    print(line("cold onnx --no-facts --no-condense", no_parser) + f"  ({statistics.median(no_parser) / floor_s:.2f}x floor)")
    print(f"cold onnx / cold torch   {statistics.median(cold['onnx']) / statistics.median(cold['torch']):.2f}x")
    print(f"first run, empty cache   {first:6.2f} s (exports the ONNX graph), peak RSS {first_rss} MiB")
    print(f"brief --help             median {statistics.median(help_runs):6.2f} s  (target <= 0.5 s)")
    stages = subprocess.run([sys.executable, "-c", STAGES], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True).stdout
    print("cold onnx run by stage (one process):")
    for row in stages.splitlines():
        name, _, seconds = row.rpartition(" ")
        print(f"    {name:<40} {float(seconds):6.3f} s")

    if args.cold_only:
        return
    if not args.bbc.exists():
        print(f"{args.bbc} not found: batch figures skipped")
        return
    articles = bbc_articles(args.bbc, 100, tmp / "bbc")
    # The CLI runs first, while this process is small: a child's peak RSS counts what it inherits at fork.
    folder = tmp / "bbc"
    for engine in ENGINES:
        cli_out, cache = tmp / f"cli-100-{engine}", tmp / f"cache-{engine}"
        command = [*BRIEF, str(folder), "-o", f"{cli_out}/", "--cache", str(cache), "--encoder", engine]
        wall, rss = timed(command, env)
        print(f"batch 100 CLI, {engine:<5}    {wall:6.2f} s wall incl. start-up, {100 / wall:5.2f} articles/s, "
              f"peak RSS {rss} MiB (target <= 1536)")
        if engine == "onnx":
            wall2, rss2 = timed(command, env)
            print(f"batch 100 cached, onnx   {wall2:6.2f} s wall, peak RSS {rss2} MiB "
                  f"(target < cold single {statistics.median(cold['onnx']):.2f} s)")

    from briefing.batch import run_batch
    from briefing.engines.encoder import SentenceEncoder
    from briefing.options import BriefOptions
    from briefing.pipeline import Briefer

    for engine in ENGINES:
        encoder = SentenceEncoder(engine=engine, device="cpu")
        briefer = Briefer(BriefOptions(format="html"), encoder=encoder)
        briefer.make(SAMPLE)  # warm-up: imports, fonts
        warm = []
        for _ in range(args.runs):
            started = time.perf_counter()
            briefer.make(SAMPLE)
            warm.append(time.perf_counter() - started)
        print(f"warm library, {engine:<5}    median {statistics.median(warm):6.2f} s per article "
              f"(sample, {SAMPLE.stat().st_size:,} bytes)")
        for n in (10, 100):
            started = time.perf_counter()
            report = run_batch(articles[:n], tmp / f"lib-{engine}-{n}", BriefOptions(format="html"), encoder=encoder)
            seconds = time.perf_counter() - started
            print(f"batch {n:3} in-process, {engine:<5} {seconds:6.2f} s  {n / seconds:5.2f} articles/s after "
                  f"start-up (target >= 5)  made {report.count('made')}, failed {report.count('failed')}")
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
