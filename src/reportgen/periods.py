"""Reporting periods in Chinese text: 上半年, 一季度, 1至10月, 2023年, 今年/去年 -> labels and dates.

Labels follow the Report contract: ``2023``, ``2020-H1``, ``2023-Q1``, ``2019-01/2019-10`` (a month range),
``2023-08`` (one month). A mention without its own year takes the reference year (the publication
year, else the year the article itself names most), shifted by 今年/去年/前年. Dates such as 4月9日
are points in time, not periods, and are ignored; so are targets (到2025年) and moments (2023年底).
Shared by the offline engine (the report's period, a figure's narrower period) and by compose
(English phrases such as "the first half of 2020").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?P<year>(?<!\d)(?:19[5-9]\d|20\d\d)年度?|今年|本年|去年|上年|前年|当年{roc})?"
_BODY = (r"(?:"
    r"(?P<half>上半年|下半年)"
    r"|(?P<q3>前三季度)"
    rf"|前(?P<first_n>{_MONTH}|11|12)个?月(?:份)?"
    r"|(?:第?(?P<quarter>[一二三四1-4])季度)"
    rf"|(?P<m1>{_MONTH})(?:月份?)?\s*(?:至|到|-|—|－|~|～)\s*(?P<m2>{_MONTH})月(?:份)?(?!\d{{0,2}}日)"
    rf"|(?P<month>{_MONTH})月(?:份)?(?![\d一二三四五六七八九十]{{0,3}}[日号])"
    r"|(?P<full>全年|以来|一年来|年度)"
    r")?"
)
_PERIOD_RE = re.compile(_YEAR.format(roc="") + _BODY)
# Taiwan writes years of the Republic (民国): 113年 is 2024
_PERIOD_RE_ROC = re.compile(_YEAR.format(roc=r"|(?<!\d)1[0-3]\d年度?") + _BODY)
_ROC_OFFSET = 1911
_MOMENT_AFTER = re.compile(r"^(?:底|末|初|前|后|\d|[一二三四五六七八九十]+日|目标)")
_TARGET_BEFORE = re.compile(r"(?:到|至|截至|截止|预计|计划|力争|争取)$")
_YEAR_IN_TEXT = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])")

_MONTH_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
_ORDINAL_EN = {1: "first", 2: "second", 3: "third", 4: "fourth"}


@dataclass(frozen=True)
class PeriodMention:
    """One period named in the text: where, its label and dates, and whether the year was explicit."""

    start: int
    end: int
    label: str
    first: dt.date
    last: dt.date
    explicit_year: bool
    kind: str  # year | half | quarter | months | month
    year_named: bool = False  # the text names the year (2023年, 今年, 去年), so later mentions inherit it


def _month(token: str) -> int:
    return int(token) if token.isdigit() else _CN_NUM[token]


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_periods(text: str, ref_year: int | None, default_year: int | None = None, *,
                 roc: bool = False) -> list[PeriodMention]:
    """Every period mention in ``text`` (Simplified), in order.

    ``ref_year`` is the year 今年 means (去年 is the year before); a mention with no year of its own
    (上半年, 全年, 一季度) takes the year the text last named, else ``default_year``, else ``ref_year``.
    Mentions that need a year are skipped when none is known. ``roc`` reads 113年 as a year of the
    Republic (2024), as Taiwanese texts write."""
    out: list[PeriodMention] = []
    carried = default_year if default_year is not None else ref_year
    for m in (_PERIOD_RE_ROC if roc else _PERIOD_RE).finditer(text):
        if m.end() == m.start():
            continue
        year_token = m.group("year")
        body = any(m.group(g) for g in ("half", "q3", "first_n", "quarter", "m1", "month", "full"))
        if year_token and year_token[:1].isdigit():
            after = text[m.end():m.end() + 4]
            if not body and (_MOMENT_AFTER.match(after) or _TARGET_BEFORE.search(text[max(0, m.start() - 4):m.start()])):
                continue
            digits = re.match(r"\d+", year_token).group(0)  # type: ignore[union-attr]
            year, explicit = int(digits) + (_ROC_OFFSET if len(digits) == 3 else 0), True
        elif year_token:
            if ref_year is None:
                continue
            if not body and not _relative_year_is_period(text, m.start(), m.end()):
                continue  # 较去年, 比去年同期: a comparison, not a period
            year = ref_year + {"去年": -1, "上年": -1, "前年": -2}.get(year_token, 0)
            explicit = False
        else:
            if carried is None or m.group("full") in ("以来", "年度"):
                continue  # "以来" alone is "since", not a period
            year, explicit = carried, False
        mention = _mention(m, year, explicit)
        if mention is not None:
            if year_token:
                mention = PeriodMention(mention.start, mention.end, mention.label, mention.first, mention.last,
                                        mention.explicit_year, mention.kind, year_named=True)
                carried = year
            out.append(mention)
    return out


def _relative_year_is_period(text: str, start: int, end: int) -> bool:
    """去年，全县... names the period; 较去年 / 比去年同期 / 去年同期 compare with it."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if re.search(r"[较比与同和及于跟]", before) or after.startswith(("同期", "同比", "底", "末", "初")):
        return False
    return after[:1] in ("，", ",", "、", "：", ":", "全", "以") or after.startswith(("共", "累计", "我", "本", "该"))


