"""Print, per saved web page: points found in the reference extraction / all points, title and byline.

    python benchmarks/html_pages.py [../shared/html-pages]

Each folder holds a real page (``source.html``), the clean article that
mozilla/readability keeps (``expected.html``) and its metadata.  A point
"comes from the expected text" when its words, whitespace and quote marks
normalised, occur in the expected article's text.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT.parent / "shared" / "html-pages"
sys.path.insert(0, str(ROOT))

from briefing.ingest import read_article  # noqa: E402
from briefing.ingest.html_check import normalise, page_text  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402


def main() -> None:
    pages = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PAGES
    briefer = Briefer(BriefOptions())
    total = found_all = 0
    print(f"{'page':15} {'points':>6} {'in expected':>11} {'read s':>6}  title ok  byline (expected -> ours)")
    for folder in sorted(p for p in pages.iterdir() if (p / "source.html").exists()):
        started = time.perf_counter()
        doc = read_article(folder / "source.html")
        read_s = time.perf_counter() - started
        brief = briefer.brief_document(doc)
        expected = normalise(page_text((folder / "expected.html").read_text(encoding="utf-8")))
        found = sum(normalise(p.text) in expected for p in brief.points)
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        title_ok = normalise(meta.get("title") or "") == normalise(brief.title) or normalise(brief.title) in normalise(meta.get("title") or "")
        total += len(brief.points)
        found_all += found
        print(f"{folder.name:15} {len(brief.points):6} {found:11} {read_s:6.2f}  {str(title_ok):8}  {meta.get('byline')!r} -> {brief.source.author!r}")
    print(f"all pages: {found_all}/{total} points in the expected text")


if __name__ == "__main__":
    main()
