"""The disruption engine: hand-worked two-region, two-sector cases and properties on random tables."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    Profile,
    SoleSupplierLoss,
    build_shock,
    capacity_profile,
    simulate_disruption,
    sole_supplier_shortfall,
    value_lost,
)
from gotogether.engines.disruption.model import Economy, critical_inputs, orders_and_demand, rush_orders
from gotogether.errors import DataConsistencyError, InputError

SEEDS = st.integers(min_value=0, max_value=2**31 - 1)
PROPERTY = settings(max_examples=5, deadline=None)
ALL_CRITICAL = DisruptionParameters(
    critical_share=0.0, spare_capacity=0.0, substitution_share=0.0, default_inventory_weeks=0.0
)


def random_table(seed: int, regions: int = 3, sectors: int = 3) -> DisruptionTable:
    """A balanced table: coefficient columns summing to 0.3-0.6, final demand split over buyer regions."""
    rng = np.random.default_rng(seed)
    n = regions * sectors
    a = rng.random((n, n)) + 0.05
    a *= rng.uniform(0.3, 0.6, n) / a.sum(axis=0)
    x = rng.uniform(50.0, 150.0, n)
    z = a * x[np.newaxis, :]
    names = [f"R{r}" for r in range(regions)]
    labels = pd.MultiIndex.from_product(
        [names, [f"S{s}" for s in range(sectors)]], names=["region", "sector"]
    )
    buyers = pd.MultiIndex.from_product([names, ["C"]], names=["region", "category"])
    y = (x - z.sum(axis=1))[:, np.newaxis] * rng.dirichlet(np.ones(regions), n)
    return DisruptionTable.from_flows(
        pd.DataFrame(z, index=labels, columns=labels),
        pd.DataFrame(y, index=labels, columns=buyers),
        pd.Series(x, index=labels),
        pd.Series(x - z.sum(axis=0), index=labels),
        unit="USD",
    )


def chain_table() -> DisruptionTable:
    """Region A: s1 (12 a year, no inputs) sells everything to s2 (24 a year: 12 of s1 plus 12 of value
    added), which sells to final demand, half to A's buyers and half to B's. Region B: the same, alone."""
    labels = pd.MultiIndex.from_product([["A", "B"], ["s1", "s2"]], names=["region", "sector"])
    z = pd.DataFrame(0.0, index=labels, columns=labels)
    z.loc[("A", "s1"), ("A", "s2")] = 12.0
    z.loc[("B", "s1"), ("B", "s2")] = 12.0
    buyers = pd.MultiIndex.from_product([["A", "B"], ["C"]], names=["region", "category"])
    y = pd.DataFrame([[0.0, 0.0], [12.0, 12.0], [0.0, 0.0], [0.0, 24.0]], index=labels, columns=buyers)
    x = pd.Series([12.0, 24.0, 12.0, 24.0], index=labels)
    return DisruptionTable.from_flows(z, y, x, x - z.sum(axis=0), unit="USD")


def shock(table: DisruptionTable, *, depth: float, duration: int, months: int = 12) -> DisruptionShock:
    """``depth`` of the capacity of the first sector of the first region lost from month 1."""
    R, S = table.size
    none = DisruptionShock.none([str(m) for m in range(months)], R, S)
    loss = none.capacity_loss.copy()
    loss[:, 0, 0] = capacity_profile(months, onset=1, depth=depth, duration=duration, recovery=2)
    return replace(none, capacity_loss=loss)


def total_lost(table: DisruptionTable, the_shock: DisruptionShock, params: DisruptionParameters) -> float:
    return float(value_lost(simulate_disruption(table, the_shock, params)).sum())


def test_capacity_profile_by_hand() -> None:
    profile = capacity_profile(8, onset=1, depth=0.6, duration=2, recovery=2)
    assert profile == pytest.approx([0.0, 0.6, 0.6, 0.4, 0.2, 0.0, 0.0, 0.0])


def test_chain_without_inventories_by_hand() -> None:
    # s1 keeps half its capacity (0.5 of 1 a month); s2 gets half its input and makes 1 of its 2 a month;
    # A's and B's buyers each miss 0.5 of s2; value added lost: 0.5 in s1 (all value added) and 0.5 in s2.
    table = chain_table()
    result = simulate_disruption(table, shock(table, depth=0.5, duration=3, months=3), ALL_CRITICAL)
    month = result.isel(month=1)
    assert month["output"].sel(country="A").values == pytest.approx([0.5, 1.0])
    assert month["final_demand_lost"].values == pytest.approx([0.5, 0.5])
    assert month["value_added_lost"].sel(country="A").values == pytest.approx([0.5, 0.5])
    assert float(month["output_lost"].sel(country="B").sum()) == 0.0


def test_chain_with_two_weeks_of_inventory_by_hand() -> None:
    # s2 holds 2 weeks (2 * 12 / 52 months) of s1's input: with half of a month's input delivered it can
    # use 0.5 + 0.4615 = 0.9615 of a month's input, and makes 2 * 0.9615 of its 2 a month.
    table = chain_table()
    params = replace(ALL_CRITICAL, default_inventory_weeks=2.0)
    month = simulate_disruption(table, shock(table, depth=0.5, duration=3, months=3), params).isel(month=1)
    usable = 0.5 + 2.0 * 12.0 / 52.0
    assert float(month["output"].sel(country="A", sector="s2")) == pytest.approx(2.0 * usable)
    assert float(month["final_demand_lost"].sum()) == pytest.approx(2.0 * (1.0 - usable))


def test_substitutes_offer_only_what_their_inputs_allow_by_hand() -> None:
    # B's s1 has 0.2 a month of spare capacity and no inputs: it takes 0.2 of A's unfilled s1 orders, and
    # A's s2 makes 2 * 0.7 = 1.4. B's s2 has spare machines (0.4) but no stock of s1 beyond the 1 a month
    # it ordered for its plan: it can make 2, no more, so it takes none of A's unfilled s2 orders (taking
    # them would ration its own buyers for output it cannot make). Final buyers lose exactly the s2 not
    # made: 4 - 1.4 - 2 = 0.6, A's buyers and B's buyers of A's s2 alike.
    table = chain_table()
    params = replace(ALL_CRITICAL, spare_capacity=0.2, substitution_share=1.0)
    month = simulate_disruption(table, shock(table, depth=0.5, duration=3, months=3), params).isel(month=1)
    assert month["output"].values.ravel() == pytest.approx([0.5, 1.4, 1.2, 2.0])
    assert month["redirected"].values == pytest.approx([0.2, 0.0])
    assert month["final_demand_lost"].values == pytest.approx([0.3, 0.3])


@PROPERTY
@given(SEEDS)
def test_no_shock_changes_nothing_exactly(seed: int) -> None:
    table = random_table(seed)
    none = DisruptionShock.none([str(m) for m in range(6)], *table.size)
    result = simulate_disruption(table, none, DisruptionParameters(critical_share=0.0))
    assert (result["output"].values == table.output.reshape(table.size)).all()
    assert not result["final_demand_lost"].values.any()
    assert not result["premium_paid"].values.any()
    assert (result["inventory_ratio"].values == 1.0).all()


@PROPERTY
@given(SEEDS)
def test_deeper_or_longer_shock_never_costs_less(seed: int) -> None:
    table = random_table(seed)
    params = DisruptionParameters(critical_share=0.0)
    deeper = [total_lost(table, shock(table, depth=d, duration=4), params) for d in (0.1, 0.3, 0.6, 0.9)]
    longer = [total_lost(table, shock(table, depth=0.5, duration=k), params) for k in (1, 3, 6)]
    assert np.all(np.diff(deeper) >= -1e-9)
    assert deeper[-1] > 0
    assert np.all(np.diff(longer) >= -1e-9)


@PROPERTY
@given(SEEDS)
def test_more_inventories_never_cost_more_during_the_shock(seed: int) -> None:
    table = random_table(seed)
    during = slice(0, 5)  # the shock lasts months 1 to 4
    lost = [
        float(
            value_lost(
                simulate_disruption(
                    table,
                    shock(table, depth=0.6, duration=4),
                    DisruptionParameters(critical_share=0.0, default_inventory_weeks=weeks),
                )
            )
            .isel(month=during)
            .sum()
        )
        for weeks in (0.0, 1.0, 4.0, 8.0)
    ]
    assert np.all(np.diff(lost) <= 1e-9)
    assert lost[0] > lost[-1]


@PROPERTY
@given(SEEDS, st.floats(min_value=0.05, max_value=1.0), st.floats(min_value=0.0, max_value=0.3))
def test_without_stocks_output_returns_to_baseline_after_a_one_month_shock(
    seed: int, depth: float, spare: float
) -> None:
    # With no stocks at all, every input limiting and orders placed on last month's demand, the month after
    # the shock is the baseline again: no spiral in the recovery months (it used to fall to zero output at
    # the fixed point's iteration cap, 200, as an industry short of its own product rationed its inputs).
    table = random_table(seed)
    none = DisruptionShock.none([str(m) for m in range(8)], *table.size)
    loss = none.capacity_loss.copy()
    loss[:, 0, 0] = capacity_profile(8, onset=1, depth=depth, duration=1, recovery=0)
    params = replace(ALL_CRITICAL, spare_capacity=spare)
    result = simulate_disruption(table, replace(none, capacity_loss=loss), params)
    output = result["output"].values.reshape(8, -1)
    assert output[1, 0] == pytest.approx((1.0 - depth) * table.output[0], rel=1e-6)
    assert np.all(output[1] <= table.output * (1.0 + 1e-9))
    assert output[2:] == pytest.approx(np.tile(table.output, (6, 1)), rel=1e-9)
    assert not result["final_demand_lost"].isel(month=slice(2, None)).values.any()
    assert int(result["iterations"].max()) < 200


@PROPERTY
@given(SEEDS, st.floats(min_value=0.1, max_value=0.9))
def test_without_stocks_demand_rising_above_last_month_is_met_by_rush_orders(seed: int, cut: float) -> None:
    # A route cut for two months, then open again: demand rises back above last month's, which industries
    # without stocks ordered for. Rush orders within the month let them meet it: every month after the cut
    # converges in a few iterations, no output is lost to missing inputs (what is below the baseline is
    # demand: the stocks piled up in the cut are ordered down) and the world's output is back within 1 %.
    # Before rush orders these months crept down to the iteration cap (200) and output stayed near zero.
    table = random_table(seed)
    months = [str(m) for m in range(6)]
    none = DisruptionShock.none(months, *table.size)
    route_open = none.route_open.copy()
    route_open[:, 0, 1] = 1.0 - capacity_profile(6, onset=1, depth=cut, duration=2, recovery=0)
    result = simulate_disruption(table, replace(none, route_open=route_open), ALL_CRITICAL)
    after = slice(3, None)
    assert int(result["iterations"].isel(month=after).max()) < 10
    assert int(result["order_rounds"].isel(month=3)) > 0
    constrained = result["supply_constrained_loss"].isel(month=after).values.reshape(3, -1)
    assert np.all(constrained <= 1e-9 * table.output)
    world = result["output"].sum(("country", "sector")).values / table.output.sum()
    assert world[after] == pytest.approx(1.0, abs=1e-2)


@PROPERTY
@given(SEEDS, st.floats(min_value=0.05, max_value=0.9))
def test_rush_orders_leave_no_buyer_s_inputs_short_of_its_demand(seed: int, plan: float) -> None:
    # Buyers without stocks ordered for ``plan`` of their baseline output and are asked for more: after the
    # rush orders every buyer's stocks and orders of each limiting input cover its demand to the rounding,
    # not to the series' tolerance (1e-10 of output). A shortfall at the tolerance is a gain below 1 around
    # every cycle of limiting inputs, down which the month's rationing crept without converging (the
    # 2011 world without stocks, August at a refill of one month: 9e-11 of output an iteration).
    table = random_table(seed, sectors=4)
    regions = len(table.regions)
    economy = Economy.of(table, critical_inputs(table, ALL_CRITICAL))
    inventory = np.zeros_like(table.requirements)
    route_open = np.ones((regions, regions))
    orders, demand = orders_and_demand(economy, plan * table.output, inventory, route_open, False)
    orders, demand, rounds = rush_orders(economy, inventory, orders, demand, route_open)
    assert rounds > 0
    cover = np.divide(orders, table.requirements, out=np.full_like(orders, np.inf), where=economy.binding)
    assert np.all(cover.min(axis=0) >= demand * (1.0 - 1e-14))


@PROPERTY
@given(SEEDS)
def test_unlimited_substitution_costs_only_the_price_difference(seed: int) -> None:
    table = random_table(seed)
    params = DisruptionParameters(
        critical_share=0.0, substitution_share=1.0, spare_capacity=5.0, default_inventory_weeks=8.0
    )
    result = simulate_disruption(table, shock(table, depth=0.9, duration=4), params)
    redirected = float(result["redirected"].sum())
    assert redirected > 0
    assert float(result["final_demand_lost"].sum()) == pytest.approx(0.0, abs=1e-9)
    premium = float(result["premium_paid"].sum() + result["final_premium_paid"].sum())
    assert premium == pytest.approx(params.substitution_premium * redirected, rel=1e-9)


def test_cut_route_loses_what_it_carried_without_substitution() -> None:
    # A's s2 sells 1 a month to B's final buyers; with the route from A to B cut they miss all of it.
    table = chain_table()
    none = DisruptionShock.none(["0", "1"], *table.size)
    routes = none.route_open.copy()
    routes[:, 0, 1] = 0.0
    cut = replace(none, route_open=routes)
    result = simulate_disruption(table, cut, replace(ALL_CRITICAL, orders_within_month=False))
    assert result["final_demand_lost"].isel(month=0).values == pytest.approx([0.0, 1.0])
    # ordering for last month's demand (orders_within_month off), s2 ordered its input on last month's
    # plan: s1 sells as before this month; a month later s2 orders
    # for its demand, 0.5, less the half it got in vain and holds in stock (target 0) over tau_R = 3 months
    lost = result["output_lost"].sel(country="A").values
    assert lost.ravel() == pytest.approx([0.0, 1.0, 0.5 + 0.5 / 3, 1.0])
    # ordering for this month's demand (the default), s1 loses half of its 1 a month within the month
    within = simulate_disruption(table, cut, ALL_CRITICAL)
    assert within["output_lost"].sel(country="A").isel(month=0).values == pytest.approx([0.5, 1.0])


def test_bad_parameters_and_shapes_are_refused() -> None:
    with pytest.raises(InputError, match="substitution_share"):
        DisruptionParameters(substitution_share=1.5)
    table = chain_table()
    none = DisruptionShock.none(["0"], *table.size)
    with pytest.raises(InputError, match="capacity_loss"):
        simulate_disruption(table, replace(none, capacity_loss=np.zeros((1, 3, 2))))


def test_coefficients_are_z_over_x_product_major_across_tiles() -> None:
    # 2 regions x 300 sectors: the tiled copy crosses tile edges in rows and columns (TILE 256)
    table = random_table(7, regions=2, sectors=300)
    rng = np.random.default_rng(7)
    n = 600
    a = rng.random((n, n)) + 0.05
    a *= rng.uniform(0.3, 0.6, n) / a.sum(axis=0)
    x = rng.uniform(50.0, 150.0, n)
    expected = (a * x[np.newaxis, :]) / x[np.newaxis, :]
    assert table.coefficients.shape == (300, 2, n)
    np.testing.assert_allclose(table.coefficients[:, 0, :], expected[:300], rtol=1e-14)
    np.testing.assert_allclose(table.coefficients[:, 1, :], expected[300:], rtol=1e-14)
    np.testing.assert_allclose(table.requirements, expected[:300] + expected[300:], rtol=1e-14)


def test_a_sector_buying_inputs_without_output_is_refused() -> None:
    labels = pd.MultiIndex.from_product([["A"], ["s1", "s2"]], names=["region", "sector"])
    z = pd.DataFrame([[0.0, 1.0], [0.0, 0.0]], index=labels, columns=labels)
    buyers = pd.MultiIndex.from_product([["A"], ["C"]], names=["region", "category"])
    y = pd.DataFrame([[1.0], [0.0]], index=labels, columns=buyers)
    x = pd.Series([2.0, 0.0], index=labels)
    with pytest.raises(DataConsistencyError, match="zero gross output buys"):
        DisruptionTable.from_flows(z, y, x, x - z.sum(axis=0), unit="USD")


def test_a_buyer_whose_plant_is_lost_orders_only_for_what_it_can_make_by_hand() -> None:
    # A's s2 loses half its capacity (1 of its 2 a month) and holds four weeks of s1 at target: it orders
    # 0.5 of s1 for the 1 it can make, so A's s1 makes 0.5 of its 1 in the month of the loss, and the stock
    # stays at its target. Before orders were capped by capacity, s1 made 1 and s2's stock of s1 rose by
    # the 0.5 it could not use.
    table = chain_table()
    none = DisruptionShock.none([str(m) for m in range(3)], *table.size)
    loss = none.capacity_loss.copy()
    loss[1, 0, 1] = 0.5
    params = replace(ALL_CRITICAL, default_inventory_weeks=4.0)
    month = simulate_disruption(table, replace(none, capacity_loss=loss), params).isel(month=1)
    assert month["output"].sel(country="A").values == pytest.approx([0.5, 1.0])
    assert float(month["inventory_ratio"].sel(country="A", sector="s2")) == pytest.approx(1.0)


def test_sole_supplier_shortfall_by_hand() -> None:
    # a month and a half of stock: the first month of the loss is drawn from it, half of the second, and the
    # rest is missing
    short = sole_supplier_shortfall(np.array([0.0, 1.0, 1.0, 0.5, 0.0]), 1.5)
    assert short == pytest.approx([0.0, 0.0, 0.5, 0.5, 0.0])
    assert sole_supplier_shortfall(np.array([0.3, 0.6]), 0.0) == pytest.approx([0.3, 0.6])
    with pytest.raises(InputError):
        sole_supplier_shortfall(np.array([1.2]), 0.0)


def test_a_sole_supplier_loss_is_a_capacity_loss_of_its_buyers() -> None:
    months = [f"2025-{m:02d}" for m in range(1, 7)]
    profile = Profile(onset="2025-02", depth=1.0, duration=2, recovery=1)  # lost: 0, 1, 1, 0.5, 0, 0
    month_of_stock = 52.0 / 12.0
    event = SoleSupplierLoss({"A": 1.0, "B": 0.5}, ("s2",), 0.4, month_of_stock, profile)
    loss = build_shock([event], months, ["A", "B"], ["s1", "s2"]).capacity_loss
    # a month of stock covers February's loss; March and April go without
    assert loss[:, 0, 1] == pytest.approx([0.0, 0.0, 0.4, 0.2, 0.0, 0.0])
    assert loss[:, 1, 1] == pytest.approx([0.0, 0.0, 0.2, 0.1, 0.0, 0.0])
    assert not loss[:, :, 0].any()
    with pytest.raises(InputError):
        SoleSupplierLoss({"A": 1.0}, ("s2",), dependent=1.5, stock_weeks=0.0, profile=profile)


@settings(max_examples=50, deadline=None)
@given(
    lost=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=24),
    stock=st.floats(0.0, 6.0),
    more=st.floats(0.0, 6.0),
)
def test_sole_supplier_stocks_cover_at_most_what_they_hold_and_more_never_short_more(
    lost: list[float], stock: float, more: float
) -> None:
    loss = np.array(lost)
    short, shorter = sole_supplier_shortfall(loss, stock), sole_supplier_shortfall(loss, stock + more)
    assert np.all((short >= 0.0) & (short <= loss))
    assert float((loss - short).sum()) <= stock + 1e-12
    assert np.all(shorter <= short + 1e-12)
