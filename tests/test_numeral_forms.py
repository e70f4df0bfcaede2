"""Every numeral form real articles use, read by the one reader and checked through grounding.

Each case is a sentence written for this test (Simplified or Traditional), the figure a careful
model would state for it, and a misstatement. The model answer goes through the llm engine's
parser (Extraction -> Draft) and grounding: the right value is kept, the wrong one refused.
"""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.engines.llm.merge import answer_to_draft
from reportgen.engines.llm.schema import Extraction
from reportgen.ingest.document import from_text
from reportgen.verify.grounding import ground_metrics
from reportgen.zh.numerals import chinese_to_number, find_numbers, numeral_values

# (sentence, quote, right value, unit, wrong value)
FORMS = [
    ("本季度群众满意度达8成，较上季度提高。", "群众满意度达8成", 80, "%", 8),
    ("受訪市民中超過8成表示安心。", "超過8成表示安心", 80, "%", 8),
    ("涉案人员中近半为外地人员。", "近半为外地人员", 50, "%", 5),
    ("上述案件中四成发生在夜间。", "四成发生在夜间", 40, "%", 4),
    ("各區罪案率下降一至三成多不等。", "下降一至三成多", 10, "%", 1),
    ("各區罪案率下降一至三成多不等。", "下降一至三成多", 30, "%", 3),
    ("青少年案件佔整體百分之廿四。", "佔整體百分之廿四", 24, "%", 204),
    ("全年受理報案九萬三三七九件。", "受理報案九萬三三七九件", 93379, "cases", 9),
    ("詐騙財損達六二九億二四二四萬餘元。", "財損達六二九億二四二四萬餘元", 62_924_240_000, "TWD", 629),
    ("涉案被告被判入獄21至75個月。", "判入獄21至75個月", 21, "months", 2175),
    ("涉案被告被判入獄21至75個月。", "判入獄21至75個月", 75, "months", 7.5),
    ("每批次查获2000至2500组号码。", "查获2000至2500组号码", 2500, "items", 25),
    ("网络诈骗案件数量是去年的2.3倍。", "是去年的2.3倍", 2.3, "times", 23),
    ("破案率提高3.2个百分点。", "提高3.2个百分点", 3.2, "%", 32),
    ("交通事故死亡率為2.5‰。", "死亡率為2.5‰", 2.5, "‰", 25),
    ("全市共接报警情１２，３４５起。", "接报警情１２，３４５起", 12345, "cases", 12),
    ("涉案金額逾6,000萬港元。", "涉案金額逾6,000萬港元", 60_000_000, "HKD", 6000),
    ("刑事案件同比下降百分之三十五点五。", "下降百分之三十五点五", 35.5, "%", 355),
    ("全年抓获两千三百名嫌疑人。", "抓获两千三百名嫌疑人", 2300, "people", 2003),
    ("查處案件二〇三宗。", "查處案件二〇三宗", 203, "cases", 23),
    ("涉案金额3.5万亿元。", "涉案金额3.5万亿元", 3.5e12, "yuan", 3.5e8),
    ("挽回损失1亿2千万元。", "挽回损失1亿2千万元", 120_000_000, "yuan", 12_000),
    ("旅客人次達2萬1,836。", "旅客人次達2萬1,836", 21836, "person-times", 21),
    ("盜竊案佔全部案件約三成半。", "佔全部案件約三成半", 35, "%", 3),
    ("網購騙案佔整體七成二。", "佔整體七成二", 72, "%", 7),
    ("被捕者中超過六成為青年。", "超過六成為青年", 60, "%", 6),
    ("今年以交通事故減少2成為努力方向。", "交通事故減少2成為努力方向", 20, "%", 2),
    ("全年新收案件八萬○四一二件。", "新收案件八萬○四一二件", 80412, "cases", 8),
    ("查处涉案百万元以上案件。", "涉案百万元以上案件", 1_000_000, "yuan", 100),
]


def _answer(quote: str, value: float, unit: str) -> dict[str, object]:
    return {"title_en": "Police figures", "summary_zh": "", "summary_en": "",
            "figures": [{"indicator_zh": "指标", "indicator_en": "figure", "value": value, "unit": unit,
                         "quote": quote}]}


@pytest.mark.parametrize(("sentence", "quote", "right", "unit", "wrong"), FORMS,
                         ids=[f"{f[1]}={f[2]:g}" for f in FORMS])
