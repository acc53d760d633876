"""Calibration to published projections on the default world (real WIOD 2011 value added)."""

import numpy as np
import pytest
import xarray as xr

from gotogether.data.default_world import load_default_world
from gotogether.data.parameters import resolve
from gotogether.data.value import read_targets
from gotogether.engines.value.adoption import adoption_share
from gotogether.engines.value.calibration import _ras, calibrate, calibration_report
from gotogether.engines.value.value import by_industry, sector_sizes
from gotogether.pipeline.world import default_industries

EPSILON = resolve({})["adoption.price_elasticity"]  # the default of the parameter table


def test_ras_on_a_hand_worked_two_by_two() -> None:
    # diag(r) A diag(s) with rows summing to (3, 7) and columns to (4, 6).
    matrix = np.array([[1.0, 1.0], [1.0, 3.0]])
    rows, columns = _ras(matrix, np.array([3.0, 7.0]), np.array([4.0, 6.0]))
    fitted = rows[:, None] * matrix * columns[None, :]
    np.testing.assert_allclose(fitted.sum(axis=1), [3.0, 7.0], rtol=1e-12)
    np.testing.assert_allclose(fitted.sum(axis=0), [4.0, 6.0], rtol=1e-12)


@pytest.fixture(scope="module")
def sizes() -> tuple[xr.DataArray, xr.DataArray]:
    value_added, gross_output = sector_sizes(load_default_world())
    industries = default_industries()
    return by_industry(value_added, industries), by_industry(gross_output, industries)


def test_calibration_meets_every_target_it_is_calibrated_to(sizes) -> None:
    value_added, gross_output = sizes
    industries = default_industries()
    years = np.arange(2019, 2036)
    coverage = xr.DataArray(
        np.tile(np.clip((years - 2019) / 8, 0, 0.95), (value_added.sizes["country"], 1)),
        dims=("country", "year"),
        coords={"country": value_added["country"].values, "year": years},
    )
    adoption = adoption_share(coverage, xr.ones_like(coverage), industries, price_elasticity=EPSILON)
    for reference in ("pwc", "gsma"):
        calibration = calibrate(
            adoption, value_added, gross_output, industries, read_targets(), reference=reference
        )
        report = calibration_report(
            calibration, adoption, value_added, gross_output, industries, read_targets()
        )
        used = report[report["calibrated_to"]]
        totals = used[used["scope"].str.startswith("total")]
        assert bool(totals["pass"].all()), totals
        assert (totals["gap"].abs() <= 0.05).all()
    pwc = calibration_report(
        calibrate(adoption, value_added, gross_output, industries, read_targets()),
        adoption,
        value_added,
        gross_output,
        industries,
        read_targets(),
    )
    splits = pwc[pwc["scope"].str.startswith(("country", "pwc_group"))]
    assert len(splits) == 13
    assert (splits["gap"].abs() <= 0.15).all()
    assert pwc.loc["ihs-sales", "model_usd_bn"] == pytest.approx(13_150.0, rel=1e-9)
    assert pwc.loc["pwc-total", "model_usd_bn"] == pytest.approx(1_333.0, rel=1e-9)
    assert not pwc.loc["gsma-total", "calibrated_to"]
