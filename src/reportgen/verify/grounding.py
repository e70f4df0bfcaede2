"""Grounding: turn an engine's Draft into verified Metrics, or Rejected entries with a reason.

Nothing an engine proposes is trusted. Each figure's quote is located in the source (exactly,
then after whitespace/punctuation/script normalisation), its value is checked against the
numbers in the quote (万/亿, %, 多/余/近), its direction against the quote's words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, cast

from reportgen import registry
from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Change, Draft, Evidence, KeyPoint, Metric, MetricDraft, Rejected
from reportgen.zh.numerals import find_numbers, numeral_values, same_value
from reportgen.zh.places import place_en
from reportgen.zh.vocabulary import (
    FALL_HINTS,
    FALL_RATE_NOUNS,
    FALL_VERBS,
    FLAT_WORDS,
    LAST_YEAR_WORDS,
    PERIOD_ON_PERIOD_WORDS,
    RATE_SHIFT,
    RISE_HINTS,
    RISE_RATE_NOUNS,
    RISE_VERBS,
    TARGET,
    YEAR_ON_YEAR_WORDS,
    alternation,
    composites,
    with_traditional,
)

# the quote is read as written or as its Simplified view: both spellings count
UP_WORDS = re.compile(alternation(with_traditional(RISE_VERBS + RISE_RATE_NOUNS + RISE_HINTS)))
DOWN_WORDS = re.compile(alternation(with_traditional(FALL_VERBS + FALL_RATE_NOUNS + FALL_HINTS)))
# a value of 0 may be written as a word (无, 未发生) or as no change at all (持平)
_ZERO_WORDS = re.compile(r"零|0|无|無|全破|未发生|未發生|" + alternation(with_traditional(FLAT_WORDS)))
# a quote that says only this says the figure did not move (同比持平); 相同/相当 say it less surely
_NO_CHANGE = re.compile(alternation(with_traditional(("持平",))))
_FIRST_PLACE_WORDS = re.compile(r"榜首|居首|首位|之首|夺冠|奪冠|冠军|冠軍")
_MOST_WORDS = re.compile(r"最(?:多|高|大|快|强|強)")
_ALL_WORDS = re.compile(r"全部|全数|全數|悉数|悉數|百分之百")
_LAST_YEAR_WORDS = re.compile(alternation(with_traditional(LAST_YEAR_WORDS)))
_YEAR_ON_YEAR_WORDS = re.compile(alternation(YEAR_ON_YEAR_WORDS))
_PERIOD_ON_PERIOD_WORDS = re.compile(alternation(with_traditional(PERIOD_ON_PERIOD_WORDS)))
_SKIP = re.compile(r"[\s\u3000,，、。；;:：“”\"'‘’（）()《》〈〉【】\[\]·•\-—…!！?？]")


MatchStatus = Literal["verified", "normalised"]


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


@registry.memo(maxsize=8)
def _normalised_article(text: str) -> tuple[str, list[int]]:
    """The article's normalised form, built once and reused for every quote located in it."""
    return _normalised_index(text)


def locate(doc: Document, quote: str, start: int | None = None, end: int | None = None,
           near: int | None = None) -> tuple[int, int, MatchStatus] | None:
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
    if draft.value == 1 and (_FIRST_PLACE_WORDS.search(quote) or (draft.unit == "rank" and _MOST_WORDS.search(quote))):
        return None  # 榜首, 居首: first place, a rank of 1; so is the most of all (罪案最多的地区) as a rank
    if draft.value == 100 and draft.unit in ("%", "％") and not values and _ALL_WORDS.search(quote):
        return None  # 判决全部支持: all of them, 100%
    if not any(same_value(v, draft.value) for v in values):
        shown = ", ".join(n.text for n in find_numbers(quote)) or "none"
        return f"value {draft.value:g} is not a number in the quote (numbers there: {shown})"
    if draft.from_value is not None and not any(same_value(v, draft.from_value) for v in values):
        return f"from_value {draft.from_value:g} is not a number in the quote"
    return None


