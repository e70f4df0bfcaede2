"""Periods read however the text writes its years, relative years from the publication date, and where a
paragraph narrows (or brings back) the period of the figures that follow."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.zh.period_labels import simplest_label
from reportgen.zh.period_narrowing import narrowing_periods
from reportgen.zh.periods import context_year, find_periods, normalise_digits, years_in


def test_normalise_digits_keeps_the_length() -> None:
    for text in ("２０２５年１月２４日", "二〇二四年全年", "一九七一年有记录以来", "二○二三年的88,252宗"):
        out = normalise_digits(text)
        assert len(out) == len(text)
    assert normalise_digits("２０２５年１月２４日") == "2025年1月24日"
    assert normalise_digits("二〇二四年整体罪案") == "2024年整体罪案"
    assert normalise_digits("二○二三年") == "2023年"
    assert normalise_digits("一二三四五") == "一二三四五"  # not a year: no 年 after it
    assert normalise_digits("三十二年") == "三十二年"  # a count of years, not a year


@pytest.mark.parametrize(("text", "ref", "roc", "labels"), [
    ("二〇二四年全年罪案情况", 2025, False, ["2024"]),
    ("２０２４年上半年，全市", 2025, False, ["2024-H1"]),
    ("二〇二四年一至九月", None, False, ["2024-01/2024-09"]),
    ("本（113）年1至9月治安统计", 2024, True, ["2024-01/2024-09"]),
    ("113年全年刑案", None, True, ["2024"]),
    ("113年全年刑案", None, False, []),  # outside Taiwanese text 113年 is not a year
    ("较去（112）年同期减少", 2024, True, []),  # a comparison
    ("较2023年下降约21%", 2024, False, []),
    ("为一九七一年有记录以来第二低", 2025, False, []),  # a record since 1971 is not a period
    ("十二月份，全市", 2024, False, []),  # a month alone is too weak for the report's period
])
def test_find_periods_reads_every_way_of_writing_years(text, ref, roc, labels) -> None:
    assert [m.label for m in find_periods(text, ref, roc=roc)] == labels


def test_since_a_month_runs_to_the_month_of_publication() -> None:
    june = find_periods("今年6月以来，全市开展", 2025, published=dt.date(2025, 6, 25))
    assert [(m.label, m.kind) for m in june] == [("2025-06", "month")]
    later = find_periods("今年6月以来，全市开展", 2025, published=dt.date(2025, 9, 10))
    assert [(m.label, m.first, m.last) for m in later] == [
        ("2025-06/2025-09", dt.date(2025, 6, 1), dt.date(2025, 9, 30))]


def test_so_far_this_year_is_marked_for_the_report_to_weigh() -> None:
    mentions = find_periods("今年以来，全市破获案件", 2024, published=dt.date(2024, 11, 5))
    assert [(m.label, m.kind) for m in mentions] == [("2024", "ytd")]


def test_a_year_named_without_being_a_period_still_dates_what_follows() -> None:
    # 去年还推出…: not a period itself, but the 全年 after it is last year's
    labels = [m.label for m in find_periods("警方去年还推出积分制，该市全年抓获逃犯143名", 2024)]
    assert labels == ["2023"]


def test_years_in_all_scripts_and_roc() -> None:
    assert sorted(years_in("二〇二四年与２０２３年和2022年")) == [2022, 2023, 2024]
    assert sorted(years_in("本（113）年与去（112）年", roc=True)) == [2023, 2024]
    assert years_in("本（113）年") == []
    assert context_year("113年治安统计，113年1至9月", roc=True) == 2024


# --- figure level -----------------------------------------------------------------------------------------


def _marks(text: str, report_year: int | None, published: dt.date | None, **kw) -> list[tuple[str, str | None]]:
    return [(text[s:s + 4], label) for s, label in narrowing_periods(text, report_year=report_year,
                                                                   published=published, **kw)]


def test_relative_years_come_from_the_publication_date() -> None:
    # an article of June 2025 reporting 2024: 今年 is 2025, and the months after it inherit 2025
    text = "去年全市破案300起。今年以来，警方延续高压态势，1至5月全市破获毒品刑事案件118起。"
    assert _marks(text, 2024, dt.date(2025, 6, 25)) == [("去年全市", "2024"), ("今年以来", "2025"),
                                                        ("1至5月", "2025-01/2025-05")]
    assert _marks("今年6月以来，全市组织开展活动2300场", 2024, dt.date(2025, 6, 25)) == [("今年6月", "2025-06")]


def test_whole_year_resets_a_narrowed_month() -> None:
    text = "11月，融安县公安局打掉一个团伙。全年研判推送线索214条。"
    assert _marks(text, 2024, dt.date(2025, 6, 25)) == [("11月，", "2024-11"), ("全年研判", "2024")]
    # 全年 of a year not over at publication is the report's own span (None: back to the report)
    text = "1至11月，全市破获电诈案件2146起。全年累计发出预警指令8.9万条。"
    assert _marks(text, 2024, dt.date(2024, 12, 6)) == [("1至11", "2024-01/2024-11"), ("全年累计", None)]


def test_paragraph_year_and_new_paragraph() -> None:
    text = "2023年，全市抓获逃犯612名；上半年抓获300名。\n上半年，全市破案500起。"
    assert _marks(text, 2024, dt.date(2024, 5, 21)) == [("2023", "2023"), ("上半年抓", "2023-H1"),
                                                        ("上半年，", "2024-H1")]


def test_dates_and_months_without_a_year() -> None:
    published = dt.date(2025, 6, 25)
    # a date: the last one before publication
    assert _marks("6月24日，民警为学生讲解", 2024, published) == [("6月24", "2025-06")]
    assert _marks("12月份仅接报涉毒警情19起", 2024, published) == [("12月份", "2024-12")]
    # a month still to come at publication is last year's
    assert _marks("11月，全市开展专项行动", 2025, dt.date(2025, 6, 25)) == [("11月，", "2024-11")]
    assert _marks("截至10月底，全市机动车保有量", 2024, dt.date(2024, 11, 5)) == [("10月底", "2024-01/2024-10")]


def test_comparisons_events_and_records_are_not_periods() -> None:
    assert _marks("侦破2007年发生的抢劫案3起", 2024, None) == []
    assert _marks("比上年下降3.2个百分点", 2024, dt.date(2025, 6, 25)) == []
    assert _marks("到2025年实现目标", 2024, None) == []
    assert _marks("一季度火灾起数占全年的31.5%", 2024, None) == [("一季度火", "2024-Q1")]


def test_about_a_month_and_the_month_of_names_a_period() -> None:
    labels = lambda text: [pm.label for pm in find_periods(text, 2024)]  # noqa: E731
    assert labels("关于2024年3月全市治安形势的通报") == ["2024-03"]  # 关于 "about", not 高于 "higher than"
    assert labels("发案率略高于2023年水平") == []


def test_the_figure_a_comparison_quotes_is_the_earlier_periods() -> None:
    text = "本（113）年1至9月全般刑案发生2万1,836件，较去（112）年同期2万3,183件减少1,347件"
    marks = narrowing_periods(text, report_year=2024, published=dt.date(2024, 10, 18), roc=True)
    at = {text[s:s + 2]: label for s, label in marks}
    assert marks[0][1] == "2024-01/2024-09"
    assert at["2万"] == "2023-01/2023-09"  # 较去年同期2万3,183件
    assert marks[-1][1] == "2024-01/2024-09" and text[marks[-1][0]:].startswith("件减少")  # right after it
    text = "整体罪案共录得90,276宗，较2023年的88,252宗上升2.3%"
    marks = narrowing_periods(normalise_digits(text), report_year=2024, published=dt.date(2025, 1, 24))
    assert [(text[s:s + 6], label) for s, label in marks] == [("88,252", "2023"), ("宗上升2.3", None)]


def test_so_far_this_year_in_january_means_the_year_reviewed() -> None:
    text = "该县今年以来平均出警时间不到8分钟"
    assert _marks(text, 2023, dt.date(2024, 1, 22)) == [("今年以来", None)]
    assert _marks(text, 2023, dt.date(2024, 9, 22)) == [("今年以来", "2024")]


def test_furniture_is_skipped() -> None:
    text = "发布时间：2023年5月\n上半年，全市破案500起"
    marks = narrowing_periods(text, report_year=2024, published=None, skip=lambda pos: pos < 12)
    assert [label for _, label in marks] == ["2024-H1"]


@pytest.mark.parametrize(("label", "simple"), [
    ("2024-01/2024-06", "2024-H1"), ("2024-01/2024-12", "2024"), ("2024-07/2024-09", "2024-Q3"),
    ("2024-01/2024-05", "2024-01/2024-05"), ("2024-06/2024-06", "2024-06"), ("2023-11/2024-02", "2023-11/2024-02"),
    (None, None),
])
def test_simplest_label(label, simple) -> None:
    assert simplest_label(label) == simple
