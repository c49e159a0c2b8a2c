"""The learned sentence ranker: its features and the weights file that ships with the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import numpy as np

from briefing.engines.features import NAMES, SentenceSlot, feature_matrix
from briefing.engines.ranker import WEIGHTS_FILE, choose, load_ranker
from briefing.errors import ModelLoadError


def _slots(count: int) -> list[SentenceSlot]:
    return [SentenceSlot(f"Sentence number {i} says something about water rights.", i, i // 2, i % 2)
            for i in range(count)]


def test_shipped_weights_read_every_feature_the_code_computes_in_order() -> None:
    """A feature added without refitting (benchmarks/fit_ranker.py) fails here, not silently at run time."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(NAMES)
    assert len(data["weights"]["linear"]) == len(NAMES)


def test_features_are_one_row_per_sentence_and_mark_the_opening() -> None:
    x = feature_matrix(_slots(5), np.eye(5, dtype=np.float32), None, budget=2)
    assert x.shape == (5, len(NAMES))
    assert x[:, NAMES.index("first")].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert x[:, NAMES.index("budget_share")].tolist() == pytest.approx([0.4] * 5)  # 2 of 5 sentences
    assert feature_matrix([], np.zeros((0, 5), dtype=np.float32), None, budget=2).shape == (0, len(NAMES))


def test_word_features_reward_a_sentence_whose_words_the_text_keeps_returning_to() -> None:
    texts = ["The water rights dispute reached the court.", "Farmers want water rights settled.",
             "Lunch menus changed quietly yesterday.", "The court will rule on water rights."]
    slots = [SentenceSlot(t, i, i, 0) for i, t in enumerate(texts)]
    x = feature_matrix(slots, np.eye(4, dtype=np.float32), None, budget=2)
    cover = x[:, NAMES.index("word_cover")].tolist()
    assert cover[2] == 0.0  # none of its words comes back
    assert cover[1] == pytest.approx(2 / 5)  # water, rights of farmers, want, water, rights, settled
    assert cover[3] == pytest.approx(3 / 4)  # court, water, rights of court, rule, water, rights ("will" is a stop word)
    frequency = x[:, NAMES.index("word_frequency_x_budget")]
    assert frequency[1] > frequency[2] and frequency[3] > frequency[2]
    wider = feature_matrix(slots, np.eye(4, dtype=np.float32), None, budget=4)[:, NAMES.index("word_frequency_x_budget")]
    assert wider.tolist() == pytest.approx((frequency * 2).tolist())  # trusted more as the budget grows


def test_choose_skips_a_sentence_that_repeats_a_chosen_one_and_keeps_source_order() -> None:
    texts = ["First point.", "Second point.", "The second point again.", "Fourth point."]
    rows = np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 1.0, 0.01], [0, 0, 1.0]], dtype=np.float32)
    vectors = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    assert choose(texts, [0.1, 0.9, 0.8, 0.5], vectors, sentences=3) == [0, 1, 3]


def test_a_broken_weights_file_is_a_model_load_error(tmp_path: Path) -> None:
    broken = tmp_path / "ranker.json"
    broken.write_text('{"features": ["no_such_feature"], "weights": {}}', encoding="utf-8")
    with pytest.raises(ModelLoadError, match="ranker"):
        load_ranker(broken)
