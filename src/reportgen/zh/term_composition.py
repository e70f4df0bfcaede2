"""Splitting an indicator name the glossary does not hold whole into pieces it does.

Quoted names, numbers and (``reportgen.zh.term_parts``) titles, people, ages, months and quarters are read
as wholes first; the rest is segmented into the longest entries (fewest unexplained characters, then fewest
pieces); place names go through ``reportgen.zh.places``; characters nothing explains get their CC-CEDICT
gloss, never pinyin, which would read like an English name and tell the reader nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from reportgen.zh.glossary_table import HAN, Entry, glossary_table
from reportgen.zh.script import to_simplified
from reportgen.zh.term_parts import whole_parts
from reportgen.zh.term_rendering import render, tidy

__all__ = ["compose_text", "marked_literal", "segment", "segment_spans", "unexplained"]

_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,30})[”\"」』’']")
_PAREN = re.compile(r"[（(]([^（）()]{1,30})[）)]")


def compose_text(text: str) -> str:
    """Parenthesised notes, quoted names, titles, people, ages, periods and numbers first, then the rest by
    longest-match segmentation."""
    notes = [m.group(1) for m in _PAREN.finditer(text)]
    text = _PAREN.sub("", text)
    pieces: list[Entry] = []
    pos = 0
    for start, end, make in _specials(text):
        if start < pos:
            continue
        pieces.extend(segment(text[pos:start]))
        pieces.append(make())
        pos = end
    pieces.extend(segment(text[pos:]))
    body = render(pieces)[0]
    entries = glossary_table().entries
    for note in notes:
        known = entries.get(to_simplified(note.strip()))
        if known is not None and known.kind == "x":
            continue  # （下同）, （累计）: a note on the figure, not part of its name
        body += f" ({tidy(compose_text(note))})"
    return body


def _specials(text: str) -> list[tuple[int, int, Callable[[], Entry]]]:
    """Parts of a name read as a whole before segmentation: (start, end, how to make its piece)."""
    found: list[tuple[int, int, Callable[[], Entry]]] = whole_parts(text)
    for m in _QUOTED.finditer(text):
        found.append((m.start(), m.end(), partial(_quoted, m.group(1))))
    if _DIGIT.search(text):
        found.extend(_numbers(text))
    return sorted(found, key=lambda f: (f[0], -f[1]))


_DIGIT = re.compile(r"\d")


def _numbers(text: str) -> list[tuple[int, int, Callable[[], Entry]]]:
    """Arabic numbers with their magnitude (8.6万 -> 86000, 18億4,650萬 -> 1846500000, 2024年 -> 2024);
    digits inside codes (PM2.5, S244, 5G) are left to the literal reading."""
    from reportgen.zh.numerals import find_numbers

    out: list[tuple[int, int, Callable[[], Entry]]] = []
    for n in find_numbers(text):
        first = _DIGIT.search(n.text)
        if first is None:
            continue
        start, end = n.start + first.start(), n.end
        if re.match(r"[A-Za-z.]", text[start - 1:start] or " ") or re.match(r"[A-Za-z]", text[end:end + 1] or " "):
            continue
        if n.percent:
            digits = f"{n.value:.10g}%"
        else:
            digits = f"{n.value:.10g}" if n.value < 1e15 else f"{n.value:g}"
            if (_ROC_YEAR.fullmatch(digits) and text[end:end + 1] == "年" and text[start - 1:start] not in _ABOUT
                    and _ROC_DATE_NEXT.match(text[end + 1:end + 2] or "$")):
                # 113年 in a Taiwan name: the Republic of China year (2024), dropped like any year
                out.append((start, end + 1, partial(Entry, text[start:end + 1], f"{int(digits) + 1911}",
                                                    f"{int(digits) + 1911}", "x")))
                continue
            if _YEAR_NUMBER.fullmatch(digits) and text[end:end + 1] == "年":
                # 2024年: the year, not "2024 years"; like a month, the figure's period says it, so it is
                # dropped inside a longer name
                end += 1
                out.append((start, end, partial(Entry, text[start:end], digits, digits, "x")))
                continue
        out.append((start, end, partial(Entry, text[start:end], digits, digits, "u")))
    return out


def _quoted(inner_zh: str) -> Entry:
    """A quoted term: a known term reads as itself (“双抢” -> robbery and snatch theft); a name keeps
    its quotes and a capital ('Hurricane 2020')."""
    inner = tidy(compose_text(inner_zh))
    entry = glossary_table().entries.get(to_simplified(inner_zh))
    if entry is not None and entry.en.startswith("'"):
        return Entry(inner_zh, entry.en, entry.mod, "n")  # “雪亮工程”: the glossary's name has its quotes
    if inner[:1].islower() and not any(p.kind == "u" for p in segment(inner_zh)):
        return Entry(inner_zh, inner, entry.mod if entry else inner, "n")
    inner = inner[:1].upper() + inner[1:]
    return Entry(inner_zh, f"'{inner}'", f"'{inner}'", "q")


def segment_spans(text: str) -> list[tuple[int, int, str | None]]:
    """Longest-match segmentation (fewest uncovered characters, then fewest pieces): (start, end, entry key
    or None for an uncovered character)."""
    g = glossary_table()
    n = len(text)
    if n == 0:
        return []
    prefixes, entries, max_len = g.prefixes, g.entries, g.max_len
    # a cost (uncovered Han characters, pieces) as one number, uncovered * scale + pieces: a segmentation
    # has at most n pieces, so the order is the tuples' order
    scale = n + 2
    inf = 1 << 62
    best = [inf] * (n + 1)
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    best[0] = 0
    for i in range(n):
        here = best[i]
        if here == inf:
            continue
        step = here + 1
        for end in range(i + 1, min(i + max_len, n) + 1):
            sub = text[i:end]
            if sub not in prefixes:
                break  # no key starts this way: no longer one can match either
            if sub in entries and step < best[end]:
                best[end], back[end] = step, (i, sub)
        ch = text[i]
        cand = step + scale if "\u3400" <= ch <= "\u9fff" else step  # what HAN matches
        if cand < best[i + 1]:
            best[i + 1], back[i + 1] = cand, (i, None)
    spans: list[tuple[int, int, str | None]] = []
    j = n
    while j > 0:
        i, key = back[j]
        spans.append((i, j, key))
        j = i
    spans.reverse()
    return spans


def unexplained(text: str) -> int:
    """How many Han characters of a name no entry covers (used to choose between two readings)."""
    text = _PAREN.sub("", text)
    return sum(1 for i, _, key in segment_spans(text) if key is None and HAN.match(text[i]))


def segment(text: str) -> list[Entry]:
    """The pieces of a name: glossary entries, and for what they leave uncovered, place names, numbers
    and marked literals."""
    g = glossary_table()
    n = len(text)
    spans = _absorb_loose_characters(text, segment_spans(text))
    pieces: list[Entry] = []
    run_start = None
    for i, _end, key in spans + [(n, n, "")]:
        if key is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            pieces.extend(_unknown(text, run_start, i))
            run_start = None
        if key:
            pieces.append(g.entries[key])
    return pieces


_NEVER_ABSORBED = frozenset("、的及和与或占")


def _absorb_loose_characters(text: str, spans: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """A one-character entry right beside unexplained characters may be part of the same unknown word
    (前科 is not 前 + 科): it joins the unknown run, which is then explained as a whole (place name,
    numeral), else marked whole rather than half-translated."""
    def unknown_han(k: int) -> bool:
        return 0 <= k < len(spans) and spans[k][2] is None and bool(HAN.match(text[spans[k][0]]))

    out = list(spans)
    for k, (i, j, key) in enumerate(spans):
        if key is not None and j - i == 1 and key not in _NEVER_ABSORBED and (unknown_han(k - 1) or unknown_han(k + 1)):
            out[k] = (i, j, None)
    return out


def _unknown(text: str, start: int, end: int) -> list[Entry]:
    """Characters no entry covers (text[start:end]): places by their English names (found with the
    whole name as context: 惠州 in 惠州交警), then numerals and the rest."""
    from reportgen.zh.places import match_places, place_en

    run = text[start:end]
    out: list[Entry] = []
    pos = 0
    found = [(m.start - start, m.end - start, m.surface) for m in match_places(text)
             if start <= m.start and m.end <= end] or [(m.start, m.end, m.surface) for m in match_places(run)]
    for m_start, m_end, surface in found:
        if m_start < pos:
            continue
        if m_start > pos:
            out.extend(_place_or_literal(run[pos:m_start]))
        en = place_en(surface)
        out.append(Entry(surface, en, en, "l"))
        pos = m_end
    if pos < len(run):
        out.extend(_place_or_literal(run[pos:]))
    return out


def _place_or_literal(chunk: str) -> list[Entry]:
    """A chunk that is a division's name once a function word beside it is set aside (在凭祥 -> in
    Pingxiang); anything else is read as a literal."""
    from reportgen.zh.places import _COMMON_WORD_STEMS, division_of, place_en

    entries = glossary_table().entries
    for lead in (0, 1):
        for trail in (0, 1):
            core = chunk[lead:len(chunk) - trail]
            if len(core) < 2 or (lead and chunk[0] not in entries) or (trail and chunk[-1] not in entries):
                continue
            if core not in _COMMON_WORD_STEMS and division_of(core) is not None:
                en = place_en(core)
                out = [entries[chunk[0]]] if lead else []
                out.append(Entry(core, en, en, "l"))
                return out + ([entries[chunk[-1]]] if trail else [])
    return _literal(chunk)


_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
_ROC_YEAR = re.compile(r"1[0-3]\d")  # 民国 years 100-139 (2011-2050), as Taiwan writes dates
_ABOUT = frozenset("近逾超约多余满过达")  # 近100年: "nearly 100 years", not a date
# what follows a year in a date: 113年8月, 113年第1季, 113年全般刑案 ("$": the name ends there)
_ROC_DATE_NEXT = re.compile(r"[\d$月度第上下全底初前首元春一二三四五六七八九十１２３４５６７８９０]")


def _literal(run: str) -> list[Entry]:
    """Numbers as digits (8.6万 -> 86000, 三 -> 3, 二〇二四年 -> 2024), Latin as it is; what lies between is
    read by the glossary when it covers all of it (三年 -> 3 years), else marked as a literal."""
    from reportgen.zh.numerals import find_numbers
    from reportgen.zh.years import normalise_digits

    norm = normalise_digits(run)
    out: list[Entry] = []
    pos = 0
    for n in find_numbers(norm):
        if n.percent or n.start < pos or _DIGIT.search(run[n.start:n.end]) or _ends_word(norm, n.start, n.end):
            continue  # Arabic numbers were read before segmentation; digits left here belong to codes (PM2.5)
        out.extend(_words(run[pos:n.start]))
        digits = f"{n.value:.10g}" if n.value < 1e15 else f"{n.value:g}"
        end = n.end
        kind = "u"
        if _YEAR_NUMBER.fullmatch(digits) and norm[end:end + 1] == "年":
            end, kind = end + 1, "x"  # 二〇二四年: the year (the period's, dropped inside a longer name)
        out.append(Entry(run[n.start:end], digits, digits, kind))
        pos = end
    out.extend(_words(run[pos:]))
    return out


def _ends_word(text: str, start: int, end: int) -> bool:
    """A numeral character that is part of a word, not a number: 一 ending a word (统一 "unified", 唯一
    "only"), 零 starting one (零售 "retail"), any starting a word of three or more (千瓦时 "kilowatt-hour").
    一 starting a word stays a number: 一起 is one case (起) more often than "together"."""
    if end - start != 1:
        return False
    from reportgen.zh.glossary_cedict import known

    char = text[start]
    if char == "一" and start and HAN.match(text[start - 1]) and known(text[start - 1:end]):
        return True
    if char == "零" and end < len(text) and known(text[start:end + 1]):
        return True
    return any(known(text[start:start + k]) for k in range(3, 5) if start + k <= len(text))


def _words(chunk: str) -> list[Entry]:
    """A chunk between numbers and places: glossary entries if they cover every Han character, else the
    chunk marked as a literal."""
    if not chunk:
        return []
    spans = segment_spans(chunk)
    if any(key is None and HAN.match(chunk[i]) for i, _, key in spans):
        return _plain_literal(chunk)
    g = glossary_table()
    out: list[Entry] = []
    run_start = None
    for i, _end, key in spans + [(len(chunk), len(chunk), "")]:
        if key is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            out.extend(_plain_literal(chunk[run_start:i]))
            run_start = None
        if key:
            out.append(g.entries[key])
    return out


def _plain_literal(run: str) -> list[Entry]:
    out: list[Entry] = []
    for m in re.finditer(r"[\u3400-\u9fff]+|[^\u3400-\u9fff\s]+", run):
        part = m.group(0)
        if HAN.match(part):
            en = marked_literal(part)
        else:
            en = re.sub(r"[^\w.+%\-/]", "", part)
        if en:
            out.append(Entry(part, en, en, "u"))
    return out


def marked_literal(zh: str) -> str:
    """Characters neither the glossary nor the place resolver explains: their CC-CEDICT gloss
    (reportgen.zh.glossary_cedict), never pinyin, which reads like a name and tells the reader nothing."""
    from reportgen.zh.glossary_cedict import gloss

    han = "".join(HAN.findall(zh))
    if not han:
        return zh
    return gloss(han)
