"""Is a figure a change, which way, on what basis; and 从A提升至B.

The words just before a value decide (同比下降7.03%, 环比上升2.8个百分点, 较去年同期减少2100起,
比上年多抓获38名, 降幅超过三成, 涨幅控制在3%以内, 较上年前移3位). A gap against a benchmark
(高于全国平均水平0.8个百分点) is not a change over time: it stays a level. The basis is
year_on_year only for 同比 (按年) and period_on_period only for 环比 (按月, 按季); every other comparison
(较去年同期, 比上年, 较2023年底) is "unspecified" (zh/vocabulary.py holds the words).

Phrases decide as a whole: 按年负增长4.7% is a fall; 降幅比上月收窄1.3个百分点 a rise of the rate (增速回落: a
fall), named by the rate (房地产开发投资降幅); a signed rate after a basis word (按年-2.3%, 同比+5.1%) or in
a change column of a table (项目／本月／增减 … ／-8.6%) goes the way of its sign.
"""

from __future__ import annotations

import re

from reportgen.engines.offline.mentions import Mention
from reportgen.zh.vocabulary import (
    BASIS_PHRASES,
    BASIS_WORD,
    FALL,
    FALL_RATE,
    MULTIPLE_LEAD,
    RATE_SHIFT,
    RISE,
    RISE_RATE,
    SIGN_IN_BRACKETS,
    SIGNED,
    SIGNED_LEAD,
    SIGNS,
    basis_of,
    shift_direction,
)

Change = tuple[str, str]  # (direction, basis)

#: a clause that names the biggest rise or fall and leaves its value to the next (升幅最大，达9.2%)
RATE_LEAD = re.compile(rf"(?:(?P<up>{RISE_RATE})|(?P<down>{FALL_RATE}))(?:最大|最高|最小|最低|较大|明显)?$")
#: 是上年的2.1倍: a multiple of the earlier level
MULTIPLE_OF = re.compile(MULTIPLE_LEAD + "$")
_ADVERBS = r"(?:分别|(?<![年月日人户])均|都|大幅|大幅度|有所|明显|显著|持续|再|又|共|累计|总体|整体|同比)*"

# the change phrase that ends right before a value
_TAIL = re.compile(
    rf"(?:(?P<basis>{BASIS_PHRASES})(?:[^，,。；;\d]{{0,3}}?))?{_ADVERBS}"
    # 人口自然增长率为1.65‰: a natural growth rate is a level of its own (births less deaths), not a rise
    rf"(?:(?P<up>{RISE})|(?P<down>{FALL})|(?<!自然)(?P<rate_up>{RISE_RATE})|(?P<rate_down>{FALL_RATE})"
    r"|(?<=比)(?P<up1>增|升|涨)|(?<=比)(?P<down1>减|降)|(?(basis)(?P<up3>新增)|(?!))"
    r"|(?<=[期年月度])(?P<up2>多)[\u4e00-\u9fff]{0,6}?|(?<=[期年月度])(?P<down2>少)[\u4e00-\u9fff]{0,6}?"
    # 增六成, 增产2.1万吨, 减四成: a one-character verb right before the value
    r"|(?<![新递])(?P<up5>增(?:产|收)?|升|涨)|(?P<down5>减(?:产|收)?|跌|降))"
    # 涨幅控制在3%以内: a rate held to a ceiling is still a rise
    r"(?:了)?(?:分别|均|都)?(?:为|达到|达|约|是|控制在|保持在|稳定在)?$"
)
_FROM_MARK = re.compile(r"(?:从|由)[^，,。；;从由]{0,10}$")
_FROM_TO_MID = re.compile(
    rf"^[^，,。；;]{{0,12}}?(?:(?P<up>{RISE}|增|升)|(?P<down>{FALL}|降|减))(?:了)?(?:到|至|为)(?:\d{{4}}年)?[^，,。；;\d]{{0,6}}$")
