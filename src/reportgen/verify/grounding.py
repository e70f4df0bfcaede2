"""Grounding: turn an engine's Draft into verified Metrics, or Rejected entries with a reason.

Nothing an engine proposes is trusted. Each figure's quote is located in the source (exactly,
then after whitespace/punctuation/script normalisation), its value is checked against the
numbers in the quote (万/亿, %, 多/余/近), its direction against the quote's words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Change, Draft, Evidence, KeyPoint, Metric, MetricDraft, Period, Rejected
from reportgen.zh.numerals import find_numbers, numeral_values, same_value
from reportgen.zh.places import place_en

UP_WORDS = re.compile(r"上升|增加|增长|增長|提升|提高|上涨|上漲|攀升|增幅|多了|翻番|翻了")
DOWN_WORDS = re.compile(r"下降|减少|減少|下跌|降低|回落|减|減|降幅|少了|压降|壓降")
_ZERO_WORDS = re.compile(r"零|0|无|無|全破|未发生|未發生|持平|相同|相當|相当")
_YEAR_ON_YEAR_WORDS = re.compile(r"同比|较去年|較去年|比去年|与去年|與去年|同期")
_PERIOD_ON_PERIOD_WORDS = re.compile(r"环比|環比")
_SKIP = re.compile(r"[\s\u3000,，、。；;:：“”\"'‘’（）()《》〈〉【】\[\]·•\-—…!！?？]")


@dataclass
class Grounded:
    metrics: list[Metric] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    kept_draft_index: dict[int, int] = field(default_factory=dict)  # draft index -> metric id


def _occurrences(haystack: str, needle: str) -> list[int]:
    """Start of every (possibly overlapping) occurrence of ``needle`` in ``haystack``."""
    hits, at = [], haystack.find(needle)
    while at >= 0:
        hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits


def _normalised_index(text: str) -> tuple[str, list[int]]:
    """Text with whitespace/punctuation removed, NFKC-folded, and a map back to source offsets."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if _SKIP.match(ch):
            continue
        folded = unicodedata.normalize("NFKC", ch)
        for c in folded:
            chars.append(c)
            index.append(i)
    return "".join(chars), index


# the article's normalised form is built once and reused for every quote located in it
_normalised_article = lru_cache(maxsize=8)(_normalised_index)


def locate(doc: Document, quote: str, start: int | None = None, end: int | None = None,
           near: int | None = None) -> tuple[int, int, str] | None:
    """Where ``quote`` stands in the source: (start, end, "verified"|"normalised") or None.

    Stated offsets are trusted only when they hold. Among several exact occurrences the one
    outside page furniture and nearest ``near`` wins.
    """
    text = doc.text
    if not quote.strip():
        return None
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == quote:
        return start, end, "verified"
    for haystack in (text, doc.simplified):
        hits = _occurrences(haystack, quote)
        if hits:
            best = _best_hit(doc, hits, len(quote), near)
            return best, best + len(quote), "verified" if haystack is text else "normalised"
    # normalised match: whitespace/punctuation-insensitive, on the Simplified view
    from reportgen.zh.script import to_simplified

    norm_text, index = _normalised_article(doc.simplified)
    norm_quote, _ = _normalised_index(to_simplified(quote))
    if not norm_quote:
        return None
    hits = _occurrences(norm_text, norm_quote)
    if not hits:
        return None
    h = _best_hit(doc, [index[h] for h in hits], 0, near)
    k = [index[x] for x in hits].index(h)
    s = index[hits[k]]
    e = index[hits[k] + len(norm_quote) - 1] + 1
    return s, e, "normalised"


def _best_hit(doc: Document, hits: list[int], length: int, near: int | None) -> int:
    def key(h: int) -> tuple[int, int]:
        return (1 if doc.is_furniture(h, h + max(1, length)) else 0, abs(h - near) if near is not None else 0)

    return min(hits, key=key)


