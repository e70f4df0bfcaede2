"""The llm engine replayed from cassettes (cassettes/*.yaml): all four modes, re-ask, fabrication, map-reduce.

Replay needs no server and no network (``--record-mode=none --block-network``). ``make cassettes``
re-records every cassette here against the scripted server (tests/scripted), or the four
typical-article cassettes against a live endpoint when OPENAI_API_KEY / OPENAI_BASE_URL are set.
Requests match on method, path and body, so a changed prompt or schema fails until re-recorded.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from reportgen import registry
from reportgen.cli import app
from reportgen.config import DEFAULT_MODEL, Settings
from reportgen.engines.llm import client as llm_client
from reportgen.engines.llm import engine as llm_engine
from reportgen.engines.llm.prompts import MAX_GLOSSARY_TERMS, load_prompts, packaged_prompts_dir
from reportgen.engines.offline import OfflineEngine
from reportgen.errors import ModelError
from reportgen.ingest.document import from_path
from reportgen.pipeline import summarize
from reportgen.zh.numerals import same_value
from reportgen.zh.vocabulary import BASIS_WORDS, QUALIFIER_WORDS

from .conftest import ARTICLES, CASSETTES, LIVE_ENDPOINT
from .scripted import UDS_BASE_URL, ScriptedServer
from .scripted import server as scripted_server

RECORDING_KEY = "sk-scripted-recording-key-0123456789"  # what requests carry while recording; must never be stored
SCRIPTED_MODEL = {"test_fabricating_model_cli": "scripted-fabricate"}  # scenario picked by model name
LIVE_OK = {"test_typical_article_tools", "test_typical_article_json_schema", "test_typical_article_json",
           "test_typical_article_md_json"}


@dataclass
class Endpoint:
    base_url: str
    api_key: str
    model: str
    recording: bool
    live: bool


# The glossary injected into prompts is pinned here, so editing the shipped glossary (data) does not
# invalidate the cassettes; templates and response schema are not pinned: changing them must fail.
FROZEN_GLOSSARY = {
    "刑事治安警情": "criminal and public-order incidents", "刑事警情": "criminal incidents",
    "治安警情": "public-order incidents", "电信网络诈骗": "telecom and online fraud", "破获": "solved",
    "立案": "cases filed", "道路交通事故": "road traffic accidents", "抓获犯罪嫌疑人": "suspects arrested",
    "命案": "homicide cases", "两抢": "robbery and snatch theft", "群众安全感": "public sense of security",
}


@pytest.fixture(autouse=True)
def _frozen_glossary(monkeypatch: pytest.MonkeyPatch) -> None:
    def frozen(doc, limit: int = MAX_GLOSSARY_TERMS) -> list[tuple[str, str]]:  # noqa: ANN001
        return [(zh, en) for zh, en in FROZEN_GLOSSARY.items() if zh in doc.simplified][:limit]

    monkeypatch.setattr(llm_engine, "glossary_terms", frozen)


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    """Cassettes live in the top-level cassettes/ folder."""
    return str(CASSETTES)


def _cassette(name: str) -> Path:
    return CASSETTES / f"{name}.yaml"


def _recorded_model(name: str) -> str | None:
    path = _cassette(name)
    if not path.exists():
        return None
    interactions = yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]
    return json.loads(interactions[0]["request"]["body"])["model"]


@pytest.fixture
def endpoint(request: pytest.FixtureRequest, record_mode: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Endpoint]:
    """Replay: any base URL (never contacted). Record: the scripted server on a Unix socket, or the live
    endpoint the developer configured (typical articles only: the other scenarios need scripted answers)."""
    name = request.node.name
    recording = record_mode != "none"
    live = recording and name in LIVE_OK and bool(LIVE_ENDPOINT["OPENAI_API_KEY"] or LIVE_ENDPOINT["OPENAI_BASE_URL"])
    registry.reset()
    if live:
        yield Endpoint(LIVE_ENDPOINT["OPENAI_BASE_URL"] or "https://api.openai.com/v1",
                       LIVE_ENDPOINT["OPENAI_API_KEY"] or "not-needed",
                       LIVE_ENDPOINT["REPORTGEN_MODEL"] or DEFAULT_MODEL, True, True)
    elif recording:
        with ScriptedServer() as server:
            monkeypatch.setattr(llm_client, "base_transport", server.transport)
            yield Endpoint(UDS_BASE_URL, RECORDING_KEY, SCRIPTED_MODEL.get(name, DEFAULT_MODEL), True, False)
    else:
        model = _recorded_model(name) or DEFAULT_MODEL
        yield Endpoint(UDS_BASE_URL, "sk-replay-placeholder", model, False, False)
    registry.reset()


def _settings(ep: Endpoint, tmp_home: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"engine": "llm", "model": ep.model, "api_key": ep.api_key, "base_url": ep.base_url,
                                 "max_retries": 0, "home": tmp_home}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _scripted(vcr) -> bool:  # noqa: ANN001 - vcr.cassette.Cassette
    """True when the cassette's answers came from the scripted server (its own header is kept)."""
    return all("X-Scripted-Server" in r["headers"] or "x-scripted-server" in r["headers"] for r in vcr.responses)


