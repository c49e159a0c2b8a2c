"""Size bounds: what keeps briefing a long input near-linear in time and bounded in memory.

Reading is linear (the cleanup regexes are written to be; sentence splitting
works in pieces), but what follows is not: every sentence that enters the
engine is embedded (MiniLM, about 5 ms a sentence on one CPU core), and the
ranker and the extractive scorer compare sentences pairwise (n x n).  An
article has tens or hundreds of sentences; a 5 MB input of very short
sentences has 200,000, whose pairwise matrix alone would need 160 GB.

So the engine sees at most ``MAX_SENTENCES`` sentences of an article: the first
``HEAD_SENTENCES`` (the lead and the opening sections, where an article's main
claims are) and the rest spread evenly over the remainder, the last sentence
included (the Outlook draws on the close).  The choice depends on the sentence
count alone, so it is deterministic.  Paragraphs keep their ids and full text
(provenance is unchanged); positions are renumbered over what is kept, so the
ranker's position features stay in the range it was fitted on.  The brief's
notes say when this happened.  No article of normal length is touched.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.document import Document, Paragraph, Section, Sentence

MAX_SENTENCES = 1000
HEAD_SENTENCES = 300


def kept_positions(total: int, limit: int = MAX_SENTENCES, head: int = HEAD_SENTENCES) -> list[int]:
    """Indices of the sentences kept out of ``total``: all when ``total <= limit``."""
    if total <= limit:
        return list(range(total))
    spread = limit - head
    rest = total - head
    tail = sorted({head + round(i * (rest - 1) / (spread - 1)) for i in range(spread)})
    return list(range(head)) + tail


def bound_document(doc: Document, limit: int = MAX_SENTENCES, head: int = HEAD_SENTENCES) -> Document:
    """``doc`` itself when it has at most ``limit`` sentences, else the sample the module docstring describes."""
    sentences = doc.sentences
    if len(sentences) <= limit:
        return doc
    keep = {sentences[i].id for i in kept_positions(len(sentences), limit, head)}
    sections: list[Section] = []
    s_position = p_position = 0
    for section in doc.sections:
        paragraphs: list[Paragraph] = []
        for paragraph in section.paragraphs:
            kept: list[Sentence] = []
            for sentence in paragraph.sentences:
                if sentence.id in keep:
                    kept.append(replace(sentence, position=s_position))
                    s_position += 1
            if kept:
                paragraphs.append(replace(paragraph, sentences=tuple(kept), position=p_position))
                p_position += 1
        if paragraphs:
            sections.append(Section(section.heading, tuple(paragraphs)))
    note = (
        f"The article has {len(sentences):,} sentences; to stay fast and within memory, brief chose from "
        f"{limit:,} of them: the first {head:,} and {limit - head:,} spread evenly over the rest."
    )
    return replace(doc, sections=tuple(sections), notes=doc.notes + (note,))
