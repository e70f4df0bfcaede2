"""English names for Chinese indicator terms, from a curated glossary users can extend.

The glossary (``data/glossary.tsv``; format documented at its top) gives every common public-security
and government term ONE English rendering, so the same indicator reads the same in every report.
A name the glossary does not hold whole is split into the longest entries it contains and composed the
way Chinese builds such names (head last, verbs before their objects): 经济犯罪案件涉案金额 ->
"amount involved in economic crime cases", 抓获犯罪嫌疑人数 -> "suspects arrested". Place names inside
a name go through :func:`reportgen.places.place_en`; only characters nothing else explains fall back
to pinyin, so the result never carries Chinese characters.

Users add or override entries in ``$REPORTGEN_HOME/glossary.tsv`` or in the files named by
``REPORTGEN_GLOSSARY``; call :func:`reload` after changing them in a running process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .ingest import to_simplified

_HAN = re.compile(r"[\u3400-\u9fff]")
_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,30})[”\"」』’']")
_PAREN = re.compile(r"[（(]([^（）()]{1,30})[）)]")


@dataclass(frozen=True)
class Entry:
    zh: str
    en: str  # the term on its own (and as the head of a longer name)
    mod: str  # the term before another noun
    kind: str  # n v a l p x; q (quoted name) and u (unknown) are made up while composing
    pattern_verbal: str | None = None  # how a noun takes a verb phrase before it / how a verb takes its object
    pattern_nominal: str | None = None  # how a noun takes a noun phrase before it


@dataclass(frozen=True)
class _Glossary:
    entries: dict[str, Entry]
    order: tuple[str, ...]
    max_len: int


def _parse(text: str, entries: dict[str, Entry], order: list[str]) -> None:
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0] or not cols[1]:
            continue
        zh = to_simplified(cols[0])
        head, _, mod = cols[1].partition("|")
        kind = (cols[2] if len(cols) > 2 and cols[2] else "n").lower()[:1]
        pattern = cols[3] if len(cols) > 3 and "{}" in cols[3] else None
        verbal, nominal = (pattern.split("|", 1) if pattern and "|" in pattern else (pattern, pattern))
        if zh not in entries:
            order.append(zh)
        entries[zh] = Entry(zh, head.strip(), (mod or head).strip(), kind, verbal, nominal)


@lru_cache(maxsize=1)
def _glossary() -> _Glossary:
    from .config import user_data_files

    entries: dict[str, Entry] = {}
    order: list[str] = []
    _parse((resources.files("reportgen") / "data" / "glossary.tsv").read_text(encoding="utf-8"), entries, order)
    for path in user_data_files("glossary.tsv"):
        try:
            _parse(path.read_text(encoding="utf-8"), entries, order)
        except OSError:
            continue  # a user file that is not there (yet) is not an error
    return _Glossary(entries, tuple(order), max(len(k) for k in entries))


def reload() -> None:
    """Forget the loaded glossary (after editing a user glossary file, or in tests)."""
    _glossary.cache_clear()
    indicator_en.cache_clear()


def glossary_entries(limit: int | None = None) -> list[tuple[str, str]]:
    """(zh, en) pairs in the file's order, headline indicators first: what a model prompt should use.

    Entries that only help composition (measures, scope words, single verbs) are left out."""
    g = _glossary()
    out = [(zh, g.entries[zh].en) for zh in g.order
           if g.entries[zh].kind in ("n", "a", "v") and len(zh) >= 2 and zh not in _GENERIC_MEASURES]
    return out[:limit] if limit is not None else out


# measures that only compose (天数 "days with ..."): no use to a model as terms of their own
_GENERIC_MEASURES = frozenset("数量 总数 人数 人次 车次 辆次 次数 起数 宗数 件数 天数 年数 时间 用时 比率 比例 占比 比重 增幅 降幅 "
                              "增长率 总量 规模 总额 总值 金额 资金 时长".split())


def terms() -> dict[str, str]:
    """The prompt terms of :func:`glossary_entries` as a zh -> en mapping (file order kept)."""
    return dict(glossary_entries())


def lookup(zh: str) -> str | None:
    """The glossary's own English for exactly this term, or None (no composition)."""
    entry = _glossary().entries.get(to_simplified(zh.strip()))
    return entry.en if entry else None


@lru_cache(maxsize=16384)
def indicator_en(zh: str) -> str:
    """English name of an indicator: the glossary's term, else a literal composition of its parts."""
    text = to_simplified(zh.strip())
    if not text:
        return ""
    if not _HAN.search(text):
        return zh.strip()
    entry = _glossary().entries.get(text)
    if entry is not None:
        return entry.en
    out = _compose_text(text)
    return _tidy(out) or _pinyin(text)


# ------------------------------------------------------------------------------------------
# composition
# ------------------------------------------------------------------------------------------


_PERSON = re.compile(r"([\u4e00-\u9fff])(?:(女士|先生)|某某?([\u4e00-\u9fff](?=$|[、，,)）]))?)")


