"""The API against a REAL ``reportgen serve`` (uvicorn) on 127.0.0.1: auth, limits, idempotency,
persistence across a restart, and job resume after SIGKILL.

The job-resume test runs its job on the llm engine against the scripted OpenAI-compatible server
(tests/scripted) with a latency, so the kill lands mid-job.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reportgen import ingest
from reportgen.models import Report

from .conftest import ARTICLES, EXAMPLES, ROOT
from .scripted import ScriptedServer
from .test_api import assert_same_report_schema

KEYS = ("server-test-key-one", "server-test-key-two")
EXAMPLE = EXAMPLES / "lvliang_2022h1.txt"
_SCRUB = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "REPORTGEN_MODEL",
          "REPORTGEN_API_KEYS", "REPORTGEN_API_KEY_FILE", "REPORTGEN_ENGINE", "AZURE_OPENAI_API_KEY",
          "REPORTGEN_MAX_BODY_BYTES")

pytestmark = [pytest.mark.server, pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``python -m reportgen serve`` in a subprocess with its own REPORTGEN_HOME and keys."""

    def __init__(self, home: Path, log: Path, **env: str) -> None:
        self.home, self.log_path, self.extra_env = home, log, env
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
        env.update(REPORTGEN_HOME=str(self.home), REPORTGEN_API_KEYS=",".join(KEYS), PYTHONUNBUFFERED="1",
                   **self.extra_env)
        self.port = free_port()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--port", str(self.port)],
                                         env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not come up:\n{self.log()}")

    def stop(self) -> None:
        """Graceful stop (SIGTERM), as a deploy would."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def client(self, key: str | None = KEYS[0]) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-API-Key": key} if key else {}, timeout=60)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("live")
    server = LiveServer(base / "home", base / "server.log").start()
    yield server
    server.stop()


@pytest.fixture
def api(live: LiveServer) -> Iterator[httpx.Client]:
    with live.client() as c:
        yield c


def article(n: int) -> str:
    """A short fictional work report; ``n`` varies the figures so each one is a new article."""
    return (f"某县公安局通报第{n}期治安形势\n"
            f"今年以来，全县共接报刑事警情{100 + n}起，同比下降{n % 9 + 1}.5%；"
            f"破获电信网络诈骗案件{20 + n}起，抓获犯罪嫌疑人{30 + 2 * n}名，"
            f"为群众挽回经济损失{n + 1}.2万元。\n")


# -- auth ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {KEYS[0]}"}, {"X-API-Key": KEYS[0][:-1]}])
def test_401_without_or_with_a_wrong_key(live: LiveServer, headers: dict[str, str]) -> None:
    for method, path in (("POST", "/v1/reports"), ("GET", "/v1/reports"), ("GET", "/metrics"),
                         ("GET", "/v1/jobs/x"), ("DELETE", "/v1/reports/x")):
        response = httpx.request(method, live.url + path, headers=headers, json={"text": "x"})
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


def test_both_key_headers_and_every_configured_key_work(live: LiveServer) -> None:
    assert httpx.get(f"{live.url}/v1/reports", headers={"Authorization": f"Bearer {KEYS[1]}"}).status_code == 200
    assert httpx.get(f"{live.url}/v1/reports", headers={"X-API-Key": KEYS[0]}).status_code == 200


def test_probes_and_openapi_need_no_key(live: LiveServer) -> None:
    assert httpx.get(f"{live.url}/healthz").json()["status"] == "ok"
    ready = httpx.get(f"{live.url}/readyz").json()
    assert ready == {"status": "ready", "store": "ok", "engine": "offline", "model_endpoint": "not configured",
                     "database": "sqlite"}
    openapi = httpx.get(f"{live.url}/openapi.json")
    assert openapi.status_code == 200 and openapi.json()["openapi"].startswith("3.")


def test_openapi_report_matches_schema_file(live: LiveServer) -> None:
    openapi = httpx.get(f"{live.url}/openapi.json").json()
    shipped = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    assert_same_report_schema(openapi, shipped)
    assert set(openapi["paths"]) >= {
        "/v1/reports",
        "/v1/reports/{report_id}",
        "/v1/briefings",
        "/v1/jobs",
        "/v1/jobs/{job_id}",
        "/healthz",
        "/readyz",
        "/metrics",
    }
    assert openapi["paths"]["/v1/reports"]["post"]["security"] == [{"bearer": []}, {"apiKey": []}]


def test_cors_is_off_by_default(api: httpx.Client) -> None:
    response = api.get("/v1/reports", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


# -- reports ---------------------------------------------------------------------------------------


def test_201_with_a_report_then_200_without_recomputing(api: httpx.Client) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    first = api.post("/v1/reports", json={"text": text})
    assert first.status_code == 201, first.text
    report = Report.model_validate(first.json())
    assert report.id == ingest.from_text(text).id and report.metrics
    computed_before = _metric(api, 'reportgen_reports_total{outcome="created"}')
    second = api.post("/v1/reports", json={"text": text, "title": "ignored for an existing report"})
    assert second.status_code == 200 and second.json() == first.json()
    assert _metric(api, 'reportgen_reports_total{outcome="created"}') == computed_before  # not recomputed
    assert api.get(f"/v1/reports/{report.id}").json() == first.json()


def test_multipart_upload_on_the_live_server(api: httpx.Client) -> None:
    data = article(501).encode("gb18030")
    response = api.post(
        "/v1/reports",
        files={"file": ("county.txt", data, "text/plain")},
        data={"source_url": "https://example.gov.cn/n501"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["id"] == ingest.from_text(article(501)).id
    assert response.json()["source"]["url"] == "https://example.gov.cn/n501"


def test_413_for_a_3mb_body_with_and_without_content_length(api: httpx.Client) -> None:
    big = json.dumps({"text": "数" * (1024 * 1024)}).encode()  # ~3 MB of UTF-8
    assert len(big) > 3_000_000
    response = api.post("/v1/reports", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "too large" in response.json()["detail"]

    def chunked() -> Iterator[bytes]:
        for i in range(0, len(big), 64 * 1024):
            yield big[i : i + 64 * 1024]

    response = api.post("/v1/reports", content=chunked(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    upload = api.post("/v1/reports", files={"file": ("big.txt", b"x" * (3 * 1024 * 1024), "text/plain")})
    assert upload.status_code == 413
    assert api.get("/healthz").status_code == 200  # still serving


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"text": ""}', "empty"),
        (b'{"text": "   "}', "empty"),
        (b'{"text": "abc"', "json_invalid"),
        (b"not json at all", "json_invalid"),
        (b'{"text": "a", "html": "<p>b</p>"}', "exactly one"),
        (b"[]", "model_type"),
    ],
)
def test_422_for_invalid_input(api: httpx.Client, content: bytes, reason: str) -> None:
    response = api.post("/v1/reports", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert reason in response.text
    assert "Traceback" not in response.text


def test_source_url_is_never_fetched(api: httpx.Client) -> None:
    hits: list[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            hits.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/article.html"
    try:
        response = api.post("/v1/reports", json={"text": article(502), "source_url": url})
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert response.status_code == 201 and response.json()["source"]["url"] == url
    assert hits == []


def test_list_paginates_filters_and_delete(api: httpx.Client) -> None:
    ids = [api.post("/v1/reports", json={"text": article(600 + i)}).json()["id"] for i in range(3)]
    seen: list[str] = []
    cursor = None
    while True:
        page = api.get("/v1/reports", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 2
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert set(ids) <= set(seen) and len(seen) == len(set(seen))
    assert api.get("/v1/reports", params={"since": "2999-01-01"}).json() == {"items": [], "next_cursor": None}
    assert api.get("/v1/reports", params={"cursor": "garbage!"}).status_code == 422
    assert api.get("/v1/reports", params={"limit": 0}).status_code == 422
    assert api.delete(f"/v1/reports/{ids[0]}").status_code == 204
    assert api.get(f"/v1/reports/{ids[0]}").status_code == 404
    assert api.delete(f"/v1/reports/{ids[0]}").status_code == 404
    assert ids[0] not in [r["id"] for r in api.get("/v1/reports", params={"limit": 200}).json()["items"]]


def test_metrics_exposition(api: httpx.Client) -> None:
    api.get("/v1/reports/0000000000000000")
    response = api.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert 'reportgen_http_requests_total{method="GET",route="/v1/reports/{report_id}",status="404"}' in body
    for name in (
        "reportgen_http_request_duration_seconds_bucket",
        "reportgen_reports_total",
        "reportgen_model_calls_total",
        "reportgen_model_tokens_total",
        "reportgen_model_cache_hits_total",
    ):
        assert name in body


def test_keys_never_reach_the_log(live: LiveServer, api: httpx.Client) -> None:
    api.get("/v1/reports")
    httpx.get(f"{live.url}/v1/reports", headers={"X-API-Key": "wrong-key-zz9"})
    log = live.log()
    assert "/v1/reports" in log  # the access log is there ...
    assert all(key not in log for key in (*KEYS, "wrong-key-zz9"))  # ... the keys are not


def _metric(api: httpx.Client, series: str) -> float:
    for line in api.get("/metrics").text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return 0.0


# -- restart and resume ------------------------------------------------------------------------------


def test_report_is_still_there_after_a_restart(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "home", tmp_path / "server.log").start()
    try:
        with server.client() as c:
            created = c.post("/v1/reports", json={"text": EXAMPLE.read_text(encoding="utf-8")})
            assert created.status_code == 201
    finally:
        server.stop()
    server = LiveServer(tmp_path / "home", tmp_path / "server.log").start()
    try:
        with server.client() as c:
            assert c.get(f"/v1/reports/{created.json()['id']}").json() == created.json()
            assert c.post("/v1/reports", json={"text": EXAMPLE.read_text(encoding="utf-8")}).status_code == 200
    finally:
        server.stop()


def _job(client: httpx.Client, job_id: str) -> dict:
    response = client.get(f"/v1/jobs/{job_id}")
    assert response.status_code == 200
    return response.json()


LLM_ARTICLES = (
    "llm_mianyang_q3.txt",
    "llm_anji_h1.txt",
    "llm_jiujiang_reask.txt",
    "llm_yichang_annual.txt",
    "llm_taichung_2024.txt",
)


def test_job_resumes_after_sigkill_and_loses_nothing_finished(tmp_path: Path) -> None:
    """A slow job (the llm engine, a model answering in 1 s) killed mid-way resumes after a restart."""
    articles = [{"text": (ARTICLES / name).read_text(encoding="utf-8"), "name": name} for name in LLM_ARTICLES]
    articles.insert(3, {"html": "<div><p> </p></div>", "name": "blank"})  # a bad one: the job goes on
    with ScriptedServer(tcp=True, latency=1.0) as model:
        endpoint = {"OPENAI_BASE_URL": model.base_url, "OPENAI_API_KEY": "sk-scripted-not-a-real-key"}
        server = LiveServer(tmp_path / "home", tmp_path / "server.log", **endpoint).start()
        try:
            with server.client() as c:
                accepted = c.post("/v1/jobs", json={"articles": articles, "engine": "llm"})
                assert accepted.status_code == 202 and accepted.headers["location"] == accepted.json()["url"]
                job_id = accepted.json()["id"]
                deadline = time.monotonic() + 60
                while _job(c, job_id)["counts"]["done"] < 2 and time.monotonic() < deadline:
                    time.sleep(0.05)
                before = _job(c, job_id)
        finally:
            server.kill()
        _check_resumed(tmp_path, articles, job_id, before, endpoint)


def _check_resumed(
    tmp_path: Path, articles: list[dict[str, str]], job_id: str, before: dict, endpoint: dict[str, str]
) -> None:
    done_before = {i["index"]: i["report_id"] for i in before["items"] if i["status"] == "done"}
    assert 2 <= len(done_before) < len(articles), before  # killed mid-job

    server = LiveServer(tmp_path / "home", tmp_path / "server.log", **endpoint).start()  # same home
    try:
        with server.client() as c:
            deadline = time.monotonic() + 90
            while (after := _job(c, job_id))["status"] != "done" and time.monotonic() < deadline:
                time.sleep(0.2)
            assert after["status"] == "done", after
            items = after["items"]
            assert len(items) == len(articles)
            for index, report_id in done_before.items():  # finished work kept, untouched
                assert items[index]["status"] == "done" and items[index]["report_id"] == report_id
            statuses = {i["name"]: i["status"] for i in items}
            assert statuses.pop("blank") == "failed" and set(statuses.values()) == {"done"}
            assert "no article text" in items[3]["error"]
            for item, sent in zip(items, articles, strict=True):
                if item["status"] == "done":
                    assert item["report_id"] == ingest.from_text(sent["text"]).id
                    assert c.get(f"/v1/reports/{item['report_id']}").status_code == 200
    finally:
        server.stop()


def test_briefing_on_the_live_server(api: httpx.Client) -> None:
    ids = [api.post("/v1/reports", json={"text": article(800 + i)}).json()["id"] for i in range(2)]
    response = api.post("/v1/briefings", json={"report_ids": ids, "format": "md"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    assert "某县公安局通报第800期治安形势" in response.text and "某县公安局通报第801期治安形势" in response.text
