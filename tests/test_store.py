"""The stores, one suite run on SQLite and on PostgreSQL: reports (put/get/delete/list with cursors) and
durable job queues with leases."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError, ReportgenError, StoreError
from reportgen.models import RULES_VERSION, Bilingual, Provenance, Report, Source
from reportgen.storage.jobs import JobRunner
from reportgen.storage.store import ClaimedItem, SQLiteReportStore, Store, default_store


def make_report(report_id: str, place: tuple[str, str] | None = None, engine: str = "offline") -> Report:
    return Report(
        id=report_id,
        source=Source(title_zh=f"标题{report_id}", chars=10, tokens=5),
        region=Bilingual(zh=place[0], en=place[1]) if place else None,
        summary=Bilingual(zh="摘要", en="summary"),
        provenance=Provenance(engine=engine, rules_version=RULES_VERSION),  # made by the present rules
    )


@pytest.fixture(params=["sqlite", "postgres"])
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Store]:
    """Opens a new store instance on one database: a SQLite file under a home, or a fresh PostgreSQL database
    (each instance with its own pool, as another replica would open it). Every test taking ``store`` runs on both."""
    if request.param == "sqlite":
        return lambda: default_store(tmp_path / "home")
    from reportgen.storage.pgpool import Database
    from reportgen.storage.postgres import PostgresStore

    url = request.getfixturevalue("pg_url")
    return lambda: PostgresStore(Database(url))


@pytest.fixture
def store(reopen: Callable[[], Store]) -> Store:
    return reopen()


def test_database_is_in_wal_mode_under_home(tmp_path: Path) -> None:
    store = default_store(tmp_path / "home")
    assert store.path == tmp_path / "home" / "reports.sqlite3"
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_put_get_replace_delete(store: Store) -> None:
    assert store.get("a1") is None
    assert store.put(make_report("a1")) is True
    assert store.put(make_report("a1", engine="llm")) is False  # replaced, not new
    got = store.get("a1")
    assert got is not None and got.provenance.engine == "llm"
    assert store.delete("a1") is True
    assert store.delete("a1") is False
    assert store.get("a1") is None


def test_reports_survive_a_new_store_instance(reopen: Callable[[], Store]) -> None:
    reopen().put(make_report("keep"))
    assert reopen().get("keep") == make_report("keep")


def test_list_pages_through_everything_once_with_opaque_cursors(store: Store) -> None:
    ids = [f"r{i:02d}" for i in range(7)]
    for rid in ids:
        store.put(make_report(rid))
    seen, cursor, pages = [], None, 0
    while True:
        page, cursor = store.list(limit=3, cursor=cursor)
        seen += [r.id for r in page]
        pages += 1
        if cursor is None:
            break
        assert "|" not in cursor  # opaque to callers
    assert sorted(seen) == ids and len(seen) == len(set(seen)) and pages == 3


def test_list_exact_multiple_has_no_empty_last_page(store: Store) -> None:
    for rid in ("x1", "x2"):
        store.put(make_report(rid))
    page, cursor = store.list(limit=2)
    assert len(page) == 2 and cursor is None


def test_list_filters_by_place_and_since(store: Store) -> None:
    store.put(make_report("p1", ("吕梁市", "Lüliang")))
    store.put(make_report("p2", ("太原市", "Taiyuan")))
    store.put(make_report("p3"))
    assert [r.id for r in store.list(place="吕梁")[0]] == ["p1"]
    assert [r.id for r in store.list(place="taiyuan")[0]] == ["p2"]  # LIKE is case-insensitive for ASCII
    assert store.list(place="%")[0] == []  # wildcards are literal
    assert len(store.list(since="2000-01-01")[0]) == 3
    assert store.list(since="2999-01-01")[0] == []


@pytest.mark.parametrize("cursor", ["not-a-cursor!", "Zm9v", "%%%", "AAAA"])
def test_foreign_cursor_is_an_input_error(store: Store, cursor: str) -> None:
    with pytest.raises(InputError):
        store.list(cursor=cursor)


def test_unopenable_store_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        SQLiteReportStore(blocker / "sub" / "db.sqlite3")


# -- jobs ------------------------------------------------------------------------------------------


def test_job_items_are_claimed_in_order_and_finished(store: Store) -> None:
    store.create_job("j1", ['{"n":0}', '{"n":1}'], ["a", None], '{"engine":"offline"}')
    job = store.get_job("j1")
    assert job is not None and job.status == "queued" and [i.status for i in job.items] == ["queued", "queued"]
    first = store.claim_item("w1", 30, 3)
    assert isinstance(first, ClaimedItem) and (first.job_id, first.index, first.payload) == ("j1", 0, '{"n":0}')
    assert first.options == '{"engine":"offline"}' and first.attempts == 1
    second = store.claim_item("w2", 30, 3)
    assert second is not None and second.index == 1
    assert store.claim_item("w3", 30, 3) is None  # both held under live leases
    assert store.get_job("j1").status == "running"  # type: ignore[union-attr]
    assert store.finish_item("j1", 0, "w1", report_id="rep0") is True
    assert store.finish_item("j1", 1, "w2", error="bad article") is True
    job = store.get_job("j1")
    assert job is not None and job.status == "done"
    assert [(i.status, i.report_id, i.error, i.name) for i in job.items] == [
        ("done", "rep0", None, "a"), ("failed", None, "bad article", None)]
    assert store.claim_item("w1", 30, 3) is None  # finished work is never handed out again


def test_lapsed_lease_is_reclaimed_and_the_old_owner_cannot_finish(store: Store) -> None:
    store.create_job("j2", ["{}"], [None], "{}")
    assert store.claim_item("dead", 0.05, 3) is not None
    time.sleep(0.1)
    again = store.claim_item("alive", 30, 3)
    assert again is not None and again.attempts == 2
    assert store.finish_item("j2", 0, "dead", report_id="stale") is False
    assert store.finish_item("j2", 0, "alive", report_id="fresh") is True
    assert store.get_job("j2").items[0].report_id == "fresh"  # type: ignore[union-attr]


def test_renewed_lease_is_not_taken_over(store: Store) -> None:
    store.create_job("j3", ["{}"], [None], "{}")
    store.claim_item("w1", 0.2, 3)
    time.sleep(0.1)
    assert store.renew_leases("w1", 30) == 1
    time.sleep(0.15)
    assert store.claim_item("w2", 30, 3) is None


def test_an_article_that_keeps_killing_its_worker_is_failed_after_max_attempts(store: Store) -> None:
    store.create_job("j4", ["{}"], [None], "{}")
    for _ in range(2):
        assert store.claim_item("crashy", 0.01, 2) is not None
        time.sleep(0.03)
    assert store.claim_item("next", 30, 2) is None
    item = store.get_job("j4").items[0]  # type: ignore[union-attr]
    assert item.status == "failed" and "2 times" in (item.error or "")


def test_jobs_survive_a_new_store_instance(reopen: Callable[[], Store]) -> None:
    reopen().create_job("j5", ["{}"], [None], "{}")
    assert reopen().claim_item("w", 30, 3) is not None


def test_unknown_job_is_none(store: Store) -> None:
    assert store.get_job("nope") is None


def test_runner_records_results_and_errors_and_goes_on(store: Store) -> None:
    store.create_job("j6", ['"ok-1"', '"bad"', '"boom"', '"ok-2"'], [None] * 4, "{}")
    finished: list[str] = []

    def process(item: ClaimedItem) -> str:
        if item.payload == '"bad"':
            raise ReportgenError("unreadable article")
        if item.payload == '"boom"':
            raise RuntimeError("bug with a /secret/path")
        return f"report-{item.index}"

    runner = JobRunner(store, process, on_finish=finished.append)
    assert runner.run_pending() == 4
    items = store.get_job("j6").items  # type: ignore[union-attr]
    assert [(i.status, i.report_id) for i in items] == [
        ("done", "report-0"), ("failed", None), ("failed", None), ("done", "report-3")]
    assert items[1].error == "unreadable article"
    assert items[2].error == "internal error while processing this article"  # no exception text leaks
    assert sorted(finished) == ["done", "done", "failed", "failed"]


def test_background_runner_picks_up_work_and_stops(store: Store) -> None:
    runner = JobRunner(store, lambda item: f"r{item.index}", poll_seconds=0.05)
    runner.start()
    try:
        store.create_job("j7", ["1", "2", "3"], [None] * 3, "{}")
        runner.notify()
        deadline = time.monotonic() + 10
        while store.get_job("j7").status != "done" and time.monotonic() < deadline:  # type: ignore[union-attr]
            time.sleep(0.02)
    finally:
        runner.stop()
    assert [i.report_id for i in store.get_job("j7").items] == ["r0", "r1", "r2"]  # type: ignore[union-attr]


def test_claims_go_round_robin_across_jobs(store: Store) -> None:
    """A one-article job queued behind a big one is served by the next free runner, not after the big job."""
    store.create_job("big", [f'{{"n":{n}}}' for n in range(5)], [None] * 5, "{}")
    time.sleep(0.01)
    store.create_job("small", ['{"n":0}'], [None], "{}")
    first = store.claim_item("r1", 30, 3)
    second = store.claim_item("r2", 30, 3)
    assert first is not None and second is not None
    assert (first.job_id, second.job_id) == ("big", "small")
    third = store.claim_item("r3", 30, 3)
    assert third is not None and (third.job_id, third.index) == ("big", 1)


def test_a_store_error_names_the_store_once(tmp_path: Path) -> None:
    (tmp_path / "db.sqlite3").mkdir()  # a directory where the database file should be
    with pytest.raises(StoreError) as caught:
        SQLiteReportStore(tmp_path / "db.sqlite3")
    assert caught.value.message.count("cannot open the") == 1, caught.value.message


def test_a_place_is_found_without_its_diacritics(store: Store) -> None:
    store.put(make_report("lv", ("吕梁市", "Lüliang")))
    store.put(make_report("other", ("太原市", "Taiyuan")))
    for query in ("Luliang", "lüliang", "吕梁"):
        reports, _ = store.list(place=query)
        assert [r.id for r in reports] == ["lv"], query
