"""Throughput of POST /v1/reports (offline engine, new articles) on SQLite, and on one PostgreSQL with 1 and 2
`reportgen serve` replicas (issue #18). The client alternates requests between the replicas, as a
round-robin load balancer would. Everything runs on 127.0.0.1 of this machine - the replicas, the
throw-away PostgreSQL cluster (tests/pgcluster.py) and the client share its cores - so the figures say what
the database costs per request here, not how N machines scale.

    .venv/bin/python benchmarks/replicas.py [--requests 300] [--rounds 3] [--concurrency 4] [--seconds 60] [--no-write]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import API_KEY as KEY  # noqa: E402
from common import ROOT, Row, start_server, write_section  # noqa: E402
from tests.pgcluster import Cluster, find_bin_dir  # noqa: E402 - after the path set-up

EXAMPLE = ROOT / "examples" / "lvliang_2022h1.txt"


def load(urls: list[str], bodies: list[dict[str, str]], concurrency: int, seconds: float) -> tuple[list[float], float]:
    """POST each body to the replicas in turn (stopping after ``seconds``); latencies and the wall time."""
    deadline = time.monotonic() + seconds
    clients = [httpx.Client(base_url=u, headers={"X-API-Key": KEY}, timeout=120,
                            limits=httpx.Limits(max_connections=concurrency)) for u in urls]
    turn = itertools.cycle(clients)
    lock = threading.Lock()

    def one(body: dict[str, str]) -> float | None:
        if time.monotonic() > deadline:
            return None
        with lock:
            client = next(turn)
        started = time.perf_counter()
        response = client.post("/v1/reports", json=body)
        if response.status_code != 201:
            raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [t for t in pool.map(one, bodies) if t is not None]
    wall = time.perf_counter() - started
    for client in clients:
        client.close()
    return latencies, wall


def rate(latencies: list[float], wall: float) -> tuple[float, str]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return len(latencies) / wall, f"p50 {cuts[49] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms"


def run_case(replicas: int, database_url: str | None, bodies: list[dict[str, str]], warm: list[dict[str, str]],
             concurrency: int, seconds: float) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        servers = [start_server(Path(tmp) / f"home{i}", database_url=database_url) for i in range(replicas)]
        try:
            urls = [url for _, url in servers]
            load(urls, warm, 1, seconds)  # each replica's first requests (imports, tables) are not timed
            return rate(*load(urls, bodies, concurrency, seconds))
        finally:
            for proc, _ in servers:
                proc.terminate()
                proc.wait(20)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per case")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")

    load_before = os.getloadavg()[0]
    text = EXAMPLE.read_text(encoding="utf-8")

    def articles(tag: str, n: int) -> list[dict[str, str]]:  # distinct articles of the example's size
        return [{"text": f"{text}\n本期{tag}第{i}号通报，全市共受理群众求助{1000 + i}起。\n"} for i in range(n)]

    cluster = Cluster(bin_dir, durable=True)  # fsync on, like SQLite's WAL commits: a fair comparison
    cases = {"sqlite": 1, "pg1": 1, "pg2": 2}
    runs: dict[str, list[tuple[float, str]]] = {name: [] for name in cases}
    try:
        for round_ in range(args.rounds):  # cases alternated, so the shared machine's drift hits each alike
            names = list(cases)[round_ % 3:] + list(cases)[:round_ % 3]
            for name in names:
                url = None if name == "sqlite" else cluster.create_database()
                tag = f"{name}{round_}"
                runs[name].append(run_case(cases[name], url, articles(tag, args.requests), articles("w" + tag, 6),
                                           args.concurrency, args.seconds))
    finally:
        cluster.destroy()

    def figure(name: str) -> str:
        ordered = sorted(runs[name])
        median = ordered[len(ordered) // 2]
        return (f"{median[0]:.1f} req/s, {median[1]} (median of {len(ordered)} runs of {args.requests}; "
                f"runs {ordered[0][0]:.1f}–{ordered[-1][0]:.1f} req/s)")

    figures = {name: figure(name) for name in cases}

    command = (f"python benchmarks/replicas.py --requests {args.requests} --concurrency {args.concurrency}"
               f" --rounds {args.rounds}")
    what = f"POST /v1/reports, new article ({len(text)} chars), offline engine, {args.concurrency} concurrent clients"
    rows = [
        Row(f"{what}, 1 replica, SQLite under REPORTGEN_HOME", figures["sqlite"], command),
        Row(f"{what}, 1 replica, PostgreSQL 15 (REPORTGEN_DATABASE_URL)", figures["pg1"], command),
        Row(f"{what}, 2 replicas on one PostgreSQL 15, requests alternated", figures["pg2"], command),
    ]
    notes = ("Each replica is its own `reportgen serve` (one uvicorn worker) with its own REPORTGEN_HOME; the "
             "PostgreSQL cluster is a throw-away one (default durability: fsync and synchronous commit on) started "
             "by the script on 127.0.0.1. Replicas, "
             "database and client share this machine's cores, so 2 replicas cannot show a 2-machine speed-up here: "
             "the rows compare what each set-up costs on the same cores. "
             f"Load average when the run started: {load_before:.1f} (the machine is shared; figures vary with it).")
    if args.no_write:
        for row in rows:
            print(f"{row.what}: {row.figure}")
    else:
        write_section("API replicas on PostgreSQL", rows, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
