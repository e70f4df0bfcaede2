"""Offline summaries and key points: extractive Chinese, English composed only from verified metrics."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from reportgen import ingest
from reportgen.engines.offline.context import infer_context
from reportgen.models import Bilingual, Change, Evidence, Metric, Period
from reportgen.output.compose import _env, compose
from reportgen.pipeline import summarize
from reportgen.verify.prose import english_numbers, unbacked_numbers
from reportgen.zh.numerals import find_numbers, same_value

from .conftest import ARTICLES, fixture_articles, sample_articles

# ------------------------------------------------------------------------------------------
# hand-built metrics on a fixture article (offsets real, values from the text)
# ------------------------------------------------------------------------------------------


def _metric(doc: ingest.Document, mid: int, quote: str, zh: str, en: str, value: float, unit: str, *,
            qualifier: str = "exact", change: tuple[str, str] | None = None, from_value: float | None = None,
            region: tuple[str, str] | None = None, period: str | None = "2021-H1") -> Metric:
    start = doc.text.index(quote)
    return Metric(id=mid, indicator=Bilingual(zh=zh, en=en), value=value, unit=unit, qualifier=qualifier,
                  change=Change(direction=change[0], basis=change[1]) if change else None, from_value=from_value,
                  region=Bilingual(zh=region[0], en=region[1]) if region else None, period=period,
                  evidence=Evidence(quote=quote, start=start, end=start + len(quote)))


@pytest.fixture
def luliang() -> tuple[ingest.Document, list[Metric], Bilingual, Period]:
    doc = ingest.from_path(ARTICLES / "ctx_luliang_h1.txt")
    region, period, _ = infer_context(doc)
    assert region is not None and period is not None
    city = (region.zh, region.en)
    m = [
        _metric(doc, 0, "刑事治安警情8460起", "刑事治安警情", "criminal and public-order incidents", 8460, "cases",
                region=city),
        _metric(doc, 1, "同比下降9.12%", "刑事治安警情", "criminal and public-order incidents", 9.12, "%",
                change=("down", "year_on_year"), region=city),
        _metric(doc, 2, "立刑事案件2315起", "刑事案件立案数", "criminal cases filed", 2315, "cases", region=city),
        _metric(doc, 3, "同比下降6.4%", "刑事案件立案数", "criminal cases filed", 6.4, "%",
                change=("down", "year_on_year"), region=city),
        _metric(doc, 4, "破获刑事案件1187起", "破获刑事案件", "criminal cases solved", 1187, "cases",
                region=city),
        _metric(doc, 5, "同比上升11.5%", "破获刑事案件", "criminal cases solved", 11.5, "%",
                change=("up", "year_on_year"), region=city),
        _metric(doc, 6, "抓获犯罪嫌疑人1342名", "抓获犯罪嫌疑人", "suspects arrested", 1342, "people",
                region=city),
        _metric(doc, 7, "破获电诈案件236起", "破获电诈案件", "telecom and online fraud cases solved", 236, "cases",
                region=city),
        _metric(doc, 8, "打掉犯罪团伙17个", "打掉犯罪团伙", "criminal gangs dismantled", 17, "gangs",
                region=city),
        _metric(doc, 9, "挽回经济损失1860万元", "挽回经济损失", "economic losses recovered", 18600000, "yuan",
                region=city),
        _metric(doc, 10, "道路交通事故起数同比下降13.7%", "道路交通事故", "road traffic accidents", 13.7, "%",
                change=("down", "year_on_year"), region=city),
        _metric(doc, 11, "死亡人数同比下降8.2%", "道路交通事故死亡人数", "road traffic deaths", 8.2, "%",
                change=("down", "year_on_year"), region=city),
        _metric(doc, 12, "破获盗窃案件146起", "破获盗窃案件", "theft cases solved", 146, "cases",
                region=("离石区", "Lishi District")),
        _metric(doc, 13, "较去年同期增加22起", "破获盗窃案件", "theft cases solved", 22, "cases",
                change=("up", "unspecified"), region=("离石区", "Lishi District")),
    ]
    return doc, m, region, period


def test_key_points_are_specific_and_grouped(luliang) -> None:
    doc, metrics, region, period = luliang
    summary, points = compose(doc, metrics, region, period)
    assert 5 <= len(points) <= 10
    first = points[0]
    # headline changes first, each with place, period, figure, direction and basis, level paired with change
    assert first.en.startswith("In Lüliang in the first half of 2021, ")
    assert "criminal and public-order incidents fell 9.12% year on year to 8,460" in first.en
    assert {0, 1} <= set(first.metric_ids)
    texts = " ".join(p.en for p in points)
    assert "criminal cases solved rose 11.5% year on year to 1,187" in texts
    assert "18.6 million yuan in economic losses recovered" in texts
    assert "17 criminal gangs dismantled" in texts
    # a narrower place keeps its own name, and an unspecified basis is not invented
    lishi = next(p for p in points if "Lishi District" in p.en)
    assert "theft cases solved rose by 22 cases on the same period last year to 146" in lishi.en
    assert "year on year" not in lishi.en
    # every metric id points at a metric, and no metric is in two key points
    ids = [i for p in points for i in p.metric_ids]
    assert len(ids) == len(set(ids)) and set(ids) <= {m.id for m in metrics}
    # the Chinese of a key point is the source's own words
    for p in points:
        for part in p.zh.split("……"):
            assert part in doc.text


def test_summary_en_states_place_period_and_headline_changes(luliang) -> None:
    doc, metrics, region, period = luliang
    summary, _ = compose(doc, metrics, region, period)
    assert summary.en.startswith("This public security report covers Lüliang in the first half of 2021.")
    assert "Criminal and public-order incidents fell 9.12% year on year to 8,460" in summary.en
    assert unbacked_numbers(summary.en, metrics, doc, period) == []


def test_summary_zh_is_the_lead_plus_figure_sentences(luliang) -> None:
    doc, metrics, region, period = luliang
    summary, _ = compose(doc, metrics, region, period)
    assert summary.zh.startswith("今年上半年，吕梁市公安机关")
    assert "同比下降9.12%" in summary.zh
    assert "发布时间" not in summary.zh  # no furniture
    assert len(summary.zh) <= 420
    # whole sentences from the body, in order
    for sentence in re.findall(r"[^。；]+[。；]", summary.zh):
        assert sentence in doc.text


def test_impossible_fall_is_not_restated_as_fact() -> None:
    doc = ingest.from_text("某区2023年反诈工作\n2023年，全区电诈涉案金额2488万元，同比下降310.82%。")
    quote_level, quote_change = "涉案金额2488万元", "同比下降310.82%"
    metrics = [
        _metric(doc, 0, quote_level, "电诈涉案金额", "amount involved in telecom and online fraud", 24880000, "yuan",
                period="2023"),
        _metric(doc, 1, quote_change, "电诈涉案金额", "amount involved in telecom and online fraud", 310.82, "%",
                change=("down", "year_on_year"), period="2023"),
    ]
    _, points = compose(doc, metrics, None, Period(label="2023"))
    assert "was reported as down 310.82% year on year, an impossible fall" in points[0].en


def test_no_metrics_says_so() -> None:
    doc = ingest.from_path(ARTICLES / "ctx_no_context.txt")
    summary, points = compose(doc, [], None, None)
    assert summary.en == "The article states no verified figures."
    assert points == []
    assert summary.zh and summary.zh in doc.text.replace("\n", "")


def test_templates_are_strict() -> None:
    with pytest.raises(jinja2.UndefinedError):
        _env().get_template("summary_key_point.j2").render(place="Meizhou", when="2023", changes=[])


def test_unbacked_numbers_accepts_the_period_year() -> None:
    doc = ingest.from_text("某市公安工作\n发布时间：2019-07-10\n今年上半年，全市刑事警情同比下降5.2%。")
    assert unbacked_numbers("In the first half of 2019, incidents fell 5.2%.", [], doc) == []  # publication year
    undated = ingest.from_text("某市公安工作\n上半年，全市刑事警情同比下降5.2%。")
    assert unbacked_numbers("In 2019, incidents fell 5.2%.", [], undated) == [2019]
    assert unbacked_numbers("In 2019, incidents fell 5.2%.", [], undated, Period(label="2019-H1")) == []


# ------------------------------------------------------------------------------------------
# every number in the English is a verified figure: fixtures and the real samples, end to end
# ------------------------------------------------------------------------------------------


def _strictly_backed(text: str, report) -> list[float]:  # noqa: ANN001 - a Report
    """Numbers not equal to a metric's value or from_value, a year of a period label, or a number that
    is part of an indicator's own name (飓风2020)."""
    allowed = [float(m.value) for m in report.metrics]
    allowed += [float(m.from_value) for m in report.metrics if m.from_value is not None]
    labels = [report.period.label if report.period else ""] + [m.period or "" for m in report.metrics]
    allowed += [float(y) for label in labels for y in re.findall(r"\d{4}", label)]
    allowed += [n.value for m in report.metrics for n in find_numbers(m.indicator.zh)]
    return [v for v in english_numbers(text) if not any(same_value(v, a) for a in allowed)]


@pytest.mark.parametrize("article", fixture_articles() + sample_articles(), ids=lambda p: p.name)
def test_every_english_number_is_backed(article: Path) -> None:
    report = summarize(article, engine="offline")
    prose = " ".join([report.summary.en, *(kp.en for kp in report.key_points)])
    doc = ingest.from_path(article)
    assert unbacked_numbers(prose, report.metrics, doc, report.period) == []
    assert _strictly_backed(prose, report) == []
    assert not re.search(r"[\u3400-\u9fff]", prose)  # glossary and place names leave no Chinese in English
    ids = {m.id for m in report.metrics}
    assert all(set(kp.metric_ids) <= ids and kp.metric_ids for kp in report.key_points)


@pytest.mark.parametrize("article", sample_articles(), ids=lambda p: p.stem)
def test_samples_get_five_to_ten_key_points(article: Path) -> None:
    report = summarize(article, engine="offline")
    assert 5 <= len(report.key_points) <= 10
    assert report.region is not None and report.region.en in report.summary.en
    assert report.summary.zh and all(part in ingest.from_path(article).text
                                     for part in re.findall(r"[^。；]+[。；]", report.summary.zh))
