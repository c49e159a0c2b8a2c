from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.errors import OutputError
from briefing.output import write_atomic


def test_write_atomic_creates_missing_folders_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "brief.html"
    write_atomic(target, "<p>hi</p>")
    assert target.read_text() == "<p>hi</p>"
    assert os.listdir(target.parent) == ["brief.html"]


def test_write_atomic_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"


def test_write_atomic_refuses_a_directory_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path, "x")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_write_atomic_into_a_read_only_folder_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            write_atomic(folder / "b.md", "x")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)
