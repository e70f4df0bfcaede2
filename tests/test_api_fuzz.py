"""Property-based fuzzing of the live server from its own /openapi.json (schemathesis v4): valid and
invalid requests for every operation, with and without a key, must never produce a 5xx.

Bounded: 200 examples in total over all operations (one hypothesis run, no shrinking database).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .test_api_server import KEYS, LiveServer

pytestmark = [pytest.mark.server, pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])]

EXAMPLES = 200


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("fuzz")
    server = LiveServer(base / "home", base / "server.log").start()
    yield server
    server.stop()


def test_fuzz_finds_no_server_error(fuzz_server: LiveServer) -> None:
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(f"{fuzz_server.url}/openapi.json", timeout=30)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    cases = st.one_of(*(op.as_strategy(generation_mode=mode)
                        for op in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)))
    good = [{"X-API-Key": KEYS[0]}, {"Authorization": f"Bearer {KEYS[1]}"}]
    keys = st.sampled_from([*good, *good, {}, {"X-API-Key": "nope"}])  # mostly authorised, so routes get exercised
    failures: list[str] = []
    statuses: dict[int, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=cases, auth=keys)
    def run(case, auth: dict[str, str]) -> None:  # noqa: ANN001 - a schemathesis Case
        response = case.call(base_url=fuzz_server.url, headers=auth, timeout=30)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}")

    run()
    assert not failures, "\n".join(failures[:10])
    assert sum(statuses.values()) >= EXAMPLES // 2
    assert any(200 <= s < 300 for s in statuses) and any(400 <= s < 500 for s in statuses), statuses
    assert "Traceback" not in Path(fuzz_server.log_path).read_text(encoding="utf-8", errors="replace")
