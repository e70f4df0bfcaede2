"""Scores of one article and of a run: precision, recall, F1, qualifier and basis accuracy, anomalies
caught, with the matched, missed and extra figures listed for --verbose.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reportgen.evaluation.gold import GoldFile, GoldMetric, figure_groups
from reportgen.evaluation.matching import (
    Span,
    best_overlap,
    match_metrics,
    occurrences,
    predicted_basis,
    predicted_direction,
)
from reportgen.ingest.document import Document
from reportgen.models import Anomaly, Metric, Report
from reportgen.zh.numerals import same_value

__all__ = ["ArticleResult", "Counts", "EvalResult", "Item", "failed", "score_article"]


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


@dataclass
class Counts:
    """Counts that add up across articles (micro-averaged totals)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    qualifier_checked: int = 0
    qualifier_right: int = 0
    basis_checked: int = 0
    basis_right: int = 0
    anomalies_gold: int = 0
    anomalies_caught: int = 0
    anomalies_predicted: int = 0
    anomalies_unannotated: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, float | None]:
        precision = _ratio(self.matched, self.predicted)
        recall = _ratio(self.matched, self.gold)
        return {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "qualifier_accuracy": _ratio(self.qualifier_right, self.qualifier_checked),
            "basis_accuracy": _ratio(self.basis_right, self.basis_checked),
            "anomalies_recall": _ratio(self.anomalies_caught, self.anomalies_gold),
        }


@dataclass
class Item:
    """One figure or anomaly shown in --verbose output."""

    quote: str
    start: int | None
    value: float | None = None
    unit: str = ""
    direction: str | None = None
    note: str = ""


@dataclass
class ArticleResult:
    article: str
    counts: Counts = field(default_factory=Counts)
    error: str | None = None
    misses: list[Item] = field(default_factory=list)
    extras: list[Item] = field(default_factory=list)
    qualifier_mismatches: list[Item] = field(default_factory=list)
    basis_mismatches: list[Item] = field(default_factory=list)
    anomalies_missed: list[Item] = field(default_factory=list)
    anomalies_unannotated: list[Item] = field(default_factory=list)
    gold_not_found: list[Item] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"article": self.article, "error": self.error, **asdict(self.counts),
                               **self.counts.scores()}
        for name in ("misses", "extras", "qualifier_mismatches", "basis_mismatches", "anomalies_missed",
                     "anomalies_unannotated", "gold_not_found"):
            out[name] = [asdict(item) for item in getattr(self, name)]
        return out


@dataclass
class EvalResult:
    engine: str
    articles: list[ArticleResult]

    @property
    def total(self) -> Counts:
        total = Counts()
        for article in self.articles:
            total.add(article.counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        return {
            "engine": self.engine,
            "articles": [a.to_dict() for a in self.articles],
            "total": {**asdict(total), **total.scores(),
                      "articles": len(self.articles), "failed": sum(1 for a in self.articles if a.error)},
        }


def _gold_item(g: GoldMetric, spans: list[Span], note: str = "") -> Item:
    return Item(g.evidence, spans[0][0] if spans else None, g.value, g.unit, g.direction, note)


def _metric_item(m: Metric, note: str = "") -> Item:
    return Item(m.evidence.quote, m.evidence.start, float(m.value), m.unit, predicted_direction(m), note)


def score_article(name: str, doc: Document, gold: GoldFile, report: Report) -> ArticleResult:
    """Compare one Report with its annotation."""
    result = ArticleResult(article=name)
    counts = result.counts
    statement_spans = [occurrences(doc, g.evidence) for g in gold.metrics]
    for g, spans in zip(gold.metrics, statement_spans, strict=True):
        if not spans:
            result.gold_not_found.append(_gold_item(g, spans, "annotated evidence not found in the article"))
    # a figure restated (headline, lede, body) is one figure, matched at any of its statements
    groups = figure_groups(gold.metrics)
    figures = [gold.metrics[group[0]] for group in groups]
    gold_spans = [sorted(sp for i in group for sp in statement_spans[i]) for group in groups]
    predicted = report.metrics
    pairs = match_metrics(figures, gold_spans, predicted)
    counts.gold, counts.predicted, counts.matched = len(figures), len(predicted), len(pairs)

    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(figures):
        if gi not in matched_gold:
            result.misses.append(_gold_item(g, gold_spans[gi], _why_missed(g, gold_spans[gi], predicted)))
    for pi, p in enumerate(predicted):
        if pi not in matched_pred:
            result.extras.append(_metric_item(p))

    for gi, pi in pairs:
        g, p = figures[gi], predicted[pi]
        counts.qualifier_checked += 1
        if g.approximate == (p.qualifier != "exact"):
            counts.qualifier_right += 1
        else:
            result.qualifier_mismatches.append(_metric_item(
                p, f"qualifier {p.qualifier!r}, annotated {'approximate' if g.approximate else 'exact'}"))
        if g.is_change:  # a level has no basis; its agreement would only inflate the score
            counts.basis_checked += 1
            if g.basis == predicted_basis(p):
                counts.basis_right += 1
            else:
                result.basis_mismatches.append(_metric_item(
                    p, f"basis {predicted_basis(p)!r}, annotated {g.basis!r}"))

    _score_anomalies(doc, gold, report.anomalies, result)
    return result


def _why_missed(g: GoldMetric, spans: list[Span], predicted: list[Metric]) -> str:
    """The nearest miss, so a reader of --verbose sees what to fix."""
    if not spans:
        return "evidence not found in the article"
    overlapping = [p for p in predicted if best_overlap(spans, (p.evidence.start, p.evidence.end)) > 0]
    same_value_there = [p for p in overlapping if same_value(g.value, float(p.value))]
    if same_value_there:
        p = same_value_there[0]
        if g.direction != predicted_direction(p):
            return f"predicted with direction {predicted_direction(p)}"
        return "its prediction was matched to another annotation"
    if overlapping:
        return "predicted there with value(s) " + ", ".join(f"{float(p.value):g}" for p in overlapping[:4])
    return "nothing predicted there"


def _score_anomalies(doc: Document, gold: GoldFile, predicted: list[Anomaly], result: ArticleResult) -> None:
    """A gold anomaly is caught when a predicted anomaly's span overlaps its evidence."""
    counts = result.counts
    counts.anomalies_gold, counts.anomalies_predicted = len(gold.anomalies), len(predicted)
    gold_spans = [occurrences(doc, a.evidence) for a in gold.anomalies]
    for a, spans in zip(gold.anomalies, gold_spans, strict=True):
        if any(best_overlap(spans, (p.start, p.end)) > 0 for p in predicted):
            counts.anomalies_caught += 1
        else:
            result.anomalies_missed.append(Item(a.evidence, spans[0][0] if spans else None, note=a.why))
    for p in predicted:
        if not any(best_overlap(spans, (p.start, p.end)) > 0 for spans in gold_spans):
            counts.anomalies_unannotated += 1
            result.anomalies_unannotated.append(Item(p.quote, p.start, note=f"{p.kind}: {p.explanation}"))


def failed(name: str, gold: GoldFile, reason: str) -> ArticleResult:
    """An article the engine failed on: its error, every annotated figure missed."""
    result = ArticleResult(article=name, error=reason)
    result.counts.gold = len(figure_groups(gold.metrics))
    result.counts.anomalies_gold = len(gold.anomalies)
    return result
