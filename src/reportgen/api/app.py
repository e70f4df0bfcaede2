"""The FastAPI application: routes translate HTTP to ``Service`` calls and errors to status codes.

Error policy: 4xx bodies say what was wrong (``{"detail": ...}``); 422 lists where, without echoing
the input; anything unexpected is logged server-side and answered with a generic 500 - never a
traceback. Statuses of reportgen's errors come from one table, ``HTTP_STATUSES``; unknown id -> 404.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportgen import __version__
from reportgen.api.metrics import Metrics, MetricsMiddleware
from reportgen.api.openapi import build_openapi
from reportgen.api.schemas import (
    BriefingRequest,
    Health,
    JobAccepted,
    JobItemView,
    JobRequest,
    JobView,
    Problem,
    ReportPage,
    ReportRequest,
    UploadForm,
)
from reportgen.api.security import APIKeyMiddleware, BodyLimitMiddleware
from reportgen.api.service import NotFound, Service, override, upload_document
from reportgen.api.work import DeadlineExceeded, WorkerPool, deadline_compute, warm_up
from reportgen.config import ServerSettings, Settings
from reportgen.errors import ConfigError, InputError, InternalError, ModelError, ReportgenError, StoreError
from reportgen.models import Report
from reportgen.storage.backend import describe_database, open_store
from reportgen.storage.jobs import JobRunner
from reportgen.storage.store import Store

log = logging.getLogger("reportgen.api")

JSON_TYPES = ("application/json",)
MULTIPART = "multipart/form-data"
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text} for code, text in {
        401: "missing or invalid API key", 413: "request body too large", 422: "invalid input",
    }.items()
}


# The one table from reportgen's errors to HTTP: (class, status, what the client is told; None: the
# error's own message). First matching class wins; whatever is not the client's fault is logged here.
HTTP_STATUSES: tuple[tuple[type[ReportgenError], int, str | None], ...] = (
    (InputError, 422, None),
    (ConfigError, 422, None),
    (ModelError, 502, "the model endpoint gave no usable answer: {message}"),
    (StoreError, 503, "the report store is unavailable: {message}"),  # says which database and why, never a password
    (DeadlineExceeded, 503, None),  # the request's own work overran REPORTGEN_REQUEST_TIMEOUT and was stopped
    (InternalError, 500, "internal server error"),
    (ReportgenError, 500, "internal server error"),
)


def http_status(exc: ReportgenError) -> tuple[int, str]:
    """The status and the client's message for an error, from ``HTTP_STATUSES``."""
    status, text = next((status, text) for cls, status, text in HTTP_STATUSES if isinstance(exc, cls))
    return status, exc.message if text is None else text.format(message=exc.message)


class _ProblemError(Exception):
    """Raised inside a route to answer ``status`` with ``detail``."""

    def __init__(self, status: int, detail: Any) -> None:
        self.status, self.detail = status, detail


