"""The shipped romanisation of every division (data/place_pinyin.tsv) is in sync with the rules, and place
names and known terms are rendered without loading pypinyin (about a second to import and warm up)."""

from __future__ import annotations

from pathlib import Path

import reportgen
from reportgen.zh import places

from .conftest import load_script, run_fresh_python


def test_shipped_table_matches_the_rules() -> None:
    shipped = (Path(reportgen.__file__).parent / "data" / "place_pinyin.tsv").read_text(encoding="utf-8")
    assert shipped == load_script("make_place_pinyin").table(), "run scripts/make_place_pinyin.py"


def test_table_covers_every_division_and_keeps_conventions() -> None:
    table = places._shipped_pinyin()
    assert len(table) > 2500
    assert table["吕梁"] == "Lüliang" and table["固安"] == "Gu'an"  # ü kept, apostrophes
    assert "六安" not in table  # conventional names live in place_names.tsv and are consulted first
    assert places.place_en("六安市") == "Lu'an"


def test_places_and_known_terms_do_not_load_pypinyin() -> None:
    out = run_fresh_python(
        "import sys\n"
        "from reportgen.zh.glossary import indicator_en\n"
        "from reportgen.zh.places import place_en\n"
        "names = [place_en(n) for n in ('梅州市', '蕉嶺縣', '广东省梅州市', '吕梁', '沛县', '本溪满族自治县')]\n"
        "terms = [indicator_en(t) for t in ('經濟犯罪案件涉案金額', '被骗金额(赖女士个案)',\n"
        "                                  '整體罪案率', '蕉岭县无刑事警情天数')]\n"
        "print('pypinyin' in sys.modules, names, terms)\n"
        "print(indicator_en('鼹鼠洞'), 'pypinyin' in sys.modules)\n"
        "from reportgen.zh import pinyin\n"
        "pinyin.toneless(sorted(pinyin._table()[1])[0])\n"
        "print('pypinyin' in sys.modules)\n")
    first, second, third = out.splitlines()
    assert first.startswith("False"), first
    assert "Peixian County" in first and "Benxi Manchu Autonomous County" in first and "Ms Lai" in first
    assert second == "mole cave False"  # a name nothing explains: glossed from CC-CEDICT, no pypinyin
    assert third == "True"  # a phrase the table cannot decide is read by pypinyin itself
