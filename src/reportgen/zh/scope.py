"""The place and period a figure is about: one resolver for the offline engine and the anomaly checks.

A city's report often gives a county's results ("梅州市公安局在蕉岭试点…。上半年，该县无刑事警情
天数109天"), and a year's review tells one month's case ("2023年8月，…打掉2个团伙"). Both readers
of an article ask the same :class:`Scope`, built once per article from the gazetteer's place matches,
the words that point at a place (全市, 该县, 本区) and the periods the text narrows to:

* :meth:`Scope.at` (the offline engine): the place a figure narrows the report to, if any, and its
  period. Inside a paragraph a figure belongs to the nearest place named before it, else to the
  place the paragraph last spoke of; 该县/该区/该市 point back to the last such unit named;
  全市/全县/全区/我市… and the report's own region bring it back to the report. Only places inside
  the report's region narrow it (a suspect caught in another province does not move the figure
  there). A month or span named earlier in the paragraph (2023年8月, 1至5月份, 一季度, 上半年)
  narrows the period; 以来 phrases (2023年以来, 今年以来) bring it back.
* :meth:`Scope.key_at` (anomalies): what two statements must share to be about the same thing: every
  place or place word named before the figure in its sentence (else the last one in its paragraph,
  wherever the place lies), the period in force, and quoted campaign names (“护航”行动).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Period
from reportgen.zh import places
from reportgen.zh.period_narrowing import narrowing_periods
from reportgen.zh.periods import years_in
from reportgen.zh.place_words import WHOLE_AREA, is_standard, widening

#: words that bring a figure back to the report's own place, or widen it (全市, 我县, 本区, 全港, 本澳, 全台)
BACK_TO_REPORT = WHOLE_AREA
#: a sentence that opens on a new topic (诈骗案件方面，/ 在交通管理方面：) speaks for the report again
_TOPIC_HEADING = re.compile(r"(?:^|(?<=[。！？!?；;\n]))[ \t\u3000]*[^。！？!?；;\n，,：:]{1,16}?方面[，,：:]",
                            re.MULTILINE)
#: 该县: the last unit of that kind named before
ANAPHOR = re.compile(r"该([省市州县区镇旗])")
#: 全镇/全乡 name the town a paragraph speaks of: a place word, but no way back to a county's report
_WHOLE_TOWN = re.compile(r"全[镇乡]")
#: every word that names a place without naming it (全市, 我县, 本区, 该县, 全镇)
PLACE_WORD = re.compile(rf"{BACK_TO_REPORT.pattern}|该[省市州县区镇旗]|{_WHOLE_TOWN.pattern}")
_NEWLINE = re.compile("\n")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CAMPAIGN = re.compile(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]")
# a run of digits (any script) or a bracketed ROC year before 年: where a year may be written
_YEAR_WORD = re.compile(r"[0-9０-９〇○零一二三四五六七八九（）()]{3,6}年")
#: the currency and bodies only Taiwan has (Simplified): a text that names them speaks for Taiwan
TAIWAN_ONLY = "新台币|警政署|行政院|立法院"
# its places, and those words (a national release may name no place at all)
_TAIWAN = re.compile(r"台湾|民国|台北|新北|桃园|台中|台南|高雄|基隆|新竹|嘉义|苗栗|彰化|南投|云林|屏东|宜兰|花莲|台东"
                     r"|澎湖|金门|" + TAIWAN_ONLY)
# the year periods are read in when an article names none (labels are then compared only with each other)
_NOMINAL_YEAR = 2000


def uses_roc_years(doc: Document) -> bool:
    """Taiwanese texts count years of the Republic (113年 = 2024)."""
    return doc.script == "zh-Hant" and bool(_TAIWAN.search(doc.simplified[:3000]))


@dataclass(frozen=True)
class _Place:
    start: int
    # "inside" (a unit inside the report's region) | "report" (back to it) | "anaphor" (该县) |
    # "wider" (a unit holding the report's place: 全港 in a district's page) | "whole" (全县 in a city's report)
    kind: str
    name: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class _Named:
    """A place or place word as the anomaly key reads it: any place, in any frame."""

    start: int
    end: int
    key: str  # canonical name (梅县区 for 梅县), or the word itself (全市, 该县)
    explicit: bool  # a full name or a place word, not only a short name


@dataclass(frozen=True)
class ScopeKey:
    """What two statements of one indicator must share to be about the same place and period."""

    places: tuple[str, ...]
    period: str | None
    names: tuple[str, ...]  # quoted campaign names (“护航”行动) in the sentence: each its own scope
    explicit_place: bool  # the figure's own sentence names its place (全市, 梅县区), not only a short name


class Scope:
    """Answers "which place and period is the figure at this offset about?" for one article."""

    def __init__(self, doc: Document, region: Bilingual | None = None, period: Period | None = None) -> None:
        self.doc = doc
        self._furniture = sorted(doc.furniture)
        self._furniture_starts = [f[0] for f in self._furniture]
        self.region = region
        self.period = period
        self.year = _year_of(period, doc)
        self._matches = [m for m in doc.place_matches if not self._furniture_at(m.start)]
        #: spans of every place name (any level), for indicators to strip
        self.place_spans: list[tuple[int, int]] = [(m.start, m.end) for m in self._matches]
        self._places = self._in_force(doc, self._matches)
        self._place_starts = [p.start for p in self._places]
        # where paragraphs start: what re.finditer(r"(?:^|\n)") gives, without trying every position
        self._paragraphs = [0, *(m.start() for m in _NEWLINE.finditer(doc.simplified))]

    def _furniture_at(self, pos: int) -> bool:
        i = bisect_right(self._furniture_starts, pos) - 1
        return i >= 0 and self._furniture[i][0] <= pos < self._furniture[i][1]

    def _paragraph_start(self, pos: int) -> int:
        return self._paragraphs[bisect_right(self._paragraphs, pos) - 1]

    # -- places ---------------------------------------------------------------------------

    def _in_force(self, doc: Document, matches: list[places.PlaceMatch]) -> list[_Place]:
        """The places that can narrow a figure, the words that widen it back, and 该县 anaphors, in order."""
        frame = places.division_of(self.region.zh) if self.region is not None else _most_named(matches)
        out: list[_Place] = []
        for m in matches:
            div = m.division
            if div is None or not div.code or frame is None:
                continue
            if places.is_within(frame, div):  # the report's region itself, or a unit containing it
                out.append(_Place(m.start, "report"))
            elif places.is_within(div, frame) or _neighbour(div, frame):
                out.append(_Place(m.start, "inside", m.name, div.suffix))
            # a place elsewhere (where a suspect was caught) does not move the figure there
        out.extend(self._whole_areas(doc))
        out.extend(_Place(m.start(), "anaphor", suffix=m.group(1)) for m in ANAPHOR.finditer(doc.simplified))
        out.extend(_Place(m.start(), "report") for m in _TOPIC_HEADING.finditer(doc.simplified))
        out.sort(key=lambda p: (p.start, p.kind != "report"))  # a heading's own place (观塘区方面) holds
        return out

    def _whole_areas(self, doc: Document) -> list[_Place]:
        """全港, 全市, 本县…: back to the report, out to a unit holding it, or the unit just named;
        nothing when the word is only what a figure is compared with (占全港, 居全省第一)."""
        out: list[_Place] = []
        region = self.region.zh if self.region is not None else None
        for m in WHOLE_AREA.finditer(doc.simplified):
            if is_standard(doc.simplified, m.start(), m.end()):
                continue
            meaning = widening(m.group(0), region, doc.script)
            if meaning is not None:
                out.append(_Place(m.start(), meaning.kind, meaning.name, meaning.suffix))
        return out

    def _place_at(self, pos: int) -> _Place | None:
        """The place in force at ``pos``: the last one named before it in the same paragraph."""
        i = bisect_right(self._place_starts, pos) - 1
        if i < 0 or self._places[i].start < self._paragraph_start(pos):
            return None
        place = self._places[i]
        if place.kind == "anaphor":
            return self._resolve(i, place.suffix)
        if place.kind == "whole":  # 五华全县: the county just named in the paragraph, else the report
            return self._resolve(i, place.suffix, floor=self._paragraph_start(pos), strict=True)
        return place

    def _resolve(self, i: int, suffix: str, floor: int = 0, strict: bool = False) -> _Place | None:
        """该县 -> the last county-level unit named before it (anywhere earlier in the article, or
        after ``floor``); 该市 is any unit, unless ``strict``."""
        for j in range(i - 1, -1, -1):
            p = self._places[j]
            if p.start < floor:
                break
            if p.kind == "inside" and (p.suffix == suffix or (suffix == "市" and not strict)):
                return p
        return None

    # -- periods --------------------------------------------------------------------------

    @cached_property
    def _periods(self) -> list[tuple[int, str | None]]:
        """The periods in force, read when a figure's period is first asked for."""
        return self._find_periods(self.year)

    @cached_property
    def _period_starts(self) -> list[int]:
        return [p[0] for p in self._periods]

    def _find_periods(self, year: int | None) -> list[tuple[int, str | None]]:
        """Where each paragraph narrows (or brings back) the period of the figures after it."""
        return narrowing_periods(self.doc.simplified, report_year=year, published=self.doc.published,
                                 roc=uses_roc_years(self.doc), skip=self._furniture_at,
                                 report_label=self.period.label if self.period else None)

    def _period_at(self, pos: int, periods: list[tuple[int, str | None]], starts: list[int]) -> str | None:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and periods[i][0] >= self._paragraph_start(pos):
            return periods[i][1]
        return None

    # -- the offline engine's answer ------------------------------------------------------

    def at(self, pos: int) -> tuple[str | None, str | None, str | None]:
        """(region_zh, region_en, period label) for the figure at ``pos``."""
        report_period = self.period.label if self.period else None
        period = self._period_at(pos, self._periods, self._period_starts) or report_period
        place = self._place_at(pos)
        if place is None or place.kind not in ("inside", "wider"):
            return None, None, period
        return place.name, places.place_en(place.name), period

    # -- the anomaly checks' answer -------------------------------------------------------

    @cached_property
    def _named(self) -> list[_Named]:
        words = [_Named(m.start(), m.end(), m.group(0), True) for m in PLACE_WORD.finditer(self.doc.simplified)
                 if not self._furniture_at(m.start())]
        names = [_Named(m.start, m.end, m.name, not m.alias) for m in self._matches]
        return sorted(words + names, key=lambda n: n.start)

    @cached_property
    def _named_starts(self) -> list[int]:
        return [n.start for n in self._named]

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [m.start() for m in _SENTENCE_END.finditer(self.doc.simplified)]

    @cached_property
    def _key_periods(self) -> tuple[list[tuple[int, str | None]], list[int]]:
        """Periods read as at() reads them; in an article that names no year, in a nominal one."""
        periods = self._periods if self.year is not None else self._find_periods(_NOMINAL_YEAR)
        return periods, [p[0] for p in periods]

    def named_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) of each place and place word lying wholly inside ``[start, end)``, in order
        (an indicator such as 梅县区破案 is read without its place)."""
        lo = bisect_left(self._named_starts, start)
        hi = bisect_left(self._named_starts, end)
        return [(n.start, n.end) for n in self._named[lo:hi] if n.end <= end]

    def key_at(self, pos: int) -> ScopeKey:
        """The places named before ``pos`` in its sentence (else the last in its paragraph), the
        period in force there, and the campaigns its sentence names."""
        text = self.doc.simplified
        k = bisect_left(self._sentence_ends, pos)
        paragraph_start = self._paragraph_start(pos)
        # a sentence is read back at most _SENTENCE_REACH characters, so one endless line costs linear time
        sentence_start = max(self._sentence_ends[k - 1] + 1 if k else 0, paragraph_start, pos - _SENTENCE_REACH)
        lo = bisect_left(self._named_starts, paragraph_start)
        hi = bisect_left(self._named_starts, pos)
        in_sentence = [n for n in self._named[bisect_left(self._named_starts, sentence_start, lo, hi):hi]
                       if n.end <= pos]
        if in_sentence:
            named = tuple(dict.fromkeys(n.key for n in in_sentence))
        else:
            last = next((self._named[i] for i in range(hi - 1, lo - 1, -1) if self._named[i].end <= pos), None)
            named = (last.key,) if last is not None else ()
        periods, starts = self._key_periods
        campaigns = tuple(_CAMPAIGN.findall(text, sentence_start, pos))
        return ScopeKey(named, self._period_at(pos, periods, starts), campaigns, any(n.explicit for n in in_sentence))


_SENTENCE_REACH = 2000
"""How far back key_at reads a sentence with no end in sight (real sentences are far shorter)."""

def _neighbour(div: places.Division, frame: places.Division) -> bool:
    """A Hong Kong or Macao district's page compares it with the other districts (观塘区 beside 油尖旺区)."""
    return frame.code[:2] in ("81", "82") and frame.level == div.level == "county" and div.code[:2] == frame.code[:2]


def _most_named(matches: list[places.PlaceMatch]) -> places.Division | None:
    """With no region given, the unit the article names most is its frame."""
    counts: dict[str, int] = {}
    by_code: dict[str, places.Division] = {}
    for m in matches:
        if m.division is not None and m.division.code:
            counts[m.division.code] = counts.get(m.division.code, 0) + 1
            by_code[m.division.code] = m.division
    return by_code[max(counts, key=counts.__getitem__)] if counts else None


def _year_of(period: Period | None, doc: Document) -> int | None:
    """The year the report is about: its period's, else the first year the text names outside page
    furniture (in any script: 2024年, ２０２４年, 二〇二四年, ROC 113年), else the publication year."""
    if period is not None:
        m = re.match(r"(\d{4})", period.label)
        if m:
            return int(m.group(1))
        if period.start:
            return period.start.year
    roc = uses_roc_years(doc)
    for m in _YEAR_WORD.finditer(doc.simplified):
        if doc.is_furniture(m.start()):
            continue
        years = years_in(m.group(0), roc=roc)
        if years:
            return years[-1]
    if doc.published is not None:
        return doc.published.year
    return None
