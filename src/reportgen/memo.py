"""Memoise work on one article's text across the stages of that article, and no further.

Several stages ask the same question about the same article (its places, its token count, where its
sentences end). The answer is kept for that very string object (``is``, not ``==``): a second
article, even one with the same text, is computed afresh, so batch timings measure real work and
memory does not grow with a batch (only the last few texts are held).
"""

from __future__ import annotations

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