def check_direction(change: Change | None, quote: str) -> str | None:
    """A change must agree with the quote's 上升/下降 words (when the quote has any).

    A phrase that decides as a whole (降幅收窄: up, 负增长: down, 按年-2.3%: down, 零增长: no change) counts
    once, as the whole, and its parts (收窄, 增长) are not read again.
    """
    if change is None:
        return None
    masked, phrases = composites(quote)
    said = {direction for _, _, direction in phrases}
    up = "up" in said or bool(UP_WORDS.search(masked))
    down = "down" in said or bool(DOWN_WORDS.search(masked))
    if change.direction != "flat" and not up and not down and ("flat" in said or _NO_CHANGE.search(masked)):
        return f"direction '{change.direction}' contradicts the quote, which says it did not change"
    if change.direction == "flat":
        return None
    # 降幅收窄1.3个百分点: "the decline narrowed" (its rate went down) and "growth improved" (up) are both
    # honest readings of a decline rate's shift; the offline engine says up, a model's down is no misstatement.
    # A growth rate's shift (增速回落) and a shift to a new rate (降幅收窄至3.2%) have one reading only.
    for start, end, _ in phrases:
        shift = RATE_SHIFT.match(quote, start, end)
        if shift is not None and shift.group("decline") and not shift.group("to"):
            up = down = True
    if change.direction == "up" and down and not up:
        return "direction 'up' contradicts the quote, which says it fell"
    if change.direction == "down" and up and not down:
        return "direction 'down' contradicts the quote, which says it rose"
    if change.basis == "year_on_year" and not _LAST_YEAR_WORDS.search(quote):
        if _PERIOD_ON_PERIOD_WORDS.search(quote):
            return "basis 'year_on_year' but the quote says 环比 (period on period)"
    if (change.basis == "period_on_period" and _YEAR_ON_YEAR_WORDS.search(quote)
            and not _PERIOD_ON_PERIOD_WORDS.search(quote)):
        return "basis 'period_on_period' but the quote says 同比 (year on year)"
    return None


_SENTENCE_START = re.compile(r"[。！？!?；;\n]")


def is_target(doc: Document, start: int) -> bool:
    """The figure at ``start`` is a goal or forecast: its sentence says 力争/确保/计划/预计… before it."""
    text = doc.simplified
    lo = max(0, start - 200)  # a sentence is read back at most this far: linear in the article
    ends = [m.end() for m in _SENTENCE_START.finditer(text, lo, start)]
    return TARGET.search(text, ends[-1] if ends else lo, start) is not None


def ground_metrics(doc: Document, draft: Draft, *, label_en: Callable[[str], str] | None = None) -> Grounded:
    """Verify every proposed figure; keep what holds, reject the rest with a reason."""
    out = Grounded()
    # one figure per quote, value, direction and place: 甲市、乙县均下降30%以上 states one figure for each place
    seen: dict[tuple[int, int, float, str | None, str | None], int] = {}
    for i, md in enumerate(draft.metrics):
        where, reason = _checked(doc, md)
        if where is None:
            out.rejected.append(Rejected(draft=md.model_dump(mode="json"), reason="quote not found in the source"))
            continue
        start, end, status = where
        quote = doc.text[start:end]
        if reason:
            out.rejected.append(Rejected(draft=md.model_dump(mode="json"), reason=reason))
            continue
        key = (start, end, md.value, md.change.direction if md.change else None, md.region_zh)
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
            repeats=[r for r in md.repeats if doc.text[r.start:r.end] == r.quote],  # only verbatim restatements
            status=status,
            origin=md.origin,
            target=is_target(doc, start),
        )
        seen[key] = metric.id
        out.kept_draft_index[i] = metric.id
        out.metrics.append(metric)
    return out


def _checked(doc: Document, md: MetricDraft) -> tuple[tuple[int, int, MatchStatus] | None, str | None]:
    """Where the draft's quote stands and why it fails (None: it holds), asked of each figure once per article."""
    change = (md.change.direction, md.change.basis) if md.change else None
    key = ("grounding", md.quote, md.start, md.end, md.value, md.from_value, md.unit, change)
    known = doc.checked.get(key)
    if known is not None:
        return cast("tuple[tuple[int, int, MatchStatus] | None, str | None]", known)  # stored below, under this key
    where = locate(doc, md.quote, md.start, md.end)
    reason: str | None = None
    if where is not None:
        start, end, _ = where
        analysed = doc.simplified[start:end]
        reason = check_value(md, analysed) or check_direction(md.change, analysed)
        if reason is None and doc.is_furniture(start, end):
            reason = "quote is page furniture (byline, notice, caption), not article content"
    doc.checked[key] = (where, reason)
    return where, reason


def remap_key_points(draft: Draft, grounded: Grounded) -> list[KeyPoint]:
    """Key points keep only references to kept figures."""
    points: list[KeyPoint] = []
    for kp in draft.key_points:
        ids = [grounded.kept_draft_index[i] for i in kp.metric_indexes if i in grounded.kept_draft_index]
        points.append(KeyPoint(en=kp.en, zh=kp.zh, metric_ids=ids))
    return points
