"""Render Reports and Briefings with the jinja2 templates shipped in the package.

Also the one place that writes figures, changes, periods, dates and place names in English for
readers, so the Markdown, the HTML and the offline executive summary all say a figure the same way
("more than 1,200 people", "nearly 100 million yuan", "down 7.03% year on year").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reportgen.models import Bilingual, Change, Metric, Report

if TYPE_CHECKING:
    import jinja2

    from reportgen.output.briefing import Briefing, IndicatorGroup

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_QUALIFIER_WORDS = {"more_than": "more than", "over": "over", "nearly": "nearly", "about": "about",
                    "under": "under", "at_least": "at least"}
_BASIS_WORDS = {"year_on_year": "year on year", "period_on_period": "period on period"}
# Units an engine may leave in Chinese; English readers get the English word.
_UNIT_EN = {"起": "cases", "件": "cases", "宗": "cases", "人": "people", "名": "people", "人次": "person-times",
            "元": "yuan", "天": "days", "日": "days", "个": "", "项": "items", "次": "times", "辆": "vehicles",
            "公斤": "kg", "千克": "kg", "克": "g", "分钟": "minutes", "小时": "hours", "户": "households",
            "家": "businesses", "条": "items", "部": "units", "处": "sites", "所": "institutions"}
_SINGULAR = {"cases": "case", "people": "person", "days": "day", "items": "item", "times": "time",
             "vehicles": "vehicle", "minutes": "minute", "hours": "hour", "households": "household",
             "person-times": "person-time", "gangs": "gang", "sites": "site", "units": "unit"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


# ---------------------------------------------------------------------------------------------
# English for readers
# ---------------------------------------------------------------------------------------------


def has_cjk(text: str | None) -> bool:
    return bool(text and _CJK.search(text))


def _plain(value: float, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_text(value: float) -> str:
    """121300 -> "121,300"; 137000000 -> "137 million"; 7.03 -> "7.03".

    Round millions and billions are written in words, the way English news writes large sums;
    any other figure keeps every digit so nothing is rounded away.
    """
    magnitude = abs(value)
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if magnitude >= scale:
            scaled = value / scale
            if abs(scaled * 100 - round(scaled * 100)) < 1e-6:
                return f"{_plain(scaled)} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return _plain(value, 4)


def unit_text(unit: str, value: float | None = None) -> str:
    """English unit; singular for exactly one ("1 case")."""
    unit = (unit or "").strip()
    unit = _UNIT_EN.get(unit, unit)
    if value is not None and abs(value) == 1 and unit in _SINGULAR:
        return _SINGULAR[unit]
    return unit


def quantity(value: float, unit: str = "", qualifier: str = "exact") -> str:
    """A value with its qualifier and unit: "more than 1,200 people", "7.03%", "nearly 100 million yuan"."""
    english_unit = unit_text(unit, value)
    text = number_text(value)
    if english_unit == "%":
        text += "%"
    elif english_unit:
        text += f" {english_unit}"
    prefix = _QUALIFIER_WORDS.get(qualifier)
    return f"{prefix} {text}" if prefix else text


def basis_text(change: Change | None) -> str:
    if change is None:
        return ""
    return _BASIS_WORDS.get(change.basis, "basis not stated")


def direction_word(change: Change | None) -> str:
    if change is None:
        return ""
    return {"up": "up", "down": "down", "flat": "unchanged"}[change.direction]


def value_text(metric: Metric) -> str:
    """The figure as the article states it: a level, or the size of a change."""
    return quantity(metric.value, metric.unit, metric.qualifier)


def change_phrase(metric: Metric) -> str:
    """"down 7.03% year on year", "up from 120 to 185 items", or the level itself."""
    change = metric.change
    amount = value_text(metric)
    if metric.from_value is not None:
        before = quantity(metric.from_value, metric.unit)
        verb = "up" if metric.value > metric.from_value else "down" if metric.value < metric.from_value else "unchanged"
        if change is not None:
            verb = direction_word(change)
        return f"{verb} from {before} to {amount}"
    if change is None:
        return amount
    basis = _BASIS_WORDS.get(change.basis, "")
    if change.direction == "flat":
        return f"unchanged {basis}".strip()
    return f"{change.direction} {amount} {basis}".strip()


def change_cell(metric: Metric) -> str:
    """Short text for a table's change column."""
    if metric.from_value is not None:
        return f"from {quantity(metric.from_value, metric.unit)}"
    return direction_word(metric.change) or "—"


def figure_statement(metric: Metric) -> str:
    """"criminal and public-order incidents: down 12.4% year on year"."""
    return f"{metric.indicator.en}: {change_phrase(metric)}"


def place_en(place: Bilingual | None) -> str | None:
    """The English name of a place; Hanyu Pinyin (ü kept) when no English name was given."""
    if place is None:
        return None
    if place.en and not has_cjk(place.en):
        return place.en
    return pinyin_place(place.zh) if place.zh else None


