"""Divestitures: a share of a vendor's business leaves it for a buyer no measure names (Huawei's Honor)."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.supply.small_network import small_network
from gotogether.engines.supply import (
    Divestiture,
    ExportControl,
    SupplyParameters,
    SupplyResult,
    make_periods,
    simulate_supply,
)
from gotogether.engines.supply.reach import ramped
from gotogether.errors import InputError
from gotogether.pipeline.controls import divested_purchases, target_business_revenue
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.model import Scenario

PARAMS = SupplyParameters(
    inventory_months=3.0,
    qualification_months=6.0,
    spare_capacity=0.1,
    alternative_premium=0.05,
    substitution_ceiling=1.0,
    substitution_steepness=1.5,
    investment_scale=1.0,
    learning_rate=0.15,
    bom_share=0.5,
    fdpr_dependency_threshold=0.5,
)
PERIODS = make_periods("2019-01", "2022-12")
CONTROL = ExportControl(name="ban", issuers=["USA"], target_vendors=["a"], start=date(2019, 6, 1))


def _sell(share: float | None, start: date = date(2020, 1, 1)) -> Divestiture:
    return Divestiture(name="sale", vendor="a", business="carrier", buyer="N", start=start, share=share)


def test_a_zero_share_is_no_divestiture_exactly() -> None:
    network = small_network(t_affiliate="a")
    without = simulate_supply(network, [CONTROL], PARAMS, PERIODS)
    zero = simulate_supply(network, [CONTROL], PARAMS, PERIODS, divestitures=[_sell(0.0)])
    xr.testing.assert_identical(without.data, zero.data)
    assert float(abs(zero.data["divested_sales"]).max()) == 0.0


def test_a_vendor_without_reported_lines_has_only_its_carrier_business() -> None:
    # the small network reports no business lines: one fallback for divestitures, their checks and bills
    network = small_network(t_affiliate="a")
    assert network.business_lines("a") == {"carrier": 1.0}
    assert network.class_businesses == ("carrier",) * len(network.classes)
    assert network.class_bill.tolist() == [0] * len(network.classes)
    np.testing.assert_array_equal(network.ran_cost_share, network.cost_share)
    huawei = load_world().network.business_lines("huawei")
    assert sorted(huawei) == ["carrier", "consumer", "enterprise"]
    assert all(revenue > 1e9 for revenue in huawei.values())


def test_a_hand_worked_sale_without_controls() -> None:
    """A sells 0.4 of its business (need 12.5 of each class: revenue 50 x bom 0.5 x cost share 0.5) from
    2020. It keeps 0.6: it buys 0.6 x 0.6 x 12.5 = 4.5 a year of chips from U, 0.6 x 0.4 x 12.5 = 3 from its
    own designer T, 7.5 of boxes from K. The buyer buys 0.4 of each line, T's part from U (the class's
    only independent line): chips 0.4 x 12.5 = 5 from U, none from T, boxes 5 from K. So U sells
    4.5 + 5 = 9.5 (+2 on its baseline 7.5), T 3 (-2), K 12.5 (unchanged); A builds at full output."""
    network = small_network(t_affiliate="a")
    result = simulate_supply(network, [], PARAMS, PERIODS, divestitures=[_sell(0.4)])
    d = result.data.sel(vendor="a")
    year = (d["year"] == 2021).values
    to_a = (d["sales"].isel(time=year).sum("time")).values
    to_buyer = (d["divested_sales"].isel(time=year).sum("time")).values
    firms = list(d["firm"].values)
    years = float(d["period_years"].isel(time=year).sum())  # 365 / 365.25
    np.testing.assert_allclose(to_a, np.array([4.5, 3.0, 7.5]) * years, rtol=1e-12)
    np.testing.assert_allclose(to_buyer, np.array([5.0, 0.0, 5.0]) * years, rtol=1e-12)
    assert firms == ["U", "T", "K"]
    change = result.sales_change("firm").sel(year=2021)
    assert float(change.sel(firm="U")) == pytest.approx(2.0 * years, rel=1e-12)
    assert float(change.sel(firm="T")) == pytest.approx(-2.0 * years, rel=1e-12)
    assert float(change.sel(firm="K")) == pytest.approx(0.0, abs=1e-12)
    # before the sale nothing moves; the vendor builds what it keeps at full output
    assert float(abs(d["divested_sales"].sel(time=slice("2019-01", "2019-12"))).max()) == 0.0
    assert float(d["bill_output"].sel(bill="carrier").min()) == 1.0
    assert float(d["divested_share"].sel(business="carrier", time="2021-06-01")) == pytest.approx(0.4)
    # the other vendor is untouched
    xr.testing.assert_identical(
        result.data["sales"].sel(vendor="b"),
        simulate_supply(network, [], PARAMS, PERIODS).data["sales"].sel(vendor="b"),
    )


def test_the_buyer_is_not_reached_by_the_controls() -> None:
    """Under a US ban on A, U's chips to A stop, U's chips to the buyer go on (at baseline)."""
    network = small_network(t_affiliate="a")
    result = simulate_supply(network, [CONTROL], PARAMS, PERIODS, divestitures=[_sell(0.4)])
    d = result.data.sel(vendor="a", time=(result.data["year"] == 2021).values)
    u = (d["firm"] == "U").values
    assert float(d["sales"].isel(supplier=u).sum()) == 0.0
    years = float(d["period_years"].sum())
    assert float(d["divested_sales"].isel(supplier=u).sum()) == pytest.approx(5.0 * years, rel=1e-12)


def _cumulative_output(result: SupplyResult) -> np.ndarray:
    """(T,) vendor A's cumulative output of the carrier bill, in months of its undivested baseline."""
    d = result.data.sel(vendor="a")
    kept = 1.0 - d["divested_share"].sel(business="carrier")
    return np.cumsum((d["bill_output"].sel(bill="carrier") * kept).values)


