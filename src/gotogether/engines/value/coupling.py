"""From 5G's value to productivity changes for the trade engine (model-notes section 3).

The GDP contribution of 5G in an industry is a productivity gain. By Hulten's theorem a gross-output TFP
change dln A_{n,s} in sector s raises GDP by (gross output_{n,s} / GDP) dln A_{n,s}; so a contribution of
v_{n,s} dollars is dln A_{n,s} = v_{n,s} / gross output_{n,s}, with gross output measured in the same year and
currency as v. A scenario's productivity relative to the baseline is then

    A_hat_{n,s} = (1 + v^scenario_{n,s} / Y_{n,s}) / (1 + v^baseline_{n,s} / Y_{n,s}),   Y = scale * GO

where GO is gross output in the base table and ``scale`` carries it to the value's year and currency: by
country, GDP in 2019 times its real growth to the year, over the base table's value added (``economy_scale``).
Industry values are spread over the default-world sectors of the industry in proportion to their value
added.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from numpy.typing import NDArray

Array = NDArray[np.float64]


def economy_scale(
    base_value_added: xr.DataArray, gdp_2019: xr.DataArray, growth: xr.DataArray
) -> xr.DataArray:
    """Size of each country's economy by year (2019 US dollars) relative to the base table's value added:
    ``gdp_2019`` (country) times ``growth`` (country, year; real GDP relative to 2019) over
    ``base_value_added`` (country, same unit as ``gdp_2019``). On the 2019 world, whose value added is GDP,
    it is the growth factor itself."""
    scale: xr.DataArray = gdp_2019 * growth / base_value_added
    return scale


def sector_weights(value_added: Array, mapping: Array) -> Array:
    """The share of each sector in its industry's value added (country, sector, industry), from value
    added (country, sector) and the industries' sector mapping (industry, sector); 0 where an industry has
    none."""
    product = value_added[:, :, None] * mapping.T[None, :, :]
    total = product.sum(axis=1)
    total = np.where(total > 0, total, np.nan)[:, None, :]
    weights: Array = np.nan_to_num(product / total, nan=0.0)
    return weights


def spread_by_sector(value: Array, weights: Array) -> Array:
    """Industry values (country, industry, year) spread over their sectors by ``sector_weights`` (country,
    sector, industry), giving (country, year, sector)."""
    product = value[:, :, :, None] * weights.transpose(0, 2, 1)[:, :, None, :]
    spread: Array = product.sum(axis=1)
    return spread


def productivity_ratio(scenario_value: Array, baseline_value: Array, output: Array) -> Array:
    """A_hat of the module docstring from the scenario's and the baseline's values and ``output``, the
    gross output times ``economy_scale`` (NaN where there is none: no productivity change there), all of
    one shape."""
    ratio: Array = (1.0 + scenario_value / output) / (1.0 + baseline_value / output)
    return np.where(np.isnan(ratio), 1.0, ratio)
