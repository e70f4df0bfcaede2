"""Request and response bodies of the HTTP API. The Report itself is ``models.Report`` (one contract)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from reportgen.config import EngineName
from reportgen.models import Report


def _model_name() -> Any:
    return Field(default=None, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$",
                 description="model name for the llm engine (default: the server's REPORTGEN_MODEL)")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


_NON_BLANK: dict[str, JsonValue] = {"type": "string", "pattern": r"\S"}


class ArticleIn(_Body):
    """One article: exactly one of ``text`` or ``html``. Nothing is ever fetched from ``source_url``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"oneOf": [
        {"required": ["text"], "properties": {"text": _NON_BLANK}},
        {"required": ["html"], "properties": {"html": _NON_BLANK}},
    ]})

    text: str | None = Field(default=None, description="article text (plain; HTML is detected)")
    html: str | None = Field(default=None, description="article as an HTML page")
    title: str | None = Field(
        default=None, min_length=1, max_length=1000, description="overrides the title found in the article"
    )
    source_url: str | None = Field(
        default=None,
        max_length=2048,
        pattern=r"^https?://[^\s]+$",
        description="where the article came from; stored as metadata, never fetched",
    )
    published: dt.date | None = Field(default=None, description="overrides the publication date found in the article")
    name: str | None = Field(
        default=None, min_length=1, max_length=255, description="a label of yours, e.g. a file name"
    )

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        if not (self.text if self.text is not None else self.html or "").strip():
            raise ValueError("the article is empty")
        return self


class ReportRequest(ArticleIn):
    """POST /v1/reports as JSON."""

    engine: EngineName | None = Field(default=None, description="default: the server's REPORTGEN_ENGINE (offline)")
    model: str | None = _model_name()


class UploadForm(_Body):
    """The non-file fields of POST /v1/reports as multipart/form-data."""

    title: str | None = Field(default=None, min_length=1, max_length=1000)
    source_url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://[^\s]+$")
    published: dt.date | None = None
    engine: EngineName | None = None
    model: str | None = _model_name()


class ReportPage(_Body):
    items: list[Report]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last page")


class JobRequest(_Body):
    """A batch: up to 1000 articles (each like the body of POST /v1/reports), worked off in the background;
    poll the job's URL for each article's report id or error."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)
    engine: EngineName | None = None
    model: str | None = _model_name()


class JobOptions(_Body):
    """What a job's articles are run with (persisted with the job)."""

    engine: EngineName
    model: str | None = None


ItemStatus = Literal["queued", "running", "done", "failed"]


class JobItemView(_Body):
    index: int
    name: str | None = None
    status: ItemStatus
    report_id: str | None = None
    error: str | None = None


class JobView(_Body):
    id: str
    status: Literal["queued", "running", "done"]
    created: str
    total: int
    counts: dict[ItemStatus, int]
    items: list[JobItemView]


class JobAccepted(_Body):
    id: str
    status: Literal["queued", "running", "done"]
    total: int
    url: str = Field(description="where to poll the job")


def _given(name: str) -> dict[str, JsonValue]:
    """JSON Schema for "``name`` is present and not null"."""
    return {"required": [name], "properties": {name: {"type": "array"}}}


class BriefingRequest(_Body):
    """Exactly one of ``report_ids`` (stored reports) or ``articles`` (summarised and stored first)."""

    # the rule in the document too, so a client generated from it knows (422 otherwise)
    model_config = ConfigDict(**_Body.model_config, json_schema_extra={
        "oneOf": [{**_given("report_ids"), "not": _given("articles")},
                  {**_given("articles"), "not": _given("report_ids")}]})

    report_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None, min_length=1, max_length=200
    )
    articles: list[ArticleIn] | None = Field(default=None, min_length=1, max_length=50)
    format: Literal["md", "html"] = "md"
    title: str | None = Field(default=None, min_length=1, max_length=500)
    engine: EngineName | None = None
    model: str | None = _model_name()

    @model_validator(mode="after")
    def _one_source(self) -> BriefingRequest:
        if (self.report_ids is None) == (self.articles is None):
            raise ValueError("give exactly one of 'report_ids' or 'articles'")
        return self


class Problem(_Body):
    """Every 4xx/5xx body: a human-readable reason (and, for 422, where)."""

    detail: str | list[dict[str, object]]


class Health(_Body):
    status: str
    store: str | None = None
    engine: str | None = None
    model_endpoint: str | None = None
    database: str | None = None  # "sqlite", or the PostgreSQL URL without its password
    reason: str | None = None  # why the store is unavailable (never a password)
