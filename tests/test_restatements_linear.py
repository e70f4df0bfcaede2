"""Restated figures are merged in linear time: an endless run of equal values compares each figure with a
bounded number of earlier ones (a hang guard counted in calls, not seconds)."""

from __future__ import annotations

import pytest

from reportgen import pipeline
from reportgen.config import Settings
from reportgen.engines.offline import restatements


def test_a_run_of_equal_figures_costs_a_bounded_number_of_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    original = restatements._same_statement

    def counted(simp: str, a: restatements.Figure, b: restatements.Figure) -> bool:
        nonlocal calls
        calls += 1
        return original(simp, a, b)

    monkeypatch.setattr(restatements, "_same_statement", counted)
    clause = "某镇本月破获盗窃案件126起，"  # the same distinctive figure, stated again and again on one line
    report = pipeline.summarize_text(clause * 2000, settings=Settings(engine="offline"))
    assert report.metrics  # a report, not a refusal
    assert calls <= restatements._PARTNERS * 2000 * 2
