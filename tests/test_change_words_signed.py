"""Change words whose parts point another way than the whole, read alike by the proposer and the verifier.

* 负增长 X% (負增長) is a fall of X%; 零增长 is no change.
* A signed rate after a basis word (按年-2.3%, 同比+5.1%, 環比-0.8%) or in a change column of a table
  takes its direction from the sign and its value from the magnitude.
* The change of a rate of change: 降幅收窄 / 跌幅收窄 is a rise of the rate, 增速回落 / 增幅回落 a fall,
  增速加快 a rise, 降幅扩大 a fall. Where a quote holds such a phrase, the phrase decides, not its parts.

Sentences written for these tests, in Simplified and Traditional script. The offline engine's reading is
checked through ``summarize_text``; the verifier through a model answer (Extraction -> Draft -> grounding):
the right direction is kept, the opposite one refused.
"""

from __future__ import annotations

import re

import pytest

import reportgen
from reportgen.engines.llm.merge import answer_to_draft
from reportgen.engines.llm.schema import Extraction
from reportgen.engines.offline.changes import change_before
from reportgen.english.changes import change_phrase
from reportgen.ingest.document import from_text
from reportgen.models import Change, Metric
from reportgen.verify.grounding import check_direction, ground_metrics
from reportgen.zh.vocabulary import DECLINE_RATE_NOUNS, GROWTH_RATE_NOUNS, RATE_GREW, RATE_SHRANK

UNIT_OF = {"%": "%", "pp": "percentage points"}


def _metrics(text: str) -> list[Metric]:
    return reportgen.summarize_text(text).metrics


def _change(text: str, value: float, unit: str = "%") -> tuple[str | None, str | None]:
    """(direction, basis) of the one figure of ``text`` with this value and unit."""
    found = [m for m in _metrics(text) if m.value == value and m.unit == UNIT_OF.get(unit, unit)]
    assert len(found) == 1, [(m.value, m.unit, m.change, m.evidence.quote) for m in _metrics(text)]
    change = found[0].change
    return (change.direction, change.basis) if change else (None, None)


# 1. negative and zero growth ---------------------------------------------------------------------

NEGATIVE = [
    ("2023年前三季度，某市社会消费品零售总额860亿元，同比负增长4.7%。", 4.7, "year_on_year"),
    ("本季本澳酒店住客共有210萬人次，按年負增長3.8%。", 3.8, "year_on_year"),
    ("上月全區貨櫃吞吐量按月負增長1.9%。", 1.9, "period_on_period"),
    ("今年以来，全县规模以上工业利润负增长12.6%。", 12.6, "unspecified"),
]


@pytest.mark.parametrize(("text", "value", "basis"), NEGATIVE, ids=[str(c[1]) for c in NEGATIVE])
def test_negative_growth_is_read_as_a_fall(text: str, value: float, basis: str) -> None:
    assert _change(text, value) == ("down", basis)
    assert all(m.value >= 0 for m in _metrics(text))


@pytest.mark.parametrize("text", ["一季度，全县城乡居民用电量同比零增长。", "首季本澳住宅成交宗數按年零增長。"])
def test_zero_growth_is_no_change(text: str) -> None:
    (figure,) = _metrics(text)
    assert figure.value == 0 and figure.change is not None
    assert (figure.change.direction, figure.change.basis) == ("flat", "year_on_year")
    assert "增长" not in figure.indicator.zh and "增長" not in figure.indicator.zh


# 2. signed rates after a basis word, and in a change column ---------------------------------------

SIGNED = [
    ("本月訪澳旅客人均消費2,350澳門元，按年錄得-2.3%。", 2.3, "down", "year_on_year"),
    ("今年一季度，全市工业用电量同比+5.1%。", 5.1, "up", "year_on_year"),
    ("上月本港零售業總銷貨價值環比-0.8%。", 0.8, "down", "period_on_period"),
    ("10月份，全省快递业务量按月+1.6%。", 1.6, "up", "period_on_period"),
    ("全年酒店入住率为71.2%，旅客总消费按年-3.5%。", 3.5, "down", "year_on_year"),
    ("截至6月末，全市住户存款同比增长-2.1%。", 2.1, "down", "year_on_year"),
]


