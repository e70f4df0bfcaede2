"""Figures that cannot all be right: impossible changes, rate/count confusion, ambiguous numerals,
parts larger than their total, one figure stated twice with different values. (First version.)"""

from __future__ import annotations

from .ingest import Document
from .models import Anomaly, Metric


def detect(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    out: list[Anomaly] = []
    for m in metrics:
        if m.unit == "%" and m.change and m.change.direction == "down" and m.value > 100:
            out.append(Anomaly(metric_id=m.id, kind="impossible_change", quote=m.evidence.quote,
                               start=m.evidence.start, end=m.evidence.end,
                               explanation=f"a fall of {m.value:g}% is impossible for a positive amount"))
    return out
