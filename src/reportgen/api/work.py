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
from reportgen.ingest.document import Document, from_text
from reportgen.models import Report

__all__ = ["DeadlineExceeded", "WorkerPool", "deadline_compute", "warm_up"]

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
    included, and kills the worker that overruns it. Workers are started, and warmed up (tables loaded) with
    ``warm``, in the background, at ``start`` and after each kill, so no request pays for a start."""

    def __init__(self, size: int, timeout: float, warm: Callable[[], object] | None = None) -> None:
        self.size, self.timeout, self.warm = size, timeout, warm
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["reportgen.pipeline", "reportgen.api.service", "reportgen.api.work"])
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._closed = False

    def start(self) -> None:
        """Start every worker (in the background: the server answers meanwhile)."""
        for _ in range(self.size):
            self._spawn()

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process; its exception re-raised here; DeadlineExceeded past the deadline."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise DeadlineExceeded(f"no worker became free within the server's {self.timeout:g} s request "
                                   "timeout (REPORTGEN_REQUEST_TIMEOUT)") from None
        try:
            worker.conn.send((fn, args))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise DeadlineExceeded(f"the work took longer than the server's {self.timeout:g} s request timeout "
                                       "(REPORTGEN_REQUEST_TIMEOUT) and was abandoned")
            status, value = worker.conn.recv()
        except BaseException:
            worker.kill()
            log.warning("a worker process was stopped at the request deadline; starting another")
            self._spawn()
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

    def _spawn(self) -> None:
        threading.Thread(target=self._start_one, name="reportgen-worker-start", daemon=True).start()

    def _start_one(self) -> None:
        if self._closed:
            return
        try:
            worker = _Worker(self._ctx)
            if self.warm is not None:
                worker.conn.send((self.warm, ()))
                worker.conn.recv()
        except Exception:
            log.exception("a worker process could not be started")
            return
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)


def warm_up() -> None:
    """One small article through the offline pipeline: the tables a report needs are loaded."""
    summarize_doc(from_text("某县今年共破获案件12起，同比上升5%。"), Settings(engine="offline"))


def deadline_compute(pool: WorkerPool) -> Compute:
    """Offline reports computed in the pool's killable processes; llm reports stay in the request's thread,
    bounded by the engine's own timeout and retries (a model call is waiting, not CPU work)."""

    def compute(doc: Document, settings: Settings) -> Report:
        if settings.resolved_engine() == "offline":
            return pool.run(summarize_doc, doc, settings)
        return summarize_doc(doc, settings)

    return compute
