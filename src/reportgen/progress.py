"""How far a batch has got: a progress bar on a terminal, and one tally line at the end in any case.

WHY rich only on a terminal: importing it costs start-up time every run would pay, and a bar in a
log file is noise. Not on a terminal nothing is drawn; the caller prints ``tally()`` once at the end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.pipeline import Outcome


class BatchProgress:
    """Counts articles done and failed, model calls, tokens and cost as outcomes arrive."""

    def __init__(self, label: str, enabled: bool, total: int = 0) -> None:
        self.label, self.enabled, self.total = label, enabled, total
        self.done = self.failed = self.cached = self.calls = 0
        self.prompt_tokens = self.completion_tokens = 0
        self.cost_usd = 0.0
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int | None = None) -> BatchProgress:
        """Show the bar (on a terminal) for ``total`` articles."""
        self.total = self.total if total is None else total
        if self.enabled and self.total > 0 and self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[stats]}"), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True, auto_refresh=False)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, stats=self._stats())
            self._bar.refresh()
        return self

    def advance(self, outcome: Outcome | None = None) -> None:
        """One article finished (``outcome``), or was settled without work (None: reused, skipped)."""
        if outcome is not None and outcome.error is not None:
            self.failed += 1
        else:
            self.done += 1
        report = outcome.report if outcome is not None else None
        if report is not None:
            p = report.provenance
            self.cached += int(p.cached)
            self.calls += p.calls
            self.prompt_tokens += p.prompt_tokens
            self.completion_tokens += p.completion_tokens
            self.cost_usd += p.cost_usd or 0.0
        if self._bar is not None:
            self._bar.update(self._task, advance=1, stats=self._stats())
            self._bar.refresh()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> BatchProgress:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _stats(self) -> str:
        return (f"{self.done} done, {self.failed} failed · {self.calls} calls · "
                f"{self.prompt_tokens + self.completion_tokens:,} tokens · ${self.cost_usd:.4f}")

    def tally(self) -> str:
        """The one line printed when the batch is over."""
        cached = f", {self.cached} from cached answers" if self.cached else ""
        return (f"{self.done + self.failed} article(s): {self.done} done, {self.failed} failed{cached}; "
                f"{self.calls} model call(s), {self.prompt_tokens:,} prompt + {self.completion_tokens:,} "
                f"completion tokens, ${self.cost_usd:.4f}")
