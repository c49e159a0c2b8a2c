"""Key facts beside the brief's prose: figures, actors and a timeline, each traceable.

Every item is a verbatim span of one source sentence and cites the paragraph
that holds it, like the points do.  The parts (a figure's value, unit and what
it measures; an actor's name and role; an event's date and clause) come from
spaCy's entities and dependency parse (the shared pipeline of ``briefing.nlp``).

Salience, each kind scored in [0, 1] (weights below, chosen on the dev pages):
frequency (how often the actor, or the figure's value, recurs), position
(earlier paragraphs weigh more, as in a news lead or a report's summary), and
similarity to the Bottom line (the share of the item's content words that the
Bottom line's points use).  ``weigh_against_points`` then puts each item on the
points' own scale, so that fitting the page can compare the two (see there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from typing import TYPE_CHECKING, Literal, TypeVar

from briefing.document import Document, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from briefing.brief import Brief

FactKind = Literal["figures", "actors", "timeline"]
KINDS: tuple[FactKind, ...] = ("figures", "actors", "timeline")
MAX_ITEMS = 5  # figures and actors: the issue asks for "about 3-6"; 5 fills the box without crowding the points
MAX_EVENTS = 6  # a timeline needs a few more points to read as a sequence
# What the box keeps at a glance when the article has it (the minimum): the page fit
# takes the Bottom line beyond its first three points and theme blocks beyond three first.
# The box's at-a-glance minimum, kept against points.  Three figures since a figure must say what
# its number is (_says_what): of the 39 CRS dev pages only one then extracted four.
FLOOR = {"figures": 3, "actors": 4, "timeline": 5}
PARSE_CHARS = 10_000  # sentences parsed per brief (~1,700 words, ~0.15 s): bounds a 200-page report
MAX_SPAN_TOKENS = 16  # an item is a phrase, not a paragraph: the box has narrow columns
W_FREQUENCY, W_POSITION, W_BOTTOM = 0.35, 0.35, 0.30
# The timeline's "frequency" is how precise and recent the date is; its events are spread
# through an article by nature, so position counts for less.
W_TIMELINE = (0.5, 0.2, 0.3)


@dataclass(frozen=True, slots=True)
class Figure:
    text: str  # verbatim span of the source
    value: str  # the number as written ("892.7 million", "43")
    unit: str  # "$", "percent", "tons"; "" for a bare count
    measure: str  # what the number measures: the noun phrase it belongs to
    sources: tuple[str, ...]
    score: float = 0.0  # salience in [0, 1]
    weight: float = 0.0  # salience on the points' score scale (weigh_against_points)


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    name: str  # the fullest form of the name the source uses
    role: str  # title or apposition ("Russian Foreign Minister"), or what the actor does
    sources: tuple[str, ...]
    score: float = 0.0
    weight: float = 0.0


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    text: str
    date: str  # ISO, as precise as the source: "2017-12-11", "2016-02", "2014"; "FY2027" for a U.S. fiscal year
    event: str  # the clause the date dates
    sources: tuple[str, ...]
    score: float = 0.0
    weight: float = 0.0

    @property
    def shown(self) -> str:
        """What the box prints beside ``when``: the event, whose text then need not repeat the date.

        The event is ``text`` less a date that opens or closes it (still one verbatim span).
        """
        return self.event or self.text

    @property
    def when(self) -> str:
        """The date for a reader: '11 Dec 2017', 'Feb 2016', '2014', 'FY2027'."""
        if self.date.startswith("FY"):
            return self.date
        parts = self.date.split("-")
        month = _MONTHS[int(parts[1]) - 1][:3].title() if len(parts) > 1 else ""
        return " ".join(p for p in ((str(int(parts[2])) if len(parts) > 2 else ""), month, parts[0]) if p)


FactItem = Figure | Actor | TimelineEvent
_Item = TypeVar("_Item", Figure, Actor, TimelineEvent)


@dataclass(frozen=True, slots=True)
class Facts:
    figures: tuple[Figure, ...] = ()
    actors: tuple[Actor, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()  # in date order

    def __bool__(self) -> bool:
        return bool(self.figures or self.actors or self.timeline)

    @property
    def items(self) -> tuple[FactItem, ...]:
        return (*self.figures, *self.actors, *self.timeline)

    def above_floor(self) -> tuple[FactItem, ...]:
        """Items of the kinds that hold more than their FLOOR (the box's at-a-glance minimum)."""
        return tuple(item for kind in KINDS for items in (getattr(self, kind),)
                     if len(items) > FLOOR[kind] for item in items)

    def without(self, item: FactItem) -> Facts:
        """A copy without one item (fitting the page drops the weakest)."""
        return Facts(
            tuple(f for f in self.figures if f is not item),
            tuple(a for a in self.actors if a is not item),
            tuple(t for t in self.timeline if t is not item),
        )


# ---------------------------------------------------------------------------
# Which sentences to read

_NUMBER = re.compile(r"\d")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_HAS_DATE_WORD = re.compile(r"(?i)\b(" + "|".join(_MONTHS) + r"|yesterday|today|tomorrow|last|next|this)\b")
_HAS_NAME = re.compile(r"\s[A-Z][a-z]")


def _candidates(doc: Document, preferred: Iterable[str]) -> list[Sentence]:
    """The sentences worth parsing, within PARSE_CHARS: the brief's own first, then in reading order.

    Only sentences with a number, a date word or a capitalised word after the first
    can hold an item.  The budget keeps the time bounded on a very long report;
    position weighs in salience anyway, so the first pages matter most.
    """
    first = set(preferred)
    useful = [s for s in doc.sentences if (_NUMBER.search(s.text) or _HAS_DATE_WORD.search(s.text) or _HAS_NAME.search(s.text))
              and not s.text.rstrip(" \"”'’)").endswith("?")]  # a question ("How are ... used?") states no fact
    ordered = [s for s in useful if s.id in first] + [s for s in useful if s.id not in first]
    chosen: list[Sentence] = []
    used = 0
    for s in ordered:
        if used + len(s.text) > PARSE_CHARS and chosen:
            continue
        chosen.append(s)
        used += len(s.text)
    return sorted(chosen, key=lambda s: s.position)


# ---------------------------------------------------------------------------
# Helpers on parses


def _span_text(tokens: Sequence[Token] | Span) -> str:
    if not len(tokens):
        return ""
    first, last = tokens[0], tokens[-1]
    return first.doc.text[first.idx : last.idx + len(last.text)]


def _clip(doc: Doc, start: int, end: int, keep: tuple[int, int], limit: int = MAX_SPAN_TOKENS) -> tuple[int, int]:
    """[start, end) cut to ``limit`` tokens around ``keep`` (token range that must stay)."""
    start, end = min(start, keep[0]), max(end, keep[1])
    limit = max(limit, keep[1] - keep[0])
    whole = end
    while end - start > limit and end > keep[1]:
        end -= 1
        if doc[end].text == ")":  # a bracket goes whole or not at all
            opening = next((t.i for t in reversed(doc[keep[1] : end]) if t.text == "("), None)
            end = opening if opening is not None else end
    if end < whole:
        end = _phrase_end(doc, start, end, keep)
    while end - start > limit and start < keep[0]:
        start += 1
    while True:
        before = (start, end)
        # Never cut a name or an amount in two ("the New York | Times", "$892.7 | million").
        while end > keep[1] and end < len(doc) and doc[end].ent_iob_ == "I":
            end -= 1
        while start < keep[0] and doc[start].ent_iob_ == "I":
            start += 1
        # No dangling punctuation, conjunction or auxiliary at either end.
        while start < keep[0] and (doc[start].is_punct or doc[start].dep_ in ("cc", "prep", "mark")):
            start += 1
        while end > keep[1] and ((doc[end - 1].is_punct and doc[end - 1].text not in ")]”\"")
                                 or doc[end - 1].dep_ in ("cc", "prep", "det", "mark", "case", "aux", "auxpass")
                                 or (doc[end - 1].lemma_ == "be" and doc[end - 1].dep_ == "ROOT")):
            end -= 1
        if (start, end) == before:
            return start, end


# Phrases a span can end before and still say what it says.
# Not a conjunct: "the Don't Ask, Don't Tell" and "the United States, Canada, Germany, Japan" are one whole.
_MODIFIERS = frozenset({"prep", "acl", "relcl", "advcl", "advmod", "npadvmod", "appos", "agent"})


def _phrase_end(doc: Doc, start: int, end: int, keep: tuple[int, int]) -> int:
    """An end cut for length moved back to where the phrase it cut began.

    "Rahmon cited the trade as a rationale for a potential" reads as a fragment;
    "Rahmon cited the trade as a rationale" does not.  The phrase is the
    innermost modifier (never an object: "Lavrov criticized" would lose what he
    criticized) that starts after the kept tokens and runs past the cut, so the
    least is lost; the move is made only when it keeps at least half the span
    (and four tokens).
    """
    cut = [t.left_edge.i for t in doc[keep[1] : end]
           if t.right_edge.i >= end and t.left_edge.i >= keep[1] and t.dep_ in _MODIFIERS]
    if not cut:
        return end
    phrase = max(cut)
    if phrase - start < max(4, (end - start) // 2) or doc[start:phrase].text.count('"') % 2:
        return end  # too little left, or a quotation left open ("up to 2,000 warheads)
    return phrase


def _balanced(text: str) -> bool:
    """No bracket or quotation mark left open: an item must read as a whole phrase."""
    depth = 0
    for c in text:
        depth += {"(": 1, "[": 1, "“": 1, ")": -1, "]": -1, "”": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


# ---------------------------------------------------------------------------
# Figures

_FIGURE_LABELS = {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}
# Numbers that name rather than measure: "Figure 1", "Section 101", "P.L. 119-74".
_REFERENCE_HEADS = {"figure", "table", "section", "title", "division", "part", "footnote", "page", "chapter",
                    "sec", "no", "number", "note", "appendix", "box", "u.s.c.", "stat", "h.r.", "s."}
_SCALE = {"thousand", "million", "billion", "trillion", "hundred"}
# Words of a numeric entity that qualify the number rather than name its unit.
_APPROXIMATORS = {"-", "about", "around", "approximately", "roughly", "nearly", "almost", "over", "under", "some",
                  "than", "more", "less", "up", "to", "between", "and", "or", "at", "least", "most", "just", "only"}


def _figure_parts(ent: Span) -> tuple[str, str]:
    """(value, unit) of a numeric entity: '$892.7 million' -> ('892.7 million', '$')."""
    nums = [t for t in ent if t.like_num or t.lower_ in _SCALE]
    value = _span_text(nums) if nums else ent.text
    unit_tokens = [t for t in ent if not (t.like_num or t.lower_ in _SCALE) and not t.is_punct or t.text in "$%€£"]
    words = [t.text for t in unit_tokens if t.lower_ not in _APPROXIMATORS]
    unit = " ".join(dict.fromkeys(words))  # "between 25% and 45%": "%" once
    if ent.label_ == "MONEY" and not unit:
        unit = "$"
    return value.strip("-+ "), unit


def _noun_phrase(head: Token, *, with_prep: bool = True) -> Span:
    """``head`` with its modifiers and one short "for/of/in" phrase, without articles or possessors."""
    doc = head.doc
    start = head.i
    for child in sorted(head.lefts, key=lambda c: -c.i):
        if child.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and child.i == start - 1:
            start = child.left_edge.i if child.left_edge.i >= child.i - 3 else child.i
        elif child.dep_ in ("compound", "amod", "nmod") and child.right_edge.i == start - 1:
            start = child.left_edge.i
    end = head.i + 1
    for child in head.rights if with_prep else ():
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "in", "on", "to") and child.right_edge.i - head.i <= 7:
            end = child.right_edge.i + 1
        break
    return doc[start:end]


def _measure(ent: Span) -> Span | None:
    """The noun phrase the number belongs to, as a span of its sentence."""
    root = ent.root
    doc = ent.doc
    # "1.4 tons of Afghan heroin": the thing counted hangs off the unit.
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= ent.end:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return doc[child.i + 1 : objs[0].right_edge.i + 1]
    head = root.head
    # "a 43 percent spike in opium production", "two major strategic objectives"
    if head.pos_ == "ADJ" and head.head.pos_ == "NOUN" and head.head.i > head.i:
        head = head.head  # "a 43 percent spike": "spike" tagged ADJ before its noun
    # A noun the small model tags ADJ ("spike") still shows by its role in the clause.
    nominal = head.pos_ in ("NOUN", "PROPN") or (head.pos_ == "ADJ" and head.dep_ in ("dobj", "nsubj", "pobj", "attr"))
    if root.dep_ in ("nummod", "npadvmod", "compound", "amod", "quantmod", "nmod") and nominal and head.i >= ent.end:
        span = _noun_phrase(head)
        return doc[ent.end : span.end]
    # "appropriation of $1.420 billion"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(head.head, with_prep=False)
    # Otherwise what the clause is about: "the request is $892.7 million", "would cut
    # funding for X from $200.1 million to $136.5 million".
    verb, steps = root, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and steps < 4:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    inside = range(ent.start, ent.end)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.i not in inside and c.pos_ in ("NOUN", "PROPN")]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside and c.pos_ in ("NOUN", "PROPN")]
    chosen = objects or subjects
    if not chosen:
        return None
    return _noun_phrase(chosen[0])


