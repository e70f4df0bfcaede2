"""Page furniture and metadata: which lines of an article are not article content, and what the page says
about itself (headline, publication date, publisher, byline).

Scraped articles carry breadcrumbs, copyright and disclaimer blocks, ICP/公网安备 lines, comment and login
widgets, photo captions, bylines and editor lines. Their numbers (licence numbers, "15天内", dates) are not
figures of the article, so they are *marked* here as spans into the text as received; nothing is cut out.

Rules are written against the Simplified view (same length as the text, so offsets are shared) and
work line by line, with a little page context: the header zone (before the first body paragraph), the
footer zone (after the last one), notice blocks (the numbered clauses under a 免责声明 heading) and
paragraph indentation (a short unindented line between indented paragraphs is not a paragraph).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Line terminators str.splitlines() knows; the line content excludes them.
_LINE_END_CHARS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_BREADCRUMB = re.compile(
    r"^(?:(?:当前|您的|你的|您现在的|你现在的|现在|所在)位置|当前页面|位置导航)\s*[:：>»]"
    r"|^(?:网站)?首页\s*[>»›＞/|]"
)
_BREADCRUMB_ARROW = re.compile(r"\s*[>»›＞]\s*")
# Site notices, in two patterns: the Chinese words compiled without re.I (they have no case, and so the
# regex engine skips ahead to where one can begin), the Latin ones case-insensitive, tried only on lines
# holding a character they can begin with (under re.I, i also matches İ and ı). Together they find what
# the one case-insensitive pattern did (tests/test_batch_speedups.py), which tried every alternative at every
# character of every line.
_NOTICE_STRONG = re.compile(
    r"公网安备|网安备\s*\d|备案号|版权所有"
    r"|网站标识码|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]|维护单位\s*[:：]|主办\s*[:：]|承办\s*[:：]"
    r"|违法和不良信息举报|举报电话\s*[:：]|互联网新闻信息服务许可证"
)
_NOTICE_STRONG_LATIN = re.compile(r"ICP\s*[备证]|ICP\s*\d|all\s+rights\s+reserved|copyright|©|\(c\)\s*\d{4}", re.I)
_NOTICE_LATIN_FIRST = re.compile("[AaCcIi\u0130\u0131(©]")
_NOTICE_SOFT = re.compile(
    r"转载请注明|未经(?:书面)?(?:授权|许可|同意).{0,30}(?:不得|禁止|严禁|请勿)(?:转载|复制|使用|摘编|镜像)"
    r"|违者必究|不代表本(?:网|站|平台)(?:的)?观点|本(?:网|站)(?:不承担|声明|转载)|版权(?:均)?(?:归|属)"
)
_NOTICE_HEADING = re.compile(r"(?:版权|免责|法律|隐私)(?:与免责)?声明|免责条款|版权说明")
_LIST_MARKER = re.compile(r"^(?:[①-⑳⑴-⒇]|\d{1,2}\s*[、.．)）]|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]{1,2}\s*[、.．])")
_NOTICE_WORDS = re.compile(r"本(?:网|站|平台|报)|版权|转载|侵权|联系|来电|声明|责任|授权")

_META_LABELS = (
    "来源|信息来源|稿件来源|稿源|出处|发布机构|发布单位|发布者|发布人|发布时间|发布日期|发表时间|发表日期|更新时间|"
    "时间|日期|作者|浏览次数|浏览量|浏览|点击数|点击量|点击|阅读数|阅读量|阅读|访问量|字号|字体|文章来源|分享"
)
_META_START = re.compile(rf"^[【\[]?(?:{_META_LABELS})\s*[:：]")
_META_ANYWHERE = re.compile(rf"(?:^|\s|[|丨【\[])(?:{_META_LABELS})\s*[:：]")
# dates as pages write them: 2024-01-09, 2024年1月9日, full-width ２０２５年１月２４日 (\d and int() read
# full-width digits), Chinese numerals 二〇二四年十二月三十一日, and Taiwan's years of the Republic
# (民国113年10月18日; a bare 113-10-18 only after a 发布日期-style label)
_DATE = re.compile(
    r"(?<!\d)((?:19|20|１９|２０)\d{2})\s*(?:年|[-/.－／．])\s*(\d{1,2})\s*(?:月|[-/.－／．])\s*(\d{1,2})(?!\d)\s*日?"
)
_DATE_CN = re.compile(r"((?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日")
_DATE_ROC = re.compile(r"(?<!\d)(民国\s*)?(1[0-3]\d)\s*(?:年|[-/.－／．])\s*(\d{1,2})\s*(?:月|[-/.－／．])\s*(\d{1,2})(?!\d)\s*日?")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_EDITOR = re.compile(
    r"^[（(【\[]?\s*(?:责任编辑|责编|值班编辑|网络编辑|编辑|编审|审核|审校|校对|一审|二审|三审|初审|复审|终审|监制|统筹|策划|美编|制作|签发)"
    r"\s*(?:[:：/／|丨]\s*|\s+)(?=\S)"
)
_BYLINE_ROLES = (
    "文/图|文图|图文|文|图|摄影|摄像|摄|本报记者|本台记者|本网记者|见习记者|特约记者|融媒体记者|记者|通讯员|作者|撰稿|"
    "供图|视频|编辑|责任编辑"
)
_BYLINE_START = re.compile(rf"^(?:{_BYLINE_ROLES})(?:\s*[/／:：|丨]\s*|\s+)")
_BYLINE_ROLE_TOKEN = re.compile(rf"(?:{_BYLINE_ROLES})\s*[/／:：|丨]?")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$|^[A-Za-z][A-Za-z .'-]{1,30}$")

_WIDGET_TERMS = sorted(
    """使用第三方账号登录 第三方账号登录 在手机打开当前页 扫一扫在手机打开当前页 网友评论 发表评论 我要评论 查看评论 条评论
    评论 用户登录 登录 注册 退出 分享到 分享 转发 收藏 点赞 打印本页 打印 关闭窗口 关闭本页 关闭 字号 字体 默认 大 中 小
    微信扫一扫 扫一扫 扫码 二维码 返回顶部 回到顶部 返回首页 返回 相关阅读 相关新闻 相关链接 相关文章 相关稿件 延伸阅读
    推荐阅读 热点推荐 热门推荐 精彩图文 精彩推荐 图片新闻 更多 网站地图 联系我们 关于我们 微信 微博 QQ空间 QQ 举报 纠错
    我要纠错 浏览 阅读 点击 次 加入收藏 设为首页 无障碍 长者模式 视力保护 繁体 简体 English 责任编辑 编辑""".split(),
    key=len,
    reverse=True,
)
_WIDGET = re.compile("|".join(map(re.escape, _WIDGET_TERMS)), re.I)
_NAV_START = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|相关阅读|相关新闻|相关链接|延伸阅读|推荐阅读)\s*[:：]?")
# a "related news" block: its heading, then headline lines (often bulleted with ·)
_RELATED_HEADING = re.compile(r"^[【\[]?(?:相关新闻|相关阅读|相关链接|相关报道|延伸阅读|推荐阅读|热点推荐|猜你喜欢)[】\]]?\s*[:：]?\s*$")
_BULLET = re.compile(r"^[·•●▪◆■○◇]\s*")
_NOT_TEXT = re.compile(r"[\s\W\d_]+")

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
_SENTENCE_PUNCT = re.compile(r"[，,。；;！!？?：:]")
_CLAUSE_PUNCT = re.compile(r"[，,；;：:、“”\"]")
_INDENT = re.compile(r"^[\s\u3000]+")


@dataclass
class Line:
    """One line of the page: offsets of its stripped content and the Simplified content for the rules."""

    start: int
    end: int
    simp: str
    indented: bool
    kind: str | None = None

    @property
    def blank(self) -> bool:
        return not self.simp


@dataclass
class Layout:
    """What page analysis found: furniture spans with their kinds, and the page's own metadata."""

    furniture: list[tuple[int, int]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    title_span: tuple[int, int] | None = None
    published: dt.date | None = None
    publisher_span: tuple[int, int] | None = None
    byline_span: tuple[int, int] | None = None


def split_lines(simplified: str) -> list[Line]:
    """Lines with the offsets of their stripped content (terminators \\r\\n, \\r, \\n ... all understood)."""
    lines: list[Line] = []
    pos = 0
    for raw in simplified.splitlines(keepends=True):
        content = raw.rstrip(_LINE_END_CHARS)
        lead = len(content) - len(content.lstrip())
        stripped = content.strip()
        start = pos + lead
        lines.append(Line(start, start + len(stripped), stripped, indented=lead > 0))
        pos += len(raw)
    return lines


# ------------------------------------------------------------------------------------------
# line rules (context free)
# ------------------------------------------------------------------------------------------


def _is_breadcrumb(s: str) -> bool:
    if _BREADCRUMB.match(s):
        return True
    if "<" in s or len(s) > 80:  # markup in a text article, not a trail of links; or a paragraph
        return False
    arrows = len(_BREADCRUMB_ARROW.findall(s))
    return arrows >= 2 and not _SENTENCE_PUNCT.search(_BREADCRUMB_ARROW.sub("", s)[:-1] or "x") \
        and not re.search(r"\d+(?:\.\d+)?%", s)


def _is_notice(s: str) -> bool:
    return (len(s) <= 200 and _strong_notice(s)) or (len(s) <= 160 and bool(_NOTICE_SOFT.search(s)))


def _strong_notice(s: str) -> bool:
    return bool(_NOTICE_STRONG.search(s) or (_NOTICE_LATIN_FIRST.search(s) and _NOTICE_STRONG_LATIN.search(s)))


def _is_notice_heading(s: str) -> bool:
    return len(s) <= 40 and bool(_NOTICE_HEADING.search(s)) and not s.endswith(("。", "；"))


def _is_meta(s: str) -> bool:
    """来源:X 时间:Y 浏览:Z lines, and bare date/time lines of the page header."""
    if len(s) > 120 or s.endswith("。"):
        return False
    if _META_START.match(s):
        return True
    labels = _META_ANYWHERE.findall(s)
    if len(labels) >= 2:
        return True
    if (_DATE.search(s) or _DATE_CN.search(s)) and len(s) <= 60:
        rest = _TIME.sub("", _DATE_CN.sub("", _DATE.sub("", s)))
        rest = _META_ANYWHERE.sub("", rest)
        return len(re.sub(r"[\W\d_]", "", rest)) <= 12 and not _SENTENCE_PUNCT.search(re.sub(r"[:：]", "", rest))
    return False


def _is_editor(s: str) -> bool:
    if len(s) > 60 or not _EDITOR.match(s):
        return False
    rest = _EDITOR.sub("", s, count=1).strip(" )）】]")
    return len(rest) <= 24 and not re.search(r"[。！？；，,]", rest)


def _byline_names(s: str) -> bool:
    """True when, after removing role words and separators, only person names remain."""
    inner = s.strip("（）()【】[] ")
    inner = re.sub(r"(?:摄影?|供图|报道)$", "", inner).strip()
    rest = _BYLINE_ROLE_TOKEN.sub(" ", inner)
    tokens = [t for t in re.split(r"[\s、,，/／|丨]+", rest) if t]
    return bool(tokens) and len(tokens) <= 8 and all(_NAME.match(t) for t in tokens)


def _is_byline(s: str) -> bool:
    if len(s) > 50 or re.search(r"[。！？；]", s):
        return False
    inner = s.strip("（）()【】[] ")
    if not (_BYLINE_START.match(inner) or re.search(r"(?:\s|^)(?:记者|通讯员)\s", inner) or re.search(r"\s摄$", inner)):
        return False
    return _byline_names(inner)


def _is_widget(s: str) -> bool:
    if _NAV_START.match(s) and len(s) <= 80:
        return True
    if len(s) > 40 or not _WIDGET.search(s):
        return False
    rest = _NOT_TEXT.sub("", _WIDGET.sub("", s))
    return len(rest) <= 1


def _classify(s: str) -> str | None:
    if _is_breadcrumb(s):
        return "breadcrumb"
    if _is_notice_heading(s):
        return "notice"
    if _is_notice(s):
        return "notice"
    if _is_editor(s):
        return "editor"
    if _is_byline(s):
        return "byline"
    if _is_widget(s):
        return "widget"
    if _is_meta(s):
        return "meta"
    return None


# ------------------------------------------------------------------------------------------
# page context: notice blocks, zones, captions
# ------------------------------------------------------------------------------------------


def _is_paragraph(s: str) -> bool:
    """A body paragraph: prose long enough and punctuated like sentences."""
    return (len(s) >= 40 and bool(_SENTENCE_PUNCT.search(s))) or (len(s) >= 20 and bool(re.search(r"[，,]", s))
                                                                  and s.endswith(("。", "！", "？", "”")))


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
        if line.kind == "notice" and _is_notice_heading(line.simp):
            in_block = True
            continue
        if in_block:
            if line.kind is not None or _LIST_MARKER.match(line.simp) or (
                len(line.simp) <= 200 and _NOTICE_WORDS.search(line.simp) and not _is_paragraph_with_figures(line.simp)
            ):
                line.kind = line.kind or "notice"
                continue
            in_block = False
        elif line.kind is None and _LIST_MARKER.match(line.simp) and re.search(r"本(?:网|站)", line.simp) \
                and re.search(r"版权|转载|声明|责任|授权", line.simp):
            line.kind = "notice"


def _is_paragraph_with_figures(s: str) -> bool:
    return bool(re.search(r"\d+(?:\.\d+)?\s*(?:%|万|亿|起|人|元|个|件|名)", s)) and len(s) > 60


def _mark_captions(lines: list[Line], title_index: int | None) -> None:
    content = [i for i, ln in enumerate(lines) if not ln.blank and ln.kind is None]
    paragraphs = [i for i in content if _is_paragraph(lines[i].simp) and i != title_index]
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
    last_par = max((i for i, ln in enumerate(lines) if ln.kind is None and _is_paragraph(ln.simp)
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
    last_par = max((i for i, ln in enumerate(lines) if ln.kind is None and _is_paragraph(ln.simp)), default=None)
    if last_par is None:
        return
    started = False
    for line in lines[last_par + 1:]:
        if line.blank:
            continue
        if line.kind is not None:
            started = True
        elif started and len(line.simp) <= 25 and not _SENTENCE_PUNCT.search(line.simp[:-1] or "x") \
                and not re.search(r"\d+(?:\.\d+)?\s*[%万亿]", line.simp):
            line.kind = "widget"


# ------------------------------------------------------------------------------------------
# metadata
# ------------------------------------------------------------------------------------------

_PUBLISHER_SOURCE = re.compile(r"(?:稿件来源|文章来源|信息来源|来源|稿源|出处|发布机构|发布单位)\s*[:：]\s*([^\s|丨,，;；:：()（）]{2,24})")
_PUBLISHER_NOTICE = (
    re.compile(r"^([^\s:：|丨,，]{2,20}?)(?:版权与免责声明|版权声明|免责声明|版权所有)"),
    re.compile(r"版权所有\s*[:：]?\s*(?:©|\(c\)|copyright)?\s*(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?\s*)?"
               r"([^\s|丨,，;；©]{2,24})", re.I),
    re.compile(r"(?:copyright|©)\s*(?:©)?\s*(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?\s*)?([^\s|丨,，;；©]{2,24})", re.I),
)
_PUBLISHED_LABEL = re.compile(r"发布时间|发布日期|发表时间|发表日期|时间|日期|更新时间")


def _title_index(lines: list[Line]) -> int | None:
    """The headline: the first content line that is short and not a sentence."""
    for i, line in enumerate(lines):
        if line.blank or line.kind is not None:
            continue
        s = line.simp
        if len(s) <= 64 and not re.search(r"[。；;]", s[:-1] or "x") and not s.endswith(("。", "；", "：", ":")):
            return i
        return None
    return None


def _cn_number(token: str) -> int:
    """十二 -> 12, 二十四 -> 24, 三十一 -> 31, 九 -> 9 (month and day numerals)."""
    if "十" not in token:
        return _CN_DIGIT.get(token, 0)
    tens, _, units = token.partition("十")
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0)


def _dates_in(text: str, *, labelled_roc: bool = False) -> list[tuple[int, int, int, int]]:
    """(start, year, month, day) of every date written in ``text``, in order (not yet validated).
    A year of the Republic counts after 民国, or anywhere when ``labelled_roc`` (a 发布日期 label precedes)."""
    found = [(m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in _DATE.finditer(text)]
    for m in _DATE_CN.finditer(text):
        year = int("".join(str(_CN_DIGIT[ch]) for ch in m.group(1)))
        found.append((m.start(), year, _cn_number(m.group(2)), _cn_number(m.group(3))))
    for m in _DATE_ROC.finditer(text):
        if m.group(1) or (labelled_roc and _PUBLISHED_LABEL.search(text[max(0, m.start() - 8):m.start()])):
            found.append((m.start(), int(m.group(2)) + 1911, int(m.group(3)), int(m.group(4))))
    return sorted(found)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first valid calendar date written in ``text`` (2024-01-09, 2024年1月9日, 2024/1/9, ２０２５年１月２４日,
    二〇二四年十二月三十一日, 民国113年10月18日)."""
    for _, year, month, day in _dates_in(text, labelled_roc=True):
        date = _valid(year, month, day)
        if date is not None:
            return date
    return None


def _published(lines: list[Line], first_par: int | None) -> dt.date | None:
    """Date from a labelled meta line; failing that, from a date line in the header. Never from body prose."""
    candidates: list[tuple[int, int, dt.date]] = []
    for i, line in enumerate(lines):
        if line.kind != "meta" and not (first_par is not None and i < first_par and _is_meta(line.simp)):
            continue
        for start, year, month, day in _dates_in(line.simp, labelled_roc=True):
            date = _valid(year, month, day)
            if date is None:
                continue
            label = _PUBLISHED_LABEL.search(line.simp[max(0, start - 8):start])
            candidates.append((0 if label else 1 if i < (first_par or len(lines)) else 2, len(candidates), date))
    return min(candidates)[2] if candidates else None


def _publisher_span(lines: list[Line]) -> tuple[int, int] | None:
    for line in lines:
        if line.kind in ("meta", "editor", "byline", "widget", "breadcrumb") or (line.kind == "notice" and not _LIST_MARKER.match(line.simp)):
            m = _PUBLISHER_SOURCE.search(line.simp) if line.kind != "notice" else None
            if m:
                return line.start + m.start(1), line.start + m.end(1)
    for line in lines:
        if line.kind != "notice" or _LIST_MARKER.match(line.simp):
            continue
        for pattern in _PUBLISHER_NOTICE:
            m = pattern.search(line.simp)
            if m and re.search(r"[\u4e00-\u9fffA-Za-z]{2}", m.group(1)):
                return line.start + m.start(1), line.start + m.end(1)
    return None


def _byline_span(lines: list[Line]) -> tuple[int, int] | None:
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


# ------------------------------------------------------------------------------------------
# entry point
# ------------------------------------------------------------------------------------------


def analyse(simplified: str) -> Layout:
    """Mark furniture and find the page's metadata; offsets index both the text and its Simplified view."""
    lines = split_lines(simplified)
    for line in lines:
        if not line.blank:
            line.kind = _classify(line.simp)
    _mark_notice_blocks(lines)
    title = _title_index(lines)
    _mark_captions(lines, title)
    _mark_related(lines)
    _mark_footer(lines)
    if title is not None and lines[title].kind is not None:
        title = None

    layout = Layout()
    for line in lines:
        if line.kind is not None and not line.blank:
            layout.furniture.append((line.start, line.end))
            layout.kinds.append(line.kind)
    if title is not None:
        layout.title_span = (lines[title].start, lines[title].end)
    paragraphs = [i for i, ln in enumerate(lines) if ln.kind is None and _is_paragraph(ln.simp) and i != title]
    layout.published = _published(lines, paragraphs[0] if paragraphs else None)
    layout.publisher_span = _publisher_span(lines)
    layout.byline_span = _byline_span(lines)
    return layout
