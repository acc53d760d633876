"""A licence that opens a new supplier line: Qualcomm's 4G chips for Huawei's handsets (November 2020)."""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.supply import SupplyResult, simulate_supply
from gotogether.errors import InputError
from gotogether.pipeline.controls import control_effects
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.model import Scenario
from gotogether.scenarios.translate import translate

ENTRY = "supply.licensed_entry.handset-processor"
RAMP = "supply.licensed_entry_ramp_months"


def _without_qualcomm(scenario: Scenario) -> Scenario:
    measures = []
    for measure in scenario.measures:
        licences = getattr(measure, "licences", None)
        if licences is not None:
            kept = [licence for licence in licences if licence.firms != ["Qualcomm"]]
            measure = measure.model_copy(update={"licences": kept})
        measures.append(measure)
    return scenario.model_copy(update={"measures": measures})


@cache
def case(share: float | None, licence: bool = True, ramp: float | None = None) -> SupplyResult:
    scenario = load_scenario("us-huawei-2019-2020")
    if not licence:
        scenario = _without_qualcomm(scenario)
    # the licence alone: without Honor's sale (17 Nov 2020), which takes part of the need it serves
    values = {"supply.divestiture_share": 0.0} | ({} if share is None else {ENTRY: share})
    return scenario_supply(load_world(), scenario, values=values | ({} if ramp is None else {RAMP: ramp}))


def _qualcomm_sales(result: SupplyResult) -> tuple[xr.DataArray, xr.DataArray]:
    """Qualcomm's handset-processor sales to Huawei and the class's need, USD per period."""
    d = result.data.sel(vendor="huawei")
    qualcomm = ((d["firm"] == "Qualcomm") & (d["supplier_class"] == "handset_processor")).values
    assert float(d["baseline_sales"].isel(supplier=qualcomm).sum()) == 0.0
    need = float(d["need"].sel(component_class="handset_processor"))
    years = d["period_years"] * d["class_index"].sel(component_class="handset_processor")
    return d["sales"].isel(supplier=qualcomm).sum("supplier"), need * years


def test_a_zero_share_is_the_case_without_the_licence_exactly() -> None:
    """A licence of no share opens nothing: not its entry, nor its firm's spare for other buyers."""
    xr.testing.assert_identical(case(0.0).data, case(None, licence=False).data)


def test_the_licence_never_lowers_huaweis_consumer_output() -> None:
    """Cumulative output, up to every period: period by period a larger share can build more phones early
    on another class's stock (the handset memory), which then runs out sooner (1.0 against 0.5 in late
    2021, once the processors' stock of 4.3 months binds)."""
    consumer = [
        case(share).data["bill_output"].sel(vendor="huawei", bill="consumer").values
        for share in (0.0, 0.15, 0.3, 0.5, 1.0)
    ]
    years = case(0.0).data["period_years"].values
    for lower, higher in pairwise(consumer):
        assert (np.cumsum(higher * years) >= np.cumsum(lower * years) - 1e-9).all()
    assert (consumer[2] > consumer[0] + 0.1).any()
    # the carrier business does not use handset processors: untouched
    carrier = [case(share).data["bill_output"].sel(vendor="huawei", bill="carrier") for share in (0.0, 0.3)]
    xr.testing.assert_identical(carrier[0], carrier[1])


def test_qualcomm_sells_the_licensed_share_of_the_need() -> None:
    d = case(None, ramp=0.0).data.sel(vendor="huawei")
    sales, need = _qualcomm_sales(case(None, ramp=0.0))
    # without a ramp: nothing before the licence (14 Nov 2020), then 0.3 of the need of the class while
    # the handsets are short of processors (HiSilicon's TSMC-made line is caught from 15 Sep 2020)
    assert float(sales.sel(time=slice("2019-01-01", "2020-10-31")).sum()) == 0.0
    after = slice("2021-01-01", "2035-12-31")
    np.testing.assert_allclose(sales.sel(time=after), (0.3 * need).sel(time=after), rtol=1e-9)
    # the consumer business from 2030: the licensed 0.3 beside the substitutes (0.2 x 0.8 at the class
    # ceiling, the advanced 0.8 held at SMIC's 0.097)
    consumer = d["bill_output"].sel(bill="consumer")
    assert float(consumer.sel(time="2035-12-01")) == pytest.approx(0.3 + 0.2 * 0.8 + 0.097, abs=1e-6)


def test_the_licensed_line_ramps_up_by_hand() -> None:
    """A 6-month ramp from the licence (14 Nov 2020, 182.625 days): each month's sales are 0.3 of the need
    times the month's mean of the ramp (days since the licence over 182.625, capped at 1)."""
    sales, need = _qualcomm_sales(case(None, ramp=6.0))
    length = 6.0 * 365.25 / 12.0
    january = (48.0 + 79.0) / 2.0 / length  # 1 Jan 2021 is 48 days after 14 Nov 2020, 1 Feb 79
    may = ((length**2 - 168.0**2) / 2.0 / length + (199.0 - length)) / 31.0  # full on 14 May 2021
    for month, reached in (("2021-01-01", january), ("2021-05-01", may), ("2021-06-01", 1.0)):
        expected = 0.3 * reached * float(need.sel(time=month))
        assert float(sales.sel(time=month)) == pytest.approx(expected, rel=1e-9)
    assert january == pytest.approx(0.3477, abs=1e-4)
    later = slice("2021-06-01", "2035-12-31")
    np.testing.assert_allclose(sales.sel(time=later), (0.3 * need).sel(time=later), rtol=1e-9)
    # the ramp only delays the line: never more than at once
    at_once, _ = _qualcomm_sales(case(None, ramp=0.0))
    assert (sales <= at_once * (1.0 + 1e-12)).all()


def test_no_ramp_without_a_licence_and_a_zero_share_stays_the_case_without_it() -> None:
    """The ramp moves only the licensed line: without the licence, or at a share of 0, it changes nothing."""
    without = case(None, licence=False, ramp=0.0).data
    xr.testing.assert_identical(without, case(None, licence=False, ramp=12.0).data)
    xr.testing.assert_identical(case(0.0, ramp=12.0).data, case(None, licence=False).data)


def test_an_unknown_class_is_an_input_error() -> None:
    params = supply_parameters({}).model_copy(update={"licensed_entry": {"handset_procesor": 0.3}})
    world = load_world()
    scenario = load_scenario("us-huawei-2019-2020")
    inputs = translate(scenario, world.model)
    with pytest.raises(InputError, match="handset_processor"):
        simulate_supply(world.network, inputs.supply_controls, params)


def test_the_run_notes_the_line_a_licence_opens_and_only_it() -> None:
    world = load_world()

    def notes(scenario: Scenario, supply: SupplyResult) -> list[str]:
        said: list[str] = []
        control_effects(world, translate(scenario, world.model).supply_controls, supply, [2021], said)
        return [note for note in said if "licences open lines" in note]

    scenario = load_scenario("us-huawei-2019-2020")
    (opened,) = notes(scenario, case(None))
    assert "(Qualcomm (handset_processor) to huawei)" in opened  # the US firms licensed in 2019 sold before
    assert notes(_without_qualcomm(scenario), case(None, licence=False)) == []
