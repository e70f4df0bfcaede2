"""Every quantitative statement in the article, as MetricDrafts with exact source offsets.

The text is read clause by clause (clauses.py). In each clause the figure-bearing numerals
(mention_scan.py) are grouped into *runs* — values joined only by 、/和 (18.35%、1.26%和24.83%) — and
each run is read against the words before it:

* a change phrase just before the value makes it a change (changes.py); 从A提升至B gives value B
  and from_value A;
* 分别 (or any run of several values) pairs the values with the 、-separated indicators before
  it, or with the levels the sentence has just named (死亡157人、受伤2128人，分别同比下降…);
* a change with no indicator of its own takes the one of the figure before it (立案408起、同比
  下降11.30%); a number that stands before its noun counts that noun (打掉2个团伙, 3组车巡).

Statements the article repeats are kept once (restatements.py); the place and period a figure is
about come from zh/scope.py. Indicators are sliced from the original text, in its own script.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from reportgen.engines.offline import borrowing, indicators
from reportgen.engines.offline.changes import (
    MULTIPLE_OF,
    RATE_LEAD,
    basis_word,
    change_before,
    from_mark,
    link_from_to,
    row_label,
)
from reportgen.engines.offline.clauses import Clause, layout
from reportgen.engines.offline.mention_scan import scan
from reportgen.engines.offline.mentions import Mention
from reportgen.engines.offline.paragraph import carry_basis_notes, compared_after, heading_labels, sub_areas
from reportgen.engines.offline.penalties import statutory_penalties
from reportgen.engines.offline.restatements import Figure, drop_repeats, reach
from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Change, Evidence, MetricDraft, Period
from reportgen.zh.period_narrowing import earlier_lead
from reportgen.zh.scope import Scope
from reportgen.zh.vocabulary import DECLINE_RATE_NOUNS, FALL, GROWTH_RATE_NOUNS, RISE, alternation, basis_of

Span = tuple[int, int]

# values of one list; a list may change direction on the way (下降11.4%、上升8.9%和12.6%)
# a range (21至75个月) is a run of its two ends
_RUN_JOIN = re.compile(rf"^\s*(?:、|和|及|以及|与|至|到|~|～|:|：)\s*(?:(?P<up>{RISE})|(?P<down>{FALL}))?\s*$")
_RANGE_WORD = re.compile(r"至|到|~|～")
# an amount or a rate stays the indicator when the figure modifies a noun (涉案金额近1亿元的犯罪团伙)
_MEASURED_NOUN = re.compile(r"(?:金额|价值|损失|资金|款|数|率|量|额|总额|面积|重量|比例)$")
# 降幅比上月收窄1.3个百分点 after 房地产开发投资同比下降8.2%: a rate named alone
_RATE_NOUN = re.compile(alternation(GROWTH_RATE_NOUNS + DECLINE_RATE_NOUNS))
# one value said of several subjects: 安装率和设置率均达到100%
_SHARED_BY_ALL = re.compile(r"[均都]")
_SHARED_VERB = re.compile(r"(?:均|都)?(?:实现了|实现|达到|达|为|保持在|保持)?[“「\"]?$")
_RANK_OF_CHANGE = re.compile(r"降幅|增幅|涨幅|排名|综合排名|名次|位次|下降幅度|上升幅度")


@dataclass
class _Carry:
    """What a clause may borrow from the clauses before it in the same sentence."""

    sentence: int = -1
    last: tuple[list[Span], int] | None = None                  # indicator and quote start of the last figure
    levels: list[tuple[list[Span], int]] = field(default_factory=list)  # levels named since the last change
    level_units: list[str] = field(default_factory=list)  # their units, in step
    last_change: tuple[str, str] | None = None
    last_was_rank: bool = False
    context: Span | None = None   # the last clause without a figure (全市刑事警情持续下降，同比下降7%)
    last_level: tuple[list[Span], str] | None = None  # indicator and unit of the last level figure
    echo: tuple[list[Span], str] | None = None  # the last level of the sentence before, when a ； joins them
    spoken: list[tuple[list[Span], int]] = field(default_factory=list)  # the levels the last changes were of

    def note(self, found: list[Figure]) -> None:
        for f in found:
            if f.change is None:
                self.levels.append((f.ind, f.quote[0]))
                self.level_units.append(f.mention.unit)
                self.last_level = (f.ind, f.mention.unit)
            else:
                self.spoken = self.levels or self.spoken
                self.levels, self.level_units = [], []
                self.last_change = f.change
        if found:
            self.last = (found[-1].ind, found[-1].quote[0])
            self.last_was_rank = found[-1].mention.kind == "rank"


def find_figures(doc: Document, region: Bilingual | None = None, period: Period | None = None) -> list[MetricDraft]:
    """Every quantitative statement of ``doc`` (see the module docstring); Chinese text only."""
    if doc.script not in ("zh-Hans", "zh-Hant"):
        return []
    simp = doc.simplified
    lay = layout(simp)
    mentions = scan(simp, lay, doc.furniture)
    starts = [m.start for m in mentions]
    scope = Scope(doc, region, period)
    headlines = [span for span in (doc.title_span, doc.deck_span) if span]
    figures: list[Figure] = []
    carry = _Carry()
    for clause in lay.clauses:
        if clause.sentence != carry.sentence:
            # 元朗区录得2,977宗罪案；屯门区录得2,361宗: parallel sentences joined by ； share what they count
            joined = simp[:clause.start].rstrip(" \u3000").endswith(("；", ";"))
            carry = _Carry(sentence=clause.sentence, echo=carry.last_level or carry.echo if joined else None)
        lo, hi = bisect_left(starts, clause.start), bisect_left(starts, clause.end)
        if hi == lo:
            carry.context = (clause.start, clause.end)
            continue
        found = _ClauseReader(simp, clause, carry, scope.place_spans).read(mentions[lo:hi])
        for f in found:
            f.in_title = any(lo <= f.mention.start < hi for lo, hi in headlines)
        carry.note(found)
        figures.extend(found)
    carry_basis_notes(simp, figures)
    figures = compared_after(simp, figures)
    heading_labels(simp, figures)
    borrowing.rate_subjects(simp, figures)
    borrowing.topic_subjects(simp, figures)
    sub_areas(simp, figures)
    return statutory_penalties(simp, doc.script, [_draft(doc, f, scope) for f in drop_repeats(simp, figures)])




class _ClauseReader:
    """Reads the runs of one clause, left to right, into Figures."""

    def __init__(self, simp: str, clause: Clause, carry: _Carry, places: list[Span]) -> None:
        self.simp, self.clause, self.carry, self.places = simp, clause, carry, places
        self.out: list[Figure] = []
        self.cursor = clause.start          # words before the cursor belong to earlier figures
        self.count_verb: list[Span] = []    # 每日投入 of 每日投入3组车巡、2组铁骑

    def clean(self, lo: int, hi: int, for_rank: bool = False) -> list[Span]:
        return indicators.clean(self.simp, lo, hi, for_rank=for_rank, places=self.places)

    def previous(self) -> tuple[list[Span], int] | None:
        """Indicator and quote start of the figure just before (in this clause, else the sentence)."""
        return (self.out[-1].ind, self.out[-1].quote[0]) if self.out else self.carry.last

    def previous_unranked(self) -> tuple[list[Span], int] | None:
        """Like previous(), but a rank is never what a second rank is about."""
        if self.out:
            return None if self.out[-1].mention.kind == "rank" else (self.out[-1].ind, self.out[-1].quote[0])
        return None if self.carry.last_was_rank else self.carry.last

    def read(self, mentions: list[Mention]) -> list[Figure]:
        mentions, links = link_from_to(self.simp, mentions)
        runs, turns = _runs(self.simp, mentions)
        for r, run in enumerate(runs):
            next_start = runs[r + 1][0].start if r + 1 < len(runs) else self.clause.end
            self._read_run(run, turns, links.get(id(run[0])), next_start)
        borrowing.name_streaks(self.simp, self.clause, self.out)
        for f in self.out:  # 分别由A1、A2降至B1、B2: each value keeps the one it came from
            came = links.get(id(f.mention))
            if came is not None:
                f.from_value = came[0].value
                f.quote = (min(f.quote[0], came[0].start), f.quote[1])
        return self.out

    def _read_run(self, run: list[Mention], turns: dict[int, str], link: tuple[Mention, str] | None,
                  next_start: int) -> None:
        simp, first, last = self.simp, run[0], run[-1]
        pre_lo, pre_hi = self.cursor, first.start
        if self.out:  # the words before an earlier 、 belong to the figure before
            cut = max((e for _, e in self.clause.items if self.cursor <= e < first.start), default=None)
            if cut is not None:
                pre_lo = cut + 1
        if link:
            mark = from_mark(simp, link[0])
            pre_hi = mark if mark is not None else link[0].start
            change: tuple[str, str] | None = (link[1], basis_of(basis_word(simp, pre_lo, pre_hi)))
        else:
            change, pre_hi = change_before(simp, pre_lo, pre_hi, self.carry.last_change)
        if change is None:
            change = self._implied_change(first, last, pre_lo, pre_hi)

        resp = simp.find("分别", pre_lo, pre_hi)
        names_hi = resp if resp >= 0 else pre_hi
        suffix = self.clean(resp + 2, pre_hi) if resp >= 0 else []   # 分别潜逃22年、24年: 潜逃
        if len(run) > 1 and self._read_list(run, turns, change, pre_lo, names_hi, suffix):
            if resp >= 0:
                self._place_each(run, pre_lo, resp)
            return

        if len(run) == 1 and self._read_shared(first, change, pre_lo, names_hi):
            return
        ind = self.clean(pre_lo, names_hi, first.kind == "rank") + suffix
        label = row_label(simp, pre_hi) if change is not None else None
        if label:  # 诈骗案件／320件／350件／-8.6%: the row's first cell names the change
            ind = [label]
        quote_lo = indicators.first_start(ind, first.start)
        source = self.previous() if change is not None and ind else None
        if source and _RATE_NOUN.fullmatch(indicators.text_of(simp, ind)):
            ind = list(source[0]) + ind  # 房地产开发投资 + 降幅: the rate that moved is the investment's
        quote_hi = last.end
        consumed = last.end
        if first.kind == "rank":
            ind = self._rank_indicator(ind, pre_lo, pre_hi)
        elif not ind and change is not None:
            source = self.previous()  # 同比下降11.30% after 立案408起
            if not self.out and first.unit == "%" and self.carry.level_units[-2:-1] not in ([], ["%"]) \
                    and self.carry.level_units[-1:] == ["%"]:
                source = self.carry.levels[-2]  # 有86.2万人次，占总数22.1%，按年增加27.4%: the count grew 27.4%
            if source:
                ind, quote_lo = list(source[0]), source[1]
            elif self.carry.context:
                ind = self.clean(*self.carry.context)
                quote_lo = indicators.first_start(ind, quote_lo)
        elif first.kind == "zero" and first.zero_noun:
            # 两抢案件连续28个月零发案: the subject is the one of the figure just before
            before = self.out[-1] if self.out else None
            borrowed = [sp for sp in before.ind if sp != before.mention.zero_noun] if before else []
            ind = (ind or borrowed) + [first.zero_noun]
        elif change is None:
            noun, mode = indicators.noun_after(simp, (last.end, borrowing.item_end(self.clause, last.end)),
                                     next_start if next_start < borrowing.item_end(self.clause, last.end) else None)
            if noun:
                consumed = noun[1] if noun[1] <= next_start else last.end
                quote_hi = noun[1]
                ind = self._with_counted_noun(ind, noun, mode, last.kind)
        base = earlier_lead(simp, pre_lo, pre_hi)  # 较去年同期的2万2398宗, 上月为70人: an earlier level
        paired = not ind and self.out and self.out[-1].mention.end == first.start  # 提起公诉1523件2104人
        source = self.previous()
        level = self.carry.last_level or self.carry.echo
        if base and source is None and level is not None:
            source = (level[0], first.start)  # ；上月为70人: the level the sentence before named
        if (base or paired) and source:
            ind = list(source[0])
            quote_hi, consumed = last.end, last.end
        if not ind:
            ind = self.clean(self.clause.start, first.start)
            if any(ch.isdigit() for ch in indicators.text_of(simp, ind)):
                ind = []  # 窃盗案件／213件／240件: the clause's words hold an earlier figure, not this one's name
            if not ind and first.measure == ":" and self.out and self.out[-1].mention.measure == ":":
                ind = list(self.out[-1].ind)  # 三次产业结构为7.5∶41.6∶50.9: every term is of the one structure
            context = self.carry.context
            if not ind and first.kind == "count" and context is not None and not self.out and (
                    self.carry.last is None or self.carry.last[1] < context[0]):
                ind = self.clean(*context)  # 大屿山警区罪案最少，全年录得1,044宗: the clause just before names it
                quote_lo = indicators.first_start(ind, quote_lo)
            ind = ind or borrowing.elided(self.simp, first, self.out, self.carry.last_level or self.carry.echo)
            if not ind:  # 本月环比下降12.5%: only time and change words; the quote keeps them (a heading may name it)
                ind = [(first.start, first.end)]
                quote_lo = min(quote_lo, self.clause.start + len(simp[self.clause.start:first.start])
                               - len(simp[self.clause.start:first.start].lstrip(" \u3000")))
        if first.is_percent and change is None and borrowing.SHARE_LEAD.match(indicators.text_of(simp, ind)):
            whose = borrowing.share_subject(self.simp, self.out, self.carry.last_level)  # 有64宗，占总数的34.4%
            if whose:
                ind = [*whose, *ind]
        if link and quote_lo > link[0].start:
            quote_lo = link[0].start - 1
        if first.kind == "flat" and quote_lo < first.start and _has_digit(simp, quote_lo, first.start):
            quote_lo = first.start  # 死亡41人，同比持平: the quote of a zero change carries no other number
        values = tuple(m.value for m in run)
        for m in run:
            if change and id(m) in turns:
                change = (turns[id(m)], change[1])
            from_value = link[0].value if link else None
            self.out.append(Figure(m, ind, (min(quote_lo, m.start), quote_hi), change, from_value, values))
        if resp >= 0 and len(run) > 1:
            self._place_each(run, pre_lo, resp)
        self.cursor = consumed

    def _place_each(self, run: list[Mention], lo: int, hi: int) -> None:
        """老河口市、谷城县、南漳县分别打掉…三个、两个、五个: each value is about its own place."""
        named = [p for p in self.places if lo <= p[0] and p[1] <= hi]
        if len(named) == len(run):
            for f, place in zip(self.out[-len(run):], named, strict=False):
                f.at = place[0]

    def _implied_change(self, first: Mention, last: Mention, lo: int, hi: int) -> tuple[str, str] | None:
        """A change said without a change verb right before the value."""
        simp = self.simp
        basis = self.carry.last_change[1] if self.carry.last_change else "unspecified"
        if first.kind == "flat":  # 同比持平, 与上年同期相同
            return ("flat", basis_of(basis_word(simp, first.start, first.end)))
        if simp[first.start - 1:first.start] == "或" and self.out and self.out[-1].change is not None:
            return self.out[-1].change  # 减少2,118宗或4.5%: the same change, as a share
        if last.measure == "倍" and MULTIPLE_OF.search(simp, max(lo, hi - 8), hi):
            return ("up" if last.value >= 1 else "down", "unspecified")  # 是上年的2.1倍
        context = self.carry.context
        if context and not self.out and context[1] + 1 >= self.clause.start and not self.clean(lo, hi):
            lead = RATE_LEAD.search(simp, context[0], context[1])
            if lead:
                return ("up" if lead.group("up") else "down", basis)  # 升幅最大，达9.2%
        return None

    def _read_shared(self, first: Mention, change: tuple[str, str] | None, lo: int, hi: int) -> bool:
        """命案、两抢案件实现零发案 / 安装率和设置率均达到100%: one figure for each subject named."""
        if first.kind != "zero" and not _SHARED_BY_ALL.search(self.simp, max(lo, hi - 3), first.start):
            return False
        verb = _SHARED_VERB.search(self.simp, lo, hi)  # 涉枪案件实现|零发案: the verb is not part of a name
        hi = verb.start() if verb else hi
        joins = indicators.TOP_JOIN if indicators.TOP_JOIN.search(self.simp, lo, hi) else indicators.ANY_JOIN
        parts = indicators.split_names(self.simp, lo, hi, joins)
        if not 2 <= len(parts) <= 5:
            return False
        names = [self.clean(s, e) for s, e in parts]
        if not all(names) or any(sum(e - s for s, e in n) > indicators.MAX_LEN for n in names):
            return False
        quote = (names[0][0][0], first.end)
        for k, ind in enumerate(names):
            if first.zero_noun:
                ind = ind + [first.zero_noun]
            self.out.append(Figure(first, ind, quote, change, None, (first.value,), subject=k))
        self.cursor = first.end
        return True

    def _read_list(self, run: list[Mention], turns: dict[int, str], change: tuple[str, str] | None,
                   lo: int, hi: int, suffix: list[Span]) -> bool:
        """A list of values gets one indicator each: from the names before it, or the levels just named."""
        names = indicators.item_names(self.clause, lo, hi, self.clean)
        if len(names) != len(run):  # 火灾起数和亡人数分别下降…: a list joined by 和
            names = [self.clean(s, e) for s, e in indicators.split_names(self.simp, lo, hi)]
        if len(names) == len(run) and all(names):
            per_value = [(n, n[0][0]) for n in names]
        else:
            levels = [*self.carry.levels, *[(f.ind, f.quote[0]) for f in self.out if f.change is None]]
            if not levels and len(self.carry.spoken) == len(run):  # 同比分别…，环比分别…: the same levels again
                levels = self.carry.spoken
            if change is None or len(levels) < len(run):
                return False
            per_value = levels[-len(run):]
        quote = (min(q for _, q in per_value), run[-1].end)
        values = tuple(m.value for m in run)
        for m, (ind, _) in zip(run, per_value, strict=True):
            if change and id(m) in turns:
                change = (turns[id(m)], change[1])
            self.out.append(Figure(m, ind + suffix, quote, change, None, values))
        self.cursor = run[-1].end
        return True

    def _rank_indicator(self, ind: list[Span], pre_lo: int, pre_hi: int) -> list[Span]:
        """排名全省第二 after 安全感97.3%, 降幅居全省第一 after 同比下降17.4%: whose rank it is."""
        source = self.previous_unranked()
        if not ind and source:
            borrowed = list(source[0]) + ([(pre_lo, pre_hi)] if pre_hi > pre_lo else [])
            return indicators.clean_rank_suffix(self.simp, borrowed)
        if source and _RANK_OF_CHANGE.fullmatch(indicators.text_of(self.simp, ind)):
            return list(source[0]) + ind
        return ind

    def _with_counted_noun(self, ind: list[Span], noun: Span, mode: str, kind: str) -> list[Span]:
        if mode == "modifier":  # 12人的攻坚队, 潜逃26年的命案逃犯
            if kind == "duration":
                return [noun] + ind
            if ind and _MEASURED_NOUN.search(self.simp, 0, ind[-1][1]):
                return ind
            return [noun]
        if kind == "duration":  # 全区47天无刑事警情
            return ind or [noun]
        if not ind and self.count_verb:  # 2组铁骑 after 每日投入3组车巡
            return self.count_verb + [noun]
        if ind:
            ind = indicators.lead_verb(self.simp, ind)
            self.count_verb = list(ind)
        return ind + [noun]


def _has_digit(simp: str, lo: int, hi: int) -> bool:
    return any(ch.isdigit() for ch in simp[lo:hi])


def _runs(simp: str, mentions: list[Mention]) -> tuple[list[list[Mention]], dict[int, str]]:
    """Values joined only by 、/和 form one run; a direction word in the join turns the values after it."""
    runs: list[list[Mention]] = []
    turns: dict[int, str] = {}
    for m in mentions:
        if runs:
            prev = runs[-1][-1]
            join = _RUN_JOIN.match(simp[prev.end:m.start])
            if join and _RANGE_WORD.search(join.group(0)) and prev.end != prev.num_end:
                join = None  # 上升1.6个百分点至63.4%: a change and the level it reached, not a range
            if (join and prev.is_percent == m.is_percent and prev.kind == m.kind
                    and prev.kind not in ("zero", "rank", "flat")):
                runs[-1].append(m)
                if join.group("up") or join.group("down"):
                    turns[id(m)] = "up" if join.group("up") else "down"
                continue
        runs.append([m])
    return runs, turns


def _draft(doc: Document, f: Figure, scope: Scope) -> MetricDraft:
    m = f.mention
    start, end = reach(f)
    indicator = indicators.text_of(doc.text, indicators.shorten(f.ind)) or doc.text[m.start:m.end]
    region_zh, region_en, period = scope.at(m.start if f.at is None else f.at)
    change = Change(direction=f.change[0], basis=f.change[1]) if f.change else None  # type: ignore[arg-type]
    return MetricDraft(
        indicator_zh=indicator, value=m.value, unit=m.unit, qualifier=m.qualifier,  # type: ignore[arg-type]
        change=change, from_value=f.from_value, region_zh=region_zh, region_en=region_en, period=period,
        quote=doc.text[start:end], start=start, end=end,
        repeats=[Evidence(quote=doc.text[s:e], start=s, end=e) for s, e in sorted(f.repeats)],
    )
