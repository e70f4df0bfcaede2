"""The one vocabulary of change words: which way a figure moved, against what, and how exactly it is stated.

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

#: verbs that say a figure rose (上升12%), or fell (下降7.03%), right before its value
RISE_VERBS = ("上升", "增加", "增长", "提升", "提高", "上涨", "攀升", "增多", "回升", "上扬", "延长", "扩大", "微升",
              "急升", "飙升", "大增", "激增", "猛增", "高出", "前移", "上移")
FALL_VERBS = ("下降", "减少", "降低", "下跌", "回落", "压降", "缩减", "下滑", "缩小", "减低", "缩短", "压缩", "微降",
              "急降", "骤降", "大降", "下挫", "收窄", "低出", "后移", "下移")
#: nouns naming the size of a rise or a fall (增幅12%, 降幅超过三成)
RISE_RATE_NOUNS = ("增幅", "涨幅", "升幅", "增长率", "上升率", "增长幅度", "上升幅度", "提升幅度")
FALL_RATE_NOUNS = ("降幅", "跌幅", "下降率", "降低率", "下降幅度", "减幅", "减少幅度", "压降率")
#: words that say a figure stayed where it was (同比持平, 与上年相同): a change of zero
FLAT_WORDS = ("持平", "相同", "相当")
#: words that tell which way a quote went without heading a value (多了, 翻番; 减 inside 递减):
#: evidence for the direction check, never a change the engine reads a value from
RISE_HINTS = ("多了", "翻番", "翻了")
FALL_HINTS = ("减", "少了")
#: Traditional spellings of the words above that a quote checked as written may carry
_TRADITIONAL = {"增长": "增長", "上涨": "上漲", "减少": "減少", "减": "減", "压降": "壓降", "环比": "環比",
                "与去年": "與去年", "较去年": "較去年", "相当": "相當"}

RISE = "|".join(RISE_VERBS)
FALL = "|".join(FALL_VERBS)
RISE_RATE = "|".join(RISE_RATE_NOUNS)
FALL_RATE = "|".join(FALL_RATE_NOUNS)

#: the words that name a basis: 同比 (按年 in Hong Kong usage) year on year, 环比 (按月/按季) period on period
BASIS_WORDS: dict[str, Basis] = {"同比": "year_on_year", "按年": "year_on_year", "环比": "period_on_period",
                                 "環比": "period_on_period", "按月": "period_on_period", "按季": "period_on_period"}
#: a named basis, or a comparison with an earlier time that names none (较去年同期, 比上年, 较2023年):
#: the README's convention (issue #3) keeps those "unspecified"
BASIS_PHRASES = (
    r"同比|环比|按年|按月|按季|较去年同期|较上年同期|比去年同期|比上年同期|与去年同期相比|与上年同期相比|与去年相比|与上年相比|"
    r"较去年|较上年|比去年|比上年|较同期|比同期|较上月|较上季度|较前一年|较\d{4}年|比\d{4}年|较年初|比年初"
)
#: the basis words alone, as an alternation (Simplified)
BASIS_WORD = "同比|环比|按年|按月|按季"
#: words in a quote that speak of last year (a year-on-year claim is not contradicted by them)
LAST_YEAR_WORDS = ("同比", "按年", "较去年", "比去年", "与去年", "同期")
YEAR_ON_YEAR_WORDS = tuple(w for w, b in BASIS_WORDS.items() if b == "year_on_year")
PERIOD_ON_PERIOD_WORDS = tuple(w for w, b in BASIS_WORDS.items() if b == "period_on_period" and w != "環比")

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
