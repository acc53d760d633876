"""Diffusion in the yearly trade loop: static when off, the balanced growth path without measures, and the
welfare properties of barriers (issue 16), with capital accumulation too."""

from __future__ import annotations

from functools import cache

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.diffusion import DiffusionParameters
from gotogether.engines.trade import TradeBaseline, TradeShock, solve
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.pipeline import run_scenario
from gotogether.pipeline.capital import Accumulation
from gotogether.pipeline.run import References
from gotogether.pipeline.trade_paths import trade_path
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario, parse_scenario

YEARS = 12
RATE = 0.035
OPTIONS = {"tolerance": 1e-12, "step_tolerance": 1e-10, "max_iterations": 2000}
DIFFUSION = DiffusionParameters(beta=0.25, alpha=0.04)


@cache
def synthetic() -> TradeBaseline:
    return random_baseline(4, 3, seed=7)


def world_pv(baseline: TradeBaseline, welfare: xr.DataArray) -> float:
    """PV of world welfare: sum over years and countries of (W_hat - 1) wL, discounted at RATE."""
    income = baseline["value_added"]
    discount = (1.0 + RATE) ** -welfare["year"]
    return float((((welfare - 1.0) * income).sum("country") * discount).sum())


def barrier(baseline: TradeBaseline, importer: int, exporter: int, sector: int, size: float) -> TradeShock:
    countries, sectors = baseline.countries, baseline.sectors
    cost = xr.DataArray(
        [[[1.0 + size]]],
        dims=("importer", "exporter", "sector"),
        coords={
            "importer": [countries[importer]],
            "exporter": [countries[exporter]],
            "sector": [sectors[sector]],
        },
    )
    return TradeShock(trade_cost=cost)


def test_off_is_the_static_solve_of_each_year_exactly() -> None:
    baseline = synthetic()
    shock = barrier(baseline, 0, 1, 0, 0.5)
    welfare, productivity = trade_path(baseline, [shock] * 3, OPTIONS, None)
    # a static path's years wait on no earlier year: each is solved from no change, stacked with the others
    # (one matrix product for all of them where a lone solve makes a matrix-vector one: rounding apart)
    equilibrium = solve(baseline, shock, **OPTIONS)
    for year in range(3):
        np.testing.assert_allclose(
            welfare.isel(year=year).values, equilibrium["welfare_change"].values, rtol=0, atol=1e-14
        )
    assert (productivity == 1.0).all()


