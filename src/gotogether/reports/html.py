"""Assemble a self-contained HTML report from sections: one file that works offline, rendered from the
template ``templates/page.html.j2``.

plotly.js is embedded inline once (from the plotly package), and so is the world map geometry when a
section draws a map: plotly.js would otherwise fetch it from a CDN when the page is viewed (see
``assets/SOURCE.md``). Every figure is drawn by ``Plotly.newPlot``; when all are drawn the page sets
``data-plots-drawn`` on ``<body>``, and any script error (uncaught, rejected promise or ``console.error``)
is written into ``<pre id="script-errors">``: the browser test reads both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeAlias

import plotly.io as pio
from plotly.offline import get_plotlyjs

from gotogether import __version__
from gotogether.reports.rendering import render

if TYPE_CHECKING:  # plotly's figure classes cost a tenth of a second to import; a report of data needs none
    from plotly.graph_objects import Figure

PLOT_CONFIG = {"displaylogo": False, "responsive": True}
FigureData: TypeAlias = Mapping[str, Any]
"""A figure as plotly.js takes it: ``{"data": [traces], "layout": {...}}``, numbers in lists. Building one
costs nothing beside a plotly ``Figure``, which checks every property as it is set (seconds for the hundreds
of lines of a run's report); the page gives it plotly's default template, as a ``Figure`` has."""


@dataclass(frozen=True)
class Section:
    """A part of the report: a title, optional introduction and HTML, and figures drawn below them."""

    key: str
    title: str
    intro: str = ""
    html: str = ""
    figures: Sequence[Figure | FigureData] = field(default_factory=tuple)


@cache
def world_topojson() -> str:
    """The world map geometry (TopoJSON text) embedded in reports that draw maps."""
    return resources.files(__package__).joinpath("assets", "world_110m.json").read_text(encoding="utf-8")


def build_report(title: str, sections: Sequence[Section], *, subtitle: str = "") -> str:
    """The report as one HTML document (UTF-8 text), sections in the given order."""
    figures: dict[str, object] = {}
    placed = []
    for section in sections:
        figure_ids = [f"figure-{section.key}-{index}" for index in range(len(section.figures))]
        for figure_id, figure in zip(figure_ids, section.figures, strict=True):
            figures[figure_id] = _plotly_json(figure)
        placed.append(_PlacedSection(section.key, section.title, section.intro, section.html, figure_ids))
    has_map = any(
        trace.get("type") in ("choropleth", "scattergeo") for f in figures.values() for trace in _traces(f)
    )
    return str(
        render(
            "page.html.j2",
            title=title,
            subtitle=subtitle,
            version=__version__,
            created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            plotlyjs=get_plotlyjs(),
            world_topojson=world_topojson() if has_map else "",
            sections=placed,
            figures_json=json.dumps(figures),
            config_json=json.dumps(PLOT_CONFIG),
        )
    )


@dataclass(frozen=True)
class _PlacedSection:
    """A section as the page template places it: its figures replaced by the ids of their ``<div>``."""

    key: str
    title: str
    intro: str
    html: str
    figure_ids: Sequence[str]


def _plotly_json(figure: Figure | FigureData) -> dict[str, Any]:
    """The figure as plotly.js takes it, with the template a ``Figure`` would carry."""
    if not isinstance(figure, Mapping):  # a plotly Figure
        data: dict[str, Any] = json.loads(pio.to_json(figure, validate=False))
        return data
    return {**figure, "layout": {"template": default_template(), **figure.get("layout", {})}}


DEFAULT_TEMPLATE = "plotly"
"""The name of plotly's default template (``plotly.io.templates.default``), which a new ``Figure`` carries."""


@cache
def default_template() -> dict[str, Any]:
    """plotly's default template (colours, fonts, grid) as an empty ``Figure`` carries it: read from the
    plotly package's file of it (building a ``Figure`` would import plotly's figure classes)."""
    path = resources.files("plotly").joinpath("package_data", "templates", f"{DEFAULT_TEMPLATE}.json")
    template = json.loads(path.read_text(encoding="utf-8"))
    return {"data": template["data"], "layout": template["layout"]}  # in the order a Figure's JSON has


def _traces(figure: object) -> list[dict[str, object]]:
    data = figure.get("data", []) if isinstance(figure, dict) else []
    return [trace for trace in data if isinstance(trace, dict)]