_BASIS_WORD = re.compile(BASIS_WORD)
# 降幅比1—9月收窄1.3个百分点, 增速回落了0.3个百分点, 降幅收窄至3.2%: a shift of a rate right before the value
_SHIFT_TAIL = re.compile(rf"(?:{RATE_SHIFT.pattern})(?:了)?$")
# 按年录得-2.3%, 同比+5.1%, 增长-2.1%: a sign after a basis or growth word
_SIGNED_TAIL = re.compile(rf"(?:{SIGNED_LEAD})?(?P<sign>[-－−+＋])$")
# a row of a table written as text: 诈骗案件／320件／350件／-8.6%
_CELL_SEPS = "／|｜\t"
_CHANGE_HEADER = re.compile(r"增减|升降|涨跌|变动|变化|增幅|增长率|比较|同比|环比|按年|按月|±")


def basis_word(simp: str, lo: int, hi: int) -> str | None:
    m = _BASIS_WORD.search(simp, lo, hi)
    return m.group(0) if m else None


def change_before(simp: str, lo: int, hi: int, last_change: Change | None) -> tuple[Change | None, int]:
    """The change phrase ending at ``hi`` (searched from ``lo``) and where it starts.

    A bare rate word (降幅超过三成) restates the sentence's last change, so it takes that basis. A shift
    of a rate (降幅比上月收窄) starts after its rate noun: the rate is what the figure is about.
    """
    shifted = _SHIFT_TAIL.search(simp, max(lo, hi - 32), hi)
    if shifted:
        word = basis_word(simp, shifted.start(), shifted.end()) or basis_word(simp, lo, shifted.start())
        if shifted.group("to"):  # 降幅收窄至3.2%: the rate itself, read like 降幅3.2%
            to_basis = basis_of(word) if word or not last_change else last_change[1]
            return (shift_direction(shifted), to_basis), shifted.start()
        noun_end = shifted.end("growth") if shifted.group("growth") else shifted.end("decline")
        return (shift_direction(shifted), basis_of(word)), noun_end
    signed = _signed_before(simp, lo, hi)
    if signed:
        return signed
    if hi >= 1 and simp[hi - 1] in SIGNS and SIGNED.match(simp, hi - 1) and SIGN_IN_BRACKETS.search(
            simp, simp.rfind("\n", max(0, hi - 21), hi - 1) + 1 or max(0, hi - 21), hi - 1):  # 减少1,347件（-5.81%）
        return (SIGNS[simp[hi - 1]], last_change[1] if last_change else "unspecified"), hi - 1
    tail = _TAIL.search(simp, max(lo, hi - 28), hi)  # a change phrase is short: search its window only
    if not tail:
        return None, hi
    up = any(tail.group(g) for g in ("up", "rate_up", "up1", "up2", "up3", "up5"))
    word = basis_word(simp, tail.start(), tail.end()) or tail.group("basis") or basis_word(simp, lo, tail.start())
    basis: str = basis_of(word)
    if not word and (tail.group("rate_up") or tail.group("rate_down")) and last_change:
        basis = last_change[1]
    return ("up" if up else "down", basis), tail.start()


def _signed_before(simp: str, lo: int, hi: int) -> tuple[Change, int] | None:
    """按年-2.3% / 同比+5.1% / a signed cell of a change column: the sign's direction, and where the
    phrase starts (the basis word, or the sign)."""
    if hi < 1 or simp[hi - 1] not in SIGNS or not SIGNED.match(simp, hi - 1):
        return None
    lead = _SIGNED_TAIL.search(simp, max(lo, hi - 16), hi)
    if lead and lead.start() < hi - 1:
        word = basis_word(simp, lead.start(), hi) or basis_word(simp, lo, lead.start())
        return (SIGNS[simp[hi - 1]], basis_of(word)), lead.start()
    column = column_change(simp, hi - 1)
    return (column, hi - 1) if column else None


_ROW_REACH = 400  # a table row is a short line: what runs longer is prose, and is not searched back through


def _row(simp: str, pos: int) -> tuple[int, str, int] | None:
    """(line start, separator, cell index) when ``pos`` opens a cell after the first of a delimited row."""
    if simp[max(0, pos - 3):pos].rstrip(" \u3000")[-1:] not in tuple(_CELL_SEPS):
        return None  # no cell separator just before: no cell (and no search for the line's start)
    line = simp.rfind("\n", max(0, pos - _ROW_REACH), pos) + 1
    if line == 0 and pos > _ROW_REACH:
        return None
    before = simp[line:pos].rstrip(" \u3000")
    if not before or before[-1] not in _CELL_SEPS:
        return None
    sep = before[-1]
    return line, sep, before.count(sep)


