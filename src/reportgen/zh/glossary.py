"""English names for Chinese indicator terms, from a curated glossary users can extend.

The glossary (``data/glossary.tsv``; format documented at its top) gives every common public-security,
justice and government term ONE English rendering, so the same indicator reads the same in every report.
A name the glossary does not hold whole is split into the longest entries it contains and composed the
way Chinese builds such names (head last, verbs before their objects): 经济犯罪案件涉案金额 ->
"amount involved in economic crime cases", 抓获犯罪嫌疑人数 -> "suspects arrested". Place names inside
a name go through :func:`reportgen.places.place_en`, numerals become digits (8.6万 -> 86000, 三年 -> 3 years).

Traditional input (Hong Kong, Taiwan) hits the same entries: it is converted to Simplified character by
character, and also with OpenCC's Taiwan phrase table (網路 -> 网络, 軟體 -> 软件); the reading that leaves
fewer characters unexplained wins. Hong Kong and Taiwan usages that are words of their own (整體罪案,
爆竊, 全般刑案, 詐欺) are entries of their own.

Fallback, decided: characters nothing explains are never shown as bare capitalised pinyin, which reads
like an English name and means nothing to the reader. They are written as a clearly marked literal:
lower-case pinyin followed by "(untranslated)": "hailuoyin (untranslated)" for a name nothing explains,
and inside a composed name only the unexplained part is so marked: "amount involved in jiashui
(untranslated)". The Chinese is not repeated in the English: the Report carries it in ``indicator.zh``
beside it, and English prose built from these names (summaries, briefings) stays free of Chinese
characters. The pinyin is pypinyin's, read from a shipped table (reportgen.pinyin) so that pypinyin
itself is loaded only for the rare text the table cannot decide.

Users add or override entries in ``$REPORTGEN_HOME/glossary.tsv`` or in the files named by
``REPORTGEN_GLOSSARY``; call :func:`reload` after changing them in a running process.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from reportgen import registry
from reportgen.zh.script import opencc_converter, to_simplified

_HAN = re.compile(r"[\u3400-\u9fff]")
_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,30})[”\"」』’']")
_PAREN = re.compile(r"[（(]([^（）()]{1,30})[）)]")


@dataclass(frozen=True)
class Entry:
    zh: str
    en: str  # the term on its own (and as the head of a longer name)
    mod: str  # the term before another noun
    kind: str  # n v a l p x; q (quoted name) and u (unknown) are made up while composing
    pattern_verbal: str | None = None  # how a noun takes a verb phrase before it / how a verb takes its object
    pattern_nominal: str | None = None  # how a noun takes a noun phrase before it
    prompt: bool = True  # offered to model prompts as a term (False: vocabulary for composing names)


@dataclass(frozen=True)
class _Glossary:
    entries: dict[str, Entry]
    order: tuple[str, ...]
    max_len: int
    prefixes: frozenset[str] = frozenset()  # every leading part of every key: segmentation stops early


_SECTION = re.compile(r"#@\s*(prompt|composition)\b")


def _parse(text: str, entries: dict[str, Entry], order: list[str]) -> None:
    """Read glossary lines into ``entries``; ``#@ composition`` starts entries that only help compose
    names (not offered to prompts), ``#@ prompt`` returns to prompt terms."""
    rows: list[tuple[list[str], bool]] = []
    prompt = True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            section = _SECTION.match(stripped)
            if section:
                prompt = section.group(1) == "prompt"
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) >= 2 and cols[0] and cols[1]:
            rows.append((cols, prompt))
    for (cols, prompt), zh in zip(rows, _simplified_keys([cols[0] for cols, _ in rows])):
        head, _, mod = cols[1].partition("|")
        kind = (cols[2] if len(cols) > 2 and cols[2] else "n").lower()[:1]
        pattern = cols[3] if len(cols) > 3 and "{}" in cols[3] else None
        verbal, nominal = (pattern.split("|", 1) if pattern and "|" in pattern else (pattern, pattern))
        if zh not in entries:
            order.append(zh)
        entries[zh] = Entry(zh, head.strip(), (mod or head).strip(), kind, verbal, nominal, prompt)


