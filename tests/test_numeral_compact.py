"""Compact numerals of Taiwan, Hong Kong and Macao pages, read by the one numeral reader.

Thousands groups separated by a space (4 382, 12 480 000; also U+00A0, U+2009, U+202F), tenths with an
Arabic second digit (2成7 = 27%), a digit before a compound magnitude (3千萬, 5百万, 3千億) and Arabic
digits with Chinese units, also inside a 萬/億 group (3千5百, 1萬2千, 1億3千5百萬).

Each sentence is written for this test. Every case is checked twice: the reader gives the value, and a
model answer stating it goes through the llm engine's parser and grounding, where the right value is kept
and each misreading (the numbers the reader used to see, or a part of the numeral) is refused.
"""

from __future__ import annotations

import time

import pytest

from reportgen.engines.llm.merge import answer_to_draft
from reportgen.engines.llm.schema import Extraction
from reportgen.ingest.document import from_text
from reportgen.verify.grounding import ground_metrics
from reportgen.zh.numerals import chinese_to_number, find_numbers, numeral_values, same_value

from .test_numeral_forms import _answer, _other_script

NBSP, THIN, NARROW_NBSP = "\u00a0", "\u2009", "\u202f"

# (sentence, quote, right value, unit, misreadings)
COMPACT = [
    # thousands groups separated by a space (Hong Kong)
    ("上半年全港共發生罪案4 382宗。", "共發生罪案4 382宗", 4382, "cases", [4, 382]),
    ("騙案涉及款項達12 480 000元。", "涉及款項達12 480 000元", 12_480_000, "HKD", [12, 480, 0]),
    (f"消防處全年處理火警1{NBSP}205宗。", f"處理火警1{NBSP}205宗", 1205, "cases", [1, 205]),
    (f"年內檢獲懷疑毒品共3{THIN}650克。", f"檢獲懷疑毒品共3{THIN}650克", 3650, "grams", [3, 650]),
    (f"入境旅客達2{NARROW_NBSP}314{NARROW_NBSP}500人次。", f"入境旅客達2{NARROW_NBSP}314{NARROW_NBSP}500人次",
     2_314_500, "person-times", [2, 314, 500]),
    # tenths with an Arabic second digit
    ("受訪市民中有2成7表示晚間出行安心。", "有2成7表示晚間出行安心", 27, "%", [2, 20, 7]),
    ("电信诈骗约占全部刑事案件3成6。", "约占全部刑事案件3成6", 36, "%", [3, 30, 6]),
    ("被捕人士中2成7為青少年。", "被捕人士中2成7為青少年", 27, "%", [20, 7]),
    ("今年破案率提升至8成。", "破案率提升至8成", 80, "%", [8]),
    ("本月见警率达到8.5成。", "见警率达到8.5成", 85, "%", [8.5, 8]),
    # a digit before a compound magnitude (万/萬, 亿/億)
    ("今年以来共为群众挽回损失3千万元。", "挽回损失3千万元", 30_000_000, "yuan", [3000, 10_000, 3]),
    ("全市投入5百万元用于视频监控建设。", "投入5百万元用于视频监控建设", 5_000_000, "yuan", [500, 5, 10_000]),
    ("該平台涉案流水高達3千億元。", "涉案流水高達3千億元", 3e11, "TWD", [3000, 1e8]),
    ("景區上月接待遊客2十萬人次。", "接待遊客2十萬人次", 200_000, "person-times", [2, 100_000]),
    ("被骗金额共3千多万元。", "被骗金额共3千多万元", 30_000_000, "yuan", [3000, 10_000]),
    # Arabic digits with Chinese units, also inside a 萬/億 group
    ("全年共破獲毒品案件3千5百件。", "破獲毒品案件3千5百件", 3500, "cases", [3000, 5, 100]),
    ("本年度轄區內共錄得1萬2千宗爆竊案。", "共錄得1萬2千宗爆竊案", 12_000, "cases", [1, 2000, 10_002, 10_000]),
    ("去年警方共處理市民報案4萬3千則。", "處理市民報案4萬3千則", 43_000, "cases", [40_003, 3000, 4]),
    ("全年接獲求助來電8萬6千餘通。", "接獲求助來電8萬6千餘通", 86_000, "calls", [80_006, 6000, 80_000]),
    ("詐騙集團不法獲利約1億3千5百萬元。", "不法獲利約1億3千5百萬元", 135_000_000, "TWD",
     [100_000_000, 3000, 500, 10_000, 35_000_000]),
    ("海關查扣私貨市值2億4千6百萬元。", "查扣私貨市值2億4千6百萬元", 246_000_000, "TWD",
     [200_000_000, 4000, 600, 246]),
    ("本季共截獲走私香煙3萬5百條。", "截獲走私香煙3萬5百條", 30_500, "items", [30_005, 500, 35_000]),
    ("法院判決沒收犯罪所得２億３千萬元。", "沒收犯罪所得２億３千萬元", 230_000_000, "TWD", [30_000_000, 200_000_000]),
    ("全年受理報案１萬２千５百件。", "受理報案１萬２千５百件", 12_500, "cases", [10_002, 2000, 500]),
    ("全市交通违法记录达2万1千3百条。", "交通违法记录达2万1千3百条", 21_300, "items", [20_001, 1000, 300]),
]

