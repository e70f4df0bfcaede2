"""Rendering: English figures, the Markdown and HTML briefings, footnotes, escaping, the chart."""

from __future__ import annotations

import datetime as dt
import re
from string import ascii_lowercase
from typing import Any

import pytest

from reportgen.english.numbers import number_en
from reportgen.models import (
    RULES_VERSION,
    Anomaly,
    Bilingual,
    Change,
    Evidence,
    KeyPoint,
    Metric,
    Period,
    Provenance,
    Report,
    Source,
)
from reportgen.output import chart, render
from reportgen.output.briefing import Collected, Failure, build_briefing

# ---------------------------------------------------------------------------------------------
# a small factory of Reports (fictional figures), shared with test_briefing
# ---------------------------------------------------------------------------------------------


def metric(mid: int, zh: str, en: str, value: float, unit: str = "%", *, direction: str | None = None,
           basis: str = "year_on_year", qualifier: str = "exact", quote: str | None = None, start: int = 0,
           region: tuple[str, str] | None = None, from_value: float | None = None) -> Metric:
    quote = quote or f"{zh}{value:g}{unit}"
    return Metric(
        id=mid, indicator=Bilingual(zh=zh, en=en), value=value, unit=unit, qualifier=qualifier,  # type: ignore[arg-type]
        change=Change(direction=direction, basis=basis) if direction else None,  # type: ignore[arg-type]
        from_value=from_value, region=Bilingual(zh=region[0], en=region[1]) if region else None,
        evidence=Evidence(quote=quote, start=start, end=start + len(quote)),
    )


def make_report(rid: str, *, title_zh: str, title_en: str | None, region: tuple[str, str] | None,
                period: str | None = "2022-H1", published: dt.date | None = dt.date(2022, 7, 15),
                publisher: str | None = "某市公安局", metrics: list[Metric] | None = None,
                anomalies: list[Anomaly] | None = None, summary_en: str = "The police reported fewer incidents.",
                key_points: list[KeyPoint] | None = None, engine: str = "offline") -> Report:
    start, end = {"2022-H1": (dt.date(2022, 1, 1), dt.date(2022, 6, 30)),
                  "2023": (dt.date(2023, 1, 1), dt.date(2023, 12, 31))}.get(period or "", (None, None))
    return Report(
        id=rid,
        source=Source(title_zh=title_zh, title_en=title_en, publisher=publisher, published=published,
                      chars=800, tokens=500, file=f"{rid}.txt"),
        region=Bilingual(zh=region[0], en=region[1]) if region else None,
        period=Period(label=period, start=start, end=end) if period else None,
        summary=Bilingual(zh="摘要", en=summary_en),
        key_points=key_points or [],
        metrics=metrics or [],
        anomalies=anomalies or [],
        provenance=Provenance(engine=engine, rules_version=RULES_VERSION),  # made by the present rules
    )


def lvliang() -> Report:
    return make_report(
        "a1", title_zh="吕梁市公安局通报上半年治安形势", title_en="Lüliang police report on the first half",
        region=("吕梁市", "Lüliang"),
        metrics=[
            metric(0, "刑事治安警情", "criminal and public-order incidents", 12.4, direction="down", start=100),
            metric(1, "刑事治安警情", "criminal and public-order incidents", 28600, "cases", start=80,
                   quote="接报刑事治安警情2.86万起"),
            metric(2, "抓获犯罪嫌疑人", "suspects arrested", 1800, "people", qualifier="more_than", start=200),
            metric(3, "挽回经济损失", "losses recovered", 137000000, "yuan", start=150, quote="挽回经济损失1.37亿元"),
            metric(4, "破案数", "cases solved", 6.3, direction="up", start=120),
            metric(5, "一窗通办事项", "one-window services", 185, "items", from_value=120, start=300,
                   direction="up", basis="unspecified"),
        ],
        anomalies=[Anomaly(metric_id=4, kind="rate_count_confusion", quote="破案数同比上升6.3%", start=120, end=131,
                           explanation="A rate of change reported as a count.")],
        key_points=[KeyPoint(en="Incidents fell.", zh="警情下降", metric_ids=[0])],
    )


def meizhou() -> Report:
    return make_report(
        "b2", title_zh="梅州公安上半年工作", title_en=None, region=("梅州市", "梅州市"),  # no English name given
        period="2023", published=dt.date(2023, 8, 1), publisher="梅州网",
        metrics=[
            metric(0, "刑事治安警情", "criminal and public-order incidents", 7.03, direction="down", start=40),
            metric(1, "交通事故", "traffic accidents", 18.35, direction="down", start=60),
            metric(2, "挽回损失", "losses recovered", 100000000, "yuan", qualifier="nearly", start=90,
                   quote="挽回损失近亿元", region=("梅县区", "Meixian District")),
        ],
    )


