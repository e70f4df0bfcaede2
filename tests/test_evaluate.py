"""`reportgen eval`: matching predicted figures to annotated ones, the scores, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen import ingest
from reportgen.cli import app
from reportgen.evaluation import GoldFile, load_gold, match_metrics, occurrences, score_article
from reportgen.models import (
    Anomaly,
    Bilingual,
    Change,
    Draft,
    Evidence,
    Metric,
    MetricDraft,
    Provenance,
    Report,
    Source,
)

ARTICLE = (
    "江门市公安局通报上半年工作情况\n"
    "上半年,全市刑事治安警情同比下降7.5%,破案数同比上升12%。"
    "全市共抓获违法犯罪嫌疑人1300多人,其中电信网络诈骗嫌疑人420人。"
    "蓬江区盗窃警情环比下降9%,全区连续60天无命案。"
    "下半年,全市刑事治安警情同比下降7.5%的势头要巩固。\n"
)


def gold_metric(evidence: str, value: float, *, unit: str = "%", approximate: bool = False,
                direction: str | None = None, comparison: str | None = None) -> dict:
    return {"evidence": evidence, "indicator_zh": "", "value": value, "unit": unit, "approximate": approximate,
            "is_change": direction is not None, "change_direction": direction, "comparison": comparison,
            "from_value": None}


GOLD = [
    gold_metric("刑事治安警情同比下降7.5%", 7.5, direction="down", comparison="year_on_year"),
    gold_metric("破案数同比上升12%", 12, direction="up", comparison="year_on_year"),
    gold_metric("抓获违法犯罪嫌疑人1300多人", 1300, unit="people", approximate=True),
    gold_metric("电信网络诈骗嫌疑人420人", 420, unit="people"),
    gold_metric("盗窃警情环比下降9%", 9, direction="down", comparison="period_on_period"),
    gold_metric("连续60天无命案", 60, unit="days"),
]


def doc_of(text: str = ARTICLE) -> ingest.Document:
    return ingest.from_text(text, name="t.txt")


def metric(doc: ingest.Document, quote: str, value: float, *, unit: str = "%", qualifier: str = "exact",
           direction: str | None = None, basis: str = "unspecified", occurrence: int = 0, mid: int = 0) -> Metric:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(quote, start + 1)
    return Metric(id=mid, indicator=Bilingual(zh="x", en="x"), value=value, unit=unit, qualifier=qualifier,
                  change=Change(direction=direction, basis=basis) if direction else None,
                  evidence=Evidence(quote=quote, start=start, end=start + len(quote)))


def report_of(doc: ingest.Document, metrics: list[Metric], anomalies: list[Anomaly] | None = None) -> Report:
    return Report(id=doc.id, source=Source(chars=len(doc.text), tokens=1), summary=Bilingual(zh="", en=""),
                  metrics=metrics, anomalies=anomalies or [], provenance=Provenance(engine="test"))


def gold_file(metrics: list[dict], anomalies: list[dict] | None = None) -> GoldFile:
    return GoldFile.model_validate({"article": "t.txt", "metrics": metrics, "anomalies": anomalies or []})


def perfect(doc: ingest.Document) -> list[Metric]:
    return [
        metric(doc, "刑事治安警情同比下降7.5%", 7.5, direction="down", basis="year_on_year"),
        metric(doc, "破案数同比上升12%", 12, direction="up", basis="year_on_year"),
        metric(doc, "抓获违法犯罪嫌疑人1300多人", 1300, unit="people", qualifier="more_than"),
        metric(doc, "电信网络诈骗嫌疑人420人", 420, unit="people"),
        metric(doc, "盗窃警情环比下降9%", 9, direction="down", basis="period_on_period"),
        metric(doc, "连续60天无命案", 60, unit="days"),
    ]


def test_perfect_prediction_scores_one() -> None:
    doc = doc_of()
    result = score_article("t.txt", doc, gold_file(GOLD), report_of(doc, perfect(doc)))
    scores = result.counts.scores()
    assert (result.counts.gold, result.counts.predicted, result.counts.matched) == (6, 6, 6)
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert scores["qualifier_accuracy"] == 1.0 and scores["basis_accuracy"] == 1.0
    assert result.misses == [] and result.extras == []


def test_value_mismatch_is_a_miss_and_an_extra() -> None:
    doc = doc_of()
    predicted = perfect(doc)
    predicted[3] = metric(doc, "电信网络诈骗嫌疑人420人", 42, unit="people")
    result = score_article("t.txt", doc, gold_file(GOLD), report_of(doc, predicted))
    assert result.counts.matched == 5
    assert [m.value for m in result.misses] == [420] and [e.value for e in result.extras] == [42]
    assert result.counts.scores()["precision"] == pytest.approx(5 / 6)
    assert result.counts.scores()["recall"] == pytest.approx(5 / 6)


def test_magnitudes_compare_as_plain_numbers() -> None:
    text = "全市共服务群众12.13万人次。"
    doc = doc_of(text)
    gold = gold_file([gold_metric("服务群众12.13万人次", 121300, unit="person-times")])
    predicted = [metric(doc, "12.13万人次", 121300.00000000001, unit="person-times")]
    assert score_article("t.txt", doc, gold, report_of(doc, predicted)).counts.matched == 1


def test_direction_mismatch_is_a_miss_and_an_extra() -> None:
    doc = doc_of()
    predicted = perfect(doc)
    predicted[0] = metric(doc, "刑事治安警情同比下降7.5%", 7.5, direction="up", basis="year_on_year")
    result = score_article("t.txt", doc, gold_file(GOLD), report_of(doc, predicted))
    assert result.counts.matched == 5
    assert [m.value for m in result.misses] == [7.5] and [e.direction for e in result.extras] == ["up"]
    assert "direction" in result.misses[0].note


def test_a_level_predicted_as_a_change_does_not_match() -> None:
    doc = doc_of()
    predicted = perfect(doc)
    predicted[3] = metric(doc, "电信网络诈骗嫌疑人420人", 420, unit="people", direction="up")
    result = score_article("t.txt", doc, gold_file(GOLD), report_of(doc, predicted))
    assert result.counts.matched == 5 and len(result.misses) == 1 and len(result.extras) == 1


def test_quotes_must_overlap() -> None:
    # 7.5% down year on year is stated twice; the annotation is on the first clause only
    doc = doc_of()
    predicted = perfect(doc)
    predicted[0] = metric(doc, "刑事治安警情同比下降7.5%", 7.5, direction="down", basis="year_on_year",
                          occurrence=1)
    gold = [g for g in GOLD]
    gold[0] = gold_metric("上半年,全市刑事治安警情同比下降7.5%", 7.5, direction="down", comparison="year_on_year")
    result = score_article("t.txt", doc, gold_file(gold), report_of(doc, predicted))
    assert result.counts.matched == 5
    assert result.misses[0].value == 7.5 and result.extras[0].start == doc.text.rindex("刑事治安警情同比下降7.5%")


def test_repeated_evidence_takes_the_occurrence_overlapping_the_prediction() -> None:
    doc = doc_of()
    assert len(occurrences(doc, "刑事治安警情同比下降7.5%")) == 2
    second = metric(doc, "同比下降7.5%", 7.5, direction="down", basis="year_on_year", occurrence=1)
    gold = gold_file([GOLD[0]])
    result = score_article("t.txt", doc, gold, report_of(doc, [second]))
    assert result.counts.matched == 1


def test_matching_is_one_to_one_and_maximal() -> None:
    text = "两地各抓获嫌疑人5人,另有协查对象5人。"
    doc = doc_of(text)
    gold = [gold_metric("抓获嫌疑人5人", 5, unit="people"), gold_metric("协查对象5人", 5, unit="people")]
    wide = metric(doc, "抓获嫌疑人5人,另有协查对象5人", 5, unit="people")
    # one wide prediction overlaps both annotations, but may satisfy only one of them
    result = score_article("t.txt", doc, gold_file(gold), report_of(doc, [wide]))
    assert result.counts.matched == 1 and len(result.misses) == 1
    # greedy-by-overlap alone gives the wide quote to the first annotation (largest overlap) and leaves
    # the narrow prediction, which overlaps only the first annotation, unmatched: augmenting fixes that
    narrow = metric(doc, "嫌疑人5人", 5, unit="people", mid=1)
    spans = [occurrences(doc, g["evidence"]) for g in gold]
    gold_models = gold_file(gold).metrics
    pairs = match_metrics(gold_models, spans, [wide, narrow])
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_qualifier_and_basis_accuracy_over_matched_figures() -> None:
    doc = doc_of()
    predicted = perfect(doc)
    predicted[2] = metric(doc, "抓获违法犯罪嫌疑人1300多人", 1300, unit="people")  # 多 lost: exact
    predicted[4] = metric(doc, "盗窃警情环比下降9%", 9, direction="down", basis="year_on_year")
    result = score_article("t.txt", doc, gold_file(GOLD), report_of(doc, predicted))
    scores = result.counts.scores()
    assert result.counts.matched == 6
    assert scores["qualifier_accuracy"] == pytest.approx(5 / 6)
    # basis is judged over the three changes only: levels have no basis
    assert result.counts.basis_checked == 3 and scores["basis_accuracy"] == pytest.approx(2 / 3)
    assert [m.value for m in result.qualifier_mismatches] == [1300]
    assert [m.value for m in result.basis_mismatches] == [9]


def test_null_comparison_equals_unspecified_basis() -> None:
    text = "头盔佩戴率从35%提升至80%。"
    doc = doc_of(text)
    gold = gold_file([{**gold_metric("佩戴率从35%提升至80%", 80, direction="up"), "from_value": 35}])
    predicted = [metric(doc, "从35%提升至80%", 80, direction="up", basis="unspecified")]
    result = score_article("t.txt", doc, gold, report_of(doc, predicted))
    assert result.counts.matched == 1 and result.counts.scores()["basis_accuracy"] == 1.0


def test_anomalies_caught_when_spans_overlap() -> None:
    doc = doc_of()
    gold = gold_file(GOLD, anomalies=[{"evidence": "盗窃警情环比下降9%", "why": "test"},
                                      {"evidence": "连续60天无命案", "why": "test"}])
    start = doc.text.index("环比下降9%")
    flagged = [Anomaly(kind="impossible_change", quote="环比下降9%", start=start, end=start + 6, explanation="x")]
    far = doc.text.index("破案数")
    flagged.append(Anomaly(kind="conflicting_values", quote="破案数", start=far, end=far + 3, explanation="y"))
    result = score_article("t.txt", doc, gold, report_of(doc, perfect(doc), flagged))
    assert (result.counts.anomalies_gold, result.counts.anomalies_caught) == (2, 1)
    assert result.counts.anomalies_unannotated == 1
    assert result.anomalies_missed[0].quote == "连续60天无命案"


def test_traditional_evidence_is_located_in_a_traditional_article() -> None:
    text = "全縣破獲詐騙案件35宗,同比上升20%。"
    doc = doc_of(text)
    assert occurrences(doc, "破獲詐騙案件35宗") == [(2, 11)]
    # an annotator who typed the Simplified form still finds the Traditional clause
    assert occurrences(doc, "破获诈骗案件35宗") == [(2, 11)]


# ------------------------------------------------------------------------------------------
# the command
# ------------------------------------------------------------------------------------------


class ScriptedEngine:
    """Proposes fixed figures (by quote) so the test controls what the pipeline predicts."""

    name = "scripted"

    def __init__(self, figures: dict[str, list[tuple[str, float, str | None]]]) -> None:
        self.figures = figures

    def extract(self, doc: ingest.Document, chunks: list) -> Draft:  # noqa: ANN401
        if "崩溃" in doc.text:
            raise RuntimeError("engine bug on this article")
        drafts = []
        for quote, value, direction in self.figures.get(doc.name or "", []):
            start = doc.text.index(quote)
            drafts.append(MetricDraft(indicator_zh="刑事治安警情", value=value, unit="%" if direction else "people",
                                      change=Change(direction=direction, basis="year_on_year") if direction else None,
                                      quote=quote, start=start, end=start + len(quote)))
        return Draft(engine="scripted", metrics=drafts)


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a.json").write_text(json.dumps({"article": "a.txt", "metrics": GOLD, "anomalies": []},
                                              ensure_ascii=False), encoding="utf-8")
    (folder / "b.txt").write_text("本月系统崩溃,抓获嫌疑人3人。\n", encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"article": "b.txt", "metrics": [
        gold_metric("抓获嫌疑人3人", 3, unit="people")]}), encoding="utf-8")
    (folder / "unannotated.txt").write_text("抓获嫌疑人9人。\n", encoding="utf-8")
    return folder


def test_cli_json_scores_each_article_and_goes_on_past_a_failure(gold_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ScriptedEngine({"a.txt": [("刑事治安警情同比下降7.5%", 7.5, "down"),
                                       ("抓获违法犯罪嫌疑人1300多人", 1300, None),
                                       ("刑事治安警情同比下降7.5%的势头", 7.5, "down")]})
    monkeypatch.setattr("reportgen.engines.get_engine", lambda settings: engine)
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_name = {a["article"]: a for a in data["articles"]}
    assert set(by_name) == {"a.txt", "b.txt"}  # the article without gold is not scored
    a = by_name["a.txt"]
    assert (a["gold"], a["predicted"], a["matched"]) == (6, 3, 2)
    assert a["precision"] == pytest.approx(2 / 3) and a["recall"] == pytest.approx(2 / 6)
    assert a["qualifier_accuracy"] == pytest.approx(1 / 2)  # 1300多 proposed as exact
    assert [(e["value"], e["quote"]) for e in a["extras"]] == [(7.5, "刑事治安警情同比下降7.5%的势头")]
    assert "engine bug" in by_name["b.txt"]["error"]
    total = data["total"]
    assert total["failed"] == 1 and total["gold"] == 7 and total["matched"] == 2
    assert total["recall"] == pytest.approx(2 / 7)


def test_cli_text_and_verbose(gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the fall is proposed as a level: a direction mismatch (grounding lets it through, scoring does not)
    engine = ScriptedEngine({"a.txt": [("刑事治安警情同比下降7.5%", 7.5, None)]})
    monkeypatch.setattr("reportgen.engines.get_engine", lambda settings: engine)
    plain = CliRunner().invoke(app, ["eval", str(gold_dir)])
    assert plain.exit_code == 0 and "TOTAL" in plain.stdout and "miss " not in plain.stdout
    verbose = CliRunner().invoke(app, ["eval", str(gold_dir), "--verbose"])
    assert "FAILED" in verbose.stdout
    assert any(line.strip().startswith("extra") and "7.5" in line for line in verbose.stdout.splitlines())
    assert sum(line.strip().startswith("miss") for line in verbose.stdout.splitlines()) == 6


def test_cli_offline_engine_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("佛山市禅城区上半年刑事治安警情同比下降18.6%。\n", encoding="utf-8")
    (tmp_path / "x.json").write_text(json.dumps({"metrics": [
        gold_metric("刑事治安警情同比下降18.6%", 18.6, direction="down", comparison="year_on_year")]}),
        encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--engine", "offline", "--json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert total["recall"] == 1.0 and total["basis_accuracy"] == 1.0


@pytest.mark.parametrize("setup, expected", [
    ("missing", "no such directory"),
    ("empty", "no annotated articles"),
    ("bad_json", "not valid JSON"),
    ("bad_shape", "does not follow GOLD_FORMAT"),
])
def test_cli_bad_input_is_one_line_and_non_zero(tmp_path: Path, setup: str, expected: str) -> None:
    folder = tmp_path / "d"
    if setup != "missing":
        folder.mkdir()
        (folder / "a.txt").write_text("抓获嫌疑人3人。\n", encoding="utf-8")
    if setup == "bad_json":
        (folder / "a.json").write_text("{\"metrics\": [", encoding="utf-8")
    if setup == "bad_shape":
        (folder / "a.json").write_text(json.dumps({"metrics": [{"evidence": "抓获嫌疑人3人"}]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(folder)])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.output


def test_load_gold_reads_the_shared_samples(samples_dir: Path) -> None:
    for gold_path in sorted(samples_dir.glob("*.json")):
        gold = load_gold(gold_path)
        doc = ingest.from_path(gold_path.with_suffix(".txt"))
        assert gold.metrics
        assert all(occurrences(doc, m.evidence) for m in gold.metrics)
        assert all(occurrences(doc, a.evidence) for a in gold.anomalies)
