"""Statutory penalties: what a law allows is a figure of the law, not of the period reported.

A press release that warns 一经定罪，最高刑罚为监禁14年及罚款500万元 or 最高可判处3年有期徒刑 states the
maximum a court may impose. Such a figure is named for what it is (maximum penalty: imprisonment or a fine),
so no reader takes it for a sentence passed or a fine collected; a condition of the rule
(违法所得不足2万元的，处20万元以下罚款: the 2万元) is no figure at all. Sentences actually passed
(最高被判监禁22个月, the longest one imposed) are ordinary figures and are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from reportgen.models import MetricDraft

#: the words that make a penalty the law's maximum (Simplified): 最高刑罚为, 最高可(被)判处, 可处, 处…以下罚款
_MAXIMUM = re.compile(r"最高刑罚|最高可|可(?:被)?(?:判处|判|处(?![置理])|罚)|处[^，,。；;]{0,14}以下(?:罚款|罚金)")
_MONEY = frozenset({"yuan", "HKD", "MOP", "TWD", "USD"})
_TIME = frozenset({"years", "months", "days"})
_NAMES = {  # (script, fine or imprisonment) -> the indicator's name
    ("zh-Hant", True): "最高刑罰（罰款）", ("zh-Hant", False): "最高刑罰（監禁）",
    ("zh-Hans", True): "最高刑罚（罚款）", ("zh-Hans", False): "最高刑罚（监禁）",
}
_SENTENCE_END = "。；;！？!?\n"
_COMMA = re.compile(r"[，,]")


def statutory_penalties(simp: str, script: str, drafts: list[MetricDraft]) -> list[MetricDraft]:
    """``drafts`` with a law's maxima named as such and the conditions of a penalty rule left out."""
    stops = [i for i, ch in enumerate(simp) if ch in _SENTENCE_END]  # one pass; each draft then bisects
    rules: dict[int, bool] = {}  # sentence start -> whether it states a penalty rule, looked at once
    out: list[MetricDraft] = []
    for d in drafts:
        if d.start is None or d.end is None:
            out.append(d)
            continue
        k = bisect_left(stops, d.start)
        lo = stops[k - 1] + 1 if k else 0
        hi = stops[bisect_left(stops, d.end)] if bisect_left(stops, d.end) < len(stops) else len(simp)
        if lo not in rules:
            rules[lo] = _MAXIMUM.search(simp, lo, hi) is not None
        if not rules[lo]:
            out.append(d)
            continue
        comma = _COMMA.search(simp, d.end, hi)
        clause_end = comma.start() if comma else hi
        if simp[:clause_end].endswith("的") and not _MAXIMUM.search(simp, max(lo, d.start - 12), clause_end):
            continue  # 违法所得不足2万元的，…: when the rule applies, not a figure
        if (d.unit in _MONEY or d.unit in _TIME) and _MAXIMUM.search(simp, max(lo, d.start - 16), d.end + 8):
            name = _NAMES[("zh-Hant" if script == "zh-Hant" else "zh-Hans", d.unit in _MONEY)]
            d = d.model_copy(update={"indicator_zh": name})
        out.append(d)
    return out
