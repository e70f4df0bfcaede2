"""Indicator names in English: curated terms, consistent across scripts and variants, composed when unseen."""

from __future__ import annotations

import re

import pytest

from reportgen import glossary
from reportgen.glossary import glossary_entries, indicator_en

_HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def fresh_glossary():
    """Reload around a test that adds user glossary files."""
    glossary.reload()
    yield
    glossary.reload()


@pytest.mark.parametrize(("zh", "en"), [
    ("刑事治安警情", "criminal and public-order incidents"),
    ("电信网络诈骗", "telecom and online fraud"),
    ("破案数", "cases solved"),
    ("命案", "homicide cases"),
    ("两抢", "robbery and snatch theft"),
    ("双抢", "robbery and snatch theft"),
    ("立案", "cases filed"),
    ("移送起诉", "transferred for prosecution"),
    ("抓获犯罪嫌疑人", "suspects arrested"),
    ("刑事拘留", "criminally detained"),
    ("交通事故", "road traffic accidents"),
    ("死亡人数", "deaths"),
    ("受伤人数", "injuries"),
    ("涉案金额", "amount involved"),
    ("追赃挽损", "losses recovered"),
    ("恶势力犯罪集团", "'evil force' criminal groups"),
    ("逃犯", "fugitives"),
    ("警情", "incidents"),
    ("出动警力", "police deployments"),
    ("盘查", "checked"),
    ("破案率", "clearance rate"),
    ("满意率", "satisfaction rate"),
])
def test_curated_terms(zh: str, en: str) -> None:
    assert indicator_en(zh) == en


@pytest.mark.parametrize(("zh", "en"), [
    ("經濟犯罪案件涉案金額", "amount involved in economic crime cases"),  # Traditional, composed
    ("電信網絡詐騙", "telecom and online fraud"),
    ("雙搶", "robbery and snatch theft"),
    ("刑拘", "criminally detained"),
    ("電詐", "telecom and online fraud"),
])
def test_traditional_and_variant_spellings_agree(zh: str, en: str) -> None:
    assert indicator_en(zh) == en


@pytest.mark.parametrize(("zh", "en"), [
    ("经济犯罪案件涉案金额", "amount involved in economic crime cases"),
    ("抓获犯罪嫌疑人数", "suspects arrested"),
    ("刑事拘留人数", "persons criminally detained"),
    ("电诈立案数", "telecom and online fraud cases filed"),
    ("刑事案件破案数", "criminal cases solved"),
    ("打掉涉电诈窝点数", "telecom and online fraud dens dismantled"),
    ("盘查可疑车辆", "suspicious vehicles checked"),
    ("追回金额", "amount recovered"),  # a verb before a measure: "amount recovered"
    ("罚款金额", "amount of fines"),  # a noun before it: "amount of ..."
    ("车辆盗窃案件", "vehicle theft cases"),  # modifier form of 车辆
    ("巡警特警部门出动警力", "police deployments by patrol and SWAT units"),  # agent at the end
    ("农村地区骑乘摩托车佩戴头盔率", "motorcycle helmet-wearing rate in rural areas"),  # scope at the end
    ("无刑事警情天数", "days without a criminal incident"),
    ("每日投入车巡组数", "vehicle patrol groups deployed daily"),
    ("运用移动警务终端侦查破案", "cases solved using mobile police terminals"),
    ("获集体一等功单位数", "units awarded collective first-class merit"),
    ("偵破涉槍爆案件數", "gun and explosives cases solved"),
    ("蕉岭县无刑事警情天数", "days without a criminal incident in Jiaoling County"),
    ("“飓风2020”专项行动考核排名", "'Hurricane 2020' special campaign assessment ranking"),
    ("街面“双抢”案件发案数", "street robbery and snatch theft cases"),
    ("被骗金额(赖女士个案)", "amount defrauded (Ms Lai case)"),
])
def test_unseen_compounds_compose_literally(zh: str, en: str) -> None:
    assert indicator_en(zh) == en


def test_fallback_never_returns_chinese_characters() -> None:
    for zh in ("掌中宝下载量", "某某工程完成数", "鼹鼠洞", "龘靐齉", "飞天行动战果", "3号线客流"):
        out = indicator_en(zh)
        assert out.strip(), zh
        assert not _HAN.search(out), (zh, out)


def test_unknown_characters_fall_back_to_pinyin() -> None:
    assert indicator_en("鼹鼠洞") == "Yanshudong"


def test_non_chinese_is_returned_unchanged() -> None:
    assert indicator_en("GDP") == "GDP"
    assert indicator_en("  ") == ""


def test_glossary_entries_for_prompts() -> None:
    entries = glossary_entries()
    assert len(entries) >= 300
    assert entries[0] == ("刑事治安警情", "criminal and public-order incidents")  # headline terms first
    top = dict(glossary_entries(limit=40))
    assert len(top) == 40
    assert top["电信网络诈骗"] == "telecom and online fraud"
    zh_terms = [zh for zh, _ in entries]
    assert len(zh_terms) == len(set(zh_terms))
    assert all(not _HAN.search(en) for _, en in entries)
    assert "全市" not in zh_terms and "数" not in zh_terms  # scope words and bare measures are not terms
    assert glossary.terms() == dict(entries)
    assert ("涉案金额", "amount involved") in entries and ("移送起诉", "transferred for prosecution") in entries
    assert "天数" not in zh_terms and "人数" not in zh_terms


def test_every_shipped_entry_is_english() -> None:
    g = glossary._glossary()
    for zh, entry in g.entries.items():
        assert entry.en and not _HAN.search(entry.en + entry.mod), zh
        for pattern in (entry.pattern_verbal, entry.pattern_nominal):
            assert pattern is None or pattern.count("{}") == 1, zh


def test_user_glossary_in_home_extends_and_overrides(isolated_env, fresh_glossary) -> None:
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "glossary.tsv").write_text(
        "# user terms\n网格化巡查\tgrid patrols\n刑事治安警情\tcriminal and public order incidents\n", encoding="utf-8")
    glossary.reload()
    assert indicator_en("网格化巡查") == "grid patrols"
    assert indicator_en("刑事治安警情") == "criminal and public order incidents"
    assert indicator_en("网格化巡查次数") == "number of grid patrols"  # user terms compose too


def test_user_glossary_from_env_paths(tmp_path, monkeypatch, fresh_glossary) -> None:
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("反诈宣传进万家\tanti-fraud outreach to households\n", encoding="utf-8")
    b.write_text("扫楼\tbuilding sweeps\tv\t{} swept\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_GLOSSARY", f"{a}:{b}")
    glossary.reload()
    assert indicator_en("反诈宣传进万家") == "anti-fraud outreach to households"
    assert indicator_en("扫楼") == "building sweeps"
    assert ("反诈宣传进万家", "anti-fraud outreach to households") in glossary_entries()


def test_missing_user_glossary_file_is_ignored(tmp_path, monkeypatch, fresh_glossary) -> None:
    monkeypatch.setenv("REPORTGEN_GLOSSARY", str(tmp_path / "absent.tsv"))
    glossary.reload()
    assert indicator_en("破案数") == "cases solved"
