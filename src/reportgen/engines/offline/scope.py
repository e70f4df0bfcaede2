"""The place and period a figure is about, where the text narrows the report's own.

A city's report often gives a county's results ("梅州市公安局在蕉岭试点…。上半年，该县无刑事警情
天数109天"), and a year's review tells one month's case ("2023年8月，…打掉2个团伙"). Rules:

* place: inside a paragraph, a figure belongs to the nearest place named before it in its
  sentence, else to the place the paragraph last spoke of; 该县/该区/该市 point back to the last
  such unit named; 全市/全县/全区/我市… and the report's own region bring it back to the report.
  Only places inside the report's region narrow it (a suspect caught in another province does not
  move the figure there).
* period: a month or span named in the sentence or earlier in the paragraph (2023年8月, 1至5月份,
  一季度, 上半年) narrows the period; 以来 phrases (2023年以来, 今年以来) bring it back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from reportgen.zh import places
from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Period
from reportgen.zh.periods import narrowing_periods, years_in
from reportgen.engines.offline.clauses import Layout
from reportgen.engines.offline.context import uses_roc_years

_BACK_TO_REPORT = re.compile(r"全市|全县|全区|全省|全州|全盟|全旗|我市|我县|我区|我省|全国")
_NEWLINE = re.compile("\n")
_ANAPHOR = re.compile(r"该(县|区|市|镇|旗)")
# a run of digits (any script) or a bracketed ROC year before 年: where a year may be written
_YEAR_WORD = re.compile(r"[0-9０-９〇○零一二三四五六七八九（）()]{3,6}年")


@dataclass
class _Place:
    start: int
    kind: str              # "inside" (a unit inside the report's region) | "report" (back to it) | "anaphor" (该县)
    name: str = ""
    suffix: str = ""


class Scope:
    """Answers "which place and period is the figure at this offset about?"."""

    def __init__(self, doc: Document, lay: Layout, region: Bilingual | None, period: Period | None) -> None:
        self.doc = doc
        self._furniture = sorted(doc.furniture)
        self._furniture_starts = [f[0] for f in self._furniture]
        self.region = region
        self.period = period
        self.year = _year_of(period, doc)
        matches = [m for m in places.match_places(doc.text) if not self._furniture_at(m.start)]
        #: spans of every place name (any level), for indicators to strip
        self.place_spans: list[tuple[int, int]] = [(m.start, m.end) for m in matches]
        self._places = self._in_force(doc, matches)
        self._place_starts = [p.start for p in self._places]
        # where paragraphs start: what re.finditer(r"(?:^|\n)") gives, without trying every position
        self._paragraphs = [0, *(m.start() for m in _NEWLINE.finditer(doc.simplified))]
        self._periods = self._find_periods(doc.simplified)
        self._period_starts = [p[0] for p in self._periods]

    def _furniture_at(self, pos: int) -> bool:
        i = bisect_right(self._furniture_starts, pos) - 1
        return i >= 0 and self._furniture[i][0] <= pos < self._furniture[i][1]

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
            elif places.is_within(div, frame):
                out.append(_Place(m.start, "inside", m.name, div.suffix))
            # a place elsewhere (where a suspect was caught) does not move the figure there
        out.extend(_Place(m.start(), "report") for m in _BACK_TO_REPORT.finditer(doc.simplified))
        out.extend(_Place(m.start(), "anaphor", suffix=m.group(1)) for m in _ANAPHOR.finditer(doc.simplified))
        out.sort(key=lambda p: p.start)
        return out

    def _place_at(self, pos: int) -> _Place | None:
        """The place in force at ``pos``: the last one named before it in the same paragraph."""
        para_start = self._paragraphs[bisect_right(self._paragraphs, pos) - 1]
        i = bisect_right(self._place_starts, pos) - 1
        if i < 0 or self._places[i].start < para_start:
            return None
        place = self._places[i]
        return self._resolve(i, place.suffix) if place.kind == "anaphor" else place

    def _resolve(self, i: int, suffix: str) -> _Place | None:
        """该县 -> the last county-level unit named before it (anywhere earlier in the article)."""
        for j in range(i - 1, -1, -1):
            p = self._places[j]
            if p.kind == "inside" and (p.suffix == suffix or suffix == "市"):
                return p
        return None

    # -- periods --------------------------------------------------------------------------

    def _find_periods(self, simp: str) -> list[tuple[int, str | None]]:
        """Where each paragraph narrows (or brings back) the period of the figures after it."""
        return narrowing_periods(simp, report_year=self.year, published=self.doc.published,
                                 roc=uses_roc_years(self.doc), skip=self._furniture_at,
                                 report_label=self.period.label if self.period else None)

    def _period_at(self, pos: int) -> str | None:
        para_start = self._paragraphs[bisect_right(self._paragraphs, pos) - 1]
        i = bisect_right(self._period_starts, pos) - 1
        if i >= 0 and self._periods[i][0] >= para_start:
            return self._periods[i][1]
        return None

    # -- answer ---------------------------------------------------------------------------

    def at(self, pos: int) -> tuple[str | None, str | None, str | None]:
        """(region_zh, region_en, period label) for the figure at ``pos``."""
        report_period = self.period.label if self.period else None
        period = self._period_at(pos) or report_period
        place = self._place_at(pos)
        if place is None or place.kind != "inside":
            return None, None, period
        return place.name, places.place_en(place.name), period


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
