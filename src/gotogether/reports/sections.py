"""Report sections, each a function from labelled results to a :class:`Section`.

The engines plug in by producing these labelled results (dimension names are the contract):

- who pays: the tables of ``pipeline.who_pays`` for every scenario, by country (index scenario, country)
  and by role (index scenario, group), with the accounting (``Accounting``: years, base year, discount rate);
- maps: ``(scenario, country)``, a change in %;
- time series: ``(scenario, year)`` or ``(scenario, year, country)``, with ``attrs["units"]``;
- vendor shares: ``(scenario, year, vendor)``, shares between 0 and 1;
- supplier sales change: ``(scenario, supplier)`` (firms or countries), millions of US dollars;
- the validation table: a DataFrame as ``gotogether validate`` prints it.

Numbers that round to zero at the precision shown print as 0, without a sign or a colour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data import registry
from gotogether.reports.html import FigureData, Section
from gotogether.reports.rendering import render
from gotogether.scenarios import Scenario

TOP = 3


CHANNELS = {
    "value_5g_pv": "5G value",
    "trade_pv": "Trade",
    "capex_pv": "Equipment spending",
    "vendor_value_added_pv": "Vendors' value added",
    "supplier_value_added_pv": "Suppliers' value added",
    "substitute_investment_pv": "Substitutes' investment",
    "disruption_pv": "Disruption",
}
"""The channels of who pays as the report heads them (``pipeline.who_pays.CHANNELS``, present values)."""
ROLE_NAMES = {"issuer": "Issuers", "ally": "Allies", "target": "Targets", "third country": "Third countries"}


@dataclass(frozen=True)
class Cell:
    """A table cell with a class attribute (numbers); a cell without one is plain text."""

    text: str
    css: str


Row = Sequence[str | Cell]


@dataclass(frozen=True)
class Accounting:
    """What the who-pays numbers are: years summed, the year and currency of present values, the discount
    rate of each scenario, and the notes on what the accounting approximates."""

    years: str
    base_year: int
    discount_rates: Mapping[str, float]
    notes: Sequence[str] = ()

    def statement(self) -> str:
        rates = sorted({f"{rate:.1%}" for rate in self.discount_rates.values()})
        return (
            f"Equivalent variation against the coordinated world, {self.years}, as a present value in "
            f"{self.base_year} at a discount rate of {' / '.join(rates)} a year, in billions of US dollars "
            f"of {self.base_year}"
        )


def who_pays(paying: pd.DataFrame, by_role: pd.DataFrame, accounting: Accounting) -> Section:
    """Headline: per scenario, the present value by role and its decomposition into channels, then each
    country with its peak year and the measures that are not money."""
    for table, index in ((paying, ("scenario", "country")), (by_role, ("scenario", "group"))):
        if tuple(table.index.names) != index:
            raise ValueError(f"who pays needs rows indexed by {index}, got {tuple(table.index.names)}")
    channels = list(CHANNELS.values())
    blocks = []
    for scenario in dict.fromkeys(paying.index.get_level_values("scenario")):
        roles = by_role.loc[scenario]
        countries = paying.loc[scenario]
        role_rows: list[Row] = []
        for group, row in zip(roles.index, roles.to_dict("records"), strict=True):
            members = countries.index[countries["role"] == group] if group != "world" else []
            label = ROLE_NAMES.get(str(group), "World")
            names = ", ".join(map(str, members)) if 0 < len(members) <= 8 else f"{int(row['countries'])}"
            role_rows.append(
                [
                    label,
                    names,
                    _number(float(row["ev_pv"]), "{:+,.1f}"),
                    *(_number(float(row[column]), "{:+,.1f}") for column in CHANNELS),
                ]
            )
        ordered = countries.assign(order=countries["role"].map(list(ROLE_NAMES).index)).sort_values(
            ["order", "ev_pv"]
        )
        country_rows: list[Row] = [
            [
                str(country),
                str(row["role"]),
                _number(row["ev_pv"], "{:+,.2f}"),
                *(_number(float(row[column]), "{:+,.2f}") for column in CHANNELS),
                _number(float(row["ev_pv_pct_gdp"]), "{:+.3f}"),
                Cell(str(int(row["peak_year"])), "num"),
                _number(float(row["peak_ev"]), "{:+,.2f}"),
                _number(float(row["coverage_delay_months"]), "{:+.1f}", colour=False),
                _number(float(row["mean_coverage_delay_months"]), "{:+.1f}", colour=False),
                _number(float(row["sites_change_pct"]), "{:+.2f}", colour=False),
                _number(float(row["supplier_sales_change"]), "{:+,.2f}", colour=False),
            ]
            for country, row in zip(ordered.index, ordered.to_dict("records"), strict=True)
        ]
        rate = accounting.discount_rates.get(str(scenario))
        heading = f"{scenario}" + (f" (discount rate {rate:.1%})" if rate is not None else "")
        blocks.append({"heading": heading, "role_rows": role_rows, "country_rows": country_rows})
    intro = (
        f"{accounting.statement()}; negative numbers are losses. The channels sum to the total. Coverage "
        "delay, sites and suppliers' sales (revenue) are not money paid and are never added to it. The peak "
        "year is the year of the largest equivalent variation."
    )
    body = render(
        "who_pays.html.j2",
        scenarios=blocks,
        role_header=["group", "countries", "total (bn USD)", *channels],
        country_header=[
            "country",
            "role",
            "total (bn USD)",
            *channels,
            "total (% of GDP)",
            "peak year",
            "in the peak year (bn USD)",
            "coverage delay (months)",
            "mean coverage delay (months, population-weighted)",
            "sites built (% change)",
            "suppliers' sales change (bn USD, revenue)",
        ],
        notes=list(accounting.notes),
    )
    return Section("who-pays", "Who pays", intro, body)


def firms_table(firms: pd.DataFrame, accounting: Accounting, top: int = 12) -> Section:
    """Vendors and supplier firms: per scenario, the firms whose value added changes most."""
    if tuple(firms.index.names) != ("scenario", "firm"):
        raise ValueError(f"firms need rows indexed by (scenario, firm), got {tuple(firms.index.names)}")
    blocks = []
    for scenario in dict.fromkeys(firms.index.get_level_values("scenario")):
        scenario_firms = firms.loc[scenario]
        largest = scenario_firms["value_added_pv"].abs().sort_values(ascending=False).index[:top]
        moved = scenario_firms.loc[largest]
        moved = moved[moved["value_added_pv"].abs() >= 0.005]
        if moved.empty:
            continue
        rows: list[Row] = [
            [
                str(firm),
                str(row["kind"]),
                str(row["home"]),
                _number(float(row["value_added_pv"]), "{:+,.2f}"),
                _number(float(row["sales_change"]), "{:+,.2f}", colour=False),
            ]
            for firm, row in zip(moved.index, moved.to_dict("records"), strict=True)
        ]
        blocks.append({"name": str(scenario), "rows": rows})
    intro = (
        f"Vendors and their suppliers: the change in value added in their sales ({accounting.statement()}), "
        "beside the change in sales (revenue, over the same years, undiscounted)."
    )
    header = [
        "firm",
        "kind",
        "home",
        "value added (bn USD, present value)",
        "sales change (bn USD, revenue)",
    ]
    return Section("firms", "Firms", intro, render("firms.html.j2", scenarios=blocks, header=header))


def country_map(change: xr.DataArray, key: str, title: str, intro: str = "") -> Section:
    """A world map of a change in % (scenario, country), one scenario at a time (menu), opening on the
    scenario with the largest effect; a diverging scale centred on zero."""
    _require(change, ("scenario", "country"), title)
    change = change.transpose("scenario", "country")
    largest = abs(change).max("country").fillna(0.0)
    order = [str(s) for s in change["scenario"].values[np.argsort(-largest.values, kind="stable")]]
    regions = [str(code) for code in change["country"].values]
    painted = registry.region_of_country(regions)
    names = registry.countries().names
    limit = float(np.nanmax(np.abs(change.values))) or 1.0
    countries = list(painted)
    position = {region: index for index, region in enumerate(regions)}
    painted_at = [position[painted[c]] for c in countries]
    text = [f"{names.get(c, c)} ({painted[c]})" for c in countries]
    rows = {
        str(scenario): row for scenario, row in zip(change["scenario"].values, change.values, strict=True)
    }
    traces = {
        scenario: [
            {
                "type": "choropleth",
                "locations": countries,
                "locationmode": "ISO-3",
                "z": _values(rows[scenario][painted_at]),
                "text": text,
                "hovertemplate": "%{text}: %{z:+.3f} %<extra></extra>",
                "colorscale": _diverging_scale(),
                "zmid": 0.0,
                "zmin": -limit,
                "zmax": limit,
                "colorbar": {"title": {"text": "%"}},
                "name": scenario,
            }
        ]
        for scenario in order
    }
    layout = {"geo": {"projection": {"type": "natural earth"}, "showframe": False}, "height": 500}
    note = "Aggregates of the model world (rest of the EU, rest of the world) colour all their countries."
    return Section(key, title, f"{intro} {note}".strip(), figures=[_menu_figure(traces, layout)])


def time_series(data: xr.DataArray, key: str, title: str, intro: str = "") -> Section:
    """Lines over years per scenario; with a ``country`` dimension, one country at a time (menu)."""
    _require(data, ("scenario", "year"), title)
    unit = str(data.attrs.get("units", ""))
    layout = {"xaxis": {"title": {"text": "year"}}, "yaxis": {"title": {"text": unit}}, "height": 420}
    years = _values(data["year"].values)
    scenarios = [str(s) for s in data["scenario"].values]
    if "country" not in data.dims:
        values = data.transpose("scenario", "year").values
        return Section(
            key, title, intro, figures=[{"data": _lines(years, scenarios, values), "layout": layout}]
        )
    values = data.transpose("country", "scenario", "year").values
    traces = {
        str(country): _lines(years, scenarios, by_scenario)
        for country, by_scenario in zip(data["country"].values, values, strict=True)
    }
    return Section(key, title, intro, figures=[_menu_figure(traces, layout)])


def vendor_shares(shares: xr.DataArray) -> Section:
    """Stacked vendor shares over years, one scenario at a time (menu)."""
    _require(shares, ("scenario", "year", "vendor"), "vendor shares")
    years = _values(shares["year"].values)
    percent = shares.transpose("scenario", "vendor", "year").values * 100.0
    traces = {
        str(scenario): [
            {
                "type": "scatter",
                "x": years,
                "y": _values(path),
                "name": str(vendor),
                "stackgroup": "shares",
                "mode": "lines",
            }
            for vendor, path in zip(shares["vendor"].values, by_vendor, strict=True)
        ]
        for scenario, by_vendor in zip(shares["scenario"].values, percent, strict=True)
    }
    layout = {"yaxis": {"title": {"text": "share of deployments (%)"}, "range": [0, 100]}, "height": 420}
    return Section("vendor-shares", "Vendor shares", figures=[_menu_figure(traces, layout)])


def supplier_sales_change(change: xr.DataArray) -> Section:
    """Sales each supplier (firm or country) gains (+) or loses (-), bars grouped by scenario."""
    if change.ndim != 2 or "scenario" not in change.dims:
        raise ValueError(f"supplier sales change needs dimensions (scenario, supplier), got {change.dims}")
    supplier = next(str(dim) for dim in change.dims if dim != "scenario")
    suppliers = [str(name) for name in change[supplier].values]
    bars = [
        {"type": "bar", "x": suppliers, "y": _values(values), "name": str(scenario)}
        for scenario, values in zip(
            change["scenario"].values, change.transpose("scenario", supplier).values, strict=True
        )
    ]
    unit = str(change.attrs.get("units", "millions of US dollars"))
    layout = {"barmode": "group", "yaxis": {"title": {"text": unit}}, "height": 420}
    intro = "Revenue, not value added (see Who pays and Firms for the value added); gains are positive."
    figure: FigureData = {"data": bars, "layout": layout}
    return Section("supplier-sales-change", "Suppliers' sales change", intro, figures=[figure])


def assumptions_and_sources(scenarios: Sequence[Scenario], parameters: Mapping[str, object]) -> Section:
    """Each scenario's description, measures and sources (with links), and the parameters of the run."""
    blocks = [
        {
            "name": scenario.name,
            "description": scenario.description,
            "measures": [[m.type, m.label or "", m.note or ""] for m in scenario.measures],
            "sources": scenario.sources,
        }
        for scenario in scenarios
    ]
    rows = [[str(name), str(value)] for name, value in sorted(parameters.items())]
    body = render("assumptions.html.j2", scenarios=blocks, parameters=rows)
    return Section("assumptions", "Assumptions and sources", html=body)