def _validation_detail(exc: ValidationError | RequestValidationError) -> list[dict[str, object]]:
    """Where and what, never the offending input (it may be megabytes, or a secret)."""
    return [{"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
            for err in exc.errors()]


def _problem(status: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": jsonable_encoder(detail)}, status_code=status, headers=headers)


def create_app(*, server: ServerSettings | None = None, settings: Settings | None = None,
               store: Store | None = None, run_jobs: bool = True) -> FastAPI:
    """The API over ``store`` (default: REPORTGEN_DATABASE_URL's PostgreSQL, else SQLite under REPORTGEN_HOME);
    uvicorn calls it as a factory."""
    server = server or ServerSettings.from_env()
    settings = settings or Settings.from_env()
    store = store or open_store(settings.home)
    metrics = Metrics()
    pool = WorkerPool(server.worker_processes, server.request_timeout, warm_up) if server.request_timeout > 0 else None
    service = Service(store, server, base=settings, observe=metrics.observe_report,
                      compute=deadline_compute(pool) if pool is not None else None)
    runner = JobRunner(store, service.process_item,
                       threads=max(1, settings.concurrency) if settings.llm_configured else 1,  # offline is CPU-bound
                       on_finish=metrics.observe_job_article)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not server.api_keys:
            log.warning("no API keys configured: answering loopback clients only")
        if pool is not None:
            pool.start()
        if run_jobs:
            runner.start()
        try:
            yield
        finally:
            if run_jobs:
                await run_in_threadpool(runner.stop)
            if pool is not None:
                pool.close()

    app = FastAPI(
        title="reportgen", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Verified bilingual structured reports and English briefings from Chinese government and "
                    "public-security articles. Every /v1 route needs an API key (Authorization: Bearer or X-API-Key).",
    )
    app.state.service, app.state.runner, app.state.metrics = service, runner, metrics

    # -- errors -----------------------------------------------------------------------------------

    @app.exception_handler(_ProblemError)
    async def _on_problem(request: Request, exc: _ProblemError) -> JSONResponse:
        return _problem(exc.status, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _problem(422, _validation_detail(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI's "error parsing the body": invalid UTF-8 or JSON nested too deep
            return _problem(422, [{"loc": ["body"], "msg": "the body is not valid JSON (invalid UTF-8, or nested "
                                   "too deep to read)", "type": "json_invalid"}])
        return _problem(exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(ReportgenError)
    async def _on_reportgen(request: Request, exc: ReportgenError) -> JSONResponse:
        status, message = http_status(exc)
        if status >= 500 and status != 502:
            log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        retry = isinstance(exc, StoreError | DeadlineExceeded)
        return _problem(status, message, {"Retry-After": "5"} if retry else None)

    @app.exception_handler(Exception)
    async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _problem(500, "internal server error")

    # -- probes -----------------------------------------------------------------------------------

    @app.get("/healthz", response_model=Health, response_model_exclude_none=True, tags=["ops"])
    async def healthz() -> Health:  # async: answered on the event loop, even with every worker thread busy
        """Liveness: the process answers."""
        return Health(status="ok")

    @app.get("/readyz", response_model=Health, response_model_exclude_none=True, tags=["ops"],
             responses={503: {"model": Health}})
    def readyz(response: Response) -> Health:
        """Readiness: the store answers, and the default engine can run (offline, or a model endpoint configured)."""
        engine = default_engine(settings, server)
        endpoint = "configured" if settings.llm_configured else "not configured"
        reason = None
        try:
            store.ping()
            store_state = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness: the store does not answer: %s", exc)
            store_state = "unavailable"
            reason = exc.message if isinstance(exc, StoreError) else "the store does not answer"  # password-free
        ready = store_state == "ok" and (engine != "llm" or settings.llm_configured)
        response.status_code = 200 if ready else 503
        return Health(status="ready" if ready else "not ready", store=store_state, engine=engine,
                      model_endpoint=endpoint, database=describe_database(), reason=reason)

    exposition = {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text"}

    @app.get("/metrics", tags=["ops"], response_class=Response, responses={200: exposition, 401: ERRORS[401]})
    def prometheus_metrics() -> Response:
        """Prometheus text exposition (needs an API key like /v1)."""
        return Response(metrics.exposition(), media_type=metrics.content_type)

    # -- reports ----------------------------------------------------------------------------------

    report_body = {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ReportRequest"}},
            MULTIPART: {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"},
                               **UploadForm.model_json_schema()["properties"]},
            }},
        },
    }

    @app.post("/v1/reports", status_code=201, response_model=Report, tags=["reports"],
              openapi_extra={"requestBody": report_body},
              responses={200: {"model": Report, "description": "the report already existed (not recomputed)"},
                         415: {"model": Problem, "description": "neither JSON nor multipart"}, **ERRORS})
    async def create_report(request: Request) -> Response:
        """Summarise one article (JSON or a multipart file upload) into a verified Report.

        Idempotent: an article whose text was summarised before returns the stored report (200)
        without recomputing; a new one is computed, stored and returned (201). ``source_url`` is
        metadata only - nothing is fetched.
        """
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if media in JSON_TYPES or media.endswith("+json"):
            body = await request.body()
            try:
                req = ReportRequest.model_validate_json(body)
            except ValidationError as exc:
                raise _ProblemError(422, _validation_detail(exc)) from None
            settings_ = service.settings_for(req.engine, req.model)
            report, created = await run_in_threadpool(service.report_for_article, req, settings_)
        elif media == MULTIPART:
            report, created = await _from_upload(request)
        else:
            raise _ProblemError(415, "send application/json or multipart/form-data")
        payload = report.model_dump(mode="json")
        return JSONResponse(payload, status_code=201 if created else 200,
                            headers={"Location": f"/v1/reports/{report.id}"})

    async def _from_upload(request: Request) -> tuple[Report, bool]:
        try:
            form = await request.form(max_files=1, max_fields=10)
        except (StarletteHTTPException, ValueError, KeyError, AssertionError) as exc:
            raise _ProblemError(422, f"malformed multipart body: {getattr(exc, 'detail', None) or exc}") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _ProblemError(422, "multipart upload needs a 'file' part")
        fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v != ""}
        try:
            meta = UploadForm.model_validate(fields)
        except ValidationError as exc:
            raise _ProblemError(422, _validation_detail(exc)) from None
        data = await upload.read()
        settings_ = service.settings_for(meta.engine, meta.model)

        def run() -> tuple[Report, bool]:
            doc = override(upload_document(data, upload.filename), meta.title, meta.published)
            return service.report_for(doc, settings_, source_url=meta.source_url)

        return await run_in_threadpool(run)

    @app.get("/v1/reports/{report_id}", response_model=Report, tags=["reports"],
             responses={404: {"model": Problem}, 401: ERRORS[401]})
    def get_report(report_id: Annotated[str, _id_param()]) -> Response:
        report = store.get(report_id)
        if report is None:
            raise _ProblemError(404, f"no report {report_id}")
        return JSONResponse(report.model_dump(mode="json"))

    @app.get("/v1/reports", response_model=ReportPage, tags=["reports"], responses={401: ERRORS[401], 422: ERRORS[422]})
    def list_reports(
        stored_since: Annotated[dt.datetime | None, Query(
            description="stored on this server at or after (ISO date or date-time; UTC if no zone); this is when "
                        "the report was made, not the article's publication date")] = None,
        since: Annotated[dt.datetime | None, Query(deprecated=True, description="old name of stored_since")] = None,
        place: Annotated[
            str | None, Query(min_length=1, max_length=200, description="place name contains (Chinese or English)")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Annotated[
            str | None, Query(min_length=1, max_length=400, description="next_cursor of the previous page")
        ] = None,
    ) -> Response:
        """Stored reports, oldest first, a page at a time."""
        since_text, since = None, stored_since or since
        if since is not None:
            try:
                utc = since.astimezone(dt.timezone.utc) if since.tzinfo else since
            except OverflowError:  # 0001-01-01T00:00+14:00 is before the first instant; 9999-12-31T23:59-14:00 after
                utc = dt.datetime.min if since.year == 1 else dt.datetime.max
            since_text = utc.strftime("%Y-%m-%dT%H:%M:%S.%f")[:23] + "Z"
        reports, next_cursor = store.list(since=since_text, place=place, limit=limit, cursor=cursor)
        return JSONResponse({"items": [r.model_dump(mode="json") for r in reports], "next_cursor": next_cursor})

    @app.delete(
        "/v1/reports/{report_id}",
        status_code=204,
        tags=["reports"],
        responses={404: {"model": Problem}, 401: ERRORS[401]},
    )
    def delete_report(report_id: Annotated[str, _id_param()]) -> Response:
        if not store.delete(report_id):
            raise _ProblemError(404, f"no report {report_id}")
        return Response(status_code=204)

    # -- briefings --------------------------------------------------------------------------------

    briefing_content = {"text/markdown": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}

    @app.post("/v1/briefings", tags=["briefings"], response_class=Response,  # errors stay application/json
              responses={200: {"content": briefing_content, "description": "the briefing"}, 404: {"model": Problem},
                         **ERRORS})
    def create_briefing(request: BriefingRequest) -> Response:
        """An English briefing over stored reports (``report_ids``) or over articles (summarised and stored first)."""
        try:
            body = service.briefing(request)
        except NotFound as exc:
            raise _ProblemError(404, str(exc)) from None
        media = "text/html; charset=utf-8" if request.format == "html" else "text/markdown; charset=utf-8"
        return Response(body, media_type=media)

    # -- jobs -------------------------------------------------------------------------------------

    @app.post("/v1/jobs", status_code=202, response_model=JobAccepted, tags=["jobs"], responses=ERRORS)
    def create_job(request: JobRequest) -> JSONResponse:
        """Queue a batch; poll GET /v1/jobs/{id}. Each article's report is stored the moment it is done."""
        job_id = service.submit_job(request)
        runner.notify()
        url = f"/v1/jobs/{job_id}"
        body = JobAccepted(id=job_id, status="queued", total=len(request.articles), url=url)
        return JSONResponse(body.model_dump(), status_code=202, headers={"Location": url})

    @app.get(
        "/v1/jobs/{job_id}",
        response_model=JobView,
        tags=["jobs"],
        responses={404: {"model": Problem}, 401: ERRORS[401]},
    )
    def get_job(job_id: Annotated[str, _id_param()]) -> JobView:
        job = store.get_job(job_id)
        if job is None:
            raise _ProblemError(404, f"no job {job_id}")
        counts = {s: 0 for s in ("queued", "running", "done", "failed")}
        for item in job.items:
            counts[item.status] += 1
        return JobView(
            id=job.id,
            status=job.status,
            created=job.created,
            total=len(job.items),
            counts=counts,  # type: ignore[arg-type]
            items=[
                JobItemView(index=i.index, name=i.name, status=i.status, report_id=i.report_id, error=i.error)
                for i in job.items
            ],
        )

    # -- OpenAPI ----------------------------------------------------------------------------------

    def openapi() -> dict[str, Any]:
        if not app.openapi_schema:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    # -- middleware (the last added runs first) -----------------------------------------------------

    app.add_middleware(BodyLimitMiddleware, max_bytes=server.max_body_bytes)
    app.add_middleware(APIKeyMiddleware, keys=server.api_keys)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    if server.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(server.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )
    return app


def _id_param() -> Any:
    from fastapi import Path as PathParam

    return PathParam(min_length=1, max_length=64)


def default_engine(settings: Settings, server: ServerSettings) -> str:
    """The engine requests that name none get (``auto`` resolved)."""
    return dataclasses.replace(settings, engine=server.default_engine).resolved_engine()
