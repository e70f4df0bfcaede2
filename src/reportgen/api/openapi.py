"""The OpenAPI document: generated from the routes' pydantic models, plus what FastAPI cannot infer (the JSON
body of POST /v1/reports, the key schemes)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from reportgen.api.schemas import ReportRequest

__all__ = ["build_openapi"]


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The document for ``app`` (cached by the caller)."""
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    request_schema = ReportRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in request_schema.pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    schemas["ReportRequest"] = request_schema
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer"},
        "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    }
    for path, operations in schema.get("paths", {}).items():
        if path.startswith("/v1/") or path == "/metrics":
            for operation in operations.values():
                operation["security"] = [{"bearer": []}, {"apiKey": []}]
    return schema
