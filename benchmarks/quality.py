"""ROUGE of brief's document summaries against the methods a user would pick instead, in one run.

    python benchmarks/quality.py [--limit N] [--markdown]

Dev split only (even 0-based lines) of ../shared/eval/cnndm_test.jsonl and
../shared/eval/bbc_news_summary.jsonl.  Every system sees the same sentences
(pysbd over the article's paragraphs) and the same budget: k = 3 for CNN/DM;
for BBC, k = the number of sentences in the reference.  Prints mean F1 x 100 of
ROUGE-1, -2, -L and -Lsum (rouge-score, Porter stemming), the number of
documents and seconds per document, per dataset and per CNN/DM subset.

"ours" is ``briefing.summarize`` with the ranker fitted on this same dev split;
its cross-validated (out-of-fold) figures are in briefing/data/ranker.json and
printed at the end.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lexrank import sumy_summary  # noqa: E402
from rouge_eval import DATASETS, Example, Scorer, dev_examples  # noqa: E402

import briefing  # noqa: E402
from briefing.digest import split_document  # noqa: E402
from briefing.engines.encoder import SentenceEncoder  # noqa: E402
from briefing.engines.ranker import WEIGHTS_FILE, load_ranker  # noqa: E402

System = Callable[[Example], list[str]]


def systems(encoder: SentenceEncoder) -> dict[str, System]:
    def lead(example: Example) -> list[str]:
        return [s.text for s in split_document(example.text)[: example.k]]

    def centroid(example: Example) -> list[str]:
        """Top-k sentences by cosine to the mean MiniLM embedding, in source order."""
        texts = [s.text for s in split_document(example.text)]
        if not texts:
            return []
        encoder.clear_cache()
        emb = encoder.encode(texts)
        center = emb.mean(axis=0)
        scores = (emb @ center).tolist()
        top = sorted(range(len(texts)), key=lambda i: (-scores[i], i))[: example.k]
        return [texts[i] for i in sorted(top)]

    def sumy(method: str) -> System:
        return lambda example: sumy_summary(example.text, example.k, method)

    def ours(example: Example) -> list[str]:
        return briefing.summarize(example.text, sentences=example.k, title=example.title, encoder=encoder)

    return {
        "Lead-k": lead,
        "LexRank (sumy)": sumy("lexrank"),
        "TextRank (sumy)": sumy("textrank"),
        "LSA (sumy)": sumy("lsa"),
        "Centroid (MiniLM)": centroid,
        "brief (ours)": ours,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, help="first N dev documents of each dataset")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--only", help="run one system (e.g. 'brief (ours)') instead of all")
    args = parser.parse_args()
    encoder = SentenceEncoder()
    scorer = Scorer()
    runners = systems(encoder)
    if args.only:
        runners = {args.only: runners[args.only]}
    totals: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    counts: Counter[tuple[str, str]] = Counter()
    seconds: Counter[tuple[str, str]] = Counter()
    traceable = chosen = 0
    for dataset in DATASETS:
        examples = list(dev_examples(dataset, limit=args.limit))
        for name, run in runners.items():
            for example in examples:
                started = time.perf_counter()
                summary = run(example)
                elapsed = time.perf_counter() - started
                scores = scorer.score(summary, example)
                for group in (dataset, f"{dataset}/{example.subset}" if dataset == "cnndm" else None):
                    if group is None:
                        continue
                    totals[(group, name)].update(scores)
                    counts[(group, name)] += 1
                    seconds[(group, name)] += elapsed
                if name == "brief (ours)":
                    chosen += len(summary)
                    traceable += sum(s in example.text for s in summary)
            print(f"... {dataset} {name}: done", file=sys.stderr, flush=True)

    groups = list(dict.fromkeys(g for g, _ in totals))
    header = ("dataset", "system", "R-1", "R-2", "R-L", "R-Lsum", "n", "s/doc")
    rows = []
    for group in groups:
        for name in runners:
            key = (group, name)
            n = counts[key]
            mean = {k: 100 * v / n for k, v in totals[key].items()}
            rows.append((group, name, f"{mean['rouge1']:.2f}", f"{mean['rouge2']:.2f}", f"{mean['rougeL']:.2f}",
                         f"{mean['rougeLsum']:.2f}", str(n), f"{seconds[key] / n:.3f}"))
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---", "---"] + ["---:"] * 6) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        print(f"{header[0]:22} {header[1]:18} " + " ".join(f"{h:>7}" for h in header[2:]))
        for row in rows:
            print(f"{row[0]:22} {row[1]:18} " + " ".join(f"{c:>7}" for c in row[2:]))
    print(f"\nours, 5-fold cross-validated on the dev split (out-of-fold, from {WEIGHTS_FILE.name}): "
          f"{load_ranker().info['cv_5fold_rouge_f1x100']}")
    print(f"ours: {traceable}/{chosen} chosen sentences occur verbatim in their article "
          f"({100 * traceable / max(1, chosen):.1f}%)")


if __name__ == "__main__":
    main()