def _compose_text(text: str) -> str:
    """Parenthesised notes, quoted names and people first, then the rest by longest-match segmentation."""
    notes = [m.group(1) for m in _PAREN.finditer(text)]
    text = _PAREN.sub("", text)
    pieces: list[Entry] = []
    pos = 0
    specials = sorted([*_QUOTED.finditer(text), *_PERSON.finditer(text)], key=lambda m: m.start())
    for m in specials:
        if m.start() < pos:
            continue
        pieces.extend(_segment(text[pos:m.start()]))
        pieces.append(_quoted(m.group(1)) if m.re is _QUOTED else _person(m))
        pos = m.end()
    pieces.extend(_segment(text[pos:]))
    body = _render(pieces)[0]
    for note in notes:
        body += f" ({_tidy(_compose_text(note))})"
    return body


def _quoted(inner_zh: str) -> Entry:
    """A quoted term: a known term reads as itself (“双抢” -> robbery and snatch theft); a name keeps
    its quotes and a capital ('Hurricane 2020')."""
    inner = _tidy(_compose_text(inner_zh))
    if inner[:1].islower() and not any(p.kind == "u" for p in _segment(inner_zh)):
        entry = _glossary().entries.get(inner_zh)
        return Entry(inner_zh, inner, entry.mod if entry else inner, "n")
    inner = inner[:1].upper() + inner[1:]
    return Entry(inner_zh, f"'{inner}'", f"'{inner}'", "q")


def _person(m: re.Match[str]) -> Entry:
    """赖女士 -> Ms Lai, 陈某 -> Chen, 侯某明 -> Hou Mouming (names as the text gives them)."""
    surname = _pinyin(m.group(1))
    if m.group(2):
        en = f"{'Ms' if m.group(2) == '女士' else 'Mr'} {surname}"
    elif m.group(3):
        en = f"{surname} {_pinyin('某' + m.group(3))}"
    else:
        en = surname
    return Entry(m.group(0), en, en, "u")


def _segment(text: str) -> list[Entry]:
    """Longest-match segmentation (fewest uncovered characters, then fewest pieces) of a name."""
    g = _glossary()
    n = len(text)
    if n == 0:
        return []
    inf = (10**9, 10**9)
    best: list[tuple[int, int]] = [inf] * (n + 1)
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    best[0] = (0, 0)
    for i in range(n):
        if best[i] == inf:
            continue
        uncovered, count = best[i]
        for length in range(min(g.max_len, n - i), 0, -1):
            sub = text[i:i + length]
            if sub in g.entries:
                cand = (uncovered, count + 1)
                if cand < best[i + length]:
                    best[i + length], back[i + length] = cand, (i, sub)
        cand = (uncovered + (1 if _HAN.match(text[i]) else 0), count + 1)
        if cand < best[i + 1]:
            best[i + 1], back[i + 1] = cand, (i, None)
    spans: list[tuple[int, int, str | None]] = []
    j = n
    while j > 0:
        i, key = back[j]
        spans.append((i, j, key))
        j = i
    spans.reverse()
    # merge runs of uncovered characters, then explain each run (place name, digits, pinyin)
    pieces: list[Entry] = []
    run_start = None
    for i, j, key in spans + [(n, n, "")]:
        if key is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            pieces.extend(_unknown(text[run_start:i]))
            run_start = None
        if key:
            pieces.append(g.entries[key])
    return pieces


def _unknown(run: str) -> list[Entry]:
    """Characters no entry covers: places by their English names, digits and Latin as they are, the rest
    in pinyin (the clear last resort)."""
    from .places import match_places, place_en

    out: list[Entry] = []
    pos = 0
    for m in match_places(run):
        if m.start > pos:
            out.extend(_literal(run[pos:m.start]))
        en = place_en(m.surface)
        out.append(Entry(m.surface, en, en, "l"))
        pos = m.end
    if pos < len(run):
        out.extend(_literal(run[pos:]))
    return out


def _literal(run: str) -> list[Entry]:
    out: list[Entry] = []
    for m in re.finditer(r"[\u3400-\u9fff]+|[^\u3400-\u9fff\s]+", run):
        part = m.group(0)
        if _HAN.match(part):
            en = _pinyin(part)
        else:
            en = re.sub(r"[^\w.+%\-/]", "", part)
        if en:
            out.append(Entry(part, en, en, "u"))
    return out


def _pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore") if s.strip()]
    word = "".join(syllables)
    return word[:1].upper() + word[1:]


def _same_word(a: str, b: str) -> bool:
    """case/cases, person/persons: the same word at a join."""
    a, b = a.lower(), b.lower()
    return a == b or a.rstrip("s") == b.rstrip("s") and abs(len(a) - len(b)) <= 1


def _fill(pattern: str, inner: str) -> str:
    """pattern.format(inner), without doubled words at the joins ("criminal cases" + "{} cases solved")."""
    before, _, after = pattern.partition("{}")
    inner = inner.strip()
    bw, iw = before.split(), inner.split()
    if bw and iw and _same_word(bw[-1], iw[0]):
        iw = iw[1:]
    aw = after.split()
    if aw and iw and _same_word(aw[0], iw[-1]):
        iw = iw[:-1]
    return " ".join([*bw, *iw, *aw])


