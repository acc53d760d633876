"""Report sections, each a function from labelled results to a :class:`Section`.

The engines plug in by producing these labelled results (dimension names are the contract):

- welfare: ``(scenario, country)``, the exact welfare change W_hat (1 = unchanged), as the trade engine's
  ``welfare_change``; optional baseline ``income`` ``(country)`` in millions of US dollars;
- time series: ``(scenario, year)`` or ``(scenario, year, country)``, with ``attrs["units"]``;
- vendor shares: ``(scenario, year, vendor)``, shares between 0 and 1;
- supplier sales lost: ``(scenario, supplier)`` (firms or countries), millions of US dollars;
- the validation table: a DataFrame as ``gotogether validate`` prints it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import xarray as xr

from gotogether.data import registry
from gotogether.reports.html import Section
from gotogether.scenarios import Scenario, Source

TOP = 3


def who_pays(welfare: xr.DataArray, income: xr.DataArray | None = None) -> Section:
    """Headline table: per scenario, the world change, the biggest losers and gainers; then each country."""
    _require(welfare, ("scenario", "country"), "welfare")
    change = (welfare.transpose("scenario", "country") - 1.0) * 100.0
    header = (
        ["scenario"]
        + (["world (bn USD)", "world (%)"] if income is not None else [])
        + ["pays most", "gains most"]
    )
    rows = []
    for scenario in change["scenario"].values:
        by_country = change.sel(scenario=scenario).to_series().sort_values()
        cells = [html.escape(str(scenario))]
        if income is not None:
            base = income.sel(country=by_country.index.to_list()).to_series()
            money = float((by_country / 100.0 * base).sum()) / 1000.0
            cells += [
                _number(money, "{:+,.1f}"),
                _number(100.0 * money * 1000.0 / float(base.sum()), "{:+.3f} %"),
            ]
        losers, gainers = by_country[by_country < 0], by_country[by_country > 0]
        cells += [_ranked(losers.head(TOP)), _ranked(gainers.tail(TOP)[::-1])]
        rows.append(cells)
    detail = change.to_pandas().T  # countries as rows, scenarios as columns
    detail_rows = [
        [html.escape(str(country))] + [_number(float(value), "{:+.3f} %") for value in detail.loc[country]]
        for country in detail.index
    ]
    body = _table(header, rows) + "<h3>Welfare change by country (%)</h3>"
    body += _table(["country", *map(str, detail.columns)], detail_rows)
    return Section(
        "who-pays",
        "Who pays",
        "Exact change in real income (welfare) relative to the baseline; negative numbers are losses.",
        body,
    )


def welfare_map(welfare: xr.DataArray) -> Section:
    """A world map of the welfare change (%) per scenario, one scenario at a time (menu)."""
    _require(welfare, ("scenario", "country"), "welfare")
    change = (welfare.transpose("scenario", "country") - 1.0) * 100.0
    regions = [str(code) for code in change["country"].values]
    painted = registry.region_of_country(regions)
    names = dict(zip(registry.countries().codes, registry.read_registry("countries")["name"], strict=True))
    limit = float(np.nanmax(np.abs(change.values))) or 1.0
    traces: dict[str, list[go.BaseTraceType]] = {}
    for scenario in change["scenario"].values:
        values = change.sel(scenario=scenario).to_series()
        countries = list(painted)
        traces[str(scenario)] = [
            go.Choropleth(
                locations=countries,
                locationmode="ISO-3",
                z=[float(values[painted[c]]) for c in countries],
                text=[f"{names.get(c, c)} ({painted[c]})" for c in countries],
                hovertemplate="%{text}: %{z:+.3f} %<extra></extra>",
                colorscale="RdBu",
                zmin=-limit,
                zmax=limit,
                colorbar={"title": {"text": "%"}},
                name=str(scenario),
            )
        ]
    layout = {"geo": {"projection": {"type": "natural earth"}, "showframe": False}, "height": 500}
    return Section(
        "welfare-map",
        "Welfare change by country",
        "Aggregates of the model world (rest of the EU, rest of the world) colour all their countries.",
        figures=[_menu_figure(traces, layout)],
    )


def time_series(data: xr.DataArray, key: str, title: str, intro: str = "") -> Section:
    """Lines over years per scenario; with a ``country`` dimension, one country at a time (menu)."""
    _require(data, ("scenario", "year"), title)
    unit = str(data.attrs.get("units", ""))
    layout = {"xaxis": {"title": {"text": "year"}}, "yaxis": {"title": {"text": unit}}, "height": 420}
    if "country" not in data.dims:
        lines = _lines(data)
        return Section(key, title, intro, figures=[go.Figure(lines, layout)])
    traces = {str(country): _lines(data.sel(country=country)) for country in data["country"].values}
    return Section(key, title, intro, figures=[_menu_figure(traces, layout)])


def vendor_shares(shares: xr.DataArray) -> Section:
    """Stacked vendor shares over years, one scenario at a time (menu)."""
    _require(shares, ("scenario", "year", "vendor"), "vendor shares")
    traces = {
        str(scenario): [
            go.Scatter(
                x=shares["year"].values,
                y=shares.sel(scenario=scenario, vendor=vendor).values * 100.0,
                name=str(vendor),
                stackgroup="shares",
                mode="lines",
            )
            for vendor in shares["vendor"].values
        ]
        for scenario in shares["scenario"].values
    }
    layout = {"yaxis": {"title": {"text": "share of deployments (%)"}, "range": [0, 100]}, "height": 420}
    return Section("vendor-shares", "Vendor shares", figures=[_menu_figure(traces, layout)])


def supplier_sales_lost(lost: xr.DataArray) -> Section:
    """Sales each supplier (firm or country) loses, bars grouped by scenario."""
    if lost.ndim != 2 or "scenario" not in lost.dims:
        raise ValueError(f"supplier sales lost needs dimensions (scenario, supplier), got {lost.dims}")
    supplier = next(str(dim) for dim in lost.dims if dim != "scenario")
    bars = [
        go.Bar(x=lost[supplier].values, y=lost.sel(scenario=scenario).values, name=str(scenario))
        for scenario in lost["scenario"].values
    ]
    unit = str(lost.attrs.get("units", "millions of US dollars"))
    layout = {"barmode": "group", "yaxis": {"title": {"text": unit}}, "height": 420}
    return Section("supplier-sales-lost", "Supplier sales lost", figures=[go.Figure(bars, layout)])


def assumptions_and_sources(scenarios: Sequence[Scenario], parameters: Mapping[str, object]) -> Section:
    """Each scenario's description, measures and sources (with links), and the parameters of the run."""
    parts = []
    for scenario in scenarios:
        measures = [
            [html.escape(m.type), html.escape(m.label or ""), html.escape(m.note or "")]
            for m in scenario.measures
        ]
        sources = "".join(_source_item(source) for source in scenario.sources)
        parts.append(
            f"<h3>{html.escape(scenario.name)}</h3><p>{html.escape(scenario.description)}</p>"
            + (_table(["measure", "label", "note"], measures) if measures else "<p>No measures.</p>")
            + f"<ul>{sources}</ul>"
        )
    rows = [[html.escape(str(name)), html.escape(str(value))] for name, value in sorted(parameters.items())]
    parts.append("<h3>Parameters</h3>" + _table(["parameter", "value"], rows))
    return Section("assumptions", "Assumptions and sources", html="\n".join(parts))


