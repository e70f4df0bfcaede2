"""``reportgen serve``: check the configuration once, then hand over to uvicorn.

The safe default without API keys: listen on loopback only. A non-loopback ``--host`` without
REPORTGEN_API_KEYS / REPORTGEN_API_KEY_FILE is refused before anything listens; the app itself
also answers only loopback clients when it has no keys (so ``uvicorn reportgen.api:create_app``
run by hand is no less safe).
"""

from __future__ import annotations

import copy
import logging
import re
import socket
from typing import Any

from reportgen.api.security import is_loopback
from reportgen.config import ServerSettings, Settings
from reportgen.errors import ConfigError
from reportgen.storage.backend import open_store


def check(host: str, workers: int) -> ServerSettings:
    """The server settings, or ConfigError with the reason this server must not start."""
    server = ServerSettings.from_env()
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    if not server.api_keys and not is_loopback(host):
        raise ConfigError(f"refusing to listen on {host} without API keys: set REPORTGEN_API_KEYS or "
                          "REPORTGEN_API_KEY_FILE (or listen on 127.0.0.1)")
    if server.max_body_bytes < 1:
        raise ConfigError("REPORTGEN_MAX_BODY_BYTES must be positive")
    settings = Settings.from_env(engine=server.default_engine)
    if settings.resolved_engine() == "llm" and not settings.llm_configured:
        raise ConfigError("REPORTGEN_ENGINE=llm needs OPENAI_API_KEY or OPENAI_BASE_URL")
    open_store(settings.home).ping()  # fail now, not on the first request
    return server


_SECRET_PARAM = re.compile(r"([?&][^=&]*(?:key|token|secret|password|auth)[^=&]*=)[^&]*", re.I)


class RedactQuerySecrets(logging.Filter):
    """Access-log lines keep the path but not the value of a query parameter that looks like a credential (a
    key sent as ?api_key= is refused, yet uvicorn would log it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            path = record.args[2]
            if isinstance(path, str):
                record.args = (*record.args[:2], _SECRET_PARAM.sub(r"\1[redacted]", path), *record.args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the access log's credentials redacted."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": RedactQuerySecrets}
    config["handlers"]["access"]["filters"] = ["redact"]
    return config


def _check_port(host: str, port: int) -> None:
    """ConfigError (exit 2) when the address cannot be listened on, before uvicorn starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info") -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop gracefully)."""
    import uvicorn

    check(host, workers)
    _check_port(host, port)
    uvicorn.run("reportgen.api:create_app", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, server_header=False, proxy_headers=False, log_config=log_config())
