"""Faults, retries, accounting, cache and concurrency against the live scripted server (in-process).

These run against a real HTTP server rather than cassettes: a timeout, a Retry-After wait or a
503-then-success cannot be meaningfully replayed. The server listens on a Unix socket, so the
tests pass with no network at all (``unshare -n``, where even loopback is down) while
``--block-network`` still refuses every other connection.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen import registry
from reportgen.cli import app
from reportgen.config import Settings
from reportgen.engines.llm import client as llm_client
from reportgen.pipeline import summarize, summarize_many

from .conftest import ARTICLES
from .scripted import ScriptedServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])

TYPICAL = ARTICLES / "llm_mianyang_q3.txt"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        monkeypatch.setattr(llm_client, "base_transport", srv.transport)
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-fault-tests-not-a-real-key")
        registry.reset()
        yield srv
    registry.reset()


def _cli(*args: str) -> object:
    return CliRunner().invoke(app, ["summarize", *args])


def _settings(server: ScriptedServer, home: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"engine": "llm", "base_url": server.base_url, "api_key": "sk-x", "max_retries": 0,
                                 "timeout": 10.0, "home": home}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


FAULTS = [
    ("http500", r"failed with HTTP 500 \(2 attempts\)"),
    ("http429", r"rate limiting \(HTTP 429\) and still was after 1 retry"),
    ("nonjson", r"body that is not JSON"),
    ("prose", r"answered in prose instead of calling the answer tool"),
    ("malformed", r"not valid JSON"),
    ("truncated", r"cut off \(finish_reason 'length'\)"),
    ("refusal", r"refused to answer: I'm sorry"),
    ("empty", r"no choices"),
]


@pytest.mark.parametrize(("scenario", "message"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_is_one_clear_line_and_a_failed_exit(server: ScriptedServer, scenario: str, message: str) -> None:
    result = _cli(str(TYPICAL), "--engine", "llm", "--model", f"scripted-{scenario}", "--max-retries", "1",
                  "--timeout", "5")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"reportgen: {TYPICAL.name}: "), result.stderr
    assert re.search(message, lines[0]), lines[0]
    assert all(line == "reportgen: 1 of 1 article(s) failed" for line in lines[1:]), result.stderr  # one line per fault
    assert "Traceback" not in result.output and "sk-fault-tests" not in result.output
    assert server.seen, "the endpoint was asked"


def test_never_answering_endpoint_times_out(server: ScriptedServer) -> None:
    result = _cli(
        str(TYPICAL), "--engine", "llm", "--model", "scripted-timeout", "--timeout", "5", "--max-retries", "0"
    )
    assert result.exit_code == 1
    assert "no answer from the model endpoint within 5 s (1 attempt)" in result.stderr
    assert "Traceback" not in result.output
    assert len(server.seen) == 1


def test_unreachable_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import httpx2

    monkeypatch.setattr(
        llm_client, "base_transport", lambda: httpx2.HTTPTransport(uds=str(tmp_path / "scripted-openai-gone.sock"))
    )
    registry.reset()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://scripted-openai.local/v1")
    result = _cli(str(TYPICAL), "--engine", "llm", "--max-retries", "0")
    assert result.exit_code == 1
    assert "cannot reach the model endpoint http://scripted-openai.local (ConnectError)" in result.stderr
    registry.reset()


def test_429_waits_as_long_as_retry_after_says(server: ScriptedServer) -> None:
    result = _cli(str(TYPICAL), "--engine", "llm", "--model", "scripted-http429", "--max-retries", "1")
    assert result.exit_code == 1
    first, second = server.seen
    assert second.at - first.at >= 1.0  # the server's Retry-After: 1 (openai's own backoff would start at 0.5 s)


def test_503_once_then_success(server: ScriptedServer, tmp_path: Path) -> None:
    result = _cli(str(TYPICAL), "--engine", "llm", "--model", "scripted-503once", "--max-retries", "2")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [s.status for s in server.seen] == [503, 200]
    assert report["provenance"]["calls"] == 2  # the failed attempt reached the endpoint too
    assert report["provenance"]["summary_source"] == "model"


def test_typical_article_calls_equal_requests_seen_and_rerun_is_free(server: ScriptedServer, tmp_path: Path) -> None:
    settings = _settings(server, tmp_path)
    first = summarize(TYPICAL, settings=settings)
    assert first.provenance.chunks == 1
    assert first.provenance.calls == len(server.seen) == 1
    again = summarize(TYPICAL, settings=settings)
    assert len(server.seen) == 1 and again.provenance.cached and again.provenance.calls == 0
    fresh = summarize(TYPICAL, settings=_settings(server, tmp_path, use_cache=False))
    assert len(server.seen) == 2 and not fresh.provenance.cached and fresh.provenance.calls == 1


def test_no_cache_flag_always_asks(server: ScriptedServer) -> None:
    for _ in range(2):
        assert _cli(str(TYPICAL), "--engine", "llm", "--no-cache").exit_code == 0
    assert len(server.seen) == 2
    assert _cli(str(TYPICAL), "--engine", "llm").exit_code == 0
    assert _cli(str(TYPICAL), "--engine", "llm").exit_code == 0
    assert len(server.seen) == 3  # the cached run after the first cached write asks nobody


def test_batch_goes_on_past_a_failing_article(server: ScriptedServer, tmp_path: Path) -> None:
    unknown = tmp_path / "unscripted.txt"
    unknown.write_text("某县公安局通报:今年以来全县刑事案件同比下降5.5%。\n", encoding="utf-8")
    result = _cli(str(unknown), str(TYPICAL), "--engine", "llm", "--max-retries", "0", "-j", "2")
    assert result.exit_code == 1
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["source"]["file"] for r in reports] == [TYPICAL.name]
    assert f"reportgen: {unknown.name}: the model endpoint rejected the request (HTTP 400)" in result.stderr
    assert "1 of 2 article(s) failed" in result.stderr


def test_concurrent_articles_each_count_their_own_calls(server: ScriptedServer, tmp_path: Path) -> None:
    names = ["llm_mianyang_q3.txt", "llm_jiujiang_reask.txt", "llm_anji_h1.txt", "llm_yichang_annual.txt"]
    settings = _settings(server, tmp_path, concurrency=4)
    outcomes = list(summarize_many([(n, ARTICLES / n) for n in names], settings))
    assert all(o.report is not None for o in outcomes), [str(o.error) for o in outcomes]
    seen = Counter(s.article for s in server.seen)
    for o in outcomes:
        assert o.report.provenance.calls == seen[o.name], o.name  # type: ignore[union-attr]
    assert seen["llm_jiujiang_reask.txt"] == 2  # its re-ask is counted for it, not for its neighbours


def test_identical_reports_whatever_the_concurrency(server: ScriptedServer, tmp_path: Path) -> None:
    names = ["llm_mianyang_q3.txt", "llm_jiujiang_reask.txt", "llm_anji_h1.txt", "llm_yichang_annual.txt",
             "llm_taichung_2024.txt"]

    def reports(concurrency: int) -> list[dict[str, object]]:
        settings = _settings(server, tmp_path / f"j{concurrency}", concurrency=concurrency, use_cache=False)
        outcomes = list(summarize_many([(n, ARTICLES / n) for n in names], settings))
        assert [o.name for o in outcomes] == names and all(o.report for o in outcomes)
        dumps = [o.report.model_dump(mode="json") for o in outcomes if o.report]
        for dump in dumps:
            dump["provenance"].pop("duration_ms")
        return dumps

    assert reports(1) == reports(4)


def test_a_batch_keeps_at_most_concurrency_requests_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never more than ``concurrency`` (-j) requests out at once, and the batch does use them all."""
    import threading

    names = [
        "llm_mianyang_q3.txt",
        "llm_anji_h1.txt",
        "llm_yichang_annual.txt",
        "llm_taichung_2024.txt",
        "llm_jiujiang_reask.txt",
    ]
    active, peak, lock = [0], [0], threading.Lock()
    with ScriptedServer(latency=0.2) as srv:

        def counting_transport():  # noqa: ANN202
            transport = srv.transport()
            handle = transport.handle_request

            def counted(request):  # noqa: ANN001, ANN202
                with lock:
                    active[0] += 1
                    peak[0] = max(peak[0], active[0])
                try:
                    return handle(request)
                finally:
                    with lock:
                        active[0] -= 1

            transport.handle_request = counted
            return transport

        monkeypatch.setattr(llm_client, "base_transport", counting_transport)
        registry.reset()
        try:
            settings = _settings(srv, tmp_path, concurrency=2, use_cache=False)
            outcomes = list(summarize_many([(n, ARTICLES / n) for n in names], settings))
        finally:
            registry.reset()
    assert [o.name for o in outcomes] == names
    assert all(o.report is not None for o in outcomes), [str(o.error) for o in outcomes]
    assert peak[0] == 2
