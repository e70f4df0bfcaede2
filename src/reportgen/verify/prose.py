"""Prose checks: every number a reader sees, in either language, is backed by the report or the source.

"Backed" (the one definition; the briefing uses it too): a number written in a text — Arabic digits
(also glued to Chinese characters), Chinese numerals (九百九十九, 1.2亿, 八成, 近半), English number words
("nine hundred and ninety-nine", "half", "a third", "twice"), percentages and percentage points —
equals a verified figure of the report (value or from_value), a number printed in the article, or a
year of the report's period or publication date. A display rounding counts as equal when it keeps at
least three significant figures and the figure rounds to it ("62.9 billion" for 62,924,240,000).
English fields must be English: a Chinese character in one is refused.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from reportgen import registry
from reportgen.ingest.document import Document
from reportgen.models import Metric, Period
from reportgen.zh.numerals import find_numbers, numeral_values, same_value
from reportgen.zh.scope import uses_roc_years

#: digits not inside a word or another number: "999%" after a Chinese character is read, "Q3" and "H1" are not
_EN_NUMBER = re.compile(r"(?<![A-Za-z0-9.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
                        r"(?:\s*(million|billion|thousand|trillion|bn|mn)\b)?")
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6}
ROC_YEAR_OFFSET = 1911
_BARE_MAGNITUDES = frozenset("十百千万萬亿億兆")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_WORD_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_WORD_SCALES], key=len, reverse=True))
_FIRST_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_WORDS_RE = re.compile(rf"\b(?:{_FIRST_WORD})(?:(?:[\s-]+(?:and[\s-]+)?)(?:{_WORD}))*\b", re.IGNORECASE)
#: fractions and multiples in words; "the first half of 2020" and "the third quarter" name periods, not numbers
_SHARE_RE = re.compile(r"\b(?:(?P<half>(?<!first )(?<!second )(?<!latter )(?<!former )half(?![\s-]+(?:of\s+the\s+)?"
                       r"(?:year|month)|[\s-]+(?:year|yearly)|\s+of\s+(?:19|20)\d\d))"
                       r"|(?P<num>a|one|two)[\s-]+(?P<den>thirds?)\s+of\b|(?P<twice>twice))", re.IGNORECASE)


def english_numbers(text: str) -> list[float]:
    """Numbers written with digits in a sentence (1,200; 7.03; 24.9 million; 999% glued to Chinese)."""
    return [readings[0] for readings in english_readings(text)]


def english_readings(text: str) -> list[tuple[float, ...]]:
    """Each digit number of ``text`` with the values it may mean: a bare number in a list or range whose
    last member carries a scale may share it ("3.912, 10.864 and 13.871 billion", "2 to 3 million")."""
    return [values for values, _ in _english_items(text)]


def _english_items(text: str) -> list[tuple[tuple[float, ...], str]]:
    """``english_readings`` with the words just before each number (where "more than" would stand)."""
    text = unicodedata.normalize("NFKC", text)
    matches = list(_EN_NUMBER.finditer(text))
    out: list[tuple[tuple[float, ...], str]] = []
    for k, m in enumerate(matches):
        lead = text[max(0, m.start() - 24):m.start()]
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        if m.group(3):
            out.append(((value * _EN_SCALE[m.group(3)],), lead))
            continue
        scale = None
        for later, after in zip(matches[k:], matches[k + 1:], strict=False):
            if not _LIST_JOINER.fullmatch(text[later.end():after.start()]):
                break
            if after.group(3):
                scale = _EN_SCALE[after.group(3)]
                break
        out.append(((value,) if scale is None else (value, value * scale), lead))
    return out


#: words that keep a 多/余/逾 figure's "more than" when it is rounded down for display
_UPWARD_WORDS = re.compile(r"(?:more than|over|above|at least|in excess of|upwards of|exceed(?:ed|s|ing)?|"
                           r"surpass(?:ed|es|ing)?|topp(?:ed|ing)|tops?|beyond|\+)\s*"
                           r"(?:(?:HK|NT|MOP|RMB|US)?\$|RMB\s*)?$", re.IGNORECASE)
_UPWARD = frozenset({"more_than", "over", "at_least"})


_LIST_JOINER = re.compile(r",?\s*(?:,|and|or|to|-|–)\s*(?:(?:HK|NT|MOP|RMB|US)?\$|RMB\s*|yuan\s*)?")


def word_numbers(text: str) -> list[float]:
    """Numbers written in English words: "nine hundred and ninety-nine", "twelve", "half", "a third", "twice"."""
    out: list[float] = []
    for m in _WORDS_RE.finditer(text):
        total, current = 0.0, 0.0
        for word in re.split(r"[\s-]+", m.group(0).lower()):
            if word in _UNITS:
                current += _UNITS[word]
            elif word in _TENS:
                current += _TENS[word]
            elif word == "hundred":
                current = (current or 1) * 100
            elif word in _WORD_SCALES:
                total, current = total + (current or 1) * _WORD_SCALES[word], 0.0
        out.append(total + current)
    for m in _SHARE_RE.finditer(text):
        if m.group("half"):
            out.append(50.0)
        elif m.group("twice"):
            out.append(2.0)
        else:
            out.append(round((2 if m.group("num").lower() == "two" else 1) / 3 * 100, 2))
    return out


def prose_numbers(text: str) -> list[float]:
    """Every number a reader sees in ``text`` (its first reading; see ``prose_readings``)."""
    return [readings[0] for readings in prose_readings(text)]


def prose_readings(text: str) -> list[tuple[float, ...]]:
    """Every number a reader sees in ``text``, each with the values it may mean: Chinese text is read by
    the one numeral reader (digits, Chinese numerals, 成, 半, 万/亿), English text by the digit and word readers."""
    words = [(v,) for v in word_numbers(text)]
    if _CJK.search(text):  # a magnitude on its own (老百姓, 千家万户) is a word, not a number
        return [*((n.value,) for n in find_numbers(text) if n.text not in _BARE_MAGNITUDES), *words]
    return [*english_readings(text), *words]


def is_english(text: str, source: str | None = None) -> bool:
    """An English field holds no Chinese character — except, given the article's ``source`` text, a
    quoted or bracketed gloss of the article's own words ("money-laundering ('跑分') gangs")."""
    if _CJK.search(text) is None:
        return True
    if source is None:
        return False
    rest = _GLOSS.sub(lambda m: "" if m.group("zh") in source else m.group(0), text)
    return _CJK.search(rest) is None


