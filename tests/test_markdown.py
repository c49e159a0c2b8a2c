"""Markdown as Markdown: one test per construct a real export has (issue 13).

Each input is a few lines in the shape congress.gov and CMS exports write them;
the Document must hold the article's text and nothing of the markup or chrome.
"""

from __future__ import annotations

import pytest

from briefing.document import SUMMARY, Document, Section
from briefing.errors import InputError
from briefing.plan import MAX_THEMES, merge_sections, plan_brief
from briefing.pointable import unfit_reason
from builders import doc_from_string

BODY = "The agency spent $4.2 billion in FY2025, up 12% from the year before. Congress asked for a review."


def md(text: str) -> Document:
    return doc_from_string(text, "page.md", markdown=True)


def all_text(doc: Document) -> str:
    return "\n".join([doc.title] + [s.heading or "" for s in doc.sections] + [p.text for p in doc.paragraphs])


def test_atx_and_setext_headings_become_sections_with_their_levels() -> None:
    doc = md(f"# Title of the Report\n\n{BODY}\n\n## Funding\n\n{BODY}\n\nOversight\n---------\n\n{BODY}\n")
    assert doc.title == "Title of the Report"
    assert [(s.heading, s.level) for s in doc.sections] == [(None, 0), ("Funding", 2), ("Oversight", 2)]


def test_plain_line_headings_of_an_export_are_found_inside_markdown() -> None:
    doc = md(f"# Title of the Report\n\nBackground\n\n{BODY}\n\nIssues for Congress\n\n{BODY}\n")
    assert [s.heading for s in doc.sections] == ["Background", "Issues for Congress"]


def test_link_text_stays_and_urls_go() -> None:
    doc = md(f"# T\n\nThe [U.S. Geological Survey](https://www.usgs.gov/) (USGS) reported it. {BODY}\n")
    text = all_text(doc)
    assert "U.S. Geological Survey (USGS) reported it." in text
    assert "usgs.gov" not in text and "](" not in text


def test_a_space_the_export_lost_after_a_link_comes_back() -> None:
    # congress.gov exports write "[sued](url)Uber" and "[policy](url),Russian": the page showed a space.
    doc = md("# T\n\nThe DOJ [sued](https://perma.cc/x)Uber in 2025 under Russia's [declaratory policy](https://x.org/a),"
             "Russian forces grew, [Uber](https://u.com)'s drivers said, [Lyft](https://l.com) agreed, and it paid $40,000 "
             "in[civil penalties](https://p.cc/x). " + BODY + "\n")
    text = all_text(doc)
    assert ("The DOJ sued Uber in 2025 under Russia's declaratory policy, Russian forces grew, Uber's drivers said, "
            "Lyft agreed, and it paid $40,000 in civil penalties.") in text


def test_an_empty_bold_pair_between_words_is_the_space_the_export_lost() -> None:
    # IF12672 has "a triad of****strategic delivery vehicles"; IF13205 "****M****ission ****A****rea".
    doc = md("# T\n\nRussia has 1,718 warheads on a triad of****strategic delivery vehicles, as discussed****in the "
             "Science Systems ****M****ission ****A****rea under grant program****s****.****Data for 2025 follow. "
             + BODY + "\n")
    assert ("Russia has 1,718 warheads on a triad of strategic delivery vehicles, as discussed in the Science Systems "
            "Mission Area under grant programs. Data for 2025 follow.") in all_text(doc)


def test_footnote_references_and_definitions_are_not_article_text() -> None:
    doc = md(f"# T\n\nThe agency reported it.[^1] {BODY}[^note]\n\n{BODY}\n\n"
             "[^1]: Agency, \"Annual Report,\" 2025, https://example.gov/report.\n"
             "[^note]: See the appendix for the method.\n")
    text = all_text(doc)
    assert "The agency reported it. The agency spent" in text
    assert "[^" not in text and "Annual Report" not in text and "appendix" not in text


