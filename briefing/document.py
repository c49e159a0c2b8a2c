"""The article as the pipeline sees it: frozen dataclasses, tuples not lists.

Ids are stable strings: paragraphs are ``p1``, ``p2``... in reading order and
sentences ``p3.s2``, so every point in a brief can point back to its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str
    paragraph_id: str
    position: int  # 0-based index of the sentence in the whole document
    index: int = 0  # 0-based index of the sentence in its paragraph


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    text: str
    sentences: tuple[Sentence, ...]
    position: int  # 0-based index of the paragraph in the whole document


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the source, kept as rows: it is evidence, never a sentence of a point."""

    id: str  # numbered with the paragraphs ("p12"), so it can be cited like one
    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    position: int  # 0-based place among the paragraphs and tables, in reading order


SUMMARY = "summary"  # Section.role of the document's own summary ("Summary", "Key Findings")


@dataclass(frozen=True, slots=True)
class Section:
    heading: str | None  # None for the lead, the paragraphs before any heading
    paragraphs: tuple[Paragraph, ...]
    level: int = 0  # heading level where the markup gives one (1-6), else 0
    role: str = "body"  # "summary" for the document's own summary, which feeds the Bottom line
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True, slots=True)
class Dropped:
    """A line that ingest left out of the article, and the rule that did it."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    sections: tuple[Section, ...]
    source: str  # file name as given, or "-" for stdin
    dek: str | None = None  # standfirst: the one-sentence summary under the title
    byline: str | None = None
    date: str | None = None
    site: str | None = None  # the publisher's name, where the file's metadata states it
    number: str | None = None  # the report's number where the page states it ("R48915")
    dropped: tuple[Dropped, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())  # what reading it changed or doubts (encoding, language)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sections for t in s.tables)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """The paragraph with this id; KeyError if there is none."""
        for p in self.paragraphs:
            if p.id == paragraph_id:
                return p
        raise KeyError(paragraph_id)

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)