def _mention(m: re.Match[str], year: int, explicit: bool) -> PeriodMention | None:
    s, e = m.start(), m.end()
    if m.group("half"):
        h = 1 if m.group("half") == "上半年" else 2
        first, last = (dt.date(year, 1, 1), dt.date(year, 6, 30)) if h == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
        return PeriodMention(s, e, f"{year}-H{h}", first, last, explicit, "half")
    if m.group("q3"):
        return PeriodMention(s, e, f"{year}-01/{year}-09", dt.date(year, 1, 1), dt.date(year, 9, 30), explicit, "months")
    if m.group("first_n"):
        n = _month(m.group("first_n"))
        if not 2 <= n <= 11:
            return None
        return PeriodMention(s, e, f"{year}-01/{year}-{n:02d}", dt.date(year, 1, 1), _last_day(year, n), explicit, "months")
    if m.group("quarter"):
        q = _month(m.group("quarter"))
        return PeriodMention(s, e, f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1), _last_day(year, 3 * q), explicit, "quarter")
    if m.group("m1"):
        a, b = _month(m.group("m1")), _month(m.group("m2"))
        if not 1 <= a < b <= 12:
            return None
        return PeriodMention(s, e, f"{year}-{a:02d}/{year}-{b:02d}", dt.date(year, a, 1), _last_day(year, b), explicit, "months")
    if m.group("month"):
        if not explicit and not m.group("year"):
            return None  # "8月" alone is too weak to be a reporting period
        mo = _month(m.group("month"))
        return PeriodMention(s, e, f"{year}-{mo:02d}", dt.date(year, mo, 1), _last_day(year, mo), explicit, "month")
    return PeriodMention(s, e, str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), explicit, "year")


def years_in(text: str) -> list[int]:
    """Four-digit years written in ``text`` (also inside names such as 飓风2020)."""
    return [int(y) for y in _YEAR_IN_TEXT.findall(text)]


def context_year(text: str) -> int | None:
    """The year an undated article is about: the year it names most often (the latest on a tie)."""
    counts = Counter(years_in(text))
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def period_from_label(label: str) -> tuple[dt.date, dt.date] | None:
    """Start and end dates of a period label (2023, 2020-H1, 2023-Q1, 2019-01/2019-10, 2023-08)."""
    m = re.fullmatch(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?(?:/(\d{4})-(\d{2}))?", label.strip())
    if not m:
        y = re.fullmatch(r"(\d{4})/(\d{4})", label.strip())
        if y:
            return dt.date(int(y.group(1)), 1, 1), dt.date(int(y.group(2)), 12, 31)
        return None
    year, part = int(m.group(1)), m.group(2)
    if m.group(3):
        return dt.date(year, int(part or 1), 1), _last_day(int(m.group(3)), int(m.group(4)))
    if part is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if part == "H1":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if part == "H2":
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    if part.startswith("Q"):
        q = int(part[1])
        return dt.date(year, 3 * q - 2, 1), _last_day(year, 3 * q)
    return dt.date(year, int(part), 1), _last_day(year, int(part))


def period_phrase(label: str | None) -> str:
    """English for a period label, to follow "in": 2020-H1 -> "the first half of 2020", 2023 -> "2023",
    2019-01/2019-10 -> "January to October 2019", 2023-Q1 -> "the first quarter of 2023". "" if unknown."""
    if not label:
        return ""
    label = label.strip()
    m = re.fullmatch(r"(\d{4})", label)
    if m:
        return label
    m = re.fullmatch(r"(\d{4})-H([12])", label)
    if m:
        return f"the {_ORDINAL_EN[int(m.group(2))]} half of {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-Q([1-4])", label)
    if m:
        return f"the {_ORDINAL_EN[int(m.group(2))]} quarter of {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{_MONTH_EN[int(m.group(2)) - 1]} {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", label)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(4)) <= 12:
        a, b = _MONTH_EN[int(m.group(2)) - 1], _MONTH_EN[int(m.group(4)) - 1]
        if m.group(1) == m.group(3):
            return f"{a} to {b} {m.group(1)}"
        return f"{a} {m.group(1)} to {b} {m.group(3)}"
    m = re.fullmatch(r"(\d{4})/(\d{4})", label)
    if m:
        return f"{m.group(1)} to {m.group(2)}"
    return ""
