"""Briefs of policy reports against their authors' summaries, next to Lead, LexRank and TextRank.

    python benchmarks/crs_quality.py [--only crs|govreport] [--per-doc]

CRS task: the 9 dev pairs of ``../shared/eval/crs/report_summary_pairs.jsonl``.
Each ``page_without_summary`` (the congress.gov page as exported, its Summary
cut out) is briefed with the default options (one page, A4) and the points,
joined, are scored against ``summary`` (ROUGE-1/2/L F1 x 100, stemming).
GovReport task: the dev rows (even lines) of ``govreport_leval_sample.jsonl``,
briefed from their text, scored against their reference.

Every baseline gets the same number of words as the brief: Lead takes the
document's first words; LexRank and TextRank (sumy, pysbd sentences) take
their best sentences until they have that many words, cut to the count.  They
are handed the text brief itself reads (its Document's paragraphs: chrome,
tables and Markdown syntax already removed), so only the choice differs.

Also printed for the CRS pages with their Summary left in: how many Bottom-line
points come from the Summary section.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lexrank import sumy_summary  # noqa: E402

from briefing.document import SUMMARY, Document  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
CRS_PAIRS = EVAL / "crs" / "report_summary_pairs.jsonl"
CRS_PAGES = EVAL / "crs" / "pages"
GOVREPORT = EVAL / "govreport_leval_sample.jsonl"
KEYS = ("rouge1", "rouge2", "rougeL")


def crs_documents() -> Iterator[tuple[str, str, str, str]]:
    """(id, suffix, text to brief, reference) for the CRS dev pairs (all of that folder is dev)."""
    for line in CRS_PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield row["id"], ".md", row["page_without_summary"], row["summary"]


def govreport_documents() -> Iterator[tuple[str, str, str, str]]:
    """The GovReport dev rows: even 0-based lines only."""
    for number, line in enumerate(GOVREPORT.read_text(encoding="utf-8").splitlines()):
        if number % 2 == 0:
            row = json.loads(line)
            yield row["id"].rsplit("/", 1)[-1], ".txt", row["text"], row["reference"]


def _cut(sentences: list[str], words: int) -> str:
    return " ".join(" ".join(sentences).split()[:words])


def baselines(doc: Document, words: int) -> dict[str, str]:
    """Lead, LexRank and TextRank given ``words`` words of the document brief reads."""
    text = "\n\n".join(p.text for p in doc.paragraphs)
    out = {"Lead": _cut([text], words)}
    for name, method in (("LexRank", "lexrank"), ("TextRank", "textrank")):
        k, chosen = 1, []
        total_sentences = len(doc.sentences)
        while k <= total_sentences:
            chosen = sumy_summary(text, k, method)
            if sum(len(s.split()) for s in chosen) >= words:
                break
            k = max(k + 1, int(k * 1.3))
        # sumy returns source order; ranked order is not exposed, so the cut keeps the
        # first ``words`` words of its k-sentence choice.
        out[name] = _cut(chosen, words)
    return out


def score_task(
    name: str, documents: Iterator[tuple[str, str, str, str]], briefer: Briefer, per_doc: bool
) -> dict[str, dict[str, float]]:
    from rouge_score import rouge_scorer

    rouge = rouge_scorer.RougeScorer(list(KEYS), use_stemmer=True)
    totals: dict[str, dict[str, float]] = {}
    tmp = Path(tempfile.mkdtemp())
    n = 0
    for doc_id, suffix, text, reference in documents:
        path = tmp / f"{doc_id}{suffix}"
        path.write_text(text, encoding="utf-8")
        doc = read_article(path)
        brief = briefer.brief_document(doc)
        ours = " ".join(p.text for p in brief.points)
        words = len(ours.split())
        systems = {"brief": ours, **baselines(doc, words)}
        n += 1
        row = []
        for system, summary in systems.items():
            scores = rouge.score(reference, summary)
            figures = {k: 100 * scores[k].fmeasure for k in KEYS}
            for k, v in figures.items():
                totals.setdefault(system, dict.fromkeys(KEYS, 0.0))[k] += v
            row.append(f"{system} {figures['rouge1']:.1f}/{figures['rouge2']:.1f}/{figures['rougeL']:.1f}")
        if per_doc:
            print(f"  {doc_id[:40]:40} {words:4d} words  " + "  ".join(row))
    print(f"{name}: {n} documents, mean ROUGE-1/2/L F1 x100 at the brief's word count")
    for system, sums in totals.items():
        print(f"  {system:9} " + "  ".join(f"{k} {v / n:5.2f}" for k, v in sums.items()))
    return {s: {k: v / n for k, v in sums.items()} for s, sums in totals.items()}


def summary_in_bottom_line(briefer: Briefer) -> None:
    """With the Summary left in, how many Bottom-line points come from it."""
    drawn = total = 0
    for line in CRS_PAIRS.read_text(encoding="utf-8").splitlines():
        doc_id = json.loads(line)["id"]
        doc = read_article(CRS_PAGES / f"{doc_id}.md")
        summary_ids = {p.id for s in doc.sections if s.role == SUMMARY for p in s.paragraphs}
        brief = briefer.brief_document(doc)
        bottom = next((b for b in brief.blocks if b.kind == "bottom_line"), None)
        points = bottom.points if bottom else ()
        from_summary = sum(any(pid in summary_ids for pid in p.sources) for p in points)
        drawn += from_summary
        total += len(points)
        print(f"  {doc_id[:40]:40} Bottom line: {from_summary}/{len(points)} points from its Summary")
    print(f"CRS pages with their Summary: {drawn}/{total} Bottom-line points come from the Summary")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("crs", "govreport"))
    parser.add_argument("--per-doc", action="store_true", help="print each document's figures")
    args = parser.parse_args()
    briefer = Briefer(BriefOptions(format="json"))
    tasks: dict[str, Callable[[], Iterator[tuple[str, str, str, str]]]] = {
        "crs": crs_documents, "govreport": govreport_documents,
    }
    for name, documents in tasks.items():
        if args.only in (None, name):
            score_task(name, documents(), briefer, args.per_doc)
    if args.only in (None, "crs"):
        summary_in_bottom_line(briefer)


if __name__ == "__main__":
    main()
