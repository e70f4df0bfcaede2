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


def test_time_and_comparison_words_and_the_reporting_body_are_frame() -> None:
    report = summarize_text("海關公布季度執法數字\n\n海關本季共偵破毒品案件152宗。"
                            "抽查陽性率為2.9%，較上一季上升0.4個百分點。首六個月共拘捕涉案青少年73人。\n")
    names = {m.value: m.indicator.zh for m in report.metrics}
    assert names[152] == "偵破毒品案件"
    assert names[0.4] == "抽查陽性率"
    assert "首六個月" not in names[73] and "拘捕" in names[73]


def test_a_count_whose_clause_names_nothing_takes_the_clause_before_it() -> None:
    report = summarize_text("警方年報\n\n按警區劃分，觀塘警區的罪案最多，錄得6,214宗；"
                            "離島警區罪案最少，全年錄得812宗，但按年上升3.3%。\n")
    by_value = {m.value: m for m in report.metrics}
    assert "罪案" in by_value[6214].indicator.zh and "罪案" in by_value[812].indicator.zh
    assert by_value[812].evidence.quote.startswith("離島警區罪案最少")
    assert "罪案" in by_value[3.3].indicator.zh and "按年" not in by_value[3.3].indicator.zh
    assert not any(m.indicator.en[:1].isdigit() for m in report.metrics)


def test_a_period_heading_gives_its_label_and_the_quote_keeps_the_change_words() -> None:
    report = summarize_text("二、分类情况\n1.电信诈骗。本月环比下降14.3%，同比下降6.1%。\n")
    (fall,) = [m for m in report.metrics if m.value == 14.3]
    assert fall.indicator.zh == "电信诈骗" and fall.evidence.quote == "本月环比下降14.3%"


def test_a_share_that_names_only_its_whole_is_the_share_of_what_was_just_counted() -> None:
    report = summarize_text("全年住宅火灾412起，占火灾总数的38.5%；其中农村地区火灾96起。\n")
    (share,) = [m for m in report.metrics if m.value == 38.5]
    assert share.indicator.zh.startswith("住宅火灾") and "share of" in share.indicator.en


def test_a_percent_change_after_a_share_is_the_count_s_and_a_point_change_the_share_s() -> None:
    report = summarize_text("經大橋入境的旅客有41.7萬人次，佔總數18.3%，按年增加12.9%；"
                            "其中網購騙案512宗，佔比36.2%，按年上升2.4個百分點。\n")
    by_value = {m.value: m.indicator.zh for m in report.metrics}
    assert by_value[12.9] == by_value[417_000]
    assert by_value[2.4] == by_value[36.2]


def test_table_cells_and_ratio_terms_take_their_row_or_structure_name() -> None:
    report = summarize_text("項目／本月／去年同期／增減\n詐欺案件／186件／214件／-13.1%\n\n"
                            "全县三次产业结构为9.1∶38.2∶52.7。\n")
    names = {m.value: m.indicator.zh for m in report.metrics}
    assert names[186] == names[214] == names[13.1] == "詐欺案件"
    assert names[38.2] == names[52.7] == names[9.1]
    assert not any(set(m.indicator.en) <= set("／/∶:| 0123456789.%") for m in report.metrics)


def test_same_day_visitors_are_not_a_conjunction() -> None:
    report = summarize_text("澳門統計\n\n留宿旅客人均消費3,108澳門元，不過夜旅客為654澳門元。"
                            "不過，酒店入住率為88.2%。\n")
    names = {m.value: m.indicator.zh for m in report.metrics}
    english = {m.value: m.indicator.en for m in report.metrics}
    assert names[654].startswith("不過夜旅客") and "same-day" in english[654]
    assert names[88.2] == "酒店入住率"


def test_a_taiwan_release_gives_each_citys_figure_its_city() -> None:
    report = summarize_text("警政署公布114年5月詐欺統計\n\n　　內政部警政署今日公布114年5月全國詐欺統計，"
                            "全國受理詐欺案件1萬2,310件，較上月減少4.1%。各縣市受理件數以臺南市1,906件最多，"
                            "其次為新竹縣1,455件、花蓮縣1,120件。\n")
    assert report.region is not None and report.region.en == "Taiwan"
    by_value = {m.value: m for m in report.metrics}
    assert [by_value[v].region.en if by_value[v].region else None for v in (1906, 1455, 1120)] == [
        "Tainan", "Hsinchu County", "Hualien County"]
    assert "最多" not in by_value[1455].indicator.zh  # the runner-up is not the "most"