@settings(max_examples=30, deadline=None)
@given(
    share=st.floats(0.0, 1.0),
    month=st.integers(0, 47),
    inventory=st.floats(0.0, 12.0),
    spare=st.floats(0.0, 0.5),
)
def test_property_a_divestiture_never_raises_the_targets_own_output(
    share: float, month: int, inventory: float, spare: float
) -> None:
    """Up to every period, the target's output (of its undivested business) with the sale is at most that
    without it. Period by period it may be higher late on: the stock it kept lasts longer (docs/supply.md)."""
    network = small_network(t_affiliate="a")
    params = PARAMS.model_copy(update={"inventory_months": inventory, "spare_capacity": spare})
    start = PERIODS[month].start_time.date()
    without = simulate_supply(network, [CONTROL], params, PERIODS)
    sold = simulate_supply(network, [CONTROL], params, PERIODS, divestitures=[_sell(share, start)])
    assert (_cumulative_output(sold) <= _cumulative_output(without) + 1e-9).all()


def test_an_unknown_business_is_an_input_error() -> None:
    network = small_network()
    sale = Divestiture(name="sale", vendor="a", business="consumer", buyer="N", start=date(2020, 1, 1))
    with pytest.raises(InputError, match="consumer"):
        simulate_supply(network, [], PARAMS, PERIODS, divestitures=[sale])


def _without_honor(scenario: Scenario) -> Scenario:
    kept = [measure for measure in scenario.measures if measure.type != "divestiture"]
    return scenario.model_copy(update={"measures": kept})


@cache
def case(share: float | None, honor: bool = True) -> SupplyResult:
    scenario = load_scenario("us-huawei-2019-2020")
    if not honor:
        scenario = _without_honor(scenario)
    values = None if share is None else {"supply.divestiture_share": share}
    return scenario_supply(load_world(), scenario, values=values)


def test_the_library_case_with_a_zero_share_is_the_case_without_honor() -> None:
    xr.testing.assert_identical(case(0.0).data, case(None, honor=False).data)


def test_huaweis_consumer_revenue_is_net_of_honor() -> None:
    world = load_world()
    revenue = target_business_revenue(world.network, case(None))["with"].sel(vendor="huawei")
    before = target_business_revenue(world.network, case(None, honor=False))["with"].sel(vendor="huawei")
    consumer = revenue.sel(business="consumer")
    # before the sale (17 Nov 2020) nothing changes; from 2021 Huawei keeps 0.78 of the business
    assert float(consumer.sel(year=2019)) == float(before.sel(business="consumer", year=2019))
    assert (consumer <= before.sel(business="consumer") + 1e-6).all()
    assert float(consumer.sel(year=2022)) < float(before.sel(business="consumer", year=2022))
    xr.testing.assert_allclose(revenue.sel(business="carrier"), before.sel(business="carrier"))


def test_honor_buys_from_us_firms_and_qualcomm_replaces_hisilicon() -> None:
    table = divested_purchases(case(None))
    assert table is not None
    to_buyer = table["to_buyer"].sel(vendor="huawei")
    assert float(to_buyer.sel(year=2019).sum()) == 0.0
    assert float(to_buyer.sel(country="USA", year=2022)) > 0.0
    d = case(None).data.sel(vendor="huawei")
    lines = d["supplier_class"] == "handset_processor"
    bought = (
        d["divested_sales"].where(lines, 0.0).groupby(d["firm"]).sum(...).sel(firm=["HiSilicon", "Qualcomm"])
    )
    assert float(bought.sel(firm="HiSilicon")) == 0.0
    assert float(bought.sel(firm="Qualcomm")) > 0.0
    assert divested_purchases(case(None, honor=False)) is None


