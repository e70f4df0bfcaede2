"""Which script a text is in (Simplified, Traditional, Latin) and its same-length Simplified view.

Every stage analyses the Simplified view and reports offsets into the text as received, so the view
must keep the length of the text, character for character. OpenCC converters are process-wide tables.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reportgen import registry

if TYPE_CHECKING:
    import opencc

__all__ = ["detect_script", "is_han", "opencc_converter", "to_simplified"]


@registry.memo(maxsize=4)
def opencc_converter(config: str) -> opencc.OpenCC:
    """OpenCC's converter for ``config`` (t2s, s2t, tw2sp), loaded once per process."""
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Simplified view of ``text`` with exactly the same length.

    Converted line by line with OpenCC's phrase rules; where a rule changes a line's length, that
    line is converted character by character, keeping any character whose conversion is not one
    character long.
    """
    # names and indicators are converted again and again (every metric, every stage): short strings are
    # remembered; an article's view is kept by its Document (``Document.simplified``), not here
    return _short_simplified(text) if len(text) <= 64 else _simplified(text)


@registry.memo(maxsize=16384)
def _short_simplified(text: str) -> str:
    return _simplified(text)


def _simplified(text: str) -> str:
    conv = opencc_converter("t2s")
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        converted: str = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(_one_by_one(conv, line))
        out.append(converted)
    view = "".join(out)
    if len(view) != len(text):  # cannot happen per line; guard the contract anyway
        view = "".join(_one_by_one(conv, text))
    return view


def _one_by_one(conv: opencc.OpenCC, text: str) -> list[str]:
    """Each character converted alone, kept as it is where its conversion is not one character long."""
    out: list[str] = []
    for ch in text:
        c: str = conv.convert(ch)
        out.append(c if len(c) == 1 else ch)
    return out


def is_han(ch: str) -> bool:
    """A CJK unified ideograph (basic block or extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_HAN_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")  # runs of the characters is_han accepts
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")


def detect_script(text: str, simplified: str) -> str:
    """zh-Hant when enough Han characters change under Traditional->Simplified conversion, else zh-Hans;
    en for Latin-script text, other for anything else."""
    # counted by regex scans, a run at a time: per-character Python calls were a noticeable share of
    # ingest time, and a list of runs is a fraction of a list of single characters
    han = sum(map(len, _HAN_RUN.findall(text)))
    latin = sum(map(len, _ASCII_LETTERS.findall(text)))
    if han < 4 or (latin > 4 * han):
        return "en" if latin > han else "other"
    changed = 0 if text == simplified else sum(1 for a, b in zip(text, simplified, strict=True) if a != b and is_han(a))
    return "zh-Hant" if changed >= max(3, han * 0.03) else "zh-Hans"
