"""The Batch API path replayed from a cassette (cassettes/test_batch_api_*.yaml): upload, create, status,
results, and the ordinary calls a batch answer that fails grounding needs.

The upload matches on method, path and the JSONL it carries (``batch_body`` in conftest), never on the
multipart boundary, which each run draws at random. ``make cassettes`` re-records it against the scripted
server (``--record-mode=rewrite``); the scripted server completes a batch at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen import registry
from reportgen.config import Settings
from reportgen.engines.llm import batchapi
from reportgen.engines.llm import client as llm_client
from reportgen.pipeline import summarize_batch

from .conftest import ARTICLES, CASSETTES
from .scripted import UDS_BASE_URL
from .scripted.server import ExtendedScriptedServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])

NAMES = ["llm_mianyang_q3.txt", "llm_jiujiang_reask.txt", "llm_yichang_annual.txt"]


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    from .conftest import _scrub_request, _scrub_response

    return {"match_on": ["method", "path", "batch_body"], "filter_headers": ["authorization", "cookie"],
            "before_record_request": _scrub_request, "before_record_response": _scrub_response,
            "decode_compressed_response": True}


@pytest.fixture
def endpoint(record_mode: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    registry.reset()
    if record_mode != "none":
        with ExtendedScriptedServer() as server:
            monkeypatch.setattr(llm_client, "base_transport", server.transport)
            yield True
    else:
        yield False
    registry.reset()


@pytest.mark.vcr
def test_batch_api_through_the_cassette(endpoint: bool, tmp_path: Path, vcr) -> None:  # noqa: ANN001
    settings = Settings(engine="llm", base_url=UDS_BASE_URL, api_key="sk-cassette-placeholder", max_retries=0,
                        home=tmp_path / "home")
    job = batchapi.submit([(n, (ARTICLES / n).read_bytes(), n) for n in NAMES], settings)
    assert job.id.startswith("batch_") and len(job.requests) == 3
    batch = batchapi.wait(batchapi.load_job(job.id, settings), settings)
    outcomes = list(summarize_batch(job, batch, settings))
    assert [o.name for o in outcomes] == NAMES and all(o.error is None for o in outcomes)
    for outcome in outcomes:
        report = outcome.report
        assert report is not None and report.metrics and report.provenance.summary_source == "model"
        assert all(m.evidence.quote for m in report.metrics)
    # upload, create, status, results; then the re-ask article's two ordinary calls
    paths = [r.path for r in vcr.requests]
    assert paths[:4] == ["/v1/files", "/v1/batches", f"/v1/batches/{job.id}",
                         f"/v1/files/{batch['output_file_id']}/content"]
    assert paths[4:] == ["/v1/chat/completions", "/v1/chat/completions"]
    if not endpoint:
        assert vcr.play_count == len(vcr.requests) == 6


def test_the_upload_matcher_ignores_the_boundary_but_not_the_jsonl() -> None:
    from types import SimpleNamespace

    from .conftest import batch_body

    def upload(boundary: str, jsonl: str) -> SimpleNamespace:
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jsonl\"\r\n\r\n"
                f"{jsonl}\r\n--{boundary}--\r\n")
        return SimpleNamespace(body=body.encode())

    batch_body(upload("aaaa1111", '{"custom_id":"a0-c0"}\n'), upload("bbbb2222", '{"custom_id":"a0-c0"}\n'))
    with pytest.raises(AssertionError):
        batch_body(upload("aaaa1111", '{"custom_id":"a0-c0"}\n'), upload("aaaa1111", '{"custom_id":"a1-c0"}\n'))
    with pytest.raises(AssertionError):
        batch_body(SimpleNamespace(body=b'{"a":1}'), SimpleNamespace(body=b'{"a":2}'))
