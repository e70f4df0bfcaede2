"""The one pipeline every interface calls: ingest -> chunk -> extract -> ground -> compose.

Data flows one way; each stage lives in its own module. The CLI and the HTTP API are thin
layers over ``summarize`` and ``summarize_many``. A batch is plain: an llm batch is a thread pool
of ``concurrency`` threads (each holds at most one request out at a time); an offline batch runs
one article after another (its work is all CPU; a process pool did not pay, see benchmarks/RESULTS.md).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.config import Settings
from reportgen.errors import InputError, InternalError, ReportgenError
from reportgen.ingest import document as ingest
from reportgen.models import RULES_VERSION, Bilingual, Provenance, Report, Source

if TYPE_CHECKING:
    from reportgen.chunking import Chunk
    from reportgen.engines.llm.batchapi import Job as BatchJob
    from reportgen.models import Draft

#: What ``load`` reads: a str is always article text (never guessed to be a path), a Path a file.
Article = ingest.Document | Path | bytes | str


def load(source: Article, *, name: str | None = None) -> ingest.Document:
    """Document from a Document, a file's Path, raw bytes (decoded like a file), or article text."""
    if isinstance(source, ingest.Document):
        return source
    if isinstance(source, Path):
        return ingest.from_path(source)
    if isinstance(source, (bytes, bytearray)):
        return ingest.from_bytes(bytes(source), name=name)
    if isinstance(source, str):
        return ingest.from_text(source, name=name)
    raise InputError(f"cannot read an article from {type(source).__name__}", source=name)


def build_report(doc: ingest.Document, settings: Settings) -> Report:
    """Run every stage after ingest for one Document."""
    from reportgen.chunking import chunk_text
    from reportgen.engines import get_engine

    started = time.perf_counter()
    chunks = chunk_text(doc.text, settings.chunk_tokens, total_tokens=doc.token_count)
    draft = get_engine(settings).extract(doc, chunks)
    return _finish(doc, chunks, draft, started)


def _finish(doc: ingest.Document, chunks: list[Chunk], draft: Draft, started: float) -> Report:
    """Ground the engine's Draft in the article and compose the Report."""
    from reportgen.output import compose
    from reportgen.verify import anomalies
    from reportgen.verify import grounding as ground
    from reportgen.verify.texts import ground_unconfirmed, review_texts
    from reportgen.zh import glossary

    grounded = ground.ground_metrics(doc, draft, label_en=glossary.indicator_en)
    flagged = anomalies.detect(doc, grounded.metrics)
    # every text a reader sees is held to verify.prose's "backed"; what fails is replaced (texts.py)
    reviewed = review_texts(doc, draft, grounded.metrics, ground.remap_key_points(draft, grounded),
                            glossary.indicator_en)
    notes = [*draft.notes, *reviewed.notes]
    summary, key_points = reviewed.summary, reviewed.key_points
    summary_source = "offline" if summary is None else "model"
    if summary is None:
        summary, key_points = compose.compose(doc, grounded.metrics, reviewed.region, draft.period)

    usage = draft.usage
    return Report(
        id=doc.id,
        source=Source(
            title_zh=doc.title, title_en=reviewed.title_en, publisher=doc.publisher, published=doc.published,
            script=doc.script if doc.script in ("zh-Hans", "zh-Hant", "en") else "other",  # type: ignore[arg-type]
            chars=len(doc.text), tokens=doc.token_count, byline=doc.byline, file=doc.name,
        ),
        region=reviewed.region,
        period=draft.period,
        summary=summary if isinstance(summary, Bilingual) else Bilingual(zh=summary.zh, en=summary.en),
        key_points=key_points,
        metrics=reviewed.metrics,
        anomalies=flagged,
        rejected=[*draft.rejected, *grounded.rejected],
        unconfirmed=ground_unconfirmed(doc, draft),
        provenance=Provenance(
            engine=draft.engine, model=usage.model, prompt_version=usage.prompt_version, calls=usage.calls,
            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens, cached=usage.cached,
            duration_ms=int((time.perf_counter() - started) * 1000), chunks=len(chunks),
            summary_source=summary_source,  # type: ignore[arg-type]
            cost_usd=usage.cost_usd, notes=notes, rules_version=RULES_VERSION,
        ),
    )


def summarize(source: Article, engine: str = "offline", *, name: str | None = None,
              settings: Settings | None = None, **overrides: object) -> Report:
    """Article (Document, file Path, bytes or text) -> verified Report."""
    settings = settings or Settings.from_env(engine=engine, **overrides)
    doc = load(source, name=name)
    with _named(doc.name):
        return build_report(doc, settings)


