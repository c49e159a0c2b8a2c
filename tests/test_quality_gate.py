"""The quality gate (benchmarks/quality_gate.py) in the default test run: ROUGE floors on a pinned dev subset.

A change that lowers ``briefing.summarize``'s ROUGE-1, -2 or -L on the 24 pinned
dev documents by more than the gate's epsilon fails here, as does a change to the
subset itself.  Re-pin with ``python benchmarks/quality_gate.py --update``
(lowering a floor needs ``--allow-regression``).
"""

from __future__ import annotations

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import quality_gate  # noqa: E402


def test_summaries_on_the_pinned_subset_stay_above_the_floors(encoder: object) -> None:
    measured = quality_gate.measure(encoder)
    problems = quality_gate.check(measured, json.loads(quality_gate.BASELINE.read_text()))
    assert problems == [], problems
    assert measured["traceable"] == 1.0


def test_the_gate_fails_a_regression_and_a_changed_subset() -> None:
    baseline = json.loads(quality_gate.BASELINE.read_text())
    worse = {"scores": {ds: {k: v - 0.01 for k, v in floors.items()} for ds, floors in baseline["floors"].items()},
             "traceable": 1.0}
    assert len(quality_gate.check(worse, baseline)) == 3 * len(baseline["floors"])
    moved = {**baseline, "inputs_sha256": "0" * 64}
    same = {"scores": baseline["floors"], "traceable": 1.0}
    assert any("changed" in p for p in quality_gate.check(same, moved))