def notes_section(notes: pd.DataFrame) -> Section:
    """What each scenario's measures became in the engines where it is approximated or not modelled
    (the run's ``notes`` table: columns ``scenario``, ``note``)."""
    rows = [
        [str(scenario), str(note)]
        for scenario, note in zip(notes["scenario"], notes["note"], strict=True)
        if str(note)
    ]
    body = render("notes.html.j2", rows=rows)
    intro = "What the engines approximate or do not model, measure by measure: nothing is dropped silently."
    return Section("notes", "Notes on the measures", intro, body)


def validation_table(table: pd.DataFrame) -> Section:
    """The validation checks (model against published values) as a table."""
    header = [str(column) for column in table.columns]
    rows = [[_cell(value) for value in row] for row in table.itertuples(index=False)]
    return Section(
        "validation",
        "Validation",
        "Model results beside published reference values.",
        render("table.html.j2", header=header, rows=rows),
    )


def _require(data: xr.DataArray, dims: tuple[str, ...], what: str) -> None:
    missing = [dim for dim in dims if dim not in data.dims]
    if missing:
        raise ValueError(f"{what} needs dimensions {dims}, got {data.dims}")


@cache
def _diverging_scale() -> list[list[Any]]:
    """plotly's "RdBu" (ColorBrewer's red-blue, as plotly.py names it; plotly.js's own "RdBu" differs): its
    colours evenly spaced, as ``plotly.colors.get_colorscale("RdBu")`` gives them (which imports plotly's
    validators, a twentieth of a second)."""
    from plotly.colors import diverging, make_colorscale

    return [[round(float(level), 10), colour] for level, colour in make_colorscale(diverging.RdBu)]


