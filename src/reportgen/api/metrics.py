"""Prometheus metrics: HTTP requests and latency by route, and what the pipeline spent (model calls,
tokens, cache hits, idempotent store hits, job articles).

Each server process keeps its own registry; with ``--workers N`` a scrape sees the worker that
answered it (run one worker per scrape target, or aggregate in Prometheus).
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reportgen.models import Report

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Metrics:
    """One registry per app, so tests and several apps in one process never share counters."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("reportgen_http_requests_total", "HTTP requests answered",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("reportgen_http_request_duration_seconds", "time to answer an HTTP request",
                                 ["method", "route"], buckets=LATENCY_BUCKETS, registry=r)
        self.reports = Counter("reportgen_reports_total", "reports served by POST, by whether they were computed",
                               ["outcome"], registry=r)
        self.model_calls = Counter("reportgen_model_calls_total", "model requests made for new reports",
                                   ["engine"], registry=r)
        self.tokens = Counter("reportgen_model_tokens_total", "model tokens used for new reports", ["kind"], registry=r)
        self.cache_hits = Counter(
            "reportgen_model_cache_hits_total", "new reports whose model answers came from the cache", registry=r
        )
        self.job_articles = Counter("reportgen_job_articles_total", "job articles finished", ["status"], registry=r)

    def observe_report(self, report: Report, created: bool) -> None:
        """Count one report handed out; what it cost only when it was computed now."""
        self.reports.labels("created" if created else "existing").inc()
        if not created:
            return
        p = report.provenance
        if p.calls:
            self.model_calls.labels(p.engine).inc(p.calls)
        if p.prompt_tokens:
            self.tokens.labels("prompt").inc(p.prompt_tokens)
        if p.completion_tokens:
            self.tokens.labels("completion").inc(p.completion_tokens)
        if p.cached:
            self.cache_hits.inc()

    def observe_job_article(self, status: str) -> None:
        self.job_articles.labels(status).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Times every HTTP request and counts it by route template (never the raw path: bounded labels)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = getattr(scope.get("route"), "path", None) or "<unmatched>"
            method = scope.get("method", "GET")
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)
