"""What a run already computed, reused by the validation cases it runs (issue 20).

The main job validates the model after running the library (``jobs.main``), and some cases compute what
the run has just computed: ``huawei-suppliers`` runs the supply engine on the library's
``us-huawei-2019-2020``, then the listed foundries' sales and the targets' business revenue of that result,
as the run's tables do. Inside ``reusing(results)``, a case asks ``in_use()`` for them: a result the run
made for the same scenario on the same configured world is taken as it is (the same computation on the same
inputs: the same numbers), anything else is computed as without a run. Derived results (foundry sales,
business revenue) are made once, by whichever of the case and the run's tables asks first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import xarray as xr

from gotogether.engines.supply import SupplyResult
from gotogether.engines.supply.network import ValueNetwork
from gotogether.pipeline.controls import target_business_revenue
from gotogether.pipeline.run import (
    ScenarioOutcome,
    foundry_sales_of,
    listed_foundry_sales,
    scenario_supply,
    scenario_world,
)
from gotogether.pipeline.world import World
from gotogether.scenarios.model import Scenario


class RunResults:
    """A run's outcomes and what is derived from them, each made once."""

    def __init__(self, outcomes: Sequence[ScenarioOutcome] = ()) -> None:
        self.outcomes = list(outcomes)
        self._foundry_sales: dict[int, xr.Dataset | None] = {}
        self._revenue: dict[int, xr.Dataset] = {}

    def outcome(self, base: World, scenario: Scenario) -> ScenarioOutcome | None:
        """The run's outcome of ``scenario`` on ``base`` with the scenario's own parameters, if it has one."""
        for outcome in self.outcomes:
            if outcome.scenario == scenario and outcome.world is scenario_world(base, scenario):
                return outcome
        return None

    def supply(self, base: World, scenario: Scenario) -> SupplyResult:
        """``pipeline.run.scenario_supply(base, scenario)``: the run's own result when it has one."""
        outcome = self.outcome(base, scenario)
        return outcome.supply if outcome is not None else scenario_supply(base, scenario)

    def foundry_sales(self, world: World, scenario: Scenario, supply: SupplyResult) -> xr.Dataset | None:
        """``pipeline.run.foundry_sales_of(world, scenario, supply)``, made once for an outcome of the run
        (its world, an equal scenario and its supply result)."""
        outcome = self._of(supply)
        if outcome is None or outcome.world is not world or outcome.scenario != scenario:
            return foundry_sales_of(world, scenario, supply)
        if id(outcome) not in self._foundry_sales:
            self._foundry_sales[id(outcome)] = listed_foundry_sales(outcome)
        return self._foundry_sales[id(outcome)]

    def business_revenue(self, network: ValueNetwork, supply: SupplyResult) -> xr.Dataset:
        """``pipeline.controls.target_business_revenue(network, supply)``, made once for an outcome of the
        run (its world's network and its supply result)."""
        outcome = self._of(supply)
        if outcome is None or outcome.world.network is not network:
            return target_business_revenue(network, supply)
        if id(outcome) not in self._revenue:
            self._revenue[id(outcome)] = target_business_revenue(network, supply)
        return self._revenue[id(outcome)]

    def _of(self, supply: SupplyResult) -> ScenarioOutcome | None:
        """The outcome of the run whose supply result ``supply`` is."""
        return next((outcome for outcome in self.outcomes if outcome.supply is supply), None)


_IN_USE: ContextVar[RunResults | None] = ContextVar("gotogether_run_results", default=None)


@contextmanager
def reusing(results: RunResults) -> Iterator[None]:
    """Let the validation cases run inside reuse ``results``."""
    token = _IN_USE.set(results)
    try:
        yield
    finally:
        _IN_USE.reset(token)


def in_use() -> RunResults:
    """The run's results the cases may reuse; without a run, none (every result computed)."""
    return _IN_USE.get() or RunResults()
