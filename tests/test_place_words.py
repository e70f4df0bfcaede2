"""Whole-area words (全港, 全省, 本澳, 全县) and topic headings in the one place resolver (zh/scope.py):
a figure said of the whole territory after district figures is the territory's, not the last district's."""

from __future__ import annotations

from reportgen.ingest import document as ingest
from reportgen.models import Bilingual, Period
from reportgen.zh.place_words import is_standard, widening
from reportgen.zh.scope import Scope

HK = Bilingual(zh="香港", en="Hong Kong")


def _scope(text: str, region: Bilingual | None, period: str | None = "2025-H1") -> Scope:
    return Scope(ingest.from_text(text, name="t"), region, Period(label=period) if period else None)


def test_a_territory_wide_figure_after_district_figures_is_the_territorys() -> None:
    text = "上半年盗窃案共有310宗，其中深水埗區有44宗，元朗區有39宗。傷人案全港共2,118宗，按年下跌3.5%。"
    scope = _scope(text, HK)
    assert scope.at(text.index("44宗"))[0] == "深水埗區"
    assert scope.at(text.index("39宗"))[0] == "元朗區"
    assert scope.at(text.index("2,118"))[0] is None  # the report's own place: Hong Kong
    assert scope.at(text.index("3.5%"))[0] is None


def test_this_territory_resets_the_district() -> None:
    text = "荃灣區錄得盜竊案52宗。本港全年共錄得罪案9.1萬宗。"
    scope = _scope(text, HK, "2024")
    assert scope.at(text.index("52宗"))[0] == "荃灣區"
    assert scope.at(text.index("9.1萬"))[0] is None
    text = "本澳全年共錄得罪案1.2萬宗。"
    assert _scope(text, Bilingual(zh="澳門", en="Macao"), "2024").at(text.index("1.2萬"))[0] is None


def test_in_a_district_page_the_whole_territory_is_named_not_the_district() -> None:
    text = "沙田區今年首季錄得罪案1,480宗，同期全港罪案為21,900宗，而本區佔全港約6.8%。"
    scope = _scope(text, Bilingual(zh="沙田區", en="Sha Tin District"), "2025-Q1")
    assert scope.at(text.index("1,480"))[0] is None  # the district is the report
    assert scope.at(text.index("21,900"))[:2] == ("香港", "Hong Kong")
    assert scope.at(text.index("6.8%"))[0] is None  # 本區 brings it back; 佔全港 is only the standard


def test_a_neighbouring_district_in_a_district_page_is_named() -> None:
    text = "灣仔區上半年錄得罪案2,015宗。作為參照，中西區錄得1,760宗。"
    scope = _scope(text, Bilingual(zh="灣仔區", en="Wan Chai District"))
    assert scope.at(text.index("1,760"))[0] == "中西區"


def test_a_macao_speaker_in_a_hong_kong_page_speaks_for_macao() -> None:
    text = "兩地警方聯合行動中，澳門警方表示本澳有9名居民受騙。"
    scope = _scope(text, Bilingual(zh="油尖旺區", en="Yau Tsim Mong District"))
    assert scope.at(text.index("9名"))[0] == "澳門"


def test_the_province_word_in_a_city_report_names_the_province() -> None:
    text = "全市立刑事案件3,200起。全省共立刑事案件9.1万起，我市破案数排名全省第二。"
    scope = _scope(text, Bilingual(zh="韶关市", en="Shaoguan"), "2023")
    assert scope.at(text.index("3,200"))[0] is None
    assert scope.at(text.index("9.1万"))[0] == "广东省"
    assert scope.at(text.index("第二"))[0] is None  # 我市 again; 全省第二 only ranks it


def test_a_ranking_or_a_share_does_not_move_the_figure() -> None:
    text = "翁源县刑事警情下降21%，降幅居全市第一，占全市警情的9%。"
    scope = _scope(text, Bilingual(zh="韶关市", en="Shaoguan"), "2023")
    for figure in ("21%", "第一", "9%"):
        assert scope.at(text.index(figure))[0] == "翁源县", figure


def test_the_whole_county_after_a_county_named_is_that_county() -> None:
    text = "禁毒工作中，连平县组织排查，全县在册吸毒人员1,203名已建档。"
    scope = _scope(text, Bilingual(zh="河源市", en="Heyuan"), "2023")
    assert scope.at(text.index("1,203"))[0] == "连平县"
    text = "全县在册吸毒人员1,203名已建档。"  # no county named in the paragraph: the report's place
    assert _scope(text, Bilingual(zh="河源市", en="Heyuan"), "2023").at(text.index("1,203"))[0] is None


def test_a_taiwanese_county_page_gives_nationwide_figures_to_taiwan() -> None:
    text = "本縣上月受理詐欺案件150件，全國同期受理詐欺案件1萬2千件。"
    scope = _scope(text, Bilingual(zh="彰化縣", en="Changhua County"), "2025-05")
    assert scope.at(text.index("150件"))[0] is None
    assert scope.at(text.index("1萬2千"))[0] == "臺灣"


def test_hong_kong_words_mean_nothing_on_the_mainland() -> None:
    assert widening("本港", "唐山市", "zh-Hans") is None  # a port's report: 本港 is "this port"
    assert widening("全港", "香港", "zh-Hant") is not None


def test_a_new_topic_heading_does_not_inherit_the_district() -> None:
    text = "觀塘區錄得爆竊案31宗。青少年犯罪方面，上半年共有512名青少年被捕。"
    scope = _scope(text, HK)
    assert scope.at(text.index("31宗"))[0] == "觀塘區"
    assert scope.at(text.index("512"))[0] is None
    text = "觀塘區錄得爆竊案31宗。黃大仙區方面，錄得爆竊案18宗。"  # a heading that names a district keeps it
    assert _scope(text, HK).at(text.index("18宗"))[0] == "黃大仙區"


def test_standards_are_read_from_the_words_around() -> None:
    text = "繼續是全港罪案最多的地區"
    at = text.index("全港")
    assert is_standard(text, at, at + 2)
    text = "全港共錄得罪案4.1萬宗"
    assert not is_standard(text, 0, 2)
    text = "全县第一季度共接报警情500起"  # 第一季度 is a period, not a rank
    assert not is_standard(text, 0, 2)
