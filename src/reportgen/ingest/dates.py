"""Dates as Chinese pages write them: 2024-01-09, 2024年1月9日, full-width ２０２５年１月２４日, Chinese
numerals 二〇二四年十二月三十一日, and Taiwan"s years of the Republic (民国113年10月18日).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE", "DATE_CN", "PUBLISHED_LABEL", "dates_in", "parse_date", "valid_date"]

# dates as pages write them: 2024-01-09, 2024年1月9日, full-width ２０２５年１月２４日 (\d and int() read
# full-width digits), Chinese numerals 二〇二四年十二月三十一日, and Taiwan's years of the Republic
# (民国113年10月18日; a bare 113-10-18 only after a 发布日期-style label)
DATE = re.compile(
    r"(?<!\d)((?:19|20|１９|２０)\d{2})\s*(?:年|[-/.－／．])\s*(\d{1,2})\s*(?:月|[-/.－／．])\s*(\d{1,2})(?!\d)\s*日?"
)
DATE_CN = re.compile(r"((?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日")
_DATE_ROC = re.compile(r"(?<!\d)(民国\s*)?(1[0-3]\d)\s*(?:年|[-/.－／．])\s*(\d{1,2})\s*(?:月|"
                       r"[-/.－／．])\s*(\d{1,2})(?!\d)\s*日?")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
PUBLISHED_LABEL = re.compile(r"发布时间|发布日期|发表时间|发表日期|时间|日期|更新时间")


def _cn_number(token: str) -> int:
    """十二 -> 12, 二十四 -> 24, 三十一 -> 31, 九 -> 9 (month and day numerals)."""
    if "十" not in token:
        return _CN_DIGIT.get(token, 0)
    tens, _, units = token.partition("十")
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0)


def dates_in(text: str, *, labelled_roc: bool = False) -> list[tuple[int, int, int, int]]:
    """(start, year, month, day) of every date written in ``text``, in order (not yet validated).
    A year of the Republic counts after 民国, or anywhere when ``labelled_roc`` (a 发布日期 label precedes)."""
    found = [(m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in DATE.finditer(text)]
    for m in DATE_CN.finditer(text):
        year = int("".join(str(_CN_DIGIT[ch]) for ch in m.group(1)))
        found.append((m.start(), year, _cn_number(m.group(2)), _cn_number(m.group(3))))
    for m in _DATE_ROC.finditer(text):
        if m.group(1) or (labelled_roc and PUBLISHED_LABEL.search(text[max(0, m.start() - 8):m.start()])):
            found.append((m.start(), int(m.group(2)) + 1911, int(m.group(3)), int(m.group(4))))
    return sorted(found)


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The calendar date, or None when there is no such day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first valid calendar date written in ``text`` (2024-01-09, 2024年1月9日, 2024/1/9, ２０２５年１月２４日,
    二〇二四年十二月三十一日, 民国113年10月18日)."""
    for _, year, month, day in dates_in(text, labelled_roc=True):
        date = valid_date(year, month, day)
        if date is not None:
            return date
    return None
