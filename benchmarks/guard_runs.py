"""Run a generative model over articles; print time per brief and what the faithfulness guard did.

    python benchmarks/guard_runs.py MODEL [ARTICLE ...]

MODEL is anything ``--model`` takes (a folder, a .gguf file, a cached hub id).
Default articles: the two samples, a saved web page and a Markdown article from
the tests.  Per article: seconds for the brief (model loaded once, before), the
generated sentences, how many the guard rejected and why, and the engines of
the final points.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402

DEFAULT_ARTICLES = [
    ROOT / "samples" / "russia-anti-drug-campaign-afghanistan.txt",
    ROOT / "samples" / "CRS-fire-management-assistance-grants.txt",
    ROOT / "tests" / "data" / "html-pages" / "ars-1" / "source.html",
    ROOT / "tests" / "data" / "markdown-article.md",
]


def main() -> None:
    model = sys.argv[1]
    articles = [Path(a) for a in sys.argv[2:]] or DEFAULT_ARTICLES
    briefer = Briefer(BriefOptions(model=model, device="cpu"))
    started = time.perf_counter()
    briefer.load()
    print(f"model load {time.perf_counter() - started:.1f} s")
    engine = briefer._models()[1]
    for article in articles:
        doc = read_article(article)
        started = time.perf_counter()
        brief = briefer.brief_document(doc)
        seconds = time.perf_counter() - started
        rejected = getattr(engine, "rejected", [])
        generated = getattr(engine, "generated", 0)
        engines = Counter(p.engine for p in brief.points)
        print(f"{article.name}: {seconds:.1f} s, {generated} generated, {len(rejected)} rejected, points {dict(engines)}")
        for sentence, reason in rejected:
            print(f"    rejected: {sentence[:110]!r} ({reason})")


if __name__ == "__main__":
    main()
