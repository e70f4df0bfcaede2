"""Rate limits (#19): one sliding-window limiter per process, shared by every thread of a batch, keeps a
high ``-j`` batch under the endpoint's requests and prompt tokens per window; the scripted server
enforces such limits and answers 429 past them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen import registry
from reportgen.config import Settings
from reportgen.engines.llm import client as llm_client
from reportgen.engines.llm.ratelimit import RateLimiter
from reportgen.pipeline import summarize_many

from .conftest import ARTICLES
from .scripted.server import ExtendedScriptedServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r".*scripted-openai[^/]*\.sock$"])

SIMPLE = ["llm_mianyang_q3.txt", "llm_anji_h1.txt", "llm_taichung_2024.txt", "llm_yichang_annual.txt"]
WINDOW = 2.0


@pytest.fixture
def limited(monkeypatch: pytest.MonkeyPatch) -> Iterator[ExtendedScriptedServer]:
    # 4 requests and 3,000 prompt tokens per 2 s window (the fixture articles' prompts are 900-1,000 tokens)
    with ExtendedScriptedServer(rpm=4, tpm=3000, window=WINDOW) as srv:
        monkeypatch.setattr(llm_client, "base_transport", srv.transport)
        registry.reset()
        yield srv
    registry.reset()


def _settings(server: ExtendedScriptedServer, home: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"engine": "llm", "base_url": server.base_url, "api_key": "sk-x", "max_retries": 0,
                                 "timeout": 20.0, "home": home, "use_cache": False, "concurrency": 16,
                                 "rate_window": WINDOW}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _sources(copies: int) -> list[tuple[str, object]]:
    return [(f"{n}-{name}", ARTICLES / name) for n in range(copies) for name in SIMPLE]


def test_the_server_answers_429_past_its_window(limited: ExtendedScriptedServer, tmp_path: Path) -> None:
    outcomes = list(summarize_many(_sources(2), _settings(limited, tmp_path)))  # type: ignore[arg-type]
    assert limited.limits.rejected > 0
    assert any(o.error is not None and "429" in str(o.error) for o in outcomes)


def test_a_batch_at_high_concurrency_under_rpm_and_tpm_gets_no_429(
        limited: ExtendedScriptedServer, tmp_path: Path) -> None:
    # per minute, as a user types them: 4 per 2 s = 120 rpm, 3,000 tokens per 2 s = 90,000 tpm
    settings = _settings(limited, tmp_path, rpm=120, tpm=90_000)
    outcomes = list(summarize_many(_sources(2), settings))  # type: ignore[arg-type]
    assert [o.error for o in outcomes if o.error] == []
    assert limited.limits.rejected == 0
    statuses = [s.status for s in limited.seen]
    assert statuses == [200] * 8
    # three per window by tokens: the eight requests needed at least two more windows
    times = sorted(s.at for s in limited.seen)
    assert times[-1] - times[0] >= 2 * WINDOW - 0.2


def test_the_limiter_corrects_its_charge_from_usage_and_slows_after_a_429() -> None:
    now = [0.0]
    limiter = RateLimiter(rpm=None, tpm=600, window=60.0, clock=lambda: now[0])  # 600 tokens per window
    first = limiter.acquire(500)
    limiter.release(first, billed=100)  # the endpoint billed less than the estimate
    limiter.acquire(450)  # fits only because the charge was corrected: 100 + 450 <= 600
    limiter2 = RateLimiter(rpm=60, tpm=None, window=60.0, clock=lambda: now[0])
    slot = limiter2.acquire(1)
    limiter2.release(slot, billed=0, retry_after=5.0)
    assert limiter2.throttled == 1 and limiter2.max_requests is not None and limiter2.max_requests < 60
    waited: list[float] = []

    def later() -> None:
        limiter2.acquire(1)
        waited.append(now[0])

    worker = threading.Thread(target=later)
    worker.start()
    worker.join(0.2)
    assert worker.is_alive()  # paused: Retry-After has not passed on the limiter's clock
    now[0] = 5.0
    with limiter2._cond:
        limiter2._cond.notify_all()
    worker.join(2)
    assert waited == [5.0]


def test_a_request_that_fails_in_flight_still_frees_its_turn() -> None:
    now = [0.0]
    limiter = RateLimiter(rpm=1, tpm=None, window=10.0, clock=lambda: now[0])
    with pytest.raises(RuntimeError), limiter.turn(5):
        raise RuntimeError("the connection broke in an unforeseen way")
    now[0] = 10.0  # one window after it ended, the next request goes at once
    with limiter.turn(5) as turn:
        turn.answered(7, None)
    assert limiter._tokens == 7
