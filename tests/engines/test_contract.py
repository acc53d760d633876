"""The engine contract: every engine's result is a labelled Dataset whose every variable says its units."""

from __future__ import annotations

from datetime import date

import xarray as xr

from engines.rollout.small_world import small_world
from engines.supply.small_network import small_network
from gotogether.engines.rollout import Ban, simulate_rollout
from gotogether.engines.supply import ExportControl, make_periods, simulate_supply
from gotogether.engines.trade import TradeShock, solve
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.run import reference_run
from gotogether.pipeline.world import load_world


def _units(data: xr.Dataset) -> dict[str, str]:
    return {str(name): str(var.attrs.get("units", "")) for name, var in data.data_vars.items()}


def test_rollout_supply_and_trade_results_carry_units_on_every_variable() -> None:
    rollout = simulate_rollout([Ban("b", ["AAA"], ["x"], start=date(2021, 1, 1))], params=small_world())
    control = ExportControl(
        name="c", issuers=["USA"], target_vendors=["a"], start=date(2020, 1, 1), reach=["coalition-made"]
    )
    supply = simulate_supply(
        small_network(), [control], supply_parameters({}), make_periods("2019-01", "2021-12")
    )
    trade = solve(random_baseline(3, 2, seed=1), TradeShock())
    for data in (rollout.data, supply.data, supply.yearly(), trade.data):
        units = _units(data)
        assert units
        assert all(units.values()), [name for name, unit in units.items() if not unit]
    assert _units(rollout.data)["coverage"] == "share of population"
    assert _units(supply.yearly())["vendor_sales_lost"] == "USD per year"
    assert _units(trade.data)["welfare_change"] == "ratio to the baseline"


def test_value_results_carry_units() -> None:
    world = load_world()
    reference = reference_run(world)
    assert reference.adoption.attrs["units"] == "share of the industry's activity"
    assert reference.gdp.attrs["units"] == "billion USD"
    assert world.industry_value_added.attrs["units"] == "billion USD"
