"""The suppliers' headroom for orders above a vendor's baseline (``supply.headroom``): hand-worked cases,
no shock exactly 1, and a deeper disruption never leaving more headroom (library network)."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.supply import Disruption, SupplyResult, ValueNetwork, make_periods, simulate_supply
from gotogether.engines.supply.headroom import supplier_headroom
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network

ONEHOT = np.ones((2, 1))  # two lines of one class
BASE = np.array([[60.0, 40.0], [100.0, 0.0]])[:, :, None]  # vendors a, b; lines 0 (TWN) and 1 (KOR)
NEED = np.array([[100.0], [100.0]])[:, :, None]


def _headroom(
    lost: list[float], control: np.ndarray, served: list[float], deficit: list[float], spare: float = 0.1
) -> np.ndarray:
    lost_lt = np.array(lost)[:, None]
    blocked = np.maximum(control, lost_lt[None, :, :])
    return supplier_headroom(
        base=BASE,
        output=BASE.sum(axis=0),
        need=NEED,
        lost=lost_lt,
        control=control,
        blocked=blocked,
        served=np.array(served)[:, None],
        deficit=np.array(deficit)[:, None, None],
        onehot=ONEHOT,
        carrier=np.array([True]),
        spare=spare,
    )[:, 0]


def test_a_disruption_takes_the_lost_spare_and_what_alternatives_took_by_hand() -> None:
    # line 0 loses half its capacity; the alternatives took 4 of line 0's 160 and 2 of line 1's 40:
    # g0 = min(0.1, 0.1 x 0.5 + 4 / 160) = 0.075, g1 = 2 / 40 = 0.05
    # a: (60 x 0.075 + 40 x 0.05 + its deficit 1) / 100 = 0.075 of its need gone: keeps 1 - 0.075 / 0.1
    # b: (100 x 0.075 + 2) / 100 = 0.095 gone: keeps 0.05
    kept = _headroom([0.5, 0.0], np.zeros((2, 2, 1)), served=[4.0, 2.0], deficit=[1.0, 2.0])
    assert kept == pytest.approx([0.25, 0.05], rel=1e-12)
    # with no suppliers' spare any loss leaves none, and nothing lost leaves all of it
    assert list(_headroom([0.5, 0.0], np.zeros((2, 2, 1)), [4.0, 2.0], [1.0, 2.0], spare=0.0)) == [0.0, 0.0]
    assert list(_headroom([0.0, 0.0], np.zeros((2, 2, 1)), [0.0, 0.0], [0.0, 0.0], spare=0.0)) == [1.0, 1.0]


def test_a_control_frees_the_targets_purchases_for_the_others_by_hand() -> None:
    # a is cut off line 0 (60 of its 160 freed) and loses that line's spare: (60 x 0.1 + 40 x 2 / 40) / 100
    # = 0.08 of its need gone, keeps 0.2; b finds line 0 with more spare than before, keeps all of it
    control = np.zeros((2, 2, 1))
    control[0, 0] = 1.0
    kept = _headroom([0.0, 0.0], control, served=[4.0, 2.0], deficit=[0.0, 0.0])
    assert kept == pytest.approx([0.2, 1.0], rel=1e-12)


def test_a_divesting_vendor_keeps_its_headroom_share_when_its_buyer_buys_from_the_same_lines() -> None:
    # a sells half its business: it buys 30 and 20, its buyer the rest, so the lines still make 160 and 40;
    # cut off line 0 (its 30 freed), with the same alternatives: (30 x 0.1 + 20 x 2 / 40) / 50 = 0.08 gone,
    # it keeps 0.2 as without the sale (sized on the lines less the buyer's, 130 and 20: 0.1 gone, none kept)
    control = np.zeros((2, 2, 1))
    control[0, 0] = 1.0
    kept = supplier_headroom(
        base=np.array([[30.0, 20.0], [100.0, 0.0]])[:, :, None],
        output=BASE.sum(axis=0),
        need=np.array([[50.0], [100.0]])[:, :, None],
        lost=np.zeros((2, 1)),
        control=control,
        blocked=control,
        served=np.array([4.0, 2.0])[:, None],
        deficit=np.zeros((2, 1, 1)),
        onehot=ONEHOT,
        carrier=np.array([True]),
        spare=0.1,
    )[:, 0]
    assert kept == pytest.approx([0.2, 1.0], rel=1e-12)


@cache
def _network() -> ValueNetwork:
    return default_network()


PARAMS = supply_parameters({})
PERIODS = make_periods("2024-01", "2026-12")


def _taiwan(depth: float, months: int = 12) -> SupplyResult:
    fabs = Disruption(
        name="fabs",
        made_in=["TWN"],
        item_classes=["baseband_soc", "fpga", "rf_frontend_pa", "memory", "power"],
        share=depth,
        start=date(2025, 1, 1),
        end=date(2025 + months // 12, 1 + months % 12, 1),
    )
    return simulate_supply(_network(), [], PARAMS, PERIODS, disruptions=[fabs])


def test_no_shock_leaves_every_vendor_all_its_headroom_exactly() -> None:
    result = simulate_supply(_network(), [], PARAMS, PERIODS)
    assert bool((result.data["headroom"] == 1.0).all())
    assert bool((result.yearly()["headroom"] == 1.0).all())


def test_the_rivals_of_a_short_vendor_keep_no_headroom_when_the_same_fabs_are_hit() -> None:
    # taiwan-disruption's 2025: Huawei is short of its own baseline, the others are covered by stocks and
    # other origins (F = 1), but the same fabs have no spare left for their extra orders
    yearly = _taiwan(0.9).yearly().sel(year=2025)
    assert float(yearly["feasible_output"].sel(vendor="huawei")) < 0.8
    assert bool((yearly["feasible_output"].sel(vendor=["ericsson", "nokia"]) == 1.0).all())
    assert bool((yearly["headroom"] == 0.0).all())


def test_a_short_vendor_keeps_at_most_what_its_shortfall_leaves_of_the_spare() -> None:
    data = _taiwan(0.3).data
    ceiling = np.clip(1.0 - (1.0 - data["feasible_output"]) / PARAMS.spare_capacity, 0.0, 1.0)
    assert bool((data["headroom"] <= ceiling + 1e-12).all())


def test_headroom_is_continuous_as_the_shock_vanishes() -> None:
    for depth in (1e-6, 1e-9):
        lost = 1.0 - _taiwan(depth).data["headroom"]
        # the spare lost is of the order of the depth, over the suppliers' spare
        assert float(lost.max()) <= 20.0 * depth / PARAMS.spare_capacity


@settings(max_examples=15, deadline=None)
@given(low=st.floats(0.01, 1.0), high=st.floats(0.01, 1.0), months=st.integers(1, 18))
def test_a_deeper_disruption_never_leaves_more_headroom(low: float, high: float, months: int) -> None:
    mild, deep = _taiwan(min(low, high), months).data, _taiwan(max(low, high), months).data
    assert bool((deep["headroom"] <= mild["headroom"] + 1e-12).all())
    # output built to each date, not each month's: a bill short of one class draws less of its other
    # classes' stocks, which then last longer (Huawei's F in 2026 under an 18-month loss of 85 % is 0.43,
    # of 79 %, 0.38)
    mild_built, deep_built = ((d["feasible_output"] * d["period_years"]).cumsum("time") for d in (mild, deep))
    assert bool((deep_built <= mild_built + 1e-12).all())
