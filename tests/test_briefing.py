"""Briefings over many articles: collecting (store, rerun, failures, concurrency) and `reportgen brief`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from reportgen import pipeline
from reportgen.cli import app
from reportgen.config import Settings
from reportgen.english.places import has_cjk, place_name
from reportgen.models import Bilingual, Report
from reportgen.output import briefing, collect, executive

from .conftest import ARTICLES, EXAMPLES, fixture_articles, sample_articles
from .test_render import lvliang, make_report, meizhou, metric

INJECTION = ARTICLES / "brief_injection.txt"
EXAMPLE = EXAMPLES / "lvliang_2022h1.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def bad_files(tmp_path: Path) -> list[Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    picture = tmp_path / "picture.png"
    picture.write_bytes(PNG)
    return [empty, picture, tmp_path / "missing.txt"]


def count_build_report(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every real engine run (pipeline.build_report) while still running it."""
    calls: list[str] = []
    real = pipeline.build_report

    def counting(doc, settings):  # noqa: ANN001, ANN202
        calls.append(doc.id)
        return real(doc, settings)

    monkeypatch.setattr(pipeline, "build_report", counting)
    return calls


# ---------------------------------------------------------------------------------------------
# collect
# ---------------------------------------------------------------------------------------------


def test_bad_articles_are_listed_and_the_rest_kept(tmp_path: Path) -> None:
    empty, picture, missing = bad_files(tmp_path)
    got = collect.collect([INJECTION, empty, EXAMPLE, picture, missing], Settings.from_env())
    assert [r.source.file for r in got.reports] == [INJECTION.name, EXAMPLE.name]
    assert [f.name for f in got.failures] == [str(empty), str(picture), str(missing)]
    reasons = [f.reason for f in got.failures]
    assert "empty" in reasons[0] and "binary" in reasons[1] and "no such file" in reasons[2]
    assert all("\n" not in r and "Traceback" not in r for r in reasons)


def test_rerun_reuses_stored_reports(monkeypatch: pytest.MonkeyPatch, isolated_env: Path) -> None:
    calls = count_build_report(monkeypatch)
    articles = [INJECTION, EXAMPLE]
    first = collect.collect(articles, Settings.from_env())
    assert len(calls) == 2 and first.computed == 2 and first.reused == 0
    assert (isolated_env / "briefings" / "reports-offline.sqlite3").is_file()  # under REPORTGEN_HOME

    second = collect.collect(articles, Settings.from_env())
    assert len(calls) == 2, "a rerun must not call the engine for finished articles"
    assert second.reused == 2 and [r.id for r in second.reports] == [r.id for r in first.reports]
    assert second.reports[0].model_dump(exclude={"source"}) == first.reports[0].model_dump(exclude={"source"})

    collect.collect(articles, Settings.from_env(), reuse=False)
    assert len(calls) == 4


def test_store_is_keyed_by_engine_too(monkeypatch: pytest.MonkeyPatch) -> None:
    collect.collect([EXAMPLE], Settings.from_env())  # an offline Report is now stored
    llm_calls: list[str] = []

    def fake_llm(doc, settings):  # noqa: ANN001, ANN202
        llm_calls.append(doc.id)
        return make_report(doc.id, title_zh="标题", title_en=None, region=None, engine="llm")

    monkeypatch.setattr(pipeline, "build_report", fake_llm)
    llm = Settings.from_env(engine="llm", api_key="test-key")
    got = collect.collect([EXAMPLE], llm)
    assert len(llm_calls) == 1 and got.reports[0].provenance.engine == "llm"
    collect.collect([EXAMPLE], llm)
    assert len(llm_calls) == 1  # the llm Report is reused by an llm rerun
    offline = collect.collect([EXAMPLE], Settings.from_env())
    assert offline.reused == 1 and offline.reports[0].provenance.engine == "offline"


@pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])
def test_concurrency_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """-j bounds the requests on the wire, as the endpoint counts them; articles run side by side."""
    from reportgen import registry
    from reportgen.engines.llm import client as llm_client

    from .scripted import ScriptedServer

    paths = sorted(ARTICLES.glob("llm_*.txt"))
    assert len(paths) >= 4
    with ScriptedServer(latency=0.4) as server:
        monkeypatch.setattr(llm_client, "base_transport", server.transport)
        registry.reset()
        settings = Settings(engine="llm", base_url=server.base_url, api_key="sk-test-not-a-key", max_retries=0,
                            concurrency=2, use_cache=False, home=tmp_path)
        got = collect.collect(paths, settings)
        peak = server.behaviour.peak_active
    registry.reset()
    assert len(got.reports) == len(paths) and not got.failures
    assert peak == 2  # never more than -j at once, and -j reached (articles do overlap)


def test_the_same_article_twice_appears_once() -> None:
    got = collect.collect([EXAMPLE, EXAMPLE], Settings.from_env())
    assert len(got.reports) == 1 and not got.failures


def test_progress_bar_does_not_break_a_batch(tmp_path: Path) -> None:
    empty, *_ = bad_files(tmp_path)
    got = collect.collect([EXAMPLE, empty], Settings.from_env(), progress=True)
    assert len(got.reports) == 1 and len(got.failures) == 1


# ---------------------------------------------------------------------------------------------
# the view-model and the executive summary
# ---------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion))?")


def numbers_in(text: str) -> list[float]:
    values = []
    for token in _NUMBER.findall(text):
        scale = 1e9 if token.endswith("billion") else 1e6 if token.endswith("million") else 1
        values.append(float(token.split()[0].replace(",", "")) * scale)
    return values