IDS = [f"{case[1]}={case[2]:g}" for case in COMPACT]


def _grounded(sentence: str, quote: str, value: float, unit: str) -> tuple[list[float], list[str]]:
    doc = from_text(sentence)
    report = ground_metrics(doc, answer_to_draft(Extraction.model_validate(_answer(quote, value, unit)), doc))
    return [m.value for m in report.metrics], [r.reason for r in report.rejected]


@pytest.mark.parametrize(("sentence", "quote", "right", "unit", "wrong"), COMPACT, ids=IDS)
def test_the_reader_gives_the_value(sentence: str, quote: str, right: float, unit: str, wrong: list[float]) -> None:
    values = numeral_values(quote)
    assert any(same_value(v, right) for v in values), values
    for misreading in wrong:
        assert not any(same_value(v, misreading) for v in values), (misreading, values)


@pytest.mark.parametrize(("sentence", "quote", "right", "unit", "wrong"), COMPACT, ids=IDS)
def test_grounding_keeps_the_value_and_refuses_a_misreading(
        sentence: str, quote: str, right: float, unit: str, wrong: list[float]) -> None:
    kept, reasons = _grounded(sentence, quote, right, unit)
    assert kept == [right], reasons
    for misreading in wrong:
        kept, reasons = _grounded(sentence, quote, misreading, unit)
        assert not kept and "not a number in the quote" in reasons[0], (misreading, reasons)


@pytest.mark.parametrize(("sentence", "quote", "right", "unit", "wrong"), COMPACT,
                         ids=[f"other-script:{case[2]:g}" for case in COMPACT])
def test_every_compact_form_holds_in_the_other_script_too(
        sentence: str, quote: str, right: float, unit: str, wrong: list[float]) -> None:
    sentence, quote = _other_script(sentence), _other_script(quote)
    assert any(same_value(v, right) for v in numeral_values(quote)), quote
    kept, reasons = _grounded(sentence, quote, right, unit)
    assert kept == [right], (sentence, reasons)
    for misreading in wrong:
        kept, _ = _grounded(sentence, quote, misreading, unit)
        assert not kept, (sentence, misreading)


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("4 382宗", 4382, "exact"), ("約12 480 000元", 12_480_000, "about"),
    ("2成7", 27, "exact"), ("超過3成6", 36, "over"),
    ("3千多万元", 30_000_000, "more_than"), ("近5百萬元", 5_000_000, "nearly"),
    ("8萬6千餘通", 86_000, "more_than"), ("逾4萬3千則", 43_000, "over"), ("1萬2千宗", 12_000, "exact"),
    ("約1億3千5百萬元", 135_000_000, "about"),
])
def test_one_match_with_its_qualifier(text: str, value: float, qualifier: str) -> None:
    found = find_numbers(text)
    assert [(n.value, n.qualifier) for n in found] == [(value, qualifier)], found
    assert found[0].text == text.rstrip("元宗通则則")


def test_tenths_read_with_a_second_digit_are_shares() -> None:
    share = find_numbers("佔2成7")[0]
    assert share.percent and share.value == 27 and share.text == "2成7"
    assert [(n.value, n.percent) for n in find_numbers("8成，8.5成，六成六")] == [(80, True), (85, True), (66, True)]


