"""Condense each extractive point: shorter, still the source's words, and readable alone.

Compression only deletes (a point's words stay an in-order subsequence of its
source sentence), guided by spaCy's dependency parse (``briefing.nlp``):

- discourse openers ("In addition,", "However,", "But");
- the circumstance of an attribution ("noted in our recent interview");
- parentheticals, and acronym glosses the rest of the brief never uses;
- non-restrictive relative clauses (", which ...,"), appositives of a name
  (", Tajikistan's president,"), participial phrases set off by commas;
- a leading subordinate clause or phrase that only sets the scene
  ("Even though ...,", "In a press conference,").

No deletion may take a number, a date, a negation, a hedge ("may",
"reportedly") or the person who said or did it (``_protected``); the main verb
and its arguments are never candidates.  Nor may it take what a policy reader
needs to judge the claim, which CRS summary writers keep when they reuse a
sentence: a cause ("Because ..."), how a figure is measured ("(as measured by
...)"), whom it is for (", particularly for ..."), a magnitude, rate or
frequency ("significantly", "quickly", "typically").  A point must then stand
alone: one that opens with an anaphor ("He", "These", "The move"), or whose main
clause has a pronoun for its subject ("During the 18th century, most were ..."),
takes its antecedent from the sentences before it (a name, recorded as an
``antecedent`` edit) or is merged with the sentence before it; one that only announces what follows
("... for various reasons, including") gives way.  An acronym the brief has
not yet spelled out is expanded from the source's own definition.  Every
condensed point passes the faithfulness guard or stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefing.brief import Brief, BriefBlock, Edit, Point
from briefing.document import Document, Sentence
from briefing.pointable import may_be_point

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Deleting any of these would change what the point claims.
HEDGES = frozenset(
    "may might could would should can must reportedly allegedly apparently likely unlikely possibly perhaps "
    "probably potentially potential estimated about approximately nearly almost around roughly some "
    "appears appear appeared seems seem seemed suggests suggest suggested expected".split()
)
NEGATIONS = frozenset("not no never none neither nor without cannot n't nothing nobody hardly".split())
_NUMBER_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"})
_WHO = frozenset({"PERSON"})  # who said or did it
_PLACE_OR_ACTOR = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})

# "For example," stays: without it one case reads as the rule.
_RUN_IN_LABEL = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:&|and|of|the|for|[A-Z][\w'’.-]*)){0,5}:\s+(?=[A-Z\"“])")
_OPENER = re.compile(
    r"^(?:In addition|Additionally|However|Moreover|Furthermore|Meanwhile|Indeed|Nevertheless|Nonetheless|"
    r"In fact|Similarly|Likewise|Consequently|As a result|At the same time|"
    r"In other words|Notably|Importantly|Finally|Specifically|Instead|Overall|In turn|In particular|"
    r"Of course|By contrast|In contrast|On the other hand|Conversely|Thus|Therefore|Hence|Accordingly|"
    r"Also|Still|Further|First|Second|Third|Lastly|Ultimately|In short|In sum|To that end|"
    r"Currently|Today|Now|"
    # "As previously discussed, this decrease ...": a pointer to a part of the text the brief does
    # not show (the point then leans on the sentence before, if it still needs it).
    r"As (?:previously |already |noted |discussed )?(?:noted|discussed|mentioned|described|stated)"
    r"(?: above| earlier| previously| before)?),\s+"
)
_LEADING_CONJUNCTIONS = frozenset({"but", "and", "yet", "so", "also", "still", "thus", "hence"})
# Marks of a leading clause that sets the scene; "if" and "unless" make a condition, which stays.
# A cause ("because", "since", "given", and "as", which is as often a cause as a time) is a
# finding, not scenery: CRS summary writers keep it ("Because the total debt has increased faster
# than ..., the share ... has declined"; "As interest in cryptocurrencies has increased, ...").
_SCENE_MARKS = frozenset({"while", "although", "though", "whereas", "after", "when", "once", "whilst"})
_SCENE_PREPOSITIONS = frozenset({"in", "at", "during", "after", "amid", "following", "with", "despite", "since",
                                 "on", "over", "under", "through", "within", "among", "upon", "for"})
SPEECH_VERBS = frozenset("say tell note state argue write explain add claim announce warn observe remark "
                    "suggest report testify stress emphasize emphasise insist acknowledge".split())
_VENUES = frozenset("interview conference statement speech briefing remark remarks op-ed article post "
                    "meeting hearing call address session podcast blog tweet letter testimony".split())
_FILLER_ADVERBS = frozenset({"also", "indeed", "actually", "really", "very", "additionally", "furthermore",
                             "moreover", "however"})
# Manner adverbs and intensifiers a brief can do without ("widely cited" -> "cited"); never a hedge,
# a magnitude or a rate ("significantly reduce", "sharply", "heavily used", "increasing quickly"),
# a limit ("only", "largely"), a time ("recently"), how often a claim holds ("typically updated
# each year" is not "updated each year"; nor "generally", "routinely", "consistently"), or how
# an act was done where that is the act ("formally declares", "publicly stated", "directly
# funded"), or a word that softens or turns the claim ("effectively guaranteed", "increasingly").
_MANNER_ADVERBS = frozenset(
    "widely profoundly successfully strongly deeply clearly simply particularly especially actively seriously "
    "firmly readily fundamentally certainly definitely undoubtedly truly extremely highly quite rather carefully "
    "closely vigorously aggressively".split()
)
# A parenthetical or trailing phrase that says how a claim is measured, why it holds or whom it
# is for stays ("(as measured by funding obligations)", "(because the borrowing stimulated ...)",
# ", particularly for students with financial need"): CRS and GovReport summary writers keep them.
_QUALIFIER = re.compile(
    r"(?:as measured|measured|adjusted|excluding|in (?:constant|nominal|real)\b|because|since|due to|owing to|"
    r"particularly|especially|primarily|mainly|mostly|largely|chiefly|notably|only|except)\b",
    re.I,
)
# "(the most recent available for the country)": without it a 2025 estimate reads as today's.
_RECENCY = re.compile(r"\b(?:most recent|latest|as of|preliminary|estimated?|projected)\b", re.I)
_ATTRIBUTION = frozenset({"according", "per", "citing"})  # "according to his family" says who said it
_EXAMPLE_HEADS = frozenset({"including", "like"})
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,7}s?\b")
_ACRONYM_ON_NUMBER = re.compile(r"\b([A-Z][A-Z&]{1,7})(?=\d)")  # "AY2007-2008", "FY2026": a use of AY, FY
_CLOSING = frozenset({",", ".", ";", ":", ")", "!", "?", "'s", "’s", "%", "n't"})
MIN_WORDS = 5  # shorter than this is no longer a statement: keep the sentence whole
MERGE_WORDS = 60  # a merged point longer than this is a paragraph, not a point
LONG_SENTENCE = 22  # words: a shorter sentence keeps its second clause

# A point may not open with these: it depends on a sentence the brief may not show.
ANAPHOR = re.compile(
    r"^(?:This|These|That|Those|Such|It|Its|He|She|His|Her|They|Their|Them|Both|The latter|The former|"
    r"The (?:first|second|third|fourth|fifth|same|move|decision|measure|step|plan|proposal|effort|deal|"
    r"agreement|change|changes|idea|approach|development|incident|issue|issues|problem|situation|process|"
    r"port|program|programs|provision|provisions|objective|objectives|goal|goals|two|three|new law|"
    r"law|action|actions|effort|efforts|request|findings|results|result|statement|remarks|bill|bills|motion)|"
    # "For example, House and Senate rules ...": an example of what the sentence before says;
    # "Other recent proposals ...": other than those it names (both read blind as fragments).
    r"For example|For instance|Other|Another|Other such|Similar|Each of (?:these|them)|All of (?:these|them)|"
    r"Some of (?:these|them))\b"
)
_PERSONAL = re.compile(r"^(He|She|His|Her)\b")
_PERSONAL_ANYWHERE = re.compile(r"(he|she|his|her)\b", re.I)  # matched at a given position
# A sentence that only announces what follows: a category and no member of it.
ANNOUNCEMENT = re.compile(
    r"\b(?:various|several|a number of|a variety of|a range of|numerous|a host of|multiple)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:reasons|ways|factors|issues|provisions|areas|options|steps|measures|challenges|questions|changes|"
    r"approaches|elements|forms|types|kinds|considerations|concerns|actions|proposals|bills|laws)\b"
    r"(?:\s*(?:,\s*)?(?:including|such as)\b|\s*[.:]?\s*$)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Compressed:
    text: str
    edits: tuple[Edit, ...]


def words_of(text: str) -> list[str]:
    """Lower-cased word units, for the in-order-subsequence test of a condensed point."""
    return re.findall(r"[\w$%]+(?:['’.\-][\w$%]+)*", text.lower())


def is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(any(word == other for other in it) for word in short)


def _protected(tokens: Iterable[Token], ents: frozenset[str] = frozenset()) -> bool:
    """A number, date, negation or hedge among ``tokens`` (or an entity of a kind in ``ents``)."""
    for tok in tokens:
        low = tok.lower_
        if (
            tok.like_num
            or any(c.isdigit() for c in tok.text)
            or tok.ent_type_ in _NUMBER_ENTS
            or tok.ent_type_ in ents
            or tok.dep_ == "neg"
            or low in NEGATIONS
            or low in HEDGES
        ):
            return True
    return False


def _gloss_acronym(tokens: Sequence[Token]) -> str | None:
    """'RIAC' for the tokens '(', 'RIAC', ')'; None if they are not an acronym in parentheses."""
    if len(tokens) == 3 and _ACRONYM.fullmatch(tokens[1].text):
        return tokens[1].text
    return None


class _Deleter:
    """The token indices a sentence may lose, with the reason for each span."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.gone: set[int] = set()
        self.spans: list[tuple[int, int, str]] = []

    def drop(self, start: int, end: int, rule: str) -> None:
        """Delete tokens start..end-1 (and the comma pair that sets them off)."""
        doc = self.doc
        before = start - 1
        while before >= 0 and before in self.gone:
            before -= 1
        after = end
        if before >= 0 and doc[before].text in {",", "—", "–"}:
            if after < len(doc) and doc[after].text == doc[before].text:
                start, end = before, after + 1  # ", which ...," goes with both commas
            elif after >= len(doc) or doc[after].is_punct and doc[after].text in {".", ";", ":", "!", "?"}:
                start = before  # ", which ...." at the end
            elif after < len(doc) and doc[after].text == ",":
                end = after + 1
        elif after < len(doc) and doc[after].text == "," and self._at_start(start):
            end = after + 1  # a leading phrase goes with its comma
        quotes = sum(doc[i].text.count('"') + doc[i].text.count("“") + doc[i].text.count("”") for i in range(start, end))
        if quotes % 2:
            return  # the span breaks a quotation: leaving it out would strand a quotation mark
        self.gone.update(range(start, end))
        self.spans.append((start, end, rule))

    def _at_start(self, start: int) -> bool:
        return all(i in self.gone or self.doc[i].is_punct for i in range(start))

    def first_kept(self) -> int:
        i = 0
        while i < len(self.doc) and (i in self.gone or self.doc[i].is_punct and self.doc[i].text not in "\"“"):
            i += 1
        return i


