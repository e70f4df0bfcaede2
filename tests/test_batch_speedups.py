"""Start-up and batch fast paths find exactly what the plain code they replace found.

Each is compared with the straightforward version (written out here as it stood before) on every
article the project has and on many random inputs: the suffix lookups of the place tables against a
scan of every suffix, the split site-notice patterns against the one case-insensitive pattern, the
shared character pairs against a slice per position.
"""

from __future__ import annotations

import random
import re
import sys

from reportgen.ingest import page_lines
from reportgen.zh import gazetteer, places, script

from .conftest import fixture_articles, sample_articles


def _texts() -> list[str]:
    paths = [*fixture_articles(), *sample_articles()]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return texts + [script.to_simplified(t) for t in texts]


# ------------------------------------------------------------------------------------------
# place tables: suffixes looked up by length
# ------------------------------------------------------------------------------------------


_SUFFIXES_LONGEST_FIRST = sorted(gazetteer.SUFFIX_EN, key=len, reverse=True)
_ETHNIC_LONGEST_FIRST = sorted(gazetteer.ETHNIC_EN, key=len, reverse=True)


def _split_generic_scanning(name: str) -> tuple[str, list[str], str]:
    """split_generic as it was: every suffix, then every ethnic name, tried longest first."""
    suffix = next((s for s in _SUFFIXES_LONGEST_FIRST if name.endswith(s) and len(name) > len(s)), "")
    stem = name[: len(name) - len(suffix)]
    ethnic: list[str] = []
    if suffix.startswith("自治"):
        changed = True
        while changed:
            changed = False
            for e in _ETHNIC_LONGEST_FIRST:
                if stem.endswith(e) and len(stem) - len(e) >= 2 and (e.endswith("族") or e in ("维吾尔", "蒙古")):
                    ethnic.insert(0, e)
                    stem = stem[: -len(e)]
                    changed = True
                    break
    return stem, ethnic, suffix


def _name_pieces() -> list[str]:
    return [*gazetteer.SUFFIX_EN, *gazetteer.ETHNIC_EN, "族", "自治", "维吾尔", "蒙古", "梅", "州", "本溪",
            "市", "新", "区",
            "县", "旗", "乡", "自", "治", "特别", "行政"]


def test_split_generic_splits_as_a_scan_of_every_suffix() -> None:
    names = [d.name for ds in gazetteer.gazetteer().full.values() for d in ds]
    rng = random.Random(29)
    pieces = _name_pieces()
    names += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(30000)]
    for name in names:
        assert gazetteer.split_generic(name) == _split_generic_scanning(name), name


# ------------------------------------------------------------------------------------------
# page furniture: site notices in two patterns
# ------------------------------------------------------------------------------------------

_NOTICE_ONE_PATTERN = re.compile(
    r"ICP\s*[备证]|ICP\s*\d|公网安备|网安备\s*\d|备案号|版权所有|all\s+rights\s+reserved|copyright|©|\(c\)\s*\d{4}"
    r"|网站标识码|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]|维护单位\s*[:：]|主办\s*[:：]|承办\s*[:：]"
    r"|违法和不良信息举报|举报电话\s*[:：]|互联网新闻信息服务许可证",
    re.I,
)


def test_strong_notices_are_what_the_one_case_insensitive_pattern_finds() -> None:
    lines = [line for text in _texts() for line in text.splitlines()]
    words = [
        "ICP",
        "icp",
        "İcp",
        "ıCP",
        "备",
        "证",
        "公网安备",
        "网安备",
        "备案号",
        "版权所有",
        "ALL",
        "all",
        " ",
        "rights",
        "RIGHTS",
        "reserved",
        "copyright",
        "COPYRİGHT",
        "©",
        "(c)",
        "(C)",
        "2024",
        "1",
        "网站标识码",
        "技术支持",
        "主办单位",
        "承办",
        "主办",
        "维护单位",
        ":",
        "：",
        "违法和不良信息举报",
        "举报电话",
        "互联网新闻信息服务许可证",
        "本站",
        "梅州",
        "a",
        "c",
        "i",
    ]
    rng = random.Random(37)
    lines += ["".join(rng.choice(words) for _ in range(rng.randint(0, 8))) for _ in range(30000)]
    for line in lines:
        assert page_lines._strong_notice(line) == bool(_NOTICE_ONE_PATTERN.search(line)), line


def test_latin_notice_first_characters_hold_every_case_insensitive_match() -> None:
    """Under re.I the Latin alternatives begin with a, c, i, ( or ©: every character matching one of
    those must be in the class the fast path looks for first (İ and ı match i)."""
    firsts = re.compile(r"[aci(©]", re.I)
    matched = [chr(code) for code in range(sys.maxunicode + 1) if firsts.match(chr(code))]
    assert "İ" in matched and "ı" in matched
    assert all(page_lines._NOTICE_LATIN_FIRST.match(ch) for ch in matched)


# ------------------------------------------------------------------------------------------
# character pairs shared by the two place indexes; an article converted once
# ------------------------------------------------------------------------------------------


def test_pair_positions_are_the_positions_a_slice_per_position_finds() -> None:
    gaz_pairs = gazetteer.gazetteer().lengths
    name_pairs = frozenset({"全市", "该县", "梅州", "蕉岭", "广东"})
    texts = [script.to_simplified(t) for t in _texts()] + ["", "梅", "梅州", "广东省梅州市", "全市" * 200]
    for text in texts:
        for pairs in (gaz_pairs, name_pairs, gaz_pairs):  # the second asking about a long text reuses its pairs
            expected = [i for i in range(len(text) - 1) if text[i : i + 2] in pairs]
            assert places.pair_positions(text, pairs) == expected
    copy = "".join(list(texts[0]))  # an equal string, another object: computed for itself
    assert places.pair_positions(copy, gaz_pairs) == places.pair_positions(texts[0], gaz_pairs)


def test_an_article_converted_twice_gives_the_same_simplified_view() -> None:
    for text in _texts():
        first = script.to_simplified(text)
        assert script.to_simplified(text) == first == script._simplified(text)
        assert len(first) == len(text)