_ORDINAL_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)$")
_YEAR_LIKE = re.compile(r"^(?:1[89]|20)\d{2}$")


def _numbers(sdoc: Doc) -> list[Span]:
    """Numeric entities that can measure something, and numbered ordinals ("201st") the model misses."""
    out = [e for e in sdoc.ents if e.label_ in _FIGURE_LABELS and any(t.like_num for t in e)]
    taken = {i for e in sdoc.ents for i in range(e.start, e.end) if e.label_ in _FIGURE_LABELS | {"DATE", "TIME", "LAW"}}
    out += [sdoc[t.i : t.i + 1] for t in sdoc if _ORDINAL_DIGITS.match(t.text) and t.i not in taken]
    return sorted(out, key=lambda e: e.start)


_SMALL_WORDS = frozenset("two three four five six seven eight nine".split())


def _small_count(figure: Figure) -> bool:
    value = figure.value.lower()
    return figure.unit == "" and (value in _SMALL_WORDS or (value.isdigit() and int(value) < 10)
                                  or bool(_ORDINAL_DIGITS.match(value)))


_BETWEEN = frozenset({"aux", "auxpass", "neg", "advmod"})


def _with_clause(sdoc: Doc, start: int, end: int) -> tuple[int, int]:
    """A figure's span with the short clause that says what the number is.

    "1,392 NIH grant awards" were terminated; "About 60 embassies" are partner
    posts: the bare noun phrase misleads.  An object takes its verb and a short
    subject before it ("HHS had terminated 1,392 NIH grant awards"); a subject
    takes its verb and a short complement after it ("About 60 embassies are
    currently partner posts").  Only where the words between are the verb and its
    auxiliaries, negation and adverbs, and the whole stays within MAX_SPAN_TOKENS.
    """
    roots = [t for t in sdoc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    if len(roots) != 1:
        return start, end
    head = roots[0]
    verb = head.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i == head.i:
        return start, end
    between = lambda lo, hi: all(t.i == verb.i or (t.head.i == verb.i and t.dep_ in _BETWEEN) for t in sdoc[lo:hi])  # noqa: E731
    if head.dep_ == "dobj" and verb.i < start:
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i and c.pos_ != "PRON"
                    and c.lower_ not in _REFERENCE_HEADS]  # not "Table 1 also does not include ..."
        if subjects and between(subjects[0].right_edge.i + 1, start):
            new_start = subjects[0].left_edge.i
            if end - new_start <= MAX_SPAN_TOKENS and subjects[0].right_edge.i - new_start < 6:
                return new_start, end
    if head.dep_ in ("nsubj", "nsubjpass") and verb.i >= end:
        complements = [c for c in verb.children if c.i > verb.i and c.dep_ in ("attr", "acomp", "dobj", "oprd")]
        last = complements[0].right_edge.i + 1 if complements else (verb.i + 1 if head.dep_ == "nsubjpass" else None)
        if last is not None and between(end, complements[0].left_edge.i if complements else verb.i + 1) and last - start <= MAX_SPAN_TOKENS:
            return start, last
    return start, end


