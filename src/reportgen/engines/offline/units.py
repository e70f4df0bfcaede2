"""Measure words (量词) after a numeral -> the figure's unit.

Works on the Simplified view. A measure word says what was counted: 起/宗/件 are cases, 人/名
people, 人次 person-times. Generic counters (个, 件, 处, 份, 条) take their unit from the noun
they count, which stands just after the measure word (破获2个团伙) or just before the number
(打掉窝点168个).

``MEASURES`` is also the one table of English unit names: ``reportgen.english.units`` reads a unit an
engine left in Chinese through it, so a reader sees the unit the offline engine would have given.
"""

from __future__ import annotations

import re

# Longest first: 人次 before 人, 个月 before 个, 个百分点 before 个.
MEASURES: dict[str, str] = {
    "个百分点": "percentage points", "百分点": "percentage points", "%": "%", "％": "%",
    "人次": "person-times", "辆次": "vehicle-times", "车次": "vehicle-times", "架次": "sorties",
    "户次": "household-visits", "台次": "unit-times", "家次": "visits", "批次": "batches", "场次": "sessions",
    "个季度": "quarters", "个小时": "hours", "个工作日": "working days", "工作日": "working days",
    "个月": "months", "小时": "hours", "分钟": "minutes", "周年": "anniversary",
    "平方公里": "km2", "平方米": "m2", "公里": "km", "千米": "km", "公斤": "kg", "千克": "kg", "公顷": "hectares",
    "元": "yuan", "块": "yuan", "笔": "transactions",
    # Hong Kong and Macao amounts name their currency after the number (逾6,000万港元, 约1.56亿葡币)
    "港元": "HKD", "港币": "HKD", "澳门元": "MOP", "澳门币": "MOP", "葡币": "MOP", "美元": "USD", "公吨": "tonnes",
    "公克": "grams",
    "起": "cases", "宗": "cases", "件": "cases", "单": "cases",
    "人": "people", "名": "people", "位": "people", "户": "households",
    "次": "times", "倍": "times", "天": "days", "年": "years", "周": "weeks", "秒": "seconds",
    "个": "items", "项": "items", "条": "items", "张": "items", "份": "documents", "封": "letters",
    "部": "items", "台": "units", "套": "sets", "只": "items", "把": "items", "枚": "items", "发": "rounds",
    "支": "items", "本": "items", "箱": "boxes", "瓶": "bottles", "袋": "bags", "包": "packs", "盒": "boxes",
    "辆": "vehicles", "艘": "vessels", "处": "places", "家": "businesses", "所": "units", "座": "units",
    "间": "rooms", "栋": "buildings", "场": "sessions", "期": "sessions", "批": "batches", "组": "groups",
    "队": "teams", "面": "banners", "副": "sets", "种": "kinds", "吨": "tonnes", "克": "grams", "米": "metres",
    "亩": "mu", "头": "head", "株": "plants", "篇": "articles", "幅": "items", "块儿": "items",
    "‰": "‰", "微克/立方米": "µg/m³", "毫克/立方米": "mg/m³", "斤": "jin", "枝": "guns", "颗": "items",
    "升": "litres", "毫升": "ml", "立方米": "m3", "千瓦时": "kWh", "标箱": "TEU", "尾": "fish",
    "通": "calls", "则": "items",  # 接听8万6千余通电话; 下架涉诈广告4万3千则
    # blood alcohol: milligrams per 100 millilitres
    "mg/100ml": "mg/100ml", "mg/100mL": "mg/100ml", "毫克/100毫升": "mg/100ml", "毫克/百毫升": "mg/100ml",
}
# 升 is a measure only where it cannot be the verb of 由2升至5
MEASURE_RE = re.compile("|".join(re.escape(k) + (r"(?![至到为為级級格])" if k == "升" else "")
                                 for k in sorted(MEASURES, key=len, reverse=True)))

# Counters whose unit depends on the counted noun.
GENERIC = {"个", "件", "处", "份", "条", "项", "支", "家", "所", "座", "部", "张", "只", "种", "颗", "则", "间"}

# noun fragment -> unit, checked in order (first hit wins).
_NOUN_UNITS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"团伙|集团|(?:涉黑|黑社会性质|犯罪|黑恶|涉恶)组织|黑恶势力|恶势力"), "gangs"),
    (re.compile(r"窝点|据点|黑窝"), "dens"),
    (re.compile(r"嫌疑人|逃犯|罪犯|民警|辅警|群众|人员|司机|学生|干部|志愿者|老人|儿童|人$"), "people"),
    (re.compile(r"模型"), "models"),
    (re.compile(r"来信|信件|感谢信|督办函|函|建议书|通知书"), "letters"),
    (re.compile(r"锦旗"), "banners"),
    (re.compile(r"隐患|风险点"), "hazards"),
    (re.compile(r"问题|诉求|难题"), "problems"),
    (re.compile(r"线索"), "leads"),
    (re.compile(r"账户|账号|银行卡|电话卡"), "accounts"),
    (re.compile(r"网站|平台|app|APP"), "platforms"),
    (re.compile(r"单位|单元|部门|中队|大队|派出所|警务室|站|队"), "units"),
    (re.compile(r"村|社区|小区"), "communities"),
    (re.compile(r"酒店场所|酒店|宾馆|旅馆|旅店"), "establishments"),  # before 场所: the hotels' own word wins
    (re.compile(r"企业|公司|商户|店|场所"), "businesses"),
    (re.compile(r"香烟|卷烟|私烟|烟(?!花|头|雾)"), "sticks"),
    (re.compile(r"学校|幼儿园"), "schools"),
    (re.compile(r"项目|工程"), "projects"),
    (re.compile(r"案件|案|警情|事故|事件|纠纷|矛盾|盗窃|窃盗|扒窃|诈骗|诈欺|抢劫|抢夺|犯罪|违法|违规"), "cases"),
    (re.compile(r"信息|短信|预警"), "messages"),
    (re.compile(r"广告"), "ads"),
    (re.compile(r"视频|宣传片|作品"), "videos"),
    (re.compile(r"活动|讲座|培训|会议"), "events"),
    (re.compile(r"摄像|探头|设备|装置|终端"), "devices"),
    (re.compile(r"车辆|汽车|摩托车|电动车"), "vehicles"),
    (re.compile(r"子弹|弹药"), "rounds"),
    (re.compile(r"枪"), "guns"),
]

# any of the nouns above: most counted words are none of them, and one search says so
_ANY_NOUN_UNIT = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _NOUN_UNITS))

# a generic counter with no telling noun: its MEASURES unit, except 支 alone, which most often counts teams
_GENERIC_DEFAULT = {**{measure: MEASURES[measure] for measure in GENERIC}, "支": "teams"}


def unit_for(measure: str, noun_after: str = "", noun_before: str = "") -> str:
    """The unit of a counted figure from its measure word and the noun it counts."""
    if measure not in MEASURES:
        return ""
    if measure not in GENERIC:
        return MEASURES[measure]
    for noun in (noun_after[:16], noun_before[-16:]):
        if not _ANY_NOUN_UNIT.search(noun):
            continue
        best: tuple[int, str] | None = None
        for pattern, unit in _NOUN_UNITS:  # the head noun stands last in a Chinese noun phrase
            for hit in pattern.finditer(noun):
                if best is None or hit.end() > best[0]:
                    best = (hit.end(), unit)
        if best is not None:
            unit = best[1]
            if measure == "件" and unit not in ("letters", "problems", "cases"):
                return "items"
            return unit
    return _GENERIC_DEFAULT[measure]
