"""Settings read once from the environment and flags; the only place that reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

DEFAULT_MODEL = "gpt-4.1-mini"
EngineName = Literal["offline", "llm", "auto"]
ENGINE_NAMES: tuple[EngineName, ...] = ("offline", "llm", "auto")


def reportgen_home() -> Path:
    """Where caches and stores live: ``REPORTGEN_HOME`` or the user's cache directory."""
    explicit = os.environ.get("REPORTGEN_HOME")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reportgen"))


def user_data_files(name: str) -> list[Path]:
    """User extensions of a shipped data file (``glossary.tsv``, ``places.tsv``), lowest priority first:
    ``REPORTGEN_HOME/<name>`` if it exists, then the paths in ``REPORTGEN_<STEM>`` (e.g. REPORTGEN_GLOSSARY,
    several separated by the OS path separator), so an explicitly named file wins."""
    found: list[Path] = []
    home_file = reportgen_home() / name
    if home_file.is_file():
        found.append(home_file)
    explicit = os.environ.get("REPORTGEN_" + Path(name).stem.upper(), "")
    found.extend(Path(p).expanduser() for p in explicit.split(os.pathsep) if p.strip())
    return found


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
    concurrency: int = 4  # model requests in flight at once (llm engine)
    use_cache: bool = True
    chunk_tokens: int = 6000  # token budget of one chunk of article text
    home: Path = field(default_factory=reportgen_home)
    prompts_dir: Path | None = None  # the llm engine's jinja2 templates (default: the packaged prompts/)
    rpm: int | None = None  # requests per minute the key allows (REPORTGEN_RPM); None: no limit but -j
    tpm: int | None = None  # prompt tokens per minute the key allows (REPORTGEN_TPM)
    rate_window: float = 60.0  # seconds the provider counts rpm/tpm over (REPORTGEN_RATE_WINDOW; tests shorten it)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        base = cls(
            model=env.get("REPORTGEN_MODEL") or DEFAULT_MODEL,
            api_key=env.get("OPENAI_API_KEY") or None,
            base_url=_base_url(env.get("OPENAI_BASE_URL") or None),
            prompts_dir=Path(env["REPORTGEN_PROMPTS"]).expanduser() if env.get("REPORTGEN_PROMPTS") else None,
            rpm=_positive_int(env, "REPORTGEN_RPM"),
            tpm=_positive_int(env, "REPORTGEN_TPM"),
            rate_window=float(_positive_int(env, "REPORTGEN_RATE_WINDOW") or 60),
            # the model request's timeout and HTTP retries: a server's bound on one llm request
            timeout=_number(env, "REPORTGEN_LLM_TIMEOUT", cls.timeout) or cls.timeout,
            max_retries=int(_number(env, "REPORTGEN_LLM_RETRIES", cls.max_retries)),
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


def _positive_int(env: os._Environ[str], name: str) -> int | None:
    """A whole number above 0 from the environment, or None when unset."""
    from reportgen.errors import ConfigError

    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) <= 0:
        raise ConfigError(f"{name} must be a whole number above 0, not {raw!r}")
    return int(raw)


def _read_key_file(path: Path) -> tuple[str, ...]:
    """One key per line; blank lines and ``#`` comments ignored."""
    from reportgen.errors import ConfigError

    try:
        lines = path.expanduser().read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the API key file {path}: {exc.strerror}") from None
    return tuple(k for k in (line.split("#", 1)[0].strip() for line in lines) if k)


@dataclass(frozen=True)
class ServerSettings:
    """What the HTTP API needs beyond the pipeline Settings. Keys never appear in repr or logs."""

    api_keys: tuple[str, ...] = field(default=(), repr=False)
    max_body_bytes: int = 2 * 1024 * 1024
    default_engine: EngineName = "offline"
    cors_origins: tuple[str, ...] = ()  # CORS is off unless origins are listed
    # seconds a request's offline work may take before it is stopped (503); 0 runs it in the request's own
    # thread with no deadline (what a test or an embedding application constructs by default)
    request_timeout: float = 0.0
    worker_processes: int = 2  # processes that run offline work under that deadline

    @classmethod
    def from_env(cls) -> ServerSettings:
        """REPORTGEN_API_KEYS (comma-separated) plus REPORTGEN_API_KEY_FILE, REPORTGEN_MAX_BODY_BYTES,
        REPORTGEN_ENGINE (default engine of requests that name none), REPORTGEN_CORS_ORIGINS,
        REPORTGEN_REQUEST_TIMEOUT (default 60 s) and REPORTGEN_WORKER_PROCESSES (default: one per core, at least 2)."""
        from reportgen.errors import ConfigError

        env = os.environ
        keys = [k.strip() for k in (env.get("REPORTGEN_API_KEYS") or "").split(",") if k.strip()]
        if env.get("REPORTGEN_API_KEY_FILE"):
            keys += _read_key_file(Path(env["REPORTGEN_API_KEY_FILE"]))
        try:
            max_body = int(env.get("REPORTGEN_MAX_BODY_BYTES") or cls.max_body_bytes)
        except ValueError:
            raise ConfigError("REPORTGEN_MAX_BODY_BYTES must be a number") from None
        wanted = env.get("REPORTGEN_ENGINE") or cls.default_engine
        engine = next((name for name in ENGINE_NAMES if name == wanted), None)
        if engine is None:
            raise ConfigError(f"REPORTGEN_ENGINE must be offline, llm or auto, not {wanted!r}")
        origins = tuple(o.strip() for o in (env.get("REPORTGEN_CORS_ORIGINS") or "").split(",") if o.strip())
        timeout = _number(env, "REPORTGEN_REQUEST_TIMEOUT", 60.0)
        processes = int(_number(env, "REPORTGEN_WORKER_PROCESSES", float(max(2, os.cpu_count() or 2))))
        if processes < 1:
            raise ConfigError("REPORTGEN_WORKER_PROCESSES must be 1 or more")
        return cls(api_keys=tuple(dict.fromkeys(keys)), max_body_bytes=max_body, default_engine=engine,
                   cors_origins=origins, request_timeout=timeout, worker_processes=processes)


def _base_url(url: str | None) -> str | None:
    """OPENAI_BASE_URL as given when it is an http(s) URL with a host; ConfigError (exit 2) saying so otherwise."""
    from urllib.parse import urlsplit

    from reportgen.errors import ConfigError

    if url is None:
        return None
    try:
        parts = urlsplit(url.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"OPENAI_BASE_URL must be an http:// or https:// URL with a host "
                          f"(e.g. http://127.0.0.1:8000/v1), not {url!r}")
    return url


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    """A non-negative number from the environment; ConfigError (exit 2) naming the setting otherwise."""
    from reportgen.errors import ConfigError

    raw = env.get(name) or ""
    try:
        value = float(raw) if raw.strip() else default
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds or a count, not {raw!r}") from None
    if not value >= 0 or value == float("inf"):
        raise ConfigError(f"{name} must be a finite number, 0 or more, not {raw!r}")
    return value
