"""The evaluation data and the systems compared in docs/benchmarks.md, shared by quality.py and fit_ranker.py.

Dev split only: the 0-based even lines of each file (see ../shared/eval/README.md).
Every system gets the same sentences (pysbd over the article's paragraphs) and the
same budget: k = 3 for CNN/DM; for BBC, k = the number of sentences in the reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DATASETS = {"cnndm": EVAL / "cnndm_test.jsonl", "bbc": EVAL / "bbc_news_summary.jsonl"}


@dataclass(frozen=True)
class Example:
    dataset: str
    id: str
    title: str | None
    text: str
    reference_lines: tuple[str, ...]  # one sentence (or highlight) per line, for ROUGE-Lsum
    k: int
    subset: str  # cnn / dailymail / BBC topic


def to_example(dataset: str, row: dict[str, Any]) -> Example:
    """One JSONL row -> Example, with the budget the comparison gives every system.

    CNN/DM highlights are one per line and the budget is 3; any other dataset's
    reference is split into sentences (``reference_sentences`` where the file has
    them) and the budget is their number.
    """
    from briefing.ingest.sentences import split_sentences

    if dataset == "cnndm":
        lines = tuple(x.strip() for x in row["reference"].split("\n") if x.strip())
        k = 3
    else:
        pieces = row.get("reference_sentences") or list(split_sentences(row["reference"]))
        lines = tuple(p.strip() for p in pieces if p.strip())
        k = len(lines)
    return Example(dataset, row["id"], row.get("title"), row["text"], lines, k, str(row.get("category")))


def dev_examples(
    dataset: str, path: Path | None = None, limit: int | None = None, skip: int = 0
) -> Iterator[Example]:
    """The dev documents of ``dataset`` in file order: ``limit`` of them after the first ``skip``."""
    path = path or DATASETS[dataset]
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle):
            if line_number % 2 or line_number // 2 < skip:
                continue  # odd lines are the held-out half: never read for tuning or reporting
            yield to_example(dataset, json.loads(line))
            count += 1
            if limit is not None and count >= limit:
                return


class Scorer:
    """ROUGE-1/2/L/Lsum F1 with stemming (rouge-score), as everyone reports it."""

    KEYS = ("rouge1", "rouge2", "rougeL", "rougeLsum")

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self._scorer = rouge_scorer.RougeScorer(list(self.KEYS), use_stemmer=True)

    def score(self, summary: list[str], example: Example) -> dict[str, float]:
        scores = self._scorer.score("\n".join(example.reference_lines), "\n".join(summary))
        return {key: scores[key].fmeasure for key in self.KEYS}
