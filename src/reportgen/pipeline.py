"""The one pipeline function every interface calls: ingest -> chunk -> extract -> ground -> compose.

Data flows one way; each stage lives in its own module. The CLI and the HTTP API are thin
layers over ``summarize`` and ``summarize_many``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.ingest import document as ingest
from reportgen.config import Settings
from reportgen.errors import InputError, ReportgenError
from reportgen.lane import completed
from reportgen.models import Bilingual, Provenance, Report, Source

if TYPE_CHECKING:
    from reportgen.chunking import Chunk
    from reportgen.models import Draft


def load(source: Any, *, name: str | None = None) -> ingest.Document:
    """Document from a Document, Path, bytes, an existing file's path string, or article text."""
    if isinstance(source, ingest.Document):
        return source
    if isinstance(source, Path):
        return ingest.from_path(source)
    if isinstance(source, (bytes, bytearray)):
        return ingest.from_bytes(bytes(source), name=name)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 1024 and source.strip() and Path(source).is_file():
            return ingest.from_path(source)
        return ingest.from_text(source, name=name)
    raise InputError(f"cannot read an article from {type(source).__name__}", source=name)


def build_report(doc: ingest.Document, settings: Settings) -> Report:
    """Run every stage after ingest for one Document."""
    from reportgen.chunking import chunk_text
    from reportgen.engines import get_engine

    started = time.perf_counter()
    chunks = chunk_text(doc.text, settings.chunk_tokens)
    draft = get_engine(settings).extract(doc, chunks)
    return _finish(doc, chunks, draft, started)


def begin_report(doc: ingest.Document, settings: Settings, cpu: Executor) -> Callable[[], Report]:
    """``build_report`` split for a batch (see lane.py): what waits (the model's answer) happens
    now, on this thread, with the engine's side work queued on ``cpu``; the call returned does the
    CPU rest (the engine's merge, grounding, the Report) and is meant to run on ``cpu`` too."""
    from reportgen.chunking import chunk_text
    from reportgen.engines import get_engine

    started = time.perf_counter()
    chunks = chunk_text(doc.text, settings.chunk_tokens)
    complete = get_engine(settings).begin(doc, chunks, cpu)
    return lambda: _finish(doc, chunks, complete(), started)


def _finish(doc: ingest.Document, chunks: list[Chunk], draft: Draft, started: float) -> Report:
    """Ground the engine's Draft in the article and compose the Report."""
    from reportgen.verify import anomalies
    from reportgen.output import compose
    from reportgen.zh import glossary
    from reportgen.verify import grounding as ground
    from reportgen.verify.prose import unbacked_numbers
    from reportgen.tokens import count_tokens

    grounded = ground.ground_metrics(doc, draft, label_en=glossary.indicator_en)
    flagged = anomalies.detect(doc, grounded.metrics)
    notes = list(draft.notes)

    summary, key_points, summary_source = None, [], "offline"
    if draft.summary is not None:
        key_points = ground.remap_key_points(draft, grounded)
        prose = " ".join([draft.summary.en, *(kp.en for kp in key_points)])
        missing = unbacked_numbers(prose, grounded.metrics, doc, draft.period)
        if missing:
            notes.append("model summary dropped: numbers not backed by a verified figure: "
                         + ", ".join(f"{v:g}" for v in missing[:5]))
        else:
            summary, summary_source = draft.summary, "model"
    if summary is None:
        summary, key_points = compose.compose(doc, grounded.metrics, draft.region, draft.period)

    usage = draft.usage
    return Report(
        id=doc.id,
        source=Source(
            title_zh=doc.title, title_en=draft.title_en, publisher=doc.publisher, published=doc.published,
            script=doc.script if doc.script in ("zh-Hans", "zh-Hant", "en") else "other",  # type: ignore[arg-type]
            chars=len(doc.text), tokens=count_tokens(doc.text), byline=doc.byline, file=doc.name,
        ),
        region=draft.region,
        period=draft.period,
        summary=summary if isinstance(summary, Bilingual) else Bilingual(zh=summary.zh, en=summary.en),
        key_points=key_points,
        metrics=grounded.metrics,
        anomalies=flagged,
        rejected=[*draft.rejected, *grounded.rejected],
        provenance=Provenance(
            engine=draft.engine, model=usage.model, prompt_version=usage.prompt_version, calls=usage.calls,
            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens, cached=usage.cached,
            duration_ms=int((time.perf_counter() - started) * 1000), chunks=len(chunks),
            summary_source=summary_source,  # type: ignore[arg-type]
            cost_usd=usage.cost_usd, notes=notes,
        ),
    )


def summarize(source: Any, engine: str = "offline", *, name: str | None = None,
              settings: Settings | None = None, **overrides: Any) -> Report:
    """Article (text, bytes, path or Document) -> verified Report."""
    settings = settings or Settings.from_env(engine=engine, **overrides)
    doc = load(source, name=name)
    with _named(doc.name):
        return build_report(doc, settings)


_WARM_UP_ARTICLE = "示例市公安局通报:2024年上半年,全市刑事案件立案1200余起,同比下降5.2%;破案率达86%。"


