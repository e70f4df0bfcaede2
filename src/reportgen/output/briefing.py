"""The briefing view-model: Reports shaped into what the Markdown and HTML templates lay out.

``Briefing`` holds the decisions a reader relies on — which figures are compared, in what order,
which footnote number traces each figure to its quote — so the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from reportgen.english.changes import figure_statement
from reportgen.english.names import has_english_name
from reportgen.english.places import has_cjk, place_name
from reportgen.models import Anomaly, KeyPoint, Metric, Report
from reportgen.output.collect import Collected, Failure
from reportgen.output.executive import (
    ComposedSummary,
    ExecutiveSummarizer,
    compose_offline_summary,
    group_key,
    is_yoy_percent,
    offline_executive_summary,
)

KEY_FIGURES_PER_ARTICLE = 8


@dataclass
class FigureView:
    """One figure of one article, numbered once for the whole briefing (its footnote)."""

    note: int
    metric: Metric
    article: int
    place: str | None
    period: str | None
    flagged: bool
    lang: str

    @property
    def quote(self) -> str:
        return self.metric.evidence.quote

    @property
    def statement(self) -> str:
        return figure_statement(self.metric)

    @property
    def glossed(self) -> bool:
        """The indicator's English is a dictionary gloss, not a curated name: tables mark it so."""
        return not has_english_name(self.metric.indicator)


@dataclass
class ArticleView:
    number: int
    report: Report
    headline: str
    headline_is_english: bool
    place: str | None
    period: str | None
    lang: str
    figures: list[FigureView]
    key_figures: list[FigureView]
    key_points: list[KeyPoint]
    other_figures: list[FigureView] = field(default_factory=list)  # single-place figures, not key ones

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"


@dataclass
class AnomalyView:
    article: ArticleView
    anomaly: Anomaly
    figure: FigureView | None


@dataclass
class IndicatorGroup:
    """Rows of one indicator (by English name) across articles, sorted by place then period."""

    indicator: str
    indicator_zh: str
    places: int
    rows: list[FigureView]


@dataclass
class Briefing:
    title: str
    generated: dt.date
    engine: str
    articles: list[ArticleView]
    executive_summary: str
    summary_figures: list[FigureView]
    table: list[IndicatorGroup]
    chart: list[IndicatorGroup]
    chart_omitted: int
    anomalies: list[AnomalyView]
    failures: list[Failure]
    period_span: tuple[dt.date, dt.date] | None
    period_labels: list[str]
    published_span: tuple[dt.date, dt.date] | None

    @property
    def summary_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.executive_summary.split("\n\n") if p.strip()]

    @property
    def notes(self) -> list[FigureView]:
        return [f for a in self.articles for f in a.figures]

    @property
    def places(self) -> list[str]:
        return sorted({f.place for a in self.articles for f in a.figures if f.place}
                      | {a.place for a in self.articles if a.place})


def _lang(report: Report) -> str:
    return {"zh-Hant": "zh-Hant", "en": "en"}.get(report.source.script, "zh-Hans")


def _span(dates: Iterable[dt.date | None]) -> tuple[dt.date, dt.date] | None:
    known = sorted(d for d in dates if d is not None)
    return (known[0], known[-1]) if known else None



def _select_key_figures(report: Report, figures: list[FigureView]) -> list[FigureView]:
    """Figures the key points cite, then year-on-year changes, then the rest, in article order."""
    by_id = {f.metric.id: f for f in figures}
    chosen: list[FigureView] = []
    for kp in report.key_points:
        for mid in kp.metric_ids:
            if mid in by_id and by_id[mid] not in chosen:
                chosen.append(by_id[mid])
    unflagged = [f for f in figures if not f.flagged and f not in chosen]
    ranked = sorted(unflagged, key=lambda f: (f.metric.change is None, f.metric.evidence.start))
    chosen.extend(ranked)
    return sorted(chosen[:KEY_FIGURES_PER_ARTICLE], key=lambda f: f.metric.evidence.start)


def _groups(figures: list[FigureView]) -> list[IndicatorGroup]:
    """Indicators reported for several places first, then the rest; alphabetical within each (the chart
    draws both; the comparison table keeps only the first, see ``comparable``)."""
    buckets: dict[str, list[FigureView]] = {}
    for fig in figures:
        buckets.setdefault(group_key(fig.metric.indicator.en), []).append(fig)
    groups = []
    for rows in buckets.values():
        rows.sort(key=lambda f: ((f.place or "\uffff").casefold(), f.period or "", f.article, f.metric.id))
        groups.append(IndicatorGroup(indicator=rows[0].metric.indicator.en, indicator_zh=rows[0].metric.indicator.zh,
                                     places=len({f.place or f"#{f.article}" for f in rows}), rows=rows))
    groups.sort(key=lambda g: (g.places < 2, group_key(g.indicator)))
    return groups


