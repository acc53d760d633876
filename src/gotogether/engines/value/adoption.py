"""Industry adoption of 5G as diffusion curves driven by coverage and price.

For country n, industry k and year t:

    tau_{n,t}  = sum_{s <= t} coverage_{n,s}                  (years of full-coverage equivalent)
    F_k(tau)   = (L_k(tau) - L_k(0)) / (1 - L_k(0)),  L_k(tau) = 1 / (1 + exp(-s_k (tau - m_k)))
    adoption   = min(1, ceiling_k * (price_{n,t} / reference price_t)^-epsilon) * F_k(tau_{n,t})

m_k is the industry's diffusion midpoint in covered years and s_k = ln(19) / m_k, so that L_k(0) = 5%.
Slower coverage delays adoption (tau grows more slowly); dearer equipment lowers its ceiling. Shares are
fractions of the industry's activity using 5G.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.dims import COUNTRY, INDUSTRY, YEAR
from gotogether.engines.contract import in_order
from gotogether.engines.value.industries import Industries

Values = TypeVar("Values", np.ndarray, xr.DataArray)


def covered_years(coverage: np.ndarray) -> np.ndarray:
    """Cumulative years of full-coverage equivalent, tau (country, year); coverage is a population share."""
    if bool(((coverage < 0) | (coverage > 1)).any()):
        raise ValueError("coverage must be a share between 0 and 1")
    return np.cumsum(coverage, axis=-1)


def diffusion(tau: Values, midpoint: Values) -> Values:
    """F_k(tau): the normalised logistic curve of the module docstring (0 at tau = 0, 1/2 near m_k)."""
    steepness = np.log(19.0) / midpoint
    logistic = 1.0 / (1.0 + np.exp(-steepness * (tau - midpoint)))
    at_zero = 1.0 / (1.0 + np.exp(steepness * midpoint))
    normalised: Values = (logistic - at_zero) / (1.0 - at_zero)
    return normalised


def adoption_share(
    coverage: xr.DataArray,
    price_ratio: xr.DataArray,
    industries: Industries,
    *,
    price_elasticity: float,
) -> xr.DataArray:
    """Adoption (country, industry, year) from coverage and price relative to the baseline (country, year);
    ``price_elasticity`` is epsilon (the parameter ``adoption.price_elasticity``)."""
    labels, shares = adoption_values(coverage, price_ratio, industries, price_elasticity=price_elasticity)
    return xr.DataArray(
        shares, dims=tuple(labels), coords=labels, attrs={"units": "share of the industry's activity"}
    )


def adoption_values(
    coverage: xr.DataArray,
    price_ratio: xr.DataArray,
    industries: Industries,
    *,
    price_elasticity: float,
) -> tuple[dict[str, pd.Index], np.ndarray]:
    """``adoption_share`` on arrays: its labels (country, industry, year) and values (it runs for every
    scenario of every ensemble draw: the value engine labels its result once)."""
    order = {COUNTRY: coverage.indexes[COUNTRY], YEAR: coverage.indexes[YEAR]}
    price = in_order(price_ratio, order)[:, None, :]
    ceiling, midpoint = (values[None, :, None] for values in industries.curves)
    bounded = np.minimum(ceiling * price ** (-price_elasticity), 1.0)
    shares = bounded * diffusion(covered_years(in_order(coverage, order))[:, None, :], midpoint)
    labels = {COUNTRY: order[COUNTRY], INDUSTRY: industries.labels, YEAR: order[YEAR]}
    return labels, shares
