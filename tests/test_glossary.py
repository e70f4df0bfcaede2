"""Indicator names in English: curated terms, consistent across scripts and variants, composed when unseen."""

from __future__ import annotations

import re

import pytest

from reportgen import registry
from reportgen.zh import glossary, glossary_table
from reportgen.zh.glossary import glossary_entries, indicator_en, is_glossed

_HAN = re.compile(r"[\u3400-\u9fff]")


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


_PINYIN_SYLLABLES = re.compile(r"^(?:[bpmfdtnlgkhjqxzcsryw]|zh|ch|sh)?[aeiouü]+(?:n|ng|r)?$")


def test_unknown_name_gets_a_dictionary_gloss_not_pinyin() -> None:
    # nothing in the glossary: CC-CEDICT's English, never toneless pinyin or "(untranslated)"
    assert indicator_en("鼹鼠洞") == "mole cave"
    assert is_glossed("鼹鼠洞") and not is_glossed("刑事案件")


def test_partly_known_name_glosses_only_the_unknown_part() -> None:
    out = indicator_en("鼹鼠洞查处数")
    assert out.startswith("mole cave") and out.endswith("investigated and dealt with")
    assert is_glossed("鼹鼠洞查处数")


def test_fallback_carries_no_chinese_no_pinyin_and_no_marker() -> None:
    for zh in ("掌中宝下载量", "某某工程完成数", "飞天行动战果", "3号线客流", "龘靐齉", "霓虹灯牌"):
        out = indicator_en(zh)
        assert out.strip(), zh
        assert not _HAN.search(out), (zh, out)  # English prose built from names stays free of Chinese
        assert "untranslated" not in out, (zh, out)


@pytest.mark.parametrize(("zh", "en"), [
    # anti-drug
    ("海洛因", "heroin"), ("冰毒", "methamphetamine"), ("氯胺酮", "ketamine"), ("大麻", "cannabis"),
    ("摇头丸", "ecstasy"), ("吸毒人员", "drug users"), ("戒毒", "drug rehabilitation"),
    ("新发现吸毒人员", "newly identified drug users"), ("缴获冰毒", "methamphetamine seized"),
    # Hong Kong and Taiwan usage, in Traditional script
    ("整體罪案", "overall crime"), ("整體罪案率", "overall crime rate"), ("暴力罪案", "violent crime"),
    ("爆竊", "burglary"), ("詐騙案", "fraud cases"), ("刑案", "criminal cases"), ("全般刑案", "all criminal cases"),
    ("竊盜", "theft"), ("詐欺", "fraud"), ("酒駕", "drink driving"), ("毒品危害", "drug harm"),
    ("破案率", "clearance rate"), ("擄人勒贖案件", "kidnapping for ransom cases"),
    # government work reports
    ("地区生产总值", "gross regional product"), ("一般公共预算收入", "general public budget revenue"),
    ("规模以上工业增加值", "value added of industry above designated size"),
    ("固定资产投资", "fixed-asset investment"), ("社会消费品零售总额", "total retail sales of consumer goods"),
    ("居民人均可支配收入", "per capita disposable income"), ("城镇化率", "urbanization rate"), ("CPI", "CPI"),
    ("能耗", "energy consumption"), ("单位地区生产总值能耗", "energy consumption per unit of GDP"),
    # traffic, fire, justice, petitions, exit-entry, cyber, food safety
    ("机动车保有量", "registered motor vehicles"), ("消防救援", "fire and rescue"), ("审结", "concluded"),
    ("信访件", "petition cases"), ("往来港澳通行证", "Hong Kong and Macao travel permits"),
    ("网络安全", "cybersecurity"), ("食品安全", "food safety"), ("社区矫正对象", "persons under community correction"),
])
def test_domain_vocabulary(zh: str, en: str) -> None:
    assert indicator_en(zh) == en


