"""Figures that cannot all be right: impossible changes, rate/count confusion, ambiguous numerals,
parts larger than their total, one figure stated twice with different values.

An anomaly is a warning to a human reader, so precision comes first: every check asks for the
pattern that makes the contradiction certain (the same change value on a rate and on a count of
the same indicator; a part in the same unit as its total; the same indicator, place and period)
and stays silent otherwise. Checks read the article's Simplified view, so they do not depend on
which figures an engine found; metrics, when they overlap, lend their id and are checked too.
Offsets point into ``doc.text`` (the view has the same length), quotes are ``doc.text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from reportgen.english.numbers import quantity
from reportgen.english.units import unit_en
from reportgen.ingest.document import Document
from reportgen.memo import once, per_text
from reportgen.models import Anomaly, Metric
from reportgen.zh.numerals import chinese_to_number, find_numbers, same_value
from reportgen.zh.places import pair_positions
from reportgen.textscan import Scanner

_NUM = r"\d+(?:\.\d+)?"
_UP = "上升|增长|增加|提高|提升|上涨|攀升"
_DOWN = "下降|减少|下跌|降低|回落"
_BASIS = r"同比|环比|较去年同期|比去年同期|较上年同期|比上年同期|较上年|比上年|较去年|比去年"
_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,：:"
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


def detect(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """Every anomaly in the article, in text order, outside page furniture, one per place and kind."""
    found: list[Anomaly] = []
    for check in (impossible_changes, rate_count_confusions, ambiguous_numerals, parts_exceeding_totals,
                  conflicting_values):
        found.extend(check(doc, metrics))
    kept: list[Anomaly] = []
    for anomaly in sorted(found, key=lambda a: (a.start, a.end)):
        if doc.is_furniture(anomaly.start, anomaly.end):
            continue
        if any(k.kind == anomaly.kind and k.start < anomaly.end and anomaly.start < k.end for k in kept):
            continue
        kept.append(anomaly)
    return kept


# ------------------------------------------------------------------------------------------
# shared helpers
# ------------------------------------------------------------------------------------------


def _anomaly(doc: Document, kind: str, start: int, end: int, explanation: str,
             metric_id: int | None = None) -> Anomaly:
    return Anomaly(metric_id=metric_id, kind=kind, quote=doc.text[start:end], start=start, end=end,
                   explanation=explanation)


def _metric_at(metrics: list[Metric], start: int, end: int, value: float | None = None) -> int | None:
    """Id of a metric whose evidence overlaps [start, end) (and carries ``value``, when given)."""
    for m in metrics:
        if m.evidence.start < end and start < m.evidence.end and (value is None or same_value(float(m.value), value)):
            return m.id
    return None


def _bounds(text: str, pos: int, stops: str) -> tuple[int, int]:
    """[start, end) of the stretch around ``pos`` delimited by any of ``stops`` (single characters)."""
    if pos < 0:  # str.find's negative offsets count from the end: keep that meaning
        start = max((text.rfind(ch, 0, pos) for ch in stops), default=-1) + 1
        ends = [i for i in (text.find(ch, pos) for ch in stops) if i >= 0]
        return start, min(ends) if ends else len(text)
    at = _stop_positions(text, stops)  # a bisection instead of one scan per stop character per call
    k = bisect_left(at, pos)
    return (at[k - 1] + 1 if k else 0), (at[k] if k < len(at) else len(text))


@per_text(size=8)
def _stop_positions(text: str, stops: str) -> list[int]:
    return [m.start() for m in re.finditer(f"[{re.escape(stops)}]", text)]


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _fmt(value: float) -> str:
    return f"{value:,.10g}" if abs(value) >= 10000 else f"{value:g}"


# ------------------------------------------------------------------------------------------
# places and periods: the scope a figure is about
# ------------------------------------------------------------------------------------------

_SCOPE_WORD = r"全国|全省|全市|全州|全县|全区|全旗|全镇|全乡|该省|该市|该州|该县|该区|该镇|本省|本市|本县|本区"
_PERIOD = re.compile(
    r"\d{4}年(?:\d{1,2}(?:月份?)?(?:[至到\-—~]\d{1,2}月份?)?)?|\d{1,2}(?:[至到\-—~]\d{1,2})?月份?"
    r"|[一二三四1-4]季度|第[一二三四]季度|上半年|下半年|前三季度|今年以来|今年|去年|上年|全年|年初以来|同期"
)
# Names of real places that are also everyday words in police prose (公安局, 平安建设, 新城区, 城区巡逻):
# as a scope they would be read in the wrong sentences.
_COMMON_WORD_PLACES = frozenset(
    "公安 平安 资源 红旗 和平 新华 长安 永安 城中 新城 城关 江南 江北 河东 河西 向阳 东方 太平 安宁 白云 青山 友好 "
    "新兴 长寿 永和 和顺 平顺 正安 新建 城西 城东 城北 东山 西山 南山 上城 下城 振兴 东风 前进 新市 吉利 大方 大安 "
    "安达 元宝 建华 宁安 康乐 民乐 中原 海城 立山 清河 永定 铁东 铁西 城区 郊区 矿区 东区 西区 南区 北区 中区 新区 "
    "安全 文明 光明 团结 开发 高新".split()
)
_SUFFIXES = ("特别行政区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "矿区", "省", "市", "州", "县",
             "区", "盟", "旗")
_SUFFIX_SET = frozenset(_SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(s) for s in _SUFFIXES}, reverse=True)


@dataclass(frozen=True)
class _PlaceNames:
    """Administrative names (full, and short where the short form is still two characters or more) and
    scope words (全市, 该县), found by dictionary lookups.

    It finds exactly what the alternation ``scope words | names, longest first`` would (scope word first,
    else the longest name that fits before ``endpos``, scanning on after each match), but a regex
    alternation of ~7,000 names took ~0.3 s to compile and tried every name at every position."""

    scope_words: frozenset[str]
    names: frozenset[str]
    lengths: dict[str, tuple[int, ...]]  # first two characters -> lengths of names starting so, longest first
    openings: frozenset[str]  # the first two characters of every name and scope word

    def spans(self, text: str, pos: int = 0, endpos: int | None = None,
              starts: list[int] | None = None) -> list[tuple[int, int]]:
        """[start, end) of each name or scope word in ``text[pos:endpos]``, left to right, no overlaps.
        ``starts``: the sorted positions where a name or scope word may begin (default: every position)."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        scope_words, names, lengths = self.scope_words, self.names, self.lengths
        found: list[tuple[int, int]] = []
        i = pos
        for c in (range(pos, endpos - 1) if starts is None else starts[bisect_left(starts, pos):]):
            if c >= endpos - 1:
                break
            if c < i:
                continue
            two = text[c:c + 2]
            if two in scope_words:
                found.append((c, c + 2))
                i = c + 2
                continue
            for size in lengths.get(two, ()):
                if c + size <= endpos and text[c:c + size] in names:
                    found.append((c, c + size))
                    i = c + size
                    break
        return found

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list[str]:
        """Names in a stretch of an article (scope_at asks many times about one text: its candidate
        positions are computed once)."""
        return [text[s:e] for s, e in self.spans(text, pos, endpos, _name_starts(text))]

    def remove(self, text: str) -> str:
        out, last = [], 0
        for s, e in self.spans(text):
            out.append(text[last:s])
            last = e
        out.append(text[last:])
        return "".join(out)


