"""A level quoted for comparison (较去年同期的233件, 较上年同期的61人, 去年同期为318起, 较上月的70人, a table
column headed 去年同期) is the earlier period's: the offline engine gives that metric the earlier period, so
a briefing never prints it as a current value."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen import ingest
from reportgen.engines.offline.figures import find_figures
from reportgen.models import Bilingual, MetricDraft, Period
from reportgen.zh.period_labels import earlier_label

COUNTY = Bilingual(zh="某县", en="Mou County")


def _figures(text: str, period: str, published: dt.date | None = None) -> list[MetricDraft]:
    doc = ingest.from_text(text)
    doc.published = published
    return find_figures(doc, COUNTY, Period(label=period))


def _one(figures: list[MetricDraft], value: float, change: bool = False) -> MetricDraft:
    found = [f for f in figures if f.value == value and (f.change is not None) == change]
    assert len(found) >= 1, [(f.value, f.quote) for f in figures]
    return found[0]


@pytest.mark.parametrize(("label", "months", "expected"), [
    ("2026-03", 12, "2025-03"), ("2026-01", 1, "2025-12"), ("2025-Q1", 3, "2024-Q4"),
    ("2025-01/2025-09", 12, "2024-01/2024-09"), ("2025-H1", 12, "2024-H1"), ("2025", 12, "2024"),
    ("2025", 1, None), ("2025-Q3", 1, None), ("2025-05", 3, None),
])
def test_earlier_labels_keep_the_label_grammar(label, months, expected) -> None:
    assert earlier_label(label, months) == expected


def test_last_years_level_quoted_for_comparison_is_last_years() -> None:
    text = ("县公安局通报4月治安情况\n"
            "本月全县发生盗窃案件205件，较去年同期的233件减少28件；抓获嫌疑人94人，较上年同期的61人明显增加。"
            "电诈案件47起，去年同期为58起。\n")
    figures = _figures(text, "2025-04", dt.date(2025, 5, 8))
    assert _one(figures, 205).period == "2025-04"
    assert _one(figures, 233).period == "2024-04"
    assert _one(figures, 28, change=True).period == "2025-04"  # the change is this month's
    assert _one(figures, 58).period == "2024-04"
    assert _one(figures, 47).period == "2025-04"


def test_last_months_and_last_quarters_levels() -> None:
    text = "本月接报警情1,980起，较上月的2,140起减少160起；抓获嫌疑人77人；上月为69人。\n"
    figures = _figures(text, "2025-06", dt.date(2025, 7, 3))
    assert _one(figures, 2140).period == "2025-05"
    assert _one(figures, 69).period == "2025-05"
    assert "抓获嫌疑人" in _one(figures, 69).indicator_zh  # a level of what the sentence before counted
    assert _one(figures, 1980).period == "2025-06"
    assert _one(figures, 160, change=True).period == "2025-06"
    text = "本季共查处违法行为6,420宗，较上季度的5,870宗增加550宗。\n"
    figures = _figures(text, "2025-Q3", dt.date(2025, 10, 15))
    assert _one(figures, 5870).period == "2025-Q2"


def test_a_multiple_or_a_share_of_last_year_is_this_years_figure() -> None:
    text = "全年破获案件数是上年的1.7倍，追赃金额为去年同期的135%。\n"
    figures = _figures(text, "2024", dt.date(2025, 1, 20))
    assert {f.period for f in figures} <= {"2024"}


def test_last_year_in_a_review_published_the_year_after_is_the_reports_year() -> None:
    text = "回顾去年工作。青少年犯罪方面，去年有36名青少年被捕。\n"
    figures = _figures(text, "2024", dt.date(2025, 2, 10))
    assert _one(figures, 36).period == "2024"


def test_a_table_column_headed_last_year_is_last_years() -> None:
    text = ("6月主要指标\n"
            "指标／本月／去年同期／增减\n"
            "盗窃案件／132件／150件／-12.0%\n"
            "诈骗案件／88件／97件／-9.3%\n")
    figures = _figures(text, "2025-06", dt.date(2025, 7, 6))
    assert _one(figures, 150).period == "2024-06"
    assert _one(figures, 97).period == "2024-06"
    assert _one(figures, 132).period == "2025-06"


def test_bracketed_figures_noted_as_last_years_are_last_years() -> None:
    text = ("主要案件如下（括號內為去年同期數字）：\n"
            "盜竊：366宗（402宗）\n"
            "搶劫：5宗（8宗）\n"
            "\n"
            "另外，首季共拘捕1,120人。\n")
    figures = _figures(text, "2025-Q1", dt.date(2025, 4, 30))
    assert _one(figures, 402).period == "2024-Q1"
    assert _one(figures, 8).period == "2024-Q1"
    assert _one(figures, 366).period == "2025-Q1"
    assert _one(figures, 1120).period == "2025-Q1"


def test_a_briefing_prints_the_earlier_period_beside_the_earlier_level() -> None:
    from reportgen import pipeline
    from reportgen.config import Settings
    from reportgen.output import briefing, collect
    from reportgen.output.render import briefing_html, briefing_markdown

    text = ("某县公安局通报2025年4月治安情况\n"
            "2025年4月，全县发生盗窃案件205件，较去年同期的233件减少28件；抓获嫌疑人94人。\n")
    report = pipeline.build_report(ingest.from_text(text), Settings(engine="offline"))
    assert {m.value: m.period for m in report.metrics}[233] == "2024-04"
    b = briefing.build_briefing(collect.Collected(reports=[report]))
    markdown = briefing_markdown(b)
    line = next(line for line in markdown.splitlines() if "**233 cases**" in line)
    assert "(April 2024)" in line
    current = next(line for line in markdown.splitlines() if "**205 cases**" in line)
    assert "2024" not in current
    assert "(April 2024)" in briefing_html(b)
