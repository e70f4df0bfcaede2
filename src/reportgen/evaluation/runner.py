"""Running an evaluation (the pipeline on every annotated article of a folder) and printing its scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.evaluation.gold import annotated_articles, load_gold
from reportgen.evaluation.scoring import ArticleResult, Counts, EvalResult, Item, failed, score_article

__all__ = ["evaluate", "render_text"]


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
            results.append(failed(article.name, gold, exc.message))
            continue
        except Exception as exc:  # noqa: BLE001 - an engine bug on one article must not stop the run
            results.append(failed(article.name, gold, f"{type(exc).__name__}: {exc}"))
            continue
        results.append(score_article(article.name, doc, gold, report))
    return EvalResult(engine=settings.resolved_engine(), articles=results)


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
