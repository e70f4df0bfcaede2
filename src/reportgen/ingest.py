"""Bytes or str -> Document: decoding, HTML to text, page furniture, metadata, script.

The text as received (after decoding; for HTML, the text extracted from the page) is kept
untouched: every offset in a Report points into ``Document.text``. Furniture is *marked*
(spans), not cut out, and the Simplified view used for analysis has exactly the same length,
so an offset found in the view is an offset in the original.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    import opencc

MAX_BYTES = 20 * 1024 * 1024

_BINARY_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BM",
    b"\x7fELF", b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00",
)


@dataclass
class Document:
    """One article, decoded, with its furniture marked and a Simplified view for analysis."""

    text: str
    simplified: str
    script: str
    furniture: list[tuple[int, int]] = field(default_factory=list)
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
        """Stable id from the normalised body text: same article, any encoding or markup -> same id."""
        body = "".join(self.simplified[s:e] for s, e in self.body_spans())
        norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", body))
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]

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


# ------------------------------------------------------------------------------------------
# decoding
# ------------------------------------------------------------------------------------------


def decode(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode article bytes: BOMs first, then strict UTF-8, then detected legacy encodings only.

    A blind GB18030 fallback is never used: Big5 bytes "decode" as GB18030 into garbage.
    """
    if not data.strip():
        raise InputError("empty input", source=name)
    if data.startswith(_BINARY_MAGIC):
        raise InputError("binary file, not text", source=name)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32")):
        if data.startswith(bom) and not (enc == "utf-16" and data.startswith(codecs.BOM_UTF32_LE)):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {enc} text", source=name) from exc
    if b"\x00" in data[:4096]:
        raise InputError("binary file, not text", source=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs", "utf_16", "utf_8"]).best()
    if best is None:
        raise InputError("cannot decode the text (not UTF-8, GB18030 or Big5)", source=name)
    enc = best.encoding
    return data.decode(enc), enc


# ------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------

_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe",
              "svg", "figcaption", "button", "select", "template")
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "title"}


def looks_like_html(data: bytes | str, name: str | None = None) -> bool:
    if name and name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:2048].encode("utf-8", "ignore") if isinstance(data, str) else data[:2048]
    return bool(_HTML_SNIFF.match(head.lstrip(codecs.BOM_UTF8)))


def html_to_text(html: str) -> tuple[str, str | None]:
    """Text of the article part of a page, one line per block; also the <title>."""
    from selectolax.parser import HTMLParser

    tree = HTMLParser(html)
    page_title = tree.css_first("title")
    title = page_title.text(strip=True) if page_title else None
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return "", title
    lines: list[str] = []
    heading = tree.css_first("h1")
    if heading is not None and root.css_first("h1") is None:
        lines.append(heading.text(strip=True))
    buf: list[str] = []

    def flush() -> None:
        line = "".join(buf).strip()
        if line:
            lines.append(line)
        buf.clear()

    def walk(node) -> None:  # noqa: ANN001 - selectolax node
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buf.append(child.text_content or "")
            elif tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return "\n".join(lines), title


# ------------------------------------------------------------------------------------------
# script and Simplified view
# ------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _converter(config: str) -> "opencc.OpenCC":
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Simplified view of ``text`` with exactly the same length (converted line by line,
    falling back to character by character where a phrase rule changes a line's length)."""
    conv = _converter("t2s")
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        converted = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in line))
        out.append(converted)
    return "".join(out)


