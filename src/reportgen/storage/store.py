"""Persistence of finished Reports and of batch jobs in SQLite (WAL) under REPORTGEN_HOME.

Everything goes through the ``Store`` protocol (reports + jobs) so another database (PostgreSQL)
can follow without touching the API or the job runner. Used by briefings (no rework on rerun),
the HTTP API and the job runner.

Jobs are durable work queues: each article is a row that is *claimed* with a lease by one runner,
renewed while it works, and finished with its report id or error. A runner that dies (SIGKILL,
power loss) simply stops renewing; once the lease lapses another runner - or the same server
restarted - claims the article again. Finished articles are never touched again.
"""

from __future__ import annotations

import base64
import binascii
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from reportgen.errors import InputError
from reportgen.models import Report
from reportgen.storage.sqlite import SQLiteFile

ItemStatus = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True)
class JobItem:
    """One article of a job as the caller sees it."""

    index: int
    status: ItemStatus
    name: str | None = None
    report_id: str | None = None
    error: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class Job:
    id: str
    created: str
    options: str  # JSON the job runner understands (engine, model)
    items: list[JobItem] = field(default_factory=list)

    @property
    def status(self) -> Literal["queued", "running", "done"]:
        """``done`` once every article is done or failed; ``queued`` until one has started."""
        states = {item.status for item in self.items}
        if states <= {"done", "failed"}:
            return "done"
        if states == {"queued"}:
            return "queued"
        return "running"


@dataclass(frozen=True)
class ClaimedItem:
    """An article a runner now holds the lease for."""

    job_id: str
    index: int
    payload: str
    options: str
    attempts: int


class ReportStore(Protocol):
    def put(self, report: Report) -> bool: ...
    def get(self, report_id: str) -> Report | None: ...
    def delete(self, report_id: str) -> bool: ...
    def list(self, *, since: str | None = None, place: str | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Report], str | None]: ...


class JobStore(Protocol):
    def create_job(self, job_id: str, payloads: Sequence[str], names: Sequence[str | None], options: str) -> None: ...
    def get_job(self, job_id: str) -> Job | None: ...
    def claim_item(self, owner: str, lease_seconds: float, max_attempts: int) -> ClaimedItem | None: ...
    def renew_leases(self, owner: str, lease_seconds: float) -> int: ...
    def finish_item(self, job_id: str, index: int, owner: str, *, report_id: str | None = None,
                    error: str | None = None) -> bool: ...


class Store(ReportStore, JobStore, Protocol):
    """Everything the API needs from a database."""

    def ping(self) -> None: ...


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, created TEXT NOT NULL DEFAULT"
    " (strftime('%Y-%m-%dT%H:%M:%fZ','now')), engine TEXT, place TEXT, body TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS reports_created ON reports(created, id)",
    "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, created TEXT NOT NULL DEFAULT"
    " (strftime('%Y-%m-%dT%H:%M:%fZ','now')), options TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS job_items (job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, name TEXT, payload TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'queued',"
    " report_id TEXT, error TEXT, owner TEXT, lease_until REAL, attempts INTEGER NOT NULL DEFAULT 0,"
    " updated TEXT, PRIMARY KEY (job_id, idx))",
    "CREATE INDEX IF NOT EXISTS job_items_open ON job_items(status, lease_until)",
)


# the next article: of the job with the fewest articles in progress (round-robin across jobs, so a small job
# never waits behind a big or stuck one), then the oldest job, in article order
_FAIR_NEXT = (
    "WITH busy AS (SELECT job_id, count(*) AS n FROM job_items WHERE status = 'running' GROUP BY job_id)"
    " SELECT i.rowid FROM job_items i JOIN jobs ON jobs.id = i.job_id LEFT JOIN busy ON busy.job_id = i.job_id"
    " WHERE i.status = 'queued' OR (i.status = 'running' AND i.lease_until < ?)"
    " ORDER BY coalesce(busy.n, 0), jobs.created, i.job_id, i.idx LIMIT 1"
)


def fold(text: str) -> str:
    """``text`` without diacritics (Lüliang -> Luliang), so a place is found as people type it."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def place_column(report: Report) -> str:
    """What ``list(place=...)`` searches: the region in Chinese, in English, and in English without diacritics."""
    if report.region is None:
        return ""
    return " ".join(dict.fromkeys(filter(None, [report.region.zh, report.region.en, fold(report.region.en or "")])))


def _encode_cursor(created: str, report_id: str) -> str:
    return base64.urlsafe_b64encode(f"{created}|{report_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    """The (created, id) a cursor stands for; InputError for anything this store did not issue."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InputError("invalid cursor") from None
    created, sep, report_id = raw.partition("|")
    if not sep or not created or not report_id:
        raise InputError("invalid cursor")
    return created, report_id