def check_value(draft: MetricDraft, quote: str) -> str | None:
    """None when the draft's value (and from_value) appear among the quote's numbers."""
    values = numeral_values(quote)  # the numbers themselves only when the check fails (to name them)
    if not values and draft.value == 0 and _ZERO_WORDS.search(quote):
        return None
    if not any(same_value(v, draft.value) for v in values):
        shown = ", ".join(n.text for n in find_numbers(quote)) or "none"
        return f"value {draft.value:g} is not a number in the quote (numbers there: {shown})"
    if draft.from_value is not None and not any(same_value(v, draft.from_value) for v in values):
        return f"from_value {draft.from_value:g} is not a number in the quote"
    return None


def check_direction(change: Change | None, quote: str) -> str | None:
    """A change must agree with the quote's 上升/下降 words (when the quote has any)."""
    if change is None or change.direction == "flat":
        return None
    up, down = bool(UP_WORDS.search(quote)), bool(DOWN_WORDS.search(quote))
    if change.direction == "up" and down and not up:
        return "direction 'up' contradicts the quote, which says it fell"
    if change.direction == "down" and up and not down:
        return "direction 'down' contradicts the quote, which says it rose"
    if change.basis == "year_on_year" and not _YEAR_ON_YEAR_WORDS.search(quote):
        if _PERIOD_ON_PERIOD_WORDS.search(quote):
            return "basis 'year_on_year' but the quote says 环比 (period on period)"
    if change.basis == "period_on_period" and "同比" in quote and not _PERIOD_ON_PERIOD_WORDS.search(quote):
        return "basis 'period_on_period' but the quote says 同比 (year on year)"
    return None


def ground_metrics(doc: Document, draft: Draft, *, label_en=None) -> Grounded:  # noqa: ANN001
    """Verify every proposed figure; keep what holds, reject the rest with a reason."""
    out = Grounded()
    seen: dict[tuple[int, int, float, str | None], int] = {}
    for i, md in enumerate(draft.metrics):
        where = locate(doc, md.quote, md.start, md.end)
        if where is None:
            out.rejected.append(Rejected(draft=md.model_dump(mode="json"), reason="quote not found in the source"))
            continue
        start, end, status = where
        quote = doc.text[start:end]
        analysed = doc.simplified[start:end]
        reason = check_value(md, analysed) or check_direction(md.change, analysed)
        if reason is None and doc.is_furniture(start, end):
            reason = "quote is page furniture (byline, notice, caption), not article content"
        if reason:
            out.rejected.append(Rejected(draft=md.model_dump(mode="json"), reason=reason))
            continue
        key = (start, end, md.value, md.change.direction if md.change else None)
        if key in seen and md.indicator_zh == out.metrics[seen[key]].indicator.zh:
            out.kept_draft_index[i] = seen[key]
            continue
        indicator_en = md.indicator_en or (label_en(md.indicator_zh) if label_en else md.indicator_zh)
        metric = Metric(
            id=len(out.metrics),
            indicator=Bilingual(zh=md.indicator_zh, en=indicator_en),
            value=md.value,
            unit=md.unit,
            qualifier=md.qualifier,
            change=md.change,
            from_value=md.from_value,
            region=Bilingual(zh=md.region_zh, en=md.region_en or place_en(md.region_zh)) if md.region_zh else None,
            period=md.period,
            evidence=Evidence(quote=quote, start=start, end=end),
            status=status,  # type: ignore[arg-type]
            origin=md.origin,
        )
        seen[key] = metric.id
        out.kept_draft_index[i] = metric.id
        out.metrics.append(metric)
    return out


def remap_key_points(draft: Draft, grounded: Grounded) -> list[KeyPoint]:
    """Key points keep only references to kept figures."""
    points: list[KeyPoint] = []
    for kp in draft.key_points:
        ids = [grounded.kept_draft_index[i] for i in kp.metric_indexes if i in grounded.kept_draft_index]
        points.append(KeyPoint(en=kp.en, zh=kp.zh, metric_ids=ids))
    return points


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


@lru_cache(maxsize=64)
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