def test_emphasis_markers_images_inline_html_and_code_blocks_are_gone() -> None:
    doc = md(
        "# T\n\n**Ecosystems ****M****ission ****A****rea**. The *request* would <span>eliminate</span> it. "
        f"![chart](c.png) {BODY}\n\n```\nprint('not prose')\n```\n\n******************Table 1**********shows "
        f"the staff on duty. {BODY}\n"
    )
    text = all_text(doc)
    assert "Ecosystems Mission Area. The request would eliminate it." in text
    for mark in ("*", "<span", "chart", "c.png", "print("):
        assert mark not in text
    assert "Table 1shows" not in text or "**" not in text  # markers gone even where the export glued words


def test_list_items_and_block_quotes_are_paragraphs() -> None:
    doc = md(f"# T\n\n{BODY}\n\n- The first item says something long enough to be a sentence.\n"
             "- The second item\n  wraps onto a second line.\n\n> A quoted paragraph of the text.\n")
    texts = [p.text for p in doc.paragraphs]
    assert "The second item wraps onto a second line." in texts
    assert "A quoted paragraph of the text." in texts


def test_yaml_front_matter_gives_title_author_and_date() -> None:
    doc = md(f"---\ntitle: \"Grain Corridors\"\nauthor: Lena Ortiz\ndate: 2024-05-02\n---\n\n{BODY}\n")
    assert (doc.title, doc.byline, doc.date) == ("Grain Corridors", "Lena Ortiz", "2024-05-02")


def test_lines_between_rules_that_are_not_yaml_front_matter_stay_text() -> None:
    text = f"---\nThe lead paragraph sits between two rules, as some exports write it. {BODY}\n---\n\n{BODY}\n"
    doc = doc_from_string(text, "note.txt")
    assert any("The lead paragraph sits between two rules" in p.text for p in doc.paragraphs)


def test_gfm_pipe_tables_are_tables_never_paragraphs() -> None:
    doc = md(f"# T\n\n{BODY}\n\n| Year | Amount |\n|---|---|\n| 2024 | $1.4 billion |\n| 2025 | $0.9 billion |\n\n{BODY}\n")
    (table,) = doc.tables
    assert table.header == ("Year", "Amount")
    assert table.rows == (("2024", "$1.4 billion"), ("2025", "$0.9 billion"))
    assert table.id.startswith("p")
    assert all("|" not in p.text and "$1.4 billion" not in p.text for p in doc.paragraphs)


def test_export_pipe_rows_without_a_delimiter_row_are_a_table_with_caption() -> None:
    doc = md(
        f"# T\n\n{BODY}\n\nTable 1. Staff on Duty\n\n| State | Jan. 2025 | Feb. 2025 \n| Alabama | 2,517 | 2,490 \n"
        f"| Alaska | 37 | 37 \n\nSource: CRS analysis of OPM data.\n\n{BODY}\n"
    )
    (table,) = doc.tables
    assert table.header == ("State", "Jan. 2025", "Feb. 2025")
    assert ("Alaska", "37", "37") in table.rows
    text = all_text(doc)
    assert "Table 1." not in text and "Source:" not in text


def test_a_metadata_box_fills_author_date_and_report_number_and_leaves() -> None:
    doc = md(
        "# Preemption and the FD&C Act\n\n## CRS PRODUCT (LIBRARY OF CONGRESS)\n\n[Hide Overview](https://x.gov#)\n\n"
        "| **CRS Product Type:** | Reports \n| **CRS Product Number:** | R48915 \n| **Publication Date:** | 04/23/2026 \n"
        "| **Authors:** | Kafka, Dorothy C.; Shen, Wen W. \n\n[Download PDF (1022KB)](https://x.gov/a.pdf)\n\n"
        f"Background\n\n{BODY}\n"
    )
    assert doc.byline == "Dorothy C. Kafka and Wen W. Shen"
    assert (doc.date, doc.number) == ("04/23/2026", "R48915")
    text = all_text(doc)
    for chrome in ("CRS Product", "Hide Overview", "Download PDF", "R48915"):
        assert chrome not in text


