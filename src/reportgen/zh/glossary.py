"""English names for Chinese indicator terms, from a curated glossary users can extend.

The glossary (``data/glossary.tsv``; format documented at its top) gives every common public-security,
justice and government term ONE English rendering, so the same indicator reads the same in every report.
A name the glossary does not hold whole is split into the longest entries it contains and composed the
way Chinese builds such names (head last, verbs before their objects): 经济犯罪案件涉案金额 ->
"amount involved in economic crime cases", 抓获犯罪嫌疑人数 -> "suspects arrested". Place names inside
a name go through :func:`reportgen.zh.places.place_en`, numerals become digits (8.6万 -> 86000, 三年 -> 3 years).

Traditional input (Hong Kong, Taiwan) hits the same entries: it is converted to Simplified character by
character, and also with OpenCC's Taiwan phrase table (網路 -> 网络, 軟體 -> 软件); the reading that leaves
fewer characters unexplained wins. Hong Kong and Taiwan usages that are words of their own (整體罪案,
爆竊, 全般刑案, 詐欺) are entries of their own.

Fallback, decided (issue #16): characters nothing explains are never shown as pinyin, which reads like an
English name and tells the reader nothing. They get their CC-CEDICT gloss (reportgen.zh.glossary_cedict):
"customer service" for 客服; inside a composed name only the unexplained part is glossed. Such a name is
a literal reading, not a curated one: :func:`is_glossed` says so, English prose leaves those figures out
and tables mark them as a gloss. The Chinese is not repeated in the English: the Report carries it in
``indicator.zh``.

Users add or override entries in ``$REPORTGEN_HOME/glossary.tsv`` or in the files named by
``REPORTGEN_GLOSSARY``; call ``reportgen.registry.reset()`` after changing them in a running process.

This module is the public face (lookup, terms, indicator_en); the table is ``glossary_table``, the
splitting of unseen names ``term_composition`` and their English order ``term_rendering``.
"""

from __future__ import annotations

from reportgen import registry
from reportgen.zh.glossary_cedict import gloss_uses
from reportgen.zh.glossary_table import HAN, glossary_table
from reportgen.zh.script import opencc_converter, to_simplified
from reportgen.zh.term_composition import compose_text, marked_literal, unexplained
from reportgen.zh.term_rendering import tidy

__all__ = ["glossary_entries", "indicator_en", "is_glossed", "load_pinyin", "load_tables", "lookup", "terms",
           "terms_in"]


def glossary_entries(limit: int | None = None) -> list[tuple[str, str]]:
    """(zh, en) pairs in the file's order, headline indicators first: what a model prompt should use.

    Entries that only help composition (measures, scope words, single verbs) are left out."""
    g = glossary_table()
    out = [(zh, g.entries[zh].en) for zh in g.order
           if g.entries[zh].prompt and g.entries[zh].kind in ("n", "a", "v") and len(zh) >= 2
           and zh not in _GENERIC_MEASURES]
    return out[:limit] if limit is not None else out


# measures that only compose (天数 "days with ..."): no use to a model as terms of their own
_GENERIC_MEASURES = frozenset("数量 总数 人数 人次 车次 辆次 次数 起数 宗数 件数 天数 年数 时间 用时 "
                              "比率 比例 占比 比重 增幅 降幅 增长率 总量 规模 总额 总值 金额 资金 时长".split())


@registry.table
def terms() -> dict[str, str]:
    """The prompt terms of :func:`glossary_entries` as a zh -> en mapping (file order kept). Built once:
    every llm request picks its terms from it. Callers must not change the mapping."""
    return dict(glossary_entries())


@registry.table
def terms_by_opening() -> dict[str, list[tuple[int, str]]]:
    """The prompt terms (with their place in the file) under their first two characters, so an
    article's terms are found from its own character pairs, linear in the text, instead of by testing
    thousands of terms against it."""
    index: dict[str, list[tuple[int, str]]] = {}
    for place, zh in enumerate(terms()):
        index.setdefault(zh[:2], []).append((place, zh))
    return index


def terms_in(text: str) -> list[str]:
    """The prompt terms that occur in ``text`` (Simplified), in the glossary's order."""
    index = terms_by_opening()
    found = {term for pair in {text[i:i + 2] for i in range(len(text) - 1)} for term in index.get(pair, ())
             if term[1] in text}
    return [zh for _, zh in sorted(found)]


def lookup(zh: str) -> str | None:
    """The glossary's own English for exactly this term, or None (no composition)."""
    entry = glossary_table().entries.get(to_simplified(zh.strip()))
    return entry.en if entry else None


def indicator_en(zh: str) -> str:
    """English name of an indicator: the glossary's term, else a composition of its parts (characters
    nothing explains glossed from CC-CEDICT)."""
    return _indicator(zh)[0]


def is_glossed(zh: str) -> bool:
    """True when the English of ``zh`` needed a dictionary gloss: no proper English name for prose."""
    return _indicator(zh)[1]


@registry.memo(maxsize=16384)
def _indicator(zh: str) -> tuple[str, bool]:
    raw = zh.strip()
    text = to_simplified(raw)
    if not text:
        return "", False
    if not HAN.search(text):
        return raw, False
    entries = glossary_table().entries
    readings = [text]
    variant = _taiwan_phrases(raw) if raw != text else text
    if variant != text and HAN.search(variant):
        readings.append(variant)
    for reading in readings:
        entry = entries.get(reading)
        if entry is not None:
            return entry.en, False
    reading = min(readings, key=unexplained) if len(readings) > 1 else text
    before = gloss_uses()
    out = tidy(compose_text(reading)) or marked_literal(reading) or "reported figure"
    return out, gloss_uses() > before


def _taiwan_phrases(raw: str) -> str:
    """Traditional text with Taiwan's words as the mainland writes them (網路 -> 网络, 軟體 -> 软件)."""
    try:
        converted: str = opencc_converter("tw2sp").convert(raw)
        return converted
    except Exception:  # an OpenCC build without tw2sp: the character-level reading still works
        return to_simplified(raw)


def load_pinyin() -> None:
    """Read the pinyin table now: a batch does this once before its workers start. pypinyin itself
    (about 0.3 s) is left to the rare term the table cannot read (see reportgen.pinyin)."""
    from reportgen.zh import pinyin

    pinyin.load()


def load_tables() -> None:
    """Read every table naming indicators needs (glossary, pinyin, CC-CEDICT) before a batch's threads start:
    loaded lazily inside the batch, each would hold the interpreter for up to half a second while every
    other thread waited, requests not yet sent among them."""
    from reportgen.zh import glossary_cedict

    glossary_table()
    load_pinyin()
    glossary_cedict.load()