def two_reports_briefing(**kwargs: Any):  # noqa: ANN201
    collected = Collected(reports=[lvliang(), meizhou()],
                          failures=[Failure("broken.png", "binary file (PNG image), not article text")])
    return build_briefing(collected, today=dt.date(2026, 11, 23), **kwargs)


# ---------------------------------------------------------------------------------------------
# the HTML briefing
# ---------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_page() -> None:
    html = render.briefing_html(two_reports_briefing())
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport"' in html and "@media print" in html and "@media (max-width" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    lowered = html.lower()
    for fetches in ("<script", "<link", "<img", "<iframe", "@import", "url(", "http://", "https://", "src="):
        assert fetches not in lowered, fetches


def test_html_has_table_chart_places_and_sections() -> None:
    b = two_reports_briefing()
    html = render.briefing_html(b)
    assert "<table>" in html and "<svg" in html
    for place in ("Lüliang", "Meizhou", "Meixian District"):
        assert place in html
    for heading in ("Executive summary", "Comparable indicators", "Anomalies and caveats", "Sources", "Not processed"):
        assert f">{heading}</h2>" in html
    # the chart has one bar per verified, unflagged year-on-year percentage change
    # (drawn twice: a wide chart, and a stacked one that CSS shows on narrow screens)
    bars = re.findall(r'<rect class="bar-(up|down)"', html)
    assert sorted(bars) == ["down"] * 6  # the flagged "up 6.3%" is left out
    assert '<svg class="wide"' in html and '<svg class="narrow"' in html
    assert "−12.4%" in html and "−7.03%" in html
    assert "broken.png" in html and "binary file (PNG image)" in html
    assert "first half of 2022" in html and "15 July 2022 – 1 August 2023" in html
    assert "Indicators reported for one place only" not in html  # one place's figures stay in its section
    assert "more figures from this article" in html
    alone = render.briefing_html(build_briefing(Collected(reports=[lvliang()])))
    assert "Indicators reported for one place only" not in alone


def test_every_figure_in_html_shows_its_chinese_quote() -> None:
    b = two_reports_briefing()
    html = render.briefing_html(b)
    for fig in b.notes:
        assert f'title="「{fig.quote}」"' in html  # hover
        assert f"<blockquote lang=\"zh-Hans\">「{fig.quote}」</blockquote>" in html  # expandable <details>
        assert f'id="note-{fig.note}"' in html


def test_table_groups_by_indicator_then_place() -> None:
    b = two_reports_briefing()
    first = b.table[0]
    assert first.indicator == "criminal and public-order incidents" and first.places == 2
    assert [f.place for f in first.rows] == ["Lüliang", "Lüliang", "Meizhou"]
    names = [g.indicator for g in b.table]
    shared = [g.indicator for g in b.table if g.places > 1]
    assert names[: len(shared)] == shared
    assert names[len(shared):] == sorted(names[len(shared):], key=str.casefold)


def test_chart_bars_diverge_from_the_axis_in_proportion() -> None:
    layout = chart.chart_layout(two_reports_briefing().chart)
    assert len(layout.bars) == 3 and [h.text for h in layout.headers] == ["criminal and public-order incidents",
                                                                          "traffic accidents"]
    by_label = {bar.value_label: bar for bar in layout.bars}
    big, small = by_label["−18.35%"], by_label["−7.03%"]
    for bar in layout.bars:
        assert bar.direction == "down" and bar.x + bar.width == pytest.approx(layout.axis_x, abs=0.2)
    assert big.width / small.width == pytest.approx(18.35 / 7.03, rel=0.02)


# ---------------------------------------------------------------------------------------------
# the Markdown briefing
# ---------------------------------------------------------------------------------------------


def test_markdown_footnotes_carry_quote_and_offsets() -> None:
    b = two_reports_briefing()
    md = render.briefing_markdown(b)
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defs = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", md, flags=re.M))
    assert refs and refs <= set(defs)
    for fig in b.notes:
        line = defs[str(fig.note)]
        assert f"「{fig.quote}」" in line
        assert f"characters {fig.metric.evidence.start}–{fig.metric.evidence.end}" in line


def test_markdown_has_table_chart_places_and_not_processed() -> None:
    md = render.briefing_markdown(two_reports_briefing())
    assert "| Indicator | Place | Period | Value | Change | Basis | Source |" in md
    assert "```text" in md and "▼" in md
    for place in ("Lüliang", "Meizhou", "Meixian District"):
        assert place in md
    assert "## Not processed" in md and "`broken.png`: binary file (PNG image), not article text" in md
    assert "more than 1,800 people" in md and "nearly 100 million yuan" in md and "down 7.03% year on year" in md
    assert re.search(r"\| losses recovered \| Lüliang \| first half of 2022 \| 137 million yuan \| — \| — "
                     r"\| \[\^\d+\] \|", md)


def test_report_markdown_for_summarize() -> None:
    md = render.report_markdown(lvliang())
    assert md.startswith("# Lüliang police report on the first half")
    assert ("| 0 | criminal and public-order incidents | 12.4% | down | year on year "
            "| 「刑事治安警情12.4%」 (100–111) |") in md


# ---------------------------------------------------------------------------------------------
# escaping: article text is data, never markup
# ---------------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def hostile_report() -> Report:
    evil = f"警情{SCRIPT}下降{IMG}"
    return make_report(
        "c3", title_zh=f"标题{SCRIPT}", title_en=f"Headline {IMG}", region=("大同市", f"Datong{SCRIPT}"),
        publisher=f"发布者{IMG}", summary_en=f"Summary {SCRIPT} and {IMG} [link](javascript:alert(3))",
        metrics=[metric(0, f"警情{IMG}", f"incidents {SCRIPT}", 8.6, direction="down", quote=evil)],
        anomalies=[Anomaly(metric_id=0, kind="impossible_change", quote=evil, start=0, end=len(evil),
                           explanation=f"Explained {IMG}")],
        key_points=[KeyPoint(en=f"Point {SCRIPT}", zh="要点", metric_ids=[0])],
    )


def test_html_escapes_article_text() -> None:
    collected = Collected(reports=[hostile_report()], failures=[Failure(f"bad{IMG}.txt", f"reason {SCRIPT}")])
    html = render.briefing_html(build_briefing(collected, title=f"Title {SCRIPT}"))
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_markdown_escapes_article_text() -> None:
    collected = Collected(reports=[hostile_report()], failures=[Failure("bad.txt", f"reason {SCRIPT}")])
    md = render.briefing_markdown(build_briefing(collected))
    assert not re.search(r"(?<!\\)<(script|img|/script)", md)
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # the link is inert: its bracket is escaped
    assert r"\<script\>alert(1)\</script\>" in md
    assert not re.search(r"(?<!\\)<(script|img|/script)", render.report_markdown(hostile_report()))


def test_an_outlier_is_clipped_instead_of_flattening_the_chart() -> None:
    reports = [make_report(f"o{i}", title_zh="标题", title_en=None, region=(zh, en),
                           metrics=[metric(0, "警情", "incidents", value, direction="up")])
               for i, (zh, en, value) in enumerate([("甲市", "Jia", 150.0), ("乙市", "Yi", 10.0),
                                                    ("丙市", "Bing", 8.0)])]
    layout = chart.chart_layout(build_briefing(Collected(reports=reports)).chart)
    bars = {bar.label.split(" · ")[0]: bar for bar in layout.bars}
    assert bars["Jia"].clipped and not bars["Yi"].clipped
    assert bars["Jia"].width == pytest.approx(bars["Yi"].width)  # both full length; Jia's label says 150%
    assert bars["Jia"].value_label == "+150%"
    assert bars["Bing"].width / bars["Yi"].width == pytest.approx(0.8, rel=0.02)


def test_a_long_chart_keeps_the_comparable_indicators() -> None:
    names = [f"indicator {ascii_lowercase[i % 26]}{ascii_lowercase[i // 26]}" for i in range(45)]  # no digits
    own = [metric(i, f"指标{i}", name, 1.0 + i, direction="down") for i, name in enumerate(names)]
    shared = metric(99, "警情", "incidents", 5.0, direction="down")
    reports = [make_report("p1", title_zh="一", title_en=None, region=("甲市", "Jia"), metrics=[*own, shared]),
               make_report("p2", title_zh="二", title_en=None, region=("乙市", "Yi"), metrics=[shared])]
    b = build_briefing(Collected(reports=reports))
    assert [g.indicator for g in b.chart] == ["incidents"] and b.chart_omitted == 45
    assert len(b.table) == 1  # the table keeps the indicators two places report...
    shown = b.articles[0].other_figures + b.articles[0].key_figures
    assert len({f.metric.id for f in shown} - {99}) == 45  # ...the 45 of one place stay with their article
    assert "and so are 45 changes of indicators reported for one place only" in render.briefing_html(b)


def test_the_executive_summary_figures_are_traceable() -> None:
    b = two_reports_briefing()
    cited = {(f.article, f.metric.id) for f in b.summary_figures}
    assert (1, 0) in cited and (2, 0) in cited  # the incidents compared across Lüliang and Meizhou
    assert all(not f.flagged for f in b.summary_figures)
    html, md = render.briefing_html(b), render.briefing_markdown(b)
    assert "Chinese sources of these figures" in html
    line = next(line for line in md.splitlines() if line.startswith("*Sources of these figures:*"))
    assert {int(n) for n in re.findall(r"\[\^(\d+)\]", line)} == {f.note for f in b.summary_figures}
    for fig in b.summary_figures:  # every number the summary cites is in its text
        assert number_en(fig.metric.value) in b.executive_summary
