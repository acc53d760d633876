"""Value to productivity: hand-worked spreading and Hulten's first-order identity."""

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.value.coupling import economy_scale, productivity_change, value_by_sector
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


def test_economy_scale_grows_with_the_year() -> None:
    assert economy_scale(70_000.0, 2019) == pytest.approx(87_700.0 / 70_000.0)
    assert economy_scale(70_000.0, 2030) == pytest.approx(87_700.0 * 1.025**11 / 70_000.0)
