"""Every text of a draft a reader sees, checked before it reaches the Report.

The model writes the summaries, key points, title, region and indicator names after the figures;
each is held to ``verify.prose``'s "backed" (its numbers equal a verified figure, a number of the
article or a year of the period) and an English field to being English. What fails is replaced by
what the project composes itself, and ``provenance.notes`` says so:
summary (zh or en) -> the offline summary and key points; one key point -> dropped; title_en -> the
offline engine's title or none; region or indicator English -> the project's own pinyin or glossary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Draft, Evidence, KeyPoint, Metric, Unconfirmed
from reportgen.verify.grounding import locate
from reportgen.verify.prose import Backing, backing, is_english
from reportgen.zh.places import place_en


@dataclass
class ReviewedTexts:
    summary: Bilingual | None = None  # None: compose the offline summary (and key points) instead
    key_points: list[KeyPoint] = field(default_factory=list)
    title_en: str | None = None
    region: Bilingual | None = None
    metrics: list[Metric] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def text_problem(text: str, back: Backing, *, english: bool, source: str | None = None) -> str | None:
    """Why ``text`` may not be shown (Chinese in an English field, numbers nothing backs), or None.
    ``source``: the article, whose own words an English sentence may gloss in quotes."""
    if english and not is_english(text, source):
        return "has Chinese characters in an English field"
    missing = back.unbacked(text)
    if missing:
        return "states " + ", ".join(f"{v:g}" for v in missing[:5]) + ", backed by no verified figure or article number"
    return None


def review_texts(doc: Document, draft: Draft, metrics: list[Metric], key_points: list[KeyPoint],
                 label_en: Callable[[str], str]) -> ReviewedTexts:
    """The draft's reader-facing texts with every one that fails its check replaced (see the module)."""
    back = backing(metrics, doc, draft.period, extra=_title_numbers(doc))
    out = ReviewedTexts(metrics=list(metrics))
    name_checks: dict[str, str | None] = {}  # indicator and region names repeat across a report's metrics

    def name_problem(text: str) -> str | None:
        if text not in name_checks:
            name_checks[text] = text_problem(text, back, english=True)
        return name_checks[text]

    if draft.summary is not None:
        problem = (text_problem(draft.summary.zh, back, english=False)
                   or text_problem(draft.summary.en, back, english=True, source=doc.text))
        if problem:
            out.notes.append(f"model summary dropped: it {problem}")
        else:
            out.summary = draft.summary
            for i, kp in enumerate(key_points):
                problem = (text_problem(kp.zh, back, english=False)
                           or text_problem(kp.en, back, english=True, source=doc.text))
                if problem:
                    out.notes.append(f"model key point {i} dropped: it {problem}")
                else:
                    out.key_points.append(kp)
    out.title_en = draft.title_en
    for title in (draft.title_en, draft.fallback_title_en):
        if title and text_problem(title, back, english=True) is None:
            out.title_en = title
            break
    else:
        out.title_en = None
    if draft.title_en and out.title_en != draft.title_en:
        out.notes.append("model title_en dropped: it " + str(text_problem(draft.title_en, back, english=True)))
    out.region = draft.region
    if draft.region is not None and text_problem(draft.region.en, back, english=True):
        out.region = Bilingual(zh=draft.region.zh, en=place_en(draft.region.zh))
    for i, m in enumerate(out.metrics):
        updates: dict[str, object] = {}
        if name_problem(m.indicator.en):
            updates["indicator"] = Bilingual(zh=m.indicator.zh, en=label_en(m.indicator.zh))
        if m.region is not None and name_problem(m.region.en):
            updates["region"] = Bilingual(zh=m.region.zh, en=place_en(m.region.zh))
        if updates:
            out.metrics[i] = m.model_copy(update=updates)
    return out


def _title_numbers(doc: Document) -> list[float]:
    """Numbers of the headline (printed in the article, even when the body does not repeat them)."""
    from reportgen.zh.numerals import numeral_values

    return numeral_values(doc.title or "")


def ground_unconfirmed(doc: Document, draft: Draft) -> list[Unconfirmed]:
    """The offline-only figures of an llm draft, each where its quote stands (verbatim), for a reviewer."""
    out: list[Unconfirmed] = []
    for md in draft.unconfirmed:
        where = locate(doc, md.quote, md.start, md.end)
        if where is None:
            continue
        start, end, _ = where
        out.append(Unconfirmed(
            indicator=Bilingual(zh=md.indicator_zh, en=md.indicator_en or md.indicator_zh), value=md.value,
            unit=md.unit, qualifier=md.qualifier, change=md.change, from_value=md.from_value,
            evidence=Evidence(quote=doc.text[start:end], start=start, end=end),
        ))
    return out
