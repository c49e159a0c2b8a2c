"""The faithfulness guard, as a table: crafted generated sentences against their source paragraphs."""

from __future__ import annotations

import pytest

from briefing.engines.guard import check

SOURCE = (
    "Russia burned 1.4 tons of Afghan heroin in 2011, officials in Moscow said on March 3. "
    "Drug seizures in Tajikistan rose by 43 percent, and the program cost $2.5 billion. "
    "Russia may expand its cooperation with Central Asian states such as Kyrgyzstan and NATO partners."
)

CASES = [
    # (id, generated sentence, passes, reason fragment)
    ("faithful-paraphrase", "Officials in Moscow said Russia burned 1.4 tons of Afghan heroin in 2011.", True, ""),
    ("percent-as-sign", "Seizures in Tajikistan rose 43% while the program cost $2.5 billion.", True, ""),
    ("per-cent-words", "Seizures in Tajikistan rose by 43 per cent.", True, ""),
    ("scale-written-out", "The program cost 2,500 million dollars.", True, ""),
    ("hedge-kept", "Russia may expand cooperation with Kyrgyzstan.", True, ""),
    ("possessive-name", "Kyrgyzstan's cooperation with Moscow's officials may expand.", True, ""),
    ("invented-number", "Russia burned 3.2 tons of Afghan heroin in 2011.", False, "number '3.2'"),
    ("changed-percent", "Drug seizures in Tajikistan rose by 34 percent.", False, "percent figure '34 percent'"),
    ("limit-stated-number-misattributed", "Russia burned 43 percent of Afghan heroin.", True, ""),  # checks facts, not relations
    ("percent-not-stated", "Russia burned 1.4% of Afghan heroin.", False, "percent figure '1.4%'"),
    ("money-not-stated", "The program cost $43.", False, "money figure '$43'"),
    ("changed-year", "Russia burned 1.4 tons of Afghan heroin in 2014.", False, "number '2014'"),
    ("invented-coup", "The 2014 Taliban coup ended the program.", False, "number '2014'"),
    ("new-name", "Russia burned the heroin with help from Uzbekistan.", False, "name 'Uzbekistan'"),
    ("new-acronym", "The UN praised the program.", False, "name 'UN'"),
    ("changed-date", "Officials in Moscow spoke on March 5.", False, "date 5/3"),
    ("negated-hedge", "Russia will not expand its cooperation with Central Asian states.", False, "negates 'expand'"),
    ("never", "Russia never burned Afghan heroin.", False, "negates 'burned'"),
]


@pytest.mark.parametrize("sentence, ok, reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_guard_table(sentence: str, ok: bool, reason: str) -> None:
    verdict = check(sentence, [SOURCE])
    assert verdict.ok is ok, verdict.reasons
    if not ok:
        assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_a_negation_the_source_makes_is_allowed() -> None:
    assert check("The talks did not produce an agreement.", ["The talks did not produce an agreement in May."]).ok


def test_sentence_initial_capitals_are_not_names() -> None:
    assert check("Officials said seizures rose.", ["officials said that seizures rose sharply."]).ok


def test_a_name_the_source_states_only_in_the_possessive_is_in_the_source() -> None:
    # Condensing "... with Washington’s less aggressive approach" keeps the possessive; the
    # guard reads it as the name Washington, which the source states as "Washington’s".
    source = ["Kremlin policymakers contrast Russia’s stance with Washington’s less aggressive approach."]
    assert check("Kremlin policymakers contrast Russia’s stance with Washington’s approach.", source).ok
    assert not check("Kremlin policymakers contrast Russia’s stance with Beijing’s approach.", source).ok
