"""The scenario library as an ensemble draw: uncertain parameters in, who pays per scenario out.

Each draw sets the sampled parameters of the parameter table (status ``sampled``, and any a scenario
declares ``uncertain``) through ``pipeline.parameters.configure``, the same function that applies a
scenario's own parameters, then reruns the coordinated reference and the scenarios. Parameters no engine
reads yet (status ``planned``) are not sampled; ``unmapped_parameters`` lists them for the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np
import pandas as pd

from gotogether.data.parameters import planned, sampled
from gotogether.data.parameters.distributions import Distribution
from gotogether.engines.supply.result import SupplyResult
from gotogether.errors import InputError
from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.run import References, scenario_supply
from gotogether.pipeline.who_pays import who_pays
from gotogether.scenarios import Scenario, parse_scenario
from gotogether.scenarios.yamlfile import json_as_yaml


def library_parameters(scenarios: Sequence[Scenario] = ()) -> dict[str, Distribution]:
    """The distributions the library draw samples: the parameter table's, overridden by the scenarios' own
    ``uncertain`` entries (two scenarios giving one parameter different distributions is an error)."""
    parameters = sampled()
    declared: dict[str, tuple[str, Distribution]] = {}
    for scenario in scenarios:
        for name, distribution in scenario.uncertain.items():
            if name in declared and declared[name][1] != distribution:
                raise InputError(
                    f"{declared[name][0]} and {scenario.name} give {name} different distributions",
                    location=f"uncertain.{name}",
                    expected="one distribution per parameter across the scenarios of a run",
                )
            declared[name] = (scenario.name, distribution)
            parameters[name] = distribution
    return parameters


def unmapped_parameters() -> list[str]:
    """Parameters of the table with no engine input yet (not sampled by the library draw)."""
    return planned()


def scenario_documents(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    """The resolved scenarios as JSON documents: what the draws carry to workers, local or remote."""
    return tuple(json_as_yaml(s.model_dump(mode="json", exclude={"inherits"})) for s in scenarios)


@cache
def _scenarios(documents: tuple[str, ...]) -> tuple[tuple[Scenario, SupplyResult], ...]:
    """The scenarios with their supply results at default supply parameters (once per worker)."""
    base = load_world()
    loaded = [parse_scenario(document.encode(), "ensemble scenario") for document in documents]
    return tuple((scenario, scenario_supply(base, scenario)) for scenario in loaded)


def library_draw(values: Mapping[str, float], documents: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """One draw: ``who_pays`` (index scenario, country; as ``pipeline.who_pays`` without the role) and
    ``world_welfare`` (index scenario, year; income-weighted world welfare change in percent)."""
    base = load_world()
    references: References = {}
    # the supply results of _scenarios hold while the draw leaves the supply engine's parameters alone
    draws_supply = supply_parameters(values) != supply_parameters({})
    paying, by_year = {}, {}
    for scenario, supply in _scenarios(documents):
        outcome = run_scenario(
            base, scenario, values=values, references=references, supply=None if draws_supply else supply
        )
        paying[scenario.name] = who_pays(outcome).drop(columns=["role", "peak_year"])
        income = outcome.world.trade["value_added"]
        weighted = ((outcome.welfare - 1.0) * income).sum("country") / income.sum()
        by_year[scenario.name] = (100.0 * weighted).to_series().rename("welfare_change_pct")
    return {
        "who_pays": pd.concat(paying, names=["scenario", "country"]).replace([np.inf, -np.inf], np.nan),
        "world_welfare": pd.concat(by_year, names=["scenario", "year"]).to_frame(),
    }
