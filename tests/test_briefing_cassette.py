"""Issue #16: the llm briefing's executive summary, replayed from a cassette.

Two fixture articles written for the project go through ``reportgen brief --engine llm``: one extraction
call each and one call for the executive summary (prompts/reduce_briefing.j2), all recorded against the
scripted server (``make cassettes``), whose summary restates one listed figure per report exactly as given.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.cli import app

from .conftest import ARTICLES
from .test_llm_cassettes import Endpoint, _frozen_glossary, _requests, endpoint, vcr_cassette_dir  # noqa: F401

ARTICLE_NAMES = ("llm_mianyang_q3.txt", "llm_anji_h1.txt")


@pytest.mark.vcr
def test_llm_briefing_summary_through_the_cassette(endpoint: Endpoint, vcr, tmp_path: Path,  # noqa: ANN001, F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", endpoint.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", endpoint.api_key)
    monkeypatch.setenv("REPORTGEN_HOME", str(tmp_path / "home"))
    out = tmp_path / "briefing.md"
    result = CliRunner().invoke(app, ["brief", *(str(ARTICLES / n) for n in ARTICLE_NAMES), "-o", str(out),
                                      "--engine", "llm", "--model", endpoint.model, "--max-retries", "0",
                                      "-j", "1"])
    assert result.exit_code == 0, result.output
    assert _requests(vcr) == 3  # two extractions, one executive summary
    prompts = [json.loads(r.body)["messages"][-1]["content"] for r in vcr.requests]
    summary_calls = [i for i, p in enumerate(prompts) if "<reports>" in p]
    assert len(summary_calls) == 1 and summary_calls[0] == 2  # after both reports are verified
    answer = json.loads(vcr.responses[2]["body"]["string"])["choices"][0]["message"]["content"]
    assert answer.startswith("In Mianyang, ") and "Anji County" in answer
    text = out.read_text(encoding="utf-8")
    assert answer in text  # the model's summary passed the prose check and was used
    assert "the model's summary was not used" not in text
