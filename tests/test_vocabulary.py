"""One vocabulary of change words: the proposer (offline engine), the verifier (grounding), the anomaly
checks and the llm parser read the same words the same way, so fixing one list fixes all of them."""

from __future__ import annotations

import pytest

from reportgen.engines.llm.schema import FigureOut
from reportgen.engines.offline.changes import change_before
from reportgen.ingest import document as ingest
from reportgen.models import Change
from reportgen.verify.anomalies.article import Article
from reportgen.verify.anomalies.statements import change_statements
from reportgen.verify.grounding import check_direction
from reportgen.zh.numerals import find_numbers
from reportgen.zh.vocabulary import (
    BASIS_WORDS,
    FALL_RATE_NOUNS,
    FALL_VERBS,
    PREFIX_QUALIFIERS,
    QUALIFIER_MARKERS,
    QUALIFIER_WORDS,
    RISE_RATE_NOUNS,
    RISE_VERBS,
    SUFFIX_QUALIFIERS,
    alternation,
    basis_of,
)

WORDS = [(w, "up") for w in RISE_VERBS] + [(w, "down") for w in FALL_VERBS]


@pytest.mark.parametrize(("word", "direction"), WORDS)
def test_proposer_and_verifier_read_every_change_verb_alike(word: str, direction: str) -> None:
    text = f"刑事案件同比{word}12.5%"
    change, _ = change_before(text, 0, text.index("12.5"), None)
    assert change == (direction, "year_on_year")
    other = "down" if direction == "up" else "up"
    assert check_direction(Change(direction=direction, basis="year_on_year"), text) is None
    assert check_direction(Change(direction=other, basis="year_on_year"), text) is not None


@pytest.mark.parametrize(("word", "direction"), WORDS)
def test_anomaly_statements_read_every_change_verb(word: str, direction: str) -> None:
    doc = ingest.from_text(f"全市刑事案件同比{word}12.5%。", name="t")
    (statement,) = change_statements(Article(doc))
    assert (statement.indicator, statement.direction, statement.value, statement.basis) == \
        ("刑事案件", direction, 12.5, "同比")


@pytest.mark.parametrize(("word", "direction"),
                         [(w, "up") for w in RISE_RATE_NOUNS] + [(w, "down") for w in FALL_RATE_NOUNS])
def test_the_verifier_reads_every_rate_noun(word: str, direction: str) -> None:
    other = "down" if direction == "up" else "up"
    assert check_direction(Change(direction=other, basis="unspecified"), f"案件{word}为12.5%") is not None


def test_basis_words_and_phrases() -> None:
    assert {w: basis_of(w) for w in BASIS_WORDS} == BASIS_WORDS
    assert basis_of("同比") == basis_of("按年") == "year_on_year"
    assert basis_of("环比") == basis_of("按月") == basis_of("按季") == "period_on_period"
    for phrase in ("较去年同期", "比上年", "较2023年", None, ""):
        assert basis_of(phrase) == "unspecified"  # the README's convention (issue #3)


def test_the_verifier_refuses_a_basis_the_quote_contradicts() -> None:
    assert check_direction(Change(direction="up", basis="year_on_year"), "盗窃警情按月上升3%") is not None
    assert check_direction(Change(direction="up", basis="period_on_period"), "盗窃警情按年上升3%") is not None
    assert check_direction(Change(direction="up", basis="year_on_year"), "盗窃警情按年上升3%") is None


@pytest.mark.parametrize("word", sorted(PREFIX_QUALIFIERS))
def test_numerals_read_every_prefix_qualifier(word: str) -> None:
    (number,) = find_numbers(f"{word}1200人")
    assert number.qualifier == PREFIX_QUALIFIERS[word]


@pytest.mark.parametrize("word", sorted(SUFFIX_QUALIFIERS))
def test_numerals_read_every_suffix_qualifier(word: str) -> None:
    (number,) = find_numbers(f"1200{word}人")
    assert number.qualifier == SUFFIX_QUALIFIERS[word]


def test_the_llm_parser_maps_every_marker_and_basis_word() -> None:
    assert set(QUALIFIER_MARKERS) <= set(QUALIFIER_WORDS)
    for word, qualifier in QUALIFIER_WORDS.items():
        figure = FigureOut(indicator_zh="案件", indicator_en="cases", value=1, unit="cases", qualifier=word, quote="x")
        assert figure.qualifier == qualifier
    for word, basis in BASIS_WORDS.items():
        figure = FigureOut(indicator_zh="案件", indicator_en="cases", value=1, unit="cases", change_direction="up",
                           change_basis=word, quote="x")
        assert figure.change_basis == basis
    figure = FigureOut(indicator_zh="案件", indicator_en="cases", value=1, unit="cases", change_direction="up",
                       change_basis="较去年同期", quote="x")
    assert figure.change_basis == "unspecified"


def test_alternation_puts_longer_words_first() -> None:
    assert alternation(("超", "超过", "近")).startswith("超过|")
