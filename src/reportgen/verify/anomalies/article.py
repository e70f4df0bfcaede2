"""What every anomaly check reads about one article, worked out once per article and passed down.

Checks read the article's Simplified view (the same length as ``doc.text``), so offsets point into
``doc.text`` and quotes are ``doc.text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import cached_property

from reportgen.english.numbers import number_en
from reportgen.ingest.document import Document
from reportgen.models import Anomaly, Metric
from reportgen.zh.numerals import same_value
from reportgen.zh.scope import Scope

NUM = r"\d+(?:\.\d+)?"
SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = SENTENCE_END + "，,：:"
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


class Article:
    """One article as the checks see it: its text, where its sentences and clauses end, its scope."""

    def __init__(self, doc: Document, metrics: Iterable[Metric] = ()) -> None:
        self.doc = doc
        self.text = doc.simplified
        self._stops: dict[str, list[int]] = {}
        # the report's metrics by where their evidence starts, so a check finds the one it overlaps by
        # bisection (thousands of anomalies each scanning thousands of metrics made an article quadratic)
        self._metrics = sorted(metrics, key=lambda m: m.evidence.start)
        self._metric_starts = [m.evidence.start for m in self._metrics]
        self._longest = max((m.evidence.end - m.evidence.start for m in self._metrics), default=0)

    @cached_property
    def scope(self) -> Scope:
        """The place and period of a figure, as the offline engine reads them (built only when asked)."""
        return Scope(self.doc)

    def bounds(self, pos: int, stops: str) -> tuple[int, int]:
        """[start, end) of the stretch around ``pos`` delimited by any of ``stops`` (single characters)."""
        text = self.text
        if pos < 0:  # str.find's negative offsets count from the end: keep that meaning
            start = max((text.rfind(ch, 0, pos) for ch in stops), default=-1) + 1
            ends = [i for i in (text.find(ch, pos) for ch in stops) if i >= 0]
            return start, min(ends) if ends else len(text)
        at = self._stops.get(stops)
        if at is None:  # each set of stops is looked for once per article, then bisected
            at = self._stops[stops] = [m.start() for m in re.finditer(f"[{re.escape(stops)}]", text)]
        k = bisect_left(at, pos)
        return (at[k - 1] + 1 if k else 0), (at[k] if k < len(at) else len(text))

    def metric_at(self, start: int, end: int, value: float | None = None) -> int | None:
        """Id of a metric whose evidence overlaps [start, end) (and carries ``value``, when given)."""
        lo = bisect_left(self._metric_starts, start - self._longest)
        for m in self._metrics[lo:bisect_left(self._metric_starts, end)]:
            if start < m.evidence.end and (value is None or same_value(float(m.value), value)):
                return m.id
        return None

    def anomaly(self, kind: str, start: int, end: int, explanation: str, metric_id: int | None = None) -> Anomaly:
        return Anomaly(metric_id=metric_id, kind=kind, quote=self.doc.text[start:end], start=start, end=end,
                       explanation=explanation)




def fmt(value: float) -> str:
    """A figure in an explanation, written as everywhere else in English (``english.numbers``)."""
    return number_en(value)
