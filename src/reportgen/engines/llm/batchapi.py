"""OpenAI's Batch API: the extraction calls of many articles as one JSONL upload, at half the price.

WHY this shape: the llm engine is two CPU steps around the model's answer (``build_request`` and
``finish``). Submitting writes each article's extraction requests, exactly as the synchronous path
would send them (``outgoing.RequestMaker``), to ``/v1/files`` and creates a ``/v1/batches`` job.
Fetching parses each answer with the same validator (grounding); an answer that does not hold, and
the reduce call of a long article, are asked again as ordinary calls (with their re-asks); the draft
goes into the answer cache, and the ordinary pipeline then makes the Reports from the cache, so
grounding, anomalies and reports are those of the synchronous path. A request the batch failed is
that article's error.

The job (its id, model, mode and each article's bytes) is kept in the answer store under
``batch-job:<id>``: SQLite under REPORTGEN_HOME, or REPORTGEN_DATABASE_URL's PostgreSQL, so
``reportgen batch status|fetch ID`` resumes on any machine sharing either.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reportgen.errors import ConfigError, InputError, ReportgenError, UpstreamError

if TYPE_CHECKING:
    from reportgen.config import Settings
    from reportgen.engines.llm.client import ModelClient
    from reportgen.ingest.document import Document

JOB_PREFIX = "batch-job:"
ENDPOINT = "/v1/chat/completions"
DONE, FAILED_STATES = "completed", ("failed", "expired", "cancelled", "cancelling")
POLL_FIRST, POLL_MAX = 2.0, 60.0  # seconds between status checks: doubling from the first to the most


@dataclass
class Job:
    """What fetching needs, on any machine: the batch id and each article as it was read."""

    id: str
    model: str
    mode: str
    articles: list[dict[str, str]]  # name (as given), file (its file name), data (base64 of its bytes)
    requests: list[tuple[str, int, int]]  # custom_id, article index, chunk index
    cached: list[int] = field(default_factory=list)  # articles whose answer was cached: nothing sent

    def dump(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def load(cls, text: str) -> Job:
        data = json.loads(text)
        data["requests"] = [tuple(r) for r in data["requests"]]
        return cls(**data)


@dataclass
class Prepared:
    """A fetched batch: the settings it was made with, the articles ready for the pipeline, the errors."""

    settings: Settings
    ready: list[tuple[str, Document]]
    errors: dict[int, ReportgenError]


def _client(settings: Settings) -> ModelClient:
    from reportgen.engines.llm.client import get_client

    if not settings.llm_configured:
        raise ConfigError("the Batch API needs OPENAI_API_KEY or OPENAI_BASE_URL")
    return get_client(settings)


def _store(settings: Settings) -> Any:
    from reportgen.storage.backend import open_answer_cache

    return open_answer_cache(settings.home)


def submit(sources: list[tuple[str, bytes, str]], settings: Settings) -> Job:
    """Upload the extraction requests of ``sources`` (name as given, bytes, file name) and create the job."""
    from reportgen.chunking import chunk_text
    from reportgen.engines.llm.engine import LLMEngine
    from reportgen.engines.llm.outgoing import RequestMaker
    from reportgen.ingest import document

    engine, maker, cache = LLMEngine(settings), RequestMaker(settings), _store(settings)
    lines: list[str] = []
    job = Job(id="", model=settings.model, mode=settings.mode, articles=[], requests=[])
    for index, (name, data, file_name) in enumerate(sources):
        job.articles.append({"name": name, "file": file_name, "data": base64.b64encode(data).decode("ascii")})
        try:
            doc = document.from_bytes(data, name=file_name)
        except InputError:
            continue  # reported when fetched, like any unreadable article
        request = engine.build_request(doc, chunk_text(doc.text, settings.chunk_tokens))
        if settings.use_cache and cache.get(request.cache_key) is not None:
            job.cached.append(index)
            continue
        for chunk, body in enumerate(maker.bodies(request)):
            custom_id = f"a{index}-c{chunk}"
            job.requests.append((custom_id, index, chunk))
            lines.append(json.dumps({"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body},
                                    ensure_ascii=False, separators=(",", ":")))
    if lines:
        client = _client(settings)
        file_id = client.batch("upload", ("\n".join(lines) + "\n").encode("utf-8"))
        job.id = str(client.batch("create", file_id)["id"])
    else:  # every answer is cached: a job with nothing sent, fetched like any other
        job.id = f"local-{time.time_ns():x}"
    cache.put(JOB_PREFIX + job.id, job.dump())
    return job


def load_job(job_id: str, settings: Settings) -> Job:
    text = _store(settings).get(JOB_PREFIX + job_id)
    if text is None:
        raise InputError(f"no batch job {job_id!r} under this REPORTGEN_HOME or database")
    return Job.load(text)


def status(job: Job, settings: Settings) -> dict[str, Any]:
    """The provider's batch object (a local job with nothing sent is complete)."""
    if job.id.startswith("local-"):
        return {"id": job.id, "status": DONE, "request_counts": {"total": 0, "completed": 0, "failed": 0}}
    result: dict[str, Any] = _client(settings).batch("get", job.id)
    return result