@pytest.mark.parametrize(("text", "value", "direction", "basis"), SIGNED, ids=[str(c[1]) for c in SIGNED])
def test_a_signed_rate_after_a_basis_word_takes_the_sign_as_its_direction(
        text: str, value: float, direction: str, basis: str) -> None:
    assert _change(text, value) == (direction, basis)
    for m in _metrics(text):  # the sign and the basis word are no part of any indicator
        assert not {"-", "+", "按年", "同比", "環比", "按月", "錄得"} & {*m.indicator.zh, m.indicator.zh[-2:]}
        assert m.value >= 0


def test_a_signed_change_takes_the_subject_of_the_level_before_it() -> None:
    text = "本月訪澳旅客人均消費2,350澳門元，按年錄得-2.3%。"
    (level,) = [m for m in _metrics(text) if m.value == 2350]
    (change,) = [m for m in _metrics(text) if m.value == 2.3]
    assert change.indicator.zh == level.indicator.zh


TABLE = ("本月治安概況如下。\n"
         "項目／本月／去年同期／增減\n"
         "詐騙案件／320件／350件／-8.6%\n"
         "毒品案件／90件／80件／+12.5%\n"
         "傷害案件／12件／15件／-3件\n")


def test_a_change_column_gives_each_signed_cell_its_direction() -> None:
    assert _change(TABLE, 8.6) == ("down", "unspecified")
    assert _change(TABLE, 12.5) == ("up", "unspecified")
    assert _change(TABLE, 3, "cases") == ("down", "unspecified")
    by_value = {m.value: m for m in _metrics(TABLE)}
    assert by_value[8.6].indicator.zh == "詐騙案件" and by_value[12.5].indicator.zh == "毒品案件"
    assert by_value[320].change is None and by_value[350].change is None  # levels stay levels


def test_a_change_column_named_by_its_basis_keeps_that_basis() -> None:
    text = "各类警情统计如下：\n类别|本期|同比增减\n盗窃|210起|-6.2%\n诈骗|88起|+4.0%\n"
    assert _change(text, 6.2) == ("down", "year_on_year")
    assert _change(text, 4.0) == ("up", "year_on_year")


def test_a_signed_number_outside_a_change_column_stays_a_level() -> None:
    text = "监测数据如下：\n站点|最低气温|平均气温\n城区|-3℃|5℃\n"
    assert all(m.change is None for m in _metrics(text))


# 3. the change of a rate of change -----------------------------------------------------------------

SHIFTS = [
    ("1—10月，全市房地产开发投资同比下降8.2%，降幅比1—9月收窄1.3个百分点。", 1.3, "up"),
    ("商品房銷售面積按年下跌9.4%，跌幅較首季收窄2.6個百分點。", 2.6, "up"),
    ("规模以上工业增加值同比增长5.6%，增速比上月回落0.3个百分点。", 0.3, "down"),
    ("全市出口总额增长7.5%，增幅回落1.1个百分点。", 1.1, "down"),
    ("固定資產投資同比增長4.1%，增速比上半年加快0.5個百分點。", 0.5, "up"),
    ("全省进口同比下降3.2%，降幅比上月扩大0.7个百分点。", 0.7, "down"),
    ("居民消费价格同比上涨1.8%，涨幅比上月回落0.2个百分点。", 0.2, "down"),
]


@pytest.mark.parametrize(("text", "value", "direction"), SHIFTS, ids=[str(c[1]) for c in SHIFTS])
def test_a_shift_of_a_rate_is_read_by_the_whole_phrase(text: str, value: float, direction: str) -> None:
    assert _change(text, value, "pp") == (direction, "unspecified")
    (shift,) = [m for m in _metrics(text) if m.value == value]
    # the figure names the rate that moved, never the comparison (比上月) or only the rate noun
    assert "比" not in shift.indicator.zh and "較" not in shift.indicator.zh
    assert shift.indicator.zh[-2:] in ("降幅", "跌幅", "增速", "增幅", "涨幅") and len(shift.indicator.zh) > 2


def test_the_first_change_of_a_shift_sentence_keeps_its_own_direction() -> None:
    text = "1—10月，全市房地产开发投资同比下降8.2%，降幅比1—9月收窄1.3个百分点。"
    assert _change(text, 8.2) == ("down", "year_on_year")