def test_without_measures_the_dynamic_path_is_the_baseline() -> None:
    # The synthetic baseline is an equilibrium to the solver's tolerance, so no shock is W_hat = 1 to 1e-10
    # in both, and diffusion adds nothing beyond that noise.
    static, _ = trade_path(synthetic(), [TradeShock()] * YEARS, OPTIONS, None)
    welfare, productivity = trade_path(synthetic(), [TradeShock()] * YEARS, OPTIONS, DIFFUSION)
    np.testing.assert_allclose(welfare.values, static.values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(welfare.values, 1.0, rtol=0, atol=1e-9)
    np.testing.assert_allclose(productivity.values, 1.0, rtol=0, atol=1e-10)


BARRIERS = {
    "importer": st.integers(0, 3),
    "partner": st.integers(1, 3),
    "sector": st.integers(0, 2),
    "size": st.floats(0.05, 3.0),
}
"""A barrier on the imports of ``importer`` from the country ``partner`` places after it. Barriers are on
international trade: one on a country's purchases at home would push it to buy from more sources, which
raises its ideas (the model rewards diversification), so diffusion softens that loss."""


@settings(max_examples=25, deadline=None)
@given(**BARRIERS)
def test_a_barrier_never_raises_the_pv_of_world_welfare(
    importer: int, partner: int, sector: int, size: float
) -> None:
    baseline = synthetic()
    shocks = [barrier(baseline, importer, (importer + partner) % 4, sector, size)] * YEARS
    welfare, _ = trade_path(baseline, shocks, OPTIONS, DIFFUSION)
    assert world_pv(baseline, welfare) <= 1e-9


@settings(max_examples=25, deadline=None)
@given(**BARRIERS)
def test_diffusion_never_lowers_the_gains_from_removing_a_barrier(
    importer: int, partner: int, sector: int, size: float
) -> None:
    # The gains from removing the barrier are minus the PV of world welfare with it (0 without it).
    baseline = synthetic()
    shocks = [barrier(baseline, importer, (importer + partner) % 4, sector, size)] * YEARS
    static, _ = trade_path(baseline, shocks, OPTIONS, None)
    dynamic, _ = trade_path(baseline, shocks, OPTIONS, DIFFUSION)
    assert -world_pv(baseline, dynamic) >= -world_pv(baseline, static) - 1e-9


def test_the_switch_off_is_todays_run_exactly(world: World, references: References) -> None:
    scenario = load_scenario("tariff-war")
    today = run_scenario(world, scenario, references=references)
    off = run_scenario(world, scenario, values={"diffusion.dynamic": 0}, references=references)
    np.testing.assert_array_equal(off.welfare.values, today.welfare.values)
    assert off.diffusion_productivity is None


def test_coordinated_is_the_dynamic_baseline_exactly(world: World, references: References) -> None:
    outcome = run_scenario(
        world, load_scenario("coordinated"), values={"diffusion.dynamic": 1}, references=references
    )
    np.testing.assert_allclose(outcome.welfare.values, 1.0, rtol=0, atol=1e-12)
    assert outcome.diffusion_productivity is not None
    np.testing.assert_allclose(outcome.diffusion_productivity.values, 1.0, rtol=0, atol=1e-12)


def test_decoupling_costs_more_with_diffusion_and_most_where_ideas_came_from_the_other_bloc(
    world: World, references: References
) -> None:
    scenario = load_scenario("tech-decoupling")
    static = run_scenario(world, scenario, references=references)
    dynamic = run_scenario(world, scenario, values={"diffusion.dynamic": 1}, references=references)
    income = world.trade["value_added"]
    loss = {
        name: float(((o.welfare - 1.0) * income).sum())
        for name, o in (("static", static), ("dynamic", dynamic))
    }
    assert loss["dynamic"] < loss["static"] < 0.0
    assert dynamic.diffusion_productivity is not None
    first, last = (dynamic.diffusion_productivity.sel(year=y) for y in (2020, 2035))
    np.testing.assert_array_equal(first.values, 1.0)  # ideas of 2020 first count in 2021
    assert float(last.min()) < float(dynamic.diffusion_productivity.sel(year=2025).min()) < 1.0


def test_a_scenario_switches_diffusion_on_in_its_parameters(world: World, references: References) -> None:
    document = b"name: war-with-ideas\ninherits: tariff-war\nparameters:\n  diffusion.dynamic: 1\n"
    scenario = parse_scenario(document, "test scenario")
    outcome = run_scenario(world, scenario, references=references)
    dynamic = run_scenario(
        world, load_scenario("tariff-war"), values={"diffusion.dynamic": 1}, references=references
    )
    assert outcome.diffusion_productivity is not None
    np.testing.assert_array_equal(outcome.welfare.values, dynamic.welfare.values)


def _synthetic_path(shock: TradeShock, capital: Accumulation | None) -> xr.DataArray:
    """W_hat (country, year) of ``shock`` every year on the synthetic world, with ``capital`` if given."""
    welfare, _ = trade_path(synthetic(), [shock] * YEARS, OPTIONS, None, capital)
    return welfare


def _synthetic_capital(alpha: float) -> Accumulation:
    baseline = synthetic()
    shape = (len(baseline.countries), YEARS + 1)
    return Accumulation(
        baseline,
        tuple(range(-1, YEARS)),
        np.full(shape, 0.08),
        np.zeros(shape),
        np.full(len(baseline.countries), alpha),
    )


@settings(max_examples=25, deadline=None)
@given(**BARRIERS, alpha=st.floats(0.2, 0.6))
def test_with_capital_a_barrier_never_raises_the_pv_of_world_welfare_and_costs_more(
    importer: int, partner: int, sector: int, size: float, alpha: float
) -> None:
    baseline = synthetic()
    shock = barrier(baseline, importer, (importer + partner) % 4, sector, size)
    static = world_pv(baseline, _synthetic_path(shock, None))
    accumulating = world_pv(baseline, _synthetic_path(shock, _synthetic_capital(alpha)))
    assert accumulating <= 1e-9
    assert accumulating <= static + 1e-9
