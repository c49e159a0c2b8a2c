"""Topic segmentation and generated titles, on documents whose headings are known and then removed.

    python benchmarks/segmentation.py [--per-doc] [--grid]

Documents (all dev): the 39 CRS pages of ``../shared/eval/crs/pages/``, the GovReport dev rows (even
lines of ``govreport_leval_sample.jsonl``, their ``sections`` field), the seed and the article
samples in ``samples/``.  Each is read as brief reads it; its sections (the lead before the first
heading counts as one) are the truth; the headings are then removed, leaving one run of paragraphs.
Documents with fewer than two sections with paragraphs are skipped.

Segmentation, at paragraph level: Pk and WindowDiff (Beeferman et al. 1999; Pevzner and Hearst
2002; nltk's implementations, window = half the mean true segment length, at least 2), lower is
better, next to three baselines on the same paragraphs: no boundaries; an even split into the true
number of segments; and classic word-based TextTiling (nltk's ``TextTilingTokenizer`` with the
stopword list below, since nltk data is not downloaded).

Titles: for each generated segment, the MiniLM cosine between its title and the true heading of the
section that holds most of its paragraphs (segments that fall mostly in the untitled lead are not
scored), next to the first six words of the segment.

Plan: how many theme blocks ``plan_brief`` gives each headings-removed document, against
min(3, true sections).

``--grid`` prints Pk and WindowDiff over a grid of the segmenter's penalty and words per theme (how
the defaults in ``briefing/segment.py`` were chosen).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import segment as seg  # noqa: E402
from briefing.document import Document, Paragraph, Section  # noqa: E402
from briefing.engines.encoder import SentenceEncoder  # noqa: E402
from briefing.ingest import read_article  # noqa: E402
from briefing.ingest.text import read_text  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
CRS_PAGES = EVAL / "crs" / "pages"
GOVREPORT = EVAL / "govreport_leval_sample.jsonl"
SEED = ROOT.parent / "shared" / "seed" / "000_4c8ed5263f93d0a9.txt"

# For TextTiling: nltk's English stopword list is data we cannot download; this is the usual
# short list (the SMART/Glasgow core), enough for its lexical-cohesion scores.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says may might must shall upon within without""".split()
)


@dataclass(frozen=True)
class Case:
    name: str
    paragraphs: tuple[Paragraph, ...]
    labels: tuple[int, ...]  # the true section of each paragraph
    headings: tuple[str | None, ...]  # each true section's heading (None: the lead)


def _case(name: str, doc: Document) -> Case | None:
    sections = [s for s in doc.sections if s.paragraphs]
    if len(sections) < 2:
        return None
    paragraphs = tuple(p for s in sections for p in s.paragraphs)
    labels = tuple(i for i, s in enumerate(sections) for _ in s.paragraphs)
    return Case(name, paragraphs, labels, tuple(s.heading for s in sections))


def cases() -> Iterator[Case]:
    for path in sorted(CRS_PAGES.glob("*.md")):
        case = _case(f"crs/{path.stem[:40]}", read_article(path))
        if case:
            yield case
    for number, line in enumerate(GOVREPORT.read_text(encoding="utf-8").splitlines()):
        if number % 2:
            continue  # dev rows only
        row = json.loads(line)
        parts = [row["title"] or "Report"]
        for section in row["sections"]:
            if section["heading"]:
                parts.append("# " + section["heading"])
            parts.append(section["text"])
        case = _case(f"govreport/{number}", read_text("\n\n".join(parts), "govreport.txt"))
        if case:
            yield case
    for path in [SEED, *sorted((ROOT / "samples").glob("*.txt"))]:
        if path.name != SEED.name and path.read_bytes() == SEED.read_bytes():
            continue  # the sample that is the seed, counted once
        case = _case(f"sample/{path.stem[:40]}", read_article(path))
        if case:
            yield case


def without_headings(case: Case, title: str = "Untitled") -> Document:
    return Document(title, (Section(None, case.paragraphs),), "benchmark")


def boundaries(starts: Sequence[int], n: int) -> str:
    marks = ["0"] * n
    for s in starts:
        if 0 < s < n:
            marks[s] = "1"
    return "".join(marks)


def true_starts(labels: Sequence[int]) -> list[int]:
    return [0] + [i for i in range(1, len(labels)) if labels[i] != labels[i - 1]]


def window(labels: Sequence[int]) -> int:
    sizes = [len(labels) / (len(set(labels)))]
    return max(2, round(sizes[0] / 2))


def scores(case: Case, starts: Sequence[int]) -> tuple[float, float]:
    from nltk.metrics.segmentation import pk, windowdiff  # type: ignore[import-untyped]

    n = len(case.labels)
    ref, hyp = boundaries(true_starts(case.labels), n), boundaries(starts, n)
    k = min(window(case.labels), n - 1)
    return pk(ref, hyp, k=k, boundary="1"), windowdiff(ref, hyp, k, boundary="1")


def even_split(n: int, k: int) -> list[int]:
    return sorted({round(i * n / k) for i in range(k)})


def texttiling(case: Case) -> list[int]:
    """nltk's word-based TextTiling over the paragraphs; no boundaries where the text is too short for it."""
    from nltk.tokenize.texttiling import TextTilingTokenizer  # type: ignore[import-untyped]

    text = "\n\n".join(p.text.replace("\n", " ") for p in case.paragraphs)
    try:
        pieces = TextTilingTokenizer(stopwords=list(STOPWORDS)).tokenize(text)
    except (ValueError, IndexError, ZeroDivisionError):
        return [0]
    starts, count = [], 0
    for piece in pieces:
        starts.append(count)
        count += len([b for b in piece.split("\n\n") if b.strip()])
    return [s for s in starts if s < len(case.paragraphs)]


