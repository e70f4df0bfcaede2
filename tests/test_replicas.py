"""Two real ``reportgen serve`` replicas (separate homes, as on separate machines) on one PostgreSQL:
reports readable from either, a job that outlives the SIGKILL of the replica it was posted to, and a
database outage answered with 503 and a reason, recovered from without a restart (issue #18)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from reportgen.ingest import document as ingest
from tests.scripted.server import ScriptedServer

from .conftest import ARTICLES
from .test_api_server import LiveServer, article

pytestmark = [pytest.mark.server, pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])]


def replica(tmp_path: Path, name: str, url: str, **env: str) -> LiveServer:
    return LiveServer(tmp_path / name, tmp_path / f"{name}.log", REPORTGEN_DATABASE_URL=url, **env).start()


def password_of(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]


def test_reports_posted_alternately_to_two_replicas_are_readable_from_either(pg_url: str, tmp_path: Path) -> None:
    a, b = replica(tmp_path, "a", pg_url), replica(tmp_path, "b", pg_url)
    try:
        with a.client() as ca, b.client() as cb:
            posted = {}
            for i in range(40):
                response = (ca, cb)[i % 2].post("/v1/reports", json={"text": article(900 + i)})
                assert response.status_code == 201, response.text
                posted[response.json()["id"]] = response.json()
            assert len(posted) == 40
            for client in (ca, cb):
                for report_id, body in posted.items():
                    assert client.get(f"/v1/reports/{report_id}").json() == body
                listed, cursor = [], None
                while True:
                    page = client.get("/v1/reports", params={"limit": 15, **({"cursor": cursor} if cursor else {})})
                    listed += [r["id"] for r in page.json()["items"]]
                    if (cursor := page.json()["next_cursor"]) is None:
                        break
                assert sorted(listed) == sorted(posted)  # every report once, whichever replica stored it
            assert cb.post("/v1/reports", json={"text": article(900)}).status_code == 200  # A's, not recomputed
            for client in (ca, cb):
                ready = client.get("/readyz").json()
                assert ready["status"] == "ready" and ready["database"] == pg_url.replace(f":{password_of(pg_url)}", "")
    finally:
        a.stop()
        b.stop()
    for server in (a, b):
        assert password_of(pg_url) not in server.log()


def test_job_posted_to_a_replica_killed_mid_job_finishes_on_the_other(pg_url: str, tmp_path: Path) -> None:
    """30 llm articles against the scripted model (1 s per answer, 4 in flight per replica); A is SIGKILLed
    after the first few; B takes over A's articles once their leases lapse; every article done exactly once."""
    base = (ARTICLES / "llm_mianyang_q3.txt").read_text(encoding="utf-8")
    by_id: dict[str, str] = {}
    for k in range(200):  # 30 different articles (different report ids) the scripted model has an answer for
        by_id.setdefault(ingest.from_text(base[k:]).id, base[k:])
    texts = list(by_id.values())[:30]
    with ScriptedServer(tcp=True, latency=1.0) as model:
        env = {"OPENAI_BASE_URL": model.base_url, "OPENAI_API_KEY": "test-key"}
        a, b = replica(tmp_path, "a", pg_url, **env), replica(tmp_path, "b", pg_url, **env)
        try:
            with a.client() as ca:
                accepted = ca.post("/v1/jobs", json={"engine": "llm", "articles": [{"text": t} for t in texts]})
                assert accepted.status_code == 202, accepted.text
                job_id = accepted.json()["id"]
                deadline = time.monotonic() + 60
                while ca.get(f"/v1/jobs/{job_id}").json()["counts"]["done"] < 3 and time.monotonic() < deadline:
                    time.sleep(0.05)
            a.kill()
            with b.client() as cb:
                deadline = time.monotonic() + 120
                while (job := cb.get(f"/v1/jobs/{job_id}").json())["status"] != "done" and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert job["status"] == "done" and job["counts"]["done"] == 30, job
                expected = [ingest.from_text(t).id for t in texts]
                assert [item["report_id"] for item in job["items"]] == expected and len(set(expected)) == 30
                for report_id in expected:
                    assert cb.get(f"/v1/reports/{report_id}").status_code == 200
        finally:
            a.stop()
            b.stop()
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT idx, attempts, status FROM job_items WHERE job_id = %s", (job_id,)).fetchall()
        stored = conn.execute("SELECT count(*) FROM reports WHERE id = ANY(%s)", (expected,)).fetchone()
    assert stored == (30,)  # one row per article
    assert {status for _, _, status in rows} == {"done"}
    assert max(attempts for _, attempts, _ in rows) == 2  # A's articles in flight were claimed again, once


def test_database_outage_gives_503_with_a_reason_and_recovers_without_restart(pg_cluster, pg_url: str,  # noqa: ANN001
                                                                               tmp_path: Path) -> None:
    server = replica(tmp_path, "a", pg_url, REPORTGEN_DB_TIMEOUT="2")
    seen: list[tuple[float, int, str, float]] = []  # (when, status, detail, seconds taken)
    stop = threading.Event()

    def light_load() -> None:
        with httpx.Client(base_url=server.url, headers={"X-API-Key": "server-test-key-one"}, timeout=30) as c:
            n = 0
            while not stop.is_set():
                started = time.monotonic()
                try:
                    response = c.post("/v1/reports", json={"text": article(1500 + n)})
                    detail = response.json().get("detail", "") if response.status_code >= 400 else ""
                    seen.append((started, response.status_code, str(detail), time.monotonic() - started))
                except httpx.HTTPError as exc:
                    seen.append((started, -1, repr(exc), time.monotonic() - started))
                n += 1
                time.sleep(0.2)

    try:
        with server.client() as c:
            before = [c.post("/v1/reports", json={"text": article(1400 + i)}).json()["id"] for i in range(5)]
            pid = server.proc.pid if server.proc else None
            load = threading.Thread(target=light_load)
            load.start()
            time.sleep(1)
            pg_cluster.stop()
            down_at = time.monotonic()
            try:
                time.sleep(2)
                ready = c.get("/readyz")
                assert ready.status_code == 503 and ready.json()["store"] == "unavailable"
                assert "unavailable" in ready.json()["reason"]
                time.sleep(8)
            finally:
                restart_at = time.monotonic()
                pg_cluster.start()
            up_at = time.monotonic()
            deadline = up_at + 20
            while c.get("/readyz").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            recovered_at = time.monotonic()
            assert recovered_at - up_at < 10  # by itself, within seconds of the database's return
            time.sleep(2)
            stop.set()
            load.join()
            assert c.get("/readyz").json()["status"] == "ready"
            for report_id in before:  # nothing stored before the outage is lost
                assert c.get(f"/v1/reports/{report_id}").status_code == 200
            assert server.proc is not None and server.proc.pid == pid and server.proc.poll() is None  # no restart
    finally:
        stop.set()
        server.stop()
    during = [s for s in seen if down_at + 0.5 < s[0] and s[0] + s[3] < restart_at]  # begun and ended while down
    assert len(during) >= 3 and all(status == 503 for _, status, _, _ in during), during  # each waits ~2 s
    assert all("the report store is unavailable" in detail for _, _, detail, _ in during)
    assert max(took for _, _, _, took in seen) < 8  # no request hangs: waits are bounded by REPORTGEN_DB_TIMEOUT
    after = [status for when, status, _, _ in seen if when > recovered_at]
    assert len(after) >= 3 and set(after) == {201}  # recovered: new reports stored again
    assert password_of(pg_url) not in server.log() and all(password_of(pg_url) not in d for _, _, d, _ in seen)
