"""What a figure takes from the rest of its paragraph, after the clauses are read: the basis a 同比(下同)
note names for the changes after it, and a comparison written after a level (较上年的21.1‰略有上升).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reportgen.engines.offline.restatements import Figure
from reportgen.zh.vocabulary import FALL, RISE, basis_of

__all__ = ["carry_basis_notes", "compared_after"]


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
