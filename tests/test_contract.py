"""The Report contract: schema file in sync, evidence offsets exact, ids stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.models import Report, render_schema
from reportgen.pipeline import summarize

from .conftest import ROOT, fixture_articles, sample_articles


def test_schema_file_is_in_sync_with_models() -> None:
    on_disk = (ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert on_disk == render_schema(), "schemas/report.schema.json is stale: run `make schema`"


def test_contract_field_names() -> None:
    fields = set(Report.model_fields)
    assert {"schema_version", "id", "source", "region", "period", "summary", "key_points", "metrics",
            "anomalies", "rejected", "provenance"} <= fields


@pytest.mark.parametrize("path", fixture_articles() + sample_articles(), ids=lambda p: p.name)
def test_every_evidence_quote_is_the_source_slice(path: Path) -> None:
    from reportgen import ingest

    doc = ingest.from_path(path)
    report = summarize(path)
    assert report.source.chars == len(doc.text)
    for metric in report.metrics:
        ev = metric.evidence
        assert doc.text[ev.start:ev.end] == ev.quote, metric
    for anomaly in report.anomalies:
        assert doc.text[anomaly.start:anomaly.end] == anomaly.quote
    json.loads(report.model_dump_json())  # serialisable


def test_same_article_same_id(tmp_path: Path) -> None:
    path = fixture_articles()[0]
    text = path.read_text(encoding="utf-8")
    assert summarize(text).id == summarize(path).id == summarize(text.replace("\n", "\r\n")).id
