"""Brief-level quality: ROUGE of a whole brief's points against the reference, and traceability.

    python benchmarks/brief_quality.py [--limit 50] [--skip 0] [--only cnndm]

For each dev document (even lines) of GovReport (CRS reports with sections),
CNN/DM and BBC, the default brief is made (all blocks, the 400-word budget, the
one-page fit) and its points, joined, are scored against the reference
summary (ROUGE F1 x 100, stemming).  "Traceable" counts points whose text occurs
verbatim in the paragraphs they name as sources: it must be 100% for the
extractive engine.  Used to check that the block engine did not regress when
the document ranker joined it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from rouge_eval import DATASETS, EVAL, Scorer, dev_examples  # noqa: E402

from briefing.errors import BriefError  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402

SETS = {"govreport": EVAL / "govreport_leval_sample.jsonl", **DATASETS}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=50, help="dev documents per dataset")
    parser.add_argument("--skip", type=int, default=0, help="start after this many dev documents")
    parser.add_argument("--only", choices=tuple(SETS), help="one dataset")
    args = parser.parse_args()
    briefer = Briefer(BriefOptions(format="json"))
    scorer = Scorer()
    tmp = Path(tempfile.mkdtemp())
    for name, path in SETS.items():
        if args.only and name != args.only:
            continue
        totals: Counter[str] = Counter()
        points = traceable = 0
        data = list(dev_examples(name, path, args.limit, args.skip))
        for i, example in enumerate(data):
            article = tmp / f"{name}-{i}.txt"
            article.write_text((f"{example.title}\n\n" if example.title else "") + example.text, encoding="utf-8")
            try:
                doc = read_article(article)
                brief = briefer.brief_document(doc)
            except BriefError as err:  # counted as an empty brief, and named
                print(f"{name} dev row {args.skip + i}: {err}", file=sys.stderr)
                continue
            paragraphs = {p.id: p.text for p in doc.paragraphs}
            for point in brief.points:
                points += 1
                traceable += any(point.text in paragraphs[pid] for pid in point.sources)
            totals.update(scorer.score([p.text for p in brief.points], example))
        n = len(data)
        print(f"{name:10} n={n:3}  R-1 {100 * totals['rouge1'] / n:5.2f}  R-2 {100 * totals['rouge2'] / n:5.2f}  "
              f"R-L {100 * totals['rougeL'] / n:5.2f}  R-Lsum {100 * totals['rougeLsum'] / n:5.2f}  "
              f"traceable {traceable}/{points}")


if __name__ == "__main__":
    main()
