"""Value to productivity: hand-worked spreading and Hulten's first-order identity."""

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.value.coupling import economy_scale, productivity_change, value_by_sector
from gotogether.engines.value.industries import default_industries


def test_value_is_spread_by_value_added_and_summed_into_sectors() -> None:
    industries = default_industries()
    codes = [f"c{k}" for k in range(1, 36)]
    value_added = xr.DataArray(
        np.ones((1, 35)), dims=("country", "wiod_sector"), coords={"country": ["AAA"], "wiod_sector": codes}
    )
    value_added.loc["AAA", "c23"] = 3.0  # transport-ports = c23..c26: weights 3/6, 1/6, 1/6, 1/6
    value = xr.zeros_like(industries.parameter("ceiling")).expand_dims(country=["AAA"]).copy()
    value.loc["AAA", "transport-ports"] = 12.0
    sector_of = {code: ("LAND" if code == "c23" else "OTHER") for code in codes}
    result = value_by_sector(value, value_added, industries, sector_of)
    assert float(result.sel(country="AAA", sector="LAND")) == pytest.approx(6.0)
    assert float(result.sel(country="AAA", sector="OTHER")) == pytest.approx(6.0)


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
