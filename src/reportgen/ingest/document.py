"""Bytes or str -> Document: decoding, HTML to text, page furniture, metadata, script.

The text as received (after decoding; for HTML, the text extracted from the page) is kept
untouched, line endings included: every offset in a Report points into ``Document.text``.
Furniture is *marked* (spans), not cut out, and the Simplified view used for analysis has exactly
the same length, so an offset found in the view is an offset in the original.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.ingest import furniture as furniture_rules
from reportgen.errors import InputError
from reportgen.memo import per_text

if TYPE_CHECKING:
    import opencc

MAX_BYTES = 20 * 1024 * 1024

# Magic numbers of files people drop in by mistake, with a name for the error message.
_BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"), (b"\x1f\x8b", "gzip archive"), (b"BM", "BMP image"),
    (b"\x7fELF", "executable"), (b"RIFF", "RIFF media file"), (b"OggS", "Ogg media file"), (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"), (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"7z\xbc\xaf", "7z archive"),
    (b"Rar!", "RAR archive"), (b"SQLite format 3", "SQLite database"), (b"\x28\xb5\x2f\xfd", "zstd archive"),
)
_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one; the codecs drop the BOM
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
# Legacy encodings reached only through detection; never decoded blindly.
_LEGACY_CANDIDATES = ["gb18030", "big5", "big5hkscs", "utf_8"]
_BOMLESS_UNICODE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
_DECLARED_LEGACY = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
                    "big5": "big5", "big5-hkscs": "big5hkscs", "x-big5": "big5"}
_MAX_GARBAGE_SHARE = 0.03


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
    published: dt.date | None = None
    publisher: str | None = None
    byline: str | None = None
    name: str | None = None
    encoding: str = "utf-8"
    kind: str = "text"

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
        return next((k for (s, e), k in zip(self.furniture, self.furniture_kinds) if s < end and start < e), None)


# ------------------------------------------------------------------------------------------
# decoding
# ------------------------------------------------------------------------------------------


def _binary_kind(data: bytes) -> str | None:
    return next((kind for magic, kind in _BINARY_MAGIC if data.startswith(magic)), None)


def garbage_share(text: str) -> float:
    """Share of non-ASCII characters that a wrong legacy decoding produces and Chinese prose does not.

    Big5 bytes read as GB18030 come out as kana, bopomofo, Greek/Cyrillic letters, box drawing and
    private-use characters; a right decoding of a Chinese article has almost none of them.
    """
    suspicious = total = 0
    for ch in text:
        cp = ord(ch)
        if cp < 0x80 or ch.isspace():
            continue
        total += 1
        category = unicodedata.category(ch)
        if (category in ("Co", "Cn", "Cs", "Cc")
                or 0x3040 <= cp <= 0x30FF or 0x3100 <= cp <= 0x312F  # kana, bopomofo
                or 0x0370 <= cp <= 0x04FF or 0x2500 <= cp <= 0x257F  # Greek, Cyrillic, box drawing
                or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000):  # rare CJK
            suspicious += 1
    return suspicious / total if total else 0.0


def _plausible(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f\v")
    return controls <= max(2, len(text) // 1000) and garbage_share(text) <= _MAX_GARBAGE_SHARE


def _detect(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    """The reading of ``data`` among charset-normalizer's candidates that passes the sanity check with the
    least garbage (ties keep the detector's order).

    Garbage decides within the Big5 family too: Big5/CP950 and Big5-HKSCS put ① and ⑴ at different
    codes, and the wrong member turns them into kana.
    """
    from charset_normalizer import from_bytes

    readings: list[tuple[float, int, str, str]] = []
    for rank, match in enumerate(from_bytes(data, cp_isolation=candidates)):
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            readings.append((garbage_share(text), rank, text, match.encoding.replace("_", "-")))
    if not readings:
        return None
    _, _, text, encoding = min(readings, key=lambda r: (r[0], r[1]))
    return text, encoding


def decode(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode article bytes: BOMs first, then strict UTF-8, then legacy encodings only through detection.

    A blind GB18030 fallback is never used: Big5 bytes "decode" as GB18030 into garbage, so every
    detected decoding must also pass a sanity check (no kana/bopomofo/private-use soup).
    """
    if not data:
        raise InputError("empty file", source=name)
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not article text", source=name)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                raise InputError(f"invalid {label.upper()} text (bytes after the byte-order mark do not decode)",
                                 source=name) from None
    if b"\x00" in data:
        found = _detect(data, _BOMLESS_UNICODE) if len(data) % 2 == 0 else None
        if found is None:
            raise InputError("binary file, not article text", source=name)
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:4096])
    legacy = _DECLARED_LEGACY.get(declared.group(1).decode("ascii").lower()) if declared else None
    if legacy:
        try:
            text = data.decode(legacy)
            if _plausible(text):
                return text, legacy
        except UnicodeDecodeError:
            pass
    found = _detect(data, _LEGACY_CANDIDATES)
    if found is None:
        raise InputError("cannot decode the text (not UTF-8, UTF-16, GB18030 or Big5)", source=name)
    return found


# ------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------

_HTML_SNIFF = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(<!doctype html|<html|<head|<body|<article|<div|<p[ >]|<meta)",
                         re.I | re.S)
_DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe",
              "svg", "figcaption", "button", "select", "template", "input", "textarea")
_DROP_CLASS = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|crumbs?|share|sharing|social|comments?|copyright|footer|nav|navbar|menu|sidebar|"
    r"login|related|recommend|advert|ads?|banner|toolbar|pager|pagination)(?:$|[\s_-])",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "title", "figure", "hr", "main"}


