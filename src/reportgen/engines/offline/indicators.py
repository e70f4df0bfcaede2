"""The indicator of a figure: the words before (or after) the number, without the frame.

"上半年全市共破获经济犯罪案件68宗" -> 破获经济犯罪案件. What is stripped is the frame around an
indicator, never its content: time phrases (上半年, 2023年以来), the reporting body (全市,
梅县区公安分局), connectives and adverbs (同时, 共, 累计, 成功, 依法), premises (在…的基础上) and
the verb that links the indicator to its number (为, 达). Work is done on the Simplified view as
spans, so the indicator can be sliced from the original text in its own script.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from reportgen.engines.offline.clauses import Clause

Span = tuple[int, int]

# 共 is the adverb "in all" (共破获, 共有, 总共, 一共) only where it is not part of a word: 公共预算, 中共党员,
# 共同, 共享, 共建共治, 共青团, 共有产权... keep their 共 (行动中共破获 is 中 + the adverb).
_WORDS_STARTING_GONG = (r"同|享|青|党|中央|和|赢|性|商|用|谋|筑|育|鸣|振|存|事|融|济|有产权"
                        # 共建 but 共建成 (built, in all), 共处 but 共处置, 共识 but 共识别...
                        r"|建(?!成|立)|治(?!理)|产(?!生)|识(?!别)|创(?!建|造|作)|担(?!任)|生(?!产)|管(?!控|理)"
                        r"|通(?!报)|处(?!置|理|罚)|进(?!行)")
_GONG_ADVERB = rf"(?:总|一|合)?(?<!公)共(?!{_WORDS_STARTING_GONG})有?"

_TIME = (r"(?:今年|去年|全年|当年|本年度|年内|上半年|下半年|前三季度|[一二三四]季度|第[一二三四]季度|半年来|年初以来|"
         r"本季度?|本月份?|当月|当季|本周|上季|(?:今年)?(?:首|头|前)(?:\d{1,2}|[一二两三四五六七八九十]{1,2})个月|"
         r"(?:较|比|与|和)(?:上一?个?(?:季度?|月|年|周)|去年|上年|前一年)(?:同期)?(?:相比)?|"
         r"今年以来|近年来|近期|近日|目前|当前|截至目前|截至[^，,]{1,10}?(?:底|末|止)|期间|同期|"
         r"(?:19|20)\d{2}年(?:度|以来|全年|上半年|下半年)?|\d{1,2}(?:至|到|-|—)\d{1,2}月(?:份)?(?:以来)?|"
         r"\d{1,2}月(?:份)?(?:以来|底|初)?|[一二三四五六七八九十]+月(?:份)?(?:以来)?|以来)")
_BODY = (r"(?:全市|全省|全区|全县|全州|全镇|全国|全盟|全旗|我市|我省|我区|我县|该市|该县|该区|该局|该所|该队|该分局|"
         r"全警|各地|各级公安机关|全市公安机关|公安机关|市公安局|县公安局|区公安局|公安局|公安分局|分局|公安|警方|"
         r"海关人员|海关|警务处|入境处|消防处|"
         r"[\u4e00-\u9fff]{2,6}?(?:部门|公安局|公安分局|警方|支队|大队))")
_FILLER = (r"(?:其中|此外|另外|同时|并且|而且|然后|随后|另有|还有|但是|但|然而|不过(?!夜)|仍然|依然|仍|亦|则|"
           r"另|还|并|又|再|也|均|都|已经|已|共计|合计|总计|"
           rf"{_GONG_ADVERB}|"
           r"累计|先后|陆续|成功|依法|有效|全力|积极|分别|达到|首先|其次|最后|从而|进而|以及|据统计|"
           r"统计数据显示|数据显示|据了解|记者了解到|经统计|统计显示|包括|其中包括|今年|在此期间|期间|通过|阶段性|对|将|把|"
           r"力争|争取|确保|预计|计划|造成|录得|"
           r"[\u4e00-\u9fff]{0,4}?(?:实现了|取得了|实现|取得))")
# list numbers before a label (5.“两抢盗”篇, 12 4起, （4）, 三是): they number the item, they are not its name
_LIST_NUMBER = r"\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|\d{1,3}\s+(?=\d)|\d{1,3}\s+|[一二三四五六七八九十]{1,2}是"
# 九龙的|深水埗区; a table's cell separators (／ | ∶) are no part of a name
_LEAD = re.compile(rf"^(?:\s|{_LIST_NUMBER}|{_TIME}|{_BODY}|{_FILLER}|[，,、：:／/｜|∶]|的(?!士))+")
_TRAIL = re.compile(
    r"(?:[“「][一二两三四五六七八九十]+[个项]?"                      # 配备“两个 (40%以上”): a set phrase's head
    # the verb of a new level (占比提升至, 羁押率降至24.6%: the rate, not a "rate decline")
    r"|(?:提升|提高|上升|下降|降低|增加|减少|增长|缩短|压缩|缩小|扩大|回落|回升|攀升)(?=[至到]?$)"
    r"|[升降增减跌](?=[至到]$)"
    r"|(?<![行作认成视称])为|则|达到|达|是|有|约|共计|总共|合共|(?<!公)共|计|的|等|了|中|在|到|至|均|都|分别|同比|环比|按年|按月|按季"
    r"|累计|合计|总计|保持在|保持|完成|持续|继续|进一步|大幅|明显|有所|稳步|连续|共有|一共|其中|再|又|实现|\s|[，,、：:／/｜|∶])+$")
_PREMISE = re.compile(r"在[^，,。；;]{0,30}?基础上")
_INNER = re.compile(rf"各类|各种|各项|共计|累计|{_GONG_ADVERB}(?=[\u4e00-\u9fff]{{2}})|成功(?!率)|依法|先后|陆续")
_SETTING = re.compile(r"在[^，,。；;]{1,14}?(?:地点|现场|期间|过程中|之际|时|中|后|内|下|里)")
_RANK_TRAIL = re.compile(r"(?:全国|全省|全市|全区|全州|全县|地市|同级|系统内|居|位居|位列|名列|列|排在|排|获得|获|"
                         r"荣获)+$")

MAX_LEN = 24


def clean(simp: str, start: int, end: int, *, for_rank: bool = False,
          places: list[Span] | None = None) -> list[Span]:
    """Kept spans of the indicator written in simp[start:end] (empty when nothing is left).

    ``places`` are spans of place names in the article: a leading place name is frame too.
    """
    if simp[start:end].strip(" \u3000，,") in ("或", "或者"):
        return []  # 减少2,118宗或4.5%: "or" joins two sizes of one change and names nothing
    spans: list[Span] = [(start, end)]
    if simp.find("在", start, end) >= 0:  # both frames open with 在
        spans = _cut(simp, spans, _PREMISE)
        spans = _cut(simp, spans, _SETTING)
    spans = _cut(simp, spans, _INNER)
    for _ in range(3):
        before = list(spans)
        spans = _strip_lead(simp, spans)
        spans = _strip_places(simp, spans, places or [])
        if spans == before:
            break
    spans = _strip_trail(simp, spans, _RANK_TRAIL if for_rank else None)
    return spans


def clean_rank_suffix(simp: str, spans: list[Span]) -> list[Span]:
    """Drop the 全省/居/位列 words a rank adds after a borrowed indicator."""
    return _strip_trail(simp, list(spans), _RANK_TRAIL)


def shorten(spans: list[Span]) -> list[Span]:
    """At most MAX_LEN characters, keeping the head noun, which stands last."""
    total = sum(e - s for s, e in spans)
    return _keep_last(spans, MAX_LEN) if total > MAX_LEN else spans


# 香港旅客, 台湾籍嫌疑人: a place right before the people it names says where they come from; it is no frame
_ORIGIN_NOUN = re.compile(r"旅客|游客|访客|居民|籍|人士|学生|劳工|雇员|船员|渔民")


def _strip_places(simp: str, spans: list[Span], places: list[Span]) -> list[Span]:
    if not spans:
        return spans
    s, e = spans[0]
    if simp[s:s + 1] in ("为", "是") and s + 1 < e:  # 其次为桃园市1,703件: the place after 为 is a frame too
        s += 1
    i = bisect_left(places, (s, -1))
    if i < len(places) and places[i][0] == s and places[i][1] <= e and not _ORIGIN_NOUN.match(simp, places[i][1]):
        pe = places[i][1]
        return spans[1:] if pe == e else [(pe, e), *spans[1:]]
    return spans


def text_of(text: str, spans: list[Span]) -> str:
    return "".join(text[s:e] for s, e in spans)


def first_start(spans: list[Span], default: int) -> int:
    return spans[0][0] if spans else default


def _cut(simp: str, spans: list[Span], pattern: re.Pattern[str]) -> list[Span]:
    out: list[Span] = []
    for s, e in spans:
        pos = s
        for m in pattern.finditer(simp, s, e):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if pos < e:
            out.append((pos, e))
    return out


def _strip_lead(simp: str, spans: list[Span]) -> list[Span]:
    while spans:
        s, e = spans[0]
        m = _LEAD.match(simp[s:e])
        cut = m.end() if m else 0
        if cut == e - s:
            spans = spans[1:]
            continue
        spans[0] = (s + cut, e)
        break
    return spans


def _strip_trail(simp: str, spans: list[Span], extra: re.Pattern[str] | None) -> list[Span]:
    while spans:
        s, e = spans[-1]
        window = max(s, e - 40)  # only the end of a long span can be trailing words
        piece = simp[window:e]
        m = _TRAIL.search(piece)
        if extra:
            m2 = extra.search(piece[:m.start()] if m else piece)
            if m2:
                piece = piece[:m2.start()]
                m = _TRAIL.search(piece)
        new_e = window + (m.start() if m else len(piece))
        if new_e <= s:
            spans = spans[:-1]
            continue
        spans[-1] = (s, new_e)
        break
    return spans


def _keep_last(spans: list[Span], limit: int) -> list[Span]:
    out: list[Span] = []
    left = limit
    for s, e in reversed(spans):
        if left <= 0:
            break
        take = min(left, e - s)
        out.append((e - take, e))
        left -= take
    return list(reversed(out))


# ------------------------------------------------------------------------------------------
# names in a clause: lists of indicators, the noun a number counts, the verb that counts it
# ------------------------------------------------------------------------------------------

# where a counted noun ends: an adverb, a following verb, a preposition (3组快反力量|对…开展巡逻)
_NOUN_CUT = re.compile(r"[的均都已被并且对向于将把从]|全破|全部|建立|开展|实施|进行|实现|参与|参加|接受|得到|获得|"
                       r"等(?=[，,。；;、]|$)")
# the verb that counts what follows the number (…查处|一起…案, …组建|510个…单元)
_COUNTING_VERB = re.compile(r"(?:查处|打掉|抓获|破获|侦破|捣毁|摧毁|端掉|组建|成立|设立|建成|新建|开展|举办|发放|缴获|"
                            r"查获|"
                            r"收缴|刑拘|逮捕|救助|解救|劝阻|拦截|推出|开发|发起|投入|出动|化解|调解|处置|排查|整改|清除|"
                            r"办理|受理|接收|走访|培训|部署|配备|安装|新增)(?:了)?$")
ANY_JOIN = re.compile(r"[、和及与]")
TOP_JOIN = re.compile(r"和|及")  # A、B的安装率和C的设置率: the top-level join is 和
_SIZE_BEFORE_NOUN = re.compile(r"\d+(?:\.\d+)?[\u4e00-\u9fff]{1,2}的(?=[\u4e00-\u9fff])")


def item_names(clause: Clause, lo: int, hi: int, clean: Callable[[int, int], list[Span]]) -> list[list[Span]]:
    """The 、-separated indicators written in simp[lo:hi] (a list before 分别)."""
    cuts = [e for _, e in clause.items if lo <= e < hi]
    if not cuts:
        spans = clean(lo, hi)
        return [spans] if spans else []
    return [clean(s, e) for s, e in zip([lo, *[c + 1 for c in cuts]], [*cuts, hi], strict=True)]


def split_names(simp: str, lo: int, hi: int, joins: re.Pattern[str] = ANY_JOIN) -> list[Span]:
    """The stretches of simp[lo:hi] between joins (、/和/及/与 by default)."""
    bounds, pos = [], lo
    for m in joins.finditer(simp, lo, hi):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, hi))
    return bounds


def noun_after(simp: str, span: Span, inner_figure: int | None) -> tuple[Span | None, str]:
    """The noun a number counts when it stands before it: 3组|车巡, 2宗|现发命案, 12人的|攻坚队.

    ``inner_figure`` is where the next figure starts when it lies inside the span.
    """
    s, e = span
    text = simp[s:e]
    if not text:
        return None, ""
    sized = _SIZE_BEFORE_NOUN.match(text)
    if text.startswith("的"):
        start = s + text.rfind("的") + 1
        mode = "modifier"
    elif sized:  # 一个|12人的|犯罪团伙: the size is a figure of its own, the noun follows 的
        start, mode = s + sized.end(), "head"
    elif re.match(r"[\u4e00-\u9fff“「\"]", text):
        k = text.rfind("的")
        # 1名潜逃26年的命案逃犯: a relative clause with its own figure ends at 的, the noun follows it
        start = s + k + 1 if k >= 0 and inner_figure is not None and inner_figure < s + k else s
        mode = "head"
    else:
        return None, ""
    cut = _NOUN_CUT.search(simp, start, e)
    end = min(cut.start() if cut else e, start + 16)
    return ((start, end), mode) if end > start else (None, "")


def lead_verb(simp: str, spans: list[Span]) -> list[Span]:
    """Only the verb of a long phrase before a counted noun: 在仲恺高新区查处 -> 查处,
    打掉以林某为首的 -> 打掉."""
    if sum(e - s for s, e in spans) <= 6:
        return spans
    s, e = spans[-1]
    last = _COUNTING_VERB.search(simp, s, e)
    if last:
        return [last.span()]
    s, e = spans[0]
    return [(s, min(e, s + 2))]
