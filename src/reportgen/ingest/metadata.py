"""What a page says about itself: its headline, publication date, publisher and byline, read from the
lines ``furniture`` classified (labelled meta lines, the header zone, notices), never from body prose.
"""

from __future__ import annotations

import datetime as dt
import re

from reportgen.ingest.dates import PUBLISHED_LABEL, dates_in, valid_date
from reportgen.ingest.page_lines import LIST_MARKER, Line, is_meta

__all__ = ["byline_span", "is_masthead", "published_date", "publisher_span", "title_index"]

_PUBLISHER_SOURCE = re.compile(r"(?:稿件来源|文章来源|信息来源|来源|稿源|出处|发布机构|发布单位)\s*[:：]\s*([^\s|"
                               r"丨,，;；:：()（）]{2,24})")
_PUBLISHER_NOTICE = (
    re.compile(r"^([^\s:：|丨,，]{2,20}?)(?:版权与免责声明|版权声明|免责声明|版权所有)"),
    re.compile(r"版权所有\s*[:：]?\s*(?:©|\(c\)|copyright)?\s*(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?\s*)?"
               r"([^\s|丨,，;；©]{2,24})", re.I),
    re.compile(r"(?:copyright|©)\s*(?:©)?\s*(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?\s*)?([^\s|"
               r"丨,，;；©]{2,24})", re.I),
)


# lines that are never the headline: a numbered section heading (一、警情概况, （二）, 3.), a photo caption
# (【资料图】, 图为…), a site banner (XX网, 政府门户网站, 欢迎访问…)
_SECTION_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
                              r"\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+[章节部分])")
_CAPTION = re.compile(r"^\s*(?:【[^】]{0,12}图[^】]{0,12}】|[\[【(（]?(?:资料图|图片|配图|图为|图：|图:)|图\s*\d)")
_BANNER = re.compile(r"(?:门户网站|官方网站|官网|网站|网站首页|首页|频道|在线|网)\s*$|^\s*欢迎(?:访问|来到|光临)")


# a masthead: the issuing body's name alone on a line (澳门统计暨普查局, 某某市公安局交通警察支队) above a
# press release's real headline
_MASTHEAD = re.compile(r"^[\u4e00-\u9fff（）()·]{2,30}?(?:局|厅|署|部|委员会|办公室|政府|法院|检察院|中心|总队|支队|"
                       r"大队|分局|派出所|警务处|警察局|新闻处|新闻办|海关|事务处|管理处)$")


# a page's genre or column label alone on a line (新闻公报, 新闻稿, 警务动态): what the page is, not its headline
_GENRE = re.compile(r"^(?:新闻公报|新闻稿|新闻发布(?:稿|会)?|新闻通稿|通知公告|公告|通告|通报|新闻动态|工作动态|"
                    r"政务动态|警务动态|公安要闻|图片新闻|要闻|本地新闻|今日要闻|政务公开)$")


def is_masthead(s: str) -> bool:
    """The issuing body's name alone on a line (澳门统计暨普查局, 某某市公安局交通警察支队)."""
    return bool(_MASTHEAD.match(s.strip()))


# a site's sponsor credit (某某日报社主办) beside its banner: 某某网 | 某某日报社主办
_SPONSOR = re.compile(r"(?:主办|主管|承办|协办|主辦|承辦|協辦)(?:单位|單位)?\s*$")
_BANNER_PARTS = re.compile(r"\s*[|丨｜]\s*")


def _banner_line(s: str) -> bool:
    """A site banner (某某网), alone or with its sponsor's credit beside it (某某网 | 某某社主办), or a row of
    page labels (香港特别行政区政府　新闻公报: a masthead and the page's genre)."""
    parts = [p for p in _BANNER_PARTS.split(s.strip()) if p]
    if parts and all(len(p) <= 16 and (_BANNER.search(p) or _SPONSOR.search(p)) for p in parts):
        return True
    labels = s.split()
    return len(labels) >= 2 and all(_MASTHEAD.match(p) or _GENRE.match(p) or _BANNER.search(p) for p in labels)


