"""A change whose direction contradicts the two levels it compares: 立案63起，较上月（58起）下降8.6% states
a fall where 58 -> 63 is a rise of 8.6%. The size matching the two levels exactly is what makes the
contradiction certain (a rounded or differently based percentage is left alone)."""

from __future__ import annotations

import re

from reportgen.models import Anomaly, Metric
from reportgen.verify.anomalies.article import NUM, Article, fmt
from reportgen.zh.vocabulary import FALL, RISE

_UNIT = r"[起件宗人名次家个元]"
# found from the comparison word (a search that began at every digit would be quadratic in a run of digits);
# the level it compares is read in the few characters before it
_COMPARED = re.compile(
    rf"(?:较|比|与)(?:上个?月|去年同期|上年同期|去年|上年|上季度?)"
    rf"[（(]?(?:的)?(?P<then>{NUM})(?P<unit>{_UNIT})?[）)]?[，,]?\s*(?:同比|环比)?(?:(?P<up>{RISE})|(?P<down>{FALL}))"
    rf"(?:了)?(?P<pct>{NUM})[%％]"
)
_NOW_BEFORE = re.compile(rf"(?<![\d.])(?P<now>\d{{1,12}}(?:\.\d{{1,6}})?)(?P<unit>{_UNIT})[，,]?\s*$")


def contradicted_directions(article: Article, metrics: list[Metric]) -> list[Anomaly]:
    """A stated rise or fall whose size is exactly what the two levels give, but in the other direction."""
    text = article.text
    out: list[Anomaly] = []
    for m in _COMPARED.finditer(text):
        before = _NOW_BEFORE.search(text, max(0, m.start() - 24), m.start())
        if before is None or (m.group("unit") and m.group("unit") != before.group("unit")):
            continue
        now, then, pct = float(before.group("now")), float(m.group("then")), float(m.group("pct"))
        if then <= 0 or now == then:
            continue
        implied = (now - then) / then * 100
        if abs(abs(implied) - pct) > 0.05 + 0.001 * pct or (implied > 0) == bool(m.group("up")):
            continue
        said, true = ("rise", "fall") if m.group("up") else ("fall", "rise")
        why = (f"Direction contradicts the levels: {fmt(then)} to {fmt(now)} is a {true} of {abs(implied):.1f}%, "
               f"but the text states a {said} of {fmt(pct)}%. The size matches, so the direction word is most "
               "likely a slip.")
        out.append(article.anomaly("contradicted_direction", before.start(), m.end(), why,
                                   article.metric_at(m.start("pct"), m.end(), pct)))
    return out
