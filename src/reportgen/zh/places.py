"""Chinese place names: finding them in text, and their English names.

English names follow one convention everywhere (reports, metrics, briefings):

- the name stem in pinyin, syllables joined, first letter capitalised, ``ü`` kept (吕梁 -> Lüliang), an
  apostrophe before a syllable that starts with a, o or e (西安 -> Xi'an, 六安 -> Lu'an);
- ``市`` is dropped for every city, prefecture-level or county-level (梅州市 -> Meizhou, 兴宁市 -> Xingning):
  English readers know cities by their bare names, and a report never needs "City" to disambiguate;
- every other generic becomes an English word: 省 Province, 自治区 Autonomous Region, 特别行政区 SAR,
  地区 Prefecture, 自治州 Autonomous Prefecture, 盟 League, 县 County, 自治县 Autonomous County, 区 District,
  新区 New Area, 林区 Forestry District, 旗 Banner, 镇 Town, 乡 Township, 村 Village, 街道 Subdistrict,
  社区 Community; ethnic names in autonomous units are translated (本溪满族自治县 -> Benxi Manchu Autonomous County);
- a one-character stem keeps its generic syllable, as Chinese usage does (沛县 -> Peixian County,
  梅县区 -> Meixian District, where 梅县 is the stem);
- several levels in one string read smallest first: 广东省梅州市 -> Meizhou, Guangdong Province;
- conventional names and polyphonic readings come from ``data/place_names.tsv`` (六安 Lu'an, 香港 Hong Kong,
  陕西 Shaanxi), which users extend with ``$REPORTGEN_HOME/places.tsv`` or ``REPORTGEN_PLACES``.

Detection uses the national list of administrative divisions (``data/divisions.tsv``) for provinces,
prefectures and counties, including their short forms (梅州, 蕉岭) when the context supports them, and a
guarded pattern for towns and villages (龙岗镇, 马图村). Words like 全市, 该县, 城区, 辖区 are never places.
Traditional input is accepted everywhere (looked up through a same-length Simplified view). The
divisions themselves (codes, stems, levels, the user's place files) are ``reportgen.zh.gazetteer``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import compress, pairwise
from operator import add

from reportgen import registry
from reportgen.zh.gazetteer import (
    ETHNIC_EN,
    SUFFIX_EN,
    Division,
    division_of,
    gazetteer,
    is_within,
    level_of,
    parent_names,
    read_tsv_lines,
    split_generic,
)
from reportgen.zh.script import opencc_converter, to_simplified

# Division, division_of and is_within live in zh.gazetteer; named here too because engines/offline/scope.py
# reaches them as places.Division / places.division_of / places.is_within
__all__ = ["Division", "PlaceMatch", "division_of", "find_places", "is_within", "match_places", "pair_positions",
           "place_en", "places_in", "romanise_stem"]

# readings pypinyin gets wrong for these characters in place names (长治 is Changzhi, not Zhangzhi)
_PLACE_READING = {"长": "chang", "朝": "chao", "重": "chong", "厦": "xia", "蚌": "beng"}

_HAN = re.compile(r"[\u3400-\u9fff]")
# an alias followed by one of these is part of another name (中山路, 龙岗镇, 梅江大桥), not the division
_NOT_AFTER_ALIAS = re.compile(r"^(?:镇|乡|村|街道|社区|路|街|大道|大街|巷|公园|小区|花园|大桥|桥|广场|山|湖|江|河|"
                              r"水库|站|港|机场|"
                              r"大学|学院|中学|小学|医院|宾馆|酒店|商场|村委|片区|号|牌)")
# an alias followed by one of these is used as a place (梅州公安, 兴宁涉电诈警情 is covered by context)
_INSTITUTION_AFTER = re.compile(r"^(?:公安|警方|交警|市委|县委|区委|州委|省委|市政府|县政府|区政府|政府|党委|法院|"
                                r"检察院|人民|"
                                r"籍|境内|辖区|全市|全县|全区|市民|群众|警察|民警|特警|巡警|刑警|消防|边检)")
# characters that end a town/village stem on its left, and characters a town/village stem never contains
_STEM_BOUNDARY = set("在于到赴从至自的与和及对向往是为由经把将被等、，,。；;：:（）()“”\"'《》 \u3000\n\t")
_STEM_STOP = set("全该本我各每此其个这那些几了所有辖驻进入返回下农城乡镇村县省及和与等之内外中")
# short forms that are ordinary words (公安 is also 公安县, 平安 also 平安区): found only by their full name
_COMMON_WORD_STEMS = set(
    "东山 东方 东风 人民 光明 公安 共和 兴业 前进 北山 南山 友好 合作 向阳 和平 和谐 团结 城东 城中 城关 城北 城南 "
    "城厢 城西 太平 安全 富民 市中 平安 建设 开发 文明 新兴 新区 新华 新城 桥东 桥西 永安 江北 江南 河东 河西 海港 "
    "清河 珠江 白云 红旗 经开 胜利 西山 解放 长城 长江 阿里 青山 高新 黄河".split()
)
_NOT_PLACES = set(
    "主要街道 乡村 乡镇 全乡 全区 全县 全市 全村 全省 全镇 农村 区县 县区 县城 县市 各区 各县 各市 各村 各镇 园区 "
    "地市 城乡 城区 城市 城镇 小区 山区 市区 市县 库区 我区 我县 我市 新区 景区 本市 村镇 校区 灾区 片区 省市 矿区 "
    "社区 老区 街区 该区 该县 该市 该村 该镇 辖区 郊区".split()
)


@dataclass(frozen=True)
class PlaceMatch:
    """A place named in a text. ``name`` is the full canonical name in the script of the input
    (蕉岭 in a Simplified text -> 蕉岭县; 梅縣區 stays 梅縣區); ``surface`` is what the text says."""

    start: int
    end: int
    surface: str
    name: str
    level: str
    division: Division | None = None
    alias: bool = False


# ------------------------------------------------------------------------------------------
# English names
# ------------------------------------------------------------------------------------------


@registry.memo(maxsize=8192)
def _pinyin_stem(stem: str) -> str:
    """Pinyin of a name stem: conventional overrides first, then the romanisation shipped for every
    division (data/place_pinyin.tsv), so pypinyin is loaded only for places outside the list."""
    gaz = gazetteer()
    if stem in gaz.english:
        return gaz.english[stem]
    shipped = _shipped_pinyin().get(stem)
    return shipped if shipped is not None else romanise_stem(stem)


@registry.table
def _shipped_pinyin() -> dict[str, str]:
    """data/place_pinyin.tsv: romanise_stem() of every division's stem, precomputed (scripts/make_place_pinyin.py)."""
    text = (resources.files("reportgen") / "data" / "place_pinyin.tsv").read_text(encoding="utf-8")
    return {row[0]: row[1] for row in read_tsv_lines(text) if len(row) >= 2}


