"""The stacked yearly loops (``pipeline.trade_paths``) against the loop they replace: one labelled solve
a year, each warm-started from the year before, diffusion stepped on the labelled equilibrium (issue 20)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from gotogether.engines.trade import solve
from gotogether.pipeline import run_scenario
from gotogether.pipeline.capital import capital_accumulation
from gotogether.pipeline.diffusion import Knowledge, diffusion_parameters
from gotogether.pipeline.run import (
    HORIZON,
    TRADE_YEARS,
    References,
    ScenarioOutcome,
    run_scenarios,
    welfare_paths,
    welfare_paths_together,
)
from gotogether.pipeline.scale import scale_parameters
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

TOLERANCE = 1e-8
"""W_hat agrees to this, the solver's step tolerance: it stops when no unknown moves by more than 1e-8 (in
logs) in a sweep and the trade balance is within 1e-10 of world value added, so solves from different starts
(the year before, the line through the two years before, no change) land within it of each other."""


@pytest.fixture(scope="module")
def tariff_war(world: World, references: References) -> ScenarioOutcome:
    return run_scenario(world, load_scenario("tariff-war"), references=references)


def _one_solve_a_year(outcome: ScenarioOutcome, diffusion: bool) -> np.ndarray:
    """W_hat (country, year of HORIZON) as the loop before the stacked one made it."""
    world = outcome.world
    assert outcome.controls is None  # tariffs and 5G only
    assert outcome.trade_productivity is not None
    inputs = translate(outcome.scenario, world.model)
    knowledge = Knowledge(diffusion_parameters(world.parameters, dynamic=True), world.trade)  # type: ignore[arg-type]
    previous = None
    welfare = []
    for year in HORIZON:
        model_year = min(year, TRADE_YEARS[-1])
        shock = inputs.trade_shock(model_year)
        assert shock.productivity is not None
        tfp = outcome.trade_productivity[:, :, TRADE_YEARS.index(model_year)] * shock.productivity.values
        if diffusion and knowledge.productivity is not None:
            tfp = tfp * knowledge.productivity
        shocked = replace(shock, productivity=shock.productivity.copy(data=tfp))
        equilibrium = solve(world.trade, shocked, warm_start=previous, **world.trade_options)
        previous = equilibrium.data
        welfare.append(equilibrium["welfare_change"].values)
        if diffusion:
            knowledge = knowledge.following(equilibrium)
    return np.stack(welfare, axis=1)


def test_the_stacked_paths_are_the_one_solve_a_year_loops(tariff_war: ScenarioOutcome) -> None:
    static, (ideas,) = welfare_paths(tariff_war)
    np.testing.assert_allclose(static.values, _one_solve_a_year(tariff_war, False), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(ideas.values, _one_solve_a_year(tariff_war, True), rtol=0, atol=TOLERANCE)
    assert np.abs(ideas.values - static.values).max() > 1e-5  # diffusion moves welfare far beyond that


def test_paths_solved_together_are_each_as_alone(tariff_war: ScenarioOutcome) -> None:
    world = tariff_war.world
    scale = scale_parameters(world.parameters)
    capital = capital_accumulation(world, tariff_war.rollout, tariff_war.reference.rollout, HORIZON)
    variants = [(None, None), (scale, None), (scale, capital)]
    _, together = welfare_paths(tariff_war, variants)
    for variant, path in zip(variants, together, strict=True):
        _, (alone,) = welfare_paths(tariff_war, [variant])
        # alone, a sum over partners is a matrix-vector product; together, one matrix product: rounding
        np.testing.assert_allclose(path.values, alone.values, rtol=0, atol=1e-13)


@pytest.mark.parametrize("dynamic", [0, 1])
def test_scenarios_run_together_are_each_as_alone(world: World, references: References, dynamic: int) -> None:
    # different measures (route kernels), a disruption solved apart, diffusion on and off
    scenarios = [load_scenario(name) for name in ("tariff-war", "tech-decoupling", "taiwan-disruption")]
    values = {"diffusion.dynamic": dynamic}
    together = run_scenarios(world, scenarios, values=values, references=references)
    for scenario, outcome in zip(scenarios, together, strict=True):
        alone = run_scenario(world, scenario, values=values, references=references)
        # one stack of every scenario's equilibria against one of each scenario's: rounding only
        np.testing.assert_allclose(outcome.welfare.values, alone.welfare.values, rtol=0, atol=1e-13)
        if alone.welfare_without_disruption is not None:
            assert outcome.welfare_without_disruption is not None
            np.testing.assert_allclose(
                outcome.welfare_without_disruption.values,
                alone.welfare_without_disruption.values,
                rtol=0,
                atol=1e-13,
            )
        if dynamic:
            assert outcome.diffusion_productivity is not None
            assert alone.diffusion_productivity is not None
            np.testing.assert_allclose(
                outcome.diffusion_productivity.values, alone.diffusion_productivity.values, rtol=1e-12
            )
    assert np.abs(together[0].welfare.values - together[1].welfare.values).max() > 1e-4  # not one answer
    paths_together = welfare_paths_together([(outcome, [(None, None)]) for outcome in together])
    for outcome, (static, (ideas,)) in zip(together, paths_together, strict=True):
        static_alone, (ideas_alone,) = welfare_paths(outcome)
        np.testing.assert_allclose(static.values, static_alone.values, rtol=0, atol=1e-13)
        np.testing.assert_allclose(ideas.values, ideas_alone.values, rtol=0, atol=1e-13)
