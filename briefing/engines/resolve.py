"""``--model`` -> which engine, and where its weights are.  Never touches the network.

In this order:

1. a registered name (``extractive``);
2. a local folder holding ``config.json``: an encoder-decoder config means the
   seq2seq engine (BART, PEGASUS, T5, LED...), anything else the causal one;
3. a ``.gguf`` file: the causal engine, through transformers' GGUF loading;
4. a hub id (``owner/name``) already in the local Hugging Face cache.

Anything else is an UnknownModel naming what was looked for, the names that
exist, and how to get weights onto the machine.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing.errors import UnknownModel

Kind = Literal["registered", "seq2seq", "causal"]


@dataclass(frozen=True, slots=True)
class ModelRef:
    name: str  # as the user gave it
    kind: Kind
    folder: Path | None = None  # weights folder (for a .gguf: the file's folder)
    gguf_file: str | None = None  # file name inside ``folder``


def _kind_from_config(folder: Path) -> Kind:
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UnknownModel(f"{folder}/config.json cannot be read as a model config: {err}") from None
    return "seq2seq" if config.get("is_encoder_decoder") else "causal"


def _cached_hub_folder(repo_id: str) -> Path | None:
    """The snapshot folder of ``repo_id`` in the local Hugging Face cache, if it has a config."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    found = try_to_load_from_cache(repo_id, "config.json")
    return Path(found).parent if isinstance(found, str) else None


def resolve_model(name: str, registered: tuple[str, ...]) -> ModelRef:
    """Where ``--model NAME`` points; raises UnknownModel with a fix when it points nowhere."""
    if name in registered:
        return ModelRef(name, "registered")
    path = Path(os.path.expanduser(name))
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise UnknownModel(f"model folder {path} has no config.json; point --model at a saved Hugging Face model")
        return ModelRef(name, _kind_from_config(path), path)
    if path.suffix.lower() == ".gguf":
        if not path.is_file():
            raise UnknownModel(f"model file {path} does not exist")
        return ModelRef(name, "causal", path.parent, path.name)
    if name.startswith(("/", ".", "~")) or name.count("/") > 1 or os.sep in name and name.count("/") != 1:
        raise UnknownModel(f"model path {name} does not exist (--model takes a folder with config.json or a .gguf file)")
    if name.count("/") == 1 and not path.exists():
        folder = _cached_hub_folder(name)
        if folder is not None:
            return ModelRef(name, _kind_from_config(folder), folder)
    raise UnknownModel(
        f"unknown model '{name}': not a registered name ({', '.join(registered)}), a folder with config.json, "
        f"a .gguf file, or a model in the local Hugging Face cache; brief never downloads: fetch it where "
        f"there is a network (huggingface-cli download {name if '/' in name else 'ORG/MODEL'}) and copy the "
        "cache or the folder here"
    )
