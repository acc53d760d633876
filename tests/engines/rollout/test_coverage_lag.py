"""The horizontal gap between coverage paths (``coverage_lag``) on hand-worked paths."""

from __future__ import annotations

import numpy as np
import xarray as xr

from gotogether.engines.rollout.result import RolloutResult, coverage_lag


def _result(*paths: list[float]) -> RolloutResult:
    coverage = xr.DataArray(
        np.array(paths),
        dims=("country", "year"),
        coords={"country": ["A", "B"][: len(paths)], "year": [2019, 2020, 2021]},
    )
    return RolloutResult(xr.Dataset({"coverage": coverage}))


def test_a_path_one_year_behind_lags_a_year_at_every_level() -> None:
    # the baseline covers half the people in 2019 and all in 2020; the scenario a year later: every year
    # end it has what the baseline had a year before, and every resident waits a year (area 0.25 + 0.5 +
    # 0.25 between the paths, linear between year ends)
    baseline, late = _result([0.5, 1.0, 1.0]), _result([0.0, 0.5, 1.0])
    lag, mean = coverage_lag(late, baseline)
    np.testing.assert_allclose(lag, [[1.0, 1.0, 0.0]])
    np.testing.assert_allclose(mean, [1.0])


def test_the_same_path_lags_nothing_and_a_half_year_dip_counts_its_area() -> None:
    # B dips to 0.8 at the end of 2020 (removed sites dark) and recovers: the baseline reached 0.8 at
    # 2019 + 0.8 / 0.9 (linear from 0 at the start of 2019 to 0.9 at its end), so that year end lags by
    # 2021 - 2019.89; the area between the paths is two triangles of height 0.2 and width 1
    baseline = _result([0.2, 0.4, 0.6], [0.9, 1.0, 1.0])
    lag, mean = coverage_lag(_result([0.2, 0.4, 0.6], [0.9, 0.8, 1.0]), baseline)
    np.testing.assert_allclose(lag[0], 0.0)
    np.testing.assert_allclose(mean[0], 0.0)
    np.testing.assert_allclose(lag[1], [0.0, 2021.0 - (2019.0 + 0.8 / 0.9), 0.0])
    np.testing.assert_allclose(mean[1], 0.5 * 0.2 + 0.5 * 0.2)
