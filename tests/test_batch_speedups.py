"""Start-up and batch fast paths find exactly what the plain code they replace found.

Each is compared with the straightforward version (written out here as it stood before) on every
article the project has and on many random inputs: the faster regex compiler against ``re``'s own,
the suffix lookups of the place tables against a scan of every suffix, the split site-notice patterns
against the one case-insensitive pattern, the shared character pairs against a slice per position.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import sys

import pytest

import reportgen
from reportgen.verify import anomalies
from reportgen.ingest import page_lines
from reportgen import ingest
from reportgen.zh import script
from reportgen.zh import gazetteer, places
from reportgen import recompile
from reportgen.textscan import Scanner

from .conftest import fixture_articles, run_fresh_python, sample_articles

try:  # Python 3.11+
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile  # type: ignore[no-redef]
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]


def _texts() -> list[str]:
    paths = [*fixture_articles(), *sample_articles()]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return texts + [script.to_simplified(t) for t in texts]


# ------------------------------------------------------------------------------------------
# recompile: re's charset optimiser, faster
# ------------------------------------------------------------------------------------------


def _package_patterns() -> list[re.Pattern[str]]:
    """Every pattern a module of the package holds (the llm engine's modules left out: openai)."""
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(reportgen.__path__, "reportgen."):
        if ".engines.llm" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            pattern = value.pattern if isinstance(value, Scanner) else value
            if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
                found[(pattern.pattern, pattern.flags)] = pattern
    return list(found.values())


def _code(pattern: re.Pattern[str], optimiser) -> list[int]:  # noqa: ANN001
    """The code re compiles ``pattern`` to with ``optimiser`` as its charset optimiser."""
    saved = sre_compile._optimize_charset
    sre_compile._optimize_charset = optimiser
    try:
        return sre_compile._code(sre_parse.parse(pattern.pattern, pattern.flags), pattern.flags)
    finally:
        sre_compile._optimize_charset = saved


def _random_charset(rng: random.Random) -> list[tuple]:
    def char() -> int:
        return rng.choice([rng.randint(0, 127), rng.randint(128, 255), 255, 256, rng.randint(256, 0xFFFF),
                           rng.randint(0x4E00, 0x9FFF), 0xFFFF, 0x10000, rng.randint(0xFFF0, 0x10010),
                           rng.randint(0x10000, 0x10FFFF)])

    items: list[tuple] = [(sre_c.NEGATE, None)] if rng.random() < 0.2 else []
    for _ in range(rng.randint(0, 9)):
        kind = rng.random()
        if kind < 0.5:
            items.append((sre_c.LITERAL, char()))
        elif kind < 0.9:  # short ranges: re's own optimiser sets a large one entry by entry
            low = char()
            items.append((sre_c.RANGE, (low, min(low + rng.randint(0, 400), sys.maxunicode))))
        else:
            items.append((sre_c.CATEGORY, rng.choice([sre_c.CATEGORY_DIGIT, sre_c.CATEGORY_SPACE])))
    return items


_WHICH_OPTIMISER = (
    "import sys\n"
    "try:\n    from re import _compiler as c\nexcept ImportError:\n    import sre_compile as c\n"
    "import reportgen, reportgen.pipeline, reportgen.engines.offline\n"
    "print(c._optimize_charset.__module__)\n"
    "import reportgen.cli\n"
    "print(c._optimize_charset.__module__)\n"
)


def test_only_the_command_line_installs_the_faster_charset_optimiser() -> None:
    """A program importing reportgen as a library keeps re's own optimiser; the CLI, which owns its
    process, installs ours before typer and the pipeline compile their patterns."""
    as_library, as_command = run_fresh_python(_WHICH_OPTIMISER).splitlines()
    assert as_library == sre_compile.__name__
    assert as_command == "reportgen.recompile"


def test_installing_twice_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sre_compile, "_optimize_charset", recompile.original_optimize_charset)
    assert recompile.install() is True
    assert sre_compile._optimize_charset is recompile.optimize_charset
    assert recompile.install() is True
    assert sre_compile._optimize_charset is recompile.optimize_charset


def test_every_package_pattern_compiles_to_the_code_re_itself_gives() -> None:
    patterns = _package_patterns()
    assert len(patterns) > 150
    for pattern in patterns:
        assert _code(pattern, recompile.optimize_charset) == _code(pattern, recompile.original_optimize_charset), \
            pattern.pattern[:80]


