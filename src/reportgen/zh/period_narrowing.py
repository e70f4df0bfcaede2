"""Where a paragraph narrows, or brings back, the period of the figures that follow it (figure level).

The scanner and the labels are ``reportgen.zh.periods``'; this is their second reader, for
``reportgen.zh.scope``: a month, 1至5月, 上半年, 第二季 narrow; 全年 and 以来 bring the report's period back;
本季/本月 say the quarter or month in force; the one figure a comparison quotes (较去年同期2万3183件) is
the earlier period's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from reportgen.zh.period_labels import simplest_label
from reportgen.zh.periods import (
    _COMPARED,
    _EVENT_AFTER,
    _day,
    _explicit_year,
    _has_body,
    _mention,
    _month,
    _period_re,
    _relative_year,
    current_quarter,
)
from reportgen.zh.years import normalise_digits

__all__ = ["narrowing_periods"]



_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？\n（）()]")
# 较去年同期2万3183件, 较2023年的88252宗: the figure right after a comparison is the earlier period's
_BASELINE = re.compile(r"(?:同期)?(?:的)?(?:水平)?(?=\d)")
_BASELINE_NUMBER = re.compile(r"\d[\d,.]*(?:[万亿千百]\d[\d,.]*)*[万亿]?")


def narrowing_periods(text: str, *, report_year: int | None, published: dt.date | None = None,
                      roc: bool = False, skip: Callable[[int], bool] | None = None,
                      report_label: str | None = None) -> list[tuple[int, str | None]]:
    """(offset, label) wherever ``text`` (Simplified) sets the period of the figures after it in a paragraph.

    A label narrows (2023年8月 -> 2023-08, 1至5月 -> 2025-01/2025-05, 上半年 -> 2025-H1, 今年6月以来 ->
    2025-06/...); None brings the figures back to the report's period (2023年以来, 一年来, 今年以来 in the
    report's own year, 全年 or 今年 in a year not over at publication). 全年 names the whole year again,
    so a month narrowed earlier no longer holds.
    Years: explicit ones as written (any script, ROC with ``roc``); 今年/去年 from the publication
    date; a month without a year takes the year named earlier in the paragraph, else ``report_year``
    (the year before when that month is still to come at publication); a date (5月18日) without a year
    is the last such date before publication. ``skip(offset)`` drops mentions in page furniture.
    Comparisons (较2023年, 去年同期, 占全年), targets (到2025年) and event dates (2007年发生的) are not
    periods; the one figure a comparison quotes (较去年同期2万3183件) is the earlier period's, and the
    period in force before it (or ``report_label``) returns right after that figure.
    """
    norm = normalise_digits(text)
    out: list[tuple[int, str | None]] = []
    para_start, scanned = -1, 0  # scanned: newlines before it are read already (linear on one endless line)
    carried = report_year
    named_in_paragraph = False
    in_force: str | None = None
    base = published.year if published is not None else report_year
    year_not_over = published is not None and published < dt.date(published.year, 12, 31)
    for m in _period_re(roc).finditer(norm):
        s, e = m.start(), m.end()
        if s == e or (skip is not None and skip(s)):
            continue
        paragraph, scanned = max(norm.rfind("\n", scanned, s), para_start), s
        if paragraph != para_start:
            para_start, carried, named_in_paragraph, in_force = paragraph, report_year, False, None
        lead = _CLAUSE_BREAK.split(norm[max(0, s - 4):s])[-1].strip(" \u3000\t”」’\"'")
        as_of = lead.endswith(("截至", "截止"))
        token = m.group("year") or ""
        body = _has_body(m)
        after = norm[e:e + 6]
        explicit = _explicit_year(token) if token else None
        if _COMPARED.search(lead) and not as_of:
            if token and lead.endswith(("较", "比")):
                marks = _baseline(norm, m, explicit if explicit is not None else _relative_year(token, base),
                                  in_force if in_force is not None else report_label, published)
                out.extend(marks)
            continue
        if (not body or m.group("month")) and _EVENT_AFTER.match(after):
            continue  # 2007年发生的积案, 5月的一天: the date of an event
        if not body and token and after.startswith(("同期", "同比", "同口径")):
            continue
        if m.group("this_q") or m.group("this_m"):
            this_label = _this_period(m, in_force, report_label, published)
            if this_label is None:
                continue
            out.append((s, None if this_label == report_label else this_label))
            in_force = this_label
            continue
        if explicit is not None:
            year: int | None = explicit
        elif token and token != "当年":
            year = _relative_year(token, base)
        elif m.group("day") and published is not None and not named_in_paragraph:
            mo, day = _month(m.group("month")), _day(m.group("day"))
            year = published.year if (mo, day) <= (published.month, published.day) else published.year - 1
        else:
            year = carried
            if m.group("month") and published is not None and year == published.year \
                    and _month(m.group("month")) > published.month:
                year -= 1  # 11月 in an article of June: last November
        if year is None:
            continue
        if token and token != "当年":
            carried, named_in_paragraph = year, True
        full = m.group("full")
        if full == "以来" and not token:
            continue  # 以来 alone (有记录以来) says nothing of the period
        label: str | None
        if full in ("以来", "一年来", "年初以来", "年初至今"):
            this_year = full.startswith("年初") or token.startswith(("今年", "本年", "本（", "今（", "本(", "今("))
            in_january = published is not None and published.month == 1 and year == published.year
            if full != "一年来" and this_year and year != report_year and not in_january:
                label = str(year)
            else:
                label = None  # since 2023, over the past year, so far this year in the report's year
        elif (full in ("全年", "年度") or not body and token) and year_not_over and year == base == report_year \
                and explicit is None:
            if not full and in_force and in_force.startswith(f"{year}-01/"):
                continue  # 截至9月底，今年累计: the year so far is the span in force
            label = None  # 全年 / 今年 of a year not yet over: the year so far, the report's own span
        else:
            mention = _mention(m, year, explicit is not None, published, weak_months=False)
            if mention is None:
                continue
            label = mention.label
            if as_of and mention.kind == "month":
                label = f"{year}-01/{label}"  # 截至10月底: January to October
            label = simplest_label(label)
        out.append((s, label))
        in_force = label
    return out


def _this_period(m: re.Match[str], in_force: str | None, report_label: str | None,
                 published: dt.date | None) -> str | None:
    """本季: the quarter in force, else the report's, else the publication's; 本月: the month in force,
    else the report's (a bulletin is often published the month after), else no narrowing (None)."""
    if m.group("this_m"):
        return next((label for label in (in_force, report_label)
                     if label and re.fullmatch(r"\d{4}-\d{2}", label)), None)
    quarter = current_quarter(in_force if in_force and "-Q" in in_force else report_label, published)
    return f"{quarter[0]}-Q{quarter[1]}" if quarter else report_label


def _baseline(norm: str, m: re.Match[str], year: int | None, in_force: str | None,
              published: dt.date | None) -> list[tuple[int, str | None]]:
    """较去年同期2万3183件: the earlier period for that one figure, then the period in force again."""
    after = _BASELINE.match(norm, m.end())
    if year is None or after is None:
        return []
    number = _BASELINE_NUMBER.match(norm, after.end())
    if number is None:
        return []
    if _has_body(m):
        mention = _mention(m, year, True, published, weak_months=False)
        label = simplest_label(mention.label) if mention else None
    elif "同期" in after.group(0) and in_force:
        years = set(re.findall(r"\d{4}", in_force))
        label = in_force.replace(years.pop(), str(year)) if len(years) == 1 else str(year)
    else:
        label = str(year)
    if label is None:
        return []
    return [(number.start(), label), (number.end(), in_force)]