def summarize_text(text: str, engine: str = "offline", *, name: str | None = None,
                   settings: Settings | None = None, **overrides: object) -> Report:
    """Article text (Chinese or any other language) -> verified Report. Text is never taken for a path."""
    if not isinstance(text, str):
        raise InputError(f"summarize_text takes str, not {type(text).__name__} (for a file use summarize_file)",
                         source=name)
    return summarize(text, name=name, settings=settings or Settings.from_env(engine=engine, **overrides))


def summarize_file(path: str | os.PathLike[str], engine: str = "offline", *,
                   settings: Settings | None = None, **overrides: object) -> Report:
    """An article file (.txt or .html, any supported encoding) -> verified Report; a missing file is an InputError."""
    return summarize(Path(path), settings=settings or Settings.from_env(engine=engine, **overrides))


@dataclass
class Outcome:
    """One article's result in a batch: a Report, or the error that stopped it."""

    name: str
    report: Report | None = None
    error: ReportgenError | None = None


def summarize_many(sources: Iterable[tuple[str, Article]], settings: Settings,
                   on_done: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Each (name, source) in turn; a bad article yields an Outcome with its error and the batch goes on.

    Outcomes are yielded in input order, and ``on_done`` is called on this thread for each one.
    llm: a thread pool of ``settings.concurrency`` threads, so at most that many requests are out
    at once. offline: one article after another.
    """
    items = list(sources)
    if settings.resolved_engine() != "offline":
        outcomes = _in_threads(items, settings, max(1, settings.concurrency))
    else:
        outcomes = (_one(item, settings) for item in items)
    for outcome in outcomes:
        if on_done is not None:
            on_done(outcome)
        yield outcome


def _in_threads(items: list[tuple[str, Article]], settings: Settings, threads: int) -> Iterator[Outcome]:
    if threads <= 1 or len(items) <= 1:
        yield from (_one(item, settings) for item in items)
        return
    # -j requests on the wire, twice as many articles under way: when an answer frees a slot, a spare
    # article has its request built already (measured: 128 articles at -j 32, 5 s latency, 88% -> 93-96%)
    from reportgen.zh.glossary import load_tables

    load_tables()  # before the threads: a table loaded inside them would stall every one of them
    slots = threading.BoundedSemaphore(threads)
    with ThreadPoolExecutor(max_workers=min(2 * threads, len(items)), thread_name_prefix="reportgen-article") as pool:
        futures = deque(pool.submit(_one_in_slots, item, settings, slots) for item in items)
        while futures:  # each Report is let go once yielded: a long batch does not keep every one of them
            yield futures.popleft().result()


def _one_in_slots(item: tuple[str, Article], settings: Settings, slots: threading.BoundedSemaphore) -> Outcome:
    """``_one`` with the batch's request slots in force for this article's model calls."""
    from reportgen.engines.llm.accounting import REQUEST_SLOTS

    token = REQUEST_SLOTS.set(slots)
    try:
        return _one(item, settings)
    finally:
        REQUEST_SLOTS.reset(token)


def _one(item: tuple[str, Article], settings: Settings) -> Outcome:
    """One article of a batch; every failure becomes the Outcome's error, a bug as an InternalError."""
    name, src = item
    try:
        return Outcome(name, report=summarize(src, name=name, settings=settings))
    except ReportgenError as exc:
        exc.source = exc.source or name
        return Outcome(name, error=exc)
    except Exception as exc:  # a bug on one article must not stop the batch: it is reported as one
        return Outcome(name, error=InternalError.wrap(exc, source=name))


def summarize_batch(job: BatchJob, batch: dict[str, object], settings: Settings,
                    on_done: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Outcomes of a completed Batch API job, in the order its articles were given: the answers go
    through the cache, so grounding and Reports are the synchronous path's."""
    from reportgen.engines.llm.batchapi import prepare

    prepared = prepare(job, settings, batch)
    outcomes = summarize_many(prepared.ready, prepared.settings)
    for index, article in enumerate(job.articles):
        outcome = (Outcome(article["name"], error=prepared.errors[index]) if index in prepared.errors
                   else next(outcomes))
        if on_done is not None:
            on_done(outcome)
        yield outcome


@contextmanager
def _named(source: str | None) -> Iterator[None]:
    """Errors raised inside name the article they are about."""
    try:
        yield
    except ReportgenError as exc:
        exc.source = exc.source or source
        raise
