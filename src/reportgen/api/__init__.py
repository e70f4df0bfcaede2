"""HTTP API (FastAPI) for other services: a thin layer over the pipeline, the store and briefings.

``create_app`` is the uvicorn factory (``reportgen serve`` runs it); ``schemas`` holds the request and response
models, ``security`` keys, body limits and loopback rules, ``service`` the calls into the pipeline and store,
``metrics`` Prometheus counters. May import anything below it (pipeline, storage, output, models, errors,
config); nothing imports api.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(**kwargs: Any) -> FastAPI:
    from reportgen.api.app import create_app as factory

    return factory(**kwargs)


__all__ = ["create_app"]
