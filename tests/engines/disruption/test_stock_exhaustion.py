"""Why taiwan-disruption's ensemble has a fat lower tail (docs/disruption.md, "The lower tail"): once a
buyer's stock of a limiting input runs out, proportional rationing passes its supplier's loss on whole, the
same share of output whatever the input's share of the buyer's costs, and on to the buyer's own buyers; a
stock that lasts the shock passes on nothing. Hand-worked on a chain of one region: chips -> parts -> cars."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    capacity_profile,
    simulate_disruption,
)

DEPTH = 0.3
SHOCK_MONTHS = slice(1, 5)  # months 1 to 4 lose DEPTH of the chip maker's capacity
# every input limiting, no spare capacity, no overproduction, no other origin: the bare mechanism
BARE = DisruptionParameters(
    critical_share=0.0, spare_capacity=0.0, substitution_share=0.0, overproduction_max=1.0
)


def chain(input_share: float) -> DisruptionTable:
    """One region: chips (100 a year, no inputs) sell ``input_share`` of the parts makers' output to them;
    parts (100) sell ``input_share`` of the carmakers' output to them; cars (100) buy no chips. The rest of
    each output goes to final demand."""
    labels = pd.MultiIndex.from_product([["A"], ["chips", "parts", "cars"]], names=["region", "sector"])
    output = pd.Series([100.0, 100.0, 100.0], index=labels)
    flows = pd.DataFrame(0.0, index=labels, columns=labels)
    flows.loc[("A", "chips"), ("A", "parts")] = 100.0 * input_share
    flows.loc[("A", "parts"), ("A", "cars")] = 100.0 * input_share
    buyers = pd.MultiIndex.from_product([["A"], ["C"]], names=["region", "category"])
    final = pd.DataFrame((output - flows.sum(axis=1)).to_numpy()[:, np.newaxis], index=labels, columns=buyers)
    return DisruptionTable.from_flows(flows, final, output, output - flows.sum(axis=0), unit="USD")


def output_ratio(input_share: float, stock_weeks: float) -> np.ndarray:
    """Output over the baseline by (month, sector) when the chip maker loses DEPTH for four months."""
    table = chain(input_share)
    none = DisruptionShock.none([str(month) for month in range(8)], 1, 3)
    loss = none.capacity_loss.copy()
    loss[:, 0, 0] = capacity_profile(8, onset=1, depth=DEPTH, duration=4, recovery=1)
    params = replace(BARE, default_inventory_weeks=stock_weeks)
    result = simulate_disruption(table, replace(none, capacity_loss=loss), params)
    ratio: np.ndarray = result["output"].values[:, 0, :] / table.output  # monthly baseline
    return ratio


@pytest.mark.parametrize("input_share", [0.01, 0.1])
def test_without_stocks_every_buyer_down_the_chain_loses_the_share_the_chip_maker_lost(
    input_share: float,
) -> None:
    # By hand: a buyer without stocks makes at most what this month's deliveries allow, its orders times
    # the share its supplier serves, (1 - DEPTH), so it serves its own buyers (1 - DEPTH) in turn: parts and
    # cars, which buy no chips at all, make 0.7 of their baseline, whether chips are 1 % or 10 % of the
    # parts' costs
    ratio = output_ratio(input_share, stock_weeks=0.0)
    np.testing.assert_allclose(ratio[SHOCK_MONTHS], 1.0 - DEPTH, rtol=1e-9)
    np.testing.assert_allclose(ratio[0], 1.0, rtol=1e-12)
    np.testing.assert_allclose(ratio[6:], 1.0, rtol=1e-9)


@pytest.mark.parametrize("input_share", [0.01, 0.1])
def test_a_stock_that_lasts_the_shock_passes_nothing_on(input_share: float) -> None:
    # By hand, in months of use u of chips by the parts makers: a target of 4 weeks is 48 / 52 = 0.923 u;
    # each month they are served 0.7 of their orders, u plus the stock gap over the 3 refill months, and use
    # u: the stock ends the four months at 0.623, 0.392, 0.215 and 0.078 u at a 1 % share (0.623, 0.385,
    # 0.196, 0.045 at 10 %: the refill orders are more of the chip maker's demand, so each is served a little
    # less), so it never runs out and the parts and the cars are made in full while the chip maker makes 0.7
    ratio = output_ratio(input_share, stock_weeks=4.0)
    np.testing.assert_allclose(ratio[SHOCK_MONTHS, 0], 1.0 - DEPTH, rtol=1e-9)
    np.testing.assert_allclose(ratio[:, 1:], 1.0, rtol=1e-9)


def test_a_stock_that_runs_out_mid_shock_passes_on_part_of_the_loss() -> None:
    # Two weeks (0.46 u) run out in the second month: the parts makers then fall toward 0.7, between the
    # cases above; the carmakers' own stock of parts covers them through the four months
    ratio = output_ratio(0.01, stock_weeks=2.0)
    parts = ratio[SHOCK_MONTHS, 1]
    assert parts[0] == pytest.approx(1.0, rel=1e-9)
    assert np.all((parts[1:] < 1.0 - 1e-3) & (parts[1:] > 1.0 - DEPTH + 1e-3))
    assert np.all(np.diff(parts) <= 1e-12)  # the loss deepens as the stock empties
    np.testing.assert_allclose(ratio[:, 2], 1.0, rtol=1e-9)
