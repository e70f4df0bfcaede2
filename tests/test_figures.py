"""The offline engine's figures: one test per construct, on short sentences written for the project,
then the annotated fixture articles and the shared samples as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import ingest
from reportgen.engines.offline.figures import find_figures
from reportgen.models import Bilingual, MetricDraft, Period
from reportgen.verify.grounding import check_direction, check_value

from .conftest import ARTICLES, gold_for, sample_articles

FIXTURES = sorted(ARTICLES.glob("fig_*.txt"))


def figures(text: str, region: Bilingual | None = None, period: Period | None = None) -> list[MetricDraft]:
    doc = ingest.from_text(text)
    drafts = find_figures(doc, region=region, period=period)
    for d in drafts:  # every draft points exactly into the article and passes grounding's own checks
        assert d.start is not None and d.end is not None
        assert doc.text[d.start:d.end] == d.quote
        analysed = doc.simplified[d.start:d.end]
        assert check_value(d, analysed) is None, (d, check_value(d, analysed))
        assert check_direction(d.change, analysed) is None, d
    return drafts


def values(drafts: list[MetricDraft]) -> list[float]:
    return [d.value for d in drafts]


def find(drafts: list[MetricDraft], value: float, *, change: str | None = "any") -> MetricDraft:
    hits = [d for d in drafts if d.value == value
            and (change == "any" or (d.change.direction if d.change else None) == change)]
    assert len(hits) == 1, f"{value} ({change}) in {[(d.value, d.change, d.quote) for d in drafts]}"
    return hits[0]


# ------------------------------------------------------------------------------------------
# values, magnitudes and units
# ------------------------------------------------------------------------------------------


def test_levels_with_magnitudes_and_units() -> None:
    drafts = figures("全年共出动警力3.6万人次，盘查车辆8817辆次，止付资金1.5亿元，查获毒品12.4公斤，发放资料两千余份。")
    assert find(drafts, 36000).unit == "person-times"
    assert find(drafts, 8817).unit == "vehicle-times"
    assert find(drafts, 150000000).unit == "yuan"
    assert find(drafts, 12.4).unit == "kg"
    leaflets = find(drafts, 2000)
    assert leaflets.qualifier == "more_than" and leaflets.unit == "documents"


def test_very_large_and_chinese_magnitudes() -> None:
    drafts = figures("全省网络交易额已超过2万亿元，全年劝阻群众约210万人次，印发宣传册一千二百余万份。")
    assert find(drafts, 2e12).qualifier == "over"
    assert find(drafts, 2100000).qualifier == "about"
    assert find(drafts, 12000000).qualifier == "more_than"


@pytest.mark.parametrize(("sentence", "value", "qualifier"), [
    ("破获案件1500多起。", 1500, "more_than"),
    ("抓获嫌疑人300余名。", 300, "more_than"),
    ("涉案金额近亿元。", 1e8, "nearly"),
    ("挽回损失约3200万元。", 32000000, "about"),
    ("冻结资金逾8000万元。", 80000000, "over"),
    ("阅读量超过300万次。", 3000000, "over"),
    ("办结率达到95%以上。", 95, "at_least"),
    ("平均出警时间不到6分钟。", 6, "under"),
    ("每天投入警力200人左右。", 200, "about"),
    ("查扣资金300余万元。", 3000000, "more_than"),
])
def test_qualifiers(sentence: str, value: float, qualifier: str) -> None:
    drafts = figures(sentence)
    assert values(drafts) == [value]
    assert drafts[0].qualifier == qualifier


def test_counted_nouns_give_the_unit() -> None:
    drafts = figures("打掉犯罪团伙12个，捣毁窝点7个，开发研判模型19个，接收群众来信86件，整改隐患40处。")
    assert [d.unit for d in drafts] == ["gangs", "dens", "models", "letters", "hazards"]


# ------------------------------------------------------------------------------------------
# changes
# ------------------------------------------------------------------------------------------


def test_level_and_change_in_one_clause() -> None:
    drafts = figures("全县立刑事案件512起、同比下降9.4%，破案率达61.2%、同比上升3.1个百分点。")
    level = find(drafts, 512)
    assert level.change is None and level.unit == "cases"
    fall = find(drafts, 9.4)
    assert (fall.change.direction, fall.change.basis) == ("down", "year_on_year")
    assert fall.indicator_zh == level.indicator_zh == "立刑事案件"
    rise = find(drafts, 3.1)
    assert rise.unit == "percentage points" and rise.change.direction == "up"
    assert rise.indicator_zh == "刑事案件破案率"  # the rate of the crimes the sentence counts


@pytest.mark.parametrize(("sentence", "direction", "basis"), [
    ("电诈警情环比下降12.5%。", "down", "period_on_period"),
    ("电诈警情同比上升4.2%。", "up", "year_on_year"),
    ("治安警情较去年同期减少86起。", "down", "unspecified"),
    ("死亡人数比上年减少3人。", "down", "unspecified"),
    ("全年比上年多抓获逃犯38名。", "up", "unspecified"),
    ("群众办事时长压缩约40%。", "down", "unspecified"),
    ("拥堵指数同比下降0.12。", "down", "year_on_year"),
    ("暴力罪案按年减少5.3%。", "down", "year_on_year"),
])
def test_direction_and_basis(sentence: str, direction: str, basis: str) -> None:
    drafts = figures(sentence)
    assert len(drafts) == 1
    assert (drafts[0].change.direction, drafts[0].change.basis) == (direction, basis)


def test_rate_of_fall_restated_keeps_the_comparison() -> None:
    drafts = figures("农村交通事故死亡人数同比减少4人，降幅超过三成。")
    share = find(drafts, 30)
    assert share.unit == "%" and share.qualifier == "over"
    assert (share.change.direction, share.change.basis) == ("down", "year_on_year")


def test_from_to_gives_value_and_from_value() -> None:
    drafts = figures("群众安全感由2022年的93.5%提升至96.1%，办证时间从7个工作日缩短至3个工作日，"
                     "网办事项由120项增加到185项。")
    assert values(drafts) == [96.1, 3, 185]
    rate, days, items = drafts
    assert rate.from_value == 93.5 and rate.change.direction == "up" and rate.change.basis == "unspecified"
    assert days.from_value == 7 and days.change.direction == "down" and days.unit == "working days"
    assert items.from_value == 120 and items.unit == "items"


def test_a_natural_growth_rate_is_a_level_and_a_growth_rate_a_rise() -> None:
    drafts = figures("全年出生人口2.4万人，人口自然增长率为2.3‰；规上企业利润增长率为7.9%。")
    assert [(d.value, d.change.direction if d.change else None) for d in drafts] == [
        (24000, None), (2.3, None), (7.9, "up")]


def test_a_change_restated_as_a_share_and_signed_changes_in_brackets() -> None:
    drafts = figures("上半年共錄得盜竊案6,210宗，較去年同期減少318宗或4.9%。")
    assert [(d.value, d.change.direction if d.change else None) for d in drafts] == [
        (6210, None), (318, "down"), (4.9, "down")]
    assert drafts[2].indicator_zh == drafts[1].indicator_zh != "或"  # "or" names nothing
    drafts = figures("搶劫：11宗（15宗，-26.7%）\n縱火：23宗（19宗，+21.1%）\n")
    assert [(d.value, d.change.direction if d.change else None) for d in drafts] == [
        (11, None), (15, None), (26.7, "down"), (23, None), (19, None), (21.1, "up")]
    assert [d.value for d in figures("推进5G+2应用场景建设，建成站点128个。")] == [128]


def test_rise_to_without_a_starting_value_is_a_level() -> None:
    drafts = figures("视频破案占比提升至68%。")
    assert values(drafts) == [68] and drafts[0].change is None
    # one-character verbs of a new level stay out of the indicator: the rate, not a "rate decline"
    drafts = figures("全区取保候审率升至41.7%，在押人员降至316人，结案周期缩小至18天。")
    assert [(d.indicator_zh, d.value, d.change) for d in drafts] == [
        ("取保候审率", 41.7, None), ("在押人员", 316, None), ("结案周期", 18, None)]


# ------------------------------------------------------------------------------------------
# lists
# ------------------------------------------------------------------------------------------


def test_respectively_pairs_indicators_and_values() -> None:
    drafts = figures("全市刑事警情、治安警情分别同比下降15.2%、6.8%。")
    assert [(d.indicator_zh, d.value) for d in drafts] == [("刑事警情", 15.2), ("治安警情", 6.8)]
    assert all(d.change.basis == "year_on_year" for d in drafts)


def test_levels_then_respectively_changes_give_one_figure_each() -> None:
    drafts = figures("全市发生交通事故860起、死亡52人、受伤911人，分别同比下降8.1%、3.7%、12.6%。")
    assert len(drafts) == 6
    assert [d.value for d in drafts if d.change] == [8.1, 3.7, 12.6]
    changes = {d.value: d.indicator_zh for d in drafts if d.change}
    assert changes == {8.1: "发生交通事故", 3.7: "交通事故死亡", 12.6: "交通事故受伤"}  # the accidents' casualties


def test_list_may_change_direction_and_end_with_he() -> None:
    drafts = figures("立案2100起，破案1300起，抓获890人，分别同比下降5.5%、上升7.2%和上升9.9%。")
    moves = [(d.indicator_zh, d.value, d.change.direction) for d in drafts if d.change]
    assert moves == [("立案", 5.5, "down"), ("破案", 7.2, "up"), ("抓获", 9.9, "up")]


def test_unit_written_once_after_the_last_value() -> None:
    drafts = figures("三地警情分别为12、15、20起。头盔佩戴率和安全带使用率分别提高6个和4个百分点。")
    assert [(d.value, d.unit) for d in drafts] == [
        (12, "cases"), (15, "cases"), (20, "cases"), (6, "percentage points"), (4, "percentage points")]


def test_names_joined_by_he_and_counts_in_pairs() -> None:
    drafts = figures("火灾起数和亡人数较去年分别下降12.7%和33.3%。共提起公诉1200件1650人。")
    assert [(d.indicator_zh, d.value) for d in drafts[:2]] == [("火灾起数", 12.7), ("亡人数", 33.3)]
    pair = drafts[2:]
    assert [(d.value, d.unit) for d in pair] == [(1200, "cases"), (1650, "people")]
    assert pair[0].indicator_zh == pair[1].indicator_zh == "提起公诉"


def test_number_first_items() -> None:
    drafts = figures("每日投入4组车巡、2组铁骑、5组快反力量。")
    assert [(d.value, d.unit, d.indicator_zh) for d in drafts] == [
        (4, "groups", "每日投入车巡"), (2, "groups", "每日投入铁骑"), (5, "groups", "每日投入快反力量")]


# ------------------------------------------------------------------------------------------
# ranks, zeros, durations
# ------------------------------------------------------------------------------------------


def test_ranks() -> None:
    drafts = figures("群众安全感达97.3%，排名全省第二。考核成绩居全市第1名。降幅位列全国第五。")
    ranks = [d for d in drafts if d.unit == "rank"]
    assert [d.value for d in ranks] == [2, 1, 5]
    assert ranks[0].indicator_zh.startswith("群众安全感")


def test_ordinals_that_are_not_ranks() -> None:
    assert figures("开展第九轮校园隐患排查。第一，要提高认识。第三季度工作会议召开。") == []


def test_zero_statements() -> None:
    drafts = figures("全区实现“两抢”案件零发案，吸毒人员“零”脱失，队伍“零违纪”。现发命案4宗全破。")
    zeros = [d for d in drafts if d.value == 0]
    assert len(zeros) == 3
    assert values([d for d in drafts if d.value]) == [4]


def test_zero_slogans_and_bare_clearance_are_not_figures() -> None:
    assert figures("坚持对电诈犯罪零容忍，零距离服务群众，命案全破。") == []


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("连续160天无亡人交通事故。", 160, "days"),
    ("命案连续三年保持全破。", 3, "years"),
    ("潜逃19年的逃犯落网。", 19, "years"),
    ("接报后一天内抓获嫌疑人。", 1, "days"),
    ("全区28天无刑事警情。", 28, "days"),
    ("涉诈案件连续两个季度下降。", 2, "quarters"),
    ("仅用36小时锁定嫌疑人。", 36, "hours"),
])
def test_durations(sentence: str, value: float, unit: str) -> None:
    drafts = figures(sentence)
    assert [(d.value, d.unit) for d in drafts] == [(value, unit)]


def test_periods_and_frames_are_not_durations() -> None:
    assert figures("前10个月全市警情回落。入室盗窃发案数为近五年最低。三年来持续推进。民国113年统计资料。"
                   "近三年全市电诈发案数持续下降。各派出所实行24小时值班制度。") == []


def test_rate_bases_rankings_fields_and_identifiers_are_not_counts() -> None:
    drafts = figures("每10万人口刑事案件立案数为312起。在全省21个地市中排名第4。身份证号440102199001011234已核实。")
    assert [(d.value, d.unit) for d in drafts] == [(312, "cases"), (4, "rank")]


def test_only_chinese_text_is_read() -> None:
    assert figures("Police arrested 35 people in 2023, up 12% year on year.") == []


# ------------------------------------------------------------------------------------------
# what is not a figure
# ------------------------------------------------------------------------------------------


def test_dates_times_phones_and_page_furniture() -> None:
    text = ("发布时间：2024-01-18 10:20:36  来源：某市公安局\n"
            "2023年8月15日，全市召开会议。\n"
            "举报电话：0751-8168110\n"
            "版权所有 粤ICP备05012345号\n")
    assert figures(text) == []


def test_names_with_digits() -> None:
    text = ("深入开展“雷霆2024”专项行动，拨打110或12345热线，依托“1+N+5”机制（1个中心、N个力量、5个队伍）"
            "开展工作，推进“一十百千”工程，即建设一个品牌、十个标杆所、百个支部。")
    assert figures(text) == []


def test_chinese_numeral_counts_only_when_counted() -> None:
    drafts = figures("打掉两个赌博团伙，抓获嫌疑人十二名，侦破一起诈骗案。")
    assert [(d.value, d.unit) for d in drafts] == [(2, "gangs"), (12, "people"), (1, "cases")]
    assert figures("一名男子前来求助，建立两个宣传渠道，推出一系列措施，实行一人一档。") == []


def test_thresholds_ages_and_unattributed_quotes() -> None:
    text = ("未发生一次死亡3人以上的较大事故，60岁以上老人被骗案件同比下降20.5%。"
            "“一晚上能刷出5000条好评，还能代写差评。”这是该团伙的宣传语。")
    assert values(figures(text)) == [20.5]


def test_a_quoted_sentence_a_speaker_said_states_figures() -> None:
    said_after = ("“截至目前，我们共走访商户320家，排查隐患41处，警情同比下降6.2%。”县公安局治安大队负责人介绍，"
                  "下一步将继续巡查。")
    drafts = figures(said_after)
    assert [(d.value, d.unit) for d in drafts] == [(320, "businesses"), (41, "hazards"), (6.2, "%")]
    assert find(drafts, 6.2, change="down").quote == "警情同比下降6.2%"
    said_before = "派出所所长表示：「今年受理报案2萬3,410件，出警平均用时約7分鐘。」"
    assert [(d.value, d.qualifier) for d in figures(said_before)] == [(23410, "exact"), (7, "about")]
    # short quoted names keep their digits out: an operation name, a mechanism, a slogan
    assert figures("开展“雷霆2025”行动，推行“3+X”机制，落实“双百”工程。局长表示：“要让群众满意。”") == []


def test_a_quote_that_goes_on_with_a_named_speakers_words_states_figures() -> None:
    text = ("谈到反诈工作，支队长李某介绍，今年以来共破获电诈案件96起。“我们累计拦截诈骗电话约12万个、"
            "劝阻群众3400人次，帮群众挽回损失近900万元。”\n“一晚上能刷出5000条好评，还能代写差评。”这是该团伙的宣传语。")
    drafts = figures(text)
    assert [(d.value, d.qualifier) for d in drafts] == [(96, "exact"), (120000, "about"), (3400, "exact"),
                                                        (9000000, "nearly")]


def test_thresholds_inside_category_names() -> None:
    drafts = figures("全年引进千万元以上企业28家，其中5亿元以上企业4家。确保不发生一次死亡10人以上火灾事故。")
    assert [(d.value, d.unit) for d in drafts] == [(28, "businesses"), (4, "businesses")]


def test_ordinals_inside_names_are_not_ranks() -> None:
    drafts = figures("查获第二级毒品海洛因3.1公斤。全区工作考核进入全市第一方阵，排名全市第三。")
    assert [(d.value, d.unit) for d in drafts] == [(3.1, "kg"), (3, "rank")]


def test_time_limit_inside_a_rate_name_and_a_shared_value() -> None:
    drafts = figures("受理群众来信1200件，15日内受理告知率、2个月内办结率均达100%。")
    assert [(d.value, d.unit) for d in drafts] == [(1200, "letters"), (100, "%"), (100, "%")]
    assert {d.indicator_zh for d in drafts if d.value == 100} == {"15日内受理告知率", "2个月内办结率"}


def test_a_count_beside_the_size_of_what_it_counts() -> None:
    drafts = figures("专案组捣毁一个8人的电诈窝点，缴获手机60部。")
    assert [(d.value, d.unit) for d in drafts] == [(1, "dens"), (8, "people"), (60, "items")]


def test_negated_and_story_counts_of_one_are_not_figures() -> None:
    assert figures("全县未发生一起电信诈骗致人死亡的案件。民警在路口拦下一辆面包车，司机神色慌张。") == []
    assert values(figures("专案组破获一起特大诈骗案。")) == [1]


def test_rank_moves_and_rate_ceilings_are_changes() -> None:
    drafts = figures("营商环境评价位列全省第8位，较上年前移5位。物价涨幅控制在2.5%以内，失业率控制在5%以内。")
    move = find(drafts, 5, change="up")
    assert move.unit == "rank" and move.quote.endswith("较上年前移5位")
    ceiling = find(drafts, 2.5, change="up")
    assert ceiling.qualifier == "exact"
    assert find(drafts, 5, change=None).qualifier == "exact"  # an upper bound is stated exactly


def test_a_gap_against_a_benchmark_stays_a_level() -> None:
    gap = find(figures("全县居民收入增长6.1%，高于全省平均水平1.2个百分点。"), 1.2)
    assert gap.change is None and gap.unit == "percentage points"


def test_blood_alcohol_and_fractions() -> None:
    drafts = figures("经检测，驾驶人血液酒精含量为95mg/100ml，另一人为132毫克/100毫升。"
                     "电诈案件占全部警情的近四分之一。")
    assert [(d.value, d.unit) for d in drafts] == [(95, "mg/100ml"), (132, "mg/100ml"), (25, "%")]
    assert drafts[2].qualifier == "nearly"


def test_premise_streak_is_background() -> None:
    drafts = figures("破案数在连续两年上升的基础上再同比上升3.4%。")
    assert values(drafts) == [3.4]
    assert drafts[0].indicator_zh == "破案数"


# ------------------------------------------------------------------------------------------
# repeats, script, place and period
# ------------------------------------------------------------------------------------------


def test_word_for_word_repeat_is_kept_once_but_a_restatement_with_its_level_stays() -> None:
    text = ("上半年全市警情、立案数分别同比下降8.2%、11.4%。\n"
            "据统计，全市接报警情2.1万起、立案3300起，分别同比下降8.2%、11.4%。\n"
            "其中立案3300起、同比下降11.4%。")
    drafts = figures(text)
    assert sum(1 for d in drafts if d.value == 8.2) == 1
    assert sum(1 for d in drafts if d.value == 11.4) == 2  # the restatement beside its level is kept


def test_traditional_text_keeps_its_script_and_offsets() -> None:
    text = "全縣破獲電詐案件86起，同比上升12.3%，為群眾挽回損失逾300萬元。"
    drafts = figures(text)
    assert values(drafts) == [86, 12.3, 3000000]
    assert drafts[0].indicator_zh == "破獲電詐案件"
    assert drafts[2].quote.endswith("逾300萬元")


def test_county_inside_the_city_narrows_the_region() -> None:
    region = Bilingual(zh="梅州市", en="Meizhou")
    text = ("全市刑事警情同比下降6.1%。\n"
            "市公安局在蕉岭县试点警务改革。上半年，该县破获案件130起，交通事故同比下降9.9%。\n"
            "全市共抓获逃犯77名。")
    drafts = figures(text, region=region)
    assert find(drafts, 6.1).region_zh is None
    assert find(drafts, 130).region_zh == "蕉岭县"
    assert find(drafts, 9.9).region_zh == "蕉岭县"
    assert find(drafts, 130).region_en == "Jiaoling County"
    assert find(drafts, 77).region_zh is None


def test_month_in_the_text_narrows_the_period() -> None:
    period = Period(label="2023")
    text = "2023年，全市破案1200起。2023年8月，警方打掉2个团伙。\n1至5月，全市立案350起。\n侦破2007年发生的积案1宗。"
    drafts = figures(text, period=period)
    assert find(drafts, 1200).period == "2023"
    assert find(drafts, 2).period == "2023-08"
    assert find(drafts, 350).period == "2023-01/2023-05"
    assert find(drafts, 1).period == "2023"  # the year of the crime is not the figure's period


# ------------------------------------------------------------------------------------------
# whole articles
# ------------------------------------------------------------------------------------------


def _score(article: Path) -> tuple[float, float, list]:
    from reportgen.evaluation import load_gold, score_article
    from reportgen.pipeline import summarize

    doc = ingest.from_path(article)
    report = summarize(doc, engine="offline")
    result = score_article(article.name, doc, load_gold(article.with_suffix(".json")), report)
    scores = result.counts.scores()
    return scores["precision"], scores["recall"], report.rejected


@pytest.mark.parametrize("article", FIXTURES, ids=lambda p: p.stem)
def test_fixture_articles_against_their_annotation(article: Path) -> None:
    assert gold_for(article) is not None
    precision, recall, rejected = _score(article)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    assert rejected == []


def test_fixtures_cover_both_scripts() -> None:
    scripts = {gold_for(a)["script"] for a in FIXTURES}
    assert scripts == {"zh-Hans", "zh-Hant"}


@pytest.mark.parametrize("article", sample_articles(), ids=lambda p: p.stem)
def test_shared_samples_meet_the_acceptance_bar(article: Path) -> None:
    precision, recall, rejected = _score(article)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    assert rejected == []


# ------------------------------------------------------------------------------------------
# constructs that independently annotated articles showed (written afresh, fictional figures)
# ------------------------------------------------------------------------------------------


def test_mixed_magnitudes_in_traditional_reports() -> None:
    drafts = figures("本季竊盜案受理1萬2,604件，詐騙損失新臺幣7億3,150萬元，查扣贓款約新臺幣3億5千萬元。")
    assert values(drafts) == [12604, 731_500_000, 350_000_000]
    assert drafts[2].qualifier == "about"


def test_signed_percentage_in_parentheses_is_the_change() -> None:
    drafts = figures("住宅竊盜較去年同期減少86件（-7.42%），機車竊盜增加12件（+3.10%）。")
    assert find(drafts, 7.42).change.direction == "down"
    assert find(drafts, 3.10).change.direction == "up"


def test_flat_changes_give_a_zero_change() -> None:
    drafts = figures("全区亡人火灾9起，同比持平。抢劫案件发案数与上年同期相同。重伤人数环比持平。")
    flats = [d for d in drafts if d.change and d.change.direction == "flat"]
    assert [d.value for d in flats] == [0, 0, 0]
    assert flats[0].change.basis == "year_on_year" and flats[2].change.basis == "period_on_period"
    assert find(drafts, 9).change is None
    assert flats[1].indicator_zh.startswith("抢劫案件")


def test_chinese_numeral_lists_and_counts_after_the_noun() -> None:
    drafts = figures("甲县、乙县、丙县分别捣毁制毒窝点四个、一个、三个。治安大队查获赌博机六台和九台。"
                     "全市打掉非法集资平台五个。")
    assert values(drafts) == [4, 1, 3, 6, 9, 5]


def test_ranks_listed_after_the_first() -> None:
    drafts = figures("东城所、西城所、南城所分别位列全市第三、四、五名。今年的盗窃案数为二十年来第三低。")
    assert [d.value for d in drafts if d.unit == "rank"] == [3, 4, 5, 3]


def test_quoted_zero_list_and_shared_zero() -> None:
    drafts = figures("全年实现“零伤亡、零火灾、零投诉”。辖区命案、涉枪案件实现零发案。两抢、盗窃机动车实现“双零”。"
                     "窗口投诉为零。")
    assert values(drafts) == [0] * 8


def test_one_value_shared_by_subjects_joined_by_he() -> None:
    drafts = figures("全市出租屋登记率和流动人口核录率均达到98.5%。")
    assert values(drafts) == [98.5, 98.5]
    assert drafts[0].indicator_zh != drafts[1].indicator_zh


@pytest.mark.parametrize(("sentence", "value", "direction"), [
    ("电信诈骗案微升1.8%。", 1.8, "up"),
    ("入室盗窃急升22.4%。", 22.4, "up"),
    ("北区升幅最大，达7.7%。", 7.7, "up"),
    ("警情总量比上月高出约15%。", 15, "up"),
    ("涉案金额是上年的3.4倍。", 3.4, "up"),
    ("降幅比一季度收窄1.6个百分点。", 1.6, "up"),  # a smaller fall: the rate rose
    ("注册用户较年初新增8.2万。", 82000, "up"),
])
def test_change_verbs_without_the_common_words(sentence: str, value: float, direction: str) -> None:
    assert find(figures(sentence), value).change.direction == direction


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("吸毒人员占户籍人口的比例降至0.41‰。", 0.41, "‰"),
    ("油菜籽产量达到12.6亿斤。", 1_260_000_000, "jin"),
    ("细颗粒物年均浓度为33微克/立方米。", 33, "µg/m³"),
    ("查获走私柴油260升。", 260, "litres"),
    ("共起获仿真枪支17枝、弹丸840颗。", 17, "guns"),
    ("反诈预警短信发送量突破350万。", 3_500_000, ""),
])
def test_less_common_units_and_bare_magnitudes(sentence: str, value: float, unit: str) -> None:
    assert find(figures(sentence), value).unit == unit


def test_bare_ratio_levels_and_shares_after_de() -> None:
    drafts = figures("亿元产值事故死亡率降至0.024。夜间警情占全天警情总数的七成左右。街面抢夺不到全部警情的一成。")
    assert values(drafts) == [0.024, 70, 10]
    assert drafts[1].qualifier == "about" and drafts[2].qualifier == "under"


def test_streak_ordinal_and_qualifier_phrases() -> None:
    drafts = figures("全县连续第4年保持命案全破。专案组辗转三个多月。计划发展网格员不少于800名。平均每月约有92宗纠纷。")
    assert [(d.value, d.unit, d.qualifier) for d in drafts] == [
        (4, "years", "exact"), (3, "months", "more_than"), (800, "people", "at_least"), (92, "cases", "about")]


def test_one_as_an_article_is_not_a_count() -> None:
    assert figures("民警查处的一起网络赌博案引起关注。派出所发现一名老人独自徘徊。要求做到发现一起、处置一起。"
                   "银行柜台拦截一笔可疑汇款。") == []


def test_shortened_from_to_with_wei_is_one_figure() -> None:
    drafts = figures("户籍办理时限由10个工作日缩短为3个工作日。")
    assert [(d.value, d.from_value) for d in drafts] == [(3, 10)]


def test_share_with_a_time_threshold_keeps_the_share() -> None:
    drafts = figures("报警电话八成以上在15秒内接通。")
    assert [(d.value, d.unit, d.qualifier) for d in drafts] == [(80, "%", "at_least")]


def test_each_place_of_a_respectively_list_keeps_its_own_figure() -> None:
    drafts = figures("宜昌市公安局持续打击。夷陵区、当阳市、枝江市分别破获电诈案件64起、31起、27起。",
                     region=Bilingual(zh="宜昌市", en="Yichang"))
    assert [(d.value, d.region_zh) for d in drafts] == [(64, "夷陵区"), (31, "当阳市"), (27, "枝江市")]


def test_gong_is_stripped_only_as_the_adverb_not_inside_a_word() -> None:
    # the adverb 共 / 共有 / 总共 / 一共 is frame; 公共, 中共, 共享, 共建, 共青团, 共有产权 keep their 共
    text = ("全县一般公共预算收入12.5亿元，新建公共视频监控点位320个。今年以来共破获电诈案件45起，"
            "共享数据线索1200条。全市总共接报警情3.2万起，一共抓获嫌疑人860人，共有民警3000名。"
            "其中共立案侦查52起，在专项行动中共处置预警指令900条，共建成工作站12个。发展共青团员150名，开展共建共治活动36场，中共党员志愿者达420名，"
            "共有产权住房供应500套，新建统一共享平台3个。")
    drafts = figures(text)
    assert [d.indicator_zh for d in drafts] == [
        "一般公共预算收入", "新建公共视频监控点位", "破获电诈案件", "共享数据线索", "接报警情", "抓获嫌疑人", "民警",
        "立案侦查", "处置预警指令", "建成工作站", "发展共青团员", "开展共建共治活动", "中共党员志愿者",
        "共有产权住房供应", "新建统一共享平台"]


def test_a_deck_under_the_headline_restates_the_body_figure() -> None:
    doc = ingest.from_text("某市公安局通报上半年治安形势\n——上半年全市刑事警情同比下降9.4%\n"
                           "　　记者从市公安局获悉，上半年全市刑事警情同比下降9.4%，破获刑事案件1,372起。\n")
    drafts = find_figures(doc)
    assert [(d.value, (d.start or 0) > 40) for d in drafts] == [(9.4, True), (1372, True)]


def test_a_laws_maximum_penalty_is_named_as_such_and_a_rules_condition_is_no_figure() -> None:
    text = ("今年以来全市查处非法出售银行卡人员326人。根据有关规定，非法出售银行卡尚不构成犯罪，违法所得不足5万元的，"
            "由公安机关处50万元以下罚款；情节严重的，最高可判处7年有期徒刑。法院共判处相关人员41人，最高被判有期徒刑3年。")
    drafts = figures(text)
    assert [(d.indicator_zh, d.value, d.unit) for d in drafts if "最高刑罚" in d.indicator_zh] == [
        ("最高刑罚（罚款）", 500000, "yuan"), ("最高刑罚（监禁）", 7, "years")]
    assert 50000 not in values(drafts)  # the condition of the rule
    assert {326, 41, 3} <= set(values(drafts))  # results, and the longest sentence actually passed
    assert next(d for d in drafts if d.value == 3).indicator_zh != "最高刑罚（监禁）"


def test_numbers_that_count_nothing_here_are_no_figures() -> None:
    # a count of the names just listed, and "the two" again; a service's hours; an address; an age bracket
    text = ("东关、南关两个派出所辖区本月接报盗窃警情分别为17起、9起，两所合计占全区的31.5%。"
            "群众可拨打24小时服务热线举报。被骗群众年龄以40至49岁者居多，占26.4%。查获毒品净重36.2公克。\n"
            "地址：200031某某市某某区某某路88号\n")
    assert [(d.value, d.unit) for d in figures(text)] == [
        (17, "cases"), (9, "cases"), (31.5, "%"), (26.4, "%"), (36.2, "grams")]
    # a name may hold a numeral of its own (四新岗): still the count of the names listed
    assert values(figures("修梅、四新岗两个派出所辖区盗窃警情同比分别下降40%、33.3%。")) == [40, 33.3]
    # a count after a list that is not the list's own count stays: 两市破获的两起案件
    assert 2 in values(figures("其中甲、乙两市破获的两起跨境洗钱案涉案金额达3亿元。"))


def test_a_second_respectively_list_speaks_of_the_same_levels() -> None:
    drafts = figures("本月全市发生较大事故12起、死亡15人，同比分别下降7.7%、6.3%，环比分别下降14.3%、11.8%。")
    names = {d.value: d.indicator_zh for d in drafts}
    assert names[14.3] == names[7.7] == names[12] and names[11.8] == names[6.3] == names[15]


def test_a_bare_clearance_rate_is_the_rate_of_what_its_sentence_counts() -> None:
    drafts = figures("1至6月全县刑事案件发生1,640起，破获1,102起，破案率67.2%。"
                     "其中抢劫案件发生6起，全部侦破，破案率100%；"
                     "盗窃案件发生318起，破获201起，破案率63.2%。全市破获电诈案件120起，破案率35.5%。")
    names = {d.value: d.indicator_zh for d in drafts if d.unit == "%"}
    assert names == {67.2: "刑事案件破案率", 100: "抢劫案件破案率", 63.2: "盗窃案件破案率", 35.5: "破案率"}


def test_a_topic_names_the_figures_whose_own_name_is_only_a_verb_or_a_facilitys() -> None:
    drafts = figures("在打击毒品犯罪方面，起诉213人，判处187人。深圳湾口岸方面，旅客出入境约860万人次。"
                     "禁毒方面，全年破获毒品案件96起。")
    names = {d.value: d.indicator_zh for d in drafts}
    assert names[213] == "毒品犯罪起诉" and names[187] == "毒品犯罪判处"
    assert names[8600000] == "深圳湾口岸旅客出入境"
    assert names[96] == "破获毒品案件"  # a name of its own keeps it


def test_casualties_after_an_accident_count_are_that_accidents() -> None:
    drafts = figures("全年共发生火灾事故263起，直接财产损失410万元；死亡3人，受伤7人。"
                     "全县发生道路交通亡人事故18起、死亡20人。")
    names = {d.value: d.indicator_zh for d in drafts}
    assert names[3] == names[7].replace("受伤", "死亡") == "火灾事故死亡"
    assert names[20] == "死亡"  # a fatal accident's deaths are named by the count before them
