"""BriefOptions: every choice a run makes, built once and passed down."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

Format = Literal["md", "html", "json", "pdf"]
FORMATS: tuple[str, ...] = get_args(Format)
Paper = Literal["a4", "letter"]
PAPERS: tuple[str, ...] = get_args(Paper)

# Output suffix -> format; the CLI uses it to infer --format from -o.
SUFFIX_FORMATS: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": "pdf",
}

ENCODERS = ("auto", "onnx", "torch", "torch-bf16")  # engines of the sentence encoder (briefing.engines.encoder)
DEFAULT_MAX_BYTES = 5_000_000  # far above any article (the seed is 8 kB), far below a memory problem


@dataclass(frozen=True, slots=True)
class BriefOptions:
    """Options for one brief.

    Args:
        model: summariser name from the registry (``extractive`` is the default).
        format: output format.
        points: most points in each block.
        words: word budget for the whole brief, the lowest-scoring points going first; None (the
            default) for as many as fill the one printed page, which the fit step measures.
        spec: optional TOML file defining the brief's blocks.
        template_dir: folder whose templates override the packaged ones.
        max_bytes: inputs larger than this are refused.
        device: where models run: ``auto`` (a GPU when torch sees one, in half precision for
            generative models), ``cpu`` or ``cuda``.
        paper: the printed page the brief must fit on, for PDF and HTML print.
        encoder: what runs the sentence encoder: ``auto`` (ONNX Runtime, else torch with a
            note in the brief; torch on ``--device cuda``), ``onnx``, ``torch``, or ``torch-bf16``
            (opt-in, faster on some CPUs, not byte-identical with the others).
        facts: show the key-facts box (figures, actors, timeline; ``briefing.facts``).
        condense: shorten each extractive point by deleting what a brief does not need, and make
            it stand alone (briefing/condense.py); False gives whole source sentences.
    """

    model: str = "extractive"
    format: Format = "md"
    points: int = 3
    words: int | None = None
    spec: Path | None = None
    template_dir: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    device: str = "auto"
    paper: Paper = "a4"
    encoder: str = "auto"
    facts: bool = True
    condense: bool = True

    def __post_init__(self) -> None:
        if self.encoder not in ENCODERS:
            raise ValueError(f"encoder must be one of {', '.join(ENCODERS)}, not {self.encoder!r}")
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")
        if not 1 <= self.points <= 20:
            raise ValueError(f"points must be between 1 and 20, not {self.points}")
        if self.words is not None and not 20 <= self.words <= 5000:
            raise ValueError(f"words must be between 20 and 5000, not {self.words}")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be positive")


_SIZE = re.compile(r"(?i)^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$")
_UNITS = {"b": 1, "k": 1_000, "kb": 1_000, "kib": 1024, "m": 1_000_000, "mb": 1_000_000,
          "mib": 1024**2, "g": 1_000_000_000, "gb": 1_000_000_000, "gib": 1024**3}


def parse_size(text: str) -> int:
    """'5MB', '800k', '1.5 MiB' or '123456' -> bytes; ValueError for anything else."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a size; write it like 20MB, 800kB or 1048576")
    size = int(float(match.group(1)) * _UNITS[(match.group(2) or "b").lower()])
    if size < 1:
        raise ValueError(f"'{text}' is too small; the limit must be at least one byte")
    return size


def format_for_path(path: Path) -> Format | None:
    """The format an output file name implies, or None if its suffix says nothing."""
    return SUFFIX_FORMATS.get(path.suffix.lower())
