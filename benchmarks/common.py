"""Shared helpers for the benchmark scripts: article corpus, result rows, RESULTS.md sections."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SAMPLES = ROOT.parent / "shared" / "samples"


@dataclass
class Row:
    what: str
    figure: str
    command: str
    cores: int = os.cpu_count() or 1
    date: str = dt.date.today().isoformat()


def corpus() -> list[Path]:
    """Fixture articles written for the project, the README example and the shared samples (if present)."""
    paths = sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
    if SAMPLES.is_dir():
        paths += sorted(SAMPLES.glob("*.txt"))
    return paths


def write_section(title: str, rows: list[Row], notes: str = "") -> None:
    """Replace (or append) the section ``## title`` of RESULTS.md with a table of ``rows``."""
    table = ["| what | figure | command | cores | date |", "|---|---|---|---|---|"]
    table += [f"| {r.what} | {r.figure} | `{r.command}` | {r.cores} | {r.date} |" for r in rows]
    body = f"## {title}\n\n" + ("\n".join(table)) + "\n" + (f"\n{notes.strip()}\n" if notes else "")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\nReproduce all: `make bench`.\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: body + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + body
    RESULTS.write_text(text.rstrip() + "\n", encoding="utf-8")
    for r in rows:
        print(f"{r.what}: {r.figure}")