_ADMIN_SUFFIXES = (("自治区", " Autonomous Region"), ("自治州", " Autonomous Prefecture"),
                   ("自治县", " Autonomous County"), ("特别行政区", " SAR"), ("省", " Province"),
                   ("市", ""), ("地区", " Prefecture"), ("盟", " League"), ("县", " County"), ("区", " District"),
                   ("旗", " Banner"), ("镇", " Town"), ("乡", " Township"), ("街道", " Subdistrict"))


def pinyin_place(zh: str) -> str:
    """吕梁市 -> "Lüliang", 梅县区 -> "Meixian District" (a fallback; engines should give names)."""
    from pypinyin import Style, lazy_pinyin

    name, suffix = zh.strip(), ""
    for tail, english in _ADMIN_SUFFIXES:
        if name.endswith(tail) and len(name) > len(tail) + 1:
            name, suffix = name[: -len(tail)], english
            break
    syllables = lazy_pinyin(name, style=Style.NORMAL, v_to_u=True, errors="ignore")
    romanised = "".join(syllables)
    return (romanised[:1].upper() + romanised[1:] + suffix) if romanised else zh


def period_text(label: str | None) -> str:
    """"2022-H1" -> "H1 2022", "2019-01/2019-10" -> "Jan–Oct 2019", "2023-Q3" -> "Q3 2023"."""
    if not label:
        return ""
    label = label.strip()
    if m := re.fullmatch(r"(\d{4})-?(H[12]|Q[1-4])", label):
        return f"{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", label):
        month = int(m[2])
        return f"{_MONTHS[month - 1]} {m[1]}" if 1 <= month <= 12 else label
    if m := re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", label):
        y1, m1, y2, m2 = int(m[1]), int(m[2]), int(m[3]), int(m[4])
        if 1 <= m1 <= 12 and 1 <= m2 <= 12:
            if y1 == y2:
                return f"{_MONTHS[m1 - 1][:3]}–{_MONTHS[m2 - 1][:3]} {y1}"
            return f"{_MONTHS[m1 - 1][:3]} {y1} – {_MONTHS[m2 - 1][:3]} {y2}"
    return label


def date_text(value: dt.date | None) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else ""


def date_range_text(span: tuple[dt.date, dt.date] | None) -> str:
    if span is None:
        return ""
    first, last = span
    if first == last:
        return date_text(first)
    if first.year == last.year:
        if first.month == last.month:
            return f"{first.day}–{last.day} {_MONTHS[first.month - 1]} {first.year}"
        return f"{first.day} {_MONTHS[first.month - 1]} – {date_text(last)}"
    return f"{date_text(first)} – {date_text(last)}"