def _values(array: np.ndarray) -> list[Any]:
    """Numbers as a figure holds them: a list, a missing number (NaN) as None (a gap in a line)."""
    return [None if isinstance(v, float) and math.isnan(v) else v for v in np.asarray(array).tolist()]


def _lines(years: list[Any], scenarios: Sequence[str], values: np.ndarray) -> list[dict[str, Any]]:
    """One line per scenario over ``years``; ``values`` (scenario, year)."""
    return [
        {"type": "scatter", "x": years, "y": _values(row), "name": name, "mode": "lines+markers"}
        for name, row in zip(scenarios, values, strict=True)
    ]


def _menu_figure(traces: Mapping[str, list[dict[str, Any]]], layout: Mapping[str, object]) -> FigureData:
    """All traces in one figure, a menu showing one group (scenario or country) at a time."""
    first = next(iter(traces))
    data = [{**trace, "visible": option == first} for option, group in traces.items() for trace in group]
    owners = [option for option, group in traces.items() for _ in group]
    buttons = [
        {"label": option, "method": "update", "args": [{"visible": [owner == option for owner in owners]}]}
        for option in traces
    ]
    menus = [{"buttons": buttons, "x": 0, "xanchor": "left", "y": 1.15}]
    return {"data": data, "layout": {**layout, "updatemenus": menus}}


