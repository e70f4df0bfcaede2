"""Render Reports (and briefings) with jinja2 templates shipped in the package. (First version.)"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .models import Change, Report

if TYPE_CHECKING:
    import jinja2


def figure(value: float, unit: str = "", qualifier: str = "exact") -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    prefix = {"more_than": "more than ", "over": "over ", "nearly": "nearly ", "about": "about ",
              "under": "under ", "at_least": "at least "}.get(qualifier, "")
    suffix = "%" if unit == "%" else (f" {unit}" if unit else "")
    return f"{prefix}{text}{suffix}"


def change_text(change: Change | None) -> str:
    if change is None:
        return ""
    basis = {"year_on_year": "year on year", "period_on_period": "period on period"}.get(change.basis, "")
    return f"{change.direction} {basis}".strip()


@lru_cache(maxsize=1)
def _env() -> "jinja2.Environment":
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reportgen", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["figure"] = figure
    env.filters["change"] = change_text
    env.filters["cell"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    return env


def report_markdown(report: Report) -> str:
    return _env().get_template("report.md.j2").render(report=report).strip() + "\n"
