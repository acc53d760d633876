"""Assemble a self-contained HTML report from sections: one file that works offline.

plotly.js is embedded inline once (from the plotly package), and so is the world map geometry when a
section draws a map: plotly.js would otherwise fetch it from a CDN when the page is viewed (see
``assets/SOURCE.md``). Every figure is drawn by ``Plotly.newPlot``; when all are drawn the page sets
``data-plots-drawn`` on ``<body>``, and any script error (uncaught, rejected promise or ``console.error``)
is written into ``<pre id="script-errors">``: the browser test reads both.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from string import Template

import plotly.io as pio
from plotly.graph_objects import Figure
from plotly.offline import get_plotlyjs

from gotogether import __version__

PLOT_CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Section:
    """A part of the report: a title, optional introduction and HTML, and figures drawn below them."""

    key: str
    title: str
    intro: str = ""
    html: str = ""
    figures: Sequence[Figure] = field(default_factory=tuple)


@cache
def world_topojson() -> str:
    """The world map geometry (TopoJSON text) embedded in reports that draw maps."""
    return resources.files(__package__).joinpath("assets", "world_110m.json").read_text(encoding="utf-8")


PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gotogether $version">
<title>$title</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 2rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.loss { color: #b2182b; } td.gain { color: #2166ac; }
.intro { color: #444; max-width: 60rem; }
.figure { min-height: 420px; }
#script-errors:empty { display: none; }
#script-errors { color: #b2182b; white-space: pre-wrap; }
</style>
<script>
window.gotogetherErrors = [];
window.addEventListener("error", function (event) { window.gotogetherErrors.push(String(event.message)); });
window.addEventListener("unhandledrejection", function (event) {
  window.gotogetherErrors.push("unhandled rejection: " + String(event.reason));
});
(function () {
  var original = console.error;
  console.error = function () {
    window.gotogetherErrors.push(Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
})();
</script>
<script>$plotlyjs</script>
$geo
</head>
<body>
<header>
<h1>$title</h1>
<p class="intro">$subtitle</p>
<p><small>gotogether $version, $created</small></p>
<nav>$nav</nav>
</header>
<pre id="script-errors"></pre>
$sections
<script>
(function () {
  var figures = $figures;
  var drawn = Object.keys(figures).map(function (id) {
    return Plotly.newPlot(id, figures[id].data, figures[id].layout, $config);
  });
  function report() {
    document.getElementById("script-errors").textContent = window.gotogetherErrors.join("\\n");
  }
  Promise.all(drawn).then(function () {
    document.body.setAttribute("data-plots-drawn", String(drawn.length));
    report();
  }, function (error) {
    window.gotogetherErrors.push("plot failed: " + String(error));
    report();
  });
  window.addEventListener("error", report);
})();
</script>
</body>
</html>
""")


def build_report(title: str, sections: Sequence[Section], *, subtitle: str = "") -> str:
    """The report as one HTML document (UTF-8 text), sections in the given order."""
    figures: dict[str, object] = {}
    parts = []
    for section in sections:
        anchor = f"section-{html.escape(section.key)}"
        divs = []
        for index, figure in enumerate(section.figures):
            figure_id = f"figure-{section.key}-{index}"
            figures[figure_id] = json.loads(pio.to_json(figure, validate=False))
            divs.append(f'<div class="figure plotly-figure" id="{html.escape(figure_id)}"></div>')
        intro = f'<p class="intro">{html.escape(section.intro)}</p>' if section.intro else ""
        parts.append(
            f'<section id="{anchor}">\n<h2>{html.escape(section.title)}</h2>\n{intro}\n{section.html}\n'
            + "\n".join(divs)
            + "\n</section>"
        )
    nav = " ".join(f'<a href="#section-{html.escape(s.key)}">{html.escape(s.title)}</a>' for s in sections)
    has_map = any(
        trace.get("type") in ("choropleth", "scattergeo") for f in figures.values() for trace in _traces(f)
    )
    geo = (
        f"<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {world_topojson()}}}}};</script>"
        if has_map
        else ""
    )
    return PAGE.substitute(
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        version=__version__,
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        plotlyjs=_script_safe(get_plotlyjs()),
        geo=geo,
        nav=nav,
        sections="\n".join(parts),
        figures=_script_safe(json.dumps(figures)),
        config=json.dumps(PLOT_CONFIG),
    )


def _traces(figure: object) -> list[dict[str, object]]:
    data = figure.get("data", []) if isinstance(figure, dict) else []
    return [trace for trace in data if isinstance(trace, dict)]


def _script_safe(text: str) -> str:
    """Text that cannot close the ``<script>`` element it is embedded in."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")
