"""Where a paragraph narrows, or brings back, the period of the figures that follow it (figure level).

The scanner and the labels are ``reportgen.zh.periods``'; this is their second reader, for
``reportgen.zh.scope``: a month, 1至5月, 上半年, 第二季 narrow; 全年 and 以来 bring the report's period back;
本季/本月 say the quarter or month in force; the one figure a comparison quotes (较去年同期2万3183件) is
the earlier period's.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from reportgen.zh.period_labels import earlier_label, simplest_label
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

__all__ = ["earlier_lead", "narrowing_periods"]



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
            if token and lead.endswith(("较", "比")) and (explicit is not None or body):  # 去年: _earlier_levels
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
    out = _earlier_levels(norm, out, report_label, skip, published)
    return _earlier_columns(norm, out, report_label)


def _this_period(m: re.Match[str], in_force: str | None, report_label: str | None,
                 published: dt.date | None) -> str | None:
    """本季: the quarter in force, else the report's, else the publication's; 本月: the month in force,
    else the report's (a bulletin is often published the month after), else no narrowing (None)."""
    if m.group("this_m"):
        return next((label for label in (in_force, report_label)
                     if label and re.fullmatch(r"\d{4}-\d{2}", label)), None)
    quarter = current_quarter(in_force if in_force and "-Q" in in_force else report_label, published)
    return f"{quarter[0]}-Q{quarter[1]}" if quarter else report_label


# 较去年同期的1,140件, 较上年同期的52人, 去年同期为240件, 较上月（70人）, 上季度为6,500起: the level of an
# earlier period, quoted for comparison (a year back; 前年 two; 上月 a month; 上季 a quarter)
_EARLIER_WORDS = (r"(?:(?P<cmp>[较比与同])\s*)?(?P<when>(?:去年|上年|前年)(?P<same>同期)?|上个?月|上一个?月|上一?季度?)"
                  r"\s*(?P<be>的|为|是|有)?\s*(?:水平)?(?:为)?\s*[（(]?(?:新台币|港币|港元|人民币|澳门元|澳门币|葡币)?\s*")
_EARLIER_LEAD = re.compile(_EARLIER_WORDS + r"(?=\d)")
_EARLIER_WHOLE = re.compile(r"\s*" + _EARLIER_WORDS)


def _is_earlier(m: re.Match[str]) -> bool:
    """较上月的 / 去年同期为 / 上月为 quote an earlier level; 去年300起 or 上月70人 alone are too weak to say."""
    return bool(m.group("cmp") or m.group("same") or m.group("be")) and not (m.group("cmp") == "同"
                                                                            and not m.group("same"))


