"""A scripted endpoint for any article: answers built from the offline engine's verified report.

The llm benchmarks need a model that answers for the samples and fixtures alike. Its answer for
an article is what a good model would return (the verified figures, summary and key points), so
prompt tokens are exactly what reportgen sends and completion tokens are realistic in size.
"""

from __future__ import annotations

import json
from pathlib import Path


def _figure(m) -> dict:  # noqa: ANN001 - a reportgen Metric
    return {
        "indicator_zh": m.indicator.zh, "indicator_en": m.indicator.en, "value": m.value, "unit": m.unit,
        "qualifier": m.qualifier, "change_direction": m.change.direction if m.change else None,
        "change_basis": m.change.basis if m.change else None, "from_value": m.from_value,
        "region_zh": m.region.zh if m.region else None, "region_en": m.region.en if m.region else None,
        "period": m.period, "quote": m.evidence.quote,
    }


def write_scripts(paths: list[Path], folder: Path, copies: int = 1) -> list[Path]:
    """Copy each article (``copies`` distinct variants) into ``folder`` with a scripted answer; return the copies."""
    import reportgen

    articles, answers = folder / "articles", folder / "answers"
    articles.mkdir(parents=True, exist_ok=True)
    answers.mkdir(parents=True, exist_ok=True)
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for k in range(copies):
            variant = text if k == 0 else f"{text}\n（第{k}份）\n"  # distinct text, so neither cache nor id is shared
            name = f"{path.stem}-{k}.txt"
            (articles / name).write_text(variant, encoding="utf-8")
            report = reportgen.summarize_text(variant)
            answer = {
                "title_en": report.source.title_en or "Untitled",
                "region_zh": report.region.zh if report.region else None,
                "region_en": report.region.en if report.region else None,
                "period": report.period.label if report.period else None,
                "summary_zh": report.summary.zh,
                "summary_en": report.summary.en,
                "key_points": [
                    {"en": kp.en, "zh": kp.zh, "figure_values": [report.metrics[i].value for i in kp.metric_ids]}
                    for kp in report.key_points
                ],
                "figures": [_figure(m) for m in report.metrics],
            }
            reduce = {
                k2: answer[k2]
                for k2 in ("title_en", "region_zh", "region_en", "period", "summary_zh", "summary_en", "key_points")
            }
            (answers / f"{Path(name).stem}.json").write_text(
                json.dumps(
                    {"article": name, "extract": [answer], "reduce": reduce, "filter_by_part": True}, ensure_ascii=False
                ),
                encoding="utf-8",
            )
            out.append(articles / name)
    return out
