"""The faithfulness guard: a generated sentence may state only numbers, dates and names its sources state.

Applied to every sentence a generative engine writes, before it can enter a
brief.  A sentence fails when it states

- a number (with its unit or scale normalised: "43 percent" = "43%" = "43 per
  cent", "1.4 tons" = "1.4 tonnes", "$2 billion" = "2 billion dollars",
  "2,500" = "2500") that no source paragraph states;
- a year or a date (day and month) that no source paragraph states;
- a proper name (a capitalised word that is not the sentence's first word, or a
  run of them; acronyms such as NATO) absent from the source paragraphs;
- a negation ("not", "never", "no", "n't") of something the sources say
  without one ("may expand" -> "will not expand").

The guard is a set of string checks, not a model: it can reject a correct
paraphrase ("a third" for "33 percent"), never admit a number the source lacks.
``check`` says why a sentence failed, so tests and notes can name the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozen": 12,
}
_NUMBER = re.compile(
    r"(?P<cur>[$£€])?(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|mn|bn|m)\b)?"
    r"(?:\s*(?P<unit>%|percent\b|per\s+cent\b|dollars\b|pounds\b|euros\b))?",
    re.I,
)
_UNIT_CLASS = {"%": "percent", "percent": "percent", "dollars": "money", "pounds": "money", "euros": "money"}
_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Z][a-z]{2,8})\.?|(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b)"
)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|without|cannot)\b|n[’']t\b", re.I)
# Capitalised words that are not names: sentence furniture, months and days, pronouns.
_NOT_NAMES = frozenset(
    "The A An This That These Those It Its He She They We I You His Her Their Our In On At By For From With "
    "As But And Or If When While After Before Since Although Though However Moreover Meanwhile Yet So Also "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr There Here What Which Who How Why "
    "Such Some Many Most Both Each Every All Any No Not".split()
) | frozenset(m.capitalize() for m in _MONTHS)


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()


def _unit(match: re.Match[str]) -> str | None:
    """'percent' for 43% / 43 percent / 43 per cent; 'money' for $2 / 2 dollars; else None."""
    if match.group("cur"):
        return "money"
    unit = (match.group("unit") or "").lower()
    if unit.startswith("per") and "cent" in unit:
        return "percent"
    return _UNIT_CLASS.get(unit)


def _numbers(text: str) -> set[tuple[float, str | None]]:
    """Every number stated with its unit class, scaled ("2.5 billion" -> 2.5e9) and bare."""
    found: set[tuple[float, str | None]] = set()
    for match in _NUMBER.finditer(text):
        value = float(match.group("num").replace(",", ""))
        unit = _unit(match)
        found |= {(value, unit), (value, None)}
        scale = match.group("scale")
        if scale:
            found |= {(value * _SCALES[scale.lower()], unit), (value * _SCALES[scale.lower()], None)}
    for word in _WORD.findall(text.lower()):
        if word in _NUMBER_WORDS:
            found.add((float(_NUMBER_WORDS[word]), None))
    return found


def _stated_numbers(text: str) -> list[tuple[str, float, str | None]]:
    """The numbers a sentence states: (as written, scaled value, unit class); day-of-month excluded."""
    stated = []
    dates = {m.start("d1") if m.group("d1") else m.start("d2") for m in _DATE.finditer(text) if _month(m)}
    for match in _NUMBER.finditer(text):
        if match.start("num") in dates:
            continue  # checked as a date
        value = float(match.group("num").replace(",", ""))
        scale = match.group("scale")
        stated.append((match.group(0).strip(), value * _SCALES[scale.lower()] if scale else value, _unit(match)))
    return stated


def _month(match: re.Match[str]) -> int | None:
    word = (match.group("m1") or match.group("m2") or "").lower().rstrip(".")
    return _MONTHS.get(word)


def _dates(text: str) -> set[tuple[int, int]]:
    found = set()
    for match in _DATE.finditer(text):
        month = _month(match)
        if month:
            found.add((month, int(match.group("d1") or match.group("d2"))))
    return found


def _names(sentence: str) -> list[str]:
    """Capitalised words (and acronyms) that are not the first word of the sentence."""
    names = []
    words = list(_WORD.finditer(sentence))
    for i, match in enumerate(words):
        word = re.sub(r"['’]s$", "", match.group(0)).strip("'’-")  # "Russia's" names Russia
        if not word[:1].isupper() or word in _NOT_NAMES:
            continue
        before = sentence[: match.start()].rstrip()
        if i == 0 or before.endswith((".", "!", "?", ":", "\"", "“", "(")) and word.capitalize() == word and i < 2:
            continue  # a capital that only starts a sentence
        names.append(word)
    return names


def _negated_words(text: str) -> list[str]:
    """The first content word after each negation ("will not expand" -> "expand")."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+(?:n[’']t)?", text)]
    out = []
    for i, word in enumerate(words):
        if _NEGATION.fullmatch(word) or word.endswith(("n't", "n’t")):
            for nxt in words[i + 1 : i + 4]:
                if len(nxt) > 3 and nxt not in ("been", "have", "will", "would", "could", "should", "being", "that"):
                    out.append(nxt)
                    break
    return out


def check(sentence: str, sources: Sequence[str]) -> Verdict:
    """Whether ``sentence`` states only what ``sources`` (its block's paragraphs) state, and if not, why."""
    source = " ".join(sources)
    reasons: list[str] = []
    source_numbers = _numbers(source)
    for written, value, unit in _stated_numbers(sentence):
        if (value, unit) not in source_numbers:
            what = "number" if unit is None else f"{unit} figure"
            reasons.append(f"{what} '{written}' is not in the source")
    for month, day in _dates(sentence) - _dates(source):
        reasons.append(f"date {day}/{month} is not in the source")
    source_words = set(_WORD.findall(source))
    # "Washington’s" in the source states the name _names reads as "Washington".
    source_words |= {re.sub(r"['’]s$", "", w) for w in source_words}
    source_words_lower = {w.lower() for w in source_words}
    for name in _names(sentence):
        if name not in source_words and name.lower() not in source_words_lower:
            reasons.append(f"name '{name}' is not in the source")
    negated_in_source = set(_negated_words(source))
    for word in _negated_words(sentence):
        if word not in negated_in_source:
            reasons.append(f"negates '{word}', which the source does not negate")
    return Verdict(not reasons, tuple(dict.fromkeys(reasons)))

