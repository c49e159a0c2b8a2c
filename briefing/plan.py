"""Document -> BriefPlan: which blocks the brief has and which sentences feed each.

Without a spec the brief follows the article: *Bottom line* from the lead (the
paragraphs before the first heading), one block per section, *Outlook* from
forward-looking sentences, mostly near the end.  With a spec (``spec.py``) the
user names the blocks and each sentence goes to the block whose theme it is
most similar to, so it can feed at most one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from briefing.brief import Block, Brief, BriefPlan
from briefing.document import SUMMARY, Document, Paragraph, Section, Sentence
from briefing.pointable import may_be_point
from briefing.segment import theme_bounds
from briefing.spec import BriefSpec

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]

MAX_TITLE_WORDS = 8

# What makes a sentence look forward: a statement about what may happen next, in its verbs
# (future, modality, "is to", "is scheduled to"), a conditional, or a coming date or deadline.
# A noun or adjective alone ("a foundation for future cooperation", "potential") is not enough:
# "The burning of 1.4 tons of heroin in July 2015 provided a strong foundation for future
# cooperation" reports a past event, and belongs to its theme (issue 14).
# Case-sensitive on purpose: "may" is a hedge, "May" is a month.
FORWARD_CUES = re.compile(
    r"\b([Ww]ill|[Ww]on't|[Ss]hall|[Cc]ould|may|might|[Ww]ould|[Ss]hould|must)\b(?! have\b)(?! not have\b)"
    r"|\b(is|are|was|were|be|been|remains?)\s+(not\s+)?(set|due|scheduled|expected|slated|poised|likely|unlikely|"
    r"planned|projected|forecast|about|going)\s+to\b"
    r"|\b(is|are)\s+to\s+(be\s+)?[a-z]+(ed|en)?\b"
    r"|\b(plans?|intends?|aims?|hopes?|seeks?|vows?|pledges?|promises?)\s+to\b|\b(expects?|anticipates?|predicts?)\b"
    r"|\b([Ss]cheduled|[Uu]pcoming|[Ff]orthcoming|expires?|expiring|deadline|sunsets?|"
    r"[Gg]oing forward|remains? to be seen|next (year|month|week|steps?|session|round|phase|fiscal year)|"
    r"in the (coming|next) (days|weeks|months|years|decade)|(days|weeks|months|years) (to come|ahead)|"
    r"due (by|on|in|at|before))\b"
    r"|^(If|Unless|Should)\b"
)
_PAST_MODAL = re.compile(r"\b(could|would|might|may|should|must)\s+(not\s+)?have\s+\w+(ed|en|wn|ne)\b", re.I)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# A decision or event with a date: the most useful Outlook points ("a review due in June").
_DATED = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(19|20)\d\d|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|next (week|month|year))\b"
)
_DECISION = re.compile(
    r"(?i)\b(review|decision|decide|vote|deadline|expire|expires|expiring|expiration|scheduled|due|hearing|summit|"
    r"election|reauthori[sz]\w*|sunset|ruling|report back|takes? effect|enter into force)\b"
)
# Headings under which a report puts its lead.
LEAD_HEADINGS = frozenset({"introduction", "summary", "overview", "executive summary", "key findings", "abstract"})
OUTLOOK_SHARE = 3  # the Outlook draws on the last third of the article
# Most theme blocks a one-page brief holds: with the Bottom line and the Outlook, about
# two points each.  A report with more sections gets them merged (children into their
# parent, then the smallest into its closest neighbour), not most of them dropped.
MAX_THEMES = 6
# A headed section longer than this (two printed pages) may hold several themes: it is segmented as
# a text without headings is, while the brief has room for more theme blocks.
LONG_SECTION_WORDS = 1000
# A text without headings and with fewer paragraphs than this after its lead (a story pasted as
# one block) is segmented in runs of a few sentences; its first sentences are the Bottom line's.
MIN_SEGMENT_PARAGRAPHS = 4
SENTENCES_PER_UNIT = 2
LEAD_SENTENCES = 3

# Where a long heading may be cut: before a trailing phrase.  Not before "and", which splits a
# pair ("Reduction in Planned FY2025 and FY2026 ACV Procurement Quantities" read "Reduction in
# Planned FY2025").
_PREPOSITIONS = frozenset({"in", "on", "of", "for", "with", "to", "from", "at", "under", "over"})
_SPEC_MIN_SIMILARITY = 0.15  # below this a sentence fits no spec block (MiniLM cosine)


class TextEncoder(Protocol):
    """What planning needs from an encoder: cosine similarities of two text lists."""

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> list[list[float]]: ...


@runtime_checkable
class VectorEncoder(TextEncoder, Protocol):
    """... and, to find themes without headings, the vectors themselves (cached: no second pass)."""

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def _segmented_themes(
    units: Sequence[tuple[Sentence, ...]], encoder: VectorEncoder, bounds: tuple[int, int] | None = None
) -> list[tuple[str, tuple[Sentence, ...]]]:
    """Runs of sentences (paragraphs, usually) cut into themes (``segment.py``), each titled from its
    own text (``titles.py``): the title and the sentences of each theme.

    ``bounds``: the fewest and most themes; default, as many as the length suggests.
    """
    import numpy as np

    from briefing.segment import paragraph_sums, segment, unit_rows
    from briefing.titles import title_segments

    sums, counts = paragraph_sums([encoder.encode([s.text for s in unit]) for unit in units])
    starts = segment(sums, counts, [sum(len(s.text.split()) for s in unit) for unit in units], bounds=bounds)
    ends = starts[1:] + [len(units)]
    segments = [tuple(s for unit in units[a:b] for s in unit) for a, b in zip(starts, ends)]
    centroids = unit_rows(np.stack([sums[a:b].sum(axis=0) for a, b in zip(starts, ends)]))
    titles = title_segments(segments, centroids, encoder)
    # A segment whose text offers no noun phrase to title it: "Key points", numbered if need be.
    fallback = ["Key points" if len(segments) == 1 else f"Key points ({i + 1})" for i in range(len(segments))]
    return [(title or fallback[i], seg) for i, (title, seg) in enumerate(zip(titles, segments))]


def _body_units(doc: Document, lead_ids: set[str]) -> list[tuple[Sentence, ...]]:
    """What a text without headings is segmented into: its paragraphs after the lead, or, where it
    has too few paragraphs (a story pasted as one block), runs of ``SENTENCES_PER_UNIT`` sentences."""
    body = [p for s in doc.sections if s.role != SUMMARY for p in s.paragraphs]
    rest = [p.sentences for p in body if p.id not in lead_ids and p.sentences]
    if len(rest) >= MIN_SEGMENT_PARAGRAPHS or sum(len(p.sentences) for p in body) < 2 * MIN_SEGMENT_PARAGRAPHS:
        return rest
    # The lead's first sentences are the Bottom line's; the rest in short runs, never across a paragraph.
    sentences = [s for p in body for s in p.sentences][LEAD_SENTENCES:]
    units: list[tuple[Sentence, ...]] = []
    for sentence in sentences:
        if units and len(units[-1]) < SENTENCES_PER_UNIT and units[-1][-1].paragraph_id == sentence.paragraph_id:
            units[-1] = units[-1] + (sentence,)
        else:
            units.append((sentence,))
    return units


def _sentence_ids(sentences: Sequence[Sentence]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The paragraphs these sentences come from, and those of them that may become points."""
    return tuple(dict.fromkeys(s.paragraph_id for s in sentences)), tuple(s.id for s in sentences if may_be_point(s.text))