def _place_names_from_data() -> set[str]:
    from importlib.resources import files

    names: set[str] = set()
    try:
        rows = files("reportgen").joinpath("data/divisions.tsv").read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, OSError):
        rows = []
    for row in rows:
        if row.startswith("#") or "\t" not in row:
            continue
        name = row.split("\t", 1)[1].strip()
        if len(name) < 2:
            continue
        names.add(name)
        # the first suffix of _SUFFIXES (longest first) that leaves a stem of two or more; at each
        # length a name ends with one suffix at most, so its last characters are looked up instead
        # of trying all 15 on each of 3,000 names
        for length in _SUFFIX_LENGTHS:
            if len(name) - length >= 2 and name[-length:] in _SUFFIX_SET:
                names.add(name[:-length])
                break
    return names - _COMMON_WORD_PLACES


@once
def _place_names() -> _PlaceNames:
    names = _place_names_from_data()
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[:2], set()).add(len(name))
    scope_words = frozenset(_SCOPE_WORD.split("|"))
    return _PlaceNames(scope_words, frozenset(names),
                       {two: tuple(sorted(ls, reverse=True)) for two, ls in lengths.items()},
                       frozenset(lengths) | scope_words)


@per_text()
def _name_starts(text: str) -> list[int]:
    """Positions of ``text`` whose two characters begin a name or scope word."""
    return pair_positions(text, _place_names().openings)


# every character a _PERIOD match can begin with (keep in step with _PERIOD's alternatives)
_PERIOD_FIRST = re.compile(r"[\d一二三四第上下前今去全年同]")


def _period_mentions(text: str, pos: int, endpos: int) -> list[str]:
    """What ``_PERIOD.finditer(text, pos, endpos)`` finds, trying the pattern only where a period can
    begin: scope_at asks about many stretches of one article, and the pattern has no literal prefix."""
    starts = _period_starts(text)
    found: list[str] = []
    cursor = pos
    for at in starts[bisect_left(starts, pos):]:
        if at >= endpos:
            break
        if at < cursor:
            continue
        m = _PERIOD.match(text, at, endpos)
        if m:
            found.append(m.group(0))
            cursor = m.end()
    return found


@per_text()
def _period_starts(text: str) -> list[int]:
    return [m.start() for m in _PERIOD_FIRST.finditer(text)]


