"""One pass over an article's Simplified text: every mention (a numeral with what it measures, a rank, a
zero, a no-change statement) in order, without overlaps, outside furniture and definitions, with a
measure word written once after a list (12、15、20起) shared by the list.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from reportgen.engines.offline.clauses import Layout
from reportgen.engines.offline.mentions import ELIDED, Mention, make_mention, read_numeral
from reportgen.engines.offline.word_mentions import (
    FLAT_RE,
    IS_ZERO,
    MANY_ZEROS,
    RANK_RE,
    TOP_RE,
    ZERO_RE,
    rank_list,
    read_rank,
    read_top,
    read_zero,
)
from reportgen.zh.numerals import (
    NUMERAL_RE,
    numeral_value,
)

__all__ = ["scan"]


_PREMISE = re.compile(r"在[^，,。；;]{0,30}?基础上")
_DEFINITION_LEAD = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:[，,]?即|[（(])")
_NAME_NUMERAL = re.compile(r"[\d一二两三四五六七八九十百千]")
_CLOSE_PAREN = re.compile(r"[）)]")
_SENTENCE_STOP = re.compile(r"[。；;\n]")


def _definition_numerals(simp: str, lay: Layout) -> list[tuple[int, int, str]]:
    """(start, end, name) of regions that spell out a quoted name's numerals."""
    out = []
    for s, e in lay.quoted:
        name = simp[s + 1:e - 1]
        if not (0 < len(name) <= 15) or not _NAME_NUMERAL.search(name):
            continue
        lead = _DEFINITION_LEAD.match(simp, e)
        if not lead:
            continue
        if simp[lead.end() - 1] in "（(":
            close = _CLOSE_PAREN.search(simp, lead.end())
            end = close.start() if close else min(len(simp), lead.end() + 120)
        else:
            stop = _SENTENCE_STOP.search(simp, lead.end())
            end = stop.start() if stop else len(simp)
        out.append((lead.end(), end, name))
    return out


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def scan(simp: str, lay: Layout, skip: list[tuple[int, int]]) -> list[Mention]:
    """Every figure-bearing numeral of the article (Simplified view), in text order.

    ``skip`` are spans never read (page furniture).
    """
    skip = sorted(skip)
    skip_starts = [s for s, _ in skip]
    # a sentence an identified speaker said states results too; other long quotes are not the article's own
    said = set(lay.said)
    speech_and_titles = sorted([q for q in lay.speech if q not in said] + lay.titles)
    sat_starts = [s for s, _ in speech_and_titles]
    definitions = _definition_numerals(simp, lay)
    premises = [m.span() for m in _PREMISE.finditer(simp)]
    premise_starts = [p[0] for p in premises]

    def skipped(pos: int) -> bool:
        return _inside(skip, skip_starts, pos) or _inside(speech_and_titles, sat_starts, pos)

    out: list[Mention] = []
    elided: list[tuple[re.Match[str], int]] = []
    for m in NUMERAL_RE.finditer(simp):
        s, e = m.span()
        if skipped(s):
            continue
        mention = read_numeral(simp, m, s, e)
        if mention is None:
            gap = ELIDED.match(simp, e)
            if gap and m.group("arabic"):
                elided.append((m, gap.end()))
            continue
        if definitions and any(ds <= s < de and simp[m.start():m.end()].rstrip("余多") in name
                               for ds, de, name in definitions):
            continue
        if mention.kind == "duration" and _inside(premises, premise_starts, s):
            continue
        if _names_no_figure(simp, mention):
            continue
        out.append(mention)
    for m in RANK_RE.finditer(simp):
        if skipped(m.start()):
            continue
        rank = read_rank(simp, m)
        if rank:
            out.append(rank)
            out.extend(rank_list(simp, m.end("n")))
    for m in TOP_RE.finditer(simp):
        top = None if skipped(m.start()) else read_top(simp, m)
        if top:
            out.append(top)
    for m in FLAT_RE.finditer(simp):
        if not skipped(m.start()):
            word = "word" if m.group("word") else "zero"
            hedged = simp[m.start(word) - 2:m.start(word)] in ("大致", "大体")  # roughly flat
            out.append(Mention(m.start(), m.end(), m.start(word), m.end(), 0.0, "%", "",
                               "about" if hedged else "exact", "flat"))

    for m in ZERO_RE.finditer(simp):
        if skipped(m.start()):
            continue
        zero = read_zero(simp, m)
        if zero:
            out.append(zero)
    for m in MANY_ZEROS.finditer(simp):
        if skipped(m.start()):
            continue
        # 实现“双零”: one zero, which figures.py shares among the subjects named before it
        out.append(Mention(m.start(), m.end(), m.start("n"), m.start("n") + 2, 0.0, "cases", "零", "exact", "zero"))
    for m in IS_ZERO.finditer(simp):
        if not skipped(m.start()):
            out.append(Mention(m.start(), m.end(), m.start() + 1, m.end(), 0.0, "cases", "零", "exact", "zero"))
    out.extend(_share_units(simp, elided, out))
    out.extend(m for m in _ratios(simp) if not skipped(m.start))
    out.sort(key=lambda x: (x.start, x.end))
    return _drop_overlaps(out)