def test_navigation_links_controls_and_contents_lists_are_dropped() -> None:
    doc = md(
        "# The Title\n\n[Citation](https://x.gov#citation)[Subscribe](https://x.gov/alerts)[Share/Save](https://x.gov#s)"
        " > [CRS Products](https://x.gov/p) > IF1\n\n# Contents\n\n- [Background](https://x.gov#_Toc1)\n"
        f"- [Funding](https://x.gov#_Toc2)\n\n[Listen](https://speak.example/r?u=1)\n\nBackground\n\n{BODY}\n"
    )
    text = all_text(doc)
    for chrome in ("Citation", "Subscribe", "Share", "CRS Products", "Contents", "Listen"):
        assert chrome not in text
    assert [s.heading for s in doc.sections] == ["Background"]


def test_the_title_fused_with_a_date_stamp_goes_and_gives_the_date() -> None:
    doc = md(f"# Russia's Nuclear Weapons\n\n[Listen](https://s.example/r)Russia's Nuclear WeaponsUpdated April 22, 2026"
             f"             (IF12672)\n\nBackground\n\n{BODY}\n")
    assert "Weapons" not in " ".join(p.text for p in doc.paragraphs)
    assert doc.date == "April 22, 2026"


def test_footnotes_and_the_disclaimer_are_not_the_article() -> None:
    doc = md(f"# T\n\n{BODY}\n\n# Footnotes\n\n| 1. | See Jacobson v. Massachusetts, 197 U.S. 11 (1905). \n"
             "| 2. | Politico, February 22, 2026, https://www.politico.com/x \n\n"
             "                              Disclaimer:  \n These documents were prepared by the Research Service. "
             "Information in a Report should not be relied upon for purposes other than public understanding.\n")
    text = all_text(doc)
    assert "Jacobson" not in text and "politico" not in text.lower() and "relied upon" not in text


def test_a_report_summary_is_marked_and_feeds_the_bottom_line() -> None:
    summary = "The report finds that bridge funding doubled under the act. Most of the money went to states."
    doc = md(f"# T\n\nSummary\n\n{summary}\n\nIntroduction\n\n{BODY}\n\nFunding\n\n{BODY}\n")
    assert doc.sections[0].role == SUMMARY
    plan = plan_brief(doc)
    assert plan.blocks[0].kind == "bottom_line"
    assert set(plan.blocks[0].paragraph_ids) == {p.id for p in doc.sections[0].paragraphs}
    assert "Summary" not in [b.title for b in plan.blocks]


