"""One thread for a batch's CPU work, beside the threads that wait on the model.

Python runs one thread's bytecode at a time (the GIL). When every article thread of an llm batch
does its own CPU work (the offline cross-check, grounding, the Report), a thread that needs only a
moment, to send the next request or read an answer, queues behind all the others, and the model
sits idle between waves of requests. With that work queued on one thread instead, the waiting
threads compete with just that one: an answer is read and the next request goes out as soon as it
arrives, and the CPU work fills the time the model takes to answer.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")


class CpuLane(Executor):
    """A one-thread executor whose queue holds at most ``backlog`` jobs: ``submit`` waits while it is
    full, so a batch whose model answers faster than the CPU work keeps bounded memory."""

    def __init__(self, backlog: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportgen-cpu")
        self._room = threading.BoundedSemaphore(max(1, backlog))

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> "Future[T]":
        self._room.acquire()
        try:
            future = self._pool.submit(fn, *args, **kwargs)
        except BaseException:
            self._room.release()
            raise
        future.add_done_callback(self._release)
        return future

    def _release(self, _: Future) -> None:
        self._room.release()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def completed(value: T) -> "Future[T]":
    """A future that already holds ``value`` (work that ran on the calling thread)."""
    future: Future[T] = Future()
    future.set_result(value)
    return future


# -- request slots --------------------------------------------------------------------------------
# A batch runs more article threads than requests it may have out, so the next article's request is
# built while the model answers and goes out the moment a slot frees. The client holds a slot only
# while a request is on the wire, not while it checks the answer.

class RequestSlots:
    """At most ``size`` requests on the wire at once, for a batch's threads. ``first_wave`` is set
    once every slot has been taken: until then the spare threads stay out of the way (their work
    would only slow the first requests down; see ``join_batch``)."""

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self._untaken = size
        self._lock = threading.Lock()
        self.first_wave = threading.Event()

    def __enter__(self) -> None:
        self._slots.acquire()
        if not self.first_wave.is_set():
            with self._lock:
                self._untaken -= 1
                if self._untaken <= 0:
                    self.first_wave.set()

    def __exit__(self, *exc: object) -> None:
        self._slots.release()


# How long a spare thread waits for the first wave of requests before it starts anyway (a batch
# whose answers come from the cache sends fewer requests than it has slots).
FIRST_WAVE_WAIT = 0.25

_REQUEST_SLOTS: ContextVar[RequestSlots | None] = ContextVar("reportgen_request_slots", default=None)


def join_batch(slots: RequestSlots, spare: bool = False) -> None:
    """Make the calling thread's requests take ``slots`` (a thread initializer for a batch's
    threads). A ``spare`` thread first waits until the first wave of requests is out."""
    _REQUEST_SLOTS.set(slots)
    if spare:
        slots.first_wave.wait(FIRST_WAVE_WAIT)


@contextmanager
def request_slot() -> Iterator[None]:
    """Hold one of the batch's request slots, if this thread belongs to a batch, for the block."""
    slots = _REQUEST_SLOTS.get()
    if slots is None:
        yield
        return
    with slots:
        yield


# -- GIL hand-offs ----------------------------------------------------------------------------------
# A thread that has just read an answer, or has a request ready, needs the GIL for a moment; the CPU
# lane holds it for up to the switch interval (5 ms by default) each time it is asked, and sending or
# reading takes several such turns. A shorter interval brings the next request out sooner: the
# benchmark's CLI run (24 articles, -j 8, 0.5 s) went from 1.22 to 1.18 × ideal after its first
# request (medians of two A/B sets of 8 alternated runs).

SWITCH_INTERVAL = 0.0005  # seconds

_handoff_lock = threading.Lock()
_handoff_users = 0
_handoff_saved = 0.0


@contextmanager
def quick_handoffs() -> Iterator[None]:
    """The interpreter's GIL switch interval at most SWITCH_INTERVAL for the block. It is process-wide:
    overlapping blocks (two batches on an API server's threads) share it, and the interval the
    first one found is restored when the last one leaves."""
    global _handoff_users, _handoff_saved
    with _handoff_lock:
        if _handoff_users == 0:
            _handoff_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_handoff_saved, SWITCH_INTERVAL))
        _handoff_users += 1
    try:
        yield
    finally:
        with _handoff_lock:
            _handoff_users -= 1
            if _handoff_users == 0:
                sys.setswitchinterval(_handoff_saved)