def _requests(vcr) -> int:  # noqa: ANN001
    """Requests the endpoint saw: replayed ones, or recorded ones while recording."""
    return vcr.play_count if vcr.rewound else len(vcr.requests)


def _check_typical(article: str, mode: str, ep: Endpoint, vcr, home: Path) -> None:  # noqa: ANN001
    path = ARTICLES / article
    doc = from_path(path)
    report = summarize(path, settings=_settings(ep, home, mode=mode))
    seen = _requests(vcr)

    assert report.provenance.engine == "llm"
    assert report.provenance.chunks == 1
    assert report.provenance.calls == seen >= 1
    assert report.provenance.prompt_tokens > 0 and report.provenance.completion_tokens > 0
    assert report.provenance.prompt_version == load_prompts().version
    assert not report.provenance.cached
    for metric in report.metrics:
        assert doc.text[metric.evidence.start:metric.evidence.end] == metric.evidence.quote
    # the offline engine reviews, never authors: each of its figures is a metric the model stated too, or unconfirmed
    offline = summarize(path)
    kept = {(m.evidence.start, m.evidence.end, m.value) for m in [*report.metrics, *report.unconfirmed]}
    for m in offline.metrics:
        assert any(s < m.evidence.end and m.evidence.start < e and same_value(v, m.value) for s, e, v in kept), m
    assert all(m.origin in ("llm", "both") for m in report.metrics)
    if _scripted(vcr):
        assert seen == 1
        assert report.provenance.summary_source == "model"
        assert report.summary.en and report.key_points
        assert any(m.origin in ("llm", "both") for m in report.metrics)
        assert not [r for r in report.rejected if r.draft.get("origin") == "llm"]
        # usage was recorded as the scripted server counts it now (the cookbook's way), not the raw request JSON
        request = json.loads(vcr.requests[0].body)
        response = json.loads(vcr.responses[0]["body"]["string"])
        assert response["usage"]["prompt_tokens"] == scripted_server.prompt_tokens(request)
        assert response["usage"]["prompt_tokens"] < scripted_server.raw_request_tokens(request)
        # the answer's qualifier markers and 同比/环比 reach the report as the contract's values
        message = response["choices"][0]["message"]
        payload = message["tool_calls"][0]["function"]["arguments"] if message.get("tool_calls") else message["content"]
        answer = json.loads(payload.removeprefix("```json").removesuffix("```"))
        marked = [f for f in answer["figures"] if "qualifier" in f or "change_basis" in f]
        assert marked
        for figure in marked:
            metric = next(m for m in report.metrics
                          if m.evidence.quote == figure["quote"] and same_value(m.value, figure["value"]))
            assert metric.qualifier == QUALIFIER_WORDS.get(figure.get("qualifier", ""), "exact")
            if "change_basis" in figure:
                assert metric.change and metric.change.basis == BASIS_WORDS[figure["change_basis"]]

    # a rerun of the same article makes no request: the answer comes from the cache
    again = summarize(path, settings=_settings(ep, home, mode=mode))
    assert _requests(vcr) == seen
    assert again.provenance.cached and again.provenance.calls == 0
    assert [m.model_dump() for m in again.metrics] == [m.model_dump() for m in report.metrics]


