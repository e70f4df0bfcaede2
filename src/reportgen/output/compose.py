"""Summaries and key points composed from verified metrics (the offline way; the llm engine's fallback).

``summary.zh`` is extractive: the lead paragraph plus the whole sentences that carry the most important
figures, in the article's own script. ``summary.en`` and the key points are written from kept Metrics
only, through jinja2 templates (``templates/summary_*.j2``): every number in them is a metric's value or
from_value (years come from the period label), so they are backed by construction.

Importance: changes of headline indicators first (刑事治安警情 down 7.03%), then from->to figures,
then large counts and amounts; figures about the report's own place and period before those about a
narrower place or a single event. Figures from one passage (one sentence, e.g. a 分别 list) make one
key point, a level and its change (交通事故12725宗 ... 同比下降18.35%) one clause.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from reportgen.ingest.document import Document
from reportgen.models import Bilingual, KeyPoint, Metric, Period
from reportgen.verify.grounding import english_numbers
from reportgen.zh.numerals import numeral_values, same_value
from reportgen.zh.period_labels import period_phrase
from reportgen.zh.script import to_simplified

if TYPE_CHECKING:
    import jinja2

MIN_KEY_POINTS = 5
MAX_KEY_POINTS = 8
MAX_CLAUSES_PER_POINT = 5
ZH_SUMMARY_CHARS = 360

_QUALIFIER_EN = {"more_than": "more than", "over": "over", "nearly": "nearly", "about": "about",
                 "under": "under", "at_least": "at least", "exact": ""}
_UNIT_EN = {"起": "cases", "宗": "cases", "件": "cases", "人": "people", "名": "people", "人次": "person-times",
            "辆次": "vehicle-times", "车次": "vehicle-times", "次": "times", "元": "yuan", "天": "days", "日": "days",
            "年": "years", "个": "", "处": "places", "户": "households", "家": "businesses", "条": "items",
            "辆": "vehicles", "台": "units", "公斤": "kg", "千克": "kg", "克": "grams", "吨": "tonnes",
            "公里": "km", "小时": "hours", "分钟": "minutes", "所": "", "场": "sessions", "项": "items"}
_COUNT_UNITS = {"", "cases", "people", "persons", "items", "units", "gangs", "dens", "letters", "models",
                "hazards", "groups", "banners", "problems", "households", "vehicles", "officers", "times",
                "campaigns", "projects", "places", "businesses", "teams", "events", "sessions", "schools", "count"}
_RATE_WORDS = re.compile(r"\b(?:rate|ratio|share|proportion|percentage|coverage)\b")
_IRREGULAR_PARTICIPLES = {"held", "built", "set", "caught", "taken", "given", "dealt", "frozen", "sent", "found", "paid",
                          "made", "led", "won", "brought", "seen", "shown", "done", "kept", "run", "cut", "put"}
_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_HEADLINE = re.compile(r"刑事治安警情|刑事案件|刑事警情|治安警情|警情|破案|立案|命案|电信网络诈骗|电诈|诈骗|交通事故|死亡|受伤|"
                       r"两抢|双抢|八类|盗窃|抢劫|毒品|涉案金额|追赃挽损|挽回|满意|安全感|生产总值|GDP|收入|逃犯|黑恶|恶势力")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_FULL_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


# ------------------------------------------------------------------------------------------
# numbers and units for English readers
# ------------------------------------------------------------------------------------------


def english_number(value: float) -> str:
    """121300 -> "121,300"; 24881000 -> "24.881 million"; 1e8 -> "100 million"; 7.03 -> "7.03".
    The words are exactly the value: ground.english_numbers reads them back to the same number."""
    v = float(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            for digits in range(0, 4):
                q = round(v / scale, digits)
                if same_value(q * scale, v):
                    text = f"{q:.{digits}f}" if digits else f"{int(q)}"
                    return f"{text} {word}"
            break
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.6f}".rstrip("0").rstrip(".")


def unit_en(unit: str) -> str:
    """The English unit word for a metric's unit (Chinese measure words mapped, English kept)."""
    u = (unit or "").strip()
    return _UNIT_EN.get(u, u)


