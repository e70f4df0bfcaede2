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

from reportgen import ingest, tokens
from reportgen.verify.anomalies.article import CLAUSE_END, SENTENCE_END, Article
from reportgen.zh import glossary_table, places, script, term_composition

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    paths = [p for d in ("tests/fixtures", "examples") for p in sorted((ROOT / d).rglob("*"))
             if p.suffix in (".txt", ".html")]
    texts = [script.to_simplified(p.read_text(encoding="utf-8")) for p in paths]
    texts.append("２０２３年１２月，全市第三季度同比上升；梅州市梅县区、蕉岭县与全县上半年、去年同期" * 3)
    return texts


def _stretches(text: str, rng: random.Random, count: int = 120) -> list[tuple[int, int]]:
    out = []
    for _ in range(count):
        a = rng.randrange(len(text) + 1)
        out.append((a, rng.randrange(a, len(text) + 1)))
    return out


def test_bounds_match_a_scan_per_stop_character() -> None:
    def scanned(text: str, pos: int, stops: str) -> tuple[int, int]:
        start = max((text.rfind(ch, 0, pos) for ch in stops), default=-1) + 1
        ends = [i for i in (text.find(ch, pos) for ch in stops) if i >= 0]
        return start, min(ends) if ends else len(text)

    for text in [*_texts()[:6], "", "。", "甲。\n乙"]:
        article = Article(ingest.from_text(text, name="t")) if text else None
        for stops in (SENTENCE_END, CLAUSE_END + "、"):
            for pos in range(-3, len(text) + 3):
                if article is not None and article.text == text:
                    assert article.bounds(pos, stops) == scanned(text, pos, stops)


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
        simplified = script.to_simplified(text)
        han = sum(1 for ch in text if script.is_han(ch))
        latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
        if han < 4 or latin > 4 * han:
            expected = "en" if latin > han else "other"
        else:
            changed = sum(1 for a, b in zip(text, simplified, strict=False) if a != b and script.is_han(a))
            expected = "zh-Hant" if changed >= max(3, han * 0.03) else "zh-Hans"
        assert script.detect_script(text, simplified) == expected


# ------------------------------------------------------------------------------------------


