"""verify.prose's "backed", in every form a reader meets (sentences written for these tests)."""

from __future__ import annotations

from reportgen.engines.llm.merge import region_is_named
from reportgen.ingest.document import from_text
from reportgen.models import Bilingual, Evidence, Metric
from reportgen.verify.prose import backing, is_english, prose_numbers, prose_readings

DOC = from_text("某市公安局通报：今年一至九月全市破获刑事案件2,468起，同比上升7.5%；涉案金额62亿9242万元。\n")
TAIWAN = from_text("臺北市政府警察局：114年全般刑案發生一萬二○三八件，較113年減少5.2%。\n")


def test_digits_glued_to_chinese_and_chinese_numerals_are_read() -> None:
    assert prose_numbers("全市破案率提升999%") == [999]
    assert prose_numbers("共破获九百九十九起") == [999]
    assert prose_numbers("老百姓千家万户") == []  # a magnitude on its own is a word


def test_english_number_words_and_shares() -> None:
    assert prose_numbers("nine hundred and ninety-nine cases") == [999]
    assert prose_numbers("half of them, a third of the rest, twice as many") == [50, 33.33, 2]
    assert prose_numbers("In the first half of 2025, for a third year running") == [2025]


def test_every_number_needs_a_backing() -> None:
    back = backing([], DOC)
    assert back.unbacked("Police solved 2,468 cases, up 7.5%.") == []
    assert back.unbacked("Police solved 2,469 cases.") == [2469]
    assert back.unbacked("破获刑事案件九百九十九起") == [999]
    assert back.unbacked("cases rose nine hundred and ninety-nine percent") == [999]


def test_a_display_rounding_of_a_verified_figure_keeps_three_significant_figures() -> None:
    quote = "涉案金额62亿9242万元"
    at = DOC.text.index(quote)
    money = Metric(id=0, indicator=Bilingual(zh="涉案金额", en="money involved"), value=6_292_420_000, unit="yuan",
                   evidence=Evidence(quote=quote, start=at, end=at + len(quote)))
    back = backing([money], DOC)
    assert back.unbacked("Money involved: 6.29 billion yuan.") == []  # 6,292,420,000 rounded
    assert back.unbacked("Money involved: 6.3 billion yuan.") == [6.3e9]  # two figures: not a display rounding


def test_a_list_shares_the_scale_of_its_last_member() -> None:
    assert prose_readings("1.5, 2 and 3.25 million") == [(1.5, 1.5e6), (2.0, 2e6), (3.25e6,)]


def test_years_of_the_republic_back_their_western_year() -> None:
    back = backing([], TAIWAN)
    assert back.unbacked("In 2025 reported crimes numbered 12,038, down 5.2% on 2024.") == []
    assert back.unbacked("In 2019 crime fell.") == [2019]


def test_english_fields_hold_no_chinese_except_a_gloss_of_the_articles_words() -> None:
    assert not is_english("破案率 rose")
    assert is_english("so-called 'money-mule' ('破获') gangs", DOC.text)
    assert not is_english("so-called ('跑分') gangs", DOC.text)  # not the article's words


def test_a_region_must_be_named_by_the_article() -> None:
    hk = from_text("警方表示，全港罪案按年上升，本港騙案佔近半。\\n")
    assert region_is_named(hk, Bilingual(zh="香港", en="Hong Kong"))
    assert not region_is_named(hk, Bilingual(zh="澳门", en="Macao"))
    assert not region_is_named(DOC, Bilingual(zh="火星市", en="Mars"))
    assert not region_is_named(hk, Bilingual(zh="香港", en="Crime rose 999%"))


def test_a_rounded_more_than_figure_keeps_its_more_than() -> None:
    doc = from_text("被害人財損合計新臺幣六二九億二四二四萬餘元。\n")
    quote = "財損合計新臺幣六二九億二四二四萬餘元"
    at = doc.text.index(quote)
    losses = Metric(id=0, indicator=Bilingual(zh="財損", en="losses"), value=62_924_240_000, unit="TWD",
                    qualifier="more_than", evidence=Evidence(quote=quote, start=at, end=at + len(quote)))
    back = backing([losses], doc)
    assert back.unbacked("Victims lost more than NT$62.9 billion.") == []
    assert back.unbacked("Victims lost NT$62.9 billion.") == [62.9e9]  # the 餘 dropped: not what the article says
    assert back.unbacked("Victims lost NT$62,924,240,000.") == []  # as written in the article
    assert back.unbacked("Losses exceeded NT$62.9 billion; they topped 62.9 billion.") == []
