"""Batches over forked worker processes (workers.py): order, every core used, a dead worker costs one article.

The forking runs in a fresh interpreter (as the CLI does), never inside pytest's own process,
which may hold threads from other tests' servers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.models import Report
from reportgen.workers import batch_processes, can_fork, threads_per_process

from .test_cli import ARTICLES, EXAMPLE, TRADITIONAL, run

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked on Linux only")

PROBE = r"""
import json, os, sys, time
from reportgen.workers import run_in_processes

def work(item, cpu):
    time.sleep(0.05)  # waiting, on the article's thread (the lane sends the previous result meanwhile)
    if item == int(sys.argv[1]):
        os._exit(9)  # this worker dies holding the article
    return cpu.submit(lambda: {"item": item, "pid": os.getpid()})  # the CPU rest, on the lane

seen = []
out = list(run_in_processes(list(range(12)), work, processes=2, in_flight=int(sys.argv[2]),
                            lost=lambda item, why: {"item": item, "lost": why}, on_done=lambda r: seen.append(r["item"])))
print(json.dumps({"results": out, "parent": os.getpid(), "seen": seen}))
"""


def _probe(dying: int, in_flight: int) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(dying), str(in_flight)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_results_come_in_input_order_from_more_than_one_process() -> None:
    probe = _probe(dying=-1, in_flight=4)
    results = probe["results"]
    assert [r["item"] for r in results] == list(range(12))
    pids = {r["pid"] for r in results}
    assert len(pids) == 2 and probe["parent"] not in pids
    assert sorted(probe["seen"]) == list(range(12))  # on_done ran in the parent for each


def test_a_worker_that_dies_costs_only_the_article_it_held() -> None:
    results = _probe(dying=5, in_flight=2)["results"]  # one thread per worker: the dead one held only item 5
    assert [r["item"] for r in results] == list(range(12))
    lost = [r for r in results if "lost" in r]
    assert [r["item"] for r in lost] == [5] and "exit code 9" in lost[0]["lost"]


def test_articles_in_flight_are_split_over_the_processes() -> None:
    assert threads_per_process(8, 2) == [4, 4]
    assert threads_per_process(5, 2) == [3, 2]
    assert threads_per_process(1, 2) == [1, 1]  # each process runs at least one article
    assert batch_processes(2, 1) == 1 and batch_processes(1, 50) == 1 and batch_processes(8, 3) == 3


def test_cli_batch_over_processes_gives_the_same_reports_as_one_process(tmp_path: Path) -> None:
    articles = [EXAMPLE, TRADITIONAL, *sorted(ARTICLES.glob("fig_*.txt"))[:4]]
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n", encoding="utf-8")
    paths = [str(p) for p in articles[:3]] + [str(bad)] + [str(p) for p in articles[3:]]
    one = run("summarize", "-p", "1", *paths, "--out-dir", str(tmp_path / "one"))
    two = run("summarize", "-p", "2", *paths, "--out-dir", str(tmp_path / "two"))
    for done in (one, two):
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert str(bad) in done.stderr and f"1 of {len(paths)}" in done.stderr
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir()) and len(names) == len(articles)

    def comparable(path: Path) -> dict:
        report = Report.model_validate_json(path.read_text(encoding="utf-8")).model_dump(mode="json")
        report["provenance"]["duration_ms"] = 0
        return report

    for name in names:
        assert comparable(tmp_path / "one" / name) == comparable(tmp_path / "two" / name), name


def test_json_lines_keep_the_input_order_over_processes() -> None:
    articles = [EXAMPLE, TRADITIONAL, *sorted(ARTICLES.glob("fig_*.txt"))[:4]]
    done = run("summarize", "-p", "2", *map(str, articles))
    assert done.returncode == 0, done.stderr
    files = [json.loads(line)["source"]["file"] for line in done.stdout.splitlines()]
    assert files == [p.name for p in articles]