def warm_up(settings: Settings) -> None:
    """Load every lazily built table (tokenizer, converters, glossary, places, numerals) and the
    engine's client (with a rehearsed request, for the llm engine) once, before a batch starts its threads: otherwise each thread builds the
    same tables at the same time on the first article, and a batch runs slower than one by one."""
    from reportgen.engines import get_engine
    from reportgen.zh.glossary import load_pinyin

    doc = load(_WARM_UP_ARTICLE, name="warm-up")
    build_report(doc, Settings(engine="offline", home=settings.home))
    load_pinyin()  # real articles nearly always hold a term the glossary lacks
    try:
        warm = getattr(get_engine(settings), "warm", None)
        if warm is not None:
            warm(doc)
    except ReportgenError:
        pass  # each article reports the configuration error itself


# llm batches: threads per request slot. The spare thread builds its article's request while the
# model answers another, and sends it the moment a slot frees (see lane.py).
THREADS_PER_REQUEST = 2


@dataclass
class Outcome:
    """One article's result in a batch: a Report, or the error that stopped it."""

    name: str
    report: Report | None = None
    error: ReportgenError | None = None


def summarize_many(sources: Iterable[tuple[str, Any]], settings: Settings,
                   on_done: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Each (name, source) in turn; a bad article yields an Outcome with its error and the batch goes on.

    Results are yielded in input order. With the llm engine, up to ``settings.concurrency``
    requests are out to the model at once, with a spare thread per request building the next one
    and the CPU work on one thread of its own (see lane.py). With ``settings.processes`` > 1 (Linux), the batch is spread
    over that many forked worker processes (see ``workers``), so its CPU work uses every core.
    """
    from reportgen.workers import batch_processes, run_in_processes

    items = list(sources)
    llm = settings.resolved_engine() != "offline"
    # offline work is all CPU: one article at a time per process; llm articles wait on the model,
    # ``concurrency`` of them in flight, spread over the processes
    in_flight = max(1, settings.concurrency) if llm else 1
    processes = batch_processes(min(settings.processes, in_flight) if llm else settings.processes, len(items))
    if processes > 1:
        from reportgen.lane import quick_handoffs

        warm_up(settings)  # the children inherit every table built here
        start = partial(_begin_one if llm else _run_one, settings=settings)
        with quick_handoffs() if llm else nullcontext():  # forked children inherit the interval
            yield from run_in_processes(items, start, processes=processes, in_flight=max(in_flight, processes),
                                        lost=_lost, on_done=on_done, threads_per_slot=THREADS_PER_REQUEST)
        return
    if in_flight <= 1 or len(items) <= 1:
        yield from (_notify(_one(item, settings), on_done) for item in items)
        return
    from concurrent.futures import ThreadPoolExecutor
    from itertools import count

    from reportgen.lane import CpuLane, RequestSlots, join_batch, quick_handoffs

    warm_up(settings)
    threads, slots, started = in_flight * THREADS_PER_REQUEST, RequestSlots(in_flight), count()

    def join() -> None:  # the pool's first ``in_flight`` threads send the first wave; the rest are spares
        join_batch(slots, spare=next(started) >= in_flight)

    with quick_handoffs(), CpuLane(backlog=2 * threads) as cpu, \
            ThreadPoolExecutor(max_workers=threads, thread_name_prefix="reportgen-article", initializer=join) as pool:
        begun = pool.map(partial(_begin_one, cpu=cpu, settings=settings, on_done=on_done), items)
        yield from (future.result() for future in begun)


def _one(item: tuple[str, Any], settings: Settings) -> Outcome:
    """One article of a batch; every failure becomes the Outcome's error (a bug included)."""
    name, src = item
    try:
        return Outcome(name, report=summarize(src, name=name, settings=settings))
    except Exception as exc:  # noqa: BLE001 - see _failed
        return _failed(name, exc)


def _run_one(item: tuple[str, Any], cpu: Executor, *, settings: Settings) -> "Future[Outcome]":
    """One article of a batch, all of it on this thread (offline work is all CPU)."""
    return completed(_one(item, settings))


def _begin_one(item: tuple[str, Any], cpu: Executor, *, settings: Settings,
               on_done: Callable[[Outcome], None] | None = None) -> "Future[Outcome]":
    """One llm article of a batch: its model call on this thread, its CPU work queued on ``cpu``
    (see lane.py). This thread is free for the next article as soon as the model has answered."""
    name, src = item
    try:
        doc = load(src, name=name)
        with _named(doc.name):
            finish = begin_report(doc, settings, cpu)
    except Exception as exc:  # noqa: BLE001 - see _failed
        return completed(_notify(_failed(name, exc), on_done))

    def rest() -> Outcome:
        try:
            with _named(doc.name):
                return _notify(Outcome(name, report=finish()), on_done)
        except Exception as exc:  # noqa: BLE001 - see _failed
            return _notify(_failed(name, exc), on_done)

    return cpu.submit(rest)


@contextmanager
def _named(source: str | None) -> Iterator[None]:
    """Errors raised inside name the article they are about."""
    try:
        yield
    except ReportgenError as exc:
        exc.source = exc.source or source
        raise


def _failed(name: str, exc: Exception) -> Outcome:
    """The Outcome of an article that failed: its error, or a one-line internal error for a bug
    (a bug on one article must not stop the batch)."""
    if isinstance(exc, ReportgenError):
        exc.source = exc.source or name
        return Outcome(name, error=exc)
    return Outcome(name, error=ReportgenError(f"internal error ({type(exc).__name__}: {str(exc)[:200]})", source=name))


def _lost(item: tuple[str, Any], why: str) -> Outcome:
    return Outcome(item[0], error=ReportgenError(f"not processed: {why}", source=item[0]))


def _notify(outcome: Outcome, on_done: Callable[[Outcome], None] | None) -> Outcome:
    if on_done:
        on_done(outcome)
    return outcome
