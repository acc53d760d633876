"""Value to productivity: hand-worked spreading and Hulten's first-order identity."""

import numpy as np
import pytest
import xarray as xr

from gotogether.data.default_world import growth_factors, load_default_world
from gotogether.engines.value.coupling import (
    economy_scale,
    productivity_ratio,
    sector_weights,
    spread_by_sector,
)
from gotogether.pipeline.world import default_industries


def test_value_is_spread_by_value_added_over_the_industry_s_sectors() -> None:
    mapping = default_industries().sector_mapping
    sectors, names = list(mapping["sector"].values), list(mapping["industry"].values)
    value_added = np.ones((1, len(sectors)))
    value_added[0, sectors.index("BUS")] = 3.0  # ict = TELE + BUS: weights 1/4 and 3/4
    value = np.zeros((1, len(names), 1))
    value[0, names.index("ict"), 0] = 12.0
    result = spread_by_sector(value, sector_weights(value_added, mapping.values))
    assert result[0, 0, sectors.index("TELE")] == pytest.approx(3.0)
    assert result[0, 0, sectors.index("BUS")] == pytest.approx(9.0)
    assert result.sum() == pytest.approx(12.0)


def test_productivity_change_is_one_without_a_difference_and_follows_hulten() -> None:
    output = np.array([[100.0, np.nan]])  # the second sector has no output
    base = np.array([[2.0, 0.0]])
    same = productivity_ratio(base, base, output)
    assert float(abs(same - 1.0).max()) == 0.0
    lower = productivity_ratio(base * 0.5, base, output)
    assert lower[0, 0] == pytest.approx(1.01 / 1.02)
    assert lower[0, 1] == 1.0  # no output, no change


def test_economy_scale_is_each_country_s_gdp_grown_over_the_base_value_added() -> None:
    countries = {"country": ["A", "B"]}
    base = xr.DataArray([70.0, 10.0], dims="country", coords=countries)
    gdp = xr.DataArray([87.7, 10.0], dims="country", coords=countries)
    growth = xr.DataArray(
        [[1.0, 1.025**11], [1.0, 1.06**11]],
        dims=("country", "year"),
        coords={**countries, "year": [2019, 2030]},
    )
    scale = economy_scale(base, gdp, growth)
    assert float(scale.sel(country="A", year=2019)) == pytest.approx(87.7 / 70.0)
    assert float(scale.sel(country="A", year=2030)) == pytest.approx(87.7 * 1.025**11 / 70.0)
    assert float(scale.sel(country="B", year=2030)) == pytest.approx(1.06**11)  # base value added = GDP


def test_growth_factors_start_at_one_in_2019_and_follow_the_imf_october_2020_projections() -> None:
    growth = growth_factors()
    assert float(abs(growth.sel(year=2019) - 1.0).max()) == 0.0
    # IMF WEO October 2020 database: China +1.851% and +8.237% in 2020 and 2021 (reported as 1.9 and 8.2);
    # India -10.289% in 2020; the USA +1.831% in 2025, held after 2025.
    assert float(growth.sel(country="CHN", year=2021)) == pytest.approx(1.01851 * 1.08237)
    assert float(growth.sel(country="IND", year=2020)) == pytest.approx(0.89711)
    usa = growth.sel(country="USA")
    assert float(usa.sel(year=2035) / usa.sel(year=2025)) == pytest.approx(1.01831**10)
    low, high = growth_factors("low"), growth_factors("high")
    assert bool((low <= growth).all())
    assert bool((growth <= high).all())
    assert set(growth.country.values) == set(load_default_world().regions)
