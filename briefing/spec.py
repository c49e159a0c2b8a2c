"""Brief specs: a TOML file that names the brief's blocks and their themes.

Example (``samples/policy-brief.toml``)::

    bottom_line = true            # keep the Bottom line block (default)

    [[blocks]]
    title = "Russian criticism of U.S./NATO policy"
    theme = "Russia criticises U.S. and NATO counter-narcotics policy in Afghanistan"

    [[blocks]]
    title = "Outlook"
    theme = "What could happen next"
    kind = "outlook"              # "theme" (default) or "outlook"

    [facts]                       # the key-facts box: each kind on (default) or off
    figures = true
    actors = true
    timeline = false

A spec may hold only a ``[facts]`` table: the blocks are then planned as usual.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from briefing.errors import SpecError
from briefing.facts import KINDS, FactKind

SpecKind = Literal["theme", "outlook"]
_KINDS = ("theme", "outlook")
_BLOCK_KEYS = frozenset({"title", "theme", "kind"})


@dataclass(frozen=True, slots=True)
class SpecBlock:
    title: str
    theme: str
    kind: SpecKind = "theme"


@dataclass(frozen=True, slots=True)
class BriefSpec:
    blocks: tuple[SpecBlock, ...]  # empty: plan the blocks as without a spec
    bottom_line: bool = True
    facts: tuple[FactKind, ...] = KINDS  # the kinds of key facts shown


def load_spec(path: Path) -> BriefSpec:
    """Read and validate a spec file.

    Raises:
        SpecError: the file is missing, not TOML, or describes no usable block.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{path}: spec file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(f"{path}: cannot read spec file ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise SpecError(f"{path}: not valid TOML ({err})") from None
    return parse_spec(data, str(path))


def parse_spec(data: dict[str, object], name: str = "spec") -> BriefSpec:
    """Validate a spec already parsed from TOML."""
    unknown = set(data) - {"blocks", "bottom_line", "facts"}
    if unknown:
        raise SpecError(f"{name}: unknown key(s) {', '.join(sorted(unknown))}; allowed: blocks, bottom_line, facts")
    bottom_line = data.get("bottom_line", True)
    if not isinstance(bottom_line, bool):
        raise SpecError(f"{name}: bottom_line must be true or false")
    facts = _parse_facts(data.get("facts", {}), name)
    raw_blocks = data.get("blocks")
    if raw_blocks is None and "facts" in data:
        return BriefSpec((), bottom_line, facts)
    if not isinstance(raw_blocks, list) or not raw_blocks:
        raise SpecError(f"{name}: needs at least one [[blocks]] table with a title and a theme")
    blocks = []
    for n, raw in enumerate(raw_blocks, start=1):
        if not isinstance(raw, dict):
            raise SpecError(f"{name}: block {n} must be a table with title and theme")
        extra = set(raw) - _BLOCK_KEYS
        if extra:
            raise SpecError(f"{name}: block {n} has unknown key(s) {', '.join(sorted(extra))}; allowed: title, theme, kind")
        title, theme, kind = raw.get("title"), raw.get("theme"), raw.get("kind", "theme")
        if not isinstance(title, str) or not title.strip():
            raise SpecError(f"{name}: block {n} needs a non-empty title")
        if not isinstance(theme, str) or not theme.strip():
            raise SpecError(f"{name}: block {n} ('{title}') needs a theme: a sentence describing what belongs in it")
        if kind not in _KINDS:
            raise SpecError(f"{name}: block {n} ('{title}') has kind '{kind}'; use one of: {', '.join(_KINDS)}")
        blocks.append(SpecBlock(title.strip(), theme.strip(), cast(SpecKind, kind)))
    return BriefSpec(tuple(blocks), bottom_line, facts)


def _parse_facts(raw: object, name: str) -> tuple[FactKind, ...]:
    """The [facts] table: figures, actors, timeline, each true (default) or false."""
    if not isinstance(raw, dict):
        raise SpecError(f"{name}: facts must be a table, e.g. [facts] with timeline = false")
    extra = set(raw) - set(KINDS)
    if extra:
        raise SpecError(f"{name}: [facts] has unknown key(s) {', '.join(sorted(extra))}; allowed: {', '.join(KINDS)}")
    for kind, value in raw.items():
        if not isinstance(value, bool):
            raise SpecError(f"{name}: [facts] {kind} must be true or false")
    return tuple(kind for kind in KINDS if raw.get(kind, True))