def looks_like_html(data: bytes | str, name: str | None = None) -> bool:
    """HTML by file ending, or by the first tag of the content."""
    if name and name.lower().endswith((".html", ".htm", ".xhtml", ".shtml")):
        return True
    head = data[:2048] if isinstance(data, str) else data[:2048].decode("utf-8", "ignore")
    return bool(_HTML_SNIFF.match(head.lstrip("\ufeff")))


def _drop_furniture_nodes(tree) -> None:  # noqa: ANN001 - selectolax tree
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id], [role]"):
        if node.tag in ("html", "body", "article", "main"):
            continue
        marker = " ".join(filter(None, (node.attributes.get("class"), node.attributes.get("id"),
                                        node.attributes.get("role"))))
        if _DROP_CLASS.search(marker):
            node.decompose()


def _content_root(tree):  # noqa: ANN001, ANN202 - selectolax nodes
    """<article>, <main>, or the block whose <p> children carry the most text, widened to the block
    that also holds the headline (so the 来源/发布时间 line beside it is kept and read)."""
    for selector in ("article", "main", "[itemprop=articleBody]"):
        node = tree.css_first(selector)
        if node is not None and len(node.text(strip=True)) >= 20:
            return node
    best, best_len = None, 0
    for node in tree.css("div, section, td"):
        length = sum(len(p.text(strip=True)) for p in node.iter() if p.tag == "p")
        if length > best_len:
            best, best_len = node, length
    if best is None or best_len < 200:
        return tree.body or tree.root
    if best.css_first("h1") is None and tree.css_first("h1") is not None:
        node = best.parent
        while node is not None and node.tag not in ("body", "html"):
            if node.css_first("h1") is not None:
                return node
            node = node.parent
    return best


_META_PUBLISHED = ("article:published_time", "pubdate", "publishdate", "publish_date", "firstpublishedtime",
                   "datepublished", "og:release_date")
_META_PUBLISHER = ("contentsource", "source", "og:site_name", "sitename", "article:publisher")


@dataclass
class HtmlPage:
    """What an HTML page yields: the article text (one line per block) and the page's own metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    publisher: str | None = None


def _meta_content(tree, names: tuple[str, ...]) -> str | None:  # noqa: ANN001 - selectolax tree
    for node in tree.css("meta[content]"):
        key = (node.attributes.get("name") or node.attributes.get("property") or node.attributes.get("itemprop") or "")
        if key.lower() in names and (node.attributes.get("content") or "").strip():
            return (node.attributes.get("content") or "").strip()
    return None


def html_to_text(html: str) -> HtmlPage:
    """Text of the article part of a page, one line per block; also the page <title> and <meta> metadata."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    page = HtmlPage("", title=title_node.text(strip=True) if title_node else None,
                    published=_meta_content(tree, _META_PUBLISHED), publisher=_meta_content(tree, _META_PUBLISHER))
    _drop_furniture_nodes(tree)
    root = _content_root(tree)
    if root is None:
        return page
    lines: list[str] = []
    heading = tree.css_first("h1")
    if heading is not None and root.css_first("h1") is None:
        lines.append(heading.text(strip=True))
    buf: list[str] = []

    def flush() -> None:
        line = re.sub(r"[ \t\r\n]+", " ", "".join(buf)).strip()
        if line:
            lines.append(line)
        buf.clear()

    def walk(node) -> None:  # noqa: ANN001 - selectolax node
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                buf.append(child.text_content or "")
            elif child.tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    page.text = "\n".join(lines)
    return page


# ------------------------------------------------------------------------------------------
# script and Simplified view
# ------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _converter(config: str) -> "opencc.OpenCC":
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Simplified view of ``text`` with exactly the same length.

    Converted line by line with OpenCC's phrase rules; where a rule changes a line's length, that
    line is converted character by character, keeping any character whose conversion is not one
    character long.
    """
    # names and indicators are converted again and again (every metric, every stage): short strings
    # are cached; whole articles are not, so memory does not grow with a batch
    return _short_simplified(text) if len(text) <= 64 else _long_simplified(text)


@lru_cache(maxsize=16384)
def _short_simplified(text: str) -> str:
    return _simplified(text)


@per_text(size=4)  # an article is converted at ingest and again by place matching (the very same string)
def _long_simplified(text: str) -> str:
    return _simplified(text)


def _simplified(text: str) -> str:
    conv = _converter("t2s")
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        converted = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in line))
        out.append(converted)
    view = "".join(out)
    if len(view) != len(text):  # cannot happen per line; guard the contract anyway
        view = "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in text))
    return view


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_HAN_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")  # runs of the characters _is_han accepts
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")


def detect_script(text: str, simplified: str) -> str:
    """zh-Hant when enough Han characters change under Traditional->Simplified conversion, else zh-Hans;
    en for Latin-script text, other for anything else."""
    # counted by regex scans, a run at a time: per-character Python calls were a noticeable share of
    # ingest time, and a list of runs is a fraction of a list of single characters
    han = sum(map(len, _HAN_RUN.findall(text)))
    latin = sum(map(len, _ASCII_LETTERS.findall(text)))
    if han < 4 or (latin > 4 * han):
        return "en" if latin > han else "other"
    changed = 0 if text == simplified else sum(1 for a, b in zip(text, simplified) if a != b and _is_han(a))
    return "zh-Hant" if changed >= max(3, han * 0.03) else "zh-Hans"


# ------------------------------------------------------------------------------------------
# entry points
# ------------------------------------------------------------------------------------------


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
                   published=layout.published)
    if layout.title_span:
        doc.title_span = layout.title_span
        doc.title = text[slice(*layout.title_span)]
    if html_page is not None:
        doc.title = doc.title or html_page.title
        doc.published = doc.published or furniture_rules.parse_date(html_page.published or "")
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
