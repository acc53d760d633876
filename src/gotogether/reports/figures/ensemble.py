"""Figures of an ensemble: a fan chart of percentile bands over years, and a tornado of rank correlations."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import xarray as xr

from gotogether.ensembles.summaries import PERCENTILE

BAND_OPACITY = 0.25


def fan_chart(bands: xr.DataArray, *, time: str = "year", title: str = "", unit: str = "") -> go.Figure:
    """Percentile bands of one quantity over ``time``.

    ``bands`` has dimensions (``percentile``, ``time``), e.g. ``percentiles(ensemble)["welfare"].sel(
    country="MEX")``. Each pair of percentiles symmetric about the median (5 and 95, 25 and 75, ...) is a
    shaded band; the median, if present, is a line.
    """
    levels = sorted(float(level) for level in bands[PERCENTILE].values)
    x = bands[time].values
    figure = go.Figure()
    for low, high in zip(levels, reversed(levels), strict=True):
        if low >= high:
            break
        figure.add_trace(
            go.Scatter(
                x=x,
                y=bands.sel({PERCENTILE: high}).values,
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
            )
        )
        figure.add_trace(go.Scatter(x=x, y=bands.sel({PERCENTILE: low}).values, mode="lines",
                                    line={"width": 0}, fill="tonexty", opacity=BAND_OPACITY,
                                    fillcolor=f"rgba(31, 119, 180, {BAND_OPACITY})",
                                    name=f"p{low:g}-p{high:g}"))  # fmt: skip
    if 50.0 in levels:
        figure.add_trace(go.Scatter(x=x, y=bands.sel({PERCENTILE: 50.0}).values, mode="lines",
                                    line={"color": "rgb(31, 119, 180)"}, name="median"))  # fmt: skip
    figure.update_layout(title=title, xaxis_title=time, yaxis_title=unit)
    return figure


def tornado(correlations: pd.Series, *, title: str = "", top: int = 10) -> go.Figure:
    """Horizontal bars of the ``top`` inputs by absolute Spearman rank correlation with one output (the
    largest at the top), e.g. a column of ``rank_correlations(...)``."""
    chosen = correlations.dropna().reindex(correlations.dropna().abs().sort_values().index[-top:])
    colours = ["rgb(214, 39, 40)" if value < 0 else "rgb(31, 119, 180)" for value in chosen.values]
    figure = go.Figure(go.Bar(x=chosen.values, y=[str(name) for name in chosen.index], orientation="h",
                              marker_color=colours))  # fmt: skip
    figure.update_layout(title=title, xaxis_title="Spearman rank correlation", xaxis_range=[-1, 1])
    return figure
