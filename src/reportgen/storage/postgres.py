"""Reports and jobs in PostgreSQL, for several API replicas sharing one database (REPORTGEN_DATABASE_URL).

Same ``Store`` protocol and the same observable behaviour as the SQLite store (one test suite runs
against both); what differs is how claims are made safe across machines: an article is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED``, so replicas never wait on each other's claims, and leases are
measured on the database's clock, so replicas whose clocks disagree still agree on who holds what.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from reportgen.models import Report
from reportgen.storage.migrations import NOW_EPOCH, NOW_TEXT
from reportgen.storage.pgpool import Database, database
from reportgen.storage.store import (
    ClaimedItem,
    ItemStatus,
    Job,
    JobItem,
    _decode_cursor,
    _encode_cursor,
    fold,
    place_column,
)


def _place(report: Report) -> str:
    return place_column(report)


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards in ``text`` taken literally (escape character: backslash)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PostgresStore:
    """Reports keyed by id (``put`` of an existing id replaces it) and durable job queues, in PostgreSQL."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.name = db.name

    @classmethod
    def open(cls, url: str) -> PostgresStore:
        return cls(database(url))

    def ping(self) -> None:
        """Raise StoreError unless the database answers."""
        self.db.ping()

    # -- reports ---------------------------------------------------------------------------------

    def put(self, report: Report) -> bool:
        """Store ``report``; True when it was new (``xmax = 0``: the row was inserted, not updated)."""
        with self.db.connection() as conn:
            row = conn.execute(
                "INSERT INTO reports(id, engine, place, body) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (id) DO UPDATE SET engine = excluded.engine, place = excluded.place,"
                " body = excluded.body RETURNING (xmax = 0)",
                (report.id, report.provenance.engine, _place(report), report.model_dump_json()),
            ).fetchone()
        return bool(row and row[0])

    def get(self, report_id: str) -> Report | None:
        with self.db.connection() as conn:
            row = conn.execute("SELECT body FROM reports WHERE id = %s", (report_id,)).fetchone()
        return Report.model_validate_json(cast(str, row[0])) if row else None

    def delete(self, report_id: str) -> bool:
        with self.db.connection() as conn:
            return conn.execute("DELETE FROM reports WHERE id = %s", (report_id,)).rowcount > 0

    def list(self, *, since: str | None = None, place: str | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Report], str | None]:
        """Reports oldest first (by time stored); ``cursor`` is the opaque value of the previous page."""
        sql, args = "SELECT created, id, body FROM reports WHERE true", cast(list[object], [])
        if since:
            sql += " AND created >= %s"
            args.append(since)
        if place:
            sql += " AND place ILIKE %s"  # case-insensitive like SQLite's LIKE; backslash escapes
            args.append(like_pattern(fold(place)))
        if cursor:
            created, rid = _decode_cursor(cursor)
            sql += " AND (created > %s OR (created = %s AND id > %s))"
            args += [created, created, rid]
        sql += " ORDER BY created, id LIMIT %s"
        args.append(max(1, limit) + 1)
        with self.db.connection() as conn:
            rows = conn.execute(sql, args).fetchall()
        page = rows[:max(1, limit)]
        next_cursor = _encode_cursor(str(page[-1][0]), str(page[-1][1])) if len(rows) > len(page) else None
        return [Report.model_validate_json(cast(str, body)) for _, _, body in page], next_cursor

    # -- jobs ------------------------------------------------------------------------------------

    def create_job(self, job_id: str, payloads: Sequence[str], names: Sequence[str | None], options: str) -> None:
        """Persist a job and all its articles as ``queued`` in one transaction."""
        with self.db.connection() as conn:
            conn.execute("INSERT INTO jobs(id, options) VALUES (%s, %s)", (job_id, options))
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO job_items(job_id, idx, name, payload) VALUES (%s, %s, %s, %s)",
                    [(job_id, i, name, payload) for i, (payload, name) in enumerate(zip(payloads, names, strict=True))],
                )

    def get_job(self, job_id: str) -> Job | None:
        with self.db.connection() as conn:
            head = conn.execute("SELECT id, created, options FROM jobs WHERE id = %s", (job_id,)).fetchone()
            if head is None:
                return None
            rows = conn.execute(
                "SELECT idx, status, name, report_id, error, attempts FROM job_items WHERE job_id = %s ORDER BY idx",
                (job_id,),
            ).fetchall()
        items = [JobItem(index=cast(int, r[0]), status=cast(ItemStatus, r[1]), name=cast("str | None", r[2]),
                         report_id=cast("str | None", r[3]), error=cast("str | None", r[4]), attempts=cast(int, r[5]))
                 for r in rows]
        return Job(id=str(head[0]), created=str(head[1]), options=str(head[2]), items=items)

    def claim_item(self, owner: str, lease_seconds: float, max_attempts: int) -> ClaimedItem | None:
        """Take the oldest queued article, or one whose runner's lease lapsed, skipping rows other replicas
        are claiming right now. An article that already used ``max_attempts`` claims is marked failed."""
        with self.db.connection() as conn:
            conn.execute(
                "UPDATE job_items SET status = 'failed', owner = NULL, lease_until = NULL,"
                " error = 'gave up: the worker stopped ' || attempts || ' times while processing this article',"
                f" updated = {NOW_TEXT}"
                " WHERE (job_id, idx) IN (SELECT job_id, idx FROM job_items WHERE status = 'running'"
                f"   AND lease_until < {NOW_EPOCH} AND attempts >= %s FOR UPDATE SKIP LOCKED)",
                (max_attempts,),
            )
            row = conn.execute(
                # round-robin across jobs: the job with the fewest articles in progress first
                "WITH busy AS (SELECT job_id, count(*) AS n FROM job_items WHERE status = 'running' GROUP BY job_id),"
                " next AS (SELECT i.job_id, i.idx FROM job_items i JOIN jobs j ON j.id = i.job_id"
                "   LEFT JOIN busy b ON b.job_id = i.job_id"
                f"   WHERE i.status = 'queued' OR (i.status = 'running' AND i.lease_until < {NOW_EPOCH})"
                "   ORDER BY coalesce(b.n, 0), j.created, i.job_id, i.idx LIMIT 1 FOR UPDATE OF i SKIP LOCKED)"
                f" UPDATE job_items t SET status = 'running', owner = %s, lease_until = {NOW_EPOCH} + %s,"
                f" attempts = t.attempts + 1, updated = {NOW_TEXT}"
                " FROM next, jobs WHERE t.job_id = next.job_id AND t.idx = next.idx AND jobs.id = t.job_id"
                " RETURNING t.job_id, t.idx, t.payload, jobs.options, t.attempts",
                (owner, lease_seconds),
            ).fetchone()
        if row is None:
            return None
        return ClaimedItem(job_id=str(row[0]), index=cast(int, row[1]), payload=str(row[2]), options=str(row[3]),
                           attempts=cast(int, row[4]))

    def renew_leases(self, owner: str, lease_seconds: float) -> int:
        """Extend the lease of every article ``owner`` is still working on."""
        with self.db.connection() as conn:
            return conn.execute(
                f"UPDATE job_items SET lease_until = {NOW_EPOCH} + %s WHERE owner = %s AND status = 'running'",
                (lease_seconds, owner),
            ).rowcount

    def finish_item(self, job_id: str, index: int, owner: str, *, report_id: str | None = None,
                    error: str | None = None) -> bool:
        """Record an article's outcome; False when ``owner`` no longer holds it (its lease was taken over)."""
        status = "done" if report_id is not None else "failed"
        with self.db.connection() as conn:
            return conn.execute(
                "UPDATE job_items SET status = %s, report_id = %s, error = %s, owner = NULL, lease_until = NULL,"
                f" updated = {NOW_TEXT} WHERE job_id = %s AND idx = %s AND owner = %s AND status = 'running'",
                (status, report_id, error, job_id, index, owner),
            ).rowcount > 0
