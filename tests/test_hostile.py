"""Hostile input: every case has one documented outcome (README, "What brief does with odd input").

Errors are one line on stderr naming the file, with the input exit code (3), no
traceback and no output file.  Inputs that are odd but readable (UTF-16, cp1252,
a stray NUL, one sentence, 300 headings, another language, markup in the text)
give a brief, with a note where the reader should know.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.options import BriefOptions
from briefing.pipeline import Briefer
from briefing.render import render

PROSE = (
    "The minister said the water budget will grow by 3 percent in 2025. "
    "Officials expect the new reservoirs to open before the summer of 2026. "
    "Critics of the plan say the money would be better spent on repairing old pipes. "
)


def _error_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    return lines[0]


def _refused(runner: CliRunner, tmp_path: Path, source: Path, *extra: str) -> str:
    out = tmp_path / "out" / "brief.html"
    result = runner.invoke(cli, [str(source), "-o", str(out), *extra])
    assert result.exit_code == 3, result.output
    assert not out.exists() and not out.parent.exists()
    line = _error_line(result)
    assert line.startswith(f"Error: {source}: ")
    return line


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    assert _refused(runner, tmp_path, tmp_path / "nope.txt").endswith("no such file")


def test_a_directory_is_a_folder_of_articles_and_needs_an_output_folder(runner: CliRunner, tmp_path: Path) -> None:
    """A folder is batch input (see test_batch.py); given a brief file name, it is a usage error."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text(PROSE)
    result = runner.invoke(cli, [str(tmp_path / "folder"), "-o", str(tmp_path / "out" / "brief.html")])
    assert result.exit_code == 2
    assert "looks like a file name; several articles (or a folder) need -o FOLDER/" in result.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(cli, [str(tmp_path / "empty"), "-o", str(tmp_path / "briefs")])
    assert empty.exit_code == 2 and "no article files" in empty.stderr
    assert not (tmp_path / "briefs").exists()


def test_a_directory_given_to_the_library_is_an_input_error(tmp_path: Path) -> None:
    from briefing.errors import InputError
    from briefing.ingest import read_article

    with pytest.raises(InputError, match="is a directory, not an article file"):
        read_article(tmp_path)