def _never_title(s: str) -> bool:
    """A section heading, a caption, a site banner or a masthead: never the article's headline."""
    return bool(_SECTION_HEADING.match(s) or _CAPTION.match(s) or _banner_line(s)
                or _MASTHEAD.match(s.strip()) or _GENRE.match(s.strip()))


# "本网"/"本站" (this site) names no outlet; a repost time (2024-01-09 10:30) is no publisher either
_NOT_PUBLISHER = re.compile(r"^(?:本网|本站|本报|本台|本网站|网络|互联网|网友)$|^[\d\s:：/._-]+$")


def title_index(lines: list[Line]) -> int | None:
    """The headline: the first content line that is short and not a sentence, nor a section heading, a
    caption, a site banner or a masthead (those are passed over)."""
    for i, line in enumerate(lines):
        if line.blank or line.kind is not None:
            continue
        s = line.simp
        if not re.search(r"\w", s):
            continue  # ::: (a government page's skip-navigation mark), a rule of dashes
        if _never_title(s):
            if _SECTION_HEADING.match(s):
                return None  # the text starts inside the body: whatever follows is not a headline either
            continue
        if len(s) <= 64 and not re.search(r"[。；;]", s[:-1] or "x") and not s.endswith(("。", "；", "：", ":")):
            return i
        return None
    return None


def published_date(lines: list[Line], first_par: int | None) -> dt.date | None:
    """Date from a labelled meta line; failing that, from a date line in the header. Never from body prose."""
    candidates: list[tuple[int, int, dt.date]] = []
    for i, line in enumerate(lines):
        if line.kind != "meta" and not (first_par is not None and i < first_par and is_meta(line.simp)):
            continue
        for start, year, month, day in dates_in(line.simp, labelled_roc=True):
            date = valid_date(year, month, day)
            if date is None:
                continue
            label = PUBLISHED_LABEL.search(line.simp[max(0, start - 8):start])
            candidates.append((0 if label else 1 if i < (first_par or len(lines)) else 2, len(candidates), date))
    return min(candidates)[2] if candidates else None


def publisher_span(lines: list[Line]) -> tuple[int, int] | None:
    """Where the publisher is named: a 来源 label first, else the owner of a copyright notice."""
    for line in lines:
        if (line.kind in ("meta", "editor", "byline", "widget", "breadcrumb")
                or (line.kind == "notice" and not LIST_MARKER.match(line.simp))):
            m = _PUBLISHER_SOURCE.search(line.simp) if line.kind != "notice" else None
            if m and not _NOT_PUBLISHER.match(m.group(1)):
                return line.start + m.start(1), line.start + m.end(1)
    for line in lines:
        if line.kind != "notice" or LIST_MARKER.match(line.simp):
            continue
        for pattern in _PUBLISHER_NOTICE:
            m = pattern.search(line.simp)
            if m and re.search(r"[\u4e00-\u9fffA-Za-z]{2}", m.group(1)):
                return line.start + m.start(1), line.start + m.end(1)
    masthead = next((line for line in lines if line.kind == "masthead"), None)  # 澳门统计暨普查局 above the headline
    return (masthead.start, masthead.end) if masthead is not None else None


def byline_span(lines: list[Line]) -> tuple[int, int] | None:
    """The byline's names, without brackets and the 文/作者 prefix."""
    for line in lines:
        if line.kind != "byline":
            continue
        s = line.simp
        left = len(s) - len(s.lstrip("（(【[ "))
        right = len(s) - len(s.rstrip("）)】] "))
        inner = s[left:len(s) - right]
        prefix = re.match(r"^(?:文/图|文图|文|作者|撰稿)\s*[/／:：|丨]\s*", inner)
        skip = prefix.end() if prefix else 0
        return line.start + left + skip, line.start + len(s) - right
    return None
