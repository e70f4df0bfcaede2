"""The llm engine: an OpenAI-compatible model through instructor, grounded and cross-checked.

Only ``client.py`` imports openai and instructor, and nothing here imports ``client`` at module
load, so ``reportgen --help`` and the offline engine never pay for those imports.
"""

from __future__ import annotations

from reportgen.engines.llm.engine import LLMEngine

__all__ = ["LLMEngine"]
