"""The one vocabulary of change words: which way a figure moved, against what, and how exactly it is stated.

Some phrases point another way than their words: 负增长 (a growth below zero) is a fall, 零增长 no change,
降幅收窄 (a smaller fall) a rise of the rate, a minus sign after 按年 a fall. ``composites`` finds them, so
a reader takes the phrase and never its parts.

The offline engine proposes a change from these words and grounding verifies it against the same
words, so the proposer and the verifier cannot quietly disagree about what 回升 or 按年 means. Words
are Simplified (every reader of them works on an article's Simplified view), except where a list says
it also holds the Traditional spellings a quote passed in as written may carry.

Patterns here are alternation strings (``RISE``, ``FALL`` ...), for callers to place inside their own
expressions; order within a list matters only where one word is a prefix of another.
"""

from __future__ import annotations

import re
from typing import Literal

Basis = Literal["year_on_year", "period_on_period", "unspecified"]
Direction = Literal["up", "down", "flat"]

#: verbs that say a figure rose (上升12%), or fell (下降7.03%), right before its value
RISE_VERBS = ("上升", "增加", "增长", "提升", "提高", "上涨", "攀升", "增多", "回升", "上扬", "延长", "扩大", "微升",
              "急升", "飙升", "大增", "激增", "猛增", "高出", "前移", "上移")
FALL_VERBS = ("下降", "减少", "降低", "下跌", "回落", "压降", "缩减", "下滑", "缩小", "减低", "缩短", "压缩", "微降",
              "急降", "骤降", "大降", "下挫", "收窄", "低出", "后移", "下移", "负增长")
#: nouns naming the size of a rise or a fall (增幅12%, 降幅超过三成)
RISE_RATE_NOUNS = ("增幅", "涨幅", "升幅", "增长率", "上升率", "增长幅度", "上升幅度", "提升幅度")
FALL_RATE_NOUNS = ("降幅", "跌幅", "下降率", "降低率", "下降幅度", "减幅", "减少幅度", "压降率")
#: words that say a figure stayed where it was (同比持平, 与上年相同): a change of zero
FLAT_WORDS = ("持平", "相同", "相当", "零增长")
#: words that tell which way a quote went without heading a value (多了, 翻番; 减 inside 递减):
#: evidence for the direction check, never a change the engine reads a value from
RISE_HINTS = ("多了", "翻番", "翻了")
FALL_HINTS = ("减", "少了")
#: Traditional spellings of the words above that a quote checked as written may carry
_TRADITIONAL = {"增长": "增長", "上涨": "上漲", "减少": "減少", "减": "減", "压降": "壓降", "环比": "環比",
                "与去年": "與去年", "较去年": "較去年", "相当": "相當", "负增长": "負增長", "零增长": "零增長"}

RISE = "|".join(RISE_VERBS)
FALL = "|".join(FALL_VERBS)
#: a trend that held for a streak (连续5个月呈现下降趋势, 连续3年同比上升): which way it went, all that time
STREAK_TREND = re.compile(rf"(?:呈现|呈|保持|持续|实现|均)?(?:同比)?(?:(?P<down>{FALL})|(?P<up>{RISE}))"
                          r"(?:的)?(?:趋势|态势)?")
RISE_RATE = "|".join(RISE_RATE_NOUNS)
FALL_RATE = "|".join(FALL_RATE_NOUNS)

#: the words that name a basis: 同比 (按年 in Hong Kong usage) year on year, 环比 (按月/按季) period on period
BASIS_WORDS: dict[str, Basis] = {"同比": "year_on_year", "按年": "year_on_year", "环比": "period_on_period",
                                 "環比": "period_on_period", "按月": "period_on_period", "按季": "period_on_period"}
#: a named basis, or a comparison with an earlier time that names none (较去年同期, 比上年, 较2023年):
#: the README's convention (issue #3) keeps those "unspecified"
BASIS_PHRASES = (
    r"同比|环比|按年|按月|按季|较去年同期|较上年同期|比去年同期|比上年同期|与去年同期相比|与上年同期相比|与去年相比|与上年相比|"
    r"较去年|较上年|比去年|比上年|较同期|比同期|较上月|较上季度|较前一年|较\d{4}年|比\d{4}年|较年初|比年初|"
    r"[较比](?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?"
)
#: the basis words alone, as an alternation (Simplified)
BASIS_WORD = "同比|环比|按年|按月|按季"
#: words in a quote that speak of last year (a year-on-year claim is not contradicted by them)
LAST_YEAR_WORDS = ("同比", "按年", "较去年", "比去年", "与去年", "同期")
YEAR_ON_YEAR_WORDS = tuple(w for w, b in BASIS_WORDS.items() if b == "year_on_year")
PERIOD_ON_PERIOD_WORDS = tuple(w for w, b in BASIS_WORDS.items() if b == "period_on_period" and w != "環比")

