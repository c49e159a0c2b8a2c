"""Print, per input and paper: pages before and after the fit step, points dropped, and its time.

    python benchmarks/fit_pages.py [../shared/eval/govreport_leval_sample.jsonl]

Inputs: every samples/*.txt, the generated 30-section article of tests/test_fit.py,
and each report of the GovReport file if given.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402
from test_fit import _thirty_sections  # noqa: E402


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    inputs = sorted((ROOT / "samples").glob("*.txt"))
    (tmp / "thirty-sections.txt").write_text(_thirty_sections())
    inputs.append(tmp / "thirty-sections.txt")
    if len(sys.argv) > 1:
        for n, line in enumerate(Path(sys.argv[1]).read_text().splitlines()):
            path = tmp / f"govreport-{n:02d}.txt"
            path.write_text(json.loads(line)["text"])
            inputs.append(path)
    print(f"{'input':45} {'paper':6} {'before':>6} {'after':>5} {'dropped':>7} {'layouts':>7} {'fit s':>6}")
    for paper in ("a4", "letter"):
        briefer = Briefer(BriefOptions(paper=paper))  # type: ignore[arg-type]
        for path in inputs:
            brief = briefer.draft(read_article(path))
            start = time.perf_counter()
            result = briefer.fit(brief)
            seconds = time.perf_counter() - start
            print(
                f"{path.name:45} {paper:6} {result.pages_before:>6} {result.pages_after:>5} "
                f"{result.points_dropped:>7} {result.layouts:>7} {seconds:>6.2f}"
            )


if __name__ == "__main__":
    main()
