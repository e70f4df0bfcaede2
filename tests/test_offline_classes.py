"""Issue #17: the offline engine on the constructs real bulletins and work reports use — ranks written as
words and in labelled lists, ranges, a basis named once for a paragraph, restated figures, and no
conflict anomaly between the items of a bulletin. Sentences written for these tests."""

from __future__ import annotations

from reportgen import ingest
from reportgen.engines.offline.figures import find_figures
from reportgen.models import MetricDraft
from reportgen.pipeline import summarize
from reportgen.verify.grounding import check_direction, check_value


def drafts_of(text: str) -> list[MetricDraft]:
    doc = ingest.from_text(text)
    out = find_figures(doc)
    for d in out:  # every figure points into the text and passes grounding's checks
        assert d.start is not None and d.end is not None and doc.text[d.start:d.end] == d.quote
        analysed = doc.simplified[d.start:d.end]
        assert check_value(d, analysed) is None, d
        assert check_direction(d.change, analysed) is None, d
    return out


def by_value(drafts: list[MetricDraft], value: float) -> list[MetricDraft]:
    return [d for d in drafts if d.value == value]


# ranks ------------------------------------------------------------------------------------


def test_a_ranking_verb_governs_every_labelled_rank_of_its_list() -> None:
    drafts = drafts_of("该市在全省文明城市测评中位列营商环境指数第2、群众安全感第9、法治建设第11。")
    ranks = sorted(d.value for d in drafts if d.unit == "rank")
    assert ranks == [2, 9, 11]


def test_top_of_a_list_is_rank_one() -> None:
    drafts = drafts_of("今年我区再次荣登省级平安区县综合考评榜首。")
    (top,) = drafts
    assert top.value == 1 and top.unit == "rank" and "榜首" in top.quote


def test_joining_the_top_n_is_a_rank() -> None:
    drafts = drafts_of("全镇旅游收入首次跻身全市乡镇20强。")
    assert [(d.value, d.unit) for d in drafts] == [(20, "rank")]


def test_a_top_n_list_name_is_no_rank() -> None:
    """百强县 names a list; the ranks are the numbers given inside it."""
    drafts = drafts_of("位居全国百强县科技投入第8。")
    assert [(d.value, d.unit) for d in drafts] == [(8, "rank")]


# ranges -----------------------------------------------------------------------------------


def test_a_range_gives_both_ends_with_the_shared_unit() -> None:
    drafts = drafts_of("涉案人员分别被判处有期徒刑18至40个月，全市计划新建600至800个充电桩。")
    assert {(d.value, d.unit) for d in drafts} >= {(18, "months"), (40, "months")}
    assert by_value(drafts, 600) and by_value(drafts, 800)
    assert by_value(drafts, 600)[0].unit == by_value(drafts, 800)[0].unit


def test_a_change_then_the_level_it_reached_is_no_range() -> None:
    drafts = drafts_of("全市命案破案率提高2.5个百分点至98.5%。")
    (rate,) = by_value(drafts, 2.5)
    assert rate.change is not None and rate.change.direction == "up" and rate.unit == "percentage points"
    assert all(not (d.value == 98.5 and d.change is not None and d.unit == "percentage points") for d in drafts)


def test_a_range_of_tenths_keeps_its_change() -> None:
    drafts = drafts_of("重点行业从业人员的违规率下降二至四成。")
    (upper,) = by_value(drafts, 40)
    assert upper.change is not None and upper.change.direction == "down"


# a basis named once ------------------------------------------------------------------------


def test_a_basis_note_carries_to_the_changes_after_it() -> None:
    drafts = drafts_of("前三季度，全区财政收入环比(下同)增长2.2%，税收收入增长3.4%，非税收入下降1.5%。"
                       "\n全年工业用电量增长5.5%。")
    for value in (2.2, 3.4, 1.5):
        (d,) = by_value(drafts, value)
        assert d.change is not None and d.change.basis == "period_on_period", d
    (later,) = by_value(drafts, 5.5)  # a new paragraph: the note no longer holds
    assert later.change is not None and later.change.basis == "unspecified"
    (first,) = by_value(drafts, 2.2)
    assert "财政收入" in first.indicator_zh


def test_a_change_with_its_own_comparison_keeps_it() -> None:
    drafts = drafts_of("全县用电量同比（下同）增长6.1%，较上月增长0.7%。")
    (own,) = by_value(drafts, 0.7)
    assert own.change is not None and own.change.basis == "unspecified"


# restatements -------------------------------------------------------------------------------


def test_a_figure_restated_in_other_words_is_one_metric_with_its_repeats() -> None:
    text = ("警方今年共查处无证驾驶案件1387宗。\n"
            "据悉，交警部门在专项整治中一共查处了1387宗无证驾驶案件，较往年明显增多。\n")
    report = summarize(text, engine="offline")
    hits = [m for m in report.metrics if m.value == 1387]
    assert len(hits) == 1
    (again,) = hits[0].repeats
    assert text[again.start:again.end] == again.quote and again.start > hits[0].evidence.start


def test_two_different_figures_of_the_same_round_value_stay_two() -> None:
    drafts = drafts_of("今年完成安装监控探头3000个。预计明年再安装监控探头3000个。")
    assert len(by_value(drafts, 3000)) == 2


# bulletins ---------------------------------------------------------------------------------


BULLETIN = (
    "二、分类情况\n"
    "1.盗窃车辆。本月环比上升12.5%，同比下降4.2%。\n"
    "2.盗窃手机。本月环比下降30.1%，同比上升8.8%。\n"
    "3.扒窃。本月环比上升3.3%，同比上升1.9%。\n"
    "（一）城区情况。城区环比下降5.5%。\n"
    "（二）郊区情况。城区环比下降9.9%。\n"
)


def test_no_conflict_between_the_items_of_a_bulletin() -> None:
    report = summarize(BULLETIN, engine="offline")
    assert [a for a in report.anomalies if a.kind == "conflicting_values"] == []
    assert len(report.metrics) == 8


def test_a_real_conflict_under_one_heading_is_still_flagged() -> None:
    text = "一、治安情况\n全市盗窃警情同比下降12%，入室盗窃同比下降3%。全市盗窃警情同比下降21%。\n"
    report = summarize(text, engine="offline")
    assert [a.kind for a in report.anomalies].count("conflicting_values") == 1
