"""Statements: an indicator and its figure, read from the text itself (independent of any engine).

Two checks compare them: a change stated twice with different values, and a rate whose change is
the change of a count. An indicator is read without the places and time words it opens with
(上半年全市刑事治安警情 -> 刑事治安警情), so the same indicator told of twice is recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.verify.anomalies.article import CLAUSE_END, NUM, Article
from reportgen.zh.scope import PLACE_WORD
from reportgen.zh.vocabulary import (
    BASIS_PHRASES,
    FALL,
    PREFIX_QUALIFIERS,
    RATE_SHIFT,
    RISE,
    SUFFIX_QUALIFIERS,
    alternation,
    shift_direction,
)

# time words an indicator may open with (上半年, 2023年1至5月, 今年以来): not part of its name
_TIME_WORDS = (
    r"\d{4}年(?:\d{1,2}(?:月份?)?(?:[至到\-—~]\d{1,2}月份?)?)?|\d{1,2}(?:[至到\-—~]\d{1,2})?月份?"
    r"|[一二三四1-4]季度|第[一二三四]季度|上半年|下半年|前三季度|今年以来|今年|去年|上年|全年|年初以来|同期"
)
_LEADING = re.compile(
    rf"^(?:据统计|据了解|数据显示|统计数据显示|统计显示|其中|同时|此外|另外|今年以来|年初以来|以来|{_TIME_WORDS}"
    rf"|{PLACE_WORD.pattern}|共|累计|合计|总计|实现|在|的)+"
)
_CHANGE = re.compile(
    rf"(?P<basis>{BASIS_PHRASES})?(?P<dir>{RISE}|{FALL})(?:了|幅度为|幅度达|达)?"
    rf"(?P<values>{NUM}(?:%|个百分点)(?:、{NUM}(?:%|个百分点))*)(?![\d.])"
)
_RISE_WORD = re.compile(RISE)
# 降幅比上月收窄1.3个百分点: the phrase, not its verb, says which way (zh/vocabulary.py)
_SHIFT_BEFORE = re.compile(rf"(?:{RATE_SHIFT.pattern})$")
_VALUE = re.compile(rf"(?P<num>{NUM})(?P<unit>%|个百分点)")
_LEVEL_TAIL = re.compile(rf"(?:为|达|达到|是)?{NUM}(?:%|[\u4e00-\u9fff]{{0,2}})$")
_ITEM_TAIL = re.compile(rf"(?:为|达)?{NUM}")
_LEVEL = re.compile(
    rf"(?P<ind>[\u4e00-\u9fff“”\"]{{2,16}}?)(?:为|达|达到|共|计)?(?P<num>{NUM})(?P<mag>万|亿)?"
    r"(?P<unit>人次|辆次|万元|亿元|元|人|名|起|宗|件|个|次|辆|户|家|处|天|条|部|台|吨|公斤|%)(?![\d\u4e00-\u9fff]*[%])"
)
_CHANGE_WORD = re.compile(rf"{BASIS_PHRASES}|{RISE}|{FALL}|增幅|降幅")
_CHANGE_AFTER = re.compile(rf"(?:、|,|，)?\s*(?:{BASIS_PHRASES})?(?:{RISE}|{FALL})")
# an approximate figure (1200余人, 近百人, 超过100人) is not a level to compare exactly
_APPROXIMATE_AFTER = re.compile(alternation(tuple(SUFFIX_QUALIFIERS)))
_APPROXIMATE_BEFORE = re.compile(alternation(tuple(PREFIX_QUALIFIERS)))
_APPROXIMATE_ENDING = re.compile(rf"(?:{alternation(tuple(PREFIX_QUALIFIERS))})$")


@dataclass(frozen=True)
class Statement:
    """One figure as the text states it, with the indicator the clause attaches it to."""

    indicator: str
    value: float
    unit: str  # "%", "pt" (percentage points) or a unit word
    direction: str | None  # None for a level
    basis: str | None  # the 同比/环比 words, None when the text names none
    start: int  # the figure's stretch: direction words and number
    end: int
    clause_start: int


def indicator_at(article: Article, start: int, end: int) -> str:
    """The indicator named by ``text[start:end]``: without its places, opening words and trimmings."""
    pieces, last = [], start
    for s, e in article.scope.named_spans(start, end):
        pieces.append(article.text[last:s])
        last = e
    pieces.append(article.text[last:end])
    raw = "".join(pieces).strip(" 、，,的")
    return _LEADING.sub("", _LEADING.sub("", raw).strip(" 、，,的")).strip(" 、，,的")


def change_statements(article: Article) -> list[Statement]:
    """Changes stated as 'indicator (同比|环比) 上升/下降 X%' including 分别 lists
    ('A、B分别同比上升x%、y%' gives A x% and B y%)."""
    text = article.text
    out: list[Statement] = []
    for m in _CHANGE.finditer(text):
        clause_start, _ = article.bounds(m.start(), CLAUSE_END)
        direction = "up" if _RISE_WORD.fullmatch(m.group("dir")) else "down"
        shift = _SHIFT_BEFORE.search(text, max(0, m.end("dir") - 24), m.end("dir"))
        if shift:
            direction = shift_direction(shift)
        values = list(_VALUE.finditer(m.group("values")))
        indicators = _indicators_for(article, clause_start, m.start(), len(values))
        for k, v in enumerate(values):
            start = m.start() if k == 0 else m.start("values") + v.start()
            end = m.start("values") + v.end()
            out.append(Statement(
                indicator=indicators[k] if k < len(indicators) else "",
                value=float(v.group("num")), unit="%" if v.group("unit") == "%" else "pt",
                direction=direction, basis=m.group("basis"), start=start, end=end, clause_start=clause_start,
            ))
    return out


def _indicators_for(article: Article, clause_start: int, at: int, count: int) -> list[str]:
    """The indicator(s) a change clause speaks of; a 分别 list maps item k to value k."""
    text = article.text
    prefix = text[clause_start:at]
    if count > 1 or prefix.endswith("分别"):
        source_start, source_end = clause_start, at - 2 if prefix.endswith("分别") else at
        if not text[source_start:source_end].strip(" 、，,"):
            # 'A 12起、B 3人，分别同比下降…': the list is the previous clause
            prev_start, _ = article.bounds(max(0, clause_start - 2), CLAUSE_END)
            source_start, source_end = (prev_start, clause_start - 1) if clause_start > 0 else (0, 0)
        items: list[str] = []
        item_start = source_start
        for item in text[source_start:source_end].split("、"):
            tail = _ITEM_TAIL.search(item)
            items.append(indicator_at(article, item_start, item_start + (tail.start() if tail else len(item))))
            item_start += len(item) + 1
        return items
    # 'X率51.8%、同比上升37.82%': the level in front names the indicator
    head = prefix.rstrip("、 ")
    head = _LEVEL_TAIL.sub("", head) if re.search(r"\d", head) else head
    head = re.sub(r"(?:在.*的基础上再?|再)$", "", head)
    indicator = indicator_at(article, clause_start, clause_start + len(head))
    if not indicator and clause_start > 1 and text[clause_start - 1] in "，,":
        # '破案率40%，同比上升12.5%': the change speaks of the level in the clause before
        prev_start, _ = article.bounds(clause_start - 2, CLAUSE_END)
        previous = text[prev_start:clause_start - 1]
        if _LEVEL_TAIL.search(previous):
            indicator = indicator_at(article, prev_start, prev_start + len(_LEVEL_TAIL.sub("", previous)))
    return [indicator]


def level_statements(article: Article) -> list[Statement]:
    """Levels stated as 'indicator number unit' at the start of a clause (立刑事案件1365宗)."""
    text = article.text
    out: list[Statement] = []
    for m in _LEVEL.finditer(text):
        clause_start, clause_end = article.bounds(m.start(), CLAUSE_END + "、")
        if m.start() != clause_start and not _LEADING.match(text[clause_start:m.start()] or "x"):
            continue
        if _CHANGE_WORD.search(m.group("ind")):
            continue  # a change written without its indicator (、同比下降11.3%)
        following = text[m.end():clause_end]
        if _CHANGE_AFTER.match(following) or _APPROXIMATE_AFTER.match(following):
            continue  # a change, or an approximate figure: not a level to compare exactly
        before = text[max(0, m.start("ind") - 2):m.start("ind")]
        if _APPROXIMATE_BEFORE.search(before) or _APPROXIMATE_ENDING.search(m.group("ind")):
            continue
        value = round(float(m.group("num")) * {"万": 1e4, "亿": 1e8}.get(m.group("mag") or "", 1), 6)
        unit = {"名": "人", "宗": "起", "件": "起"}.get(m.group("unit"), m.group("unit"))
        out.append(Statement(indicator=indicator_at(article, *m.span("ind")), value=value, unit=unit,
                             direction=None, basis=None, start=m.start("ind"), end=m.end(), clause_start=clause_start))
    return out
