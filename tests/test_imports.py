"""`brief --help` must stay instant: it never imports torch, transformers or ray (click's test_light_imports)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "pysbd", "jinja2", "ray", "spacy")

CHECK = """
import sys
{stmt}
heavy = [m for m in {heavy!r} if m in sys.modules]
print("HEAVY:" + ",".join(heavy))
"""


def _loaded_after(stmt: str) -> str:
    code = CHECK.format(stmt=stmt, heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.rsplit("HEAVY:", 1)[1].strip()


def test_importing_the_package_and_cli_loads_nothing_heavy() -> None:
    assert _loaded_after("import briefing, briefing.cli") == ""


def test_brief_help_loads_nothing_heavy() -> None:
    stmt = (
        "from briefing.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='brief')\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(stmt) == ""


def test_python_dash_m_briefing_shows_help() -> None:
    result = subprocess.run([sys.executable, "-m", "briefing", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Turn ARTICLE" in result.stdout
