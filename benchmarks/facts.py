"""Key-facts box (issue 16): items per kind and the time the box adds, printed (never asserted).

    python benchmarks/facts.py [--fit] [--pages ../shared/eval/crs/pages] [--govreport ../shared/eval/govreport_leval_sample.jsonl]

For the seed, every CRS dev page and the GovReport dev rows (even lines): the
number of figures, actors and timeline events extracted for the drafted brief,
and the time ``extract_facts`` takes with the parser loaded and its parse cache
empty (the draft's own parse is thrown away first, so nothing is reused).
With ``--fit`` it also fits each brief to A4 and counts what the box keeps.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import nlp  # noqa: E402
from briefing.facts import KINDS, extract_facts  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402

SHARED = ROOT.parent / "shared"


def inputs(pages: Path, govreport: Path, tmp: Path) -> list[tuple[str, Path]]:
    out = [("seed", SHARED / "seed" / "000_4c8ed5263f93d0a9.txt")]
    out += [("crs", p) for p in sorted(pages.glob("*.md"))]
    if govreport.exists():
        for n, line in enumerate(govreport.read_text().splitlines()):
            if n % 2 == 0:  # the dev split
                row = json.loads(line)
                path = tmp / f"govreport-{n:02d}.txt"
                path.write_text((row.get("title") or "Report") + "\n\n" + row["text"])
                out.append(("govreport", path))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=Path, default=SHARED / "eval" / "crs" / "pages")
    parser.add_argument("--govreport", type=Path, default=SHARED / "eval" / "govreport_leval_sample.jsonl")
    parser.add_argument("--fit", action="store_true", help="also fit each brief to A4 and count what the box keeps")
    args = parser.parse_args()
    briefer = Briefer(BriefOptions(format="html"))
    started = time.perf_counter()
    nlp.pipeline()
    print(f"parser load: {time.perf_counter() - started:.2f} s (once per process; overlapped with the encoder in the CLI)")
    rows: dict[str, list[tuple[int, ...]]] = {}
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for group, path in inputs(args.pages, args.govreport, Path(tmp)):
            doc = read_article(path)
            draft = briefer.draft(doc)
            nlp._cache.clear()  # time a cold parse, as a brief's first sight of the article
            started = time.perf_counter()
            facts = extract_facts(doc, draft)
            times.setdefault(group, []).append(time.perf_counter() - started)
            counts = tuple(len(getattr(facts, k)) for k in KINDS)
            if args.fit:
                kept = briefer.fit(draft).brief.facts
                counts += tuple(len(getattr(kept, k)) for k in KINDS)
            rows.setdefault(group, []).append(counts)
            print(f"{group:<9} {path.name[:48]:<48} " + " ".join(f"{c:2d}" for c in counts))
    print()
    print("group       n   figures actors timeline (mean extracted" + (", then kept on A4)" if args.fit else ")")
          + "  extract s median / max")
    for group, group_rows in rows.items():
        means = [statistics.mean(c[i] for c in group_rows) for i in range(len(group_rows[0]))]
        print(f"{group:<9} {len(group_rows):3d}   " + "  ".join(f"{m:5.1f}" for m in means)
              + f"   {statistics.median(times[group]):.3f} / {max(times[group]):.3f}")
    full = [c for group_rows in rows.values() for c in group_rows if c[0] >= 4 and c[1] >= 4 and c[2] >= 5]
    print(f"briefs extracting >= 4 figures, >= 4 actors, >= 5 events: {len(full)} of {sum(map(len, rows.values()))}")


if __name__ == "__main__":
    main()
