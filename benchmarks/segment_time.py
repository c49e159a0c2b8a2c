"""Time the planner adds to a brief of an article without headings (issue 14), printed.

    python benchmarks/segment_time.py [--runs 7]

The seed with its two section headings deleted (read from the file itself) is
planned with the encoder (segmentation and generated titles) and without it
(one "Key points" block); the sentence vectors are computed first and the
parser is loaded, as in a brief.  Each timed run starts with spaCy's parse
cache empty, so the titles' parsing counts every time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import nlp  # noqa: E402
from briefing.engines.encoder import SentenceEncoder  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.ingest.text import read_text  # noqa: E402
from briefing.plan import plan_brief  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_4c8ed5263f93d0a9.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    headings = {s.heading for s in read_article(SEED).sections if s.heading}
    text = "\n".join(line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip() not in headings)
    doc = read_text(text, "seed-without-headings.txt")
    encoder = SentenceEncoder()
    encoder.encode([s.text for s in doc.sentences] + [doc.title])
    nlp.pipeline()
    plan_brief(doc, encoder=encoder)  # warm: numpy paths, candidate vectors of the first run are not reused below
    with_encoder, without = [], []
    for _ in range(args.runs):
        nlp._cache.clear()
        encoder_cache = dict(encoder._cache) if hasattr(encoder, "_cache") else None
        started = time.perf_counter()
        plan = plan_brief(doc, encoder=encoder)
        with_encoder.append(time.perf_counter() - started)
        if encoder_cache is not None:
            encoder._cache = encoder_cache  # forget the title candidates' vectors: each run embeds them again
        started = time.perf_counter()
        plan_brief(doc)
        without.append(time.perf_counter() - started)
    themes = [b.title for b in plan.blocks if b.kind == "theme"]
    print(f"seed without headings: {len(doc.paragraphs)} paragraphs, themes {themes}")
    print(f"plan with segmentation and titles: median {statistics.median(with_encoder):.3f} s "
          f"(min {min(with_encoder):.3f}); without (one block): median {statistics.median(without):.4f} s; "
          f"added {statistics.median(with_encoder) - statistics.median(without):.3f} s")


if __name__ == "__main__":
    main()
