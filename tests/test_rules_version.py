"""Stored Reports made by older verifier rules are recomputed, not served as current."""

from __future__ import annotations

from pathlib import Path

from reportgen.api.service import Service
from reportgen.config import Settings
from reportgen.ingest.document import from_text
from reportgen.models import RULES_VERSION, made_by_current_rules
from reportgen.output import collect
from reportgen.pipeline import summarize

ARTICLE = "某县公安局通报：今年一季度全县刑事案件立案320起，同比下降12.5%；破获案件210起。\n"


def _stale(report):  # noqa: ANN001, ANN202 - a Report as an older release stored it
    return report.model_copy(update={"provenance": report.provenance.model_copy(update={"rules_version": None})})


def test_a_report_carries_the_rules_it_was_made_by() -> None:
    report = summarize(ARTICLE)
    assert report.provenance.rules_version == RULES_VERSION and made_by_current_rules(report)
    assert not made_by_current_rules(_stale(report))


def test_the_api_store_recomputes_a_report_of_older_rules(tmp_path: Path) -> None:
    from reportgen.config import ServerSettings
    from reportgen.storage.store import default_store

    store = default_store(tmp_path)
    service = Service(store, ServerSettings(), base=Settings(engine="offline", home=tmp_path))
    doc = from_text(ARTICLE)
    store.put(_stale(summarize(ARTICLE)))
    report, _ = service.report_for(doc, Settings(engine="offline", home=tmp_path))
    assert report.provenance.rules_version == RULES_VERSION
    assert store.get(doc.id).provenance.rules_version == RULES_VERSION  # type: ignore[union-attr]


def test_the_briefing_store_reuses_only_reports_of_the_present_rules(tmp_path: Path) -> None:
    settings = Settings(engine="offline", home=tmp_path)
    report = summarize(ARTICLE)
    assert collect._reusable(report, settings)
    assert not collect._reusable(_stale(report), settings)
