"""What a figure takes from the rest of its paragraph, after the clauses are read: the basis a 同比(下同)
note names for the changes after it, and a comparison written after a level (较上年的21.1‰略有上升).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reportgen.engines.offline.restatements import Figure
from reportgen.zh.vocabulary import FALL, RISE, basis_of

__all__ = ["carry_basis_notes", "compared_after", "heading_labels", "sub_areas"]


# 罪案率为21.7‰，较上年的21.1‰略有上升: the level, then the earlier level and the direction
_EARLIER_LEVEL = re.compile(r"\s*[，,]?\s*(?:较|比|与)(?:\d{4}年)?[^，,。；;\d]{0,10}的\s*$")
_CHANGE_AFTER = re.compile(rf"(?:略有|有所|明显|大幅|小幅|稍有|略微|进一步)?(?:(?P<up>{RISE})|(?P<down>{FALL}))"
                           # 较去年的23宗增加4宗 states the change itself: both stay levels
                           r"(?!了?\s*(?:约|近|逾|超过|达|为|了)?\s*[\d一二两三四五六七八九十百千半])")


def compared_after(simp: str, figures: list[Figure]) -> list[Figure]:
    """A level compared with an earlier one named after it is a change from that level."""
    out: list[Figure] = []
    skip: set[int] = set()
    for i, f in enumerate(figures):
        if i in skip:
            continue
        if i + 1 < len(figures) and f.change is None and figures[i + 1].change is None:
            g = figures[i + 1]
            turn = _CHANGE_AFTER.match(simp, g.mention.end)
            if (turn and g.mention.unit == f.mention.unit and f.from_value is None
                    and _EARLIER_LEVEL.match(simp[f.mention.end:g.mention.start])):
                f.change = ("up" if turn.group("up") else "down", "unspecified")
                f.from_value = g.mention.value
                f.quote = (f.quote[0], turn.end())
                skip.add(i + 1)
        out.append(f)
    return out


# 同比(下同): the basis named once holds for the changes after it in the paragraph
_BASIS_NOTE = re.compile(r"(?P<basis>同比|环比|按年|按月)[（(]下同[）)]")
_OWN_COMPARISON = re.compile(r"较|比|与|相比|同期")
_CLAUSE_START = re.compile(r"[，,。；;\n]")


def carry_basis_notes(simp: str, figures: list[Figure]) -> None:
    """Give a change with no basis of its own the basis a 下同 note before it in the paragraph names."""
    notes = [(m.end(), m.group("basis")) for m in _BASIS_NOTE.finditer(simp)]
    if not notes:
        return
    note_ends = [end for end, _ in notes]
    line_starts = [m.end() for m in re.finditer(r"\n", simp)]
    clause_starts = [m.end() for m in _CLAUSE_START.finditer(simp)]
    for f in figures:
        if f.change is None or f.change[1] != "unspecified":
            continue
        pos = f.mention.start
        i = bisect_right(note_ends, pos) - 1
        if i < 0:
            continue
        line = line_starts[bisect_right(line_starts, pos) - 1] if line_starts and line_starts[0] <= pos else 0
        if line > notes[i][0]:
            continue  # the note stands in an earlier paragraph
        note = notes[i]
        j = bisect_right(clause_starts, pos) - 1
        clause_lo = clause_starts[j] if j >= 0 else 0
        if _OWN_COMPARISON.search(simp, clause_lo, pos):
            continue
        f.change = (f.change[0], basis_of(note[1]))


# 1.盗窃电瓶。本月环比上升94.74% / （二）诈骗类警情。…: a numbered heading whose label names what the item counts
_HEADING_LABEL = re.compile(r"(?:^|(?<=[\n。]))[ \t\u3000]*"
                            r"(?:\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
                            r"(?P<label>[^。：:\n，,；;\d]{2,14})[。：:]", re.MULTILINE)
_PERIOD_WORDS = re.compile(r"(?:本|上|当|今|全|同)(?:月|周|年|季度?|期|日)(?:[接收]报|共|全区|全市)?")


_NUMBER_ONLY = re.compile(r"[\d.,，%％]+")


def heading_labels(simp: str, figures: list[Figure]) -> None:
    """A figure whose own words only name its period (本月环比上升…) is about its heading's label."""
    labels = [(m.end(), m.span("label")) for m in _HEADING_LABEL.finditer(simp)]
    if not labels:
        return
    ends = [end for end, _ in labels]
    next_starts = [m.start() for m in _HEADING_LABEL.finditer(simp)]
    for f in figures:
        i = bisect_right(ends, f.mention.start) - 1
        if i < 0 or (i + 1 < len(next_starts) and next_starts[i + 1] <= f.mention.start):
            continue
        words = "".join(simp[s:e] for s, e in f.ind)
        only_a_number = bool(_NUMBER_ONLY.fullmatch(words))  # nothing but time words before it (or before
        # the figure it borrowed its name from)
        if words and not only_a_number and not _PERIOD_WORDS.fullmatch(words):
            continue
        f.ind = [labels[i][1]]


# 其中，岛内环比下降…；岛外…: a part of the area named alone, after 其中
_SUB_AREA = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:内|外|城区|郊区|片区|辖区|区|县|市|镇|乡|街道)")


# 道路交通事故警情中，岛内…: the whole named before 中
_NAMED_WHOLE = re.compile(r"([\u4e00-\u9fff]{2,12}?)中[,，]")


def sub_areas(simp: str, figures: list[Figure]) -> None:
    """A figure whose words name only a part of the area (岛内, 城区) is about its parent's indicator in that
    part: the parent is the figure a 其中 follows, or the X of 'X中，' written before it."""
    parent: list[tuple[int, int]] = []
    among = False
    previous_end = 0
    for f in figures:
        lo = max(previous_end, f.mention.start - 200)
        gap = simp[lo:f.mention.start]
        previous_end = f.mention.end
        if "\n" in gap:
            among = False
        named = None
        for found in _NAMED_WHOLE.finditer(gap):
            named = found  # the last whole named before the figure
        if named is not None:
            among, parent = True, [(lo + named.start(1), lo + named.end(1))]
        elif "其中" in gap:
            among = True
        words = "".join(simp[s:e] for s, e in f.ind)
        if among and parent and _SUB_AREA.fullmatch(words):
            f.ind = [sp for sp in parent if sp not in f.ind] + f.ind
            continue
        if not among:
            parent = list(f.ind)
