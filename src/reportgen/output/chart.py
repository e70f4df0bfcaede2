"""The year-on-year chart of a briefing: diverging horizontal bars (geometry here, drawing in the template).

The HTML template draws ``chart_layout``'s coordinates as inline SVG; Markdown gets ``text_chart``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.english.numbers import number_en
from reportgen.english.periods import period_en

if TYPE_CHECKING:
    from reportgen.models import Metric
    from reportgen.output.briefing import IndicatorGroup

LABEL_CHARS = 48  # a text-chart label is cut here: "Duanzhou District · January to September 2024" fits


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
    return " · ".join(filter(None, [place or f"Article {article}", period_en(period)]))


def _value_label(metric: Metric) -> str:
    direction = metric.change.direction if metric.change else "flat"
    return f"{ {'up': '+', 'down': '−'}.get(direction, '±')}{number_en(metric.value)}%"


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of the width of ``text`` in the page's sans-serif font at ``size`` px: wide
    enough that a label laid out with it is never cut (Chinese characters take a full em)."""
    em = sum(1.0 if ord(ch) > 0x2E80 else 0.62 if ch.isupper() or ch in "%$—mwMW" else 0.56 for ch in text)
    return em * size * (1.08 if bold else 1.0)


def chart_layout(groups: list[IndicatorGroup], *, stacked: bool = False) -> ChartLayout:
    """One bar per figure: down to the left of the axis, up to the right, scaled to the largest change.

    Wide: a label column left of the bars, one line per bar. Stacked (narrow screens): the label on
    its own line above the bar, so the bars get the whole width and the text stays legible.
    """
    rows = [f for g in groups for f in g.rows]
    labels = [bar_label(f.place, f.period, f.article) for f in rows]
    values = [_value_label(f.metric) for f in rows]
    longest_label = max((text_width(t, 12.5) for t in labels), default=0.0)
    longest_value = max((text_width(t, 12.5, bold=True) for t in values), default=0.0)
    longest_header = max((text_width(g.indicator, 13.5, bold=True) for g in groups), default=0.0)
    # nothing is ever cut: the label column fits the longest label, each half of the plot leaves room for
    # the longest value label beyond its bar, and the drawing widens (the SVG scales to the page) when
    # a header or a stacked label needs more than the usual width
    value_room = longest_value + 10
    if stacked:
        label_w = 0.0
        width = max(360.0, longest_label + 8, longest_header + 4, 2 * (value_room + 80))
    else:
        label_w = max(120.0, longest_label + 14)
        width = max(860.0, label_w + 2 * (value_room + 160), longest_header + 4)
    axis_x = label_w + (width - label_w) / 2
    half_span = (width - label_w) / 2 - value_room
    header_h, row_h, bar_h, top = 30, (40 if stacked else 24), 14, 4
    label_dy, bar_dy, value_dy = (13, 20, 32) if stacked else (16, 5, 16)
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
            if direction == "down":
                x, value_x, anchor = axis_x - span, axis_x - span - 5, "end"
            else:
                x, value_x, anchor = axis_x, axis_x + span + 5, "start"
            bars.append(ChartBar(y=y, label=bar_label(fig.place, fig.period, fig.article),
                                 value_label=_value_label(metric), direction=direction,
                                 x=round(x, 1), width=round(span, 1), value_x=round(value_x, 1), anchor=anchor,
                                 note=fig.note, quote=metric.evidence.quote, clipped=clipped))
            y += row_h
    return ChartLayout(width=round(width), height=y + top, stacked=stacked, label_x=4 if stacked else label_w - 10,
                       label_dy=label_dy, bar_dy=bar_dy, value_dy=value_dy, axis_x=axis_x, bar_h=bar_h,
                       row_h=row_h, headers=headers, bars=bars)


def text_chart(groups: list[IndicatorGroup], width: int = 30) -> str:
    """The same chart as text for Markdown: one ▲/▼ bar per place, scaled to the largest change."""
    rows = [f for g in groups for f in g.rows]
    if not rows:
        return ""
    scale = chart_scale([f.metric.value for f in rows])
    labels = [bar_label(f.place, f.period, f.article) for f in rows]
    label_w = min(max(len(s) for s in labels), LABEL_CHARS)
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
            lines.append(f"  {labels[i][:label_w]:<{label_w}}  {mark} {bar} {sign}{number_en(m.value)}%")
            i += 1
    return "\n".join(lines)
