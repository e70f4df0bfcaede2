"""Fast paths must find exactly what the plain implementations they replace would find.

Each fast path (dictionary lookups instead of a 7,000-name regex alternation, bisection over cached
positions instead of a scan per call) is compared with the straightforward version on every article
the project has, over many random stretches, so a later edit to a pattern cannot silently diverge.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reportgen import anomalies, ingest, places, tokens

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    paths = [p for d in ("tests/fixtures", "examples") for p in sorted((ROOT / d).rglob("*"))
             if p.suffix in (".txt", ".html")]
    texts = [ingest.to_simplified(p.read_text(encoding="utf-8")) for p in paths]
    texts.append("２０２３年１２月，全市第三季度同比上升；梅州市梅县区、蕉岭县与全县上半年、去年同期" * 3)
    return texts


def _stretches(text: str, rng: random.Random, count: int = 120) -> list[tuple[int, int]]:
    out = []
    for _ in range(count):
        a = rng.randrange(len(text) + 1)
        out.append((a, rng.randrange(a, len(text) + 1)))
    return out


@pytest.fixture(scope="module")
def place_regex() -> re.Pattern[str]:
    names = anomalies._place_names_from_data()
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"{anomalies._SCOPE_WORD}|{alternatives}")


def test_place_names_find_what_the_alternation_finds(place_regex: re.Pattern[str]) -> None:
    index, rng = anomalies._place_names(), random.Random(7)
    for text in _texts():
        for a, b in _stretches(text, rng):
            assert index.findall(text, a, b) == [m.group(0) for m in place_regex.finditer(text, a, b)]
        assert index.remove(text) == place_regex.sub("", text)


def test_period_mentions_match_the_period_pattern() -> None:
    rng = random.Random(11)
    for text in _texts():
        for a, b in _stretches(text, rng):
            assert anomalies._period_mentions(text, a, b) == [m.group(0) for m in anomalies._PERIOD.finditer(text, a, b)]
        # every place the pattern can match begins with a character the fast path tries
        assert all(anomalies._PERIOD_FIRST.match(text, i) for i in range(len(text)) if anomalies._PERIOD.match(text, i))


def test_bounds_match_a_scan_per_stop_character() -> None:
    def scanned(text: str, pos: int, stops: str) -> tuple[int, int]:
        start = max((text.rfind(ch, 0, pos) for ch in stops), default=-1) + 1
        ends = [i for i in (text.find(ch, pos) for ch in stops) if i >= 0]
        return start, min(ends) if ends else len(text)

    for text in [*_texts()[:6], "", "。", "甲。\n乙"]:
        for stops in (anomalies._SENTENCE_END, anomalies._CLAUSE_END + "、"):
            for pos in range(-3, len(text) + 3):
                assert anomalies._bounds(text, pos, stops) == scanned(text, pos, stops)


def test_match_places_results_are_not_shared_between_callers() -> None:
    text = "广东省梅州市蕉岭县公安局通报"
    first = places.match_places(text)
    first.clear()
    assert places.match_places(text)  # the cached answer is copied, a caller's edit does not leak


def test_ranks_loader_reads_every_line_of_the_shipped_file() -> None:
    data = tokens.read_verified(tokens.shipped_file())
    ranks = tokens._ranks(data)
    lines = [line for line in data.splitlines() if line]
    assert len(ranks) == len(lines)
    token, rank = lines[12345].split()
    import base64

    assert ranks[base64.b64decode(token)] == int(rank)
    with pytest.raises(tokens.TokenizerError):
        tokens._ranks(b"YQ== 0\nYg==")


def test_script_detection_counts_like_a_character_scan() -> None:
    for text in [*_texts(), "Police said 12 cases", "警察說，今年案件數量下降。" * 3]:
        simplified = ingest.to_simplified(text)
        han = sum(1 for ch in text if ingest._is_han(ch))
        latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
        if han < 4 or latin > 4 * han:
            expected = "en" if latin > han else "other"
        else:
            changed = sum(1 for a, b in zip(text, simplified) if a != b and ingest._is_han(a))
            expected = "zh-Hant" if changed >= max(3, han * 0.03) else "zh-Hans"
        assert ingest.detect_script(text, simplified) == expected
