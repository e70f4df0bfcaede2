"""Region and period agreement of the offline engine with annotations, over the figures it matched.

`reportgen eval` scores values, quotes and directions; this reads what it leaves out: is each matched
figure given the annotated place (region_zh) and period? Predicted is the metric's own, else the report's;
annotated the metric's own, else the file's. Place names compare script-normalised and without a generic
suffix (香港特别行政区 = 香港); periods in their simplest label.

    .venv/bin/python scripts/eval_scope_agreement.py tests/fixtures/blind6 tests/fixtures/blind7 [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportgen.config import Settings
from reportgen.evaluation.gold import annotated_articles, figure_groups, load_gold
from reportgen.evaluation.matching import match_metrics, occurrences
from reportgen.pipeline import build_report, load
from reportgen.zh.period_labels import simplest_label
from reportgen.zh.script import to_simplified

_SUFFIXES = ("特别行政区", "市", "县", "区", "省", "州")


def same_place(a: str | None, b: str | None) -> bool:
    x, y = to_simplified(a or ""), to_simplified(b or "")
    if x == y:
        return True
    for suffix in _SUFFIXES:
        x2 = x[:-len(suffix)] if x.endswith(suffix) and len(x) > len(suffix) + 1 else x
        y2 = y[:-len(suffix)] if y.endswith(suffix) and len(y) > len(suffix) + 1 else y
        if x2 == y2:
            return True
    return False


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    total = {"n": 0, "region": 0, "period": 0}
    for target in [a for a in argv if a != "-v"]:
        sub = {"n": 0, "region": 0, "period": 0}
        for article, gold_path in annotated_articles(Path(target)):
            raw = json.loads(gold_path.read_text(encoding="utf-8"))
            gold = load_gold(gold_path)
            doc = load(article)
            report = build_report(doc, Settings(engine="offline"))
            spans = [occurrences(doc, g.evidence) for g in gold.metrics]
            groups = figure_groups(gold.metrics)
            firsts = [gold.metrics[g[0]] for g in groups]
            raws = [raw["metrics"][g[0]] for g in groups]
            group_spans = [sorted(sp for i in g for sp in spans[i]) for g in groups]
            for gi, pi in match_metrics(firsts, group_spans, report.metrics):
                annotated, metric = raws[gi], report.metrics[pi]
                want_region = annotated.get("region_zh") or raw.get("region_zh")
                want_period = annotated.get("period") or raw.get("period")
                region = metric.region.zh if metric.region else (report.region.zh if report.region else None)
                period = metric.period or (report.period.label if report.period else None)
                region_ok = same_place(want_region, region) if want_region else True
                period_ok = simplest_label(want_period) == simplest_label(period) if want_period else True
                sub["n"] += 1
                sub["region"] += region_ok
                sub["period"] += period_ok
                if verbose and not (region_ok and period_ok):
                    print(f"  {article.name}: annotated ({want_region}, {want_period}) "
                          f"given ({region}, {period}) 「{metric.evidence.quote[:40]}」")
        n = max(1, sub["n"])
        print(f"{target}: {sub['n']} matched, region {sub['region'] / n:.3f}, period {sub['period'] / n:.3f}")
        for key in total:
            total[key] += sub[key]
    n = max(1, total["n"])
    print(f"TOTAL: {total['n']} matched, region {total['region'] / n:.3f}, period {total['period'] / n:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
