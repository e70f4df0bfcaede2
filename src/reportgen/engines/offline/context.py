"""The article's own place and period, and an English headline, inferred from the text."""

from __future__ import annotations

from ...ingest import Document
from ...models import Bilingual, Period


def infer_context(doc: Document) -> tuple[Bilingual | None, Period | None, str | None]:
    """(region, period, title_en) of the article; None where the text does not say. (First version.)"""
    return None, None, None
