"""The PostgreSQL schema as an ordered list of migrations, applied at start by every replica.

WHY a plain list: the schema is small and only ever grows; a numbered list of SQL statements with a
``schema_migrations`` table says exactly what a database holds, and an advisory lock taken for the
whole transaction lets N replicas start at the same moment without two of them applying a step.
Never edit a shipped step: append a new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

# ISO UTC text with milliseconds, the same shape SQLite's strftime('%Y-%m-%dT%H:%M:%fZ','now') writes,
# so cursors and ``since`` compare alike on both engines. The database's clock, so replicas agree.
NOW_TEXT = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
# Seconds since the epoch on the database's clock: leases are compared on one clock, not each replica's.
NOW_EPOCH = "extract(epoch FROM clock_timestamp())::double precision"

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, f"CREATE TABLE reports (id TEXT PRIMARY KEY, created TEXT NOT NULL DEFAULT {NOW_TEXT},"
        " engine TEXT, place TEXT, body TEXT NOT NULL)"),
    (2, "CREATE INDEX reports_created ON reports(created, id)"),
    (3, f"CREATE TABLE jobs (id TEXT PRIMARY KEY, created TEXT NOT NULL DEFAULT {NOW_TEXT}, options TEXT NOT NULL)"),
    (4, "CREATE TABLE job_items (job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,"
        " idx INTEGER NOT NULL, name TEXT, payload TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'queued',"
        " report_id TEXT, error TEXT, owner TEXT, lease_until DOUBLE PRECISION,"
        " attempts INTEGER NOT NULL DEFAULT 0, updated TEXT, PRIMARY KEY (job_id, idx))"),
    (5, "CREATE INDEX job_items_open ON job_items(status, lease_until)"),
    (6, f"CREATE TABLE answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, created TEXT NOT NULL DEFAULT {NOW_TEXT})"),
    (7, f"CREATE TABLE briefing_reports (engine TEXT NOT NULL, id TEXT NOT NULL,"
        f" created TEXT NOT NULL DEFAULT {NOW_TEXT}, place TEXT, body TEXT NOT NULL, PRIMARY KEY (engine, id))"),
)

_LOCK_KEY = 0x7265706F7274  # "report": one advisory lock for schema changes, whatever the database holds besides


def apply(conn: psycopg.Connection[tuple[object, ...]]) -> list[int]:
    """Apply the steps ``conn``'s database lacks, in one transaction; the versions applied."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                     f" applied TEXT NOT NULL DEFAULT {NOW_TEXT})")
        done = {int(str(row[0])) for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, sql in MIGRATIONS:
            if version in done:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations(version) VALUES (%s)", (version,))
            applied.append(version)
    return applied


def current_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The newest step applied (0 for an empty database)."""
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(str(row[0])) if row else 0
