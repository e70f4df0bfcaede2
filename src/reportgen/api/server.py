"""``reportgen serve``: check the configuration once, then hand over to uvicorn.

The safe default without API keys: listen on loopback only. A non-loopback ``--host`` without
REPORTGEN_API_KEYS / REPORTGEN_API_KEY_FILE is refused before anything listens; the app itself
also answers only loopback clients when it has no keys (so ``uvicorn reportgen.api:create_app``
run by hand is no less safe).
"""

from __future__ import annotations

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


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info") -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop gracefully)."""
    import uvicorn

    check(host, workers)
    uvicorn.run("reportgen.api:create_app", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, server_header=False, proxy_headers=False)
