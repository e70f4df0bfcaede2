"""One figure stated twice with different values: the same indicator, place, period and kind of figure."""

from __future__ import annotations

import re
from bisect import bisect_right

from reportgen.english.numbers import quantity
from reportgen.models import Anomaly, Metric
from reportgen.verify.anomalies.article import Article
from reportgen.verify.anomalies.statements import Statement, level_statements
from reportgen.zh.numerals import same_value
from reportgen.zh.vocabulary import basis_of


def conflicting_values(article: Article, changes: list[Statement], metrics: list[Metric]) -> list[Anomaly]:
    """The same indicator, place, period and kind of figure, stated with different values.

    Changes are compared when both name their basis (同比/环比). Levels are compared only when
    both sentences name their place and the indicator is stated exactly twice: a count such as
    '抓获犯罪嫌疑人' recurs for every operation an article tells of, and is no conflict.
    """
    out: list[Anomaly] = []
    named = [s for s in changes if s.basis and len(s.indicator) >= 2]
    out.extend(_conflicts(article, metrics, named, require_explicit_place=False))
    levels = [s for s in level_statements(article) if len(s.indicator) >= 3]
    out.extend(_conflicts(article, metrics, levels, require_explicit_place=True))
    return out


def _conflicts(article: Article, metrics: list[Metric], statements: list[Statement],
               require_explicit_place: bool) -> list[Anomaly]:
    grouped: dict[tuple[str, str, str, bool], list[Statement]] = {}
    headings = [m.start() for m in _HEADING.finditer(article.text)]
    for s in statements:
        if _PERIOD_ONLY.fullmatch(s.indicator):
            continue  # 本月环比上升…: the words before the figure name its period; what it counts is the heading
        basis = _basis_kind(s.basis)
        grouped.setdefault((s.indicator, s.unit, basis, s.direction is None), []).append(s)
    out: list[Anomaly] = []
    topics: dict[int, tuple[int, str]] = {}  # sentence start -> where its opening clause ends, its topic
    for (indicator, _unit, basis, is_level), stated in grouped.items():
        if len(stated) < 2 or (is_level and len(stated) != 2):
            continue
        # a scope only for statements that have a partner to compare with: most are stated once
        members = [(s, article.scope.key_at(s.end)) for s in stated]
        by_scope: dict[object, list[tuple[Statement, bool]]] = {}
        for s, scope in members:
            # under different headings (1.盗窃电瓶 / 2.盗窃自行车) different things are counted
            heading = bisect_right(headings, s.start)
            topic = _topic(article, s.start, topics)
            by_scope.setdefault((scope.places, scope.period, scope.names, heading, topic), []).append(
                (s, scope.explicit_place)
            )
        for group in by_scope.values():
            for first, second in _pairs(group, require_explicit_place):
                what = "a level" if is_level else _change_kind(basis)
                first_start, second_start = _shown_start(article, first), _shown_start(article, second)
                earlier = article.doc.text[first_start:first.end]
                out.append(article.anomaly(
                    "conflicting_values", second_start, second.end,
                    f"{_indicator_label(indicator)} is given twice as {what} for the same place and period with "
                    f"different figures: {_describe(first)} earlier (\"{earlier}\") and "
                    f"{_describe(second)} here. At most one can be right.",
                    article.metric_at(second.start, second.end, second.value)))
    return out


def _topic(article: Article, at: int, read: dict[int, tuple[int, str]]) -> str:
    """The clause with no figure that opens the sentence of ``at`` (打击电信网络诈骗犯罪，起诉614人…): it
    names what the sentence's counts are about, so 起诉 under two topics counts two different things.
    Each sentence's opening clause is read once (``read``): a long sentence is not searched again per figure."""
    sentence, _ = article.bounds(at, "。！？；\n")
    if sentence not in read:
        _, first_end = article.bounds(sentence, "。！？；\n，,：:")
        opening = article.text[sentence:first_end]
        read[sentence] = (first_end, "" if _DIGIT.search(opening) else opening.strip())
    first_end, topic = read[sentence]
    return topic if first_end < at and article.text[first_end:first_end + 1] in "，,：:" else ""


_DIGIT = re.compile(r"[\d０-９]")


# a numbered heading (一、 (二) 3. ) that opens a line or follows a full stop
_HEADING = re.compile(r"(?:^|(?<=[\n。]))[ \t\u3000]*"
                      r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))",
                      re.MULTILINE)
_PERIOD_ONLY = re.compile(r"(?:本|上|当|今|全|同)(?:月|周|年|季度?|期|日)(?:[接收]报)?")

_PARTNERS = 16
"""How many earlier statements of one figure a statement is compared with: a real article states a figure a
few times; an endless run of them would otherwise cost quadratic time."""


def _pairs(group: list[tuple[Statement, bool]], require_explicit_place: bool) -> list[tuple[Statement, Statement]]:
    """(earlier, later) statements of one figure, place and period whose values or directions differ."""
    found: list[tuple[int, int]] = []
    for j, (second, second_explicit) in enumerate(group):
        for i in range(max(0, j - _PARTNERS), j):
            first, first_explicit = group[i]
            if require_explicit_place and not (first_explicit and second_explicit):
                continue
            if same_value(first.value, second.value) and first.direction == second.direction:
                continue
            found.append((i, j))
    out = [(group[i][0], group[j][0]) for i, j in sorted(found)]
    return out


def _shown_start(article: Article, s: Statement) -> int:
    """Start the quote at the indicator, so a reader sees what the figure is about."""
    at = article.text.rfind(s.indicator, s.clause_start, s.end) if s.indicator else -1
    return at if at >= 0 else s.start


def _indicator_label(zh: str) -> str:
    """'立刑事案件' -> "'criminal cases filed' (立刑事案件)" when the glossary knows the term."""
    try:
        from reportgen.zh.glossary import indicator_en

        en = indicator_en(zh)
    except Exception:  # noqa: BLE001 - the label is a courtesy; the anomaly stands without it
        en = zh
    return f"'{en}' ({zh})" if en and en != zh else f"'{zh}'"



def _basis_kind(basis: str | None) -> str:
    """Changes compare only on one basis: 同比/按年 and 环比/按月/按季 by the vocabulary's meaning, any other
    comparison (较去年同期, 较上月) by its own words."""
    if basis is None:
        return "unspecified"
    kind = basis_of(basis)
    return basis if kind == "unspecified" else kind


def _change_kind(kind: str) -> str:
    if kind in ("year_on_year", "period_on_period"):
        return f"a {kind.replace('_', '-')} change"
    return f"a change against the same earlier time ({kind})"


def _describe(s: Statement) -> str:
    figure = quantity(s.value, "percentage points" if s.unit == "pt" else s.unit)
    return f"{s.direction} {figure}" if s.direction else figure
