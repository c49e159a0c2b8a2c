"""The shared spaCy pipeline: loaded once, offline, and shared by every step that parses."""

from __future__ import annotations

from briefing import nlp


def test_the_parser_loads_offline_and_finds_people_places_and_dates() -> None:
    doc = nlp.parse("Russian Foreign Minister Sergey Lavrov spoke in New Delhi on December 14, 2017.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels.get("Sergey Lavrov") == "PERSON"
    assert labels.get("New Delhi") == "GPE"
    assert "December 14, 2017" in labels
    assert any(tok.dep_ == "ROOT" and tok.pos_ == "VERB" for tok in doc)


def test_one_pipeline_is_shared_and_parses_are_reused() -> None:
    assert nlp.pipeline() is nlp.pipeline()
    first, second = nlp.parse_many(["The review is due in March.", "The review is due in March."])
    assert first is second
    assert nlp.parse("The review is due in March.") is first


def test_preload_then_pipeline_gives_the_same_loaded_model() -> None:
    nlp.preload()
    assert nlp.pipeline().pipe_names[:2] == ["tok2vec", "tagger"]


def test_loading_the_parser_does_not_import_torch() -> None:
    # thinc imports torch when it can (seconds on a cold start); the ONNX path must stay free of it.
    import subprocess
    import sys

    code = (
        "import sys\nfrom briefing import nlp\nnlp.parse('The review is due in March.')\n"
        "print('torch' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
