"""A baseline with other trade elasticities: what a full check of the changed data gives, checked on theta."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.errors import DataConsistencyError


@pytest.fixture(scope="module")
def baseline() -> TradeBaseline:
    return random_baseline(5, 4, seed=5)


def test_with_theta_is_the_baseline_made_again(baseline: TradeBaseline) -> None:
    theta = baseline["theta"] * np.array([1.5, 0.5, 1.0, 2.0])
    again = TradeBaseline.from_dataset(baseline.data.assign(theta=theta))
    changed = baseline.with_theta(theta)
    xr.testing.assert_identical(changed.data, again.data)
    np.testing.assert_array_equal(changed.arrays.theta, again.arrays.theta)
    assert (baseline["theta"].values != theta.values).any()  # the original is untouched


@pytest.mark.parametrize("value", [0.0, -1.0, np.nan])
def test_a_bad_theta_is_named(baseline: TradeBaseline, value: float) -> None:
    theta = baseline["theta"].copy()
    theta[2] = value
    with pytest.raises(DataConsistencyError, match=rf"theta\[sector={baseline.sectors[2]}\]"):
        baseline.with_theta(theta)
