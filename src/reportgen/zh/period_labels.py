"""Period labels (2023, 2020-H1, 2023-Q1, 2023-08, 2019-01/2019-10): their simplest form, their dates, and
their English, one way everywhere (reports, summaries, briefings).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from reportgen import registry

__all__ = ["earlier_label", "last_day", "period_from_label", "period_phrase", "simplest_label"]

_MONTH_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
_ORDINAL_EN = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def last_day(year: int, month: int) -> dt.date:
    """The last day of that month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_SPANS = {("01", "06"): "H1", ("07", "12"): "H2", ("01", "03"): "Q1", ("04", "06"): "Q2", ("07", "09"): "Q3",
          ("10", "12"): "Q4"}


_MONTH_RANGE_LABEL = re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})")


def simplest_label(label: str | None) -> str | None:
    """2024-01/2024-06 -> 2024-H1, 2024-01/2024-12 -> 2024: the label a reader expects."""
    m = _MONTH_RANGE_LABEL.fullmatch(label or "")
    if not m or m.group(1) != m.group(3):
        return label
    if (m.group(2), m.group(4)) == ("01", "12"):
        return m.group(1)
    if m.group(2) == m.group(4):
        return f"{m.group(1)}-{m.group(2)}"
    part = _SPANS.get((m.group(2), m.group(4)))
    return f"{m.group(1)}-{part}" if part else label


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
        return dt.date(year, int(part or 1), 1), last_day(int(m.group(3)), int(m.group(4)))
    if part is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if part == "H1":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if part == "H2":
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    if part.startswith("Q"):
        q = int(part[1])
        return dt.date(year, 3 * q - 2, 1), last_day(year, 3 * q)
    return dt.date(year, int(part), 1), last_day(year, int(part))


def earlier_label(label: str | None, months: int) -> str | None:
    """The period ``months`` before ``label``, in its simplest form: 2026-03 a year before is 2025-03,
    2025-Q3 a quarter before is 2025-Q2, 2025-01/2025-09 a year before 2024-01/2024-09. None when the
    step does not fit the period (a month before a whole year, a quarter before a month)."""
    dates = period_from_label(label) if label else None
    if dates is None:
        return None
    first, last = dates
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if months % 12 and span != months:
        return None  # "the month before" a year or a quarter is no period

    def back(year: int, month: int) -> str:
        index = year * 12 + month - 1 - months
        return f"{index // 12}-{index % 12 + 1:02d}"

    return simplest_label(f"{back(first.year, first.month)}/{back(last.year, last.month)}")


@registry.memo(maxsize=512)
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