def test_a_figure_the_quote_carries_is_kept_and_a_misstated_one_refused(
        sentence: str, quote: str, right: float, unit: str, wrong: float) -> None:
    doc = from_text(sentence)
    kept = ground_metrics(doc, answer_to_draft(Extraction.model_validate(_answer(quote, right, unit)), doc))
    assert [m.value for m in kept.metrics] == [right], kept.rejected
    refused = ground_metrics(doc, answer_to_draft(Extraction.model_validate(_answer(quote, wrong, unit)), doc))
    assert not refused.metrics and "not a number in the quote" in refused.rejected[0].reason


def test_tenths_and_half_carry_their_qualifiers() -> None:
    found = {n.text: (n.value, n.qualifier, n.percent) for n in find_numbers("超过7成；逾半数；近半；八成多")}
    assert found == {"超过7成": (70, "over", True), "逾半": (50, "over", True), "近半": (50, "nearly", True),
                     "八成多": (80, "more_than", True)}


def test_half_of_a_time_span_is_not_a_share() -> None:
    assert numeral_values("近半年来，超过半个月") == []


def test_a_bare_low_end_takes_the_kind_of_the_high_end() -> None:
    assert numeral_values("3至5万元；2-4%；二到三成") == [30000, 50000, 2, 4, 20, 30]
    assert numeral_values("2019-2020年") == [2019, 2020]  # no magnitude to share: both as written


def test_spoken_shorthand_is_not_read_digit_by_digit() -> None:
    assert chinese_to_number("一万五") == 15000  # spoken: fifteen thousand
    assert chinese_to_number("一萬五千") == 15000
    assert chinese_to_number("五萬零三") == 50003
    assert chinese_to_number("五萬〇〇〇三") == 50003  # digit by digit, four after 萬


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_positional_numerals_agree_with_cn2an(n: int) -> None:
    numeral = cn2an.an2cn(n)
    assert chinese_to_number(numeral) == float(cn2an.cn2an(numeral, "smart"))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_digit_by_digit_numerals_with_wan_read_as_their_groups(high: int, low: int) -> None:
    digits = "〇一二三四五六七八九"
    spell = "".join(digits[int(c)] for c in str(high)) + "萬" + "".join(digits[int(c)] for c in f"{low:04d}")
    assert numeral_values(spell + "件") == [high * 10_000 + low]


def test_idioms_with_cheng_are_not_shares() -> None:
    assert 10 not in numeral_values("他成为骨干，一成不变")


def _other_script(text: str) -> str:
    from reportgen.zh.script import opencc_converter, to_simplified

    simplified = to_simplified(text)
    return opencc_converter("s2t").convert(text) if simplified == text else simplified


@pytest.mark.parametrize(("sentence", "quote", "right", "unit", "wrong"), FORMS,
                         ids=[f"other-script:{f[2]:g}" for f in FORMS])
def test_every_form_holds_in_the_other_script_too(
        sentence: str, quote: str, right: float, unit: str, wrong: float) -> None:
    sentence, quote = _other_script(sentence), _other_script(quote)
    doc = from_text(sentence)
    kept = ground_metrics(doc, answer_to_draft(Extraction.model_validate(_answer(quote, right, unit)), doc))
    assert [m.value for m in kept.metrics] == [right], (sentence, kept.rejected)
    refused = ground_metrics(doc, answer_to_draft(Extraction.model_validate(_answer(quote, wrong, unit)), doc))
    assert not refused.metrics


def test_one_value_shared_by_several_places_is_one_figure_for_each() -> None:
    sentence = "某市通报\n全年甲县、乙县、丙区盗窃警情降幅均超过25%。"
    doc = from_text(sentence)
    figures = [{"indicator_zh": "盗窃警情", "indicator_en": "thefts", "value": 25, "unit": "%",
                "quote": "甲县、乙县、丙区盗窃警情降幅均超过25%", "change_direction": "down", "region_zh": place}
               for place in ("甲县", "乙县", "丙区")]
    answer = {"title_en": "Thefts", "summary_zh": "", "summary_en": "", "figures": figures}
    kept = ground_metrics(doc, answer_to_draft(Extraction.model_validate(answer), doc))
    assert sorted(m.region.zh for m in kept.metrics if m.region) == ["丙区", "乙县", "甲县"], kept.rejected
