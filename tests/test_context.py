"""The report's own region and period, and the templated English headline, inferred from the text."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from reportgen import ingest
from reportgen.engines.offline.context import infer_context, lead_span, reference_year
from reportgen.zh.period_labels import period_from_label, period_phrase
from reportgen.zh.periods import find_periods

from .conftest import ARTICLES, sample_articles

_HAN = re.compile(r"[\u3400-\u9fff]")


def _doc(name: str) -> ingest.Document:
    return ingest.from_path(ARTICLES / name)


@pytest.mark.parametrize(("name", "region_zh", "region_en", "label", "start", "end"), [
    # headline names the prefecture by its short form; 今年上半年 + the publication year
    ("ctx_luliang_h1.txt", "吕梁市", "Lüliang", "2021-H1", dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
    # Traditional: the place stays Traditional; 2022年一季度 in the headline
    ("ctx_jiaoling_q1_hant.txt", "蕉嶺縣", "Jiaoling County", "2022-Q1", dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
    # no place in the headline: the lead's; 1至10月 with the publication year; polyphonic 六安
    ("ctx_luan_months_2019.txt", "六安市", "Lu'an", "2019-01/2019-10", dt.date(2019, 1, 1), dt.date(2019, 10, 31)),
    # headline 广东梅州大埔县: the innermost place; 去年 relative to a 2024 date, then 全年 inherits it
    ("ctx_dabu_town_2023.txt", "大埔县", "Dabu County", "2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
])
def test_region_and_period_of_fixtures(name, region_zh, region_en, label, start, end) -> None:
    region, period, _ = infer_context(_doc(name))
    assert region is not None and (region.zh, region.en) == (region_zh, region_en)
    assert period is not None and (period.label, period.start, period.end) == (label, start, end)


def test_no_place_no_period_gives_none() -> None:
    region, period, title = infer_context(_doc("ctx_no_context.txt"))
    assert (region, period, title) == (None, None, None)


def test_title_en_is_templated_from_facts() -> None:
    _, _, title = infer_context(_doc("ctx_luliang_h1.txt"))
    assert title == "Lüliang public security in the first half of 2021"
    _, _, title = infer_context(_doc("ctx_luan_months_2019.txt"))
    assert title == "Lu'an anti-fraud work in January to October 2019"  # topic from the body's keywords
    _, _, title = infer_context(_doc("ctx_jiaoling_q1_hant.txt"))
    assert title is not None and not _HAN.search(title)


def test_taiwan_years_of_the_republic() -> None:
    doc = ingest.from_text("臺中市政府警察局公布113年治安統計\n"
                           "臺中市113年全年刑案發生數為28615件，較去年同期減少5.3%。")
    region, period, _ = infer_context(doc)
    assert region is not None and region.en == "Taichung"
    assert period is not None and period.label == "2024"


def test_undated_article_takes_the_year_it_names() -> None:
    doc = ingest.from_text("某地公安通报上半年工作\n今年上半年，全市深入开展“净网2022”专项行动，刑事警情同比下降8.1%。")
    assert doc.published is None
    assert reference_year(doc) == 2022
    _, period, _ = infer_context(doc)
    assert period is not None and period.label == "2022-H1"


def test_year_count_beats_a_passing_month() -> None:
    text = ("佛山市南海区2023年平安建设综述\n2023年，南海区刑事警情同比下降12%。2023年8月，南海警方打掉一个团伙。"
            "2023年，全区破获案件1200宗，抓获嫌疑人800名。")
    _, period, _ = infer_context(ingest.from_text(text))
    assert period is not None and period.label == "2023"


def test_lead_skips_headline_and_captions() -> None:
    doc = _doc("ctx_luliang_h1.txt")
    span = lead_span(doc)
    assert span is not None and doc.text[span[0]:span[1]].startswith("今年上半年")


@pytest.mark.parametrize(("text", "ref", "labels"), [
    ("今年上半年，全市刑事警情下降", 2020, ["2020-H1"]),
    ("2023年1至10月，破案", None, ["2023-01/2023-10"]),
    ("1-10月份全市", 2019, ["2019-01/2019-10"]),
    ("一季度同比", 2023, ["2023-Q1"]),
    ("第三季度", 2023, ["2023-Q3"]),
    ("前三季度", 2024, ["2024-01/2024-09"]),
    ("前10个月", 2019, ["2019-01/2019-10"]),
    ("2023年8月，打掉团伙", None, ["2023-08"]),
    ("2023年以来", None, ["2023"]),
    ("去年，全县破案", 2024, ["2023"]),
    ("较去年同期下降", 2024, []),  # a comparison, not a period
    ("今年4月9日发生案件", 2020, []),  # a date is a point in time
    ("到2025年实现目标", None, []),  # a target
    ("2023年底前完成", None, []),  # a moment
    ("四季平安", 2023, []),
    ("上半年", None, []),  # no year known: no period
])
def test_find_periods(text: str, ref: int | None, labels: list[str]) -> None:
    assert [m.label for m in find_periods(text, ref)] == labels


def test_mentions_without_a_year_inherit_the_last_named_one() -> None:
    labels = [m.label for m in find_periods("2021年上半年数据；上半年刑事警情下降；一季度破案上升", 2024)]
    assert labels == ["2021-H1", "2021-H1", "2021-Q1"]


@pytest.mark.parametrize(("label", "phrase"), [
    ("2020-H1", "the first half of 2020"),
    ("2023-H2", "the second half of 2023"),
    ("2023", "2023"),
    ("2023-Q1", "the first quarter of 2023"),
    ("2019-01/2019-10", "January to October 2019"),
    ("2023-08", "August 2023"),
    ("2022-11/2023-02", "November 2022 to February 2023"),
    ("2021/2023", "2021 to 2023"),
    ("soon", ""),
])
def test_period_phrase(label: str, phrase: str) -> None:
    assert period_phrase(label) == phrase


def test_period_from_label() -> None:
    assert period_from_label("2020-H1") == (dt.date(2020, 1, 1), dt.date(2020, 6, 30))
    assert period_from_label("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period_from_label("2019-01/2019-10") == (dt.date(2019, 1, 1), dt.date(2019, 10, 31))
    assert period_from_label("nonsense") is None


@pytest.mark.parametrize("article", sample_articles(), ids=lambda p: p.stem)
def test_samples_match_their_annotation(article) -> None:
    gold = json.loads(article.with_suffix(".json").read_text(encoding="utf-8"))
    region, period, title = infer_context(ingest.from_path(article))
    assert region is not None and (region.zh, region.en) == (gold["region_zh"], gold["region_en"])
    assert period is not None and period.label == gold["period"]
    assert title is not None and gold["region_en"] in title and not _HAN.search(title)


# --- dates and years as Hong Kong, Taiwan and mainland pages write them ---------------------------------------


def test_hong_kong_release_with_full_width_dateline_and_chinese_numeral_years() -> None:
    text = ("新聞公報\n二〇二四年交通意外情況\n\n"
            "　　運輸署今日公布二〇二四年全年交通意外數字。二〇二四年共錄得交通意外15,820宗，較二〇二三年的16,004宗"
            "下跌1.1%；死亡人數為97人。上半年錄得7,600宗。\n\n"
            "　　運輸署表示，二〇二五年將繼續加強宣傳。\n\n完\n\n"
            "２０２５年１月２０日（星期一）\n香港時間１６時００分\n")
    doc = ingest.from_text(text)
    assert doc.published == dt.date(2025, 1, 20)
    _, period, _ = infer_context(doc)
    assert period is not None and period.label == "2024"


def test_taiwan_release_dated_in_years_of_the_republic() -> None:
    text = ("高雄市政府警察局全球資訊網 > 新聞稿\n"
            "高市警公布今年1至6月治安統計\n"
            "發布單位：刑事警察大隊　發布日期：113-07-15　點閱次數：1,024\n\n"
            "高雄市政府警察局今（15）日公布本（113）年1至6月治安統計資料。本市全般刑案發生1萬2,345件，"
            "較去（112）年同期1萬3,001件減少656件；破獲率為95.2%。詐欺案件受理3,210件，較去年同期增加2.1%。\n")
    doc = ingest.from_text(text)
    assert doc.published == dt.date(2024, 7, 15)
    assert reference_year(doc) == 2024
    _, period, _ = infer_context(doc)
    assert period is not None and period.label == "2024-01/2024-06"


def test_undated_taiwan_text_takes_its_republic_years() -> None:
    doc = ingest.from_text("臺南市警察局113年治安簡報\n"
                           "臺南市113年全般刑案發生數較去年同期下降，113年上半年破獲率達96%。")
    assert doc.published is None
    assert reference_year(doc) == 2024


def test_a_national_taiwan_release_naming_no_place_still_counts_republic_years() -> None:
    doc = ingest.from_text("114年4月毒品查緝成果　查獲量較上月增加\n"
                           "　　全國本月查獲各級毒品共1,204公斤，較上月增加8.2%；緝獲製毒工廠3處，"
                           "查扣毒品市值約新臺幣12億元。1至4月累計查獲毒品4,716公斤。\n")
    _, period, _ = infer_context(doc)
    assert period is not None and period.label == "2025-04"


def test_so_far_this_year_backs_the_span_the_article_gives() -> None:
    text = ("某县交警百日攻坚护航平安出行\n2024-11-05 10:12　来源：某县公安局\n\n"
            "今年以来，某县公安局交警大队深入开展道路交通安全整治行动，全县道路交通安全形势平稳。1至10月，全县共发生"
            "道路交通亡人事故37起，同比减少9起；死亡41人。今年以来累计查处交通违法行为6.8万起。\n")
    doc = ingest.from_text(text)
    assert doc.published == dt.date(2024, 11, 5)
    _, period, _ = infer_context(doc)
    assert period is not None and period.label == "2024-01/2024-10"


def test_a_single_month_bulletin_with_year_to_date_figures_reports_the_month() -> None:
    text = ("某县公安局 > 通知公告\n\n关于2024年3月全县治安形势的通报\n\n"
            "　　3月份，全县共接报刑事警情86起，同比下降12.2%；查处治安案件41起，抓获违法犯罪嫌疑人37人，"
            "其中刑事拘留19人。\n　　1—3月，全县累计接报刑事警情251起，同比下降9.1%。\n")
    _, period, _ = infer_context(ingest.from_text(text))
    assert period is not None and period.label == "2024-03"
