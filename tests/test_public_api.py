import types

import briefing

LAZY = {"make_brief", "Briefer", "RenderedBrief", "read_article", "plan_brief", "render"}


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
