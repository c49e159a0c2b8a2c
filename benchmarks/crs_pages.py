"""Junk, pages and source fields of the briefs of every real CRS page (../shared/eval/crs/pages).

    python benchmarks/crs_pages.py [--verbose]

For each page: the junk items of its A4 brief (points, block titles, notes that
carry table or Markdown syntax, a URL, page chrome or a fragment, by the
independent checker tests/junk.py), its page count on A4 and on Letter, and the
author, date and report number in its source fields.  The same checks run as
tests/test_real_pages.py; this prints the figures for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from junk import brief_junk  # noqa: E402

from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pdf import count_pages  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402
from briefing.render import render_text  # noqa: E402

PAGES = ROOT.parent / "shared" / "eval" / "crs" / "pages"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every junk item")
    args = parser.parse_args()
    a4 = Briefer(BriefOptions(format="json", paper="a4"))
    letter = Briefer(BriefOptions(format="json", paper="letter"), encoder=a4._models()[0])
    reasons: Counter[str] = Counter()
    total_junk = one_page = with_author = with_date = 0
    start = time.perf_counter()
    pages = sorted(PAGES.glob("*.md"))
    for page in pages:
        draft = a4.draft(read_article(page))
        fitted = {"a4": a4.fit(draft).brief, "letter": letter.fit(draft).brief}
        counts = {paper: count_pages(render_text(b, "html", paper=paper)) for paper, b in fitted.items()}  # type: ignore[arg-type]
        data = json.loads(render_text(fitted["a4"], "json"))
        junk = list(brief_junk(data))
        total_junk += len(junk)
        one_page += counts == {"a4": 1, "letter": 1}
        source = data["source"]
        with_author += bool(source["author"])
        with_date += bool(source["date"])
        for where, text, why in junk:
            reasons.update(why)
            if args.verbose:
                print(f"    {where}: {', '.join(why)}: {text[:100]}")
        points = sum(len(b["points"]) for b in data["blocks"])
        words = sum(len(p["text"].split()) for b in data["blocks"] for p in b["points"])
        print(f"{page.stem[:44]:44} junk {len(junk):2}  pages A4 {counts['a4']} Letter {counts['letter']}  "
              f"{len(data['blocks'])} blocks {points:2} points {words:3} words  "
              f"author {source['author'] or '-'}  date {source['date'] or '-'}  number {source['number'] or '-'}")
    n = len(pages)
    print(f"\n{n} pages in {time.perf_counter() - start:.0f} s: {total_junk} junk items {dict(reasons)}; "
          f"{one_page}/{n} one page on A4 and Letter; author {with_author}/{n}, date {with_date}/{n}")


if __name__ == "__main__":
    main()
