"""Hostile inputs end with a report or a clear 4xx, in time that grows linearly; one heavy request cannot stall
the server (issue #20). The time limits here are hang guards, many times what the work takes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from reportgen.errors import InputError
from reportgen.ingest import document as ingest
from reportgen.ingest.html import MAX_DEPTH, html_to_text, nesting_depth

from .test_api import KEY, make_client
from .test_api_server import KEYS, LiveServer


def _nested(depth: int, inner: str = "<p>全市共破获案件12起。</p>") -> str:
    return "<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"


# -- HTML nesting ----------------------------------------------------------------------------------


def test_nesting_depth_counts_open_elements_and_ignores_self_closing_ones() -> None:
    assert nesting_depth("<section><ul><li>a<li>b</ul><img src=x><br/></section>") == 2
    assert nesting_depth("<p>one<p>two<p>three") == 0  # each <p> closes the one before
    assert nesting_depth("<span>" * 50) == 50  # left open: counted as nested, never less


def test_a_page_within_the_depth_cap_is_read_without_recursion() -> None:
    page = html_to_text(_nested(MAX_DEPTH - 10))
    assert page.text == "全市共破获案件12起。"


def test_a_page_nested_past_the_cap_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match=f"more than {MAX_DEPTH} deep"):
        ingest.from_text(_nested(200_000))
    assert time.perf_counter() - started < 10


def test_2000_deep_html_gets_a_422_from_the_api(isolated_env: Path) -> None:
    with make_client(isolated_env) as client:
        response = client.post("/v1/reports", json={"html": _nested(2000)}, headers={"X-API-Key": KEY})
    assert response.status_code == 422
    assert "deep" in response.json()["detail"]


# -- long runs and long lines -----------------------------------------------------------------------


def test_100kb_of_digits_ends_with_a_report(isolated_env: Path) -> None:
    started = time.perf_counter()
    with make_client(isolated_env) as client:
        response = client.post("/v1/reports", json={"text": "7" * 100_000}, headers={"X-API-Key": KEY})
    assert response.status_code in (201, 422), response.text
    assert time.perf_counter() - started < 60


def test_a_doubled_number_is_still_caught_after_a_long_run_of_numerals() -> None:
    from reportgen.verify.anomalies.ambiguous import _DOUBLED

    text = "二" * 50_000 + "，共抓获三3人" + "5" * 50_000 + "四人"
    found = [m.group(0) for m in _DOUBLED.finditer(text)]
    assert "三3人" in found


def test_one_endless_line_of_figures_grows_linearly() -> None:
    from reportgen import pipeline
    from reportgen.config import Settings

    unit = "某区今年上半年接报警情同比下降3.5%，抓获嫌疑人一百二十人，"
    settings = Settings(engine="offline")

    def seconds(chars: int) -> float:
        doc = ingest.from_text((unit * (chars // len(unit) + 1))[:chars])
        started = time.perf_counter()
        pipeline.summarize(doc, settings=settings)
        return time.perf_counter() - started

    seconds(5_000)  # tables loaded
    small, large = seconds(20_000), seconds(160_000)
    assert large < 8 * small * 3 + 2, (small, large)  # 8x the text; quadratic work would be 64x


# -- the request deadline ---------------------------------------------------------------------------


@pytest.mark.server
@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])
def test_a_heavy_body_neither_stalls_healthz_nor_a_normal_article(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "home", tmp_path / "server.log", REPORTGEN_REQUEST_TIMEOUT="1",
                        REPORTGEN_WORKER_PROCESSES="2").start()
    try:
        with server.client() as warm:  # the workers start and load their tables in the background
            until = time.monotonic() + 60
            while warm.post("/v1/reports", json={"text": "某县今年共破获案件12起。"}).status_code != 201:
                assert time.monotonic() < until, server.log()
        heavy: dict[str, object] = {}

        def post_heavy() -> None:
            started = time.monotonic()
            with httpx.Client(base_url=server.url, headers={"X-API-Key": KEYS[0]}, timeout=120) as c:
                response = c.post("/v1/reports", json={"text": "9" * 1_900_000})
            heavy.update(status=response.status_code, body=response.text, seconds=time.monotonic() - started)

        thread = threading.Thread(target=post_heavy)
        thread.start()
        time.sleep(0.5)
        slowest_health = 0.0
        with server.client() as c:
            while thread.is_alive() and len(heavy) == 0:
                started = time.monotonic()
                assert c.get("/healthz", timeout=5).status_code == 200
                slowest_health = max(slowest_health, time.monotonic() - started)
                response = c.post("/v1/reports", json={"text": f"某县今年共抓获嫌疑人{int(started) % 1000}人。"},
                                  timeout=20)
                assert response.status_code in (200, 201), response.text
                time.sleep(0.2)
        thread.join(60)
        assert not thread.is_alive()
        assert heavy["status"] == 503 and "REPORTGEN_REQUEST_TIMEOUT" in str(heavy["body"]), heavy
        assert float(heavy["seconds"]) < 1 + 10, heavy  # type: ignore[arg-type]
        assert slowest_health < 2, slowest_health
    finally:
        server.stop()


# -- items 4-9: answers, exit codes, first use -------------------------------------------------------


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_since_at_either_end_of_the_range_is_answered(isolated_env: Path, since: str) -> None:
    with make_client(isolated_env) as client:
        response = client.get("/v1/reports", params={"since": since}, headers={"X-API-Key": KEY})
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/v1/jobs", "/v1/briefings", "/v1/reports"])
@pytest.mark.parametrize("body", [b'{"articles": [{"text": "\xff\xfe"}]}', b"[" * 3000 + b"]" * 3000])
def test_unreadable_json_is_a_422_on_every_route(isolated_env: Path, path: str, body: bytes) -> None:
    with make_client(isolated_env) as client:
        response = client.post(path, content=body, headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text


def test_a_utf16_bom_before_garbage_is_refused() -> None:
    import codecs
    import random

    rng = random.Random(20)
    garbage = "".join(chr(rng.choice([rng.randrange(0xE000, 0xF8FF), rng.randrange(0x3400, 0x4DBF)]))
                      for _ in range(500))
    with pytest.raises(InputError, match="byte-order mark"):
        ingest.from_bytes(codecs.BOM_UTF16_LE + garbage.encode("utf-16-le"))
    assert ingest.from_bytes(codecs.BOM_UTF16_LE + "今年共破获案件12起。".encode("utf-16-le")).text


def test_an_unusable_answer_cache_is_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from reportgen.storage.backend import open_answer_cache

    home = tmp_path / "home-is-a-file"
    home.write_text("x")
    cache = open_answer_cache(home)
    cache.put("k", "v")
    assert cache.get("k") is None
    assert "without the model-answer cache" in caplog.text


def test_a_base_url_that_is_no_url_is_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.config import Settings
    from reportgen.errors import ConfigError

    monkeypatch.setenv("OPENAI_BASE_URL", "not-a-url")
    with pytest.raises(ConfigError, match="http:// or https://"):
        Settings.from_env()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8765/v1")
    assert Settings.from_env().base_url == "http://127.0.0.1:8765/v1"


def test_access_log_lines_lose_credential_values() -> None:
    import logging

    from reportgen.api.server import RedactQuerySecrets

    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/v1/reports?limit=2&api_key=s3cr3t", "1.1", 401), None)
    RedactQuerySecrets().filter(record)
    assert "s3cr3t" not in record.getMessage() and "limit=2" in record.getMessage()


def test_serve_on_a_busy_port_exits_2(isolated_env: Path) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "reportgen", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "cannot listen on 127.0.0.1" in done.stderr


def test_h_is_help() -> None:
    from typer.testing import CliRunner

    from reportgen.cli import app

    result = CliRunner().invoke(app, ["summarize", "-h"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    from reportgen.ingest.document import MAX_BYTES, from_path

    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: nothing is written, nothing needs reading
    with pytest.raises(InputError, match="file too large"):
        from_path(big)


def test_the_server_bounds_model_requests_and_offline_work_by_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.config import ServerSettings, Settings
    from reportgen.errors import ConfigError

    monkeypatch.setenv("REPORTGEN_LLM_TIMEOUT", "7.5")
    monkeypatch.setenv("REPORTGEN_LLM_RETRIES", "0")
    monkeypatch.setenv("REPORTGEN_REQUEST_TIMEOUT", "12")
    settings, server = Settings.from_env(), ServerSettings.from_env()
    assert (settings.timeout, settings.max_retries, server.request_timeout) == (7.5, 0, 12.0)
    monkeypatch.setenv("REPORTGEN_REQUEST_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="REPORTGEN_REQUEST_TIMEOUT"):
        ServerSettings.from_env()


def test_quotes_stay_short_in_one_sentence_of_hundreds_of_bare_changes() -> None:
    # each change borrows the name stated at the sentence's start; its quote must not grow with the sentence
    # (that made reports, restatements and their repeats quadratic in the input)
    from reportgen import summarize_text

    report = summarize_text("某某通报\n全县接报警情1200起，" + "环比减少5.3%，" * 600)
    quotes = [m.evidence.quote for m in report.metrics] + [r.quote for m in report.metrics for r in m.repeats]
    assert quotes and max(map(len, quotes)) <= 300
