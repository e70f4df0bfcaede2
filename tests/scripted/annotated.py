"""Scripted answers built at run time from an annotation file (../shared/GOLD_FORMAT.md).

A careful model's answer for a real article, without any of the article's sentences entering the
repository or a cassette: the figures are the annotator's (quote = evidence, value, unit, qualifier,
change), the English summary and key points are the annotator's ``key_points_en``, and the Chinese
summary and key points are the annotator's evidence clauses. Used with ``ScriptedServer(scripts=...)``.

``fabricated_script`` makes the same answer with one invented text in the field a reader sees
(glued digits, Chinese numerals, English number words, percentages, an invented year, a region
or a title), for the fabrication tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .server import Script, _clean

_BASIS = {"year_on_year": "year_on_year", "period_on_period": "period_on_period"}


def _qualifier(evidence: str, value: float, approximate: bool) -> str:
    """The contract qualifier of the number in the evidence that has the figure's value."""
    from reportgen.zh.numerals import find_numbers, same_value

    if not approximate:
        return "exact"
    for number in find_numbers(evidence):
        if same_value(number.value, value) and number.qualifier != "exact":
            return number.qualifier
    return "about" if "約" in evidence or "约" in evidence else "more_than"


def _figure(metric: dict[str, Any], region_zh: str | None) -> dict[str, Any]:
    figure: dict[str, Any] = {
        "indicator_zh": metric["indicator_zh"], "indicator_en": metric["indicator_en"], "value": metric["value"],
        "unit": metric["unit"], "quote": metric["evidence"],
        "qualifier": _qualifier(metric["evidence"], float(metric["value"]), bool(metric.get("approximate"))),
    }
    if metric.get("is_change"):
        figure["change_direction"] = metric.get("change_direction") or "flat"
        figure["change_basis"] = _BASIS.get(metric.get("comparison") or "", "unspecified")
    if metric.get("from_value") is not None:
        figure["from_value"] = metric["from_value"]
    if metric.get("region_zh") and metric["region_zh"] != region_zh:
        figure["region_zh"] = metric["region_zh"]
    if metric.get("period"):
        figure["period"] = metric["period"]
    return figure


def annotated_answer(gold: dict[str, Any]) -> dict[str, Any]:
    """The answer a careful model would give, from the annotation alone."""
    from reportgen.verify.prose import prose_numbers
    from reportgen.zh.numerals import same_value

    metrics = gold["metrics"]
    figures = [_figure(m, gold.get("region_zh")) for m in metrics]
    points = []
    for text in gold.get("key_points_en", [])[:8]:
        numbers = prose_numbers(text)
        backing = [i for i, f in enumerate(figures) if any(same_value(float(f["value"]), n) for n in numbers)]
        zh = metrics[backing[0]]["evidence"] if backing else ""
        points.append({"en": text, "zh": zh, "figure_indexes": backing[:3]})
    summary_zh = "；".join(m["evidence"] for m in metrics[:3]) + "。" if metrics else ""
    return {
        "title_en": gold.get("title_en") or "",
        "region_zh": gold.get("region_zh"), "region_en": gold.get("region_en"),
        "period": gold.get("period"),
        "summary_zh": summary_zh, "summary_en": " ".join(gold.get("key_points_en", [])[:3]),
        "key_points": points, "figures": figures,
    }


def annotated_script(article: Path, answer: dict[str, Any] | None = None) -> Script:
    """A Script for ``article`` (X.txt beside X.json) answering with ``answer`` or the annotated one."""
    gold = json.loads(article.with_suffix(".json").read_text(encoding="utf-8"))
    return Script(name=article.name, text=_clean(article.read_text(encoding="utf-8")),
                  extract=[answer if answer is not None else annotated_answer(gold)])
