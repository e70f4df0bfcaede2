"""Forms of statistical and tourism bulletins the offline engine reads: fractional days (逗留1.6日),
energy and port units (亿千瓦时, 万标箱), fish released (万尾), a ratio's change with no measure word
(差距比上年缩小0.05), half as a share (占…的一半以上) and a no-change hedged with 大致. Sentences
written for these tests."""

from __future__ import annotations

from reportgen import ingest
from reportgen.engines.offline.figures import find_figures
from reportgen.models import MetricDraft


def drafts(text: str) -> list[MetricDraft]:
    return find_figures(ingest.from_text(text))


def test_a_fractional_number_of_days_is_a_duration_not_a_date() -> None:
    found = {(d.value, d.unit) for d in drafts("留宿旅客平均逗留1.6日，按年減少0.2日。")}
    assert {(1.6, "days"), (0.2, "days")} <= found
    assert not [d for d in drafts("本局於3月12日公布數據。") if d.unit == "days"]


def test_energy_port_and_fish_units() -> None:
    found = {(d.value, d.unit) for d in drafts("全市发电量312.5亿千瓦时；港口完成集装箱吞吐量74.2万标箱；"
                                               "全年增殖放流鱼苗18万尾。")}
    assert {(31_250_000_000, "kWh"), (742_000, "TEU"), (180_000, "fish")} <= found


def test_a_ratio_change_with_no_measure_word() -> None:
    found = drafts("城乡居民收入比为1.98，比上年缩小0.05。")
    change = [d for d in found if d.value == 0.05]
    assert change and change[0].change is not None and change[0].change.direction == "down"


def test_half_of_a_whole_named_before_it_is_a_share() -> None:
    found = [d for d in drafts("冒充客服类诈骗占电诈案件总数的一半以上。") if d.value == 50]
    assert found and found[0].unit == "%" and found[0].qualifier == "at_least"


def test_a_hedged_no_change_is_a_flat_change() -> None:
    found = [d for d in drafts("上半年入屋犯法案與去年同期大致持平。") if d.change is not None]
    assert found and found[0].value == 0 and found[0].change is not None and found[0].change.direction == "flat"
    assert found[0].qualifier == "about"


def test_english_for_a_hedged_no_change_and_no_repeated_verb() -> None:
    from reportgen import summarize_text

    report = summarize_text("某區警方公布上半年數字\n\n上半年全港共錄得搶劫案88宗，與去年同期大致持平。\n")
    text = " ".join([report.summary.en, *(kp.en for kp in report.key_points)])
    assert "held roughly steady" in text and "was unchanged" not in text
    for kp in report.key_points:
        words = kp.en.rstrip(".").split()
        assert not (words.count("recorded") > 1), kp.en


def test_calls_and_posts_are_counted() -> None:
    found = {(d.value, d.unit) for d in drafts("反诈专线本季接听来电3万2千余通；下架涉诈广告1万5千则。")}
    assert {(32000, "calls"), (15000, "ads")} <= found


def test_a_goal_is_marked_as_a_target_and_never_stated_as_a_result() -> None:
    from reportgen import summarize_text

    report = summarize_text("某县通报\n\n今年以来全县交通事故死亡人数同比下降7.5%。确保全年死亡人数同比下降一成以上，"
                            "计划新建交通信号灯40处。全年完成目标任务的103%。\n")
    targets = {m.value for m in report.metrics if m.target}
    assert targets == {10, 40}
    results = {m.value for m in report.metrics if not m.target}
    assert {7.5, 103} <= results
    prose = " ".join([report.summary.en, *(kp.en for kp in report.key_points)])
    assert "fell at least 10%" not in prose and "targets:" in prose


def test_english_names_what_an_unspecified_change_is_compared_with() -> None:
    from reportgen import summarize_text
    from reportgen.english.changes import basis_en

    report = summarize_text("全县经济\n\n全年城镇居民人均可支配收入比上年增长5.3%。本外币贷款余额比上年末增长9.2%。"
                            "规上工业增加值同比增长7.1%。网购诈骗警情较上月减少12起。\n")
    by_value = {m.value: basis_en(m) for m in report.metrics}
    assert by_value[5.3] == "on the previous year" and by_value[9.2] == "since the end of last year"
    assert by_value[7.1] == "year on year" and by_value[12] == "on the previous month"
    assert "rose 5.3% on the previous year" in " ".join(kp.en for kp in report.key_points)


def test_a_change_on_a_named_month_keeps_its_subject_and_names_the_month() -> None:
    from reportgen import summarize_text
    from reportgen.english.changes import basis_en

    report = summarize_text("某市9月份治安通报\n\n　　9月全市受理盗窃案件1,214件，较8月减少6.1%；"
                            "电诈损失金额3,260万元，比8月份增加2.4%。\n")
    by_value = {m.value: m for m in report.metrics}
    assert by_value[6.1].indicator.zh == by_value[1214].indicator.zh  # not "8月"
    assert basis_en(by_value[6.1]) == "on August" and basis_en(by_value[2.4]) == "on August"


def test_counted_nouns_give_the_unit() -> None:
    found = {(d.value, d.unit) for d in drafts("本月汽車竊盜9件、機車竊盜41件。查獲私煙約2.3億支。"
                                               "全市共有酒店場所88間，客房1.2萬間。")}
    assert {(9, "cases"), (41, "cases"), (230_000_000, "sticks"), (88, "establishments"), (12_000, "rooms")} <= found


def test_a_publisher_reads_in_english_with_its_name_as_written() -> None:
    from reportgen.english.names import organisation_en

    assert organisation_en("鍋碗瓢盆社") == "鍋碗瓢盆社"  # only a dictionary gloss: kept as written
    assert organisation_en("刑事警察局") == "Criminal Investigation Bureau (刑事警察局)"
    assert organisation_en("Reuters") == "Reuters"


def test_multiples_month_and_quarter_bases_and_big_amounts_read_unambiguously() -> None:
    from reportgen import summarize_text
    from reportgen.english.changes import basis_en, change_phrase

    report = summarize_text("全省经济\n\n光伏组件产量比上年增加1.4倍。跨境电商进出口额是上年的2.2倍。"
                            "全省金融机构存款余额35826.4亿元。\n\n本月入境旅客按月上升6.2%，按季上升3.3%。\n")
    phrases = {m.value: change_phrase(m) for m in report.metrics}
    assert phrases[1.4] == "up by 1.4 times its earlier level"
    assert phrases[2.2] == "2.2 times its earlier level"
    assert phrases[3_582_640_000_000] == "3.58264 trillion yuan"
    bases = {m.value: basis_en(m) for m in report.metrics if m.change is not None}
    assert bases[6.2] == "month on month" and bases[3.3] == "quarter on quarter"


def test_a_place_before_the_people_it_names_is_their_origin_not_the_figures_place() -> None:
    from reportgen import summarize_text

    report = summarize_text("澳門某月入境旅客統計\n\n　　本月入境旅客共312.6萬人次，其中香港旅客61.4萬人次，"
                            "台灣旅客8.2萬人次；外地僱員出入境約280萬人次。\n")
    by_value = {m.value: m for m in report.metrics}
    assert by_value[614000].indicator.en == "visitors from Hong Kong" and by_value[614000].region is None
    assert by_value[82000].indicator.en == "visitors from Taiwan"
    assert by_value[2800000].indicator.en.startswith("non-resident worker")