def test_a_shift_to_a_new_rate_states_the_rate_itself() -> None:
    """降幅收窄至3.2%: the fall is now 3.2% (down), not a rise of 3.2."""
    assert _change("全省工业品出厂价格同比下降，降幅收窄至3.2%。", 3.2)[0] == "down"


def test_english_words_a_shift_of_a_rate_as_the_rate_moving() -> None:
    text = "1—10月，全市房地产开发投资同比下降8.2%，降幅比1—9月收窄1.3个百分点。"
    by_value = {m.value: m for m in _metrics(text)}
    assert change_phrase(by_value[8.2]) == "down 8.2% year on year"
    assert change_phrase(by_value[1.3]) == "narrowed by 1.3 percentage points"
    slowed = {m.value: m for m in _metrics("规模以上工业增加值同比增长5.6%，增速比上月回落0.3个百分点。")}
    assert change_phrase(slowed[0.3]) == "slowed by 0.3 percentage points on the previous month"
    faster = {m.value: m for m in _metrics("固定資產投資同比增長4.1%，增速比上半年加快0.5個百分點。")}
    assert change_phrase(faster[0.5]) == "quickened by 0.5 percentage points"


def test_english_words_negative_growth_as_a_fall() -> None:
    (change,) = [m for m in _metrics("本季本澳酒店住客共有210萬人次，按年負增長3.8%。") if m.value == 3.8]
    assert change_phrase(change) == "down 3.8% year on year"


# the verifier ------------------------------------------------------------------------------------

def _answer(quote: str, value: float, unit: str, direction: str, basis: str | None) -> dict[str, object]:
    figure: dict[str, object] = {"indicator_zh": "指标", "indicator_en": "figure", "value": value, "unit": unit,
                                 "quote": quote, "change_direction": direction}
    if basis:
        figure["change_basis"] = basis
    return {"title_en": "Figures", "summary_zh": "", "summary_en": "", "figures": [figure]}


def _grounded(sentence: str, quote: str, value: float, unit: str, direction: str, basis: str | None):  # noqa: ANN202
    doc = from_text(sentence)
    answer = Extraction.model_validate(_answer(quote, value, unit, direction, basis))
    return ground_metrics(doc, answer_to_draft(answer, doc))


# (sentence, quote, value, unit, basis as the model copies it, right direction)
VERIFIED = [
    ("本季本澳旅客總數增加，但台灣旅客按年負增長4.7%。", "按年負增長4.7%", 4.7, "%", "按年", "down"),
    ("全年规模以上工业利润同比负增长6.3%。", "同比负增长6.3%", 6.3, "%", "同比", "down"),
    ("本月訪澳旅客人均消費2,350澳門元，按年錄得-2.3%。", "按年錄得-2.3%", 2.3, "%", "按年", "down"),
    ("全年酒店入住率为71.2%，旅客总消费按年-3.5%。", "按年-3.5%", 3.5, "%", "按年", "down"),
    ("今年一季度，全市工业用电量同比+5.1%。", "同比+5.1%", 5.1, "%", "同比", "up"),
    ("上月本港零售業總銷貨價值環比-0.8%。", "環比-0.8%", 0.8, "%", "环比", "down"),
    ("截至6月末，全市住户存款同比增长-2.1%。", "同比增长-2.1%", 2.1, "%", "同比", "down"),
    (TABLE, "詐騙案件／320件／350件／-8.6%", 8.6, "%", None, "down"),
    (TABLE, "毒品案件／90件／80件／+12.5%", 12.5, "%", None, "up"),
    ("1—10月，全市房地产开发投资同比下降8.2%，降幅比1—9月收窄1.3个百分点。", "降幅比1—9月收窄1.3个百分点",
     1.3, "percentage points", None, "up"),
    ("商品房銷售面積按年下跌9.4%，跌幅較首季收窄2.6個百分點。", "跌幅較首季收窄2.6個百分點",
     2.6, "percentage points", None, "up"),
    ("规模以上工业增加值同比增长5.6%，增速比上月回落0.3个百分点。", "增速比上月回落0.3个百分点",
     0.3, "percentage points", None, "down"),
    ("全市出口总额增长7.5%，增幅回落1.1个百分点。", "增幅回落1.1个百分点", 1.1, "percentage points", None, "down"),
    ("固定資產投資同比增長4.1%，增速比上半年加快0.5個百分點。", "增速比上半年加快0.5個百分點",
     0.5, "percentage points", None, "up"),
    ("全省进口同比下降3.2%，降幅比上月扩大0.7个百分点。", "降幅比上月扩大0.7个百分点", 0.7, "percentage points",
     None, "down"),
    ("全省工业品出厂价格同比下降，降幅收窄至3.2%。", "降幅收窄至3.2%", 3.2, "%", None, "down"),
]


