"""One scenario through every engine: supply, rollout, adoption, value, and the trade engine.

Order (model-notes section 3): export controls go to the supply engine; its feasible output and unit costs
by vendor and year, the scenario's bans and learning pools go to the rollout; rollout coverage and prices
(relative to the reference run, the coordinated world) drive adoption; adoption times the calibrated uplift
gives 5G's GDP contribution by country, industry and year. For each year the difference in contribution
from the reference becomes TFP changes (Hulten) that enter the trade engine with the scenario's tariffs,
barriers and productivity shocks, so welfare includes what travels through trade and input-output links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from gotogether.data.default_world import gdp_2019, growth_factors
from gotogether.engines.rollout.engine import simulate_rollout
from gotogether.engines.rollout.result import RolloutResult, adoption_inputs
from gotogether.engines.supply.engine import make_periods, simulate_supply
from gotogether.engines.supply.network import ValueNetwork
from gotogether.engines.supply.result import SupplyResult
from gotogether.engines.trade import TradeEquilibrium, TradeShock, solve
from gotogether.engines.value.adoption import adoption_share
from gotogether.engines.value.calibration import ValueCalibration, calibrate
from gotogether.engines.value.coupling import economy_scale, productivity_change, value_by_sector
from gotogether.engines.value.value import gdp_contribution, sales_enabled
from gotogether.pipeline.world import World
from gotogether.scenarios import ExportControl, Scenario, SupplyDisruption
from gotogether.scenarios.translate import (
    rollout_measures,
    supply_disruptions,
    supply_measures,
    supply_parameters,
    trade_measures_in_force,
    trade_shock,
    trade_solver_options,
)

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
    """Every engine's result for one scenario (money in billions of US dollars unless stated)."""

    scenario: Scenario
    supply: SupplyResult
    rollout: RolloutResult
    adoption: xr.DataArray  # (country, industry, year), share of activity
    gdp: xr.DataArray  # (country, industry, year): 5G's GDP contribution
    sales: xr.DataArray  # (country, industry, year): sales enabled
    welfare: xr.DataArray  # (country, year): exact welfare change against the reference, W_hat
    notes: list[str]


def reference_run(world: World) -> Reference:
    """The coordinated baseline: rollout without measures, adoption at baseline prices, value calibrated."""
    rollout = simulate_rollout(params=world.rollout)
    coverage = rollout.data["coverage"]
    adoption = adoption_share(coverage, xr.ones_like(coverage), world.industries)
    calibration = calibrate(
        adoption, world.industry_value_added, world.industry_gross_output, world.industries
    )
    gdp = gdp_contribution(adoption, world.industry_value_added, calibration.uplift, calibration.readiness)
    return Reference(rollout=rollout, adoption=adoption, calibration=calibration, gdp=gdp)


def _productivity(world: World, gdp: xr.DataArray, reference: Reference) -> xr.DataArray:
    """TFP changes (country, sector, year) from the scenario's 5G value against the reference's."""
    years = xr.DataArray(list(TRADE_YEARS), dims="year", coords={"year": list(TRADE_YEARS)})
    scale = economy_scale(  # by country: GDP grown from 2019 at its own rate (issue 12)
        world.sector_value_added.sum("sector"), gdp_2019() / 1e3, growth_factors().sel(year=years)
    )
    scenario_value, reference_value = (
        value_by_sector(value.sel(year=years), world.sector_value_added, world.industries)
        for value in (gdp, reference.gdp)
    )
    return productivity_change(scenario_value, reference_value, world.sector_gross_output, scale)


def _welfare_by_year(
    world: World, scenario: Scenario, gdp: xr.DataArray, reference: Reference
) -> xr.DataArray:
    """Solve the trade engine in each of ``TRADE_YEARS`` (warm-started from the year before)."""
    options = trade_solver_options(scenario)
    countries, sectors = world.trade.countries, world.trade.sectors
    productivity = (
        _productivity(world, gdp, reference)
        .sel(country=countries, sector=sectors)
        .transpose("country", "sector", "year")
        .values
    )
    shocks: dict[tuple[int, ...], TradeShock] = {}
    previous: TradeEquilibrium | None = None
    welfare = np.empty((len(countries), len(TRADE_YEARS)))
    for column, year in enumerate(TRADE_YEARS):
        in_force = trade_measures_in_force(scenario, year)
        if in_force not in shocks:
            shocks[in_force] = trade_shock(scenario, world.trade, year)
        shock = shocks[in_force]
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


def scenario_supply(network: ValueNetwork, scenario: Scenario) -> SupplyResult:
    """The supply engine's result on ``network`` for the scenario's export controls and disruptions."""
    return simulate_supply(
        network,
        supply_measures(scenario),
        supply_parameters(scenario),
        make_periods(),
        disruptions=supply_disruptions(scenario),
    )


def _shocks_supply(scenario: Scenario) -> bool:
    """Whether the scenario has export controls or supply disruptions (else supply is the baseline)."""
    return any(isinstance(measure, ExportControl | SupplyDisruption) for measure in scenario.measures)


def run_scenario(
    world: World, scenario: Scenario, reference: Reference, *, supply: SupplyResult | None = None
) -> ScenarioOutcome:
    """Run ``scenario`` through every engine, measured against ``reference``; ``supply`` reuses a result
    of ``scenario_supply`` (valid while the world's supply network and the scenario are the same)."""
    supply = supply or scenario_supply(world.network, scenario)
    translated = rollout_measures(scenario, world.rollout.countries, world.vendor_home)
    rollout = simulate_rollout(
        translated.bans,
        split=translated.split,
        supply=supply.yearly() if _shocks_supply(scenario) else None,
        params=world.rollout,
    )
    coverage, price_ratio = adoption_inputs(rollout, reference.rollout)
    adoption = adoption_share(coverage, price_ratio, world.industries)
    calibration = reference.calibration
    gdp = gdp_contribution(adoption, world.industry_value_added, calibration.uplift, calibration.readiness)
    sales = sales_enabled(adoption, world.industry_gross_output, calibration.sales_multiplier)
    welfare = _welfare_by_year(world, scenario, gdp, reference)
    return ScenarioOutcome(scenario, supply, rollout, adoption, gdp, sales, welfare, translated.notes)
