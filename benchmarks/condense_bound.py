"""How far deletion alone can go: an oracle that reads the reference (issue 15), printed.

    python benchmarks/condense_bound.py [--ratio 0.7] [--cnndm 20]

Issue 15 asks for points 30% shorter than whole sentences *and* whole-brief
ROUGE above ``--no-condense`` on the CRS pairs and GovReport.  This asks whether
any deletion-based compressor could give both.  On top of the shipped
condensing, an oracle deletes parse subtrees until each point is at most
``--ratio`` of its whole source sentence(s), choosing each time the subtree with
the fewest reference unigrams and bigrams per word deleted: it knows the
answer, which no compressor does.  It keeps the issue's rules (never a number,
date, negation, hedge or person; never the main verb, its subject or object),
so it bounds what a compressor that keeps them could reach.  The points it
frees on the page are filled by the normal fit, from a draft offering the
usual spare point per headed section and from one offering three.

Not a test and not shipped: a measurement for the issue's done-when.  Each
brief goes through the key facts and the one-page fit like a real one; ROUGE
is F1 x 100 (stemming) of the brief's joined points against the reference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from condense import KEYS, cnndm_documents  # noqa: E402
from crs_quality import crs_documents, govreport_documents  # noqa: E402

from briefing import __version__, nlp  # noqa: E402
from briefing.bounds import bound_document  # noqa: E402
from briefing.brief import Brief  # noqa: E402
from briefing.condense import _WHO, _join, _protected, condense_brief  # noqa: E402
from briefing.engines import summarize  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402
from briefing.plan import plan_brief  # noqa: E402

# The main verb's own arguments and the words that make a phrase (a preposition's object).
_KEPT = {"nsubj", "nsubjpass", "dobj", "attr", "expl", "aux", "auxpass", "neg", "ccomp", "xcomp", "acomp",
         "oprd", "csubj", "agent", "dative"}


def oracle_cut(text: str, target: float, value) -> str:  # type: ignore[no-untyped-def]
    """``text`` with the cheapest subtrees (by ``value`` per word) deleted until at most ``target`` words."""
    doc = nlp.parse(text)
    gone: set[int] = set()
    while (len(_join(doc, gone).split()) if gone else len(text.split())) > target:
        best = None
        for tok in doc:
            if tok.dep_ in ("ROOT", "pobj", "pcomp") or tok.is_punct or tok.i in gone:
                continue
            if tok.head.dep_ == "ROOT" and tok.dep_ in _KEPT:
                continue
            span = [i for i in range(tok.left_edge.i, tok.right_edge.i + 1) if i not in gone]
            words = sum(1 for i in span if not doc[i].is_punct)
            if not words or any(doc[i].dep_ == "ROOT" for i in span) or len(doc) - len(gone) - len(span) < 5:
                continue
            if _protected([doc[i] for i in span], _WHO):
                continue
            key = (value(" ".join(doc[i].text for i in span)) / words, -words)
            if best is None or key < best[0]:
                best = (key, span)
        if best is None:
            break
        gone.update(best[1])
    return _join(doc, gone) if gone else text


def oracle_brief(brief: Brief, ratio: float, reference: str, scorer) -> Brief:  # type: ignore[no-untyped-def]
    tokens = scorer._tokenizer.tokenize(reference)
    unigrams, bigrams = set(tokens), set(zip(tokens, tokens[1:]))

    def value(span: str) -> int:
        words = scorer._tokenizer.tokenize(span)
        return sum(w in unigrams for w in words) + sum(b in bigrams for b in zip(words, words[1:]))

    blocks = []
    for block in brief.blocks:
        points = []
        for point in block.points:
            target = ratio * len(point.whole.split())
            if point.engine == "extractive" and point.words > target:
                cut = oracle_cut(point.text, target, value)
                point = replace(point, text=cut, source_text=point.whole) if cut != point.text else point
            points.append(point)
        blocks.append(replace(block, points=tuple(points)))
    return replace(brief, blocks=tuple(blocks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratio", type=float, default=0.7, help="most words a point keeps, of its whole sentence")
    parser.add_argument("--cnndm", type=int, default=20, help="first N CNN/DM dev rows")
    args = parser.parse_args()
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(KEYS), use_stemmer=True)
    briefer = Briefer(BriefOptions(format="json"))
    briefer.load()
    variants = ("--no-condense", "condensed (shipped)", f"oracle {args.ratio:.0%}, spare 1", f"oracle {args.ratio:.0%}, spare 3")
    tmp = Path(tempfile.mkdtemp())
    for name, docs in (("CRS pairs (dev)", crs_documents()), ("GovReport (dev)", govreport_documents()),
                       (f"CNN/DM (first {args.cnndm} dev)", cnndm_documents(args.cnndm))):
        totals = {v: {"rouge": dict.fromkeys(KEYS, 0.0), "words": 0, "whole": 0, "points": 0} for v in variants}
        count = 0
        for doc_id, suffix, text, reference in docs:
            path = tmp / f"{doc_id}{suffix}"
            path.write_text(text, encoding="utf-8")
            doc = bound_document(read_article(path))
            briefer.prime([doc])
            encoder, summarizer = briefer._models()
            plan = plan_brief(doc, briefer._block_spec, encoder)
            drafts = {s: summarize(doc, plan, summarizer, points=briefer.options.points, version=__version__, spare=s)
                      for s in (1, 3)}
            made = {
                variants[0]: drafts[1],
                variants[1]: condense_brief(drafts[1], doc),
                variants[2]: oracle_brief(condense_brief(drafts[1], doc), args.ratio, reference, scorer),
                variants[3]: oracle_brief(condense_brief(drafts[3], doc), args.ratio, reference, scorer),
            }
            count += 1
            for variant, draft in made.items():
                brief = briefer.fit(briefer.add_facts(doc, draft)).brief
                scores = scorer.score(reference, " ".join(p.text for p in brief.points))
                total = totals[variant]
                for key in KEYS:
                    total["rouge"][key] += 100 * scores[key].fmeasure
                total["words"] += sum(p.words for p in brief.points)
                total["whole"] += sum(len(p.whole.split()) for p in brief.points)
                total["points"] += len(brief.points)
        print(f"{name}: {count} briefs")
        base = totals[variants[0]]["words"] / max(totals[variants[0]]["points"], 1)
        for variant, total in totals.items():
            rouge = " / ".join(f"{total['rouge'][k] / count:.2f}" for k in KEYS)
            per_point = total["words"] / max(total["points"], 1)
            print(f"  {variant:22s} ROUGE-1/2/L {rouge}   words/point {per_point:4.1f} ({per_point / base - 1:+.0%} "
                  f"on --no-condense)   points/brief {total['points'] / count:.1f}")


if __name__ == "__main__":
    main()
