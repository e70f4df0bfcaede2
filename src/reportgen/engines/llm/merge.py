"""Model answers -> Draft: figures located, parts of a long article merged, the offline cross-check.

Data flows one way: an Extraction (one per chunk) becomes MetricDrafts with the offsets where
their quotes stand and the glossary's English for the indicators it knows; the parts are merged
and deduplicated by source span; the reduce answer supplies the summaries; finally the offline
engine reviews it: the figures both found are marked "both", the ones only it found are listed as
``unconfirmed`` for a reviewer and never enter the metrics or the prose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reportgen.engines.llm.schema import PERIOD_LABEL
from reportgen.models import Bilingual, Change, Draft, KeyPointDraft, MetricDraft, Period
from reportgen.verify import grounding as ground
from reportgen.zh import gazetteer, glossary, places
from reportgen.zh.numerals import same_value
from reportgen.zh.script import to_simplified

if TYPE_CHECKING:
    from reportgen.chunking import Chunk
    from reportgen.engines.llm.schema import Extraction, FigureOut, KeyPointOut, Synthesis
    from reportgen.ingest.document import Document


def indicator_name(indicator_zh: str, model_en: str) -> str | None:
    """The glossary's English when it holds exactly this indicator, else the model's.

    The offline engine names indicators from the same glossary, so the two engines (and every
    report) agree on a known indicator whatever the prompt said or the model chose to write."""
    model = model_en.strip()
    if re.search(r"[\u3400-\u9fff]", model):
        model = ""  # English with Chinese left in it (issue #16): the glossary composes the name instead
    return glossary.lookup(indicator_zh) or model or None


def figure_draft(figure: FigureOut, doc: Document, near: int | None = None) -> MetricDraft:
    """One model figure as a MetricDraft; offsets set when its quote stands verbatim in the text."""
    change = None
    if figure.change_direction is not None:
        change = Change(direction=figure.change_direction, basis=figure.change_basis or "unspecified")
    start = end = None
    where = ground.locate(doc, figure.quote, near=near)
    if where is not None and where[2] == "verified":
        start, end = where[0], where[1]
    return MetricDraft(
        indicator_zh=figure.indicator_zh, indicator_en=indicator_name(figure.indicator_zh, figure.indicator_en),
        value=figure.value, unit=figure.unit, qualifier=figure.qualifier, change=change, from_value=figure.from_value,
        # English place names from the project's resolver, never the model's romanisation (Aomen, Gaoxiong)
        region_zh=figure.region_zh or None, region_en=None if figure.region_zh else (figure.region_en or None),
        period=figure.period if figure.period and PERIOD_LABEL.match(figure.period) else None,
        quote=figure.quote, start=start, end=end, origin="llm",
    )


def figure_drafts(answer: Extraction, doc: Document, near: int | None = None) -> list[MetricDraft]:
    return [figure_draft(f, doc, near) for f in answer.figures]


def _key_points(points: list[KeyPointOut], index_map: dict[int, int]) -> list[KeyPointDraft]:
    return [KeyPointDraft(en=kp.en, zh=kp.zh,
                          metric_indexes=[index_map[i] for i in kp.figure_indexes if i in index_map])
            for kp in points]


def _context(answer: Extraction | Synthesis) -> tuple[Bilingual | None, Period | None]:
    region = None
    if answer.region_zh:  # English from the project's resolver (issue #16), the model's only when it has none
        en = places.place_en(answer.region_zh) or (answer.region_en or "").strip()
        region = Bilingual(zh=answer.region_zh, en=en)
    period = Period(label=answer.period) if answer.period and PERIOD_LABEL.match(answer.period) else None
    return region, period


def answer_to_draft(answer: Extraction, doc: Document) -> Draft:
    """A single-chunk article: the answer is the whole draft."""
    metrics = figure_drafts(answer, doc)
    region, period = _context(answer)
    return Draft(
        engine="llm", title_en=answer.title_en or None, region=region, period=period,
        summary=Bilingual(zh=answer.summary_zh, en=answer.summary_en),
        key_points=_key_points(answer.key_points, {i: i for i in range(len(metrics))}),
        metrics=metrics,
    )


def _span_key(m: MetricDraft) -> tuple[object, ...]:
    direction = m.change.direction if m.change else None
    if m.start is not None:
        return ("span", m.start, m.end, round(m.value, 9), direction)
    return ("quote", m.quote, round(m.value, 9), direction)


def merge_parts(doc: Document, parts: list[tuple[Chunk, Extraction]]) -> Draft:
    """Figures of every chunk, deduplicated by source span (chunks overlap), first occurrence kept.
    The summary is left to the reduce step; the first part supplies region and period."""
    metrics: list[MetricDraft] = []
    seen: dict[tuple[object, ...], int] = {}
    region = period = None
    for chunk, answer in parts:
        for figure in answer.figures:
            draft = figure_draft(figure, doc, near=chunk.start)
            key = _span_key(draft)
            if key not in seen:
                seen[key] = len(metrics)
                metrics.append(draft)
        r, p = _context(answer)
        region, period = region or r, period or p
    return Draft(engine="llm", title_en=parts[0][1].title_en if parts else None, region=region, period=period,
                 metrics=metrics)


def apply_synthesis(draft: Draft, synthesis: Synthesis) -> Draft:
    """The reduce answer's summaries and key points (indexes into the merged figures) on the draft."""
    region, period = _context(synthesis)
    return draft.model_copy(update={
        "title_en": synthesis.title_en or draft.title_en,
        "region": region or draft.region,
        "period": period or draft.period,
        "summary": Bilingual(zh=synthesis.summary_zh, en=synthesis.summary_en),
        "key_points": _key_points(synthesis.key_points, {i: i for i in range(len(draft.metrics))}),
    })


