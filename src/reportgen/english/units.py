"""A metric's unit for English readers.

The contract unit of a Chinese measure word ("处" -> "places") is the offline engine's table
(``engines.offline.units.MEASURES``), so a unit an engine left in Chinese reads exactly as the offline
engine would have named it; this module only adds what a reader needs on top: the singular for one
("1 case"), magnitude prefixes folded into the value (万元 -> "yuan"), and the units that are not
written after a number at all ("rank", "count"). Currencies outside the mainland stay ISO codes
("HKD", "MOP", "TWD"); the mainland's is "yuan".
"""

from __future__ import annotations

from reportgen.engines.offline.units import MEASURES

CURRENCIES = ("yuan", "HKD", "MOP", "TWD", "USD")
_NOT_WRITTEN = frozenset({"rank", "count"})  # "third", "1,200": the indicator already says what is counted
_MAGNITUDES = ("亿", "万", "千", "百")  # the value already carries them (12.13万元 -> 121300 yuan)
_IRREGULAR_SINGULAR = {"people": "person", "persons": "person", "sorties": "sortie", "series": "series",
                       "head": "head", "police": "police", "staff": "staff", "personnel": "personnel"}


def unit_en(unit: str) -> str:
    """The English unit of a metric's unit: a Chinese measure word mapped, an English unit kept."""
    u = (unit or "").strip()
    if u in MEASURES:
        return MEASURES[u]
    if len(u) > 1 and u.startswith(_MAGNITUDES) and u[1:] in MEASURES:
        return MEASURES[u[1:]]
    return u


def singular(unit: str) -> str:
    """"cases" -> "case", "people" -> "person", "businesses" -> "business", "kg" -> "kg"."""
    if unit in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[unit]
    head, sep, tail = unit.rpartition(" ")  # "working days" -> "working day"
    if head and tail:
        return head + sep + singular(tail)
    if unit.endswith("ies") and len(unit) > 4:
        return unit[:-3] + "y"
    if unit.endswith(("sses", "xes", "ches", "shes")):
        return unit[:-2]
    if unit.endswith("s") and not unit.endswith(("ss", "us", "is")) and len(unit) > 2:
        return unit[:-1]
    return unit


def display_unit(unit: str, value: float | None = None) -> str:
    """The unit as written after a number: English, singular for exactly one, "" when not written."""
    english = unit_en(unit)
    if english in _NOT_WRITTEN:
        return ""
    if value is not None and abs(value) == 1 and english not in CURRENCIES:
        return singular(english)
    return english