# 安福、望城两个派出所: a Chinese count of the names just listed; 两所合计: "the two" again
_NAME_CHAR = r"(?:(?![两个])[\u4e00-\u9fff])"  # a name may hold a numeral (四新岗), never the count's 两个
_LISTED = re.compile(rf"(?:^|[，,。；;：:\s]){_NAME_CHAR}{{0,4}}?(?:{_NAME_CHAR}{{1,6}}、)+{_NAME_CHAR}{{1,4}}等?$")
_ANAPHOR_AFTER = re.compile(r"(?:合计|共计|均|分别|都|共)")
# 24小时举报热线, 24小时值守: the hours name a service, they count nothing
_SERVICE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:热线|值守|服务|在线|开放|待命|营业|接警|专线|窗口)")
_ADDRESS = re.compile(r"(?:地址|地点|通讯处|邮编)\s*[:：]")


def _names_no_figure(simp: str, mention: Mention) -> bool:
    """A numeral read with a measure that still counts nothing here: a count of the names just listed,
    a service's hours (24小时热线), anything on an address line (地址：100009臺北市…)."""
    s = mention.num_start
    line = simp.rfind("\n", max(0, s - 40), s) + 1 or max(0, s - 40)  # a window: never the whole line back
    if _ADDRESS.search(simp, line, s):
        return True
    if mention.unit == "hours" and _SERVICE_AFTER.match(simp, mention.end):
        return True
    if not mention.chinese or not 2 <= mention.value <= 9:
        return False  # the numeral reader has read it: 两个, 三所 (a list of names is short)
    count = int(mention.value)
    left = simp[max(line, s - 40):s]
    listed = _LISTED.search(left)
    if listed and listed.group(0).count("、") + 1 == count:
        return True
    return left[-1:] in ("", "，", ",", "；", ";", "\n") and bool(_ANAPHOR_AFTER.match(simp, mention.end))


def _share_units(simp: str, elided: list[tuple[re.Match[str], int]], found: list[Mention]) -> list[Mention]:
    by_start = {m.num_start: m for m in found}
    added: list[Mention] = []
    for m, next_start in reversed(elided):
        target = by_start.get(next_start)
        if target is None or target.kind in ("rank", "zero", "bare"):
            continue
        value = numeral_value(m)
        if value is None:
            continue
        gap = ELIDED.match(simp, m.end())
        end = m.end() + (len(gap.group("unit")) if gap and gap.group("unit") else 0)
        shared = make_mention(simp, m, m.start(), end, value, target.unit, target.measure, target.kind,
                          chinese=False)
        by_start[m.start()] = shared
        added.append(shared)
    return added


_RATIO = re.compile(r"(?<![\d.:：∶])\d{1,3}(?:\.\d+)?(?:[:：∶]\d{1,3}(?:\.\d+)?)+(?![\d.:：∶])")  # ∶ U+2236 RATIO
_RATIO_CONTEXT = re.compile(r"(?:比|结构|比例|之比)[^，,。；;\d]{0,6}$")
_PART = re.compile(r"\d+(?:\.\d+)?")


def _ratios(simp: str) -> list[Mention]:
    """三次产业结构为4.1:52.6:43.3 (shares of a whole, in %), 案件比为1:1.08 (the ratio to one)."""
    out: list[Mention] = []
    for r in _RATIO.finditer(simp):
        if not _RATIO_CONTEXT.search(simp, max(0, r.start() - 12), r.start()):
            continue
        parts = list(_PART.finditer(simp, r.start(), r.end()))
        values = [float(p.group(0)) for p in parts]
        if values[0] == 1 and len(values) == 2:
            p = parts[1]
            out.append(Mention(r.start(), r.end(), p.start(), p.end(), values[1], "ratio", ":", "exact", "bare"))
        elif len(values) >= 3 and abs(sum(values) - 100) <= 1:
            out.extend(Mention(p.start(), p.end(), p.start(), p.end(), v, "%", ":", "exact", "bare")
                       for p, v in zip(parts, values, strict=True))
    return out


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """A numeral read twice (e.g. 第三 as a rank and 三 as a number) keeps the richer reading."""
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.num_start < kept[-1].num_end:
            if kept[-1].kind == "rank" or m.kind != "rank":
                continue
            kept.pop()
        kept.append(m)
    return kept
