"""Whether an indicator has a proper English name, or only a dictionary gloss.

Why: a gloss ("camera lens installed") is honest in a table beside its Chinese, but read as prose it
looks like a translation nobody checked. English prose (summaries, key points, the executive summary)
states only figures whose name is the glossary's or an engine's own English; glossed figures stay in
the tables, marked as a gloss.
"""

from __future__ import annotations

import re

from reportgen.models import Bilingual
from reportgen.zh.glossary import indicator_en, is_glossed

__all__ = ["has_english_name", "organisation_en"]


def has_english_name(indicator: Bilingual) -> bool:
    """False when the English is the dictionary gloss of the Chinese (an engine's own name counts)."""
    if re.search(r"\d", indicator.en or ""):
        return False  # "44000 cases", "amount involved in 1 case ...": a number in a name reads as a figure
    if not indicator.zh:
        return True
    return not (is_glossed(indicator.zh) and indicator.en == indicator_en(indicator.zh))


def organisation_en(zh: str) -> str:
    """A publisher or issuing body for an English reader: "Mianyang daily newspaper (绵阳日报)" when the
    glossary composes its name, else the name as written (a dictionary gloss of a name misleads)."""
    name = zh.strip()
    if not re.search(r"[\u4e00-\u9fff]", name) or is_glossed(name):
        return name
    english = indicator_en(name)
    if not english or english == name or re.search(r"[\u4e00-\u9fff]", english):
        return name
    return f"{english[:1].upper()}{english[1:]} ({name})"
