"""Figures a careful model states from words, not digits: first place from a superlative (治安警情最多的
街道 -> rank 1) and all of them (诉讼请求全部获支持 -> 100%). The verifier keeps them and still refuses
a number the quote does not back. Sentences written for these tests."""

from __future__ import annotations

from reportgen.engines.llm.merge import answer_to_draft
from reportgen.engines.llm.schema import Extraction
from reportgen.ingest.document import from_text
from reportgen.verify.grounding import ground_metrics


def _kept(sentence: str, quote: str, value: float, unit: str) -> list[float]:
    doc = from_text(sentence)
    answer = {"title_en": "Police figures", "summary_zh": "", "summary_en": "",
              "figures": [{"indicator_zh": "指标", "indicator_en": "figure", "value": value, "unit": unit,
                           "quote": quote}]}
    return [m.value for m in ground_metrics(doc, answer_to_draft(Extraction.model_validate(answer), doc)).metrics]


def test_a_superlative_is_first_place() -> None:
    sentence = "城关街道仍是全区治安警情最多的街道，共接报警情1,286起。"
    assert _kept(sentence, "仍是全区治安警情最多的街道", 1, "rank") == [1]
    assert _kept(sentence, "仍是全区治安警情最多的街道", 2, "rank") == []
    assert _kept(sentence, "仍是全区治安警情最多的街道", 1, "cases") == []  # a count needs its number


def test_all_of_them_is_one_hundred_percent() -> None:
    sentence = "提起公益诉讼的案件，法院判决诉讼请求全部获支持。"
    assert _kept(sentence, "诉讼请求全部获支持", 100, "%") == [100]
    assert _kept(sentence, "诉讼请求全部获支持", 90, "%") == []
    assert _kept("结案率达98.5%，全部案件均已归档。", "结案率达98.5%", 100, "%") == []
