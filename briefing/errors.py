"""Errors that reach the person at the terminal.

Every failure the library expects is one of these; the CLI catches ``BriefError``
alone and prints its message on one line.  The tree::

    BriefError                  exit 1
    ├── InputError              exit 3  missing, empty, binary, undecodable, too large, no text
    ├── SpecError               exit 3  a --spec file that cannot be used
    ├── ModelError              exit 4
    │   ├── UnknownModel                --model names nothing we can find
    │   ├── MissingDependency           an optional package is not installed
    │   └── ModelLoadError              weights found but failed to load
    ├── RenderError             exit 5  a template is missing or broken
    ├── OutputError             exit 6  the brief cannot be written
    └── EngineError             exit 1  batch workers cannot start (a process pool, a Ray cluster)

Usage from a library caller::

    try:
        result = briefing.make_brief("article.txt", briefing.BriefOptions())
    except briefing.InputError as err:
        print(f"skipping: {err}")
"""

from __future__ import annotations

from typing import ClassVar


class BriefError(Exception):
    """Base class: a problem we expected and can explain in one line."""

    exit_code: ClassVar[int] = 1


class InputError(BriefError):
    """The article cannot be read or holds no usable text."""

    exit_code: ClassVar[int] = 3


class SpecError(BriefError):
    """A brief spec (TOML) is missing, malformed or asks for something invalid."""

    exit_code: ClassVar[int] = 3


class ModelError(BriefError):
    """A summariser could not be found, imported or loaded."""

    exit_code: ClassVar[int] = 4


class UnknownModel(ModelError):
    """``--model`` names nothing in the registry or on disk."""


class MissingDependency(ModelError):
    """An optional package is needed; the message names the pip command."""


class ModelLoadError(ModelError):
    """Weights were found but could not be loaded."""


class RenderError(BriefError):
    """A template is missing, broken, or refers to an unknown value."""

    exit_code: ClassVar[int] = 5


class OutputError(BriefError):
    """The brief could not be written where it was asked to go."""

    exit_code: ClassVar[int] = 6


class EngineError(BriefError):
    """Batch workers could not be started or reached: worker processes, a Ray cluster."""
