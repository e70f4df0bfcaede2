"""Matching predicted figures to annotated ones.

A predicted figure matches an annotated one when the values are equal, the change directions
agree and the quotes overlap in the source. Quotes are compared as *spans of the article*, not
as strings, because engines and annotators cut clauses differently; an annotated evidence that
occurs several times is taken at the occurrence that overlaps the prediction. Matching is
one-to-one and of maximum size (greedy by overlap, then augmenting paths), so one long predicted
quote cannot satisfy two annotations and the score does not depend on the order of metrics.
"""

from __future__ import annotations

import re

from reportgen.evaluation.gold import GoldMetric
from reportgen.ingest.document import Document
from reportgen.models import Metric
from reportgen.zh.numerals import same_value

__all__ = ["Span", "best_overlap", "match_metrics", "occurrences", "overlap", "predicted_basis", "predicted_direction"]


Span = tuple[int, int]


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
    """Characters two spans share."""
    return min(a[1], b[1]) - max(a[0], b[0])


def best_overlap(spans: list[Span], target: Span) -> int:
    """Overlap of ``target`` with the occurrence that overlaps it most (<= 0 when none does)."""
    return max((overlap(s, target) for s in spans), default=0)


def predicted_direction(metric: Metric) -> str | None:
    """The change direction of a predicted figure, None for a level."""
    return metric.change.direction if metric.change else None


def predicted_basis(metric: Metric) -> str:
    """The basis of a predicted change (unspecified for a level)."""
    return metric.change.basis if metric.change else "unspecified"


def match_metrics(gold: list[GoldMetric], gold_spans: list[list[Span]],
                  predicted: list[Metric]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching of gold to predicted metrics, as (gold index, predicted index).

    A pair is allowed when values are equal, directions agree and the spans overlap. Pairs are
    first taken greedily by overlap (largest first), then augmenting paths add any pair that a
    greedy choice blocked, so the number of matches is the largest possible.
    """
    allowed: dict[int, list[tuple[int, int]]] = {}
    candidates: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if not same_value(g.value, float(p.value)) or g.direction != predicted_direction(p):
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
