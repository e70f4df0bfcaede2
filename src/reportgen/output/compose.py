"""Summaries and key points composed from verified metrics (the offline way; the llm engine's fallback).

``summary.zh`` is extractive: the lead paragraph plus the whole sentences that carry the most important
figures, in the article's own script. ``summary.en`` and the key points are written from kept Metrics
only, through jinja2 templates (``templates/summary_*.j2``): every number in them is a metric's value or
from_value (years come from the period label), so they are backed by construction. Which figures are
stated is decided in ``key_points``; how one figure is phrased, in ``clauses``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reportgen.english.changes import stated_phrase
from reportgen.english.names import has_english_name
from reportgen.english.periods import period_phrase
from reportgen.english.places import place_name
from reportgen.ingest.document import Document
from reportgen.models import Bilingual, KeyPoint, Metric, Period
from reportgen.output.key_points import (
    FULL_SENTENCE,
    Passage,
    at_least,
    group_passages,
    importance,
)
from reportgen.registry import memo, table
from reportgen.verify.prose import english_numbers
from reportgen.zh.numerals import numeral_values, same_value

if TYPE_CHECKING:
    import jinja2

MIN_KEY_POINTS = 5
MAX_KEY_POINTS = 8
ZH_SUMMARY_CHARS = 360
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


# ------------------------------------------------------------------------------------------
# templates
# ------------------------------------------------------------------------------------------


@table
def _env() -> jinja2.Environment:
    """The plain-text summary templates, compiled once per process."""
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


@memo(maxsize=None)
def _template(name: str) -> jinja2.Template:
    """The compiled template, looked up once (an article renders a template for each of its key points)."""
    return _env().get_template(name)


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;])")
_SENTENCE_FIRST_LETTER = re.compile(r"(^|[.!?]\s+)([a-z])")


MAX_TARGETS = 3


def _render_sentence(text: str) -> str:
    """A sentence written here (not from a template), tidied as rendered text is."""
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text).strip())
    return _SENTENCE_FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _render(template: str, **context: Any) -> str:
    # clauses start with an indicator name in lower case: _render_sentence capitalises each sentence
    return _render_sentence(_template(template).render(**context))


def _key_point_en(p: Passage) -> str:
    changes = [c.built() for c in p.clauses if c.is_change]
    levels = [c.built() for c in p.clauses if not c.is_change]
    # "Hong Kong recorded 1,203 burglary cases recorded": the sentence's verb must not repeat the name's
    said = {c.indicator.rsplit(" ", 1)[-1] for c in levels}
    verb = next(v for v in ("recorded", "reported", "had") if v not in said)
    return _render("summary_key_point.j2", place=p.place, when=p.when, changes=changes, levels=levels, verb=verb)


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
        first = FULL_SENTENCE.match(doc.text, lead[0])
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
    for pattern in (FULL_SENTENCE, _SENTENCE):
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
    if not has_english_name(m.indicator):
        return False  # a dictionary gloss is for the table beside its Chinese, not for prose
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
    clean = [m for m in metrics if _name_is_clean(m, written)]
    targets = [m for m in clean if m.target][:MAX_TARGETS]  # goals are stated as goals, apart from results
    metrics = [m for m in clean if not m.target]
    scores = {m.id: importance(m, region, period, length) for m in metrics}
    ranked = sorted(metrics, key=lambda m: -scores[m.id])
    passages = sorted(group_passages(doc, metrics, region, period, scores), key=lambda p: -p.score)
    chosen = at_least(passages[:MAX_KEY_POINTS], MIN_KEY_POINTS)
    by_id = {m.id: m for m in metrics}
    key_points = [KeyPoint(en=_key_point_en(p), zh=_quote_text(doc, [by_id[i] for i in p.metric_ids]),
                           metric_ids=p.metric_ids) for p in chosen]
    if targets:
        stated = "; ".join(f"{m.indicator.en} {stated_phrase(m)}" for m in targets)
        key_points.append(KeyPoint(en=_render_sentence(f"the article also sets targets: {stated}."),
                                   zh=_quote_text(doc, targets), metric_ids=[m.id for m in targets]))

    report_when = period_phrase(period.label) if period else ""
    own = [c for p in passages if not p.narrower and p.when == report_when for c in p.clauses]
    changes = [c.built() for c in sorted((c for c in own if c.is_change), key=lambda c: -c.score)[:3]]
    levels = [c.built() for c in sorted((c for c in own if not c.is_change), key=lambda c: -c.score)[:3]]
    first_narrower = next((p for p in passages if p.narrower), None)  # only the first is stated
    narrower = [_key_point_en(first_narrower)] if first_narrower is not None else []
    from reportgen.engines.offline.context import article_topic

    en = _render("summary_en.j2", topic=article_topic(doc) or "", place=place_name(region) or "",
                 when=period_phrase(period.label) if period else "", changes=changes, levels=levels,
                 narrower=narrower)
    return Bilingual(zh=_summary_zh(doc, ranked), en=en), key_points
