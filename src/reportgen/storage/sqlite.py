"""The one way reportgen opens SQLite: WAL, a schema applied once, short transactions, and
every sqlite error turned into a one-line StoreError naming what failed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportgen.errors import StoreError


class SQLiteFile:
    """A SQLite database file holding ``what`` (for messages), created with ``schema`` on first use."""

    def __init__(self, path: Path, schema: Iterable[str], what: str) -> None:
        self.path = Path(path)
        self.what = what
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                for statement in schema:
                    db.execute(statement)
        except StoreError as exc:
            prefix = f"cannot open the {what} at {self.path}: "
            raise StoreError(exc.message if exc.message.startswith(prefix) else prefix + exc.message) from None
        except OSError as exc:
            raise StoreError(f"cannot open the {what} at {self.path}: {exc}") from None

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One connection in one transaction (committed on success, rolled back on error)."""
        try:
            db = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the {self.what} at {self.path}: {exc}") from None
        try:
            db.execute("PRAGMA foreign_keys=ON")
            with db:
                yield db
        except sqlite3.Error as exc:
            raise StoreError(f"{self.what} error: {exc}") from None
        finally:
            db.close()
