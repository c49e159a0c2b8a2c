"""Do the two encoder engines make the same briefs?  (issue 19)

    python benchmarks/engines.py [--bbc 100] [--cnndm 100]

Briefs the sample articles and the first N dev-split articles (even lines) of
BBC News and CNN/DM once with the ``onnx`` engine and once with ``torch``,
renders each fitted brief as HTML, and lists the briefs whose bytes differ once
the model line (which names the engine) is set aside, with the points that
changed.  Also prints the largest difference between the two engines' vectors
over every sentence embedded.  ``tests/test_engines.py`` runs the same
comparison on the samples and a pinned dev subset.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from briefing.engines.encoder import SentenceEncoder  # noqa: E402
from briefing.ingest import read_article, read_article_bytes  # noqa: E402
from briefing.options import BriefOptions  # noqa: E402
from briefing.pipeline import Briefer  # noqa: E402
from briefing.render import render_text  # noqa: E402

SAMPLES = (
    ("samples/russia-anti-drug-campaign-afghanistan.txt", None),
    ("samples/russia-anti-drug-campaign-afghanistan.txt", "samples/policy-brief.toml"),
    ("samples/CRS-fire-management-assistance-grants.txt", None),
)


@dataclass(frozen=True, slots=True)
class Difference:
    name: str
    only_onnx: tuple[str, ...]  # points the onnx brief has and the torch brief lacks
    only_torch: tuple[str, ...]


def dev_articles(dataset: str, count: int) -> Iterator[tuple[str, bytes]]:
    """The first ``count`` dev-split articles (even 0-based lines) of ``dataset``.jsonl, title line first."""
    path = EVAL / f"{dataset}.jsonl"
    with path.open(encoding="utf-8") as handle:
        taken = 0
        for i, line in enumerate(handle):
            if i % 2 or taken == count:
                continue
            row = json.loads(line)
            title = f"{row['title']}\n\n" if row.get("title") else ""
            yield f"{dataset}:{row['id']}", f"{title}{row['text']}\n".encode()
            taken += 1


def _render(encoder: SentenceEncoder, name: str, data: bytes | None, spec: str | None) -> tuple[str, list[str]]:
    options = BriefOptions(format="html", spec=ROOT / spec if spec else None)
    briefer = Briefer(options, encoder=encoder)
    doc = read_article(ROOT / name) if data is None else read_article_bytes(data, name)
    brief = briefer.brief_document(doc)
    html = render_text(brief, "html").replace(encoder.label, "ENCODER")
    return html, [p.text for p in brief.points]


def compare(
    onnx: SentenceEncoder, torch: SentenceEncoder, articles: Iterable[tuple[str, bytes | None, str | None]]
) -> tuple[int, list[Difference]]:
    """How many briefs were compared, and those whose HTML differs between the engines."""
    differences = []
    compared = 0
    for name, data, spec in articles:
        html_onnx, points_onnx = _render(onnx, name, data, spec)
        html_torch, points_torch = _render(torch, name, data, spec)
        compared += 1
        if html_onnx != html_torch:
            label = f"{name} (spec)" if spec else name
            differences.append(Difference(
                label,
                tuple(p for p in points_onnx if p not in points_torch),
                tuple(p for p in points_torch if p not in points_onnx),
            ))
    return compared, differences


def largest_vector_gap(onnx: SentenceEncoder, torch: SentenceEncoder, texts: list[str]) -> float:
    """The largest absolute difference of any coordinate of any text's vector between the engines."""
    import numpy as np

    return float(np.abs(onnx.encode(texts) - torch.encode(texts)).max()) if texts else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbc", type=int, default=100, help="BBC News dev articles (default 100)")
    parser.add_argument("--cnndm", type=int, default=100, help="CNN/DM dev articles (default 100)")
    args = parser.parse_args()
    onnx = SentenceEncoder(engine="onnx")
    torch = SentenceEncoder(engine="torch", device="cpu")
    articles: list[tuple[str, bytes | None, str | None]] = [(name, None, spec) for name, spec in SAMPLES]
    for dataset, count in (("bbc_news_summary", args.bbc), ("cnndm_test", args.cnndm)):
        if count and (EVAL / f"{dataset}.jsonl").exists():
            articles.extend((name, data, None) for name, data in dev_articles(dataset, count))
    compared, differences = compare(onnx, torch, articles)
    texts = [s.text for name, data, _ in articles
             for s in (read_article(ROOT / name) if data is None else read_article_bytes(data, name)).sentences]
    print(f"largest vector difference over {len(texts)} sentences: {largest_vector_gap(onnx, torch, texts):.2e}")
    print(f"{compared} briefs compared (samples, {args.bbc} BBC, {args.cnndm} CNN/DM); "
          f"{len(differences)} differ between onnx and torch")
    for diff in differences:
        print(f"- {diff.name}")
        for text in diff.only_onnx:
            print(f"    onnx only:  {text}")
        for text in diff.only_torch:
            print(f"    torch only: {text}")


if __name__ == "__main__":
    main()
