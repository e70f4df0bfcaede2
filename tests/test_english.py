"""The one phrasing module: figures, units, currencies, places and periods in English (reportgen.english)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from reportgen.engines.offline.units import MEASURES
from reportgen.english.changes import basis_en, change_cell, change_phrase, figure_statement
from reportgen.english.numbers import number_en, quantity
from reportgen.english.periods import date_en, date_range_en, period_en, period_phrase
from reportgen.english.places import has_cjk, place_name
from reportgen.english.units import display_unit, singular, unit_en
from reportgen.models import Bilingual, Change, Evidence, Metric
from reportgen.verify.prose import english_numbers
from reportgen.zh.numerals import same_value
from reportgen.zh.places import place_en


def metric(value: float, unit: str = "%", *, direction: str | None = None, basis: str = "year_on_year",
           from_value: float | None = None, qualifier: str = "exact", en: str = "incidents") -> Metric:
    return Metric(id=0, indicator=Bilingual(zh="警情", en=en), value=value, unit=unit, qualifier=qualifier,
                  change=Change(direction=direction, basis=basis) if direction else None, from_value=from_value,
                  evidence=Evidence(quote="警情", start=0, end=2), status="verified")


# ------------------------------------------------------------------------------------------
# numbers: one function, words for millions and above, exactly the value
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (121300, "121,300"),
    (24881000, "24.881 million"),  # not "24,881,000"
    (100000000, "100 million"),
    (137000000, "137 million"),
    (2e12, "2 trillion"),
    (1.5e12, "1.5 trillion"),  # not "1,500 billion"
    (279251000000, "279.251 billion"),  # never exponent notation (2.79251e+11)
    (1234567, "1,234,567"),  # not exactly sayable in millions: digits
    (1846500000, "1.8465 billion"),  # four decimals in billions still reads better than ten digits
    (3582640000000, "3.58264 trillion"),  # 35826.4亿
    (1234567891, "1,234,567,891"),  # more than five decimals: digits
    (7.03, "7.03"),
    (11.3, "11.3"),
    (0, "0"),
])
def test_number_reads_back_to_the_value(value: float, text: str) -> None:
    assert number_en(value) == text
    assert len(english_numbers(text)) == 1 and same_value(english_numbers(text)[0], value)


@pytest.mark.parametrize("value", [1e-7, 0.1234567, 12.3456789, 3.3e20])
def test_no_number_is_rounded_away_or_written_with_an_exponent(value: float) -> None:
    text = number_en(value)
    assert "e" not in text.replace("million", "").replace("billion", "").replace("trillion", "")
    assert same_value(float(text.split()[0].replace(",", "")) * (1e12 if "trillion" in text else 1), value)


@pytest.mark.parametrize(("value", "unit", "qualifier", "expected"), [
    (121300, "cases", "exact", "121,300 cases"),
    (1200, "people", "more_than", "more than 1,200 people"),
    (1200, "cases", "more_than", "more than 1,200 cases"),
    (100000000, "yuan", "nearly", "nearly 100 million yuan"),
    (137000000, "yuan", "exact", "137 million yuan"),
    (2500000000, "yuan", "about", "about 2.5 billion yuan"),
    (1400000, "yuan", "over", "over 1.4 million yuan"),
    (1234567, "yuan", "exact", "1,234,567 yuan"),
    (7.03, "%", "exact", "7.03%"),
    (1, "cases", "exact", "1 case"),
    (1, "people", "exact", "1 person"),
    (46, "起", "exact", "46 cases"),
    (343000, "人次", "exact", "343,000 person-times"),
    (12.5, "kg", "nearly", "nearly 12.5 kg"),
    (2, "rank", "exact", "No. 2"),  # a place in a ranking; a bare "2" beside "satisfaction rate" reads as the rate
    (1200, "count", "exact", "1,200"),
])
def test_quantity_is_written_for_english_readers(value: float, unit: str, qualifier: str, expected: str) -> None:
    assert quantity(value, unit, qualifier) == expected


def test_quantity_without_its_unit() -> None:
    assert quantity(1200, "cases", "more_than", with_unit=False) == "more than 1,200"
    assert quantity(7.03, "%", with_unit=False) == "7.03%"  # a percentage keeps its sign


# ------------------------------------------------------------------------------------------
# units: the offline engine's table, plus plurals
# ------------------------------------------------------------------------------------------


def test_units_from_chinese_measure_words_are_the_offline_engines() -> None:
    for zh in ("处", "吨", "所", "家", "个", "起", "名", "人次", "克", "部"):
        assert unit_en(zh) == MEASURES[zh]
    assert unit_en("处") == "places" and unit_en("吨") == "tonnes" and unit_en("家") == "businesses"
    assert unit_en("万元") == "yuan" and unit_en("亿元") == "yuan"  # the magnitude is in the value
    assert unit_en("cases") == "cases" and unit_en(" people ") == "people" and unit_en("") == ""


@pytest.mark.parametrize(("plural", "one"), [
    ("cases", "case"), ("people", "person"), ("businesses", "business"), ("boxes", "box"),
    ("batches", "batch"), ("sorties", "sortie"), ("working days", "working day"), ("person-times", "person-time"),
    ("kg", "kg"), ("yuan", "yuan"), ("mu", "mu"), ("percentage points", "percentage point"), ("places", "place"),
])
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_display_unit() -> None:
    assert display_unit("处", 1) == "place" and display_unit("处", 3) == "places"
    assert display_unit("rank", 2) == "" and display_unit("%", 1) == "%"


# ------------------------------------------------------------------------------------------
# currencies: yuan on the mainland; Hong Kong, Macao and Taiwan money as their own press writes it
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "expected"), [
    ("元", "2.5 million yuan"), ("yuan", "2.5 million yuan"), ("HKD", "HK$2.5 million"),
    ("MOP", "MOP$2.5 million"), ("TWD", "NT$2.5 million"),
])
def test_currencies(unit: str, expected: str) -> None:
    assert quantity(2500000, unit) == expected
    assert quantity(2500000, unit, "about") == "about " + expected
    assert english_numbers(f"Losses were {expected}.") == [2500000]  # the prose check reads it back


# ------------------------------------------------------------------------------------------
# changes
# ------------------------------------------------------------------------------------------


def test_change_phrases() -> None:
    assert change_phrase(metric(7.03, direction="down")) == "down 7.03% year on year"
    assert change_phrase(metric(7.5, direction="up", basis="period_on_period")) == "up 7.5% period on period"
    assert change_phrase(metric(3.2, direction="down", basis="unspecified")) == "down 3.2%"
    assert change_phrase(metric(0, direction="flat")) == "unchanged year on year"
    assert change_phrase(metric(185, "items", from_value=120)) == "up from 120 items to 185 items"
    assert change_phrase(metric(28600, "cases")) == "28,600 cases"
    assert change_phrase(metric(24881000, "yuan", qualifier="over")) == "over 24.881 million yuan"
    assert change_cell(metric(185, "items", from_value=120)) == "from 120 items"
    assert change_cell(metric(7.03, direction="down")) == "down" and change_cell(metric(5, "cases")) == "—"
    assert basis_en(Change(direction="up", basis="unspecified")) == "basis not stated"
    assert figure_statement(metric(12.4, direction="down")) == "incidents: down 12.4% year on year"


# ------------------------------------------------------------------------------------------
# places: one romanisation path
# ------------------------------------------------------------------------------------------


def test_place_names_go_through_the_gazetteer_romanisation() -> None:
    assert place_name(Bilingual(zh="吕梁市", en="吕梁市")) == "Lüliang"
    assert place_name(Bilingual(zh="梅县区", en="")) == "Meixian District"
    assert place_name(Bilingual(zh="吕梁市", en="Lüliang City")) == "Lüliang City"
    assert place_name(None) is None
    # 长 in a place name is Chang, 朝 in 朝阳 is Chao (a character-by-character reading got both wrong)
    assert place_name(Bilingual(zh="长治", en="")) == place_en("长治") == "Changzhi"
    assert place_name(Bilingual(zh="朝阳区", en="朝阳区")) == place_en("朝阳区") == "Chaoyang District"
    assert has_cjk("吕梁") and not has_cjk("Lüliang") and not has_cjk(None)


# ------------------------------------------------------------------------------------------
# periods and dates: one period phrase
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "alone"), [
    ("2022-H1", "first half of 2022"),
    ("2023-Q3", "third quarter of 2023"),
    ("2019-01/2019-10", "January to October 2019"),
    ("2023-08", "August 2023"),
    ("2023", "2023"),
    ("2020/2022", "2020 to 2022"),
    ("sometime", "sometime"),  # a label the phrase does not know is shown, never hidden
    (None, ""),
])
def test_periods_follow_the_period_phrase(label: str | None, alone: str) -> None:
    assert period_en(label) == alone
    phrase = period_phrase(label)
    assert phrase in (alone, "the " + alone) or (phrase == "" and alone == (label or ""))


def test_dates() -> None:
    assert date_en(dt.date(2022, 7, 5)) == "5 July 2022" and date_en(None) == ""
    assert date_range_en((dt.date(2022, 7, 15), dt.date(2023, 8, 1))) == "15 July 2022 – 1 August 2023"
    assert date_range_en((dt.date(2022, 7, 5), dt.date(2022, 7, 9))) == "5–9 July 2022"
    assert date_range_en((dt.date(2022, 6, 5), dt.date(2022, 7, 9))) == "5 June – 9 July 2022"
    assert date_range_en(None) == ""


# ------------------------------------------------------------------------------------------
# one path: output/ phrases through english/, romanises through zh/, and its modules form no cycle
# ------------------------------------------------------------------------------------------

OUTPUT = Path(__file__).resolve().parent.parent / "src" / "reportgen" / "output"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, type-only imports included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_output_neither_romanises_nor_imports_pypinyin_itself() -> None:
    for path in OUTPUT.glob("*.py"):
        assert not any(name.startswith("pypinyin") for name in _imports(path)), path.name


def test_output_modules_import_each_other_without_a_cycle() -> None:
    graph = {f"reportgen.output.{p.stem}": {n for n in _imports(p) if n.startswith("reportgen.output.")}
             for p in OUTPUT.glob("*.py")}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, set()):
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, set())] == []
