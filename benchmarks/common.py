"""Shared helpers for the benchmark scripts: article corpus, result rows, RESULTS.md sections."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the scripts import tests.scripted (the scripted OpenAI-compatible server)
    sys.path.insert(1, str(ROOT))
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SAMPLES = ROOT.parent / "shared" / "samples"


def reportgen_bin() -> str:
    """The command under test: ``$REPORTGEN_BIN`` (say another checkout's) or this checkout's .venv/bin/reportgen."""
    return os.environ.get("REPORTGEN_BIN") or str(ROOT / ".venv" / "bin" / "reportgen")


def python_bin() -> str:
    """The interpreter beside ``reportgen_bin()``."""
    return str(Path(reportgen_bin()).with_name("python"))


def bench_env(**extra: str) -> dict[str, str]:
    """A clean environment for a measured command; ``PYTHONPATH`` is passed on (a worktree's src/)."""
    env = {"PATH": "/usr/bin:/bin", **extra}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


@dataclass
class Row:
    what: str
    figure: str
    command: str
    cores: int = os.cpu_count() or 1
    date: str = dt.date.today().isoformat()


def corpus() -> list[Path]:
    """Fixture articles written for the project, the README example and the shared samples (if present)."""
    paths = sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))
    paths += sorted((ROOT / "examples").glob("*.txt"))
    if SAMPLES.is_dir():
        paths += sorted(SAMPLES.glob("*.txt"))
    return paths


def realistic_corpus(min_fixture_chars: int = 1500) -> list[Path]:
    """Articles of realistic length for cost figures: the real samples (if present), every held-out
    article, and the project's fixture articles of at least ``min_fixture_chars`` characters (the
    short fixtures exist to test one rule each and would make any fixed cost look huge)."""
    paths = sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []
    paths += sorted((ROOT / "tests" / "fixtures").glob("heldout*/*.txt"))
    paths += [p for p in sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))
              if len(p.read_text(encoding="utf-8")) >= min_fixture_chars]
    return paths


def composite_article(paths: list[Path], chars: int) -> str:
    """Paragraphs of ``paths`` in order, cut at the paragraph end nearest ``chars``: a long article of
    real text when the corpus has none that long (deterministic for a given corpus)."""
    paragraphs = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    text, best = "", ""
    for paragraph in paragraphs:
        text = f"{text}\n{paragraph}" if text else paragraph
        if abs(len(text) - chars) < abs(len(best) - chars):
            best = text
        if len(text) > chars:
            break
    return best + "\n"


def write_section(title: str, rows: list[Row], notes: str = "") -> None:
    """Replace (or append) the section ``## title`` of RESULTS.md with a table of ``rows``."""
    table = ["| what | figure | command | cores | date |", "|---|---|---|---|---|"]
    table += [f"| {r.what} | {r.figure} | `{r.command}` | {r.cores} | {r.date} |" for r in rows]
    body = f"## {title}\n\n" + ("\n".join(table)) + "\n" + (f"\n{notes.strip()}\n" if notes else "")
    empty = "# Benchmark results\n\nReproduce all: `make bench`.\n\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else empty
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: body + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + body
    RESULTS.write_text(text.rstrip() + "\n", encoding="utf-8")
    for r in rows:
        print(f"{r.what}: {r.figure}")


API_KEY = "benchmark-key"
API_HOST = "127.0.0.1"  # never anything else


def free_port() -> int:
    with socket.socket() as s:
        s.bind((API_HOST, 0))
        port: int = s.getsockname()[1]
        return port


def start_server(home: Path, *, workers: int = 1,
                 database_url: str | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """``reportgen serve`` on a free loopback port, clean environment; (process, base URL) once /healthz answers."""
    import httpx

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "REPORTGEN_"))}
    env.update(REPORTGEN_HOME=str(home), REPORTGEN_API_KEYS=API_KEY)
    if database_url:
        env["REPORTGEN_DATABASE_URL"] = database_url
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--host", API_HOST, "--port", str(port),
                             "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://{API_HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")
