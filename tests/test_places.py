"""Place names: English by one convention (pinyin + overrides, ü kept), detection without false hits."""

from __future__ import annotations

import pytest

from reportgen import registry
from reportgen.zh.places import find_places, match_places, place_en


@pytest.mark.parametrize(("zh", "en"), [
    ("吕梁市", "Lüliang"),  # ü kept
    ("吕梁", "Lüliang"),
    ("绿春县", "Lüchun County"),
    ("梅州市", "Meizhou"),  # 市 dropped, prefecture-level
    ("兴宁市", "Xingning"),  # 市 dropped, county-level too
    ("梅縣區", "Meixian District"),  # Traditional input, one-character stem keeps 县
    ("梅县区", "Meixian District"),
    ("蕉岭县", "Jiaoling County"),
    ("沛县", "Peixian County"),
    ("六安市", "Lu'an"),  # polyphonic override
    ("西安市", "Xi'an"),  # apostrophe from the syllable rule, no override
    ("蚌埠", "Bengbu"),
    ("重庆市", "Chongqing"),
    ("厦门", "Xiamen"),
    ("长沙市", "Changsha"),
    ("长治市", "Changzhi"),  # 长 read chang in place names
    ("乐山", "Leshan"),
    ("番禺区", "Panyu District"),
    ("东莞市", "Dongguan"),
    ("大埔县", "Dabu County"),
    ("香港", "Hong Kong"),
    ("香港特别行政区", "Hong Kong"),
    ("澳门", "Macao"),
    ("台湾", "Taiwan"),
    ("臺中市", "Taichung"),
    ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
    ("西藏自治区", "Tibet Autonomous Region"),
    ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),
    ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    ("陕西省", "Shaanxi Province"),
    ("山西省", "Shanxi Province"),
    ("广东省", "Guangdong Province"),
    ("本溪满族自治县", "Benxi Manchu Autonomous County"),
    ("巴音郭楞蒙古自治州", "Bayingolin Mongol Autonomous Prefecture"),
    ("阿克苏地区", "Aksu Prefecture"),
    ("浦东新区", "Pudong New Area"),
    ("龙岗镇", "Longgang Town"),
    ("马图村", "Matu Village"),
    ("广东省梅州市梅县区", "Meixian District, Meizhou, Guangdong Province"),
    ("Beijing", "Beijing"),
])
def test_place_en(zh: str, en: str) -> None:
    assert place_en(zh) == en


def test_place_en_never_returns_chinese_for_chinese_input() -> None:
    for zh in ("某某镇", "新鋪鎮", "桃堯鎮", "黄梅县", "阿拉善盟", "石家庄市"):
        out = place_en(zh)
        assert out and not any("\u4e00" <= ch <= "\u9fff" for ch in out), (zh, out)


def test_user_overrides_from_reportgen_home(isolated_env) -> None:
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "places.tsv").write_text("# mine\n梅州\tMeichow\n测试镇\tTest Town\n", encoding="utf-8")
    registry.reset()
    assert place_en("梅州市") == "Meichow"  # a stem override keeps the suffix rule
    assert place_en("测试镇") == "Test Town"


def test_user_overrides_from_env_path(tmp_path, monkeypatch) -> None:
    extra = tmp_path / "extra_places.tsv"
    extra.write_text("蕉岭\tChiaoling\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_PLACES", str(extra))
    registry.reset()
    assert place_en("蕉岭县") == "Chiaoling County"


def _names(text: str) -> list[str]:
    return [name for _, _, name in find_places(text)]


def test_find_places_full_names_and_offsets() -> None:
    text = "记者从梅州市公安局获悉，丰顺县龙岗镇马图村近日开展活动。"
    found = find_places(text)
    assert [n for _, _, n in found] == ["梅州市", "丰顺县", "龙岗镇", "马图村"]
    for start, end, name in found:
        assert text[start:end] == name


def test_find_places_short_forms_need_context() -> None:
    # 蕉岭 and 梅江 are counties of 梅州: named alone they are found once 梅州 is in the text
    assert _names("梅州市公安局在蕉岭试点改革，梅江公安快速破案。") == ["梅州市", "蕉岭县", "梅江区"]
    # without a prefecture or an institution word, a bare two-character county stem is not a place
    assert _names("蕉岭的风景很好。") == []
    # a prefecture stem followed by 公安 is a place
    assert _names("吕梁公安发布通报") == ["吕梁市"]


def test_find_places_ambiguous_short_form_resolved_by_context() -> None:
    # 兴宁 is both 兴宁市 (Meizhou) and 兴宁区 (Nanning)
    assert _names("梅州市下辖的兴宁涉诈警情下降") == ["梅州市", "兴宁市"]
    assert _names("南宁市兴宁公安分局") == ["南宁市", "兴宁区"]


@pytest.mark.parametrize("text", [
    "全市刑事警情下降，该县治安稳定。",
    "在日常城区开展训练，辖区群众满意。",
    "市公安局召开会议。",
    "推动镇街工作人员参与，建立县镇村三级网络。",
    "公安民警深入社区、小区、景区和园区。",
    "平安建设成效明显，城乡面貌一新，农村地区道路改善。",
    "城东交警中队完成建设。",
])
def test_find_places_no_false_hits(text: str) -> None:
    assert find_places(text) == []


def test_find_places_traditional_keeps_script_and_offsets() -> None:
    text = "梅縣區公安分局在程江鎮開展反詐宣傳，梅縣公安表示。"
    found = match_places(text)
    assert [m.name for m in found] == ["梅縣區", "程江鎮", "梅縣區"]
    assert found[2].surface == "梅縣" and found[2].alias
    for m in found:
        assert text[m.start:m.end] == m.surface


def test_find_places_one_character_stems_are_guarded() -> None:
    assert _names("忠县公安局破获案件") == ["忠县"]
    assert _names("阳泉市城区公安分局") == ["阳泉市", "城区"]
    assert _names("全市和县两级联动") == []  # 和县 is a real county, but not here


def test_ground_fills_region_english_from_place_names() -> None:
    from reportgen import ingest
    from reportgen.models import Draft, MetricDraft
    from reportgen.verify.grounding import ground_metrics

    doc = ingest.from_text("蕉岭县上半年破获刑事案件52宗。")
    draft = Draft(engine="test", metrics=[MetricDraft(indicator_zh="破获刑事案件", value=52, unit="cases",
                                                       quote="破获刑事案件52宗", region_zh="蕉岭县")])
    grounded = ground_metrics(doc, draft)
    assert grounded.metrics[0].region is not None
    assert grounded.metrics[0].region.en == "Jiaoling County"
