"""Clauses: one indicator's figures in one passage, with every number already phrased in English.

A clause is what a summary template needs to state a level ("1,365 criminal cases filed"), a change
("criminal cases fell 7.03% year on year"), a from->to, a rank or a zero; the wording of numbers and
units comes from ``reportgen.english``, the sentence around them from ``templates/summary_*.j2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.english.changes import is_streak, metric_basis_en, shift_en, stated_phrase, value_en
from reportgen.english.numbers import quantity as figure
from reportgen.english.units import singular, unit_en
from reportgen.models import Metric
from reportgen.zh.numerals import same_value

COUNT_UNITS = {"", "cases", "people", "persons", "items", "units", "gangs", "dens", "letters", "models",
               "hazards", "groups", "banners", "problems", "households", "vehicles", "officers", "times",
               "campaigns", "projects", "places", "businesses", "teams", "events", "sessions", "schools", "count"}
_RATE_WORDS = re.compile(r"\b(?:rate|ratio|share|proportion|percentage|coverage)\b")
_IRREGULAR_PARTICIPLES = {"held", "built", "set", "caught", "taken", "given", "dealt", "frozen", "sent", "found",
                          "paid", "made", "led", "won", "brought", "seen", "shown", "done", "kept", "run", "cut", "put"}
_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@dataclass
class Clause:
    """What a template needs to phrase one indicator's figures (numbers already formatted)."""

    kind: str  # change | change_to | from_to | flat | impossible | rank | zero | level
    indicator: str
    metric_ids: list[int]
    score: float
    form: str = ""  # level phrasing: count | rate | money | paren | streak | of
    figure: str = ""
    from_figure: str = ""
    level: str = ""
    verb: str = ""
    verb_past: str = ""
    basis: str = ""
    ordinal: str = ""
    article: str = "a"
    place: str = ""
    when: str = ""
    start: int = 0

    @property
    def is_change(self) -> bool:
        return self.kind in ("change", "change_to", "from_to", "flat", "impossible")


def _basis_en(m: Metric) -> str:
    """"year on year", "period on period", "on the previous year" (比上年); nothing when the article does not say."""
    return metric_basis_en(m)


def _first_plural_to_singular(text: str) -> str:
    words = text.split(" ")
    for i, w in enumerate(words[:5]):
        if w in ("people", "persons") or (w.endswith("s") and not w.endswith("ss") and len(w) > 3):
            words[i] = singular(w)
            break
    return " ".join(words)


_LATIN_WORD = re.compile(r"[A-Za-z-]+")
_PARENTHESISED = re.compile(r"\([^)]*\)")
_MEASURE_WORD_LAST = re.compile(r"\b(?:rate|ratio|share|amount|number|total|proportion)$")
_RANKING_WORD = re.compile(r"\b(?:ranking|rank)\b")
_RANKING_LAST = re.compile(r"\s+(?:ranking|rank)$")


def _has_plural_head(text: str) -> bool:
    words = _LATIN_WORD.findall(_PARENTHESISED.sub(" ", text))[:6]
    return any(w in ("people", "persons", "police", "staff", "personnel") or
               (w.endswith("s") and not w.endswith(("ss", "ous", "is")) and len(w) > 3) for w in words)


def _starts_with_participle(indicator: str) -> bool:
    """"criminally detained", "transferred for prosecution": an indicator that names an action, not a thing."""
    words = indicator.split()
    if not words or _MEASURE_WORD_LAST.search(indicator):
        return False
    first = words[1] if words[0].endswith("ly") and len(words) > 1 else words[0]
    return _is_participle(first)


def _is_participle(word: str) -> bool:
    return word.endswith("ed") or word in _IRREGULAR_PARTICIPLES


