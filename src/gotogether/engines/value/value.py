"""What adoption is worth: GDP contribution and sales enabled, by country, industry and year.

    GDP contribution_{n,k,t} = uplift_k * readiness_n * adoption_{n,k,t} * VA_{n,k}
    sales enabled_{n,k,t}    = sales_multiplier * adoption_{n,k,t} * gross output_{n,k}

VA and gross output are the industry's size in the base table (the default world, WIOD 2011); uplift,
readiness and the sales multiplier are calibrated to published projections (``calibration``), which also
carries the results into their currency (US dollars of the projections' price year).
"""

from __future__ import annotations

import xarray as xr

from gotogether.engines.value.industries import INDUSTRY, WIOD_SECTOR, Industries


def by_industry(values: xr.DataArray, industries: Industries) -> xr.DataArray:
    """Sum (country, wiod_sector) values into (country, industry); sectors of no industry drop out."""
    mapping = industries.wiod_mapping()
    return (values * mapping).sum(WIOD_SECTOR).transpose(..., INDUSTRY)


def gdp_contribution(
    adoption: xr.DataArray, value_added: xr.DataArray, uplift: xr.DataArray, readiness: xr.DataArray
) -> xr.DataArray:
    """GDP contribution (country, industry, year) in the unit of ``value_added`` times ``uplift``."""
    return uplift * readiness * adoption * value_added


def sales_enabled(
    adoption: xr.DataArray, gross_output: xr.DataArray, sales_multiplier: float
) -> xr.DataArray:
    """Sales enabled (country, industry, year) in the unit of ``gross_output`` times the multiplier."""
    return sales_multiplier * adoption * gross_output
