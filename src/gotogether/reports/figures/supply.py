"""Figures of the supply engine, as plotly figures usable in notebooks and the report."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from gotogether.engines.supply import SupplyResult


def supply_sankey(result: SupplyResult, vendor: str, year: int) -> go.Figure:
    """Component supply of ``vendor`` in ``year``, baseline (left) and under the measures (right).

    Links run from supplier country to component class; under the measures, substitutes appear in the
    vendor's home country and inventory as its own node. Values in USD million for the year.
    """
    d = result.data.sel(vendor=vendor)
    in_year = d["year"] == year
    panels = []
    for label, sales in (("baseline", d["baseline_sales"]), ("under the measures", d["sales"])):
        flows = sales.isel(time=in_year.values).sum("time")
        by_pair = flows.groupby(d["country"].str.cat(d["supplier_class"], sep="|")).sum()
        links = {str(k): float(v) for k, v in zip(by_pair["country"].values, by_pair.values, strict=True)}
        if label != "baseline":
            home = str(d["vendor_country"].values)
            for cls in d["component_class"].values:
                substitute = float(
                    d["substitute_sales"].sel(component_class=cls).isel(time=in_year.values).sum()
                )
                stock = float(d["inventory_drawn"].sel(component_class=cls).isel(time=in_year.values).sum())
                links[f"{home} substitute|{cls}"] = substitute
                links[f"inventory|{cls}"] = stock
        panels.append((label, {k: v for k, v in links.items() if v > 0}))
    figure = go.Figure()
    for position, (label, links) in enumerate(panels):
        figure.add_trace(_sankey(links, label, x0=0.52 * position, x1=0.52 * position + 0.48))
    figure.update_layout(title=f"Component supply of {vendor} in {year} (USD million)")
    return figure


def _sankey(links: dict[str, float], label: str, *, x0: float, x1: float) -> go.Sankey:
    sources = [key.split("|")[0] for key in links]
    targets = [key.split("|")[1] for key in links]
    nodes = list(dict.fromkeys([*sources, *targets]))
    return go.Sankey(
        name=label,
        domain={"x": [x0, x1]},
        node={"label": nodes},
        link={
            "source": [nodes.index(s) for s in sources],
            "target": [nodes.index(t) for t in targets],
            "value": [v / 1e6 for v in links.values()],
        },
    )


def supply_time_series(result: SupplyResult, vendors: Sequence[str] | None = None) -> go.Figure:
    """Feasible output share and unit cost multiplier by vendor over time (two stacked panels)."""
    from plotly.subplots import make_subplots

    d = result.data
    chosen = list(vendors) if vendors is not None else [str(v) for v in d["vendor"].values]
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, subplot_titles=("Feasible output", "Unit cost"))
    times = np.asarray(d["time"].values)
    for vendor in chosen:
        figure.add_trace(
            go.Scatter(x=times, y=d["feasible_output"].sel(vendor=vendor).values, name=f"{vendor} output"),
            row=1,
            col=1,
        )
        figure.add_trace(
            go.Scatter(x=times, y=d["unit_cost_multiplier"].sel(vendor=vendor).values, name=f"{vendor} cost"),
            row=2,
            col=1,
        )
    figure.update_yaxes(title_text="share of baseline", row=1, col=1)
    figure.update_yaxes(title_text="multiple of baseline", row=2, col=1)
    return figure