def wait(job: Job, settings: Settings, on_poll: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Poll until the batch is done, waiting longer each time (up to a minute)."""
    delay = POLL_FIRST
    while True:
        current = status(job, settings)
        if on_poll is not None:
            on_poll(current)
        if current.get("status") == DONE:
            return current
        if current.get("status") in FAILED_STATES:
            raise UpstreamError(f"batch {job.id} ended {current.get('status')} without results")
        time.sleep(delay)
        delay = min(delay * 2, POLL_MAX)


def _results(batch: dict[str, Any], settings: Settings) -> dict[str, dict[str, Any]]:
    """custom_id -> output line, from the output and error files."""
    found: dict[str, dict[str, Any]] = {}
    for key in ("output_file_id", "error_file_id"):
        if batch.get(key):
            content: bytes = _client(settings).batch("content", str(batch[key]))
            for line in content.decode("utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    found[str(item.get("custom_id"))] = item
    return found


def _failure(item: dict[str, Any] | None) -> str | None:
    """Why a batch request has no answer, or None when it has one."""
    if item is None:
        return "the batch returned no result for this article"
    response = item.get("response") or {}
    if item.get("error") or response.get("status_code") != 200:
        error = item.get("error") or (response.get("body") or {}).get("error") or {}
        message = str(error.get("message") or "no reason given")[:160]
        return f"the Batch API failed this request (HTTP {response.get('status_code', '?')}): {message}"
    return None


def prepare(job: Job, settings: Settings, batch: dict[str, Any]) -> Prepared:
    """Each article of a completed batch read again and its draft put in the answer cache (the pipeline
    then makes its Report), or the error that stops it."""
    from reportgen.chunking import chunk_text
    from reportgen.engines.llm.client import get_client
    from reportgen.engines.llm.engine import LLMEngine
    from reportgen.engines.llm.grounding import GroundingCheck
    from reportgen.engines.llm.schema import Extraction
    from reportgen.ingest import document

    settings = replace(settings, model=job.model, mode=job.mode, engine="llm", use_cache=True)
    results = _results(batch, settings) if not job.id.startswith("local-") else {}
    engine, client = LLMEngine(settings), get_client(settings)
    by_article: dict[int, list[tuple[str, int]]] = {}
    for custom_id, index, chunk in job.requests:
        by_article.setdefault(index, []).append((custom_id, chunk))
    errors: dict[int, ReportgenError] = {}
    ready: list[tuple[str, Document]] = []
    for index, article in enumerate(job.articles):
        try:
            doc = document.from_bytes(base64.b64decode(article["data"]), name=article["file"])
        except InputError as exc:
            exc.source = article["name"]
            errors[index] = exc
            continue
        if index in by_article:
            request = engine.build_request(doc, chunk_text(doc.text, settings.chunk_tokens))
            given: list[Extraction | None] = [None] * max(1, len(request.chunks))
            failure = None
            for custom_id, chunk in by_article[index]:
                item = results.get(custom_id)
                failure = failure or _failure(item)
                if failure is None and item is not None:
                    near = request.chunks[chunk].start if len(request.chunks) > 1 else None
                    given[chunk] = client.parse(Extraction, item["response"]["body"], GroundingCheck(doc, near=near))
            if failure is not None:
                errors[index] = UpstreamError(failure, source=article["name"])
                continue
            try:
                engine.draft_from_answers(request, given)
            except ReportgenError as exc:
                exc.source = exc.source or article["name"]
                errors[index] = exc
                continue
        ready.append((article["name"], doc))
    return Prepared(settings, ready, errors)