@pytest.mark.parametrize(("sentence", "quote", "value", "unit", "basis", "right"), VERIFIED,
                         ids=[c[1] for c in VERIFIED])
def test_the_verifier_keeps_the_direction_the_whole_phrase_states_and_refuses_the_other(
        sentence: str, quote: str, value: float, unit: str, basis: str | None, right: str) -> None:
    kept = _grounded(sentence, quote, value, unit, right, basis)
    assert [(m.value, m.change.direction if m.change else None) for m in kept.metrics] == [(value, right)], \
        kept.rejected
    wrong = "up" if right == "down" else "down"
    refused = _grounded(sentence, quote, value, unit, wrong, basis)
    if _DECLINE_SHIFT_BY.search(quote):  # 降幅收窄N个百分点: both readings are honest (check_direction)
        assert refused.metrics, refused.rejected
        return
    assert not refused.metrics and "contradicts" in refused.rejected[0].reason


def test_the_verifier_reads_a_quote_holding_both_a_change_and_a_shift() -> None:
    """Both phrases count: the fall of 8.2% and the narrowing of its rate by 1.3 points."""
    sentence = "1—10月，全市房地产开发投资同比下降8.2%，降幅比1—9月收窄1.3个百分点。"
    quote = "房地产开发投资同比下降8.2%，降幅比1—9月收窄1.3个百分点"
    assert _grounded(sentence, quote, 8.2, "%", "down", "同比").metrics
    assert _grounded(sentence, quote, 1.3, "percentage points", "up", None).metrics


@pytest.mark.parametrize(("sentence", "quote"), [("一季度，全县城乡居民用电量同比零增长。", "同比零增长"),
                                                 ("首季本澳住宅成交宗數按年零增長。", "按年零增長")])
def test_the_verifier_keeps_zero_growth_as_no_change_and_refuses_a_move(sentence: str, quote: str) -> None:
    kept = _grounded(sentence, quote, 0, "%", "flat", "同比")
    assert [(m.value, m.change.direction if m.change else None) for m in kept.metrics] == [(0, "flat")]
    for wrong in ("up", "down"):
        assert not _grounded(sentence, quote, 0, "%", wrong, "同比").metrics


# the proposer and the verifier agree on every rate noun and verb of the vocabulary --------------------

_DECLINE_SHIFT_BY = re.compile(r"(?:降幅|跌幅)[^至到为為]*(?:个百分点|個百分點)")
SHIFT_WORDS = [(n, v) for n in GROWTH_RATE_NOUNS + DECLINE_RATE_NOUNS for v in RATE_GREW + RATE_SHRANK]


@pytest.mark.parametrize(("noun", "verb"), SHIFT_WORDS, ids=[f"{n}{v}" for n, v in SHIFT_WORDS])
def test_proposer_and_verifier_read_every_shift_of_a_rate_alike(noun: str, verb: str) -> None:
    text = f"全市出口总额{noun}比上月{verb}1.2个百分点"
    change, _ = change_before(text, 0, text.index("1.2"), None)
    expected = "up" if (noun in GROWTH_RATE_NOUNS) == (verb in RATE_GREW) else "down"
    assert change == (expected, "unspecified")
    other = "down" if expected == "up" else "up"
    assert check_direction(Change(direction=expected, basis="unspecified"), text) is None
    # a decline rate's shift reads both ways (降幅收窄: the decline narrowed, growth improved); a growth rate's one way
    other_is_honest = noun in DECLINE_RATE_NOUNS
    assert (check_direction(Change(direction=other, basis="unspecified"), text) is None) == other_is_honest
