"""Figures written with words rather than a measured numeral: ranks (第三, 第一、二、三名), zeros (“零”发案,
the 两抢零发案 of a campaign, 为零) and no change (同比持平, 与去年相同).
"""

from __future__ import annotations

import re

from reportgen.engines.offline.mentions import Mention, clause_left

__all__ = ["TOP_RE", "rank_list", "read_rank", "read_top", "read_zero"]


RANK_RE = re.compile(r"第(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?P<tail>名|位)?")
_RANK_CONTEXT = re.compile(r"(?:排名|排位|排|名列|位居|位列|居|列|全国|全省|全市|全区|全州|全县|全盟|地市|同级|系统内|"
                           r"榜单|荣获|获得?)"
                           r"[^，,。；;]{0,4}$")
_RANK_BAD_NEXT = re.compile(r"轮|批|届|次|期|季度|阶段|条|款|个|项|部分|章|节|家|号|大|类|年|天|周|是|步|方面|梯队|"
                            r"责任|时间|现场|线"
                            r"|级|方阵|阵营|档|层|序列")  # 第三级毒品, 第一方阵: an ordinal inside a name
ZERO_RE = re.compile(r"(?P<q>[“「\"‘]?)零(?P<q2>[”」\"’]?)(?P<noun>[\u4e00-\u9fff]{1,6})")
# 零 words that are slogans of service or attitude, not counts (零距离, 零容忍, 零跑腿 …).
_ZERO_NOT_A_COUNT = re.compile(r"^(?:增长|距离|容忍|门槛|接触|成本|起点|时|点|食|售|件|部件|钱|星|散|碎|花|工|下|度|分|"
                               r"跑腿|见面|等待|延时|延误|费用|收费|距|障碍|基础|风险|库存|利率|首付|排放|碳|和|头|用)")
_ZERO_AS_VERB = set("清化归调置")
# 与上年持平, 同比持平, 与去年同期相同, (同比)零增长: a change of zero
FLAT_RE = re.compile(r"(?:(?:同比|环比|按年|按月)(?:基本|大致|大体)?|(?:与|和|较|同)(?:去|"
                     r"上)年(?:同期)?(?:相比)?(?:基本|大致|大体)?)(?P<word>持平|相同|相当)"
                     r"|(?:(?:同比|环比|按年|按月)(?:基本)?)?(?P<zero>零增长)")
# 第一、二、三名: the later items of a list of ranks
_RANK_MORE = re.compile(r"[、和及](\d{1,3}|[一二三四五六七八九十]{1,3})(?=[、和及名位]|$)")
# 位居全国百强县投资潜力第3: a ranking verb earlier in the clause governs the rank after the label
_RANK_VERB_FAR = re.compile(r"(?:排名|排位|名列|位居|位列|稳居|(?<![民安])居(?![民住委家]))[^，,。；;！？]{0,20}$")
# 投资潜力第3、新型城镇化质量第4: a later item of a list of labelled ranks
_RANK_LIST_ITEM = re.compile(r"第(?:\d{1,3}|[一二三四五六七八九十]{1,3})[名位]?、[^、，,。；;\d]{1,14}$")
# 荣登…榜首 (rank 1), 跻身全国10强 / 进入百强 (within the top N)
TOP_RE = re.compile(r"(?P<lead>荣登|登上|位居|位列|名列|稳居|问鼎|居于|居|跻身|进入|入围|入选|挺进|晋级|位于)"
                    r"[^，,。；;！？]{0,16}?(?:(?P<top>榜首|首位)|(?P<n>\d{1,3}|[一二三四五六七八九十百千]{1,3})强(?:行列|之列|榜单|名单)?"
                    r"(?=[，,。；;、！？\n]|$))")
_TOP_N_LEADS = ("跻身", "进入", "入围", "入选", "挺进", "晋级", "位列", "位居", "位于")
# 第二低, 第三高: a rank among all years or all units
_RANK_EXTREME = re.compile(r"(?:低|高|多|少)(?:的|[，,。；;]|$)")


