"""Shared test set-up: every test runs isolated from the user's environment (no key, no home)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLES = FIXTURES / "articles"
SAMPLES = ROOT.parent / "shared" / "samples"
EXAMPLES = ROOT / "examples"
SRC = ROOT / "src"


def load_script(name: str) -> ModuleType:
    """A maintenance script of scripts/ (say make_place_pinyin), imported as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_fresh_python(code: str) -> str:
    """``code`` run in a fresh interpreter (nothing imported yet, as for a CLI start); its stdout."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()

_ENV_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "REPORTGEN_MODEL",
             "REPORTGEN_API_KEYS", "REPORTGEN_HOME", "AZURE_OPENAI_API_KEY", "REPORTGEN_GLOSSARY",
             "REPORTGEN_PLACES", "REPORTGEN_API_KEY_FILE", "REPORTGEN_ENGINE", "REPORTGEN_MAX_BODY_BYTES",
             "REPORTGEN_CORS_ORIGINS", "REPORTGEN_DATABASE_URL", "REPORTGEN_DB_POOL_SIZE", "REPORTGEN_DB_TIMEOUT")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No key, no endpoint, a fresh REPORTGEN_HOME: a test never sees the developer's settings."""
    for var in _ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "reportgen-home"
    monkeypatch.setenv("REPORTGEN_HOME", str(home))
    return home


_OVERRIDE_VARS = ("REPORTGEN_GLOSSARY", "REPORTGEN_PLACES", "REPORTGEN_PRICES")


@pytest.fixture(autouse=True)
def fresh_tables(isolated_env: Path) -> Iterator[None]:
    """Process-wide tables (reportgen.registry) built from a test's own override files are forgotten after
    it, so the next test sees the shipped ones; a test that writes such a file calls ``registry.reset()``
    itself before using it. Tables are kept otherwise: rebuilding the tokenizer for every test is slow."""
    yield
    if any(os.environ.get(var) for var in _OVERRIDE_VARS) or (
        isolated_env.is_dir() and any(isolated_env.glob("*.tsv"))
    ):
        from reportgen import registry

        registry.reset()


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


# --- llm engine: cassettes (pytest-recording / vcrpy) ---------------------------------------------
# Replayed with --record-mode=none --block-network (pytest addopts); `make cassettes` re-records them.
# record_mode is never set here: it would override the command line.
import os as _os  # noqa: E402

CASSETTES = ROOT / "cassettes"
# The endpoint a developer configured when pytest started (read before isolated_env clears it), so that
# `make cassettes` can record the typical-article cassettes against a live model when one is configured.
LIVE_ENDPOINT = {k: _os.environ.get(k) for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "REPORTGEN_MODEL")}
SCRUBBED_REQUEST_HEADERS = ("authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie")
DROPPED_RESPONSE_HEADERS = ("set-cookie", "openai-organization", "openai-project", "date", "x-request-id",
                            "cf-ray", "server")


def _scrub_request(request):  # noqa: ANN001, ANN202 - vcr.request.Request
    """No credential and no machine-specific header (x-stainless-os, user-agent, …) in a cassette."""
    for name in list(request.headers):
        lowered = name.lower()
        if lowered in SCRUBBED_REQUEST_HEADERS or lowered.startswith("x-stainless") or lowered == "user-agent":
            del request.headers[name]
    return request


def _scrub_response(response: dict) -> dict:
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() not in DROPPED_RESPONSE_HEADERS}
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {
        "match_on": ["method", "path", "body"],  # not host/port: recordings come from different endpoints
        "filter_headers": list(SCRUBBED_REQUEST_HEADERS),
        "before_record_request": _scrub_request,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(autouse=True)
def _isolated_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The llm engine's own settings files never leak in from the developer's shell."""
    for var in ("REPORTGEN_PRICES", "REPORTGEN_PROMPTS"):
        monkeypatch.delenv(var, raising=False)


def _loopback_works() -> bool:
    import socket

    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        try:
            client.connect(server.getsockname())
        except OSError:
            return False
    return True


@pytest.fixture(scope="session", autouse=True)
def loopback() -> None:
    """Live-server and browser tests talk to 127.0.0.1 only. In an empty network namespace
    (``unshare -n``) even loopback starts down: bring it up there, so the suite runs with no
    network at all. Nothing outside 127.0.0.0/8 is ever reached."""
    if _loopback_works():
        return
    import subprocess

    subprocess.run(["ip", "link", "set", "lo", "up"], capture_output=True, check=False)
    if not _loopback_works():
        pytest.fail("the loopback interface is down and could not be brought up (ip link set lo up)")


# -- PostgreSQL (issue #18) ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster():  # noqa: ANN201 - tests.pgcluster.Cluster, imported lazily (psycopg)
    """A throw-away PostgreSQL cluster for the session. Without the server binaries a test that needs it
    skips locally but FAILS in CI (CI=true): .ci/run installs Debian's postgresql, so a skip would hide a gap."""
    from tests.pgcluster import Cluster, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        message = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    cluster = Cluster(bin_dir)
    yield cluster
    cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster) -> Iterator[str]:  # noqa: ANN001 - a tests.pgcluster.Cluster
    """A fresh empty database on the session's cluster; pools opened on it are closed and it is dropped after."""
    from reportgen.storage import pgpool

    url = pg_cluster.create_database()
    yield url
    pgpool.close_all()
    pg_cluster.drop_database(url)


# --- #19: the Batch API's upload matches on its JSONL content, not on the multipart boundary ----------------
def batch_body(r1, r2) -> None:  # noqa: ANN001 - vcr.request.Request
    """vcrpy matcher: a multipart upload matches on its fields' names and contents (the JSONL), whatever
    random boundary each run draws; any other body must be equal byte for byte."""
    def parts(body: bytes | str | None) -> object:
        raw = body.encode() if isinstance(body, str) else (body or b"")
        boundary = raw.split(b"\r\n", 1)[0]
        if not boundary.startswith(b"--") or b"Content-Disposition: form-data" not in raw:
            return raw
        return sorted(p.replace(boundary, b"") for p in raw.split(boundary) if p.strip(b"-\r\n"))

    assert parts(r1.body) == parts(r2.body), "the request bodies differ"


def pytest_recording_configure(config, vcr) -> None:  # noqa: ANN001 - pytest-recording hook
    vcr.register_matcher("batch_body", batch_body)
