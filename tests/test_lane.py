"""The CPU lane and request slots that keep an llm batch's model calls moving (lane.py)."""

from __future__ import annotations

import sys
import threading
import time

from reportgen.lane import (
    FIRST_WAVE_WAIT,
    SWITCH_INTERVAL,
    CpuLane,
    RequestSlots,
    completed,
    join_batch,
    quick_handoffs,
    request_slot,
)


def test_lane_runs_jobs_in_order_on_one_thread() -> None:
    ran: list[tuple[int, str]] = []
    with CpuLane(backlog=10) as lane:
        futures = [lane.submit(lambda k=k: ran.append((k, threading.current_thread().name))) for k in range(6)]
    assert all(f.done() for f in futures)
    assert [k for k, _ in ran] == list(range(6))
    assert len({name for _, name in ran}) == 1 and ran[0][1] != threading.current_thread().name


def test_lane_submit_waits_while_the_backlog_is_full() -> None:
    release = threading.Event()
    submitted = threading.Event()
    with CpuLane(backlog=2) as lane:
        lane.submit(release.wait)  # occupies the lane
        lane.submit(lambda: None)  # the backlog is now full

        def third() -> None:
            lane.submit(lambda: None)
            submitted.set()

        waiting = threading.Thread(target=third)
        waiting.start()
        assert not submitted.wait(0.3), "a third job was queued past the backlog"
        release.set()
        assert submitted.wait(5), "the submit never went through once the lane had room"
        waiting.join()


def test_completed_future_holds_its_value() -> None:
    assert completed(42).result(timeout=0) == 42


def test_request_slots_bound_requests_only_inside_a_batch() -> None:
    slots = RequestSlots(2)
    peak, active, lock = [0], [0], threading.Lock()

    def request() -> None:
        join_batch(slots)
        with request_slot():
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2
    with request_slot():  # a thread outside any batch takes no slot and never waits
        with request_slot():
            pass


def test_spare_threads_wait_for_the_first_wave_of_requests() -> None:
    slots = RequestSlots(2)
    spare_started = threading.Event()

    def spare() -> None:
        join_batch(slots, spare=True)
        spare_started.set()

    waiting = threading.Thread(target=spare)
    waiting.start()
    with slots:  # one of two slots taken: the first wave is not out yet
        assert not spare_started.wait(FIRST_WAVE_WAIT / 5)
        with slots:  # both taken
            assert spare_started.wait(FIRST_WAVE_WAIT / 5)
    waiting.join()


def test_a_spare_thread_starts_anyway_when_the_first_wave_never_fills() -> None:
    slots = RequestSlots(4)  # answers from a cache: no request ever takes a slot
    began = time.perf_counter()
    join_batch(slots, spare=True)
    assert FIRST_WAVE_WAIT * 0.9 <= time.perf_counter() - began < FIRST_WAVE_WAIT * 4


def test_quick_handoffs_shorten_the_switch_interval_and_restore_it() -> None:
    before = sys.getswitchinterval()
    with quick_handoffs():
        assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
    assert sys.getswitchinterval() == before


def test_overlapping_batches_restore_the_interval_only_when_the_last_leaves() -> None:
    """Two batches on two threads, the first leaving while the second still runs (an API server's jobs)."""
    before = sys.getswitchinterval()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[float] = []

    def first() -> None:
        with quick_handoffs():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with quick_handoffs():
            second_in.set()
            first_out.wait(5)
            seen.append(sys.getswitchinterval())  # the first batch has left: still short

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [min(before, SWITCH_INTERVAL)]
    assert sys.getswitchinterval() == before
