"""``pattern.finditer`` over a whole article, trying the pattern only where a match can begin.

Python's regex engine skips ahead quickly only for patterns that open with a literal or a character
class. The figure patterns open with optional parts (a 近/约 qualifier, a 同比 basis, a year), so the
engine tries them at every character of an article, and most of a scan is spent failing. A
:class:`Scanner` works out from the pattern itself which characters a match can begin with, finds
those positions with one character-class scan, and calls ``pattern.match`` only there. What it
yields is what ``pattern.finditer`` yields, match for match (lookbehinds see the text before ``pos``
in both); a pattern whose first character cannot be bounded is scanned with ``finditer`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]


class _Unbounded(Exception):
    """A match may begin with any character (or with none)."""


_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
_ZERO_WIDTH = {_c.AT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())


def _class_items(items: list[tuple[Any, Any]]) -> list[str]:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # NEGATE, a negated category: almost anything
            raise _Unbounded
    return out


def _first(seq: Any) -> tuple[list[str], bool]:
    """(class items a match of ``seq`` can begin with, whether it can match empty)."""
    found: list[str] = []
    consumed_nothing_yet = True
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.ASSERT:
            direction, inner = av
            if direction > 0 and consumed_nothing_yet:
                ahead, empty = _first(inner)
                if not empty:
                    return ahead, False  # (?=X)…: a match begins where X does, whatever follows
            continue  # a lookbehind, or a lookahead after optional parts: no bound on the first character
        consumed_nothing_yet = False
        if op is _c.LITERAL:
            items, empty = [re.escape(chr(av))], False
        elif op is _c.IN:
            items, empty = _class_items(av), False
        elif op is _c.BRANCH:
            items, empty = [], False
            for alternative in av[1]:
                alt_items, alt_empty = _first(alternative)
                items += alt_items
                empty = empty or alt_empty
        elif op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Unbounded
            items, empty = _first(av[-1])
        elif op in _REPEATS:
            low, high, inner = av
            items, empty = _first(inner) if high else ([], True)
            empty = empty or low == 0
        elif op is _c.GROUPREF_EXISTS:
            _, yes, no = av
            items, empty = _first(yes)
            if no is None:
                empty = True
            else:
                no_items, no_empty = _first(no)
                items, empty = items + no_items, empty or no_empty
        elif getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
            items, empty = _first(av)
        else:  # ANY, NOT_LITERAL, a group reference...
            raise _Unbounded
        found += items
        if not empty:
            return found, False
    return found, True


def first_characters(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class holding every character a match of ``pattern`` can begin with, or None when
    that cannot be bounded (a pattern that may match the empty string, or begin with any character)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        items, empty = _first(_sre_parse.parse(pattern.pattern, pattern.flags))
    except _Unbounded:
        return None
    except Exception:  # noqa: BLE001 - re's parser is private: a shape this code does not know, plain finditer
        return None
    if empty or not items:
        return None
    return re.compile("[" + "".join(dict.fromkeys(items)) + "]")


class Scanner:
    """``Scanner(pattern).finditer(text, pos, endpos)`` yields what ``pattern.finditer`` does.

    The first characters are worked out at the first scan, not at import (start-up stays short)."""

    def __init__(self, pattern: re.Pattern[str], starts: re.Pattern[str] | None = None) -> None:
        """``starts``, when given, is a pattern that matches (one character) at least wherever ``pattern``
        can begin: narrower than the first characters alone (tests/test_speedups.py checks it)."""
        self.pattern = pattern
        self._starts: re.Pattern[str] | None | bool = starts or False  # False: not worked out yet

    @property
    def starts(self) -> re.Pattern[str] | None:
        if self._starts is False:
            self._starts = first_characters(self.pattern)
        return self._starts  # type: ignore[return-value]

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        pattern, starts = self.pattern, self.starts
        if endpos is None:
            endpos = len(text)
        if starts is None:
            yield from pattern.finditer(text, pos, endpos)
            return
        match, search = pattern.match, starts.search
        start = search(text, pos, endpos)
        while start is not None:
            at = start.start()
            m = match(text, at, endpos)
            if m is None:
                start = search(text, at + 1, endpos)
                continue
            if m.end() == at:  # an empty match (a lookahead-led pattern): finditer's own rules from here
                yield from pattern.finditer(text, at, endpos)
                return
            yield m
            start = search(text, m.end(), endpos)