def _simplified_keys(keys: list[str]) -> list[str]:
    """to_simplified() of every key, with one OpenCC call for the whole file (keys whose phrase conversion
    changes length take the per-key path, as to_simplified would)."""
    converted = opencc_converter("t2s").convert("\n".join(keys)).split("\n")
    if len(converted) != len(keys):
        return [to_simplified(k) for k in keys]
    return [c if len(c) == len(k) else to_simplified(k) for k, c in zip(keys, converted)]


@registry.table
def _glossary() -> _Glossary:
    from reportgen.config import user_data_files

    entries: dict[str, Entry] = {}
    order: list[str] = []
    _parse((resources.files("reportgen") / "data" / "glossary.tsv").read_text(encoding="utf-8"), entries, order)
    for path in user_data_files("glossary.tsv"):
        try:
            _parse(path.read_text(encoding="utf-8"), entries, order)
        except OSError:
            continue  # a user file that is not there (yet) is not an error
    prefixes = frozenset(key[:n] for key in entries for n in range(1, len(key) + 1))
    return _Glossary(entries, tuple(order), max(len(k) for k in entries), prefixes)


def glossary_entries(limit: int | None = None) -> list[tuple[str, str]]:
    """(zh, en) pairs in the file's order, headline indicators first: what a model prompt should use.

    Entries that only help composition (measures, scope words, single verbs) are left out."""
    g = _glossary()
    out = [(zh, g.entries[zh].en) for zh in g.order
           if g.entries[zh].prompt and g.entries[zh].kind in ("n", "a", "v") and len(zh) >= 2
           and zh not in _GENERIC_MEASURES]
    return out[:limit] if limit is not None else out


# measures that only compose (天数 "days with ..."): no use to a model as terms of their own
_GENERIC_MEASURES = frozenset("数量 总数 人数 人次 车次 辆次 次数 起数 宗数 件数 天数 年数 时间 用时 比率 比例 占比 比重 增幅 降幅 "
                              "增长率 总量 规模 总额 总值 金额 资金 时长".split())


def terms() -> dict[str, str]:
    """The prompt terms of :func:`glossary_entries` as a zh -> en mapping (file order kept)."""
    return dict(glossary_entries())


def lookup(zh: str) -> str | None:
    """The glossary's own English for exactly this term, or None (no composition)."""
    entry = _glossary().entries.get(to_simplified(zh.strip()))
    return entry.en if entry else None


@registry.memo(maxsize=16384)
def indicator_en(zh: str) -> str:
    """English name of an indicator: the glossary's term, else a literal composition of its parts
    (unexplained characters marked as "pinyin (untranslated)")."""
    raw = zh.strip()
    text = to_simplified(raw)
    if not text:
        return ""
    if not _HAN.search(text):
        return raw
    entries = _glossary().entries
    readings = [text]
    variant = _taiwan_phrases(raw) if raw != text else text
    if variant != text and _HAN.search(variant):
        readings.append(variant)
    for reading in readings:
        entry = entries.get(reading)
        if entry is not None:
            return entry.en
    reading = min(readings, key=_unexplained) if len(readings) > 1 else text
    out = _compose_text(reading)
    return _tidy(out) or _marked_literal(reading)


def _taiwan_phrases(raw: str) -> str:
    """Traditional text with Taiwan's words as the mainland writes them (網路 -> 网络, 軟體 -> 软件)."""
    try:
        converted: str = opencc_converter("tw2sp").convert(raw)
        return converted
    except Exception:  # an OpenCC build without tw2sp: the character-level reading still works
        return to_simplified(raw)


# ------------------------------------------------------------------------------------------
# composition
# ------------------------------------------------------------------------------------------