#: 是上年的2.1倍: a level stated as a multiple of an earlier one (the lead before the value), not a rise by it
MULTIPLE_LEAD = r"(?:是|为|達|达)(?:去年|上年|前年|上月|同期)(?:同期)?的"

#: words that make what follows them in a sentence a goal, plan or forecast, not a result (力争全年再降10%,
#: 计划安装2000部, 预计全年增长5%); 目标 only where it introduces one (目标是/为/：), not 完成目标任务的105%
TARGET = re.compile(r"力争|争取|力求|确保|预计|预期|计划(?!生育|单列)|拟(?:于|在|将|投入|新增|建设|安装)|"
                    r"目标(?:是|为|[:：])|"
                    r"要(?:实现|达到|确保|控制在)|力爭|爭取|確保|預計|預期|計劃|計畫|目標(?:是|為|[:：])")

#: qualifiers written before a number (近100, 超过3万) and after it (1200多, 50%以上)
PREFIX_QUALIFIERS = {
    "近": "nearly", "将近": "nearly", "將近": "nearly", "接近": "nearly", "约": "about", "約": "about",
    "大约": "about", "大約": "about", "逾": "over", "超": "over", "超过": "over", "超過": "over",
    "不到": "under", "不足": "under", "至少": "at_least", "突破": "over",
    "不少于": "at_least", "不少於": "at_least", "不低于": "at_least", "不低於": "at_least",
    "约有": "about", "約有": "about", "大约有": "about",
}
SUFFIX_QUALIFIERS = {"多": "more_than", "余": "more_than", "餘": "more_than", "以上": "at_least", "左右": "about",
                     "以内": "under", "以下": "under"}
QUALIFIER_WORDS = {**PREFIX_QUALIFIERS, **SUFFIX_QUALIFIERS}
#: the short markers a model is asked to copy (the llm schema's enum; its order is part of the prompt)
QUALIFIER_MARKERS = ("多", "余", "近", "约", "左右", "逾", "超", "以上", "不到", "不足")


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """Words as one regex alternation, longest first (so 超过 wins over 超)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def with_traditional(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` plus the Traditional spellings of those that have one."""
    return words + tuple(_TRADITIONAL[w] for w in words if w in _TRADITIONAL)


def basis_of(word: str | None) -> Basis:
    """The contract's basis for a basis word or phrase: 同比/按年 year on year, 环比/按月/按季 period on
    period, any other comparison (较去年同期, 比上年) unspecified."""
    if word and word.startswith(("同比", "按年")):
        return "year_on_year"
    if word and word.startswith(("环比", "環比", "按月", "按季")):
        return "period_on_period"
    return "unspecified"


# phrases whose words point another way than the phrase ------------------------------------------------

#: the change of a rate of change: the rate names growth (增速) or decline (降幅), the verb says whether the
#: rate grew or shrank. 降幅收窄1.3个百分点: the fall got smaller, the rate rose; 增速回落0.3个百分点: it fell
GROWTH_RATE_NOUNS = ("增速", "增幅", "涨幅", "升幅", "增长率", "增长速度", "增长幅度", "上升幅度", "上涨幅度")
DECLINE_RATE_NOUNS = ("降幅", "跌幅", "减幅", "下降幅度", "下跌幅度", "减少幅度")
RATE_GREW = ("扩大", "加大", "加快", "加深", "提高", "提升", "上升", "回升", "增加", "反弹")
RATE_SHRANK = ("收窄", "缩小", "减小", "回落", "下降", "降低", "减少", "放缓", "减缓", "趋缓", "减慢", "下滑", "收缩")
#: 降幅比1—9月收窄, 增速较上年同期回落, 增幅同比提高: the comparison may stand between noun and verb
_RATE_THAN = r"(?:(?:比|较)[^，,。；;：:\s]{1,10}?|同比|环比|按年|按月|与[^，,。；;：:\s]{1,10}?相比)?"
_RATE_ADVERBS = r"(?:有所|略有|明显|进一步|继续|持续|大幅|小幅|稍有|均)*"
#: 降幅收窄至3.2% (为3.2%): the value after 至 is the rate itself (a fall of 3.2%), not the size of the shift
RATE_SHIFT = re.compile(
    rf"(?:(?P<growth>{alternation(GROWTH_RATE_NOUNS)})|(?P<decline>{alternation(DECLINE_RATE_NOUNS)}))"
    rf"{_RATE_THAN}{_RATE_ADVERBS}(?:(?P<grew>{alternation(RATE_GREW)})|(?P<shrank>{alternation(RATE_SHRANK)}))"
    r"(?P<to>了?(?:至|到|为))?")
