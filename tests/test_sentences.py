import pytest

from briefing.ingest.sentences import split_sentences

CASES = [
    ("U.S. President Donald Trump spoke. The U.S. did not respond.",
     ["U.S. President Donald Trump spoke.", "The U.S. did not respond."]),
    ("He is a DPhil candidate at St. Antony’s College, University of Oxford. He writes.",
     ["He is a DPhil candidate at St. Antony’s College, University of Oxford.", "He writes."]),
    ("On Dec. 11 the army left. It rained.", ["On Dec. 11 the army left.", "It rained."]),
    ("Growth was 2.5 percent in 2016. Prices rose.", ["Growth was 2.5 percent in 2016.", "Prices rose."]),
    ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
    ("J. R. R. Tolkien wrote it. Mr. Smith agreed.", ["J. R. R. Tolkien wrote it.", "Mr. Smith agreed."]),
    ("It was 3 p.m. when it ended. The firm, Acme Inc., agreed.",
     ["It was 3 p.m. when it ended.", "The firm, Acme Inc., agreed."]),
    ("No final stop", ["No final stop"]),
    ("   ", []),
]


@pytest.mark.parametrize(
    "text, expected", CASES,
    ids=["us-abbrev", "st-antonys", "month-abbrev", "decimal", "quote", "initials", "pm-inc", "no-stop", "blank"],
)
def test_split_sentences_keeps_abbreviations_and_numbers_whole(text: str, expected: list[str]) -> None:
    assert list(split_sentences(text)) == expected


def test_every_sentence_is_a_verbatim_slice_of_its_paragraph() -> None:
    text = "Lavrov spoke on Dec. 11, 2017. He urged the West to end “double standards.” NATO declined."
    for sentence in split_sentences(text):
        assert sentence in text
