"""Composed English for an indicator name: the glossary entries a name was split into, put in English order.

Chinese builds such names head last, verbs before their objects (经济犯罪案件涉案金额 -> amount involved in
economic crime cases); ``render`` rearranges the pieces by their kinds and patterns, ``tidy`` cleans the
joins.
"""

from __future__ import annotations

import re

from reportgen.zh.glossary_table import Entry

__all__ = ["render", "tidy"]


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


def render(pieces: list[Entry], as_modifier: bool = False) -> tuple[str, str]:
    """English for a sequence of pieces, and its form: "noun" (cases solved as a noun phrase), "verb"
    (a bare participle: "criminally detained") or "clause" (a noun with its participle: "funds recovered")."""
    if not pieces:
        return "", "noun"
    trailing = [p.en for p in pieces if p.kind == "t"]
    content = [p for p in pieces if p.kind not in ("x", "t")]
    if not content:
        return (" ".join(trailing) or pieces[-1].en), "noun"
    if trailing:
        text, form = render(content, as_modifier)
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
    # X占Y: "X as a share of Y" (占全县: "... of the county total")
    kinds = [p.kind for p in pieces]
    share = kinds.index("s") if "s" in kinds else None
    if share is not None:
        part = render(pieces[:share])[0] if share else ""
        whole = render(pieces[share + 1:])[0] or "the total"
        return (f"{part} {pieces[share].en} {whole}" if part else f"share of {whole}"), "noun"
    # X的Y: Y, described by X
    de = len(kinds) - 1 - kinds[::-1].index("d") if "d" in kinds else None  # the last 的
    if de is not None:
        head, _ = render(pieces[de + 1:], as_modifier)
        return f"{head} ({render(pieces[:de])[0]})", "noun"
    # a scope or agent at the front reads at the end: "... in rural areas", "... by patrol and SWAT units"
    first = pieces[0]
    if first.kind in ("l", "a") and any(p.kind not in ("l", "a") for p in pieces[1:]):
        lead = 1
        while lead < len(pieces):
            if pieces[lead].kind == first.kind:
                lead += 1
            elif pieces[lead].kind == "c" and lead + 1 < len(pieces) and pieces[lead + 1].kind == first.kind:
                lead += 2  # 福建、广东、江西: a list of places
            else:
                break
        rest, form = render(pieces[lead:], as_modifier)
        if any(p.kind == "c" for p in pieces[:lead]):
            where = _join([p.en for p in pieces[:lead] if p.kind == first.kind])
        else:
            where = render(pieces[:lead])[0]
        if first.kind == "a" and rest.endswith(" by"):
            return f"{rest} {where}", form
        if first.kind == "a" and _BY.search(rest):
            return f"{rest} ({where})", form
        if first.kind == "l" and _SAYS_WHERE.match(where):
            return f"{rest} {where}", form  # "... overseas", "... outside the province"
        return f"{rest} {'by' if first.kind == 'a' else 'in'} {where}", form
    for i, p in enumerate(pieces):
        if p.kind == "i":  # 运用X + the rest: "<the rest> using X"
            rest_pieces = pieces[:i] + pieces[i + 2:]
            if i + 1 >= len(pieces) or not rest_pieces:
                return render(pieces[:i] + pieces[i + 1:], as_modifier)
            rest, form = render(rest_pieces, as_modifier)
            return f"{rest} {p.en} {render(pieces[i + 1:i + 2])[0]}", form
    last = pieces[-1]
    bare_verb = len(pieces) >= 2 and all(p.kind == "v" for p in pieces[:-1])
    if last.pattern_nominal and last.kind in ("n", "a", "l") and not (
            bare_verb and last.pattern_verbal == last.pattern_nominal and not last.pattern_nominal.startswith("{}")):
        _, inner_form = render(pieces[:-1], True)
        pattern = (last.pattern_verbal if inner_form == "verb" else last.pattern_nominal) or "{}"
        inner, _ = render(pieces[:-1], not _head_first(pattern))
        return _fill(pattern, inner), "noun"
    for i, p in enumerate(pieces):
        if p.kind == "p":
            inner, form = render(pieces[i + 1:], as_modifier)
            core = _fill(p.pattern_nominal or p.en + " {}", inner)
            return (f"{render(pieces[:i], True)[0]} {core}" if i else core), form
        if p.kind == "r":  # 获X单位 -> units awarded X
            after = pieces[i + 1:]
            if len(after) >= 2:
                core = f"{render(after[-1:])[0]} {p.en} {render(after[:-1])[0]}"
            elif after:
                core = f"{render(after)[0]} {p.en}"
            else:
                core = p.en
            return (f"{render(pieces[:i], True)[0]} {core}" if i else core), "clause"
        if p.kind == "v":
            obj, before = pieces[i + 1:], pieces[:i]
            if obj:
                core = _fill(p.pattern_verbal or "{} " + p.en, render(obj)[0])
                if before:
                    core = f"{render(before, True)[0]} {core}"
                return core, "clause"
            if before:  # the verb comes last: what precedes is its object (被骗资金追回 -> funds recovered)
                return _fill(p.pattern_verbal or "{} " + p.en, render(before)[0]), "clause"
            return p.en, "verb"
    head = last.mod if as_modifier else last.en
    return f"{render(pieces[:-1], True)[0]} {head}", "noun"


_BY = re.compile(r"\bby\b")
_SAYS_WHERE = re.compile(r"(?:in|at|on|from|outside|overseas|abroad|across|around|within|nationwide|citywide|"
                         r"countywide|province-wide|online|offline)\b")


def _join(items: list[str]) -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([),.;:])")


def tidy(text: str) -> str:
    """Spaces and punctuation of composed English put right."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text
