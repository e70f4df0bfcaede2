"""The model-answer cache and the briefing stores in PostgreSQL, so replicas share them.

WHY: with SQLite each replica keeps these files under its own REPORTGEN_HOME, and an article one
replica already paid a model for is paid for again on the next. In the shared database a replica
finds what any other has answered. Two identical requests in flight at the same moment may both pay:
the cache is filled after the answer, not locked before the request (a lock would hold a connection
for the length of a model call).
"""

from __future__ import annotations

from typing import cast

from reportgen.models import Report
from reportgen.storage.pgpool import Database, database


class PostgresAnswerCache:
    """key -> JSON text, the same interface as the SQLite ``AnswerCache``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, url: str) -> PostgresAnswerCache:
        return cls(database(url))

    def get(self, key: str) -> str | None:
        with self.db.connection() as conn:
            row = conn.execute("SELECT value FROM answers WHERE key = %s", (key,)).fetchone()
        return cast(str, row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        with self.db.connection() as conn:
            conn.execute("INSERT INTO answers(key, value) VALUES (%s, %s)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def __len__(self) -> int:
        with self.db.connection() as conn:
            row = conn.execute("SELECT count(*) FROM answers").fetchone()
        return int(cast(int, row[0])) if row else 0


class PostgresBriefingStore:
    """Finished Reports of one engine for briefings (``get``/``put`` by report id), one table for all engines,
    so an offline and an llm Report of the same article never replace each other."""

    def __init__(self, db: Database, engine: str) -> None:
        self.db = db
        self.engine = engine

    def get(self, report_id: str) -> Report | None:
        with self.db.connection() as conn:
            row = conn.execute("SELECT body FROM briefing_reports WHERE engine = %s AND id = %s",
                               (self.engine, report_id)).fetchone()
        return Report.model_validate_json(cast(str, row[0])) if row else None

    def put(self, report: Report) -> bool:
        """Store ``report``; True when it was new."""
        place = " ".join(filter(None, [report.region.zh, report.region.en])) if report.region else ""
        with self.db.connection() as conn:
            row = conn.execute(
                "INSERT INTO briefing_reports(engine, id, place, body) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (engine, id) DO UPDATE SET place = excluded.place, body = excluded.body"
                " RETURNING (xmax = 0)",
                (self.engine, report.id, place, report.model_dump_json()),
            ).fetchone()
        return bool(row and row[0])
