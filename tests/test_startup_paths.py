"""Start-up shortcuts give exactly what the slow paths they replace would give.

- reportgen.zh.pinyin reads most text from a shipped table instead of loading pypinyin (about 0.3 s):
  its answer must be pypinyin's own, for every name and term the project has and for random text.
- the tokenizer takes each token's rank from its line number instead of parsing 200k numbers: the
  verified file must list its ranks in order.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest

import reportgen
from reportgen import tokens
from reportgen.zh import gazetteer, glossary_table, pinyin

from .conftest import ARTICLES, load_script, run_fresh_python


def _pypinyin(text: str, errors) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors=errors)


def _keep(chars: str) -> list[str]:
    return [chars]


def test_shipped_table_is_the_installed_pypinyins() -> None:
    shipped = (Path(reportgen.__file__).parent / "data" / "hanzi_pinyin.tsv").read_text(encoding="utf-8")
    assert shipped == load_script("make_hanzi_pinyin").table(), "pypinyin changed: run scripts/make_hanzi_pinyin.py"


def _project_strings() -> list[str]:
    """Every glossary key, division name and stem, and conventional place name."""
    gaz = gazetteer.gazetteer()
    found = set(glossary_table.glossary_table().entries) | set(gaz.full) | set(gaz.alias) | set(gaz.english)
    return sorted(found)


def _random_strings(rng: random.Random) -> list[str]:
    """Random text over the characters news terms use, over the whole table, mixed with non-Han
    characters, and with the table's exception phrases set among other characters."""
    readings, phrases, _ = pinyin._table()
    common = sorted({ch for key in glossary_table.glossary_table().entries for ch in key if ch in readings})
    every = sorted(readings)
    other = list("0123456789AbZ.-·（）、，《》 〇々ㄅ") + ["\U00020000", "\U0002A6D6", "\u9fff"]
    exceptions = sorted(phrases)
    out = []
    for _ in range(3000):
        out.append("".join(rng.choice(common) for _ in range(rng.randint(1, 8))))
    for _ in range(1500):
        out.append("".join(rng.choice(every) for _ in range(rng.randint(1, 6))))
    for _ in range(800):
        out.append("".join(rng.choice(common + other) for _ in range(rng.randint(1, 8))))
    for _ in range(1500):
        before = "".join(rng.choice(common) for _ in range(rng.randint(0, 3)))
        after = "".join(rng.choice(common) for _ in range(rng.randint(0, 3)))
        out.append(before + rng.choice(exceptions) + after)
    return out


@pytest.mark.parametrize("errors", ["ignore", _keep], ids=["ignore", "keep"])
def test_readings_equal_pypinyin_on_project_names_and_random_text(errors) -> None:
    texts = _project_strings() + _random_strings(random.Random(20261123))
    mismatches = [(t, pinyin.toneless(t, errors), _pypinyin(t, errors)) for t in texts
                  if pinyin.toneless(t, errors) != _pypinyin(t, errors)]
    assert not mismatches, mismatches[:5]
    # the comparison exercised both paths: most names come from the table, exception phrases do not
    decided = [pinyin._from_table(t) is not None for t in _project_strings()]
    assert sum(decided) > 0.9 * len(decided)
    assert any(pinyin._from_table(t) is None for t in texts)


def test_every_listed_phrase_really_reads_otherwise_and_goes_to_pypinyin() -> None:
    readings, phrases, _ = pinyin._table()
    assert len(phrases) > 1000
    for phrase in phrases:
        assert pinyin._from_table(phrase) is None
        own = _pypinyin(phrase, "ignore")
        assert pinyin.toneless(phrase) == own
        assert own != [readings[ch] for ch in phrase], phrase  # listed only because a reading differs


def test_empty_and_unlisted_text_reads_as_pypinyin_does() -> None:
    for text in ["", "ABC", "12", "\U00020000", "吕梁", "女"]:
        assert pinyin.toneless(text) == _pypinyin(text, "ignore")
        assert pinyin.toneless(text, _keep) == _pypinyin(text, _keep)
    assert pinyin.toneless("吕梁") == ["lü", "liang"]  # ü kept, tones dropped


def test_glossed_names_and_places_are_read_without_loading_pypinyin() -> None:
    article = ARTICLES / "fig_05_qingyuan_fugitive_hans.txt"
    code = (
        "import json, sys\n"
        "from reportgen import summarize_file\n"
        f"report = summarize_file({str(article)!r}).model_dump(mode='json')\n"
        "print(json.dumps(['pypinyin' in sys.modules, json.dumps(report, ensure_ascii=False)]))\n"
    )
    loaded, report = json.loads(run_fresh_python(code))
    assert "(untranslated)" not in report  # names nothing explains are glossed from CC-CEDICT...
    assert not loaded  # ...and places romanised from the shipped table


def test_rank_parse_equals_the_ranks_written_in_the_file() -> None:
    data = tokens.read_verified(tokens.shipped_file())
    written = {}
    for line in data.splitlines():
        token, rank = line.split()
        written[base64.b64decode(token)] = int(rank)
    assert tokens._ranks(data) == written
