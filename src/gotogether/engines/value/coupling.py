"""From 5G's value to productivity changes for the trade engine (model-notes section 3).

The GDP contribution of 5G in an industry is a productivity gain. By Hulten's theorem a gross-output TFP
change dln A_{n,s} in sector s raises GDP by (gross output_{n,s} / GDP) dln A_{n,s}; so a contribution of
v_{n,s} dollars is dln A_{n,s} = v_{n,s} / gross output_{n,s}, with gross output measured in the same year and
currency as v. A scenario's productivity relative to the baseline is then

    A_hat_{n,s} = (1 + v^scenario_{n,s} / Y_{n,s}) / (1 + v^baseline_{n,s} / Y_{n,s}),   Y = scale * GO

where GO is gross output in the base table and ``scale`` carries it to the value's year and currency.
Industry values are spread over the default-world sectors of the industry in proportion to their value
added.
"""

from __future__ import annotations

from typing import Final

import xarray as xr

from gotogether.dims import INDUSTRY, SECTOR
from gotogether.engines.value.industries import Industries

WORLD_GDP_2019_USD_BN: Final = 87_700.0
"""World GDP in 2019, current US dollars (World Bank, World Development Indicators, NY.GDP.MKTP.CD,
https://data.worldbank.org/indicator/NY.GDP.MKTP.CD; about $87.7 trillion)."""

REAL_GROWTH: Final = 0.025
"""Assumed world real GDP growth per year after 2019 (range 0.02-0.035; IMF medium-term forecasts of world
growth at market exchange rates are near this; an assumption, not a sourced projection)."""


def economy_scale(base_world_value_added: float, year: int, *, growth: float = REAL_GROWTH) -> float:
    """Size of the world economy in ``year`` (2019 US dollars) relative to the base table's value added."""
    return WORLD_GDP_2019_USD_BN * (1.0 + growth) ** (year - 2019) / base_world_value_added


def value_by_sector(value: xr.DataArray, value_added: xr.DataArray, industries: Industries) -> xr.DataArray:
    """Industry values (country, industry[, ...]) spread over their sectors by value added (country,
    sector)."""
    mapping = industries.sector_mapping
    industry_total = (value_added * mapping).sum(SECTOR)
    weight = (value_added * mapping / industry_total.where(industry_total > 0)).fillna(0.0)
    spread: xr.DataArray = (value * weight).sum(INDUSTRY)
    return spread


def productivity_change(
    scenario_value: xr.DataArray,
    baseline_value: xr.DataArray,
    gross_output: xr.DataArray,
    scale: float | xr.DataArray,
) -> xr.DataArray:
    """A_hat (country, sector) of the module docstring; values and gross output share their dimensions."""
    output = (gross_output * scale).where(gross_output > 0)  # no output: no productivity change (NaN -> 1)
    ratio: xr.DataArray = (1.0 + scenario_value / output) / (1.0 + baseline_value / output)
    return ratio.fillna(1.0)
