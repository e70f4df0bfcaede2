"""The one registry of process-wide tables (glossary, gazetteer, pinyin, tokenizer, compiled templates).

Each is built from shipped data (plus the user's override files) the first time it is asked for and
kept for the life of the process; per-article facts belong on the ``Document`` instead. Keeping every
such table here, behind one decorator, gives tests a single ``reset()`` (one autouse fixture) after
they change an override file or an environment variable, instead of one ``cache_clear`` per module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


class _Forgettable(Protocol):
    def forget(self) -> None: ...


_TABLES: list[_Forgettable] = []
_REGISTRY_LOCK = threading.Lock()


class Table(Generic[T]):
    """A zero-argument builder whose result is built once, even when threads ask at the same moment."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._built: list[T] = []
        wraps(build)(self)

    def __call__(self) -> T:
        built = self._built
        if built:
            return built[0]
        with self._lock:
            if not self._built:
                self._built.append(self._build())
            return self._built[0]

    def forget(self) -> None:
        """Drop the built table; the next call builds it again."""
        with self._lock:
            self._built = []


def table(build: Callable[[], T]) -> Table[T]:
    """Decorator: register ``build`` as a process-wide table (see the module docstring)."""
    entry = Table(build)
    with _REGISTRY_LOCK:
        _TABLES.append(entry)
    return entry


def reset() -> None:
    """Forget every registered table, so the next use rebuilds it from current files and settings."""
    with _REGISTRY_LOCK:
        tables = list(_TABLES)
    for entry in tables:
        entry.forget()


class _Memo(Generic[P, T]):
    """An ``lru_cache`` of a function of shipped tables, forgotten with them by ``reset()``."""

    def __init__(self, fn: Callable[P, T], maxsize: int | None) -> None:
        self._cached: Any = lru_cache(maxsize=maxsize)(fn)
        wraps(fn)(self)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        result: T = self._cached(*args, **kwargs)
        return result

    def forget(self) -> None:
        self._cached.cache_clear()


def memo(maxsize: int | None = 4096) -> Callable[[Callable[P, T]], _Memo[P, T]]:
    """Decorator: remember a pure function's answers (arguments must be hashable) until ``reset()``."""

    def decorate(fn: Callable[P, T]) -> _Memo[P, T]:
        entry = _Memo(fn, maxsize)
        with _REGISTRY_LOCK:
            _TABLES.append(entry)
        return entry

    return decorate
