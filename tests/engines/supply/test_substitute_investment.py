"""The investment in a target's substitution capacity (``engine.capacity_investment``): by hand, none
without a measure, proportional to the capital intensity and equal to it times the peak substitute output."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from engines.supply.test_growth_and_exports import control, network
from gotogether.engines.supply import make_periods, simulate_supply
from gotogether.engines.supply.engine import capacity_investment
from gotogether.engines.supply.result import SupplyResult
from gotogether.pipeline.parameters import supply_parameters

PERIODS = make_periods("2019-01", "2030-12", freq="Q")


@cache
def _run(intensity: float, controlled: bool = True) -> SupplyResult:
    params = supply_parameters({"supply.substitute_capital_intensity": intensity})
    return simulate_supply(network(), [control()] if controlled else [], params, PERIODS)


def test_capacity_is_paid_for_once_when_first_run_by_hand() -> None:
    # one vendor, two classes: output 0, 2, 1, 3 and 1, 1, 0, 0 USD a year; the peaks so far 0, 2, 2, 3 and
    # 1, 1, 1, 1 add 0 + 1, 2 + 0, 0 + 0, 1 + 0: times 1.5 USD per USD a year
    output = np.array([[[0.0, 2.0, 1.0, 3.0], [1.0, 1.0, 0.0, 0.0]]])
    np.testing.assert_allclose(capacity_investment(output, 1.5), [[1.5, 3.0, 0.0, 1.5]], rtol=0, atol=0)


def test_no_measure_invests_nothing_exactly() -> None:
    assert not _run(1.0, controlled=False).data["substitute_investment"].values.any()


def test_the_investment_is_the_intensity_times_the_peak_substitute_output() -> None:
    result = _run(1.0)
    d = result.data
    invested = d["substitute_investment"].sel(vendor="huawei").values
    assert invested.min() >= 0.0
    # the substitutes it runs, for itself and for export, USD a year: their peak by class, summed
    running = (d["substitute_sales"] + d["substitute_exports"]).sel(vendor="huawei") / d["period_years"]
    assert invested.sum() == pytest.approx(float(running.max("time").sum()), rel=1e-12)
    assert invested.sum() > 5e9  # Huawei builds substitutes worth billions a year
    # proportional to the capital intensity; nothing else moves
    doubled = _run(2.0)
    invested_twice = doubled.data["substitute_investment"].values
    np.testing.assert_allclose(invested_twice, 2.0 * d["substitute_investment"].values, rtol=1e-15, atol=0)
    np.testing.assert_array_equal(doubled.data["feasible_output"].values, d["feasible_output"].values)
    assert not _run(0.0).data["substitute_investment"].values.any()