# Nouns that say what a number did: "a 43 percent spike in opium production".
_CHANGE_NOUNS = frozenset("""
increase increases decrease decreases rise rises fall falls drop drops decline declines spike spikes surge jump cut
cuts reduction reductions growth gain gains loss losses shortfall deficit surplus gap
""".split())


def _says_what(sdoc: Doc, start: int, end: int) -> int | None:
    """Where a figure's span should start so that it states something of its number, or None.

    A noun phrase alone ("68 bridges", "$118 billion of these transfers", "10% global tariff")
    names a number without saying what it is: read blind on the 39 CRS dev pages, 62 box
    figures had lost their meaning so.  A span says what when it holds a verb, or a noun of
    change ("a 43 percent spike in ..."), or follows the action noun whose object it is
    ("The burning of 1.4 tons of Afghan heroin ...": the span then starts there).  A negation
    of the span's words standing outside it would reverse the claim ("not fewer than three").
    """
    span = sdoc[start:end]
    inside = range(start, end)
    if any(t.dep_ == "neg" and t.i not in inside and t.head.i in inside for t in sdoc):
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span):
        return start
    if any(t.lower_ in _CHANGE_NOUNS for t in span):
        return start
    root = span.root
    of = root.head
    if root.dep_ == "pobj" and of.lower_ == "of" and of.i == start - 1 and of.head.i == start - 2:
        action = of.head
        if action.pos_ == "NOUN" and (action.tag_ == "VBG" or action.lower_.endswith(("ing", *_EVENT_SUFFIXES))
                                      or action.lower_ in _EVENT_NOUNS):
            first = action.left_edge.i
            if end - first <= MAX_SPAN_TOKENS:
                return first
    return None


