"""Years named in a text, and the year an undated article is about.

Why a module of its own: periods, scope and the headline all ask "which year is this text about", and
the answer has traps: a count is not a year (2000组镜头), a comparison's year is not the text's
(较2024年同期 means the text is about 2025), Taiwanese texts count years of the Republic (113年).
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["ROC_OFFSET", "context_year", "normalise_digits", "years_in"]

ROC_OFFSET = 1911
# a number followed by a measure word (2000组镜头, 2000至2500组) is a count, never a year
_COUNTED = r"(?!\s*(?:(?:至|到|-|—|~)\s*\d+)?\s*(?:[组個个宗起件人名次辆台套部户家间处条项万亿千百元%％多余]|餘))"
_YEAR_IN_TEXT = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])" + _COUNTED)
_ROC_YEAR_IN_TEXT = re.compile(r"(?<![\d.])(1[0-3]\d)(?=[）)]?年)")

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_CN_YEAR = re.compile(r"(?<![〇○零一二三四五六七八九十百千万亿])(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2}(?=年)")


def normalise_digits(text: str) -> str:
    """The same text, the same length, with full-width digits (２０２４) and Chinese-numeral years (二〇二四年)
    written in ASCII digits, so that every year reads alike."""
    if _FULLWIDTH_DIGIT.search(text):  # rare; translate() looks up every character of the text
        text = text.translate(_FULLWIDTH_DIGITS)
    if "年" in text:
        text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_YEAR_DIGITS), text)
    return text


# ------------------------------------------------------------------------------------------
# years named in a text
# ------------------------------------------------------------------------------------------


def years_in(text: str, *, roc: bool = False) -> list[int]:
    """Years written in ``text`` (2024, ２０２４, 二〇二四年; with ``roc`` also 113年), also inside names
    such as 飓风2020."""
    norm = normalise_digits(text)
    years = [int(y) for y in _YEAR_IN_TEXT.findall(norm)]
    if roc:
        years += [int(y) + ROC_OFFSET for y in _ROC_YEAR_IN_TEXT.findall(norm)]
    return years


_BASE_YEAR = re.compile(r"(?:较|比|与|同)(19[5-9]\d|20\d\d)年|(?<![\d.])(19[5-9]\d|20\d\d)年同期")


def context_year(text: str, *, roc: bool = False) -> int | None:
    """The year an undated article is about: the year it names most often (the latest on a tie)."""
    counts = Counter(years_in(text, roc=roc))
    if not counts:
        return None
    for m in _BASE_YEAR.finditer(normalise_digits(text)):
        base = int(m.group(1) or m.group(2))
        if counts[base] > 0:  # 较2024年同期: the comparison's year, so the text is about the year after
            counts[base] -= 1
            counts[base + 1] += 1
    return max(counts, key=lambda y: (counts[y], y))