@dataclass(frozen=True)
class Scope:
    places: tuple[str, ...]
    period: str | None
    names: tuple[str, ...]  # quoted campaign names (“护航”行动) in the sentence: each its own scope
    explicit_place: bool  # the figure's own sentence names its place (全市, 梅县区), not only a short name


def scope_at(doc: Document, pos: int) -> Scope:
    """The place(s) and period a figure at ``pos`` is about: the mentions before it in its sentence,
    else the nearest one in its paragraph (a figure in a county's paragraph is about that county)."""
    text = doc.simplified
    sentence_start, _ = _bounds(text, pos, _SENTENCE_END)
    paragraph_start = _paragraph_start(text, pos)
    in_sentence = _place_names().findall(text, sentence_start, pos)
    if in_sentence:
        places = tuple(dict.fromkeys(in_sentence))
    else:
        in_paragraph = _place_names().findall(text, paragraph_start, pos)
        places = tuple(in_paragraph[-1:])
    periods = _period_mentions(text, sentence_start, pos) or _period_mentions(text, paragraph_start, pos)
    explicit = any(re.fullmatch(_SCOPE_WORD, p) or p.endswith(_SUFFIXES) for p in in_sentence)
    names = tuple(re.findall(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]", text[sentence_start:pos]))
    return Scope(places, periods[-1] if periods else None, names, explicit)


# ------------------------------------------------------------------------------------------
# statements: indicator + figure, read from the text (independent of any engine)
# ------------------------------------------------------------------------------------------

_LEADING = re.compile(
    rf"^(?:据统计|据了解|数据显示|统计数据显示|统计显示|其中|同时|此外|另外|今年以来|年初以来|以来|{_PERIOD.pattern}"
    rf"|{_SCOPE_WORD}|共|累计|合计|总计|实现|在|的)+"
)
_CHANGE = re.compile(
    rf"(?P<basis>{_BASIS})?(?P<dir>{_UP}|{_DOWN})(?:了|幅度为|幅度达|达)?"
    rf"(?P<values>{_NUM}(?:%|个百分点)(?:、{_NUM}(?:%|个百分点))*)(?![\d.])"
)
_UP_WORD = re.compile(_UP)
_CHANGE_SCAN = Scanner(_CHANGE)  # tried only where a basis or direction word begins (textscan.py)
_VALUE = re.compile(rf"(?P<num>{_NUM})(?P<unit>%|个百分点)")
_LEVEL_TAIL = re.compile(rf"(?:为|达|达到|是)?{_NUM}(?:%|[\u4e00-\u9fff]{{0,2}})$")


@dataclass(frozen=True)
class Statement:
    """One figure as the text states it, with the indicator the clause attaches it to."""

    indicator: str
    value: float
    unit: str  # "%", "pt" (percentage points) or a unit word
    direction: str | None  # None for a level
    basis: str | None  # the 同比/环比 words, None when the text names none
    start: int  # the figure's stretch: direction words and number
    end: int
    clause_start: int


def _clean_indicator(raw: str) -> str:
    raw = raw.strip(" 、，,的")
    raw = _place_names().remove(_LEADING.sub("", raw)) if raw else raw
    return _LEADING.sub("", raw).strip(" 、，,的")


def change_statements(doc: Document) -> list[Statement]:
    """Changes stated as 'indicator (同比|环比) 上升/下降 X%' including 分别 lists
    ('A、B分别同比上升x%、y%' gives A x% and B y%)."""
    return list(_change_statements(doc.simplified))


@per_text()
def _change_statements(text: str) -> tuple[Statement, ...]:
    """change_statements of one article's Simplified view, read once: two checks ask for them."""
    out: list[Statement] = []
    for m in _CHANGE_SCAN.finditer(text):
        clause_start, _ = _bounds(text, m.start(), _CLAUSE_END)
        prefix = text[clause_start:m.start()]
        direction = "up" if _UP_WORD.fullmatch(m.group("dir")) else "down"
        values = list(_VALUE.finditer(m.group("values")))
        indicators = _indicators_for(text, clause_start, prefix, len(values))
        for k, v in enumerate(values):
            start = m.start() if k == 0 else m.start("values") + v.start()
            end = m.start("values") + v.end()
            out.append(Statement(
                indicator=indicators[k] if k < len(indicators) else "",
                value=float(v.group("num")), unit="%" if v.group("unit") == "%" else "pt",
                direction=direction, basis=m.group("basis"), start=start, end=end, clause_start=clause_start,
            ))
    return tuple(out)


def _indicators_for(text: str, clause_start: int, prefix: str, count: int) -> list[str]:
    """The indicator(s) a change clause speaks of; a 分别 list maps item k to value k."""
    if count > 1 or prefix.endswith("分别"):
        source = prefix[:-2] if prefix.endswith("分别") else prefix
        if not source.strip(" 、，,"):
            # 'A 12起、B 3人，分别同比下降…': the list is the previous clause
            prev_start, _ = _bounds(text, max(0, clause_start - 2), _CLAUSE_END)
            source = text[prev_start:clause_start - 1] if clause_start > 0 else ""
        items = [re.sub(rf"(?:为|达)?{_NUM}.*$", "", item) for item in source.split("、")]
        return [_clean_indicator(item) for item in items]
    # 'X率51.8%、同比上升37.82%': the level in front names the indicator
    head = prefix.rstrip("、 ")
    head = _LEVEL_TAIL.sub("", head) if re.search(r"\d", head) else head
    head = re.sub(r"(?:在.*的基础上再?|再)$", "", head)
    indicator = _clean_indicator(head)
    if not indicator and clause_start > 1 and text[clause_start - 1] in "，,":
        # '破案率40%，同比上升12.5%': the change speaks of the level in the clause before
        prev_start, _ = _bounds(text, clause_start - 2, _CLAUSE_END)
        previous = text[prev_start:clause_start - 1]
        if _LEVEL_TAIL.search(previous):
            indicator = _clean_indicator(_LEVEL_TAIL.sub("", previous))
    return [indicator]


_LEVEL = re.compile(
    rf"(?P<ind>[\u4e00-\u9fff“”\"]{{2,16}}?)(?:为|达|达到|共|计)?(?P<num>{_NUM})(?P<mag>万|亿)?"
    r"(?P<unit>人次|辆次|万元|亿元|元|人|名|起|宗|件|个|次|辆|户|家|处|天|条|部|台|吨|公斤|%)(?![\d\u4e00-\u9fff]*[%])"
)


_DIGIT_RUN = re.compile(r"\d+")
_LEVEL_LEAD = 18  # most characters _LEVEL puts before its number: a 16-character indicator and 达到


_LEVEL_IND_MAX = 16  # the longest indicator _LEVEL takes (its lazy 2-16 characters)
# the indicator run that ends where the number starts: _LEVEL's indicator and verb are all such characters
_LEVEL_IND_RUN = re.compile(r"[\u4e00-\u9fff“”\"]+\Z")


def _level_matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_LEVEL.finditer(text)`` finds, trying the pattern only where it can start: up to
    _LEVEL_LEAD characters before a run of digits (everything before _LEVEL's number is Han or quotes,
    so its number is the first digit run after its start). Trying a lazy 2-16 character prefix at
    every position of an article was most of level_statements' time.

    Before a run, only the positions from which Han or quotes reach the digits can start a match; and
    what follows the number (unit, no % later) is the same from every start, so once a start near enough
    for an indicator without a verb fails, every later start fails too."""
    cursor = 0  # where finditer would search on from (the last match's end; the last run's end)
    for run in _DIGIT_RUN.finditer(text):
        digits = run.start()
        lead = _LEVEL_IND_RUN.search(text, max(cursor, digits - _LEVEL_LEAD), digits)
        if lead is not None:
            for at in range(lead.start(), digits - 1):
                m = _LEVEL.match(text, at)
                if m:
                    yield m
                    cursor = m.end()
                    break
                if digits - at <= _LEVEL_IND_MAX:
                    break  # not too far for the indicator: the number's own end failed
        cursor = max(cursor, run.end())


_CHANGE_WORD = re.compile(rf"{_BASIS}|{_UP}|{_DOWN}|增幅|降幅")
_CHANGE_AFTER = re.compile(rf"(?:、|,|，)?\s*(?:{_BASIS})?(?:{_UP}|{_DOWN})")
_APPROXIMATE_AFTER = re.compile(r"[多余左以]")
_APPROXIMATE_BEFORE = re.compile(r"[近约逾超]")


def level_statements(doc: Document) -> list[Statement]:
    """Levels stated as 'indicator number unit' at the start of a clause (立刑事案件1365宗)."""
    text = doc.simplified
    out: list[Statement] = []
    for m in _level_matches(text):
        clause_start, clause_end = _bounds(text, m.start(), _CLAUSE_END + "、")
        if m.start() != clause_start and not _LEADING.match(text[clause_start:m.start()] or "x"):
            continue
        if _CHANGE_WORD.search(m.group("ind")):
            continue  # a change written without its indicator (、同比下降11.3%)
        following = text[m.end():clause_end]
        if _CHANGE_AFTER.match(following) or _APPROXIMATE_AFTER.match(following):
            continue  # a change, or an approximate figure: not a level to compare exactly
        before = text[max(0, m.start("ind") - 2):m.start("ind")]
        if _APPROXIMATE_BEFORE.search(before + m.group("ind")[-1:]):
            continue
        value = round(float(m.group("num")) * {"万": 1e4, "亿": 1e8}.get(m.group("mag") or "", 1), 6)
        unit = {"名": "人", "宗": "起", "件": "起"}.get(m.group("unit"), m.group("unit"))
        out.append(Statement(indicator=_clean_indicator(m.group("ind")), value=value, unit=unit, direction=None,
                             basis=None, start=m.start("ind"), end=m.end(), clause_start=clause_start))
    return out


# ------------------------------------------------------------------------------------------
# impossible changes
# ------------------------------------------------------------------------------------------

_IMPOSSIBLE = re.compile(
    rf"(?P<basis>(?:{_BASIS})\s*)?(?:(?P<dir>{_DOWN}|降幅|减幅)(?:了|为|达|达到|幅度为|幅度达)?|(?:{_UP})[-－−])\s*"
    rf"(?:近|约|超过|超|逾)?(?P<num>{_NUM})\s*[%％](?![\d.])"
)
_IMPOSSIBLE_SCAN = Scanner(_IMPOSSIBLE)
# amounts that can turn negative: a fall of more than 100% is possible for them
_CAN_BE_NEGATIVE = re.compile(r"利润|盈利|亏损|赤字|差额|顺差|逆差|净值|净额|净利|收支|结余")


def impossible_changes(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """A fall of more than 100% of an amount (not percentage points): it would leave less than nothing."""
    text = doc.simplified
    out: list[Anomaly] = []
    for m in _IMPOSSIBLE_SCAN.finditer(text):
        value = float(m.group("num"))
        clause_start, _ = _bounds(text, m.start(), _CLAUSE_END)
        if value <= 100 or _CAN_BE_NEGATIVE.search(text, clause_start, m.start()):
            continue
        start, end = m.start(), m.end()
        out.append(_anomaly(doc, "impossible_change", start, end, _impossible_why(value),
                            _metric_at(metrics, start, end, value)))
    for metric in metrics:
        change = metric.change
        quote = text[metric.evidence.start:metric.evidence.end]
        if (change is not None and change.direction == "down" and metric.unit == "%" and metric.value > 100
                and "百分点" not in quote and not _CAN_BE_NEGATIVE.search(quote)
                and not any(a.start < metric.evidence.end and metric.evidence.start < a.end for a in out)):
            out.append(_anomaly(doc, "impossible_change", metric.evidence.start, metric.evidence.end,
                                _impossible_why(float(metric.value)), metric.id))
    return out


def _impossible_why(value: float) -> str:
    return (f"A fall of {value:g}% is impossible for a positive amount: nothing can fall by more than 100% of "
            "itself. The percentage, or the base it was computed from, is wrong; the true change cannot be "
            "recovered from the article.")


# ------------------------------------------------------------------------------------------
# rate / count confusion
# ------------------------------------------------------------------------------------------


def rate_count_confusions(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """A change given for a rate (X率) that the text elsewhere gives, with the same value and
    direction, for the count of the same indicator (X数): one of the two labels is wrong."""
    statements = [s for s in change_statements(doc) if s.unit == "%"]
    out: list[Anomaly] = []
    for rate in statements:
        if not rate.indicator.endswith("率"):
            continue
        bases = _base_candidates(rate.indicator[:-1])
        for other in statements:
            if other is rate or other.direction != rate.direction or not same_value(other.value, rate.value):
                continue
            if other.start < rate.end and rate.start < other.end:
                continue
            base = next((b for b in bases if _is_count_of(other.indicator, b)), None)
            if base is None:
                continue
            sentence_start, _ = _bounds(doc.simplified, rate.start, _SENTENCE_END)
            word = doc.simplified.rfind(base + "率", sentence_start, rate.end)
            start = word if word >= 0 else rate.start
            out.append(_anomaly(
                doc, "rate_count_confusion", start, rate.end,
                f"Rate and count confused: a {'rise' if rate.direction == 'up' else 'fall'} of {rate.value:g}% is attached here to the rate "
                f"'{base}率', and elsewhere in the article the same {rate.value:g}% is the change in the count "
                f"'{other.indicator}'. Both can change by exactly the same proportion only by coincidence, so one "
                "of the two labels is almost certainly wrong (and a change in a rate may be meant in percentage "
                "points).",
                _metric_at(metrics, rate.start, rate.end, rate.value),
            ))
            break
    return out


def _base_candidates(stem: str) -> list[str]:
    """'梅县区破案' -> ['梅县区破案', '县区破案', '区破案', '破案']: the base may carry a place in front."""
    return [stem[i:] for i in range(len(stem) - 1)] if len(stem) >= 2 else []


def _is_count_of(indicator: str, base: str) -> bool:
    """'破案数', '刑事案件破案数', '破案' are counts of 破案; '破案率' is not."""
    if not indicator or indicator.endswith("率"):
        return False
    i = indicator.find(base)
    return i >= 0 and not indicator[i + len(base):].startswith("率")


# ------------------------------------------------------------------------------------------
# ambiguous numerals
# ------------------------------------------------------------------------------------------

_PAREN_DIGIT = re.compile(r"(?<![\d.表图第件])(\d+(?:\.\d+)?)[(（](\d+)[)）]"
                          r"(?![号条款项期章节版卷页表图班室栋楼单元])")
_KATAKANA_IN_NUMERAL = re.compile(
    rf"(?<![\u30a0-\u30ff])(?:[{_CN_NUMERAL}\d]ー+|ー+(?=[{_CN_NUMERAL}\d个名人起件次宗项天年月户辆元]))"
    rf"[{_CN_NUMERAL}\d]*"
)
# a single dash where 一 belongs: 抓获—百余人, 历时—个月, 全省第— (a route 南宁—百色 is no numeral)
_DASH_AS_ONE = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![{_CN_NUMERAL}])[—－―─](?![—－―─])"
    r"(?=[十百千万亿]+[余多]?[个名人起件次宗项天年户辆元]|[个名](?:[月人起次]|[^\u4e00-\u9fff]))"
    r"|第[—－―─](?![—－―─])"
)
_LATIN_IN_DIGITS = re.compile(r"(?<=\d)[OoIl]+(?=\d|[%万亿千百个名人起件次宗])|(?<![A-Za-z])[Ol](?=\d{2,})")
# these two are rare: tried only where a dash or a look-alike letter stands (textscan.py)
_DASH_AS_ONE_SCAN, _LATIN_IN_DIGITS_SCAN = Scanner(_DASH_AS_ONE), Scanner(_LATIN_IN_DIGITS)
_DOUBLED = re.compile(
    r"(?P<cn>[一二两三四五六七八九十]+)(?P<cls>个)?(?P<ar>\d+)(?:个|名|人|起|件|次|宗|项|天|年|月|小时|户|辆|元)"
    r"|(?P<ar2>\d+)(?P<cn2>[一二两三四五六七八九十]+)(?:个|名|人|起|件|次|宗|项|天|年|小时|户|辆)"
)


def ambiguous_numerals(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """Numerals a reader cannot read with certainty: '12(3)起', 'ー千' (katakana for 一), '1O5'
    (a letter inside digits), '一个1小时' (a number written twice)."""
    text, simplified = doc.text, doc.simplified
    out: list[Anomaly] = []
    for m in _PAREN_DIGIT.finditer(simplified):
        out.append(_anomaly(
            doc, "ambiguous_numeral", m.start(), m.end(),
            f"'{doc.text[m.start():m.end()]}': a digit in parentheses right after a number. It is unclear whether "
            f"the figure is {m.group(1)}, {m.group(1)}{m.group(2)}, or {m.group(1)} with {m.group(2)} of a "
            "sub-category; check the original.",
            _metric_at(metrics, m.start(), m.end())))
    # every match holds the mark ー (and the pattern, led by a lookbehind, is tried at every character)
    for m in (_KATAKANA_IN_NUMERAL.finditer(text) if "ー" in text else ()):
        out.append(_anomaly(
            doc, "ambiguous_numeral", m.start(), m.end(),
            f"'{m.group(0)}' contains the katakana long-vowel mark 'ー' where a numeral is expected: it is most "
            "likely the Chinese numeral 一 (one) mistyped, so the figure cannot be read with certainty.",
            _metric_at(metrics, m.start(), m.end())))
    for m in _DASH_AS_ONE_SCAN.finditer(text):
        end = m.end()
        while end < len(text) and text[end] in _CN_NUMERAL + "0123456789":
            end += 1
        start = m.start()
        out.append(_anomaly(
            doc, "ambiguous_numeral", start, max(end, start + 1),
            f"'{text[start:max(end, start + 1)]}': a dash stands where a numeral is expected, most likely the "
            "Chinese numeral 一 (one) mistyped, so the figure cannot be read with certainty.",
            _metric_at(metrics, start, end)))
    for m in _LATIN_IN_DIGITS_SCAN.finditer(text):
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        while end < len(text) and (text[end].isdigit() or text[end] == "."):
            end += 1
        out.append(_anomaly(
            doc, "ambiguous_numeral", start, end,
            f"'{text[start:end]}' has the letter '{m.group(0)}' inside a number, probably a mistyped digit "
            "(O for 0, l or I for 1); the figure cannot be read with certainty.",
            _metric_at(metrics, start, end)))
    for m in _DOUBLED.finditer(simplified):
        cn, ar = (m.group("cn"), m.group("ar")) if m.group("cn") else (m.group("cn2"), m.group("ar2"))
        if chinese_to_number(cn) != float(ar):
            continue
        out.append(_anomaly(
            doc, "ambiguous_numeral", m.start(), m.end(),
            f"'{text[m.start():m.end()]}': the same number is written twice, once in Chinese and once in digits. "
            "It is probably an editing slip, but it could also hide a different figure.",
            _metric_at(metrics, m.start(), m.end())))
    return out


# ------------------------------------------------------------------------------------------
# parts larger than their total
# ------------------------------------------------------------------------------------------

_UNIT_AFTER = re.compile(r"(?:余|多)?(人次|辆次|人|名|起|宗|件|辆|元|户|家|处|次|个|吨|公斤)")
_TOTAL_MARK = re.compile(r"共|总计|合计|累计|总共|一共")
_PARTS_STOP = re.compile(r"另|此外|同时|还|并|以及|又|共|累计|合计|总计|全年|全市|全县|全区|全省")
_STAGES = re.compile(r"刑拘|刑事拘留|逮捕|批捕|起诉|移送|判处|强制措施|立案|破案|抓获")


@dataclass(frozen=True)
class _Count:
    value: float
    lower: float  # the smallest value the wording allows (近100 -> 0: unknown)
    upper: float  # the largest value the wording allows (1200多 -> 1300)
    unit: str
    start: int
    end: int


_CHANGED_BEFORE = re.compile(rf"(?:{_UP}|{_DOWN}|同比|环比)[了]?$")


def _counts(text: str, start: int, end: int) -> list[_Count]:
    """Counts with a unit in text[start:end], skipping percentages and changes (上升12人)."""
    out: list[_Count] = []
    for n in find_numbers(text[start:end]):
        if n.percent:
            continue
        s, e = start + n.start, start + n.end
        unit = _UNIT_AFTER.match(text, e)
        if not unit:
            continue
        before = text[max(start, s - 6):s]
        if _CHANGED_BEFORE.search(before):
            continue
        if n.qualifier in ("over", "at_least"):
            upper = float("inf")
        elif n.qualifier == "more_than":
            upper = n.value + _last_place(n.value)
        elif n.qualifier in ("about", "nearly"):
            upper = n.value * 1.1
        else:
            upper = n.value
        lower = 0.0 if n.qualifier in ("nearly", "under", "about") else n.value
        out.append(_Count(n.value, lower, upper, unit_en(unit.group(1)), s, unit.end()))
    return out


def _last_place(value: float) -> float:
    """1200 -> 100, 10000 -> 10000, 35 -> 1: the step a 多/余 may add."""
    if value <= 0 or value != int(value):
        return 1.0
    step, v = 1.0, int(value)
    while v % 10 == 0 and v > 0:
        v //= 10
        step *= 10
    return step


def parts_exceeding_totals(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """'抓获嫌疑人120人，其中…150人': a part in the same unit larger than its total; or, after a
    stated total (共…), listed parts (A…、B…) that add up to more than it."""
    text = doc.simplified
    out: list[Anomaly] = []
    for hit in re.finditer("其中", text):
        sentence_start, sentence_end = _bounds(text, hit.start(), _SENTENCE_END)
        totals = _counts(text, sentence_start, hit.start())
        total_start = sentence_start
        if not totals and text[sentence_start:hit.start()].strip(" ，,") == "" and sentence_start > 1:
            prev_start, _ = _bounds(text, sentence_start - 2, _SENTENCE_END)
            totals = _counts(text, prev_start, sentence_start - 1)
            total_start = prev_start
        if not totals:
            continue
        total = totals[-1]
        total_clause_start, _ = _bounds(text, total.start, _CLAUSE_END)
        stated_total = bool(_TOTAL_MARK.search(text[max(total_start, total_clause_start):total.start]))
        parts = _parts_after(text, hit.end(), sentence_end, total.unit)
        if not parts:
            continue
        biggest = max(parts, key=lambda p: p.lower)
        if biggest.lower > total.upper:
            out.append(_anomaly(
                doc, "parts_exceed_total", total.start, biggest.end,
                f"A part is larger than its total: {_fmt(biggest.value)} {total.unit} 'of which' out of "
                f"{_fmt(total.value)} {total.unit}. One of the two figures is wrong.",
                _metric_at(metrics, biggest.start, biggest.end, biggest.value)))
            continue
        listed = text[hit.end():parts[-1].end]
        if (stated_total and len(parts) >= 2 and sum(p.lower for p in parts) > total.upper
                and len(_STAGES.findall(listed)) < 2 and _one_dimension(text, parts)):
            summed = sum(p.value for p in parts)
            shown = " + ".join(_fmt(p.value) for p in parts)
            out.append(_anomaly(
                doc, "parts_exceed_total", total.start, parts[-1].end,
                f"The parts listed add up to more than the stated total: {shown} = {_fmt(summed)} {total.unit}, "
                f"but the total is {_fmt(total.value)} {total.unit}. A part or the total is wrong (unless the "
                "parts overlap, which the text does not say).",
                _metric_at(metrics, total.start, total.end, total.value)))
    return out


def _one_dimension(text: str, parts: list[_Count]) -> bool:
    """Parts named alike (涉毒…、涉赌…; 电诈嫌疑人…、涉毒嫌疑人…; 男性…、女性…) split one total; parts
    named unalike (男性…、未成年人…) may overlap, so their sum says nothing."""
    names = []
    for p in parts:
        k = p.start
        while k > 0 and "\u4e00" <= text[k - 1] <= "\u9fff" and p.start - k < 8:
            k -= 1
        names.append(re.sub(r"^(?:其中)?(?:包括|有)?", "", text[k:p.start]))
    if not all(names):
        return False
    return len({n[0] for n in names}) == 1 or len({n[-1] for n in names}) == 1


def _parts_after(text: str, start: int, end: int, unit: str) -> list[_Count]:
    """Counts in ``unit`` in the clauses after 其中, up to the first clause that moves on."""
    parts: list[_Count] = []
    pos = start
    while pos < end:
        clause_end = min([i for i in (text.find(ch, pos, end) for ch in "，,：:") if i >= 0] or [end])
        clause = text[pos:clause_end]
        if pos > start and _PARTS_STOP.match(clause.lstrip()):
            break
        counts = _counts(text, pos, clause_end)
        if any(c.unit != unit for c in counts) and not any(c.unit == unit for c in counts):
            break
        parts.extend(c for c in counts if c.unit == unit)
        pos = clause_end + 1
    return parts


# ------------------------------------------------------------------------------------------
# one figure stated twice with different values
# ------------------------------------------------------------------------------------------


def conflicting_values(doc: Document, metrics: list[Metric]) -> list[Anomaly]:
    """The same indicator, place, period and kind of figure, stated with different values.

    Changes are compared when both name their basis (同比/环比). Levels are compared only when
    both sentences name their place and the indicator is stated exactly twice: a count such as
    '抓获犯罪嫌疑人' recurs for every operation an article tells of, and is no conflict.
    """
    out: list[Anomaly] = []
    changes = [s for s in change_statements(doc) if s.basis and len(s.indicator) >= 2]
    out.extend(_conflicts(doc, metrics, changes, require_explicit_place=False))
    levels = [s for s in level_statements(doc) if len(s.indicator) >= 3]
    out.extend(_conflicts(doc, metrics, levels, require_explicit_place=True))
    return out


def _conflicts(doc: Document, metrics: list[Metric], statements: list[Statement],
               require_explicit_place: bool) -> list[Anomaly]:
    grouped: dict[tuple, list[Statement]] = {}
    for s in statements:
        basis = _basis_kind(s.basis)
        grouped.setdefault((s.indicator, s.unit, basis, s.direction is None), []).append(s)
    out: list[Anomaly] = []
    for (indicator, unit, _basis, is_level), stated in grouped.items():
        if len(stated) < 2 or (is_level and len(stated) != 2):
            continue
        # a scope only for statements that have a partner to compare with: most are stated once
        members = [(s, scope_at(doc, s.end)) for s in stated]
        for i, (first, first_scope) in enumerate(members):
            for second, second_scope in members[i + 1:]:
                if (first_scope.places, first_scope.period, first_scope.names) != \
                        (second_scope.places, second_scope.period, second_scope.names):
                    continue
                if require_explicit_place and not (first_scope.explicit_place and second_scope.explicit_place):
                    continue
                if same_value(first.value, second.value) and first.direction == second.direction:
                    continue
                what = "a level" if is_level else f"a {_basis.replace('_', '-')} change"
                first_start, second_start = _shown_start(doc, first), _shown_start(doc, second)
                out.append(_anomaly(
                    doc, "conflicting_values", second_start, second.end,
                    f"{_indicator_label(indicator)} is given twice as {what} for the same place and period with "
                    f"different figures: {_describe(first)} earlier (\"{doc.text[first_start:first.end]}\") and "
                    f"{_describe(second)} here. At most one can be right.",
                    _metric_at(metrics, second.start, second.end, second.value)))
    return out


def _shown_start(doc: Document, s: Statement) -> int:
    """Start the quote at the indicator, so a reader sees what the figure is about."""
    at = doc.simplified.rfind(s.indicator, s.clause_start, s.end) if s.indicator else -1
    return at if at >= 0 else s.start


def _indicator_label(zh: str) -> str:
    """'立刑事案件' -> "'criminal cases filed' (立刑事案件)" when the glossary knows the term."""
    try:
        from reportgen.zh.glossary import indicator_en

        en = indicator_en(zh)
    except Exception:  # noqa: BLE001 - the label is a courtesy; the anomaly stands without it
        en = zh
    return f"'{en}' ({zh})" if en and en != zh else f"'{zh}'"


def _basis_kind(basis: str | None) -> str:
    if basis is None:
        return "unspecified"
    return "period_on_period" if basis == "环比" else "year_on_year"


def _describe(s: Statement) -> str:
    figure = quantity(s.value, "percentage points" if s.unit == "pt" else s.unit)
    return f"{s.direction} {figure}" if s.direction else figure