def ours(case: Case, vectors: tuple[object, list[int]], **params: float) -> list[int]:
    words = [len(p.text.split()) for p in case.paragraphs]
    return seg.segment(vectors[0], vectors[1], words, **params)  # type: ignore[arg-type]


def para_vectors(case: Case, encoder: SentenceEncoder) -> tuple[object, list[int]]:
    return seg.paragraph_sums([encoder.encode([s.text for s in p.sentences]) for p in case.paragraphs])


def title_scores(case: Case, starts: Sequence[int], encoder: SentenceEncoder) -> tuple[list[float], list[float]]:
    """Cosine of each segment's generated title, and of its first six words, with the true heading it covers."""
    from briefing.titles import title_segments

    n = len(case.paragraphs)
    spans = list(zip(starts, list(starts[1:]) + [n]))
    segments = [case.paragraphs[a:b] for a, b in spans]
    centroids = seg.unit_rows(seg.paragraph_sums([encoder.encode([s.text for p in sg for s in p.sentences])
                                                  for sg in segments])[0])
    titles = title_segments([[s for p in sg for s in p.sentences] for sg in segments], centroids, encoder)
    generated, first_words = [], []
    for (a, b), title, segment in zip(spans, titles, segments):
        labels = case.labels[a:b]
        label = max(set(labels), key=lambda x: (labels.count(x), -x))
        heading = case.headings[label]
        if heading is None:
            continue
        first = " ".join(segment[0].text.split()[:6])
        sims = encoder.similarity([heading], [title or first, first])[0]
        generated.append(sims[0])
        first_words.append(sims[1])
    return generated, first_words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-doc", action="store_true", help="print each document's figures")
    parser.add_argument("--grid", action="store_true", help="Pk and WindowDiff over the segmenter's parameters")
    args = parser.parse_args()

    encoder = SentenceEncoder()
    all_cases = list(cases())
    started = time.perf_counter()
    vectors = {c.name: para_vectors(c, encoder) for c in all_cases}
    print(f"{len(all_cases)} documents, {sum(len(c.paragraphs) for c in all_cases)} paragraphs "
          f"(embedded in {time.perf_counter() - started:.0f} s)\n")

    if args.grid:
        print("| penalty | words per theme | min segment words | Pk | WindowDiff |\n| ---: | ---: | ---: | ---: | ---: |")
        for penalty in (0.25, 0.4, 0.5, 0.6, 0.75, 1.0, 1.5):
            for per_theme in (100, 125, 150, 175, 200, 250):
                for least in (0, 60, 120):
                    seg.WORDS_PER_THEME, seg.MIN_SEGMENT_WORDS = per_theme, least
                    figures = [scores(c, ours(c, vectors[c.name], penalty=penalty)) for c in all_cases]
                    print(f"| {penalty} | {per_theme} | {least} | {statistics.mean(f[0] for f in figures):.3f} "
                          f"| {statistics.mean(f[1] for f in figures):.3f} |")
        return

    methods: dict[str, Callable[[Case], list[int]]] = {
        "no boundaries": lambda c: [0],
        "even split, true count": lambda c: even_split(len(c.labels), len(set(c.labels))),
        "TextTiling (words, nltk)": texttiling,
        "brief (MiniLM change points)": lambda c: ours(c, vectors[c.name]),
    }
    results: dict[str, list[tuple[float, float]]] = {m: [] for m in methods}
    timings: list[float] = []
    per_doc = []
    titles: list[float] = []
    firsts: list[float] = []
    themes_ok = 0
    from briefing.plan import plan_brief

    for case in all_cases:
        row = [case.name, str(len(case.paragraphs)), str(len(set(case.labels)))]
        for name, method in methods.items():
            t = time.perf_counter()
            starts = method(case)
            if name.startswith("brief"):
                timings.append(time.perf_counter() - t)
                ours_starts = starts
            pk_wd = scores(case, starts)
            results[name].append(pk_wd)
            row.append(f"{pk_wd[0]:.2f}/{pk_wd[1]:.2f}")
        generated, first = title_scores(case, ours_starts, encoder)
        titles += generated
        firsts += first
        doc = without_headings(case)
        encoder.encode([s.text for s in doc.sentences])
        plan = plan_brief(doc, encoder=encoder)
        count = sum(b.kind == "theme" for b in plan.blocks)
        need = min(3, len(set(case.labels)))
        themes_ok += count >= need
        row += [str(len(ours_starts)), f"{count} (need {need})",
                f"{statistics.mean(generated):.2f}/{statistics.mean(first):.2f}" if generated else "-"]
        per_doc.append(row)

    print("| method | Pk | WindowDiff |\n| --- | ---: | ---: |")
    for name, figures in results.items():
        print(f"| {name} | {statistics.mean(f[0] for f in figures):.3f} | {statistics.mean(f[1] for f in figures):.3f} |")
    print(f"\nsegmentation time: mean {1000 * statistics.mean(timings):.1f} ms, max {1000 * max(timings):.1f} ms "
          "per document (vectors given)")
    print(f"\n| title | mean cosine with the true heading | segments |\n| --- | ---: | ---: |")
    print(f"| generated (noun phrases, KeyBERT-style) | {statistics.mean(titles):.3f} | {len(titles)} |")
    print(f"| first 6 words of the segment | {statistics.mean(firsts):.3f} | {len(firsts)} |")
    print(f"\ntheme blocks >= min(3, true sections): {themes_ok} of {len(all_cases)} documents")
    if args.per_doc:
        print("\n| document | paragraphs | true sections | none Pk/WD | even | TextTiling | brief | segments "
              "| plan themes | title/first-6 cosine |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in per_doc:
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