def shown(value: float, form: str) -> str:
    """``value`` formatted; "0" (no sign) when it rounds to zero at the precision of ``form``."""
    text = form.format(value)
    digits = text.replace(",", "").replace("%", "").strip()
    try:
        zero = float(digits) == 0.0
    except ValueError:  # nan, inf
        return text
    return "0" if zero else text


def _number(value: float, form: str, *, colour: bool = True) -> Cell:
    text = shown(value, form)
    kind = "" if text == "0" or not colour else "loss" if value < 0 else "gain" if value > 0 else ""
    return Cell(text, f"num {kind}")


def _cell(value: object) -> str | Cell:
    if isinstance(value, float | np.floating):
        return Cell(f"{float(value):.4g}", "num")
    return str(value)


TARGET_YEARS = (2019, 2020, 2022, 2025, 2030, 2035)
"""Years shown in the targets' paths (the run tables hold every year)."""


def target_paths_section(
    revenue: pd.DataFrame, change: pd.DataFrame, productivity: pd.DataFrame
) -> Section | None:
    """The targets' revenue by business line (change from the measures, billions of US dollars) and
    productivity (feasible output over unit cost) in a few years, for the scenarios whose measures change
    them (the run tables ``target_business_revenue``, ``..._change`` and ``target_productivity``, tidy);
    None when no scenario does."""
    value = change.columns[-1]
    moved = change[change[value].abs() > 1e-9]["scenario"].unique()
    if len(moved) == 0:
        return None
    level = revenue.set_index(["scenario", "vendor", "business", "year"]).iloc[:, -1]
    lost = change.set_index(["scenario", "vendor", "business", "year"])[value]
    path = productivity.set_index(["scenario", "vendor", "year"]).iloc[:, -1]
    businesses = sorted(change["business"].unique())
    rows: list[list[str | Cell]] = []
    for scenario in moved:
        for vendor in sorted(change.loc[change["scenario"] == scenario, "vendor"].unique()):
            for year in TARGET_YEARS:
                if (scenario, vendor, year) not in path.index:
                    continue
                cells: list[str | Cell] = [str(scenario), str(vendor), str(year)]
                for business in businesses:
                    key = (scenario, vendor, business, year)
                    cells.append(Cell(f"{level[key]:.1f} ({_signed(lost[key])})", "num"))
                cells.append(Cell(f"{path[(scenario, vendor, year)]:.3f}", "num"))
                rows.append(cells)
    header = ["scenario", "vendor", "year"] + [f"{b}, bn USD (change)" for b in businesses]
    header.append("productivity F/c")
    intro = (
        "The target's revenue by business line with the measures (its change from them in brackets) and "
        "its productivity, feasible output over the unit-cost multiplier (1 without the measures). Each "
        "business is short of its own bill of materials only (the carrier and enterprise businesses share "
        "the base station's, the consumer business has a handset's). Every year is "
        "in the run tables target_business_revenue, target_productivity and target_sector_productivity."
    )
    return Section(
        "target-paths",
        "The target's businesses and productivity",
        intro,
        render("table.html.j2", header=header, rows=rows),
    )


def _signed(value: float) -> str:
    """``value`` with one decimal and its sign; 0 without a sign when it rounds to zero."""
    text = f"{value:+.1f}"
    return "0" if text in ("+0.0", "-0.0") else text