def _set_off(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end-1 are set off by a comma before and a comma or the end after."""
    if start == 0 or doc[start - 1].text != ",":
        return False
    return end >= len(doc) or doc[end].text in {",", ".", ";", "!", "?"}


def _resumed(doc: Doc, verb: int, start: int) -> bool:
    """Whether the phrase at ``start`` resumes its verb after an aside: "are based, in part, on the data".

    Its comma closes the aside the verb opened, so the phrase is the verb's complement, not
    an afterthought: dropping it left "are based, in part." (SSA staffing, a CRS dev page).
    """
    between = doc[verb + 1 : start]
    return len(between) >= 3 and between[0].text == "," and between[-1].text == ","


def compress(doc: Doc, keep_acronyms: frozenset[str] = frozenset()) -> Compressed:
    """The sentence ``doc`` with what a brief does not need deleted (see the module's rules)."""
    d = _Deleter(doc)
    text = doc.text
    # A run-in label the source set in bold before its sentence ("Criminal Law & Procedure: The
    # Sixth Circuit held ..."): the brief's block says the topic.
    label = _RUN_IN_LABEL.match(text)
    if label:
        idx = [t.i for t in doc if t.idx < label.end()]
        d.drop(idx[0], idx[-1] + 1, "run-in label")
    # Discourse openers, possibly several ("However, in addition, ...").
    while True:
        start = doc[d.first_kept()].idx if d.first_kept() < len(doc) else len(text)
        match = _OPENER.match(text[start:])
        if match:
            end_char = start + match.end()
            idx = [t.i for t in doc if start <= t.idx < end_char]
            d.drop(idx[0], idx[-1] + 1, "opener")
            continue
        first = d.first_kept()
        if first < len(doc) - 1 and doc[first].lower_ in _LEADING_CONJUNCTIONS and doc[first].dep_ in ("cc", "advmod") \
                and doc[first + 1].lower_ not in {"far", "much", "many", "that", "long"} and doc[first + 1].text != ",":
            d.drop(first, first + 1, "opener")
            continue
        break
    # Parentheticals and acronym glosses.
    i = 0
    while i < len(doc):
        if doc[i].text == "(":
            j = i + 1
            # Up to the token that closes it.  A closing bracket glued into a token ("LRF)—with":
            # the tokenizer does not split at an em dash) or a new opening one ends the search
            # without a deletion: the next lone ")" belongs to another parenthetical, and matching
            # it deleted "(LRF)—with mandatory spending authority to address deferred maintenance (DM)".
            while j < len(doc) and doc[j].text != ")" and not ("(" in doc[j].text or ")" in doc[j].text):
                j += 1
            if j < len(doc) and doc[j].text == ")":
                inner = doc[i : j + 1]
                acronym = _gloss_acronym(list(inner))
                if acronym is not None:
                    if acronym not in keep_acronyms:
                        d.drop(i, j + 1, "acronym gloss")
                elif not _protected(inner, _WHO) and not _QUALIFIER.match(doc[i + 1 : j].text) \
                        and not _RECENCY.search(inner.text):
                    d.drop(i, j + 1, "parenthetical")
            i = j - 1 if j < len(doc) and doc[j].text == "(" else j  # a new "(" is looked at next
        i += 1
    # Leading scene-setting clause or phrase (after the openers), attached to the main verb.
    first = d.first_kept()
    if first < len(doc):
        for tok in doc:
            if tok.left_edge.i != first or tok.head.dep_ != "ROOT" or tok.i == tok.head.i:
                continue
            end = tok.right_edge.i + 1
            if end >= len(doc) or doc[end].text != ",":
                continue
            if end + 1 >= len(doc) or doc[end + 1].is_punct:
                break  # 'In his autobiography, "Prayer ...," he ...': the rest would open on a quotation
            span = doc[first:end]
            marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
            if tok.dep_ == "advcl" and marks & _SCENE_MARKS and not _protected(span, _WHO):
                d.drop(first, end, "scene clause")
            elif tok.dep_ == "prep" and tok.lower_ in _SCENE_PREPOSITIONS and not _protected(span, _PLACE_OR_ACTOR) \
                    and span.text.lower() not in ("for example", "for instance"):
                d.drop(first, end, "scene phrase")
            break
    for tok in doc:
        if tok.i in d.gone:
            continue
        start, end = tok.left_edge.i, tok.right_edge.i + 1
        if any(i in d.gone for i in range(start, end)) or start == 0:
            continue
        span = doc[start:end]
        if tok.dep_ == "relcl" and doc[start].lower_ in {"which", "who", "whom", "whose"} and _set_off(doc, start, end):
            if not _protected(span):
                d.drop(start, end, "relative clause")
        elif tok.dep_ == "appos" and _set_off(doc, start, end) and (
            tok.head.pos_ == "PROPN" or tok.head.ent_type_ in _PLACE_OR_ACTOR
        ):
            if not _protected(span, _WHO) and not (tok.pos_ == "PROPN" and tok.head.pos_ != "PROPN"):
                d.drop(start, end, "appositive")
        elif tok.dep_ in ("acl", "advcl") and tok.tag_ in ("VBN", "VBG") and doc[start].i == tok.i \
                and _set_off(doc, start, end):
            if not _protected(span, _WHO):
                d.drop(start, end, "participial phrase")
        elif tok.dep_ == "prep" and tok.head.lemma_ in SPEECH_VERBS and any(
            c.dep_ == "pobj" and c.lemma_.lower() in _VENUES for c in tok.children
        ):
            if not _protected(span):
                d.drop(start, end, "attribution circumstance")
        elif tok.dep_ == "prep" and (tok.lower_ in _EXAMPLE_HEADS or tok.lower_ == "as" and any(
            c.lower_ == "such" for c in tok.children
        ) or tok.lower_ == "as" and start > 0 and doc[start - 1].lower_ == "such") and doc[start - 1 if doc[start - 1].lower_ != "such" else start - 2].text == ",":
            lo = start - 1 if doc[start - 1].lower_ == "such" else start
            if not _protected(doc[lo:end], _WHO) and _set_off(doc, lo, end):
                d.drop(lo, end, "examples")
        elif tok.dep_ == "prep" and tok.head.pos_ in ("VERB", "AUX") and _set_off(doc, start, end) and end >= len(doc) - 1 \
                and tok.lower_ not in _ATTRIBUTION and not _QUALIFIER.match(span.text) and not _resumed(doc, tok.head.i, start):
            if not _protected(span, _WHO):
                d.drop(start, end, "trailing phrase")
        elif tok.dep_ == "advmod" and tok.lower_ in _MANNER_ADVERBS and end - start == 1 and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
            if doc[start - 1].text != "," and (end >= len(doc) or doc[end].text != ","):
                d.drop(start, end, "manner adverb")
        elif tok.dep_ == "advmod" and tok.lower_ in _FILLER_ADVERBS and end - start == 1:
            if start > 0 and doc[start - 1].text == "," and end < len(doc) and doc[end].text == ",":
                d.drop(start, end, "filler")
            elif doc[start - 1].text != ",":
                d.drop(start, end, "filler")
    _drop_second_clause(doc, d)
    if not d.gone:
        return Compressed(text, ())
    condensed = _join(doc, d.gone)
    if len(condensed.split()) < MIN_WORDS:
        return Compressed(text, ())
    edits = tuple(
        Edit("drop", removed=doc[s:e].text.strip(" ,"), rule=rule) for s, e, rule in sorted(d.spans)
    )
    return Compressed(condensed, edits)


def _drop_second_clause(doc: Doc, d: _Deleter) -> None:
    """", and <another clause with its own subject>" at the end of a long sentence: a second fact, left out.

    Only when it states no number, date, negation, hedge or person: then the
    point keeps its first claim whole and loses nothing the guard checks.
    """
    if sum(1 for i, t in enumerate(doc) if i not in d.gone and not t.is_punct) < LONG_SENTENCE:
        return
    for tok in doc:
        if tok.dep_ != "conj" or tok.head.dep_ != "ROOT" or tok.i in d.gone:
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
            continue  # a shared subject: "X rose and fell" is one claim
        cc = [c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i and c.lower_ == "and"]
        start = tok.left_edge.i
        if not cc or cc[-1].i != start - 1 or doc[start - 2].text != ",":
            continue
        end = tok.right_edge.i + 1
        if end < len(doc) - 1 or any(i in d.gone for i in range(start - 2, end)):
            continue
        if not _protected(doc[start - 1 : end], _WHO):
            d.gone.update(range(start - 2, end))
            d.spans.append((start - 2, end, "second clause"))
        return


def _join(doc: Doc, gone: set[int]) -> str:
    """The kept tokens as text: spacing mended across the gaps, first letter capitalised, ends with a stop."""
    out = ""
    last = -2
    for tok in doc:
        if tok.i in gone:
            continue
        if out and tok.i != last + 1 and not out.endswith(" ") and tok.text not in _CLOSING:
            out += " "
        if tok.i != last + 1 and tok.text in {",", ";", ":"} and (not out.strip() or out.rstrip()[-1] in ",;:("):
            last = tok.i
            continue  # a comma left stranded by a deletion
        if out.endswith(" ") and tok.text in _CLOSING and tok.i != last + 1:
            out = out.rstrip()
        if tok.text == "." and out.rstrip().endswith("."):
            last = tok.i
            continue  # "Inc." then the full stop
        out += tok.text_with_ws
        last = tok.i
    out = re.sub(r"\s+", " ", out).strip()
    out = re.sub(r"^[,;:\-–—\s]+", "", out)
    out = re.sub(r"\s*,\s*([.;:!?])", r"\1", out)
    out = re.sub(r",\s*,", ",", out)
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    if out and out[-1] not in ".!?\"”’'":
        out = out.rstrip(",;: ") + "."
    return out


# --- a brief's points ---------------------------------------------------------------------------


def _acronym_definitions(doc: Document) -> dict[str, tuple[str, str]]:
    """'RCEC' -> ('Residential Clean Energy Credit', sentence id) for each acronym the source defines."""
    found: dict[str, tuple[str, str]] = {}
    pattern = re.compile(r"((?:[A-Z][\w’'\-]*\s+(?:(?:of|for|and|the|on|in|to|&)\s+)*){1,9})\(([A-Z][A-Za-z&]{1,7}?)s?\)")
    for sentence in doc.sentences:
        for match in pattern.finditer(sentence.text):
            acronym = match.group(2)
            words = match.group(1).split()
            capitals = [w for w in words if w[:1].isupper()]
            letters = [w for w in acronym if w.isupper()]
            # The acronym's letters are the initials of the last len(letters) capitalised words.
            if len(capitals) < len(letters) or acronym in found:
                continue
            tail = capitals[-len(letters) :]
            if [w[0] for w in tail] != letters:
                continue
            capital_at = [i for i, w in enumerate(words) if w[:1].isupper()]
            long = re.sub(r"['’]s$", "", " ".join(words[capital_at[-len(letters)] :]))  # "Vehicle's (ACV)"
            found[acronym] = (long, sentence.id)
    return found


def _needed_acronyms(texts: Iterable[str]) -> frozenset[str]:
    """Acronyms the brief uses outside their own gloss, whose gloss must stay (or be added)."""
    needed: set[str] = set()
    for text in texts:
        for match in _ACRONYM.finditer(text):
            if not (text[max(0, match.start() - 1) : match.start()] == "(" and text[match.end() : match.end() + 1] == ")"):
                word = match.group(0)
                needed.update({word, word[:-1]} if word.endswith("s") else {word})
        needed.update(match.group(1) for match in _ACRONYM_ON_NUMBER.finditer(text))
    return frozenset(needed)


def _person_before(prior: Sentence | None, parses: dict[str, Doc]) -> tuple[str, str] | None:
    """The person the sentence before a point (``prior``) is about, and where: for 'He' and 'She'.

    Only a name that heads a subject of that sentence ("Louis Jordan, a fisherman ...,
    drifted"): the reader takes "he" for whom the text was just talking about.  The last
    name anywhere in the sentences before was often someone else: "... said Schuller's
    daughter-in-law, Donna Schuller ... He was born in a Iowa farmhouse ... In his
    autobiography, he described ..." became "Donna Schuller described" (CNN/DM dev).  Two
    people as subjects, or none (the sentence before says "He" too), is no answer: the point
    is then left out rather than pinned on a guess.
    """
    parse = parses.get(prior.id) if prior is not None else None
    if prior is None or parse is None:
        return None
    people = {ent.text for ent in parse.ents if ent.label_ == "PERSON"
              and any(t.dep_ in ("nsubj", "nsubjpass") and ent.start <= t.i < ent.end for t in parse)}
    if len(people) != 1:
        return None
    return people.pop(), prior.id


def _resolve_person(text: str, name: str, at: int = 0) -> tuple[str, str]:
    """``text`` with the pronoun at character ``at`` ("he", "His") replaced by ``name``."""
    match = _PERSONAL_ANYWHERE.match(text, at)
    assert match is not None
    word = match.group(1)
    inserted = name + ("’s" if word.lower() in ("his", "her") else "")
    if at == 0 and text[:1].isupper() and not inserted[:1].isupper():
        inserted = inserted[:1].upper() + inserted[1:]
    return text[:at] + inserted + text[match.end() :], word


# A main clause whose subject is one of these needs the sentence before it ("During the 18th
# century, most were local roads"; "While the report notes some signs, it highlights ..."),
# wherever the subject stands.  "Some", "many" and "others" are left out: "some have estimated"
# names nobody, but needs nobody either.
_PRONOUN_SUBJECTS = frozenset({"it", "they", "this", "these", "that", "those", "he", "she", "most", "both", "each",
                               "all", "several", "neither", "either"})


_DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "such"})


