"""Words that name a place without naming it (全市, 本港, 全县, 我省) and what each means in a report.

Chinese reports widen a figure back to a whole area with a word, not a name: 全港 (all of Hong Kong),
本澳 (this territory, Macao), 全台 (all of Taiwan), 全省/全市/全县/全区 (the whole province, city,
county, district), 我市/本县 (our city, this county). What the word points at depends on the report:

* the report's own level (全市 in a city's report, 全港 in a Hong Kong report): the report itself;
* a level above it (全港 in a district's page, 全省 in a city's report, 全国 in a Taiwanese county's
  page): the unit holding the report's place, named (香港, 广东省, 台湾); 本澳 said by a Macao speaker in
  a Hong Kong page is Macao;
* a level below it (全县 in a city's report, after 蕉岭县): the unit of that kind just named — 五华全县
  is 五华县, not the city;
* a comparison standard (占全港的8.8%, 居全省第一, 高于全市平均水平, 是全港罪案最多的地区): no place of
  its own; the figure stays where it was.

Hong Kong, Macao and Taiwan words (全港, 本澳, 全台) count only in an article about one of the three
(本港 is also "this port" on the mainland).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.zh.gazetteer import Division, division_of, gazetteer
from reportgen.zh.script import opencc_converter, to_simplified

__all__ = ["WHOLE_AREA", "Widening", "is_standard", "territory_of", "widening"]

#: words that widen a figure to a whole area (全市, 我县, 本区, 全港, 本澳, 全台); in the Simplified view
WHOLE_AREA = re.compile(r"全[国省市州盟县区旗]|我[省市县区]|本[省市县区]|全港(?!口)|本港|全澳|本澳|全台(?![北中南东])")

# before the word: it is what the figure is measured against (占全港, 居全省, 高于全市, 在全县…中)
_STANDARD_BEFORE = re.compile(r"(?:占|佔|较|比|与|和|同|于|居|列|排名|排|在|超过|超出|领先|覆盖|遍及|辐射|"
                              r"评为|获评)\s*$")
# after it, within the clause: a rank or an average (全省第一, 全市平均水平, 全港罪案最多, 全县首个)
_STANDARD_AFTER = re.compile(r"[^，,。；;！？!?\n全我本]{0,16}?(?:最[多少高低大小快慢好差佳优]|之[冠首最]|榜首|居首|"
                             r"第[一二三四五六七八九十\d]{1,3}(?![季周月批期次届年个])|前列|前茅|首位|首个|首家|唯一|"
                             r"平均水平|平均值|水平)")

_TERRITORIES = {"港": ("香港", "Hong Kong"), "澳": ("澳门", "Macao"), "台": ("台湾", "Taiwan")}
_TAIWAN_PLACES = re.compile(r"^(?:台湾|台北|新北|桃园|台中|台南|高雄|基隆|新竹|嘉义|苗栗|彰化|"
                            r"南投|云林|屏东|宜兰|花莲|台东|澎湖|金门|连江)")
# how wide each unit word is: 1 province (and the three territories), 2 city, 3 county or district
_RANK = {"省": 1, "港": 1, "澳": 1, "台": 1, "市": 2, "州": 2, "盟": 2, "县": 3, "区": 3, "旗": 3}
_LEVEL_RANK = {"province": 1, "prefecture": 2, "county": 3, "town": 4, "village": 5}


def territory_of(name_zh: str) -> str | None:
    """"Hong Kong", "Macao" or "Taiwan" for a place there (观塘区, 澳门, 高雄市), else None."""
    simp = to_simplified(name_zh)
    if _TAIWAN_PLACES.match(simp):
        return "Taiwan"
    if simp.startswith("香港"):
        return "Hong Kong"
    if simp.startswith("澳门"):
        return "Macao"
    div = division_of(simp)
    code = div.code if div else ""
    return {"81": "Hong Kong", "82": "Macao", "71": "Taiwan"}.get(code[:2])


def is_standard(simp: str, start: int, end: int) -> bool:
    """The word at [start, end) is what a figure is compared with or ranked in, not the figure's place."""
    return bool(_STANDARD_BEFORE.search(simp, max(0, start - 4), start) or _STANDARD_AFTER.match(simp, end))


@dataclass(frozen=True)
class Widening:
    """What a whole-area word means in one report: ``report`` (back to the report's place), ``wider``
    (``name``, a unit holding the report's place) or ``whole`` (the last unit named with ``suffix``)."""

    kind: str
    name: str = ""
    suffix: str = ""


_REPORT = Widening("report")


def _rank_of(frame: Division) -> int:
    if frame.level in _LEVEL_RANK:
        return _LEVEL_RANK[frame.level]
    return 2 if frame.suffix in ("市", "县") else 3  # Taiwan's cities and counties, their districts


def widening(word: str, region_zh: str | None, script: str) -> Widening | None:
    """What ``word`` (Simplified, matched by WHOLE_AREA) means in a report about ``region_zh``; None
    when it names nothing here (本港 in a mainland report)."""
    unit = word[-1]
    if region_zh is None:
        return _REPORT
    region = to_simplified(region_zh)
    territory = territory_of(region)
    if unit in _TERRITORIES or word == "全国":
        if word == "全国":
            if territory != "Taiwan":
                return _REPORT  # 全国集群战役 in a mainland city's report: not the country's figure
            unit = "台"
        zh, en = _TERRITORIES[unit]
        if territory is None:
            return None
        if territory == en and region.startswith(zh):
            return _REPORT
        return Widening("wider", opencc_converter("s2t").convert(zh) if script == "zh-Hant" else zh)
    frame = division_of(region)
    if frame is None or region.endswith(unit) or (unit == "区" and region.endswith("自治区")):
        return _REPORT
    word_rank, frame_rank = _RANK[unit], _rank_of(frame)
    if word_rank > frame_rank:
        return Widening("whole", suffix=unit)
    if word_rank == frame_rank or not frame.code:
        return _REPORT
    holder = gazetteer().by_code.get(frame.code[:2] + "0000" if word_rank == 1 else frame.code[:4] + "00")
    if holder is None or holder.code == frame.code:
        return _REPORT
    name = holder.stem if holder.suffix == "特别行政区" else holder.name
    return Widening("wider", opencc_converter("s2t").convert(name) if script == "zh-Hant" else name)
