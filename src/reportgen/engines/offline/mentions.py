"""Mentions: a numeral that states a figure, read with what it measures; the ones that do not are dropped.

A *mention* is a numeral with what it measures: 12.13万次, 1200多起, 近亿元, 40%以上, 第三 (a
rank), 连续三年 (a duration), “零”脱失 (a zero). Numerals that are not figures are left out here,
by general rules rather than by listing phrases:

* dates and clock times (2023年, 4月9日, 1至5月, 10:48), phone/ICP numbers and anything glued to
  Latin letters or to + × = > < (5G, 1+N+5, 1+1>2);
* numerals with no measure word at all (飓风2020, 净网2023, 110): an operation name or a code;
* ordinals (第九轮, 第一) unless a ranking is meant (排名全省第三, 全省第一);
* thresholds that define a category (一次死亡1人以上的事故), ages (35岁);
* numbers inside unattributed long quotes (a speaker's quoted sentence is read, clauses.py),
  inside 《titles》, and numbers that spell out a name's own numerals (“1+N+5”机制(1个…,5个…),
  “一十百千”工程,即…一个…十个…);
* Chinese numerals in set phrases (一系列, 一人一档, 四个一, 两个宣传渠道): a Chinese-numeral
  count is a figure only when it is a result (打掉两个团伙, 抓获三名嫌疑人) or a multi-digit count;
* streak lengths inside a premise (在连续两年上升的基础上…).

The pass over an article is ``mention_scan``; ranks, zeros and no-change statements ``word_mentions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.engines.offline.units import MEASURE_RE, unit_for
from reportgen.zh.numerals import VALUE_GROUPS, group_value, numeral_qualifier
from reportgen.zh.vocabulary import FALL_VERBS, PREFIX_QUALIFIERS, RISE_VERBS, SUFFIX_QUALIFIERS, signs_a_change

__all__ = ["Mention", "clause_left", "make_mention", "read_numeral"]


_TIME_UNITS = {"天": "days", "年": "years", "个月": "months", "小时": "hours", "分钟": "minutes", "周": "weeks",
               "秒": "seconds", "个季度": "quarters", "个小时": "hours", "个工作日": "working days",
               "工作日": "working days"}
_SUFFIX_AFTER_UNIT = re.compile(r"以上|左右|以内|以下(?!的)|(?:多|余)(?=[，,。；;、）)\n]|$)")
# 签约/预约, 最近/附近, 赶超: the qualifier character ends another word here.
_NOT_A_QUALIFIER = re.compile(r"(?:签|预|制|履|违|节|相|邀|特|大|隐)约$|(?:最|附|邻|就|临|逼|亲|靠)近$|(?:赶|高|反)超$")
_PREFIX_RE = re.compile("(?:" + "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True)) + ")$")
_BARE_MAGNITUDES = {"十", "百", "千", "万", "亿", "萬", "億"}
# Verbs whose object is a counted result (打掉两个团伙, 破获一起案件): a Chinese numeral after one
# of them is a figure, elsewhere it is usually part of a set phrase.
RESULT_VERBS = re.compile(
    r"(?:打掉|抓获|破获|捣毁|侦破|刑拘|逮捕|查获|缴获|摧毁|端掉|铲除|查处|查扣|扣押|收缴|解救|救助|救出|追回|挽回|"
    r"劝阻|拦截|抓捕|擒获|起获|查封|取缔|打处|打击处理|移送|判处|发生|立案|受理|接报|处置|化解|调解|发现|破|抓|"
    r"缴|获|打|捕|救)(?:了|的)?(?:其中)?$")
RESULT_NOUNS = re.compile(r"团伙|集团|窝点|嫌疑人|逃犯|罪犯|案件|命案|案|被害人|受害人|死者|伤者|枪支|毒品|"
                          r"事故|警情|火灾")
# what else makes a one-character count a figure: a change (同比减少四起, 较上月多两宗), casualties (造成两人受伤,
# 死亡三人), or a predicate count (其中发生在夜间的有三起)
_COUNT_LEADS = re.compile(r"(?:(?:" + "|".join(RISE_VERBS + FALL_VERBS) + r"|多|少)了?"
                          r"|死亡|受伤|遇难|伤亡|造成|致|(?:的|共|还|另)有)$")
# a classification, not a count: 分为三类, 分成两个阶段
_CLASSIFIED = re.compile(r"(?:分为|分成|划分为|划为|分)$")
# a count written after what it counts, ending its clause: 约谈企业负责人八家。
_CLAUSE_FINAL = re.compile(r"[，,。；;、）)\n]|$")
_DURATION_CONTEXT = re.compile(r"(?:连续第?|潜逃|在逃|长达|历时|用时|仅用|仅|短短|坚持|累计|持续|已|达|近|超过|逾|"
                               r"不到|不足)$")
_DURATION_BAD_NEXT = re.compile(r"来|以来|前|后|以后|间|度|代|级|初|底|末|中|以前|之前|之后|一度|里|多来|余来")
_LOOK_BACK = re.compile(r"(?:近|过去|最近|这)$")
_AMONG = re.compile(r"[\u4e00-\u9fff（）()、]{1,10}?(?:中|当中|之中|里)[，,]?(?:排名|排|位列|位居|居|名列|列)")
_SCHEDULE_NEXT = re.compile(r"(?:不间断|全天候)?(?:值班|值守|在线|巡逻|运转|运行|服务|待命|营业|开放|接警|监控|巡查|"
                            r"轮班|备勤)")
_DATE_NEXT = re.compile(r"\s*(?:(?:至|到|-|—|~|～)\s*\d{1,2}\s*)?(?:月|日|号|时|点(?!位)|:|：\d|点\d)")
_THRESHOLD_NEXT = re.compile(r"(?:及)?(?:以上|以下)的")
# 亿元以上项目63个, 死亡3人以上道路交通事故: a threshold inside a category name (the count follows, or the
# name ends in a category noun)
_THRESHOLD_NAME = re.compile(r"(?:及)?(?:以上|以下)[\u4e00-\u9fff“”]{1,10}?(?:\d|"
                             r"[一二两三四五六七八九十百千]+[个起件名家项宗所]|"
                             r"事故|案件|项目|企业|工程|警情|火灾)")
_AGE_NEXT = re.compile(r"周?岁")
_GLUE = set("+＋×*/=<>＜＞~～#№@_")
_POINTS_CONTEXT = re.compile(r"(?:得分|评分|总分|考核|测评|分数)[^，,。]{0,6}$")
# a number with no measure word is still a figure after these (破案数为352, 指数同比下降0.12)
_BARE_END = re.compile(r"(?:以上|以下|左右|以内)?(?:[，,。；;\n]|$)")
# a ratio's level with no measure word: 死亡率降至0.011, 万车死亡率控制在1.3以下
_RATE_LEVEL = re.compile(r"(?:率|指数|系数|比)[^，,。；;\d]{0,4}(?:降至|降到|升至|升到|控制在|保持在|稳定在|为|达|"
                         r"缩小至|缩小到|扩大至|扩大到|缩小为)$")
# the upper end of an age range (年龄在17至71岁之间, 年龄跨度为14至89岁): the span of ages is a figure
_AGE_RANGE = re.compile(r"年龄[^，,。；;\d]{0,4}\d{1,3}(?:至|到|~|～|-)$")
# 年龄以30至49岁最多: the commonest bracket, a description rather than the span of ages
_AGE_BRACKET = re.compile(r"(?:的|者)?(?:最多|居多|为主|最为|占)")
# a count in 万/亿 with no measure word: 注册量突破210万, 较年初新增46.5万
_BARE_MAGNITUDE_CONTEXT = re.compile(r"(?:突破|新增|超过|超|逾|近|约|达|达到|为|共|累计|增加|增长)(?:了)?$")
_BARE_CONTEXT = re.compile(r"(?:为|达|达到|是|共|计|合计|总计|累计|上升|下降|增加|减少|增长|提高|降低|提升|"
                           r"回落|缩小|扩大)(?:了)?$")
# 成 as a share (近六成, 下降三成) only after a word that introduces a share or a change
_TENTHS_CONTEXT = re.compile(r"(?:占|达|达到|约|近|超过|超|逾|不到|不足|上升|下降|增加|减少|增长|提高|降低|提升|回落|"
                             r"增|减|压降|"
                             r"缩减|降幅|增幅|减少了|下降了|上升了|增长了|提高了|降低了|超过了)$")
# a share of a whole named before it: 占全市总数的七成, 不到全省的三成 (不到 qualifies the share)
_SHARE_OF = re.compile(r"(?:占|(?P<q>不到|不足|超过|近|约))[^，,。；;]{0,24}的$")
_HALF_CONTEXT = re.compile(r"占(?:了)?(?:超过|超|近|约|逾|不到|不足|将近)?$")
_TENTHS_QUALIFIED = re.compile(r"以上|左右|以下|多")
# an amount named just before a 万/亿 number that has no 元 (挽回损失3200万)
_MONEY_BEFORE = re.compile(r"(?:资金|金额|损失|款项|涉案|赃款|财物)(?:约|共|逾|超过|近|达|合计|共计)?$")
_TEXT_END = re.compile(r"\s*\Z")
# a large number may count a noun with no measure word: 5000万群众, 1.2亿用户
_NOUN_COUNTED = re.compile(r"(?:群众|人口|居民|市民|用户|网民|人员|常住人口|游客|旅客|学生|师生|民众|农民工|车辆|人)")


@dataclass
class Mention:
    """One figure-bearing numeral. Offsets are into the article (same in text and simplified)."""

    start: int              # first character (a 近/约/逾 qualifier included)
    end: int                # after the unit and any 以上/左右
    num_start: int
    num_end: int
    value: float
    unit: str
    measure: str            # the measure word as written ('' for none, '%' for percent)
    qualifier: str
    kind: str               # count | percent | duration | rank | zero | bare | flat (持平: a change of 0)
    chinese: bool = False
    zero_noun: tuple[int, int] | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "percentage points")


_CLAUSE_END = re.compile(r"[，,。；;！？!?：:\n（）()]")


def clause_left(simp: str, pos: int, limit: int = 30) -> str:
    """Text before ``pos`` back to the clause start (at most ``limit`` characters)."""
    chunk = simp[max(0, pos - limit):pos]
    m = _CLAUSE_END.search(chunk[::-1])
    return chunk[len(chunk) - m.start():] if m else chunk


def _clause_right(simp: str, pos: int, limit: int = 20) -> str:
    chunk = simp[pos:pos + limit]
    m = _CLAUSE_END.search(chunk)
    return chunk[:m.start()] if m else chunk


# 12、15、20起 / 6个和4个百分点 / 21至75个月: the measure word is written once, after the last value
ELIDED = re.compile(r"(?P<unit>个)?(?:、|和|及|与|或|至|到|~|～)(?=\d)")


def read_numeral(simp: str, m: re.Match[str], s: int, e: int) -> Mention | None:
    """The mention a numeral match states, or None when it is not a figure (a date, a code, a set phrase...)."""
    groups = m.group(*VALUE_GROUPS)  # read once: every numeral of the article comes here
    pct_of, half, frac_den, _, tenths, arabic, chinese_numeral, _, _, _ = groups
    value = group_value(*groups)
    if value is None or len(arabic or "") > 16:
        return None  # an identifier (ID card, account number), not a quantity
    prev = simp[s - 1:s] or "\n"  # a line end stands for the text's edges ("" is "in" every string)
    nxt = simp[e:e + 1] or "\n"
    if half:  # 占超过一半, 占总数的一半以上: a share of 50%; elsewhere 一半 is prose (一半以上的时间)
        if not (_HALF_CONTEXT.search(simp, max(0, s - 6), s) or _SHARE_OF.search(clause_left(simp, s))):
            return None
        return make_mention(simp, m, s, e, 50.0, "%", "半", "percent", chinese=False)
    chinese = bool(chinese_numeral) and not pct_of
    unit_m = MEASURE_RE.match(simp, e)
    if chinese and not unit_m:
        return None  # most Chinese numerals in prose (一系列, 一是, 万家) count nothing
    # a plus sign is glue (5G+2) unless it signs a change: （+5.81%）, 同比+5.1%, a change column's ／+12.5%
    signed = prev in "+＋" and signs_a_change(simp, s - 1)
    latin_unit = nxt.isascii() and nxt.isalpha() and unit_m  # 186mg/100ml
    if (prev in _GLUE and not signed) or nxt in _GLUE or (prev.isascii() and prev.isalpha()) or (
            nxt.isascii() and nxt.isalpha() and not latin_unit):
        return None
    if prev in "-—" and s > 1 and simp[s - 2].isdigit() or (nxt in "-—:：∶." and simp[e + 1:e + 2].isdigit()):
        return None  # dates, phone numbers, clock times, section numbers like 1.2
    if prev in ":：∶" and s > 1 and simp[s - 2].isdigit():
        return None
    streak = prev == "第" and simp[s - 3:s - 1] == "连续"
    if (prev == "第" and not streak) or (prev == "初" and chinese):
        return None  # ordinals (ranks are read separately); 初三 is a date; but 连续第6年 is a streak
    if prev == "每":
        return None  # 每10万人口, 每百人: the base of a rate
    if nxt == "日" and arabic and "." in arabic:  # 平均逗留1.2日: a day of the month is never a fraction
        return make_mention(simp, m, s, e + 1, value, "days", "日", "duration", chinese=False)
    if _DATE_NEXT.match(simp, e) and not simp.startswith("个月", e):
        return None
    if chinese and (value == 0 or (prev in "数几多上成" and simp[s - 2:s] != "造成") or prev.isdigit()):
        return None  # 数千, 几十, 上百: vague, not a figure
    if pct_of:
        return make_mention(simp, m, s, e, value, "%", "%", "percent", chinese=False)
    if frac_den:  # 占总量三分之二: a share, kept as a percentage (66.67)
        share = make_mention(simp, m, s, e, value, "%", "分之", "percent", chinese=False)
        share_of = _SHARE_OF.search(clause_left(simp, s))
        if share_of and share_of.group("q") and share.qualifier == "exact":
            share.qualifier = PREFIX_QUALIFIERS[share_of.group("q")]  # 约占全部警情的四分之一
        return share
    if tenths:
        low = _TENTHS_RANGE_LOW.search(simp, max(0, s - 2), s)  # 增加一至三成: read from before the range
        left = clause_left(simp, low.start() if low else s)
        share_of = _SHARE_OF.search(left)
        if not (_TENTHS_CONTEXT.search(left) or _PREFIX_RE.search(left) or _TENTHS_QUALIFIED.match(simp, e)
                or share_of):
            return None
        share = make_mention(simp, m, low.start() if low else s, e, value, "%", "成", "percent", chinese=False)
        if share_of and share_of.group("q") and share.qualifier == "exact":
            share.qualifier = PREFIX_QUALIFIERS[share_of.group("q")]
        return share
    if nxt in "%％":
        return make_mention(simp, m, s, e + 1, value, "%", "%", "percent", chinese=chinese)
    measure = unit_m.group(0) if unit_m else ""
    unit_end = unit_m.end() if unit_m else e
    if measure in ("%", "％"):
        return make_mention(simp, m, s, unit_end, value, "%", "%", "percent", chinese=chinese)
    if measure in ("个百分点", "百分点"):
        return make_mention(simp, m, s, unit_end, value, "percentage points", measure, "percent", chinese=chinese)
    left = clause_left(simp, s)
    age = _AGE_NEXT.match(simp, e)
    # 年龄在17至71岁之间: the ages are figures (but not the commonest bracket, 以30至49岁最多)
    if age and _AGE_RANGE.search(left) and not chinese and not _AGE_BRACKET.match(simp, age.end()):
        return make_mention(simp, m, s, age.end(), value, "years", "岁", "count", chinese=False)
    if not measure:
        sex_pair = simp[e + 1:e + 2].isdigit() or (prev in "男女" and simp[s - 2:s - 1].isdigit())
        if not chinese and nxt in "男女" and sex_pair:
            return make_mention(simp, m, s, e + 1, value, "people", nxt, "count", chinese=False)  # 469男213女
        if simp.startswith("分", e) and _POINTS_CONTEXT.search(left) and not chinese:
            return make_mention(simp, m, s, e + 1, value, "points", "分", "count", chinese=False)
        ends_clause = _BARE_END.match(simp, e)
        if (not chinese and ends_clause and not (1900 <= value <= 2100 and float(value).is_integer())
                and (_BARE_CONTEXT.search(left) or (_RATE_LEVEL.search(left) and "." in m.group(0))
                     or (m.group("mag") and _BARE_MAGNITUDE_CONTEXT.search(left)))):
            return make_mention(simp, m, s, e, value, "", "", "bare", chinese=False)
        if m.group("mag") and m.group("mag")[-1] in "万亿萬億":  # 8643万, 3千万
            if _MONEY_BEFORE.search(left) and ends_clause:  # 返还资金8643万: an amount with 元 left out
                return make_mention(simp, m, s, e, value, "yuan", "", "count", chinese=chinese)
            if not chinese and _TEXT_END.match(simp, e):  # 接待游客1489万| (the page is cut off): the unit is lost
                return make_mention(simp, m, s, e, value, "", "", "bare", chinese=False)
            noun = _NOUN_COUNTED.match(simp, e)
            if noun:
                return make_mention(simp, m, s, e, value, "people" if noun.group(0) != "车辆" else "vehicles", "",
                                "count", chinese=chinese)
        return None
    if measure == "个" and ELIDED.match(simp, e):
        return None  # 6个和4个百分点: read with the unit written after the last value
    if measure == "个" and simp.startswith(("多月", "余月"), unit_end):  # 四个多月: more than four months
        found = _duration(simp, m, s, e, unit_end + 2, value, "个月", chinese, left)
        if found is not None and found.qualifier == "exact":
            found.qualifier = "more_than"
        return found
    if _AGE_NEXT.match(simp, e) or measure == "周年":
        return None
    if _THRESHOLD_NEXT.match(simp, unit_end) or _THRESHOLD_NEXT.match(simp, e) or _THRESHOLD_NAME.match(simp, unit_end):
        return None
    if measure in _TIME_UNITS:
        return _duration(simp, m, s, e, unit_end, value, measure, chinese, left)
    if measure == "元" or measure == "块":
        if measure == "块" and not chinese:
            return None
    if chinese and not _chinese_count_ok(simp, m, s, unit_end, left, measure):
        return None
    if _AMONG.match(simp, unit_end):
        return None  # 在全省21个地市中排名第4: the field of a ranking
    noun_after = _clause_right(simp, unit_end, 16)
    noun_after = _LIST_JOIN.split(noun_after, 1)[0]
    sized = _SIZED_NOUN.match(simp, unit_end)
    if sized:
        noun_after = noun_after[sized.end() - 1 - unit_end:]  # 一个12人的|犯罪团伙
    elif noun_after[:1].isdigit():
        noun_after = ""  # 1200件1650人: what follows is the next count, not the counted noun
    unit = "rank" if measure == "位" and _RANK_MOVE.search(left) else unit_for(measure, noun_after, left)
    return make_mention(simp, m, s, unit_end, value, unit, measure, "count", chinese=chinese)


# the lower end of a range of tenths (一至三成): the numeral reader reads only the upper end
_TENTHS_RANGE_LOW = re.compile(r"[一二三四五六七八九](?:至|到)$")
_LIST_JOIN = re.compile(r"[、和及与]")
# 较上年前移3位, 排名提升2位: places moved in a ranking
_RANK_MOVE = re.compile(r"(?:前移|后移|上移|下移|前进|后退|提升|上升|下降|下滑|提高|进位|退位)(?:了)?$")
# the later items of a list of Chinese-numeral counts (三个、两个、五个 / 三个和两个)
_LIST_CONTINUES = re.compile(r"[一二两三四五六七八九十百]+[个起名人处家件条把支][、和及]$")
# the counted object written between the verb and the numeral: 打掉地下钱庄三个, 打掉涉黑组织两个
_VERB_THEN_OBJECT = re.compile(r"(?:打掉|抓获|破获|捣毁|侦破|查获|缴获|摧毁|端掉|查处|查扣|收缴|解救|刑拘|逮捕)"
                               r"[\u4e00-\u9fff“”\"]{1,10}$")
# 一 as an article: no noun after it (slogans like 发现一起、查处一起)
_NARRATIVE_ONE = re.compile(r"[，,。；;、”」\n]|$")
_FOUND_ONE = re.compile(r"发现(?:了)?$")
# 一个12人的团伙: a size stands between the count and its noun
_SIZED_NOUN = re.compile(r"\d+(?:\.\d+)?[\u4e00-\u9fff]{1,2}的[\u4e00-\u9fff]")
_NEGATED = re.compile(r"(?:未|没有|没|无|不|杜绝)(?:再)?(?:发生|出现|有|发)?(?:过)?$")
# measure words of single objects: 一辆车, 一台电脑, 一部手机 are story details, not results
_SINGLE_OBJECT = {"辆", "台", "部", "只", "张", "块", "瓶", "袋", "包", "盒", "本", "艘", "副", "把", "枚"}


def _chinese_count_ok(simp: str, m: re.Match[str], s: int, unit_end: int, left: str, measure: str) -> bool:
    """A Chinese-numeral count is a figure when it is a result or a real multi-digit count."""
    numeral = m.group("chinese")
    after = simp[unit_end:unit_end + 1]
    set_phrase = after and (after.isdigit() or after in "零〇一二两兩三四五六七八九十百千")
    if set_phrase and not _SIZED_NOUN.match(simp, unit_end):
        return False  # 两个40%, 四个一, 一人一档: set phrases (but 一个12人的团伙 counts the gang)
    if simp[unit_end:unit_end + len(measure)] == measure:
        return False  # 一件件, 一次次
    lead = _PREFIX_RE.search(simp, max(0, s - 3), s)
    if lead and _NOT_A_QUALIFIER.search(simp, max(0, lead.start() - 2), lead.end()):
        lead = None  # 新签约亿元: 约 ends 签约
    has_qualifier = bool(lead) or bool(numeral_qualifier(m))
    if numeral in _BARE_MAGNITUDES:
        return has_qualifier  # 近千起, 百余人; but not 百个, 千场, 万家
    if len(numeral) >= 2 or has_qualifier:
        return True  # 十二名, 三十余起, 近十名
    # 破获一起…, or the counted object written first: 破获同类案件五起
    if _LIST_CONTINUES.search(left):
        return True  # 团伙三个、两个、五个 / 三个和两个: the list's later items
    if _CLASSIFIED.search(left):
        return False  # 分为两个阶段: the parts of a plan, not a count
    verb_before = (bool(RESULT_VERBS.search(left)) or bool(RESULT_NOUNS.search(left[-4:]))
                   or bool(_VERB_THEN_OBJECT.search(left)) or bool(_COUNT_LEADS.search(left)))
    if _NEGATED.search(left):
        return False  # 未发生一起…: no case happened, not a count of one
    if numeral == "一":
        if measure in _SINGLE_OBJECT:
            return False  # 查获一辆轿车: one object in a story
        if measure == "个" and not RESULT_NOUNS.match(simp, unit_end) and not _SIZED_NOUN.match(simp, unit_end):
            return False  # 打掉一个盘踞多年的团伙: 一个 introduces a description (but 一个12人的团伙 is sized)
        return (verb_before and measure not in ("次", "批", "些", "种", "笔") and not left.endswith("的")
                and not _NARRATIVE_ONE.match(simp, unit_end) and not _FOUND_ONE.search(left))
    noun_after = _clause_right(simp, unit_end, 14)
    clause_final = bool(_CLAUSE_FINAL.match(simp, unit_end)) and bool(_HAN_END.search(left))
    return verb_before or clause_final or bool(RESULT_NOUNS.search(_LIST_JOIN.split(noun_after, 1)[0]))


_HAN_END = re.compile(r"[\u4e00-\u9fff]$")


_WITHIN_RATE_NAME = re.compile(r"(?:之)?内[^，,。；;、\d]{0,14}?(?:率|比例)(?=[、和及与均都为达是：:，,])")
_SHARE_THEN_AT = re.compile(r"(?:成|%|％)(?:以上|左右|以下|多)?(?:的[\u4e00-\u9fff]{0,6})?(?:均|都)?在$")


def _duration(simp: str, m: re.Match[str], s: int, e: int, unit_end: int, value: float, measure: str,
              chinese: bool, left: str) -> Mention | None:
    after = simp[unit_end:unit_end + 3]
    if measure == "年":
        if value >= 100 or not float(value).is_integer() and value > 50:
            return None  # 2023年 (and 113年 in the ROC calendar) is a date, not a duration
        if _DURATION_BAD_NEXT.match(after):
            return None
    elif measure in ("个月", "周") and re.match(r"来|以来|前|后|间", after):
        return None
    elif measure in ("天", "小时", "分钟", "秒") and re.match(r"前", after):
        return None
    if after.startswith(("最", "新低", "新高")):
        return None  # 近五年最低, 近十年新低: a comparison frame, not a duration
    if _SCHEDULE_NEXT.match(simp, unit_end):
        return None  # 24小时值班: a duty schedule, not a measured time
    look_back = _LOOK_BACK.search(left)
    if look_back and not left[:look_back.start()].strip(" \u3000"):
        return None  # 近三年全市…, 过去五年…: the span the sentence looks back over
    if simp[s - 1:s] in ("前", "首", "头") and measure != "天":
        return None  # 前10个月, 首8个月, 头两个月, 前三季度: the period the figures cover
    within = after.startswith(("内", "之内"))
    if within and _WITHIN_RATE_NAME.match(simp, unit_end):
        return None  # 3个月内办结率: the time limit is part of the rate's name
    if within and _SHARE_THEN_AT.search(left):
        return None  # 九成以上在10秒内接听: the share is the figure, the time is its threshold
    if chinese:
        context = (bool(_DURATION_CONTEXT.search(left)) or within or bool(_PREFIX_RE.search(simp[max(0, s - 3):s]))
                   or "多" in simp[e:unit_end] or "余" in simp[e:unit_end])  # 奔波两个多月: a measured time
        if not context:
            return None
        if m.group("chinese") == "一" and not (within or re.search(r"(?:仅用|用时|不到|短短|仅)$", left)):
            return None
    if measure == "年" and not chinese and value < 200 and not _DURATION_CONTEXT.search(left) and not within:
        # a bare "22年" opening a clause is a two-digit year; after a verb or in a list it is a duration
        if not re.search(r"[\u4e00-\u9fff、]$", left):
            return None
    if within:
        unit_end += 1 if after.startswith("内") else 2
    return make_mention(simp, m, s, unit_end, value, _TIME_UNITS[measure], measure, "duration", chinese=chinese)


# An upper bound (以内, 以下, and X内 on durations) states its value exactly: the annotators mark 一天内,
# 控制在5.5%以内 and 1.3以下 as not approximate, so the figure keeps qualifier "exact".
_UPPER_BOUNDS = {"以内", "以下"}
_CURRENCY = re.compile(r"(?:新台币|人民币|港币|港元|澳门币|美元|欧元)(?:\s*[（(]下同[）)])?$")


def make_mention(simp: str, m: re.Match[str], s: int, end: int, value: float, unit: str, measure: str, kind: str,
             *, chinese: bool) -> Mention:
    """A Mention with its qualifier (近/约 before it, 以上/多 after) and its span widened to take them in."""
    start = s
    qualifier = numeral_qualifier(m)
    currency = _CURRENCY.search(simp, max(0, s - 4), s)  # 约新台币1亿2千万元: the qualifier stands before the currency
    lead_end = currency.start() if currency else s
    pm = _PREFIX_RE.search(simp, max(0, lead_end - 3), lead_end)
    if pm:
        qualifier = PREFIX_QUALIFIERS[pm.group(0)]
        start = pm.start()
    if pm and _NOT_A_QUALIFIER.search(simp, max(0, pm.start() - 2), pm.end()):
        qualifier, start = numeral_qualifier(m), s
    sm = _SUFFIX_AFTER_UNIT.match(simp, end)
    if sm and not (sm.group(0) in ("多", "余") and measure in ("", "%")):
        word = sm.group(0)
        if word not in _UPPER_BOUNDS:  # 控制在5%以内, 8分钟以内 keep their value exact, like 一天内
            qualifier = qualifier or SUFFIX_QUALIFIERS.get(word, "more_than")
        end = sm.end()
    return Mention(start, end, s, m.end(), value, unit, measure, qualifier or "exact", kind, chinese)