def _singular(unit: str) -> str:
    irregular = {"people": "person", "persons": "person", "cases": "case", "times": "time", "person-times": "person-time",
                 "vehicle-times": "vehicle-time", "businesses": "business", "days": "day", "years": "year"}
    if unit in irregular:
        return irregular[unit]
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def figure(value: float, unit: str = "", qualifier: str = "exact", *, with_unit: bool = True) -> str:
    """"more than 1,200 cases", "nearly 100 million yuan", "7.03%"."""
    number = english_number(value)
    u = unit_en(unit)
    if u == "%":
        text = f"{number}%"
    elif with_unit and u and u not in ("rank", "count"):
        text = f"{number} {_singular(u) if same_value(float(value), 1) else u}"
    else:
        text = number
    q = _QUALIFIER_EN.get(qualifier, "")
    return f"{q} {text}" if q else text


# ------------------------------------------------------------------------------------------
# clauses: one indicator's figures in one passage
# ------------------------------------------------------------------------------------------


@dataclass
class Clause:
    """What a template needs to phrase one indicator's figures (numbers already formatted)."""

    kind: str  # change | change_to | from_to | flat | impossible | rank | zero | level
    indicator: str
    metric_ids: list[int]
    score: float
    form: str = ""  # level phrasing: count | rate | money | paren | of
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
    if m.change is None:
        return ""
    return {"year_on_year": "year on year", "period_on_period": "period on period"}.get(m.change.basis, "")


def _first_plural_to_singular(text: str) -> str:
    words = text.split(" ")
    for i, w in enumerate(words[:5]):
        if w in ("people", "persons") or (w.endswith("s") and not w.endswith("ss") and len(w) > 3):
            words[i] = _singular(w)
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


def _level_clause(m: Metric, score: float) -> Clause:
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
    if u in _COUNT_UNITS:
        body = ind[len("number of "):] if ind.startswith("number of ") else ind
        if _has_plural_head(body) or ind.startswith("number of "):
            c.form, c.figure, c.indicator = "count", figure(m.value, "", m.qualifier), body
            if same_value(float(m.value), 1):
                c.indicator = _first_plural_to_singular(body)
            return c
    if u.endswith("-times") or u == "times":
        c.form, c.figure = "paren", figure(m.value, m.unit, m.qualifier)
        return c
    if u in _COUNT_UNITS and u and _is_participle(ind.split()[-1]):  # "11,600 cases of drink driving cited"
        c.form, c.figure = "count", figure(m.value, m.unit, m.qualifier)
        c.indicator = "of " + ind
        return c
    c.form, c.figure = "of", figure(m.value, m.unit, m.qualifier)
    return c


def _change_clause(change: Metric, level: Metric | None, score: float) -> Clause:
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
        return c
    c.figure = figure(change.value, change.unit, change.qualifier)
    if percent and direction == "down" and change.value > 100:
        c.kind, c.verb_past = "impossible", "down"
        return c
    c.verb = ("rose" if direction == "up" else "fell") + ("" if percent else " by")
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


def _from_to_clause(m: Metric, score: float) -> Clause:
    assert m.from_value is not None
    up = m.value >= m.from_value if m.change is None else m.change.direction == "up"
    return Clause(kind="from_to", indicator=m.indicator.en.strip(), metric_ids=[m.id], score=score,
                  verb="rose" if up else "fell", figure=figure(m.value, m.unit, m.qualifier),
                  from_figure=figure(m.from_value, m.unit, "exact"), basis=_basis_en(m), start=m.evidence.start)


# ------------------------------------------------------------------------------------------
# importance and passages
# ------------------------------------------------------------------------------------------


def importance(m: Metric, region: Bilingual | None, period: Period | None, length: int) -> float:
    """How much an analyst needs this figure: changes of headline indicators first, then large counts."""
    ind = to_simplified(m.indicator.zh)
    score = 0.0
    if m.change is not None:
        score += 40 if unit_en(m.unit) == "%" else 30
    if m.from_value is not None:
        score += 25
    if _HEADLINE.search(ind):
        score += 20
    if m.change is None and m.from_value is None:
        u = unit_en(m.unit)
        if u == "%":
            score += 12
        elif u == "rank":
            score += 15
        elif m.value > 0:
            score += min(25.0, 4 * math.log10(float(m.value) + 1))
        if same_value(float(m.value), 0):
            score += 6
    score += 8 * (1 - m.evidence.start / max(1, length))
    if region is not None and m.region is not None and to_simplified(m.region.zh) != to_simplified(region.zh):
        score -= 10
    if period is not None and m.period and m.period != period.label:
        score -= 8
    if "(" in ind or "（" in ind:
        score -= 12  # one case or one person: an anecdote, not a statistic
    return score