def kind_text(kind: str) -> str:
    """impossible_change -> "Impossible change"."""
    words = kind.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_text(text: Any) -> str:
    """Article text made inert in Markdown: no raw HTML, links, emphasis or table breaks; one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


# ---------------------------------------------------------------------------------------------
# chart: year-on-year changes as diverging horizontal bars (geometry here, drawing in the template)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChartHeader:
    y: float
    text: str
    text_zh: str


@dataclass(frozen=True)
class ChartBar:
    y: float
    label: str
    value_label: str
    direction: str
    x: float
    width: float
    value_x: float
    anchor: str
    note: int
    quote: str
    clipped: bool = False

    @property
    def break_x(self) -> float:
        """Where a clipped bar shows its break mark (near its outer end)."""
        return self.x + self.width * (0.18 if self.direction == "down" else 0.82)


@dataclass(frozen=True)
class ChartLayout:
    """Coordinates of one drawing of the chart; ``stacked`` puts each label above its bar (phones)."""

    width: int
    height: float
    stacked: bool
    label_x: float
    label_dy: float
    bar_dy: float
    value_dy: float
    axis_x: float
    bar_h: int
    row_h: int
    headers: list[ChartHeader]
    bars: list[ChartBar]

    @property
    def empty(self) -> bool:
        return not self.bars


def chart_scale(values: list[float]) -> float:
    """The change a full-length bar stands for: the largest, unless one outlier would flatten the rest.

    When the largest change is more than twice the next one and above 100%, bars are scaled to the
    next one and the outlier is drawn clipped (its label still gives the true value).
    """
    ordered = sorted((abs(v) for v in values), reverse=True)
    if not ordered or ordered[0] == 0:
        return 1.0
    if len(ordered) > 1 and ordered[0] > 100 and ordered[0] > 2 * ordered[1] > 0:
        return ordered[1]
    return ordered[0]


def bar_label(place: str | None, period: str | None, article: int) -> str:
    """Place and period of a bar; the article number when the article names no place."""
    return " · ".join(filter(None, [place or f"Article {article}", period_text(period)]))


def chart_layout(groups: list[IndicatorGroup], *, stacked: bool = False) -> ChartLayout:
    """One bar per figure: down to the left of the axis, up to the right, scaled to the largest change.

    Wide: a label column left of the bars, one line per bar. Stacked (narrow screens): the label on
    its own line above the bar, so the bars get the whole width and the text stays legible.
    """
    width, label_w = (360, 0) if stacked else (860, 250)
    axis_x = label_w + (width - label_w) / 2
    half_span = (width - label_w) / 2 - 62  # room for the value label beyond the longest bar
    header_h, row_h, bar_h, top = 30, (40 if stacked else 24), 14, 4
    label_dy, bar_dy, value_dy = (13, 20, 32) if stacked else (16, 5, 16)
    rows = [f for g in groups for f in g.rows]
    scale = chart_scale([f.metric.value for f in rows])
    headers: list[ChartHeader] = []
    bars: list[ChartBar] = []
    y = float(top)
    for group in groups:
        headers.append(ChartHeader(y=y + 20, text=group.indicator, text_zh=group.indicator_zh))
        y += header_h
        for fig in group.rows:
            metric = fig.metric
            direction = metric.change.direction if metric.change else "flat"
            clipped = abs(metric.value) > scale
            span = max(min(abs(metric.value) / scale, 1.0) * half_span, 1.5)
            sign = {"up": "+", "down": "−"}.get(direction, "±")
            if direction == "down":
                x, value_x, anchor = axis_x - span, axis_x - span - 5, "end"
            else:
                x, value_x, anchor = axis_x, axis_x + span + 5, "start"
            bars.append(ChartBar(y=y, label=bar_label(fig.place, fig.period, fig.article),
                                 value_label=f"{sign}{number_text(metric.value)}%", direction=direction,
                                 x=round(x, 1), width=round(span, 1), value_x=round(value_x, 1), anchor=anchor,
                                 note=fig.note, quote=metric.evidence.quote, clipped=clipped))
            y += row_h
    return ChartLayout(width=width, height=y + top, stacked=stacked, label_x=4 if stacked else label_w - 10,
                       label_dy=label_dy, bar_dy=bar_dy, value_dy=value_dy, axis_x=axis_x, bar_h=bar_h,
                       row_h=row_h, headers=headers, bars=bars)


def text_chart(groups: list[IndicatorGroup], width: int = 30) -> str:
    """The same chart as text for Markdown: one ▲/▼ bar per place, scaled to the largest change."""
    rows = [f for g in groups for f in g.rows]
    if not rows:
        return ""
    scale = chart_scale([f.metric.value for f in rows])
    labels = [bar_label(f.place, f.period, f.article) for f in rows]
    label_w = min(max(len(s) for s in labels), 36)
    lines: list[str] = []
    i = 0
    for group in groups:
        lines.append(group.indicator)
        for fig in group.rows:
            m = fig.metric
            direction = m.change.direction if m.change else "flat"
            mark = {"up": "▲", "down": "▼"}.get(direction, "■")
            bar = "█" * max(1, round(min(abs(m.value) / scale, 1.0) * width)) + ("╌" if abs(m.value) > scale else "")
            sign = {"up": "+", "down": "−"}.get(direction, "±")
            lines.append(f"  {labels[i][:label_w]:<{label_w}}  {mark} {bar} {sign}{number_text(m.value)}%")
            i += 1
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# templates
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reportgen.output", "templates"),
        # HTML templates escape every value; Markdown templates escape with the `md` filter.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # package templates never change in a running process: no stat per render
    )
    env.filters.update(
        figure=quantity, quantity=quantity, change=change_text, change_phrase=change_phrase,
        change_cell=change_cell, basis=basis_text, value=value_text, period=period_text, date=date_text,
        kind=kind_text, md=md_text, cell=md_text, number=number_text,
    )
    env.globals.update(date_range=date_range_text, chart_layout=chart_layout, text_chart=text_chart)
    return env


def change_text(change: Change | None) -> str:
    """"down year on year" (kept for templates that show direction and basis without the amount)."""
    if change is None:
        return ""
    return f"{direction_word(change)} {_BASIS_WORDS.get(change.basis, '')}".strip()


def figure(value: float, unit: str = "", qualifier: str = "exact") -> str:
    """Backward-compatible name of :func:`quantity`."""
    return quantity(value, unit, qualifier)


def report_markdown(report: Report) -> str:
    """One Report as Markdown (``summarize --format md``)."""
    return _env().get_template("report.md.j2").render(report=report).strip() + "\n"


def briefing_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown with footnotes carrying each figure's Chinese quote and offsets."""
    return _env().get_template("briefing.md.j2").render(b=briefing).strip() + "\n"


def briefing_html(briefing: Briefing) -> str:
    """The briefing as one self-contained, autoescaped HTML page (inline CSS and SVG, no scripts)."""
    charts = [chart_layout(briefing.chart), chart_layout(briefing.chart, stacked=True)]
    return _env().get_template("briefing.html.j2").render(b=briefing, charts=charts)
