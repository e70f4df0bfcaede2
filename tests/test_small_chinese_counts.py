"""Counts written as one Chinese numeral (三人, 六起, 五家): figures in bulletins, set phrases elsewhere.

A bulletin writes its small counts in characters: a change (同比减少四起), casualties (造成两人受伤),
a count after the thing counted (亡人事故七起), a predicate count (其中发生在夜间的有三起) and a
clause-final count after its noun (约谈企业负责人八家). Set phrases and story details stay out:
一人一档, 分为三类, 两个维护, 查获一辆轿车. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from reportgen import ingest
from reportgen.engines.offline.figures import find_figures
from reportgen.verify.grounding import check_direction, check_value


def values(text: str) -> list[float]:
    doc = ingest.from_text(text)
    drafts = find_figures(doc)
    for d in drafts:
        assert d.start is not None and d.end is not None and doc.text[d.start:d.end] == d.quote
        assert check_value(d, doc.simplified[d.start:d.end]) is None, d
        assert check_direction(d.change, doc.simplified[d.start:d.end]) is None, d
    return [d.value for d in drafts]


@pytest.mark.parametrize(("text", "value"), [
    ("本月较大事故同比减少四起。", 4),
    ("火灾事故同比增加两起，均发生在城郊。", 2),
    ("事故共造成死亡两人、受伤十一人。", 2),
    ("全月发生亡人事故七起。", 7),
    ("其中发生在夜间的有三起。", 3),
    ("約談物流企業負責人八家。", 8),
    ("此次事故造成一人死亡、两人受伤。", 1),
    ("夜间肇事逃逸事故五宗，较上月多两宗。", 5),
])
def test_a_small_count_in_characters_is_a_figure(text: str, value: float) -> None:
    assert value in values(text)


@pytest.mark.parametrize("text", [
    "我们坚持一人一档、一事一策，分为三类推进整治。",
    "要做到两个维护，落实三项制度。",
    "民警在路口查获一辆无牌轿车。",
    "该案分为两个阶段侦办。",
    "全体民警坚持三班倒，确保有警必出。",
])
def test_set_phrases_and_story_details_are_not_counts(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize("text", [
    "今年首7個月累計接待旅客1,204.6萬人次。",
    "2024年头三个月，全县发案数同比下降9%。",
    "前5个月，共查处违法行为2100起。",
])
def test_the_first_months_of_a_year_are_its_period_not_a_figure(text: str) -> None:
    assert not [v for v in values(text) if v in (7, 3, 5)]