class _Pending:
    """A clause's place among the others (score, order, metrics); its wording is built only if it is
    stated: an article has many more figures than its key points and summary can hold."""

    __slots__ = ("score", "start", "is_change", "metric_ids", "_make", "_clause")

    def __init__(self, score: float, start: int, is_change: bool, metric_ids: list[int],
                 make: Callable[[], Clause]) -> None:
        self.score, self.start, self.is_change, self.metric_ids = score, start, is_change, metric_ids
        self._make: Callable[[], Clause] | None = make
        self._clause: Clause | None = None

    def built(self) -> Clause:
        if self._clause is None:
            self._clause = self._make()  # type: ignore[misc]
        return self._clause


@dataclass
class _Passage:
    clauses: list[_Pending] = field(default_factory=list)
    place: str = ""
    when: str = ""
    narrower: bool = False

    @property
    def score(self) -> float:
        return max(c.score for c in self.clauses) + 0.5 * (len(self.clauses) - 1)

    @property
    def metric_ids(self) -> list[int]:
        return sorted({i for c in self.clauses for i in c.metric_ids})


def _at_least(passages: list[_Passage], wanted: int) -> list[_Passage]:
    """Split the fullest passages (in text order, changes first) until there are ``wanted`` key points,
    when the article has that many figures: a reader skims a list of points, not one long sentence."""
    out = list(passages)
    while len(out) < wanted:
        i = max(range(len(out)), key=lambda k: len(out[k].clauses), default=None)
        if i is None or len(out[i].clauses) < 2:
            break
        p = out[i]
        half = (len(p.clauses) + 1) // 2
        first = _Passage(p.clauses[:half], p.place, p.when, p.narrower)
        second = _Passage(p.clauses[half:], p.place, p.when, p.narrower)
        out[i:i + 1] = [first, second]
    return out


def _sentence_index(doc: Document) -> tuple[list[int], list[tuple[int, int]]]:
    spans = [(m.start(), m.end()) for m in _FULL_SENTENCE.finditer(doc.text)]
    return [s for s, _ in spans], spans


def _fact_key(m: Metric) -> tuple[Any, ...]:
    return (m.indicator.en.strip().lower(), float(m.value), m.unit, m.from_value,
            (m.change.direction, m.change.basis) if m.change else None,
            to_simplified(m.region.zh) if m.region else "", m.period or "")


def _pairs(metrics: list[Metric]) -> dict[int, Metric]:
    """change id -> the level it changed (交通事故12725宗 with 同比下降18.35%): an indicator stated once as a
    level and once as a change for one place and period, even in different sentences."""
    groups: dict[tuple[str, str, str], list[Metric]] = {}
    seen: set[tuple[Any, ...]] = set()
    for m in metrics:
        if m.from_value is not None or _fact_key(m) in seen:
            continue
        seen.add(_fact_key(m))
        key = (m.indicator.en.strip().lower(), to_simplified(m.region.zh) if m.region else "", m.period or "")
        groups.setdefault(key, []).append(m)
    pairs: dict[int, Metric] = {}
    for ms in groups.values():
        changes = [m for m in ms if m.change is not None and m.change.direction != "flat"]
        levels = [m for m in ms if m.change is None]
        if len(changes) == 1 and len(levels) == 1:
            # a rate pairs with a change in percentage points only: "rose 37.82% to 51.8%" would read
            # as if the two numbers were of one kind
            if unit_en(levels[0].unit) != "%" or re.search(r"percentage point|百分点", changes[0].unit):
                pairs[changes[0].id] = levels[0]
    return pairs


