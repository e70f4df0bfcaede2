"""Annotation files (the format of ../shared/GOLD_FORMAT.md): an article's figures and anomalies as a
person marked them, read and checked before any engine work.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from reportgen.errors import InputError

__all__ = ["GoldAnomaly", "GoldFile", "GoldMetric", "annotated_articles", "load_gold"]


class GoldMetric(BaseModel):
    """One annotated figure; only the fields scoring needs are required."""

    model_config = ConfigDict(extra="allow")

    evidence: str
    value: float
    unit: str = ""
    indicator_zh: str = ""
    approximate: bool = False
    is_change: bool = False
    change_direction: str | None = None
    comparison: str | None = None
    from_value: float | None = None

    @property
    def direction(self) -> str | None:
        """The gold direction, None for a level (GOLD_FORMAT: null when is_change is false)."""
        return self.change_direction if self.is_change else None

    @property
    def basis(self) -> str:
        """null and 'unspecified' mean the same thing: the text names no basis."""
        return self.comparison or "unspecified"


    def figure_key(self) -> tuple[float, str | None, str, str, str] | None:
        """What makes two annotations one figure stated twice (GOLD_FORMAT: value, direction, comparison,
        region and indicator); None when the indicator is blank, so nothing unnamed is merged."""
        if not self.indicator_zh.strip():
            return None
        region = str((self.model_extra or {}).get("region_zh") or "")
        return (round(self.value, 6), self.direction, self.basis, region, self.indicator_zh.strip())


def figure_groups(metrics: list[GoldMetric]) -> list[list[int]]:
    """Indices of ``metrics`` grouped into figures: a restatement joins the group of its first statement."""
    groups: list[list[int]] = []
    by_key: dict[tuple[float, str | None, str, str, str], int] = {}
    for i, m in enumerate(metrics):
        key = m.figure_key()
        if key is not None and key in by_key:
            groups[by_key[key]].append(i)
            continue
        if key is not None:
            by_key[key] = len(groups)
        groups.append([i])
    return groups


class GoldAnomaly(BaseModel):
    model_config = ConfigDict(extra="allow")

    evidence: str
    why: str = ""


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    article: str | None = None
    metrics: list[GoldMetric]
    anomalies: list[GoldAnomaly] = []


def load_gold(path: Path) -> GoldFile:
    """Read and validate one annotation file; any problem is one clear InputError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file ({exc.strerror})", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("gold file is not UTF-8", source=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file is not valid JSON (line {exc.lineno}: {exc.msg})", source=str(path)) from None
    try:
        return GoldFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise InputError(f"gold file does not follow GOLD_FORMAT ({where}: {first['msg']})", source=str(path)) from None


def annotated_articles(target: Path) -> list[tuple[Path, Path]]:
    """(article, gold) pairs: every ``X.txt`` in the directory with ``X.json`` beside it.

    A single ``X.txt`` (or ``X.json``) path evaluates that one article.
    """
    if not target.exists():
        raise InputError("no such directory", source=str(target))
    if target.is_file():
        article = target.with_suffix(".txt")
        gold = target.with_suffix(".json")
        if not (article.is_file() and gold.is_file()):
            raise InputError("needs an article X.txt with its annotation X.json beside it", source=str(target))
        return [(article, gold)]
    pairs = [(txt, txt.with_suffix(".json")) for txt in sorted(target.glob("*.txt"))
             if txt.with_suffix(".json").is_file()]
    if not pairs:
        raise InputError("no annotated articles (X.txt with X.json beside it)", source=str(target))
    return pairs
