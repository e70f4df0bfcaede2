"""Progress (#19): on a terminal a batch of ``summarize`` or ``brief`` shows a progress bar with done/failed
counts, calls, tokens, cost and ETA; without one, stderr holds only the final tally line."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from .conftest import ARTICLES, SRC

NAMES = ["anom_qingyuan_q3.txt", "anom_control_zhaoqing.txt", "anom_zhenjiang_hant.txt"]
CLI = [sys.executable, "-c", "from reportgen.cli import main; main()"]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "REPORTGEN_HOME": str(home), "COLUMNS": "160", "TERM": "xterm"}


def _under_a_terminal(args: list[str], home: Path) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout a pipe); its exit code and what the terminal got."""
    main, child = pty.openpty()
    proc = subprocess.Popen(CLI + args, stdout=subprocess.PIPE, stderr=child, env=_env(home))
    os.close(child)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    assert proc.stdout is not None
    proc.stdout.close()
    os.close(main)
    return proc.returncode, seen.decode("utf-8", "replace")


def test_summarize_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    code, terminal = _under_a_terminal(["summarize", "--out-dir", str(tmp_path / "out"),
                                        *(str(ARTICLES / n) for n in NAMES)], tmp_path / "home")
    assert code == 0, terminal
    assert "\x1b[" in terminal  # drawn with terminal control sequences
    assert "summarize" in terminal and "done, 0 failed" in terminal and "calls" in terminal and "ETA" in terminal
    assert "3/3" in terminal
    assert "reportgen: 3 article(s): 3 done, 0 failed" in terminal  # and the tally at the end


def test_brief_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    code, terminal = _under_a_terminal(["brief", "-o", str(tmp_path / "b.md"),
                                        *(str(ARTICLES / n) for n in NAMES)], tmp_path / "home")
    assert code == 0, terminal
    assert "briefing" in terminal and "\x1b[" in terminal and "done, 0 failed" in terminal
    assert "reportgen: 3 article(s): 3 done, 0 failed" in terminal


def test_without_a_terminal_stderr_has_only_the_tally(tmp_path: Path) -> None:
    done = subprocess.run(CLI + ["summarize", "--out-dir", str(tmp_path / "out"), *(str(ARTICLES / n) for n in NAMES)],
                          capture_output=True, text=True, env=_env(tmp_path / "home"), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("reportgen: 3 article(s): 3 done, 0 failed; 0 model call(s), 0 prompt + 0 completion "
                           "tokens, $0.0000\n")
    assert "rich" not in subprocess.run(
        [sys.executable, "-c", "import sys; from reportgen import cli, progress; print(sorted(m for m in sys.modules "
         "if m.startswith('rich')))"], capture_output=True, text=True, env=_env(tmp_path), timeout=60).stdout.strip(
         "[]\n")
