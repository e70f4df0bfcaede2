"""The model-answer cache: SQLite under REPORTGEN_HOME, so a rerun of the same article costs nothing.

Keys are built by the caller from everything that shapes an answer (model, prompt version,
response schema, the article text and prompt inputs); values are opaque JSON text. Safe to share
between threads (one connection per operation, WAL journal) and between processes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError

CACHE_FILE = "llm-cache.sqlite3"


def cache_key(*parts: object) -> str:
    """A stable sha256 over JSON-serialisable parts (order matters)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """key -> JSON text, with the time each entry was written."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, created TEXT"
                    " NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
                )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the answer cache at {self.path}: {exc}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def get(self, key: str) -> str | None:
        try:
            with self._connect() as db:
                row = db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the answer cache at {self.path}: {exc}") from None
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        try:
            with self._lock, self._connect() as db:
                db.execute("INSERT OR REPLACE INTO answers(key, value) VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the answer cache at {self.path}: {exc}") from None

    def __len__(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT count(*) FROM answers").fetchone()[0])


def default_cache(home: Path) -> AnswerCache:
    return AnswerCache(Path(home) / CACHE_FILE)
