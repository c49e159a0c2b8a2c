"""The wheel carries the templates, and an installed (non-editable) copy renders with them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    return next(out.glob("brief-*.whl"))


def test_wheel_contains_templates_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("brief.html.j2", "brief.md.j2", "brief.css", "index.html.j2"):
        assert f"briefing/templates/{template}" in names
    assert "briefing/py.typed" in names
    assert "briefing/data/ranker.json" in names  # the learned ranker's weights travel with the code


def test_installed_copy_renders_with_its_own_templates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    code = (
        "import briefing, briefing.templating as t\n"
        "print(briefing.__file__)\n"
        "print(t.packaged_template_dir())\n"
    )
    # Run away from the checkout so only the installed copy can be imported.
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    module, templates = result.stdout.split()
    assert module.startswith(str(target))
    assert templates == str(target / "briefing" / "templates")
