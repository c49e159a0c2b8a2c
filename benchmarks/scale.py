"""Scale-out figures for issue 17, printed (never asserted).

    python benchmarks/scale.py [--n 200] [--workers 2] [--repeat 1] [--bbc ../shared/eval/bbc_news_summary.jsonl]

Briefs the first ``--n`` BBC articles of the dev split (even 0-based lines) to
HTML three times in this one run, each as a user runs it (the CLI, in a child
process): serial, ``--workers N``, and ``--engine ray --workers N`` (a local Ray
that the CLI starts, so its start-up counts).  For each it prints:

- articles/s end to end (wall time of the whole command, start-up included);
- articles/s after start-up: the articles that arrived after the first result,
  over the time from the first result to the last (progress lines, timestamped
  here as they arrive; Ray sends a chunk of eight at a time);
- peak RSS (VmHWM) of every process of the run, polled every 0.2 s: the CLI
  process, the largest worker, and for Ray its own services (raylet, GCS);
- whether the briefs and the index equal the serial run's, byte for byte;
- the load average before and after, since other jobs may share the machine.

With ``--repeat R`` the three modes run R times, interleaved (serial, workers,
Ray, serial, ...), so a slow spell of the machine falls on all of them; each
repetition's ratios are printed, and the table gives the median run of each mode.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BBC = ROOT.parent / "shared" / "eval" / "bbc_news_summary.jsonl"
POLL_S = 0.2


def bbc_articles(path: Path, n: int, folder: Path) -> int:
    """Write the first ``n`` dev-split articles (even lines) as .txt, title line first."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % 2:
                continue
            row = json.loads(line)
            (folder / f"{row['id'].replace('/', '-')}.txt").write_text(f"{row['title']}\n\n{row['text']}\n", encoding="utf-8")
            written += 1
            if written == n:
                break
    return written


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(proc.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def _peak_mib(pid: int) -> tuple[str, int] | None:
    """(name, VmHWM in MiB) of a live process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return cmdline, int(line.split()[1]) // 1024
    return None


def _role(cmdline: str, root: bool) -> str:
    if root:
        return "cli"
    if "spawn_main" in cmdline or cmdline.startswith("ray::BriefActor"):
        return "worker"
    if cmdline.startswith("ray::") or "default_worker.py" in cmdline:
        return "ray-idle-worker"
    if "ray" in cmdline:
        return "ray-service"
    return "other: " + cmdline[:60]


def run(cmd: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run one batch command; time its progress lines and poll its processes' peak RSS."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, int]] = {}
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            for pid in _descendants(child.pid):
                seen = _peak_mib(pid)
                if seen is not None:
                    peaks[pid] = seen
            time.sleep(POLL_S)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    arrivals: list[float] = []
    tail: list[str] = []
    assert child.stderr is not None
    for line in child.stderr:
        if line.startswith("made: "):
            arrivals.append(time.perf_counter())
        else:
            tail.append(line.rstrip())
    child.wait()
    wall = time.perf_counter() - started
    stop.set()
    poller.join()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode}): {tail[-3:]}")
    first = arrivals[0]
    after = sum(1 for t in arrivals if t > first)
    roles: dict[str, list[int]] = {}
    for pid, (cmdline, mib) in peaks.items():
        roles.setdefault(_role(cmdline, pid == child.pid), []).append(mib)
    return {
        "made": len(arrivals), "wall": wall,
        "rate_end_to_end": len(arrivals) / wall,
        "rate_after_start": after / (arrivals[-1] - first) if after else float("nan"),
        "first_result_s": first - started,
        "rss": {role: sorted(values, reverse=True) for role, values in roles.items()},
        "notes": [line for line in tail if line.startswith("brief: ")],
    }


def same_outputs(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir() if p.name != "manifest.json")
    if names != sorted(p.name for p in b.iterdir() if p.name != "manifest.json"):
        return False
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="brief-scale-"))
    n = bbc_articles(args.bbc, args.n, tmp / "articles")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CI": ""}  # CI unset: one progress line per article
    brief = [sys.executable, "-m", "briefing", str(tmp / "articles")]
    modes = {
        "serial": [],
        f"--workers {args.workers}": ["--workers", str(args.workers)],
        f"ray local, {args.workers} CPUs": ["--engine", "ray", "--workers", str(args.workers)],
    }
    load_before = os.getloadavg()
    print(f"{n} BBC dev articles -> HTML; {os.cpu_count()} CPUs; load average before "
          f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    runs: dict[str, list[dict[str, object]]] = {mode: [] for mode in modes}
    for rep in range(args.repeat):
        for k, (mode, extra) in enumerate(modes.items()):
            out = tmp / f"out{k}"
            if out.exists():
                shutil.rmtree(out)  # every repetition briefs from scratch: no cache hits
            runs[mode].append(run([*brief, "-o", f"{out}/", *extra], env))
        if args.repeat > 1:
            base_rate = runs["serial"][-1]["rate_after_start"]
            print(f"repetition {rep + 1}: " + ", ".join(
                f"{mode} {r[-1]['rate_after_start']:.2f}/s ({r[-1]['rate_after_start'] / base_rate:.2f}x)"  # type: ignore[operator]
                for mode, r in runs.items()), flush=True)
    # The median run of each mode (by its rate after start-up).
    results = {mode: sorted(r, key=lambda x: x["rate_after_start"])[len(r) // 2] for mode, r in runs.items()}  # type: ignore[arg-type,return-value]
    load_after = os.getloadavg()
    base = results["serial"]
    print(f"| mode | made | wall s | articles/s end to end | articles/s after start-up | vs serial "
          f"(after start-up) | first result s | peak RSS MiB: cli / largest worker / Ray services | same bytes as serial |")
    print("|---|---|---|---|---|---|---|---|---|")
    for k, (mode, r) in enumerate(results.items()):
        rss: dict[str, list[int]] = r["rss"]  # type: ignore[assignment]
        ray_services = sum(rss.get("ray-service", [])) + sum(rss.get("ray-idle-worker", []))
        worker = max(rss.get("worker", [0]))
        same = "reference" if k == 0 else str(same_outputs(tmp / "out0", tmp / f"out{k}"))
        print(f"| {mode} | {r['made']} | {r['wall']:.1f} | {r['rate_end_to_end']:.2f} | {r['rate_after_start']:.2f} | "
              f"{r['rate_after_start'] / base['rate_after_start']:.2f}x | {r['first_result_s']:.1f} | "
              f"{max(rss['cli'])} / {worker or '-'} / {ray_services or '-'} | {same} |")
    for mode, r in results.items():
        print(f"{mode}: all peak RSS (MiB) by role {r['rss']}; {' '.join(r['notes'])}")  # type: ignore[str-bytes-safe]
    print(f"load average after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")


if __name__ == "__main__":
    main()
