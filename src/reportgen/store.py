"""Persistence of finished Reports in SQLite (WAL) under REPORTGEN_HOME, behind a small interface
so another database can follow. Used by briefings (no rework on rerun) and the HTTP API."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from .errors import StoreError
from .models import Report


class ReportStore(Protocol):
    def put(self, report: Report) -> bool: ...
    def get(self, report_id: str) -> Report | None: ...
    def delete(self, report_id: str) -> bool: ...
    def list(self, *, since: str | None = None, place: str | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Report], str | None]: ...


class SQLiteReportStore:
    """Reports keyed by id and engine; ``put`` of an existing id replaces it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, created TEXT NOT NULL DEFAULT"
                    " (strftime('%Y-%m-%dT%H:%M:%fZ','now')), engine TEXT, place TEXT, body TEXT NOT NULL)"
                )
                db.execute("CREATE INDEX IF NOT EXISTS reports_created ON reports(created, id)")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the report store at {self.path}: {exc}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def put(self, report: Report) -> bool:
        """Store ``report``; True when it was new."""
        place = " ".join(filter(None, [report.region.zh, report.region.en])) if report.region else ""
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
        """Reports oldest first; ``cursor`` is the opaque value returned by the previous page."""
        sql, args = "SELECT created, id, body FROM reports WHERE 1=1", []
        if since:
            sql += " AND created >= ?"
            args.append(since)
        if place:
            sql += " AND place LIKE ?"
            args.append(f"%{place}%")
        if cursor:
            created, _, rid = cursor.partition("|")
            sql += " AND (created > ? OR (created = ? AND id > ?))"
            args += [created, created, rid]
        sql += " ORDER BY created, id LIMIT ?"
        args.append(limit + 1)
        with self._connect() as db:
            rows = db.execute(sql, args).fetchall()
        page = rows[:limit]
        next_cursor = f"{page[-1][0]}|{page[-1][1]}" if len(rows) > limit and page else None
        return [Report.model_validate_json(body) for _, _, body in page], next_cursor


def default_store(home: Path) -> SQLiteReportStore:
    return SQLiteReportStore(Path(home) / "reports.sqlite3")


