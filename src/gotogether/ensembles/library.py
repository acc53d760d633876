"""The scenario library as an ensemble draw: uncertain parameters in, who pays per scenario out.

Each draw perturbs the calibrated default world and reruns the coordinated reference and the scenarios:

- ``theta.<CP sector>``: Caliendo-Parro trade elasticities. A default-world sector's theta is multiplied by
  the mean ratio (drawn / point estimate) of the CP sectors behind it, through the WIOD-CP concordance,
  with equal weights over its WIOD industries (an approximation of the output-weighted mapping used to
  build the default world; exact for sectors made of one WIOD industry). Services keep 8.22.
- ``learning_rate.ran_equipment``: the rollout's Wright learning rate.
- ``adoption.years_10_to_90``: adoption speed; every industry's diffusion midpoint is scaled by the draw
  over the registry's default (10 years).
- ``value.uplift_scale``: multiplies the calibrated GDP uplift of every industry.

The registry's other parameters (``substitution.half_life_years``, ``learning_rate.chips``) have no engine
input yet; ``unmapped_parameters`` lists them and they are not sampled.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd

from gotogether.data.default_world import cp2015_concordance
from gotogether.engines.supply.result import SupplyResult
from gotogether.engines.trade import TradeBaseline
from gotogether.engines.trade.elasticities import cp2015_elasticities
from gotogether.engines.value.industries import Industries
from gotogether.engines.value.value import gdp_contribution
from gotogether.ensembles.distributions import Distribution
from gotogether.ensembles.registry import SAMPLED_PREFIXES, load_registry, sampled_parameters
from gotogether.errors import InputError
from gotogether.pipeline import load_world, reference_run, run_scenario
from gotogether.pipeline.run import Reference, scenario_supply
from gotogether.pipeline.who_pays import who_pays
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario, parse_scenario

ADOPTION_SPEED = "adoption.years_10_to_90"


def library_parameters(scenarios: Sequence[Scenario] = ()) -> dict[str, Distribution]:
    """The distributions the library draw samples: the registry's, overridden by the scenarios' own
    ``uncertain`` entries (two scenarios giving one parameter different distributions is an error)."""
    parameters = sampled_parameters()
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
    """Registry parameters with no engine input yet (not sampled by the library draw)."""
    return sorted(name for name in load_registry() if not name.startswith(SAMPLED_PREFIXES))


@cache
def _theta_weights() -> pd.DataFrame:
    """Weights (default-world sector x CP sector), rows summing to one (see the module docstring)."""
    concordance = cp2015_concordance()
    weights = concordance.pivot_table(index="sector", columns="cp_sector", values="weight", aggfunc="sum")
    return weights.fillna(0.0).div(weights.sum(axis=1), axis=0)


def perturbed_world(world: World, values: Mapping[str, float]) -> World:
    """``world`` with the drawn trade elasticities, learning rate and adoption speed."""
    point = cp2015_elasticities()
    ratio = pd.Series(1.0, index=point.index)
    for name, value in values.items():
        if name.startswith("theta."):
            ratio[name.removeprefix("theta.")] = value / point[name.removeprefix("theta.")]
    weights = _theta_weights()
    sector_ratio = weights @ ratio.reindex(weights.columns).fillna(1.0)
    theta = world.trade["theta"] * sector_ratio.reindex(world.trade.sectors).to_numpy()
    table = world.industries.table.copy()
    central = load_registry()[ADOPTION_SPEED].default  # the deterministic run's value
    speed = values.get(ADOPTION_SPEED, central) / central
    table["midpoint_years"] *= speed
    table["midpoint_low"] *= speed
    table["midpoint_high"] *= speed
    rollout = world.rollout
    if "learning_rate.ran_equipment" in values:
        rollout = rollout.with_values(learning_rate=values["learning_rate.ran_equipment"])
    return replace(
        world,
        trade=TradeBaseline.from_dataset(world.trade.data.assign(theta=theta), source="drawn elasticities"),
        industries=Industries(table),
        rollout=rollout,
    )


def scaled_reference(world: World, uplift_scale: float) -> Reference:
    """The coordinated reference of ``world`` with every calibrated uplift times ``uplift_scale``."""
    reference = reference_run(world)
    calibration = replace(reference.calibration, uplift=reference.calibration.uplift * uplift_scale)
    gdp = gdp_contribution(
        reference.adoption, world.industry_value_added, calibration.uplift, calibration.readiness
    )
    return replace(reference, calibration=calibration, gdp=gdp)


def scenario_documents(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    """The resolved scenarios as JSON documents: what the draws carry to workers, local or remote."""
    return tuple(json.dumps(s.model_dump(mode="json", exclude={"inherits"})) for s in scenarios)


@cache
def _scenarios(documents: tuple[str, ...]) -> tuple[tuple[Scenario, SupplyResult], ...]:
    """The scenarios with their supply results, which no sampled parameter changes (once per worker)."""
    world = load_world()
    loaded = [parse_scenario(document.encode(), "ensemble scenario") for document in documents]
    return tuple((scenario, scenario_supply(world.network, scenario)) for scenario in loaded)


def library_draw(values: Mapping[str, float], documents: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """One draw: ``who_pays`` (index scenario, country; as ``pipeline.who_pays`` without the role) and
    ``world_welfare`` (index scenario, year; income-weighted world welfare change in percent)."""
    world = perturbed_world(load_world(), values)
    reference = scaled_reference(world, values.get("value.uplift_scale", 1.0))
    income = world.trade["value_added"]
    paying, by_year = {}, {}
    for scenario, supply in _scenarios(documents):
        outcome = run_scenario(world, scenario, reference, supply=supply)
        paying[scenario.name] = who_pays(world, outcome, reference).drop(columns="role")
        weighted = ((outcome.welfare - 1.0) * income).sum("country") / income.sum()
        by_year[scenario.name] = (100.0 * weighted).to_series().rename("welfare_change_pct")
    return {
        "who_pays": pd.concat(paying, names=["scenario", "country"]).replace([np.inf, -np.inf], np.nan),
        "world_welfare": pd.concat(by_year, names=["scenario", "year"]).to_frame(),
    }
