"""One place that imports optional or heavy packages and explains what is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from briefing.errors import MissingDependency


def require(module: str, *, package: str | None = None, extra: str | None = None) -> ModuleType:
    """Import ``module``, or raise MissingDependency with the pip command that brings it.

    Args:
        module: the import name, e.g. ``"transformers"``.
        package: the PyPI name, when it differs from the import name.
        extra: the ``brief`` extra that installs it, if there is one.
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        # Only the named module missing is our message; a broken install inside it is not.
        if err.name is not None and err.name != module and not module.startswith(err.name + "."):
            raise
        hint = f"pip install 'brief[{extra}]'" if extra else f"pip install {package or module}"
        raise MissingDependency(
            f"this needs the Python package '{package or module}', which is not installed; run: {hint}"
        ) from None
