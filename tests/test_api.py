"""The API in-process (fast checks of the rules); tests/test_api_server.py runs the same against real uvicorn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reportgen import ingest
from reportgen.api import create_app
from reportgen.api.security import key_matches, presented_key
from reportgen.api.server import check
from reportgen.config import ServerSettings
from reportgen.errors import ConfigError
from reportgen.models import Report
from reportgen.storage.store import default_store

from .conftest import EXAMPLES

KEY = "in-process-test-key"
EXAMPLE = EXAMPLES / "lvliang_2022h1.txt"


def make_client(
    home: Path, *, keys: tuple[str, ...] = (KEY,), client_host: str = "testclient", **server: object
) -> TestClient:
    app = create_app(server=ServerSettings(api_keys=keys, **server), store=default_store(home), run_jobs=False)  # type: ignore[arg-type]
    return TestClient(app, client=(client_host, 50000), raise_server_exceptions=False)


@pytest.fixture
def client(isolated_env: Path) -> TestClient:
    with make_client(isolated_env) as c:
        c.headers["X-API-Key"] = KEY
        yield c


def test_config_reads_keys_from_env_and_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    keyfile = tmp_path / "keys"
    keyfile.write_text("# service keys\nfile-key-1\n\n  file-key-2  # ops\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_API_KEYS", " env-a , ,env-b")
    monkeypatch.setenv("REPORTGEN_API_KEY_FILE", str(keyfile))
    server = ServerSettings.from_env()
    assert server.api_keys == ("env-a", "env-b", "file-key-1", "file-key-2")
    assert "env-a" not in repr(server) and "file-key" not in repr(server)
    monkeypatch.setenv("REPORTGEN_API_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="cannot read the API key file"):
        ServerSettings.from_env()


def test_serve_refuses_a_public_address_without_keys() -> None:
    with pytest.raises(ConfigError, match="refusing to listen on 0.0.0.0 without API keys"):
        check("0.0.0.0", 1)
    assert check("127.0.0.1", 1).api_keys == ()


def test_serve_accepts_a_public_address_with_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_API_KEYS", "k")
    assert check("0.0.0.0", 2).api_keys == ("k",)


def test_key_helpers() -> None:
    assert presented_key([(b"authorization", b"Bearer  abc ")]) == "abc"
    assert presented_key([(b"authorization", b"Basic abc")]) is None
    assert presented_key([(b"x-api-key", b"xyz")]) == "xyz"
    assert key_matches("b", ["a", "b"]) and not key_matches("c", ["a", "b"]) and not key_matches("", ["a"])
    assert not key_matches("é", ["e"])


def test_without_keys_only_loopback_clients_are_served(isolated_env: Path) -> None:
    with make_client(isolated_env, keys=(), client_host="192.0.2.7") as remote:
        assert remote.get("/v1/reports").status_code == 401
        assert remote.get("/healthz").status_code == 200
    with make_client(isolated_env, keys=(), client_host="127.0.0.1") as local:
        assert local.get("/v1/reports").status_code == 200


def test_post_report_then_idempotent_repeat(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    first = client.post("/v1/reports", json={"text": text, "source_url": "https://example.org/a"})
    assert first.status_code == 201, first.text
    report = Report.model_validate(first.json())
    assert report.id == ingest.from_text(text).id
    assert report.source.url == "https://example.org/a"
    assert first.headers["location"] == f"/v1/reports/{report.id}"
    again = client.post("/v1/reports", json={"text": text.replace("\n", "\r\n"), "title": "other title"})
    assert again.status_code == 200 and again.json() == first.json()  # stored one, not recomputed


def test_title_and_published_override_the_article(client: TestClient) -> None:
    text = "某市公安局通报\n2023年全市刑事案件同比下降12.5%，破获电信诈骗案件320起。\n"
    body = client.post("/v1/reports", json={"text": text, "title": "Override", "published": "2024-01-31"}).json()
    assert body["source"]["title_zh"] == "Override" and body["source"]["published"] == "2024-01-31"


def test_html_body_is_read_as_html(client: TestClient) -> None:
    html = "<html><body><nav>首页 > 新闻</nav><article><p>2023年全市接报警情同比下降8.1%。</p></article></body></html>"
    response = client.post("/v1/reports", json={"html": html})
    assert response.status_code == 201
    assert "<p>" not in json.dumps(response.json()["metrics"], ensure_ascii=False)


def test_multipart_upload_in_gb18030(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    response = client.post(
        "/v1/reports",
        files={"file": ("lvliang.txt", text.encode("gb18030"), "text/plain")},
        data={"published": "2022-07-16"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == ingest.from_text(text).id and body["source"]["file"] == "lvliang.txt"
    assert body["source"]["published"] == "2022-07-16"


@pytest.mark.parametrize(
    ("files", "data", "reason"),
    [
        ({"other": ("a.txt", b"x", "text/plain")}, {}, "needs a 'file' part"),
        ({"file": ("a.txt", b"   \n", "text/plain")}, {}, "empty"),
        ({"file": ("a.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")}, {}, "binary"),
        ({"file": ("a.txt", "统计数据".encode(), "text/plain")}, {"engine": "gpt"}, "engine"),
    ],
)
def test_multipart_errors_are_422(client: TestClient, files: dict, data: dict, reason: str) -> None:
    response = client.post("/v1/reports", files=files, data=data)
    assert response.status_code == 422 and reason in json.dumps(response.json()), response.text


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"text": ""}, "empty"),
        ({"text": " \n\t "}, "empty"),
        ({"html": "<p> </p>"}, "no article text"),
        ({"text": "a", "html": "<p>a</p>"}, "exactly one"),
        ({"title": "only a title"}, "exactly one"),
        ({"text": "a", "colour": "red"}, "extra"),
        ({"text": "a", "engine": "llm"}, "not configured"),
        ({"text": "a", "source_url": "file:///etc/passwd"}, "pattern"),
        ({"text": "a", "published": "yesterday"}, "date"),
        ({"text": "a\x00b"}, "binary"),
    ],
)
def test_invalid_json_bodies_are_422_with_a_reason(client: TestClient, body: dict, reason: str) -> None:
    response = client.post("/v1/reports", json=body)
    assert response.status_code == 422, response.text
    assert reason in json.dumps(response.json()).lower()
    assert "input" not in response.json()["detail"][0] if isinstance(response.json()["detail"], list) else True


def test_malformed_json_and_wrong_media_type(client: TestClient) -> None:
    bad = client.post("/v1/reports", content=b'{"text": "abc"', headers={"Content-Type": "application/json"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["type"] == "json_invalid"
    assert client.post("/v1/reports", content=b"text", headers={"Content-Type": "text/plain"}).status_code == 415


def test_body_limit_in_process(isolated_env: Path) -> None:
    with make_client(isolated_env, max_body_bytes=1000) as c:
        c.headers["X-API-Key"] = KEY
        assert c.post("/v1/reports", json={"text": "数" * 600}).status_code == 413

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(20):
                yield b"x" * 100

        assert c.post("/v1/reports", content=chunks(), headers={"Content-Type": "application/json"}).status_code == 413
        assert c.post("/v1/reports", json={"text": "2023年破案100起。"}).status_code == 201


def test_unexpected_errors_are_a_generic_500(isolated_env: Path, caplog: pytest.LogCaptureFixture) -> None:
    class BrokenStore:
        def __getattr__(self, name: str):  # noqa: ANN204
            def broken(*args: object, **kwargs: object) -> None:
                raise RuntimeError("disk on fire at /very/secret/path")

            return broken

    app = create_app(server=ServerSettings(api_keys=(KEY,)), store=BrokenStore(), run_jobs=False)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/v1/reports/abc", headers={"X-API-Key": KEY})
    assert response.status_code == 500 and response.json() == {"detail": "internal server error"}
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "disk on fire" in caplog.text  # logged server-side
    assert KEY not in caplog.text


def test_report_component_matches_the_schema_file(client: TestClient) -> None:
    from .conftest import ROOT

    openapi = client.get("/openapi.json").json()
    assert_same_report_schema(
        openapi, json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    )


def assert_same_report_schema(openapi: dict, schema_file: dict) -> None:
    """Report and every model it contains: same properties and required fields as the schema file."""
    components = openapi["components"]["schemas"]
    defs = {"Report": schema_file, **schema_file.get("$defs", {})}
    for name, expected in defs.items():
        got = components.get(name) or components.get(f"{name}-Output")
        assert got is not None, f"{name} missing from OpenAPI components"
        assert set(got.get("properties", {})) == set(expected.get("properties", {})), name
        assert set(got.get("required", [])) == set(expected.get("required", [])), name


def test_job_submission_and_inline_run(isolated_env: Path) -> None:
    with make_client(isolated_env) as c:
        c.headers["X-API-Key"] = KEY
        text = EXAMPLE.read_text(encoding="utf-8")
        accepted = c.post("/v1/jobs", json={"articles": [{"text": text, "name": "a"}, {"html": "<p> </p>"}]})
        assert accepted.status_code == 202
        job_id = accepted.json()["id"]
        assert c.get(f"/v1/jobs/{job_id}").json()["counts"] == {"queued": 2, "running": 0, "done": 0, "failed": 0}
        assert c.app.state.runner.run_pending() == 2  # type: ignore[attr-defined]
        view = c.get(f"/v1/jobs/{job_id}").json()
        assert view["status"] == "done"
        assert [i["status"] for i in view["items"]] == ["done", "failed"]
        assert view["items"][0]["report_id"] == ingest.from_text(text).id and view["items"][0]["name"] == "a"
        assert "no article text" in view["items"][1]["error"]
        assert c.get(f"/v1/reports/{view['items'][0]['report_id']}").status_code == 200
        assert c.post("/v1/jobs", json={"articles": []}).status_code == 422
        assert c.post("/v1/jobs", json={"articles": [{"text": "x"}], "engine": "llm"}).status_code == 422
        assert c.get("/v1/jobs/unknown").status_code == 404


def test_metrics_count_requests_and_computed_reports(client: TestClient) -> None:
    client.post("/v1/reports", json={"text": "2023年全市破获刑事案件1200起，同比上升3%。"})
    client.post("/v1/reports", json={"text": "2023年全市破获刑事案件1200起，同比上升3%。"})
    text = client.get("/metrics").text
    assert 'reportgen_http_requests_total{method="POST",route="/v1/reports",status="201"} 1.0' in text
    assert 'reportgen_reports_total{outcome="existing"} 1.0' in text
    assert "reportgen_http_request_duration_seconds_bucket" in text


def test_briefing_over_stored_reports_in_markdown_and_html(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    report = client.post("/v1/reports", json={"text": text}).json()
    md = client.post("/v1/briefings", json={"report_ids": [report["id"]], "title": "Weekly note"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "Weekly note" in md.text
    assert report["metrics"] and report["metrics"][0]["evidence"]["quote"] in md.text  # traceable to the quote
    html = client.post("/v1/briefings", json={"report_ids": [report["id"]], "format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text.lower()


def test_briefing_over_articles_lists_the_unreadable_one_and_escapes_markup(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    evil = "<script>alert(1)</script>"
    response = client.post(
        "/v1/briefings",
        json={
            "format": "html",
            "articles": [{"text": text, "title": evil}, {"html": "<p> </p>", "name": "blank-page.html"}],
        },
    )
    assert response.status_code == 200, response.text
    assert "blank-page.html" in response.text
    assert evil not in response.text and "&lt;script&gt;" in response.text
    assert client.get(f"/v1/reports/{ingest.from_text(text).id}").status_code == 200  # stored on the way


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"report_ids": ["0000000000000000"]}, 404),
        ({}, 422),
        ({"report_ids": ["a"], "articles": [{"text": "x"}]}, 422),
        ({"report_ids": ["a"], "format": "pdf"}, 422),
        ({"report_ids": []}, 422),
    ],
)
def test_briefing_errors(client: TestClient, body: dict, status: int) -> None:
    assert client.post("/v1/briefings", json=body).status_code == status


def test_cors_only_for_configured_origins(isolated_env: Path) -> None:
    with make_client(isolated_env, cors_origins=("https://dash.example",)) as c:
        allowed = c.options(
            "/v1/reports",
            headers={
                "Origin": "https://dash.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "x-api-key",
            },
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://dash.example"
        other = c.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_readyz_reports_what_is_missing(isolated_env: Path) -> None:
    from reportgen.errors import StoreError

    class DownStore:
        def ping(self) -> None:
            raise StoreError("database is locked")

    app = create_app(server=ServerSettings(api_keys=(KEY,)), store=DownStore(), run_jobs=False)  # type: ignore[arg-type]
    with TestClient(app) as c:
        down = c.get("/readyz")
    assert down.status_code == 503 and down.json()["store"] == "unavailable"
    assert down.json()["reason"] == "database is locked"
    with make_client(isolated_env, default_engine="llm") as c:
        no_model = c.get("/readyz")
    assert no_model.status_code == 503
    assert no_model.json() == {"status": "not ready", "store": "ok", "engine": "llm",
                               "model_endpoint": "not configured", "database": "sqlite"}
    with make_client(isolated_env) as c:
        assert c.get("/readyz").json()["status"] == "ready" and c.get("/healthz").json() == {"status": "ok"}


def test_http_statuses_come_from_one_table() -> None:
    from reportgen.api.app import http_status
    from reportgen.errors import InternalError, ModelOutputError, StoreError, TokenizerError

    assert http_status(ConfigError("no endpoint")) == (422, "no endpoint")
    assert http_status(ModelOutputError("cut off")) == (502, "the model endpoint gave no usable answer: cut off")
    assert http_status(StoreError("disk full")) == (503, "the report store is unavailable: disk full")
    for bug in (InternalError("KeyError"), TokenizerError("corrupt")):  # a bug's detail stays in the server log
        assert http_status(bug) == (500, "internal server error")
