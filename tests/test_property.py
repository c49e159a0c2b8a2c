"""Property: whatever bytes or text arrive, ingest and plan raise nothing but the project's own errors.

Hypothesis generates the inputs; a failure here is a crash a user could hit
with some file.  Planning runs without a spec, so no model is needed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import BriefError
from briefing.ingest import read_article_bytes
from briefing.plan import plan_brief

# Text built from pieces that stress the reader: headings, markup, dates, quotes, odd whitespace.
PIECES = st.sampled_from(
    ["\n", "\n\n", "# ", "## ", "By ", "Jan. 5, 2024", "Dr. ", "U.S. ", ". ", "? ", "!", "“", "”", "<p>", "</p>",
     "<html>", "<h2>", "{{ x }}", "---\n", "title: x\n", "\u00a0", "\ufeff", "\r\n", "Advertisement", "The minister said "]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=60).map("".join)
NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "-"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ingest_and_plan(data: bytes, name: str) -> None:
    try:
        doc = read_article_bytes(data, name)
    except BriefError:
        return
    assert doc.paragraphs
    plan = plan_brief(doc)
    assert plan.blocks


@SETTINGS
@given(st.binary(max_size=2000), NAMES)
def test_arbitrary_bytes_raise_only_brief_errors(data: bytes, name: str) -> None:
    _ingest_and_plan(data, name)


@SETTINGS
@given(TEXT, NAMES, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_arbitrary_text_raises_only_brief_errors(text: str, name: str, encoding: str) -> None:
    _ingest_and_plan(text.encode(encoding, errors="replace"), name)
