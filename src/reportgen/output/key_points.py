"""Which figures make the key points: importance, and the passages figures are grouped into.

Importance: changes of headline indicators first (刑事治安警情 down 7.03%), then from->to figures,
then large counts and amounts; figures about the report's own place and period before those about a
narrower place or a single event. Figures from one passage (one sentence, e.g. a 分别 list) make one
key point, a level and its change (交通事故12725宗 ... 同比下降18.35%) one clause.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportgen.english.periods import period_phrase
from reportgen.english.places import place_name
from reportgen.english.units import unit_en
from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Metric, Period
from reportgen.output.clauses import Clause, change_clause, from_to_clause, level_clause
from reportgen.zh.numerals import same_value
from reportgen.zh.script import to_simplified

MAX_CLAUSES_PER_POINT = 5
_HEADLINE = re.compile(r"刑事治安警情|刑事案件|刑事警情|治安警情|警情|破案|立案|命案|电信网络诈骗|电诈|诈骗|"
                       r"交通事故|死亡|受伤|两抢|双抢|八类|盗窃|抢劫|毒品|涉案金额|追赃挽损|挽回|满意|安全感|生产总值|GDP|收入|逃犯|黑恶|恶势力")
FULL_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def importance(m: Metric, region: Bilingual | None, period: Period | None, length: int) -> float:
    """How much an analyst needs this figure: changes of headline indicators first, then large counts."""
    ind = to_simplified(m.indicator.zh)
    score = 0.0
    if m.change is not None:
        score += 40 if unit_en(m.unit) == "%" else 30
    if m.from_value is not None:
        score += 25
    if _HEADLINE.search(ind):
        score += 20
    if m.change is None and m.from_value is None:
        u = unit_en(m.unit)
        if u == "%":
            score += 12
        elif u == "rank":
            score += 15
        elif m.value > 0:
            score += min(25.0, 4 * math.log10(float(m.value) + 1))
        if same_value(float(m.value), 0):
            score += 6
    score += 8 * (1 - m.evidence.start / max(1, length))
    if region is not None and m.region is not None and to_simplified(m.region.zh) != to_simplified(region.zh):
        score -= 10
    if period is not None and m.period and m.period != period.label:
        score -= 8
    if "(" in ind or "（" in ind:
        score -= 12  # one case or one person: an anecdote, not a statistic
    return score


class Pending:
    """A clause's place among the others (score, order, metrics); its wording is built only if it is
    stated: an article has many more figures than its key points and summary can hold."""

    __slots__ = ("score", "start", "is_change", "metric_ids", "_make", "_clause")

    def __init__(self, score: float, start: int, is_change: bool, metric_ids: list[int],
                 make: Callable[[], Clause]) -> None:
        self.score, self.start, self.is_change, self.metric_ids = score, start, is_change, metric_ids
        self._make = make
        self._clause: Clause | None = None

    def built(self) -> Clause:
        """The clause's wording, built on first use."""
        if self._clause is None:
            self._clause = self._make()
        return self._clause


@dataclass
class Passage:
    clauses: list[Pending] = field(default_factory=list)
    place: str = ""
    when: str = ""
    narrower: bool = False

    @property
    def score(self) -> float:
        return max(c.score for c in self.clauses) + 0.5 * (len(self.clauses) - 1)

    @property
    def metric_ids(self) -> list[int]:
        return sorted({i for c in self.clauses for i in c.metric_ids})


def at_least(passages: list[Passage], wanted: int) -> list[Passage]:
    """Split the fullest passages (in text order, changes first) until there are ``wanted`` key points,
    when the article has that many figures: a reader skims a list of points, not one long sentence."""
    out = list(passages)
    while len(out) < wanted:
        i = max(range(len(out)), key=lambda k: len(out[k].clauses), default=None)
        if i is None or len(out[i].clauses) < 2:
            break
        p = out[i]
        half = (len(p.clauses) + 1) // 2
        first = Passage(p.clauses[:half], p.place, p.when, p.narrower)
        second = Passage(p.clauses[half:], p.place, p.when, p.narrower)
        out[i:i + 1] = [first, second]
    return out


def _sentence_index(doc: Document) -> tuple[list[int], list[tuple[int, int]]]:
    spans = [(m.start(), m.end()) for m in FULL_SENTENCE.finditer(doc.text)]
    return [s for s, _ in spans], spans


