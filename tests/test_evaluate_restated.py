"""GOLD_FORMAT's restatement rule: annotations with the same value, direction, comparison, region and
indicator are one figure, matched by a prediction at any of its statements; a second prediction of it
is an extra."""

from __future__ import annotations

from reportgen import ingest
from reportgen.evaluation import GoldFile, score_article
from reportgen.evaluation.gold import figure_groups

from .test_evaluate import metric, report_of

TEXT = ("交警支队：全年查处酒驾2468起\n"
        "本报讯 全年全市查处酒驾2468起，同比下降6.5%。\n"
        "正文：一年来，全市共查处酒驾2468起，醉驾411起。\n")


def gold(*rows: tuple[str, float, str]) -> GoldFile:
    metrics = [{"evidence": ev, "value": v, "unit": "cases", "indicator_zh": ind, "region_zh": "本市",
                "is_change": False, "change_direction": None, "comparison": None} for ev, v, ind in rows]
    return GoldFile.model_validate({"article": "t.txt", "metrics": metrics})


RESTATED = gold(("全年查处酒驾2468起", 2468, "查处酒驾"), ("全市查处酒驾2468起", 2468, "查处酒驾"),
                ("共查处酒驾2468起", 2468, "查处酒驾"), ("醉驾411起", 411, "查处醉驾"))


def test_restatements_group_into_one_figure() -> None:
    assert figure_groups(RESTATED.metrics) == [[0, 1, 2], [3]]


def test_a_blank_indicator_is_never_merged() -> None:
    blank = gold(("全市查处酒驾2468起", 2468, ""), ("共查处酒驾2468起", 2468, ""))
    assert figure_groups(blank.metrics) == [[0], [1]]


def test_one_prediction_at_any_statement_matches_the_figure() -> None:
    doc = ingest.from_text(TEXT, name="t.txt")
    predicted = [metric(doc, "共查处酒驾2468起", 2468, unit="cases"), metric(doc, "醉驾411起", 411, unit="cases")]
    counts = score_article("t.txt", doc, RESTATED, report_of(doc, predicted)).counts
    assert (counts.gold, counts.predicted, counts.matched) == (2, 2, 2)


def test_a_second_prediction_of_the_same_figure_is_an_extra() -> None:
    doc = ingest.from_text(TEXT, name="t.txt")
    predicted = [metric(doc, "全年查处酒驾2468起", 2468, unit="cases"),
                 metric(doc, "共查处酒驾2468起", 2468, unit="cases", mid=1)]
    result = score_article("t.txt", doc, RESTATED, report_of(doc, predicted))
    assert (result.counts.gold, result.counts.matched) == (2, 1)
    assert len(result.extras) == 1 and len(result.misses) == 1  # the extra, and 醉驾 never predicted


def test_figures_differing_in_region_stay_apart() -> None:
    rows = gold(("全市查处酒驾2468起", 2468, "查处酒驾"), ("共查处酒驾2468起", 2468, "查处酒驾"))
    rows.metrics[1].__pydantic_extra__["region_zh"] = "东区"  # type: ignore[index]  # pydantic's extra dict
    assert figure_groups(rows.metrics) == [[0], [1]]
