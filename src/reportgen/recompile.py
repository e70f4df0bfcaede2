"""Compile regular expressions faster, into exactly the code ``re`` itself produces.

Start-up compiles some 370 patterns (every module's Chinese patterns, and those of typer, pydantic
and jinja2), and about half of that time went to one pure-Python helper of ``re``'s compiler,
``_optimize_charset``. For a character class holding any character beyond Latin-1 (every class with
a Chinese character: [一二三四五六七八九], [，,。；;]) it fills a 65,536-entry map and then walks all
256 slices of it; for a range like [\\u4e00-\\u9fff] it first sets 21,000 entries one at a time.

:func:`install` (called by the command line, which owns its process; importing reportgen as a library
changes nothing in ``re``) puts in its place :func:`optimize_charset`: the same result, built with slice
assignments and visiting only the slices that hold a character of the class (the others are all
zeros and share one block). Case-insensitive classes, which need ``re``'s case folding character by
character, still go to the original. The result is checked against the original at install time, and
tests/test_batch_speedups.py compares the two over every class the package compiles and thousands of random
ones; on a Python whose ``re`` does not look as expected nothing is replaced.
"""

from __future__ import annotations

import sys
from typing import Any

try:  # Python 3.11+
    from re import _compiler as _sre_compile  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]

Charset = list[tuple[Any, Any]]

_BMP = 0x10000
_ZERO_SLICE = bytes(256)
# the versions whose _optimize_charset this was written against (the same code in 3.10 to 3.13)
_KNOWN_VERSIONS = ((3, 10), (3, 11), (3, 12), (3, 13))

original_optimize_charset = getattr(_sre_compile, "_optimize_charset", None)


def optimize_charset(charset: Charset, iscased: Any = None, fixup: Any = None,
                     fixes: Any = None) -> tuple[Charset, bool]:
    """``re``'s ``_optimize_charset(charset, iscased, fixup, fixes)``, result for result."""
    if fixup is not None:  # case-insensitive: folded character by character, as re does
        return original_optimize_charset(charset, iscased, fixup, fixes)  # type: ignore[misc]
    out: Charset = []
    tail: Charset = []
    charmap = bytearray(256)
    for op, av in charset:
        if op is _c.NEGATE:
            out.append((op, av))
            continue
        if op is not _c.LITERAL and op is not _c.RANGE:
            tail.append((op, av))  # a category: kept as it is
            continue
        low, high = (av, av) if op is _c.LITERAL else av
        if high >= len(charmap) and len(charmap) == 256:
            charmap += bytes(_BMP - 256)  # a character beyond Latin-1: map the whole BMP
        if high < len(charmap):
            charmap[low:high + 1] = b"\1" * (high + 1 - low)
        else:  # beyond the BMP: re keeps the item itself, with what it has in the BMP mapped
            if low < _BMP:
                charmap[low:] = b"\1" * (_BMP - low)
            tail.append((op, av))

    runs = _runs(charmap)
    if runs is not None:  # one or two runs: literals and ranges
        for start, end in runs:
            out.append((_c.LITERAL, start) if end - start == 1 else (_c.RANGE, (start, end - 1)))
        out += tail
        return (out, False) if len(out) < len(charset) else (charset, False)
    if len(charmap) == 256:
        out.append((_c.CHARSET, _sre_compile._mk_bitmap(charmap)))
        out += tail
        return out, False
    out.append((_c.BIGCHARSET, _big_charset(bytes(charmap))))
    out += tail
    return out, False


def _runs(charmap: bytearray) -> list[tuple[int, int]] | None:
    """The [start, end) runs of set entries when there are at most two, else None."""
    runs: list[tuple[int, int]] = []
    end = 0
    while True:
        start = charmap.find(1, end)
        if start < 0:
            return runs
        if len(runs) >= 2:
            return None
        end = charmap.find(0, start)
        if end < 0:
            runs.append((start, len(charmap)))
            return runs
        runs.append((start, end))


def _big_charset(charmap: bytes) -> list[int]:
    """BIGCHARSET data: the number of distinct 256-entry slices, each slice's block number, the blocks.
    Blocks are numbered in order of first appearance, as re numbers them."""
    touched: list[int] = []  # slices holding a set entry, in order
    end = 0
    while (start := charmap.find(1, end)) >= 0:
        end = charmap.find(0, start)
        if end < 0:
            end = len(charmap)
        first = start >> 8
        if touched and touched[-1] >= first:
            first = touched[-1] + 1
        touched.extend(range(first, ((end - 1) >> 8) + 1))
    blocks: dict[bytes, int] = {}
    mapping = bytearray(256)
    data = bytearray()
    done = 0
    for index in [*touched, 256]:
        if done < index:  # slices done..index-1 are all zeros
            if _ZERO_SLICE not in blocks:
                blocks[_ZERO_SLICE] = len(blocks)
                data += _ZERO_SLICE
            mapping[done:index] = bytes([blocks[_ZERO_SLICE]]) * (index - done)
        if index == 256:
            break
        piece = charmap[index << 8:(index + 1) << 8]
        if piece not in blocks:
            blocks[piece] = len(blocks)
            data += piece
        mapping[index] = blocks[piece]
        done = index + 1
    codes = _sre_compile._mk_bitmap(data)
    codes[0:0] = [len(blocks), *_sre_compile._bytes_to_codes(mapping)]
    return codes


# one class of each kind (kept small: the original is slow on large ones)
_SELF_CHECK: list[Charset] = [
    [(_c.RANGE, (48, 57)), (_c.LITERAL, 95)],
    [(_c.NEGATE, None), (_c.LITERAL, 0x4E00), (_c.LITERAL, 0x4E8C), (_c.RANGE, (0x4E09, 0x4E30)), (_c.LITERAL, 44)],
    [(_c.RANGE, (0xFFF0, 0x1F600)), (_c.CATEGORY, _c.CATEGORY_DIGIT), (_c.LITERAL, 0x10000)],
]


def install() -> bool:
    """Use :func:`optimize_charset` in ``re``'s compiler (process-wide: every pattern compiled from now
    on, the package's and its libraries', gets the same code faster). True when installed."""
    if sys.version_info[:2] not in _KNOWN_VERSIONS or original_optimize_charset is None:
        return False
    if getattr(_sre_compile, "_optimize_charset") is optimize_charset:
        return True
    try:
        same = all(optimize_charset(list(c)) == original_optimize_charset(list(c)) for c in _SELF_CHECK)
    except Exception:  # noqa: BLE001 - re's internals changed shape: leave them alone
        return False
    if same:
        _sre_compile._optimize_charset = optimize_charset
    return same
