"""One process-wide limit on requests and prompt tokens per window, shared by every thread.

WHY a sliding-window log and not a refilling bucket: a provider counts what arrived in the last
window (or something close to it). A bucket that refills at the full rate and also allows a burst
can let burst + rate x window through one window, which is a 429. Here a request is admitted only
when the requests and prompt tokens of the last ``window`` seconds, itself included, stay within
``rpm`` and ``tpm`` scaled to the window. A request counts from the moment it is sent until
``window`` seconds after its answer arrived (the endpoint counted it at arrival, which is
between), so the limiter never frees a slot before the endpoint does.

Tokens are charged before sending (``budget.prompt_tokens`` of the body) and corrected from the
answer's ``usage.prompt_tokens``. A 429 pauses every thread for its Retry-After and shrinks the
limits by a tenth for the rest of the process (the key is shared with someone, or the limits given
were too high).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportgen import registry

SHRINK_ON_429 = 0.9


@dataclass
class Turn:
    """What an answer told the limiter (see ``billed``)."""

    billed: int | None = None
    retry_after: float | None = None

    def answered(self, billed: int | None, retry_after: float | None) -> None:
        self.billed, self.retry_after = billed, retry_after


@dataclass
class Slot:
    """One admitted request: its tokens, and when its answer arrived (None while in flight)."""

    tokens: int
    ended: float | None = None


class RateLimiter:
    """Requests and prompt tokens per sliding window; ``acquire`` blocks until a request fits."""

    def __init__(self, rpm: int | None, tpm: int | None, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.max_requests = None if not rpm else max(1.0, rpm * window / 60.0)
        self.max_tokens = None if not tpm else max(1.0, tpm * window / 60.0)
        self._clock = clock
        self._slots: list[Slot] = []
        self._tokens = 0
        self._paused_until = 0.0
        self._cond = threading.Condition()
        self.waited = 0.0  # seconds threads spent waiting here, summed
        self.throttled = 0  # 429 answers seen

    def acquire(self, tokens: int) -> Slot:
        """Wait until a request of ``tokens`` prompt tokens fits, then count it in."""
        started = self._clock()
        with self._cond:
            while True:
                now = self._clock()
                self._expire(now)
                wait = self._paused_until - now
                if wait <= 0 and self._fits(tokens):
                    slot = Slot(tokens)
                    self._slots.append(slot)
                    self._tokens += tokens
                    self.waited += now - started
                    return slot
                timeout: float | None = wait
                if wait <= 0:
                    ends = [s.ended for s in self._slots if s.ended is not None]
                    timeout = min(ends) + self.window - now if ends else None  # None: until an answer arrives
                self._cond.wait(None if timeout is None else max(timeout, 0.001))

    def release(self, slot: Slot, billed: int | None = None, retry_after: float | None = None) -> None:
        """The answer arrived: the slot counts for one more window, with the billed tokens if known.
        ``retry_after`` (a 429): pause everyone that long and shrink the limits."""
        with self._cond:
            now = self._clock()
            if billed is not None and billed >= 0:
                self._tokens += billed - slot.tokens
                slot.tokens = billed
            slot.ended = now
            if retry_after is not None:
                self.throttled += 1
                self._paused_until = max(self._paused_until, now + retry_after)
                if self.max_requests is not None:
                    self.max_requests = max(1.0, self.max_requests * SHRINK_ON_429)
                if self.max_tokens is not None:
                    self.max_tokens = max(1.0, self.max_tokens * SHRINK_ON_429)
            self._cond.notify_all()

    @contextmanager
    def turn(self, tokens: int) -> Iterator[Turn]:
        """``acquire`` on entry; ``release`` on exit, however the request ended (an exception too), with
        what ``Turn.answered`` was told."""
        slot = self.acquire(tokens)
        turn = Turn()
        try:
            yield turn
        finally:
            self.release(slot, turn.billed, turn.retry_after)

    def _fits(self, tokens: int) -> bool:
        if not self._slots:
            return True  # a request larger than the whole window's budget still goes, alone
        if self.max_requests is not None and len(self._slots) + 1 > self.max_requests:
            return False
        return self.max_tokens is None or self._tokens + tokens <= self.max_tokens

    def _expire(self, now: float) -> None:
        if not any(s.ended is not None and s.ended + self.window <= now for s in self._slots):
            return
        kept = [s for s in self._slots if s.ended is None or s.ended + self.window > now]
        self._tokens = sum(s.tokens for s in kept)
        self._slots = kept


@registry.table
def _limiters() -> dict[tuple[int | None, int | None, float], RateLimiter]:
    """The limiters of this process by (rpm, tpm, window); ``registry.reset()`` forgets them."""
    return {}


_LOCK = threading.Lock()


def limiter_for(rpm: int | None, tpm: int | None, window: float = 60.0) -> RateLimiter | None:
    """The one shared limiter for these limits (None when neither is set)."""
    if not rpm and not tpm:
        return None
    key = (rpm or None, tpm or None, float(window))
    with _LOCK:
        table = _limiters()
        limiter = table.get(key)
        if limiter is None:
            limiter = table[key] = RateLimiter(rpm, tpm, window)
        return limiter


def billed(status: int, retry_after: str | None, content: bytes | None) -> tuple[int | None, float | None]:
    """What an answer tells the limiter: (usage.prompt_tokens if it says so, Retry-After seconds of a 429)."""
    if status == 429:
        return 0, retry_after_seconds(retry_after)
    if content is None or status != 200:
        return None, None
    try:
        usage = json.loads(content).get("usage") or {}
        return int(usage["prompt_tokens"]), None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None


def retry_after_seconds(value: str | None, default: float = 1.0) -> float:
    """Retry-After as seconds (a number; an HTTP date or nonsense counts as ``default``)."""
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default
