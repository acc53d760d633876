"""Value to productivity: hand-worked spreading and Hulten's first-order identity."""

import numpy as np
import pytest
import xarray as xr

from gotogether.data.default_world import growth_factors, load_default_world
from gotogether.engines.value.coupling import (
    economy_scale,
    productivity_change,
    productivity_ratio,
    sector_weights,
    spread_by_sector,
    value_by_sector,
)
from gotogether.pipeline.world import default_industries


def test_value_is_spread_by_value_added_over_the_industry_s_sectors() -> None:
    industries = default_industries()
    sectors = list(industries.sector_mapping["sector"].values)
    value_added = xr.DataArray(
        np.ones((1, len(sectors))), dims=("country", "sector"), coords={"country": ["AAA"], "sector": sectors}
    )
    value_added.loc["AAA", "BUS"] = 3.0  # ict = TELE + BUS: weights 1/4 and 3/4
    value = xr.zeros_like(industries.parameter("ceiling")).expand_dims(country=["AAA"]).copy()
    value.loc["AAA", "ict"] = 12.0
    result = value_by_sector(value, value_added, industries)
    assert float(result.sel(country="AAA", sector="TELE")) == pytest.approx(3.0)
    assert float(result.sel(country="AAA", sector="BUS")) == pytest.approx(9.0)
    assert float(result.sum()) == pytest.approx(12.0)


def test_productivity_change_is_one_without_a_difference_and_follows_hulten() -> None:
    output = xr.DataArray(
        [[100.0, 0.0]], dims=("country", "sector"), coords={"country": ["A"], "sector": ["x", "y"]}
    )
    base = xr.DataArray([[2.0, 0.0]], dims=("country", "sector"), coords=output.coords)
    same = productivity_change(base, base, output, 1.0)
    assert float(abs(same - 1.0).max()) == 0.0
    lower = productivity_change(base * 0.5, base, output, 1.0)
    assert float(lower.sel(country="A", sector="x")) == pytest.approx(1.01 / 1.02)
    assert float(lower.sel(country="A", sector="y")) == 1.0  # no output, no change


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


def test_the_array_coupling_gives_the_labelled_one_s_numbers_exactly() -> None:
    industries = default_industries()
    mapping = industries.sector_mapping
    sectors, names = list(mapping["sector"].values), list(mapping["industry"].values)
    rng = np.random.default_rng(7)
    coords = {"country": ["A", "B"], "sector": sectors}
    value_added = xr.DataArray(
        rng.uniform(0, 5, (2, len(sectors))), dims=("country", "sector"), coords=coords
    )
    value_added[0, 3] = 0.0
    value = xr.DataArray(
        rng.uniform(0, 9, (2, len(names), 3)),
        dims=("country", "industry", "year"),
        coords={"country": ["A", "B"], "industry": names, "year": [1, 2, 3]},
    )
    labelled = value_by_sector(value, value_added, industries)
    weights = sector_weights(value_added.values, mapping.values)
    spread = spread_by_sector(value.values, weights)
    np.testing.assert_array_equal(spread, labelled.transpose("country", "year", "sector").values)
    output = xr.DataArray(rng.uniform(0, 50, (2, len(sectors))), dims=("country", "sector"), coords=coords)
    output[1, 2] = 0.0
    expected = productivity_change(labelled * 2.0, labelled, output, 1.5)
    scaled = np.where(output.values > 0, output.values * 1.5, np.nan)[:, None, :]
    ratio = productivity_ratio(spread * 2.0, spread, scaled)
    np.testing.assert_array_equal(ratio, expected.transpose("country", "year", "sector").values)
    assert ratio[1, :, 2].tolist() == [1.0, 1.0, 1.0]