def column_change(simp: str, pos: int) -> Change | None:
    """The direction of the signed value at ``pos`` (its sign) when it stands in a column headed by a
    change word (增减, 同比增减, 变动); the basis is the header's."""
    row = _row(simp, pos)
    if row is None:
        return None
    line, sep, col = row
    end = simp.find("\n", pos, pos + _ROW_REACH)
    width = simp.count(sep, line, end if end >= 0 else min(len(simp), pos + _ROW_REACH))
    for _ in range(40):  # the header: the nearest line above with as many cells and no number in this one
        if line == 0:
            return None
        prev = simp.rfind("\n", max(0, line - 1 - _ROW_REACH), line - 1) + 1
        cells = simp[prev:line - 1].split(sep)
        line = prev
        if len(cells) != width + 1 or any(ch.isdigit() for ch in cells[col]):
            continue
        if not _CHANGE_HEADER.search(cells[col]):
            return None
        return SIGNS[simp[pos]], basis_of(basis_word(cells[col], 0, len(cells[col])))
    return None


def row_label(simp: str, pos: int) -> tuple[int, int] | None:
    """The first cell of the table row ``pos`` stands in (诈骗案件 of 诈骗案件／320件／-8.6%), when it
    names something."""
    row = _row(simp, pos)
    if row is None:
        return None
    line, sep, _ = row
    first = simp.find(sep, line, pos)
    label = simp[line:first].strip(" \u3000")
    if not label or any(ch.isdigit() for ch in label):
        return None
    start = simp.index(label, line)
    return start, start + len(label)


def from_mark(simp: str, mention: Mention) -> int | None:
    """Where 从/由 stands before ``mention`` (从2022年的94.1%), if it does."""
    m = _FROM_MARK.search(simp, max(0, mention.start - 11), mention.start)
    return m.start() if m else None


_LIST_GAP = re.compile(r"\s*(?:、|和|及)\s*")


def _paired_lists(simp: str, mentions: list[Mention], i: int) -> tuple[int, str] | None:
    """From the list starting at ``i``: (its length, direction) when a list of as many values follows
    after a 降至/提升到 word, else None."""
    n = 1
    while i + n < len(mentions) and _LIST_GAP.fullmatch(simp, mentions[i + n - 1].end, mentions[i + n].start):
        n += 1
    if n < 2 or i + 2 * n > len(mentions):
        return None
    mid = _FROM_TO_MID.match(simp[mentions[i + n - 1].end:mentions[i + n].start])
    if not mid:
        return None
    for k in range(n - 1):
        if not _LIST_GAP.fullmatch(simp, mentions[i + n + k].end, mentions[i + n + k + 1].start):
            return None
    if any(mentions[i + k].is_percent != mentions[i + n + k].is_percent for k in range(n)):
        return None
    return n, "up" if mid.group("up") else "down"


def link_from_to(simp: str, mentions: list[Mention]) -> tuple[list[Mention], dict[int, tuple[Mention, str]]]:
    """从A提升至B / 由A缩短至B: drop A and remember (A, direction) under id(B)."""
    out: list[Mention] = []
    links: dict[int, tuple[Mention, str]] = {}
    skip = -1
    dropped: set[int] = set()
    for i, a in enumerate(mentions):
        if i == skip or i in dropped:
            continue
        paired = _paired_lists(simp, mentions, i) if from_mark(simp, a) is not None else None
        if paired is not None:  # 分别由A1、A2降至B1、B2: each B_k came from A_k
            n, direction = paired
            for k in range(n):
                links[id(mentions[i + n + k])] = (mentions[i + k], direction)
            dropped.update(range(i, i + n))
            continue
        if i + 1 < len(mentions) and from_mark(simp, a) is not None:
            b = mentions[i + 1]
            mid = _FROM_TO_MID.match(simp[a.end:b.start])
            if mid and a.is_percent == b.is_percent:
                links[id(b)] = (a, "up" if mid.group("up") else "down")
                continue
        out.append(a)
    return out, links
