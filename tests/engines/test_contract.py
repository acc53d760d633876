"""The engine contract: every engine is entered as ``run(inputs, parameters, data)`` and returns one labelled
Dataset whose every variable says its units and long name."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import xarray as xr

from engines.disruption.test_disruption_engine import chain_table, shock
from engines.rollout.small_world import small_world
from engines.supply.small_network import small_network
from gotogether.data.iotable import IOTable
from gotogether.engines.contract import in_order, in_that_order, run_engine, unlabelled
from gotogether.engines.disruption import DisruptionParameters, simulate_disruption
from gotogether.engines.disruption import entry as disruption_engine
from gotogether.engines.io import Links
from gotogether.engines.io import entry as io_engine
from gotogether.engines.rollout import Ban, simulate_rollout
from gotogether.engines.rollout import entry as rollout_engine
from gotogether.engines.supply import ExportControl, SupplyResult, make_periods, simulate_supply
from gotogether.engines.supply import entry as supply_engine
from gotogether.engines.trade import TradeShock, solve
from gotogether.engines.trade import entry as trade_engine
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.engines.value import entry as value_engine
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.run import reference_run
from gotogether.pipeline.world import load_world

BAN = Ban("b", ["AAA"], ["x"], start=date(2021, 1, 1))
CONTROL = ExportControl(
    name="c", issuers=["USA"], target_vendors=["a"], start=date(2020, 1, 1), reach=["coalition-made"]
)
PERIODS = make_periods("2019-01", "2021-12")


def _units(data: xr.Dataset) -> dict[str, str]:
    return {str(name): str(var.attrs.get("units", "")) for name, var in data.data_vars.items()}


def test_rollout_supply_and_trade_results_carry_units_on_every_variable() -> None:
    rollout = simulate_rollout([BAN], params=small_world())
    supply = simulate_supply(small_network(), [CONTROL], supply_parameters({}), PERIODS)
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


def test_rollout_through_the_contract_is_the_engine_labelled() -> None:
    inputs = rollout_engine.RolloutInputs(bans=[BAN])
    data = run_engine(rollout_engine.run, inputs, small_world(), None)
    assert unlabelled(data) == []
    xr.testing.assert_identical(
        data.drop_attrs(), simulate_rollout([BAN], params=small_world()).data.drop_attrs()
    )
    assert data["coverage"].attrs == {"units": "share of population", "long_name": "5G population coverage"}


def test_supply_through_the_contract_is_the_engine_labelled() -> None:
    parameters = supply_parameters({})
    inputs = supply_engine.SupplyInputs(controls=[CONTROL], periods=PERIODS)
    data = run_engine(supply_engine.run, inputs, parameters, small_network())
    assert unlabelled(data) == []
    direct = simulate_supply(small_network(), [CONTROL], parameters, PERIODS).data
    xr.testing.assert_identical(data.drop_attrs(), direct.drop_attrs())
    yearly = SupplyResult(data, parameters).yearly()
    assert float(yearly["feasible_output"].sel(vendor="a", year=2019)) == 1.0
    assert float(yearly["feasible_output"].sel(vendor="a", year=2021)) < 1.0


def test_trade_through_the_contract_is_the_solver_and_warm_starts() -> None:
    baseline = random_baseline(4, 3, seed=2)
    shock = TradeShock(tariff=baseline["tariff"] * 1.5)
    options = {"tolerance": 1e-12, "step_tolerance": 1e-10, "max_iterations": 500}
    cold = run_engine(trade_engine.run, trade_engine.TradeInputs(shock), options, baseline)
    assert unlabelled(cold) == []
    assert cold["welfare_change"].attrs["long_name"].startswith("exact change in real income")
    np.testing.assert_array_equal(
        cold["welfare_change"].values, solve(baseline, shock, **options)["welfare_change"]
    )
    warm = run_engine(trade_engine.run, trade_engine.TradeInputs(shock, warm_start=cold), options, baseline)
    assert warm.attrs["iterations"] < cold.attrs["iterations"]
    np.testing.assert_allclose(warm["welfare_change"], cold["welfare_change"], rtol=1e-9)


def test_value_engine_returns_one_dataset_with_its_calibration() -> None:
    world = load_world()
    reference = reference_run(world)
    coverage = reference.rollout.data["coverage"]
    inputs = value_engine.ValueInputs(coverage, xr.ones_like(coverage))
    parameters = value_engine.ValueParameters(world.price_elasticity, world.uplift_scale)
    data = value_engine.ValueData(
        world.industries, world.industry_value_added, world.industry_gross_output, world.value_targets
    )
    fitted = run_engine(value_engine.run, inputs, parameters, data)
    assert unlabelled(fitted) == []
    assert set(fitted.data_vars) == set(value_engine.LONG_NAMES)
    xr.testing.assert_equal(fitted["gdp_contribution"], reference.gdp)
    # the reference's calibration, read back, values the same run to the same numbers
    calibration = value_engine.calibration_of(fitted)
    again = run_engine(
        value_engine.run, inputs, value_engine.ValueParameters(world.price_elasticity, 1.0, calibration), data
    )
    xr.testing.assert_equal(again["gdp_contribution"], fitted["gdp_contribution"])
    # GDP contribution = uplift x readiness x adoption x value added (the value module's identity)
    identity = fitted["uplift"] * fitted["readiness"] * fitted["adoption"] * world.industry_value_added
    xr.testing.assert_allclose(
        fitted["gdp_contribution"], identity.transpose(*fitted["gdp_contribution"].dims)
    )
    assert fitted["sales_enabled"].attrs["units"] == "billion USD"


def test_io_engine_on_the_hand_made_table(balanced: IOTable) -> None:
    parameters = io_engine.IOParameters()
    whole = run_engine(io_engine.run, io_engine.IOInputs(), parameters, balanced)
    assert unlabelled(whole) == []
    assert whole["gross_output"].attrs["units"] == "USD"
    np.testing.assert_allclose(
        whole["gross_output"].stack(row=("region", "sector")).values, balanced.x.values
    )
    np.testing.assert_allclose(whole["output_loss"].values, 0.0, atol=1e-9)
    # value added closes every column, so all the value of a final product is someone's value added
    np.testing.assert_allclose(whole["va_multiplier"].values, 1.0)
    without_bbb = io_engine.IOInputs([Links(from_regions="BBB")])
    extracted = run_engine(io_engine.run, without_bbb, parameters, balanced)
    np.testing.assert_allclose(extracted["extracted_output"].sel(region="BBB").values, 0.0, atol=1e-9)
    assert bool((extracted["output_loss"].sel(region="AAA") > 0).all())


def test_an_engine_breaking_the_contract_is_named() -> None:
    def careless(inputs: None, parameters: None, data: None) -> xr.Dataset:
        return xr.Dataset({"labelled": ((), 1.0, {"units": "1", "long_name": "one"}), "bare": ((), 2.0)})

    with pytest.raises(TypeError, match=r"breaks the engine contract.*\['bare'\]"):
        run_engine(careless, None, None, None)


def test_disruption_through_the_contract_is_the_engine_labelled() -> None:
    table = chain_table()
    the_shock = shock(table, depth=0.5, duration=2, months=6)
    parameters = DisruptionParameters()
    data = run_engine(disruption_engine.run, the_shock, parameters, table)
    assert not unlabelled(data)
    xr.testing.assert_allclose(data, simulate_disruption(table, the_shock, parameters))
    assert data["output_lost"].attrs["long_name"] == "gross output below the baseline"
    assert float(data["output_lost"].sum()) > 0


def test_in_order_reads_values_in_the_order_asked_whatever_the_array_s_own() -> None:
    values = np.arange(6.0).reshape(2, 3)
    array = xr.DataArray(
        values, dims=("country", "sector"), coords={"country": ["A", "B"], "sector": list("xyz")}
    )
    same = in_order(array, {"country": ["A", "B"], "sector": ["x", "y", "z"]})
    assert same is array.values  # already in order: no copy
    assert in_that_order(array, {"country": ["A", "B"], "sector": ["x", "y", "z"]})
    assert not in_that_order(array, {"country": ["B", "A"], "sector": ["x", "y", "z"]})
    assert not in_that_order(array, {"sector": ["x", "y", "z"], "country": ["A", "B"]})
    swapped = in_order(array, {"sector": ["z", "x", "y"], "country": ["B", "A"]})
    np.testing.assert_array_equal(swapped, [[5.0, 2.0], [3.0, 0.0], [4.0, 1.0]])


def test_in_order_transposes_without_a_selection_when_only_the_dimensions_order_differs() -> None:
    values = np.arange(6.0).reshape(2, 3)
    array = xr.DataArray(
        values, dims=("country", "sector"), coords={"country": ["A", "B"], "sector": list("xyz")}
    )
    order = {"sector": array.indexes["sector"], "country": ["A", "B"]}
    swapped = in_order(array, order)
    np.testing.assert_array_equal(swapped, values.T)
    assert np.shares_memory(swapped, values)  # a view: no selection, no copy
    np.testing.assert_array_equal(swapped, array.sel(sector=list("xyz")).transpose("sector", "country"))
    subset = in_order(array, {"sector": ["x", "z"], "country": ["A", "B"]})  # fewer labels: selected
    np.testing.assert_array_equal(subset, [[0.0, 3.0], [2.0, 5.0]])


def test_in_order_reorders_labels_by_position_as_the_selection_would() -> None:
    values = np.arange(24.0).reshape(2, 3, 4)
    array = xr.DataArray(
        values,
        dims=("country", "sector", "year"),
        coords={"country": ["B", "A"], "sector": list("zxy"), "year": [2019, 2020, 2021, 2022]},
    )
    order = {"year": [2021, 2019, 2020, 2022], "country": ["A", "B"], "sector": list("xyz")}
    expected = array.sel(order).transpose(*order).values
    got = in_order(array, order)
    np.testing.assert_array_equal(got, expected)
    assert got.strides == expected.strides  # the same layout: sums over it add in the same order
    with pytest.raises(KeyError):
        in_order(array, {"year": [2019, 2020, 2021, 2022], "country": ["A", "C"], "sector": list("xyz")})