def level_clause(m: Metric, score: float) -> Clause:
    ind = m.indicator.en.strip()
    u = unit_en(m.unit)
    c = Clause(kind="level", indicator=ind, metric_ids=[m.id], score=score, start=m.evidence.start)
    if u == "rank" or _RANKING_WORD.search(ind) and u in ("", "rank"):
        n = int(m.value) if float(m.value).is_integer() else 0
        if 1 <= n <= len(_ORDINAL):
            c.kind, c.ordinal = "rank", _ORDINAL[n - 1]
            stripped = _RANKING_LAST.sub("", ind)
            if stripped != ind:  # "X assessment ranking" -> "third place in the X assessment"
                c.indicator = stripped if stripped.startswith("the ") else "the " + stripped
            else:
                c.form = "paren"
            return c
    if same_value(float(m.value), 0) and m.qualifier == "exact" and u != "%":
        c.kind = "zero"
        return c
    if u == "%":
        c.figure = figure(m.value, m.unit, m.qualifier)
        if _RATE_WORDS.search(ind):
            c.form, c.article = "rate", ("an" if ind[:1].lower() in "aeiou" else "a")
        else:
            c.form = "of"
        return c
    if u == "yuan":
        c.form, c.figure = "money", figure(m.value, m.unit, m.qualifier)
        if ind.startswith("amount of "):
            c.indicator = "of " + ind[len("amount of "):]
        elif ind.startswith("amount "):
            c.indicator = ind[len("amount "):]
        else:
            c.indicator = "in " + ind
        return c
    first_word = ind.split(" ")[0].lower() if ind else ""
    if is_streak(m):  # "current homicide cases solved for 31 consecutive months"
        c.form, c.figure = "streak", value_en(m)
        return c
    if _starts_with_participle(ind):  # "14 people criminally detained"
        c.form, c.figure = "count", figure(m.value, m.unit if u not in ("count",) else "", m.qualifier)
        return c
    if u in ("days", "years", "hours", "months") and first_word == "no":  # 47 days with no criminal incidents
        c.form, c.figure, c.indicator = "count", figure(m.value, "", m.qualifier), f"{u} with {ind}"
        return c
    if u in ("days", "years", "hours", "months") and first_word in (u, "number"):
        c.form, c.figure = "count", figure(m.value, "", m.qualifier)
        if same_value(float(m.value), 1):
            c.indicator = _first_plural_to_singular(c.indicator)
        return c
    if u in COUNT_UNITS:
        body = ind[len("number of "):] if ind.startswith("number of ") else ind
        if _has_plural_head(body) or ind.startswith("number of "):
            c.form, c.figure, c.indicator = "count", figure(m.value, "", m.qualifier), body
            if same_value(float(m.value), 1):
                c.indicator = _first_plural_to_singular(body)
            return c
    if u.endswith("-times") or u == "times":
        c.form, c.figure = "paren", figure(m.value, m.unit, m.qualifier)
        return c
    if u in COUNT_UNITS and u and _is_participle(ind.split()[-1]):  # "11,600 cases of drink driving cited"
        c.form, c.figure = "count", figure(m.value, m.unit, m.qualifier)
        c.indicator = "of " + ind
        return c
    c.form, c.figure = "of", figure(m.value, m.unit, m.qualifier)
    return c


def change_clause(change: Metric, level: Metric | None, score: float) -> Clause:
    ind = change.indicator.en.strip()
    if _starts_with_participle(ind):
        ind = "the number " + ind  # "the number transferred for prosecution rose 35.8%"
    elif _RATE_WORDS.search(ind) and not ind.startswith(("the ", "a ", "an ")):
        ind = "the " + ind  # "the clearance rate rose by 1.8 percentage points"
    assert change.change is not None
    direction = change.change.direction
    ids = [change.id] + ([level.id] if level is not None else [])
    c = Clause(kind="change", indicator=ind, metric_ids=ids, score=score, basis=_basis_en(change),
               start=min(change.evidence.start, level.evidence.start) if level else change.evidence.start)
    percent = unit_en(change.unit) == "%"
    if direction == "flat":
        c.kind = "flat"
        c.verb = "held roughly steady" if change.qualifier == "about" else "held steady"  # no was/were to agree
        return c
    c.figure = figure(change.value, change.unit, change.qualifier)
    if percent and direction == "down" and change.value > 100:
        c.kind, c.verb_past = "impossible", "down"
        return c
    c.verb = (shift_en(change) or ("rose" if direction == "up" else "fell")) + ("" if percent else " by")
    if unit_en(change.unit) == "times" and direction == "up" and change.from_value is None:
        phrase = stated_phrase(change)  # 增加1.3倍 / 是上年的2.1倍, said as what they are
        if phrase.startswith("up by "):
            c.verb, c.figure = "rose by", phrase[len("up by "):]
        else:
            c.verb, c.figure = "reached", phrase
        c.basis = ""  # the phrase carries it
    if change.from_value is not None:
        c.kind, c.verb = "from_to", "rose" if direction == "up" else "fell"
        c.from_figure = figure(change.from_value, change.unit, "exact")
        return c
    if level is not None:
        c.kind = "change_to"
        u = unit_en(level.unit)
        generic = u in ("cases", "people", "persons", "items", "units", "times", "", "count")
        c.level = figure(level.value, level.unit, level.qualifier, with_unit=not generic)
    return c


def from_to_clause(m: Metric, score: float) -> Clause:
    assert m.from_value is not None
    up = m.value >= m.from_value if m.change is None else m.change.direction == "up"
    return Clause(kind="from_to", indicator=m.indicator.en.strip(), metric_ids=[m.id], score=score,
                  verb="rose" if up else "fell", figure=figure(m.value, m.unit, m.qualifier),
                  from_figure=figure(m.from_value, m.unit, "exact"), basis=_basis_en(m), start=m.evidence.start)
