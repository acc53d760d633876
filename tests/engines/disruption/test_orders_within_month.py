"""Orders for this month's demand (``disruption.orders_within_month``): the accelerated solve against the
plain Leontief series it replaces (one product over the coefficients per tier of suppliers), by hand on a
three-tier chain, on random tables with stocks above target and cut routes, and on the tohoku-2011 case."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.disruption.test_disruption_engine import ALL_CRITICAL, random_table
from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    capacity_profile,
    model,
    simulate_disruption,
)
from gotogether.engines.disruption.model import MAX_ITERATIONS, Economy, orders_and_demand

WITHIN = replace(ALL_CRITICAL, orders_within_month=True)


def plain_series(
    economy: Economy, planned: np.ndarray, gap: np.ndarray, route_open: np.ndarray, any_cut: bool
) -> tuple[np.ndarray, np.ndarray]:
    """x <- min(x, D(x)) down from the plan until no plan moves by the tolerance: the definition."""
    orders, demand = orders_and_demand(economy, planned, gap, route_open, any_cut)
    for _ in range(MAX_ITERATIONS):
        lower = np.minimum(planned, demand)
        if np.max(planned - lower - economy.stop) <= 0.0:
            break
        planned = lower
        orders, demand = orders_and_demand(economy, planned, gap, route_open, any_cut)
    return orders, demand


def three_tier_chain() -> DisruptionTable:
    """Region A: s0 (12 a year, no inputs) sells all to s1 (24: 12 of s0, 12 of value added), which sells
    all to s2 (36: 24 of s1, 12 of value added), which sells half to A's final buyers and half to B's.
    Region B: the same chain, alone."""
    labels = pd.MultiIndex.from_product([["A", "B"], ["s0", "s1", "s2"]], names=["region", "sector"])
    z = pd.DataFrame(0.0, index=labels, columns=labels)
    for region in ("A", "B"):
        z.loc[(region, "s0"), (region, "s1")] = 12.0
        z.loc[(region, "s1"), (region, "s2")] = 24.0
    buyers = pd.MultiIndex.from_product([["A", "B"], ["C"]], names=["region", "category"])
    final = [[0.0, 0.0], [0.0, 0.0], [18.0, 18.0], [0.0, 0.0], [0.0, 0.0], [0.0, 36.0]]
    y = pd.DataFrame(final, index=labels, columns=buyers)
    x = pd.Series([12.0, 24.0, 36.0] * 2, index=labels)
    return DisruptionTable.from_flows(z, y, x, x - z.sum(axis=0), unit="USD")


def test_a_fall_reaches_every_tier_within_the_month_by_hand() -> None:
    # the route from A to B is cut: A's s2 sells 1.5 a month, not 3. Ordering for last month's demand, it
    # orders 2 of s1, which orders 1 of s0: s0 and s1 make what they made before and s2 keeps 1 of s1 in
    # stock; ordering for this month's, s2 orders 1 of s1, which orders 0.5 of s0, in the same month
    table = three_tier_chain()
    none = DisruptionShock.none(["0", "1"], *table.size)
    routes = none.route_open.copy()
    routes[:, 0, 1] = 0.0
    cut = replace(none, route_open=routes)
    last_month = replace(ALL_CRITICAL, orders_within_month=False)
    by_last = simulate_disruption(table, cut, last_month)["output"].isel(month=0)
    within = simulate_disruption(table, cut, WITHIN)["output"].isel(month=0)
    assert by_last.values.ravel() == pytest.approx([1.0, 2.0, 1.5, 1.0, 2.0, 3.0])
    assert within.values.ravel() == pytest.approx([0.5, 1.0, 1.5, 1.0, 2.0, 3.0])


def compare(
    table: DisruptionTable,
    the_shock: DisruptionShock,
    params: DisruptionParameters,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = simulate_disruption(table, the_shock, params)
    with monkeypatch.context() as patched:
        patched.setattr(model, "orders_for_this_month", plain_series)
        plain = simulate_disruption(table, the_shock, params)
    scale = table.output.reshape(table.size)
    for name in ("output", "supply_constrained_loss", "premium_paid"):
        assert np.max(np.abs(fast[name].values - plain[name].values) / scale) < 1e-8, name
    assert fast["final_demand_lost"].values == pytest.approx(
        plain["final_demand_lost"].values, rel=1e-7, abs=1e-9
    )


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1), cut=st.sampled_from([1.0, 0.3]))
def test_the_accelerated_solve_is_the_series_on_random_tables(seed: int, cut: float) -> None:
    # stocks of 3 weeks, spare capacity and substitutes; after the shock stocks refill above target
    # (negative gaps: orders held at zero), and a route from the first region to the second is cut
    table = random_table(seed, regions=3, sectors=4)
    R, S = table.size
    none = DisruptionShock.none([str(m) for m in range(10)], R, S)
    loss = none.capacity_loss.copy()
    loss[:, 0, 0] = capacity_profile(10, onset=1, depth=0.8, duration=3, recovery=2)
    routes = none.route_open.copy()
    routes[2:5, 0, 1] = cut
    the_shock = replace(none, capacity_loss=loss, route_open=routes)
    params = DisruptionParameters(default_inventory_weeks=3.0, critical_share=0.0, orders_within_month=True)
    with pytest.MonkeyPatch.context() as monkeypatch:
        compare(table, the_shock, params, monkeypatch)


def test_the_accelerated_solve_is_the_series_on_tohoku_2011(monkeypatch: pytest.MonkeyPatch) -> None:
    from gotogether.data.parameters import resolve
    from gotogether.pipeline.disruption import disruption_parameters
    from gotogether.validation.tohoku2011 import tohoku_case

    case = tohoku_case()
    params = disruption_parameters(resolve({"disruption.orders_within_month": 1}))
    compare(case.table, case.shock, params, monkeypatch)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1), cut=st.sampled_from([1.0, 0.3]))
def test_the_month_demand_and_its_fixed_point_where_stocks_hold_orders_at_zero(seed: int, cut: float) -> None:
    # gaps down to minus three months of use: stocks so far above target that some buyers order nothing
    table = random_table(seed, regions=3, sectors=4)
    economy = Economy.of(table, model.critical_inputs(table, ALL_CRITICAL))
    rng = np.random.default_rng(seed)
    base = economy.base
    gap = base * rng.uniform(-3.0, 0.5, base.shape)
    route_open = np.ones((3, 3))
    route_open[0, 1] = cut
    any_cut = cut < 1.0
    planned = table.output * rng.uniform(0.2, 1.2, table.output.shape)
    month_demand = model.MonthDemand(economy, gap, route_open, any_cut)
    demand = orders_and_demand(economy, planned, gap, route_open, any_cut)[1]
    assert (month_demand.floor_at > planned[month_demand.buyers]).any()  # the floor holds somewhere
    assert month_demand(planned) == pytest.approx(demand, rel=1e-12, abs=1e-12)
    fast_orders, fast_demand = model.orders_for_this_month(economy, planned, gap, route_open, any_cut)
    plain_orders, plain_demand = plain_series(economy, planned, gap, route_open, any_cut)
    scale = table.output.max()
    assert np.max(np.abs(fast_demand - plain_demand)) < 1e-8 * scale
    assert np.max(np.abs(fast_orders - plain_orders)) < 1e-8 * scale


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1), sectors=st.sampled_from([20, 27, 33]))
def test_the_month_demand_s_product_in_two_halves_is_one_call_s_to_the_bit(seed: int, sectors: int) -> None:
    # 8 regions: 160 to 264 rows, split at 64 or 128; every call in turns, as the fixed point makes them
    table = random_table(seed, regions=8, sectors=sectors)
    economy = Economy.of(table, model.critical_inputs(table, ALL_CRITICAL))
    rng = np.random.default_rng(seed)
    gap = economy.base * rng.uniform(-1.0, 0.5, economy.base.shape)
    month_demand = model.MonthDemand(economy, gap, np.ones((8, 8)), any_cut=False)
    assert len(month_demand.halves) == 2
    assert month_demand.halves[0].stop % model.ROW_BLOCK == 0
    S, R, n = economy.A3.shape
    for _ in range(3):
        planned = table.output * rng.uniform(0.2, 1.2, n)
        whole = month_demand.fixed + (month_demand.industries @ planned).reshape(S, R).T.reshape(n)
        held = np.maximum(month_demand.floor_at - planned[month_demand.buyers], 0.0)
        if held.any():  # the floor's orders, as the engine adds them
            at = np.flatnonzero(held)
            added = economy.A3[month_demand.products[at], :, month_demand.buyers[at]] * held[at, np.newaxis]
            np.add.at(whole.reshape(R, S).T, month_demand.products[at], added)
        assert np.array_equal(month_demand(planned), np.maximum(whole, 0.0))