def test_a_dangling_symlink(runner: CliRunner, tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert "broken symbolic link" in _refused(runner, tmp_path, link)


@pytest.mark.parametrize("data", [b"", b" \n\t\n  \n"], ids=["empty", "whitespace-only"])
def test_empty_or_whitespace_only(runner: CliRunner, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert _refused(runner, tmp_path, path).endswith("the file is empty")


def test_binary_data(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert "looks like a binary file" in _refused(runner, tmp_path, path)


def test_many_nul_bytes_are_binary(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(PROSE.encode().replace(b" ", b"\x00"))
    assert "NUL bytes" in _refused(runner, tmp_path, path)


def test_too_large_names_the_limit_and_the_flag_that_raises_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(PROSE.encode() * 100)  # 20 kB
    line = _refused(runner, tmp_path, path, "--max-size", "10kB")
    assert "larger than the 10,000-byte limit" in line and "--max-size" in line


def test_max_size_raises_the_limit(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(PROSE.encode() * 100)
    result = runner.invoke(cli, [str(path), "--max-size", "1MB", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    bad = runner.invoke(cli, [str(path), "--max-size", "lots"])
    assert bad.exit_code == 2 and "is not a size" in bad.stderr


def test_a_megabyte_line_without_punctuation_is_refused_quickly(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes(b"word " * 200_000)
    started = time.perf_counter()
    line = _refused(runner, tmp_path, path)
    assert "no sentence ends with" in line
    assert time.perf_counter() - started < 60  # a hang guard, not a speed target


def test_unsupported_file_type(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 zip")
    assert "unsupported file type '.docx'" in _refused(runner, tmp_path, path)


@pytest.fixture
def briefer(encoder: object) -> Briefer:
    return Briefer(BriefOptions(format="json"), encoder=encoder)  # type: ignore[arg-type]


def _brief_json(briefer: Briefer, tmp_path: Path, name: str, data: bytes) -> dict[str, object]:
    path = tmp_path / name
    path.write_bytes(data)
    return json.loads(render(briefer.brief(path), "json"))  # type: ignore[no-any-return]


def _point_texts(data: dict[str, object]) -> list[str]:
    return [p["text"] for b in data["blocks"] for p in b["points"]]  # type: ignore[index,union-attr,attr-defined]


def test_utf16_with_bom_is_decoded(briefer: Briefer, tmp_path: Path) -> None:
    data = _brief_json(briefer, tmp_path, "a.txt", ("Café Budget\n\n" + PROSE * 2).encode("utf-16"))
    assert data["title"] == "Café Budget"
    assert any("3 percent" in t for t in _point_texts(data))


def test_cp1252_is_detected_decoded_and_noted(briefer: Briefer, tmp_path: Path) -> None:
    text = "Café Budget\n\nThe minister’s “naïve” plan costs €20 million and starts in 2025, officials said. " + PROSE
    data = _brief_json(briefer, tmp_path, "a.txt", text.encode("cp1252"))
    assert data["title"] == "Café Budget"
    assert any("€20 million" in t for t in _point_texts(data))
    assert any("read as cp1252" in n for n in data["notes"])  # type: ignore[union-attr]


def test_a_stray_nul_byte_is_removed_and_noted(briefer: Briefer, tmp_path: Path) -> None:
    data = _brief_json(briefer, tmp_path, "a.txt", (PROSE * 3).encode().replace(b"2025.", b"2025.\x00", 1))
    assert not any("\x00" in t for t in _point_texts(data))
    assert any("NUL byte" in n for n in data["notes"])  # type: ignore[union-attr]


def test_an_article_of_one_sentence_gives_a_brief_of_one_point(briefer: Briefer, tmp_path: Path) -> None:
    data = _brief_json(briefer, tmp_path, "one.txt", b"The council approved the new budget on Tuesday after a long debate.")
    assert _point_texts(data) == ["The council approved the new budget on Tuesday after a long debate."]


@pytest.mark.slow
def test_three_hundred_headings_of_one_line_each(briefer: Briefer, tmp_path: Path) -> None:
    text = "\n\n".join(
        f"Heading Number {i}\n\nLine {i} says the council met on Monday and agreed on the next steps." for i in range(300)
    )
    data = _brief_json(briefer, tmp_path, "heads.txt", text.encode())
    assert 1 <= len(_point_texts(data)) <= 20
    assert any("Left out" in n for n in data["notes"])  # type: ignore[union-attr]


def test_non_english_text_works_with_a_note(briefer: Briefer, tmp_path: Path) -> None:
    text = (
        "Die Bundesregierung hat am Mittwoch beschlossen, dass die Förderung für Schüler größer wird. "
        "Der Minister sagte, dass die Maßnahmen im nächsten Jahr beginnen sollen und die Länder zustimmen müssen. "
    ) * 3
    data = _brief_json(briefer, tmp_path, "de.txt", text.encode())
    assert _point_texts(data)
    assert any("does not look like English" in n for n in data["notes"])  # type: ignore[union-attr]


INJECTION = (
    "Markup In Text\n\nThe report quotes {{ 7*7 }} and {% for x in range(3) %}loop{% endfor %} from a template manual. "
    "An attacker pasted <script>alert('x')</script> into the article text on Monday morning."
)  # two sentences only, so both are points whatever the ranker prefers


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_script_and_jinja_syntax_in_the_article_are_text_in_every_format(
    briefer: Briefer, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "inject.txt"
    path.write_text(INJECTION)
    out = render(briefer.brief(path), fmt)  # type: ignore[arg-type]
    assert isinstance(out, str)
    assert "<script>" not in out
    assert "49" not in out and "looploop" not in out  # never evaluated as a template
    if fmt == "json":
        assert any("{{ 7*7 }}" in t for t in _point_texts(json.loads(out)))
    elif fmt == "html":
        assert "&lt;script&gt;" in out
    else:
        assert "\\<script\\>" in out


def test_output_folder_that_does_not_exist_is_created(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(PROSE)
    out = tmp_path / "new" / "deeper" / "brief.json"
    result = runner.invoke(cli, [str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["blocks"]
