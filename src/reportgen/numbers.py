"""Chinese and Arabic numerals with magnitudes and qualifiers -> plain numbers.

Shared by the offline engine (to find figures) and grounding (to check a proposed value
against its quote). ``cn2an`` is used only on isolated Chinese numerals, never on whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = "零〇一二两兩三四五六七八九十百千万萬亿億"
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000,
              "万亿": 10**12, "萬億": 10**12}

PREFIX_QUALIFIERS = {
    "近": "nearly", "将近": "nearly", "接近": "nearly", "约": "about", "約": "about", "大约": "about",
    "逾": "over", "超": "over", "超过": "over", "超過": "over", "不到": "under", "不足": "under", "至少": "at_least",
}
SUFFIX_QUALIFIERS = {"多": "more_than", "余": "more_than", "餘": "more_than", "以上": "at_least", "左右": "about"}

_PREFIX = "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))
_SUFFIX = "|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True))

NUMBER_RE = re.compile(
    rf"(?P<prefix>{_PREFIX})?"
    r"(?:"
    r"(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<mag>万亿|萬億|万|萬|亿|億|千|百)?"
    rf"|(?P<chinese>[{_CN_DIGITS}]+)"
    r")"
    rf"(?P<suffix>{_SUFFIX})?"
    r"(?P<percent>%|％|个百分点|個百分點)?"
)


@dataclass(frozen=True)
class NumberMatch:
    value: float
    start: int
    end: int
    qualifier: str  # exact | about | more_than | nearly | over | under | at_least
    percent: bool
    text: str


@lru_cache(maxsize=4096)
def chinese_to_number(numeral: str) -> float | None:
    """An isolated Chinese numeral (三千六百, 两, 十二, 亿) -> number, or None if it is not one."""
    if not numeral:
        return None
    if numeral in _MAGNITUDE:
        return float(_MAGNITUDE[numeral])
    normal = numeral.replace("兩", "两").replace("萬", "万").replace("億", "亿").replace("〇", "零")
    try:
        import cn2an

        return float(cn2an.cn2an(normal, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    except Exception:  # cn2an raises bare ValueError subclasses and occasionally others
        return None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in ``text`` with its normalised value and qualifier."""
    out: list[NumberMatch] = []
    for m in NUMBER_RE.finditer(text):
        if m.group("arabic"):
            value = float(m.group("arabic").replace(",", ""))
            if m.group("mag"):
                value *= _MAGNITUDE[m.group("mag")]
        else:
            cn = m.group("chinese")
            value = chinese_to_number(cn)  # type: ignore[assignment]
            if value is None:
                continue
        prefix, suffix = m.group("prefix"), m.group("suffix")
        qualifier = PREFIX_QUALIFIERS.get(prefix or "") or SUFFIX_QUALIFIERS.get(suffix or "") or "exact"
        out.append(NumberMatch(round(value, 10), m.start(), m.end(), qualifier, bool(m.group("percent")), m.group(0)))
    return out


def same_value(a: float, b: float) -> bool:
    """Values equal up to float noise (12.13万 == 121300)."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
