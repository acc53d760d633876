"""Summaries of an ensemble: percentiles per cell, the distribution of headline numbers, and which inputs
drive the spread (Spearman rank correlations between each input and each headline output)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.ensembles.sampling import DRAW

DEFAULT_PERCENTILES = (5.0, 50.0, 95.0)
PERCENTILE = "percentile"


def percentiles(ensemble: xr.Dataset | xr.DataArray, q: Sequence[float] = DEFAULT_PERCENTILES) -> xr.Dataset:
    """Percentiles ``q`` (0-100) over draws of every cell, with a ``percentile`` dimension (linear
    interpolation between order statistics, numpy's default)."""
    data = ensemble.to_dataset() if isinstance(ensemble, xr.DataArray) else ensemble
    data = data[[name for name, variable in data.data_vars.items() if DRAW in variable.dims]]
    result = data.quantile(np.asarray(q) / 100.0, dim=DRAW).rename(quantile=PERCENTILE)
    return result.assign_coords({PERCENTILE: list(q)})


def headline_distribution(headlines: pd.DataFrame, q: Sequence[float] = DEFAULT_PERCENTILES) -> pd.DataFrame:
    """Mean, standard deviation and percentiles of each headline number (columns of ``headlines``, one
    row per draw); one row per headline."""
    table = pd.DataFrame({"mean": headlines.mean(), "sd": headlines.std(ddof=1)})
    for value in q:
        table[f"p{value:g}"] = headlines.quantile(value / 100.0)
    return table


def rank_correlations(inputs: pd.DataFrame, outputs: pd.DataFrame) -> pd.DataFrame:
    """Spearman rank correlation of each input (rows) with each output (columns), over shared draws.

    ``inputs`` and ``outputs`` have one row per draw (same index). Inputs that do not vary across draws
    (fixed distributions) have no rank correlation and are left out.
    """
    if not inputs.index.equals(outputs.index):
        raise ValueError("inputs and outputs must have the same draws (index)")
    varying = inputs.loc[:, inputs.max() > inputs.min()]
    x = varying.rank().to_numpy()
    y = outputs.rank().to_numpy()
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    y = (y - y.mean(axis=0)) / np.where(y.std(axis=0) > 0, y.std(axis=0), np.nan)
    correlation = x.T @ y / len(x)
    return pd.DataFrame(correlation, index=varying.columns, columns=outputs.columns)


def draw_table(array: xr.DataArray) -> pd.DataFrame:
    """A two-dimensional (draw, X) array as a frame with one row per draw and one column per X label."""
    if array.ndim != 2 or DRAW not in array.dims:
        raise ValueError(f"expected dimensions (draw, one other), got {array.dims}")
    other = next(dim for dim in array.dims if dim != DRAW)
    return pd.DataFrame(
        array.transpose(DRAW, other).values,
        index=pd.Index(array[DRAW].values, name=DRAW),
        columns=pd.Index(array[other].values, name=str(other)),
    )
