"""The model-answer cache: SQLite under REPORTGEN_HOME, so a rerun of the same article costs nothing.

Keys are built by the caller from everything that shapes an answer (model, prompt version,
response schema, the article text and prompt inputs); values are opaque JSON text. Safe to share
between threads (one connection per operation, WAL journal) and between processes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from reportgen.storage.sqlite import SQLiteFile

CACHE_FILE = "llm-cache.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, created TEXT"
    " NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
)


def cache_key(*parts: object) -> str:
    """A stable sha256 over JSON-serialisable parts (order matters)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """key -> JSON text, with the time each entry was written."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = SQLiteFile(path, _SCHEMA, "answer cache")
        self.path = self._db.path

    def get(self, key: str) -> str | None:
        with self._db.connect() as db:
            row = db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        with self._lock, self._db.connect() as db:
            db.execute("INSERT OR REPLACE INTO answers(key, value) VALUES (?, ?)", (key, value))

    def __len__(self) -> int:
        with self._db.connect() as db:
            return int(db.execute("SELECT count(*) FROM answers").fetchone()[0])


def default_cache(home: Path) -> AnswerCache:
    return AnswerCache(Path(home) / CACHE_FILE)
