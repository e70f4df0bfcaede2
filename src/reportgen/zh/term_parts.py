"""Parts of an indicator name read as wholes before it is segmented: 《titles》, people, ages, months and
quarters (numbers and quoted names are ``reportgen.zh.term_composition``'s own). Each reader makes one
glossary piece (``Entry``); periods inside a name are dropped (kind "x"), since the figure's period says them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from reportgen.zh.glossary_table import Entry, glossary_table
from reportgen.zh.script import to_simplified

__all__ = ["whole_parts"]


def whole_parts(text: str) -> list[tuple[int, int, Callable[[], Entry]]]:
    """Titles, quarters, people, ages and months in ``text`` (Simplified): (start, end, how to make the piece)."""
    found: list[tuple[int, int, Callable[[], Entry]]] = []
    for m in _TITLE.finditer(text):
        found.append((m.start(), m.end(), partial(_title, m.group(1))))
    for m in _QUARTER.finditer(text):
        found.append((m.start(), m.end(), partial(_quarter, m)))
    for m in _PERSON.finditer(text):
        found.append((m.start(), m.end(), partial(_person, m)))
    for m in _AGE.finditer(text):
        found.append((m.start(), m.end(), partial(_age, m)))
    for m in _MONTHS.finditer(text):
        found.append((m.start(), m.end(), partial(_months, m)))
    return found


_AGE = re.compile(r"(\d{1,3})(?:岁)?(?:至|到|-|—|~)(\d{1,3})(?:周)?岁|(\d{1,3})(?:周)?岁(?:及|或)?(以下|以上|以内)|"
                  r"(未满|不满|不到|不足|年满|已满)(\d{1,3})(?:周)?岁")


def _age(m: re.Match[str]) -> Entry:
    """35岁以下 -> "aged 35 and under", 18至25岁 -> "aged 18 to 25", 未满18岁 -> "aged under 18", 年满60岁
    -> "aged 60 and over": read after the head it qualifies."""
    if m.group(1):
        en = f"aged {m.group(1)} to {m.group(2)}"
    elif m.group(3):
        en = f"aged {m.group(3)} and {'over' if m.group(4) == '以上' else 'under'}"
    elif m.group(5).endswith("满") and m.group(5) not in ("未满", "不满"):
        en = f"aged {m.group(6)} and over"
    else:
        en = f"aged under {m.group(6)}"
    return Entry(m.group(0), en, en, "t")


_MONTHS = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])(?:月份?)?(?:至|到|-|—|~)(1[0-2]|0?[1-9])月份?|(?<![\d.])(1[0-2]|"
                     r"0?[1-9])月份?(?!\d|日)")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _months(m: re.Match[str]) -> Entry:
    """1至9月 in a name: the figure's period says it, so it is dropped inside a name (read alone it is
    "January to September")."""
    if m.group(1):
        en = f"{_MONTH_NAMES[int(m.group(1)) - 1]} to {_MONTH_NAMES[int(m.group(2)) - 1]}"
    else:
        en = _MONTH_NAMES[int(m.group(3)) - 1]
    return Entry(m.group(0), en, en, "x")


# a quarter or the first months inside a name (第1季, 首季, 本季度, 上一季, 首8个月, 前三个月): like a month, the
# figure's period says it, so it is dropped inside a longer name (read alone it is the period)
_QUARTER = re.compile(r"(?:第([1-4一二三四])|(首)|(本|当)|(上一?))季(?:度)?(?!节)|"
                      r"(?:首|前)(\d{1,2}|[一二三四五六七八九十]{1,3})个月")
_QUARTER_NAMES = {"1": "first", "一": "first", "2": "second", "二": "second", "3": "third", "三": "third",
                  "4": "fourth", "四": "fourth"}


def _quarter(m: re.Match[str]) -> Entry:
    """第1季 -> "first quarter", 首季 -> "first quarter", 本季 -> "this quarter", 上一季 -> "previous quarter",
    首8个月 -> "first 8 months" (dropped inside a longer name, as a month is)."""
    if m.group(1):
        en = f"{_QUARTER_NAMES[m.group(1)]} quarter"
    elif m.group(2):
        en = "first quarter"
    elif m.group(3):
        en = "this quarter"
    elif m.group(4):
        en = "previous quarter"
    else:
        from reportgen.zh.numerals import find_numbers

        count = m.group(5)
        if not count.isdigit():
            found = find_numbers(count)
            count = f"{found[0].value:g}" if found else count
        en = f"first {count} months"
    return Entry(m.group(0), en, en, "x")


# a 《title》 (a law, an ordinance, a plan): its English name when the glossary holds it whole, else a plain
# mark of what kind of title it is, never a word-by-word reading
_TITLE = re.compile(r"《([^《》]{1,40})》")
_TITLE_KINDS = (("办法", "regulations"), ("规定", "regulations"), ("细则", "regulations"), ("规则", "regulations"),
                ("规程", "regulations"), ("条款", "regulations"), ("法典", "law"), ("条例", "law"), ("法", "law"),
                ("公约", "convention"), ("条约", "treaty"), ("协定", "agreement"),
                ("决定", "decision"))  # longer suffixes first: 办法 is regulations, not a law


def _title(inner_zh: str) -> Entry:
    """《商品說明條例》 -> "Trade Descriptions Ordinance" (the glossary's name); a title it does not hold ->
    "the cited law" / "the cited regulations" / "the cited document"."""
    key = to_simplified(inner_zh.strip())
    entry = glossary_table().entries.get(key)
    if entry is not None:
        en = entry.en if entry.en.lower().startswith("the ") or not entry.en[:1].isupper() else f"the {entry.en}"
        return Entry(inner_zh, en, entry.mod, "q")
    kind = next((en for suffix, en in _TITLE_KINDS if key.endswith(suffix)), "document")
    return Entry(inner_zh, f"the cited {kind}", f"cited-{kind}", "q")


_PERSON = re.compile(r"([\u4e00-\u9fff])(?:(女士|先生)|某某?([\u4e00-\u9fff](?=$|[、，,)）]))?)")


# common surnames with their surname readings (曾 Zeng, 单 Shan, 区 Ou), so that naming a person seldom
# needs pypinyin, and polyphonic surnames read right
_SURNAMES = dict(zip(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤赖单解区仇朴"
    "查盖乐缪翟柏牟华卜温康施洪庞欧阳",
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Xu "
    "Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Yu Du Ye Cheng Su Wei Lü Ding Ren Shen Yao Lu "
    "Jiang Cui Zhong Tan Lu Wang Fan Jin Shi Liao Jia Xia Wei Fu Fu Fang Bai Zou Meng Xiong Qin Qiu Jiang Yin Xue Yan "
    "Yan Duan Lei Hou Long Shi Tao Li He Gu Mao Hao Gong Shao Wan Qian Yan Qin Wu Dai Mo Kong Xiang Tang Lai Shan Xie "
    "Ou Qiu Piao Zha Ge Yue Miao Zhai Bai Mou Hua Bu Wen Kang Shi Hong Pang Ou Yang".split(), strict=True))


def _surname(zh: str) -> str:
    return _SURNAMES.get(zh) or _pinyin(zh)


def _person(m: re.Match[str]) -> Entry:
    """赖女士 -> Ms Lai, 陈某 -> Chen, 侯某明 -> Hou Mouming (names as the text gives them)."""
    surname = _surname(m.group(1))
    if m.group(2):
        en = f"{'Ms' if m.group(2) == '女士' else 'Mr'} {surname}"
    elif m.group(3):
        en = f"{surname} {_pinyin('某' + m.group(3))}"
    else:
        en = surname
    return Entry(m.group(0), en, en, "u")


def _pinyin(text: str) -> str:
    """Capitalised pinyin of a person's name or a literal (pypinyin's reading, see reportgen.pinyin)."""
    from reportgen.zh.pinyin import toneless

    syllables = [s for s in toneless(text, errors="ignore") if s.strip()]
    word = "".join(syllables)
    return word[:1].upper() + word[1:]