@pytest.mark.parametrize(
    "line",
    ["Potential oversight considerations for Congress include", "Table 1. Selected Actions Related to ENERGY STAR",
     "In Trillions of Dollars", "Regarding M-1A2 SEPv3 production, the Army noted that",
     "Table A-1. Bridge Condition by State and Territory"],
    ids=["lead-in", "caption", "unit-line", "open-ended", "appendix-caption"],
)
def test_lead_ins_captions_and_unit_lines_are_not_sections(line: str) -> None:
    doc = md(f"# T\n\n{BODY}\n\n{line}\n\n{BODY}\n")
    assert line not in [s.heading for s in doc.sections]


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("See CRS Report R44383, Deficits, Debt, and the Economy, by Grant A. Driessen.", "cross-reference"),
        ("(See CRS In Focus IF12964, U.S.-Russian Nuclear Arms Control.)", "cross-reference"),
        ("For more information on these items, see CRS In Focus IF13165.", "cross-reference"),
        ("For data on SSA's recent and historical staffing levels nationally, see CRS Report R48725, Social Security "
         "Administration (SSA) Staffing Levels: Data Brief.", "cross-reference"),
        ("For years, officials could not see the problem.", None),
        ("Robert S. Kirk, retired CRS Specialist in Transportation Policy, contributed to an earlier version of this "
         "report.", "origin note"),
        ("Research Librarian Tamar Breslauer and Research Assistant Joe Angert contributed to this report.", "origin note"),
        ("Growth in health data analytics contributed to the report's findings.", None),
        ("Table A-2 shows bridge obligations by program.", "about the document"),
        ("This Insight provides a brief summary of developments related to the program.", "about the document"),
        ("This section provides summary information on legislation introduced as of April 2.", "about the document"),
        ("Table 2 provides data on major foreign holders of federal debt by country.", "about the document"),
        ("It addresses questions regarding how FMAGs are requested and evaluated.", "about the document"),
        ("The report concludes with an overview of the appeal process at VA.", "about the document"),
        ("Finally, the report concludes by discussing policy options.", "about the document"),
        ("The remainder of the report discusses appeals.", "about the document"),
        ("The report concludes that the program saved $2 billion.", None),
        ("The table shows that foreign holdings of debt increased by $1.5 trillion.", "about the document"),
        ("The Sidebar does not address every circuit split that developed in March.", "about the document"),
        ("This Sidebar refers to each U.S. Court of Appeals by its number.", "about the document"),
        ("Bills are listed by date of introduction.", "about the document"),
        ("Selected considerations discussed below pertain to the electricity sector.", "about the document"),
        ("Previously noted reports suggest the Army may field a third battery.", "about the document"),
        ("Prices are listed on the exchange at $4 per share.", None),
        ("Three firms are listed in the S&P 500 index.", None),
        ("the Marine Corps awarded General Dynamics a second contract.", "fragment"),
        ("The Marine Corps describes the vehicle as a", "fragment"),
        ("Congress created the USGS in 1879.", None),
    ],
)
def test_which_sentences_may_be_points(sentence: str, reason: str | None) -> None:
    assert unfit_reason(sentence) == reason


def test_a_markdown_file_of_chrome_and_tables_only_has_no_article_text() -> None:
    with pytest.raises(InputError, match="no article text found"):
        md("# T\n\n[Home](https://x.gov/) > [Products](https://x.gov/p)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")


def test_many_sections_merge_children_into_parents_then_small_into_neighbours() -> None:
    paragraphs = md(f"# T\n\n{BODY}\n").paragraphs
    parents = [Section(f"Part {i}", paragraphs, 2) for i in range(4)]
    children = [Section(f"Part {i}.{j}", paragraphs, 3) for i in range(4) for j in range(2)]
    nested = [s for i in range(4) for s in [parents[i], *children[2 * i : 2 * i + 2]]]
    merged = merge_sections(nested, MAX_THEMES)
    assert [s.heading for s in merged] == ["Part 0", "Part 1", "Part 2", "Part 3"]
    assert all(len(s.paragraphs) == 3 for s in merged)
    flat = [Section(f"Heading {i}", paragraphs) for i in range(10)]
    assert len(merge_sections(flat, MAX_THEMES)) == MAX_THEMES


def test_pointers_to_tables_and_figures_leave_the_text() -> None:
    doc = md("# T\n\nThe IIJA uses three kinds of funding (see Table 1): contract authority and appropriations. "
             "The launcher fires two missiles (Figures 2 and 3). Costs (in 2024 dollars) rose (Table A-1).\n")
    assert doc.paragraphs[0].text == ("The IIJA uses three kinds of funding: contract authority and appropriations. "
                                      "The launcher fires two missiles. Costs (in 2024 dollars) rose.")


def test_an_italic_full_stop_leaves_no_underscore() -> None:
    doc = md("# T\n\nThe producer may recall it voluntarily_._ Voluntary recalls are the norm in FY2025.\n")
    assert doc.paragraphs[0].text == "The producer may recall it voluntarily. Voluntary recalls are the norm in FY2025."
