"""A page"s lines and the context-free rules that say what kind of furniture a line is (breadcrumb,
notice, meta, editor, byline, widget), or none. Page context (zones, notice blocks, captions) is
``furniture``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.ingest.dates import DATE, DATE_CN

__all__ = ["LIST_MARKER", "SENTENCE_PUNCT", "Line", "classify", "is_meta", "is_notice_heading", "is_paragraph",
           "split_lines"]

# Line terminators str.splitlines() knows; the line content excludes them.
_LINE_END_CHARS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREADCRUMB = re.compile(
    r"^(?:(?:当前|您的|你的|您现在的|你现在的|您当前的|你当前的|现在|所在)位置|当前页面|位置导航)\s*[:：>»]"
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
LIST_MARKER = re.compile(r"^(?:[①-⑳⑴-⒇]|\d{1,2}\s*[、.．)）]|[（(]\s*\d{1,2}\s*[)）]|"
                         r"[一二三四五六七八九十]{1,2}\s*[、.．])")
_META_LABELS = (
    "来源|信息来源|稿件来源|稿源|出处|发布机构|发布单位|发布者|发布人|发布时间|发布日期|发表时间|发表日期|更新时间|"
    "时间|日期|作者|浏览次数|浏览量|浏览|点击数|点击量|点击|阅读数|阅读量|阅读|访问量|字号|字体|文章来源|分享"
)
_META_START = re.compile(rf"^[【\[]?(?:{_META_LABELS})\s*[:：]")
_META_ANYWHERE = re.compile(rf"(?:^|\s|[|丨【\[])(?:{_META_LABELS})\s*[:：]")
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
    """使用第三方账号登录 第三方账号登录 在手机打开当前页 扫一扫在手机打开当前页 网友评论 发表评论 我要评论
    查看评论 条评论
    评论 用户登录 登录 注册 退出 分享到 分享 转发 收藏 点赞 打印本页 打印 关闭窗口 关闭本页 关闭 字号 字体 默认 大 中 小
    微信扫一扫 扫一扫 扫码 二维码 返回顶部 回到顶部 返回首页 返回 相关阅读 相关新闻 相关链接 相关文章 相关稿件 延伸阅读
    推荐阅读 热点推荐 热门推荐 精彩图文 精彩推荐 图片新闻 更多 网站地图 联系我们 关于我们 微信 微博 QQ空间 QQ 举报 纠错
    我要纠错 浏览 阅读 点击 次 加入收藏 设为首页 无障碍 长者模式 视力保护 繁体 简体 English 责任编辑 编辑""".split(),
    key=len,
    reverse=True,
)
_WIDGET = re.compile("|".join(map(re.escape, _WIDGET_TERMS)), re.I)
_NAV_START = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|相关阅读|相关新闻|相关链接|延伸阅读|"
                        r"推荐阅读)\s*[:：]?")
_NOT_TEXT = re.compile(r"[\s\W\d_]+")
SENTENCE_PUNCT = re.compile(r"[，,。；;！!？?：:]")
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


def _is_breadcrumb(s: str) -> bool:
    if _BREADCRUMB.match(s):
        return True
    if "<" in s or len(s) > 80:  # markup in a text article, not a trail of links; or a paragraph
        return False
    links = _NAV_BAR.split(s)
    if len(links) >= 3 and all(_NAV_LINK.fullmatch(link) for link in links) and not _is_widget(s):
        return True  # 某某网　首页　|　政法要闻　|　平安建设: a site's navigation bar (网站地图 | 联系我们: widgets)
    arrows = len(_BREADCRUMB_ARROW.findall(s))
    if arrows == 1:  # 港聞 ＞ 社會, 某某市政府全球資訊網 > 新聞稿: a site or section and a subsection, two names
        return all(_SECTION_NAME.fullmatch(part) for part in _BREADCRUMB_ARROW.split(s))
    return arrows >= 2 and not SENTENCE_PUNCT.search(_BREADCRUMB_ARROW.sub("", s)[:-1] or "x") \
        and not re.search(r"\d+(?:\.\d+)?%", s)


_NAV_BAR = re.compile(r"\s*[|｜丨]\s*")
_NAV_LINK = re.compile(r"[\u4e00-\u9fffA-Za-z·\s]{1,12}")
#: a site's or a section's name: a headline is a sentence, with numbers or punctuation, or longer than this
_SECTION_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z·]{1,16}")


def _is_notice(s: str) -> bool:
    return (len(s) <= 200 and _strong_notice(s)) or (len(s) <= 160 and bool(_NOTICE_SOFT.search(s)))


def _strong_notice(s: str) -> bool:
    return bool(_NOTICE_STRONG.search(s) or (_NOTICE_LATIN_FIRST.search(s) and _NOTICE_STRONG_LATIN.search(s)))


def is_notice_heading(s: str) -> bool:
    """A 版权声明/免责声明 heading: the numbered clauses under it are notices too."""
    return len(s) <= 40 and bool(_NOTICE_HEADING.search(s)) and not s.endswith(("。", "；"))


def is_meta(s: str) -> bool:
    """来源:X 时间:Y 浏览:Z lines, and bare date/time lines of the page header."""
    if len(s) > 120 or s.endswith("。"):
        return False
    if _META_START.match(s):
        return True
    labels = _META_ANYWHERE.findall(s)
    if len(labels) >= 2:
        return True
    if (DATE.search(s) or DATE_CN.search(s)) and len(s) <= 60:
        rest = _TIME.sub("", DATE_CN.sub("", DATE.sub("", s)))
        rest = _META_ANYWHERE.sub("", rest)
        return len(re.sub(r"[\W\d_]", "", rest)) <= 12 and not SENTENCE_PUNCT.search(re.sub(r"[:：]", "", rest))
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


def classify(s: str) -> str | None:
    """The kind of furniture a line is on its own (breadcrumb, notice, meta, editor, byline, widget), or None."""
    if _is_breadcrumb(s):
        return "breadcrumb"
    if is_notice_heading(s):
        return "notice"
    if _is_notice(s):
        return "notice"
    if _is_editor(s):
        return "editor"
    if _is_byline(s):
        return "byline"
    if _is_widget(s):
        return "widget"
    if is_meta(s):
        return "meta"
    return None


def is_paragraph(s: str) -> bool:
    """A body paragraph: prose long enough and punctuated like sentences."""
    return (len(s) >= 40 and bool(SENTENCE_PUNCT.search(s))) or (len(s) >= 20 and bool(re.search(r"[，,]", s))
                                                                  and s.endswith(("。", "！", "？", "”")))
