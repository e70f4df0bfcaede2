"""Numerals -> plain numbers: magnitudes, Chinese numerals, qualifiers, shares."""

from __future__ import annotations

import pytest

from reportgen.zh.numerals import NumberMatch, chinese_to_number, find_numbers, same_value


def only(text: str) -> NumberMatch:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value"), [
    ("12.13万", 121300), ("1.2亿", 120000000), ("2万亿", 2e12), ("12,725", 12725), ("2488.1萬", 24881000),
    ("三千六百", 3600), ("两", 2), ("兩", 2), ("十二", 12), ("一千二百余万", 12000000), ("近亿", 1e8),
    ("100余万", 1000000), ("1万多", 10000), ("三十余万", 300000), ("１２", 12), ("２萬６４１", 20641),
])
def test_magnitudes_and_chinese_numerals(text: str, value: float) -> None:
    assert same_value(only(text).value, value)


@pytest.mark.parametrize(("text", "qualifier"), [
    ("1200多起", "more_than"), ("100余人", "more_than"), ("3.2万余起", "more_than"), ("近9万人次", "nearly"),
    ("约12亿元", "about"), ("逾140万元", "over"), ("超过5万", "over"), ("不到8分钟", "under"),
    ("至少3名", "at_least"), ("500左右", "about"), ("突破5亿次", "over"), ("68宗", "exact"),
])
def test_qualifiers(text: str, qualifier: str) -> None:
    assert only(text).qualifier == qualifier


def test_percentages_in_every_written_form() -> None:
    assert only("同比下降7.03%").percent and same_value(only("同比下降7.03%").value, 7.03)
    assert only("下降2.5个百分点").percent
    full_width = only("上升３．５％")
    assert full_width.percent and same_value(full_width.value, 3.5)
    share = only("被骗金额减少近六成")
    assert share.percent and share.value == 60 and share.qualifier == "nearly"
    assert only("百分之三十").value == 30 and only("百分之三十").percent


def test_match_offsets_point_into_the_text() -> None:
    text = "全市共破获案件68宗，挽回损失近亿元。"
    spans = [(n.start, n.end, n.text) for n in find_numbers(text)]
    for start, end, written in spans:
        assert text[start:end] == written
    assert [n.value for n in find_numbers(text)] == [68, 1e8]


def test_isolated_chinese_numerals_only() -> None:
    assert chinese_to_number("三千六百") == 3600
    assert chinese_to_number("亿") == 1e8
    assert chinese_to_number("一十百千") is None  # a name, not a numeral
    assert chinese_to_number("") is None


def test_everyday_numerals_read_without_cn2an_agree_with_cn2an() -> None:
    import random

    import cn2an

    from reportgen.zh.numerals import plain_numeral

    def cn2an_value(form: str) -> float | None:
        try:
            return float(cn2an.cn2an(form, "smart"))
        except Exception:
            return None

    canonical = [cn2an.an2cn(n) for n in [*range(20_000), *range(20_000, 1_000_000, 37)]]
    canonical += [cn2an.an2cn(n * 10_000 + k) for n in range(1, 10_000, 7) for k in (0, 3, 50, 1200)]
    canonical += [form.replace("二", "两", 1) for form in canonical[2:300]]
    for form in canonical:  # every canonical form is read, and read as cn2an reads it
        assert plain_numeral(form) == cn2an_value(form), form
    rng = random.Random(7)
    alphabet = "零一二两三四五六七八九十百千万亿"
    accepted = 0
    for _ in range(20_000):  # strings that are often not numerals: read only when cn2an agrees
        form = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        mine = plain_numeral(form)
        if mine is not None:
            accepted += 1
            assert mine == cn2an_value(form), form
    assert accepted > 500
    assert chinese_to_number("兩萬") == 20000 and chinese_to_number("〇") == 0


def test_a_small_unit_before_an_equal_or_larger_one_is_never_a_numeral() -> None:
    """十百, 百千, 千千 never stand side by side in a numeral: such a string is a name (一十百千 工程),
    refused without asking cn2an, which refuses most of them and reads a few (四万百百六) as a number."""
    import random

    rng = random.Random(11)
    alphabet = "零一二两三四五六七八九十百千万亿"
    for _ in range(2_000):
        form = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))
        form += rng.choice(["十十", "十百", "十千", "百百", "百千", "千千"])
        form += "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))
        assert chinese_to_number(form) is None, form
    assert chinese_to_number("一十百千") is None and chinese_to_number("二百十九") == 219


def test_same_value_tolerates_float_noise_only() -> None:
    assert same_value(12.13 * 10000, 121300)
    assert not same_value(121300, 121301)


@pytest.mark.parametrize(("text", "value"), [
    ("3萬4,512宗", 34512), ("27億3,080萬元", 2_730_800_000), ("5亿6千万元", 560_000_000), ("4億2,000萬", 420_000_000),
    ("1萬0,205件", 10205), ("7亿三千万", 730_000_000), ("2800余万元", 28_000_000),
])
def test_mixed_magnitudes_written_in_taiwan_and_hong_kong_style(text: str, value: float) -> None:
    assert same_value(find_numbers(text)[0].value, value)


def test_a_list_of_two_amounts_is_not_one_mixed_numeral() -> None:
    assert [n.value for n in find_numbers("6万、2,315")] == [60000, 2315]


@pytest.mark.parametrize(("text", "qualifier"), [
    ("不少于300名", "at_least"), ("不低於85%", "at_least"), ("約有120宗", "about"),
])
def test_at_least_and_about_written_as_phrases(text: str, qualifier: str) -> None:
    assert find_numbers(text)[0].qualifier == qualifier


def test_half_is_fifty_percent() -> None:
    half = only("超過一半")
    assert half.value == 50 and half.percent and half.qualifier == "over"


@pytest.mark.parametrize(("text", "value"), [
    ("三分之二", 66.67), ("四分之一", 25.0), ("五分之三", 60.0), ("3分之1", 33.33), ("十分之七", 70.0),
])
def test_fractions_are_shares_in_percent(text: str, value: float) -> None:
    found = only(text)
    assert found.percent and same_value(found.value, value)


def test_an_impossible_fraction_is_not_a_number() -> None:
    assert all(n.value != 150 for n in find_numbers("二分之三"))


def test_an_infinite_value_backs_no_number() -> None:
    """A digit string too long for a float reads as infinity; it must not equal every other number."""
    huge = float("1" + "0" * 400)
    assert huge == float("inf")
    assert not same_value(huge, 121300.0) and not same_value(5.0, huge) and not same_value(huge, huge)
    assert same_value(12.13e4, 121300.0) and not same_value(121300.0, 121301.0)
