"""One scenario through every engine: supply, rollout, adoption, value, and the trade engine.

Order (model-notes section 3): export controls go to the supply engine; its feasible output and unit costs
by vendor and year, the scenario's bans and learning pools go to the rollout; rollout coverage and prices
(relative to the reference run, the coordinated world) drive adoption; adoption times the calibrated uplift
gives 5G's GDP contribution by country, industry and year. For each year the difference in contribution
from the reference becomes TFP changes (Hulten) that enter the trade engine with the scenario's tariffs,
barriers and productivity shocks, so welfare includes what travels through trade and input-output links.
Export controls also enter the trade engine directly, once the supply engine has run (``pipeline.controls``):
trade-cost equivalents on the controlled flows and a cost shock on the target vendor's sector.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from gotogether.engines.rollout.engine import simulate_rollout
from gotogether.engines.rollout.result import RolloutResult, adoption_inputs
from gotogether.engines.supply.engine import make_periods, simulate_supply
from gotogether.engines.supply.result import SupplyResult
from gotogether.engines.trade import TradeEquilibrium, solve
from gotogether.engines.value.adoption import adoption_share
from gotogether.engines.value.calibration import ValueCalibration, calibrate
from gotogether.engines.value.coupling import economy_scale, productivity_change, value_by_sector
from gotogether.engines.value.value import gdp_contribution, sales_enabled
from gotogether.pipeline.controls import ControlEffects, control_effects
from gotogether.pipeline.disruption import DisruptionOutcome, run_disruption
from gotogether.pipeline.parameters import configure, reference_key
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario
from gotogether.scenarios.inputs import EngineInputs
from gotogether.scenarios.translate import translate

TRADE_YEARS = tuple(range(2020, 2036))
"""Years in which the trade engine is solved (annual equilibria)."""


@dataclass(frozen=True)
class Reference:
    """The coordinated world every scenario is measured against."""

    rollout: RolloutResult
    adoption: xr.DataArray  # (country, industry, year), share of activity
    calibration: ValueCalibration
    gdp: xr.DataArray  # (country, industry, year), billions of US dollars


@dataclass(frozen=True)
class ScenarioOutcome:
    """Every engine's result for one scenario (money in billions of US dollars unless stated), with the
    world it ran on (its parameters set) and the reference it is measured against."""

    scenario: Scenario
    world: World
    reference: Reference
    supply: SupplyResult
    rollout: RolloutResult
    adoption: xr.DataArray  # (country, industry, year), share of activity
    gdp: xr.DataArray  # (country, industry, year): 5G's GDP contribution
    sales: xr.DataArray  # (country, industry, year): sales enabled
    welfare: xr.DataArray  # (country, year): exact welfare change against the reference, W_hat
    notes: list[str]
    disruption: DisruptionOutcome | None = None  # the disruption engine's months and trade coupling


def reference_run(world: World) -> Reference:
    """The coordinated baseline: rollout without measures, adoption at baseline prices, value calibrated."""
    rollout = simulate_rollout(params=world.rollout)
    coverage = rollout.data["coverage"]
    adoption = adoption_share(
        coverage, xr.ones_like(coverage), world.industries, price_elasticity=world.price_elasticity
    )
    calibration = calibrate(
        adoption,
        world.industry_value_added,
        world.industry_gross_output,
        world.industries,
        world.value_targets,
    )
    calibration = replace(calibration, uplift=calibration.uplift * world.uplift_scale)
    gdp = gdp_contribution(adoption, world.industry_value_added, calibration.uplift, calibration.readiness)
    return Reference(rollout=rollout, adoption=adoption, calibration=calibration, gdp=gdp)


def _productivity(world: World, gdp: xr.DataArray, reference: Reference) -> xr.DataArray:
    """TFP changes (country, sector, year) from the scenario's 5G value against the reference's."""
    years = xr.DataArray(list(TRADE_YEARS), dims="year", coords={"year": list(TRADE_YEARS)})
    scale = economy_scale(  # by country: GDP grown from 2019 at its own rate (issue 12)
        world.sector_value_added.sum("sector"), world.gdp_2019, world.growth.sel(year=years)
    )
    scenario_value, reference_value = (
        value_by_sector(value.sel(year=years), world.sector_value_added, world.industries)
        for value in (gdp, reference.gdp)
    )
    return productivity_change(scenario_value, reference_value, world.sector_gross_output, scale)


def _welfare_by_year(
    world: World,
    inputs: EngineInputs,
    gdp: xr.DataArray,
    reference: Reference,
    controls: ControlEffects | None = None,
    disruption: DisruptionOutcome | None = None,
) -> xr.DataArray:
    """Solve the trade engine in each of ``TRADE_YEARS`` (warm-started from the year before), with the
    export controls' trade costs and cost shock (``controls``) multiplied into the scenario's shock."""
    options = world.trade_options
    countries, sectors = world.trade.countries, world.trade.sectors
    productivity = (
        _productivity(world, gdp, reference)
        .sel(country=countries, sector=sectors)
        .transpose("country", "sector", "year")
        .values
    )
    previous: TradeEquilibrium | None = None
    welfare = np.empty((len(countries), len(TRADE_YEARS)))
    for column, year in enumerate(TRADE_YEARS):
        shock = inputs.trade_shock(year)
        if controls is not None:
            shock = controls.apply(shock, year)
        if disruption is not None:
            shock = disruption.apply(shock, year)
        year_productivity = productivity[:, :, column]
        if shock.productivity is not None:
            year_productivity = (
                year_productivity * shock.productivity.sel(country=countries, sector=sectors).values
            )
        labelled = xr.DataArray(
            year_productivity, dims=("country", "sector"), coords={"country": countries, "sector": sectors}
        )
        previous = solve(world.trade, replace(shock, productivity=labelled), warm_start=previous, **options)
        welfare[:, column] = previous.arrays["welfare_change"][1]
    return xr.DataArray(
        welfare, dims=("country", "year"), coords={"country": countries, "year": list(TRADE_YEARS)}
    )


def scenario_world(base: World, scenario: Scenario, values: Mapping[str, float] | None = None) -> World:
    """``base`` (every parameter at its default) with ``values`` (an ensemble draw) and the scenario's own
    parameters over them; ``base`` itself when neither sets anything."""
    settings = {**(values or {}), **scenario.parameters}
    return configure(base, settings, source=f"{scenario.name}: parameters") if settings else base


def scenario_supply(
    base: World, scenario: Scenario, *, values: Mapping[str, float] | None = None
) -> SupplyResult:
    """The supply engine's result for the scenario's export controls and disruptions, on ``base`` with
    ``values`` and the scenario's own parameters set (as ``run_scenario`` runs it)."""
    world = scenario_world(base, scenario, values)
    return _supply(world, translate(scenario, world.model))


