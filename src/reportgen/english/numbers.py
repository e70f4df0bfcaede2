"""A figure's value in English: digits with thousands separators, millions and above in words.

The words are exactly the value (``verify.grounding.english_numbers`` reads "24.881 million" back to
24881000), so a composed sentence is backed by its metric; nothing is rounded away and no reader
ever sees exponent notation.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.english.units import display_unit
from reportgen.zh.numerals import same_value

QUALIFIER_WORDS = {"more_than": "more than", "over": "over", "nearly": "nearly", "about": "about",
                   "under": "under", "at_least": "at least"}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_MAX_SCALED_DECIMALS = 5  # "24.881 million", "3.58264 trillion" (35826.4亿); beyond that all digits stay


def number_en(value: float) -> str:
    """121300 -> "121,300"; 24881000 -> "24.881 million"; 1.5e12 -> "1.5 trillion"; 7.03 -> "7.03"."""
    v = float(value)
    for scale, word in _SCALES:
        if abs(v) >= scale:
            for digits in range(_MAX_SCALED_DECIMALS + 1):
                scaled = round(v / scale, digits)
                if same_value(scaled * scale, v):
                    return f"{scaled:,.{digits}f} {word}"
            break
    if v.is_integer():
        return f"{int(v):,}"
    text = f"{v:,.6f}".rstrip("0").rstrip(".")
    if same_value(float(text.replace(",", "")), v):
        return text
    return f"{Decimal(repr(v)):,f}"  # a tiny value: every digit, never "1e-07"


# currencies written as a sign before the number, as their own press writes them ("HK$9.15 billion")
CURRENCY_SIGNS = {"HKD": "HK$", "MOP": "MOP$", "TWD": "NT$", "USD": "US$"}


def quantity(value: float, unit: str = "", qualifier: str = "exact", *, with_unit: bool = True) -> str:
    """A value with its qualifier and unit: "more than 1,200 people", "7.03%", "nearly 100 million yuan",
    "HK$9.15 billion"."""
    text = number_en(value)
    shown = display_unit(unit, value)
    if unit == "rank" and with_unit:
        text = f"No. {text}"  # a place in a ranking: "No. 2", never a bare "2" beside its indicator
    elif shown in CURRENCY_SIGNS:
        text = CURRENCY_SIGNS[shown] + text if with_unit else text
    elif shown == "%":
        text += "%"
    elif with_unit and shown:
        text += f" {shown}"
    prefix = QUALIFIER_WORDS.get(qualifier)
    return f"{prefix} {text}" if prefix else text