_AGE = re.compile(r"(\d{1,3})(?:岁)?(?:至|到|-|—|~)(\d{1,3})(?:周)?岁|(\d{1,3})(?:周)?岁(?:及|或)?(以下|以上|以内)")


def _age(m: re.Match[str]) -> Entry:
    """35岁以下 -> "aged 35 and under", 18至25岁 -> "aged 18 to 25": read after the head it qualifies."""
    if m.group(1):
        en = f"aged {m.group(1)} to {m.group(2)}"
    else:
        en = f"aged {m.group(3)} and {'over' if m.group(4) == '以上' else 'under'}"
    return Entry(m.group(0), en, en, "t")


_MONTHS = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])(?:月份?)?(?:至|到|-|—|~)(1[0-2]|0?[1-9])月份?|(?<![\d.])(1[0-2]|0?[1-9])月份?(?!\d|日)")
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


_PERSON = re.compile(r"([\u4e00-\u9fff])(?:(女士|先生)|某某?([\u4e00-\u9fff](?=$|[、，,)）]))?)")


def _compose_text(text: str) -> str:
    """Parenthesised notes, quoted names, people, ages and numbers first, then the rest by longest-match
    segmentation."""
    notes = [m.group(1) for m in _PAREN.finditer(text)]
    text = _PAREN.sub("", text)
    pieces: list[Entry] = []
    pos = 0
    for start, end, make in _specials(text):
        if start < pos:
            continue
        pieces.extend(_segment(text[pos:start]))
        pieces.append(make())
        pos = end
    pieces.extend(_segment(text[pos:]))
    body = _render(pieces)[0]
    for note in notes:
        body += f" ({_tidy(_compose_text(note))})"
    return body


def _specials(text: str) -> list[tuple[int, int, Callable[[], Entry]]]:
    """Parts of a name read as a whole before segmentation: (start, end, how to make its piece)."""
    found: list[tuple[int, int, Callable[[], Entry]]] = []
    for m in _QUOTED.finditer(text):
        found.append((m.start(), m.end(), lambda m=m: _quoted(m.group(1))))
    for m in _PERSON.finditer(text):
        found.append((m.start(), m.end(), lambda m=m: _person(m)))
    for m in _AGE.finditer(text):
        found.append((m.start(), m.end(), lambda m=m: _age(m)))
    for m in _MONTHS.finditer(text):
        found.append((m.start(), m.end(), lambda m=m: _months(m)))
    if _DIGIT.search(text):
        found.extend(_numbers(text))
    return sorted(found, key=lambda f: (f[0], -f[1]))


_DIGIT = re.compile(r"\d")


def _numbers(text: str) -> list[tuple[int, int, Callable[[], Entry]]]:
    """Arabic numbers with their magnitude (8.6万 -> 86000, 18億4,650萬 -> 1846500000, 2024年 -> 2024);
    digits inside codes (PM2.5, S244, 5G) are left to the literal reading."""
    from reportgen.zh.numerals import find_numbers

    out: list[tuple[int, int, Callable[[], Entry]]] = []
    for n in find_numbers(text):
        first = _DIGIT.search(n.text)
        if first is None:
            continue
        start, end = n.start + first.start(), n.end
        if re.match(r"[A-Za-z.]", text[start - 1:start] or " ") or re.match(r"[A-Za-z]", text[end:end + 1] or " "):
            continue
        if n.percent:
            digits = f"{n.value:.10g}%"
        else:
            digits = f"{n.value:.10g}" if n.value < 1e15 else f"{n.value:g}"
            if _YEAR_NUMBER.fullmatch(digits) and text[end:end + 1] == "年":
                # 2024年: the year, not "2024 years"; like a month, the figure's period says it, so it is
                # dropped inside a longer name
                end += 1
                out.append((start, end, lambda zh=text[start:end], en=digits: Entry(zh, en, en, "x")))
                continue
        out.append((start, end, lambda zh=text[start:end], en=digits: Entry(zh, en, en, "u")))
    return out


