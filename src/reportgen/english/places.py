"""Place names for English readers, through the one romanisation path (``reportgen.zh.places``)."""

from __future__ import annotations

import re

from reportgen.models import Bilingual
from reportgen.zh.places import place_en

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str | None) -> bool:
    """Whether ``text`` holds a Chinese character (an English field an engine left in Chinese)."""
    return bool(text and _CJK.search(text))


def place_name(place: Bilingual | None) -> str | None:
    """The English name of a place: the one given, else ``zh.places.place_en`` (长治 -> "Changzhi")."""
    if place is None:
        return None
    if place.en and not has_cjk(place.en):
        return place.en
    if place.zh:
        return place_en(place.zh)
    return place_en(place.en) if place.en else None
