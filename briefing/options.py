"""BriefOptions: every choice a run makes, built once and passed down."""

from __future__ import annotations

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

DEFAULT_MAX_BYTES = 5_000_000  # far above any article (the seed is 8 kB), far below a memory problem


@dataclass(frozen=True, slots=True)
class BriefOptions:
    """Options for one brief.

    Args:
        model: summariser name from the registry (``extractive`` is the default).
        format: output format.
        points: most points in each block.
        words: word budget for the whole brief; the lowest-scoring points go first.
        spec: optional TOML file defining the brief's blocks.
        template_dir: folder whose templates override the packaged ones.
        max_bytes: inputs larger than this are refused.
        device: where the encoder runs (``cpu`` here; ``cuda`` where available).
        paper: the printed page the brief must fit on, for PDF and HTML print.
    """

    model: str = "extractive"
    format: Format = "md"
    points: int = 3
    words: int = 400
    spec: Path | None = None
    template_dir: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    device: str = "cpu"
    paper: Paper = "a4"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")
        if not 1 <= self.points <= 20:
            raise ValueError(f"points must be between 1 and 20, not {self.points}")
        if not 20 <= self.words <= 5000:
            raise ValueError(f"words must be between 20 and 5000, not {self.words}")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be positive")


def format_for_path(path: Path) -> Format | None:
    """The format an output file name implies, or None if its suffix says nothing."""
    return SUFFIX_FORMATS.get(path.suffix.lower())