def _quoted(inner_zh: str) -> Entry:
    """A quoted term: a known term reads as itself (“双抢” -> robbery and snatch theft); a name keeps
    its quotes and a capital ('Hurricane 2020')."""
    inner = _tidy(_compose_text(inner_zh))
    entry = _glossary().entries.get(to_simplified(inner_zh))
    if entry is not None and entry.en.startswith("'"):
        return Entry(inner_zh, entry.en, entry.mod, "n")  # “雪亮工程”: the glossary's name has its quotes
    if inner[:1].islower() and not any(p.kind == "u" for p in _segment(inner_zh)):
        return Entry(inner_zh, inner, entry.mod if entry else inner, "n")
    inner = inner[:1].upper() + inner[1:]
    return Entry(inner_zh, f"'{inner}'", f"'{inner}'", "q")


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
    "Ou Qiu Piao Zha Ge Yue Miao Zhai Bai Mou Hua Bu Wen Kang Shi Hong Pang Ou Yang".split()))


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


def _spans(text: str) -> list[tuple[int, int, str | None]]:
    """Longest-match segmentation (fewest uncovered characters, then fewest pieces): (start, end, entry key
    or None for an uncovered character)."""
    g = _glossary()
    n = len(text)
    if n == 0:
        return []
    prefixes, entries, max_len = g.prefixes, g.entries, g.max_len
    # a cost (uncovered Han characters, pieces) as one number, uncovered * scale + pieces: a segmentation
    # has at most n pieces, so the order is the tuples' order
    scale = n + 2
    inf = 1 << 62
    best = [inf] * (n + 1)
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    best[0] = 0
    for i in range(n):
        here = best[i]
        if here == inf:
            continue
        step = here + 1
        for end in range(i + 1, min(i + max_len, n) + 1):
            sub = text[i:end]
            if sub not in prefixes:
                break  # no key starts this way: no longer one can match either
            if sub in entries and step < best[end]:
                best[end], back[end] = step, (i, sub)
        ch = text[i]
        cand = step + scale if "\u3400" <= ch <= "\u9fff" else step  # what _HAN matches
        if cand < best[i + 1]:
            best[i + 1], back[i + 1] = cand, (i, None)
    spans: list[tuple[int, int, str | None]] = []
    j = n
    while j > 0:
        i, key = back[j]
        spans.append((i, j, key))
        j = i
    spans.reverse()
    return spans


def _unexplained(text: str) -> int:
    """How many Han characters of a name no entry covers (used to choose between two readings)."""
    text = _PAREN.sub("", text)
    return sum(1 for i, _, key in _spans(text) if key is None and _HAN.match(text[i]))


def _segment(text: str) -> list[Entry]:
    """The pieces of a name: glossary entries, and for what they leave uncovered, place names, numbers
    and marked literals."""
    g = _glossary()
    n = len(text)
    spans = _absorb_loose_characters(text, _spans(text))
    pieces: list[Entry] = []
    run_start = None
    for i, j, key in spans + [(n, n, "")]:
        if key is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            pieces.extend(_unknown(text, run_start, i))
            run_start = None
        if key:
            pieces.append(g.entries[key])
    return pieces


_NEVER_ABSORBED = frozenset("、的及和与或占")


