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

from ... import places
from ...ingest import Document
from ...models import Bilingual, Period
from .clauses import Layout

_BACK_TO_REPORT = re.compile(r"全市|全县|全区|全省|全州|全盟|全旗|我市|我县|我区|我省|全国")
_ANAPHOR = re.compile(r"该(县|区|市|镇|旗)")
_PERIOD = re.compile(
    r"(?P<year>(?:19|20)\d{2})年(?!以来|来)"
    r"(?:(?P<m1>\d{1,2})(?:至|到|-|—|~)(?P<m2>\d{1,2})月份?|(?P<month>\d{1,2})月(?!份?以来))?"
    r"|(?P<rng_a>\d{1,2})(?:至|到|-|—|~)(?P<rng_b>\d{1,2})月份?(?!以来)"
    r"|(?<!\d)(?<!\d年)(?P<solo>\d{1,2})月(?:\d{1,2}日)?(?!份?以来)"
    r"|(?P<half>上半年|下半年)|(?P<q>第?[一二三四1-4]季度)|(?P<q3>前三季度)"
    r"|(?P<since>(?:今年|年初|(?:19|20)\d{2}年|本年度?|去年)以来)"
    r"|(?P<last>去年)(?!同期|底|末|同|以来)"
)
_COMPARED = re.compile(r"[较比与和同至到]$")
_EVENT_AFTER = re.compile(r"的|发生|起|开始|成立|建成|出台|印发|启动|以前|之前|前")
_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


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
        self._paragraphs = [m.start() for m in re.finditer(r"(?:^|\n)", doc.simplified)]
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
        out: list[tuple[int, str | None]] = []
        for m in _PERIOD.finditer(simp):
            if self._furniture_at(m.start()):
                continue
            lead = simp[max(0, m.start() - 4):m.start()]
            lead = re.split(r"[，,。；;：:！？\n（）()]", lead)[-1].strip(" \u3000\t”」’\"'")
            if _COMPARED.search(lead) or _EVENT_AFTER.match(simp, m.end()):
                continue  # 较2023年底, 侦破2007年发生的积案: a comparison or an event's date, not a period
            year = self.year
            if lead.endswith(("今年", "本年")) and self.doc.published is not None:
                year = self.doc.published.year  # 今年 is the year of publication
            if m.group("last"):
                base = self.doc.published.year if self.doc.published else self.year
                out.append((m.start(), str(base - 1) if base else None))
                continue
            label = self._label(m, year)
            if label and lead in ("截至", "截止") and re.fullmatch(r"\d{4}-\d{2}", label):
                label = f"{label[:4]}-01/{label}"  # 截至10月底: January to October
            out.append((m.start(), _simplest(label)))
        return out

    def _label(self, m: re.Match[str], year: int | None) -> str | None:
        published = self.doc.published
        if m.group("since"):
            # 今年以来 in an article that reports another year: the year of publication
            if m.group("since").startswith(("今年", "本年")) and published and self.year and published.year != self.year:
                return str(published.year)
            return None
        if m.group("solo") and published and int(m.group("solo")) <= published.month:
            year = published.year  # 5月18日 in an article of 2024-05-21
        year = int(m.group("year")) if m.group("year") else year
        if year is None:
            return None
        if m.group("year"):
            if m.group("m1"):
                return f"{year}-{int(m.group('m1')):02d}/{year}-{int(m.group('m2')):02d}"
            if m.group("month"):
                return f"{year}-{int(m.group('month')):02d}"
            return str(year)
        if m.group("rng_a"):
            return f"{year}-{int(m.group('rng_a')):02d}/{year}-{int(m.group('rng_b')):02d}"
        if m.group("solo"):
            month = int(m.group("solo"))
            return f"{year}-{month:02d}" if 1 <= month <= 12 else None
        if m.group("half"):
            return f"{year}-H1" if m.group("half") == "上半年" else f"{year}-H2"
        if m.group("q3"):
            return f"{year}-01/{year}-09"
        if m.group("q"):
            return f"{year}-Q{_Q[m.group('q')[-3]]}"
        return None

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


_SPANS = {("01", "06"): "H1", ("07", "12"): "H2", ("01", "03"): "Q1", ("04", "06"): "Q2", ("07", "09"): "Q3",
          ("10", "12"): "Q4"}


def _simplest(label: str | None) -> str | None:
    """2024-01/2024-06 -> 2024-H1, 2024-01/2024-12 -> 2024: the label a reader expects."""
    m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", label or "")
    if not m or m.group(1) != m.group(3):
        return label
    if (m.group(2), m.group(4)) == ("01", "12"):
        return m.group(1)
    part = _SPANS.get((m.group(2), m.group(4)))
    return f"{m.group(1)}-{part}" if part else label


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
    if period is not None:
        m = re.match(r"(\d{4})", period.label)
        if m:
            return int(m.group(1))
        if period.start:
            return period.start.year
    m = None
    for m in re.finditer(r"((?:19|20)\d{2})年", doc.simplified):
        if not doc.is_furniture(m.start()):
            return int(m.group(1))
    if doc.published is not None:
        return doc.published.year
    return None
