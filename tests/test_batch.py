"""Batches and the Python API: a bad article costs only itself (a bug is reported as one, an
InternalError, and the batch goes on), and the library never guesses whether a string is a path.
(Requests in flight and identical reports whatever the concurrency: tests/test_llm_faults.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

import reportgen
from reportgen import pipeline
from reportgen.config import Settings
from reportgen.errors import InputError, InternalError, ReportgenError
from reportgen.models import Report

from .conftest import ARTICLES, EXAMPLES

NAMES = sorted(p.name for p in ARTICLES.glob("*.txt"))[:6]


def _sources() -> list[tuple[str, pipeline.Article]]:
    return [(name, ARTICLES / name) for name in NAMES]


def _comparable(report: Report) -> dict[str, object]:
    data = report.model_dump(mode="json")
    data["provenance"].pop("duration_ms")
    return data


def test_a_bug_on_one_article_is_an_internal_error_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.build_report

    def buggy(doc, settings):  # noqa: ANN001, ANN202
        if doc.name == NAMES[1]:
            raise KeyError("a bug")
        return real(doc, settings)

    monkeypatch.setattr(pipeline, "build_report", buggy)
    outcomes = list(pipeline.summarize_many(_sources(), Settings(engine="offline")))
    assert [o.name for o in outcomes] == NAMES
    error = outcomes[1].error
    assert isinstance(error, InternalError) and error.source == NAMES[1]
    assert str(error) == f"{NAMES[1]}: internal error, a bug (KeyError: 'a bug')"
    assert all(o.report is not None for k, o in enumerate(outcomes) if k != 1)


def test_summarize_text_takes_text_even_when_it_looks_like_a_path() -> None:
    existing = str(EXAMPLES / "lvliang_2022h1.txt")
    report = reportgen.summarize_text(existing)
    assert report.source.chars == len(existing) and report.metrics == []  # the string itself, not the file
    english = reportgen.summarize_text("The county police reported 1,200 criminal cases in 2023, down 5.2%.")
    assert english.source.script == "en"  # English text stays valid input
    with pytest.raises(InputError):
        reportgen.summarize_text(b"bytes")  # type: ignore[arg-type]


def test_summarize_file_reads_the_file_and_a_mistyped_path_is_an_input_error(tmp_path: Path) -> None:
    example = EXAMPLES / "lvliang_2022h1.txt"
    from_path, from_str = reportgen.summarize_file(example), reportgen.summarize_file(str(example))
    assert _comparable(from_path) == _comparable(from_str) and from_path.metrics
    assert from_path.id == reportgen.summarize_text(example.read_text(encoding="utf-8")).id
    with pytest.raises(InputError, match="no such file"):
        reportgen.summarize_file(tmp_path / "artcle.txt")


def test_the_public_names() -> None:
    for name in ("summarize_text", "summarize_file", "Report", "ReportgenError", "InputError", "ConfigError",
                 "ModelError", "InternalError"):
        assert name in reportgen.__all__ and getattr(reportgen, name) is not None
    assert reportgen.Report is Report
    assert issubclass(reportgen.InternalError, ReportgenError)
