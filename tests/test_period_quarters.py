"""Quarters and first-N-months as Hong Kong, Macao and Taiwan (and mainland) reports write them: 第二季,
第2季, 首季, 次季, 本季, 首8個月, 前8个月, 头两个月; the project's labels (2025-Q3, 2025-01/2025-08)."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen import ingest
from reportgen.engines.offline.context import infer_period
from reportgen.models import Bilingual, Period
from reportgen.zh.period_narrowing import narrowing_periods
from reportgen.zh.periods import find_periods
from reportgen.zh.scope import Scope
from reportgen.zh.script import to_simplified


@pytest.mark.parametrize(("text", "label"), [
    ("2024年首7個月旅客累計", "2024-01/2024-07"),
    ("今年前8个月，全市", "2025-01/2025-08"),
    ("今年头两个月，全县", "2025-01/2025-02"),
    ("首六個月共錄得罪案", "2025-01/2025-06"),
    ("二○二四年第三季執法數字", "2024-Q3"),
    ("今年第2季詐欺案件", "2025-Q2"),
    ("本年首季罪案統計", "2025-Q1"),
    ("二〇二三年次季旅客消費", "2023-Q2"),
    ("第四季度全区接报警情", "2025-Q4"),
])
def test_quarters_and_first_months_get_the_projects_labels(text, label) -> None:
    found = find_periods(to_simplified(text), 2025)
    assert [pm.label for pm in found][:1] == [label]


def test_words_that_only_look_like_quarters_are_not_periods() -> None:
    assert find_periods("按季上升2.1%", 2025) == []
    assert find_periods("四季如春的旅游城市", 2025) == []
    assert find_periods("本季节犯罪高发", 2025, published=dt.date(2025, 8, 1)) == []


def test_this_quarter_is_the_headlines_else_the_publications() -> None:
    assert [pm.label for pm in find_periods("本季共偵破案件", 2025, this_quarter="2025-Q3",
                                            published=dt.date(2025, 10, 20))] == ["2025-Q3"]
    assert [pm.label for pm in find_periods("本季共偵破案件", 2025, published=dt.date(2025, 5, 6))] == ["2025-Q2"]


def _at(text: str, published: dt.date, report: str, figure: str) -> str | None:
    doc = ingest.from_text(text)
    doc.published = published
    return Scope(doc, Bilingual(zh="澳門", en="Macao"), Period(label=report)).at(text.index(figure))[2]


def test_a_quarter_inside_a_monthly_bulletin_is_that_quarter() -> None:
    text = ("2025年7月入境旅客共320萬人次。\n"
            "另外，第二季旅客總消費為198.2億澳門元，按年上升1.9%。\n"
            "7月份酒店入住率為88.4%。")
    published = dt.date(2025, 8, 21)
    assert _at(text, published, "2025-07", "198.2") == "2025-Q2"
    assert _at(text, published, "2025-07", "1.9%") == "2025-Q2"
    assert _at(text, published, "2025-07", "88.4") == "2025-07"


def test_this_month_after_a_quarter_returns_to_the_reports_month() -> None:
    text = "今年第1季，全縣詐欺財損累計新臺幣2.7億元。本月攔阻臨櫃匯款41件。"
    published = dt.date(2025, 4, 9)
    assert _at(text, published, "2025-03", "2.7億") == "2025-Q1"
    assert _at(text, published, "2025-03", "41件") == "2025-03"


def test_the_year_so_far_as_of_a_month_end_keeps_that_span_in_a_quarterly_report() -> None:
    text = "本季抽查旅客約70萬人次。截至九月底，本港各口岸今年累計錄得1.9億人次出入境。"
    published = dt.date(2025, 10, 20)
    assert _at(text, published, "2025-Q3", "70萬") == "2025-Q3"
    assert _at(text, published, "2025-Q3", "1.9億") == "2025-01/2025-09"


def test_a_quarterly_press_release_is_that_quarter_and_this_quarter_follows_its_headline() -> None:
    text = ("新聞公報\n"
            "海關公布二○二四年第四季執法數字\n"
            "　　香港海關今日（一月二十二日）公布上季的執法數字。本季海關共偵破各類案件3 910宗，按年上升4.4%；"
            "拘捕1 802人，按年增加7.0%。本季檢獲私煙約1.2億支。\n"
            "2025年1月22日（星期三）\n")
    doc = ingest.from_text(text)
    period = infer_period(doc)
    assert period is not None and period.label == "2024-Q4"
    assert (period.start, period.end) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    marks = narrowing_periods(doc.simplified, report_year=2024, published=dt.date(2025, 1, 22),
                              report_label=period.label)
    this_quarter = [label for at, label in marks if doc.simplified.startswith("本季", at)]
    assert this_quarter == [None, None]  # the report's own quarter (2024-Q4), not the publication's 2025-Q1
