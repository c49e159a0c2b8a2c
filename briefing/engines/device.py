"""Where models run: ``auto`` (a GPU when torch sees one), ``cpu`` or ``cuda``."""

from __future__ import annotations

from briefing.deps import require
from briefing.errors import ModelError

DEVICES = ("auto", "cpu", "cuda")


def pick_device(device: str) -> str:
    """``auto`` -> ``cuda`` when torch sees a GPU, else ``cpu``; ``cuda`` without one is an error."""
    if device not in DEVICES:
        raise ModelError(f"unknown device '{device}'; use one of: {', '.join(DEVICES)}")
    if device == "cpu":
        return device
    torch = require("torch")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if not torch.cuda.is_available():
        raise ModelError("--device cuda: torch sees no CUDA GPU here; use --device auto or cpu")
    return device
