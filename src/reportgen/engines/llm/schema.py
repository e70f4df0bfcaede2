"""The response models the model fills, and the grounding validator instructor re-asks with.

The shapes are flat and explicit (one figure = one object with its verbatim quote) so any
OpenAI-compatible model can fill them in tools, json_schema, json or md_json mode. The
validator reads the article from instructor's validation context and raises ``ValueError``
with every reason a figure or a summary number fails, which instructor sends back as a re-ask.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

if TYPE_CHECKING:
    from .grounding import GroundingCheck

Qualifier = Literal["exact", "about", "more_than", "nearly", "over", "under", "at_least"]
PERIOD_LABEL = re.compile(r"^\d{4}(-(H[12]|Q[1-4]|\d{2}))?(/\d{4}(-(H[12]|Q[1-4]|\d{2}))?)?$")


class BilingualText(BaseModel):
    zh: str = Field(description="Chinese, in the article's own script")
    en: str = Field(description="faithful English")


class Place(BaseModel):
    zh: str = Field(description="place name as written in the article, e.g. 绵阳市")
    en: str = Field(description="English place name, e.g. Mianyang")


class KeyPointOut(BaseModel):
    en: str = Field(description="one short English statement carrying a figure from the article")
    zh: str = Field(description="the same statement in Chinese")
    figure_indexes: list[int] = Field(default_factory=list, description="indexes into figures that back this point")


class FigureOut(BaseModel):
    indicator_zh: str = Field(description="what is counted, in the article's words, e.g. 刑事治安警情")
    indicator_en: str = Field(description="English name of the indicator (use the glossary term when given)")
    value: float = Field(description="plain number: 12.13万 -> 121300, 1.2亿 -> 120000000, 7.03% -> 7.03")
    unit: str = Field(description='"%", "cases", "people", "person-times", "yuan", "days", "items", "points", ...')
    qualifier: Qualifier = Field(default="exact", description="多/余 more_than, 近 nearly, 约 about, 逾/超 over, 以上 at_least, 不到 under")
    change_direction: Literal["up", "down", "flat"] | None = Field(
        default=None, description="for a change (同比/环比/增加/下降): up, down or flat; null for a level")
    change_basis: Literal["year_on_year", "period_on_period", "unspecified"] | None = Field(
        default=None, description="同比 year_on_year, 环比 period_on_period, else unspecified; null for a level")
    from_value: float | None = Field(default=None, description="for 从A提升至B: A (value is B)")
    region_zh: str | None = Field(default=None, description="a smaller place the figure is about, if any")
    region_en: str | None = None
    period: str | None = Field(default=None, description='period the figure covers, e.g. "2025-Q3", "2024-H1", "2023"')
    quote: str = Field(description="the shortest clause of the article carrying the figure, copied character for character")


class Extraction(BaseModel):
    """Everything the model reports about one article (or one part of a long article)."""

    title_en: str = Field(description="a faithful English headline")
    region: Place | None = Field(default=None, description="the place the article is about")
    period: str | None = Field(default=None, description='reporting period: "2024", "2024-H1", "2025-Q3", "2019-01/2019-10"')
    summary: BilingualText = Field(description="3-5 sentence summary; every number in it must be a figure of the article")
    key_points: list[KeyPointOut] = Field(default_factory=list, description="the 4-8 most important statements")
    figures: list[FigureOut] = Field(default_factory=list, description="every quantitative statement in the article")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Extraction":
        return _check(self, info)


class Synthesis(BaseModel):
    """The reduce step of a long article: one summary over the parts' summaries and figures."""

    title_en: str = Field(description="a faithful English headline")
    region: Place | None = None
    period: str | None = Field(default=None, description='reporting period: "2024", "2024-H1", "2025-Q3"')
    summary: BilingualText = Field(description="3-5 sentence summary of the whole article")
    key_points: list[KeyPointOut] = Field(default_factory=list, description="the 4-8 most important statements")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Synthesis":
        return _check(self, info)


def _check(answer: Extraction | Synthesis, info: ValidationInfo) -> Extraction | Synthesis:
    """Ask the grounding check in the validation context (absent: plain parsing, no checks)."""
    check: GroundingCheck | None = (info.context or {}).get("grounding") if isinstance(info.context, dict) else None
    if check is None:
        return answer
    problems = check.review(answer)
    if problems:
        raise ValueError(check.reask_message(problems))
    return answer
