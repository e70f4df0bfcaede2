"""Issue #16: English a communications officer can publish.

Fixture articles in tests/fixtures/english were written for these tests (Hong Kong, Macao, Taiwan, a
national report, a monthly bulletin, a work report with designations and rankings, a county inside a
city). The real articles of ../shared are read at run time, never copied.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from reportgen import summarize_file
from reportgen.english.names import has_english_name
from reportgen.english.numbers import quantity
from reportgen.english.places import has_cjk
from reportgen.models import Bilingual, Report
from reportgen.zh.glossary import indicator_en, is_glossed
from reportgen.zh.glossary_cedict import DATA_DATE, LICENCE, gloss
from reportgen.zh.glossary_table import glossary_table
from reportgen.zh.places import match_places, place_en
from reportgen.zh.years import context_year, years_in

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "english"
WORDS = Path("/usr/share/dict/american-english")  # Debian's wamerican (.ci/run installs it)


@cache
def report(name: str) -> Report:
    return summarize_file(FIXTURES / name, engine="offline")


# ------------------------------------------------------------------------------------------
# 1. no pinyin, no "(untranslated)": dictionary glosses, and prose only for proper names
# ------------------------------------------------------------------------------------------


def test_the_dictionary_is_cc_cedict_with_its_date_and_licence() -> None:
    assert LICENCE == "CC BY-SA 4.0" and DATA_DATE.startswith("2023")
    notice = (HERE.parent / "NOTICE").read_text(encoding="utf-8")
    assert "CC-CEDICT" in notice and "CC BY-SA 4.0" in notice and "2023-11-07" in notice


def test_a_word_outside_the_glossary_is_glossed_in_english() -> None:
    assert gloss("屏幕") == "screen"
    assert indicator_en("鼹鼠洞") == "mole cave" and is_glossed("鼹鼠洞")
    assert not is_glossed("刑事治安警情")  # a curated glossary name


def test_prose_leaves_out_glossed_names_and_names_that_are_only_a_figure() -> None:
    assert not has_english_name(Bilingual(zh="鼹鼠洞", en=indicator_en("鼹鼠洞")))
    assert has_english_name(Bilingual(zh="鼹鼠洞", en="mole holes found"))  # an engine's own English
    assert not has_english_name(Bilingual(zh="约4.4万宗", en="44000 cases"))
    work = report("county_work_report.txt")
    glossed = [m for m in work.metrics if not has_english_name(m.indicator)]
    assert glossed, "the designations have no curated name"
    for m in glossed:
        assert m.indicator.en not in work.summary.en


def test_no_chinese_and_no_marker_in_any_english_field_of_the_fixtures() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        r = report(path.name)
        fields = [r.summary.en, r.source.title_en or "", *(k.en for k in r.key_points),
                  *(m.indicator.en for m in r.metrics)]
        for text in fields:
            assert "untranslated" not in text and not has_cjk(text), (path.name, text)


# ------------------------------------------------------------------------------------------
# 2. places
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "region_en"), [
    ("hk_district_review.txt", "Hong Kong"), ("macao_quarter.txt", "Macao"), ("taiwan_fraud.txt", "Taiwan"),
    ("national_procuratorate.txt", "China"), ("county_in_city.txt", "Chizhou"),
    ("county_work_report.txt", "Qingyang County"),
])
def test_the_article_region(name: str, region_en: str) -> None:
    r = report(name)
    assert r.region is not None and r.region.en == region_en


def test_a_city_of_a_territory_named_as_often_as_the_territory_is_the_region(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("市警局公布年度治安成果\n台中市警察局今日表示，去年受理竊盜案件2,310件，較前年減少6.2%，"
                    "查扣不法所得新台幣1.2億元。\n", encoding="utf-8")
    r = summarize_file(page, engine="offline")
    assert r.region is not None and r.region.en == "Taichung"
    assert all(m.unit == "TWD" for m in r.metrics if m.unit in ("yuan", "TWD"))


def test_a_national_report_is_china_not_the_dateline_city() -> None:
    r = report("national_procuratorate.txt")
    assert r.region == Bilingual(zh="全国", en="China")
    assert "Beijing" not in r.summary.en


def test_hong_kong_districts_have_their_english_names() -> None:
    r = report("hk_district_review.txt")
    assert {"Yau Tsim Mong District", "Kwun Tong District", "Islands District"} <= {
        m.region.en for m in r.metrics if m.region}
    assert place_en("觀塘區") == "Kwun Tong District" and place_en("高雄市") == "Kaohsiung"
    assert place_en("大埔县") == "Dabu County"  # the mainland county keeps its own name


def test_a_designation_is_not_a_place() -> None:
    for text in ("新评定信用村9个", "建成示范村4个", "跻身百强县行列"):
        assert match_places(text) == [], text
    assert [m.name for m in match_places("在石门村调研")] == ["石门村"]


# ------------------------------------------------------------------------------------------
# 3. currencies
# ------------------------------------------------------------------------------------------


def test_money_outside_the_mainland_is_never_yuan() -> None:
    hk, mo, tw = report("hk_district_review.txt"), report("macao_quarter.txt"), report("taiwan_fraud.txt")
    for r, code in ((hk, "HKD"), (mo, "MOP"), (tw, "TWD")):
        money = [m for m in r.metrics if m.unit in ("yuan", "HKD", "MOP", "TWD")]
        assert money and all(m.unit == code for m in money), (code, [(m.value, m.unit) for m in money])
        assert "yuan" not in r.summary.en
    assert "HK$5.62 billion" in hk.summary.en
    assert "NT$62.9 billion" in tw.summary.en
    mainland = report("county_work_report.txt")
    assert any(m.unit == "yuan" for m in mainland.metrics)


def test_currency_signs_in_english() -> None:
    assert quantity(9.15e9, "HKD") == "HK$9.15 billion"
    assert quantity(6.29e10, "TWD", "about") == "about NT$62.9 billion"
    assert quantity(2.79251e11, "yuan") == "279.251 billion yuan"  # never exponent notation


# ------------------------------------------------------------------------------------------
# 4. periods
# ------------------------------------------------------------------------------------------


def test_a_count_is_never_a_year() -> None:
    assert years_in("安装2000组摄像头，计划每年2000至2500组，2000人参加") == []
    assert years_in("2023年共破案") == [2023]


def test_a_comparison_year_means_the_year_after() -> None:
    assert context_year("今年以来，全县警情较2024年同期下降6.5%") == 2025


def test_a_monthly_bulletin_has_its_month() -> None:
    r = report("monthly_bulletin.txt")
    assert r.period is not None and r.period.label == "2025-06"


def test_this_month_takes_the_month_of_the_date_the_text_gives(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("市公安局警情通报\n发布时间：2025-03-05\n本月全市共接报刑事类警情1,260起，环比下降4.1%。\n",
                    encoding="utf-8")
    r = summarize_file(page, engine="offline")
    assert r.period is not None and r.period.label == "2025-03"
    assert r.metrics and all(m.period == "2025-03" for m in r.metrics)


def test_relative_years_count_from_the_publication_date() -> None:
    assert report("hk_district_review.txt").period.label == "2024"  # 去年 in an article of January 2025


# ------------------------------------------------------------------------------------------
# 5. titles and publishers
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first_line", ["二、案件情况", "（一）总体情况", "【资料图】", "某某市公安局门户网站"])
def test_headings_captions_and_banners_are_not_titles(first_line: str, tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(f"{first_line}\n本月共接报警情1,024起，同比下降3.5%，较上月减少42起，其中诈骗类警情312起。\n",
                    encoding="utf-8")
    assert summarize_file(page, engine="offline").source.title_zh != first_line


@pytest.mark.parametrize("masthead", ["香港特別行政區政府海關", "某某市公安局交通警察支队", "澳門治安警察局"])
def test_a_masthead_above_a_press_release_is_not_its_title(masthead: str, tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(f"{masthead}\n新聞稿　2026年3月2日\n\n二月份罪案數字公布　整體罪案按年下跌4.2%\n\n"
                    "二月份共錄得罪案1,820宗，按年下跌4.2%。\n", encoding="utf-8")
    assert summarize_file(page, engine="offline").source.title_zh.startswith("二月份罪案數字公布")


def test_a_two_level_section_trail_is_not_the_title(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("要聞 ＞ 本地\n\n警方公布首季數字　整體罪案跌近一成\n\n首季共錄得罪案6,930宗，按年下跌9.2%。\n",
                    encoding="utf-8")
    report = summarize_file(page, engine="offline")
    assert report.source.title_zh.startswith("警方公布首季數字")
    assert [m.value for m in report.metrics if m.change is not None] == [9.2]  # the headline rounds it


def test_this_site_is_not_a_publisher(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("全县治安形势平稳\n来源：本网\n今年以来全县接报刑事警情同比下降8.2%，破获刑事案件120起。\n",
                    encoding="utf-8")
    assert summarize_file(page, engine="offline").source.publisher is None


# ------------------------------------------------------------------------------------------
# pinyin words: a lower-case word that splits into pinyin syllables and is not English
# ------------------------------------------------------------------------------------------

_SYLLABLE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|"
                       r"ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|ü|v)")


def _is_pinyin(word: str) -> bool:
    """Whether ``word`` splits wholly into two or more pinyin syllables (dynamic programming, linear)."""
    n = len(word)
    best = [-1] * (n + 1)  # most syllables that cover word[:i], -1 for none
    best[0] = 0
    for i in range(n):
        if best[i] < 0:
            continue
        for length in range(1, 7):
            piece = word[i:i + length]
            if len(piece) == length and _SYLLABLE.fullmatch(piece):
                best[i + length] = max(best[i + length], best[i] + 1)
    return best[n] >= 2


@cache
def english_words() -> frozenset[str]:
    """wamerican's words, plus the words of the curated glossary's English (drug names such as etomidate
    are English that a general word list lacks; the glossary is written by people, never romanised)."""
    words = {w.strip().casefold() for w in WORDS.read_text(encoding="utf-8").splitlines()}
    for entry in glossary_table().entries.values():
        words.update(re.findall(r"[a-zü]+", entry.en.casefold()))
    return frozenset(words)


def pinyin_words(text: str) -> list[str]:
    """Lower-case words of ``text`` that read as pinyin and are not English (proper names are capitalised)."""
    words = english_words()
    out = []
    for word in re.findall(r"(?<![\w'])[a-zü]{4,}(?![\w'])", text):
        stem = word[:-1] if word.endswith("s") else word
        if word in words or stem in words:
            continue
        if _is_pinyin(word):
            out.append(word)
    return out


def test_the_pinyin_finder_itself() -> None:
    assert pinyin_words("on duty weizheng at 0 cases and toufangguanggao screens") == ["weizheng", "toufangguanggao"]
    assert pinyin_words("Lüliang police reported burglary cases in Yau Tsim Mong District") == []


def test_offline_english_of_the_fixtures_has_no_pinyin_words() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        r = report(path.name)
        text = " ".join([r.summary.en, *(k.en for k in r.key_points), *(m.indicator.en for m in r.metrics)])
        assert pinyin_words(text) == [], path.name


def test_the_model_s_place_romanisation_gives_way_to_the_resolver() -> None:
    from types import SimpleNamespace
    from typing import Any, cast

    from reportgen.engines.llm import merge

    region, _ = merge._context(cast(Any, SimpleNamespace(region_zh="澳門", region_en="Aomen", period=None)))
    assert region == Bilingual(zh="澳門", en="Macao")
    region, _ = merge._context(cast(Any, SimpleNamespace(region_zh="高雄市", region_en="Gaoxiong", period=None)))
    assert region is not None and region.en == "Kaohsiung"
    assert merge.indicator_name("某某指标", "fraud ('跑分') cases") is None  # Chinese left in: the glossary names it


@pytest.mark.parametrize(("header", "place"), [
    ("首页 > 数据发布\n\n2026年2月份全市经济运行简况\n\n发布时间：2026-03-16　来源：宜昌市统计局\n", "Yichang"),
    ("德阳日报 > 本地\n\n一季度全市治安形势持续向好\n\n2026-04-09　来源：德阳日报\n", "Deyang"),
])
def test_an_article_naming_only_its_own_place_takes_its_issuer_s(header: str, place: str, tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(header + "\n　　今年以来，全市共立刑事案件1,204起，同比下降6.3%。\n", encoding="utf-8")
    report = summarize_file(page, engine="offline")
    assert report.region is not None and report.region.en == place


def test_no_issuer_place_for_an_article_that_names_no_place_of_its_own(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("治安简报\n\n来源：南方日报\n\n　　今年以来共立刑事案件1,204起，同比下降6.3%。\n", encoding="utf-8")
    assert summarize_file(page, engine="offline").region is None


def test_a_genre_label_is_not_the_title_and_a_masthead_is_the_publisher(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("澳門治安警察局\n新聞稿\n\n首季交通意外數字公布\n\n首季共錄得交通意外3,211宗，按年下跌2.6%。\n",
                    encoding="utf-8")
    report = summarize_file(page, engine="offline")
    assert report.source.title_zh == "首季交通意外數字公布"
    assert report.source.publisher == "澳門治安警察局"
