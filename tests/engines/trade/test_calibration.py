"""Calibration of the trade baseline from an IOTable, its data treatments, and gains from trade."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from conftest import TableFactory
from gotogether.data.consistency import IOTableWarning
from gotogether.data.default_world import default_world_elasticities, load_default_world
from gotogether.data.iotable import IOTable
from gotogether.engines.trade import TradeShock, solve
from gotogether.engines.trade.calibrate import calibrate_trade_baseline
from gotogether.engines.trade.gains import autarky_welfare_change

THETA = {"s1": 4.0, "s2": 8.0}


def test_hand_worked_shares_of_the_small_table(balanced: IOTable) -> None:
    baseline = calibrate_trade_baseline(balanced, elasticities=THETA)
    # AAA's use of s1: intermediate from AAA 10+5, from BBB 2+1; final HH from AAA 50, from BBB 6.
    assert float(baseline["expenditure"].sel(country="AAA", sector="s1")) == 10 + 5 + 50 + 2 + 1 + 6
    assert float(baseline["trade_share"].sel(importer="AAA", exporter="BBB", sector="s1")) == pytest.approx(
        9 / 74
    )
    # Gross output of (AAA, s1) is its sales without inventories: 10+5+3+2 + 50+8 = 78.
    assert float(baseline["input_share"].sel(country="AAA", input_sector="s1", sector="s1")) == pytest.approx(
        (10 + 2) / 78
    )
    # Deficit = final demand - value added, and = imports - exports.
    d = baseline["deficit"]
    assert float(d.sum()) == pytest.approx(0.0, abs=1e-9)
    imports, exports = (2 + 1 + 3 + 4) + (6 + 5), (3 + 2 + 1 + 5) + (8 + 9)
    assert float(d.sel(country="AAA")) == pytest.approx(imports - exports)


def test_negative_flows_and_zero_output_are_treated_and_reported(table_from: TableFactory) -> None:
    z = [[10, 0, 3, 2], [0, 0, 0, 0], [2, 0, 15, 6], [3, 0, 2, 25]]
    y = [[50, 2, -8, 0], [0, 0, 0, 0], [6, 0, 60, 1], [5, 0, 50, -2]]
    with pytest.warns(IOTableWarning) as caught:
        baseline = calibrate_trade_baseline(table_from(z, y, [0, 0, 0, 0]), elasticities=THETA)
    messages = " ".join(str(w.message) for w in caught)
    assert "1 negative intermediate or final-demand flows" in messages
    assert "zero output keep a labour-only technology: (AAA, s2)" in messages
    assert float(baseline["va_share"].sel(country="AAA", sector="s2")) == 1.0
    assert float(baseline["trade_share"].sel(importer="AAA", exporter="BBB", sector="s1")) == pytest.approx(
        (2 + 6) / (10 + 50 + 2 + 6)  # AAA's use of s1: from AAA 10 + 50, from BBB 2 + 6
    )


def test_default_world_calibration_is_an_equilibrium() -> None:
    baseline = calibrate_trade_baseline(load_default_world(), elasticities=default_world_elasticities())
    assert len(baseline.countries) == 23
    assert len(baseline.sectors) == 27  # the 2019 world: ELEC split into SEMI, TELEQ, OELEC
    same = solve(baseline)
    np.testing.assert_allclose(same.data["welfare_change"].values, 1.0, atol=1e-9)
    np.testing.assert_allclose(same.data["wage_change"].values, 1.0, atol=1e-9)


def test_gains_from_trade_solver_matches_closed_form_for_every_country() -> None:
    baseline = calibrate_trade_baseline(load_default_world(), elasticities=default_world_elasticities())
    zero = xr.zeros_like(baseline["deficit"])
    balanced = solve(baseline, TradeShock(deficit=zero)).as_baseline()
    closed = autarky_welfare_change(balanced)
    countries = balanced.countries
    for n in countries:
        cut = xr.ones_like(balanced["trade_share"])
        isolated = (cut.importer == n) ^ (cut.exporter == n)
        shock = TradeShock(trade_cost=cut.where(~isolated, np.inf))
        solved = float(solve(balanced, shock).data["welfare_change"].sel(country=n))
        assert solved == pytest.approx(float(closed.sel(country=n)), rel=1e-8), n
