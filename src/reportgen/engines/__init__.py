"""Engines propose a Draft for a Document; verify decides what to keep.

``offline`` is deterministic rules (the embedded default and the llm engine's reviewer); ``llm`` calls an
OpenAI-compatible model through instructor. Both return the same Draft shape through ``Engine.extract``.
May import: models, errors, config, chunking, tokens, ingest (the Document), zh, verify (the llm engine's
re-ask reuses grounding's checks), storage (the answer cache). Never output, api or cli.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reportgen.errors import ConfigError

if TYPE_CHECKING:
    from reportgen.chunking import Chunk
    from reportgen.config import Settings
    from reportgen.ingest.document import Document
    from reportgen.models import Draft

ENGINES = ("offline", "llm", "auto")


class Engine(Protocol):
    name: str

    def extract(self, doc: Document, chunks: list[Chunk]) -> Draft: ...


def get_engine(settings: Settings) -> Engine:
    """The engine the settings ask for (``auto`` resolved)."""
    name = settings.resolved_engine()
    if name == "offline":
        from reportgen.engines.offline import OfflineEngine

        return OfflineEngine()
    if name == "llm":
        if not settings.llm_configured:
            raise ConfigError("the llm engine needs OPENAI_API_KEY or OPENAI_BASE_URL (or use --engine offline)")
        from reportgen.engines.llm import LLMEngine

        return LLMEngine(settings)
    raise ConfigError(f"unknown engine {settings.engine!r} (choose from {', '.join(ENGINES)})")
