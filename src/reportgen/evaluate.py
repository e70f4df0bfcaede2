"""Score an engine against annotated articles (GOLD_FORMAT.md: ``X.txt`` beside ``X.json``).

A predicted figure matches an annotated one when the values are equal, the change directions
agree and the quotes overlap in the source. Quotes are compared as *spans of the article*, not
as strings, because engines and annotators cut clauses differently; an annotated evidence that
occurs several times is taken at the occurrence that overlaps the prediction. Matching is
one-to-one and of maximum size (greedy by overlap, then augmenting paths), so one long predicted
quote cannot satisfy two annotations and the score does not depend on the order of metrics.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from reportgen.errors import InputError, ReportgenError
from reportgen.ingest.document import Document
from reportgen.models import Anomaly, Metric, Report
from reportgen.zh.numerals import same_value

Span = tuple[int, int]


# ------------------------------------------------------------------------------------------
# gold files
# ------------------------------------------------------------------------------------------


class GoldMetric(BaseModel):
    """One annotated figure; only the fields scoring needs are required."""

    model_config = ConfigDict(extra="allow")

    evidence: str
    value: float
    unit: str = ""
    indicator_zh: str = ""
    approximate: bool = False
    is_change: bool = False
    change_direction: str | None = None
    comparison: str | None = None
    from_value: float | None = None

    @property
    def direction(self) -> str | None:
        """The gold direction, None for a level (GOLD_FORMAT: null when is_change is false)."""
        return self.change_direction if self.is_change else None

    @property
    def basis(self) -> str:
        """null and 'unspecified' mean the same thing: the text names no basis."""
        return self.comparison or "unspecified"


class GoldAnomaly(BaseModel):
    model_config = ConfigDict(extra="allow")

    evidence: str
    why: str = ""


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    article: str | None = None
    metrics: list[GoldMetric]
    anomalies: list[GoldAnomaly] = []


def load_gold(path: Path) -> GoldFile:
    """Read and validate one annotation file; any problem is one clear InputError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file ({exc.strerror})", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("gold file is not UTF-8", source=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file is not valid JSON (line {exc.lineno}: {exc.msg})", source=str(path)) from None
    try:
        return GoldFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise InputError(f"gold file does not follow GOLD_FORMAT ({where}: {first['msg']})", source=str(path)) from None


def annotated_articles(target: Path) -> list[tuple[Path, Path]]:
    """(article, gold) pairs: every ``X.txt`` in the directory with ``X.json`` beside it.

    A single ``X.txt`` (or ``X.json``) path evaluates that one article.
    """
    if not target.exists():
        raise InputError("no such directory", source=str(target))
    if target.is_file():
        article = target.with_suffix(".txt")
        gold = target.with_suffix(".json")
        if not (article.is_file() and gold.is_file()):
            raise InputError("needs an article X.txt with its annotation X.json beside it", source=str(target))
        return [(article, gold)]
    pairs = [(txt, txt.with_suffix(".json")) for txt in sorted(target.glob("*.txt"))
             if txt.with_suffix(".json").is_file()]
    if not pairs:
        raise InputError("no annotated articles (X.txt with X.json beside it)", source=str(target))
    return pairs


# ------------------------------------------------------------------------------------------
# spans and matching
# ------------------------------------------------------------------------------------------


def occurrences(doc: Document, quote: str) -> list[Span]:
    """Every place ``quote`` stands in the article: exactly, then in the Simplified view, then
    whitespace/punctuation-insensitively (one place) — annotators copy by hand."""
    if not quote:
        return []
    pattern = re.compile(re.escape(quote))
    hits = [(m.start(), m.end()) for m in pattern.finditer(doc.text)]
    if hits:
        return hits
    from reportgen.zh.script import to_simplified

    pattern = re.compile(re.escape(to_simplified(quote)))
    hits = [(m.start(), m.end()) for m in pattern.finditer(doc.simplified)]
    if hits:
        return hits
    from reportgen.verify.grounding import locate

    where = locate(doc, quote)
    return [(where[0], where[1])] if where else []


def overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def best_overlap(spans: list[Span], target: Span) -> int:
    """Overlap of ``target`` with the occurrence that overlaps it most (<= 0 when none does)."""
    return max((overlap(s, target) for s in spans), default=0)


def _predicted_direction(metric: Metric) -> str | None:
    return metric.change.direction if metric.change else None


