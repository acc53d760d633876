"""Validation inside a run reuses the run's own results (``validation.known``): the same rows as alone."""

from __future__ import annotations

from gotogether.pipeline.run import run_scenario, scenario_world
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario
from gotogether.validation import run_cases
from gotogether.validation.known import RunResults, in_use, reusing


def test_a_case_inside_a_run_takes_the_run_s_results_and_gives_the_same_rows() -> None:
    world = load_world()
    scenario = load_scenario("us-huawei-2019-2020")
    outcome = run_scenario(world, scenario)
    alone = run_cases(["huawei-suppliers"])
    run = RunResults([outcome])
    with reusing(run):
        assert in_use() is run
        inside = run_cases(["huawei-suppliers"])
        # the run's supply result, and what is derived from it made once for the case and the tables
        assert in_use().supply(world, load_scenario("us-huawei-2019-2020")) is outcome.supply
        sales = run.foundry_sales(scenario_world(world, scenario), scenario, outcome.supply)
        assert sales is not None
        assert run.foundry_sales(outcome.world, outcome.scenario, outcome.supply) is sales
        revenue = run.business_revenue(outcome.world.network, outcome.supply)
        assert run.business_revenue(outcome.world.network, outcome.supply) is revenue
    assert in_use() is not run
    assert [row.as_json() for row in inside] == [row.as_json() for row in alone]


def test_another_scenario_is_computed_as_without_a_run() -> None:
    world = load_world()
    outcome = run_scenario(world, load_scenario("coordinated"))
    run = RunResults([outcome])
    other = load_scenario("us-huawei-2019-2020")
    assert run.outcome(world, other) is None
    assert run.supply(world, other) is not outcome.supply
