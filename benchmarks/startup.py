"""CLI start-up: ``reportgen --help`` and ``reportgen summarize`` on one article (median of runs)."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time

from common import ROOT, Row, bench_env, reportgen_bin, write_section

COMMAND = ".venv/bin/python benchmarks/startup.py"


def timed(args: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    exe = reportgen_bin()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(REPORTGEN_HOME=tmp)
        help_s = timed([exe, "--help"], 15, env)
        version_s = timed([exe, "--version"], 15, env)
        one_s = timed([exe, "summarize", str(ROOT / "examples" / "lvliang_2022h1.txt")], 7, env)
    write_section("CLI start-up", [
        Row("`reportgen --help` (median of 15)", f"{help_s * 1000:.0f} ms (goal < 300 ms)", COMMAND),
        Row("`reportgen --version` (median of 15)", f"{version_s * 1000:.0f} ms", COMMAND),
        Row("`reportgen summarize examples/lvliang_2022h1.txt` (median of 7)", f"{one_s * 1000:.0f} ms", COMMAND),
    ])


if __name__ == "__main__":
    main()