def assert_summary_backed(summary: str, reports: list[Report]) -> None:
    known = {m.value for r in reports for m in r.metrics} | {m.from_value for r in reports for m in r.metrics
                                                             if m.from_value is not None}
    # a period's year is backed too, as the prose check (verify.prose) defines it: the summary says which
    # period a figure is of when the places it compares report different periods
    labels = [r.period.label for r in reports if r.period] + [m.period or "" for r in reports for m in r.metrics]
    known |= {float(y) for label in labels for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", label)}
    # names may contain digits of their own ("110 calls"); only the figures must be metric values
    names = sorted({m.indicator.en for r in reports for m in r.metrics}
                   | {place_name(r.region) or "" for r in reports}, key=len, reverse=True)
    prose = summary
    for name in filter(None, names):
        prose = prose.replace(name, " ")
    for value in numbers_in(prose):
        assert any(abs(value - k) < 1e-6 * max(1.0, abs(k)) for k in known), (value, summary)


def test_offline_summary_uses_only_metric_values() -> None:
    reports = [lvliang(), meizhou()]
    summary = executive.offline_executive_summary(reports)
    assert numbers_in(summary), summary
    assert_summary_backed(summary, reports)
    # a cross-place comparison, saying the periods because they differ
    assert "Lüliang, first half of 2022, down 12.4%" in summary and "Meizhou, 2023, down 7.03%" in summary
    assert "6.3" not in summary  # the flagged figure is not a headline


def test_offline_summary_over_real_articles_uses_only_metric_values(samples_dir: Path) -> None:
    got = collect.collect([*sample_articles(), *fixture_articles()], Settings.from_env())
    assert len(got.reports) >= 3
    assert_summary_backed(executive.offline_executive_summary(got.reports), got.reports)


def test_the_executive_summary_hook() -> None:
    collected = collect.Collected(reports=[lvliang()])
    b = briefing.build_briefing(collected, summarizer=lambda reports: f"Custom over {len(reports)} report.")
    assert b.executive_summary == "Custom over 1 report."
    assert executive.executive_summarizer(Settings.from_env()) is executive.offline_executive_summary


def test_places_are_english_and_metric_regions_count() -> None:
    report = make_report("d4", title_zh="绿春县公安局", title_en=None, region=("绿春县", ""),
                         metrics=[metric(0, "警情", "incidents", 5.5, direction="down",
                                         region=("吕梁市", "吕梁市"))])
    b = briefing.build_briefing(collect.Collected(reports=[report]))
    assert b.articles[0].place == "Lüchun County"
    assert b.table == []  # one place reports it: the figure stays in its article's section
    assert b.articles[0].key_figures[0].place == "Lüliang"
    assert b.places == ["Lüchun County", "Lüliang"]
    assert b.articles[0].headline == "绿春县公安局" and not b.articles[0].headline_is_english


# ---------------------------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------------------------


def run_brief(*args: str):  # noqa: ANN201
    return CliRunner().invoke(app, ["brief", *args])


def test_brief_acceptance_over_samples_fixtures_and_a_bad_article(samples_dir: Path, tmp_path: Path) -> None:
    _, picture, _ = bad_files(tmp_path)
    articles = [str(p) for p in [*sample_articles(), *fixture_articles()]]
    assert str(INJECTION) in articles and str(EXAMPLE) in articles
    html_out, md_out = tmp_path / "out" / "briefing.html", tmp_path / "out" / "briefing.md"

    first = run_brief(*articles, str(picture), "--engine", "offline", "-o", str(html_out))
    second = run_brief(*articles, str(picture), "--engine", "offline", "-o", str(md_out),
                       "--title", "Weekly <b>brief</b>")
    for result in (first, second):
        assert result.exit_code == 1, result.output
        assert f"{picture}: binary file" in result.stderr
        assert "Traceback" not in result.output
    html, md = html_out.read_text(encoding="utf-8"), md_out.read_text(encoding="utf-8")

    got = collect.collect(articles, Settings.from_env())  # every Report is stored: nothing is recomputed
    assert got.reused == len(got.reports) and got.computed == 0
    places = {p for r in got.reports for p in [place_name(r.region),
                                               *(place_name(m.region) for m in r.metrics)] if p}
    for place in places:
        assert not has_cjk(place), place
        assert escape(place) in html and place in md
    for report in got.reports:
        assert report.id in html and report.id in md  # in the sources list

    assert "<table>" in html and "<svg" in html and "Comparable indicators" in html
    assert "| Indicator | Place | Period | Value | Change | Basis | Source |" in md
    assert "Not processed" in html and picture.name in html and picture.name in md
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(?<!\\)<script>", md) and r"\<script\>alert(1)\</script\>" in md
    assert md.startswith("# Weekly \\<b\\>brief\\</b\\>")


def test_brief_is_quiet_and_succeeds_when_every_article_is_read(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    result = run_brief(str(EXAMPLE), str(INJECTION), "-o", str(out))
    assert result.exit_code == 0, result.output
    # no progress bar and no chatter when stderr is not a terminal: only the one-line tally (#19)
    assert result.stderr == ("reportgen: 2 article(s): 2 done, 0 failed; 0 model call(s), 0 prompt + 0 completion "
                             "tokens, $0.0000\n")
    assert "## Executive summary" in out.read_text(encoding="utf-8")


def test_brief_reads_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.bin").write_bytes(PNG)  # not an article suffix: ignored
    out = tmp_path / "b.html"
    assert run_brief(str(folder), "-o", str(out)).exit_code == 0
    assert "one.txt" in out.read_text(encoding="utf-8")


def test_brief_bad_output_suffix_is_one_line(tmp_path: Path) -> None:
    result = run_brief(str(EXAMPLE), "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "must end in .md or .html" in result.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_brief_when_nothing_can_be_read_still_writes_the_listing(tmp_path: Path) -> None:
    empty, picture, _ = bad_files(tmp_path)
    out = tmp_path / "b.html"
    result = run_brief(str(empty), str(picture), "-o", str(out))
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert "No article could be processed." in html and empty.name in html and picture.name in html


def test_place_bilingual_fallback_never_leaks_chinese() -> None:
    assert place_name(Bilingual(zh="汕头市", en="汕头市")) == "Shantou"


def test_summary_compares_each_place_once_with_its_latest_figure() -> None:
    def one(rid: str, place: tuple[str, str], period: str, value: float) -> Report:
        return make_report(rid, title_zh="标题", title_en=None, region=place, period=period,
                           metrics=[metric(0, "警情", "incidents", value, direction="down")])

    reports = [one("e1", ("吕梁市", "Lüliang"), "2022-H1", 9.5), one("e2", ("吕梁市", "Lüliang"), "2023", 4.5),
               one("e3", ("梅州市", "Meizhou"), "2023", 7.25)]
    summary = executive.offline_executive_summary(reports)
    assert "(Lüliang down 4.5%; Meizhou down 7.25%)" in summary
    assert_summary_backed(summary, reports)
