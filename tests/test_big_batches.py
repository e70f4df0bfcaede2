"""Big batches (#19): the cost estimate before a run, the budget refusal, the Batch API (same Reports as
the synchronous path, resumable from the job id, per-article errors), against the scripted server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen import registry
from reportgen.cli import app
from reportgen.engines.llm import batchapi
from reportgen.engines.llm import client as llm_client

from .conftest import ARTICLES
from .scripted.server import ExtendedScriptedServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])

# fixture articles with scripted answers; the re-ask one needs a second, ordinary call after its batch answer
BATCH = ["llm_mianyang_q3.txt", "llm_anji_h1.txt", "llm_jiujiang_reask.txt", "llm_taichung_2024.txt"]
NO_ANSWER = "anom_qingyuan_q3.txt"  # a fixture article the scripted server has no answer for


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ExtendedScriptedServer]:
    with ExtendedScriptedServer() as srv:
        monkeypatch.setattr(llm_client, "base_transport", srv.transport)
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-batch-tests-not-a-real-key")
        registry.reset()
        yield srv
    registry.reset()


def _run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def _paths(names: list[str]) -> list[str]:
    return [str(ARTICLES / n) for n in names]


def _reports(folder: Path) -> dict[str, dict[str, object]]:
    """Each written Report without its provenance (how it was paid for differs by design)."""
    found = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("provenance")
        found[path.name] = data
    return found


def test_dry_run_counts_the_prompt_tokens_the_run_then_sends(server: ExtendedScriptedServer, tmp_path: Path) -> None:
    names = ["llm_mianyang_q3.txt", "llm_anji_h1.txt", "llm_taichung_2024.txt"]  # answered without a re-ask
    dry = _run("summarize", "--engine", "llm", "--dry-run", *_paths(names))
    assert dry.exit_code == 0, dry.output
    assert server.seen == []  # nothing was sent
    counted = int(re.search(r"prompt tokens\s+([\d,]+) counted", dry.stdout).group(1).replace(",", ""))
    assert re.search(r"model calls\s+3\b", dry.stdout) and re.search(r"articles\s+3\b", dry.stdout)
    assert "with the Batch API" in dry.stdout and "$" in dry.stdout
    done = _run("summarize", "--engine", "llm", "--out-dir", str(tmp_path / "out"), *_paths(names))
    assert done.exit_code == 0, done.output
    assert counted == sum(s.prompt_tokens for s in server.seen) and len(server.seen) == 3
    again = _run("summarize", "--engine", "llm", "--dry-run", *_paths(names))  # now every answer is cached
    assert re.search(r"cached answers reused\s+3\b", again.stdout) and re.search(r"model calls\s+0\b", again.stdout)


def test_max_cost_below_the_estimate_refuses_with_exit_2(server: ExtendedScriptedServer) -> None:
    refused = _run("summarize", "--engine", "llm", "--max-cost", "0.0001", *_paths(BATCH))
    assert refused.exit_code == 2
    assert "exceeds --max-cost $0.0001" in refused.stderr and "nothing was sent" in refused.stderr
    assert server.seen == []
    allowed = _run("summarize", "--engine", "llm", "--max-cost", "5", *_paths(BATCH[:1]))
    assert allowed.exit_code == 0, allowed.output


def test_batch_api_gives_the_synchronous_reports(server: ExtendedScriptedServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sync = _run("summarize", "--engine", "llm", "--out-dir", str(tmp_path / "sync"), *_paths(BATCH))
    assert sync.exit_code == 0, sync.output
    monkeypatch.setenv("REPORTGEN_HOME", str(tmp_path / "other-home"))  # no cached answer to lean on
    registry.reset()
    before = len(server.seen)
    batched = _run("summarize", "--engine", "llm", "--batch-api", "--out-dir", str(tmp_path / "batch"), *_paths(BATCH))
    assert batched.exit_code == 0, batched.output
    assert _reports(tmp_path / "batch") == _reports(tmp_path / "sync") and len(_reports(tmp_path / "sync")) == 4
    sent = server.seen[before:]
    # the four extraction requests went in the batch; only the re-ask article was asked again, as ordinary calls
    assert server.batch_state.batches and sum(1 for s in sent if s.article == "llm_jiujiang_reask.txt") == 3
    assert "resume with: reportgen batch fetch batch_" in batched.stderr
    assert batched.stderr.strip().splitlines()[-1].startswith("reportgen: 4 article(s): 4 done, 0 failed")


def test_an_interrupted_wait_is_resumed_with_batch_fetch(server: ExtendedScriptedServer, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    server.batch_state.polls_before_done = 1  # the first status check says in_progress

    def interrupted(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batchapi.time, "sleep", interrupted)
    first = _run("summarize", "--engine", "llm", "--batch-api", "--out-dir", str(tmp_path / "a"), *_paths(BATCH[:2]))
    assert first.exit_code == 130 and not list(tmp_path.glob("a/*.json"))  # Ctrl-C while waiting: nothing written
    batch_id = re.search(r"batch fetch (\S+)", first.stderr).group(1)
    registry.reset()  # as a new process on another machine sharing REPORTGEN_HOME would start
    status = _run("batch", "status", batch_id)
    assert status.exit_code == 0 and "completed; 2 of 2 requests done" in status.stdout
    fetched = _run("batch", "fetch", batch_id, "--out-dir", str(tmp_path / "a"))
    assert fetched.exit_code == 0, fetched.output
    assert sorted(_reports(tmp_path / "a")) == ["llm_anji_h1.json", "llm_mianyang_q3.json"]
    missing = _run("batch", "fetch", "batch_nobody_made")
    assert missing.exit_code == 2 and "no batch job 'batch_nobody_made'" in missing.stderr


def test_no_wait_returns_the_id_and_a_failed_request_is_that_articles_error(
        server: ExtendedScriptedServer, tmp_path: Path) -> None:
    names = ["llm_mianyang_q3.txt", NO_ANSWER]
    missing = _run("summarize", "--engine", "llm", "--batch-api", *_paths(names[:1]), str(tmp_path / "gone.txt"))
    assert missing.exit_code == 1 and "gone.txt: no such file" in missing.stderr  # never uploaded, still counted
    assert missing.stderr.strip().splitlines()[-1] == "reportgen: 1 of 2 article(s) failed"
    submitted = _run("summarize", "--engine", "llm", "--batch-api", "--no-wait", *_paths(names))
    assert submitted.exit_code == 0, submitted.output
    batch_id = submitted.stdout.strip()
    assert batch_id.startswith("batch_") and len(server.batch_state.batches) == 2
    fetched = _run("batch", "fetch", batch_id, "--out-dir", str(tmp_path / "out"))
    assert fetched.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["llm_mianyang_q3.json"]
    assert re.search(rf"{NO_ANSWER}: the Batch API failed this request \(HTTP 400\)", fetched.stderr)
    assert fetched.stderr.strip().splitlines()[-1] == "reportgen: 1 of 2 article(s) failed"


def test_rate_limit_options_reach_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.config import Settings
    from reportgen.errors import ConfigError

    monkeypatch.setenv("REPORTGEN_RPM", "120")
    monkeypatch.setenv("REPORTGEN_TPM", "60000")
    settings = Settings.from_env()
    assert (settings.rpm, settings.tpm, settings.rate_window) == (120, 60000, 60.0)
    assert Settings.from_env(rpm=30).rpm == 30
    monkeypatch.setenv("REPORTGEN_RPM", "fast")
    with pytest.raises(ConfigError, match="REPORTGEN_RPM must be a whole number"):
        Settings.from_env()


def test_brief_dry_run_and_budget(server: ExtendedScriptedServer, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    dry = _run("brief", "--engine", "llm", "--dry-run", "-o", str(out), *_paths(BATCH))
    assert dry.exit_code == 0, dry.output
    assert re.search(r"articles\s+4\b", dry.stdout) and re.search(r"model calls\s+4\b", dry.stdout)
    assert server.seen == [] and not out.exists()
    refused = _run("brief", "--engine", "llm", "--max-cost", "0.00001", "-o", str(out), *_paths(BATCH))
    assert refused.exit_code == 2 and "exceeds --max-cost" in refused.stderr and server.seen == []
    offline = _run("summarize", "--dry-run", *_paths(BATCH))
    assert offline.exit_code == 0 and "offline engine: 4 article(s), no model calls" in offline.stdout
