"""Concurrency: N articles through the llm engine (the CLI, ``-j C``) against the scripted server with a
fixed latency L; the run's time after start-up against the ideal ceil(N/C)·L.

Start-up is read inside each run: from launch to the first request reaching the endpoint (the
endpoint runs in this process and notes when each request arrives, on the clock the launch was
read on). Everything after that (every request, the CPU work after the last answer, writing the
reports, exit) is counted against the ideal.

The acceptance figures use a realistic model latency (5 s per request); the 0.5 s run is kept for
reference with the earlier figures, not as a goal.
"""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import Row, bench_env, corpus, reportgen_bin, write_section
from tests.scripted.server import ScriptedServer

from scripted import write_scripts

COMMAND = ".venv/bin/python benchmarks/concurrency.py"
EARLIER = (
    "Runs of 2026-12-06 at 5 s latency, 128 articles at `-j 32`. Before the scripted endpoint's listen backlog "
    "was raised (socketserver's default of 5 dropped SYNs under a burst of 32 connects; the client's 1 s "
    "retransmit showed as a stall of a third of every wave): 92.6–95.7%, median 93.3% over 7 runs. With the "
    "backlog of a real endpoint and less CPU per article, the same morning: 95.4%, 95.6%, 95.6%, 96.0%, 96.3% "
    "(5 of 5 met). In the evening the shared machine ran the morning's code itself about 1.5 times slower per "
    "article (median offline extraction 12.7 ms against 7.2 ms), and the code had grown (verifier, scope and "
    "English work of that day): 93.8%, 93.9%, 93.9%, 94.2%, 94.3%, 94.7%, 95.2% before the last changes "
    "(each Report let go once yielded, CC-CEDICT as one string per headword), then 94.9%, 95.2%, 95.6% "
    "(the same CLI runs from a smaller script) and 93.8%, 94.2%, 94.8%, 95.2% (this script). Late that night, "
    "with the places an article names matched once per article: 95.0%, 95.3% before that change, then 95.6%, "
    "95.8%, 95.1%, 95.8%, 95.7%, 95.4% (the smaller script) and 95.5%, 96.4%, 96.0%, 96.1% (this script): every run of "
    "that session at or above 95%, by a margin of at most 1.4 points; after that night's accuracy work "
    "(more figures named from their sentence, one more anomaly check): 95.3%, 95.6% (this script), 96.3%; "
    "on the final commit 94.2% (straight after a full CI run on the machine), 95.2%, 95.8%, 95.4%, 95.3%. "
    "What limits `-j 32` is CPU under one interpreter lock: each article costs about 40–50 ms here "
    "(instructor's request and validation, grounding, "
    "the offline cross-check, the report), most of it in the second after a wave's answers arrive, when the next "
    "wave's requests are sent; and each full garbage collection takes about 0.18 s (thread CPU time), most of it "
    "walking the ~240,000 objects the imported libraries hold (openai's types alone are ~110,000), about one per "
    "wave. 48 articles at `-j 8` stay at 98% in every run. For "
    "reference, before #14 (2026-11-23: a CPU lane per process, request slots with spare threads, 0.5 ms GIL "
    "switch interval, forked workers, warm-up and a rehearsed request): 24 articles at `-j 8`, 0.5 s, the rest "
    "of the run 1.20 × ideal (83%), runs 1.18–1.22."
)
GOAL = 0.95  # of ideal throughput after start-up
# (articles, -j, latency in seconds, a goal or only a reference figure)
CASES = ((48, 8, 5.0, True), (128, 32, 5.0, True), (24, 8, 0.5, False))


@dataclass
class Run:
    startup: float  # launch to the first request at the endpoint
    rest: float  # the first request to the exit

    def efficiency(self, ideal: float) -> float:
        return ideal / self.rest


def cli_run(paths: list[Path], endpoint: ScriptedServer, concurrency: int, home: Path) -> Run:
    """One CLI batch; the endpoint's request times share ``time.monotonic`` with the launch."""
    env = bench_env(REPORTGEN_HOME=str(home), OPENAI_API_KEY="benchmark", OPENAI_BASE_URL=endpoint.base_url,
                    REPORTGEN_MODEL="scripted-ok")
    endpoint.seen.clear()
    launched = time.monotonic()
    subprocess.run([reportgen_bin(), "summarize", "--engine", "llm", "--no-cache", "-j", str(concurrency),
                    "--out-dir", str(home / "out"), *map(str, paths)], check=True, capture_output=True, env=env)
    ended = time.monotonic()
    first = min(r.at for r in endpoint.seen)
    written = len(list((home / "out").glob("*.json")))
    if written != len(paths):
        raise SystemExit(f"only {written} of {len(paths)} reports written")
    return Run(startup=first - launched, rest=ended - first)


def main() -> None:
    base = [p for p in corpus() if len(p.read_text(encoding="utf-8")) >= 1500][:8]
    most = max(n for n, *_ in CASES)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        paths = write_scripts(base, tmp_path / "scripted", copies=math.ceil(most / len(base)))
        answers, articles = tmp_path / "scripted" / "answers", tmp_path / "scripted" / "articles"
        for n, concurrency, latency, goal in CASES:
            with ScriptedServer(tcp=True, answers=answers, articles=articles, latency=latency) as endpoint:
                run = cli_run(paths[:n], endpoint, concurrency, tmp_path / f"run-{n}-{concurrency}-{latency}")
            ideal = math.ceil(n / concurrency) * latency
            verdict = (f"goal ≥ {GOAL:.0%}: {'met' if run.efficiency(ideal) >= GOAL else 'NOT met'}" if goal
                       else "reference only")
            rows.append(Row(
                f"CLI: {n} articles, `-j {concurrency}`, endpoint latency {latency:g} s",
                f"start-up {run.startup:.2f} s, then {run.rest:.2f} s vs ideal {ideal:.1f} s → "
                f"{run.efficiency(ideal):.1%} of ideal throughput ({verdict})", COMMAND))
    write_section("Concurrency (llm engine, scripted server)", rows, notes=(
        "One run each (the machine is shared: runs are kept short). The CLI's llm batch is a plain thread pool of "
        "2 × `-j` article threads sharing `-j` request slots, a slot held only while a request is out. "
        "Start-up = launch to the first request at the endpoint, "
        "read in the same run; the figure is the rest of the run (every request, the CPU work after the last "
        "answer, writing the reports, exit) against ideal = ceil(N/C) × latency, which leaves no time for the CPU "
        "work (the offline cross-check, grounding, the report: a few tens of ms per article on one core, the GIL). "
        "The scripted server runs in the benchmark's process on the same "
        f"{os.cpu_count() or 1} cores.\n\n" + EARLIER))


if __name__ == "__main__":
    main()
