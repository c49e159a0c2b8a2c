"""The briefs committed in samples/ are what the current code makes from them.

Regenerate after an intended change with: pytest tests/test_samples.py --update-golden
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.options import BriefOptions
from briefing.pipeline import Briefer
from briefing.render import render

pytestmark = pytest.mark.slow

# (article, spec, output stem); paths relative to the repository root, as in README.
SAMPLE_BRIEFS = [
    ("samples/russia-anti-drug-campaign-afghanistan.txt", None, "russia-anti-drug-campaign-afghanistan.brief"),
    ("samples/russia-anti-drug-campaign-afghanistan.txt", "samples/policy-brief.toml",
     "russia-anti-drug-campaign-afghanistan.spec.brief"),
    ("samples/CRS-fire-management-assistance-grants.txt", None, "CRS-fire-management-assistance-grants.brief"),
]


@pytest.mark.parametrize("article, spec, stem", SAMPLE_BRIEFS, ids=[s[2] for s in SAMPLE_BRIEFS])
def test_committed_sample_briefs_are_up_to_date(
    encoder: object, update_golden: bool, monkeypatch: pytest.MonkeyPatch, article: str, spec: str | None, stem: str
) -> None:
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    options = BriefOptions(spec=Path(spec) if spec else None)
    brief = Briefer(options, encoder=encoder).brief(article)  # type: ignore[arg-type]
    for fmt in ("md", "html"):
        text = render(brief, fmt)  # type: ignore[arg-type]
        path = root / "samples" / f"{stem}.{fmt}"
        if update_golden:
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"{path} is missing; run pytest tests/test_samples.py --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{path.name} is stale; rerun with --update-golden"
