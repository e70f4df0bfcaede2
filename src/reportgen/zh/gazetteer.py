"""The gazetteer: China's administrative divisions (``data/divisions.tsv``) plus the user's place files.

Holds what a place *is* (its code, full name, stem, generic suffix, level, the units above it); how a
place is found in text and named in English is ``reportgen.zh.places``. Imports only registry, config
and the script module.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportgen import registry
from reportgen.zh.script import to_simplified

__all__ = ["ETHNIC_EN", "SUFFIX_EN", "Division", "Gazetteer", "division_of", "gazetteer", "is_within", "level_of",
           "parent_names", "read_tsv_lines", "split_generic"]

# generic suffixes, longest first; English word ("" for 市)
SUFFIX_EN: dict[str, str] = {
    "特别行政区": "SAR", "自治区": "Autonomous Region", "自治州": "Autonomous Prefecture",
    "自治县": "Autonomous County", "自治旗": "Autonomous Banner", "地区": "Prefecture", "林区": "Forestry District",
    "新区": "New Area", "街道": "Subdistrict", "社区": "Community", "省": "Province", "市": "", "县": "County",
    "区": "District", "盟": "League", "旗": "Banner", "镇": "Town", "乡": "Township", "村": "Village",
}

ETHNIC_EN: dict[str, str] = {
    "蒙古族": "Mongol", "回族": "Hui", "藏族": "Tibetan", "维吾尔族": "Uygur", "维吾尔": "Uygur", "蒙古": "Mongol",
    "苗族": "Miao", "彝族": "Yi", "壮族": "Zhuang", "布依族": "Bouyei", "朝鲜族": "Korean", "满族": "Manchu",
    "侗族": "Dong", "瑶族": "Yao", "白族": "Bai", "土家族": "Tujia", "哈尼族": "Hani", "哈萨克族": "Kazak",
    "傣族": "Dai", "黎族": "Li", "傈僳族": "Lisu", "佤族": "Va", "畲族": "She", "拉祜族": "Lahu", "水族": "Shui",
    "东乡族": "Dongxiang", "纳西族": "Naxi", "景颇族": "Jingpo", "柯尔克孜族": "Kirgiz", "土族": "Tu",
    "达斡尔族": "Daur", "仫佬族": "Mulao", "羌族": "Qiang", "布朗族": "Blang", "撒拉族": "Salar", "毛南族": "Maonan",
    "仡佬族": "Gelao", "锡伯族": "Xibe", "阿昌族": "Achang", "普米族": "Pumi", "塔吉克族": "Tajik", "怒族": "Nu",
    "乌孜别克族": "Uzbek", "俄罗斯族": "Russian", "鄂温克族": "Ewenki", "德昂族": "De'ang", "保安族": "Bonan",
    "裕固族": "Yugur", "京族": "Gin", "塔塔尔族": "Tatar", "独龙族": "Derung", "鄂伦春族": "Oroqen",
    "赫哲族": "Hezhen", "门巴族": "Monba", "珞巴族": "Lhoba", "基诺族": "Jino",
}
ETHNIC_LENGTHS = sorted({len(e) for e in ETHNIC_EN}, reverse=True)


@dataclass(frozen=True)
class Division:
    """One administrative unit (or a user-listed place without a code)."""

    code: str  # 6-digit adcode; "" for places from user files
    name: str  # full Simplified name: 梅县区
    stem: str  # 梅县
    suffix: str  # 区
    level: str  # province | prefecture | county | town | village | other

    @property
    def ancestors(self) -> tuple[str, ...]:
        """Codes of the prefecture and province this unit belongs to."""
        if not self.code:
            return ()
        prov, pref = self.code[:2] + "0000", self.code[:4] + "00"
        return tuple(c for c in (pref, prov) if c != self.code)


def split_generic(name: str) -> tuple[str, list[str], str]:
    """(stem, ethnic names, generic suffix) of a Simplified place name: 本溪满族自治县 -> (本溪, [满族], 自治县)."""
    suffix = _generic_suffix(name)
    stem = name[: len(name) - len(suffix)]
    ethnic: list[str] = []
    if suffix.startswith("自治"):
        # ethnic names from the end, longest first (as a scan of every name, longest first, would take
        # them: at each length the stem ends with one name at most)
        changed = True
        while changed:
            changed = False
            for length in ETHNIC_LENGTHS:
                e = stem[-length:]
                if len(stem) - length >= 2 and e in ETHNIC_EN and (e.endswith("族") or e in ("维吾尔", "蒙古")):
                    ethnic.insert(0, e)
                    stem = stem[:-length]
                    changed = True
                    break
    return stem, ethnic, suffix


# suffix lengths, longest first: at each length a name ends with at most one suffix, so looking its last
# characters up, longest first, finds what a scan of all 19 suffixes, longest first, finds (the gazetteer
# splits each of its 3,000 names at start-up)
_SUFFIX_LENGTHS = sorted({len(s) for s in SUFFIX_EN}, reverse=True)


def _generic_suffix(name: str) -> str:
    """The longest generic suffix ``name`` ends with and is longer than ("" for none)."""
    for length in _SUFFIX_LENGTHS:
        if len(name) > length and name[-length:] in SUFFIX_EN:
            return name[-length:]
    return ""


def level_of(code: str, suffix: str) -> str:
    """province, prefecture or county from the code; town, village... from the suffix for places without one."""
    if code:
        return "province" if code.endswith("0000") else ("prefecture" if code.endswith("00") else "county")
    return {"镇": "town", "乡": "town", "街道": "town", "村": "village", "社区": "village", "省": "province",
            "自治区": "province", "自治州": "prefecture", "地区": "prefecture", "盟": "prefecture"}.get(suffix, "other")


def read_tsv_lines(text: str) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines left out."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def _user_files() -> list[Path]:
    from reportgen.config import user_data_files

    return user_data_files("places.tsv")


@dataclass
class Gazetteer:
    """Every division by full name, by short name and by code, with the English overrides."""

    full: dict[str, list[Division]]
    alias: dict[str, list[Division]]
    english: dict[str, str]
    by_code: dict[str, Division]
    lengths: dict[str, tuple[int, ...]]  # first two characters -> lengths of names starting so, longest first


@registry.table
def gazetteer() -> Gazetteer:
    """The shipped divisions and place names with the user's places.tsv files over them."""
    data = resources.files("reportgen") / "data"
    full: dict[str, list[Division]] = {}
    alias: dict[str, list[Division]] = {}
    by_code: dict[str, Division] = {}

    def add(div: Division) -> None:
        full.setdefault(div.name, []).append(div)
        if div.code:
            by_code[div.code] = div
        if div.stem != div.name and len(div.stem) >= 2:
            alias.setdefault(div.stem, []).append(div)

    for row in read_tsv_lines((data / "divisions.tsv").read_text(encoding="utf-8")):
        code, name = row[0], row[1]
        stem, _, suffix = split_generic(name)
        add(Division(code, name, stem, suffix, level_of(code, suffix)))

    english: dict[str, str] = {}
    sources = [(data / "place_names.tsv").read_text(encoding="utf-8")]
    for path in _user_files():
        try:
            sources.append(path.read_text(encoding="utf-8"))
        except OSError:
            continue  # a missing user file is not an error: it is simply not there yet
    for text in sources:
        for row in read_tsv_lines(text):
            if len(row) < 2 or not row[0] or not row[1]:
                continue
            zh = to_simplified(row[0])
            english[zh] = row[1]
            stem, _, suffix = split_generic(zh)
            if suffix and len(stem) >= 2 and zh not in full:  # a user-listed place becomes findable
                add(Division("", zh, stem, suffix, level_of("", suffix)))
    lengths: dict[str, set[int]] = {}
    for name in set(full) | set(alias):
        lengths.setdefault(name[:2], set()).add(len(name))
    return Gazetteer(full, alias, english, by_code,
                      {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()})


@registry.memo(maxsize=4096)
def parent_names(div: Division) -> tuple[str, ...]:
    """The names (full and, when two characters or more, short) of the units ``div`` lies in."""
    gaz = gazetteer()
    names: list[str] = []
    for code in div.ancestors:
        parent = gaz.by_code.get(code)
        if parent is not None:
            names.append(parent.name)
            if len(parent.stem) >= 2:
                names.append(parent.stem)
    return tuple(names)


def division_of(zh: str) -> Division | None:
    """The administrative unit a full or short name most plausibly means (None when unknown)."""
    name = to_simplified(zh.strip())
    gaz = gazetteer()
    divs = gaz.full.get(name) or gaz.alias.get(name)
    if not divs:
        return None
    return sorted(divs, key=lambda d: ({"province": 0, "prefecture": 1}.get(d.level, 2), d.code == ""))[0]


def is_within(inner: Division, outer: Division) -> bool:
    """True when ``inner`` lies inside ``outer`` (or is it)."""
    return bool(inner.code and outer.code) and (inner.code == outer.code or outer.code in inner.ancestors)
