"""The glossary file (``data/glossary.tsv``, format documented at its top) and the user's glossary files,
read into one table of entries: what each term is called in English, alone and as a modifier, and the
pattern it composes by. Reading and composing names is ``reportgen.zh.glossary``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from reportgen import registry
from reportgen.zh.script import opencc_converter, to_simplified

__all__ = ["HAN", "Entry", "GlossaryTable", "glossary_table"]

HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Entry:
    """One glossary term: its English alone and as a modifier, its kind and how it composes."""

    zh: str
    en: str  # the term on its own (and as the head of a longer name)
    mod: str  # the term before another noun
    kind: str  # n v a l p r i t c d s x j; q (quoted name or title) and u (unknown) are made up while composing
    pattern_verbal: str | None = None  # how a noun takes a verb phrase before it / how a verb takes its object
    pattern_nominal: str | None = None  # how a noun takes a noun phrase before it
    prompt: bool = True  # offered to model prompts as a term (False: vocabulary for composing names)


@dataclass(frozen=True)
class GlossaryTable:
    """Entries by Simplified key, in file order, with every key prefix (for segmentation)."""

    entries: dict[str, Entry]
    order: tuple[str, ...]
    max_len: int
    prefixes: frozenset[str] = frozenset()  # every leading part of every key: segmentation stops early


_SECTION = re.compile(r"#@\s*(prompt|composition)\b")


def _parse(text: str, entries: dict[str, Entry], order: list[str]) -> None:
    """Read glossary lines into ``entries``; ``#@ composition`` starts entries that only help compose
    names (not offered to prompts), ``#@ prompt`` returns to prompt terms."""
    rows: list[tuple[list[str], bool]] = []
    prompt = True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            section = _SECTION.match(stripped)
            if section:
                prompt = section.group(1) == "prompt"
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) >= 2 and cols[0] and cols[1]:
            rows.append((cols, prompt))
    for (cols, prompt), zh in zip(rows, _simplified_keys([cols[0] for cols, _ in rows]), strict=True):
        head, _, mod = cols[1].partition("|")
        kind = (cols[2] if len(cols) > 2 and cols[2] else "n").lower()[:1]
        pattern = cols[3] if len(cols) > 3 and "{}" in cols[3] else None
        verbal, nominal = (pattern.split("|", 1) if pattern and "|" in pattern else (pattern, pattern))
        if zh not in entries:
            order.append(zh)
        entries[zh] = Entry(zh, head.strip(), (mod or head).strip(), kind, verbal, nominal, prompt)


def _simplified_keys(keys: list[str]) -> list[str]:
    """to_simplified() of every key, with one OpenCC call for the whole file (keys whose phrase conversion
    changes length take the per-key path, as to_simplified would)."""
    converted = opencc_converter("t2s").convert("\n".join(keys)).split("\n")
    if len(converted) != len(keys):
        return [to_simplified(k) for k in keys]
    return [c if len(c) == len(k) else to_simplified(k) for k, c in zip(keys, converted, strict=True)]


@registry.table
def glossary_table() -> GlossaryTable:
    """The shipped glossary with the user's files over it (later files win)."""
    from reportgen.config import user_data_files

    entries: dict[str, Entry] = {}
    order: list[str] = []
    _parse((resources.files("reportgen") / "data" / "glossary.tsv").read_text(encoding="utf-8"), entries, order)
    for path in user_data_files("glossary.tsv"):
        try:
            _parse(path.read_text(encoding="utf-8"), entries, order)
        except OSError:
            continue  # a user file that is not there (yet) is not an error
    prefixes = frozenset(key[:n] for key in entries for n in range(1, len(key) + 1))
    return GlossaryTable(entries, tuple(order), max(len(k) for k in entries), prefixes)
