"""Reporting periods in Chinese text: 上半年, 一季度, 1至10月, 2023年, 今年/去年 -> labels and dates.

Labels follow the Report contract: ``2023``, ``2020-H1``, ``2023-Q1``, ``2019-01/2019-10`` (a month range),
``2023-08`` (one month). Years are read however the text writes them: 2024年, full-width ２０２４年,
Chinese numerals 二〇二四年 and, in Taiwanese text (``roc=True``), years of the Republic (113年,
本（113）年 = 2024). 今年/本年 is the publication year and 去年/上年 the one before it; a mention without a
year of its own takes the year the text last named, else the reference year. 今年6月以来 runs from June
to the month of publication. Dates such as 4月9日 are points in time, not reporting periods, and
targets (到2025年) and comparisons (较去年同期) are not periods either.

Two readers share one scanner: :func:`find_periods` lists candidate periods for the report as a
whole (offline context), and ``reportgen.zh.period_narrowing.narrowing_periods`` says where the text
narrows, or brings back, the period of the figures that follow inside a paragraph (a month, 1至5月,
上半年; 全年 and 以来 reset it).
Labels' English ("the first half of 2020") and dates are ``reportgen.zh.period_labels``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from reportgen.zh.period_labels import last_day
from reportgen.zh.years import ROC_OFFSET as _ROC_OFFSET
from reportgen.zh.years import context_year as context_year  # years live in zh.years; named here for old callers
from reportgen.zh.years import normalise_digits
from reportgen.zh.years import years_in as years_in

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTH = r"(?<![\d.])(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
_ROC_YEAR = r"|(?<!\d)1[0-3]\d年度?|(?:本|今|去|上)?[（(]1[0-3]\d[）)]年度?"
_YEAR = r"(?P<year>(?<!\d)(?:19[5-9]\d|20\d\d)年度?|今年|本年度?|去年|上年|前年|当年{roc})?"
_BODY = (
    r"(?:"
    r"(?P<half>上半年|下半年)"
    r"|(?P<q3>前三季度)"
    rf"|[前首头](?P<first_n>{_MONTH}|11|12|两)个?月份?"
    r"|(?:第|(?=[一二三四1-4]季度))(?P<quarter>[一二三四1-4])季度?(?![节风])"
    r"|(?P<nth_q>[首次])季度?(?![节风])"
    r"|(?P<this_q>本季)度?(?![节风])"
    r"|(?P<this_m>本月)份?(?![\d一二三四五六七八九十]{1,3}[日号])"
    rf"|(?P<m1>{_MONTH})(?:月份?)?\s*(?:至|到|-|—|－|~|～)\s*(?P<m2>{_MONTH})月份?(?![\d一二三四五六七八九十]{{1,3}}[日号])"
    rf"|(?P<month>{_MONTH})月份?(?P<day>{_DAY})?(?P<month_since>以来)?"
    r"|(?P<full>全年|年初以来|年初至今|以来|一年来|年度)"
    r")?"
)


def _scanner(year: str) -> re.Pattern[str]:
    """Year and body are both optional, so the bare pattern matches the empty string wherever no period
    begins, and the readers stepped through the text in Python; a lookahead (the same parts, each
    required, without group names) lets the regex engine skip to the next non-empty match. The
    matches are the same: the non-empty ones the bare pattern finds."""
    def required(part: str) -> str:
        return re.sub(r"\(\?P<\w+>", "(?:", part.removesuffix("?"))
    return re.compile(f"(?={required(year)}|{required(_BODY)})" + year + _BODY)


_PERIOD_RE = _scanner(_YEAR.format(roc=""))
_PERIOD_RE_ROC = _scanner(_YEAR.format(roc=_ROC_YEAR))
# every period the scanners find holds one of these words (years and halves 年, quarters 季, months 月)
_PERIOD_WORD = re.compile("年|月|季|以来")
_MOMENT_AFTER = re.compile(r"^(?:底|末|初|前|后|\d|[一二三四五六七八九十]+日|目标)")
_TARGET_BEFORE = re.compile(r"(?:到|至|截至|截止|预计|计划|力争|争取)$")
# after a period word: the date of an event (2007年发生的, 2023年起), not the period of a figure
_EVENT_AFTER = re.compile(r"的|发生的|起(?!数)|开始|成立|建成|出台|印发|启动|以前|之前|前(?!三季度|\d|"
                          r"[一二三四五六七八九十]个?月)|"
                          r"有记录|有纪录|有统计|有史")
_COMPARED = re.compile(r"[较比与和同至到占]$")
@dataclass(frozen=True)
class PeriodMention:
    """One period named in the text: where, its label and dates, and whether the year was explicit."""

    start: int
    end: int
    label: str
    first: dt.date
    last: dt.date
    explicit_year: bool
    kind: str  # year | half | quarter | months | month | ytd (今年以来: the year so far)
    year_named: bool = False  # the text names the year (2023年, 今年, 去年), so later mentions inherit it


def _month(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token.startswith("十"):
        return 10 + (_CN_NUM[token[1]] if len(token) > 1 else 0)
    return _CN_NUM[token]


def _day(token: str) -> int:
    token = token[:-1]
    if token.isdigit():
        return int(token)
    tens, _, units = token.rpartition("十") if "十" in token else ("", "", token)
    value = (_CN_NUM[tens] if tens else 1) * 10 if "十" in token else 0
    return value + (_CN_NUM[units] if units else 0)


_DIGITS = re.compile(r"\d+")
# 高于2024年 compares; 关于/对于2025年10月 ("about October 2025") names the period
_COMPARISON_BEFORE = re.compile(r"(?:[较比与同和及跟]|(?<![关对])于)$")
_COMPARISON_WORD = re.compile(r"[较比与同和及跟]|(?<![关对])于")


def _explicit_year(token: str) -> int | None:
    """2024年 -> 2024; 113年 / 本（113）年 -> 2024 (a year of the Republic); None for 今年, 去年..."""
    digits = _DIGITS.search(token)
    if not digits:
        return None
    value = int(digits.group(0))
    return value + _ROC_OFFSET if len(digits.group(0)) == 3 else value


def _relative_year(token: str, base: int | None) -> int | None:
    """今年/本年 -> base, 去年/上年 -> base - 1, 前年 -> base - 2 (当年 is resolved by the caller)."""
    if base is None:
        return None
    if token.startswith(("今年", "本年")):
        return base
    return base + {"去年": -1, "上年": -1, "前年": -2}.get(token, 0)


def _period_re(roc: bool) -> re.Pattern[str]:
    return _PERIOD_RE_ROC if roc else _PERIOD_RE


def _has_body(m: re.Match[str]) -> bool:
    return any(m.group(g) for g in ("half", "q3", "first_n", "quarter", "nth_q", "this_q", "this_m", "m1", "month",
                                        "full"))


def find_periods(text: str, ref_year: int | None, default_year: int | None = None, *,
                 roc: bool = False, published: dt.date | None = None,
                 this_quarter: str | None = None) -> list[PeriodMention]:
    """Every period mention in ``text`` (Simplified), in order: candidates for the report's own period.

    ``ref_year`` is the year 今年 means (去年 is the year before); a mention with no year of its own
    (上半年, 全年, 一季度) takes the year the text last named, else ``default_year``, else ``ref_year``.
    Mentions that need a year are skipped when none is known. ``roc`` reads 113年 as a year of the
    Republic (2024), as Taiwanese texts write. ``published`` ends a 今年6月以来 span. 本季 is
    ``this_quarter`` (the headline's, 2025-Q3), else the quarter of ``published``."""
    if not _PERIOD_WORD.search(text):
        return []  # half the sentences of an article name no period at all
    norm = normalise_digits(text)
    out: list[PeriodMention] = []
    carried = default_year if default_year is not None else ref_year
    for m in _period_re(roc).finditer(norm):
        if m.end() == m.start():
            continue
        year_token = m.group("year")
        body = _has_body(m)
        if m.group("day") and not m.group("month_since"):
            continue  # 4月9日 is a point in time
        if m.group("this_m"):
            continue  # 本月 is read by the figure's reader (narrowing_periods), not voted for
        if m.group("this_q"):
            quarter = current_quarter(this_quarter, published)
            mention = _mention(m, quarter[0], False, this_quarter=quarter[1]) if quarter else None
            out.extend([mention] if mention else [])
            continue
        explicit_value = _explicit_year(year_token) if year_token else None
        before = norm[max(0, m.start() - 4):m.start()]
        after = norm[m.end():m.end() + 4]
        if year_token and (_COMPARISON_BEFORE.search(before) or not body and after.startswith(("同期", "同比"))):
            continue  # 较2023年, 比去年同期: a comparison, not a period
        if explicit_value is not None:
            if not body and (_MOMENT_AFTER.match(after) or _TARGET_BEFORE.search(before) or _EVENT_AFTER.match(after)):
                continue
            year, explicit = explicit_value, True
        elif year_token and year_token != "当年":
            if ref_year is None:
                continue
            year, explicit = _relative_year(year_token, ref_year), False  # type: ignore[assignment]
            if not body and not _relative_year_is_period(norm, m.start(), m.end()):
                if not after.startswith(("底", "末", "初")):
                    carried = year  # 警方去年还推出…，全年抓获: not a period itself, but the year that follows
                continue
        else:
            if carried is None or m.group("full") in ("以来", "年度"):
                continue  # "以来" alone is "since", not a period
            if m.group("full") in ("年初以来", "年初至今") and ref_year is not None:
                carried = ref_year
            year, explicit = carried, False
        mention = _mention(m, year, explicit, published)
        if mention is not None:
            if m.group("full") in ("以来", "年初以来", "年初至今") and (
                    not year_token or year_token.startswith(("今年", "本年")) or year == ref_year):
                mention = replace(mention, kind="ytd")  # so far this year: as long as the text's own span
            if year_token and year_token != "当年":
                mention = replace(mention, year_named=True)
                carried = year
            out.append(mention)
    return out


def current_quarter(label: str | None, published: dt.date | None) -> tuple[int, int] | None:
    """(year, quarter) 本季 means: the quarter ``label`` names (2025-Q3), else the one ``published`` falls in."""
    named = re.fullmatch(r"(\d{4})-Q([1-4])", label or "")
    if named:
        return int(named.group(1)), int(named.group(2))
    if published is not None:
        return published.year, (published.month - 1) // 3 + 1
    return None


def _relative_year_is_period(text: str, start: int, end: int) -> bool:
    """去年，全县... names the period; 较去年 / 比去年同期 / 去年同期 compare with it."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if _COMPARISON_WORD.search(before) or after.startswith(("同期", "同比", "底", "末", "初")):
        return False
    return after[:1] in ("，", ",", "、", "：", ":", "全", "以") or after.startswith(("共", "累计", "我", "本", "该"))


def _since_month(year: int, month: int, published: dt.date | None) -> tuple[str, dt.date, dt.date, str]:
    """今年6月以来: from that month to the month of publication (just that month when it is the same)."""
    first = dt.date(year, month, 1)
    if published is not None and (published.year, published.month) > (year, month):
        return (f"{year}-{month:02d}/{published.year}-{published.month:02d}", first,
                last_day(published.year, published.month), "months")
    return f"{year}-{month:02d}", first, last_day(year, month), "month"


def _mention(m: re.Match[str], year: int, explicit: bool, published: dt.date | None = None,
             *, weak_months: bool = True, this_quarter: int | None = None) -> PeriodMention | None:
    """The period ``m`` names in ``year``; 本季 is ``this_quarter`` (None when it is not known)."""
    s, e = m.start(), m.end()
    if m.group("half"):
        h = 1 if m.group("half") == "上半年" else 2
        first, last = ((dt.date(year, 1, 1), dt.date(year, 6, 30)) if h == 1
                       else (dt.date(year, 7, 1), dt.date(year, 12, 31)))
        return PeriodMention(s, e, f"{year}-H{h}", first, last, explicit, "half")
    if m.group("q3"):
        return PeriodMention(s, e, f"{year}-01/{year}-09", dt.date(year, 1, 1), dt.date(year, 9, 30), explicit,
                             "months")
    if m.group("first_n"):
        n = _month(m.group("first_n"))
        if not 2 <= n <= 11:
            return None
        return PeriodMention(s, e, f"{year}-01/{year}-{n:02d}", dt.date(year, 1, 1), last_day(year, n), explicit,
                             "months")
    if m.group("quarter") or m.group("nth_q") or m.group("this_q"):
        q = (_month(m.group("quarter")) if m.group("quarter") else 1 if m.group("nth_q") == "首"
             else 2 if m.group("nth_q") else this_quarter)  # 首季 the first quarter, 次季 the second
        if q is None:
            return None
        return PeriodMention(s, e, f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1), last_day(year, 3 * q), explicit,
                             "quarter")
    if m.group("m1"):
        a, b = _month(m.group("m1")), _month(m.group("m2"))
        if not 1 <= a < b <= 12:
            return None
        return PeriodMention(s, e, f"{year}-{a:02d}/{year}-{b:02d}", dt.date(year, a, 1), last_day(year, b), explicit,
                             "months")
    if m.group("month"):
        if weak_months and not explicit and not m.group("year"):
            return None  # "8月" alone is too weak to be a reporting period
        mo = _month(m.group("month"))
        if not 1 <= mo <= 12:
            return None
        if m.group("month_since"):
            label, first, last, kind = _since_month(year, mo, published)
            return PeriodMention(s, e, label, first, last, explicit, kind)
        return PeriodMention(s, e, f"{year}-{mo:02d}", dt.date(year, mo, 1), last_day(year, mo), explicit, "month")
    return PeriodMention(s, e, str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), explicit, "year")