def _fact_key(m: Metric) -> tuple[Any, ...]:
    return (m.indicator.en.strip().lower(), float(m.value), m.unit, m.from_value,
            (m.change.direction, m.change.basis) if m.change else None,
            to_simplified(m.region.zh) if m.region else "", m.period or "")


def _pairs(metrics: list[Metric]) -> dict[int, Metric]:
    """change id -> the level it changed (交通事故12725宗 with 同比下降18.35%): an indicator stated once as a
    level and once as a change for one place and period, even in different sentences."""
    groups: dict[tuple[str, str, str], list[Metric]] = {}
    seen: set[tuple[Any, ...]] = set()
    for m in metrics:
        if m.from_value is not None or _fact_key(m) in seen:
            continue
        seen.add(_fact_key(m))
        key = (m.indicator.en.strip().lower(), to_simplified(m.region.zh) if m.region else "", m.period or "")
        groups.setdefault(key, []).append(m)
    pairs: dict[int, Metric] = {}
    for ms in groups.values():
        changes = [m for m in ms if m.change is not None and m.change.direction != "flat"]
        levels = [m for m in ms if m.change is None]
        if len(changes) == 1 and len(levels) == 1:
            # a rate pairs with a change in percentage points only: "rose 37.82% to 51.8%" would read
            # as if the two numbers were of one kind
            if unit_en(levels[0].unit) != "%" or re.search(r"percentage point|百分点", changes[0].unit):
                pairs[changes[0].id] = levels[0]
    return pairs


def group_passages(doc: Document, metrics: list[Metric], region: Bilingual | None,
              period: Period | None, scores: dict[int, float]) -> list[Passage]:
    """Figures grouped by the sentence they stand in, a level paired with its change, scored
    (``scores``: metric id -> importance, computed once per article)."""
    starts, _ = _sentence_index(doc)
    pairs = _pairs(metrics)
    paired_levels = {m.id for m in pairs.values()}
    by_sentence: dict[tuple[int, str, str], list[Metric]] = {}
    seen: set[tuple[Any, ...]] = set()
    for m in sorted(metrics, key=lambda m: (m.evidence.start, m.id)):
        if m.id in paired_levels:
            continue
        fact = _fact_key(m)
        if fact in seen:
            continue  # the article repeats a figure it already gave (a summary paragraph and its detail)
        seen.add(fact)
        sentence = bisect.bisect_right(starts, m.evidence.start) - 1
        place = m.region.zh if m.region else (region.zh if region else "")
        when = m.period or (period.label if period else "")
        by_sentence.setdefault((sentence, to_simplified(place), when), []).append(m)
    grouped: list[Passage] = []
    for (_, _, when), group in by_sentence.items():
        clauses = _clauses(group, pairs, scores)
        sample = group[0]
        narrower = bool(region and sample.region and to_simplified(sample.region.zh) != to_simplified(region.zh))
        place_en = place_name(sample.region or region) or ""
        while clauses:  # the most important clauses of a long passage first, each point in text order
            top = sorted(clauses, key=lambda c: -c.score)[:MAX_CLAUSES_PER_POINT]
            clauses = [c for c in clauses if c not in top]  # (each metric is in one clause: identity)
            top.sort(key=lambda c: (not c.is_change, c.start))
            grouped.append(Passage(top, place_en, period_phrase(when), narrower))
    return grouped


def _clauses(group: list[Metric], pairs: dict[int, Metric], scores: dict[int, float]) -> list[Pending]:
    """One clause per figure of a passage (a change with the level it changed), in the order and with
    the metrics, start and kind (change or level) the built Clause has."""
    clauses: list[Pending] = []
    for m in group:
        score = scores[m.id]
        if m.change is not None:
            level = pairs.get(m.id)
            if level is not None:
                score = max(score, scores[level.id])
                start = min(m.evidence.start, level.evidence.start)
                clauses.append(Pending(score, start, True, [m.id, level.id], partial(change_clause, m, level, score)))
            else:
                clauses.append(Pending(score, m.evidence.start, True, [m.id], partial(change_clause, m, None, score)))
        elif m.from_value is not None:
            clauses.append(Pending(score, m.evidence.start, True, [m.id], partial(from_to_clause, m, score)))
        else:
            clauses.append(Pending(score, m.evidence.start, False, [m.id], partial(level_clause, m, score)))
    clauses.sort(key=lambda c: (not c.is_change, c.start))
    return clauses
