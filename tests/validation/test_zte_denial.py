"""The zte-denial-2018 validation case: ZTE's purchases met, the denial order's revenue loss as measured."""

from __future__ import annotations

import numpy as np
import pytest

from gotogether.data.valuenet import load_tables
from gotogether.engines.supply import make_periods, simulate_supply
from gotogether.errors import InputError
from gotogether.pipeline.world import load_world
from gotogether.validation import run_cases
from gotogether.validation.zte_denial import DENIAL_ORDER, ZTE_STOCK_MONTHS, reported_figure, revenue_lost

ORDER_DAYS = 89
"""15 April to 13 July 2018, the first day without the order."""


def test_zte_denial_case() -> None:
    rows = {row.quantity.split(" (")[0]: row for row in run_cases(["zte-denial-2018"])}
    assert len(rows) == 5
    # calibration: ZTE's 2018 cost of sales (CNY 85.513B x (1 - 0.314) at CNY 6.7233 a dollar) and the
    # midpoint of the 25-30% bought from US firms
    purchases = rows["ZTE purchases 2018, USD bn"]
    assert purchases.published == pytest.approx(85.513 * (1 - 0.314) / 6.7233, rel=1e-6)
    assert purchases.passed is True
    us = rows["ZTE purchases from US firms 2018, USD bn"]
    assert us.published == pytest.approx(0.275 * purchases.published, rel=1e-6)
    assert us.passed is True
    # the check: CNY 85.513B in 2018 against 108.815B in 2017, 39.434B in H1 2018 against 54.010B
    year = rows["ZTE revenue fall 2018 on 2017 under the US denial order, %"]
    half = rows["ZTE revenue fall first half of 2018 on 2017's under the US denial order, %"]
    assert year.published == pytest.approx(100 * (1 - 85.513 / 108.815), rel=1e-4)
    assert half.published == pytest.approx(100 * (1 - 39.434 / 54.010), rel=1e-6)
    # the order denies ZTE the use of its US items (83 FR 17644): only the non-US part of its month of stock
    # covers the shortfall while the order is in force, so no bill can lose more than the order's days; the
    # FPGAs, all US firms', stop the base station from May to the lifting (no non-US FPGA in stock), the
    # US-made handset processors (Qualcomm's 65%) a little under half of the handsets
    assert 0.0 < year.ours < 100 * ORDER_DAYS / 365.25
    assert half.ours == pytest.approx(2 * year.ours, rel=0.05)  # all of the loss in the first half but July's
    # as measured: both checks within a third of the reported falls (the rest: customers lost, the restart)
    assert year.ours == pytest.approx(14.62, abs=0.05)
    assert half.ours == pytest.approx(29.48, abs=0.05)
    assert year.passed is True
    assert half.passed is True
    # at the library's six months of stock for a target that does not stockpile, the US part is denied too:
    # the order still stops the base station (12.7%; 0 with the stock usable, an Entity List's reach)
    defaults = next(row for name, row in rows.items() if "at the library's stock" in name)
    assert defaults.published is None
    assert defaults.ours == pytest.approx(12.71, abs=0.05)


def test_the_stock_denied_is_what_moves_the_checks() -> None:
    # the same order without its denial of the stock (an Entity List's licence requirement): ZTE draws its
    # whole month of stock, its output falls later and the 2018 loss is 8.8% (H1 17.0%), both checks fail
    world = load_world()
    weights = {
        b: reported_figure(load_tables()["financials"], f"{b}_revenue", "WLD", 2018)
        for b in ("carrier", "consumer", "enterprise")
    }
    periods = make_periods("2018-01", "2018-12")
    params = world.supply_parameters.model_copy(
        update={"inventory_months": ZTE_STOCK_MONTHS, "class_inventory_months": {}}
    )
    usable = DENIAL_ORDER.model_copy(update={"stock_denied": False})
    denied, kept = (
        simulate_supply(world.network, [order], params, periods=periods) for order in (DENIAL_ORDER, usable)
    )
    assert 100 * revenue_lost(world, kept, weights, 12) == pytest.approx(8.75, abs=0.05)
    assert 100 * revenue_lost(world, kept, weights, 6) == pytest.approx(17.0, abs=0.05)
    zte = world.network.vendors.index("zte")
    out_denied = denied.data["bill_output"].values[zte]
    out_kept = kept.data["bill_output"].values[zte]
    assert np.all(out_denied[:, 3:6] <= out_kept[:, 3:6] + 1e-12)  # April-June: never more output
    # July, once the order is lifted: the handsets' US stock, untouched, is usable again (the other run has
    # drawn its stock by then)
    assert out_denied[1, 6] == 1.0
    assert out_kept[1, 6] < 0.9
    assert out_denied[0, 4] < 0.02 < 0.7 < out_kept[0, 4]  # May, the base station: stopped, not yet


def test_a_missing_figure_names_the_row_to_add() -> None:
    financials = load_tables()["financials"]
    with pytest.raises(InputError, match=r"zte,purchases,USA,2017"):
        reported_figure(financials, "purchases", "USA", 2017)