def subject_pronoun(parse: Doc) -> Token | None:
    """The pronoun that is the main clause's subject and refers to what came before, if any.

    Also a subject with a demonstrative after an opening phrase ("Since 1956, these programs
    ..."); at the start of a point ``ANAPHOR`` already catches it.

    Not an expletive "it" ("it is unlikely that ...", "it was assumed that ...": the clause it
    stands for follows), not a pronoun with its own complement ("most of the roads"), and not
    "he"/"she" after a person the same text names.
    """
    for root in (t for t in parse if t.dep_ == "ROOT"):
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            continue
        subject = subjects[0]
        low = subject.lower_
        if subject.i > 0 and any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in subject.children):
            return subject  # "As previously discussed, this decrease could ...": which decrease?
        if low not in _PRONOUN_SUBJECTS or any(True for _ in subject.children):
            return None
        if low == "it" and any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > root.i for c in root.children):
            return None
        if low in ("he", "she") and any(e.label_ == "PERSON" and e.end <= subject.i for e in parse.ents):
            return None
        return subject
    return None


# Nouns a demonstrative points at without pointing back: "this year", "this Congress", "this report".
_DEICTIC_NOUNS = frozenset("""
year years month months week weeks day days time times morning evening summer spring fall autumn winter quarter
session century decade moment point stage congress report insight section sidebar paper document product article
""".split())