@pytest.mark.parametrize(("zh", "en"), [
    ("立刑事案件", "criminal cases filed"),
    # a year (any script) or month is the period's, not the name's
    ("二〇二四年整體罪案錄得", "overall crime recorded"),
    ("2024年1至10月刑事案件", "criminal cases"),
    ("二〇二四年", "2024"),
    ("整體罪案率為每十萬人口", "overall crime rate per 100,000 population"),
    ("45,965宗", "45965 cases"),  # measure words read as English, numbers as digits
    ("24个", "24"),
    ("8.6万元", "86000 yuan"),
    ("18億4,650萬元", "1846500000 yuan"),
    ("三年", "3 years"),
    ("PM2.5平均浓度", "concentration of PM2.5 average"),  # digits of a code stay in the code
    ("接报警情占全县", "incidents reported as a share of the total"),
    ("刷单返利类占发案总数", "order-brushing rebate fraud as a share of total cases"),
    ("35岁以下吸毒人员", "drug users aged 35 and under"),
    ("在福建、廣東、江西等地抓獲犯罪嫌疑人", "suspects arrested in Fujian, Guangdong and Jiangxi"),
    ("则在凭祥、东兴等口岸设置反诈劝阻点",
     "port of entry anti-fraud points dissuaded set up in Pingxiang and Dongxing"),
    ("从境外押解回国电诈嫌疑人", "telecom and online fraud suspects returned to China under escort overseas"),
    ("冻结涉案资金", "funds involved frozen"),  # a bare verb before a noun: verb and object
    ("“雪亮工程”新增高清视频监控点位", "'Sharp Eyes' project new HD video surveillance sites"),
    ("市反诈中心拦截诈骗电话", "fraud phone calls intercepted by municipal anti-fraud centre"),
    ("网上骗案", "online fraud cases"),
])
def test_general_vocabulary_composes(zh: str, en: str) -> None:
    assert indicator_en(zh) == en


def test_taiwan_words_are_read_with_taiwan_phrases() -> None:
    # 網路 is Taiwan's 网络: the phrase reading explains what the character reading leaves unknown
    assert indicator_en("網路詐騙") == "online fraud"
    assert indicator_en("網路賭博案件") == "online gambling cases"
    assert indicator_en("網絡詐騙") == "online fraud"


def test_every_entry_reads_the_same_in_traditional() -> None:
    import opencc

    s2t = opencc.OpenCC("s2t")
    g = glossary_table.glossary_table()
    for zh in g.entries:
        assert indicator_en(s2t.convert(zh)) == indicator_en(zh), zh


def test_glossary_is_large_and_one_term_per_concept() -> None:
    g = glossary_table.glossary_table()
    assert len(g.entries) >= 1500
    # synonyms in Simplified, Traditional and regional usage share one English term
    same = [("诈骗", "诈欺"), ("盗窃", "窃盗"), ("酒驾", "酒后驾车"), ("骗案", "诈骗案件"), ("爆窃", "入室盗窃"),
            ("强盗", "抢劫"), ("甲基苯丙胺", "冰毒")]
    for a, b in same:
        assert indicator_en(a).split("|")[0].rstrip("s") == indicator_en(b).rstrip("s"), (a, b)


def test_non_chinese_is_returned_unchanged() -> None:
    assert indicator_en("GDP") == "GDP"
    assert indicator_en("  ") == ""


def test_composition_vocabulary_is_not_offered_to_prompts() -> None:
    terms = glossary.terms()
    assert "海洛因" not in terms and "个" not in terms and "占" not in terms
    assert glossary.lookup("海洛因") == "heroin"  # but exact lookups (the llm engine's names) see it


def test_user_file_sections_switch_prompt_terms(isolated_env) -> None:
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "glossary.tsv").write_text(
        "#@ composition\n扫楼\tbuilding sweeps\n#@ prompt\n网格化巡查\tgrid patrols\n", encoding="utf-8")
    registry.reset()
    terms = glossary.terms()
    assert "网格化巡查" in terms and "扫楼" not in terms
    assert indicator_en("扫楼") == "building sweeps"


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
    g = glossary_table.glossary_table()
    for zh, entry in g.entries.items():
        assert entry.en and not _HAN.search(entry.en + entry.mod), zh
        for pattern in (entry.pattern_verbal, entry.pattern_nominal):
            assert pattern is None or pattern.count("{}") == 1, zh


def test_user_glossary_in_home_extends_and_overrides(isolated_env) -> None:
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "glossary.tsv").write_text(
        "# user terms\n网格化巡查\tgrid patrols\n刑事治安警情\tcriminal and public order incidents\n", encoding="utf-8")
    registry.reset()
    assert indicator_en("网格化巡查") == "grid patrols"
    assert indicator_en("刑事治安警情") == "criminal and public order incidents"
    assert indicator_en("网格化巡查次数") == "number of grid patrols"  # user terms compose too


def test_user_glossary_from_env_paths(tmp_path, monkeypatch) -> None:
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("反诈宣传进万家\tanti-fraud outreach to households\n", encoding="utf-8")
    b.write_text("扫楼\tbuilding sweeps\tv\t{} swept\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_GLOSSARY", f"{a}:{b}")
    registry.reset()
    assert indicator_en("反诈宣传进万家") == "anti-fraud outreach to households"
    assert indicator_en("扫楼") == "building sweeps"
    assert ("反诈宣传进万家", "anti-fraud outreach to households") in glossary_entries()


def test_missing_user_glossary_file_is_ignored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REPORTGEN_GLOSSARY", str(tmp_path / "absent.tsv"))
    registry.reset()
    assert indicator_en("破案数") == "cases solved"
