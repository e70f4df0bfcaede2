"""Sentences, clauses and list items of an article, with quoted text kept whole.

A figure's quote is the shortest clause that carries it, so the engine reads the text clause by
clause (split at ，；。！？：, line ends and parentheses) and, inside a clause, item by item
(split at 、). Separators inside quotation marks or book-title marks never split: 「A、B」 is one
name. Everything works on the Simplified view; offsets are offsets into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

# Paired marks whose content is one unit (a name, a title, a quotation).
_QUOTED = re.compile(r"“[^“”\n]{0,300}”|「[^「」\n]{0,300}」|『[^『』\n]{0,300}』|《[^《》\n]{0,80}》"
                     r"|‘[^‘’\n]{0,80}’|\"[^\"\n]{0,120}\"")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_SEP = re.compile(r"[，,。！？!?；;：:\n（）()\u3000]")  # U+3000 parts a headline (A跌3%　B升一成)
_ITEM_SEP = re.compile(r"、")
_SPEECH_PUNCT = re.compile(r"[，,。！？!?；;]")
_SPEECH_VERB = r"(?:说|说道|表示|介绍|指出|强调|称|坦言|透露|告诉记者|提醒|感慨|回忆|解释|算了一笔账)"
_SAID_BEFORE = re.compile(_SPEECH_VERB + r"[：:，,]?\s*$")
_SAID_AFTER = re.compile(_SPEECH_VERB + r"(?:道|了)?$")
_SAID_IN_PARAGRAPH = re.compile(_SPEECH_VERB + r"[：:，,]|”[^“”。]{0,30}?" + _SPEECH_VERB + r"(?:道|了)?[。，,]")
# 同比(下同): a note that names the basis for what follows; its brackets do not cut the clause
_ASIDE = re.compile(r"[（(]下同[）)]")
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")  # the comma of 1,286 separates no clauses


@dataclass
class Clause:
    start: int
    end: int
    sentence: int            # index of the sentence the clause belongs to
    items: list[tuple[int, int]] = field(default_factory=list)  # 、-separated parts


@dataclass
class Layout:
    """The article cut into clauses, plus the quoted spans that must stay whole."""

    text: str
    quoted: list[tuple[int, int]]
    speech: list[tuple[int, int]]       # quotations of what someone said (not the article's own figures)
    titles: list[tuple[int, int]]       # 《…》 titles
    clauses: list[Clause]
    said: list[tuple[int, int]] = field(default_factory=list)  # speech attributed to a speaker: read for figures


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)]


def _unprotected(matches: list[int], quoted: list[tuple[int, int]], starts: list[int]) -> list[int]:
    out = []
    for pos in matches:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and quoted[i][0] < pos < quoted[i][1] - 1:
            continue
        out.append(pos)
    return out


def layout(text: str) -> Layout:
    """Cut ``text`` (the Simplified view) into sentences, clauses and items."""
    quoted = _quoted_spans(text)
    speech = [(s, e) for s, e in quoted
              if text[s] in "“「\"" and e - s >= 12 and _SPEECH_PUNCT.search(text, s + 1, e - 1)]
    titles = [(s, e) for s, e in quoted if text[s] == "《"]
    # a quoted sentence an identified speaker said is read like the article's own prose, clause
    # by clause; names, slogans, titles and unattributed quotes stay whole
    said = [(s, e) for s, e in speech if _attributed(text, s, e)]
    quoted = [q for q in quoted if q not in set(said)]
    starts = [s for s, _ in quoted]

    sentence_ends = _unprotected([m.start() for m in _SENTENCE_END.finditer(text)], quoted, starts)
    # only an ASCII comma can be the thousands separator _THOUSANDS looks for
    asides = {p for a in _ASIDE.finditer(text) for p in (a.start(), a.end() - 1)}
    seps = _unprotected([m.start() for m in _CLAUSE_SEP.finditer(text)
                         if (text[m.start()] != "," or not _THOUSANDS.match(text, m.start() - 1))
                         and m.start() not in asides], quoted, starts)
    item_seps = _unprotected([m.start() for m in _ITEM_SEP.finditer(text)], quoted, starts)

    clauses: list[Clause] = []
    prev = 0
    for pos in [*seps, len(text)]:
        if pos > prev:
            sentence = bisect_left(sentence_ends, prev)
            lo, hi = bisect_left(item_seps, prev), bisect_left(item_seps, pos)
            items, item_start = [], prev
            for cut in item_seps[lo:hi]:
                items.append((item_start, cut))
                item_start = cut + 1
            items.append((item_start, pos))
            clauses.append(Clause(prev, pos, sentence, items))
        prev = pos + 1
    return Layout(text=text, quoted=quoted, speech=speech, titles=titles, clauses=clauses, said=said)


def _attributed(text: str, start: int, end: int) -> bool:
    """“…”负责人介绍 / 他表示：「…」: the quote is a statement someone in the article made; so is one that
    goes on with what a speaker named earlier in the paragraph said (王某说，…。“我们…”)."""
    if _SAID_BEFORE.search(text, max(0, start - 8), start):
        return True
    paragraph = text.rfind("\n", 0, start) + 1
    if _SAID_IN_PARAGRAPH.search(text, paragraph, start):
        return True
    stop = _CLAUSE_SEP.search(text, end + 1)  # the speaker stands right after the closing mark
    tail = text[end:stop.start() if stop else len(text)]
    return len(tail) <= 30 and bool(_SAID_AFTER.search(tail))