def romanise_stem(stem: str) -> str:
    """Hanyu Pinyin of a name stem by the module's convention (ü kept, apostrophes, place readings)."""
    from reportgen.zh.pinyin import toneless

    syllables = toneless(stem, errors=lambda chars: [chars])
    out: list[str] = []
    for ch, syl in zip(stem, syllables, strict=True) if len(syllables) == len(stem) else ((None, s) for s in syllables):
        syl = _PLACE_READING.get(ch, syl) if ch else syl
        if out and syl[:1] in ("a", "o", "e") and out[-1][-1:].isalpha():
            out.append("'" + syl)
        else:
            out.append(syl)
    word = "".join(out)
    return word[:1].upper() + word[1:]


@registry.memo(maxsize=8192)
def place_en(zh: str) -> str:
    """English name of a Chinese place name (Simplified or Traditional), by the module's convention.

    ``梅州市`` -> Meizhou, ``梅縣區`` -> Meixian District, ``吕梁`` -> Lüliang, ``广东省梅州市`` ->
    Meizhou, Guangdong Province. Text with no Chinese characters is returned unchanged.
    """
    raw = zh.strip()
    name = to_simplified(raw)
    if not name or not _HAN.search(name):
        return raw
    gaz = gazetteer()
    if name in gaz.english:
        return gaz.english[name]
    parts = [m for m in match_places(name)]
    if len(parts) > 1 and parts[0].start == 0 and parts[-1].end == len(name) and all(
        a.end == b.start for a, b in pairwise(parts)
    ):
        return ", ".join(place_en(name[p.start:p.end]) for p in reversed(parts))
    return _single_en(name)


