"""Who-pays accounting in one currency: small pure functions (notation in docs/who-pays.md).

For country n and year t, the equivalent variation EV[n, t] (billions of US dollars of 2019) is the sum of
its channels k: EV[n, t] = sum_k C_k[n, t]; its present value in the base year t0 at the discount rate r is
PV[n] = sum_t EV[n, t] (1 + r)^-(t - t0), and the same discount factors give each channel's present value,
so the parts of the present value sum to its total as they do year by year.

On plain arrays with the years on the last axis (who pays runs in every ensemble draw); ``present_value``
also takes a labelled array with a ``year`` dimension.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import xarray as xr

from gotogether.dims import YEAR

Flows = TypeVar("Flows", np.ndarray, xr.DataArray)


def equivalent_variation(welfare_hat: Flows, income: Flows) -> Flows:
    """EV = (W_hat - 1) I: the money that, paid to the country in the coordinated world, leaves it as well
    off as the scenario (W_hat the exact change in real income, I its income in that year)."""
    ev: Flows = (welfare_hat - 1.0) * income
    return ev


def discount_factors(years: Flows, rate: float, base_year: int) -> Flows:
    """(1 + r)^-(t - t0) for each year t."""
    factors: Flows = (1.0 + rate) ** -(years - base_year)
    return factors


def discounted_sum(flows: np.ndarray, years: Sequence[int], rate: float, base_year: int) -> np.ndarray:
    """sum_t x_t (1 + r)^-(t - t0) over the last axis of ``flows``, whose years are ``years`` (a missing
    flow, NaN, counts as zero)."""
    factors = discount_factors(np.asarray(years, dtype=float), rate, base_year)
    discounted: np.ndarray = np.nansum(flows * factors, axis=-1)
    return discounted


def present_value(flows: xr.DataArray, rate: float, base_year: int) -> xr.DataArray:
    """``discounted_sum`` over the ``year`` dimension of labelled flows."""
    years = [int(year) for year in flows[YEAR].values]
    discounted: xr.DataArray = xr.apply_ufunc(
        discounted_sum,
        flows,
        input_core_dims=[[YEAR]],
        kwargs={"years": years, "rate": rate, "base_year": base_year},
    )
    return discounted


def value_added_change(sales_change: Flows, value_added_share: Flows) -> Flows:
    """The value added (wages, profits, taxes on production) in a change of sales: sales x VA / output."""
    value_added: Flows = sales_change * value_added_share
    return value_added


def peak(flows: np.ndarray, years: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The year of the largest absolute flow on the last axis (whose years are ``years``; the first, on
    ties, and the first year when all are zero) and the flow in that year, for each other position."""
    position = np.argmax(np.abs(flows), axis=-1)
    at_peak = np.take_along_axis(flows, position[..., None], axis=-1)[..., 0]
    return np.asarray(years)[position], at_peak
