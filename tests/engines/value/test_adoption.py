"""Adoption curves: hand-checked points and the properties the rollout layer relies on."""

import numpy as np
import pytest
import xarray as xr

from gotogether.data.parameters import resolve
from gotogether.data.value import read_industry_table
from gotogether.engines.value.adoption import adoption_share, covered_years, diffusion
from gotogether.errors import InputError
from gotogether.pipeline.world import default_industries

EPSILON = resolve({})["adoption.price_elasticity"]  # the default of the parameter table

YEARS = np.arange(2019, 2036)


def _path(values: np.ndarray, countries: tuple[str, ...] = ("AAA",)) -> xr.DataArray:
    return xr.DataArray(
        np.tile(values, (len(countries), 1)),
        dims=("country", "year"),
        coords={"country": list(countries), "year": YEARS},
    )


def test_diffusion_is_zero_at_start_and_near_half_at_the_midpoint() -> None:
    midpoint = xr.DataArray(8.0)
    assert float(diffusion(xr.DataArray(0.0), midpoint)) == pytest.approx(0.0, abs=1e-15)
    # L(m) = 1/2 and L(0) = 1/20, so F(m) = (0.5 - 0.05) / 0.95.
    assert float(diffusion(xr.DataArray(8.0), midpoint)) == pytest.approx(0.45 / 0.95, rel=1e-12)


def test_no_coverage_means_no_adoption() -> None:
    industries = default_industries()
    coverage = _path(np.zeros(YEARS.size))
    adoption = adoption_share(coverage, xr.ones_like(coverage), industries, price_elasticity=EPSILON)
    assert float(abs(adoption).max()) == pytest.approx(0.0, abs=1e-15)


def test_full_coverage_for_a_long_time_approaches_the_ceiling() -> None:
    industries = default_industries()
    coverage = _path(np.ones(YEARS.size))
    adoption = adoption_share(coverage, xr.ones_like(coverage), industries, price_elasticity=EPSILON).sel(
        year=2035
    )
    ceiling = industries.parameter("ceiling")
    assert bool((adoption <= ceiling + 1e-12).all())
    assert float(adoption.sel(industry="ict").squeeze()) > 0.95 * float(ceiling.sel(industry="ict"))


def test_slower_coverage_and_dearer_equipment_never_raise_adoption() -> None:
    industries = default_industries()
    fast = _path(np.clip((YEARS - 2019) / 6, 0, 0.9))
    slow = _path(np.clip((YEARS - 2021) / 8, 0, 0.9))
    price = xr.ones_like(fast)
    base = adoption_share(fast, price, industries, price_elasticity=EPSILON)
    assert bool((adoption_share(slow, price, industries, price_elasticity=EPSILON) <= base + 1e-15).all())
    assert bool(
        (adoption_share(fast, price * 1.2, industries, price_elasticity=EPSILON) <= base + 1e-15).all()
    )
    assert float((adoption_share(slow, price, industries, price_elasticity=EPSILON) - base).min()) < 0


def test_coverage_outside_zero_one_is_rejected() -> None:
    coverage = _path(np.full(YEARS.size, 1.5))
    with pytest.raises(ValueError, match="share between 0 and 1"):
        covered_years(coverage)


def test_industry_table_errors_name_row_and_column(tmp_path) -> None:
    table = default_industries().table.reset_index()
    table.loc[2, "sectors"] = "TRANS;XYZ"
    path = tmp_path / "industries.csv"
    table.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"industries\.csv, row 4, column sectors: unknown sector 'XYZ'"):
        read_industry_table(str(path))
    table = default_industries().table.reset_index()
    table.loc[0, "ceiling"] = 0.95
    table.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"row 2, column ceiling: ceiling 0.95 outside its range"):
        read_industry_table(str(path))
