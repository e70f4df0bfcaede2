"""One psycopg 3 connection pool per database URL and process, and the one way reportgen talks to it.

WHY: every replica's reports, jobs, answer cache and briefing stores share one PostgreSQL, so they
share one pool per process (a forked worker opens its own: a pool never crosses a fork). Waits are
bounded everywhere - getting a connection, connecting, each statement - so a lost database makes a
request fail with a StoreError (HTTP 503) within seconds instead of hanging, and the pool, which
checks a connection before lending it, reconnects by itself when the database returns.

The password is never part of a message: errors and descriptions go through ``redact``.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg_pool import ConnectionPool

from reportgen.errors import ConfigError, StoreError
from reportgen.storage import migrations

log = logging.getLogger("reportgen.storage.postgres")

DATABASE_URL_ENV = "REPORTGEN_DATABASE_URL"
_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.I)


def redact(text: str, url: str | None = None) -> str:
    """``text`` with the password of ``url`` (and any ``password=`` or ``user:password@``) replaced by ***."""
    if url:
        password = urlsplit(url).password if "://" in url else None
        if password:
            text = text.replace(password, "***")
    text = _PASSWORD_KV.sub(r"\1***", text)
    return re.sub(r"(://[^:/@\s]+):[^@/\s]*@", r"\1:***@", text)


def describe(url: str) -> str:
    """The URL as it may be shown: scheme, user, host, port and database; never the password or options."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class PoolSettings:
    """REPORTGEN_DB_POOL_SIZE (connections per process, default 8) and REPORTGEN_DB_TIMEOUT (seconds a
    request may wait for a connection, to connect, or for one statement; default 5)."""

    size: int = 8
    timeout: float = 5.0

    @classmethod
    def from_env(cls) -> PoolSettings:
        try:
            size = int(os.environ.get("REPORTGEN_DB_POOL_SIZE") or cls.size)
            timeout = float(os.environ.get("REPORTGEN_DB_TIMEOUT") or cls.timeout)
        except ValueError:
            raise ConfigError("REPORTGEN_DB_POOL_SIZE and REPORTGEN_DB_TIMEOUT must be numbers") from None
        if size < 1 or timeout <= 0:
            raise ConfigError("REPORTGEN_DB_POOL_SIZE and REPORTGEN_DB_TIMEOUT must be positive")
        return cls(size=size, timeout=timeout)


class Database:
    """A pool over one PostgreSQL database with the schema migrated to the newest step."""

    def __init__(self, url: str, settings: PoolSettings | None = None) -> None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise ConfigError(f"{DATABASE_URL_ENV} must be a postgresql:// URL")
        self.url = url
        self.name = describe(url)
        self.settings = settings or PoolSettings.from_env()
        timeout = self.settings.timeout
        kwargs: dict[str, object] = {"connect_timeout": max(2, round(timeout)), "application_name": "reportgen",
                                     "options": f"-c statement_timeout={int(timeout * 1000)}"}
        try:  # one direct connection first: it migrates, and a failure says why (the pool would only time out)
            with psycopg.connect(url, **kwargs) as conn:  # type: ignore[arg-type]  # libpq keywords, checked by libpq
                applied = migrations.apply(conn)
        except psycopg.Error as exc:
            raise StoreError(f"cannot reach the database {self.name}: {self._reason(exc)}") from None
        if applied:
            log.info("database %s: applied schema steps %s", self.name, applied)
        self._pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]] = ConnectionPool(
            url, min_size=1, max_size=self.settings.size, open=False, timeout=timeout,
            check=ConnectionPool.check_connection, name="reportgen", kwargs=kwargs,
        )
        self._pool.open(wait=False)
        with _LOCK:
            _OPENED.append(self)

    def _reason(self, exc: BaseException) -> str:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        return redact(lines[-1] if lines else type(exc).__name__, self.url)

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
        """A pooled connection in one transaction (committed on success); StoreError on any database failure."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.Error as exc:
            raise StoreError(f"database {self.name} unavailable: {self._reason(exc)}") from None

    def ping(self) -> None:
        """Raise StoreError unless the database answers now."""
        with self.connection() as conn:
            conn.execute("SELECT 1").fetchone()

    def close(self) -> None:
        self._pool.close(timeout=1)


_DATABASES: dict[tuple[int, str], Database] = {}
_OPENED: list[Database] = []  # every pool this process opened, shared or not, for close_all
_LOCK = threading.RLock()  # database() holds it while a new Database registers itself


def database(url: str) -> Database:
    """This process's Database for ``url`` (opened and migrated on first use)."""
    key = (os.getpid(), url)
    with _LOCK:
        found = _DATABASES.get(key)
        if found is None:
            found = _DATABASES[key] = Database(url)
        return found


def close_all() -> None:
    """Close every pool this process opened (tests; a process exiting needs nothing)."""
    with _LOCK:
        opened, _OPENED[:] = list(_OPENED), []
        _DATABASES.clear()
    for db in opened:
        db.close()
