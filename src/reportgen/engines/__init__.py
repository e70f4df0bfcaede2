"""Engines propose a Draft for a Document; grounding decides what to keep.

``offline`` is deterministic rules (the embedded default and the llm engine's cross-check);
``llm`` calls an OpenAI-compatible model through instructor. Both return the same Draft shape.
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