def comparable(groups: list[IndicatorGroup]) -> list[IndicatorGroup]:
    """Indicators at least two places report: a figure of one place alone compares with nothing, so it
    stays in its article's section (a table of 190 rows, most for one place, is not read)."""
    return [g for g in groups if g.places >= 2]


CHART_MAX_BARS = 40


def _chart_groups(figures: list[FigureView]) -> tuple[list[IndicatorGroup], int]:
    """Groups to chart, and how many bars were left to the table.

    A long chart stops being read: past ``CHART_MAX_BARS`` only indicators reported for several
    places (the comparable ones) are drawn.
    """
    groups = _groups(figures)
    if len(figures) <= CHART_MAX_BARS:
        return groups, 0
    shared = [g for g in groups if g.places > 1] or groups
    kept = sum(len(g.rows) for g in shared)
    return shared, len(figures) - kept



def build_briefing(collected: Collected, *, title: str | None = None, engine: str = "offline",
                   summarizer: ExecutiveSummarizer | None = None, today: dt.date | None = None) -> Briefing:
    """Shape Reports and failures into what the templates lay out."""
    articles: list[ArticleView] = []
    note = 0
    for number, report in enumerate(collected.reports, start=1):
        flagged_ids = {a.metric_id for a in report.anomalies if a.metric_id is not None}
        report_place = place_name(report.region)
        report_period = report.period.label if report.period else None
        figures = []
        for metric in report.metrics:
            note += 1
            figures.append(FigureView(note=note, metric=metric, article=number,
                                      place=place_name(metric.region) or report_place,
                                      period=metric.period or report_period,
                                      flagged=metric.id in flagged_ids, lang=_lang(report)))
        title_en = report.source.title_en if report.source.title_en and not has_cjk(report.source.title_en) else None
        headline = title_en or report.source.title_zh or report.source.file or f"Article {number}"
        articles.append(ArticleView(
            number=number, report=report, headline=headline, headline_is_english=title_en is not None,
            place=report_place, period=report_period, lang=_lang(report), figures=figures,
            key_figures=_select_key_figures(report, figures), key_points=list(report.key_points)))

    all_figures = [f for a in articles for f in a.figures]
    table = comparable(_groups(all_figures))
    in_table = {id(f) for g in table for f in g.rows}
    for article in articles:
        article.other_figures = [f for f in article.figures if id(f) not in in_table and f not in article.key_figures]
    anomalies = []
    for article in articles:
        by_id = {f.metric.id: f for f in article.figures}
        for anomaly in article.report.anomalies:
            shown = by_id.get(anomaly.metric_id) if anomaly.metric_id is not None else None
            anomalies.append(AnomalyView(article, anomaly, shown))

    if not collected.reports:
        summary = ComposedSummary("No article could be processed.")
    elif summarizer is None or summarizer is offline_executive_summary:
        summary = compose_offline_summary(collected.reports)
    else:
        summary = ComposedSummary(summarizer(collected.reports))
    by_key = {(a.report.id, f.metric.id): f for a in articles for f in a.figures}
    summary_figures = [by_key[key] for key in summary.cited if key in by_key]

    chart, omitted = _chart_groups([f for f in all_figures
                                    if is_yoy_percent(f.metric) and not f.flagged and not f.glossed])
    reports = collected.reports
    periods = [r.period for r in reports if r.period]
    return Briefing(
        title=title or default_title(reports),
        generated=today or dt.date.today(),
        engine=engine,
        articles=articles,
        executive_summary=summary.text,
        summary_figures=summary_figures,
        table=table,
        chart=chart,
        chart_omitted=omitted,
        anomalies=anomalies,
        failures=list(collected.failures),
        period_span=_span([p.start for p in periods] + [p.end for p in periods]),
        period_labels=sorted({p.label for p in periods}),
        published_span=_span(r.source.published for r in reports),
    )


def default_title(reports: list[Report]) -> str:
    places = sorted({p for p in (place_name(r.region) for r in reports) if p})
    if 0 < len(places) <= 3:
        return f"Briefing: {', '.join(places[:-1]) + ' and ' + places[-1] if len(places) > 1 else places[0]}"
    return "Briefing on public-security and government reports"
