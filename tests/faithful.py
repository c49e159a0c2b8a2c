"""Checks of condensed points (issue 15), shared by test_condense and test_real_pages.

Written apart from briefing/condense.py, from the issue's own rules, so that a
bug there cannot hide itself here.
"""

from __future__ import annotations

import re

# The list of openers that need what came before; checked on every dev brief.
UNRESOLVED_OPENER = re.compile(r"^(?:This|These|Such|It|He|She|They|The first objective|The move)\b")
NEGATIONS = {"not", "no", "never", "none", "nor", "neither", "without", "cannot"}
HEDGES = {"may", "might", "could", "would", "should", "reportedly", "allegedly", "likely", "possibly", "perhaps",
          "probably", "potentially", "approximately", "about", "nearly", "almost"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}


def _words(text: str) -> list[str]:
    return re.findall(r"[\w$%]+(?:['’.\-][\w$%]+)*", text.lower())


def faithfulness_problems(point: dict[str, object], source: str) -> list[str]:
    """What is wrong with one JSON point: not an in-order subsequence, an unrecorded word, a lost fact.

    ``source`` is the document's text: words an edit inserts must be found in it.
    """
    if "source_text" not in point:
        return []
    text, whole = str(point["text"]), str(point["source_text"])
    problems = []
    for edit in point["edits"]:  # type: ignore[attr-defined]
        if edit["kind"] in ("antecedent", "acronym"):
            inserted, removed = edit["inserted"], edit.get("removed", "")
            if edit["kind"] == "acronym":
                inserted = inserted[: -len(f" ({removed})")]  # the long form, then the acronym kept
                removed = ""
            if " ".join(inserted.split()) not in " ".join(source.split()):
                problems.append(f"inserted {inserted!r} is not in the source")
            text = text.replace(inserted, removed, 1) if inserted else text
    shown, full = _words(text), _words(whole)
    it = iter(full)
    if not all(any(w == other for other in it) for w in shown):
        problems.append(f"not an in-order subsequence: {point['text']!r} of {whole!r}")
    kept = _words(str(point["text"]))
    for word in set(full):
        protected = word in NEGATIONS or word in HEDGES or word in MONTHS or any(c.isdigit() for c in word)
        if protected and kept.count(word) < full.count(word):
            problems.append(f"lost {word!r}: {point['text']!r}")
    if "n't" in whole and "n't" not in str(point["text"]) and "n’t" not in str(point["text"]):
        problems.append(f"lost a negation: {point['text']!r}")
    return problems
