"""The rivals' gains beside the trade engine's shift of output (``pipeline.rivals_trade``), and the buyer's
ramp-up of a divested business in the trade coupling (``pipeline.controls``), in the library's Huawei case."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.supply import ExportControl
from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.controls import (
    CONSUMER_SECTOR,
    control_effects,
    handset_rivals_purchases_change,
)
from gotogether.pipeline.rivals_trade import rivals_trade
from gotogether.pipeline.run import TRADE_YEARS, ScenarioOutcome, scenario_supply, scenario_world
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario, load_scenario
from gotogether.scenarios.translate import translate

CASE = "us-huawei-2019-2020"
LATER = list(range(2021, 2036))


@cache
def _outcome(name: str) -> ScenarioOutcome:
    return run_scenario(load_world(), load_scenario(name))


@cache
def _check(name: str) -> tuple[xr.Dataset, xr.Dataset]:
    o = _outcome(name)
    found = rivals_trade(o.world, o.supply, o.rollout, o.reference.rollout, o.controls)
    assert found is not None
    return found


def test_without_export_controls_there_is_nothing_to_check() -> None:
    o = _outcome("tariff-war")
    assert rivals_trade(o.world, o.supply, o.rollout, o.reference.rollout, o.controls) is None


def test_the_trade_engine_already_moves_more_than_the_rivals_take_to_third_countries() -> None:
    # like with like: the rivals' phones assembled outside China (Samsung's in Vietnam, India...; table
    # rival_assembly) are 0.18003 of their sales (test_handset_assembly: 0.81997 made in China); from 2021
    # the trade engine's OELEC output outside China rises 27.2-28.9 times those (4.9-5.2 times all the
    # rivals' sales: the sector-wide cost shock makes every Chinese phone dearer; the lowest in 2021, when
    # Qualcomm's licensed line is on its ramp and the rivals take more phones), its TELEQ output there at
    # least 1.6 times the foreign RAN rivals' sales; so the rivals' output is not shocked on top
    _, check = _check(CASE)
    later = check.sel(year=LATER)
    made = later["handset_rivals_sales_made_home"] + later["handset_rivals_sales_made_elsewhere"]
    np.testing.assert_allclose(made, later["handset_rivals_sales"], rtol=1e-12)
    np.testing.assert_allclose(later["handset_rivals_sales_made_elsewhere"] / made, 1.0 - 0.81997, atol=5e-5)
    assert float(later["oelec_carried"].min()) == pytest.approx(27.2, abs=0.1)
    assert float(later["oelec_carried"].max()) == pytest.approx(28.8, abs=0.1)
    over_all = later["oelec_output_change_elsewhere"] / later["handset_rivals_sales"]
    assert float(over_all.min()) == pytest.approx(4.9, abs=0.1)
    assert float(over_all.max()) == pytest.approx(5.2, abs=0.1)
    teleq = later["teleq_carried"].values
    assert np.nanmin(teleq) > 1.6
    # China's OELEC output falls about five times the handsets Huawei and Honor cannot make, 14 times the
    # phones China loses net of the rivals' phones assembled there (1 - 0.8 x 0.81997 = 0.344 of them)
    lost = later["handset_sales_lost"].values
    assert np.all(-later["oelec_output_change_home"].values / lost == pytest.approx(5.0, abs=0.3))
    np.testing.assert_allclose(
        later["oelec_home_over_net_loss"],
        -later["oelec_output_change_home"] / (lost * (1 - 0.8 * 0.81997)),
        rtol=1e-4,
    )
    assert float(later["oelec_home_over_net_loss"].min()) == pytest.approx(13.8, abs=0.1)
    assert float(check["handset_sales_lost"].sel(year=2022)) == pytest.approx(26.66, abs=0.01)


def test_the_rivals_sales_are_the_diversion_share_of_the_handsets_lost_at_their_bill() -> None:
    o = _outcome(CASE)
    table, check = _check(CASE)
    share = o.supply.params.handset_diversion_share
    np.testing.assert_allclose(check["handset_rivals_sales"], share * check["handset_sales_lost"], rtol=1e-12)
    # the rivals' purchases (their bill, by supplier region) over their sales: Huawei's consumer bill over
    # its consumer revenue, every year (its 2018 bill over its 2018 consumer revenue, the need following the
    # consumer business: USD 37.62bn / USD 49.92bn = 0.7535)
    purchases = table["rivals_handset_purchases"].sum("country")
    ratio = (purchases / check["handset_rivals_sales"]).sel(year=LATER).values
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)
    assert ratio[0] == pytest.approx(0.7535, abs=0.0005)
    # the purchases by region are the run's handset rivals' purchases by country, summed onto regions
    direct = handset_rivals_purchases_change(o.supply, o.world.network)
    at = [direct.years.index(year) for year in TRADE_YEARS]
    np.testing.assert_allclose(purchases.values, direct.change[:, at].sum(axis=0) / 1e9, rtol=1e-9)
    # the rivals' assembly, by where they assemble: supply.handset_assembly_share (0.025) of their parts
    assembly = table["rivals_handset_assembly"]
    np.testing.assert_allclose(assembly.sum("country"), 0.025 * purchases, rtol=1e-9)
    china = (assembly.sel(country="CHN") / assembly.sum("country")).sel(year=LATER)
    np.testing.assert_allclose(china, 0.81997, atol=5e-5)


def test_the_buyers_ramp_up_is_output_lost_in_the_trade_coupling() -> None:
    # Honor: 0.22 of Huawei's consumer business from 2020-11-17, reaching it linearly over 6 months; in 2021
    # it still lacks (0.75 + 0) / 2 of the part over the 4.5 months to mid-May: 0.22 x 0.375 x 4.5 / 12 of
    # the business (0.031); that share of the business's share of China's OELEC output is TFP lost
    world = load_world()
    scenario = load_scenario(CASE)
    effects = {}
    for months in (6.0, 0.0):
        values = {"supply.divestiture_ramp_months": months}
        configured = scenario_world(world, scenario, values)
        supply = scenario_supply(world, scenario, values=values)
        effects[months] = control_effects(
            configured, _controls(configured, scenario), supply, TRADE_YEARS, []
        )
    regions, sectors = list(world.trade.countries), list(world.trade.sectors)
    n, j = regions.index("CHN"), sectors.index(CONSUMER_SECTOR)
    ramped, at_once = (effects[m].productivity[:, n, j] for m in (6.0, 0.0))
    business = world.network.business_revenue[("huawei", "consumer")]
    omega = business / (float(world.sector_gross_output.sel(country="CHN", sector=CONSUMER_SECTOR)) * 1e9)
    k2021 = TRADE_YEARS.index(2021)
    assert at_once[k2021] - ramped[k2021] == pytest.approx(omega * 0.22 * 0.375 * 4.5 / 12, rel=0.02)
    assert ramped[0] < at_once[0]  # 2020: the six weeks after the sale
    np.testing.assert_array_equal(ramped[k2021 + 1 :], at_once[k2021 + 1 :])  # the ramp is over by 2022


def _controls(world: World, scenario: Scenario) -> list[ExportControl]:
    return list(translate(scenario, world.model).supply_controls)
