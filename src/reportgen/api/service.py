"""What the HTTP API does, without HTTP: article -> stored Report (idempotent), jobs, briefings.

Kept apart from the routes so the job runner and the endpoints share one code path, and so the
routes stay a thin translation between HTTP and these calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from reportgen import pipeline
from reportgen.api.schemas import ArticleIn, BriefingRequest, JobOptions, JobRequest
from reportgen.config import ServerSettings, Settings
from reportgen.errors import ConfigError, InputError
from reportgen.ingest import document as ingest
from reportgen.models import Report, made_by_current_rules

if TYPE_CHECKING:
    from reportgen.storage.store import ClaimedItem, Store

Observer = Callable[[Report, bool], None]
Compute = Callable[[ingest.Document, Settings], Report]


def summarize_doc(doc: ingest.Document, settings: Settings) -> Report:
    """The pipeline on one Document (module-level, so a worker process can be handed it by name)."""
    return pipeline.summarize(doc, settings=settings)


class NotFound(LookupError):
    """A report or job the caller named does not exist."""


class Service:
    """The API's operations over one store and one server configuration."""

    def __init__(self, store: Store, server: ServerSettings, *, base: Settings | None = None,
                 observe: Observer | None = None, compute: Compute | None = None) -> None:
        self.store = store
        self.compute = compute or summarize_doc
        self.server = server
        self.base = base or Settings.from_env()
        self.observe = observe or (lambda report, created: None)

    # -- settings ---------------------------------------------------------------------------------

    def settings_for(self, engine: str | None, model: str | None) -> Settings:
        """Pipeline settings for one request; ConfigError when the engine cannot run on this server."""
        settings = dataclasses.replace(self.base, engine=engine or self.server.default_engine,
                                       model=model or self.base.model)
        if settings.resolved_engine() == "llm" and not settings.llm_configured:
            raise ConfigError(
                "the llm engine is not configured on this server (no model endpoint); use engine 'offline'"
            )
        return settings

    # -- one article ------------------------------------------------------------------------------

    @staticmethod
    def document(article: ArticleIn) -> ingest.Document:
        """The Document for a JSON article, with the caller's title/date overriding what ingest found."""
        if article.text is not None:
            doc = ingest.from_text(article.text, name=article.name)
        else:
            doc = ingest.from_text(article.html or "", name=article.name, html=True)
        return override(doc, article.title, article.published)

    def report_for(
        self, doc: ingest.Document, settings: Settings, *, source_url: str | None = None
    ) -> tuple[Report, bool]:
        """The stored report for ``doc`` if there is one (not recomputed), else a new one, stored.

        Returns (report, created). Idempotency is by Document id, which comes from the normalised
        body text: the same article always gets the same id, whatever title or URL accompanies it.
        """
        existing = self.store.get(doc.id)
        if existing is not None and made_by_current_rules(existing):  # older rules: recomputed and replaced
            self.observe(existing, False)
            return existing, False
        report = self.compute(doc, settings)
        if source_url:
            report = report.model_copy(update={"source": report.source.model_copy(update={"url": source_url})})
        created = self.store.put(report)
        self.observe(report, created)
        return report, created

    def report_for_article(self, article: ArticleIn, settings: Settings) -> tuple[Report, bool]:
        return self.report_for(self.document(article), settings, source_url=article.source_url)

    # -- jobs -------------------------------------------------------------------------------------

    def submit_job(self, request: JobRequest) -> str:
        """Persist a job (all articles queued) and return its id; the runner picks it up."""
        self.settings_for(request.engine, request.model)  # refuse an engine this server cannot run, now
        options = JobOptions(engine=request.engine or self.server.default_engine, model=request.model)
        job_id = uuid.uuid4().hex
        self.store.create_job(
            job_id,
            [a.model_dump_json(exclude_none=True) for a in request.articles],
            [a.name for a in request.articles],
            options.model_dump_json(),
        )
        return job_id

    def process_item(self, item: ClaimedItem) -> str:
        """Run one claimed job article; the report id (the runner records it)."""
        options = JobOptions.model_validate_json(item.options)
        article = ArticleIn.model_validate_json(item.payload)
        report, _ = self.report_for_article(article, self.settings_for(options.engine, options.model))
        return report.id

    # -- briefings --------------------------------------------------------------------------------

    def briefing(self, request: BriefingRequest) -> str:
        """The rendered briefing (Markdown or HTML) over stored reports or over articles.

        Articles are summarised (idempotently) and stored first; one that cannot be read is listed
        in the briefing's "not processed" section and the rest are kept, as in ``reportgen brief``.
        """
        from reportgen.output import briefing, collect, executive, render

        settings = self.settings_for(request.engine, request.model)
        collected = collect.Collected()
        if request.report_ids is not None:
            found = {rid: self.store.get(rid) for rid in dict.fromkeys(request.report_ids)}
            missing = [rid for rid, report in found.items() if report is None]
            if missing:
                raise NotFound("unknown report id(s): " + ", ".join(missing[:10]))
            collected.reports = [r for r in found.values() if r is not None]
        for number, article in enumerate(request.articles or [], start=1):
            try:
                report, created = self.report_for_article(article, settings)
            except InputError as exc:
                collected.failures.append(collect.Failure(article.name or f"article {number}", exc.message))
                continue
            collected.computed += created
            collected.reused += not created
            if all(r.id != report.id for r in collected.reports):
                collected.reports.append(report)
        built = briefing.build_briefing(
            collected,
            title=request.title,
            engine=settings.resolved_engine(),
            summarizer=executive.executive_summarizer(settings),
        )
        return render.briefing_html(built) if request.format == "html" else render.briefing_markdown(built)


def override(doc: ingest.Document, title: str | None, published: dt.date | None) -> ingest.Document:
    """Caller-given metadata wins over what ingest inferred (the body text, and so the id, is unchanged)."""
    if title and title.strip():
        doc.title = title.strip()
    if published is not None:
        doc.published = published
    return doc


def upload_document(data: bytes, filename: str | None) -> ingest.Document:
    """A Document from an uploaded file (encoding detected, HTML recognised by content or name)."""
    if not data.strip():
        raise InputError("the uploaded file is empty", source=filename)
    return ingest.from_bytes(data, name=filename)
