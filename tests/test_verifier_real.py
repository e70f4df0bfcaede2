"""The verifier on real articles (../shared/samples, ../shared/pages) with a careful model's answers.

The answers are built at run time from each article's annotation (tests/scripted/annotated.py), so no
sentence of the articles enters the repository or a cassette. A correct answer must pass untouched:
no figure refused, the model's summary kept, and no figure only the offline engine found among the
metrics (those are listed as unconfirmed for a reviewer).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen import registry
from reportgen.config import Settings
from reportgen.engines.llm import client as llm_client
from reportgen.pipeline import summarize

from .conftest import ROOT
from .scripted import ScriptedServer
from .scripted.annotated import annotated_script

pytestmark = pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])

SHARED = ROOT.parent / "shared"
REAL = sorted([*(SHARED / "samples").glob("*.txt"), *(SHARED / "pages").glob("*.txt")])


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer(scripts=[annotated_script(a) for a in REAL]) as srv:
        yield srv


@pytest.fixture
def settings(server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Settings]:
    monkeypatch.setattr(llm_client, "base_transport", server.transport)
    registry.reset()
    yield Settings(engine="llm", base_url=server.base_url, api_key="sk-x", max_retries=1,  # type: ignore[call-arg]
                   timeout=20.0, home=tmp_path, use_cache=False)
    registry.reset()


@pytest.mark.parametrize("article", REAL, ids=[a.stem for a in REAL])
def test_a_correct_answer_passes_the_verifier_untouched(article: Path, settings: Settings) -> None:
    report = summarize(article, settings=settings)
    refused = [r for r in report.rejected if r.draft.get("origin") == "llm"]
    assert not refused, [(r.draft["quote"], r.draft["value"], r.reason) for r in refused]
    assert report.provenance.summary_source == "model", report.provenance.notes
    assert report.provenance.calls == 1, report.provenance.notes  # no re-ask was needed
    assert all(m.origin in ("llm", "both") for m in report.metrics)
    assert report.source.title_en
    # the region stands when the article names it (全港 names Hong Kong); a bulletin that never names its city
    # gets the offline reader's region instead of the model's guess, and the notes say so
    assert report.region is not None or any("not a place the article names" in n for n in report.provenance.notes)
    assert not [n for n in report.provenance.notes if "dropped" in n], report.provenance.notes
    for u in report.unconfirmed:
        assert report.source.chars >= u.evidence.end
