"""Settings read once from the environment and flags; the only place that reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MODEL = "gpt-4.1-mini"


def reportgen_home() -> Path:
    """Where caches and stores live: ``REPORTGEN_HOME`` or the user's cache directory."""
    explicit = os.environ.get("REPORTGEN_HOME")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reportgen"))


@dataclass(frozen=True)
class Settings:
    """Everything a pipeline run needs to know about its environment."""

    engine: str = "offline"  # offline | llm | auto
    model: str = DEFAULT_MODEL
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    mode: str = "tools"  # tools | json_schema | json | md_json
    timeout: float = 60.0
    max_retries: int = 2  # HTTP-level retries (429/5xx/timeouts)
    max_reasks: int = 1  # instructor re-asks after a failed validation
    concurrency: int = 4
    use_cache: bool = True
    chunk_tokens: int = 6000  # token budget of one chunk of article text
    home: Path = field(default_factory=reportgen_home)

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        env = os.environ
        base = cls(
            model=env.get("REPORTGEN_MODEL") or DEFAULT_MODEL,
            api_key=env.get("OPENAI_API_KEY") or None,
            base_url=env.get("OPENAI_BASE_URL") or None,
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **clean)  # type: ignore[arg-type]

    @property
    def llm_configured(self) -> bool:
        """True when a model endpoint is configured (a key, or a base URL for keyless local servers)."""
        return bool(self.api_key or self.base_url)

    def resolved_engine(self) -> str:
        """``auto`` means llm when an endpoint is configured, offline otherwise."""
        if self.engine == "auto":
            return "llm" if self.llm_configured else "offline"
        return self.engine
