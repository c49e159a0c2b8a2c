"""The brief command: exit codes, one-line errors, no partial files, formats, stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from conftest import ROOT, SEED

BOILERPLATE = ["Recent Features", "Credit: Flickr", "merula", "DPhil candidate", "The Pulse\n"]


def _error_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    return lines[0]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["missing.txt"], 3, "missing.txt: no such file"),
        ([str(SEED), "--model", "gpt-9"], 4, "unknown model 'gpt-9': not a registered name (extractive), a folder "
         "with config.json, a .gguf file, or a model in the local Hugging Face cache; brief never downloads: fetch "
         "it where there is a network (huggingface-cli download ORG/MODEL) and copy the cache or the folder here"),
        ([str(SEED), "--spec", "nope.toml"], 3, "nope.toml: spec file not found"),
    ],
    ids=["missing-file", "unknown-model", "missing-spec"],
)
def test_errors_are_one_line_on_stderr_with_the_class_exit_code(
    runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == code
    assert _error_line(result) == f"Error: {message}"
    assert result.stdout == ""


def test_unknown_output_suffix_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, [str(SEED), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2
    assert "cannot tell the format from 'b.docx'" in result.stderr
    assert not (tmp_path / "b.docx").exists()


def test_format_that_contradicts_the_output_suffix_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, [str(SEED), "-o", str(tmp_path / "b.json"), "--format", "html"])
    assert result.exit_code == 2
    assert "implies json, but --format says html" in result.stderr


def test_bad_input_leaves_no_output_file(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out" / "b.html"
    result = runner.invoke(cli, [str(empty), "-o", str(out)])
    assert result.exit_code == 3
    assert _error_line(result) == f"Error: {empty}: the file is empty"
    assert not out.exists()


def test_unexpected_errors_are_one_line_unless_debug(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr("briefing.pipeline.make_brief", boom)
    result = runner.invoke(cli, [str(SEED)])
    assert result.exit_code == 1
    assert _error_line(result) == "Error: internal error: RuntimeError: kaput (rerun with --debug for the traceback)"
    debug = runner.invoke(cli, [str(SEED), "--debug"])
    assert isinstance(debug.exception, RuntimeError)


def test_version_and_help(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["--version"]).output.startswith("brief, version ")
    help_text = runner.invoke(cli, ["--help"]).output
    for flag in ("--output", "--format", "--model", "--spec", "--points", "--words", "--template"):
        assert flag in help_text


@pytest.mark.slow
def test_seed_to_json_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = runner.invoke(cli, [str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text())
    assert data["title"] == "Russia’s Anti-Drug Crusade in Afghanistan"
    assert data["source"] == {"file": str(SEED), "author": "Samuel Ramani", "date": None, "number": None}
    points = [p for b in data["blocks"] for p in b["points"]]
    assert 4 <= len(points) <= 20
    assert all(p["sources"] and p["engine"] == "extractive" for p in points)
    titles = " | ".join(b["title"] for b in data["blocks"])
    assert "Criticisms" in titles and "Central Asia" in titles and "Outlook" in titles


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_no_boilerplate_reaches_any_format_but_the_title_does(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"b{suffix}"
    assert runner.invoke(cli, [str(SEED), "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert "Russia’s Anti-Drug Crusade in Afghanistan" in text
    for junk in BOILERPLATE:
        assert junk not in text


@pytest.mark.slow
def test_stdin_input_and_markdown_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\ntitle: \"Russia’s Anti-Drug Crusade in Afghanistan\"")
    assert 'source: "-"' in result.stdout
    assert "## Bottom line" in result.stdout


@pytest.mark.slow
def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    """Determinism across processes, as CI diffs briefs."""
    outputs = []
    for n in range(2):
        out = tmp_path / f"run{n}.html"
        subprocess.run(
            [sys.executable, "-m", "briefing", "samples/russia-anti-drug-campaign-afghanistan.txt", "-o", str(out)],
            cwd=ROOT, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
