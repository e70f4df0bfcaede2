"""Periods and dates for English readers; period labels through ``reportgen.zh.periods.period_phrase``."""

from __future__ import annotations

import datetime as dt

from reportgen.zh.period_labels import period_phrase

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

__all__ = ["MONTHS", "date_en", "date_range_en", "period_en", "period_phrase"]


def period_en(label: str | None) -> str:
    """A period standing on its own (a table cell, a heading): "2022-H1" -> "first half of 2022".

    The phrase after "in" is ``period_phrase`` ("the first half of 2022"); alone it drops the
    article. A label the phrase does not know is shown as it is, never hidden.
    """
    if not label:
        return ""
    phrase = period_phrase(label)
    if not phrase:
        return label.strip()
    return phrase[4:] if phrase.startswith("the ") else phrase


def date_en(value: dt.date | None) -> str:
    """2022-07-05 -> "5 July 2022"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def date_range_en(span: tuple[dt.date, dt.date] | None) -> str:
    """"5–9 July 2022", "5 June – 9 July 2022", "5 June 2021 – 9 July 2022"."""
    if span is None:
        return ""
    first, last = span
    if first == last:
        return date_en(first)
    if first.year == last.year:
        if first.month == last.month:
            return f"{first.day}–{last.day} {MONTHS[first.month - 1]} {first.year}"
        return f"{first.day} {MONTHS[first.month - 1]} – {date_en(last)}"
    return f"{date_en(first)} – {date_en(last)}"
