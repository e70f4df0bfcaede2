"""Worst-case inputs at 10 KB, 100 KB and 1 MB (time must grow linearly), and a 1.9 MB body of digits sent to a
live server while /healthz and normal articles are timed (issue #20)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, Row, write_section

sys.path.insert(0, str(ROOT / "src"))

from reportgen import pipeline  # noqa: E402 - after the path above
from reportgen.config import Settings  # noqa: E402
from reportgen.errors import InputError  # noqa: E402
from reportgen.ingest import document as ingest  # noqa: E402

LINE = "某区今年上半年接报警情同比下降3.5%，抓获嫌疑人一百二十人，吕梁市破获案件1.2万起，"
SIZES = (10_000, 100_000, 1_000_000)


def _repeat(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


INPUTS: dict[str, Callable[[int], tuple[str, bool]]] = {
    "digits only": lambda n: ("7" * n, False),
    "one long line of figures": lambda n: (_repeat(LINE, n), False),
    "Chinese numerals only": lambda n: (_repeat("一二三四五六七八九十百千万", n), False),
    # one sentence of changes that each borrow the name stated far back, levels compared in brackets, and
    # bare rates after counts: each once made a quote, a search or a dedupe grow with the sentence
    "one sentence of bare changes": lambda n: (_repeat("环比减少5.3%，", n), False),
    "levels compared in brackets": lambda n: (_repeat("立案63起，较上月（58起）下降8.6%，", n), False),
    "bare rates after counts": lambda n: (_repeat("刑事案件发生9起，破案率100%，", n), False),
    "deep nesting (<div> × n/11)": lambda n: (
        "<html><body>" + "<div>" * (n // 11) + "<p>12起</p>" + "</div>" * (n // 11), True),
    "many entities and tags": lambda n: ("<html><body><p>" + _repeat("&amp;&#x4e00;<b>1</b>&lt;", n) + "</p>", True),
}


def one(text: str, html: bool) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        doc = ingest.from_text(text, html=html)
        report = pipeline.summarize(doc, settings=Settings(engine="offline"))
        outcome = f"report, {len(report.metrics)} figures"
    except InputError as exc:
        outcome = f"refused: {exc.message[:60]}"
    return time.perf_counter() - started, outcome


def sizes() -> list[Row]:
    one("某县今年共破获案件12起。", False)  # tables loaded
    rows = []
    for what, make in INPUTS.items():
        times, outcome = [], ""
        for n in SIZES:
            seconds, outcome = one(*make(n))
            times.append(seconds)
        ratio = times[2] / max(times[1], 1e-3)
        rows.append(Row(f"{what}: 10 KB / 100 KB / 1 MB", f"{times[0]:.2f} / {times[1]:.2f} / {times[2]:.2f} s "
                        f"(1 MB ÷ 100 KB = {ratio:.1f}; linear ≈ 10); {outcome}",
                        "python benchmarks/hostile.py"))
    return rows


def live() -> list[Row]:
    import httpx

    sys.path.insert(0, str(ROOT))
    from tests.test_api_server import KEYS, LiveServer

    timeout = 5
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp) / "home", Path(tmp) / "log", REPORTGEN_REQUEST_TIMEOUT=str(timeout),
                            REPORTGEN_WORKER_PROCESSES="2").start()
        try:
            with server.client() as c:
                while c.post("/v1/reports", json={"text": "某县今年共破获案件12起。"}).status_code != 201:
                    time.sleep(0.2)
            heavy: dict[str, float] = {}

            def post_heavy() -> None:
                started = time.monotonic()
                with httpx.Client(base_url=server.url, headers={"X-API-Key": KEYS[0]}, timeout=120) as h:
                    heavy["status"] = h.post("/v1/reports", json={"text": "9" * 1_900_000}).status_code
                heavy["seconds"] = time.monotonic() - started

            thread = threading.Thread(target=post_heavy)
            thread.start()
            health, normal, n = [], [], 0
            with server.client() as c:
                while thread.is_alive():
                    started = time.monotonic()
                    c.get("/healthz")
                    health.append(time.monotonic() - started)
                    n += 1
                    started = time.monotonic()
                    text = f"某县今年共抓获嫌疑人{n}人，同比上升{n % 9}%。"
                    status = c.post("/v1/reports", json={"text": text}).status_code
                    if status in (200, 201):
                        normal.append(time.monotonic() - started)
            thread.join()
        finally:
            server.stop()
    what = f"1.9 MB of digits to POST /v1/reports, REPORTGEN_REQUEST_TIMEOUT={timeout}, 2 worker processes"
    return [
        Row(what, f"HTTP {int(heavy['status'])} after {heavy['seconds']:.1f} s", "python benchmarks/hostile.py"),
        Row("meanwhile: GET /healthz", f"{len(health)} answered; median {statistics.median(health) * 1000:.0f} ms, "
            f"slowest {max(health) * 1000:.0f} ms", "python benchmarks/hostile.py"),
        Row("meanwhile: POST /v1/reports, a new short article each time",
            f"{len(normal)} answered 201; median {statistics.median(normal) * 1000:.0f} ms, "
            f"slowest {max(normal) * 1000:.0f} ms", "python benchmarks/hostile.py"),
    ]


def main() -> None:
    rows = sizes() + live()
    for row in rows:
        print(row.what, "|", row.figure)
    write_section("Hostile inputs", rows, "One warm process, ingest + offline pipeline per input. Deep nesting past "
                  "1000 levels is refused by a one-pass tag count before the HTML parser runs (its time grows with the "
                  "square of the depth). The live run: real uvicorn server; the heavy request's work runs in a worker "
                  "process that is killed at the deadline. Before issue #20 (main beec7a7, same machine): digits "
                  "10 KB 1.24 s, 20 KB 3.65 s, 100 KB 107 s (quadratic); one long line of figures 100 KB 9.4 s, "
                  "400 KB 35.6 s; 2,000-deep HTML a RecursionError (HTTP 500); 50k nested divs 4.1 s in the parser "
                  "alone. Chinese numerals only: the parts (tokenizer windows, chunk cuts, level statements) each "
                  "grow linearly in a profile; the 1 MB ÷ 100 KB ratio above 10 is mostly their constant parts at "
                  "100 KB and the shared machine's noise. The three sentence-shaped inputs were added on 2026-12-07; "
                  "on their first run (1 MB ÷ 100 KB = 18.1, 13.5, 12.3, and one long line of figures 24.6) they "
                  "exposed searches that grew with one long sentence: quotes borrowed from a name stated far back, "
                  "searches back to a line's or a sentence's start per figure, the anomalies' overlap test and "
                  "metric lookup; each is now bounded, indexed or read once per sentence (ratios above).")


if __name__ == "__main__":
    main()
