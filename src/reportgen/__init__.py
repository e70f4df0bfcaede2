"""reportgen: verified bilingual structured reports from Chinese government and public-security articles.

The public Python API is ``summarize_text``, ``summarize_file``, ``Report`` and the error tree (``__all__``).
Stages, in the one direction data flows: ``ingest`` -> ``chunking`` -> ``engines`` -> ``verify`` -> ``output``;
``zh`` (Chinese-language knowledge) and ``english`` (English phrasing) serve them; ``storage``, ``api`` and ``cli``
sit on top of ``pipeline``. Importing the package is cheap: it imports only ``errors``; the pipeline and its heavy
dependencies load on first use.

May import: errors at import time; pipeline and models on first use.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from reportgen.errors import (
    ConfigError,
    InputError,
    InternalError,
    ModelError,
    ModelOutputError,
    ReportgenError,
    StoreError,
    UpstreamError,
)

__version__ = "0.1.0"
__all__ = [
    "ConfigError",
    "InputError",
    "InternalError",
    "ModelError",
    "ModelOutputError",
    "Report",
    "ReportgenError",
    "StoreError",
    "UpstreamError",
    "__version__",
    "summarize_file",
    "summarize_text",
]

if TYPE_CHECKING:
    from reportgen.models import Report


def summarize_text(text: str, engine: str = "offline", **settings: Any) -> Report:
    """A verified Report from article text (any language; never taken for a file's path)."""
    from reportgen.pipeline import summarize_text as run

    return run(text, engine, **settings)


def summarize_file(path: str | os.PathLike[str], engine: str = "offline", **settings: Any) -> Report:
    """A verified Report from an article file (.txt or .html, any supported encoding); InputError if unreadable."""
    from reportgen.pipeline import summarize_file as run

    return run(path, engine, **settings)


def __getattr__(name: str) -> Any:
    """``reportgen.Report`` without importing pydantic at ``import reportgen``."""
    if name == "Report":
        from reportgen.models import Report

        return Report
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
