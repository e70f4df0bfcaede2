"""What a figure whose own words name nothing borrows, and what a streak says it held.

Bulletins leave words out: 屯门区录得2,361宗 after 元朗区录得2,977宗罪案 counts the same thing; …有64宗，
占总数的34.4% is the share of what was just counted; 命案现案连续31个月全部破获 is a streak of "all
solved". These rules read the figures the clause reader has already made (``Figure``) and return the
spans of the indicator to use; they never look past the sentence, except across a ；.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reportgen.engines.offline import indicators
from reportgen.engines.offline.clauses import Clause
from reportgen.engines.offline.mentions import Mention
from reportgen.engines.offline.restatements import Figure
from reportgen.zh.vocabulary import STREAK_TREND

Span = tuple[int, int]
Known = tuple[list[Span], str]  # an earlier level figure's indicator and unit

_STREAK = re.compile(r"连续第?$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
SHARE_LEAD = re.compile(r"占|比重|比例")  # a share that names only its whole (占总数的, 占比)
# what a streak of "all solved" says after its length (连续31个月全部破获, 连续8年实现命案全破); other predicates
# (同比下降, 入选百强县) are left to the streak's subject: composed, they read worse than the subject alone
_PREDICATE = re.compile(r"(?:实现|保持|做到)?[\u4e00-\u9fff]{0,4}?(?:全部|全|均|都)?(?:侦破|破获|告破|破案|破|侦结)")


def item_end(clause: Clause, pos: int) -> int:
    """Where the 、-item of ``clause`` holding ``pos`` ends (the clause's end when it has none)."""
    for s, e in clause.items:
        if s <= pos <= e:
            return e
    return clause.end


def name_streaks(simp: str, clause: Clause, out: list[Figure]) -> None:
    """命案连续8年100%侦破: the streak is named by the figure it qualifies (命案 + 100%侦破), never a bare
    "homicide: 8 years"; and the qualified figure keeps the subject written before the streak."""
    for k, f in enumerate(out):
        if f.mention.kind != "duration" or not _STREAK.search(simp, max(0, f.mention.start - 3), f.mention.num_start):
            continue
        g = out[k + 1] if k + 1 < len(out) else None
        if g is None or g.mention.start >= item_end(clause, f.mention.end):
            _streak_predicate(simp, clause, f)  # 命案现案连续31个月全部破获: what held for the streak
            continue
        if g.mention.kind not in ("percent", "zero", "rank") or g.change is not None:
            continue
        subject = [sp for sp in f.ind if sp[1] <= f.mention.start]
        if g.mention.kind == "percent" and subject and all(sp[0] >= f.mention.end for sp in g.ind):
            g.ind = subject + g.ind
        f.ind = subject + [(f.mention.end, max(g.quote[1], g.mention.end))]


def _streak_predicate(simp: str, clause: Clause, f: Figure) -> None:
    """连续31个月全部破获: the words after a streak with no figure of their own say what held all that
    time; they join its name (an "all solved" predicate only, see _PREDICATE)."""
    end = item_end(clause, f.mention.end)
    predicate = simp[f.mention.end:end]
    if 2 <= len(predicate) <= 10 and STREAK_TREND.fullmatch(predicate):
        f.quote = (f.quote[0], max(f.quote[1], end))  # 连续5个月呈现下降趋势: the quote keeps which way it went
        return
    if not 2 <= len(predicate) <= 10 or not _PREDICATE.fullmatch(predicate):
        return
    subject = [sp for sp in f.ind if sp[1] <= f.mention.start]
    f.ind = [*subject, (f.mention.end, end)]
    f.quote = (f.quote[0], max(f.quote[1], end))


def share_subject(simp: str, out: list[Figure], last_level: Known | None) -> list[Span]:
    """The indicator of the last count of the sentence, for a share that names only its whole."""
    before = out[-1] if out else None
    if before is not None:
        found = list(before.ind) if before.change is None and not before.mention.is_percent else []
    else:
        found = list(last_level[0]) if last_level is not None and last_level[1] not in ("%", "percentage points") \
            else []
    text = indicators.text_of(simp, found)
    return found if _HAN.search(text) and not SHARE_LEAD.match(text) else []


def elided(simp: str, first: Mention, out: list[Figure], known: Known | None) -> list[Span]:
    """屯门区录得2,361宗 after 元朗区录得2,977宗罪案: a count whose clause names only its place counts what
    the level before it counted (same unit); ``known`` is the sentence's last level, or the one of the
    sentence a ； joins to this one."""
    if first.kind != "count":
        return []
    before = out[-1] if out else None
    if before is not None:
        found = list(before.ind) if before.change is None and before.mention.unit == first.unit else []
    else:
        found = list(known[0]) if known is not None and known[1] == first.unit else []
    # 以台中市1,842件最多，其次为桃园市1,703件: the next place counts the same thing, but is not the "most"
    found = [sp for sp in found if not _SUPERLATIVE.fullmatch(simp, *sp)]
    return found if _HAN.search(indicators.text_of(simp, found)) else []  # never a bare number


_SUPERLATIVE = re.compile(r"最多|最少|最高|最低|居首|最大")


# a rate named by its noun alone (破获率100%) after the sentence has named what was solved (暴力犯罪发生9件)
_BARE_RATE = re.compile(r"(?:的)?(?:破获率|破案率|侦破率)")
# 死亡2人 after 全年发生火灾事故421起: the fire's deaths (not after a 亡人事故, whose deaths it already names)
_BARE_CASUALTY = re.compile(r"死亡|受伤|死亡人数|受伤人数|直接财产损失|直接经济损失")
_ACCIDENT = re.compile(r"(?<!亡人)(?:火灾|事故)$")
_SOLVING = re.compile(r"破获|侦破|破案|抓获|查处")  # a subject that opens with the solving names no crime
_SUBJECT_TAIL = re.compile(r"(?:发生|立案|受理|接报|录得|共有|共|有|为|达|发案|数字为|数字)+$")
_SUBJECT_LEAD = re.compile(r"立案|立|受理|接报|接到|发生|共发生")
_SENTENCE_STOPS = "。；;！？!?\n"
_FULL_STOPS = "。！？!?\n"


def _sentence_starts(simp: str, stops: str) -> list[int]:
    """Where each sentence starts (0, and one past every stop), for bisecting: one pass over the text."""
    return [0, *(i + 1 for i, ch in enumerate(simp) if ch in stops)]


def _sentence_of(starts: list[int], pos: int) -> int:
    return starts[bisect_right(starts, pos) - 1]


def rate_subjects(simp: str, figures: list[Figure]) -> None:
    """破获率100% after 暴力犯罪发生9件 in one sentence is violent crime's clearance rate, not the place's
    overall one: a bare rate takes the subject the sentence's first level names (its verb left out).
    One pass in text order: each sentence's first level is remembered, never looked for again."""
    starts = {False: _sentence_starts(simp, _SENTENCE_STOPS), True: _sentence_starts(simp, _FULL_STOPS)}
    firsts: dict[tuple[bool, int], Figure] = {}
    for f in figures:
        name = indicators.text_of(simp, f.ind) if f.ind else ""
        casualty = bool(_BARE_CASUALTY.fullmatch(name))
        # a casualty count may follow a ； (全年发生火灾421起…；死亡2人): its sentence runs to the 。
        first = firsts.get((casualty, _sentence_of(starts[casualty], f.mention.start)))
        if name and (casualty or _BARE_RATE.fullmatch(name)):
            if first is not None:
                _borrow_subject(simp, f, first, casualty)
        elif name and f.change is None and not _BARE_RATE.search(name):
            for kind in (False, True):
                firsts.setdefault((kind, _sentence_of(starts[kind], f.mention.start)), f)


def _borrow_subject(simp: str, f: Figure, first: Figure, casualty: bool) -> None:
    start, end = first.ind[0]  # the first piece of its name: a subject is short, and never read from afar
    tail = _SUBJECT_TAIL.search(simp, start, end)
    end = tail.start() if tail else end
    lead = _SUBJECT_LEAD.match(simp, start, end)  # 立刑事案件: the crimes, not their filing
    start = lead.end() if lead else start
    if casualty and not _ACCIDENT.search(simp, start, end):
        return  # 死亡3人 after 发生火灾事故21起 are fire deaths; after anything else, left as they are
    if end - start >= 2 and end <= f.ind[0][0] and not _SOLVING.match(simp, start):
        f.ind = [(start, end), *f.ind]


# 在打击电信网络诈骗方面，起诉614人 / 香港国际机场方面，旅客出入境2,150万人次: the topic a sentence opens with
_TOPIC = re.compile(r"(?:^|(?<=[。；;\n]))[\s\u3000]*(?:在)?(?P<topic>[\u4e00-\u9fff“”]{2,16}?)方面[，,：:]")
_TOPIC_VERB = re.compile(r"(?:严厉打击|依法打击|打击|严打|专项整治|整治|治理|开展|推进|深化|加强)")
_FACILITY = re.compile(r"(?:机场|口岸|管制站|检查站|码头|车站|港口)$")  # not 港: 香港方面 is a place
# 起诉, 判处, 抓获: a verb that names no subject of its own
_VERB_NAME = re.compile(r"(?:共|累计)?(?:起诉|判处|抓获|逮捕|批捕|批准逮捕|刑拘|刑事拘留|拘留|查处|破获|侦破|办理|"
                        r"受理|审结|移送|立案|查获|打掉|捣毁|处理|提起公诉|公诉|追回|挽回|劝阻|拦截)(?:了)?")


def topic_subjects(simp: str, figures: list[Figure]) -> None:
    """A figure in a sentence led by "X方面，" is about X when its own name says no more than a verb (起诉614人)
    or X is a place of its own (an airport, a control point): X leads its name."""
    starts = _sentence_starts(simp, _SENTENCE_STOPS)
    topics: dict[int, tuple[int, tuple[int, int], bool]] = {}  # sentence start -> (topic end, span, facility)
    for m in _TOPIC.finditer(simp):
        lead = _TOPIC_VERB.match(simp, m.start("topic"), m.end("topic"))  # 打击电信网络诈骗: the crime is the topic
        topic = (lead.end() if lead else m.start("topic"), m.end("topic"))
        facility = bool(_FACILITY.search(simp, topic[0], topic[1]))
        topics[_sentence_of(starts, m.end() - 1)] = (m.end(), topic, facility)
    for f in figures:
        found = topics.get(_sentence_of(starts, f.mention.start))
        if found is None or not f.ind or f.ind[0][0] < found[0]:
            continue
        if found[2] or _VERB_NAME.fullmatch(indicators.text_of(simp, f.ind)):
            f.ind = [found[1], *f.ind]
