"""Memoise work on one article's text across the stages of that article, and no further.

Several stages ask the same question about the same article (its places, its token count, where its
sentences end). The answer is kept for that very string object (``is``, not ``==``): a second
article, even one with the same text, is computed afresh, so batch timings measure real work and
memory does not grow with a batch (only the last few texts are held).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

R = TypeVar("R")


def per_text(size: int = 4) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorator for ``fn(text, *args)``: reuse the result for the same ``text`` object and equal args."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        recent: deque[tuple[str, tuple[Any, ...], R]] = deque(maxlen=size)

        @wraps(fn)
        def wrapper(text: str, *args: Any) -> R:
            for seen, seen_args, result in tuple(recent):  # a snapshot: other threads may append
                if seen is text and seen_args == args:
                    return result
            result = fn(text, *args)
            recent.append((text, args, result))
            return result

        wrapper.cache_clear = recent.clear  # type: ignore[attr-defined]
        return wrapper

    return decorate


def once(fn: Callable[[], R]) -> Callable[[], R]:
    """Decorator for a zero-argument builder of a shared table: the first caller builds it, and
    callers arriving meanwhile wait for that one build. (``lru_cache`` lets each of N threads that
    ask at the same moment build it again: N times the cost, serialised by the GIL, as at the
    start of a batch or of a threaded server.) ``cache_clear`` forgets it, to be rebuilt."""
    lock = threading.Lock()
    built: list[R] = []

    @wraps(fn)
    def wrapper() -> R:
        if built:  # the common case: no lock
            try:
                return built[0]
            except IndexError:  # forgotten by cache_clear meanwhile
                pass
        with lock:
            if not built:
                built.append(fn())
            return built[0]

    def cache_clear() -> None:
        with lock:
            built.clear()

    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    return wrapper
