"""One scope resolver (zh/scope.py): the place and period a figure is about, for the offline engine
(Scope.at) and for the anomaly checks (Scope.key_at), read from the same place matches and periods."""

from __future__ import annotations

import ast
from pathlib import Path

from reportgen.ingest import document as ingest
from reportgen.models import Bilingual, Period
from reportgen.zh.scope import Scope, uses_roc_years

SRC = Path(__file__).resolve().parent.parent / "src" / "reportgen"

COUNTY = ("梅州市公安局上半年刑事警情同比下降9.6%。\n"
          "蕉岭县上半年抓获嫌疑人12人。该县破案数同比上升5%。\n"
          "全市交通事故同比下降3%。")


def _doc(text: str) -> ingest.Document:
    return ingest.from_text(text, name="t")


def test_a_county_paragraph_narrows_the_place_and_the_anaphor_points_back() -> None:
    doc = _doc(COUNTY)
    scope = Scope(doc, Bilingual(zh="梅州市", en="Meizhou"), Period(label="2023-H1"))
    assert scope.at(COUNTY.index("9.6"))[0] is None  # the report's own place
    assert scope.at(COUNTY.index("12人"))[0] == "蕉岭县"
    assert scope.at(COUNTY.index("5%"))[0] == "蕉岭县"  # 该县
    assert scope.at(COUNTY.index("3%"))[:2] == (None, None)  # 全市 brings it back
    assert scope.at(COUNTY.index("12人"))[2] == "2023-H1"


def test_a_place_elsewhere_does_not_move_the_figure() -> None:
    text = "梅州市公安局通报：民警赴杭州市抓获嫌疑人3人。"
    scope = Scope(_doc(text), Bilingual(zh="梅州市", en="Meizhou"), None)
    assert scope.at(text.index("3人"))[0] is None


def test_keys_differ_by_place_period_and_campaign() -> None:
    text = ("上半年,全市刑事治安警情同比下降9.6%。\n1至5月,全市刑事治安警情同比下降8.6%。\n"
            "在“护航”行动中,全区抓获盗窃嫌疑人36人;在“清源”行动中,全区抓获盗窃嫌疑人41人。\n"
            "该县交通事故同比下降14.9%。")
    scope = Scope(_doc(text))
    first, second = scope.key_at(text.index("9.6")), scope.key_at(text.index("8.6"))
    assert first.places == second.places == ("全市",) and first.explicit_place
    assert first.period is not None and second.period is not None and first.period != second.period
    guard, source = scope.key_at(text.index("36人")), scope.key_at(text.index("41人"))
    assert guard.names == ("护航",) and source.names == ("清源",)  # ; ends the sentence
    assert scope.key_at(text.index("14.9")).places == ("该县",)


def test_key_reads_a_place_from_earlier_in_the_paragraph() -> None:
    text = "蕉岭县公安局通报。上半年抓获嫌疑人12人。\n抓获嫌疑人15人。"
    scope = Scope(_doc(text))
    key = scope.key_at(text.index("12人"))
    assert key.places == ("蕉岭县",) and not key.explicit_place  # named, but not in the figure's sentence
    assert scope.key_at(text.index("15人")).places == ()  # another paragraph


def test_named_spans_are_places_and_place_words_inside_a_stretch() -> None:
    text = "全市梅县区破案数同比上升5%。"
    spans = Scope(_doc(text)).named_spans(0, text.index("破案"))
    assert [text[s:e] for s, e in spans] == ["全市", "梅县区"]


def test_roc_years_only_in_taiwanese_traditional_text() -> None:
    assert uses_roc_years(_doc("臺北市政府警察局公布113年上半年刑案統計，竊盜案件較去年同期減少。"))
    assert not uses_roc_years(_doc("台北市警方公布上半年刑案统计，盗窃案件同比减少。"))


def test_zh_imports_nothing_from_engines_or_verify() -> None:
    for path in (SRC / "zh").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("reportgen.engines", "reportgen.verify")), (path.name, node.module)