# -- what must stay as it was ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "values"), [
    ("2025年 3 月", [2025, 3]),  # a date written with spaces
    ("2025 年 3 月 15 日", [2025, 3, 15]),
    ("第 1 季", [1]),
    ("各區分別錄得 12 45 及 7 宗", [12, 45, 7]),  # a list: the second number is not three digits
    ("編號 12 3456", [12, 3456]),
    ("1234 567", [1234, 567]),  # the first group has four digits
    ("4 382 12", [4, 382, 12]),  # a run that goes on with a group of two: not one number
    ("4 3821宗", [4, 3821]),
    ("2,315 480", [2315, 480]),  # a comma number and a space are two numbers
    ("1.5 200", [1.5, 200]),
    ("共 3 宗", [3]),
    ("Q1 234", [1, 234]),  # a code before the space
    ("4  382", [4, 382]),  # two spaces: not a separator
    ("4\u3000382", [4, 382]),  # an ideographic space is not one either
])
def test_spaces_join_only_groups_of_three(text: str, values: list[float]) -> None:
    assert numeral_values(text) == values


def test_tenths_with_a_second_digit_need_a_lone_digit() -> None:
    assert 27 not in numeral_values("2成75")  # 2成 then 75
    assert 27 not in numeral_values("12成7")
    assert 20.7 not in numeral_values("2成7.5")
    assert numeral_values("6成、7") == [60, 7]
    assert 10 not in numeral_values("他成为骨干，一成不变")
    assert 10 not in numeral_values("分成3组")


def test_a_range_ending_in_a_compound_magnitude_scales_its_low_end() -> None:
    assert numeral_values("3至5千万元") == [30_000_000, 50_000_000]
    assert numeral_values("2至3百万") == [2_000_000, 3_000_000]


def test_kilometres_and_kilowatts_are_not_thousands() -> None:
    assert 3000 not in numeral_values("全长3千米") and 3000 not in numeral_values("功率3千瓦")
    assert numeral_values("全长3千万米") == [30_000_000]


def test_spoken_shorthand_and_ambiguous_forms_are_unchanged() -> None:
    assert chinese_to_number("一萬五") == 15000 and numeral_values("一萬五") == [15000]  # fifteen thousand
    assert numeral_values("一万五千") == [15000]
    assert numeral_values("2萬1,836") == [21836] and numeral_values("2万641") == [20641]
    assert numeral_values("18億4,650萬") == [1_846_500_000] and numeral_values("1亿2千万元") == [120_000_000]
    assert 12_300 not in numeral_values("1萬2千3")  # 3 after 千: shorthand for 300, or a new number: no guess
    assert 12_003 not in numeral_values("1萬2千3") and 3500 not in numeral_values("3千5")
    assert numeral_values("6万、2,315") == [60000, 2315]


def test_the_offline_engine_reads_the_compact_forms() -> None:
    from reportgen import pipeline
    from reportgen.config import Settings

    text = ("某區警方今年上半年共錄得刑事案件1萬2千宗，較去年同期下降3成6。"
            "涉案金額達12 480 000港元，另截獲走私香煙4 382條。")
    report = pipeline.summarize_text(text, settings=Settings(engine="offline"))
    values = {m.value for m in report.metrics}
    assert {12_000, 36, 12_480_000, 4382} <= values, report.metrics
    assert not values & {1, 2000, 10_002, 3, 6, 12, 480, 382}


# -- linear time ------------------------------------------------------------------------------------------

HOSTILE = [
    "1" + " 234" * 20_000 + " 56",  # one long run of groups that ends with a group of two
    "123 " * 20_000,
    "9 " * 40_000,
    "2成7" * 10_000,
    "3千多万" * 10_000,
    "1萬2千" * 10_000,
    "3千5百" * 10_000 + "9",
    "1億3千5百萬" * 5_000,
]


@pytest.mark.parametrize("unit", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_runs_are_read_in_linear_time(unit: str) -> None:
    def seconds(chars: int) -> float:
        text = (unit * (chars // len(unit) + 1))[:chars]
        started = time.perf_counter()
        numeral_values(text)
        return time.perf_counter() - started

    seconds(2_000)
    small, large = seconds(20_000), seconds(160_000)
    assert large < 8 * small * 3 + 0.5, (small, large)  # 8x the text; quadratic work would be 64x