def _absorb_loose_characters(text: str, spans: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """A one-character entry right beside unexplained characters may be part of the same unknown word
    (前科 is not 前 + 科): it joins the unknown run, which is then explained as a whole (place name,
    numeral), else marked whole rather than half-translated."""
    def unknown_han(k: int) -> bool:
        return 0 <= k < len(spans) and spans[k][2] is None and bool(_HAN.match(text[spans[k][0]]))

    out = list(spans)
    for k, (i, j, key) in enumerate(spans):
        if key is not None and j - i == 1 and key not in _NEVER_ABSORBED and (unknown_han(k - 1) or unknown_han(k + 1)):
            out[k] = (i, j, None)
    return out


def _unknown(text: str, start: int, end: int) -> list[Entry]:
    """Characters no entry covers (text[start:end]): places by their English names (found with the
    whole name as context: 惠州 in 惠州交警), then numerals and the rest."""
    from reportgen.zh.places import match_places, place_en

    run = text[start:end]
    out: list[Entry] = []
    pos = 0
    found = [(m.start - start, m.end - start, m.surface) for m in match_places(text) if start <= m.start and m.end <= end] \
        or [(m.start, m.end, m.surface) for m in match_places(run)]
    for m_start, m_end, surface in found:
        if m_start < pos:
            continue
        if m_start > pos:
            out.extend(_place_or_literal(run[pos:m_start]))
        en = place_en(surface)
        out.append(Entry(surface, en, en, "l"))
        pos = m_end
    if pos < len(run):
        out.extend(_place_or_literal(run[pos:]))
    return out


def _place_or_literal(chunk: str) -> list[Entry]:
    """A chunk that is a division's name once a function word beside it is set aside (在凭祥 -> in
    Pingxiang); anything else is read as a literal."""
    from reportgen.zh.places import _COMMON_WORD_STEMS, division_of, place_en

    entries = _glossary().entries
    for lead in (0, 1):
        for trail in (0, 1):
            core = chunk[lead:len(chunk) - trail]
            if len(core) < 2 or (lead and chunk[0] not in entries) or (trail and chunk[-1] not in entries):
                continue
            if core not in _COMMON_WORD_STEMS and division_of(core) is not None:
                en = place_en(core)
                out = [entries[chunk[0]]] if lead else []
                out.append(Entry(core, en, en, "l"))
                return out + ([entries[chunk[-1]]] if trail else [])
    return _literal(chunk)


_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")


def _literal(run: str) -> list[Entry]:
    """Numbers as digits (8.6万 -> 86000, 三 -> 3, 二〇二四年 -> 2024), Latin as it is; what lies between is
    read by the glossary when it covers all of it (三年 -> 3 years), else marked as a literal."""
    from reportgen.zh.numerals import find_numbers
    from reportgen.zh.periods import normalise_digits

    norm = normalise_digits(run)
    out: list[Entry] = []
    pos = 0
    for n in find_numbers(norm):
        if n.percent or n.start < pos or _DIGIT.search(run[n.start:n.end]):
            continue  # Arabic numbers were read before segmentation; digits left here belong to codes (PM2.5)
        out.extend(_words(run[pos:n.start]))
        digits = f"{n.value:.10g}" if n.value < 1e15 else f"{n.value:g}"
        end = n.end
        kind = "u"
        if _YEAR_NUMBER.fullmatch(digits) and norm[end:end + 1] == "年":
            end, kind = end + 1, "x"  # 二〇二四年: the year (the period's, dropped inside a longer name)
        out.append(Entry(run[n.start:end], digits, digits, kind))
        pos = end
    out.extend(_words(run[pos:]))
    return out


def _words(chunk: str) -> list[Entry]:
    """A chunk between numbers and places: glossary entries if they cover every Han character, else the
    chunk marked as a literal."""
    if not chunk:
        return []
    spans = _spans(chunk)
    if any(key is None and _HAN.match(chunk[i]) for i, _, key in spans):
        return _plain_literal(chunk)
    g = _glossary()
    out: list[Entry] = []
    run_start = None
    for i, j, key in spans + [(len(chunk), len(chunk), "")]:
        if key is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            out.extend(_plain_literal(chunk[run_start:i]))
            run_start = None
        if key:
            out.append(g.entries[key])
    return out


def _plain_literal(run: str) -> list[Entry]:
    out: list[Entry] = []
    for m in re.finditer(r"[\u3400-\u9fff]+|[^\u3400-\u9fff\s]+", run):
        part = m.group(0)
        if _HAN.match(part):
            en = _marked_literal(part)
        else:
            en = re.sub(r"[^\w.+%\-/]", "", part)
        if en:
            out.append(Entry(part, en, en, "u"))
    return out


UNTRANSLATED = "(untranslated)"


def _marked_literal(zh: str) -> str:
    """The clearly marked fallback: lower-case pinyin, then "(untranslated)" ("hailuoyin (untranslated)")."""
    han = "".join(_HAN.findall(zh))
    if not han:
        return zh
    return f"{_pinyin(han).lower()} {UNTRANSLATED}"


def load_pinyin() -> None:
    """Read the pinyin table now: a batch does this once before its workers start. pypinyin itself
    (about 0.3 s) is left to the rare term the table cannot read (see reportgen.pinyin)."""
    from reportgen.zh import pinyin

    pinyin.load()


def _pinyin(text: str) -> str:
    """Capitalised pinyin of a person's name or a literal (pypinyin's reading, see reportgen.pinyin)."""
    from reportgen.zh.pinyin import toneless

    syllables = [s for s in toneless(text, errors="ignore") if s.strip()]
    word = "".join(syllables)
    return word[:1].upper() + word[1:]


def _same_word(a: str, b: str) -> bool:
    """case/cases, person/persons: the same word at a join."""
    a, b = a.lower(), b.lower()
    return a == b or a.rstrip("s") == b.rstrip("s") and abs(len(a) - len(b)) <= 1


def _fill(pattern: str, inner: str) -> str:
    """pattern.format(inner), without doubled words at the joins ("criminal cases" + "{} cases solved")."""
    before, _, after = pattern.partition("{}")
    inner = inner.strip()
    bw, iw = before.split(), inner.split()
    if bw and iw and _same_word(bw[-1], iw[0]):
        iw = iw[1:]
    aw = after.split()
    if aw and iw and _same_word(aw[0], iw[-1]):
        iw = iw[:-1]
    return " ".join([*bw, *iw, *aw])


def _head_first(pattern: str) -> bool:
    """True when the words filling ``{}`` are the head ("amount of {}", "{}"), not a modifier ("{} rate")."""
    after = pattern.partition("{}")[2].lstrip()
    return not after[:1].isalpha()


def _render(pieces: list[Entry], as_modifier: bool = False) -> tuple[str, str]:
    """English for a sequence of pieces, and its form: "noun" (cases solved as a noun phrase), "verb"
    (a bare participle: "criminally detained") or "clause" (a noun with its participle: "funds recovered")."""
    if not pieces:
        return "", "noun"
    trailing = [p.en for p in pieces if p.kind == "t"]
    content = [p for p in pieces if p.kind not in ("x", "t")]
    if not content:
        return (" ".join(trailing) or pieces[-1].en), "noun"
    if trailing:
        text, form = _render(content, as_modifier)
        return f"{text} {' '.join(trailing)}", form
    # an auxiliary verb right before another verb adds nothing (完成整改 -> rectified)
    pieces = [p for i, p in enumerate(content)
              if not (p.kind == "v" and i + 1 < len(content) and content[i + 1].kind == "v")]
    while pieces and pieces[-1].kind in ("c", "d"):
        pieces = pieces[:-1]
    while pieces and pieces[0].kind in ("c", "d"):
        pieces = pieces[1:]
    if not pieces:
        return "", "noun"
    if len(pieces) == 1:
        p = pieces[0]
        return (p.mod if as_modifier else p.en), ("verb" if p.kind == "v" else "noun")
    # X占Y: "X as a share of Y" (占全县: "... of the county total")
    kinds = [p.kind for p in pieces]
    share = kinds.index("s") if "s" in kinds else None
    if share is not None:
        part = _render(pieces[:share])[0] if share else ""
        whole = _render(pieces[share + 1:])[0] or "the total"
        return (f"{part} {pieces[share].en} {whole}" if part else f"share of {whole}"), "noun"
    # X的Y: Y, described by X
    de = len(kinds) - 1 - kinds[::-1].index("d") if "d" in kinds else None  # the last 的
    if de is not None:
        head, _ = _render(pieces[de + 1:], as_modifier)
        return f"{head} ({_render(pieces[:de])[0]})", "noun"
    # a scope or agent at the front reads at the end: "... in rural areas", "... by patrol and SWAT units"
    first = pieces[0]
    if first.kind in ("l", "a") and any(p.kind not in ("l", "a") for p in pieces[1:]):
        lead = 1
        while lead < len(pieces):
            if pieces[lead].kind == first.kind:
                lead += 1
            elif pieces[lead].kind == "c" and lead + 1 < len(pieces) and pieces[lead + 1].kind == first.kind:
                lead += 2  # 福建、广东、江西: a list of places
            else:
                break
        rest, form = _render(pieces[lead:], as_modifier)
        if any(p.kind == "c" for p in pieces[:lead]):
            where = _join([p.en for p in pieces[:lead] if p.kind == first.kind])
        else:
            where = _render(pieces[:lead])[0]
        if first.kind == "a" and rest.endswith(" by"):
            return f"{rest} {where}", form
        if first.kind == "a" and _BY.search(rest):
            return f"{rest} ({where})", form
        if first.kind == "l" and _SAYS_WHERE.match(where):
            return f"{rest} {where}", form  # "... overseas", "... outside the province"
        return f"{rest} {'by' if first.kind == 'a' else 'in'} {where}", form
    for i, p in enumerate(pieces):
        if p.kind == "i":  # 运用X + the rest: "<the rest> using X"
            rest_pieces = pieces[:i] + pieces[i + 2:]
            if i + 1 >= len(pieces) or not rest_pieces:
                return _render(pieces[:i] + pieces[i + 1:], as_modifier)
            rest, form = _render(rest_pieces, as_modifier)
            return f"{rest} {p.en} {_render(pieces[i + 1:i + 2])[0]}", form
    last = pieces[-1]
    bare_verb = len(pieces) >= 2 and all(p.kind == "v" for p in pieces[:-1])
    if last.pattern_nominal and last.kind in ("n", "a", "l") and not (
            bare_verb and last.pattern_verbal == last.pattern_nominal and not last.pattern_nominal.startswith("{}")):
        _, inner_form = _render(pieces[:-1], True)
        pattern = (last.pattern_verbal if inner_form == "verb" else last.pattern_nominal) or "{}"
        inner, _ = _render(pieces[:-1], not _head_first(pattern))
        return _fill(pattern, inner), "noun"
    for i, p in enumerate(pieces):
        if p.kind == "p":
            inner, form = _render(pieces[i + 1:], as_modifier)
            core = _fill(p.pattern_nominal or p.en + " {}", inner)
            return (f"{_render(pieces[:i], True)[0]} {core}" if i else core), form
        if p.kind == "r":  # 获X单位 -> units awarded X
            after = pieces[i + 1:]
            if len(after) >= 2:
                core = f"{_render(after[-1:])[0]} {p.en} {_render(after[:-1])[0]}"
            elif after:
                core = f"{_render(after)[0]} {p.en}"
            else:
                core = p.en
            return (f"{_render(pieces[:i], True)[0]} {core}" if i else core), "clause"
        if p.kind == "v":
            obj, before = pieces[i + 1:], pieces[:i]
            if obj:
                core = _fill(p.pattern_verbal or "{} " + p.en, _render(obj)[0])
                if before:
                    core = f"{_render(before, True)[0]} {core}"
                return core, "clause"
            if before:  # the verb comes last: what precedes is its object (被骗资金追回 -> funds recovered)
                return _fill(p.pattern_verbal or "{} " + p.en, _render(before)[0]), "clause"
            return p.en, "verb"
    head = last.mod if as_modifier else last.en
    return f"{_render(pieces[:-1], True)[0]} {head}", "noun"


_BY = re.compile(r"\bby\b")
_SAYS_WHERE = re.compile(r"(?:in|at|on|from|outside|overseas|abroad|across|around|within|nationwide|citywide|"
                         r"countywide|province-wide|online|offline)\b")


def _join(items: list[str]) -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([),.;:])")


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text