#: a sign right before a number ("-2.3%", "+5.1%") says which way it went: not a range (3-5), a date
#: (2024-01) or a year span (2023年-2024年)
SIGNS: dict[str, Direction] = {"-": "down", "－": "down", "−": "down", "+": "up", "＋": "up"}
SIGNED = re.compile(r"(?<![0-9０-９.A-Za-z%％‰~～])(?<![0-9０-９][年月日号])(?P<sign>[-－−+＋])"
                    r"(?=[0-9０-９][0-9０-９.,]*(?![0-9０-９.,年月日号时:：]))")
#: a sign opening a bracket, or after the earlier level inside it, signs a change: 减少1,347件（-5.81%）,
#: 電話詐騙：187宗（241宗，-22.4%）
SIGN_IN_BRACKETS = re.compile(r"[（(](?:[^（）()\n]{0,16}[，,、；;]\s*)?$")
#: what a signed rate may follow: a basis (按年-2.3%, 同比录得+5.1%) or a growth word (增长-2.1%, 增幅为-3%)
_GROWTH_WORD = rf"{RISE}|{RISE_RATE}|增速|增减|变动|变化"
SIGNED_LEAD = rf"(?:(?P<basis>{BASIS_PHRASES})(?:{_GROWTH_WORD})?|{_GROWTH_WORD})(?:录得|为|是|达|了)?"
_SIGNED_CHANGE = re.compile(rf"(?:{SIGNED_LEAD})?{SIGNED.pattern}")
_SIGN_CONTEXT = re.compile(rf"(?:{SIGNED_LEAD}|[／|｜\t]\s*|{SIGN_IN_BRACKETS.pattern[:-1]})$")


def signs_a_change(text: str, sign_at: int) -> bool:
    """The sign at ``sign_at`` is a change's, not glue (5G+2): it follows a basis or growth word (同比+5.1%),
    a table's cell separator (／+12.5%) or a bracket (（+5.81%）, （298宗，+19.5%）)."""
    return bool(_SIGN_CONTEXT.search(text, max(0, sign_at - 20), sign_at))
#: words that hold a word of the other way: 负增长 (a fall), 零增长 (no change)
_WHOLE_WORDS: dict[str, Direction] = {"负增长": "down", "零增长": "flat"}
_WHOLE_WORD = re.compile(alternation(with_traditional(tuple(_WHOLE_WORDS))))


def shift_direction(m: re.Match[str]) -> Direction:
    """Which way a RATE_SHIFT match moved its figure: the rate (降幅收窄: up), or, with 至, the rate's own
    direction (降幅收窄至3.2%: a fall of 3.2%)."""
    if m.group("to"):
        return "up" if m.group("growth") else "down"
    return "up" if bool(m.group("growth")) == bool(m.group("grew")) else "down"


def composites(text: str) -> tuple[str, list[tuple[int, int, Direction]]]:
    """The phrases of ``text`` (Simplified) that decide a direction as a whole — rate shifts, signed numbers
    with their lead, 负增长, 零增长 — and the text with each blanked out, so that their parts (收窄, 增长,
    按年) are not read again as words of their own."""
    found: list[tuple[int, int, Direction]] = []
    chars = list(text)

    def blank(start: int, end: int, direction: Direction) -> None:
        found.append((start, end, direction))
        chars[start:end] = "　" * (end - start)

    for m in RATE_SHIFT.finditer(text):
        blank(m.start(), m.end(), shift_direction(m))
    for m in _SIGNED_CHANGE.finditer("".join(chars)):
        blank(m.start(), m.end(), SIGNS[m.group("sign")])
    for m in _WHOLE_WORD.finditer("".join(chars)):
        blank(m.start(), m.end(), _WHOLE_WORDS[_simplified_word(m.group(0))])
    return "".join(chars), sorted(found)


def _simplified_word(word: str) -> str:
    """The Simplified spelling of one of this module's words as _TRADITIONAL spells it."""
    return next((s for s, t in _TRADITIONAL.items() if t == word), word)