def _passages(doc: Document, metrics: list[Metric], region: Bilingual | None,
              period: Period | None, scores: dict[int, float]) -> list[_Passage]:
    """Figures grouped by the sentence they stand in, a level paired with its change, scored
    (``scores``: metric id -> importance, computed once per article)."""
    starts, _ = _sentence_index(doc)
    pairs = _pairs(metrics)
    paired_levels = {m.id for m in pairs.values()}
    by_sentence: dict[tuple[int, str, str], list[Metric]] = {}
    seen: set[tuple[Any, ...]] = set()
    for m in sorted(metrics, key=lambda m: (m.evidence.start, m.id)):
        if m.id in paired_levels:
            continue
        fact = _fact_key(m)
        if fact in seen:
            continue  # the article repeats a figure it already gave (a summary paragraph and its detail)
        seen.add(fact)
        sentence = bisect.bisect_right(starts, m.evidence.start) - 1
        place = m.region.zh if m.region else (region.zh if region else "")
        when = m.period or (period.label if period else "")
        by_sentence.setdefault((sentence, to_simplified(place), when), []).append(m)
    passages: list[_Passage] = []
    for (_, place_zh, when), group in by_sentence.items():
        clauses = _clauses(group, pairs, scores)
        sample = group[0]
        narrower = bool(region and sample.region and to_simplified(sample.region.zh) != to_simplified(region.zh))
        place_en = (sample.region.en if sample.region else (region.en if region else "")) or ""
        if _HAN.search(place_en):
            from reportgen.zh.places import place_en as to_en

            place_en = to_en(place_en)
        while clauses:  # the most important clauses of a long passage first, each point in text order
            top = sorted(clauses, key=lambda c: -c.score)[:MAX_CLAUSES_PER_POINT]
            clauses = [c for c in clauses if c not in top]  # (each metric is in one clause: identity)
            top.sort(key=lambda c: (not c.is_change, c.start))
            passages.append(_Passage(top, place_en, period_phrase(when), narrower))
    return passages


def _clauses(group: list[Metric], pairs: dict[int, Metric], scores: dict[int, float]) -> list[_Pending]:
    """One clause per figure of a passage (a change with the level it changed), in the order and with
    the metrics, start and kind (change or level) the built Clause has."""
    clauses: list[_Pending] = []
    for m in group:
        score = scores[m.id]
        if m.change is not None:
            level = pairs.get(m.id)
            if level is not None:
                score = max(score, scores[level.id])
                start = min(m.evidence.start, level.evidence.start)
                clauses.append(_Pending(score, start, True, [m.id, level.id], partial(_change_clause, m, level, score)))
            else:
                clauses.append(_Pending(score, m.evidence.start, True, [m.id], partial(_change_clause, m, None, score)))
        elif m.from_value is not None:
            clauses.append(_Pending(score, m.evidence.start, True, [m.id], partial(_from_to_clause, m, score)))
        else:
            clauses.append(_Pending(score, m.evidence.start, False, [m.id], partial(_level_clause, m, score)))
    clauses.sort(key=lambda c: (not c.is_change, c.start))
    return clauses


# ------------------------------------------------------------------------------------------
# templates
# ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _env() -> "jinja2.Environment":
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("reportgen.output", "templates"),
        autoescape=False,  # plain text; render.py escapes when it puts this into HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # templates ship inside the package and never change in a running process: without this, every
        # render re-checks each imported template (summary_clauses.j2) on disk, a stat per key point
        auto_reload=False,
    )


@lru_cache(maxsize=None)
def _template(name: str) -> "jinja2.Template":
    """The compiled template, looked up once (an article renders a template for each of its key points)."""
    return _env().get_template(name)


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;])")
_SENTENCE_FIRST_LETTER = re.compile(r"(^|[.!?]\s+)([a-z])")


def _render(template: str, **context: Any) -> str:
    text = _template(template).render(**context)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    # capitalise each sentence's first letter (clauses start with an indicator name in lower case)
    return _SENTENCE_FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _key_point_en(p: _Passage) -> str:
    changes = [c.built() for c in p.clauses if c.is_change]
    levels = [c.built() for c in p.clauses if not c.is_change]
    return _render("summary_key_point.j2", place=p.place, when=p.when, changes=changes, levels=levels)


# ------------------------------------------------------------------------------------------
# Chinese: extractive
# ------------------------------------------------------------------------------------------


def _quote_text(doc: Document, metrics: list[Metric]) -> str:
    """The source words of a key point: the evidence spans, merged where they overlap, in order."""
    spans = sorted((m.evidence.start, m.evidence.end) for m in metrics)
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return "……".join(doc.text[s:e] for s, e in merged)


