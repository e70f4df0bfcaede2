"""Batch jobs: a durable queue of articles worked off by background threads in each server process.

WHY this shape: results must survive a crash and nothing finished may be redone. So every article
is a row in the store (see ``store.JobStore``); a runner *claims* one with a lease, works on it,
and records the report id (or the error) the moment it finishes. A heartbeat renews the leases
of the articles in hand; when a process dies, its leases lapse and any runner - typically the
restarted server on the same REPORTGEN_HOME - claims those articles again. Several server
workers on one database simply compete for claims.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable

from reportgen.errors import ReportgenError
from reportgen.storage.store import ClaimedItem, JobStore

log = logging.getLogger("reportgen.storage.jobs")

LEASE_SECONDS = 10.0  # how long a claim survives without a heartbeat (a dead runner's articles wait this long)
MAX_ATTEMPTS = 3  # claims of one article before it is declared failed (its runner kept dying on it)
IDLE_POLL_SECONDS = 0.5  # how often an idle runner looks for work other processes queued


class JobRunner:
    """Claims queued articles and runs ``process`` on each; ``process`` returns the report id.

    A ``ReportgenError`` from ``process`` marks the article failed with its one-line message and
    the job goes on; any other exception is logged server-side and recorded as an internal error.
    """

    def __init__(self, store: JobStore, process: Callable[[ClaimedItem], str], *, threads: int = 1,
                 lease_seconds: float = LEASE_SECONDS, max_attempts: int = MAX_ATTEMPTS,
                 poll_seconds: float = IDLE_POLL_SECONDS,
                 on_finish: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.process = process
        self.threads = max(1, threads)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.poll_seconds = poll_seconds
        self.on_finish = on_finish
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._workers: list[threading.Thread] = []

    def start(self) -> None:
        self._stop.clear()
        self._workers = [threading.Thread(target=self._work, name=f"reportgen-job-{i}", daemon=True)
                         for i in range(self.threads)]
        self._workers.append(threading.Thread(target=self._heartbeat, name="reportgen-job-heartbeat", daemon=True))
        for thread in self._workers:
            thread.start()

    def notify(self) -> None:
        """New work was queued in this process: stop idling now."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the threads to stop after their current article and wait a little for them.

        An article still in hand when this returns keeps its lease until it lapses and is then
        claimed again; its report, if already stored, is found by id and not recomputed.
        """
        self._stop.set()
        self._wake.set()
        for thread in self._workers:
            thread.join(timeout)

    def run_pending(self) -> int:
        """Work off everything claimable in the calling thread; the number of articles handled.
        (For tests and one-shot use without background threads.)"""
        handled = 0
        while (item := self.store.claim_item(self.owner, self.lease_seconds, self.max_attempts)) is not None:
            self._handle(item)
            handled += 1
        return handled

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                item = self.store.claim_item(self.owner, self.lease_seconds, self.max_attempts)
            except ReportgenError as exc:
                log.warning("job runner cannot claim work: %s", exc)
                item = None
            if item is None:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                continue
            self._handle(item)

    def _handle(self, item: ClaimedItem) -> None:
        report_id: str | None = None
        error: str | None = None
        try:
            report_id = self.process(item)
        except ReportgenError as exc:
            error = str(exc)
        except Exception:  # one bad article must not stop the batch
            log.exception("job %s article %d failed with an internal error", item.job_id, item.index)
            error = "internal error while processing this article"
        try:
            recorded = self.store.finish_item(item.job_id, item.index, self.owner, report_id=report_id, error=error)
        except ReportgenError as exc:
            log.warning("job %s article %d: cannot record the outcome: %s", item.job_id, item.index, exc)
            return
        if recorded and self.on_finish:
            self.on_finish("done" if report_id is not None else "failed")

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.lease_seconds / 4):
            try:
                self.store.renew_leases(self.owner, self.lease_seconds)
            except ReportgenError as exc:
                log.warning("job runner cannot renew its leases: %s", exc)
