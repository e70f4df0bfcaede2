"""A batch spread over worker processes, so the pipeline's CPU work uses every core.

Each article's CPU work (the offline engine, grounding, parsing the model's answer) holds the GIL,
so threads alone run a batch on one core however many articles are in flight. Here the parent
warms every shared table, then forks ``processes`` children that inherit them (copy-on-write);
each child takes the next article from a shared counter and starts it on one of its threads (the
articles it keeps in flight while the model answers), with the CPU work on one thread of its own
(lane.py). Outcomes come back over one pipe per child as they are made and are yielded in input
order. A child that dies (killed, out of memory) costs only the articles it held, unfinished:
those are reported as failed and the others go on.

Fork is used only on Linux, and only where the caller knows no other thread is running (the CLI):
the library's and the API's default is one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from functools import partial
from multiprocessing import connection
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.sharedctypes import Synchronized

Item = TypeVar("Item")
Result = TypeVar("Result")


def can_fork() -> bool:
    """Worker processes are forked, which is safe and cheap on Linux only."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def default_processes() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def threads_per_process(in_flight: int, processes: int) -> list[int]:
    """Split ``in_flight`` articles over ``processes`` as evenly as possible (each at least one)."""
    base, extra = divmod(max(in_flight, processes), processes)
    return [base + (1 if k < extra else 0) for k in range(processes)]


def run_in_processes(items: list[Item], start_one: Callable[[Item, Executor], "Future[Result]"], *,
                     processes: int, in_flight: int, lost: Callable[[Item, str], Result],
                     on_done: Callable[[Result], None] | None = None, threads_per_slot: int = 1) -> Iterator[Result]:
    """``start_one(item, cpu)`` for every item across ``processes`` forked children, results yielded
    in input order.

    ``in_flight`` requests are out at once in all (request slots within the children, see lane.py),
    with ``threads_per_slot`` threads per slot. ``start_one`` may wait on the calling thread (for a
    model's answer) and queue its CPU work on ``cpu``, the child's one CPU thread (lane.py); the
    thread then starts the next item. ``lost(item, why)`` makes the
    result of an item whose child died before answering; ``on_done`` is called here as each result
    arrives.
    """
    processes = max(1, min(processes, len(items)))
    context = multiprocessing.get_context("fork")
    next_index = context.Value("i", 0)
    children, readers = [], []
    gc.freeze()  # what the parent built is never collected in the children: no copy-on-write churn from gc

    for k, slots in enumerate(threads_per_process(in_flight, processes)):
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(items, start_one, next_index, writer, slots, threads_per_slot),
                                daemon=True, name=f"reportgen-worker-{k}")
        child.start()
        writer.close()  # the child holds the only writer: its end of file is the child's end
        children.append(child)
        readers.append(reader)
    try:
        done: dict[int, Any] = {}
        expected = 0
        while expected < len(items):
            if not readers:  # every child has gone: what none of them answered for is lost
                why = _why_stopped(children)
                for missing in range(expected, len(items)):
                    if missing not in done:
                        done[missing] = lost(items[missing], why)
                        if on_done:
                            on_done(done[missing])
            for reader in connection.wait(readers) if readers else []:
                try:
                    index, result = reader.recv()
                except EOFError:
                    readers.remove(reader)
                    continue
                done[index] = result
                if on_done:
                    on_done(result)
            while expected in done:
                yield done.pop(expected)
                expected += 1
    finally:
        gc.unfreeze()
        for child in children:
            if child.is_alive():
                child.terminate()
        for child in children:
            child.join(timeout=5)
        for reader in readers:
            reader.close()


def _why_stopped(children: list[Any]) -> str:
    for child in children:
        child.join(timeout=5)
    codes = sorted({child.exitcode for child in children if child.exitcode})
    return f"its worker process stopped (exit code {', '.join(map(str, codes)) or 0})"


def _child(items: list[Any], start_one: Callable[[Any, Executor], "Future[Any]"],
           next_index: "Synchronized[int]", writer: "Connection", slots: int, threads_per_slot: int) -> None:
    """A worker process: its threads take items by index until none are left, and each result is
    sent as soon as it is made (a send completes or fails whole, so a death loses nothing sent)."""
    from reportgen.lane import CpuLane, RequestSlots, join_batch

    send_lock = threading.Lock()

    def send(index: int, future: "Future[Any]") -> None:
        with send_lock:
            writer.send((index, future.result()))

    request_slots = RequestSlots(slots)

    def work(cpu: CpuLane, spare: bool) -> None:
        join_batch(request_slots, spare)
        while True:
            with next_index.get_lock():
                index = next_index.value
                next_index.value += 1
            if index >= len(items):
                return
            start_one(items[index], cpu).add_done_callback(partial(send, index))

    threads = slots * threads_per_slot
    with CpuLane(backlog=2 * threads) as cpu:
        pool = [threading.Thread(target=work, args=(cpu, k >= slots), name=f"reportgen-article-{k}")
                for k in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    writer.close()


def batch_processes(requested: int, articles: int) -> int:
    """Processes worth forking for ``articles``: none for one article, never more than articles."""
    if requested <= 1 or articles <= 1 or not can_fork():
        return 1
    return min(requested, articles)
