"""Small builders so tests read as specifications (after sumy's build_document_from_string)."""

from __future__ import annotations

from briefing.brief import Brief, BriefBlock, Point, SourceInfo
from briefing.document import Document
from briefing.facts import Actor, Facts, Figure, TimelineEvent
from briefing.ingest.text import read_text


def doc_from_string(text: str, source: str = "test.txt", *, markdown: bool = False) -> Document:
    """A Document from article text: blank lines separate paragraphs, "# " marks headings."""
    return read_text(text, source, markdown=markdown)


def make_brief_data(**overrides: object) -> Brief:
    """A small, fixed Brief for render tests (no model involved)."""
    fields: dict[str, object] = dict(
        title="Water Rights in the Lower Basin",
        source=SourceInfo(file="samples/water.txt", author="Ana Ruiz", date="March 3, 2024", site="Policy Desk"),
        blocks=(
            BriefBlock(
                "bottom-line",
                "Bottom line",
                "bottom_line",
                (Point("Three states agreed to cut use by 13 percent.", ("p1",), "extractive", 0.9, ("p1.s1",)),),
            ),
            BriefBlock(
                "allocation",
                "Allocation",
                "theme",
                (
                    Point("Arizona takes the largest cut.", ("p2",), "extractive", 0.7, ("p2.s1",)),
                    Point("Tribes keep senior rights under the 2004 settlement.", ("p3",), "extractive", 0.6, ("p3.s2",)),
                ),
                ("p2", "p3"),
                "heading",
            ),
        ),
        model="extractive (test)",
        version="0.0.test",
        dek="A deal buys three years.",
        notes=(),
        facts=Facts(
            figures=(Figure("cut use by 13 percent", "13", "percent", "use", ("p1",), 0.8, 0.9),),
            actors=(Actor("Arizona takes the largest cut", "Arizona", "takes the largest cut", ("p2",), 0.7, 0.7),),
            timeline=(
                TimelineEvent("Tribes keep senior rights under the 2004 settlement", "2004", "Tribes keep senior rights",
                              ("p3",), 0.5, 0.6),
                TimelineEvent("The deal runs to 2026", "2026", "The deal runs", ("p1",), 0.6, 0.7),
            ),
        ),
        paragraphs=(
            ("p1", "Three states agreed to cut use by 13 percent. The deal runs to 2026."),
            ("p2", "Arizona takes the largest cut."),
            ("p3", "Farmers object. Tribes keep senior rights under the 2004 settlement."),
        ),
    )
    fields.update(overrides)
    return Brief(**fields)  # type: ignore[arg-type]
