from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

# Under pytest-xdist (README's test command runs two workers), one math thread per worker:
# two workers each starting a pool as wide as the machine fought over its two cores (the
# seq2seq test took 87 s against 17 s alone).  Set before torch or ONNX Runtime is imported.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if XDIST_WORKER:
    for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "russia-anti-drug-campaign-afghanistan.txt"
CRS = SAMPLES / "CRS-fire-management-assistance-grants.txt"
SPEC = SAMPLES / "policy-brief.toml"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files and sample briefs instead of comparing"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session", autouse=True)
def brief_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """brief's cache (the exported ONNX graph) lives in a session temp folder, never the user's.

    Session-scoped, so it is set before the session's encoder loads; one export serves every test.
    """
    folder = tmp_path_factory.getbasetemp() / "brief-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEF_CACHE_DIR", str(folder))
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield folder


@pytest.fixture(autouse=True)
def offline_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test may reach a network, a user's Hugging Face cache or brief's own cache."""
    cache = tmp_path_factory.getbasetemp() / "hf-cache"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(cache))
    monkeypatch.delenv("BRIEF_DEBUG", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def _session_encoder(brief_cache_dir: Path) -> object:
    from briefing.engines.encoder import SentenceEncoder, set_onnx_threads

    if XDIST_WORKER:
        set_onnx_threads(1)  # vectors are bit-identical with any thread count (test_engines checks it)
    return SentenceEncoder()


@pytest.fixture
def encoder(_session_encoder: object) -> Iterator[object]:
    """The real embedded MiniLM, loaded once per session, with an empty cache for each test."""
    _session_encoder.clear_cache()  # type: ignore[attr-defined]
    yield _session_encoder
