"""The executive summary of a briefing: composed offline, or written by a model with ``--engine llm``.

Offline: sentences built only from verified figures, so every number is a metric value of some Report,
with the figures they cite kept for traceability. With the llm engine: one model call over the verified
figures of all reports (prompts/reduce_briefing.j2), its text checked as #9's prose check checks every
English text (every number a verified figure's value or a period's year, no Chinese); a failing answer
or call gives way to the offline summary with a note saying why. Both compare like with like, or say
what differs (period, a place inside another).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.config import Settings
from reportgen.english.changes import change_phrase, figure_statement
from reportgen.english.names import has_english_name
from reportgen.english.numbers import number_en
from reportgen.english.periods import period_en
from reportgen.english.places import has_cjk, place_name
from reportgen.errors import ReportgenError
from reportgen.models import Metric, Report
from reportgen.verify.prose import english_numbers
from reportgen.zh.gazetteer import division_of, is_within
from reportgen.zh.numerals import same_value

ExecutiveSummarizer = Callable[[list[Report]], str]


def group_key(text: str) -> str:
    """Indicator names compared across articles: case and spacing do not matter."""
    return " ".join(text.casefold().split())


def is_yoy_percent(metric: Metric) -> bool:
    """A year-on-year change in per cent, up or down: what places are compared by."""
    return (metric.change is not None and metric.change.basis == "year_on_year" and metric.unit.strip() == "%"
            and metric.change.direction in ("up", "down") and not metric.target)


def executive_summarizer(settings: Settings) -> ExecutiveSummarizer:
    """The function that writes the executive summary for these settings: with the llm engine, one model
    call over the verified figures of all reports (``model_executive_summarizer``), else the offline one."""
    if settings.resolved_engine() == "llm":
        return model_executive_summarizer(settings)
    return offline_executive_summary


_HEADLINE_PER_ARTICLE = 3
_ARTICLES_IN_SUMMARY = 5
_COMPARISONS_IN_SUMMARY = 4


def _subject(report: Report) -> str:
    """Who reported: the place, else the English headline (when it carries no digits), else a phrase."""
    place = place_name(report.region)
    if place:
        return place
    title = report.source.title_en
    if title and not has_cjk(title) and not any(ch.isdigit() for ch in title):
        return f"The article “{title.strip()}”"
    return "An article that names no place"


def _headline_figures(report: Report, shared: set[str]) -> list[Metric]:
    """Up to three figures worth leading with: unflagged changes, comparable indicators first."""
    flagged = {a.metric_id for a in report.anomalies if a.metric_id is not None}
    usable = [m for m in report.metrics if m.id not in flagged and not m.target and has_english_name(m.indicator)]
    seen: set[str] = set()
    picked: list[Metric] = []
    ranked = sorted(usable, key=lambda m: (m.change is None and m.from_value is None,
                                           group_key(m.indicator.en) not in shared,
                                           m.change is None or m.change.basis != "year_on_year",
                                           m.evidence.start))
    for metric in ranked:
        key = group_key(metric.indicator.en)
        if key in seen:
            continue
        seen.add(key)
        picked.append(metric)
        if len(picked) == _HEADLINE_PER_ARTICLE:
            break
    return sorted(picked, key=lambda m: m.evidence.start)


def _clause(metric: Metric) -> str:
    """"criminal cases solved up 2.5% year on year" / "recovered losses at 137 million yuan"."""
    phrase = change_phrase(metric)
    if metric.change is None and metric.from_value is None:
        return f"{metric.indicator.en} at {phrase}"
    return f"{metric.indicator.en} {phrase}"


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass
class ComposedSummary:
    """The offline executive summary and the figures it cites (report id, metric id), for traceability."""

    text: str
    cited: list[tuple[str, int]] = field(default_factory=list)


def _recency(report: Report) -> dt.date:
    period = report.period
    return (period.end or period.start if period else None) or report.source.published or dt.date.min


def _latest_per_place(rows: list[tuple[str, Report, Metric]]) -> list[tuple[str, Report, Metric]]:
    """One figure per place, from its most recent article, sorted by place.

    The summary carries no dates, so two periods of one place would read as a contradiction.
    """
    latest: dict[str, tuple[str, Report, Metric]] = {}
    for row in rows:
        kept = latest.get(row[0])
        if kept is None or _recency(row[1]) > _recency(kept[1]):
            latest[row[0]] = row
    return sorted(latest.values(), key=lambda r: r[0].casefold())


def _row_period(report: Report, metric: Metric) -> str:
    return metric.period or (report.period.label if report.period else "")


def _row_place(report: Report, metric: Metric) -> str:
    """The Chinese name of the place a row is about (the figure's own, else its article's)."""
    region = metric.region or report.region
    return region.zh if region and region.zh else ""


def _comparison_parts(rows: list[tuple[str, Report, Metric]]) -> list[str]:
    """"Meizhou down 18.35%" for each place, saying what differs: the period when the rows are not all of
    one period, and "within X" for a place inside another place of the same comparison (a county and
    the city that contains it are not two like places)."""
    periods = {_row_period(r, m) for _, r, m in rows}
    zh = [_row_place(r, m) for _, r, m in rows]
    parts = []
    for i, (place, report, metric) in enumerate(rows):
        where = place
        container = next((rows[j][0] for j in range(len(rows)) if j != i and _within(zh[i], zh[j])), None)
        if container:
            where += f" (within {container})"
        label = _row_period(report, metric)
        if len(periods) > 1:
            where += f", {period_en(label) or 'period not stated'},"
        direction = metric.change.direction if metric.change else ""
        parts.append(f"{where} {direction} {number_en(metric.value)}%")
    return parts


def _within(inner: str, outer: str) -> bool:
    if not inner or not outer or inner == outer:
        return False
    a, b = division_of(inner), division_of(outer)
    return bool(a and b and a != b and is_within(a, b))


def offline_executive_summary(reports: list[Report]) -> str:
    """Sentences built only from verified figures, so every number is a metric value of some Report."""
    return compose_offline_summary(reports).text


def compose_offline_summary(reports: list[Report]) -> ComposedSummary:
    """The offline executive summary, with the figures it cites.

    First, for the indicators with a year-on-year change in the most places, how the places compare;
    then a paragraph for each of the first few articles (those naming a place first) with their
    leading figures. Dates and counts stay out on purpose. Paragraphs are separated by blank lines.
    """
    cited: list[tuple[str, int]] = []
    yoy: dict[str, list[tuple[str, Report, Metric]]] = {}
    for report in reports:
        # an article that names no place still counts (as itself): "fell in every article" must hold for all
        place = place_name(report.region) or _subject(report)
        flagged = {a.metric_id for a in report.anomalies if a.metric_id is not None}
        for metric in report.metrics:
            if is_yoy_percent(metric) and metric.id not in flagged:
                where = place_name(metric.region) or place
                yoy.setdefault(group_key(metric.indicator.en), []).append((where, report, metric))
    shared = {k for k, rows in yoy.items() if len({p for p, _, _ in rows}) > 1}

    comparisons: list[str] = []
    # the indicators reported for the most places make the comparison; the table holds the rest
    widest = sorted(shared, key=lambda k: (-len({p for p, _, _ in yoy[k]}), k))[:_COMPARISONS_IN_SUMMARY]
    for key in widest:
        rows = _latest_per_place(yoy[key])
        name = rows[0][2].indicator.en
        name = name[:1].upper() + name[1:]
        parts = _comparison_parts(rows)
        cited.extend((r.id, m.id) for _, r, m in rows)
        directions = {m.change.direction for _, _, m in rows if m.change}
        if directions == {"down"}:
            verdict = f"{name} fell year on year in every article that reported them"
        elif directions == {"up"}:
            verdict = f"{name} rose year on year in every article that reported them"
        else:
            verdict = f"{name} moved in different directions year on year"
        comparisons.append(f"{verdict} ({'; '.join(parts)}).")

    sentences: list[str] = []
    # articles that name their place lead; the summary stays short, the article sections hold the rest
    ordered = sorted(reports, key=lambda r: place_name(r.region) is None)
    for report in ordered:
        figures = _headline_figures(report, shared)
        if not figures:
            continue
        sentences.append(f"{_subject(report)} reported {_join([_clause(m) for m in figures])}.")
        cited.extend((report.id, m.id) for m in figures)
        if len(sentences) == _ARTICLES_IN_SUMMARY:
            break
    if len([r for r in reports if r.metrics]) > len(sentences):
        sentences.append("The sections below give the figures of every article.")

    if not sentences and not comparisons:
        return ComposedSummary("The articles state no figure that could be verified against their text.")
    paragraphs = []
    if comparisons:
        paragraphs.append(" ".join(comparisons))
    paragraphs.extend(sentences)
    if any(r.anomalies for r in reports):
        paragraphs.append("Some figures were flagged for review; they are listed under “Anomalies and caveats”.")
    return ComposedSummary("\n\n".join(paragraphs), list(dict.fromkeys(cited)))


# ------------------------------------------------------------------------------------------
# the model's executive summary (issue #16): one call over all reports, checked like any prose
# ------------------------------------------------------------------------------------------

MAX_FIGURES_PER_REPORT = 12
PROMPT = "reduce_briefing.j2"


def _prompts_dir() -> Path:
    from reportgen.engines.llm.prompts import packaged_prompts_dir

    return packaged_prompts_dir()


def _figures(report: Report) -> list[Metric]:
    """The figures a model may cite: verified, unflagged, with a proper English name; changes first."""
    flagged = {a.metric_id for a in report.anomalies if a.metric_id is not None}
    usable = [m for m in report.metrics if m.id not in flagged and not m.target and has_english_name(m.indicator)]
    usable.sort(key=lambda m: (not is_yoy_percent(m), m.change is None, m.evidence.start))
    return usable[:MAX_FIGURES_PER_REPORT]


def briefing_prompt(reports: list[Report]) -> str:
    """The user message: every report's place, period and figures as the English module writes them."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_prompts_dir())), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    rows = []
    for report in reports:
        place = place_name(report.region)
        figures = []
        for m in _figures(report):
            where = place_name(m.region)
            when = period_en(m.period) if m.period and (not report.period or m.period != report.period.label) else ""
            extra = ", ".join(filter(None, [where if where and where != place else "", when]))
            figures.append(figure_statement(m) + (f" ({extra})" if extra else ""))
        rows.append({"place": place, "level": "", "period": period_en(report.period.label) if report.period else "",
                     "figures": figures})
    return env.get_template(PROMPT).render(reports=rows)