def _single_en(name: str) -> str:
    stem, ethnic, suffix = split_generic(name)
    generic = SUFFIX_EN.get(suffix, "")
    if len(stem) == 1 and suffix in ("县", "区", "市", "旗", "镇", "乡", "村"):
        stem, generic = name, ("" if suffix == "市" else generic)  # 沛县 -> Peixian County
    words = [_pinyin_stem(stem)]
    if ethnic:
        names = [ETHNIC_EN[e] for e in ethnic]
        words.append(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    if generic:
        words.append(generic)
    return " ".join(w for w in words if w)


# ------------------------------------------------------------------------------------------
# detection
# ------------------------------------------------------------------------------------------


def _to_input_script(canonical: str, surface: str, simplified_surface: str) -> str:
    """The canonical (Simplified) name written the way the input writes: Traditional stays Traditional."""
    if surface == simplified_surface:
        return canonical
    converted: str = opencc_converter("s2t").convert(canonical)
    return converted


def _choose(divs: list[Division], mentioned: set[str], institution: bool) -> Division | None:
    """Among the units an alias may name, the one the context supports best (None: no support)."""
    best, best_key = None, None
    for d in divs:
        if d.code in mentioned:
            support = 4
        elif d.ancestors[:1] and d.ancestors[0] in mentioned and d.level == "county":
            support = 3
        elif d.level in ("province",):
            support = 3
        elif d.level == "prefecture" and d.ancestors and d.ancestors[-1] in mentioned:
            support = 2
        elif institution and (d.level != "county" or len(divs) == 1):
            support = 1
        else:
            continue
        key = (support, {"province": 2, "prefecture": 1}.get(d.level, 0), d.code == "")
        if best_key is None or key > best_key:
            best, best_key = d, key
    return best


def match_places(text: str) -> list[PlaceMatch]:
    """Every administrative place named in ``text``, in order, without overlaps.

    For an article, ask its Document (``doc.place_matches``): it is worked out once per article there."""
    return list(places_in(text, to_simplified(text)))


def places_in(text: str, simplified: str) -> tuple[PlaceMatch, ...]:
    """``match_places`` given the text's Simplified view (``Document.place_matches`` has it already)."""
    return tuple(_match_places(text, simplified))


def pair_positions(text: str, pairs: Container[str]) -> list[int]:
    """Every i where ``text[i:i + 2]`` is in ``pairs``: the positions where a name from a two-character
    index can begin. Built by C-level iterators (pairs of characters, membership, compress): the same
    test written as a Python loop over every character of an article took a few milliseconds."""
    return list(compress(range(len(text) - 1), map(pairs.__contains__, _character_pairs(text))))


def _character_pairs(text: str) -> Iterable[str]:
    """``text[i:i + 2]`` for every i."""
    return map(add, text, text[1:])


def _match_places(text: str, simp: str) -> list[PlaceMatch]:
    gaz = gazetteer()
    n = len(simp)
    full_hits: list[tuple[int, int, list[Division]]] = []
    alias_hits: list[tuple[int, int, list[Division]]] = []
    for i in pair_positions(simp, gaz.lengths):
        lengths = gaz.lengths[simp[i:i + 2]]
        if not lengths:
            continue
        for length in lengths:
            if length < 2 or i + length > n:
                continue
            sub = simp[i:i + length]
            if sub in gaz.full:
                if _plausible_full(simp, i, i + length, gaz.full[sub]):
                    full_hits.append((i, i + length, gaz.full[sub]))
                    break
            if (sub in gaz.alias and sub not in _COMMON_WORD_STEMS
                    and not _NOT_AFTER_ALIAS.match(simp[i + length:i + length + 4])):
                alias_hits.append((i, i + length, gaz.alias[sub]))
                break

    found: list[PlaceMatch] = []
    mentioned: set[str] = set()
    for s, e, divs in full_hits:
        found.append(_match(text, simp, s, e, _choose_full(divs, simp, s), alias=False))
    # context: which codes the text mentions by full name; unique full names first
    for m in found:
        if m.division and m.division.code:
            mentioned.add(m.division.code)
            mentioned.update(m.division.ancestors)
    # aliases in rounds: provinces, then prefectures, then counties, each widening the context
    for level in ("province", "prefecture", "county"):
        for s, e, divs in alias_hits:
            candidates = [d for d in divs if d.level == level or (level == "county" and d.level == "other")]
            if not candidates:
                continue
            institution = bool(_INSTITUTION_AFTER.match(simp[e:e + 4]))
            div = _choose(candidates, mentioned, institution)
            if div is None:
                continue
            found.append(_match(text, simp, s, e, div, alias=True))
            if div.code:
                mentioned.add(div.code)
                mentioned.update(div.ancestors)
    found = _without_overlaps(found)
    found = _without_overlaps(found + _towns(text, simp, found))
    return found


def _choose_full(divs: list[Division], simp: str, start: int) -> Division:
    """A full name several units share (鼓楼区, 城区): the one whose parent is named just before, else the
    highest level, else the first."""
    if len(divs) == 1:
        return divs[0]
    before = simp[max(0, start - 8):start]
    for d in divs:
        if d.code and any(before.endswith(p) for p in parent_names(d)):
            return d
    return sorted(divs, key=lambda d: ({"province": 0, "prefecture": 1}.get(d.level, 2), d.code == "", d.code))[0]


def _plausible_full(simp: str, start: int, end: int, divs: list[Division]) -> bool:
    """Full names with a one-character stem (城区, 矿区, 忠县) are easily ordinary words: they count
    only right after their parent's name, or, for counties, after a boundary and not before 城."""
    div = divs[0]
    if len(div.stem) >= 2:
        return True
    before = simp[max(0, start - 6):start]
    if any(d.code and any(before.endswith(p) for p in parent_names(d)) for d in divs):
        return True
    if div.suffix not in ("县", "旗"):
        return False
    prev = simp[start - 1] if start > 0 else "\n"
    return (prev in _STEM_BOUNDARY or not _HAN.match(prev)) and simp[end:end + 1] != "城"


def _match(text: str, simp: str, s: int, e: int, div: Division, *, alias: bool) -> PlaceMatch:
    surface = text[s:e]
    return PlaceMatch(s, e, surface, _to_input_script(div.name, surface, simp[s:e]), div.level, div, alias)


# a title a village or town is awarded (信用村 "credit village", 示范镇, 百强县), not its name
_DESIGNATION = re.compile(r"(?:信用|示范|文明|美丽|卫生|生态|平安|先进|明星|小康|特色|重点|样板|试点|"
                          r"达标|无毒|旅游|幸福|和谐|星级|红旗|富裕|模范|标杆|数字|智慧|法治|绿色|森林|百强|千强|十强|强|名|专业|淘宝)$")


def _towns(text: str, simp: str, known: list[PlaceMatch]) -> list[PlaceMatch]:
    """Towns and villages (龙岗镇, 马图村, 程江镇): a 2-4 character stem that starts right after a known
    place, punctuation or a function word, never a generic word (全镇, 农村, 城乡)."""
    ends = {m.end for m in known}
    starts_taken = [(m.start, m.end) for m in known]
    out: list[PlaceMatch] = []
    for m in re.finditer(r"街道|镇|乡|村", simp):
        p = m.start()
        if any(s <= p < e for s, e in starts_taken):
            continue
        stem_start = None
        for length in range(2, 5):
            s = p - length
            if s < 0:
                break
            prev = simp[s - 1] if s > 0 else "\n"
            if s in ends or prev in _STEM_BOUNDARY or not _HAN.match(prev):
                stem_start = s
                break
        if stem_start is None:
            continue
        stem = simp[stem_start:p]
        word = stem + m.group(0)
        if (not all(_HAN.match(c) for c in stem) or any(c in _STEM_STOP for c in stem) or word in _NOT_PLACES
                or _DESIGNATION.search(stem)
                or stem in _NOT_PLACES or word[-2:] in _NOT_PLACES
                or simp[m.end():m.end() + 1] in ("镇", "村", "街", "民", "长", "级")):
            continue
        suffix = m.group(0)
        surface = text[stem_start:m.end()]
        out.append(PlaceMatch(stem_start, m.end(), surface, surface, level_of("", suffix), None, False))
        ends.add(m.end())
    return out


def _without_overlaps(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    kept: list[PlaceMatch] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start), m.alias)):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def find_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each place named in ``text``; ``name`` is the full canonical name in the
    text's script (an alias such as 蕉岭 gives 蕉岭县), offsets point into ``text``."""
    return [(m.start, m.end, m.name) for m in match_places(text)]