def test_the_ramp_is_the_mean_of_a_linear_ramp_over_each_period() -> None:
    # sale on 1 Jan 2020, full volume 12 months (365.25 days) later; 2020 has 366 days: the ramp's mean over
    # it is (366 - 365.25 / 2) / 366; none before the sale; 1 in 2021; no ramp: the part after the sale
    starts = np.array(["2019-01-01", "2020-01-01", "2021-01-01"], dtype="datetime64[D]")
    ends = np.array(["2020-01-01", "2021-01-01", "2022-01-01"], dtype="datetime64[D]")
    mean = ramped(date(2020, 1, 1), 12.0, starts, ends)
    assert mean == pytest.approx([0.0, (366 - 365.25 / 2) / 366, 1.0], rel=1e-12)
    # a sale within a period: half of 2020 after 2 Jul (183 of 366 days); a 3-month ramp from it:
    # (183 - 365.25 / 8) / 366 of the year
    late = ramped(date(2020, 7, 2), 3.0, starts, ends)
    assert late == pytest.approx([0.0, (183 - 365.25 / 8) / 366, 1.0], rel=1e-12)
    assert ramped(date(2020, 7, 2), 0.0, starts, ends) == pytest.approx([0.0, 183 / 366, 1.0], rel=1e-12)


@settings(max_examples=20, deadline=None)
@given(share=st.floats(0.0, 1.0), month=st.integers(0, 47), months=st.floats(0.0, 24.0))
def test_property_the_buyers_ramp_touches_only_its_purchases(share: float, month: int, months: float) -> None:
    """The buyer's purchases with a ramp are the ones without it times the ramp's reach (one sale: the
    ramp's mean over the period against the part after the sale), never more; the vendor's own path is
    the same to the bit."""
    network = small_network(t_affiliate="a")
    start = PERIODS[month].start_time.date()
    at_once = simulate_supply(network, [CONTROL], PARAMS, PERIODS, divestitures=[_sell(share, start)])
    params = PARAMS.model_copy(update={"divestiture_ramp_months": months})
    ramp = simulate_supply(network, [CONTROL], params, PERIODS, divestitures=[_sell(share, start)])
    for name in ("bill_output", "sales", "inventory_drawn", "substitute_sales", "divested_share"):
        xr.testing.assert_identical(ramp.data[name], at_once.data[name])
    starts = PERIODS.start_time.to_numpy().astype("datetime64[D]")
    ends = (PERIODS + 1).start_time.to_numpy().astype("datetime64[D]")
    reach, after = ramped(start, months, starts, ends), ramped(start, 0.0, starts, ends)
    # K = 1 - share * cov on the carrier bill: the buyer buys share * reach where it bought share * cov
    factor = np.divide(reach, after, out=np.zeros_like(reach), where=after > 0)
    expected = at_once.data["divested_sales"] * xr.DataArray(factor, dims="time")
    xr.testing.assert_allclose(ramp.data["divested_sales"], expected, rtol=1e-9, atol=1e-12)
    assert (ramp.data["divested_sales"] <= at_once.data["divested_sales"] + 1e-12).all()


def test_honors_purchases_ramp_up_over_six_months() -> None:
    """In the library case Honor (sold 17 Nov 2020) reaches full volume six months after the sale
    (supply.divestiture_ramp_months): its purchases from US firms are those at full volume times the
    ramp's reach, full from mid-May 2021."""
    d = case(None).data.sel(vendor="huawei")
    at_once = scenario_supply(
        load_world(), load_scenario("us-huawei-2019-2020"), values={"supply.divestiture_ramp_months": 0.0}
    ).data.sel(vendor="huawei")
    starts = d["time"].values.astype("datetime64[D]")
    ends = np.r_[starts[1:], np.datetime64("2036-01-01")]
    reach = ramped(date(2020, 11, 17), 6.0, starts, ends)
    after = ramped(date(2020, 11, 17), 0.0, starts, ends)
    us = (d["country"] == "USA").values
    full, ramp = (x["divested_sales"].isel(supplier=us).sum("supplier").values for x in (at_once, d))
    factor = np.divide(reach, after, out=np.zeros_like(reach), where=after > 0)
    np.testing.assert_allclose(ramp, full * factor)
    in_2021 = (d["year"] == 2021).values
    # 2021: the ramp from 0.25 (1 Jan, 1.5 of 6 months) to 1 (17 May): 1 - (0.75 x 4.5 / 2) / 12 of the year
    assert ramp[in_2021].sum() / full[in_2021].sum() == pytest.approx(1 - 0.75 * 4.5 / 2 / 12, abs=0.01)
    assert (ramp[(d["year"] >= 2022).values] == full[(d["year"] >= 2022).values]).all()