def notes_section(notes: pd.DataFrame) -> Section:
    """What each scenario's measures became in the engines where it is approximated or not modelled
    (the run's ``notes`` table: columns ``scenario``, ``note``)."""
    rows = [
        [html.escape(str(scenario)), html.escape(str(note))]
        for scenario, note in zip(notes["scenario"], notes["note"], strict=True)
        if str(note)
    ]
    body = _table(["scenario", "note"], rows) if rows else "<p>Every measure was modelled as written.</p>"
    intro = "What the engines approximate or do not model, measure by measure: nothing is dropped silently."
    return Section("notes", "Notes on the measures", intro, body)


def _source_item(source: Source) -> str:
    link = f'<a href="{html.escape(source.url)}">{html.escape(source.title)}</a>'
    date = f", {html.escape(source.date)}" if source.date else ""
    grade = f" [{html.escape(source.grade)}]" if source.grade else ""
    return f"<li>{html.escape(source.outlet)}, {link}{date}{grade}</li>"


def validation_table(table: pd.DataFrame) -> Section:
    """The validation checks (model against published values) as a table."""
    header = [str(column) for column in table.columns]
    rows = [[_cell(value) for value in row] for row in table.itertuples(index=False)]
    return Section(
        "validation", "Validation", "Model results beside published reference values.", _table(header, rows)
    )


def _require(data: xr.DataArray, dims: tuple[str, ...], what: str) -> None:
    missing = [dim for dim in dims if dim not in data.dims]
    if missing:
        raise ValueError(f"{what} needs dimensions {dims}, got {data.dims}")


def _lines(data: xr.DataArray) -> list[go.BaseTraceType]:
    return [
        go.Scatter(x=data["year"].values, y=data.sel(scenario=s).values, name=str(s), mode="lines+markers")
        for s in data["scenario"].values
    ]


def _menu_figure(traces: Mapping[str, list[go.BaseTraceType]], layout: Mapping[str, object]) -> go.Figure:
    """All traces in one figure, a menu showing one group (scenario or country) at a time."""
    figure = go.Figure(layout=dict(layout))
    owners = []
    for option, group in traces.items():
        for trace in group:
            trace.visible = option == next(iter(traces))
            figure.add_trace(trace)
            owners.append(option)
    buttons = [
        {"label": option, "method": "update", "args": [{"visible": [owner == option for owner in owners]}]}
        for option in traces
    ]
    figure.update_layout(updatemenus=[{"buttons": buttons, "x": 0, "xanchor": "left", "y": 1.15}])
    return figure


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(_td(cell) for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _td(cell: str) -> str:
    return cell if cell.startswith("<td") else f"<td>{cell}</td>"


def _number(value: float, form: str) -> str:
    kind = "loss" if value < 0 else "gain" if value > 0 else ""
    return f'<td class="num {kind}">{html.escape(form.format(value))}</td>'


def _ranked(values: pd.Series) -> str:
    if values.empty:
        return "none"
    return html.escape(", ".join(f"{country} {value:+.2f} %" for country, value in values.items()))


def _cell(value: object) -> str:
    if isinstance(value, float | np.floating):
        return f'<td class="num">{float(value):.4g}</td>'
    return html.escape(str(value))