def earlier_lead(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` (Simplified) is only the words that quote an earlier period's level before a
    number (较去年同期的, 上月为): that number is the earlier period's, and a level of what came before."""
    m = _EARLIER_WHOLE.fullmatch(text, start, end)
    return m is not None and _is_earlier(m)


# a table column headed 去年同期 (项目／本月／去年同期／增减), or a note that the bracketed figures of the
# lines below are last year's (括号内为去年同期数字): those cells are the earlier period's
_TABLE_SEP = re.compile(r"[／|｜\t]")
_EARLIER_HEADER = re.compile(r"\s*(?P<when>(?:去年|上年|前年)同期|去年|上年|上个?月|上一?季度?)(?:数|数字|数据|值)?\s*")
_EARLIER_NOTE = re.compile(r"括号内(?:为|是)(?P<when>(?:去年|上年|前年)同期|上个?月|上一?季度?)")
_BRACKETED = re.compile(r"[（(]\s*(?=\d)")


def _earlier_columns(norm: str, marks: list[tuple[int, str | None]],
                     report_label: str | None) -> list[tuple[int, str | None]]:
    """Give the cells of a 去年同期 column, and the bracketed figures a 括号内为去年同期 note speaks of,
    the period a year (a month, a quarter) before the report's."""
    added: list[tuple[int, str | None]] = []
    column: tuple[int, int, str] | None = None  # (cells per row, index, earlier label)
    bracketed: str | None = None
    pos = 0
    for line in norm.split("\n"):
        start, pos = pos, pos + len(line) + 1
        note = _EARLIER_NOTE.search(line)
        if note:
            bracketed = earlier_label(report_label, _months_back(note.group("when")))
        elif not line.strip():
            bracketed = None
        elif bracketed:
            opening = _BRACKETED.search(line)
            number = _BASELINE_NUMBER.match(line, opening.end()) if opening else None
            if number is not None:
                added += [(start + number.start(), bracketed), (start + number.end(), None)]
        cells = _TABLE_SEP.split(line)
        if len(cells) < 3:
            column = None
            continue
        headed = next(((k, m) for k, m in enumerate(map(_EARLIER_HEADER.fullmatch, cells)) if m), None)
        if headed is not None:
            header, match = headed
            label = earlier_label(report_label, _months_back(match.group("when")))
            column = (len(cells), header, label) if label else None
        elif column is not None and len(cells) == column[0]:
            at = start + sum(len(cell) + 1 for cell in cells[:column[1]])
            added += [(at, column[2]), (at + len(cells[column[1]]), None)]
    return sorted(marks + added, key=lambda mark: mark[0]) if added else marks


# the writer's "now" is the report's period (本月…；上月为69人): 上月 and 去年 are then the ones before it
_NOW = re.compile(r"本月|本季|今年|本年")
_RATIO_BEFORE = re.compile(r"(?:是|为|占|相当于|达到|达|仅为)\s*$")


def _own_period(label: str | None, back: int, published: dt.date | None) -> bool:
    """The period ``back`` months before publication is ``label`` itself (去年 in a review published the
    year after, 上月 in a bulletin published the month after)."""
    if published is None or label is None:
        return False
    return earlier_label(f"{published.year}-{published.month:02d}", back) in (label, label[:4]) or (
        back % 12 == 0 and label[:4] == str(published.year - back // 12))


def _months_back(when: str) -> int:
    if "季" in when:
        return 3
    if "月" in when:
        return 1
    return 24 if when.startswith("前") else 12


def _earlier_levels(norm: str, marks: list[tuple[int, str | None]], report_label: str | None,
                    skip: Callable[[int], bool] | None, published: dt.date | None) -> list[tuple[int, str | None]]:
    """Add, for each level of an earlier period quoted for comparison, its period over that one figure
    (the period in force a year, a month or a quarter back), and the period in force again after it.
    去年为/上月为 without 较 or 同期, and without 本月/今年 before them in the paragraph, count from the
    publication date: in a review of last year published this year, 去年有47名 is the report's own year."""
    found = [m for m in _EARLIER_LEAD.finditer(norm) if not (skip is not None and skip(m.start()))]
    if not found:
        return marks
    starts = [at for at, _ in marks]
    newlines = [i for i, ch in enumerate(norm) if ch == "\n"]  # paragraphs and 本月/今年 words, found once
    nows = [n.start() for n in _NOW.finditer(norm)]
    added: list[tuple[int, str | None]] = []
    for m in found:
        number = _BASELINE_NUMBER.match(norm, m.end())
        if number is None or not _is_earlier(m) or _RATIO_BEFORE.search(norm, max(0, m.start() - 4), m.start()) \
                or norm.startswith("倍", number.end()):
            continue  # 是上年的1.6倍, 为去年同期的85%: the current figure as a share of the earlier one
        back = _months_back(m.group("when"))
        j = bisect_left(newlines, m.start())
        paragraph = newlines[j - 1] + 1 if j else 0
        i = bisect_right(starts, m.start()) - 1
        in_force = marks[i][1] if i >= 0 and marks[i][0] >= paragraph else None
        label = earlier_label(in_force or report_label, back)
        now_before = bisect_left(nows, paragraph) < bisect_left(nows, m.start())  # 本月/今年 earlier in the paragraph
        if label is None or (not (m.group("cmp") or m.group("same")) and not now_before
                             and _own_period(in_force or report_label, back, published)):
            continue
        added += [(m.end(), label), (number.end(), in_force)]
    return sorted(marks + added, key=lambda mark: mark[0])


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
