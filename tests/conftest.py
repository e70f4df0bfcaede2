"""Shared test set-up: every test runs isolated from the user's environment (no key, no home)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLES = FIXTURES / "articles"
SAMPLES = ROOT.parent / "shared" / "samples"
EXAMPLES = ROOT / "examples"

_ENV_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "REPORTGEN_MODEL",
             "REPORTGEN_API_KEYS", "REPORTGEN_HOME", "AZURE_OPENAI_API_KEY")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No key, no endpoint, a fresh REPORTGEN_HOME: a test never sees the developer's settings."""
    for var in _ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "reportgen-home"
    monkeypatch.setenv("REPORTGEN_HOME", str(home))
    return home


def sample_articles() -> list[Path]:
    """The annotated real articles in ../shared/samples (read at run time, never copied)."""
    return sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []


def fixture_articles() -> list[Path]:
    """Articles written for this project (tests/fixtures/articles) plus the README example."""
    return sorted(ARTICLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))


def gold_for(article: Path) -> dict | None:
    gold = article.with_suffix(".json")
    return json.loads(gold.read_text(encoding="utf-8")) if gold.exists() else None


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the checkout")
    return SAMPLES