def article_year(doc: Document) -> int | None:
    """The year the article is dated, where its metadata says."""
    found = _YEAR.search(doc.date or "")
    return int(found.group()) if found else None


def is_forward_looking(text: str, year: int | None = None) -> bool:
    """Does the sentence speak of what may happen next?

    ``year``: the article's year; a later year in the sentence also looks forward.
    """
    if FORWARD_CUES.search(_PAST_MODAL.sub(" ", text)) is not None:
        return True
    return year is not None and any(int(y) > year for y in _YEAR.findall(text))


def is_dated_decision(text: str, year: int | None = None) -> bool:
    """A forward-looking sentence naming a coming decision and when: a review due in June, a vote by a date."""
    return is_forward_looking(text, year) and bool(_DATED.search(text)) and bool(_DECISION.search(text))


def shorten_title(heading: str, max_words: int = MAX_TITLE_WORDS) -> str:
    """A heading short enough for a block title.

    Long headings are cut before a trailing prepositional phrase ("... Policy in
    Afghanistan"), keeping at least three words; failing that, at a word limit.
    """
    words = heading.split()
    if len(words) <= max_words:
        return heading
    for cut in range(max_words, 2, -1):
        if words[cut].lower() in _PREPOSITIONS:
            return " ".join(words[:cut]).rstrip(",:;")
    return " ".join(words[:max_words]).rstrip(",:;") + "…"


