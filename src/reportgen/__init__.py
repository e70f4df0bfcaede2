"""reportgen: verified bilingual structured reports from Chinese government and public-security articles.

Importing the package is cheap; the pipeline and its heavy dependencies load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["summarize", "__version__"]

if TYPE_CHECKING:
    from reportgen.models import Report


def summarize(text_or_path: Any, engine: str = "offline", **settings: Any) -> "Report":
    """Build a verified Report from article text, bytes or a path (see ``pipeline.summarize``)."""
    from reportgen.pipeline import summarize as _summarize

    return _summarize(text_or_path, engine=engine, **settings)