def test_classes_compile_to_the_code_re_itself_gives() -> None:
    """Classes of every shape: Latin-1 only, Chinese literals, large ranges, beyond the BMP, negated,
    with categories, case-insensitive (handed to re's own optimiser)."""
    classes = [r"[a-z_]", r"[一二三四五六七八九]", r"[\u4e00-\u9fff]", r"[^\u3400-\u9fff\s]", r"[，,。；;！!？?]",
               r"[\u4e00-\u9fff“”\"]", r"[\d\u4e00-\u9fff]", r"[\U0001F600-\U0001F64F\u4e00]", r"[^\d一]",
               r"[\x00-\uffff]", r"[\uff00-\U00010010]", r"(?i)[a-zÅİ]", r"(?i)[\u4e00-\u4e10k]", r"[\w\u3000]"]
    for source in classes:
        pattern = re.compile(source)
        assert _code(pattern, recompile.optimize_charset) == _code(pattern, recompile.original_optimize_charset), source


def test_charset_optimiser_returns_what_res_returns_on_random_classes() -> None:
    rng = random.Random(17)
    for _ in range(5000):
        charset = _random_charset(rng)
        ours = recompile.optimize_charset(list(charset))
        theirs = recompile.original_optimize_charset(list(charset))
        assert ours == theirs, charset


def test_charset_optimiser_is_left_alone_on_an_unknown_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sre_compile, "_optimize_charset", recompile.original_optimize_charset)
    monkeypatch.setattr(sys, "version_info", (3, 99, 0))
    assert recompile.install() is False
    assert sre_compile._optimize_charset is recompile.original_optimize_charset


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
    return [*gazetteer.SUFFIX_EN, *gazetteer.ETHNIC_EN, "族", "自治", "维吾尔", "蒙古", "梅", "州", "本溪", "市", "新", "区",
            "县", "旗", "乡", "自", "治", "特别", "行政"]


def test_split_generic_splits_as_a_scan_of_every_suffix() -> None:
    names = [d.name for ds in gazetteer.gazetteer().full.values() for d in ds]
    rng = random.Random(29)
    pieces = _name_pieces()
    names += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(30000)]
    for name in names:
        assert gazetteer.split_generic(name) == _split_generic_scanning(name), name


def _place_names_scanning(rows: list[str]) -> set[str]:
    """anomalies._place_names_from_data's loop as it was: every suffix tried in order."""
    names: set[str] = set()
    for row in rows:
        if row.startswith("#") or "\t" not in row:
            continue
        name = row.split("\t", 1)[1].strip()
        if len(name) < 2:
            continue
        names.add(name)
        for suffix in anomalies._SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                names.add(name[: -len(suffix)])
                break
    return names - anomalies._COMMON_WORD_PLACES


def test_anomaly_place_names_are_what_a_scan_of_every_suffix_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.resources import files

    shipped = files("reportgen").joinpath("data/divisions.tsv").read_text(encoding="utf-8").splitlines()
    assert anomalies._place_names_from_data() == _place_names_scanning(shipped)
    rng = random.Random(31)
    pieces = [*anomalies._SUFFIXES, "梅", "州", "县", "区", "新", "地", "自治", "本溪"]
    rows = [f"000000\t{''.join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))}" for _ in range(20000)]

    class _Data:
        def joinpath(self, _: str) -> "_Data":
            return self

        def read_text(self, encoding: str) -> str:
            return "\n".join(rows)

    monkeypatch.setattr("importlib.resources.files", lambda _: _Data())
    assert anomalies._place_names_from_data() == _place_names_scanning(rows)


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
    words = ["ICP", "icp", "İcp", "ıCP", "备", "证", "公网安备", "网安备", "备案号", "版权所有", "ALL", "all", " ", "rights",
             "RIGHTS", "reserved", "copyright", "COPYRİGHT", "©", "(c)", "(C)", "2024", "1", "网站标识码", "技术支持",
             "主办单位", "承办", "主办", "维护单位", ":", "：", "违法和不良信息举报", "举报电话", "互联网新闻信息服务许可证",
             "本站", "梅州", "a", "c", "i"]
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
    name_pairs = anomalies._place_names().openings
    texts = [script.to_simplified(t) for t in _texts()] + ["", "梅", "梅州", "广东省梅州市", "全市" * 200]
    for text in texts:
        for pairs in (gaz_pairs, name_pairs, gaz_pairs):  # the second asking about a long text reuses its pairs
            expected = [i for i in range(len(text) - 1) if text[i:i + 2] in pairs]
            assert places.pair_positions(text, pairs) == expected
    copy = "".join(list(texts[0]))  # an equal string, another object: computed for itself
    assert places.pair_positions(copy, gaz_pairs) == places.pair_positions(texts[0], gaz_pairs)


def test_an_article_converted_twice_gives_the_same_simplified_view() -> None:
    for text in _texts():
        first = script.to_simplified(text)
        assert script.to_simplified(text) == first == script._simplified(text)
        assert len(first) == len(text)
