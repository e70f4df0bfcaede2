"""Anomalies: each kind found where the text makes the contradiction certain, and nowhere else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen import ingest
from reportgen.evaluation import occurrences
from reportgen.models import Anomaly, Bilingual, Change, Evidence, Metric
from reportgen.pipeline import summarize
from reportgen.verify.anomalies import detect

from .conftest import ARTICLES, fixture_articles, gold_for, sample_articles


def flags(text: str, metrics: list[Metric] | None = None) -> list[Anomaly]:
    doc = ingest.from_text(text, name="t.txt")
    found = detect(doc, metrics or [])
    for a in found:
        assert a.quote == doc.text[a.start:a.end] and a.explanation
    return found


def kinds(text: str) -> list[str]:
    return [a.kind for a in flags(text)]


# ------------------------------------------------------------------------------------------
# impossible changes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "全县电诈案件涉案金额共860万元、同比下降215.4%,成效明显。",
    "盗窃案件发案数较去年同期减少了130%。",
    "全區詐騙案件損失金額同比下降152.6%。",  # Traditional
    "涉案金额同比增长-120.5%。",  # negative growth written as a rise
])
def test_a_fall_of_more_than_100_percent_is_impossible(text: str) -> None:
    found = flags(text)
    assert [a.kind for a in found] == ["impossible_change"]
    assert "%" in found[0].quote and "impossible" in found[0].explanation


@pytest.mark.parametrize("text", [
    "全市破案率同比下降120个百分点。",  # a rate in points is no amount (and an implausible one is not this check)
    "全市电诈涉案金额同比上升215.4%。",  # a rise may exceed 100%
    "全市盗窃案件同比下降99.8%。",
    "发案数下降至去年同期的40%。",
    "全市企业亏损额同比下降135%。",  # a loss can turn into a profit
])
def test_no_impossible_change_where_the_fall_is_possible(text: str) -> None:
    assert "impossible_change" not in kinds(text)


@pytest.mark.parametrize(("text", "flagged"), [
    ("本月全区接报盗窃警情77起，较上月（70起）环比下降10%。", True),  # 70 -> 77 is a rise of 10%
    ("全县受理诈骗案件46宗，比去年同期的50宗上升8%。", True),  # 50 -> 46 is a fall of 8%
    ("本月全区接报盗窃警情77起，较上月（70起）环比上升10%。", False),
    ("全县受理诈骗案件46宗，比去年同期的50宗下降7.5%。", False),  # the size does not match: left alone
])
def test_a_direction_the_two_levels_contradict(text: str, flagged: bool) -> None:
    assert ("contradicted_direction" in kinds(text)) is flagged


def metric(doc: ingest.Document, quote: str, value: float, *, mid: int = 0, direction: str | None = None,
           unit: str = "%") -> Metric:
    start = doc.text.index(quote)
    return Metric(id=mid, indicator=Bilingual(zh="涉案金额", en="amount involved"), value=value, unit=unit,
                  change=Change(direction=direction, basis="year_on_year") if direction else None,
                  evidence=Evidence(quote=quote, start=start, end=start + len(quote)))


def test_an_anomaly_names_the_metric_it_is_about() -> None:
    doc = ingest.from_text("全县涉案金额共860万元、同比下降215.4%。")
    level = metric(doc, "涉案金额共860万元", 8600000, unit="yuan")
    change = metric(doc, "涉案金额共860万元、同比下降215.4%", 215.4, mid=1, direction="down")
    (anomaly,) = detect(doc, [level, change])
    assert anomaly.metric_id == 1 and anomaly.quote == "同比下降215.4%"


def test_a_metric_with_an_impossible_fall_is_flagged_even_where_the_wording_is_unusual() -> None:
    doc = ingest.from_text("全县涉案金额压减215.4%。")
    change = metric(doc, "涉案金额压减215.4%", 215.4, mid=4, direction="down")
    (anomaly,) = detect(doc, [change])
    assert (anomaly.kind, anomaly.metric_id) == ("impossible_change", 4)


# ------------------------------------------------------------------------------------------
# rate / count confusion
# ------------------------------------------------------------------------------------------


def test_a_rate_given_the_counts_change_is_flagged() -> None:
    text = ("今年以来,全县破案数同比上升24.6%,治安形势稳定。"
            "全县共立刑事案件900宗,破案450宗,破案率50%、同比上升24.6%。")
    (anomaly,) = flags(text)
    assert anomaly.kind == "rate_count_confusion"
    assert anomaly.quote == "破案率50%、同比上升24.6%"
    assert "破案率" in anomaly.explanation and "24.6%" in anomaly.explanation


def test_rate_count_confusion_through_a_respectively_list() -> None:
    text = "全区破案数、起诉人数分别同比上升12.5%、8%。全区破案率40%,同比上升12.5%。"
    found = flags(text)
    assert [a.kind for a in found] == ["rate_count_confusion"] and found[0].quote.startswith("破案率")
    # the list maps 8% to 起诉人数, not to 破案数: a rate rising 8% is no confusion
    assert kinds("全区破案数、起诉人数分别同比上升12.5%、8%。全区破案率40%,同比上升8%。") == []


@pytest.mark.parametrize("text", [
    "全县破案数同比上升3%。全县破案率45%,同比上升3个百分点。",  # points, not percent
    "全县破案数同比上升24.6%。全县破案率50%,同比上升12.1%。",  # different values
    "全县破案数同比下降5%。全县破案率50%,同比上升5%。",  # different directions
    "全县结案数同比上升7%。全县破案率50%,同比上升7%。",  # another indicator's count
])
def test_no_rate_count_confusion_without_the_same_change_on_the_count(text: str) -> None:
    assert kinds(text) == []


# ------------------------------------------------------------------------------------------
# ambiguous numerals
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, quote", [
    ("全镇查处酒驾12(3)起。", "12(3)"),
    ("全镇查处酒驾12（3）起。", "12（3）"),
    ("抓获嫌疑人ー百余人。", "ー百"),
    ("全市抓获嫌疑人三ー人。", "三ー"),
    ("考核排名全省第—。", "第—"),
    ("抓获涉案人员—百余人。", "—百"),
    ("抓获涉赌人员2O5人。", "2O5"),
    ("全年接警1l0起。", "1l0"),
    ("承诺一个1小时内到场。", "一个1小时"),
    ("每户配发两2个灭火器。", "两2个"),
])
def test_ambiguous_numerals(text: str, quote: str) -> None:
    found = flags(text)
    assert [(a.kind, a.quote) for a in found] == [("ambiguous_numeral", quote)]
    assert found[0].metric_id is None  # found on the text, with no figure to hang on


@pytest.mark.parametrize("text", [
    "依据第26(4)号文件开展整治。",
    "主要措施:(1)加强巡逻;(2)强化宣传。",
    "在“スーパー”门店开展宣传。",
    "平均到场时间为3—5分钟,五至八年。",
    "我们——一个都不能少。",
    "推广O2O模式,建成5G基站300个,防控COVID-19疫情,H5N1禽流感。",
    "组建一个100人的专班,十一7天假期,“五一”1天。",
    "抓获嫌疑人1200人,第一季度,一年一次。",
    "详见表1(2)中的数据,初三7(3)班学生。",
    "开通南宁—百色、广州—深圳专线,路线—经确定。",
])
def test_no_ambiguous_numeral_in_ordinary_writing(text: str) -> None:
    assert kinds(text) == []


# ------------------------------------------------------------------------------------------
# parts larger than their total
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "全县抓获嫌疑人120人,其中涉毒嫌疑人150人。",
    "全县抓获嫌疑人80人。其中,外地籍嫌疑人95人。",
    "全县共破获案件60宗,其中盗窃案件35宗、诈骗案件31宗。",  # the parts add up to more than the total
    "全縣共抓獲嫌疑人200人,其中涉毒120人、涉賭95人。",  # Traditional
    "全县共抓获嫌疑人120人,其中男性80人、女性50人。",
])
def test_parts_larger_than_their_total(text: str) -> None:
    found = flags(text)
    assert [a.kind for a in found] == ["parts_exceed_total"]


@pytest.mark.parametrize("text", [
    "全县抓获嫌疑人120人,其中涉毒嫌疑人50人、涉赌嫌疑人40人。",
    "全县共抓获嫌疑人320人,其中刑事拘留186人、逮捕152人。",  # stages of one process overlap
    "全县破获刑事案件410宗,其中抓获嫌疑人520人。",  # another unit
    "全县抓获嫌疑人1200多人,其中外地籍1250人。",  # 1200多 may be up to 1299
    "全县抓获嫌疑人120人,其中刑拘80人,另抓获逃犯150人。",  # 另 starts a new figure
    "全县破获案件60宗,其中盗窃案件35宗,诈骗案件31宗。",  # no stated total: categories may overlap
    "全县抓获嫌疑人120人,同比上升150人,其中外地籍40人。",
    "全县共抓获嫌疑人120人,其中男性80人、未成年人50人。",  # two ways of dividing: they may overlap
])
def test_no_parts_exceed_total_when_parts_fit(text: str) -> None:
    assert kinds(text) == []


# ------------------------------------------------------------------------------------------
# conflicting values
# ------------------------------------------------------------------------------------------


def test_the_same_change_stated_twice_with_different_values() -> None:
    text = ("上半年,全市刑事治安警情同比下降9.6%,破案数同比上升5%。\n"
            "上半年,全市刑事治安警情同比下降8.6%,治安形势持续向好。")
    (anomaly,) = flags(text)
    assert anomaly.kind == "conflicting_values" and anomaly.quote == "刑事治安警情同比下降8.6%"
    assert "9.6%" in anomaly.explanation and "8.6%" in anomaly.explanation


def test_the_same_level_stated_twice_with_different_values() -> None:
    text = "2023年,全区共立刑事案件865宗,破案512宗。\n2023年,全区立刑事案件856宗,其中侵财案件503宗。"
    (anomaly,) = flags(text)
    assert anomaly.kind == "conflicting_values" and anomaly.quote == "立刑事案件856宗"


@pytest.mark.parametrize("text", [
    # the same figure restated
    "上半年,全市刑事治安警情同比下降9.6%。\n上半年,全市刑事治安警情同比下降9.6%。",
    # another place: a county's paragraph
    "上半年,全市交通事故同比下降18.35%。\n该县上半年无命案。交通事故同比下降14.9%。",
    # another period
    "上半年,全市刑事治安警情同比下降9.6%。\n1至5月,全市刑事治安警情同比下降8.6%。",
    # another basis
    "上半年,全市刑事治安警情同比下降9.6%,刑事治安警情环比下降3%。",
    # a count told for each operation
    "在“护航”行动中,全区抓获盗窃嫌疑人36人;在“清源”行动中,全区抓获盗窃嫌疑人41人。",
    "全区抓获犯罪嫌疑人20人。全区抓获犯罪嫌疑人5人。全区抓获犯罪嫌疑人22人。",
    # no place named: sub-totals of an unnamed operation
    "民警成功打掉1个犯罪团伙,刑拘3人。\n民警打掉两个团伙,刑拘14人。",
])
def test_no_conflict_for_different_scopes_or_restatements(text: str) -> None:
    assert "conflicting_values" not in kinds(text)


# ------------------------------------------------------------------------------------------
# fixture articles and the real samples
# ------------------------------------------------------------------------------------------


def _gold_spans(doc: ingest.Document, gold: dict) -> list[list[tuple[int, int]]]:
    spans = [occurrences(doc, a["evidence"]) for a in gold["anomalies"]]
    assert all(spans), "every annotated anomaly's evidence is in the article"
    return spans


def _assert_matches_gold(doc: ingest.Document, found: list[Anomaly], gold: dict) -> None:
    """Exactly the annotated anomalies: each found one overlaps a distinct annotated one."""
    spans = _gold_spans(doc, gold)
    assert len(found) == len(spans), [(a.kind, a.quote) for a in found]
    unmatched = list(range(len(spans)))
    for a in found:
        hit = next((i for i in unmatched if any(s < a.end and a.start < e for s, e in spans[i])), None)
        assert hit is not None, f"{a.kind} {a.quote!r} is not annotated"
        unmatched.remove(hit)


ANOMALY_FIXTURES = sorted(ARTICLES.glob("anom_*.txt"))


def test_anomaly_fixtures_cover_every_kind() -> None:
    found_kinds = set()
    for path in ANOMALY_FIXTURES:
        found_kinds |= {a.kind for a in detect(ingest.from_path(path), [])}
    assert found_kinds == {"impossible_change", "rate_count_confusion", "ambiguous_numeral", "parts_exceed_total",
                           "conflicting_values"}


@pytest.mark.parametrize("path", ANOMALY_FIXTURES, ids=lambda p: p.name)
def test_anomaly_fixtures_flag_exactly_their_annotated_anomalies(path: Path) -> None:
    gold = gold_for(path)
    assert gold is not None
    doc = ingest.from_path(path)
    _assert_matches_gold(doc, detect(doc, []), gold)  # from the text alone
    report = summarize(path, engine="offline")  # and with whatever figures the engine finds
    _assert_matches_gold(doc, report.anomalies, gold)
    for a in report.anomalies:
        assert a.quote == doc.text[a.start:a.end]


# every article written for the project that is not annotated with anomalies (anom_control_* included)
CLEAN_FIXTURES = [p for p in fixture_articles() if not (gold_for(p) or {}).get("anomalies")]


@pytest.mark.parametrize("path", CLEAN_FIXTURES, ids=lambda p: p.name)
def test_no_false_alarm_on_ordinary_fixture_articles(path: Path) -> None:
    doc = ingest.from_path(path)
    assert detect(doc, []) == []
    assert summarize(path, engine="offline").anomalies == []


def _sample(prefix: str) -> Path:
    found = [p for p in sample_articles() if p.name.startswith(prefix)]
    if not found:
        pytest.skip("../shared/samples is not beside the checkout")
    return found[0]


def test_simplified_sample_has_no_anomaly() -> None:
    path = _sample("000_")
    assert detect(ingest.from_path(path), []) == []
    assert summarize(path, engine="offline").anomalies == []


def test_traditional_sample_flags_exactly_its_two_annotated_anomalies() -> None:
    path = _sample("001_")
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    doc = ingest.from_path(path)
    found = detect(doc, [])
    assert sorted(a.kind for a in found) == ["impossible_change", "rate_count_confusion"]
    _assert_matches_gold(doc, found, gold)
    _assert_matches_gold(doc, summarize(path, engine="offline").anomalies, gold)
