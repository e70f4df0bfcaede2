"""A headline restates a body figure rounded, with a qualifier that bounds it (降逾3成 for 33.6%, 升近一成
for 8.7%): one figure, kept at the body statement. Sentences written for these tests."""

from __future__ import annotations

import pytest

from reportgen import summarize_text


@pytest.mark.parametrize(("headline", "body", "value"), [
    ("本月詐騙財損降逾3成", "詐騙財損新臺幣1.2億元，較去年同期減少34.1%。", 34.1),
    ("上半年盜竊案升近兩成", "盜竊案錄得2,418宗，按年上升17.2%。", 17.2),
    ("入室盗窃下降约四成", "全市入室盗窃立案312起，同比下降43.5%。", 43.5),
])
def test_a_rounded_headline_figure_is_the_body_figure(headline: str, body: str, value: float) -> None:
    report = summarize_text(f"{headline}\n\n{body}\n")
    changes = [m for m in report.metrics if m.change is not None]
    assert [m.value for m in changes] == [value]
    assert changes[0].evidence.start > len(headline)


def test_a_headline_figure_outside_its_bound_stays_its_own() -> None:
    report = summarize_text("本月詐騙財損降逾3成\n\n詐騙財損新臺幣1.2億元，較去年同期減少52.0%。\n")
    assert sorted(m.value for m in report.metrics if m.change is not None) == [30, 52.0]
