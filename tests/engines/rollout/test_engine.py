"""The rollout engine on hand-worked small cases, the calibration check and the built-in cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import xarray as xr

from engines.rollout.small_world import PRICE, small_world
from gotogether.data.parameters import resolve
from gotogether.data.valuenet import load_tables
from gotogether.engines.rollout import (
    YEARS,
    Ban,
    adoption_inputs,
    ban_costs,
    calibration_table,
    coverage_delay,
    simulate_rollout,
)
from gotogether.engines.value.adoption import adoption_share
from gotogether.errors import InputError
from gotogether.pipeline.world import default_industries, load_world, rollout_parameters
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

EPSILON = resolve({})["adoption.price_elasticity"]  # the default of the parameter table


def _supply(feasible_y: float = 1.0, cost_y: float = 1.0) -> xr.Dataset:
    coords = {"vendor": ["x", "y"], "year": YEARS}
    ones = np.ones((2, YEARS.size))
    feasible, cost = ones.copy(), ones.copy()
    feasible[1], cost[1] = feasible_y, cost_y
    return xr.Dataset(
        {
            "feasible_output": (("vendor", "year"), feasible),
            "unit_cost_multiplier": (("vendor", "year"), cost),
        },
        coords=coords,
    )


def test_capex_envelope_paces_the_build_by_hand() -> None:
    # AAA can pay 300 sites a year at 100 each: 300, 600, 900, then the last 100
    data = simulate_rollout(params=small_world()).data.sel(country="AAA")
    np.testing.assert_allclose(
        data["sites"].sel(year=[2019, 2020, 2021, 2022]), [300, 600, 900, 1000], rtol=1e-9
    )
    np.testing.assert_allclose(data["capex_new"].sel(year=2019), 300 * PRICE, rtol=1e-9)
    np.testing.assert_allclose(data["sites_new"].sel(year=2019), [180.0, 120.0], rtol=1e-9)
    np.testing.assert_allclose(data["coverage"].sel(year=2019), np.sqrt(0.3), rtol=1e-9)


def test_years_to_coverage_interpolates_between_year_ends() -> None:
    result = simulate_rollout(params=small_world())
    # coverage 0 at 2019.0 and sqrt(0.3) at 2020.0; then sqrt(0.6) at 2021.0 and sqrt(0.9) at 2022.0
    reach = result.years_to_coverage(0.5).sel(country="AAA")
    assert float(reach) == pytest.approx(2019.0 + 0.5 / np.sqrt(0.3), rel=1e-9)
    high = float(result.years_to_coverage(0.9).sel(country="AAA"))
    assert high == pytest.approx(2021.0 + (0.9 - np.sqrt(0.6)) / (np.sqrt(0.9) - np.sqrt(0.6)), rel=1e-9)
    assert np.isnan(float(result.years_to_coverage(1.01).sel(country="AAA")))


def test_rip_and_replace_is_straight_line_to_the_deadline_by_hand() -> None:
    ban = Ban("y out of BBB", ["BBB"], ["y"], start=date(2021, 1, 1), deadline=date(2023, 1, 1))
    params = small_world()
    data = simulate_rollout([ban], params=params).data.sel(country="BBB")
    # BBB built its 1000 sites in 2019, 500 from each vendor; half of y's go in 2021, the rest in 2022
    np.testing.assert_allclose(data["sites_removed"].sel(vendor="y", year=[2021, 2022, 2023]), [250, 250, 0])
    np.testing.assert_allclose(data["sites_replacement"].sel(vendor="x", year=[2021, 2022]), [250, 250])
    np.testing.assert_allclose(data["installed"].sel(year=2022), [1000.0, 0.0], atol=1e-9)
    # with y gone a site costs the inclusive value over x alone: (0.5 x 100^-2)^(-1/2) = 100 sqrt(2)
    index = PRICE * 0.5 ** (-1 / 2)
    np.testing.assert_allclose(data["price_per_site"].sel(year=[2020, 2021]), [PRICE, index], rtol=1e-9)
    np.testing.assert_allclose(data["capex_replacement"].sel(year=2021), 250 * index, rtol=1e-9)
    np.testing.assert_allclose(data["sites"], 1000.0, rtol=1e-9)
    assert float(data["vendor_share"].sel(vendor="x", year=2021)) == 1.0


def test_lost_capacity_shifts_demand_to_the_other_vendor_by_hand() -> None:
    # y can make nothing in 2019; x's capacity is 1.3 x its baseline 680 (180 AAA + 500 BBB) = 884,
    # so 204 spare sites serve the 620 y would have built (120 AAA, 500 BBB) pro rata; the rest waits
    data = simulate_rollout(supply=_supply(feasible_y=0.0), params=small_world()).data.sel(year=2019)
    np.testing.assert_allclose(data["sites"], [180 + 120 * 204 / 620, 500 + 500 * 204 / 620], rtol=1e-9)


def test_supply_cost_multiplier_moves_shares_through_the_logit_by_hand() -> None:
    # y twice as dear: AAA weights 0.6 and 0.4 x 2^-2 = 0.1 (x has the capacity to take the shift)
    params = small_world().with_values(spare_capacity=0.9)
    data = simulate_rollout(supply=_supply(cost_y=2.0), params=params).data
    np.testing.assert_allclose(data["vendor_share"].sel(country="AAA", year=2019), [6 / 7, 1 / 7], rtol=1e-9)
    np.testing.assert_allclose(data["vendor_price"].sel(country="AAA", vendor="y", year=2019), 2 * PRICE)


def test_calibration_against_2019_2020_deployments() -> None:
    params = rollout_parameters()
    deployments = load_tables()["deployments"]
    table = calibration_table(simulate_rollout(params=params), params, deployments).set_index(
        ["country", "date"]
    )
    # the fitted counts within 2%, China's stated 2025 plan within 5%
    for key in [("CHN", "2019-12-31"), ("CHN", "2020-12-31"), ("USA", "2019-12-31"), ("KOR", "2019-04-05")]:
        assert abs(table.loc[key, "relative_error"]) < 0.02, key
    assert table.loc[("CHN", "2019-12-31"), "target"] == 130_000
    assert abs(table.loc[("CHN", "2025-12-31"), "relative_error"]) < 0.05
    # Ericsson: more than one billion people covered at end-2020
    assert 0.0 < table.loc[("WLD", "2020-12-31"), "relative_error"] < 0.25


def test_allied_bans_cost_the_uk_and_sweden_and_never_speed_them() -> None:
    library = translate(load_scenario("allied-bans"), load_world().model)
    params = rollout_parameters()
    baseline, scenario = simulate_rollout(params=params), simulate_rollout(library.bans, params=params)
    gbr = scenario.data.sel(country="GBR")
    # the 35% cap of January 2020 binds on the 2020 purchases (Huawei would win 48% of them); it caps each
    # operator's network, so the UK keeps 26% (EE's and Three's Huawei above 35% go: test_operators)
    assert float(baseline.data["vendor_share"].sel(country="GBR", vendor="huawei", year=2020)) > 0.45
    assert float(gbr["vendor_share"].sel(vendor="huawei", year=2020)) == pytest.approx(0.26)
    # the ban raises the cost of a UK site by the lost bidder: the index over the others' bids
    assert (
        float(
            gbr["price_per_site"].sel(year=2022)
            / baseline.data["price_per_site"].sel(country="GBR", year=2022)
        )
        > 1.3
    )
    # no Huawei in new UK sites from 2021; none installed after 2027
    assert float(gbr["vendor_share"].sel(vendor="huawei", year=2021)) == 0.0
    assert float(gbr["installed"].sel(vendor="huawei", year=2027)) == pytest.approx(0.0, abs=1e-6)
    swe = scenario.data.sel(country="SWE", vendor=["huawei", "zte"])
    assert float(swe["installed"].sel(year=2024).sum()) == pytest.approx(0.0, abs=1e-6)
    extra = (scenario.data["capex_replacement"]).sel(country=["GBR", "SWE"]).sum("year")
    assert bool((extra > 0).all())
    for level in (0.5, 0.8):
        assert bool((coverage_delay(scenario, baseline, level).sel(country=["GBR", "SWE"]) >= 0).all())


def test_coupling_to_adoption() -> None:
    baseline = simulate_rollout(params=rollout_parameters())
    coverage, ratio = adoption_inputs(baseline, baseline)
    np.testing.assert_array_equal(ratio, 1.0)
    adoption = adoption_share(coverage, ratio, default_industries(), price_elasticity=EPSILON)
    assert adoption.dims == ("country", "industry", "year")
    # equipment twice as dear slows the capex-bound rollouts and lowers adoption; in one world learning pool
    # (full spillover: otherwise each world's vendors learn against their own first shipments)
    params = rollout_parameters().with_values(learning_spillover=1.0)
    pooled = simulate_rollout(params=params)
    adoption = adoption_share(
        *adoption_inputs(pooled, pooled), default_industries(), price_elasticity=EPSILON
    )
    dear = simulate_rollout(params=params.with_values(site_cost_2020=2 * params.site_cost_2020))
    coverage_d, ratio_d = adoption_inputs(dear, pooled)
    assert float(ratio_d.min()) >= 2.0 - 1e-9
    assert bool(
        (
            adoption_share(coverage_d, ratio_d, default_industries(), price_elasticity=EPSILON)
            <= adoption + 1e-12
        ).all()
    )


def test_unknown_names_in_a_ban_are_reported() -> None:
    with pytest.raises(InputError, match="did you mean 'huawei'"):
        simulate_rollout([Ban("x", ["GBR"], ["huawai"], start=date(2021, 1, 1))], params=rollout_parameters())
    with pytest.raises(InputError, match="field deadline"):
        simulate_rollout(
            [Ban("x", ["GBR"], ["huawei"], start=date(2021, 1, 1), deadline=date(2020, 1, 1))],
            params=rollout_parameters(),
        )


def test_a_cap_holds_the_capped_vendor_to_its_share_by_hand() -> None:
    # AAA's logit gives y 0.4 of its sites; a 25% cap from 2019 cuts y's access to
    # alpha = 0.25 x 0.6 / (0.75 x 0.4) = 0.5, and a site then costs the inclusive value (0.6 + 0.2)^(-1/2)
    cap = Ban("cap on y", ["AAA"], ["y"], start=date(2019, 1, 1), cap=0.25)
    data = simulate_rollout([cap], params=small_world(envelope_a=1e9)).data.sel(country="AAA", year=2019)
    np.testing.assert_allclose(data["vendor_share"], [0.75, 0.25], rtol=1e-9)
    np.testing.assert_allclose(data["price_per_site"], PRICE * 0.8 ** (-1 / 2), rtol=1e-9)
    # a cap above the vendor's share changes nothing
    loose = Ban("loose cap", ["AAA"], ["y"], start=date(2019, 1, 1), cap=0.5)
    baseline = simulate_rollout(params=small_world()).data
    xr.testing.assert_allclose(simulate_rollout([loose], params=small_world()).data, baseline)


def test_swap_out_replaces_4g_radio_and_pays_the_visit_by_hand() -> None:
    # a 4G grid of 1,000 sites per country (AAA 600 x / 400 y, BBB 500 / 500), 2 radio units a 4G site,
    # a visit's work half a site's cost; y out of BBB straight-line over 2021-2022: 250 visits a year, each
    # swapping y's 4G radio (2 units) and the 5G radio it anchors at the index over x alone
    params = small_world().with_values(lte_site_ratio=1.0, swap_units_per_site=2.0, swap_work_share=0.5)
    ban = Ban("y out of BBB", ["BBB"], ["y"], start=date(2021, 1, 1), deadline=date(2023, 1, 1))
    data = simulate_rollout([ban], params=params).data.sel(country="BBB")
    index = PRICE * 0.5 ** (-1 / 2)
    np.testing.assert_allclose(data["lte_removed"].sel(vendor="y", year=[2021, 2022]), [250, 250])
    np.testing.assert_allclose(data["swap_visits"].sel(year=[2021, 2022, 2023]), [250, 250, 0])
    per_visit = index * (1 + 2) + 0.5 * PRICE
    np.testing.assert_allclose(data["capex_replacement"].sel(year=2021), 250 * per_visit, rtol=1e-9)
    np.testing.assert_allclose(data["lte_installed"].sel(year=2022), [1000.0, 0.0], atol=1e-9)
    # x sells the swapped radio (not the work)
    np.testing.assert_allclose(
        data["vendor_revenue"].sel(vendor="x", year=2021), 250 * index * (1 + 2), rtol=1e-9
    )
    # in mid-2021 y's 4G radio (mean vintage 2016.0) has 2.5 of its 8 years of book value left; its 5G
    # radio, bought in 2019 (vintage 2019.5), 6 of 8
    book = 250 * PRICE * (2 * 2.5 / 8 + 6 / 8)
    np.testing.assert_allclose(data["writeoff"].sel(year=2021), book, rtol=1e-9)


def test_a_core_only_ban_swaps_the_core_and_leaves_the_radio() -> None:
    params = small_world().with_values(lte_site_ratio=1.0, core_share=0.1, swap_work_share=0.5)
    ban = Ban(
        "y core", ["BBB"], ["y"], start=date(2021, 1, 1), deadline=date(2022, 1, 1), equipment=("core",)
    )
    data = simulate_rollout([ban], params=params).data.sel(country="BBB")
    assert float(data["sites_removed"].sum()) == 0.0
    assert float(data["swap_visits"].sum()) == 0.0  # the core is swapped centrally: no site visits
    # y served its 500 4G sites and its 500 5G sites of 2019; all go in 2021, bought from x at the core index
    np.testing.assert_allclose(data["core_removed"].sel(vendor="y", year=2021), 1000.0)
    core_index = PRICE * 0.5 ** (-1 / 2)
    np.testing.assert_allclose(data["capex_replacement"].sel(year=2021), 1000 * 0.1 * core_index, rtol=1e-9)
    # a new site costs 90% radio at the full index and 10% core at the index over x alone
    np.testing.assert_allclose(
        data["price_per_site"].sel(year=2021), 0.9 * PRICE + 0.1 * core_index, rtol=1e-9
    )


def test_crews_shared_with_the_swap_delay_new_build_by_hand() -> None:
    # AAA wants its 1,000 sites on a logistic path (speed 1, midpoint 2021) with money to spare: 268.9 new
    # sites in 2019, 231.1 in 2020; its crews (no slack, no upgrades) make at most 268.9 visits a year. y's
    # 2019 sites (40%) must go in 2020, so the swap takes 107.6 visits and new build gets only the rest
    base = small_world(envelope_a=1e9).with_values(crew_slack=0.0, spare_capacity=10.0)
    country = base.country.assign(
        speed=("country", np.array([1.0, 60.0])), midpoint_year=("country", np.array([2021.0, 2018.0]))
    )
    params = replace(base, country=country)
    ban = Ban("y out of AAA", ["AAA"], ["y"], start=date(2020, 1, 1), deadline=date(2021, 1, 1))
    baseline = simulate_rollout(params=params)
    scenario = simulate_rollout([ban], params=params)
    first = 1000 / (1 + np.exp(1.0))
    data = scenario.data.sel(country="AAA", year=2020)
    assert float(data["swap_visits"]) == pytest.approx(0.4 * first, rel=1e-9)
    assert float(data["sites_new"].sum()) == pytest.approx(0.6 * first, rel=1e-9)
    assert float(baseline.data["sites_new"].sel(country="AAA", year=2020).sum()) > 0.6 * first + 50
    # 50% coverage (a quarter of the sites) was reached in 2019, before the ban; 80% comes later
    delay = ban_costs(scenario, baseline)["coverage_delay_months"].sel(country="AAA")
    assert float(delay.sel(level=0.5)) == 0.0
    assert float(delay.sel(level=0.8)) > 1.0
    # with crews that never bind the same ban costs money, not time
    free = simulate_rollout([ban], params=params.with_values(crew_slack=1e6))
    assert bool((ban_costs(free, baseline)["coverage_delay_months"].sel(country="AAA") == 0).all())
