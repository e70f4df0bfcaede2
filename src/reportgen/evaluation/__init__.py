"""Scoring an engine against annotated articles (``reportgen eval``).

``gold`` reads annotation files, ``matching`` pairs predicted figures with annotated ones by value,
direction and overlapping quotes, ``scoring`` counts per article and in total, ``runner`` runs the
pipeline over a folder and prints the scores. May import ingest, models, zh, errors; the pipeline only
inside ``runner.evaluate`` (evaluation is a user of the pipeline, not a stage of it).
"""

from reportgen.evaluation.gold import GoldFile, GoldMetric, load_gold
from reportgen.evaluation.matching import match_metrics, occurrences
from reportgen.evaluation.runner import evaluate, render_text
from reportgen.evaluation.scoring import EvalResult, score_article

__all__ = ["EvalResult", "GoldFile", "GoldMetric", "evaluate", "load_gold", "match_metrics", "occurrences",
           "render_text", "score_article"]