@pytest.mark.vcr
def test_typical_article_tools(endpoint: Endpoint, vcr, tmp_path: Path) -> None:  # noqa: ANN001
    _check_typical("llm_mianyang_q3.txt", "tools", endpoint, vcr, tmp_path)


@pytest.mark.vcr
def test_typical_article_json_schema(endpoint: Endpoint, vcr, tmp_path: Path) -> None:  # noqa: ANN001
    _check_typical("llm_anji_h1.txt", "json_schema", endpoint, vcr, tmp_path)


@pytest.mark.vcr
def test_typical_article_json(endpoint: Endpoint, vcr, tmp_path: Path) -> None:  # noqa: ANN001
    _check_typical("llm_taichung_2024.txt", "json", endpoint, vcr, tmp_path)


@pytest.mark.vcr
def test_typical_article_md_json(endpoint: Endpoint, vcr, tmp_path: Path) -> None:  # noqa: ANN001
    _check_typical("llm_yichang_annual.txt", "md_json", endpoint, vcr, tmp_path)


@pytest.mark.vcr
def test_typical_cost_comes_from_the_price_table(endpoint: Endpoint, vcr, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A user price file prices the model the cassette was recorded with."""
    prices = tmp_path / "prices.tsv"
    prices.write_text(f"{endpoint.model}\t1000\t2000\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_PRICES", str(prices))
    report = summarize(ARTICLES / "llm_mianyang_q3.txt", settings=_settings(endpoint, tmp_path))
    p = report.provenance
    assert p.cost_usd == pytest.approx((p.prompt_tokens * 1000 + p.completion_tokens * 2000) / 1e6)


@pytest.mark.vcr
def test_reask_fixes_a_failed_answer(endpoint: Endpoint, vcr, tmp_path: Path) -> None:  # noqa: ANN001
    """The first answer has a wrong direction, an invented figure and an unbacked number; instructor
    re-asks with those reasons and the second answer is kept."""
    report = summarize(ARTICLES / "llm_jiujiang_reask.txt", settings=_settings(endpoint, tmp_path))
    assert report.provenance.calls == _requests(vcr) == 2
    reask = json.loads(vcr.requests[1].body)["messages"]
    feedback = "\n".join(str(m.get("content")) for m in reask[2:])
    assert "direction 'up' contradicts the quote" in feedback
    assert "quote not found in the source" in feedback
    assert "summary_en states 12" in feedback
    deaths = [m for m in report.metrics if m.value == 8.9]
    assert deaths and all(m.change and m.change.direction == "down" for m in deaths)
    assert not any(m.value == 2 and "较大" in m.indicator.zh for m in report.metrics)
    assert report.provenance.summary_source == "model" and "12%" not in report.summary.en
    # tokens are summed over both attempts
    usage = [json.loads(r["body"]["string"])["usage"] for r in vcr.responses]
    assert report.provenance.prompt_tokens == sum(u["prompt_tokens"] for u in usage)
    assert report.provenance.completion_tokens == sum(u["completion_tokens"] for u in usage)


@pytest.mark.vcr
def test_fabricating_model_cli(endpoint: Endpoint, vcr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """Every quote absent, every number 999: none of it reaches the report, the refusals are listed,
    the summaries fall back to the offline ones, and the CLI exits 0 with a report."""
    monkeypatch.setenv("OPENAI_BASE_URL", endpoint.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", endpoint.api_key)
    article = ARTICLES / "llm_mianyang_q3.txt"
    result = CliRunner().invoke(app, ["summarize", str(article), "--engine", "llm", "--model", endpoint.model,
                                      "--mode", "json_schema", "--max-retries", "0"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert report["provenance"]["calls"] == _requests(vcr) == 2  # the answer, and one re-ask
    shown = json.dumps([report["metrics"], report["summary"], report["key_points"]], ensure_ascii=False)
    assert "999" not in shown
    refused = [r for r in report["rejected"] if r["draft"]["value"] == 999]
    assert refused and all(r["reason"] == "quote not found in the source" for r in refused)
    assert report["provenance"]["summary_source"] == "offline"
    assert any("summary dropped" in n for n in report["provenance"]["notes"])
    offline = OfflineEngine().extract(from_path(article), [])
    # the offline engine reviews, never authors: its figures wait for a reviewer in "unconfirmed"
    assert report["metrics"] == [] and len(report["unconfirmed"]) == len(offline.metrics) > 0


@pytest.mark.vcr
def test_long_article_map_reduce(endpoint: Endpoint, vcr, tmp_path: Path) -> None:  # noqa: ANN001
    """A long article: one extraction call per chunk, one reduce call; figures deduplicated by span."""
    path = ARTICLES / "llm_guizhou_long.txt"
    report = summarize(path, settings=_settings(endpoint, tmp_path, chunk_tokens=400))
    chunks = report.provenance.chunks
    assert chunks >= 3
    assert report.provenance.calls == _requests(vcr) == chunks + 1
    bodies = [json.loads(r.body) for r in vcr.requests]
    assert sum("<figures>" in json.dumps(b, ensure_ascii=False) for b in bodies) == 1  # one reduce call, last
    assert "<figures>" in json.dumps(bodies[-1], ensure_ascii=False)
    spans = [(m.evidence.start, m.evidence.end, m.value, m.change.direction if m.change else None)
             for m in report.metrics]
    assert len(spans) == len(set(spans))
    assert report.provenance.summary_source == "model"
    if _scripted(vcr):
        assert "316,000" in report.summary.en and len(report.key_points) >= 4
        for point in report.key_points:
            assert point.metric_ids, point


@pytest.mark.vcr(str(CASSETTES / "test_typical_article_tools.yaml"))
def test_changed_prompt_no_longer_matches_the_cassette(record_mode: str, tmp_path: Path, vcr) -> None:  # noqa: ANN001
    """A one-line change to a template changes the request body: the recorded cassette no longer
    matches and the call fails at once, until `make cassettes` re-records it."""
    if record_mode != "none":
        pytest.skip("only meaningful when replaying")
    registry.reset()
    changed = tmp_path / "prompts"
    shutil.copytree(packaged_prompts_dir(), changed)
    extract = changed / "extract.j2"
    extract.write_text(extract.read_text(encoding="utf-8") + "\nAnswer carefully.\n", encoding="utf-8")
    assert load_prompts(changed).version != load_prompts().version
    model = _recorded_model("test_typical_article_tools") or DEFAULT_MODEL
    ep = Endpoint(UDS_BASE_URL, "sk-replay-placeholder", model, False, False)
    with pytest.raises(ModelError, match="cannot reach the model endpoint.*CannotOverwriteExistingCassetteException"):
        summarize(ARTICLES / "llm_mianyang_q3.txt", settings=_settings(ep, tmp_path / "a", prompts_dir=changed))
    assert vcr.play_count == 0
    # the same request with the shipped templates is in the cassette
    report = summarize(ARTICLES / "llm_mianyang_q3.txt", settings=_settings(ep, tmp_path / "b"))
    assert report.provenance.calls == vcr.play_count == 1
    registry.reset()


def test_cassettes_hold_no_secret_and_cover_every_mode() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert len(files) >= 6
    modes = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        for needle in ("authorization", "bearer", "api-key", "set-cookie", "openai-organization", "openai-project",
                       "cookie", RECORDING_KEY.lower()):
            assert needle not in lowered, (path.name, needle)
        assert not re.search(r"sk-[A-Za-z0-9]{20,}", text), path.name
        for interaction in yaml.safe_load(text)["interactions"]:
            if not interaction["request"]["uri"].endswith("/chat/completions"):
                continue  # the Batch API cassette's files and batches requests (#19): secrets checked above
            body = json.loads(interaction["request"]["body"])
            kind = (body.get("response_format") or {}).get("type")
            modes.add("tools" if body.get("tools")
                      else {"json_schema": "json_schema", "json_object": "json"}.get(kind, "md_json"))
            assert isinstance(interaction["response"]["body"]["string"], str)  # decoded, readable
    assert modes == {"tools", "json_schema", "json", "md_json"}
