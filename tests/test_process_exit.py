"""The brief command ends with os._exit once its output is out (issue 19): nothing may be lost.

These run the real console entry point (``python -m briefing``) in a child
process, because ``cli`` called in process never reaches ``os._exit``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from conftest import SEED

pytestmark = pytest.mark.slow


def _brief(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True)


def test_a_brief_on_stdout_arrives_whole(runner: CliRunner) -> None:
    child = _brief(str(SEED), "--format", "json")
    assert child.returncode == 0, child.stderr
    expected = runner.invoke(cli, [str(SEED), "--format", "json"]).stdout_bytes
    assert child.stdout == expected
    assert child.stdout.endswith(b"}\n")


def test_a_brief_written_to_a_file_is_complete_and_renamed_into_place(runner: CliRunner, tmp_path: Path) -> None:
    child = _brief(str(SEED), "-o", str(tmp_path / "child.md"))
    assert child.returncode == 0, child.stderr
    assert runner.invoke(cli, [str(SEED), "-o", str(tmp_path / "in-process.md")]).exit_code == 0
    assert (tmp_path / "child.md").read_bytes() == (tmp_path / "in-process.md").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["child.md", "in-process.md"]  # no temporary left


def test_batch_output_index_and_manifest_are_all_written(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    child = _brief(str(SEED), str(SEED.with_name("CRS-fire-management-assistance-grants.txt")), "-o", f"{out}/", "-q")
    assert child.returncode == 0, child.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["CRS-fire-management-assistance-grants.brief.html", "index.html", "manifest.json",
                     "russia-anti-drug-campaign-afghanistan.brief.html"]
    assert (out / "manifest.json").read_text(encoding="utf-8").rstrip().endswith("}")


@pytest.mark.parametrize(
    "args, code, last_line",
    [(["missing.txt"], 3, "Error: missing.txt: no such file"),
     (["--words", "1", str(SEED)], 2, "Error: Invalid value for '--words'")],
    ids=["bad-input", "usage"],
)
def test_exit_codes_and_the_error_line_survive(args: list[str], code: int, last_line: str) -> None:
    child = _brief(*args)
    assert child.returncode == code
    assert child.stdout == b""
    assert child.stderr.decode().strip().splitlines()[-1].startswith(last_line)
    assert b"Traceback" not in child.stderr
