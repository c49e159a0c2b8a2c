import types

import briefing

LAZY = {"make_brief", "Briefer", "RenderedBrief", "read_article", "plan_brief", "render", "summarize"}


def test_all_lists_exactly_the_public_names() -> None:
    """Every public attribute is in __all__ and nothing else is (httpx's test_exported_members)."""
    attributes = {
        name
        for name, value in vars(briefing).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }
    assert sorted(briefing.__all__) == sorted(attributes | LAZY | {"__version__"})


def test_every_name_in_all_resolves() -> None:
    for name in briefing.__all__:
        assert getattr(briefing, name) is not None


def test_summarize_returns_verbatim_sentences_in_source_order(encoder: object) -> None:
    """briefing.summarize: the best sentences of a text, verbatim, in the order the text gives them."""
    from conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    three = briefing.summarize(text, sentences=3, encoder=encoder)  # type: ignore[attr-defined]
    assert len(three) == 3
    assert all(s in text for s in three)
    at = 0
    for sentence in three:  # each found after the one before it: source order
        at = text.index(sentence, at) + len(sentence)
    short = briefing.summarize(text, words=60, encoder=encoder)  # type: ignore[attr-defined]
    assert 1 <= len(short) and (len(short) == 1 or sum(len(s.split()) for s in short) <= 60)
    assert briefing.summarize("", encoder=encoder) == []  # type: ignore[attr-defined]
