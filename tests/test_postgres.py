"""PostgreSQL beyond the shared store suite (tests/test_store.py): migrations, the shared answer cache and
briefing store, bounded waits and recovery when the database goes away, and the password never shown."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import psycopg
import pytest

from reportgen.config import Settings
from reportgen.errors import ConfigError, StoreError
from reportgen.storage import migrations
from reportgen.storage.answers import PostgresAnswerCache, PostgresBriefingStore
from reportgen.storage.backend import describe_database, open_answer_cache, open_briefing_store, open_store
from reportgen.storage.pgpool import Database, PoolSettings, describe, redact
from reportgen.storage.postgres import PostgresStore

from .conftest import ARTICLES
from .test_store import make_report

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])  # the cluster and the scripted server


def test_migrations_apply_once_even_when_replicas_start_together(pg_url: str) -> None:
    applied: list[list[int]] = []

    def start() -> None:
        with psycopg.connect(pg_url) as conn:
            applied.append(migrations.apply(conn))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    newest = [version for version, _ in migrations.MIGRATIONS]
    assert sorted(applied, key=len) == [[], [], [], newest]  # one replica applied every step, the others none
    with psycopg.connect(pg_url) as conn:
        assert migrations.current_version(conn) == newest[-1]
        assert migrations.apply(conn) == []


def test_versions_are_unique_and_ordered() -> None:
    versions = [version for version, _ in migrations.MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_database_url_chooses_postgresql_for_every_store(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    assert describe_database() == "sqlite" and not isinstance(open_store(tmp_path / "one"), PostgresStore)
    monkeypatch.setenv("REPORTGEN_DATABASE_URL", pg_url)
    home = tmp_path / "two"
    assert isinstance(open_store(home), PostgresStore)
    assert isinstance(open_answer_cache(home).inner, PostgresAnswerCache)  # inside the wrapper that tolerates failures
    assert isinstance(open_briefing_store(home, "offline"), PostgresBriefingStore)
    password = pg_url.split(":")[2].split("@")[0]
    assert describe_database() == pg_url.replace(f":{password}", "") and password not in describe_database()
    assert not home.exists()  # nothing written under the home


def test_answer_cache_is_shared_between_replicas(pg_url: str) -> None:
    one, two = PostgresAnswerCache(Database(pg_url)), PostgresAnswerCache(Database(pg_url))
    assert one.get("k") is None
    one.put("k", '{"a": 1}')
    assert two.get("k") == '{"a": 1}' and len(two) == 1
    two.put("k", '{"a": 2}')
    assert one.get("k") == '{"a": 2}' and len(one) == 1


def test_briefing_stores_keep_engines_apart(pg_url: str) -> None:
    db = Database(pg_url)
    offline, llm = PostgresBriefingStore(db, "offline"), PostgresBriefingStore(db, "llm")
    assert offline.put(make_report("b1")) is True and offline.put(make_report("b1")) is False
    assert llm.get("b1") is None and offline.get("b1") == make_report("b1")


def test_a_replica_never_pays_again_for_an_answer_another_has(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    """Two "machines" (two homes) on one database: the second summarises the article from the shared cache."""
    from reportgen import pipeline
    from tests.scripted.server import ScriptedServer

    monkeypatch.setenv("REPORTGEN_DATABASE_URL", pg_url)
    article = ARTICLES / "llm_mianyang_q3.txt"
    with ScriptedServer(tcp=True) as server:
        first, second = (pipeline.summarize(article, settings=Settings(
            engine="llm", api_key="test", base_url=server.base_url, max_retries=0, home=tmp_path / home))
            for home in ("a", "b"))
        requests = len(server.seen)
    assert requests == 1
    assert first.provenance.cached is False and second.provenance.cached is True
    assert second.metrics == first.metrics


def test_briefing_reruns_reuse_reports_another_machine_made(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    from reportgen.output import collect

    monkeypatch.setenv("REPORTGEN_DATABASE_URL", pg_url)
    articles = [ARTICLES / "fig_01_shaoguan_annual_hans.txt", ARTICLES / "ctx_luliang_h1.txt"]
    first = collect.collect(articles, Settings(engine="offline", home=tmp_path / "a"))
    second = collect.collect(articles, Settings(engine="offline", home=tmp_path / "b"))
    assert (first.computed, first.reused) == (2, 0) and (second.computed, second.reused) == (0, 2)


def test_password_is_redacted_from_every_form() -> None:
    url = "postgresql://app:s3cr%t-pw@db.internal:5433/reports?sslmode=require"
    assert describe(url) == "postgresql://app@db.internal:5433/reports"
    assert "s3cr" not in redact(f"failed for {url}", url)
    assert redact("host=db password='p w' user=x") == "host=db password=*** user=x"
    assert redact("password=hunter2 dbname=x") == "password=*** dbname=x"


def test_wrong_password_is_a_store_error_without_the_password(pg_cluster, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    url = pg_cluster.url().replace(pg_cluster.password, "Wrong-Pw-9137")
    with pytest.raises(StoreError) as raised:
        Database(url, PoolSettings(size=1, timeout=3))
    assert "Wrong-Pw-9137" not in str(raised.value) and "Wrong-Pw-9137" not in caplog.text
    assert "password authentication failed" in str(raised.value)


def test_pool_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_DB_POOL_SIZE", "3")
    monkeypatch.setenv("REPORTGEN_DB_TIMEOUT", "2.5")
    assert PoolSettings.from_env() == PoolSettings(size=3, timeout=2.5)
    monkeypatch.setenv("REPORTGEN_DB_POOL_SIZE", "0")
    with pytest.raises(ConfigError):
        PoolSettings.from_env()
    with pytest.raises(ConfigError):
        Database("mysql://x@y/z")


def test_lost_database_fails_fast_with_a_reason_and_recovers_by_itself(pg_cluster, pg_url: str) -> None:  # noqa: ANN001
    store = PostgresStore(Database(pg_url, PoolSettings(size=2, timeout=2)))
    store.put(make_report("before"))
    pg_cluster.stop()
    try:
        for _ in range(3):
            started = time.monotonic()
            with pytest.raises(StoreError) as raised:
                store.get("before")
            assert time.monotonic() - started < 6  # bounded by the pool timeout, never hangs
            assert "unavailable" in str(raised.value) and pg_cluster.password not in str(raised.value)
    finally:
        pg_cluster.start()
    deadline = time.monotonic() + 15
    while True:  # the same pool, no restart: it reconnects by itself
        try:
            assert store.get("before") == make_report("before")
            break
        except StoreError:
            assert time.monotonic() < deadline, "the store did not recover"
            time.sleep(0.2)
    assert store.put(make_report("after")) is True


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 error"), ("", "1 skipped")])
def test_without_the_server_binaries_ci_fails_and_a_laptop_skips(ci: str, outcome: str) -> None:
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    env = {**os.environ, "CI": ci, "PG_BIN_DIR": "/nonexistent/postgresql/bin"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q",
                          "tests/test_postgres.py::test_answer_cache_is_shared_between_replicas"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in run.stdout, run.stdout[-2000:]
    assert (run.returncode != 0) == (ci == "true")


def test_serve_with_an_unreachable_database_url_says_why_in_one_line_without_the_password() -> None:
    import os
    import subprocess
    import sys

    from .conftest import ROOT
    from .pgcluster import free_port

    url = f"postgresql://app:Sekret-Pw-55@127.0.0.1:{free_port()}/reports"  # nothing listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTGEN_DATABASE")}
    command = [sys.executable, "-m", "reportgen", "serve", "--port", str(free_port()), "--database-url", url]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "Sekret" not in run.stdout + run.stderr
    assert run.stderr.startswith("reportgen: cannot reach the database postgresql://app@127.0.0.1:")
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
