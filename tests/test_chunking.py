"""Token-budgeted chunks: one for a typical article; within budget, covering, slightly overlapping otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.chunking import Chunk, chunk_text
from reportgen.config import Settings
from reportgen.tokens import count_tokens

from .conftest import EXAMPLES, fixture_articles

SENTENCE_ENDS = "。！？；"


def _long_article() -> str:
    """Many paragraphs of real article text, CRLF line endings: far longer than a small budget."""
    paragraphs = []
    for path in fixture_articles():
        paragraphs.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return "\r\n".join(paragraphs * 3) + "\r\n"


def assert_well_formed(text: str, chunks: list[Chunk], budget: int) -> None:
    assert chunks, "a non-empty text gives at least one chunk"
    assert chunks[0].start == 0 and chunks[-1].end == len(text), "chunks cover the whole text"
    for i, chunk in enumerate(chunks):
        assert chunk.index == i
        assert chunk.text == text[chunk.start:chunk.end]
        assert chunk.tokens == count_tokens(chunk.text) <= budget
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        assert prev.start < nxt.start <= prev.end, "no gap, and every chunk moves forward"


@pytest.mark.parametrize("path", fixture_articles(), ids=lambda p: p.name)
def test_typical_article_is_one_chunk(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    chunks = chunk_text(text, Settings().chunk_tokens)
    assert len(chunks) == 1
    assert (chunks[0].start, chunks[0].end, chunks[0].text) == (0, len(text), text)


@pytest.mark.parametrize("budget,overlap", [(400, 60), (150, 30), (60, 12)])
def test_long_article_gives_several_chunks_within_budget(budget: int, overlap: int) -> None:
    text = _long_article()
    assert count_tokens(text) > 5 * budget
    chunks = chunk_text(text, budget, overlap)
    assert len(chunks) >= 5
    assert_well_formed(text, chunks, budget)
    overlaps = [prev.end - nxt.start for prev, nxt in zip(chunks, chunks[1:], strict=False)]
    assert all(n > 0 for n in overlaps), "consecutive chunks overlap"
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        shared = text[nxt.start:prev.end]
        assert count_tokens(shared) <= overlap, "the overlap is small"
        assert shared.strip(), "the overlap carries text, not just a line break"


def test_cuts_fall_on_paragraph_or_sentence_boundaries() -> None:
    text = _long_article()
    chunks = chunk_text(text, 300, 40)
    for chunk in chunks[:-1]:
        before = text[:chunk.end].rstrip("\r\n")
        ends_paragraph = text[chunk.end - 1] in "\r\n"
        ends_sentence = bool(re.search(rf"[{SENTENCE_ENDS}][”’」』）)]*$", before))
        assert ends_paragraph or ends_sentence, repr(text[chunk.end - 20:chunk.end])
    paragraph_cuts = sum(text[c.end - 1] in "\r\n" for c in chunks[:-1])
    assert paragraph_cuts >= len(chunks[:-1]) // 2, "paragraph ends are preferred"


def test_overlap_is_at_sentence_level() -> None:
    text = _long_article()
    chunks = chunk_text(text, 400, 80)
    starts_at_sentence = 0
    for chunk in chunks[1:]:
        before = text[:chunk.start].rstrip(" \u3000\r\n")
        if not before or before[-1] in SENTENCE_ENDS + "”’」』）)":
            starts_at_sentence += 1
    assert starts_at_sentence >= len(chunks[1:]) * 0.7


def test_single_sentence_longer_than_budget_is_split_within_budget() -> None:
    clause = "全市公安机关持续开展打击整治电信网络诈骗犯罪专项行动"
    sentence = "，".join([clause] * 150) + "。"
    assert not re.search(f"[{SENTENCE_ENDS}]", sentence[:-1])
    text = "前言。\n" + sentence + "\n结语。"
    budget = 120
    assert count_tokens(sentence) > 5 * budget
    chunks = chunk_text(text, budget, 20)
    assert_well_formed(text, chunks, budget)
    assert all(prev.end > nxt.start for prev, nxt in zip(chunks, chunks[1:], strict=False))


def test_sentence_without_any_punctuation_is_split_on_token_boundaries() -> None:
    text = "警" * 2000 + "😀🚓" * 300
    chunks = chunk_text(text, 64, 8)
    assert_well_formed(text, chunks, 64)
    assert all("\ufffd" not in c.text for c in chunks)


def test_example_article_with_realistic_budget() -> None:
    text = (EXAMPLES / "lvliang_2022h1.txt").read_text(encoding="utf-8")
    assert chunk_text(text, 6000) == [Chunk(0, 0, len(text), text, count_tokens(text))]
    assert chunk_text("") == []
    with pytest.raises(ValueError):
        chunk_text(text, 8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("警情同比下降上升案件人起%0123456789，。；！？\n\r 　“”abc")),
                min_size=0, max_size=80),
        min_size=1, max_size=40,
    ),
    st.integers(min_value=16, max_value=120),
    st.integers(min_value=0, max_value=40),
)
def test_property_chunks_cover_and_fit(pieces: list[str], budget: int, overlap: int) -> None:
    text = "".join(pieces)
    chunks = chunk_text(text, budget, overlap)
    if not text:
        assert chunks == []
        return
    assert_well_formed(text, chunks, budget)