def _summary_zh(doc: Document, ranked: list[Metric]) -> str:
    """The lead, then whole sentences carrying the most important figures, in source order."""
    from reportgen.engines.offline.context import lead_span

    chosen: list[tuple[int, int]] = []
    lead = lead_span(doc)
    budget = ZH_SUMMARY_CHARS
    if lead:
        first = _FULL_SENTENCE.match(doc.text, lead[0])
        s, e = lead
        if e - s > 160 and first:  # a long lead paragraph: its first sentence
            e = first.end()
        chosen.append((s, e))
        budget -= e - s
    for m in ranked[:10]:
        if budget < 40:
            break
        span = _sentence_around(doc, m.evidence.start, m.evidence.end)
        if span is None or any(s <= span[0] < e or span[0] <= s < span[1] for s, e in chosen):
            continue
        if span[1] - span[0] > max(budget, 60) and chosen:
            continue
        chosen.append(span)
        budget -= span[1] - span[0]
    chosen.sort()
    return "".join(doc.text[s:e].strip() for s, e in chosen)


def _sentence_around(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """The sentence holding [start, end); a very long one is cut at ；, never mid-clause."""
    for pattern in (_FULL_SENTENCE, _SENTENCE):
        for m in pattern.finditer(doc.text):
            if m.start() <= start < m.end():
                s, e = m.start(), max(m.end(), min(end, len(doc.text)))
                if e - s <= 200 or pattern is _SENTENCE:
                    if doc.is_furniture(s, e):
                        return None
                    lead = len(doc.text[s:e]) - len(doc.text[s:e].lstrip())
                    return s + lead, e
                break
    return None


def _name_is_clean(m: Metric, written: Callable[[], tuple[list[float], frozenset[float]]]) -> bool:
    """An indicator name may carry digits only when the article writes them (飓风2020): a name with a
    stray figure in it (an extraction slip) is left to the metrics table, out of the English prose.
    ``written`` gives the article's numbers (and the same as a set, for the exact hits); it is called
    only for a name that has digits (few do)."""
    numbers = english_numbers(m.indicator.en)
    if not numbers:
        return True
    values, exact = written()
    return all(n in exact or any(same_value(n, w) for w in values) for n in numbers)


def _body_numbers(doc: Document) -> Callable[[], tuple[list[float], frozenset[float]]]:
    """The values of every number in the article's body, read on first call (reading the whole body
    for numbers is a noticeable share of compose, and most articles never need it)."""
    @lru_cache(maxsize=1)
    def written() -> tuple[list[float], frozenset[float]]:
        values = numeral_values("".join(doc.simplified[s:e] for s, e in doc.body_spans()))
        return values, frozenset(values)

    return written


# ------------------------------------------------------------------------------------------
# entry point
# ------------------------------------------------------------------------------------------


def compose(doc: Document, metrics: list[Metric], region: Bilingual | None,
            period: Period | None) -> tuple[Bilingual, list[KeyPoint]]:
    """(summary, key points) from verified metrics; nothing else is stated."""
    length = len(doc.text)
    written = _body_numbers(doc)
    metrics = [m for m in metrics if _name_is_clean(m, written)]
    scores = {m.id: importance(m, region, period, length) for m in metrics}
    ranked = sorted(metrics, key=lambda m: -scores[m.id])
    passages = sorted(_passages(doc, metrics, region, period, scores), key=lambda p: -p.score)
    chosen = _at_least(passages[:MAX_KEY_POINTS], MIN_KEY_POINTS)
    by_id = {m.id: m for m in metrics}
    key_points = [KeyPoint(en=_key_point_en(p), zh=_quote_text(doc, [by_id[i] for i in p.metric_ids]),
                           metric_ids=p.metric_ids) for p in chosen]

    report_when = period_phrase(period.label) if period else ""
    own = [c for p in passages if not p.narrower and p.when == report_when for c in p.clauses]
    changes = [c.built() for c in sorted((c for c in own if c.is_change), key=lambda c: -c.score)[:3]]
    levels = [c.built() for c in sorted((c for c in own if not c.is_change), key=lambda c: -c.score)[:3]]
    first_narrower = next((p for p in passages if p.narrower), None)  # only the first is stated
    narrower = [_key_point_en(first_narrower)] if first_narrower is not None else []
    from reportgen.engines.offline.context import article_topic

    en = _render("summary_en.j2", topic=article_topic(doc) or "", place=region.en if region else "",
                 when=period_phrase(period.label) if period else "", changes=changes, levels=levels,
                 narrower=narrower)
    return Bilingual(zh=_summary_zh(doc, ranked), en=en), key_points
