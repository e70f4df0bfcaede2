"""Prose checks: every number a reader sees in English must be backed by a verified figure or the source.

Summaries, key points and titles are written (by a model, or composed) after the figures are
verified; a number in them that no kept figure and no number of the article's body supports is
unbacked, and the pipeline and the llm re-ask refuse such prose.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from reportgen import registry
from reportgen.ingest.document import Document
from reportgen.models import Metric, Period
from reportgen.zh.numerals import numeral_values, same_value

_EN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(million|billion|thousand|trillion))?")
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def english_numbers(text: str) -> list[float]:
    """Numbers written in an English sentence (1,200; 7.03; 24.9 million)."""
    out = []
    for m in _EN_NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        if m.group(3):
            value *= _EN_SCALE[m.group(3)]
        out.append(value)
    return out


@registry.memo(maxsize=64)
def _numbers_in(text: str) -> tuple[float, ...]:
    """Values of every number in ``text`` (cached: grounding asks for the same body many times)."""
    return tuple(numeral_values(text))


def unbacked_numbers(text_en: str, metrics: list[Metric], doc: Document, period: Period | None = None) -> list[float]:
    """Numbers in English prose that no kept metric (value, from_value, or derived level) and no
    number in the source's body supports. Years and small ordinals count as backed when the source has them.

    The years of the report's period label, of the metrics' period labels and of the publication date
    are backed too: "the first half of 2020" is how English writes the period 2020-H1 that the text
    gives as 今年上半年 in an article dated 2020 (the year itself may never be written in the body)."""
    allowed: list[float] = []
    for m in metrics:
        allowed.append(float(m.value))
        if m.from_value is not None:
            allowed.append(float(m.from_value))
    labels = [period.label if period else "", *(m.period or "" for m in metrics)]
    allowed.extend(float(y) for label in labels for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", label))
    if doc.published is not None:
        allowed.append(float(doc.published.year))
    allowed.extend(_numbers_in(doc.body_simplified))
    ordered = sorted(allowed)
    return [value for value in english_numbers(text_en) if not _has_same_value(ordered, value)]


def _has_same_value(ordered: list[float], value: float) -> bool:
    """``any(same_value(value, a) for a in ordered)``, looking only where a match can be: same_value's
    tolerance is 1e-9 of the larger magnitude, so every match lies within 2e-9·max(1, |value|) of value
    (an article's body holds hundreds of numbers and each prose number was compared with all of them)."""
    reach = 2e-9 * max(1.0, abs(value))
    lo = bisect_left(ordered, value - reach)
    hi = bisect_right(ordered, value + reach, lo)
    return any(same_value(value, a) for a in ordered[lo:hi])