_GLOSS = re.compile(r"""(?P<open>['"‘“(（「])(?P<zh>[^'"’”)）」]{1,20})(?P<close>['"’”)）」])""")


@registry.memo(maxsize=64)
def _numbers_in(text: str) -> tuple[float, ...]:
    """Values of every number in ``text`` (cached: grounding asks for the same body many times)."""
    return tuple(numeral_values(text))


@dataclass(frozen=True)
class Backing:
    """The numbers a text may state: sorted, with the report's own figures apart (they may be rounded)."""

    allowed: tuple[float, ...]
    figures: tuple[float, ...]
    upward: frozenset[float] = frozenset()  # figures with 多/余/逾/以上: rounded down, they need "more than"

    def unbacked(self, text: str) -> list[float]:
        """The numbers of ``text`` that nothing backs (in none of the values it may mean)."""
        if _CJK.search(text):
            return [values[0] for values in prose_readings(text) if not any(self.backs(v) for v in values)]
        items = [*_english_items(text), *(((v,), "") for v in word_numbers(text))]
        return [values[0] for values, lead in items if not any(self.backs(v, lead) for v in values)]

    def backs(self, value: float, lead: str | None = None) -> bool:
        """``value`` is backed; ``lead`` (the words before it, when known) must keep a rounded-down
        "more than" figure's qualifier ("more than NT$62.9 billion")."""
        if _has_same_value(self.allowed, value):
            return True
        return any(_rounds_to(f, value) and (lead is None or f not in self.upward or f < value
                                             or _UPWARD_WORDS.search(lead) is not None) for f in self.figures)


def backing(metrics: Iterable[Metric], doc: Document, period: Period | None = None,
            extra: Iterable[float] = ()) -> Backing:
    """What backs a number: the kept metrics' values and from_values, the article's numbers, the years
    of the report's and the metrics' period labels, the publication date (year, month, day), and ``extra``
    (say a year the model inferred for the period, or the headline's numbers)."""
    metrics = list(metrics)
    figures = [float(m.value) for m in metrics] + [float(m.from_value) for m in metrics if m.from_value is not None]
    allowed = list(figures)
    labels = [period.label if period else "", *(m.period or "" for m in metrics)]
    allowed.extend(float(y) for label in labels for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", label))
    allowed.extend(float(x) for x in extra)
    if doc.published is not None:
        allowed.extend(float(x) for x in (doc.published.year, doc.published.month, doc.published.day))
    body = _numbers_in(doc.body_simplified)
    allowed.extend(body)
    if uses_roc_years(doc):  # 113年 of the Republic is 2024 in English
        allowed.extend(v + ROC_YEAR_OFFSET for v in body if 1 <= v <= 200 and float(v).is_integer())
    upward = frozenset(float(m.value) for m in metrics if m.qualifier in _UPWARD)
    return Backing(tuple(sorted(allowed)), tuple(figures), upward)


def unbacked_numbers(text: str, metrics: list[Metric], doc: Document, period: Period | None = None) -> list[float]:
    """Numbers in ``text`` (English or Chinese) that no kept metric, no number of the source's body and
    no year of the period or publication date backs ("the first half of 2020" writes the period
    2020-H1 of an article that says 今年上半年 and is dated 2020)."""
    return backing(metrics, doc, period).unbacked(text)


def _rounds_to(figure: float, written: float) -> bool:
    """``written`` is ``figure`` rounded for display, keeping at least three significant figures."""
    if written == 0 or figure == 0 or abs(figure) < abs(written) * 0.9 or abs(figure) > abs(written) * 1.1:
        return False
    digits = f"{abs(written):.12e}".split("e")[0].replace(".", "").rstrip("0")  # 6.29e10 -> "629"
    significant = len(digits)
    exponent = math.floor(math.log10(abs(written)))
    if significant < 3:
        return False
    step = 10.0 ** (exponent - significant + 1)
    return same_value(round(figure / step) * step, written)


def _has_same_value(ordered: tuple[float, ...] | list[float], value: float) -> bool:
    """``any(same_value(value, a) for a in ordered)``, looking only where a match can be: same_value's
    tolerance is 1e-9 of the larger magnitude, so every match lies within 2e-9·max(1, |value|) of value
    (an article's body holds hundreds of numbers and each prose number was compared with all of them)."""
    reach = 2e-9 * max(1.0, abs(value))
    lo = bisect_left(ordered, value - reach)
    hi = bisect_right(ordered, value + reach, lo)
    return any(same_value(value, a) for a in ordered[lo:hi])
