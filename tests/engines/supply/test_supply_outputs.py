"""Outputs of the supply engine for the issue-14 questions: sales with and without the measures, the local
share of the target's inputs, the substitutes' premium as the target's cost (small network, by hand)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import xarray as xr

from engines.supply.small_network import small_network
from gotogether.engines.supply import ExportControl, SupplyResult, make_periods, simulate_supply
from gotogether.pipeline.parameters import supply_parameters

PERIODS = make_periods("2019-01", "2021-12")
PARAMS = supply_parameters(
    {
        "supply.bom_share": 1.0,
        "supply.inventory_months": 0.0,
        "supply.spare_capacity": 0.0,
        "supply.substitution_ceiling": 0.0,
        "supply.alternative_premium": 0.0,
    }
)
CONTROL = ExportControl(name="c", issuers=["USA"], target_vendors=["a"], start=date(2020, 1, 1))


def test_sales_with_and_without_the_measures() -> None:
    result = simulate_supply(small_network(), [CONTROL], PARAMS, PERIODS)
    table = result.sales_with_and_without("country")
    # U (USA) sells 15 a year to each vendor; from 2020 vendor a buys none of it (years of 366 and 365 days
    # over 365.25).
    leap, common = 366 / 365.25, 365 / 365.25
    assert float(table["without"].sel(country="USA", year=2020)) == pytest.approx(30.0 * leap, rel=1e-12)
    assert float(table["with"].sel(country="USA", year=2020)) == pytest.approx(15.0 * leap, rel=1e-12)
    assert float(table["with"].sel(country="USA", year=2019)) == pytest.approx(30.0 * common, rel=1e-12)
    np.testing.assert_allclose(
        (table["with"] - table["without"]).values, result.sales_change("country").values, atol=1e-9
    )
    none = simulate_supply(small_network(), [], PARAMS, PERIODS).sales_with_and_without("firm")
    np.testing.assert_array_equal(none["with"].values, none["without"].values)


def test_local_share_of_the_targets_inputs() -> None:
    # Vendor a (CHN) buys chip U 15 (USA), T 10 (TWN) and box K 25 (CHN): 50% local; with U blocked and
    # no substitution it uses T 10 and K 10 (output 0.4): still half local, until substitutes come.
    result = simulate_supply(small_network(), [CONTROL], PARAMS, PERIODS)
    local = result.yearly()["local_input_share"].sel(vendor="a")
    assert float(local.sel(year=2019)) == pytest.approx(0.5, rel=1e-12)
    assert float(local.sel(year=2020)) == pytest.approx(0.5, rel=1e-12)
    params = PARAMS.model_copy(update={"substitution_ceiling": 1.0})
    rising = simulate_supply(small_network(), [CONTROL], params, PERIODS).yearly()["local_input_share"]
    assert float(rising.sel(vendor="a", year=2021)) > 0.6  # substitutes are made at home
    cost = simulate_supply(small_network(), [CONTROL], params, PERIODS).yearly()["substitute_premium_cost"]
    assert float(cost.sel(vendor="a", year=2021)) > 0.0  # the premium is the target's cost
    assert float(cost.sel(vendor="b").sum()) == 0.0


def test_sales_change_by_firm_and_country_by_hand() -> None:
    """From 2020 vendor a loses U's chips (15 a year); January 2020 it builds 0.4 of its output, so K sells
    it 15 a year less of boxes; from February its substitute (at once, steep S-curve) makes the 15."""
    params = PARAMS.model_copy(
        update={
            "substitution_ceiling": 1.0,
            "substitution_steepness": 20.0,
            "investment_scale": 100.0,
            "substitute_export_share": 0.0,
        }
    )
    result = simulate_supply(small_network(), [CONTROL], params, PERIODS)
    january, rest, common = 31 / 365.25, 335 / 365.25, 365 / 365.25
    by_firm = result.sales_change("firm")
    assert by_firm.dims == ("firm", "year")
    assert list(by_firm["firm"].values) == ["K", "T", "U", "a substitute", "b substitute"]
    expected_firm = {
        "K": [0.0, -15 * january, 0.0],
        "T": [0.0, 0.0, 0.0],
        "U": [0.0, -15 * (january + rest), -15 * common],
        "a substitute": [0.0, 15 * rest, 15 * common],
        "b substitute": [0.0, 0.0, 0.0],
    }
    for firm, values in expected_firm.items():
        assert by_firm.sel(firm=firm).values == pytest.approx(values, rel=1e-12, abs=1e-12)
    by_country = result.sales_change("country")
    assert list(by_country["country"].values) == ["CHN", "SWE", "TWN", "USA"]
    assert by_country.sel(country="CHN").values == pytest.approx(
        [0.0, 15 * (rest - january), 15 * common], rel=1e-12, abs=1e-12
    )
    assert by_country.sel(country="USA").values == pytest.approx(by_firm.sel(firm="U").values, abs=0)
    assert by_country.sel(country=["SWE", "TWN"]).values == pytest.approx(0.0, abs=1e-12)
    monthly = result.sales_change("firm", yearly=False)
    assert monthly.dims == ("firm", "time")
    assert float(monthly.sel(firm="K").sum()) == pytest.approx(-15 * january, rel=1e-12)


def test_yearly_table_is_xarrays_group_by_sums_to_the_bit() -> None:
    # the yearly table is made on NumPy in the order xarray's group-bys add (periods one after the other):
    # the labelled formulas give the same bits, also in a year with no output (plain mean of the cost)
    params = PARAMS.model_copy(update={"substitution_ceiling": 1.0})
    data = simulate_supply(small_network(), [CONTROL], params, PERIODS).data.copy(deep=True)
    data["feasible_output"][0, 12:24] = 0.0  # vendor a builds nothing in 2020
    data["bill_output"][0, :, 12:24] = 0.0
    result = SupplyResult(data, params)
    weight = data["period_years"]

    def output_weighted(cost: xr.DataArray, built: xr.DataArray) -> xr.DataArray:
        by_year = (cost * built).groupby("year").sum() / built.groupby("year").sum()
        with np.errstate(invalid="ignore"):  # 0 / 0 where nothing is built
            return by_year.where(built.groupby("year").sum() > 0, cost.groupby("year").mean())

    built = data["feasible_output"] * weight
    cost = data["unit_cost_multiplier"]
    bought = (
        data["sales"].sum("supplier")
        + data["substitute_sales"].sum("component_class")
        + data["substitute_bought"].sum("component_class")
    )
    at_home = data["origin_mix"].where(data["origin"] == data["vendor_country"], 0.0).sum("origin")
    expected = {
        "feasible_output": built.groupby("year").sum() / weight.groupby("year").sum(),
        "headroom": (data["headroom"] * weight).groupby("year").sum() / weight.groupby("year").sum(),
        "unit_cost_multiplier": output_weighted(cost, built),
        "bill_output": (data["bill_output"] * weight).groupby("year").sum() / weight.groupby("year").sum(),
        "bill_cost_multiplier": output_weighted(data["bill_cost_multiplier"], data["bill_output"] * weight),
        "substitute_premium_cost": data["substitute_premium_cost"].groupby("year").sum(),
        "vendor_sales_lost": data["vendor_sales_lost"].groupby("year").sum(),
        "local_input_share": ((at_home * bought).groupby("year").sum() / bought.groupby("year").sum()).fillna(
            0.0
        ),
    }
    yearly = result.yearly()
    assert float(yearly["unit_cost_multiplier"].sel(vendor="a", year=2020)) == pytest.approx(
        float(cost.sel(vendor="a").isel(time=slice(12, 24)).mean())
    )
    for name, labelled in expected.items():
        np.testing.assert_array_equal(yearly[name].values, labelled.transpose(*yearly[name].dims).values)
    assert yearly["local_input_share"].attrs["long_name"].startswith("share of the components used")


def test_results_on_networks_with_the_same_labels_share_their_coordinates() -> None:
    # every draw of an ensemble makes its own network (its drawn rivals): the labels are made once; a
    # network with other labels gets its own
    network = small_network()
    first = simulate_supply(network, [CONTROL], PARAMS, PERIODS)
    same_labels = simulate_supply(replace(network, revenue=network.revenue * 2.0), [CONTROL], PARAMS, PERIODS)
    other = replace(network, firm=tuple(f"{firm} renamed" for firm in network.firm))
    renamed = simulate_supply(other, [CONTROL], PARAMS, PERIODS)
    assert same_labels.data.variables["firm"].values is first.data.variables["firm"].values
    assert list(renamed.data["firm"].values) == [f"{firm} renamed" for firm in network.firm]
