"""The Report contract (DESIGN.md) and the draft shape engines hand to grounding.

Field names of ``Report`` and its parts are a public contract: add fields freely, rename none
without bumping ``SCHEMA_VERSION``. ``schemas/report.schema.json`` is generated from these models
(``python -m reportgen.models [PATH]``, ``make schema``), so the file and the contract cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION: Final = "1"
#: The verifier's rules and the shipped prompts, as one version: bump it when grounding, the prose checks,
#: the offline cross-check or prompts/ change, so stored Reports made by older rules are recomputed
#: (the API store and the briefing stores reuse a Report only when its provenance carries this version).
RULES_VERSION: Final = "17"


def _plain_number(value: float) -> float | int:
    """Serialise 121300.0 as 121300 so JSON reads like the article's figure."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


Number = Annotated[float, PlainSerializer(_plain_number, return_type=float | int, when_used="json")]

Qualifier = Literal["exact", "about", "more_than", "nearly", "over", "under", "at_least"]
Direction = Literal["up", "down", "flat"]
Basis = Literal["year_on_year", "period_on_period", "unspecified"]
Script = Literal["zh-Hans", "zh-Hant", "en", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bilingual(_Model):
    zh: str
    en: str


class Source(_Model):
    title_zh: str | None = None
    title_en: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    script: Script = "zh-Hans"
    chars: int = Field(ge=0)
    tokens: int = Field(ge=0)
    byline: str | None = None
    file: str | None = Field(default=None, description="file name the article was read from, if any")
    url: str | None = Field(default=None,
                            description="where the caller says the article came from (metadata only; never fetched)")


class Period(_Model):
    label: str = Field(description='"2020-H1", "2023", "2019-01/2019-10"')
    start: dt.date | None = None
    end: dt.date | None = None


class KeyPoint(_Model):
    en: str
    zh: str
    metric_ids: list[int] = Field(default_factory=list)


class Change(_Model):
    direction: Direction
    basis: Basis = "unspecified"


class Evidence(_Model):
    """``quote == original_text[start:end]``, verbatim, in the article's own script."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Metric(_Model):
    id: int
    indicator: Bilingual
    value: Number
    unit: str
    qualifier: Qualifier = "exact"
    change: Change | None = Field(default=None, description="null when the value is a level, not a change")
    from_value: Number | None = None
    region: Bilingual | None = None
    period: str | None = None
    evidence: Evidence
    repeats: list[Evidence] = Field(
        default_factory=list,
        description="other statements of the same figure (headline, lede, body), each verbatim with its offsets")
    status: Literal["verified", "normalised"] = "verified"
    origin: Literal["offline", "llm", "both"] = Field(
        default="offline", description="which engine proposed the figure ('both' when they agreed)"
    )
    target: bool = Field(
        default=False, description="a goal, plan or forecast the article states (力争, 确保, 计划, 预计), not a result")


class Unconfirmed(_Model):
    """A figure the offline cross-check found and the model did not state: shown to a reviewer, never
    counted among the report's metrics or used in its prose (offline findings alone were often wrong:
    a zero read from an idiom, a list number, a restated lede figure)."""

    indicator: Bilingual
    value: Number
    unit: str
    qualifier: Qualifier = "exact"
    change: Change | None = None
    from_value: Number | None = None
    evidence: Evidence


class Anomaly(_Model):
    metric_id: int | None = None
    kind: str = Field(description="impossible_change | rate_count_confusion | ambiguous_numeral | parts_exceed_total"
                                  " | conflicting_values | …")
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    explanation: str


class Rejected(_Model):
    draft: dict[str, Any]
    reason: str


class Provenance(_Model):
    engine: str
    model: str | None = None
    prompt_version: str | None = None
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False
    duration_ms: int = 0
    chunks: int = 1
    summary_source: Literal["model", "offline"] = "offline"
    cost_usd: float | None = None
    notes: list[str] = Field(default_factory=list)
    rules_version: str | None = Field(default=None, description="the verifier rules and prompts the report was made by")


class Report(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str
    source: Source
    region: Bilingual | None = None
    period: Period | None = None
    summary: Bilingual
    key_points: list[KeyPoint] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    anomalies: list[Anomaly] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)
    unconfirmed: list[Unconfirmed] = Field(
        default_factory=list, description="figures only the offline cross-check found (llm engine), for a reviewer")
    provenance: Provenance


def made_by_current_rules(report: Report) -> bool:
    """A stored Report may be served as current only when the present rules made it."""
    return report.provenance.rules_version == RULES_VERSION


# ---------------------------------------------------------------------------------------------
# Drafts: what an engine proposes. Not part of the public contract; grounding turns them into
# Metrics (or Rejected entries) and never trusts them blindly.
# ---------------------------------------------------------------------------------------------


class MetricDraft(BaseModel):
    """One proposed figure. ``start``/``end`` are known for offline drafts, absent for model ones."""

    indicator_zh: str
    indicator_en: str | None = None
    value: float
    unit: str = ""
    qualifier: Qualifier = "exact"
    change: Change | None = None
    from_value: float | None = None
    region_zh: str | None = None
    region_en: str | None = None
    period: str | None = None
    quote: str
    start: int | None = None
    end: int | None = None
    origin: Literal["offline", "llm", "both"] = "offline"
    repeats: list[Evidence] = Field(default_factory=list, description="other statements of the same figure")


class KeyPointDraft(BaseModel):
    en: str
    zh: str = ""
    metric_indexes: list[int] = Field(default_factory=list, description="indexes into Draft.metrics")


class Usage(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False
    chunks: int = 1
    model: str | None = None
    prompt_version: str | None = None
    cost_usd: float | None = None


class Draft(BaseModel):
    """An engine's whole proposal for one article."""

    engine: str
    title_en: str | None = None
    region: Bilingual | None = None
    period: Period | None = None
    summary: Bilingual | None = None
    key_points: list[KeyPointDraft] = Field(default_factory=list)
    metrics: list[MetricDraft] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)
    unconfirmed: list[MetricDraft] = Field(default_factory=list, description="offline-only figures of an llm draft")
    fallback_title_en: str | None = None  # the offline engine's, used when the model's title fails the prose check
    usage: Usage = Field(default_factory=Usage)
    notes: list[str] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------
# the JSON schema of the Report, as shipped in schemas/report.schema.json
# ------------------------------------------------------------------------------------------


def report_schema() -> dict[str, Any]:
    """The Report's JSON schema as serialised (what other services validate against)."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$id"] = "https://reportgen.invalid/schemas/report.schema.json"
    schema["title"] = "Report"
    return schema


def render_schema() -> str:
    """``report_schema()`` as the text of schemas/report.schema.json (sorted keys, stable across runs)."""
    return json.dumps(report_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema file (default schemas/report.schema.json)."""
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else Path("schemas/report.schema.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