def rank_list(simp: str, pos: int) -> list[Mention]:
    """The later ranks of a list (第一、二、三名) after the first."""
    from reportgen.zh.numerals import chinese_to_number

    out: list[Mention] = []
    while True:
        m = _RANK_MORE.match(simp, pos)
        if not m:
            return out
        raw = m.group(1)
        value = float(raw) if raw.isdigit() else chinese_to_number(raw)
        if value is None:
            return out
        end = m.end() + (1 if simp[m.end():m.end() + 1] in ("名", "位") else 0)
        out.append(Mention(m.start(1), end, m.start(1), m.end(1), value, "rank", "第", "exact", "rank"))
        pos = m.end()


def read_rank(simp: str, m: re.Match[str]) -> Mention | None:
    """A rank (排名全省第三) as a mention, or None for an ordinal that ranks nothing (第九轮)."""
    raw = m.group("n")
    extreme = bool(_RANK_EXTREME.match(simp, m.end("n")))
    if _RANK_BAD_NEXT.match(simp, m.end("n")) and not m.group("tail") and not extreme:
        return None
    left = clause_left(simp, m.start(), 24)
    if not (_RANK_CONTEXT.search(left) or _RANK_VERB_FAR.search(left) or _RANK_LIST_ITEM.search(left)) \
            and not extreme:
        return None
    if raw.isdigit():
        value = float(raw)
    else:
        from reportgen.zh.numerals import chinese_to_number

        value = chinese_to_number(raw)  # type: ignore[assignment]
        if value is None:
            return None
    return Mention(m.start(), m.end(), m.start("n"), m.end("n"), value, "rank", "第", "exact", "rank")


def read_top(simp: str, m: re.Match[str]) -> Mention | None:
    """荣登…榜首 as rank 1, 跻身…10强 as rank 10 (a place within the top ten)."""
    if m.group("top"):
        return Mention(m.start("top"), m.end("top"), m.start("top"), m.end("top"), 1.0, "rank", "榜首", "exact", "rank")
    if m.group("lead") not in _TOP_N_LEADS:
        return None
    raw = m.group("n")
    if raw.isdigit():
        value: float | None = float(raw)
    else:
        from reportgen.zh.numerals import chinese_to_number

        value = chinese_to_number(raw)
    if not value:
        return None
    end = m.end()
    return Mention(m.start("n"), end, m.start("n"), m.end("n"), value, "rank", "强", "exact", "rank")


MANY_ZEROS = re.compile(r"(?<=实现)[“「\"]?(?P<n>[双两三四五])零[”」\"]?(?![\u4e00-\u9fff])")
IS_ZERO = re.compile(r"(?<=[\u4e00-\u9fff])[为是]零(?=[，,。；;\n]|$)")


def read_zero(simp: str, m: re.Match[str]) -> Mention | None:
    """A zero (“零”发案, 为零) as a mention, or None when 零 counts nothing (零距离)."""
    s = m.start()
    prev = simp[s - 1:s] or "\n"
    if prev in "零〇一二两三四五六七八九十百千万亿点" or prev.isdigit():
        return None
    if prev in _ZERO_AS_VERB:
        return None  # 清零行动, 化零为整, 归零: 零 is part of a verb, not a count of nothing
    noun = m.group("noun")
    closed = True
    if m.group("q") and not m.group("q2"):
        # “零过错”: the noun runs to the closing mark
        close = re.match(r"[^”」\"’]{1,8}[”」\"’]", simp[m.start("noun"):m.start("noun") + 9])
        if close:
            noun = close.group(0)[:-1]
        elif simp.startswith("、零", m.end("noun")):
            closed = False  # “零违纪、零违法、零事故”: a quoted list of zeros keeps its first item
        else:
            return None
    elif not m.group("q") and m.group("q2"):
        return None
    if _ZERO_NOT_A_COUNT.match(noun) or noun[0] in "零〇一二两三四五六七八九十百千万亿":
        return None
    noun = re.split(r"[的了和与及]|目标|要求|记录|纪录", noun)[0] or noun
    n_start = m.start("noun")
    n_end = n_start + len(noun)
    end = n_end + (1 if m.group("q") and not m.group("q2") and closed else 0)
    unit = "people" if re.search(r"伤亡|死亡|受伤|脱失|脱管|失控|上访|越级访|人", noun) else "cases"
    return Mention(s, end, m.start() + len(m.group("q")), m.start() + len(m.group("q")) + 1, 0.0, unit, "零", "exact",
                   "zero", zero_noun=(n_start, n_end))
