"""Throughput and latency (p50/p99) of POST /v1/reports on a real `reportgen serve`, offline engine.

Load is generated on 127.0.0.1 only, bounded in count (--requests) and time (--seconds). Two cases:
new articles (each request computes and stores a report) and repeats (idempotent: served from the
store). The client runs on the same machine as the server, so on a small box it competes for the
same cores: read the figures as a floor.

    .venv/bin/python benchmarks/api_load.py [--requests 200] [--concurrency 4] [--workers 1] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from common import API_KEY as KEY
from common import ROOT, Row, start_server, write_section

EXAMPLE = ROOT / "examples" / "lvliang_2022h1.txt"


def load(
    url: str, bodies: list[dict], concurrency: int, seconds: float, expect: tuple[int, ...]
) -> tuple[list[float], float]:
    """POST each body (stopping after ``seconds``); latencies in seconds and the wall time."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    client = httpx.Client(
        base_url=url, headers={"X-API-Key": KEY}, timeout=120, limits=httpx.Limits(max_connections=concurrency)
    )

    def one(body: dict) -> float | None:
        if time.monotonic() > deadline:
            return None
        started = time.perf_counter()
        response = client.post("/v1/reports", json=body)
        elapsed = time.perf_counter() - started
        if response.status_code not in expect:
            raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
        return elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [t for t in pool.map(one, bodies) if t is not None]
    wall = time.perf_counter() - started
    client.close()
    return latencies, wall


def summary(latencies: list[float], wall: float) -> str:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return (
        f"{len(latencies) / wall:.1f} req/s; p50 {cuts[49] * 1000:.0f} ms; p99 {cuts[98] * 1000:.0f} ms "
        f"(n={len(latencies)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per case")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    text = EXAMPLE.read_text(encoding="utf-8")
    # distinct articles of the example's size: a varying closing line changes the id, not the work
    fresh = [{"text": f"{text}\n本期第{i}号通报，全市共受理群众求助{1000 + i}起。\n"} for i in range(args.requests)]
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as home:
        proc, url = start_server(Path(home), workers=args.workers)
        try:
            load(url, [{"text": text}] * 5, 1, args.seconds, (200, 201))  # warm-up; stores the example once
            new_lat, new_wall = load(url, fresh, args.concurrency, args.seconds, (201,))
            rep_lat, rep_wall = load(url, [{"text": text}] * args.requests, args.concurrency, args.seconds, (200,))
        finally:
            proc.terminate()
            proc.wait(20)

    command = (f"python benchmarks/api_load.py --requests {args.requests} --concurrency {args.concurrency} "
               f"--workers {args.workers}")
    cfg = f"{args.concurrency} concurrent clients, {args.workers} worker(s)"
    rows = [
        Row(
            f"POST /v1/reports, new article ({len(text)} chars), offline engine, {cfg}",
            summary(new_lat, new_wall),
            command,
        ),
        Row(
            f"POST /v1/reports, repeated article (idempotent, from the store), {cfg}",
            summary(rep_lat, rep_wall),
            command,
        ),
    ]
    notes = (
        "Real uvicorn server (`reportgen serve`) and httpx client on the same machine (127.0.0.1); "
        "latency is client-side, per request; SQLite store in a temporary REPORTGEN_HOME. "
        f"Load average when the run started: {load_before:.1f} (the machine is shared; figures vary with it)."
    )
    if args.no_write:
        for row in rows:
            print(f"{row.what}: {row.figure}")
    else:
        write_section("API", rows, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
