"""Changes that cannot be right: a fall of more than 100%, and a rate given the change of its count."""

from __future__ import annotations

import re

from reportgen.models import Anomaly, Metric
from reportgen.verify.anomalies.article import CLAUSE_END, NUM, SENTENCE_END, Article, fmt
from reportgen.verify.anomalies.statements import Statement
from reportgen.zh.numerals import same_value
from reportgen.zh.vocabulary import BASIS_PHRASES, FALL, FALL_RATE, PREFIX_QUALIFIERS, RISE, alternation

_IMPOSSIBLE = re.compile(
    rf"(?P<basis>(?:{BASIS_PHRASES})\s*)?(?:(?P<dir>{FALL}|{FALL_RATE})(?:了|为|达|达到|幅度为|幅度达)?|(?:{RISE})[-－−])\s*"
    rf"(?:{alternation(tuple(PREFIX_QUALIFIERS))})?(?P<num>{NUM})\s*[%％](?![\d.])"
)
# amounts that can turn negative: a fall of more than 100% is possible for them
_CAN_BE_NEGATIVE = re.compile(r"利润|盈利|亏损|赤字|差额|顺差|逆差|净值|净额|净利|收支|结余")


def impossible_changes(article: Article, metrics: list[Metric]) -> list[Anomaly]:
    """A fall of more than 100% of an amount (not percentage points): it would leave less than nothing."""
    text = article.text
    out: list[Anomaly] = []
    for m in _IMPOSSIBLE.finditer(text):
        value = float(m.group("num"))
        clause_start, _ = article.bounds(m.start(), CLAUSE_END)
        if value <= 100 or _CAN_BE_NEGATIVE.search(text, clause_start, m.start()):
            continue
        start, end = m.start(), m.end()
        out.append(article.anomaly("impossible_change", start, end, _impossible_why(value),
                                   article.metric_at(start, end, value)))
    for metric in metrics:
        change = metric.change
        quote = text[metric.evidence.start:metric.evidence.end]
        if (change is not None and change.direction == "down" and metric.unit == "%" and metric.value > 100
                and "百分点" not in quote and not _CAN_BE_NEGATIVE.search(quote)
                and not any(a.start < metric.evidence.end and metric.evidence.start < a.end for a in out)):
            out.append(article.anomaly("impossible_change", metric.evidence.start, metric.evidence.end,
                                       _impossible_why(float(metric.value)), metric.id))
    return out


def _impossible_why(value: float) -> str:
    return (f"A fall of {fmt(value)}% is impossible for a positive amount: nothing can fall by more than 100% of "
            "itself. The percentage, or the base it was computed from, is wrong; the true change cannot be "
            "recovered from the article.")


def rate_count_confusions(article: Article, changes: list[Statement], metrics: list[Metric]) -> list[Anomaly]:
    """A change given for a rate (X率) that the text elsewhere gives, with the same value and
    direction, for the count of the same indicator (X数): one of the two labels is wrong."""
    statements = [s for s in changes if s.unit == "%"]
    out: list[Anomaly] = []
    for rate in statements:
        if not rate.indicator.endswith("率"):
            continue
        bases = _base_candidates(rate.indicator[:-1])
        for other in statements:
            if other is rate or other.direction != rate.direction or not same_value(other.value, rate.value):
                continue
            if other.start < rate.end and rate.start < other.end:
                continue
            base = next((b for b in bases if _is_count_of(other.indicator, b)), None)
            if base is None:
                continue
            sentence_start, _ = article.bounds(rate.start, SENTENCE_END)
            word = article.text.rfind(base + "率", sentence_start, rate.end)
            start = word if word >= 0 else rate.start
            rose = "rise" if rate.direction == "up" else "fall"
            out.append(article.anomaly(
                "rate_count_confusion", start, rate.end,
                f"Rate and count confused: a {rose} of {fmt(rate.value)}% is attached here to the rate "
                f"'{base}率', and elsewhere in the article the same {fmt(rate.value)}% is the change in the count "
                f"'{other.indicator}'. Both can change by exactly the same proportion only by coincidence, so one "
                "of the two labels is almost certainly wrong (and a change in a rate may be meant in percentage "
                "points).",
                article.metric_at(rate.start, rate.end, rate.value),
            ))
            break
    return out


def _base_candidates(stem: str) -> list[str]:
    """'梅县区破案' -> ['梅县区破案', '县区破案', '区破案', '破案']: the base may carry a place in front."""
    return [stem[i:] for i in range(len(stem) - 1)] if len(stem) >= 2 else []


def _is_count_of(indicator: str, base: str) -> bool:
    """'破案数', '刑事案件破案数', '破案' are counts of 破案; '破案率' is not."""
    if not indicator or indicator.endswith("率"):
        return False
    i = indicator.find(base)
    return i >= 0 and not indicator[i + len(base):].startswith("率")
