"""Condensed points against whole sentences (issue 15), printed (never asserted).

    python benchmarks/condense.py [--cnndm 30] [--pages 39] [--pairs 30]

Every document is briefed twice with one shared encoder, ``--no-condense`` and
the default, each fitted to one A4 page, and the two briefs are compared:

- mean words per point, and points per brief;
- ROUGE-1/2/L F1 x 100 (stemming) of the whole brief's points, joined, against
  the reference: the 9 CRS dev pairs, the GovReport dev rows, the first
  ``--cnndm`` CNN/DM dev rows (even lines);
- for the seed and the ``--pages`` CRS dev pages (no reference): words per point;
- the share of condensed points whose parse has a finite verb at its root;
- the parser's load time and the time condensing adds per brief (on the seed,
  the parser loaded).

``--pairs N`` prints N before/after pairs drawn from every source, for a reader.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from crs_quality import crs_documents, govreport_documents  # noqa: E402
from rouge_eval import dev_examples  # noqa: E402

from briefing.brief import Brief, Point  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT.parent / "shared" / "seed" / "000_4c8ed5263f93d0a9.txt"
PAGES = EVAL / "crs" / "pages"
KEYS = ("rouge1", "rouge2", "rougeL")


def cnndm_documents(limit: int) -> Iterator[tuple[str, str, str, str]]:
    for i, example in enumerate(dev_examples("cnndm", None, limit, 0)):
        text = (f"{example.title}\n\n" if example.title else "") + example.text
        yield f"cnndm-{i}", ".txt", text, "\n".join(example.reference_lines)


def finite_root(text: str) -> bool:
    from briefing import nlp

    doc = nlp.parse(text)
    return any(t.dep_ == "ROOT" and (t.tag_ in ("VBD", "VBP", "VBZ", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBP", "VBZ", "MD") for c in t.children)) for t in doc)


class Tally:
    def __init__(self) -> None:
        self.briefs = 0
        self.points = {False: 0, True: 0}
        self.words = {False: 0, True: 0}
        self.rouge = {False: dict.fromkeys(KEYS, 0.0), True: dict.fromkeys(KEYS, 0.0)}
        self.scored = 0

    def add(self, briefs: dict[bool, Brief], reference: str | None) -> None:
        self.briefs += 1
        for condensed, brief in briefs.items():
            self.points[condensed] += len(brief.points)
            self.words[condensed] += sum(p.words for p in brief.points)
        if reference is not None:
            from rouge_score import rouge_scorer

            rouge = rouge_scorer.RougeScorer(list(KEYS), use_stemmer=True)
            self.scored += 1
            for condensed, brief in briefs.items():
                scores = rouge.score(reference, " ".join(p.text for p in brief.points))
                for k in KEYS:
                    self.rouge[condensed][k] += 100 * scores[k].fmeasure

    def report(self, name: str) -> None:
        def mean(condensed: bool) -> float:
            return self.words[condensed] / max(1, self.points[condensed])

        change = 100 * (mean(True) / max(1e-9, mean(False)) - 1)
        print(f"{name}: {self.briefs} briefs; words/point {mean(False):.1f} -> {mean(True):.1f} ({change:+.0f}%); "
              f"points/brief {self.points[False] / self.briefs:.1f} -> {self.points[True] / self.briefs:.1f}")
        if self.scored:
            before, after = (" / ".join(f"{self.rouge[c][k] / self.scored:.2f}" for k in KEYS) for c in (False, True))
            print(f"  ROUGE-1/2/L at one page: {before} -> {after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cnndm", type=int, default=30, help="CNN/DM dev rows")
    parser.add_argument("--pages", type=int, default=39, help="CRS dev pages for words per point")
    parser.add_argument("--pairs", type=int, default=30, help="before/after pairs to print")
    args = parser.parse_args()

    from briefing import nlp

    start = time.perf_counter()
    nlp.pipeline()
    print(f"parser load (spaCy import + en_core_web_sm): {time.perf_counter() - start:.2f} s")
    whole = Briefer(BriefOptions(format="json", condense=False))
    whole.load()
    short = Briefer(BriefOptions(format="json"), encoder=whole._encoder)
    tmp = Path(tempfile.mkdtemp())
    pairs: list[tuple[str, Point]] = []
    finite = condensed_points = 0

    def both(path: Path) -> dict[bool, Brief]:
        doc = read_article(path)
        return {False: whole.brief_document(doc), True: short.brief_document(doc)}

    def note(name: str, brief: Brief) -> None:
        nonlocal finite, condensed_points
        for point in brief.points:
            if point.edits:
                condensed_points += 1
                finite += finite_root(point.text)
                pairs.append((name, point))

    sets: dict[str, Iterator[tuple[str, str, str, str]]] = {
        "CRS pairs (dev)": crs_documents(),
        "GovReport (dev)": govreport_documents(),
        f"CNN/DM (first {args.cnndm} dev)": cnndm_documents(args.cnndm),
    }
    for name, documents in sets.items():
        tally = Tally()
        for doc_id, suffix, text, reference in documents:
            path = tmp / f"{doc_id}{suffix}"
            path.write_text(text, encoding="utf-8")
            briefs = both(path)
            tally.add(briefs, reference)
            note(name, briefs[True])
        tally.report(name)
    for name, paths in (("seed", [SEED]), (f"CRS dev pages ({args.pages})", sorted(PAGES.glob("*.md"))[: args.pages])):
        tally = Tally()
        for path in paths:
            briefs = both(path)
            tally.add(briefs, None)
            note(name, briefs[True])
        tally.report(name)
    print(f"condensed points whose parse has a finite root verb: {finite}/{condensed_points}")

    doc = read_article(SEED)
    from briefing.condense import condense_brief

    whole.draft(doc)  # warm: vectors, ranker
    plain = whole.draft(doc)
    runs = []
    for _ in range(5):
        nlp._cache.clear()  # the parse is part of the cost
        start = time.perf_counter()
        condense_brief(plain, doc)
        runs.append(time.perf_counter() - start)
    print(f"condensing the seed's draft (parser loaded, parses not cached): median {sorted(runs)[2] * 1000:.0f} ms")

    if args.pairs:
        print(f"\n{args.pairs} before/after pairs")
        step = max(1, len(pairs) // args.pairs)
        for name, point in pairs[::step][: args.pairs]:
            print(json.dumps({"source": name, "before": point.whole, "after": point.text,
                              "edits": [f"{e.kind}:{e.rule or e.inserted}" for e in point.edits]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
