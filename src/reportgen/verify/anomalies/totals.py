"""Parts larger than their total: '抓获嫌疑人120人，其中…150人', or listed parts that add up to more
than the total stated before them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.english.units import unit_en
from reportgen.models import Anomaly, Metric
from reportgen.verify.anomalies.article import CLAUSE_END, SENTENCE_END, Article, fmt
from reportgen.zh.numerals import find_numbers
from reportgen.zh.vocabulary import BASIS_WORD, FALL, RISE

_UNIT_AFTER = re.compile(r"(?:余|多)?(人次|辆次|人|名|起|宗|件|辆|元|户|家|处|次|个|吨|公斤)")
_TOTAL_MARK = re.compile(r"共|总计|合计|累计|总共|一共")
_PARTS_STOP = re.compile(r"另|此外|同时|还|并|以及|又|共|累计|合计|总计|全年|全市|全县|全区|全省")
_STAGES = re.compile(r"刑拘|刑事拘留|逮捕|批捕|起诉|移送|判处|强制措施|立案|破案|抓获")


@dataclass(frozen=True)
class _Count:
    value: float
    lower: float  # the smallest value the wording allows (近100 -> 0: unknown)
    upper: float  # the largest value the wording allows (1200多 -> 1300)
    unit: str
    start: int
    end: int


_CHANGED_BEFORE = re.compile(rf"(?:{RISE}|{FALL}|{BASIS_WORD})[了]?$")


def _counts(text: str, start: int, end: int) -> list[_Count]:
    """Counts with a unit in text[start:end], skipping percentages and changes (上升12人)."""
    out: list[_Count] = []
    for n in find_numbers(text[start:end]):
        if n.percent:
            continue
        s, e = start + n.start, start + n.end
        unit = _UNIT_AFTER.match(text, e)
        if not unit:
            continue
        before = text[max(start, s - 6):s]
        if _CHANGED_BEFORE.search(before):
            continue
        if n.qualifier in ("over", "at_least"):
            upper = float("inf")
        elif n.qualifier == "more_than":
            upper = n.value + _last_place(n.value)
        elif n.qualifier in ("about", "nearly"):
            upper = n.value * 1.1
        else:
            upper = n.value
        lower = 0.0 if n.qualifier in ("nearly", "under", "about") else n.value
        out.append(_Count(n.value, lower, upper, unit_en(unit.group(1)), s, unit.end()))
    return out


def _last_place(value: float) -> float:
    """1200 -> 100, 10000 -> 10000, 35 -> 1: the step a 多/余 may add."""
    if value <= 0 or value != int(value):
        return 1.0
    step, v = 1.0, int(value)
    while v % 10 == 0 and v > 0:
        v //= 10
        step *= 10
    return step


def parts_exceeding_totals(article: Article, metrics: list[Metric]) -> list[Anomaly]:
    """'抓获嫌疑人120人，其中…150人': a part in the same unit larger than its total; or, after a
    stated total (共…), listed parts (A…、B…) that add up to more than it."""
    text = article.text
    out: list[Anomaly] = []
    for hit in re.finditer("其中", text):
        sentence_start, sentence_end = article.bounds(hit.start(), SENTENCE_END)
        totals = _counts(text, sentence_start, hit.start())
        total_start = sentence_start
        if not totals and text[sentence_start:hit.start()].strip(" ，,") == "" and sentence_start > 1:
            prev_start, _ = article.bounds(sentence_start - 2, SENTENCE_END)
            totals = _counts(text, prev_start, sentence_start - 1)
            total_start = prev_start
        if not totals:
            continue
        total = totals[-1]
        total_clause_start, _ = article.bounds(total.start, CLAUSE_END)
        stated_total = bool(_TOTAL_MARK.search(text[max(total_start, total_clause_start):total.start]))
        parts = _parts_after(text, hit.end(), sentence_end, total.unit)
        if not parts:
            continue
        biggest = max(parts, key=lambda p: p.lower)
        if biggest.lower > total.upper:
            out.append(article.anomaly(
                "parts_exceed_total", total.start, biggest.end,
                f"A part is larger than its total: {fmt(biggest.value)} {total.unit} 'of which' out of "
                f"{fmt(total.value)} {total.unit}. One of the two figures is wrong.",
                article.metric_at(biggest.start, biggest.end, biggest.value)))
            continue
        listed = text[hit.end():parts[-1].end]
        if (stated_total and len(parts) >= 2 and sum(p.lower for p in parts) > total.upper
                and len(_STAGES.findall(listed)) < 2 and _one_dimension(text, parts)):
            summed = sum(p.value for p in parts)
            shown = " + ".join(fmt(p.value) for p in parts)
            out.append(article.anomaly(
                "parts_exceed_total", total.start, parts[-1].end,
                f"The parts listed add up to more than the stated total: {shown} = {fmt(summed)} {total.unit}, "
                f"but the total is {fmt(total.value)} {total.unit}. A part or the total is wrong (unless the "
                "parts overlap, which the text does not say).",
                article.metric_at(total.start, total.end, total.value)))
    return out


def _one_dimension(text: str, parts: list[_Count]) -> bool:
    """Parts named alike (涉毒…、涉赌…; 电诈嫌疑人…、涉毒嫌疑人…; 男性…、女性…) split one total; parts
    named unalike (男性…、未成年人…) may overlap, so their sum says nothing."""
    names = []
    for p in parts:
        k = p.start
        while k > 0 and "\u4e00" <= text[k - 1] <= "\u9fff" and p.start - k < 8:
            k -= 1
        names.append(re.sub(r"^(?:其中)?(?:包括|有)?", "", text[k:p.start]))
    if not all(names):
        return False
    return len({n[0] for n in names}) == 1 or len({n[-1] for n in names}) == 1


def _parts_after(text: str, start: int, end: int, unit: str) -> list[_Count]:
    """Counts in ``unit`` in the clauses after 其中, up to the first clause that moves on."""
    parts: list[_Count] = []
    pos = start
    while pos < end:
        clause_end = min([i for i in (text.find(ch, pos, end) for ch in "，,：:") if i >= 0] or [end])
        clause = text[pos:clause_end]
        if pos > start and _PARTS_STOP.match(clause.lstrip()):
            break
        counts = _counts(text, pos, clause_end)
        if any(c.unit != unit for c in counts) and not any(c.unit == unit for c in counts):
            break
        parts.extend(c for c in counts if c.unit == unit)
        pos = clause_end + 1
    return parts
