"""The HTML briefing opened in a real headless browser (Debian's chromium).

One chromium run renders the page, takes a screenshot, dumps the DOM after rendering, logs the
console to stderr and records every network request (net log). The page must show the table and
the chart, log nothing to the console (it has no scripts; a CSP violation or a failed load would
log) and fetch nothing from the network.

CI installs chromium (.ci/run); when it is missing this test FAILS, unless REPORTGEN_SKIP_BROWSER=1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.config import Settings
from reportgen.output import briefing, collect, render

from .conftest import ARTICLES, EXAMPLES, sample_articles

pytestmark = pytest.mark.browser


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("REPORTGEN_SKIP_BROWSER") == "1":
        pytest.skip("chromium is not installed and REPORTGEN_SKIP_BROWSER=1")
    pytest.fail("chromium is not installed (apt-get install chromium, as .ci/run does; "
                "or set REPORTGEN_SKIP_BROWSER=1 to skip locally)")


@dataclass
class Visit:
    dom: str
    console: list[str]
    page_requests: list[str]
    png: bytes


def visit(page: Path, work: Path, *, width: int = 1280, height: int = 2000) -> Visit:
    """Open ``page`` once: screenshot, DOM after rendering, console lines, requests the page made."""
    shot, netlog = work / f"{page.stem}-{width}.png", work / f"{page.stem}-{width}.netlog.json"
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={work / f'profile-{page.stem}-{width}'}", "--enable-logging=stderr", "--v=0",
               f"--log-net-log={netlog}", f"--screenshot={shot}", f"--window-size={width},{height}",
               "--dump-dom", page.resolve().as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # Only the page's own console: chromium's internal UI pages (chrome://…) log about themselves.
    console = [line for line in done.stderr.splitlines()
               if (":CONSOLE" in line or "Uncaught" in line) and "source: chrome://" not in line]
    return Visit(dom=done.stdout, console=console, page_requests=page_requests(netlog), png=shot.read_bytes())


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own update pings carry no page origin)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        if event.get("type") == start_job and "file://" in str(params.get("network_isolation_key", "")):
            urls.append(str(params.get("url")))
    return [u for u in urls if not u.startswith("file:")]


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values of the decoded image data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


@pytest.fixture(scope="module")
def briefing_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML briefing over the samples (when present), the fixture articles and one unreadable file."""
    work = tmp_path_factory.mktemp("browser")
    bad = work / "unreadable.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    articles = [*sample_articles(), *sorted(ARTICLES.glob("*.txt")), *sorted(EXAMPLES.glob("*.txt")), bad]
    settings = Settings.from_env(home=work / "home")
    view = briefing.build_briefing(collect.collect(articles, settings))
    page = work / "briefing.html"
    page.write_text(render.briefing_html(view), encoding="utf-8")
    return page


def test_briefing_renders_in_chromium(briefing_page: Path, tmp_path: Path) -> None:
    seen = visit(briefing_page, tmp_path)
    width, height, distinct = png_facts(seen.png)
    assert (width, height) == (1280, 2000)
    assert distinct > 50 and len(seen.png) > 20_000, "the screenshot looks blank"
    assert "<table>" in seen.dom and "<svg" in seen.dom and 'class="bar-' in seen.dom
    assert "Comparable indicators" in seen.dom and "Not processed" in seen.dom and "unreadable.png" in seen.dom
    assert "<script" not in seen.dom.lower()  # the injected markup stayed text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in seen.dom
    assert seen.console == [], seen.console
    assert seen.page_requests == [], seen.page_requests


def test_briefing_renders_on_a_phone_width(briefing_page: Path, tmp_path: Path) -> None:
    seen = visit(briefing_page, tmp_path, width=390, height=1600)
    width, _, distinct = png_facts(seen.png)
    assert width == 390 and distinct > 50
    assert seen.console == [] and seen.page_requests == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The console and network checks above would see a script error and a fetched image."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p><img src='http://127.0.0.1:9/a.png'>"
                    "<script>undefinedFunction()</script></body></html>", encoding="utf-8")
    seen = visit(page, tmp_path)
    assert any("Uncaught" in line for line in seen.console)
    assert seen.page_requests == ["http://127.0.0.1:9/a.png"]


# The chart's labels inside the chart and no sideways scrolling, measured by the browser itself: a copy of
# the page gets a script (the briefing has none) that reads the laid-out boxes and writes them into the DOM.
_MEASURE = """<script>
(function () {
  var out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, texts: 0, outside: []};
  document.querySelectorAll('.chart svg').forEach(function (svg) {
    if (getComputedStyle(svg).display === 'none') { return; }
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect();
      out.texts += 1;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) { out.outside.push(t.textContent); }
    });
  });
  var pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@pytest.mark.parametrize(("width", "height"), [(1280, 2000), (390, 1600)])
def test_chart_labels_stay_inside_and_nothing_scrolls_sideways(briefing_page: Path, tmp_path: Path, width: int,
                                                               height: int) -> None:
    measured = tmp_path / f"measured-{width}.html"
    page = briefing_page.read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)  # lets the measuring script run
    measured.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    seen = visit(measured, tmp_path, width=width, height=height)
    raw = seen.dom.split('<pre id="measure">', 1)[1].split("</pre>", 1)[0]
    facts = json.loads(raw.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert facts["texts"] > 10, facts  # the chart was drawn and measured
    assert facts["outside"] == [], facts["outside"]  # no label cut at the chart's edge
    assert facts["scrollWidth"] <= facts["innerWidth"], facts  # no horizontal overflow
