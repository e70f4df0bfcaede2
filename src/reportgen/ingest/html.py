"""HTML page -> article text (one line per block) and the page's own title, date and publisher.

Navigation, share bars, comment widgets and the like are dropped by tag and class before the block
that carries the article is chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reportgen.errors import InputError

__all__ = ["MAX_DEPTH", "HtmlPage", "html_to_text", "looks_like_html", "nesting_depth"]

_HTML_SNIFF = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(<!doctype html|<html|<head|<body|<article|<div|"
                         r"<p[ >]|<meta)",
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


MAX_DEPTH = 1000
"""Deepest element nesting accepted: real pages stay under 100, and the HTML parser's time grows with the
square of the depth (200k nested divs: minutes), so a deeper page is refused before it is parsed."""

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*+)[^>]*+>")
# elements with no content, and elements the parser closes by itself when a sibling opens (<p><p>, <li><li>)
_NO_NESTING = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                         "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th"})


def nesting_depth(html: str, limit: int = MAX_DEPTH) -> int:
    """How deep the page's elements nest, read from its tags in one pass (stops counting past ``limit``).

    An over-estimate where a page leaves elements open (each then counts as nested), never an under-estimate
    of real nesting except through the self-closing elements listed in _NO_NESTING.
    """
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NO_NESTING or m.group(0).endswith("/>"):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def looks_like_html(data: bytes | str, name: str | None = None) -> bool:
    """HTML by file ending, or by the first tag of the content."""
    if name and name.lower().endswith((".html", ".htm", ".xhtml", ".shtml")):
        return True
    head = data[:2048] if isinstance(data, str) else data[:2048].decode("utf-8", "ignore")
    return bool(_HTML_SNIFF.match(head.lstrip("\ufeff")))


def _drop_furniture_nodes(tree: Any) -> None:
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


def _content_root(tree: Any) -> Any:
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


def _meta_content(tree: Any, names: tuple[str, ...]) -> str | None:
    for node in tree.css("meta[content]"):
        key = (node.attributes.get("name") or node.attributes.get("property") or node.attributes.get("itemprop") or "")
        if key.lower() in names and (node.attributes.get("content") or "").strip():
            return (node.attributes.get("content") or "").strip()
    return None


def html_to_text(html: str) -> HtmlPage:
    """Text of the article part of a page, one line per block; also the page <title> and <meta> metadata."""
    from selectolax.lexbor import LexborHTMLParser

    if nesting_depth(html) > MAX_DEPTH:
        raise InputError(f"the HTML page nests elements more than {MAX_DEPTH} deep; no real article page does")
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

    # an explicit stack, not recursion: no page depth can overflow Python's recursion limit
    stack: list[tuple[Iterator[Any], bool]] = [(iter(root.iter(include_text=True)), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush()
        elif child.tag == "-text":
            buf.append(child.text_content or "")
        else:
            if child.tag in _BLOCK_TAGS:
                flush()
            stack.append((iter(child.iter(include_text=True)), child.tag in _BLOCK_TAGS))
    flush()
    page.text = "\n".join(lines)
    return page