def _section_titles(headings: Sequence[str]) -> list[str]:
    """Block titles for these headings: shortened, unless that makes two different headings one title.

    "Overview of Selected FD&C Act Provisions on Prescription Drugs" and "... on Medical Devices"
    both shortened to "Overview of Selected FD&C Act Provisions": they keep their words.
    """
    short = [shorten_title(h) for h in headings]
    shared: dict[str, set[str]] = {}
    for heading, title in zip(headings, short):
        shared.setdefault(title, set()).add(heading)
    return [title if len(shared[title]) == 1 else shorten_title(heading, max_words=2 * MAX_TITLE_WORDS)
            for heading, title in zip(headings, short)]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].rstrip("-") or "block"


def _unique_key(title: str, taken: set[str]) -> str:
    key = base = slugify(title)
    n = 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _ids(paragraphs: Sequence[Paragraph]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The paragraphs' ids, and the ids of their sentences that may become points."""
    return tuple(p.id for p in paragraphs), tuple(s.id for p in paragraphs for s in p.sentences if may_be_point(s.text))


def _opens_with_lead(doc: Document) -> bool:
    """Is the first section the lead: no heading, or a generic one such as "Introduction"?"""
    heading = doc.sections[0].heading
    return len(doc.sections) > 1 and (heading is None or heading.lower().rstrip(":") in LEAD_HEADINGS)


def _lead_paragraphs(doc: Document) -> tuple[Paragraph, ...]:
    """The paragraphs that carry the article's main claim: its own summary first, when it has one."""
    summary = tuple(p for s in doc.sections if s.role == SUMMARY for p in s.paragraphs)
    if summary:
        opening = doc.sections[0]
        lead = opening.paragraphs if opening.heading is None and opening.role != SUMMARY else ()
        return tuple(sorted(lead + summary, key=lambda p: p.position))
    if _opens_with_lead(doc):
        lead = doc.sections[0].paragraphs
    else:
        # No lead before the headings, or no headings at all: the opening paragraphs.
        paragraphs = doc.paragraphs
        lead = paragraphs[: max(1, min(3, len(paragraphs) // 5 or 1))]
    if sum(len(p.sentences) for p in lead) < 3:
        # A one-line lead is not enough to choose from: add each section's opener.
        openers = tuple(s.paragraphs[0] for s in doc.sections if s.paragraphs[0] not in lead)
        lead = tuple(lead) + openers
    return tuple(sorted(lead, key=lambda p: p.position))


def _outlook_sentences(doc: Document) -> tuple[Sentence, ...]:
    """Forward-looking sentences of the closing third, and dated coming decisions anywhere.

    Only statements about what may happen next: a closing paragraph that looks back
    feeds its theme, and an article with nothing forward-looking has no Outlook.
    """
    paragraphs = doc.paragraphs
    start = min(len(paragraphs) - len(paragraphs) // OUTLOOK_SHARE, len(paragraphs) - 2)
    tail = {p.id for p in paragraphs[max(0, start) :]}
    year = article_year(doc)
    return tuple(
        s
        for p in paragraphs
        for s in p.sentences
        if (is_forward_looking(s.text, year) if p.id in tail else is_dated_decision(s.text, year))
        and may_be_point(s.text)
    )


def plan_brief(doc: Document, spec: BriefSpec | None = None, encoder: TextEncoder | None = None) -> BriefPlan:
    """Decide the brief's blocks and the source sentences that may feed each.

    Args:
        doc: the article.
        spec: user-defined blocks; None to follow the article's own sections.
        encoder: needed with a spec, to match sentences to block themes; without headings,
            to cut the article into themes and title them (else its body is one block).

    Returns:
        The plan: Bottom line first, then theme blocks, then Outlook.
    """
    if spec is not None:
        if encoder is None:
            raise ValueError("planning with a spec needs an encoder")
        return _plan_from_spec(doc, spec, encoder)
    return _plan_from_sections(doc, encoder if isinstance(encoder, VectorEncoder) else None)


def _bottom_line(doc: Document, taken: set[str]) -> Block:
    lead = _lead_paragraphs(doc)
    pids, sids = _ids(lead)
    theme = " ".join(t for t in (doc.title, doc.dek) if t)
    return Block(_unique_key("bottom-line", taken), "Bottom line", "bottom_line", theme, pids, sids)


def _outlook(doc: Document, taken: set[str]) -> Block | None:
    sentences = _outlook_sentences(doc)
    if not sentences:
        return None
    pids = tuple(dict.fromkeys(s.paragraph_id for s in sentences))
    theme = "What happens next: the outlook, risks and what could change in the months to come."
    return Block(_unique_key("outlook", taken), "Outlook", "outlook", theme, pids, tuple(s.id for s in sentences))


def _theme_sections(doc: Document) -> list[Section]:
    """The sections that become theme blocks: headed, with paragraphs, not the summary or the lead."""
    has_summary = any(s.role == SUMMARY for s in doc.sections)
    skip_lead = 1 if (_opens_with_lead(doc) and not has_summary) else 0
    return [
        s for s in doc.sections[skip_lead:] if s.heading is not None and s.paragraphs and s.role != SUMMARY
    ]


def merge_sections(sections: Sequence[Section], limit: int = MAX_THEMES) -> list[Section]:
    """At most ``limit`` sections: subsections into their parents first, then the smallest into a neighbour.

    A merged section keeps the heading of the first of the two (the parent, or the
    earlier neighbour, which a reader meets first); the neighbour a small section
    joins is the one whose words it shares most.
    """
    groups = list(sections)
    # Children into parents, the deepest level first, while the markup gives levels.
    while len(groups) > limit:
        levels = {s.level for s in groups if s.level}
        if len(levels) < 2:
            break
        deepest = max(levels)
        merged: list[Section] = []
        for section in groups:
            if merged and section.level == deepest and merged[-1].level < deepest:
                merged[-1] = _join(merged[-1], section)
            else:
                merged.append(section)
        if len(merged) == len(groups):
            break
        groups = merged
    while len(groups) > limit:
        sizes = [sum(len(p.text.split()) for p in s.paragraphs) for s in groups]
        small = min(range(len(groups)), key=lambda i: (sizes[i], -i))
        neighbours = [j for j in (small - 1, small + 1) if 0 <= j < len(groups)]
        words = _content_words(groups[small])
        into = max(neighbours, key=lambda j: (_overlap(words, _content_words(groups[j])), -j))
        first, second = sorted((small, into))
        joined = _join(groups[first], groups[second])
        groups[first : second + 1] = [joined]
    return groups


def _join(first: Section, second: Section) -> Section:
    return Section(first.heading, first.paragraphs + second.paragraphs, first.level, first.role, first.tables + second.tables)


_WORD = re.compile(r"[a-z][a-z-]{3,}")


def _words(paragraphs: Sequence[Paragraph]) -> int:
    return sum(len(p.text.split()) for p in paragraphs)


def _content_words(section: Section) -> set[str]:
    return set(_WORD.findall(" ".join(p.text for p in section.paragraphs).lower()))


def _overlap(left: set[str], right: set[str]) -> float:
    return len(left & right) / max(1, len(left | right))


def needs_segmenting(doc: Document) -> bool:
    """Will the plan cut the article into themes itself (no headings to follow)?"""
    return not _theme_sections(doc)


def _plan_from_sections(doc: Document, encoder: VectorEncoder | None = None) -> BriefPlan:
    taken: set[str] = set()
    blocks = [_bottom_line(doc, taken)]
    headed = merge_sections(_theme_sections(doc))
    if headed:
        room = MAX_THEMES - len(headed)  # blocks a long section may add without crowding the page
        titles = _section_titles([s.heading or "" for s in headed])
        for section, title in zip(headed, titles):
            assert section.heading is not None
            if encoder is None or room <= 0 or _words(section.paragraphs) < LONG_SECTION_WORDS:
                pids, sids = _ids(section.paragraphs)
                blocks.append(Block(_unique_key(title, taken), title, "theme", section.heading, pids, sids, "heading"))
                continue
            # A section long enough to hold several themes: its heading titles the first.
            found = _segmented_themes([p.sentences for p in section.paragraphs], encoder, bounds=(1, room + 1))
            room -= len(found) - 1
            for i, (part_title, sentences) in enumerate(found):
                pids, sids = _sentence_ids(sentences)
                if i == 0:
                    blocks.append(Block(_unique_key(title, taken), title, "theme", section.heading, pids, sids, "heading"))
                else:
                    blocks.append(Block(_unique_key(part_title, taken), part_title, "theme", part_title, pids, sids, "generated"))
    else:
        # No headings: the body after the lead, cut where its topic shifts, one block a theme.
        lead_ids = set(blocks[0].paragraph_ids)
        rest = [p for s in doc.sections if s.role != SUMMARY for p in s.paragraphs if p.id not in lead_ids]
        units = _body_units(doc, lead_ids)
        if units and encoder is not None:
            words = sum(len(s.text.split()) for unit in units for s in unit)
            fewest, most = theme_bounds(words, len(units))
            # As many themes as the text holds, up to what a page holds (a long report's segments merge).
            for title, sentences in _segmented_themes(units, encoder, bounds=(min(fewest, MAX_THEMES), min(most, MAX_THEMES))):
                pids, sids = _sentence_ids(sentences)
                blocks.append(Block(_unique_key(title, taken), title, "theme", title, pids, sids, "generated"))
        elif rest:
            # Without vectors (a plan made before the article is embedded): one block of key points.
            pids, sids = _ids(rest)
            blocks.append(Block(_unique_key("Key points", taken), "Key points", "theme", doc.title, pids, sids, "generated"))
    outlook = _outlook(doc, taken)
    if outlook is not None and len(doc.paragraphs) > 1:
        blocks.append(outlook)
    return BriefPlan(tuple(blocks), doc.notes)


def _plan_from_spec(doc: Document, spec: BriefSpec, encoder: TextEncoder) -> BriefPlan:
    taken: set[str] = set()
    blocks: list[Block] = []
    if spec.bottom_line:
        blocks.append(_bottom_line(doc, taken))
    # Outlook blocks draw on the closing forward-looking sentences, as without a
    # spec; every other sentence goes to the theme block it is most similar to.
    outlook_ids = {s.id for s in _outlook_sentences(doc)}
    assigned: dict[int, list[Sentence]] = {i: [] for i in range(len(spec.blocks))}
    for kind in ("outlook", "theme"):
        indices = [i for i, b in enumerate(spec.blocks) if b.kind == kind]
        pool = [s for s in doc.sentences if (s.id in outlook_ids) == (kind == "outlook") and may_be_point(s.text)]
        if not indices or not pool:
            continue
        sims = encoder.similarity([s.text for s in pool], [spec.blocks[i].theme for i in indices])
        for sentence, row in zip(pool, sims):
            best = max(range(len(indices)), key=lambda j: (row[j], -j))
            if kind == "outlook" or row[best] >= _SPEC_MIN_SIMILARITY:
                assigned[indices[best]].append(sentence)
    if not any(b.kind == "outlook" for b in spec.blocks):
        # No outlook asked for: the closing sentences compete like any other.
        pool = [s for s in doc.sentences if s.id in outlook_ids]
        themes = [b.theme for b in spec.blocks]
        for sentence, row in zip(pool, encoder.similarity([s.text for s in pool], themes) if pool else []):
            best = max(range(len(themes)), key=lambda j: (row[j], -j))
            if row[best] >= _SPEC_MIN_SIMILARITY:
                assigned[best].append(sentence)
        for chosen in assigned.values():
            chosen.sort(key=lambda s: s.position)
    notes: list[str] = list(doc.notes)
    for i, spec_block in enumerate(spec.blocks):
        chosen = assigned[i]
        if not chosen:
            notes.append(f"No sentence of the article matched the block '{spec_block.title}'.")
            continue
        pids = tuple(dict.fromkeys(s.paragraph_id for s in chosen))
        blocks.append(
            Block(
                _unique_key(spec_block.title, taken),
                spec_block.title,
                spec_block.kind,
                spec_block.theme,
                pids,
                tuple(s.id for s in chosen),
                "spec" if spec_block.kind == "theme" else "",
            )
        )
    return BriefPlan(tuple(blocks), tuple(notes))


def title_by_points(brief: Brief, doc: Document) -> Brief:
    """Headed theme blocks titled by the section their points come from, where it is not the titled one.

    ``merge_sections`` joins a small section to its neighbour under the first one's
    heading, and the page then keeps what it ranks best, often only sentences of
    the joined neighbour: on the 39 CRS dev pages, 12 of 136 theme blocks showed no
    point from the section their title names ("H.R. 2655" over points on H.R. 1959
    and H.R. 1988).  Such a block takes the heading of the section most of its
    points come from (the earlier on a tie).  A block with any point from its titled
    section, or from a subsection of it (a deeper heading level), keeps its title.
    """
    owner = {p.id: i for i, s in enumerate(doc.sections) for p in s.paragraphs}
    taken = {b.key for b in brief.blocks}
    blocks = []
    for block in brief.blocks:
        members = sorted({owner[pid] for pid in block.paragraphs if pid in owner})
        if block.kind != "theme" or block.title_source != "heading" or not members or not block.points:
            blocks.append(block)
            continue
        titled = members[0]
        within = {titled} | set(_subsections(doc.sections, titled))
        homes = [owner[p.sources[0]] for p in block.points if p.sources and p.sources[0] in owner]
        heading = doc.sections[titled].heading
        if not homes or within & set(homes) or heading is None:
            blocks.append(block)
            continue
        home = max(dict.fromkeys(homes), key=homes.count)  # most points; dict order keeps the earlier on a tie
        new_heading = doc.sections[home].heading
        if new_heading is None or shorten_title(new_heading) == block.title:
            blocks.append(block)
            continue
        taken.discard(block.key)
        title = shorten_title(new_heading)
        blocks.append(replace(block, key=_unique_key(title, taken), title=title))
    return brief.with_blocks(tuple(blocks)) if blocks != list(brief.blocks) else brief


def _subsections(sections: Sequence[Section], i: int) -> Iterator[int]:
    """Indices of the sections under section ``i``: the deeper headings that follow it."""
    level = sections[i].level
    if not level:
        return
    for j in range(i + 1, len(sections)):
        if not sections[j].level or sections[j].level <= level:
            return
        yield j