def _figures(doc: Document, parsed: Sequence[tuple[Sentence, Doc]]) -> list[Figure]:
    out: list[Figure] = []
    for sentence, sdoc in parsed:
        spans: list[tuple[int, int, Figure]] = []
        covered: set[int] = set()
        for ent in sdoc.ents:
            if ent.label_ in ("DATE", "TIME", "LAW") or _FY.fullmatch(ent.text):
                covered.update(range(ent.start, ent.end))
        for ent in _numbers(sdoc):
            if any(t.text in ("§", "U.S.C.", "U.S.C") for t in sdoc[max(ent.start - 1, 0) : ent.end + 1]):
                continue  # a statute's citation
            if ent.label_ in ("CARDINAL", "") and ent.root.head.pos_ not in ("NOUN", "PROPN"):
                continue  # a bare count with nothing counted ("one of the two")
            if ent.start > 0 and sdoc[ent.start - 1].lower_.strip(".") in _REFERENCE_HEADS:
                continue
            if ent.root.head.lower_.strip(".") in _REFERENCE_HEADS or set(range(ent.start, ent.end)) & covered:
                continue
            if ent.label_ in ("CARDINAL", "") and _YEAR_LIKE.match(ent.text):
                continue  # "the 2025 economics study": a year the model did not call a date
            if ent.label_ == "CARDINAL" and _figure_parts(ent)[0].lower() in ("one", "1"):
                continue  # "one point", "One court": a count of one is no key figure
            if (ent.label_ == "CARDINAL" and ent.text.isdigit() and int(ent.text) < 100
                    and ent.root.dep_ == "nummod" and ent.root.head.pos_ == "PROPN"):
                continue  # "3 Field Artillery Regiment", "1 MDTF": a unit's designation, not a quantity
            if ent.end < len(sdoc) and sdoc[ent.end].text in ("-", "–") and sdoc[ent.end].idx == sdoc[ent.end - 1].idx + len(sdoc[ent.end - 1].text):
                continue  # "three-judge", "10-year": a compound adjective, not a quantity
            measure = _measure(ent)
            if measure is None or not any(t.pos_ == "NOUN" for t in measure) or not measure.text[:1].isalnum():
                continue
            keep_end = ent.end
            # "$527.8 million less (-37%)": the share in brackets belongs to the amount.
            for i in range(ent.end, min(ent.end + 3, len(sdoc) - 2)):
                if sdoc[i].text == "(" and "%" in sdoc[i + 1 : i + 4].text and ")" in [t.text for t in sdoc[i + 1 : i + 5]]:
                    keep_end = next(t.i for t in sdoc[i + 1 : i + 5] if t.text == ")") + 1
                    break
            if ent.start > 0 and sdoc[ent.start - 1].text == "(":
                continue  # told with the amount before it
            keep_start = ent.start - 1 if ent.start > 0 and sdoc[ent.start - 1].text in ("$", "€", "£") else ent.start
            start, end = _clip(sdoc, min(keep_start, measure.start), max(keep_end, measure.end), (keep_start, keep_end))
            start, end = _with_clause(sdoc, start, end)
            said = _says_what(sdoc, start, end)
            if said is None:
                continue
            start = said
            value, unit = _figure_parts(ent)
            text = _span_text(sdoc[start:end])
            if not _balanced(text):
                continue  # "BIE, BLM, NPS, FWS, and FS) was $9.5 billion": begun inside a bracket
            spans.append((start, end, Figure(text, value, unit, _span_text(measure).strip(" ,;("), (sentence.paragraph_id,))))
        # "from $35.9 million for FY2026 to $38.0 million": one figure, the longer span.
        out += [f for s, e, f in spans if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in spans)]
    return out


# ---------------------------------------------------------------------------
# Actors

# Words that make the words before a name a title ("Foreign Minister", "IMEMO Afghanistan expert").
_TITLE_WORDS = frozenset("""
minister president vice secretary director advisor adviser chair chairman chairwoman chairperson ceo chief head
leader spokesman spokeswoman spokesperson senator sen rep representative congressman congresswoman governor gov
mayor ambassador envoy commander general admiral colonel col lieutenant lt gen adm officer official justice judge
attorney administrator commissioner deputy undersecretary under-secretary expert analyst professor prof dr
economist researcher scholar candidate king queen prince princess emperor premier chancellor speaker whip
member mp founder owner executive manager coordinator inspector auditor comptroller treasurer counsel
sheikh ayatollah mullah pope bishop rabbi imam captain sergeant marshal dictator president-elect
""".split())
_ROLE_DEPS = ("compound", "amod", "nmod", "npadvmod", "poss", "punct", "appos", "nummod", "det")
_STRIP = re.compile(r"(?:[’']s?)$")


