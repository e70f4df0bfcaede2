"""Render Reports and Briefings with the jinja2 templates shipped in the package.

The templates only lay out; every English phrase for a figure, place or period comes from
``reportgen.english`` (exposed to the templates as filters), so the Markdown, the HTML and the
offline summaries say a figure the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reportgen.english.changes import basis_en, change_cell, change_en, change_phrase, value_en
from reportgen.english.names import organisation_en
from reportgen.english.numbers import number_en, quantity
from reportgen.english.periods import date_en, date_range_en, period_en
from reportgen.models import Report
from reportgen.output.chart import chart_layout, text_chart
from reportgen.registry import table

if TYPE_CHECKING:
    import jinja2

    from reportgen.output.briefing import Briefing

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_text(text: Any) -> str:
    """Article text made inert in Markdown: no raw HTML, links, emphasis or table breaks; one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def kind_text(kind: str) -> str:
    """impossible_change -> "Impossible change"."""
    words = kind.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@table
def _env() -> jinja2.Environment:
    """The Markdown and HTML templates, compiled once per process."""
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
        figure=quantity, quantity=quantity, change=change_en, change_phrase=change_phrase,
        change_cell=change_cell, basis=basis_en, value=value_en, period=period_en, date=date_en,
        kind=kind_text, md=md_text, cell=md_text, number=number_en, organisation=organisation_en,
    )
    env.globals.update(date_range=date_range_en, chart_layout=chart_layout, text_chart=text_chart)
    return env


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