def demonstrative_reference(parse: Doc) -> Token | None:
    """A noun the main text points back at with "this", "these", "those", "that" or "such", if any.

    "Growth in health data analytics contributed to this change.": which change?  Read blind,
    23 points of the CRS dev briefs leaned on a sentence they did not show so ("these systems",
    "such a determination", "both systems").  Not a time or the document itself ("this year",
    "this Congress", "this report"), and not "such ... as" ("such programs as ..." says which).
    """
    for tok in parse:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in _DEICTIC_NOUNS:
            continue
        for child in tok.children:
            if child.i > tok.i:
                continue
            low = child.lower_
            if child.dep_ == "det" and low in ("this", "these", "those", "that", "both") or (
                low == "such" and child.dep_ in ("amod", "predet", "det")
                and not any(t.lower_ == "as" for t in parse[tok.i + 1 : tok.i + 3])
            ):
                return tok
    return None


def leans_on_before(text: str, parse: Doc) -> Token | bool | None:
    """Whether ``text`` (parsed as ``parse``) needs the sentence before it to be understood."""
    return _PERSONAL.match(text) is not None or ANAPHOR.match(text) is not None or subject_pronoun(parse) \
        or demonstrative_reference(parse)


def condense_brief(brief: Brief, doc: Document) -> Brief:
    """The brief with every extractive point condensed and made to stand alone (see the module)."""
    from briefing import nlp
    from briefing.engines.guard import check

    by_id = {s.id: s for s in doc.sentences}
    order = {s.id: i for i, s in enumerate(doc.sentences)}
    paragraphs = {p.id: p.text for p in doc.paragraphs}
    points = [p for b in brief.blocks for p in b.points]
    mine = [p for p in points if p.engine == "extractive" and len(p.sentence_ids) == 1 and p.sentence_ids[0] in by_id]
    if not mine:
        return brief
    wanted: list[str] = []
    for point in mine:
        i = order[point.sentence_ids[0]]
        wanted.extend(s.id for s in doc.sentences[max(0, i - 1) : i + 1])  # the point and the sentence it may need
    wanted = list(dict.fromkeys(wanted))
    parses = dict(zip(wanted, nlp.parse_many([by_id[i].text for i in wanted])))
    used = {sid for p in points for sid in p.sentence_ids}
    keep = _needed_acronyms(by_id[p.sentence_ids[0]].text for p in mine)
    compressed = {sid: compress(parses[sid], keep) for sid in wanted}
    # One batched pass for the condensed texts, whose subjects are checked below (cached by text).
    nlp.parse_many(compressed[p.sentence_ids[0]].text for p in mine)

    def condensed(point: Point, before: Point | None) -> Point | None:
        sentence = by_id[point.sentence_ids[0]]
        if ANNOUNCEMENT.search(sentence.text):
            return None  # it announces what other sentences say; they make better points
        result = compressed[sentence.id]
        text, edits = result.text, result.edits
        sids, sources, whole = point.sentence_ids, point.sources, sentence.text
        parsed = nlp.parse(text)
        pronoun = subject_pronoun(parsed) or demonstrative_reference(parsed)
        personal = pronoun is not None and pronoun.lower_ in ("he", "she")
        i = order[sentence.id]
        prior = doc.sentences[i - 1] if i > 0 else None
        if _PERSONAL.match(text) or personal:
            found = _person_before(prior, parses)
            if found is None:
                return None
            text, word = _resolve_person(text, found[0], pronoun.idx if personal and pronoun is not None else 0)
            edits = (Edit("antecedent", removed=word, inserted=found[0], source=found[1]),) + edits
            # The name is cited where it was found, so the guard and the reader can check it there.
            sources = tuple(dict.fromkeys((*sources, by_id[found[1]].paragraph_id)))
        elif ANAPHOR.match(text) or pronoun is not None:
            if prior is not None and before is not None and before.sentence_ids[-1:] == (prior.id,):
                # Its antecedent is the point just before it: one point of the two, read together.
                joined = f"{before.text} {text}"
                if len(joined.split()) > MERGE_WORDS or not check(joined, [paragraphs[p] for p in before.sources + sources]).ok:
                    return None
                return replace(
                    before, text=joined, sources=tuple(dict.fromkeys(before.sources + sources)),
                    sentence_ids=before.sentence_ids + sids, score=max(before.score, point.score),
                    source_text=f"{before.whole} {sentence.text}",
                    edits=before.edits + (Edit("merge", source=prior.id),) + edits,
                )
            if prior is None or prior.id in used or not may_be_point(prior.text):
                return None  # ... or a sentence about the document ("The Sidebar includes only ...")
            if prior.paragraph_id != sentence.paragraph_id and prior.index == 0:
                return None  # across a one-sentence paragraph (a list item): the antecedent is a guess
            first = compressed[prior.id]
            if ANNOUNCEMENT.search(prior.text) or leans_on_before(first.text, parses[prior.id]):
                return None
            joined = f"{first.text} {text}"
            if len(joined.split()) > MERGE_WORDS:
                return None
            used.add(prior.id)
            text, whole = joined, f"{prior.text} {sentence.text}"
            edits = (Edit("merge", source=prior.id),) + first.edits + edits
            sids = (prior.id, sentence.id)
            sources = tuple(dict.fromkeys((prior.paragraph_id, *sources)))
        if text == sentence.text and not edits:
            return point
        verdict = check(text, [paragraphs[pid] for pid in sources])
        if not verdict.ok:
            # Whole, as chosen (deleting words must never make a point unfaithful), unless the
            # whole sentence cannot stand alone either.
            alone = not leans_on_before(sentence.text, parses[sentence.id])
            return point if alone else None
        return replace(point, text=text, sources=sources, sentence_ids=sids, source_text=whole, edits=edits)

    blocks: list[BriefBlock] = []
    for block in brief.blocks:
        kept: list[Point] = []
        for point in block.points:
            new = condensed(point, kept[-1] if kept else None) if point in mine else point
            if new is not None and kept and new.sentence_ids[: len(kept[-1].sentence_ids)] == kept[-1].sentence_ids \
                    and new.sentence_ids != kept[-1].sentence_ids:
                kept[-1] = new  # merged into the point before it
            elif new is not None:
                kept.append(new)
        if not kept and block.kind == "bottom_line" and block.points:
            kept = [block.points[0]]  # the brief must open with its main claim, whole if need be
        if kept:
            blocks.append(replace(block, points=tuple(kept)))
    # A merged point cites the paragraph of the sentence it took in: its text is needed for the tooltips.
    cited = {pid for block in blocks for point in block.points for pid in point.sources}
    cited_paragraphs = tuple((p.id, p.text) for p in doc.paragraphs if p.id in cited)
    return _spell_out_acronyms(replace(brief, blocks=tuple(blocks), paragraphs=cited_paragraphs), doc)


