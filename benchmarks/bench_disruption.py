"""The disruption engine on a 10,000-sector table: a 24-month disruption propagated month by month.

Table: seeded synthetic MRIO (``benchmarks/synthetic_mrio.py``) of 50 regions x 200 sectors, the structure
of EXIOBASE-size tables (25 % of sector pairs used, half of region pairs trading). Shock: the first region's
first sector loses 90 % of its capacity from month 1 for 12 months, then recovers over 3 months; defaults of
``DisruptionParameters``, every input with a requirement of 1 % or more critical. Timed: the propagation
(``simulate_disruption``), not building the table's arrays (reported apart), by default (orders for this
month's demand, ``orders_within_month``, whose products over the coefficients are counted) and with orders
for last month's demand. Goal: under 30 s on 2 cores.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from typing import Any
from unittest.mock import patch

import numpy as np

from benchmarks.harness import time_call
from benchmarks.synthetic_mrio import synthetic_table
from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    capacity_profile,
    model,
    simulate_disruption,
)

REGIONS, SECTORS, MONTHS = 50, 200, 24


def _products_per_month(
    table: DisruptionTable, shock: DisruptionShock, params: DisruptionParameters
) -> list[int]:
    """The within-month orders' products over the coefficients (``MonthDemand`` calls), in each month in
    which some buyer's demand falls below its plan."""
    counts: list[int] = []
    original = model.MonthDemand.__call__

    def counted(self: model.MonthDemand, planned: np.ndarray) -> np.ndarray:
        counts[-1] += 1
        return original(self, planned)

    original_init = model.MonthDemand.__init__

    def opened(self: model.MonthDemand, *args: Any) -> None:
        counts.append(0)
        original_init(self, *args)

    with (
        patch.object(model.MonthDemand, "__call__", counted),
        patch.object(model.MonthDemand, "__init__", opened),
    ):
        simulate_disruption(table, shock, params)
    return counts


def run() -> dict[str, object]:
    Z, Y, x = synthetic_table(
        REGIONS, SECTORS, use_density=0.25, trade_density=0.5, n_categories=3, seed=2024
    )
    start = time.perf_counter()
    table = DisruptionTable.from_flows(Z, Y, x, x - Z.sum(axis=0), unit="synthetic")
    build = time.perf_counter() - start
    del Z, Y
    none = DisruptionShock.none([str(m) for m in range(MONTHS)], REGIONS, SECTORS)
    loss = none.capacity_loss.copy()
    loss[:, 0, 0] = capacity_profile(MONTHS, onset=1, depth=0.9, duration=12, recovery=3)
    shock = replace(none, capacity_loss=loss)
    result = simulate_disruption(table, shock)
    timing = time_call(lambda: simulate_disruption(table, shock), repeat=3, warmup=0)
    products = _products_per_month(table, shock, DisruptionParameters())
    last_month = DisruptionParameters(orders_within_month=False)
    timing_last = time_call(lambda: simulate_disruption(table, shock, last_month), repeat=3, warmup=0)
    lost = result["output_lost"].sum(("country", "sector")).to_series()
    return {
        "table": f"{REGIONS} regions x {SECTORS} sectors = {REGIONS * SECTORS} country-sectors (synthetic)",
        "months": MONTHS,
        "build_arrays_s": round(build, 2),
        "propagate_s": {key: round(value, 2) for key, value in timing.items()},
        "propagate_orders_last_month_s": {key: round(value, 2) for key, value in timing_last.items()},
        "orders_within_month_products_per_month": products,
        "fixed_point_iterations_per_month": [int(v) for v in result["iterations"].values],
        "rush_order_rounds_per_month": [int(v) for v in result["order_rounds"].values],
        "peak_month_output_lost_share": float(lost.max() / (table.output.sum())),
        "goal_s": 30,
        "meets_goal": bool(timing["median_s"] < 30),
        "meets_goal_orders_last_month": bool(timing_last["median_s"] < 30),
        "output_lost_share_by_month": [round(float(v), 6) for v in np.asarray(lost) / table.output.sum()],
        "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()],
    }
