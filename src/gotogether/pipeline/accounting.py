"""Who-pays accounting in one currency: small pure functions (notation in docs/who-pays.md).

For country n and year t, the equivalent variation EV[n, t] (billions of US dollars of 2019) is the sum of
its channels k: EV[n, t] = sum_k C_k[n, t]; its present value in the base year t0 at the discount rate r is
PV[n] = sum_t EV[n, t] (1 + r)^-(t - t0), and the same discount factors give each channel's present value,
so the parts of the present value sum to its total as they do year by year.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from gotogether.dims import YEAR


def equivalent_variation(welfare_hat: xr.DataArray, income: xr.DataArray) -> xr.DataArray:
    """EV = (W_hat - 1) I: the money that, paid to the country in the coordinated world, leaves it as well
    off as the scenario (W_hat the exact change in real income, I its income in that year)."""
    ev: xr.DataArray = (welfare_hat - 1.0) * income
    return ev


def discount_factors(years: xr.DataArray, rate: float, base_year: int) -> xr.DataArray:
    """(1 + r)^-(t - t0) for each year t."""
    factors: xr.DataArray = (1.0 + rate) ** -(years - base_year)
    return factors


def present_value(flows: xr.DataArray, rate: float, base_year: int) -> xr.DataArray:
    """sum_t x_t (1 + r)^-(t - t0) over ``year``."""
    discounted: xr.DataArray = (flows * discount_factors(flows[YEAR], rate, base_year)).sum(YEAR)
    return discounted


def value_added_change(sales_change: xr.DataArray, value_added_share: xr.DataArray) -> xr.DataArray:
    """The value added (wages, profits, taxes on production) in a change of sales: sales x VA / output."""
    value_added: xr.DataArray = sales_change * value_added_share
    return value_added


def peak(flows: xr.DataArray) -> tuple[xr.DataArray, xr.DataArray]:
    """The year of the largest absolute flow (the first, on ties; the first year when all are zero) and
    the flow in that year, for each other coordinate."""
    position = abs(flows).argmax(YEAR)
    at_peak = flows.isel({YEAR: position})
    year: xr.DataArray = flows[YEAR].isel({YEAR: position}).drop_vars(YEAR)
    return year, at_peak.drop_vars(YEAR)


def residual(total: xr.DataArray, *parts: xr.DataArray) -> xr.DataArray:
    """What ``total`` holds beyond ``parts`` (zero where total is undefined, e.g. years not solved)."""
    rest = total - sum(parts, xr.zeros_like(total))
    filled: xr.DataArray = rest.where(np.isfinite(rest), 0.0)
    return filled
