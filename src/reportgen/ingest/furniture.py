"""Page furniture and metadata: which lines of an article are not article content, and what the page says
about itself (headline, publication date, publisher, byline).

Scraped articles carry breadcrumbs, copyright and disclaimer blocks, ICP/公网安备 lines, comment and login
widgets, photo captions, bylines and editor lines. Their numbers (licence numbers, "15天内", dates) are not
figures of the article, so they are *marked* here as spans into the text as received; nothing is cut out.

Rules are written against the Simplified view (same length as the text, so offsets are shared) and
work line by line, with a little page context: the header zone (before the first body paragraph), the
footer zone (after the last one), notice blocks (the numbered clauses under a 免责声明 heading) and
paragraph indentation (a short unindented line between indented paragraphs is not a paragraph).

The lines and their context-free rules are ``page_lines``; dates ``dates``; headline, date, publisher
and byline ``metadata``. This module adds the page context and is the entry point (``analyse``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reportgen.ingest.metadata import byline_span, is_masthead, published_date, publisher_span, title_index
from reportgen.ingest.page_lines import (
    LIST_MARKER,
    SENTENCE_PUNCT,
    Line,
    classify,
    is_notice_heading,
    is_paragraph,
    split_lines,
)

__all__ = ["Layout", "analyse"]

_NOTICE_WORDS = re.compile(r"本(?:网|站|平台|报)|版权|转载|侵权|联系|来电|声明|责任|授权")
# a "related news" block: its heading, then headline lines (often bulleted with ·)
_RELATED_HEADING = re.compile(r"^[【\[]?(?:相关新闻|相关阅读|相关链接|相关报道|延伸阅读|推荐阅读|热点推荐|"
                              r"猜你喜欢)[】\]]?\s*[:：]?\s*$")
_BULLET = re.compile(r"^[·•●▪◆■○◇]\s*")
_CAPTION_MARK = re.compile(
    r"^(?:图为|上图|下图|左图|右图|组图|图片|图[:：/]|\(图|（图)|(?:摄|摄影|供图|提供|图片来源[:：].{0,20})[)）]?\s*$"
    r"|[(（][^()（）]{0,20}(?:摄|供图|提供)[)）]\s*$"
)
_CAPTION_SUBJECT = re.compile(
    r"民警|警察|交警|辅警|干警|特警|巡警|刑警|消防|指战员|群众|市民|村民|居民|学生|师生|游客|志愿者|工作人员|医护人员|"
    r"执法人员|领导|嫌疑人|嫌犯|现场|活动|仪式|合影|镜头|画面"
)
_DISCOURSE = re.compile(
    r"据|将|今年|去年|目前|下一步|同时|此外|我们|表示|认为|因此|但是|然而|如果|为了|经过|通过|持续|进一步|已经|共|全市|全区|"
    r"全县|全省|累计|其中|以来|期间|是|说"
)
_CLAUSE_PUNCT = re.compile(r"[，,；;：:、“”\"]")


# a deck: the line of figures a dash opens right under a headline (——上半年全省刑事警情同比下降14.2%)
_DECK = re.compile(r"^(?:——|—|－－|--)\s*\S")


@dataclass
class Layout:
    """What page analysis found: furniture spans with their kinds, and the page's own metadata."""

    furniture: list[tuple[int, int]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    title_span: tuple[int, int] | None = None
    deck_span: tuple[int, int] | None = None  # a subtitle under the headline (——上半年刑事警情下降14.2%)
    published: dt.date | None = None
    publisher_span: tuple[int, int] | None = None
    byline_span: tuple[int, int] | None = None


def _caption_shape(s: str, limit: int) -> bool:
    """One short descriptive sentence: no clause punctuation, no figures."""
    if len(s) > limit or len(s) < 4 or re.search(r"\d", s) or _CLAUSE_PUNCT.search(s):
        return False
    body = s.rstrip("。.")
    return not re.search(r"[。！？!?]", body)


def _mark_notice_blocks(lines: list[Line]) -> None:
    """Once a 免责声明-style heading appears, the numbered clauses and notice prose below it are furniture."""
    in_block = False
    for line in lines:
        if line.blank:
            continue
        if line.kind == "notice" and is_notice_heading(line.simp):
            in_block = True
            continue
        if in_block:
            if line.kind is not None or LIST_MARKER.match(line.simp) or (
                len(line.simp) <= 200 and _NOTICE_WORDS.search(line.simp) and not _is_paragraph_with_figures(line.simp)
            ):
                line.kind = line.kind or "notice"
                continue
            in_block = False
        elif line.kind is None and LIST_MARKER.match(line.simp) and re.search(r"本(?:网|站)", line.simp) \
                and re.search(r"版权|转载|声明|责任|授权", line.simp):
            line.kind = "notice"


def _is_paragraph_with_figures(s: str) -> bool:
    return bool(re.search(r"\d+(?:\.\d+)?\s*(?:%|万|亿|起|人|元|个|件|名)", s)) and len(s) > 60


def _mark_captions(lines: list[Line], title_index: int | None) -> None:
    content = [i for i, ln in enumerate(lines) if not ln.blank and ln.kind is None]
    paragraphs = [i for i in content if is_paragraph(lines[i].simp) and i != title_index]
    if not paragraphs:
        return
    first_par, last_par = paragraphs[0], paragraphs[-1]
    indented_share = sum(lines[i].indented for i in paragraphs) / len(paragraphs)
    paragraphs_indented = len(paragraphs) >= 3 and indented_share >= 0.6
    for i in content:
        line = lines[i]
        s = line.simp
        if i == title_index:
            continue
        if _CAPTION_MARK.search(s) and len(s) <= 60 and not _is_paragraph_with_figures(s):
            line.kind = "caption"
        elif i < first_par:
            # header zone: a short sentence between the headline and the first paragraph describes a photo
            # (unless the page indents its paragraphs and this line is indented like one)
            if _caption_shape(s, 40) and s.endswith(("。", ".")) and not (paragraphs_indented and line.indented):
                line.kind = "caption"
        elif i < last_par:
            if not _caption_shape(s, 32) or not s.endswith(("。", ".")):
                continue
            if paragraphs_indented:  # the page indents its paragraphs: an unindented short line is not one
                is_caption = not line.indented
            else:
                is_caption = bool(_CAPTION_SUBJECT.search(s)) and not _DISCOURSE.search(s)
            if is_caption:
                line.kind = "caption"


def _is_headline(s: str) -> bool:
    """A link to another article: short, one statement, no sentence inside (a date may close it)."""
    return len(s) <= 80 and not re.search(r"[。！？!?；;]", s.rstrip("。"))


def _mark_related(lines: list[Line]) -> None:
    """相关新闻 + headline lines, or bulleted headlines after the last paragraph: links to other articles."""
    last_par = max((i for i, ln in enumerate(lines) if ln.kind is None and is_paragraph(ln.simp)
                    and not _BULLET.match(ln.simp)), default=-1)
    in_block = False
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if _RELATED_HEADING.match(line.simp):
            in_block, line.kind = True, line.kind or "widget"
            continue
        bulleted = bool(_BULLET.match(line.simp))
        if (in_block or (bulleted and i > last_par)) and line.kind is None and _is_headline(line.simp):
            line.kind = "related"
            continue
        if line.kind is None:
            in_block = False


def _mark_footer(lines: list[Line]) -> None:
    """After the last body paragraph, once furniture has started, short unpunctuated lines are furniture too."""
    last_par = max((i for i, ln in enumerate(lines) if ln.kind is None and is_paragraph(ln.simp)), default=None)
    if last_par is None:
        return
    started = False
    for line in lines[last_par + 1:]:
        if line.blank:
            continue
        if line.kind is not None:
            started = True
        elif started and len(line.simp) <= 25 and not SENTENCE_PUNCT.search(line.simp[:-1] or "x") \
                and not re.search(r"\d+(?:\.\d+)?\s*[%万亿]", line.simp):
            line.kind = "widget"


def analyse(simplified: str) -> Layout:
    """Mark furniture and find the page's metadata; offsets index both the text and its Simplified view."""
    lines = split_lines(simplified)
    for line in lines:
        if not line.blank:
            line.kind = classify(line.simp)
    _mark_notice_blocks(lines)
    title = title_index(lines)
    _mark_captions(lines, title)
    _mark_related(lines)
    _mark_footer(lines)
    if title is not None and lines[title].kind is not None:
        title = None
    for line in lines[:title if title is not None else 0]:
        if line.kind is None and not line.blank and is_masthead(line.simp):
            line.kind = "masthead"  # the issuing body's name above the headline: its publisher, not body text

    layout = Layout()
    for line in lines:
        if line.kind is not None and not line.blank:
            layout.furniture.append((line.start, line.end))
            layout.kinds.append(line.kind)
    if title is not None:
        layout.title_span = (lines[title].start, lines[title].end)
        deck = next((ln for ln in lines[title + 1:] if not ln.blank), None)
        if deck is not None and deck.kind is None and _DECK.match(deck.simp):
            layout.deck_span = (deck.start, deck.end)
    paragraphs = [i for i, ln in enumerate(lines) if ln.kind is None and is_paragraph(ln.simp) and i != title]
    layout.published = published_date(lines, paragraphs[0] if paragraphs else None)
    layout.publisher_span = publisher_span(lines)
    layout.byline_span = byline_span(lines)
    return layout
