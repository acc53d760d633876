"""The disruption engine's losses through the trade engine count once (docs/disruption.md, "Coupling to the
trade engine"). Hand-worked on a chain of one region, chips -> parts -> cars -> final demand, in a year
when the chip maker loses 30 % of its capacity: with no stocks, no spare capacity and no other origin,
rationing takes 30 % off the parts and the cars, and the world loses 30 % of the chain's final value, once.
The trade engine's price links must pass that loss on, not add to it."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    simulate_disruption,
)
from gotogether.engines.trade import TradeBaseline, TradeShock
from gotogether.engines.trade.baseline import baseline_from_arrays
from gotogether.engines.trade.equilibrium import solve
from gotogether.pipeline.disruption import yearly_productivity

SECTORS = ["chips", "parts", "cars"]
OUTPUT = np.array([30.0, 60.0, 100.0])  # a year: chips all to the parts makers, parts all to the carmakers
VA_SHARE = np.array([[1.0, 0.5, 0.4]])  # parts: 30 of chips and 30 of value added; cars: 60 of parts, 40
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]
BARE = DisruptionParameters(
    default_inventory_weeks=0.0,
    critical_share=0.0,
    spare_capacity=0.0,
    substitution_share=0.0,
    overproduction_max=1.0,
)


def chain_table() -> DisruptionTable:
    labels = pd.MultiIndex.from_product([["A"], SECTORS], names=["region", "sector"])
    flows = pd.DataFrame(0.0, index=labels, columns=labels)
    flows.loc[("A", "chips"), ("A", "parts")] = 30.0
    flows.loc[("A", "parts"), ("A", "cars")] = 60.0
    output = pd.Series(OUTPUT, index=labels)
    final = pd.DataFrame(
        [[0.0], [0.0], [100.0]],
        index=labels,
        columns=pd.MultiIndex.from_product([["A"], ["C"]], names=["region", "category"]),
    )
    return DisruptionTable.from_flows(flows, final, output, output - flows.sum(axis=0), unit="USD")


def chain_baseline() -> TradeBaseline:
    """The same chain in the trade engine: one country, Cobb-Douglas costs with the table's shares."""
    input_share = np.zeros((1, 3, 3))  # (country, input_sector, sector)
    input_share[0, 0, 1] = 0.5
    input_share[0, 1, 2] = 0.6
    return baseline_from_arrays(
        trade_share=np.ones((1, 1, 3)),
        tariff=np.zeros((1, 1, 3)),
        va_share=VA_SHARE,
        input_share=input_share,
        final_share=np.array([[0.0, 0.0, 1.0]]),
        theta=np.full(3, 4.0),
        value_added=np.array([100.0]),
        deficit=np.zeros(1),
        expenditure=OUTPUT[np.newaxis, :],
        countries=["A"],
        sectors=SECTORS,
    )


def chip_loss(depth: float) -> tuple[float, float]:
    """The chain's final value lost in 2025 by the disruption engine (share of the year's), and the world's
    welfare loss through the coupling and the trade engine, when the chip maker loses ``depth`` all year."""
    table = chain_table()
    shock = DisruptionShock.none(MONTHS, 1, 3)
    loss = shock.capacity_loss.copy()
    loss[:, 0, 0] = depth
    result = simulate_disruption(table, replace(shock, capacity_loss=loss), BARE)
    final_lost = float(result["final_demand_lost"].sum()) / 100.0
    tfp = yearly_productivity(result, table, VA_SHARE).sel(year=2025)
    welfare = solve(chain_baseline(), TradeShock(productivity=tfp)).data["welfare_change"]
    return final_lost, 1.0 - float(welfare.sel(country="A"))


def test_a_chip_loss_down_a_chain_without_stocks_costs_the_world_its_share_of_final_value_once() -> None:
    # By hand: without stocks every tier makes 0.7 of its baseline (tests/engines/disruption/
    # test_stock_exhaustion.py), so 30 of the 100 of cars for final demand are lost. The coupling gives each
    # sector the loss of its own value added, A_hat = 0.7^s: chips 0.7, parts 0.7^0.5, cars 0.7^0.4; the
    # carmakers' price then rises by 0.7^-(0.4 + 0.6 (0.5 + 0.5)) = 1 / 0.7, and welfare falls 30 %. Giving
    # every sector the loss of its gross output (A_hat = 0.7 for each, the coupling until this release)
    # compounded the chips' loss in the parts' price and both in the cars': 0.7^1.9, a 49.2 % loss.
    final_lost, welfare_lost = chip_loss(0.3)
    assert final_lost == pytest.approx(0.3, rel=1e-9)
    assert welfare_lost == pytest.approx(0.3, rel=1e-6)


def test_the_coupling_gives_each_sector_the_loss_of_its_own_value_added() -> None:
    table = chain_table()
    shock = DisruptionShock.none(MONTHS, 1, 3)
    loss = shock.capacity_loss.copy()
    loss[:6, 0, 0] = 0.3  # half the year
    result = simulate_disruption(table, replace(shock, capacity_loss=loss), BARE)
    tfp = yearly_productivity(result, table, VA_SHARE).sel(year=2025, country="A").values
    # a year's loss of 0.15 of output in every tier, on value-added shares 1, 0.5, 0.4
    np.testing.assert_allclose(tfp, 0.85 ** VA_SHARE[0], rtol=1e-9)


def test_no_disruption_is_no_productivity_change_exactly_and_a_deeper_one_costs_more() -> None:
    table = chain_table()
    none = DisruptionShock.none(MONTHS, 1, 3)
    tfp = yearly_productivity(simulate_disruption(table, none, BARE), table, VA_SHARE)
    assert (tfp.values == 1.0).all()
    costs = [chip_loss(depth)[1] for depth in (0.1, 0.2, 0.3, 0.5)]
    assert all(later > earlier for earlier, later in pairwise(costs))
