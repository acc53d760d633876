"""Welfare over time to 2040, static and dynamic side by side: accounting identities and the headline
ordering on the library's fragmentation scenarios."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from gotogether.pipeline import run_scenario
from gotogether.pipeline.accounting import equivalent_variation
from gotogether.pipeline.run import HORIZON, TRADE_YEARS, References, ScenarioOutcome, _welfare_by_year
from gotogether.pipeline.welfare_over_time import (
    WORLD,
    discount_rates,
    gdp_path,
    present_values,
    welfare_over_time,
)
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate


@pytest.fixture(scope="module")
def tariff_war(world: World, references: References) -> ScenarioOutcome:
    return run_scenario(world, load_scenario("tariff-war"), references=references)


@pytest.fixture(scope="module")
def paths(tariff_war: ScenarioOutcome) -> xr.Dataset:
    return welfare_over_time(tariff_war)


def test_the_static_path_is_the_runs_welfare_to_2035(tariff_war: ScenarioOutcome, paths: xr.Dataset) -> None:
    assert list(paths["year"].values) == list(HORIZON)
    np.testing.assert_array_equal(
        paths["welfare_static"].sel(year=list(TRADE_YEARS)).values, tariff_war.welfare.values
    )
    # after 2035 the measures of 2035 hold: the static welfare stays where it was
    np.testing.assert_allclose(
        paths["welfare_static"].sel(year=2040).values, tariff_war.welfare.sel(year=2035).values, atol=1e-9
    )


def test_a_static_solve_to_2040_repeats_the_runs_welfare_and_then_its_last_year(
    tariff_war: ScenarioOutcome,
) -> None:
    """The static path the tables reuse from the run is the one a static solve over the horizon gives."""
    outcome = tariff_war
    inputs = translate(outcome.scenario, outcome.world.model)
    static, _, productivity = _welfare_by_year(
        outcome.world, inputs, outcome.gdp, outcome.reference, outcome.controls, years=HORIZON
    )
    assert productivity is None
    np.testing.assert_array_equal(static.sel(year=list(TRADE_YEARS)).values, outcome.welfare.values)
    np.testing.assert_array_equal(static.sel(year=2040).values, static.sel(year=2035).values)


def test_the_channels_add_up(paths: xr.Dataset) -> None:
    channels = paths["trade"] + paths["diffusion"] + paths["scale"] + paths["investment"]
    np.testing.assert_allclose(channels.values, paths["ev_dynamic"].values)
    expected = equivalent_variation(paths["welfare_dynamic"], paths["gdp"])
    np.testing.assert_allclose(paths["ev_dynamic"].values, expected.values)


def test_gdp_grows_on_after_2035(tariff_war: ScenarioOutcome) -> None:
    gdp = gdp_path(tariff_war)
    world = tariff_war.world
    sourced = (world.gdp_2019 * world.growth).sel(country=gdp["country"], year=list(TRADE_YEARS))
    np.testing.assert_allclose(
        gdp.sel(year=list(TRADE_YEARS)).values, sourced.transpose("country", "year").values
    )
    rate_2035 = gdp.sel(year=2036) / gdp.sel(year=2035)
    np.testing.assert_allclose((gdp.sel(year=2040) / gdp.sel(year=2039)).values, rate_2035.values)


def test_present_values_and_their_range(tariff_war: ScenarioOutcome, paths: xr.Dataset) -> None:
    rates = discount_rates(tariff_war)
    assert rates == {"central": 0.035, "low": pytest.approx(0.02), "high": pytest.approx(0.07)}
    table = present_values(paths, rates)
    regions = table.drop(index=WORLD)
    assert table.loc[WORLD, "ev_dynamic_pv"] == pytest.approx(regions["ev_dynamic_pv"].sum())
    channels = ("trade_pv", "diffusion_pv", "scale_pv", "investment_pv")
    assert sum(table.loc[WORLD, name] for name in channels) == pytest.approx(
        table.loc[WORLD, "ev_dynamic_pv"]
    )
    # a loss is larger at a lower discount rate; diffusion makes the tariff war cost the world more
    world = table.loc[WORLD]
    assert world["ev_static_pv_low_rate"] < world["ev_static_pv"] < world["ev_static_pv_high_rate"] < 0
    assert world["ev_dynamic_pv"] < world["ev_static_pv"]
    # the lost income lowers savings and capital: the investment channel deepens the loss, most in the
    # two countries at war
    assert world["investment_pv"] < 0
    investment = regions["investment_pv"]
    assert set(investment.nsmallest(2).index) == {"CHN", "USA"}


def test_the_coordinated_world_has_no_welfare_change(world: World, references: References) -> None:
    paths = welfare_over_time(run_scenario(world, load_scenario("coordinated"), references=references))
    for name in ("ev_static", "ev_dynamic", "diffusion", "scale", "investment"):
        assert float(abs(paths[name]).max()) < 1e-9