def test_numeral_values_are_the_values_find_numbers_reads() -> None:
    from reportgen.zh.numerals import PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS, find_numbers, numeral_values

    for text in _texts():
        assert numeral_values(text) == [n.value for n in find_numbers(text)]
    words = [*PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS,
             *"零〇一二两兩三四五六七八九十百千万萬亿億0123456789.,．%％成分之半",
             "百分之", "个百分点", "個百分點", "一半", "1,234", "２", "1.5万", "2356.8亿"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        assert numeral_values(text) == [n.value for n in find_numbers(text)], text


def test_unit_for_reads_nouns_as_the_pattern_by_pattern_scan() -> None:
    from reportgen.engines.offline import units

    def scanned(measure: str, after: str, before: str) -> str:
        if measure not in units.MEASURES:
            return ""
        if measure not in units.GENERIC:
            return units.MEASURES[measure]
        for noun in (after[:16], before[-16:]):
            best = None
            for pattern, unit in units._NOUN_UNITS:
                for hit in pattern.finditer(noun):
                    if best is None or hit.end() > best[0]:
                        best = (hit.end(), unit)
            if best is not None:
                if measure == "件" and best[1] not in ("letters", "problems", "cases"):
                    return "items"
                return best[1]
        return units._GENERIC_DEFAULT[measure]

    words = ["团伙", "窝点", "人", "嫌疑人", "案件", "案", "企业", "村", "单位", "信息", "枪", "车辆", "的", "和",
             "app",
             "刑事", "打掉", "人员", "站", "队", "警情", "来信"]
    rng = random.Random(3)
    for _ in range(20000):
        after = "".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        before = "".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        measure = rng.choice([*units.GENERIC, "起", "人", "吨"])
        assert units.unit_for(measure, after, before) == scanned(measure, after, before)


def test_every_period_found_names_a_year_month_or_quarter() -> None:
    from reportgen.zh import periods

    alphabet = [*"0123456789１２一二三四五六七八九十〇○零今本去上前当下第全年以来度初至到个份月季半日号",
                *"（）()-~，。较比"]
    alphabet += ["以来", "季度", "上半年", "前三季度", "年初以来", "一年来"]
    rng = random.Random(5)
    for _ in range(40000):
        text = periods.normalise_digits("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))))
        for pattern in (periods._PERIOD_RE, periods._PERIOD_RE_ROC):
            for m in pattern.finditer(text):
                if m.end() > m.start():  # the readers skip empty matches
                    assert periods._PERIOD_WORD.search(m.group(0)), (text, m.group(0))


def test_normalise_digits_translates_only_when_there_is_something_to_translate() -> None:
    from reportgen.zh import years  # normalise_digits moved from zh.periods to zh.years (issue #16)

    for text in ["２０２４年１月", "2024年", "二〇二四年，一季度", "无数字", "１２３", ""]:
        expected = text.translate(years._FULLWIDTH_DIGITS)
        if "年" in expected:
            expected = years._CN_YEAR.sub(lambda m: m.group(0).translate(years._CN_YEAR_DIGITS), expected)
        assert years.normalise_digits(text) == expected


def test_glossary_segmentation_costs_order_like_tuples() -> None:

    g = glossary_table.glossary_table()

    def tuple_spans(text: str) -> list[tuple[int, int, str | None]]:  # the (uncovered, pieces) reference
        n = len(text)
        if n == 0:
            return []
        inf = (10**9, 10**9)
        best, back = [inf] * (n + 1), [(0, None)] * (n + 1)
        best[0] = (0, 0)
        for i in range(n):
            if best[i] == inf:
                continue
            uncovered, count = best[i]
            for length in range(1, min(g.max_len, n - i) + 1):
                sub = text[i:i + length]
                if sub not in g.prefixes:
                    break
                if sub in g.entries and (uncovered, count + 1) < best[i + length]:
                    best[i + length], back[i + length] = (uncovered, count + 1), (i, sub)
            cand = (uncovered + (1 if glossary_table.HAN.match(text[i]) else 0), count + 1)
            if cand < best[i + 1]:
                best[i + 1], back[i + 1] = cand, (i, None)
        spans, j = [], n
        while j > 0:
            i, key = back[j]
            spans.append((i, j, key))
            j = i
        return spans[::-1]

    keys = sorted(g.entries)[:400]
    rng = random.Random(17)
    pieces = [*keys, *"的和与在某甲乙丙12a、（）"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert term_composition.segment_spans(text) == tuple_spans(text), text


def test_a_shared_table_is_built_once_when_threads_ask_together() -> None:
    import threading
    import time

    from reportgen import registry

    builds: list[int] = []

    @registry.table
    def table() -> dict[str, int]:
        builds.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it is being built
        return {"built": len(builds)}

    start = threading.Barrier(8)
    got: list[dict[str, int]] = []

    def ask() -> None:
        start.wait()
        got.append(table())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == [1] and all(g is got[0] for g in got)
    registry.reset()
    assert table() == {"built": 2}


def test_scope_paragraph_starts_are_what_the_line_start_pattern_finds() -> None:
    from reportgen.zh.scope import Scope

    for text in [*_texts()[:8], "甲", "\n甲", "\n甲\n\n乙\n"]:
        doc = ingest.from_text(text, name="t")
        scope = Scope(doc)
        assert scope._paragraphs == [m.start() for m in re.finditer(r"(?:^|\n)", doc.simplified)]


def test_backed_number_lookup_agrees_with_comparing_every_allowed_number() -> None:
    from reportgen.verify.prose import _has_same_value
    from reportgen.zh.numerals import numeral_values, same_value

    rng = random.Random(11)
    pools = [[float(v) for v in numeral_values(text)] for text in _texts()]
    pools.append([0.0, -0.0, 1e-12, -3.5, 1.0, 1.0 + 1e-9, 1.0 + 3e-9, 121300.0, 12.13e4, 2.5e12, float("inf")])
    for pool in pools:
        ordered = sorted(pool)
        factors = (1 + 5e-10, 1 - 5e-10, 1 + 1.5e-9, 1 - 1.5e-9, 1 + 3e-9)
        probes = list(pool) + [rng.choice(pool or [1.0]) * f for f in factors]
        probes += [v + d for v in (0.0, 1.0) for d in (4e-10, 9e-10, 1.1e-9, 2.5e-9)]
        probes += [rng.uniform(-10, 1e6) for _ in range(200)] + [round(rng.uniform(0, 5000)) for _ in range(200)]
        for value in probes:
            assert _has_same_value(ordered, value) == any(same_value(value, a) for a in pool), (value, pool[:8])