def _clean_name(text: str) -> str:
    text = _STRIP.sub("", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.")


def _title_role(ent: Span) -> tuple[int, int] | None:
    """Token range of a title before the name: 'Russian Foreign Minister' Sergey Lavrov."""
    root, doc = ent.root, ent.doc
    start = ent.start
    while start > 0:
        tok = doc[start - 1]
        if _FUSED.search(tok.text):
            break  # the title starts after a sentence the export fused to it
        if tok.head.i >= ent.start and tok.head.i < ent.end and tok.dep_ in ("compound", "amod", "nmod", "punct", "appos"):
            start = tok.left_edge.i if tok.left_edge.i < start - 1 else start - 1
        elif tok.head.i < ent.start and tok.head.i >= start and tok.dep_ in _ROLE_DEPS:
            start -= 1
        else:
            break
    while start < ent.start and doc[start].dep_ in ("det", "punct", "poss") and doc[start].pos_ != "PROPN":
        start += 1
    title = doc[start : ent.start]
    if not any(t.lower_.strip(".") in _TITLE_WORDS for t in title):
        return None  # "main account FEMA", "hereinafter DRRA": words before a name, not a title
    if root.dep_ == "compound":  # "the Obama administration": a modifier, not the person
        return None
    return start, ent.start


def _apposition_role(ent: Span) -> tuple[int, int] | None:
    """'Yuri Krupnov, Ivanov's leading advisor' or 'the head of X, Viktor Ivanov'."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            if child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == "(" or child.left_edge.text == "(":
                return None  # "(USGS)": an abbreviation, not a role
            if child.tag_ in ("NNS", "NNPS") or child.pos_ == "PROPN":
                return None  # "the U.S. Postal Service, common carriers": a list, not a role
            return child.left_edge.i, child.right_edge.i + 1
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
        head = root.head
        return head.left_edge.i, ent.start
    return None


def _copula_role(ent: Span) -> tuple[int, int] | None:
    """'Samuel Ramani is a DPhil candidate in International Relations'."""
    root = ent.root
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for child in root.head.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                return child.left_edge.i, child.right_edge.i + 1
    return None


_NOT_ACTIONS = frozenset({"have", "be", "do", "describe", "discuss", "address", "note", "consider", "examine"})


def _predicate_role(ent: Span) -> tuple[int, int] | None:
    """What the actor does, where no title says who it is: 'Congress created the USGS'.

    Only an action stated as done or due: not a possibility ("Congress may consider the
    extent to which"; "will", "shall" and "must" state a procedure and stay), a negation ("MOA does not discuss"), a possession ("Typhon has four
    launch cells") or what a text says ("Army describes MDTFs").  The role runs to
    the end of the verb's complements, so it is never cut after its first object
    ("Congress required the President" said nothing of what he was required to do);
    one too long for the box is no role.
    """
    root = ent.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.pos_ != "VERB" or verb.lemma_.lower() in _NOT_ACTIONS:
        return None
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.pos_ == "VERB":
        return None  # "GAO found that HHS had violated ...": another's finding or claim, not the actor's act
    if verb.dep_ == "relcl":
        return None  # "the DRF, which FEMA uses to provide ...": what it acts on is outside the clause
    if _possibility(verb) or any(c.dep_ == "neg" for c in verb.children):
        return None
    complements = [c for c in verb.children if c.i > verb.i and c.dep_ in _COMPLEMENTS]
    if not any(c.dep_ in ("dobj", "ccomp", "attr") for c in complements):
        return None  # "FEMA uses to provide ...": a transitive verb whose object the parse lost
    left = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("advmod", "aux") and c.i > ent.end - 1])
    return left, max(c.right_edge.i for c in complements) + 1


# Modals that state a procedure, not a possibility: "The Regional Administrator will review the appeal".
_PROCEDURE = frozenset({"will", "shall", "must"})


def _possibility(verb: Token) -> bool:
    """Whether a modal makes the verb a possibility or a proposal ("may", "would", "could")."""
    return any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in _PROCEDURE for c in verb.children)
# "the American Rescue Plan Act of 2021 (ARPA; P.L. 117-2)", "Infrastructure Investment and Jobs Act (IIJA)"
_LAW_WORDS = r"(?:Act|Acts|Law|Treaty|Convention|Amendment|Code|Resolution)"
_LAW_NAME = re.compile(rf"\b{_LAW_WORDS}\b")
_LAW_DEFINITION = re.compile(rf"\b{_LAW_WORDS}(?: of \d{{4}})?,? \(([A-Z][A-Za-z&]*[A-Z])\b")
_COMPLEMENTS = frozenset({"dobj", "xcomp", "ccomp", "attr", "dative", "prt", "oprd", "acomp"})
# "April 2025.The incumbent ... Prime Minister": two sentences fused where the export lost a space.
_FUSED = re.compile(r"[a-z0-9][.!?][A-Z]")
# "see CRS In Focus IF11962", "Executive Order 14184": a numbered document, not an actor.
_NUMBERED = re.compile(r"\d{3,}")


@dataclass
class _ActorDraft:
    name: str
    label: str
    mentions: int
    first: int  # paragraph position
    paragraphs: set[str]
    role: tuple[str, str, str, int] | None  # role, text, paragraph id, rank of the role source (lower is better)


def _actor_key(name: str, label: str) -> str:
    return name.split()[-1].lower() if label == "PERSON" else name.lower()


def _actors(doc: Document, parsed: Sequence[tuple[Sentence, Doc]]) -> list[tuple[Actor, int, int]]:
    """Actors with a role, and per actor its mention count and first paragraph position."""
    from briefing.condense import demonstrative_reference

    positions = {p.id: p.position for p in doc.paragraphs}
    persons: set[str] = set()
    acronyms: dict[str, str] = {}
    # A law's acronym is defined once, often in a sentence too far in to be parsed: read the text.
    laws = {m.group(1).lower() for p in doc.paragraphs for m in _LAW_DEFINITION.finditer(p.text)}
    for _, sdoc in parsed:
        for ent in sdoc.ents:
            if ent.label_ == "PERSON":
                persons.add(_clean_name(ent.text).split()[-1].lower() if _clean_name(ent.text) else "")
            # "Russian International Affairs Council (RIAC)": the acronym is the same actor.
            if ent.label_ in ("ORG", "LAW") and ent.end + 2 < len(sdoc) and sdoc[ent.end].text == "(" and sdoc[ent.end + 2].text in ")];,":
                acronyms[sdoc[ent.end + 1].text.lower()] = _clean_name(ent.text).lower()

    drafts: dict[str, _ActorDraft] = {}
    for sentence, sdoc in parsed:
        for ent in sdoc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            name = _clean_name(ent.text)
            if not name or not any(c.isalpha() for c in name) or len(name) > 80 or _NUMBERED.search(name):
                continue
            if _LAW_NAME.search(name) or name.lower() in laws:
                continue  # a law or a treaty acts through people; it is not one of them
            before = sdoc[ent.start - 1] if ent.start > 0 else None
            if (before is not None and before.pos_ == "NOUN" and before.lower_ not in _TITLE_WORDS
                    and (before.head.i in range(ent.start, ent.end) or ent.root.head.i == before.i)):
                continue  # "the containership Dali": a thing with a name, not an actor ("expert Stepanova" stays)
            if (before is not None and before.pos_ == "PROPN" and before.head.i in range(ent.start, ent.end)
                    and not before.ent_type_ and before.lower_.strip(".") not in _TITLE_WORDS):
                continue  # "Lockheed | Martin": the model cut the name, and half a name is nobody
            label = ent.label_
            # The small model calls a bare surname an ORG at times ("Lavrov claimed"): one actor.
            if label == "ORG" and len(name.split()) == 1 and name.lower() in persons:
                label = "PERSON"
            key = _actor_key(name, label)
            key = acronyms.get(key, key)
            draft = drafts.get(key)
            if draft is None:
                draft = drafts[key] = _ActorDraft(name, label, 0, positions[sentence.paragraph_id], set(), None)
            draft.mentions += 1
            draft.paragraphs.add(sentence.paragraph_id)
            if len(name) > len(draft.name) and not (label == "ORG" and name.isupper()):
                draft.name = name
            for rank, finder in enumerate((_title_role, _apposition_role, _copula_role, _predicate_role)):
                if draft.role is not None and draft.role[3] <= rank:
                    break
                found = finder(ent)
                if found is None:
                    continue
                rs, re_ = found
                role = _span_text(sdoc[rs:re_]).strip(" ,;")
                start, end = _clip(sdoc, min(rs, ent.start), max(re_, ent.end), (ent.start, ent.end))
                while end - start > 1 and sdoc[end - 1].tag_ == "POS":
                    end -= 1  # "U.S. President Donald Trump’s": the actor, not the possessive
                text = _span_text(sdoc[start:end])
                if (not _balanced(role) or not _balanced(text) or len(role.split()) > 16 or role not in text
                        or not any(c.isalpha() for c in role) or role.startswith("(") or _FUSED.search(text)
                        or role.lower().startswith("see ") or demonstrative_reference(sdoc[rs:re_]) is not None):
                    continue  # ... or "GAO reached this conclusion": which conclusion?
                draft.role = (role, text, sentence.paragraph_id, rank)
                break
    # "the Court" after "the Supreme Court", "the Mint" after "the U.S. Mint": the short name is
    # the long one's last word, and one actor (when only one longer name ends so).
    for key in [k for k, d in drafts.items() if d.label == "ORG" and " " not in k]:
        longer = [k for k, d in drafts.items() if d.label == "ORG" and k != key and k.endswith(" " + key)]
        if len(longer) == 1:
            short, long_ = drafts.pop(key), drafts[longer[0]]
            long_.mentions += short.mentions
            long_.first = min(long_.first, short.first)
            if long_.role is None or (short.role is not None and short.role[3] < long_.role[3]):
                long_.role = short.role
    out = []
    for draft in drafts.values():
        if draft.role is None:
            continue
        role, text, pid, _ = draft.role
        out.append((Actor(text, draft.name, role, (pid,)), draft.mentions, draft.first))
    return out


# ---------------------------------------------------------------------------
# Timeline

_FULL = re.compile(r"(?i)\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"(?i)\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"(?i)\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_MONTH = re.compile(r"(?i)^(?:(?:in|early|late|mid|since|by|the)[\s-]+)*(" + "|".join(_MONTHS) + r")$")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_FY = re.compile(r"(?i)\bFY\s?(\d{4}|\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})(?:s\b)?")
_RELATIVE_YEAR = {"last year": -1, "this year": 0, "next year": 1, "a year ago": -1}
_RELATIVE_DAY = {"yesterday": -1, "today": 0, "tomorrow": 1}


def reference_date(doc: Document, texts: Iterable[str] = ()) -> Date | None:
    """What relative dates resolve against: the document's date, else the latest full date it states."""
    if doc.date:
        found = resolve_date(doc.date, None)
        if found is not None:
            return _to_date(found)
    latest: Date | None = None
    for text in texts:
        for m in _FULL.finditer(text):
            try:
                d = Date(int(m.group(3)), _MONTH_ABBR[m.group(1)[:3].lower()], int(m.group(2)))
            except ValueError:
                continue
            latest = d if latest is None or d > latest else latest
    return latest


def _to_date(iso: str) -> Date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return Date(parts[0], parts[1], parts[2])


def resolve_date(text: str, ref: Date | None) -> str | None:
    """An ISO date, as precise as ``text``: '2017-12-11', '2016-02', '2014'; None if vague.

    A month, or a month and day, without a year takes the reference year; a
    month later than the reference's takes the year before ('in February',
    written in December 2017, is February 2017).  Ranges keep their first
    year, fiscal years their FY; a decade stays a decade ('1990s').
    """
    t = text.strip()
    low = t.lower()
    if m := _NUMERIC.search(t):
        return f"{int(m.group(3)):04d}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    if m := _FULL.search(t):
        return f"{int(m.group(3)):04d}-{_MONTH_ABBR[m.group(1)[:3].lower()]:02d}-{int(m.group(2)):02d}"
    if m := _MONTH_YEAR.search(t):
        return f"{int(m.group(2)):04d}-{_MONTH_ABBR[m.group(1)[:3].lower()]:02d}"
    if m := _FY.search(t):
        year = int(m.group(1))
        return f"FY{year + 2000 if year < 100 else year:04d}"
    if m := _YEAR.search(t):
        return m.group(0)  # "1990s" stays a decade: "since the 1990s" is not an event of 1990
    if ref is None:
        return None
    if m := _MONTH_DAY.search(t):
        month, day = _MONTH_ABBR[m.group(1)[:3].lower()], int(m.group(2))
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    if m := _MONTH.match(low):
        month = _MONTH_ABBR[m.group(1)[:3]]
        year = ref.year if month <= ref.month else ref.year - 1
        return f"{year:04d}-{month:02d}"
    for phrase, delta in _RELATIVE_YEAR.items():
        if low == phrase:
            return f"{ref.year + delta:04d}"
    for phrase, delta in _RELATIVE_DAY.items():
        if low == phrase:
            return Date.fromordinal(ref.toordinal() + delta).isoformat()
    return None


def _dated_clause(ent: Span) -> tuple[int, int, Token] | None:
    """The clause a date entity dates: the verb (or noun) it hangs from, with its arguments, and that head."""
    tok = ent.root
    steps = 0
    while tok.dep_ in ("pobj", "prep", "npadvmod", "nmod", "compound", "nummod", "amod", "appos", "conj") and steps < 4:
        if tok.head.i == tok.i:
            break
        tok = tok.head
        steps += 1
        if tok.pos_ in ("VERB", "AUX"):
            break
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head  # "The previous FY2026 budget request also proposed ...": the verb's clause
    if tok.pos_ in ("VERB", "AUX"):
        subject = any(c.dep_.startswith("nsubj") for c in tok.children)
        named = ent.root.head  # the noun a date names: "Lavrov's December 4 call for ..."
        if (not subject and tok.dep_ in ("conj", "xcomp") and named.pos_ == "NOUN"
                and ent.root.dep_ in ("compound", "npadvmod", "nmod", "nummod")):
            # The verb's subject is in another clause ("Moscow gives ... and increases the credibility
            # of Lavrov's December 4 call"): the dated noun phrase reads alone, the verb does not.
            return named.left_edge.i, named.right_edge.i + 1, named
        if not subject and tok.dep_ == "acl" and tok.head.pos_ == "NOUN":
            # A verb without a subject that modifies a noun ("the threat posed by ... since the 1990s",
            # "Trump's refusal to address ... in his August 21 speech"): the noun phrase says what happened.
            return tok.head.left_edge.i, max(tok.head.i, tok.right_edge.i) + 1, tok.head
        keep = [c for c in tok.children if c.dep_ not in ("advcl", "ccomp", "conj", "cc", "punct", "mark", "parataxis", "relcl")
                or (c.dep_ == "ccomp" and c.i > tok.i)]  # "stated that ...": what was stated is the event
        keep.append(tok)
        return min(c.left_edge.i for c in keep), max(c.right_edge.i for c in keep) + 1, tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.i != ent.root.i:
        return tok.left_edge.i, tok.right_edge.i + 1, tok
    return None


_THE_DOCUMENT = frozenset({"report", "insight", "document", "paper", "brief", "product", "sidebar"})
_DOCUMENT_REFERENCE = re.compile(r"\b(?:Figures?|Tables?|figures|tables)\b")  # "Figure 2", "the tables below"
MAX_EVENT_TOKENS = 24  # a timeline line runs the box's full width: an event may take two lines, never half a clause
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "dobj", "ccomp", "xcomp", "attr", "oprd", "acomp",
                        "dative", "agent"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Nouns that name something that happened ("Trump's refusal to ...", "Lavrov's December 4 call for ...").
_EVENT_NOUNS = frozenset("""
call visit attack invasion ban cut vote election launch test strike talks summit speech deal order raid war
crisis interview ruling hearing meeting bombing shooting crackdown coup protest sanctions veto shutdown
reform bill treaty accord pact rule announcement decision agreement trip offensive ceasefire truce
""".split())
_EVENT_SUFFIXES = ("tion", "sion", "ment", "al", "ure", "ance", "ence")
# A date that marks a measurement or a baseline, not when something happened.
_NOT_WHEN = frozenset({"onward", "onwards", "baseline", "level", "levels", "compared", "than", "average"})


def _is_event(sdoc: Doc, start: int, end: int, head: Token, ent: Span) -> bool:
    """Whether sdoc[start:end] states a whole event: one complete phrase of ``head``.

    A line of a timeline must say what happened.  The span lies inside the head's
    phrase, and no phrase of it is cut ("Rahmon cited the trade as a rationale" of
    "... as a rationale for a potential upgrade"); a verb keeps its subject and its
    objects ("Senator Joni Ernst introduced" lost what she introduced; "to abide by
    ..." lost who abides); a noun names something that happened (a "refusal", a
    "call", not "the number of awards"); and a state measured at a date ("trade was
    $62.8 billion in 2025", "as of June 2025", "over the FY2021 baseline") is no event.
    """
    from briefing.condense import ANAPHOR, SPEECH_VERBS  # here: condense imports the Brief, which imports Facts

    inside = range(start, end)
    if not all(t.i == head.i or head.is_ancestor(t) for t in sdoc[start:end] if t.i not in range(ent.start, ent.end)):
        return False
    for child in head.children:
        if (child.left_edge.i in inside or child.i in inside) and child.right_edge.i >= end:
            return False  # a phrase cut short
        if child.dep_ in _ARGUMENTS and not (child.left_edge.i >= start and child.right_edge.i < end):
            return False  # an argument left out
    if head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
        if not subjects:
            return False
        if any(c.tag_ in ("WDT", "WP") or c.lemma_.lower() in _REFERENCE_HEADS | _THE_DOCUMENT for c in subjects):
            return False  # "which is ...": a relative clause; "Figure 3 shows", "The following sections describe": the document
        if _possibility(head):
            return False  # "funding would decrease to $25.2 million": a proposal or a guess, not what happened
        if head.lemma_ in SPEECH_VERBS and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in head.children):
            return False  # "Stepanova noted in our interview": what she noted is elsewhere
        if head.lemma_ == "be" and any(t.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL") for t in sdoc[start:end]):
            return False  # a statistic at a date
    else:
        word = head.lemma_.lower()
        if word not in _EVENT_NOUNS and not (word.endswith(_EVENT_SUFFIXES) and len(word) > 5):
            return False
    before = [t.lower_ for t in sdoc[max(ent.start - 3, 0) : ent.start]]
    after = [t.lower_ for t in sdoc[ent.end : ent.end + 2]]
    if "as" in before[-2:] and before[-1:] == ["of"] or _NOT_WHEN & set(before + after):
        return False
    if before[-2:] == ["act", "of"]:
        return False  # "the Clean Cloud Act of 2025": a law's name, not when it happened
    text = sdoc[start:end].text
    if _DOCUMENT_REFERENCE.search(text):
        return False  # "as shown in Figure 2, NIH spent ...": the report's own apparatus
    return not ANAPHOR.match(text[:1].upper() + text[1:])  # "These celebrations occurred ...": which?


def _date_spans(sdoc: Doc) -> list[Span]:
    """DATE entities, and fiscal years ("FY2027") that the small model tags as names."""
    spans = [e for e in sdoc.ents if e.label_ == "DATE" and not _year_in_a_name(e)]
    taken = {i for e in spans for i in range(e.start, e.end)}
    spans += [sdoc[t.i : t.i + 1] for t in sdoc if _FY.fullmatch(t.text) and t.i not in taken]
    return sorted(spans, key=lambda e: e.start)


def _year_in_a_name(span: Span) -> bool:
    """A bare year that ends a name ("Coronavirus Disease 2019", "Vision 2030"): no date of an event.

    R47573's timeline dated "the post-Coronavirus Disease 2019 (COVID-19) pandemic spike in
    inflation" to 2019.  A capitalised word before the year, not a month and not the sentence's
    first word, makes it part of the name; "In 2019", "March 2019" and "the 2019 report" stay dates.
    """
    if not _YEAR_LIKE.match(span.text) or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return (before.is_alpha and before.text[:1].isupper() and not before.is_sent_start
            and before.lower_ not in _MONTHS and before.lower_[:3] not in {m[:3] for m in _MONTHS})


def date_key(iso: str) -> str:
    """Sort key of a resolved date: a fiscal year starts on October 1 of the year before."""
    if iso.startswith("FY"):
        return f"{int(iso[2:]) - 1:04d}-10"
    return iso


def _event_weight(event: TimelineEvent, ref: Date | None) -> float:
    precision = 1 / 3 if event.date.startswith("FY") else (event.date.count("-") + 1) / 3
    if ref is None:
        return precision
    year = int(date_key(event.date)[:4])
    recency = 1.0 if year >= ref.year else max(0.0, 1 - (ref.year - year) / 10)
    return (precision + recency) / 2


def _past_opener(sdoc: Doc, start: int, date_start: int) -> int:
    """``start`` moved past the rest of a discourse opener ("[In] addition,", "[For] example,").

    An event cut after the preposition of "In addition," reads "addition, Section
    5708 ... expresses".  Up to three words before a comma that hold no name, number
    or hedge ("Reportedly," stays: it is the source's caution) are no part of the event.
    """
    from briefing.condense import HEDGES

    for comma in range(start + 1, min(start + 4, date_start)):
        if sdoc[comma].text == ",":
            words = sdoc[start:comma]
            if all(t.pos_ not in ("PROPN", "NUM") and t.lower_ not in HEDGES for t in words):
                return comma + 1
            break
    return start


_SPAN_OPENERS = frozenset({"since", "until", "till", "throughout"})


def _timeline(doc: Document, parsed: Sequence[tuple[Sentence, Doc]], ref: Date | None) -> list[TimelineEvent]:
    out: list[TimelineEvent] = []
    for sentence, sdoc in parsed:
        for ent in _date_spans(sdoc):
            iso = resolve_date(ent.text, ref)
            if iso is None:
                continue
            if any(t.dep_ == "prep" and t.lower_ in _SPAN_OPENERS for t in (ent.root.head, *ent.root.children)):
                continue  # "Since 2001, the ISA has issued 31 contracts": a span of years, no event of 2001
            clause = _dated_clause(ent)
            if clause is None:
                continue
            cs, ce, head = clause
            # A date inside a noun phrase keeps the phrase's noun ("his August 21 ... speech"):
            # cutting it there would leave "in his August 21 South Asia".
            named = ent.root.head
            held = named.i + 1 if (ent.root.dep_ in ("compound", "nmod", "npadvmod", "nummod", "amod")
                                   and named.pos_ in ("NOUN", "PROPN") and named.i >= ent.end) else ent.end
            start, end = _clip(sdoc, min(cs, ent.start), max(ce, held), (ent.start, held), MAX_EVENT_TOKENS)
            start = _past_opener(sdoc, start, ent.start)
            while start < ent.start and sdoc[start].dep_ == "prep" and sdoc[start].head.i == ent.root.i:
                start += 1  # "in 2014, the NFB sued Uber" after "Nevertheless,": the date opens the event
            if end - start < 4 or not _is_event(sdoc, start, end, head, ent):
                continue  # a date with no event to speak of
            # The event without its date, where the date opens or closes the clause.
            ev_start, ev_end = start, end
            if ent.start <= start + 1:
                ev_start = ent.end
            elif ent.end >= end:
                ev_end = ent.start
            while ev_start < ev_end and (sdoc[ev_start].is_punct or sdoc[ev_start].dep_ == "prep"):
                ev_start += 1
            while ev_end > ev_start and ((sdoc[ev_end - 1].is_punct and sdoc[ev_end - 1].text not in ')]”"')
                                         or sdoc[ev_end - 1].dep_ in ("prep", "det")):
                ev_end -= 1
            event = _span_text(sdoc[ev_start:ev_end])
            text = _span_text(sdoc[start:end])
            if len(event.split()) < 4 or not _balanced(text) or not any(t.pos_ in ("VERB", "NOUN") for t in sdoc[ev_start:ev_end]):
                continue
            out.append(TimelineEvent(text, iso, event, (sentence.paragraph_id,)))
    return out


# ---------------------------------------------------------------------------
# Ranking


def _position_score(pid: str, positions: dict[str, int], n: int) -> float:
    return 1.0 - positions.get(pid, n) / max(n, 1)


def _bottom_score(text: str, bottom: set[str]) -> float:
    words = _words(text)
    return len(words & bottom) / len(words) if words else 0.0


def _rank(items: list[tuple[_Item, float]], positions: dict[str, int], n: int,
          bottom: set[str], repeated: set[str], limit: int = 0) -> list[_Item]:
    """The MAX_ITEMS most salient, one per text, none a point's text word for word."""
    scored: dict[str, _Item] = {}
    for item, frequency in items:
        if _norm(item.text) in repeated or _norm(item.text) in scored:
            continue
        wf, wp, wb = W_TIMELINE if isinstance(item, TimelineEvent) else (W_FREQUENCY, W_POSITION, W_BOTTOM)
        score = (wf * frequency + wp * _position_score(item.sources[0], positions, n)
                 + wb * _bottom_score(item.text, bottom))
        scored[_norm(item.text)] = replace(item, score=round(score, 6))
    ranked = sorted(scored.values(), key=lambda i: (-i.score, positions.get(i.sources[0], n), i.text))
    return ranked[: limit or MAX_ITEMS]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def extract_facts(doc: Document, brief: Brief, kinds: Iterable[FactKind] = KINDS) -> Facts:
    """The key facts of ``doc`` for ``brief``: up to MAX_ITEMS of each kind, each traceable."""
    from briefing import nlp

    kinds = set(kinds)
    if not kinds:
        return Facts()
    point_sentences = {sid for p in brief.points for sid in p.sentence_ids}
    sentences = _candidates(doc, point_sentences)
    parsed = list(zip(sentences, nlp.parse_many(s.text for s in sentences)))
    positions = {p.id: p.position for p in doc.paragraphs}
    n = len(positions)
    bottom = {w for b in brief.blocks if b.kind == "bottom_line" for p in b.points for w in _words(p.text)}
    repeated = {_norm(p.text) for p in brief.points}

    figures: list[Figure] = []
    if "figures" in kinds:
        found = _figures(doc, parsed)
        counts: dict[str, int] = {}
        for f in found:
            counts[f.value] = counts.get(f.value, 0) + 1
        top = max(counts.values(), default=1)
        ranked_figures = _rank([(f, counts[f.value] / top) for f in found], positions, n, bottom, repeated, limit=len(found))
        one_per_value: dict[tuple[str, str], Figure] = {}
        for f in ranked_figures:  # "three cases", "three pending cases": the most salient telling
            one_per_value.setdefault((f.value, f.unit), f)
        # A small count ("two provisions") or an ordinal ("201st military base") names more than it
        # measures: it comes after every amount, share and count of ten or more.
        figures = sorted(one_per_value.values(), key=_small_count)[:MAX_ITEMS]
    actors: list[Actor] = []
    if "actors" in kinds:
        found_actors = _actors(doc, parsed)
        top = max((m for _, m, _ in found_actors), default=1)
        actors = _rank([(a, m / top) for a, m, _ in found_actors], positions, n, bottom, repeated)
    timeline: list[TimelineEvent] = []
    if "timeline" in kinds:
        ref = reference_date(doc, (s.text for s in sentences))
        events = _timeline(doc, parsed, ref)
        # Frequency, for an event: how precise its date is (a day says more than a year)
        # and how recent (a brief is about now; the 1990s are background).
        ranked = _rank([(e, _event_weight(e, ref)) for e in events], positions, n, bottom, repeated, limit=len(events))
        one_per_date: dict[str, TimelineEvent] = {}
        for e in ranked:  # the most salient event of each date: a report saying FY2027 fifty times is not fifty events
            one_per_date.setdefault(e.date, e)
        timeline = sorted(list(one_per_date.values())[:MAX_EVENTS], key=lambda e: (date_key(e.date), positions.get(e.sources[0], n)))
    return Facts(tuple(figures), tuple(actors), tuple(timeline))


def weigh_against_points(facts: Facts, scores: Sequence[float]) -> Facts:
    """Each item's weight: its rank within its kind put on the points' score scale.

    The k-th most salient item of a kind (k = 0, 1, ...) weighs as much as the
    point at quantile 1 - k/limit of the brief's point scores (limit: MAX_ITEMS,
    MAX_EVENTS for the timeline): each kind's best item matches the best point,
    its fifth the point a fifth of the way up from the weakest.  Ranks, not raw
    salience, because salience is comparable within a kind only.  Fitting the
    page then drops whichever is lighter, the weakest point or the weakest item,
    so the box shrinks before the points do only where its items are the weaker
    (a tie drops the item: the box is an extra beside the prose).
    """
    ordered = sorted(scores)
    if not ordered:
        return facts

    def weight(rank: int, limit: int) -> float:
        pos = (1 - rank / limit) * (len(ordered) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(ordered) - 1)
        return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 6)

    def ranks(items: Sequence[FactItem]) -> dict[int, int]:
        order = sorted(range(len(items)), key=lambda i: (-items[i].score, i))
        return {i: r for r, i in enumerate(order)}

    fr, ar, tr = ranks(facts.figures), ranks(facts.actors), ranks(facts.timeline)
    return Facts(
        tuple(replace(f, weight=weight(fr[i], MAX_ITEMS)) for i, f in enumerate(facts.figures)),
        tuple(replace(a, weight=weight(ar[i], MAX_ITEMS)) for i, a in enumerate(facts.actors)),
        tuple(replace(t, weight=weight(tr[i], MAX_EVENTS)) for i, t in enumerate(facts.timeline)),
    )
