"""The Document: one article as received, with its furniture marked and a Simplified view for analysis.

The text as received (after decoding; for HTML, the text extracted from the page) is kept
untouched, line endings included: every offset in a Report points into ``Document.text``.
Furniture is *marked* (spans), not cut out, and the Simplified view used for analysis has exactly
the same length, so an offset found in the view is an offset in the original. Facts about the article
that several stages ask for (its token count, its places) are cached properties of the Document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reportgen.errors import InputError
from reportgen.ingest import furniture as furniture_rules
from reportgen.ingest.dates import parse_date
from reportgen.ingest.decoding import decode
from reportgen.ingest.html import HtmlPage, html_to_text, looks_like_html
from reportgen.tokens import count_tokens
from reportgen.zh.places import PlaceMatch, places_in
from reportgen.zh.script import detect_script, to_simplified

__all__ = ["MAX_BYTES", "Document", "from_bytes", "from_path", "from_text"]

MAX_BYTES = 4 * 1024 * 1024
"""Largest article file read (issue #20): every stage is linear, but at ~8 s and ~200 MB per MB of text a
larger file would run for minutes with nothing shown; real articles are under 100 KB."""


@dataclass
class Document:
    """One article, decoded, with its furniture marked and a Simplified view for analysis."""

    text: str
    simplified: str
    script: str
    furniture: list[tuple[int, int]] = field(default_factory=list)
    furniture_kinds: list[str] = field(default_factory=list)
    title: str | None = None
    title_span: tuple[int, int] | None = None
    #: a subtitle line right under the headline: it restates the body's figures as the headline does
    deck_span: tuple[int, int] | None = None
    published: dt.date | None = None
    publisher: str | None = None
    byline: str | None = None
    name: str | None = None
    encoding: str = "utf-8"
    kind: str = "text"
    #: checks already made against this article, by whoever made them (grounding checks each proposed figure
    #: once: the llm engine's re-ask review and the report both ask about the same figures)
    checked: dict[tuple[object, ...], object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Stable id from the normalised body text: same article, any encoding, line ending or markup -> same id."""
        body = "".join(self.simplified[s:e] for s, e in self.body_spans())
        norm = re.sub(r"[\s\ufeff]+", "", unicodedata.normalize("NFKC", body))
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def body_simplified(self) -> str:
        """The Simplified view of the body (furniture left out), built once per Document."""
        return "".join(self.simplified[s:e] for s, e in self.body_spans())

    def body_spans(self) -> list[tuple[int, int]]:
        """The complement of the furniture spans, in order."""
        spans, pos = [], 0
        for start, end in sorted(self.furniture):
            if start > pos:
                spans.append((pos, start))
            pos = max(pos, end)
        if pos < len(self.text):
            spans.append((pos, len(self.text)))
        return spans

    def is_furniture(self, start: int, end: int | None = None) -> bool:
        """True when [start, end) overlaps page furniture."""
        end = start + 1 if end is None else end
        return any(s < end and start < e for s, e in self.furniture)

    def furniture_kind(self, start: int, end: int | None = None) -> str | None:
        """The kind (breadcrumb, notice, meta, byline, editor, widget, caption) of furniture at [start, end)."""
        end = start + 1 if end is None else end
        spans = zip(self.furniture, self.furniture_kinds, strict=True)
        return next((k for (s, e), k in spans if s < end and start < e), None)

    @cached_property
    def token_count(self) -> int:
        """o200k_base tokens in the text (chunking and ``Source.tokens`` both need it)."""
        return count_tokens(self.text)

    @cached_property
    def place_matches(self) -> tuple[PlaceMatch, ...]:
        """Every administrative place the text names, in order, without overlaps (scope and context ask)."""
        return places_in(self.text, self.simplified)


# Unicode category Cc (U+0000-001F, U+007F-009F) except \t \n \v \f \r
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str, name: str | None, kind: str) -> None:
    if not text:
        raise InputError("empty file" if kind == "text" else "no article text in the HTML page", source=name)
    if not text.strip().strip("\ufeff"):
        raise InputError("only whitespace, no article text" if kind == "text" else "no article text in the HTML page",
                         source=name)
    controls = sum(1 for _ in _CONTROL_CHAR.finditer(text, 0, 4000))
    if "\x00" in text or controls > 8:
        raise InputError("binary file, not article text", source=name)


def from_text(text: str, *, name: str | None = None, html: bool | None = None, encoding: str = "utf-8") -> Document:
    """Build a Document from already-decoded text (HTML sniffed unless ``html`` says).

    The text is kept exactly as given (CRLF, indentation and all); for HTML, the text extracted
    from the page is what the Document holds.
    """
    kind = "text"
    html_page: HtmlPage | None = None
    if html or (html is None and looks_like_html(text, name)):
        html_page = html_to_text(text)
        text = html_page.text
        kind = "html"
    _check_text(text, name, kind)
    simplified = to_simplified(text)
    layout = furniture_rules.analyse(simplified)
    doc = Document(text=text, simplified=simplified, script=detect_script(text, simplified), name=name,
                   encoding=encoding, kind=kind, furniture=layout.furniture, furniture_kinds=layout.kinds,
                   published=layout.published, deck_span=layout.deck_span)
    if layout.title_span:
        doc.title_span = layout.title_span
        doc.title = text[slice(*layout.title_span)]
    if html_page is not None:
        doc.title = doc.title or html_page.title
        doc.published = doc.published or parse_date(html_page.published or "")
    if layout.publisher_span:
        doc.publisher = text[slice(*layout.publisher_span)]
    elif html_page is not None and html_page.publisher:
        doc.publisher = html_page.publisher
    if layout.byline_span:
        doc.byline = text[slice(*layout.byline_span)]
    return doc


def from_bytes(data: bytes, *, name: str | None = None) -> Document:
    """Decode (see ``decode``) and build a Document; HTML by file ending or sniffing."""
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large ({len(data) // 1024} KiB; limit {MAX_BYTES // 1024} KiB)", source=name)
    text, enc = decode(data, name=name)
    return from_text(text, name=name, html=looks_like_html(text, name) or None, encoding=enc)


def from_path(path: str | Path) -> Document:
    """Read a file and build a Document; every failure is one InputError line naming the path."""
    p = Path(path)
    try:
        if p.is_file() and p.stat().st_size > MAX_BYTES:  # refused before it is read into memory
            raise InputError(f"file too large ({p.stat().st_size // 1024} KiB; limit {MAX_BYTES // 1024} KiB)",
                             source=str(path))
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an article file", source=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc.__class__.__name__})", source=str(path)) from None
    try:
        return from_bytes(data, name=p.name)
    except InputError as exc:
        exc.source = str(path)  # name the file the way the user gave it
        raise
