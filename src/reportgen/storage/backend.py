"""Which database holds reports, jobs, the answer cache and the briefing stores.

WHY one place: the single-machine default (SQLite files under REPORTGEN_HOME) and the shared
PostgreSQL of several replicas (REPORTGEN_DATABASE_URL) must be chosen the same way by the API,
the llm engine's cache and briefings; callers ask here and never name an engine themselves.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reportgen.storage.pgpool import DATABASE_URL_ENV

if TYPE_CHECKING:
    from reportgen.models import Report
    from reportgen.storage.store import Store


class AnswerStore(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str) -> None: ...


class BriefingStore(Protocol):
    def get(self, report_id: str) -> Report | None: ...
    def put(self, report: Report) -> bool: ...


def database_url() -> str | None:
    """REPORTGEN_DATABASE_URL (``reportgen serve --database-url`` sets it), or None for SQLite."""
    return os.environ.get(DATABASE_URL_ENV) or None


def describe_database() -> str:
    """What readiness reports: the PostgreSQL URL without its password, or ``sqlite``."""
    from reportgen.storage.pgpool import describe

    url = database_url()
    return describe(url) if url else "sqlite"


def open_store(home: Path) -> Store:
    """Reports and jobs: PostgreSQL when a database URL is set, else SQLite under ``home``."""
    url = database_url()
    if url:
        from reportgen.storage.postgres import PostgresStore

        return PostgresStore.open(url)
    from reportgen.storage.store import default_store

    return default_store(home)


def open_answer_cache(home: Path) -> TolerantCache:
    """The model-answer cache: shared in PostgreSQL when a database URL is set, else SQLite under ``home``.

    A cache that cannot be opened or written costs only its savings: the run goes on without it, with a
    warning (an unwritable REPORTGEN_HOME must not fail a model run that would otherwise succeed)."""
    from reportgen.errors import StoreError

    try:
        url = database_url()
        if url:
            from reportgen.storage.answers import PostgresAnswerCache

            return TolerantCache(PostgresAnswerCache.open(url))
        from reportgen.storage.cache import default_cache

        return TolerantCache(default_cache(home))
    except StoreError as exc:
        _warn(exc)
        return TolerantCache(None)


def _warn(exc: Exception) -> None:
    import logging

    logging.getLogger("reportgen").warning("running without the model-answer cache: %s", exc)


class TolerantCache:
    """An answer cache whose failures are misses (reads) and no-ops (writes), each failure warned about."""

    def __init__(self, inner: AnswerStore | None) -> None:
        self.inner = inner

    def get(self, key: str) -> str | None:
        from reportgen.errors import StoreError

        try:
            return self.inner.get(key) if self.inner is not None else None
        except StoreError as exc:
            _warn(exc)
            return None

    def put(self, key: str, value: str) -> None:
        from reportgen.errors import StoreError

        try:
            if self.inner is not None:
                self.inner.put(key, value)
        except StoreError as exc:
            _warn(exc)


def open_briefing_store(home: Path, engine: str) -> BriefingStore:
    """Finished Reports of ``engine`` for briefings: shared in PostgreSQL, else a SQLite file per engine."""
    url = database_url()
    if url:
        from reportgen.storage.answers import PostgresBriefingStore
        from reportgen.storage.pgpool import database

        return PostgresBriefingStore(database(url), engine)
    from reportgen.storage.store import SQLiteReportStore

    return SQLiteReportStore(Path(home) / "briefings" / f"reports-{engine}.sqlite3")