def _head_first(pattern: str) -> bool:
    """True when the words filling ``{}`` are the head ("amount of {}", "{}"), not a modifier ("{} rate")."""
    after = pattern.partition("{}")[2].lstrip()
    return not after[:1].isalpha()


def _render(pieces: list[Entry], as_modifier: bool = False) -> tuple[str, str]:
    """English for a sequence of pieces, and its form: "noun" (cases solved as a noun phrase), "verb"
    (a bare participle: "criminally detained") or "clause" (a noun with its participle: "funds recovered")."""
    if not pieces:
        return "", "noun"
    trailing = [p.en for p in pieces if p.kind == "t"]
    content = [p for p in pieces if p.kind not in ("x", "t")]
    if not content:
        return (" ".join(trailing) or pieces[-1].en), "noun"
    if trailing:
        text, form = _render(content, as_modifier)
        return f"{text} {' '.join(trailing)}", form
    # an auxiliary verb right before another verb adds nothing (完成整改 -> rectified)
    pieces = [p for i, p in enumerate(content)
              if not (p.kind == "v" and i + 1 < len(content) and content[i + 1].kind == "v")]
    while pieces and pieces[-1].kind in ("c", "d"):
        pieces = pieces[:-1]
    while pieces and pieces[0].kind in ("c", "d"):
        pieces = pieces[1:]
    if not pieces:
        return "", "noun"
    if len(pieces) == 1:
        p = pieces[0]
        return (p.mod if as_modifier else p.en), ("verb" if p.kind == "v" else "noun")
    # X的Y: Y, described by X
    de = max((i for i, p in enumerate(pieces) if p.kind == "d"), default=None)
    if de is not None:
        head, _ = _render(pieces[de + 1:], as_modifier)
        return f"{head} ({_render(pieces[:de])[0]})", "noun"
    # a scope or agent at the front reads at the end: "... in rural areas", "... by patrol and SWAT units"
    first = pieces[0]
    if first.kind in ("l", "a") and any(p.kind not in ("l", "a") for p in pieces[1:]):
        lead = 1
        while lead < len(pieces) and pieces[lead].kind in ("l", "a") and pieces[lead].kind == first.kind:
            lead += 1
        rest, form = _render(pieces[lead:], as_modifier)
        where = _render(pieces[:lead])[0]
        if first.kind == "a" and rest.endswith(" by"):
            return f"{rest} {where}", form
        if first.kind == "a" and re.search(r"\bby\b", rest):
            return f"{rest} ({where})", form
        return f"{rest} {'by' if first.kind == 'a' else 'in'} {where}", form
    for i, p in enumerate(pieces):
        if p.kind == "i":  # 运用X + the rest: "<the rest> using X"
            rest_pieces = pieces[:i] + pieces[i + 2:]
            if i + 1 >= len(pieces) or not rest_pieces:
                return _render(pieces[:i] + pieces[i + 1:], as_modifier)
            rest, form = _render(rest_pieces, as_modifier)
            return f"{rest} {p.en} {_render(pieces[i + 1:i + 2])[0]}", form
    last = pieces[-1]
    if last.pattern_nominal and last.kind in ("n", "a", "l"):
        _, inner_form = _render(pieces[:-1], True)
        pattern = (last.pattern_verbal if inner_form == "verb" else last.pattern_nominal) or "{}"
        inner, _ = _render(pieces[:-1], not _head_first(pattern))
        return _fill(pattern, inner), "noun"
    for i, p in enumerate(pieces):
        if p.kind == "p":
            inner, form = _render(pieces[i + 1:], as_modifier)
            core = _fill(p.pattern_nominal or p.en + " {}", inner)
            return (f"{_render(pieces[:i], True)[0]} {core}" if i else core), form
        if p.kind == "r":  # 获X单位 -> units awarded X
            after = pieces[i + 1:]
            if len(after) >= 2:
                core = f"{_render(after[-1:])[0]} {p.en} {_render(after[:-1])[0]}"
            elif after:
                core = f"{_render(after)[0]} {p.en}"
            else:
                core = p.en
            return (f"{_render(pieces[:i], True)[0]} {core}" if i else core), "clause"
        if p.kind == "v":
            obj, before = pieces[i + 1:], pieces[:i]
            if obj:
                core = _fill(p.pattern_verbal or "{} " + p.en, _render(obj)[0])
                if before:
                    core = f"{_render(before, True)[0]} {core}"
                return core, "clause"
            if before:  # the verb comes last: what precedes is its object (被骗资金追回 -> funds recovered)
                return _fill(p.pattern_verbal or "{} " + p.en, _render(before)[0]), "clause"
            return p.en, "verb"
    head = last.mod if as_modifier else last.en
    return f"{_render(pieces[:-1], True)[0]} {head}", "noun"


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([),.;:])", r"\1", text)
    return text