def _supply(world: World, inputs: EngineInputs) -> SupplyResult:
    return simulate_supply(
        world.network,
        inputs.supply_controls,
        world.supply_parameters,
        make_periods(),
        disruptions=inputs.supply_disruptions,
    )


References = dict[tuple[tuple[str, float], ...], Reference]
"""Reference runs already made, by the parameter values that change them (``reference_key``)."""


def reference_for(world: World, references: References | None = None) -> Reference:
    """The coordinated reference of ``world``, from ``references`` when one with the same parameters was
    made (and kept there)."""
    key = reference_key(world.parameters)
    if references is None:
        return reference_run(world)
    if key not in references:
        references[key] = reference_run(world)
    return references[key]


def run_scenario(
    base: World,
    scenario: Scenario,
    *,
    values: Mapping[str, float] | None = None,
    references: References | None = None,
    supply: SupplyResult | None = None,
) -> ScenarioOutcome:
    """Run ``scenario`` through every engine on ``base`` (every parameter at its default) with ``values``
    (an ensemble draw) and the scenario's own parameters set, measured against the coordinated world under
    the same parameters (kept in ``references`` for the next scenario). ``supply`` reuses a result of
    ``scenario_supply`` for the same world and scenario."""
    world = scenario_world(base, scenario, values)
    reference = reference_for(world, references)
    inputs = translate(scenario, world.model)
    supply = supply or _supply(world, inputs)
    rollout = simulate_rollout(
        inputs.bans,
        split=inputs.learning_split,
        supply=supply.yearly() if inputs.reaches("supply") else None,
        params=world.rollout,
    )
    coverage, price_ratio = adoption_inputs(rollout, reference.rollout)
    adoption = adoption_share(
        coverage, price_ratio, world.industries, price_elasticity=world.price_elasticity
    )
    calibration = reference.calibration
    gdp = gdp_contribution(adoption, world.industry_value_added, calibration.uplift, calibration.readiness)
    sales = sales_enabled(adoption, world.industry_gross_output, calibration.sales_multiplier)
    controls = control_effects(world, inputs.supply_controls, supply, TRADE_YEARS, inputs.notes)
    disruption = run_disruption(world, inputs, TRADE_YEARS)
    welfare = _welfare_by_year(world, inputs, gdp, reference, controls, disruption)
    return ScenarioOutcome(
        scenario, world, reference, supply, rollout, adoption, gdp, sales, welfare, inputs.notes, disruption
    )
