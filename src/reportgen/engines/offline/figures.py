"""Every quantitative statement in the article, as MetricDrafts with source offsets. (First version.)"""

from __future__ import annotations

import re

from ...ingest import Document
from ...models import Bilingual, Change, MetricDraft, Period
from ...numbers import find_numbers

_CHANGE = re.compile(r"(?P<ind>[\u4e00-\u9fff]{2,12}?)(?P<basis>同比|环比)?(?P<dir>上升|下降|增加|减少|增长)(?P<num>\d+(?:\.\d+)?%)")


def find_figures(doc: Document, region: Bilingual | None = None, period: Period | None = None) -> list[MetricDraft]:
    out: list[MetricDraft] = []
    text = doc.simplified
    for m in _CHANGE.finditer(text):
        if doc.is_furniture(m.start(), m.end()):
            continue
        n = find_numbers(m.group("num"))[0]
        basis = {"同比": "year_on_year", "环比": "period_on_period"}.get(m.group("basis") or "", "unspecified")
        direction = "down" if m.group("dir") in ("下降", "减少") else "up"
        out.append(MetricDraft(
            indicator_zh=doc.text[m.start("ind"):m.end("ind")], value=n.value, unit="%", qualifier=n.qualifier,
            change=Change(direction=direction, basis=basis), quote=doc.text[m.start():m.end()],
            start=m.start(), end=m.end(), region_zh=region.zh if region else None,
            region_en=region.en if region else None, period=period.label if period else None,
        ))
    return out
