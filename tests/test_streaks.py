"""A streak (连续N个月/年) names what held all that time and reads "N consecutive months" in English.
Sentences written for these tests."""

from __future__ import annotations

from reportgen import summarize_text


def test_the_predicate_after_a_streak_joins_its_name_and_english_says_consecutive() -> None:
    report = summarize_text("某县公安局通报\n\n今年以来，全县命案连续26个月全部侦破，刑事案件立案1020起。\n")
    streak = [m for m in report.metrics if m.value == 26]
    assert streak and "破" in streak[0].indicator.zh and streak[0].evidence.quote.endswith("全部侦破")
    assert "solved" in streak[0].indicator.en
    text = " ".join([report.summary.en, *(kp.en for kp in report.key_points)])
    assert "26 consecutive months" in text and "of 26 months" not in text


def test_a_duration_that_is_no_streak_reads_as_before() -> None:
    report = summarize_text("某市公安局通报\n\n专案组历时8个月侦破该案，抓获犯罪嫌疑人46名。\n")
    lasting = [m for m in report.metrics if m.value == 8]
    assert lasting and "consecutive" not in " ".join(kp.en for kp in report.key_points)


def test_a_streak_of_a_trend_keeps_which_way_it_went() -> None:
    from reportgen.english.changes import value_en

    report = summarize_text("某市公安局通报\n\n全市盗窃警情已连续7个月呈现下降趋势，本月接报盗窃警情212起。\n")
    streak = next(m for m in report.metrics if m.value == 7)
    assert streak.evidence.quote.endswith("下降趋势") and value_en(streak) == "down for 7 consecutive months"
    text = " ".join([report.summary.en, *(kp.en for kp in report.key_points)])
    assert "down for 7 consecutive months" in text and "for down" not in text