def check_summary(text: str, reports: list[Report]) -> list[str]:
    """Why ``text`` may not be published as the executive summary (empty: it may)."""
    problems = []
    if not text.strip():
        return ["the answer is empty"]
    if has_cjk(text):
        problems.append("it contains Chinese characters")
    allowed = [float(m.value) for r in reports for m in r.metrics]
    allowed += [float(m.from_value) for r in reports for m in r.metrics if m.from_value is not None]
    labels = [r.period.label for r in reports if r.period] + [m.period or "" for r in reports for m in r.metrics]
    allowed += [float(y) for label in labels for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", label)]
    unbacked = [v for v in english_numbers(text) if not any(same_value(v, a) for a in allowed)]
    if unbacked:
        problems.append("it states numbers that no verified figure backs")  # the note itself carries no number
    return problems


def model_executive_summarizer(settings: Settings) -> ExecutiveSummarizer:
    """One model call over all reports; the offline summary, with a note, when the answer fails the check."""
    def summarize(reports: list[Report]) -> str:
        offline = offline_executive_summary(reports)
        if not any(_figures(r) for r in reports):
            return offline
        from reportgen.engines.llm.client import get_client

        messages = [{"role": "user", "content": briefing_prompt(reports)}]
        try:
            text = get_client(settings).text(messages).strip()
        except ReportgenError:  # the error's own text (HTTP 503, a timeout in seconds) would add numbers
            return f"{offline}\n\nThis summary is composed from the verified figures: the model could not be asked."
        problems = check_summary(text, reports)
        if problems:
            return (f"{offline}\n\nThis summary is composed from the verified figures: the model's summary was not "
                    f"used ({'; '.join(problems)}).")
        return text

    return summarize