def _located(doc: Document, m: MetricDraft) -> tuple[int, int] | None:
    where = ground.locate(doc, m.quote, m.start, m.end)
    return (where[0], where[1]) if where else None


def _agree(a: MetricDraft, b: MetricDraft) -> bool:
    da = a.change.direction if a.change else None
    db = b.change.direction if b.change else None
    return same_value(a.value, b.value) and da == db


def cross_check(doc: Document, model: Draft, offline: Draft) -> Draft:
    """The model's draft, reviewed by the offline engine's: agreements marked ``both``, every offline
    figure the model did not state listed in ``unconfirmed`` for a reviewer (never among the metrics:
    on real articles most such findings were wrong — zeros from idioms, list numbers, restated figures).

    A model figure and an offline one agree when their quotes overlap in the source and their value
    and direction are equal. The model's region stands only when the article names it (or a place
    inside it); otherwise the offline reader's region is the report's.
    """
    metrics = [m.model_copy() for m in model.metrics]
    spans = [_located(doc, m) for m in metrics]
    unconfirmed: list[MetricDraft] = []
    for theirs in offline.metrics:
        span = ((theirs.start, theirs.end) if theirs.start is not None and theirs.end is not None
                else _located(doc, theirs))
        match = None
        if span is not None:
            for i, mine in enumerate(metrics):
                s = spans[i]
                if s is not None and s[0] < span[1] and span[0] < s[1] and _agree(mine, theirs):
                    match = i
                    break
        if match is not None:
            metrics[match] = metrics[match].model_copy(update={"origin": "both"})
        else:
            unconfirmed.append(theirs.model_copy(update={"origin": "offline"}))
    notes = list(model.notes)
    if unconfirmed:
        notes.append(f"{len(unconfirmed)} figure(s) found only by the offline engine are listed as unconfirmed "
                     "(not among the metrics)")
    period = model.period
    if offline.period is not None and (period is None or period.label == offline.period.label):
        period = offline.period  # same label, and the offline one knows its dates
    region = model.region if model.region is not None and region_is_named(doc, model.region) else None
    if model.region is not None and region is None:
        notes.append(f"model region {model.region.zh!r} is not a place the article names; the offline reader's "
                     "region is used")
    return model.model_copy(update={
        "metrics": metrics,
        "unconfirmed": unconfirmed,
        "region": region or offline.region,
        "period": period,
        "title_en": model.title_en or offline.title_en,
        "fallback_title_en": offline.title_en,
        "notes": notes,
    })


#: regions an article names by one character in set words (全港, 本澳, 港府, 台人) — TODO(#16): move to zh.places
_ONE_CHARACTER_NAMES = {"香港": "港", "香港特别行政区": "港", "澳门": "澳", "澳门特别行政区": "澳", "台湾": "台"}
_NAME_EN = re.compile(r"[A-Za-zÀ-ɏ' .,()\-]{1,60}")  # "Fucheng District, Mianyang"


def region_is_named(doc: Document, region: Bilingual) -> bool:
    """The region's Chinese name stands in the article (either script, full or short form) or is the
    parent of a place the article names; its English is a name (letters, at most five words)."""
    if not _NAME_EN.fullmatch(region.en.strip()) or len(region.en.split()) > 5:
        return False
    zh = region.zh.strip()
    if not zh:
        return False
    simp = to_simplified(zh)
    if zh in doc.text or simp in doc.simplified:
        return True
    short = _ONE_CHARACTER_NAMES.get(simp)
    if short and re.search(f"[全本]{short}|{short}[府人]", doc.simplified):
        return True  # 全港, 本澳, 港府: a region named by its one-character short name
    division = gazetteer.division_of(zh)
    if division is None:
        return False
    if len(division.stem) >= 2 and division.stem in doc.simplified:
        return True
    return any(m.division is not None and gazetteer.is_within(m.division, division) for m in doc.place_matches)
