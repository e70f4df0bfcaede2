"""The llm engine: an OpenAI-compatible model through instructor, grounded and cross-checked.

Only ``client.py`` imports openai and instructor, and nothing here imports ``client`` at module
load, so ``reportgen --help`` and the offline engine never pay for those imports.

May import: models, errors, config, chunking, ingest (the Document), zh, verify (its checks drive the
re-ask), storage (the answer cache), registry, and the offline engine (the reviewer of every answer).
"""

from __future__ import annotations

from reportgen.engines.llm.engine import LLMEngine

__all__ = ["LLMEngine"]
