"""Briefings over many articles: collect Reports (reusing stored ones) and shape the view-model.

Collecting goes through ``pipeline.summarize_many`` (bounded concurrency, a bad article never stops
the batch) and keeps every finished Report in a SQLite store under ``Settings.home``, keyed by the
document id and the engine, so a rerun only does the articles not finished before.

The view-model (``Briefing``) holds the decisions a reader relies on — which figures are compared,
in what order, which footnote number traces each figure to its quote — so the Markdown and the HTML
templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import pipeline
from reportgen.config import Settings
from reportgen.errors import ConfigError, ReportgenError, StoreError
from reportgen.models import Anomaly, KeyPoint, Metric, Report
from reportgen.output.render import change_phrase, figure_statement, has_cjk, number_text, place_en

if TYPE_CHECKING:
    from reportgen.storage.backend import BriefingStore

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".md")
KEY_FIGURES_PER_ARTICLE = 8

ExecutiveSummarizer = Callable[[list[Report]], str]


# ---------------------------------------------------------------------------------------------
# collecting Reports
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """An article that could not be processed, and why (one line, no traceback)."""

    name: str
    reason: str


@dataclass
class Collected:
    reports: list[Report] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    reused: int = 0
    computed: int = 0
    warnings: list[str] = field(default_factory=list)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for the article files directly inside it."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            files.append(path)
    return files


def store_for(settings: Settings) -> BriefingStore:
    """One store per engine, so an offline and an llm Report of the same article never replace each other."""
    from reportgen.storage.backend import open_briefing_store

    return open_briefing_store(Path(settings.home), settings.resolved_engine())


def _reusable(report: Report | None, settings: Settings) -> bool:
    """A stored Report counts as finished for these settings (same engine; same model for the llm)."""
    if report is None:
        return False
    engine = settings.resolved_engine()
    if not report.provenance.engine.startswith(engine):
        return False
    return engine != "llm" or report.provenance.model in (None, settings.model)


class _Progress:
    """A progress bar on stderr (rich, imported only when shown); silent when not on a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled and total > 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            # no refresh thread: a batch may fork worker processes, which must not happen beside a thread
            self._bar = Progress(TextColumn("briefing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True, auto_refresh=False)
            self._bar.start()
            self._task = self._bar.add_task("articles", total=self.total)
        return self

    def advance(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)
            self._bar.refresh()

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def collect(paths: Sequence[str | Path], settings: Settings, *, reuse: bool = True,
            progress: bool = False) -> Collected:
    """Reports for every readable article, in input order; the others as Failures.

    Stored Reports are reused when ``reuse``; new ones are stored. The same article given twice
    (same document id) appears once.
    """
    engine = settings.resolved_engine()
    if engine not in ("offline", "llm"):
        raise ConfigError(f"unknown engine {settings.engine!r} (offline, llm or auto)")
    if engine == "llm" and not settings.llm_configured:
        raise ConfigError("the llm engine needs OPENAI_API_KEY or OPENAI_BASE_URL (or use --engine offline)")

    result = Collected()
    store: BriefingStore | None
    try:
        store = store_for(settings)
    except StoreError as exc:
        store, result.warnings = None, [f"{exc} (reports will not be kept for a rerun)"]

    files = expand_paths(paths)
    slots: list[Report | Failure | None] = []
    pending: list[tuple[str, Any]] = []
    pending_slot: dict[str, int] = {}
    seen: set[str] = set()
    with _Progress(len(files), progress) as bar:
        for path in files:
            name = str(path)
            try:
                doc = pipeline.load(path)
            except ReportgenError as exc:
                slots.append(Failure(name, exc.message))
                bar.advance()
                continue
            if doc.id in seen:
                bar.advance()
                continue
            seen.add(doc.id)
            stored = store.get(doc.id) if store is not None and reuse else None
            if _reusable(stored, settings):
                assert stored is not None
                slots.append(stored.model_copy(update={"source": stored.source.model_copy(update={"file": doc.name})}))
                result.reused += 1
                bar.advance()
                continue
            pending_slot[name] = len(slots)
            slots.append(None)
            pending.append((name, doc))

        for outcome in pipeline.summarize_many(pending, settings, on_done=bar.advance):
            slot = pending_slot[outcome.name]
            if outcome.report is None:
                error = outcome.error
                slots[slot] = Failure(outcome.name, error.message if error is not None else "no report")
                continue
            slots[slot] = outcome.report
            result.computed += 1
            if store is not None:
                try:
                    store.put(outcome.report)
                except (StoreError, OSError) as exc:
                    result.warnings.append(f"cannot keep the report of {outcome.name}: {exc}")

    for item in slots:
        if isinstance(item, Report):
            result.reports.append(item)
        elif isinstance(item, Failure):
            result.failures.append(item)
    return result


# ---------------------------------------------------------------------------------------------
# the view-model
# ---------------------------------------------------------------------------------------------


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


def _group_key(text: str) -> str:
    return " ".join(text.casefold().split())


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
    """Indicators reported for several places first, then the rest; alphabetical within each."""
    buckets: dict[str, list[FigureView]] = {}
    for fig in figures:
        buckets.setdefault(_group_key(fig.metric.indicator.en), []).append(fig)
    groups = []
    for rows in buckets.values():
        rows.sort(key=lambda f: ((f.place or "\uffff").casefold(), f.period or "", f.article, f.metric.id))
        groups.append(IndicatorGroup(indicator=rows[0].metric.indicator.en, indicator_zh=rows[0].metric.indicator.zh,
                                     places=len({f.place or f"#{f.article}" for f in rows}), rows=rows))
    groups.sort(key=lambda g: (g.places < 2, _group_key(g.indicator)))
    return groups


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


def _is_yoy_percent(metric: Metric) -> bool:
    return (metric.change is not None and metric.change.basis == "year_on_year" and metric.unit.strip() == "%"
            and metric.change.direction in ("up", "down"))


def build_briefing(collected: Collected, *, title: str | None = None, engine: str = "offline",
                   summarizer: ExecutiveSummarizer | None = None, today: dt.date | None = None) -> Briefing:
    """Shape Reports and failures into what the templates lay out."""
    articles: list[ArticleView] = []
    note = 0
    for number, report in enumerate(collected.reports, start=1):
        flagged_ids = {a.metric_id for a in report.anomalies if a.metric_id is not None}
        report_place = place_en(report.region)
        report_period = report.period.label if report.period else None
        figures = []
        for metric in report.metrics:
            note += 1
            figures.append(FigureView(note=note, metric=metric, article=number,
                                      place=place_en(metric.region) or report_place,
                                      period=metric.period or report_period,
                                      flagged=metric.id in flagged_ids, lang=_lang(report)))
        title_en = report.source.title_en if report.source.title_en and not has_cjk(report.source.title_en) else None
        headline = title_en or report.source.title_zh or report.source.file or f"Article {number}"
        articles.append(ArticleView(
            number=number, report=report, headline=headline, headline_is_english=title_en is not None,
            place=report_place, period=report_period, lang=_lang(report), figures=figures,
            key_figures=_select_key_figures(report, figures), key_points=list(report.key_points)))

    all_figures = [f for a in articles for f in a.figures]
    anomalies = []
    for article in articles:
        by_id = {f.metric.id: f for f in article.figures}
        for anomaly in article.report.anomalies:
            anomalies.append(AnomalyView(article, anomaly, by_id.get(anomaly.metric_id) if anomaly.metric_id is not None else None))

    if not collected.reports:
        summary = ComposedSummary("No article could be processed.")
    elif summarizer is None or summarizer is offline_executive_summary:
        summary = compose_offline_summary(collected.reports)
    else:
        summary = ComposedSummary(summarizer(collected.reports))
    by_key = {(a.report.id, f.metric.id): f for a in articles for f in a.figures}
    summary_figures = [by_key[key] for key in summary.cited if key in by_key]

    chart, omitted = _chart_groups([f for f in all_figures if _is_yoy_percent(f.metric) and not f.flagged])
    reports = collected.reports
    periods = [r.period for r in reports if r.period]
    return Briefing(
        title=title or default_title(reports),
        generated=today or dt.date.today(),
        engine=engine,
        articles=articles,
        executive_summary=summary.text,
        summary_figures=summary_figures,
        table=_groups(all_figures),
        chart=chart,
        chart_omitted=omitted,
        anomalies=anomalies,
        failures=list(collected.failures),
        period_span=_span([p.start for p in periods] + [p.end for p in periods]),
        period_labels=sorted({p.label for p in periods}),
        published_span=_span(r.source.published for r in reports),
    )


def default_title(reports: list[Report]) -> str:
    places = sorted({p for p in (place_en(r.region) for r in reports) if p})
    if 0 < len(places) <= 3:
        return f"Briefing: {', '.join(places[:-1]) + ' and ' + places[-1] if len(places) > 1 else places[0]}"
    return "Briefing on public-security and government reports"


# ---------------------------------------------------------------------------------------------
# the executive summary (the hook the llm engine's reduce call plugs into)
# ---------------------------------------------------------------------------------------------


def executive_summarizer(settings: Settings) -> ExecutiveSummarizer:
    """The function that writes the executive summary for these settings.

    Offline for every engine today. An llm reduce call belongs here: it must take the Reports
    and return text whose every number is a metric value of some Report (check it with
    ``ground.unbacked_numbers`` and fall back to ``offline_executive_summary`` when it is not).
    """
    return offline_executive_summary


_HEADLINE_PER_ARTICLE = 3
_ARTICLES_IN_SUMMARY = 5
_COMPARISONS_IN_SUMMARY = 4


def _subject(report: Report) -> str:
    """Who reported: the place, else the English headline (when it carries no digits), else a phrase."""
    place = place_en(report.region)
    if place:
        return place
    title = report.source.title_en
    if title and not has_cjk(title) and not any(ch.isdigit() for ch in title):
        return f"The article “{title.strip()}”"
    return "An article that names no place"


def _headline_figures(report: Report, shared: set[str]) -> list[Metric]:
    """Up to three figures worth leading with: unflagged changes, comparable indicators first."""
    flagged = {a.metric_id for a in report.anomalies if a.metric_id is not None}
    usable = [m for m in report.metrics if m.id not in flagged]
    seen: set[str] = set()
    picked: list[Metric] = []
    ranked = sorted(usable, key=lambda m: (m.change is None and m.from_value is None,
                                           _group_key(m.indicator.en) not in shared,
                                           m.change is None or m.change.basis != "year_on_year",
                                           m.evidence.start))
    for metric in ranked:
        key = _group_key(metric.indicator.en)
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
        place = place_en(report.region)
        flagged = {a.metric_id for a in report.anomalies if a.metric_id is not None}
        for metric in report.metrics:
            if _is_yoy_percent(metric) and metric.id not in flagged:
                where = place_en(metric.region) or place
                if where:
                    yoy.setdefault(_group_key(metric.indicator.en), []).append((where, report, metric))
    shared = {k for k, rows in yoy.items() if len({p for p, _, _ in rows}) > 1}

    comparisons: list[str] = []
    # the indicators reported for the most places make the comparison; the table holds the rest
    widest = sorted(shared, key=lambda k: (-len({p for p, _, _ in yoy[k]}), k))[:_COMPARISONS_IN_SUMMARY]
    for key in widest:
        rows = _latest_per_place(yoy[key])
        name = rows[0][2].indicator.en
        name = name[:1].upper() + name[1:]
        parts = [f"{place} {m.change.direction if m.change else ''} {number_text(m.value)}%" for place, _, m in rows]
        cited.extend((r.id, m.id) for _, r, m in rows)
        directions = {m.change.direction for _, _, m in rows if m.change}
        if directions == {"down"}:
            verdict = f"{name} fell year on year in every place that reported them"
        elif directions == {"up"}:
            verdict = f"{name} rose year on year in every place that reported them"
        else:
            verdict = f"{name} moved in different directions year on year"
        comparisons.append(f"{verdict} ({'; '.join(parts)}).")

    sentences: list[str] = []
    # articles that name their place lead; the summary stays short, the article sections hold the rest
    ordered = sorted(reports, key=lambda r: place_en(r.region) is None)
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
