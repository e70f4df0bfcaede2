"""A model that invents one text a reader would see: nothing invented reaches the report, exit 0.

The scripted server's fabrication variants (tests/scripted/server.py FABRICATIONS) answer with the
article's true figures and one invented summary, key point, title, region or indicator name,
in every attempt, so no re-ask can mend it: the verifier must replace it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from reportgen import registry
from reportgen.cli import app
from reportgen.engines.llm import client as llm_client

from .conftest import ARTICLES
from .scripted import ScriptedServer
from .scripted.server import FABRICATIONS

pytestmark = pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])

INVENTED = ("999", "九百九十九", "三千三百三十三", "nine hundred", "87.6", "99.9", "1999", "火星", "soared")


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


@pytest.fixture
def endpoint(server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    monkeypatch.setattr(llm_client, "base_transport", server.transport)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-fabrication-tests")
    registry.reset()
    yield server
    registry.reset()


def reader_texts(report: dict) -> list[str]:
    """Every text of a Report a reader sees."""
    texts = [report["source"].get("title_en") or "", report["summary"]["zh"], report["summary"]["en"]]
    texts += [t for kp in report["key_points"] for t in (kp["zh"], kp["en"])]
    texts += [report["region"]["zh"], report["region"]["en"]] if report.get("region") else []
    for m in report["metrics"]:
        texts += [m["indicator"]["zh"], m["indicator"]["en"]]
        texts += [m["region"]["zh"], m["region"]["en"]] if m.get("region") else []
    return texts


@pytest.mark.parametrize("scenario", sorted(FABRICATIONS))
def test_no_invented_number_or_name_reaches_a_reader(endpoint: ScriptedServer, scenario: str) -> None:
    article = ARTICLES / "llm_mianyang_q3.txt"
    result = CliRunner().invoke(app, ["summarize", str(article), "--engine", "llm", "--model",
                                      f"scripted-{scenario}", "--max-retries", "1", "--no-cache"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    shown = "\n".join(reader_texts(report))
    for word in INVENTED:
        assert word not in shown, (scenario, word, shown)
    assert report["metrics"], "the true figures are kept"
    assert all(m["origin"] in ("llm", "both") for m in report["metrics"])
    if scenario in ("fab-region", "fab-region-en"):
        assert report["region"]["en"] == "Mianyang"


def test_a_refused_reask_keeps_the_first_answers_verified_parts(endpoint: ScriptedServer) -> None:
    article = ARTICLES / "llm_jiujiang_reask.txt"  # its first answer has a figure that needs a re-ask
    result = CliRunner().invoke(app, ["summarize", str(article), "--engine", "llm", "--model", "scripted-reask400",
                                      "--max-retries", "1", "--no-cache"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert any("refused the re-ask (HTTP 400)" in n for n in report["provenance"]["notes"]), report["provenance"]
    assert report["metrics"] and report["rejected"]  # the verified figures kept, the failing one refused
    assert [s.status for s in endpoint.seen if s.scenario == "reask400"][-2:] == [200, 400]
