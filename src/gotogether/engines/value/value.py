"""What adoption is worth: GDP contribution and sales enabled, by country, industry and year.

    GDP contribution_{n,k,t} = uplift_k * readiness_n * adoption_{n,k,t} * VA_{n,k}
    sales enabled_{n,k,t}    = sales_multiplier * adoption_{n,k,t} * gross output_{n,k}

VA and gross output are the industry's size in the default world (billions of US dollars); uplift,
readiness and the sales multiplier are calibrated to published projections (``calibration``), which also
carries the results into their currency (US dollars of the projections' price year).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.iotable import IOTable
from gotogether.dims import COUNTRY, INDUSTRY, SECTOR, YEAR
from gotogether.engines.contract import in_order
from gotogether.engines.value.industries import Industries
from gotogether.errors import InputError

_BILLIONS_PER_UNIT = {"millions of current USD": 1e-3, "billions of current USD": 1.0}


def sector_sizes(table: IOTable) -> tuple[xr.DataArray, xr.DataArray]:
    """Value added and gross output of ``table`` as (country, sector) arrays in billions of US dollars."""
    if table.unit not in _BILLIONS_PER_UNIT:
        raise InputError(
            f"unit {table.unit!r} cannot be converted",
            source=table.source,
            location="unit",
            expected=f"one of {list(_BILLIONS_PER_UNIT)}",
        )
    factor = _BILLIONS_PER_UNIT[table.unit]

    def labelled(values: pd.Series) -> xr.DataArray:
        array = xr.DataArray.from_series(values * factor).rename({"region": "country"})
        return array.sel(country=table.regions, sector=table.sectors).assign_attrs(units="billion USD")

    return labelled(table.va.sum(axis=0)), labelled(table.x)


def by_industry(values: xr.DataArray, industries: Industries) -> xr.DataArray:
    """Sum (country, sector) values into (country, industry); sectors of no industry drop out."""
    mapping = industries.sector_mapping
    return (values * mapping).sum(SECTOR).transpose(..., INDUSTRY).assign_attrs(values.attrs)


def gdp_contribution(
    adoption: xr.DataArray, value_added: xr.DataArray, uplift: xr.DataArray, readiness: xr.DataArray
) -> xr.DataArray:
    """GDP contribution (industry, country, year) in the unit of ``value_added`` times ``uplift``, on the
    labels of ``adoption`` (country, industry, year)."""
    countries, industries = adoption.indexes[COUNTRY], adoption.indexes[INDUSTRY]
    share = adoption.transpose(INDUSTRY, COUNTRY, YEAR).values
    return xr.DataArray(
        contribution_values(share, value_added, uplift, readiness, industries, countries),
        dims=(INDUSTRY, COUNTRY, YEAR),
        coords={INDUSTRY: industries, COUNTRY: countries, YEAR: adoption.indexes[YEAR]},
        attrs={"units": value_added.attrs.get("units", "")},
    )


def contribution_values(
    share: np.ndarray,
    value_added: xr.DataArray,
    uplift: xr.DataArray,
    readiness: xr.DataArray,
    industries: pd.Index,
    countries: pd.Index,
) -> np.ndarray:
    """``gdp_contribution`` on arrays: of adoption ``share`` (industry, country, year) on ``industries``
    and ``countries``."""
    size = in_order(value_added, {INDUSTRY: industries, COUNTRY: countries})[:, :, None]
    scale = in_order(uplift, {INDUSTRY: industries})[:, None] * in_order(readiness, {COUNTRY: countries})
    contribution: np.ndarray = scale[:, :, None] * share * size
    return contribution


def sales_enabled(
    adoption: xr.DataArray, gross_output: xr.DataArray, sales_multiplier: float
) -> xr.DataArray:
    """Sales enabled (country, industry, year) in the unit of ``gross_output`` times the multiplier, on the
    labels of ``adoption``."""
    labels = {dim: adoption.indexes[dim] for dim in (COUNTRY, INDUSTRY, YEAR)}
    share = adoption.transpose(*labels).values
    return xr.DataArray(
        sales_values(share, gross_output, sales_multiplier, labels[COUNTRY], labels[INDUSTRY]),
        dims=tuple(labels),
        coords=labels,
        attrs={"units": gross_output.attrs.get("units", "")},
    )


def sales_values(
    share: np.ndarray,
    gross_output: xr.DataArray,
    sales_multiplier: float,
    countries: pd.Index,
    industries: pd.Index,
) -> np.ndarray:
    """``sales_enabled`` on arrays: of adoption ``share`` (country, industry, year) on ``countries`` and
    ``industries``."""
    size = in_order(gross_output, {COUNTRY: countries, INDUSTRY: industries})[:, :, None]
    sales: np.ndarray = sales_multiplier * share * size
    return sales
