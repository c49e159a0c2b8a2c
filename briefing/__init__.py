"""brief: turn a long article into a one-page policy brief, offline.

    >>> import briefing
    >>> result = briefing.make_brief("article.txt", briefing.BriefOptions(format="html"))
    >>> result.brief.blocks[0].title
    'Bottom line'
    >>> briefing.summarize(open("article.txt").read(), sentences=3)   # the best 3 sentences, verbatim

Importing this package is cheap: torch and transformers load only when a
brief is made.
"""

from __future__ import annotations

__version__ = "0.1.0"

from briefing.brief import Block, Brief, BriefBlock, BriefPlan, Point, SourceInfo  # noqa: E402
from briefing.document import Document, Dropped, Paragraph, Section, Sentence  # noqa: E402
from briefing.errors import (  # noqa: E402
    BriefError,
    InputError,
    MissingDependency,
    ModelError,
    ModelLoadError,
    OutputError,
    RenderError,
    SpecError,
    UnknownModel,
)
from briefing.options import BriefOptions  # noqa: E402

__all__ = [
    "Block",
    "Brief",
    "BriefBlock",
    "BriefError",
    "BriefOptions",
    "BriefPlan",
    "Briefer",
    "Document",
    "Dropped",
    "InputError",
    "MissingDependency",
    "ModelError",
    "ModelLoadError",
    "OutputError",
    "Paragraph",
    "Point",
    "RenderError",
    "RenderedBrief",
    "Section",
    "Sentence",
    "SourceInfo",
    "SpecError",
    "UnknownModel",
    "__version__",
    "make_brief",
    "plan_brief",
    "read_article",
    "render",
    "summarize",
]

_LAZY = {
    "make_brief": "briefing.pipeline",
    "Briefer": "briefing.pipeline",
    "RenderedBrief": "briefing.pipeline",
    "read_article": "briefing.ingest",
    "plan_brief": "briefing.plan",
    "render": "briefing.render",
    "summarize": "briefing.digest",
}


def __getattr__(name: str) -> object:
    # Pipeline pieces load on first use, so `import briefing` stays instant.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
