"""A Hong Kong-style page of figures by district: the report is about the territory, each figure about
its district, a count whose clause names only its district counts what the one before counted, and a
connective (但) is no indicator. Sentences written for these tests."""

from __future__ import annotations

from reportgen import summarize_text

PAGE = ("警方公布首季罪案數字　沙田區升一成　深水埗區跌兩成\n\n"
        "全港首季共錄得21,406宗罪案。新界方面，沙田區錄得1,502宗罪案，按年上升10.4%；大埔區錄得688宗，按年下跌3.1%。"
        "深水埗區錄得1,120宗罪案，但按年下跌19.6%。\n")


def test_a_headline_naming_several_districts_is_about_the_territory() -> None:
    report = summarize_text(PAGE)
    assert report.region is not None and report.region.en == "Hong Kong"


def test_each_district_figure_keeps_its_district_and_what_it_counts() -> None:
    report = summarize_text(PAGE)
    by_value = {m.value: m for m in report.metrics}
    assert by_value[688].region is not None and by_value[688].region.en == "Tai Po District"
    assert by_value[688].indicator.en == by_value[1502].indicator.en == "crimes"
    assert by_value[1502].region is not None and by_value[1502].region.en == "Sha Tin District"
    fall = by_value[19.6]
    assert fall.region is not None and fall.region.en == "Sham Shui Po District"
    assert fall.indicator.en == "crimes" and "but" not in fall.indicator.en


def test_a_headline_with_a_city_and_its_district_keeps_the_district() -> None:
    report = summarize_text("广州市天河区上半年治安形势通报\n\n上半年，天河区共立刑事案件2,310起，同比下降8.2%。\n")
    assert report.region is not None and report.region.en == "Tianhe District"
