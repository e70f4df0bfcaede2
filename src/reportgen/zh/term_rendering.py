"""Composed English for an indicator name: the glossary entries a name was split into, put in English order.

Chinese builds such names head last, verbs before their objects (经济犯罪案件涉案金额 -> amount involved in
economic crime cases); ``render`` rearranges the pieces by their kinds and patterns, ``tidy`` cleans the
joins.
"""

from __future__ import annotations

import re

from reportgen.zh.glossary_table import Entry, glossary_table

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
    if any(p.kind == "j" for p in content):
        return _involving(content, as_modifier, trailing)
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
    pieces = _coordinate(pieces)
    if len(pieces) == 1:
        p = pieces[0]
        return (p.mod if as_modifier else p.en), ("verb" if p.kind == "v" else "noun")
    # X占Y: "X as a share of Y" (占全县: "... of the county total"); 占Y的比重 says "share" once
    kinds = [p.kind for p in pieces]
    share = kinds.index("s") if "s" in kinds else None
    if share is not None:
        part = render(pieces[:share])[0] if share else ""
        whole_pieces = pieces[share + 1:]
        if len(whole_pieces) > 1 and whole_pieces[-1].zh in _SHARE_WORDS:
            whole_pieces = whole_pieces[:-1]
            while whole_pieces and whole_pieces[-1].kind == "d":
                whole_pieces = whole_pieces[:-1]
        whole = render(whole_pieces)[0] or "the total"
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


_SHARE_WORDS = frozenset(("比重", "占比", "比例"))
_NOMINAL = frozenset("nuq")  # nouns, and the unknown and quoted pieces made while composing
_PEOPLE = re.compile(r"\b(?:persons|people|suspects|offenders|juveniles|youths|victims|members|officers|"
                     r"defendants|fugitives|users)$")


def _involving(content: list[Entry], as_modifier: bool, trailing: list[str]) -> tuple[str, str]:
    """涉及X的Y (a "j" piece leading what 的 describes, after any verb): "Y involving X", or "Y involved in X"
    for people, the verb read last (接获涉及X的投诉 -> "complaints involving X received", 拘捕涉及爆窃的人士
    -> "persons involved in burglary arrested"). Anywhere else 涉及 adds nothing and is dropped."""
    kinds = [p.kind for p in content]
    de = len(kinds) - 1 - kinds[::-1].index("d") if "d" in kinds else None
    lead = 0
    while de is not None and lead < de and content[lead].kind == "v":
        lead += 1
    if (de is None or content[lead].kind != "j" or lead + 1 >= de
            or any(p.kind not in _NOMINAL for p in content[de + 1:])):
        rest = [p for p in content if p.kind != "j"]
        if not rest:
            return content[0].en, "noun"
        text, form = render(rest, as_modifier)
        return (f"{text} {' '.join(trailing)}" if trailing else text), form
    head, _ = render(content[de + 1:], as_modifier)
    what, _ = render(content[lead + 1:de])
    link = "involved in" if _PEOPLE.search(head) else "involving"
    out = f"{head} {link} {what}"
    if lead == 1:
        out = _fill(content[0].pattern_verbal or "{} " + content[0].en, out)
    elif lead:
        out = f"{out} {render(content[:lead])[0]}"
    return (f"{out} {' '.join(trailing)}" if trailing else out), "noun"


def _coordinate(pieces: list[Entry]) -> list[Entry]:
    """Nouns joined by 和/及/、/或 read as one coordinated noun (违禁品及侵权物品总值 -> "total value of
    contraband and infringing goods", 县道、乡道和村道 -> "county roads, township roads and village roads");
    places and agents keep their own list reading at the front of a name."""
    if not any(p.kind == "c" for p in pieces[1:-1]):
        return pieces
    out: list[Entry] = []
    groups: dict[int, tuple[list[Entry], str]] = {}  # index in out -> (coordinated items, last conjunction)
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if p.kind == "c" and out and i + 1 < len(pieces) and p.en in ("and", "or", "to"):
            a, b = out[-1], pieces[i + 1]
            if (a.kind in _NOMINAL and b.kind in _NOMINAL) or (
                    p.en != "to" and a.kind == b.kind == "v" and _participle(a) and _participle(b)):
                items, _ = groups.get(len(out) - 1, ([a], p.en))
                groups[len(out) - 1] = ([*items, b], p.en)
                i += 2
                continue
        out.append(p)
        i += 1
    for at, (items, conj) in groups.items():
        if items[0].kind == "v":  # 紧急止付、冻结涉诈资金 -> "fraud-related funds stopped in an emergency and frozen"
            done = _join([_participle(x) for x in items], conj)
            out[at] = Entry("".join(x.zh for x in items), done, done, "v", "{} " + done, "{} " + done)
            continue
        # 电话及网络诈骗: the last item's head is shared ("phone and online fraud"), so the others read as
        # modifiers when they make a term with that head (电话诈骗)
        last = items[-1].zh
        entries = glossary_table().entries
        shared = any(x.zh + last[k:] in entries for x in items[:-1] for k in range(1, len(last)))
        en = _join([x.mod if shared else x.en for x in items[:-1]] + [items[-1].en], conj)
        mod = _join([x.mod for x in items], conj)
        out[at] = Entry("".join(x.zh for x in items), en, mod, "n")
    return out


def _participle(verb: Entry) -> str:
    """What a verb that reads after its object says ("{} frozen" -> "frozen"), or "" when it reads otherwise."""
    pattern = verb.pattern_verbal or "{} " + verb.en
    return pattern[3:] if pattern.startswith("{} ") and "{}" not in pattern[3:] else ""


_BY = re.compile(r"\bby\b")
_SAYS_WHERE = re.compile(r"(?:in|at|on|from|outside|overseas|abroad|across|around|within|nationwide|citywide|"
                         r"countywide|province-wide|online|offline)\b")


def _join(items: list[str], conj: str = "and") -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conj} " + items[-1]


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([),.;:])")


def tidy(text: str) -> str:
    """Spaces and punctuation of composed English put right."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text
