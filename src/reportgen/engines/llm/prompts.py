"""Prompt rendering: jinja2 templates from prompts/ (system, extract, reduce), StrictUndefined.

The templates ship inside the package (``reportgen/prompts`` is a link to the top-level
``prompts/`` folder) and ``Settings.prompts_dir`` may point at a user's copy. The prompt version
is a hash of the three templates and both response schemas, so any change to what the model is
asked shows up in ``provenance.prompt_version``, in the cache key and in cassette bodies.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import registry
from reportgen.engines.llm.schema import Extraction, Synthesis
from reportgen.errors import ConfigError

if TYPE_CHECKING:
    import jinja2

    from reportgen.chunking import Chunk
    from reportgen.ingest.document import Document
    from reportgen.models import MetricDraft

TEMPLATES = ("system.j2", "extract.j2", "reduce.j2")
MAX_GLOSSARY_TERMS = 8  # a hint for composed names; exact glossary names are enforced after the answer (merge.py)
_BLANKISH_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
_CLAUSE = re.compile(r"[^。！？；，,;：:\n]+")  # a figure's clause: 、 does not end one (交通事故、死亡人数分别下降…)

Message = dict[str, str]  # {"role": ..., "content": ...}


def packaged_prompts_dir() -> Path:
    """The templates shipped with the package."""
    return Path(str(resources.files("reportgen").joinpath("prompts")))


def _value_text(value: float) -> str:
    """121300.0 -> '121300', 7.03 -> '7.03' (never scientific notation)."""
    return str(int(value)) if float(value).is_integer() else format(value, "f").rstrip("0").rstrip(".")


def _clean(text: str) -> str:
    """Whitespace-only lines become empty, so instructor's dedent of rendered messages is a no-op
    and what is sent is exactly what was rendered."""
    return _BLANKISH_LINE.sub("", text).strip("\n")


@dataclass(frozen=True)
class PromptSet:
    """The three templates of one directory, with the version they define."""

    directory: Path
    sources: tuple[tuple[str, str], ...]

    @cached_property
    def version(self) -> str:
        digest = hashlib.sha256()
        for name, source in self.sources:
            digest.update(name.encode() + b"\0" + source.encode("utf-8") + b"\0")
        for model in (Extraction, Synthesis):
            digest.update(json.dumps(model.model_json_schema(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        return "p" + digest.hexdigest()[:12]

    @cached_property
    def schema_hash(self) -> str:
        blob = json.dumps([Extraction.model_json_schema(), Synthesis.model_json_schema()], sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def render(self, name: str, **values: Any) -> str:
        import jinja2

        try:
            return _clean(_environment(self.sources).get_template(name).render(**values))
        except jinja2.UndefinedError as exc:
            raise ConfigError(f"prompt template {name} in {self.directory}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise ConfigError(f"prompt template {name} in {self.directory} is invalid: {exc}") from None

    def extract_messages(self, doc: Document, chunk: Chunk | None, part: int, parts: int,
                         glossary: list[tuple[str, str]]) -> list[Message]:
        """System + user message asking for an Extraction of the article (or one chunk of it)."""
        nonce = article_nonce(doc)
        text = _clean(chunk.text if chunk is not None else doc.text)
        title = doc.title if doc.title and doc.title not in text else ""  # never pay twice for a title in view
        return [
            {"role": "system", "content": self.render("system.j2", nonce=nonce, glossary=glossary_lines(glossary))},
            {"role": "user", "content": self.render("extract.j2", nonce=nonce, title=title, text=text,
                                                    part=part, parts=parts)},
        ]

    def reduce_messages(self, doc: Document, parts: list[tuple[str, str]], figures: list[MetricDraft],
                        glossary: list[tuple[str, str]]) -> list[Message]:
        """System + user message asking for a Synthesis of a long article from its parts."""
        rows = [
            {
                "indicator_zh": f.indicator_zh, "indicator_en": f.indicator_en or "",
                "value_text": _value_text(f.value),
                "unit": f.unit, "quote": f.quote,
                "change": (f"{f.change.direction} ({f.change.basis.replace('_', ' ')})" if f.change else ""),
            }
            for f in figures
        ]
        return [
            {"role": "system", "content": self.render("system.j2", nonce=article_nonce(doc),
                                                       glossary=glossary_lines(glossary))},
            {"role": "user", "content": self.render("reduce.j2", title=doc.title or "",
                                                    parts=[{"zh": zh, "en": en} for zh, en in parts], figures=rows)},
        ]


@registry.memo(maxsize=8)
def _environment(sources: tuple[tuple[str, str], ...]) -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.DictLoader(dict(sources)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def load_prompts(directory: Path | None = None) -> PromptSet:
    """The templates of ``directory`` (default: the packaged ones), read once per call."""
    folder = Path(directory) if directory is not None else packaged_prompts_dir()
    sources = []
    for name in TEMPLATES:
        path = folder / name
        try:
            sources.append((name, path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise ConfigError(f"cannot read prompt template {path}: {exc.strerror or exc}") from None
    return PromptSet(folder, tuple(sources))


def article_nonce(doc: Document) -> str:
    """A delimiter suffix derived from the text, so the article cannot close its own delimiter.

    40 bits of the text's hash written in decimal: the tokenizer packs digits three to a token, so
    the four tags cost ~8 tokens fewer than the same bits in hex."""
    return str(int(hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:10], 16))


def glossary_terms(doc: Document, limit: int = MAX_GLOSSARY_TERMS) -> list[tuple[str, str]]:
    """The glossary's prompt terms (``glossary.terms()``, headline indicators first) that the article
    uses to name a figure, at most ``limit``, in the glossary's order; of those, a term another one
    already spells out (警情 beside 刑事警情=criminal incidents) is not repeated.

    A term counts only where it stands on its own: read longest-first, 治安警情 inside 刑事治安警情
    is not a use of 治安警情 (nor of 警情), so the prompt carries the names the model will write.
    And only in a clause that holds a number: the words around the figures are the indicator names
    the model writes; 开展 or 召开 in a clause without one would spend prompt tokens on no figure."""
    from reportgen.zh import glossary
    from reportgen.zh.numerals import find_numbers

    entries = glossary.terms()
    text = doc.simplified
    claimed = [False] * len(text)
    in_figure_clause = [False] * len(text)
    number_starts = sorted(n.start for n in find_numbers(text))  # one pass over the text, not one per clause
    for clause in _CLAUSE.finditer(text):
        first = bisect_left(number_starts, clause.start())
        if first < len(number_starts) and number_starts[first] < clause.end():
            in_figure_clause[clause.start():clause.end()] = [True] * (clause.end() - clause.start())
    used: set[str] = set()
    for zh in sorted((zh for zh in glossary.terms_in(text) if entries[zh] and entries[zh] != zh),
                     key=len, reverse=True):
        at = text.find(zh)
        while at != -1:
            if not any(claimed[at:at + len(zh)]):
                claimed[at:at + len(zh)] = [True] * len(zh)
                if in_figure_clause[at]:
                    used.add(zh)
            at = text.find(zh, at + 1)
    offered = [(zh, en) for zh, en in entries.items() if zh in used][:limit]
    return [term for term in offered if not _taught_by_another(term, offered)]


def _taught_by_another(term: tuple[str, str], offered: list[tuple[str, str]]) -> bool:
    """True when a longer offered term holds this one in both languages (警情=incidents inside
    刑事警情=criminal incidents, 破案 inside 破案数=cases solved): the longer pair already tells
    the model this one's English, so it would spend prompt tokens on nothing new."""
    zh, en = term
    words = f" {en.lower()} "
    return any(zh != other_zh and zh in other_zh and words in f" {other_en.lower()} "
               for other_zh, other_en in offered)


def glossary_lines(terms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Terms sharing one English name on one line (破案/破案数=cases solved), first-seen order."""
    grouped: dict[str, list[str]] = {}
    for zh, en in terms:
        grouped.setdefault(en, []).append(zh)
    return [("/".join(zhs), en) for en, zhs in grouped.items()]
