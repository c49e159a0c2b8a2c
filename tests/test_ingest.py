"""Ingest: the seed's boilerplate goes, its structure stays, and bad input fails in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.ingest import read_article
from builders import doc_from_string
from conftest import CRS, DATA, SEED

BOILERPLATE = ["Recent Features", "Credit: Flickr/ merula", "Samuel Ramani is a DPhil candidate"]


def test_seed_title_dek_site_and_author_come_from_the_header_and_bio() -> None:
    doc = read_article(SEED)
    assert doc.title == "Russia’s Anti-Drug Crusade in Afghanistan"
    assert doc.dek == "Russia, believing U.S. efforts are failing, is stepping up its war on drug trafficking."
    # "The Pulse" is the site's section label above the headline: dropped, never the brief's kicker.
    assert doc.site is None
    assert any(d.text == "The Pulse" and d.reason == "section label" for d in doc.dropped)
    assert doc.byline == "Samuel Ramani"


def test_seed_boilerplate_is_dropped_with_the_rule_that_dropped_it() -> None:
    doc = read_article(SEED)
    def reason(start: str) -> str:
        return next(d.reason for d in doc.dropped if d.text.startswith(start))

    assert reason("Recent Features") == "navigation"
    assert reason("Credit: Flickr/ merula") == "photo credit"
    assert reason("Samuel Ramani is a DPhil candidate") == "author bio"
    body = " ".join(p.text for p in doc.paragraphs)
    for text in BOILERPLATE:
        assert text not in body
    assert doc.title not in body


def test_seed_sections_follow_its_two_headings_after_the_lead() -> None:
    doc = read_article(SEED)
    assert [s.heading for s in doc.sections] == [
        None,
        "Russian Criticisms of U.S. Anti-Narcotics Policies in Afghanistan",
        "Russia’s Expanded Cooperation with Central Asia on Counter-Narcotics Policy in Afghanistan",
    ]
    assert [len(s.paragraphs) for s in doc.sections] == [3, 7, 7]
    assert [p.id for p in doc.paragraphs] == [f"p{i}" for i in range(1, 18)]
    assert doc.paragraphs[0].text.startswith("On December 11, 2017, Russian Foreign Minister")


def test_sentence_ids_are_stable_and_point_to_their_paragraph() -> None:
    doc = read_article(SEED)
    first = doc.paragraphs[0].sentences
    assert [s.id for s in first] == ["p1.s1", "p1.s2", "p1.s3"]
    assert all(s.paragraph_id == "p1" and s.text in doc.paragraphs[0].text for s in first)
    assert [s.position for s in doc.sentences] == list(range(len(doc.sentences)))


# Headings as the GovReport data marks them (its `sections` field), less the
# parents that have no text of their own before their first child heading.
CRS_HEADINGS = [
    "Introduction", "How are FMAGs Requested?", "Can a Tribal Leader Request an FMAG Declaration?",
    "What Information Needs to Be Included in the FMAG Request?", "How Is FMAG Assistance Determined?",
    "Can Denials for FMAG Assistance Be Appealed?",
    "Does an FMAG Exclude the Possibility of an Emergency or Major Disaster Declaration Under the Stafford Act?",
    "How Are FMAGs Funded?", "Can FMAGs Still Be Issued If the DRF Balance Is Low?",
    "What Are the Cost-Share Requirements for FMAGs?",
    "Does FEMA Advance Funds to States or Reimburse States for Completed Work?",
    "What Types of Assistance Are Provided Under an FMAG Declaration?",
    "Is Mitigation Funding Included in an FMAG Declaration?",
    "How Are FMAGs Different from Other Types of Federal Fire Assistance?",
    "Can FMAG Assistance Be Provided in Conjunction with Assistance from the Forest Service, or Is It Considered a Duplication of Benefits?",
    "Do FMAGs Assist with Fires on Federal Lands?",
]


def test_a_differently_shaped_report_keeps_its_question_headings() -> None:
    doc = read_article(CRS)
    headings = [s.heading for s in doc.sections]
    # Every heading found is one the data marks; at most the very long question is missed.
    assert set(headings) <= set(CRS_HEADINGS)
    assert len(headings) >= len(CRS_HEADINGS) - 1
    assert doc.dropped == ()  # a clean report loses nothing
    assert doc.title == "CRS fire management assistance grants"  # no title in the file: from its name


def test_markdown_headings_front_matter_and_inline_markup() -> None:
    doc = read_article(DATA / "markdown-article.md")
    assert doc.title == "Grain Corridors After the Truce"
    assert doc.byline == "Lena Ortiz"
    assert doc.date == "2024-05-02"
    assert [s.heading for s in doc.sections] == [None, "Shipping", "What comes next"]
    text = " ".join(p.text for p in doc.paragraphs)
    assert "**" not in text and "](" not in text and "insurers" in text


def test_plain_text_with_markdown_hash_headings() -> None:
    doc = doc_from_string(
        "# A Title Here\n\nThe first paragraph says a thing. It says more things too, at length.\n\n"
        "## Money\n\nThe budget grew by a third. Critics said it was not enough for anyone.\n"
    )
    assert doc.title == "A Title Here"
    assert [s.heading for s in doc.sections] == [None, "Money"]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    doc = doc_from_string(
        "Wrapped Title Line\n\nThis paragraph was wrapped at a fixed\nwidth by an editor, so its lines\n"
        "end in the middle of sentences. It is one paragraph.\n"
    )
    assert len(doc.paragraphs) == 1
    assert doc.paragraphs[0].text.startswith("This paragraph was wrapped at a fixed width by an editor")


def test_byline_and_date_lines_in_the_header() -> None:
    doc = doc_from_string(
        "Ports Reopen\n\nBy Jane Smith | March 4, 2023\n\n"
        "The ports reopened on Monday after a long strike. Shipping lines said queues would clear slowly.\n"
    )
    assert (doc.title, doc.byline, doc.date) == ("Ports Reopen", "Jane Smith", "March 4, 2023")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_INPUTS = [
    ("empty", "a.txt", b"", "empty"),
    ("whitespace", "a.txt", b"  \n\n \t\n", "empty"),
    ("binary", "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("random-bytes", "a.txt", bytes(range(128, 256)) * 8, "binary"),
    ("only-boilerplate", "a.txt", b"Recent Features\n\nShare this article\n\nAdvertisement\n", "no article text"),
    ("unsupported-suffix", "a.docx", b"PK\x03\x04 zip", "unsupported file type"),
]


@pytest.mark.parametrize("name, data, message", [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_raises_input_error_naming_the_problem(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=message) as info:
        read_article(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_directory_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)
    big = _write(tmp_path, "big.txt", b"word " * 1000)
    with pytest.raises(InputError, match="larger than the 100-byte limit"):
        read_article(big, max_bytes=100)


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = "Title Line\r\n\r\nThe council voted on Tuesday to raise the levy. Opponents plan an appeal next month.\r\n"
    doc = read_article(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + text.encode()))
    assert doc.title == "Title Line"
    assert doc.paragraphs[0].text.startswith("The council voted")


def test_an_article_of_one_paragraph_is_not_an_error() -> None:
    doc = doc_from_string("The minister resigned on Friday after a week of protests over the budget.")
    assert len(doc.paragraphs) == 1


def test_a_paragraph_cut_short_without_a_final_full_stop_is_still_the_article() -> None:
    """Scraped news often loses its last full stop (CNN/DM dev rows 174 and 291 were refused for it)."""
    text = (
        "Klopp, 47, announced this week that he would end his seven-year stint at Borussia Dortmund. "
        "The news prompted fresh speculation that he could head for the Premier League next season. "
        "Arsenal's defender said the coach would make his mark in England if he chose to move there. "
        "Klopp has been tipped to replace the Arsenal manager but it remains unlikely"
    )
    doc = doc_from_string(text)
    assert [p.text for p in doc.paragraphs] == [text]
    assert doc.sentences[-1].text.endswith("it remains unlikely")


def test_a_long_line_without_any_sentence_end_is_still_refused() -> None:
    with pytest.raises(InputError, match="no sentence ends"):
        doc_from_string(" ".join(["word"] * 500))
