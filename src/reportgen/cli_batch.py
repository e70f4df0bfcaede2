"""The command line's big-batch parts (#19): the cost estimate, the budget check, the Batch API.

WHY apart from ``cli``: they are only loaded when asked for, and keep ``cli`` a thin, short layer.
Nothing here decides anything about articles; it calls ``engines.llm.estimate``,
``engines.llm.batchapi`` and ``pipeline``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from reportgen.errors import ConfigError, InputError, ReportgenError

if TYPE_CHECKING:
    from reportgen.config import Settings
    from reportgen.engines.llm.batchapi import Job
    from reportgen.engines.llm.estimate import Estimate
    from reportgen.pipeline import Article, Outcome
    from reportgen.progress import BatchProgress


def read_sources(paths: list[str]) -> list[tuple[str, Article]]:
    """(name, source) per argument; ``-`` is stdin, read once as bytes (decoded like a file)."""
    sources: list[tuple[str, Article]] = []
    stdin: bytes | None = None
    for p in paths:
        if p == "-":
            stdin = sys.stdin.buffer.read() if stdin is None else stdin
            sources.append(("<stdin>", stdin))
        else:
            sources.append((p, Path(p)))
    return sources


def write_outcomes(outcomes: Iterable[Outcome], fmt: str, out_dir: Path | None, total: int,
                   progress: BatchProgress) -> list[ReportgenError]:
    """Each Report to stdout (JSON, JSON Lines or Markdown) or to ``out_dir``; each error as one line on
    stderr. Returns the errors."""
    suffix = "md" if fmt == "md" else "json"
    failures: list[ReportgenError] = []
    with progress:
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for outcome in outcomes:
            if outcome.error is not None:
                failures.append(outcome.error)
                typer.echo(f"reportgen: {outcome.error}", err=True)
                continue
            report = outcome.report
            assert report is not None
            if fmt == "md":
                from reportgen.output.render import report_markdown

                body = report_markdown(report)
            else:
                body = report.model_dump_json(indent=2 if total == 1 or out_dir else None)
            if out_dir is not None:
                (out_dir / _out_name(outcome.name, report.id, suffix, taken)).write_text(body + "\n", encoding="utf-8")
            else:
                typer.echo(body)
    return failures


def _out_name(name: str, report_id: str, suffix: str, taken: set[str]) -> str:
    """``<stem>.<suffix>``; stdin becomes ``stdin-<id>``; a repeated stem gets ``-2``, ``-3`` ..."""
    stem = f"stdin-{report_id}" if name == "<stdin>" else Path(name).stem
    candidate, n = f"{stem}.{suffix}", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix}"
    taken.add(candidate)
    return candidate


def _needs_llm(settings: Settings, what: str) -> None:
    if settings.resolved_engine() != "llm":
        raise ConfigError(f"{what} is for the llm engine (the offline engine calls no model and costs nothing)")


def estimate(sources: list[tuple[str, Article]], settings: Settings) -> Estimate:
    from reportgen.engines.llm.estimate import estimate as run

    _needs_llm(settings, "a cost estimate")
    return run(sources, settings)


def dry_run(sources: list[tuple[str, Article]], settings: Settings) -> None:
    """Print the estimate on stdout; no model is called."""
    if settings.resolved_engine() == "offline":
        typer.echo(f"dry run, offline engine: {len(sources)} article(s), no model calls, cost $0")
        return
    for line in estimate(sources, settings).lines():
        typer.echo(line)


def check_budget(sources: list[tuple[str, Article]], settings: Settings, max_cost: float, batch_api: bool) -> None:
    """Refuse (ConfigError, exit 2) a run whose estimated cost exceeds ``max_cost`` USD."""
    if settings.resolved_engine() == "offline":
        return  # no model, no cost
    found = estimate(sources, settings)
    cost = found.batch_cost_usd if batch_api else found.cost_usd
    if cost is None:
        raise ConfigError(f"--max-cost cannot be checked: the price table has no price for {settings.model!r} "
                          "(add it to REPORTGEN_PRICES)")
    if cost > max_cost:
        raise ConfigError(f"estimated cost ${cost:,.4f} exceeds --max-cost ${max_cost:,.4f}; nothing was sent "
                          f"(--dry-run shows the estimate)")


def _batch_sources(sources: list[tuple[str, Article]]) -> tuple[list[tuple[str, bytes, str]], list[Outcome]]:
    """(name, bytes, file name) of each readable source; the unreadable ones as failed Outcomes."""
    from reportgen.pipeline import Outcome, load

    readable: list[tuple[str, bytes, str]] = []
    failed: list[Outcome] = []
    for name, source in sources:
        try:
            load(source, name=name)  # the same reasons as the synchronous path, before anything is uploaded
        except InputError as exc:
            exc.source = exc.source or name
            failed.append(Outcome(name, error=exc))
            continue
        if isinstance(source, Path):
            readable.append((name, source.read_bytes(), source.name))
        elif isinstance(source, bytes):
            readable.append((name, source, name))
    return readable, failed


def submit(sources: list[tuple[str, Article]], settings: Settings) -> tuple[Job, list[Outcome]]:
    """Upload the batch; the job id goes to stderr at once, so an interrupted wait can be resumed."""
    from reportgen.engines.llm import batchapi

    _needs_llm(settings, "--batch-api")
    readable, failed = _batch_sources(sources)
    job = batchapi.submit(readable, settings)
    typer.echo(f"reportgen: batch {job.id}: {len(job.requests)} request(s) submitted for {len(readable)} "
               f"article(s); resume with: reportgen batch fetch {job.id}", err=True)
    return job, failed


def wait_and_fetch(job: Job, settings: Settings, progress: BatchProgress,
                   unreadable: Iterable[Outcome] = ()) -> Iterator[Outcome]:
    """Poll until the batch is done (a status line per poll on a terminal), then the Outcomes: first those
    of the articles that could not be read (never uploaded), then the batch's."""
    from reportgen.engines.llm import batchapi
    from reportgen.pipeline import summarize_batch

    def shown(batch: dict[str, Any]) -> None:
        if sys.stderr.isatty():
            counts = batch.get("request_counts") or {}
            typer.echo(f"reportgen: batch {job.id}: {batch.get('status')} ({counts.get('completed', 0)} of "
                       f"{counts.get('total', 0)} requests done, {counts.get('failed', 0)} failed)", err=True)

    batch = batchapi.wait(job, settings, on_poll=shown)
    early = list(unreadable)
    progress.start(len(job.articles) + len(early))
    for outcome in early:
        progress.advance(outcome)
        yield outcome
    yield from summarize_batch(job, batch, settings, on_done=progress.advance)


def load(job_id: str, settings: Settings) -> Job:
    from reportgen.engines.llm import batchapi

    return batchapi.load_job(job_id, settings)


def status_line(job_id: str, settings: Settings) -> str:
    from reportgen.engines.llm import batchapi

    job = batchapi.load_job(job_id, settings)
    batch = batchapi.status(job, settings)
    counts = batch.get("request_counts") or {}
    return (f"{job.id}: {batch.get('status')}; {counts.get('completed', 0)} of {counts.get('total', 0)} requests "
            f"done, {counts.get('failed', 0)} failed; {len(job.articles)} article(s), {len(job.cached)} already "
            "cached; model " + job.model)


