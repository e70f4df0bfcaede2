"""Chinese and Arabic numerals with magnitudes and qualifiers -> plain numbers.

Shared by the offline engine (to find figures) and grounding (to check a proposed value
against its quote). ``cn2an`` is used only on isolated Chinese numerals, never on whole text.

Written forms handled: ``12725``, ``12,725``, ``12.13万``, ``1.2亿``, ``2万亿``, ``三千六百``,
``两``, ``近亿``, ``100余万`` (= 100万, more than), ``1万多`` (= 1万, more than), ``百分之三十``,
``三成`` (= 30%), ``一半`` (= 50%), ``三分之二`` (= 66.67%, a share rounded to 0.01), ``2萬1,836`` (= 21836),
``18億4,650萬`` / ``1亿2千万`` (亿 then 万),
full-width digits and ``％``. Works on Simplified or Traditional text (万/萬, 亿/億, 两/兩).
Compact forms of Taiwan, Hong Kong and Macao pages:
``4 382``, ``12 480 000`` (thousands groups separated by a space, U+00A0, U+2009 or U+202F);
``2成7`` (= 27%: tenths with an Arabic second digit);
``3千萬``, ``5百万``, ``3千億``, ``3千多万`` (a digit before a compound magnitude);
``3千5百``, ``1萬2千`` (= 12000), ``1億3千5百萬``, ``3萬5百`` (= 30500) (Arabic digits with Chinese units).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reportgen import registry
from reportgen.zh.vocabulary import PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS

CN_DIGITS = "零〇一二两兩三四五六七八九十百千万萬亿億"
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000,
              "万亿": 10**12, "萬億": 10**12, "兆": 10**12}

_PREFIX = "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))
_SUFFIX = "|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True))

#: A section below 万 in Arabic digits and Chinese units: 2千, 3千5百, 5百, 1千2百5十. A digit after it
#: (3千5: spoken shorthand for 3500, or a new number) makes it no section at all.
_UNIT_SECTION = r"[1-9１-９](?:千(?:[1-9１-９]百)?(?:[1-9１-９]十)?|百(?:[1-9１-９]十)?)(?!\d)"
#: the same, of two parts or more, where a numeral starts (3千5百人; 3千 alone is 3 with the magnitude 千)
_UNIT_HEAD = r"(?<![\d.,．])[1-9１-９](?:千[1-9１-９]百(?:[1-9１-９]十)?|千[1-9１-９]十|百[1-9１-９]十)(?!\d)"
#: Hong Kong thousands groups: 4 382, 12 480 000 (a space, U+00A0, U+2009 or U+202F between groups of three);
#: never a number run on from another (2025年 3 月; 12 45; 4 382 12) or a code (Q1 234)
_SPACE = "[ \u00a0\u2009\u202f]"
_SPACED = rf"(?<![\dA-Za-z.,])(?<!\d{_SPACE})\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d|{_SPACE}\d)(?:[.．]\d+)?"

#: One numeral: Arabic (with thousands commas or spaces, decimals, full-width digits, Chinese units) or
#: Chinese, with an optional 余/多 between the digits and the magnitude (100余万) or after it (1万多), or 百分之N.
NUMERAL_PATTERN = (
    r"(?:百分之(?P<pct_of>\d+(?:\.\d+)?|[零〇一二两兩三四五六七八九十廿卅百点點]+)"
    # 一半; 半数 / 過半數; 近半, 逾半, 超过半 (half as a share) but not 半年, 半个月
    r"|(?P<half>一半|半(?=数|數)|(?<=[近逾超过過约約])半(?![年月天日夜小时時个個年度程场場]))"
    # 三分之二, 4分之1: a fraction, read as a share in % (三分之二 -> 66.67)
    r"|(?P<frac_den>[二两兩三四五六七八九十]{1,3}|\d{1,3})分之(?P<frac_num>[一二两兩三四五六七八九十]{1,3}|\d{1,3})"
    # 三成, 8成, 8.5成, 四成半 (45), 六成六 (66): tenths, a share in % (not 成功, 成员 ...; 成为 only after
    # a qualifier or a change verb: 逾八成為內地旅客, 下降1成為目標)
    # 2成7 (27): an Arabic second digit after an Arabic first one, standing alone
    r"|(?P<tenths>(?:[一二两兩三四五六七八九]|(?<![\d.．])[1-9](?:[.．]\d)?)成"
    r"(?:半|[一二三四五六七八九](?![十百千万萬亿億成\d])"
    r"|(?<=[1-9]成)(?<![\d.．][1-9]成)[1-9](?![\d.．%％十百千万萬亿億成]|[,，]\d))?)"
    r"(?![功立员員绩績果本交效长長熟都]|不[变變])"
    r"(?:(?<!成)|(?![为為])|(?<=[逾超过過近约約占佔降升加少][一二两兩三四五六七八九\d]成))"
    rf"|(?:(?P<arabic>{_UNIT_HEAD}|(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?![\d])(?:[.．]\d+)?"
    rf"|(?<![\d，])[０-９]{{1,3}}(?:，[０-９]{{3}})+(?![\d])(?:[.．][０-９]+)?|{_SPACED}|\d+(?:[.．]\d+)?)"
    r"|(?P<chinese>[零〇○一二两兩三四五六七八九十廿卅百千万萬亿億]+))"
    r"(?P<approx1>余|餘|多)?"
    # 3千萬, 5百万, 3千億, 3千多万: a digit before a compound magnitude
    r"(?P<mag>万亿|萬億|[千百十](?:余|餘|多)?[万萬亿億]|万|萬|亿|億|千(?![米克瓦]))?"
    # 18億4,650萬 / 1亿2千万 / 1億3千5百萬 (Taiwan and Hong Kong style): the 万 part after 亿
    rf"(?:(?<=[亿億])(?P<wan>\d,\d{{3}}|{_UNIT_SECTION}|\d{{1,4}}|[一二两兩三四五六七八九十百千]+)"
    r"(?P<wan_mag>[万萬])(?!亿|億))?"
    # 2万641, 2萬1,836, 1萬2千, 3萬5百 (Hong Kong and Taiwan style) = 20641, 21836, 12000, 30500
    rf"(?:(?<=[万萬])(?P<rest>\d,\d{{3}}|{_UNIT_SECTION}|\d{{1,4}}(?![千百十]))(?![\d．]|[.,]\d))?"
    r"(?P<approx2>余|餘|多)?"
    r")"
)
NUMERAL_RE = re.compile(NUMERAL_PATTERN)

NUMBER_RE = re.compile(
    rf"(?P<prefix>{_PREFIX})?"
    + NUMERAL_PATTERN
    + rf"(?P<suffix>{_SUFFIX})?"
    r"(?P<percent>%|％|个百分点|個百分點)?"
)


@dataclass(frozen=True)
class NumberMatch:
    value: float
    start: int
    end: int
    qualifier: str  # exact | about | more_than | nearly | over | under | at_least
    percent: bool
    text: str


_DIGIT_VALUES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_D = "[一二两三四五六七八九]"
#: One section below 万 in positional form: 三千零五十, 一百二十, 十二, 五.
#: A digit after 百 or 千 needs a 零 (三百零一); 三百一 is spoken shorthand for 310, left to cn2an.
_SECTION_RE = re.compile(rf"(?:(?P<q>{_D})千)?(?:(?:(?<=千)|(?<=^))(?P<h>{_D})百)?"
                         rf"(?:(?:(?<=[千百])|(?<=^))(?P<t>{_D})?十|(?<=千)零(?P<t0>{_D})十)?"
                         rf"(?:(?:(?<=十)|(?<=^)|(?<=[千百])零)(?P<u>{_D}))?")
#: A small unit followed by itself or a larger one (十百, 百千, 千千) is never inside a numeral
#: (百十 is: 一百十 = 110).
_SMALL_UNITS_IN_A_ROW = re.compile(r"十[十百千]|百[百千]|千千")
_DIGIT_RUN_RE = re.compile(r"[零一二三四五六七八九]{2,}")  # 二零二三, 五一: read digit by digit


def _section(text: str) -> int | None:
    m = None if text.startswith("零") else _SECTION_RE.fullmatch(text)
    if m is None or not text:
        return None
    def value(group: str) -> int:
        digit = m.group(group)
        return _DIGIT_VALUES[digit] if digit else 0

    tens = (value("t") or value("t0") or 1) if "十" in text else 0
    return value("q") * 1000 + value("h") * 100 + tens * 10 + value("u")


def plain_numeral(normal: str) -> float | None:
    """Value of an everyday numeral (positional 三千零五十, 两千万, 二十万零三; digit runs 二零二三)
    without importing cn2an, whose import compiles large regexes and costs about 0.3 s of a CLI run;
    None for anything else, which then goes to cn2an. tests/test_numbers.py checks this against
    cn2an over every integer below 20,000, a spread of larger ones and thousands of random numeral strings."""
    if normal == "零":
        return 0.0
    if _DIGIT_RUN_RE.fullmatch(normal):
        return float("".join(str(_DIGIT_VALUES[c]) for c in normal))
    sections, rest = [], normal
    for unit, size in (("亿", 100_000_000), ("万", 10_000)):
        if unit in rest:
            head, rest = rest.split(unit, 1)
            sections.append((head, size))
    if rest:
        sections.append((rest, 1))
    total, previous = 0, 0
    for head, size in sections:
        if previous:  # after 亿 or 万: 一万零五 and 一万二千 are positional; 一万五 (15000) is spoken shorthand
            if head.startswith("零"):
                head = head[1:]
                if size * 10_000 == previous and "千" in head:
                    return None
            elif size * 10_000 != previous or "千" not in head:
                return None
        part = _section(head)
        if part is None:
            return None
        total, previous = total + part * size, size
    return float(total)


_COMPACT_RE = re.compile(r"[零一二三四五六七八九]{1,4}(?:亿[零一二三四五六七八九]{4})?(?:万[零一二三四五六七八九]{4})?"
                         r"|[零一二三四五六七八九]{1,4}亿(?:[零一二三四五六七八九]{4}万)?"
                         r"|[零一二三四五六七八九]{1,4}万")


def _digit_by_digit(normal: str) -> float | None:
    """Taiwanese compact numerals: digits written one by one, 万 and 亿 between groups of four
    (九万三三七九 = 93379, 六二九亿二四二四万 = 62924240000). A group after a magnitude has
    exactly four digits, so spoken shorthand (一万五 = 15000) is left to cn2an."""
    if not any(unit in normal for unit in "万亿") or not _COMPACT_RE.fullmatch(normal):
        return None
    total, head = 0, ""
    for ch in normal + "$":
        if ch in "万亿$":
            size = {"万": 10_000, "亿": 100_000_000, "$": 1}[ch]
            if head:
                total += int("".join(str(_DIGIT_VALUES[c]) for c in head)) * size
            head = ""
        else:
            head += ch
    return float(total)


@registry.memo(maxsize=4096)
def chinese_to_number(numeral: str) -> float | None:
    """An isolated Chinese numeral (三千六百, 两, 十二, 亿) -> number, or None if it is not one."""
    if not numeral:
        return None
    if numeral in _MAGNITUDE:
        return float(_MAGNITUDE[numeral])
    normal = (numeral.replace("兩", "两").replace("萬", "万").replace("億", "亿").replace("〇", "零")
              .replace("點", "点").replace("廿", "二十").replace("卅", "三十").replace("○", "零"))
    if normal[0] in "百千" and len(normal) > 1:
        normal = "一" + normal  # 百万元以上, 千万级: a bare unit counts one
    plain = plain_numeral(normal)
    if plain is None:
        plain = _digit_by_digit(normal)
    if plain is not None:
        return plain
    if _SMALL_UNITS_IN_A_ROW.search(normal):
        return None  # 一十百千 names a campaign; cn2an would refuse it, or read 四万百百六 as 40060
    try:
        import cn2an

        return float(cn2an.cn2an(normal, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    except Exception:  # cn2an raises bare ValueError subclasses and occasionally others
        return None


# the groups numeral_value reads, fetched with one call (a match is read for every number of an article)
VALUE_GROUPS = ("pct_of", "half", "frac_den", "frac_num", "tenths", "arabic", "chinese", "mag", "wan", "rest")


def numeral_value(m: re.Match[str]) -> float | None:
    """Value of a NUMERAL_PATTERN match (magnitude applied), or None when it is not a numeral."""
    return group_value(*m.group(*VALUE_GROUPS))


def group_value(pct_of: str | None, half: str | None, frac_den: str | None, frac_num: str | None, tenths: str | None,
                arabic: str | None, chinese: str | None, mag: str | None, wan: str | None,
                rest: str | None) -> float | None:
    """numeral_value from the groups VALUE_GROUPS names, for a reader that needs them anyway."""
    if pct_of:
        return float(pct_of) if pct_of[0].isdigit() else chinese_to_number(pct_of)
    if half:
        return 50.0
    if frac_den:
        den, num = (float(g) if g.isdigit() else chinese_to_number(g) for g in (frac_den, frac_num or ""))
        return None if not den or num is None or num > den else round(num / den * 100, 2)
    if tenths:
        value = _tenths_value(tenths)
        return None if value is None else value * 10
    if arabic:
        if not (mag or wan or rest) and arabic.isascii():
            return float(arabic.translate(_NO_SEPARATORS))  # what float(Decimal(...)) gives, without the Decimal
        if arabic[-1] in "千百十":
            exact = Decimal(_unit_section(arabic))
        else:
            try:  # Decimal keeps 2356.8亿 exact (float would give 235680000000.00003)
                exact = Decimal(unicodedata.normalize("NFKC", arabic).translate(_NO_SEPARATORS))
            except InvalidOperation:
                return None
        if mag:
            exact *= magnitude(mag)
        if wan:
            wan_value = _small_numeral(wan)
            if wan_value is None:
                return None
            exact += Decimal(wan_value) * 10_000
        if rest:
            exact += (_unit_section(rest) if rest[-1] in "千百十"
                      else Decimal(unicodedata.normalize("NFKC", rest).replace(",", "")))
        return float(exact)
    value = chinese_to_number(chinese)  # type: ignore[arg-type]
    if value is None:
        return None
    if mag:
        value *= magnitude(mag)
    return round(value, 10)


_NO_SEPARATORS = str.maketrans("", "", ", \u00a0\u2009\u202f")  # thousands separators (NFKC makes U+00A0 a space)
_NO_APPROX = str.maketrans("", "", "余餘多")


def magnitude(mag: str) -> int:
    """The factor a ``mag`` group names: 万 -> 10**4; a compound magnitude (千万, 千多万) -> 10**7."""
    plain = mag.translate(_NO_APPROX)
    return _MAGNITUDE.get(plain) or _MAGNITUDE[plain[0]] * _MAGNITUDE[plain[1:]]


def _unit_section(raw: str) -> int:
    """3千5百 -> 3500: Arabic digits, each before its unit (_UNIT_SECTION)."""
    return sum(int(raw[k]) * _MAGNITUDE[raw[k + 1]] for k in range(0, len(raw), 2))


def _tenths_value(raw: str) -> float | None:
    """三成, 8成, 8.5成, 四成半, 六成六, 2成7 -> how many tenths (3, 8, 8.5, 4.5, 6.6, 2.7)."""
    whole, _, part = raw.partition("成")
    value = float(unicodedata.normalize("NFKC", whole)) if whole[0].isdigit() else chinese_to_number(whole)
    if value is None or not part:
        return value
    if part.isdigit():  # 2成7
        return value + int(part) / 10
    return value + (0.5 if part == "半" else (chinese_to_number(part) or 0.0) / 10)


def _small_numeral(raw: str) -> int | None:
    """The part between 亿 and 万 of 18億4,650萬 / 1亿2千万 / 1億3千5百萬: below ten thousand."""
    raw = unicodedata.normalize("NFKC", raw).replace(",", "")
    if raw.isdigit():
        return int(raw)
    if raw[0].isdigit():
        return _unit_section(raw)  # 2千, 3千5百
    value = chinese_to_number(raw)
    return None if value is None or value >= 10_000 else int(value)


def numeral_qualifier(m: re.Match[str]) -> str | None:
    """more_than when the numeral itself carries 余/多 (100余万, 1万多, 3千多万)."""
    return "more_than" if _approximate(*m.group("approx1", "approx2", "mag")) else None


def _approximate(approx1: str | None, approx2: str | None, mag: str | None) -> bool:
    return bool(approx1 or approx2) or (mag is not None and mag[1:2] in ("余", "餘", "多"))  # 3千多万


_NUMBER_GROUPS = (*VALUE_GROUPS, "prefix", "suffix", "approx1", "approx2", "percent")
_RANGE_JOINERS = frozenset("至到~～-－—")


def _range_scale(text: str, low: re.Match[str], high: re.Match[str]) -> tuple[float, bool] | None:
    """A range's low end written bare takes the high end's kind (一至三成 = 10% to 30%, 2至3万 = 2万 to
    3万, 5-8% = 5% to 8%): (factor, is a percentage), or None when the two are not one range."""
    if low.group("mag") or low.group("percent") or low.group("tenths") or low.group("pct_of"):
        return None
    if not (low.end() < high.start() <= low.end() + 1 and text[low.end():high.start()] in _RANGE_JOINERS):
        return None
    if high.group("tenths"):
        return 10.0, True
    if high.group("percent") or high.group("pct_of"):
        return 1.0, True
    if high.group("mag"):
        return float(magnitude(high.group("mag"))), False
    return None


def _readings(text: str) -> list[tuple[re.Match[str], float, bool]]:
    """Every numeral match of ``text`` with its value and whether it is a percentage (ranges resolved)."""
    matches = [(m, group_value(*m.group(*VALUE_GROUPS))) for m in NUMBER_RE.finditer(text)]
    out: list[tuple[re.Match[str], float, bool]] = []
    for k, (m, value) in enumerate(matches):
        if value is None:
            continue
        pct_of, half, frac_den, tenths, percent = m.group("pct_of", "half", "frac_den", "tenths", "percent")
        is_percent = bool(percent or pct_of or tenths or half or frac_den)
        scale = _range_scale(text, m, matches[k + 1][0]) if k + 1 < len(matches) else None
        if scale is not None:
            value, is_percent = round(value * scale[0], 10), scale[1]
        out.append((m, value, is_percent))
    return out


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in ``text`` with its normalised value and qualifier."""
    out: list[NumberMatch] = []
    for m, value, is_percent in _readings(text):
        prefix, suffix = m.group("prefix", "suffix")
        qualifier = (PREFIX_QUALIFIERS.get(prefix or "") or numeral_qualifier(m)
                     or SUFFIX_QUALIFIERS.get(suffix or "") or "exact")
        out.append(NumberMatch(value, m.start(), m.end(), qualifier, is_percent, m.group(0)))
    return out


def numeral_values(text: str) -> list[float]:
    """``[n.value for n in find_numbers(text)]``, without building the NumberMatches (grounding and
    compose ask only whether a value is among a text's numbers)."""
    if len(text) > _REMEMBERED_LENGTH:  # a whole article: read it, do not keep it
        return [value for _, value, _ in _readings(text)]
    return list(_values(text))


_REMEMBERED_LENGTH = 300


@registry.memo(maxsize=8192)
def _values(text: str) -> tuple[float, ...]:
    """The values of a short text, remembered: the same quotes and names are read by the re-ask review,
    grounding, the prose checks and compose."""
    return tuple(value for _, value, _ in _readings(text))


_INFINITY = float("inf")


def same_value(a: float, b: float) -> bool:
    """Values equal up to float noise (12.13万 == 121300). An infinity (a digit string too long for a
    float) matches nothing: its tolerance would be infinite and take in every number."""
    difference = abs(a - b)
    return difference <= 1e-9 * max(1.0, abs(a), abs(b)) and difference != _INFINITY