class SQLiteReportStore:
    """Reports keyed by id (``put`` of an existing id replaces it) and jobs, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = SQLiteFile(path, _SCHEMA, "report store")
        self.path = self._db.path
        self._connect = self._db.connect

    def ping(self) -> None:
        """Raise StoreError unless the database answers."""
        with self._connect() as db:
            db.execute("SELECT count(*) FROM reports LIMIT 1").fetchone()

    # -- reports ---------------------------------------------------------------------------------

    def put(self, report: Report) -> bool:
        """Store ``report``; True when it was new."""
        place = place_column(report)
        with self._lock, self._connect() as db:
            existed = db.execute("SELECT 1 FROM reports WHERE id = ?", (report.id,)).fetchone() is not None
            db.execute(
                "INSERT INTO reports(id, engine, place, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET engine = excluded.engine, place = excluded.place, body = excluded.body",
                (report.id, report.provenance.engine, place, report.model_dump_json()),
            )
        return not existed

    def get(self, report_id: str) -> Report | None:
        with self._connect() as db:
            row = db.execute("SELECT body FROM reports WHERE id = ?", (report_id,)).fetchone()
        return Report.model_validate_json(row[0]) if row else None

    def delete(self, report_id: str) -> bool:
        with self._lock, self._connect() as db:
            return db.execute("DELETE FROM reports WHERE id = ?", (report_id,)).rowcount > 0

    def list(self, *, since: str | None = None, place: str | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Report], str | None]:
        """Reports oldest first (by time stored); ``since`` compares with that ISO UTC time;
        ``cursor`` is the opaque value returned with the previous page."""
        sql = "SELECT created, id, body FROM reports WHERE 1=1"
        args: list[str | int] = []
        if since:
            sql += " AND created >= ?"
            args.append(since)
        if place:
            sql += " AND place LIKE ? ESCAPE '\\'"
            place = fold(place)
            args.append("%" + place.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if cursor:
            created, rid = _decode_cursor(cursor)
            sql += " AND (created > ? OR (created = ? AND id > ?))"
            args += [created, created, rid]
        sql += " ORDER BY created, id LIMIT ?"
        args.append(max(1, limit) + 1)
        with self._connect() as db:
            rows = db.execute(sql, args).fetchall()
        page = rows[:max(1, limit)]
        next_cursor = _encode_cursor(page[-1][0], page[-1][1]) if len(rows) > len(page) else None
        return [Report.model_validate_json(body) for _, _, body in page], next_cursor

    # -- jobs ------------------------------------------------------------------------------------

    def create_job(self, job_id: str, payloads: Sequence[str], names: Sequence[str | None], options: str) -> None:
        """Persist a job and all its articles as ``queued`` in one transaction."""
        with self._lock, self._connect() as db:
            db.execute("INSERT INTO jobs(id, options) VALUES (?, ?)", (job_id, options))
            db.executemany(
                "INSERT INTO job_items(job_id, idx, name, payload) VALUES (?, ?, ?, ?)",
                [(job_id, i, name, payload) for i, (payload, name) in enumerate(zip(payloads, names, strict=True))],
            )

    def get_job(self, job_id: str) -> Job | None:
        with self._connect() as db:
            head = db.execute("SELECT id, created, options FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if head is None:
                return None
            rows = db.execute(
                "SELECT idx, status, name, report_id, error, attempts FROM job_items WHERE job_id = ? ORDER BY idx",
                (job_id,),
            ).fetchall()
        items = [JobItem(index=r[0], status=r[1], name=r[2], report_id=r[3], error=r[4], attempts=r[5]) for r in rows]
        return Job(id=head[0], created=head[1], options=head[2], items=items)

    def claim_item(self, owner: str, lease_seconds: float, max_attempts: int) -> ClaimedItem | None:
        """Atomically take the oldest queued article, or one whose runner's lease lapsed.

        An article that already used ``max_attempts`` claims (its runner kept dying on it) is
        marked failed instead of being tried forever.
        """
        now = time.time()
        with self._lock, self._connect() as db:
            db.execute(
                "UPDATE job_items SET status = 'failed', owner = NULL, lease_until = NULL,"
                " error = 'gave up: the worker stopped ' || attempts || ' times while processing this article',"
                " updated = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                " WHERE status = 'running' AND lease_until < ? AND attempts >= ?",
                (now, max_attempts),
            )
            row = db.execute(
                "UPDATE job_items SET status = 'running', owner = ?, lease_until = ?, attempts = attempts + 1,"
                " updated = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                " WHERE rowid = (" + _FAIR_NEXT + ")"
                " RETURNING job_id, idx, payload, attempts",
                (owner, now + lease_seconds, now),
            ).fetchone()
            if row is None:
                return None
            options = db.execute("SELECT options FROM jobs WHERE id = ?", (row[0],)).fetchone()[0]
        return ClaimedItem(job_id=row[0], index=row[1], payload=row[2], options=options, attempts=row[3])

    def renew_leases(self, owner: str, lease_seconds: float) -> int:
        """Extend the lease of every article ``owner`` is still working on."""
        with self._lock, self._connect() as db:
            return db.execute(
                "UPDATE job_items SET lease_until = ? WHERE owner = ? AND status = 'running'",
                (time.time() + lease_seconds, owner),
            ).rowcount

    def finish_item(self, job_id: str, index: int, owner: str, *, report_id: str | None = None,
                    error: str | None = None) -> bool:
        """Record an article's outcome; False when ``owner`` no longer holds it (its lease was taken over)."""
        status = "done" if report_id is not None else "failed"
        with self._lock, self._connect() as db:
            return db.execute(
                "UPDATE job_items SET status = ?, report_id = ?, error = ?, owner = NULL, lease_until = NULL,"
                " updated = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                " WHERE job_id = ? AND idx = ? AND owner = ? AND status = 'running'",
                (status, report_id, error, job_id, index, owner),
            ).rowcount > 0


def default_store(home: Path) -> SQLiteReportStore:
    return SQLiteReportStore(Path(home) / "reports.sqlite3")