def _spell_out_acronyms(brief: Brief, doc: Document) -> Brief:
    """Expand, at its first use in the brief, each acronym the source defines and the brief does not."""
    definitions = _acronym_definitions(doc)
    spelled: set[str] = set()
    blocks = []
    for block in brief.blocks:
        points = []
        for point in block.points:
            text, edits = point.text, point.edits
            for match in list(_ACRONYM.finditer(text)):
                acronym = match.group(0)
                if acronym in spelled or acronym not in definitions:
                    continue
                long, sid = definitions[acronym]
                if f"({acronym})" in text or long.lower() in text.lower():
                    spelled.add(acronym)
                    continue
                if point.engine != "extractive":
                    continue
                # A word of its own: not inside "ACV-30" or "(ACV)"; nor a possessive, which would
                # read "Federal Emergency Management Agency (FEMA)'s NSGP" (a later use may serve).
                use = re.search(rf"(?<![\w(\-]){re.escape(acronym)}(?![\w)\-])(?!['’]s\b)", text)
                if use is None:
                    continue
                inserted = f"{long} ({acronym})"
                text = text[: use.start()] + inserted + text[use.end() :]
                edits = edits + (Edit("acronym", removed=acronym, inserted=inserted, source=sid),)
                spelled.add(acronym)
            if text != point.text:
                point = replace(point, text=text, edits=edits, source_text=point.whole)
            points.append(point)
        blocks.append(replace(block, points=tuple(points)))
    return replace(brief, blocks=tuple(blocks))
