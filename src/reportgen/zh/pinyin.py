"""Toneless pinyin (``ü`` kept) exactly as pypinyin reads a text, mostly without loading pypinyin.

Importing pypinyin loads its phrase dictionary and trains its phrase cutter (about 0.3 s), which the
first article holding a term the glossary lacks used to pay. pypinyin reads a text phrase by phrase
and every other character on its own; ``data/hanzi_pinyin.tsv`` (scripts/make_hanzi_pinyin.py) holds
each character's reading on its own and every phrase in which pypinyin reads a character otherwise.
A text made only of listed characters and holding none of those phrases therefore reads the same
however pypinyin would cut it: that answer is given from the table, and anything else (unlisted or
non-Han characters, 长 in 成长) goes to pypinyin itself. tests/test_startup_paths.py checks the table
against the installed pypinyin.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from reportgen import registry

__all__ = ["load", "toneless", "usual_reading"]


@registry.table
def _table() -> tuple[dict[str, str], frozenset[str], int]:
    """(character -> reading, phrases read otherwise, longest such phrase) from the shipped table."""
    text = (resources.files("reportgen") / "data" / "hanzi_pinyin.tsv").read_text(encoding="utf-8")
    readings: dict[str, str] = {}
    phrases: list[str] = []
    section = ""
    for line in text.split("\n"):
        if line.startswith("#"):
            section = line[2:].strip() if line.startswith("#@") else section
        elif line and section == "readings":
            reading, _, chars = line.partition("\t")
            readings.update(dict.fromkeys(chars, reading))
        elif line and section == "phrases":
            phrases.extend(line.split(" "))
    return readings, frozenset(phrases), max(map(len, phrases), default=0)


def load() -> None:
    """Read the table now (a batch does so once, before its workers start)."""
    _table()


def usual_reading(char: str) -> str | None:
    """The toneless reading pypinyin gives ``char`` on its own, from the shipped table (None when the table
    does not list it; pypinyin is not loaded)."""
    return _table()[0].get(char)


def _from_table(text: str) -> list[str] | None:
    """The syllables of ``text`` when the table decides them all, else None."""
    readings, phrases, longest = _table()
    try:
        syllables = [readings[char] for char in text]
    except KeyError:
        return None
    n = len(text)
    for i in range(n):
        for j in range(i + 1, min(n, i + longest) + 1):
            if text[i:j] in phrases:
                return None
    return syllables


def toneless(text: str, errors: str | Callable[[str], Any] = "ignore") -> list[str]:
    """``pypinyin.lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors=errors)``, the same list."""
    if text:
        syllables = _from_table(text)
        if syllables is not None:
            return syllables
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors=errors)
