"""Collecting the Reports a briefing is made of, reusing the ones stored by an earlier run.

Collecting goes through ``pipeline.summarize_many`` (bounded concurrency, a bad article never stops
the batch) and keeps every finished Report in a SQLite store under ``Settings.home``, keyed by the
document id and the engine, so a rerun only does the articles not finished before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import pipeline
from reportgen.config import Settings
from reportgen.errors import ConfigError, ReportgenError, StoreError
from reportgen.models import Report, made_by_current_rules
from reportgen.progress import BatchProgress

if TYPE_CHECKING:
    from reportgen.storage.backend import BriefingStore

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".md")


@dataclass(frozen=True)
class Failure:
    """An article that could not be processed, and why (one line, no traceback)."""

    name: str
    reason: str


@dataclass
class Collected:
    reports: list[Report] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    reused: int = 0
    computed: int = 0
    warnings: list[str] = field(default_factory=list)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for the article files directly inside it."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            files.append(path)
    return files


def store_for(settings: Settings) -> BriefingStore:
    """One store per engine, so an offline and an llm Report of the same article never replace each other."""
    from reportgen.storage.backend import open_briefing_store

    return open_briefing_store(Path(settings.home), settings.resolved_engine())


def _reusable(report: Report | None, settings: Settings) -> bool:
    """A stored Report counts as finished for these settings (same engine; same model for the llm)."""
    if report is None or not made_by_current_rules(report):  # made by older verifier rules or prompts
        return False
    engine = settings.resolved_engine()
    if not report.provenance.engine.startswith(engine):
        return False
    return engine != "llm" or report.provenance.model in (None, settings.model)


def collect(paths: Sequence[str | Path], settings: Settings, *, reuse: bool = True,
            progress: bool | BatchProgress = False) -> Collected:
    """Reports for every readable article, in input order; the others as Failures.

    Stored Reports are reused when ``reuse``; new ones are stored. The same article given twice
    (same document id) appears once.
    """
    engine = settings.resolved_engine()
    if engine not in ("offline", "llm"):
        raise ConfigError(f"unknown engine {settings.engine!r} (offline, llm or auto)")
    if engine == "llm" and not settings.llm_configured:
        raise ConfigError("the llm engine needs OPENAI_API_KEY or OPENAI_BASE_URL (or use --engine offline)")

    result = Collected()
    store: BriefingStore | None
    try:
        store = store_for(settings)
    except StoreError as exc:
        store, result.warnings = None, [f"{exc} (reports will not be kept for a rerun)"]

    files = expand_paths(paths)
    slots: list[Report | Failure | None] = []
    pending: list[tuple[str, Any]] = []
    pending_slot: dict[str, int] = {}
    seen: set[str] = set()
    bar = progress if isinstance(progress, BatchProgress) else BatchProgress("briefing", progress)
    with bar.start(len(files)):
        for path in files:
            name = str(path)
            try:
                doc = pipeline.load(path)
            except ReportgenError as exc:
                slots.append(Failure(name, exc.message))
                bar.advance(pipeline.Outcome(name, error=exc))
                continue
            if doc.id in seen:
                bar.advance()
                continue
            seen.add(doc.id)
            stored = store.get(doc.id) if store is not None and reuse else None
            if _reusable(stored, settings):
                assert stored is not None
                slots.append(stored.model_copy(update={"source": stored.source.model_copy(update={"file": doc.name})}))
                result.reused += 1
                bar.advance()
                continue
            pending_slot[name] = len(slots)
            slots.append(None)
            pending.append((name, doc))

        for outcome in pipeline.summarize_many(pending, settings, on_done=bar.advance):
            slot = pending_slot[outcome.name]
            if outcome.report is None:
                error = outcome.error
                slots[slot] = Failure(outcome.name, error.message if error is not None else "no report")
                continue
            slots[slot] = outcome.report
            result.computed += 1
            if store is not None:
                try:
                    store.put(outcome.report)
                except (StoreError, OSError) as exc:
                    result.warnings.append(f"cannot keep the report of {outcome.name}: {exc}")

    for item in slots:
        if isinstance(item, Report):
            result.reports.append(item)
        elif isinstance(item, Failure):
            result.failures.append(item)
    return result