def detect_script(text: str, simplified: str) -> str:
    """zh-Hant when enough Han characters change under Traditional->Simplified conversion."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if han < max(4, len(text) // 20):
        latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
        return "en" if latin > han else ("other" if han == 0 else "zh-Hans")
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return "zh-Hant" if changed >= max(3, han * 0.03) else "zh-Hans"


# ------------------------------------------------------------------------------------------
# furniture and metadata
# ------------------------------------------------------------------------------------------

_FURNITURE_LINE = re.compile(
    r"^\s*(?:"
    r"(?:当前位置|您的位置|当前页面|首页\s*[>»/])"  # breadcrumbs
    r"|.*(?:版权所有|copyright|©|\(c\)|ICP备|ICP证|公网安备|网安备|备案号|免责声明|转载请注明|未经授权|不得转载|违者必究)"
    r"|(?:文|图|文/图|记者|通讯员|摄影|摄|编辑|责任编辑|责编|校对|审核|来源|作者|主办|承办|联系电话|电话|地址)\s*[/／:：|丨]"
    r"|(?:字号|字體|分享到|分享|打印|关闭|收藏|评论|登录|注册|浏览|阅读|点击|扫一扫|扫码|上一篇|下一篇|相关阅读|相关新闻|返回顶部)\s*[:：\s]?.{0,20}$"
    r"|\S.{0,30}(?:图为|图片|摄)\s*$"
    r")",
    re.I,
)
_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_PUBLISHER = re.compile(r"来源\s*[:：]\s*([^\s|丨　]{2,20})")
_BYLINE = re.compile(r"^\s*(?:文|记者|通讯员|作者)\s*[/／:：]\s*(.+?)\s*$")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _mark_furniture(text: str, simplified: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in simplified.splitlines(keepends=True):
        stripped = line.strip()
        end = pos + len(line)
        if stripped and _FURNITURE_LINE.match(stripped) and len(stripped) < 120:
            spans.append((pos, end))
        elif stripped and len(stripped) <= 30 and not re.search(r"\d", stripped) and stripped.endswith("。") and _is_caption_like(stripped):
            spans.append((pos, end))
        pos = end
    return spans


def _is_caption_like(line: str) -> bool:
    """A short one-sentence line with no figure: a photo caption under a picture."""
    return line.count("。") == 1 and len(line) <= 20


def _metadata(doc: Document) -> None:
    simp = doc.simplified
    head = simp[:1500]
    m = _PUBLISHER.search(head)
    if m:
        doc.publisher = doc.text[m.start(1):m.end(1)]
    for line_match in re.finditer(r"[^\n]+", simp[:3000]):
        bm = _BYLINE.match(line_match.group(0))
        if bm:
            doc.byline = doc.text[line_match.start() + bm.start(1):line_match.start() + bm.end(1)]
            break
    for dm in _DATE.finditer(head):
        line_start = simp.rfind("\n", 0, dm.start()) + 1
        line_end = simp.find("\n", dm.end())
        line = simp[line_start:line_end if line_end >= 0 else len(simp)]
        if doc.is_furniture(dm.start()) or re.search(r"时间|发布|日期|来源", line):
            try:
                doc.published = dt.date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
                break
            except ValueError:
                continue
    if doc.title is None:
        for s, e in doc.body_spans():
            for lm in re.finditer(r"[^\n]+", doc.text[s:e]):
                line = lm.group(0).strip()
                if not line:
                    continue
                if len(line) <= 60 and not _SENTENCE_END.search(line[:-1] or "x"):
                    offset = s + lm.start() + (len(lm.group(0)) - len(lm.group(0).lstrip()))
                    doc.title = line
                    doc.title_span = (offset, offset + len(line))
                break
            break


# ------------------------------------------------------------------------------------------
# entry points
# ------------------------------------------------------------------------------------------


def from_text(text: str, *, name: str | None = None, html: bool | None = None, encoding: str = "utf-8") -> Document:
    """Build a Document from already-decoded text (HTML sniffed unless ``html`` says)."""
    text = text.lstrip("\ufeff")
    kind = "text"
    page_title = None
    if html or (html is None and looks_like_html(text, name)):
        text, page_title = html_to_text(text)
        kind = "html"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty input" if kind == "text" else "no article text in the HTML page", source=name)
    if "\x00" in text or sum(1 for c in text[:4000] if unicodedata.category(c) == "Cc" and c not in "\n\t") > 8:
        raise InputError("binary file, not text", source=name)
    simplified = to_simplified(text)
    doc = Document(text=text, simplified=simplified, script=detect_script(text, simplified), name=name,
                   encoding=encoding, kind=kind)
    doc.furniture = _mark_furniture(text, simplified)
    _metadata(doc)
    if doc.title is None and page_title:
        doc.title = page_title
    return doc


def from_bytes(data: bytes, *, name: str | None = None) -> Document:
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large ({len(data) // 1024} KiB; limit {MAX_BYTES // 1024} KiB)", source=name)
    text, enc = decode(data, name=name)
    return from_text(text, name=name, html=looks_like_html(data, name) or None, encoding=enc)


def from_path(path: str | Path) -> Document:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an article", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    return from_bytes(data, name=p.name)
