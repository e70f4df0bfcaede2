"""Figures that cannot all be right: impossible changes, rate/count confusion, ambiguous numerals,
parts larger than their total, one figure stated twice with different values, a change whose direction
contradicts the two levels it compares.

An anomaly is a warning to a human reader, so precision comes first: every check asks for the
pattern that makes the contradiction certain (the same change value on a rate and on a count of
the same indicator; a part in the same unit as its total; the same indicator, place and period)
and stays silent otherwise. Checks read the article's Simplified view, so they do not depend on
which figures an engine found; metrics, when they overlap, lend their id and are checked too.

One module per kind of check; ``article`` holds what they all read about the article, worked out
once; ``statements`` reads indicator + figure from the text for the checks that compare figures.

May import: models, ingest (the Document), zh, english. Nothing outside verify imports its modules
but ``detect``.
"""

from __future__ import annotations

from reportgen.ingest.document import Document
from reportgen.models import Anomaly, Metric
from reportgen.verify.anomalies.ambiguous import ambiguous_numerals
from reportgen.verify.anomalies.article import Article
from reportgen.verify.anomalies.changes import impossible_changes, rate_count_confusions
from reportgen.verify.anomalies.conflicts import conflicting_values
from reportgen.verify.anomalies.directions import contradicted_directions
from reportgen.verify.anomalies.statements import change_statements
from reportgen.verify.anomalies.totals import parts_exceeding_totals

__all__ = ["detect"]


def detect(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """Every anomaly in the article, in text order, outside page furniture, one per place and kind."""
    article = Article(doc, metrics)
    changes = change_statements(article)  # two checks compare them: read once
    found = [
        *impossible_changes(article, metrics),
        *rate_count_confusions(article, changes, metrics),
        *ambiguous_numerals(article, metrics),
        *parts_exceeding_totals(article, metrics),
        *conflicting_values(article, changes, metrics),
        *contradicted_directions(article, metrics),
    ]
    kept: list[Anomaly] = []
    reach: dict[str, int] = {}  # the furthest end of a kept anomaly of each kind: in start order, overlap is one test
    for anomaly in sorted(found, key=lambda a: (a.start, a.end)):
        if doc.is_furniture(anomaly.start, anomaly.end) or anomaly.start < reach.get(anomaly.kind, -1):
            continue
        kept.append(anomaly)
        reach[anomaly.kind] = max(reach.get(anomaly.kind, -1), anomaly.end)
    return kept
