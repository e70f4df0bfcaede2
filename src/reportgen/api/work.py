"""Offline CPU work in worker processes the server can kill at a request's deadline.

A thread cannot be stopped in Python, and the regular expressions of the offline engine hold the GIL while
they run, so one heavy article computed in a server thread would stall every other request, /healthz
included. Each computation here runs in a child process instead: the server thread only waits on a pipe
(without the GIL), and a child still busy at the deadline is killed and replaced, so the work really ends.
Children come from a fork server (never forked from the threaded server itself) that has the pipeline
imported already, so starting a replacement is cheap.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from reportgen.api.service import Compute, summarize_doc
from reportgen.config import Settings
from reportgen.errors import InternalError, ReportgenError
from reportgen.ingest.document import Document
from reportgen.models import Report

__all__ = ["DeadlineExceeded", "WorkerPool", "deadline_compute"]

log = logging.getLogger("reportgen.api")
T = TypeVar("T")


class DeadlineExceeded(ReportgenError):
    """The work of one request ran past REPORTGEN_REQUEST_TIMEOUT and was abandoned (HTTP 503)."""


def _serve(conn: Connection) -> None:
    """A worker's loop: run each (function, args) it is sent and send back ("ok", result) or ("err", exc)."""
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", fn(*args))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the waiting request
            reply = ("err", exc if isinstance(exc, ReportgenError) else InternalError.wrap(exc))
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - an unpicklable answer is reported, the worker lives on
            conn.send(("err", InternalError(f"the worker's answer could not be sent back: {exc}")))


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True, name="reportgen-worker")
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; ``run`` gives a call at most ``timeout`` seconds, waiting for a free worker
    included, and kills the worker that overruns it."""

    def __init__(self, size: int, timeout: float) -> None:
        self.size, self.timeout = size, timeout
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["reportgen.pipeline", "reportgen.api.service", "reportgen.api.work"])
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = 0
        self._closed = False

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process; its exception re-raised here; DeadlineExceeded past the deadline."""
        deadline = time.monotonic() + self.timeout
        worker = self._acquire(deadline)
        try:
            worker.conn.send((fn, args))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise DeadlineExceeded(f"the work took longer than the server's {self.timeout:g} s request timeout "
                                       "(REPORTGEN_REQUEST_TIMEOUT) and was abandoned")
            status, value = worker.conn.recv()
        except BaseException:
            self._discard(worker)
            raise
        self._idle.put(worker)
        if status == "err":
            raise value
        return value  # type: ignore[no-any-return]  # the worker returns what fn returns

    def close(self) -> None:
        """Stop every idle worker (busy ones are stopped as their requests end)."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return

    def _acquire(self, deadline: float) -> _Worker:
        """An idle worker, else a new one while fewer than ``size`` live, else wait (checking again for a slot a
        killed worker freed) until the deadline."""
        while True:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                pass
            with self._lock:
                if self._started < self.size:
                    self._started += 1
                    try:
                        return _Worker(self._ctx)
                    except BaseException:
                        self._started -= 1
                        raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceeded(f"no worker became free within the server's {self.timeout:g} s request "
                                       "timeout (REPORTGEN_REQUEST_TIMEOUT)")
            try:
                return self._idle.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                continue

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker that overran (or whose pipe broke); a new one is started on the next demand."""
        worker.kill()
        with self._lock:
            self._started -= 1
        log.warning("a worker process was stopped at the request deadline")


def deadline_compute(pool: WorkerPool) -> Compute:
    """Offline reports computed in the pool's killable processes; llm reports stay in the request's thread,
    bounded by the engine's own timeout and retries (a model call is waiting, not CPU work)."""

    def compute(doc: Document, settings: Settings) -> Report:
        if settings.resolved_engine() == "offline":
            return pool.run(summarize_doc, doc, settings)
        return summarize_doc(doc, settings)

    return compute