def _predicted_basis(metric: Metric) -> str:
    return metric.change.basis if metric.change else "unspecified"


def match_metrics(gold: list[GoldMetric], gold_spans: list[list[Span]], predicted: list[Metric]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching of gold to predicted metrics, as (gold index, predicted index).

    A pair is allowed when values are equal, directions agree and the spans overlap. Pairs are
    first taken greedily by overlap (largest first), then augmenting paths add any pair that a
    greedy choice blocked, so the number of matches is the largest possible.
    """
    allowed: dict[int, list[tuple[int, int]]] = {}
    candidates: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if not same_value(g.value, float(p.value)) or g.direction != _predicted_direction(p):
                continue
            ov = best_overlap(gold_spans[gi], (p.evidence.start, p.evidence.end))
            if ov <= 0:
                continue
            distance = min((abs(s[0] - p.evidence.start) for s in gold_spans[gi]), default=0)
            candidates.append((ov, -distance, gi, pi))
            allowed.setdefault(gi, []).append((ov, pi))
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for _ov, _dist, gi, pi in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2], c[3])):
        if gi not in gold_to_pred and pi not in pred_to_gold:
            gold_to_pred[gi], pred_to_gold[pi] = pi, gi

    def augment(gi: int, visited: set[int]) -> bool:
        for _ov, pi in sorted(allowed.get(gi, []), reverse=True):
            if pi in visited:
                continue
            visited.add(pi)
            if pi not in pred_to_gold or augment(pred_to_gold[pi], visited):
                gold_to_pred[gi], pred_to_gold[pi] = pi, gi
                return True
        return False

    for gi in allowed:
        if gi not in gold_to_pred:
            augment(gi, set())
    return sorted(gold_to_pred.items())


# ------------------------------------------------------------------------------------------
# scores
# ------------------------------------------------------------------------------------------


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

    def add(self, other: "Counts") -> None:
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
    return Item(m.evidence.quote, m.evidence.start, float(m.value), m.unit, _predicted_direction(m), note)


def score_article(name: str, doc: Document, gold: GoldFile, report: Report) -> ArticleResult:
    """Compare one Report with its annotation."""
    result = ArticleResult(article=name)
    counts = result.counts
    gold_spans = [occurrences(doc, g.evidence) for g in gold.metrics]
    for g, spans in zip(gold.metrics, gold_spans):
        if not spans:
            result.gold_not_found.append(_gold_item(g, spans, "annotated evidence not found in the article"))
    predicted = report.metrics
    pairs = match_metrics(gold.metrics, gold_spans, predicted)
    counts.gold, counts.predicted, counts.matched = len(gold.metrics), len(predicted), len(pairs)

    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(gold.metrics):
        if gi not in matched_gold:
            result.misses.append(_gold_item(g, gold_spans[gi], _why_missed(g, gold_spans[gi], predicted)))
    for pi, p in enumerate(predicted):
        if pi not in matched_pred:
            result.extras.append(_metric_item(p))

    for gi, pi in pairs:
        g, p = gold.metrics[gi], predicted[pi]
        counts.qualifier_checked += 1
        if g.approximate == (p.qualifier != "exact"):
            counts.qualifier_right += 1
        else:
            result.qualifier_mismatches.append(_metric_item(
                p, f"qualifier {p.qualifier!r}, annotated {'approximate' if g.approximate else 'exact'}"))
        if g.is_change:  # a level has no basis; its agreement would only inflate the score
            counts.basis_checked += 1
            if g.basis == _predicted_basis(p):
                counts.basis_right += 1
            else:
                result.basis_mismatches.append(_metric_item(
                    p, f"basis {_predicted_basis(p)!r}, annotated {g.basis!r}"))

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
        if g.direction != _predicted_direction(p):
            return f"predicted with direction {_predicted_direction(p)}"
        return "its prediction was matched to another annotation"
    if overlapping:
        return "predicted there with value(s) " + ", ".join(f"{float(p.value):g}" for p in overlapping[:4])
    return "nothing predicted there"


def _score_anomalies(doc: Document, gold: GoldFile, predicted: list[Anomaly], result: ArticleResult) -> None:
    """A gold anomaly is caught when a predicted anomaly's span overlaps its evidence."""
    counts = result.counts
    counts.anomalies_gold, counts.anomalies_predicted = len(gold.anomalies), len(predicted)
    gold_spans = [occurrences(doc, a.evidence) for a in gold.anomalies]
    for a, spans in zip(gold.anomalies, gold_spans):
        if any(best_overlap(spans, (p.start, p.end)) > 0 for p in predicted):
            counts.anomalies_caught += 1
        else:
            result.anomalies_missed.append(Item(a.evidence, spans[0][0] if spans else None, note=a.why))
    for p in predicted:
        if not any(best_overlap(spans, (p.start, p.end)) > 0 for spans in gold_spans):
            counts.anomalies_unannotated += 1
            result.anomalies_unannotated.append(Item(p.quote, p.start, note=f"{p.kind}: {p.explanation}"))


# ------------------------------------------------------------------------------------------
# running
# ------------------------------------------------------------------------------------------


def evaluate(target: Path, settings: Any) -> EvalResult:
    """Run the pipeline on every annotated article under ``target`` and score it.

    Gold files are all read first, so a broken one stops the run before any engine work. An
    article the engine fails on is reported with its error and scored as all misses; the
    others go on.
    """
    from reportgen.engines import get_engine
    from reportgen.pipeline import build_report, load

    pairs = annotated_articles(Path(target))
    golds = [(article, load_gold(gold_path)) for article, gold_path in pairs]
    get_engine(settings)  # a misconfigured engine fails once, with one line, not once per article
    results: list[ArticleResult] = []
    for article, gold in golds:
        try:
            doc = load(article)
            report = build_report(doc, settings)
        except ReportgenError as exc:
            results.append(_failed(article.name, gold, exc.message))
            continue
        except Exception as exc:  # noqa: BLE001 - an engine bug on one article must not stop the run
            results.append(_failed(article.name, gold, f"{type(exc).__name__}: {exc}"))
            continue
        results.append(score_article(article.name, doc, gold, report))
    return EvalResult(engine=settings.resolved_engine(), articles=results)


def _failed(name: str, gold: GoldFile, reason: str) -> ArticleResult:
    result = ArticleResult(article=name, error=reason)
    result.counts.gold = len(gold.metrics)
    result.counts.anomalies_gold = len(gold.anomalies)
    return result


# ------------------------------------------------------------------------------------------
# text output
# ------------------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.3f}"


def _row(label: str, counts: Counts) -> str:
    s = counts.scores()
    return (f"{label:<32} {counts.gold:>4} {counts.predicted:>4} {counts.matched:>4} "
            f"{_fmt(s['precision'])} {_fmt(s['recall'])} {_fmt(s['f1'])} "
            f"{_fmt(s['qualifier_accuracy'])} {_fmt(s['basis_accuracy'])} "
            f"{counts.anomalies_caught:>3}/{counts.anomalies_gold:<3} {counts.anomalies_unannotated:>3}")


def _item_line(kind: str, item: Item) -> str:
    value = "" if item.value is None else f"{item.value:g}"
    direction = item.direction or "-"
    where = "?" if item.start is None else str(item.start)
    line = f"    {kind:<9} @{where:<6} {value:>12} {item.unit:<14} {direction:<5} 「{item.quote}」"
    return f"{line}  ({item.note})" if item.note else line


def render_text(result: EvalResult, verbose: bool = False) -> str:
    """The human-readable table (and, with ``verbose``, what was missed and what was extra)."""
    head = (f"{'article':<32} {'gold':>4} {'pred':>4} {'hit':>4} {'  prec':>6} {'recall':>6} {'    f1':>6} "
            f"{'  qual':>6} {' basis':>6} {'anom':>7} {'+fa':>3}")
    lines = [f"engine: {result.engine}", head]
    for a in result.articles:
        if a.error:
            lines.append(f"{a.article:<32} FAILED: {a.error}")
            continue
        lines.append(_row(a.article, a.counts))
        if verbose:
            for kind, items in (("miss", a.misses), ("extra", a.extras),
                                ("qualifier", a.qualifier_mismatches), ("basis", a.basis_mismatches),
                                ("anom-miss", a.anomalies_missed), ("anom-fa", a.anomalies_unannotated)):
                lines.extend(_item_line(kind, item) for item in items)
    lines.append(_row("TOTAL", result.total))
    lines.append("qual/basis: accuracy over matched figures (basis over changes); "
                 "anom: annotated anomalies caught; +fa: flagged but not annotated")
    return "\n".join(lines)
