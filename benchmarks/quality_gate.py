"""Quality gate: ROUGE of ``briefing.summarize`` on a fixed dev subset must not fall below pinned floors.

    python benchmarks/quality_gate.py            # check; exit 1 on a regression
    python benchmarks/quality_gate.py --update   # pin today's figures (never lower without --allow-regression)

Inputs: tests/data/quality-subset.jsonl (12 CNN/DM + 12 BBC dev rows), pinned by
SHA-256 so a changed subset trips the gate instead of moving it.  Floors live in
benchmarks/quality_baseline.json with EPSILON of slack for float noise, after
trafilatura's tests/eval_gate.py.  Also checked: every chosen sentence occurs
verbatim in its article (100%).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from rouge_eval import Scorer, to_example  # noqa: E402

SUBSET = ROOT / "tests" / "data" / "quality-subset.jsonl"
BASELINE = ROOT / "benchmarks" / "quality_baseline.json"
EPSILON = 0.0005  # don't fail on measurement noise
GATED = ("rouge1", "rouge2", "rougeL")


def inputs_sha256() -> str:
    return hashlib.sha256(SUBSET.read_bytes()).hexdigest()


def measure(encoder: Any = None) -> dict[str, Any]:
    """Mean ROUGE F1 (0-1) per dataset for ours, and the share of sentences found verbatim in the source."""
    import briefing

    scorer = Scorer()
    sums: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    chosen = verbatim = 0
    for line in SUBSET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        example = to_example(row["dataset"], row)
        summary = briefing.summarize(example.text, sentences=example.k, title=example.title, encoder=encoder)
        chosen += len(summary)
        verbatim += sum(s in example.text for s in summary)
        for key, value in scorer.score(summary, example).items():
            sums.setdefault(example.dataset, {}).setdefault(key, 0.0)
            sums[example.dataset][key] += value
        counts[example.dataset] = counts.get(example.dataset, 0) + 1
    return {
        "scores": {ds: {k: round(v / counts[ds], 5) for k, v in s.items()} for ds, s in sums.items()},
        "documents": counts,
        "traceable": verbatim / max(1, chosen),
    }


def check(measured: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """What is wrong, one line each; empty when the gate passes."""
    problems = []
    if baseline["inputs_sha256"] != inputs_sha256():
        problems.append(f"{SUBSET.name} changed (sha256 differs from the baseline); re-pin with --update")
    for dataset, floors in baseline["floors"].items():
        for key in GATED:
            got = measured["scores"][dataset][key]
            if got < floors[key] - EPSILON:
                problems.append(f"{dataset} {key}: {got:.5f} is below the floor {floors[key]:.5f}")
    if measured["traceable"] < 1.0:
        problems.append(f"only {measured['traceable']:.1%} of chosen sentences occur verbatim in their article")
    return problems


def save_baseline(measured: dict[str, Any], allow_regression: bool) -> None:
    if BASELINE.exists() and not allow_regression:
        old = json.loads(BASELINE.read_text())
        lower = [f"{ds} {k}" for ds, f in old["floors"].items() for k in GATED
                 if measured["scores"][ds][k] < f[k] - EPSILON]
        if lower:
            raise SystemExit(f"refusing to lower floors ({', '.join(lower)}); pass --allow-regression to do it")
    data = {"inputs_sha256": inputs_sha256(), "epsilon": EPSILON, "documents": measured["documents"],
            "floors": {ds: {k: s[k] for k in GATED} for ds, s in measured["scores"].items()}}
    fd, tmp = tempfile.mkstemp(dir=BASELINE.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, BASELINE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--allow-regression", action="store_true")
    args = parser.parse_args()
    measured = measure()
    print(json.dumps(measured, indent=2))
    if args.update:
        save_baseline(measured, args.allow_regression)
        print(f"pinned {BASELINE}")
        return
    problems = check(measured, json.loads(BASELINE.read_text()))
    for problem in problems:
        print(f"FAIL: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
