"""One scenario through every engine: supply, rollout, adoption, value, and the trade engine.

Order (model-notes section 3): export controls go to the supply engine; its feasible output and unit costs
by vendor and year, the scenario's bans and learning split go to the rollout; rollout coverage and prices
(relative to the reference run, the coordinated world) drive adoption; adoption times the calibrated uplift
gives 5G's GDP contribution by country, industry and year. For each year the difference in contribution
from the reference becomes TFP changes (Hulten) that enter the trade engine with the scenario's tariffs,
barriers and productivity shocks, so welfare includes what travels through trade and input-output links.
Export controls also enter the trade engine directly, once the supply engine has run (``pipeline.controls``):
trade-cost equivalents on the controlled flows and a cost shock on the target vendor's sector.
Every engine is entered through the engine contract (``engines.contract``): ``run(inputs, parameters,
data)`` returning one labelled Dataset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.dims import COUNTRY, INDUSTRY, SECTOR, YEAR
from gotogether.engines.contract import in_order, run_engine
from gotogether.engines.diffusion import DiffusionParameters
from gotogether.engines.rollout import entry as rollout_engine
from gotogether.engines.rollout.result import RolloutResult, adoption_inputs
from gotogether.engines.supply import entry as supply_engine
from gotogether.engines.supply.result import SupplyResult
from gotogether.engines.trade.arrays import ShockArrays
from gotogether.engines.trade.shock import expand_routes
from gotogether.engines.value import entry as value_engine
from gotogether.engines.value.calibration import ValueCalibration
from gotogether.engines.value.coupling import (
    economy_scale,
    productivity_ratio,
    sector_weights,
    spread_by_sector,
)
from gotogether.pipeline.capital import Accumulation, capital_accumulation
from gotogether.pipeline.controls import ControlEffects, control_effects, foundry_sales
from gotogether.pipeline.diffusion import diffusion_parameters
from gotogether.pipeline.disruption import DisruptionOutcome, run_disruption
from gotogether.pipeline.parameters import configure, reference_key
from gotogether.pipeline.scale import ScaleParameters, scale_parameters
from gotogether.pipeline.trade_paths import Dynamics, Path, PathResult, YearShock, solve_paths
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario
from gotogether.scenarios.inputs import EngineInputs
from gotogether.scenarios.translate import translate

TRADE_YEARS = tuple(range(2020, 2036))
"""Years in which the trade engine is solved (annual equilibria)."""
HORIZON = tuple(range(TRADE_YEARS[0], 2041))
"""Years of the welfare paths, static and dynamic (``welfare_paths``): after ``TRADE_YEARS`` the measures,
5G's productivity and the disruption of the last of them hold."""
_TRADE_YEAR_LABELS = pd.Index(TRADE_YEARS)

CAPEX_DISPLACED = (
    "capital accumulation (diffusion.dynamic = 1): the share capital.crowding_out of the extra 5G capex "
    "displaces other investment, and the welfare change of each year (who pays' trade channel) holds the "
    "capital it costs; who pays' capex channel counts only the rest, paid out of consumption. The capital "
    "lost to capex displaced in the last years costs output after 2035, beyond who pays' years (welfare "
    "over time runs to 2040)"
)


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
    welfare_without_disruption: xr.DataArray | None = None  # (country, year): W_hat with the disruption off
    controls: ControlEffects | None = None  # export controls' trade costs and TFP changes in the trade engine
    diffusion_productivity: xr.DataArray | None = None  # (country, sector, year): TFP from diffusion, if on
    trade_productivity: np.ndarray | None = None  # (country, sector, year of TRADE_YEARS): 5G's TFP changes
    scale_productivity: xr.DataArray | None = None  # (country, sector, year): TFP from scale, if dynamic
    capital_stock: xr.DataArray | None = None  # (country, year): capital against the baseline's, if dynamic


SUPPORT_OUTSIDE_WHO_PAYS = (
    "rollout: the bans' extra support and maintenance of the installed RAN (run table rollout_extra_opex, "
    "rollout.support_share of the kit's value at the dearer prices it was bought at) is reported beside "
    "the extra capex, not in who pays: the equipment channel counts the capex only"
)


def reference_run(world: World) -> Reference:
    """The coordinated baseline: rollout without measures, adoption at baseline prices, value calibrated."""
    rollout = _rollout(world, rollout_engine.RolloutInputs())
    coverage = rollout.data["coverage"]
    value = _value(world, value_engine.ValueInputs(coverage, xr.ones_like(coverage)), calibration=None)
    adoption, gdp, _ = _values(value)
    return Reference(rollout, adoption, value_engine.calibration_of(value), gdp)


def _values(value: xr.Dataset) -> tuple[xr.DataArray, xr.DataArray, xr.DataArray]:
    """Adoption, GDP contribution and sales enabled of a value engine's result, unnamed (the tables made
    of them are named by what they are in the run)."""
    adoption, gdp, sales = (value[name] for name in ("adoption", "gdp_contribution", "sales_enabled"))
    return adoption.rename(None), gdp.rename(None), sales.rename(None)


def _rollout(world: World, inputs: rollout_engine.RolloutInputs) -> RolloutResult:
    """The rollout engine on ``world``; without bans, split or supply tables it is the reference's
    rollout, made once per rollout parameters (the reference and the scenarios that leave the rollout
    alone, such as a tariff war, share it, as they already share the reference's)."""
    if inputs.bans or inputs.split is not None or inputs.supply is not None:
        return RolloutResult(run_engine(rollout_engine.run, inputs, world.rollout, None))
    return _BASELINE_ROLLOUTS.get(
        (world.rollout,), lambda: RolloutResult(run_engine(rollout_engine.run, inputs, world.rollout, None))
    )


_BASELINE_ROLLOUTS: KeptByIdentity[RolloutResult] = KeptByIdentity(8)


def _value(
    world: World, inputs: value_engine.ValueInputs, *, calibration: ValueCalibration | None
) -> xr.Dataset:
    """The value engine on ``world``, at ``calibration`` (``None``: fitted on this run, the reference)."""
    parameters = value_engine.ValueParameters(world.price_elasticity, world.uplift_scale, calibration)
    data = value_engine.ValueData(
        world.industries, world.industry_value_added, world.industry_gross_output, world.value_targets
    )
    return run_engine(value_engine.run, inputs, parameters, data)


@dataclass(frozen=True)
class _Coupling:
    """The scenario-free part of ``_trade_productivity`` as plain arrays in the trade baseline's order:
    the labels 5G's value is read in (``by_industry``: the trade countries, the industries, ``TRADE_YEARS``),
    the industries' sector weights (country, sector, industry), the gross output scaled to each year
    (country, year, sector; NaN where there is none) and the reference's 5G value by sector (same)."""

    by_industry: dict[str, pd.Index]
    weights: np.ndarray
    output: np.ndarray
    reference_value: np.ndarray


_COUPLINGS: KeptByIdentity[_Coupling] = KeptByIdentity(8)
"""``_coupling`` by its sources: a draw's scenarios share one; the last few are kept."""


def _coupling(world: World, reference: Reference) -> _Coupling:
    """The reference's part of ``_trade_productivity``, made once per reference and world data."""
    sources = (
        reference.gdp,
        world.trade,
        world.sector_value_added,
        world.sector_gross_output,
        world.gdp_2019,
        world.growth,
        world.industries,
    )
    return _COUPLINGS.get(sources, lambda: _make_coupling(world, reference))


def _make_coupling(world: World, reference: Reference) -> _Coupling:
    order = {"country": list(world.trade.countries), "sector": list(world.trade.sectors)}
    mapping = world.industries.sector_mapping
    industries = [str(name) for name in mapping["industry"].values]
    # indexes made once: ``in_order`` makes them again from lists in every scenario
    by_industry: dict[str, pd.Index] = {
        COUNTRY: pd.Index(order["country"]),
        INDUSTRY: pd.Index(industries),
        YEAR: _TRADE_YEAR_LABELS,
    }
    weights = sector_weights(
        in_order(world.sector_value_added, order),
        in_order(mapping, {"industry": industries, "sector": order["sector"]}),
    )
    scale = economy_scale(  # by country: GDP grown from 2019 at its own rate (issue 12)
        world.sector_value_added.sum("sector"), world.gdp_2019, world.growth.sel(year=list(TRADE_YEARS))
    )
    gross_output = in_order(world.sector_gross_output, order)[:, None, :]
    scaled = (
        gross_output * in_order(scale, {"country": order["country"], "year": _TRADE_YEAR_LABELS})[:, :, None]
    )
    output = np.where(gross_output > 0, scaled, np.nan)
    reference_value = spread_by_sector(in_order(reference.gdp, by_industry), weights)
    return _Coupling(by_industry, weights, output, reference_value)


def _trade_productivity(world: World, gdp: xr.DataArray, reference: Reference) -> np.ndarray:
    """TFP changes (country, sector, year of ``TRADE_YEARS``) in the trade baseline's order from the
    scenario's 5G value against the reference's (``engines.value.coupling``), prepared once per scenario
    for the yearly loops; the reference's part once per reference."""
    coupling = _coupling(world, reference)
    value = spread_by_sector(in_order(gdp, coupling.by_industry), coupling.weights)
    ratio = productivity_ratio(value, coupling.reference_value, coupling.output)
    return np.ascontiguousarray(ratio.transpose(0, 2, 1))


def _year_shocks(
    world: World,
    inputs: EngineInputs,
    productivity: np.ndarray,
    controls: ControlEffects | None,
    disruption: DisruptionOutcome | None,
    years: Sequence[int],
    disruption_apart: bool,
) -> list[YearShock]:
    """The trade engine's shock of each of ``years`` before the dynamic channels (``trade_paths.YearShock``):
    the measures in force with the export controls' trade costs, 5G's TFP changes (``productivity``) times
    the measures' and the controls', and the disruption's TFP changes apart. Years after ``TRADE_YEARS``
    are its last one's (the same object)."""
    trade = world.trade
    order = {COUNTRY: trade.data.indexes[COUNTRY], SECTOR: trade.data.indexes[SECTOR]}
    expanded: dict[int, ShockArrays] = {}
    by_year: dict[int, YearShock] = {}
    hit: dict[int, np.ndarray] = {}  # the disruption's TFP change (country, sector) in the years it hits
    if disruption is not None:
        labels = disruption.productivity.indexes[YEAR]
        changes = in_order(disruption.productivity, {YEAR: labels, **order})
        hit = {int(year): tfp for year, tfp in zip(labels, changes, strict=True) if (tfp != 1.0).any()}
    for model_year in sorted({min(year, TRADE_YEARS[-1]) for year in years}):
        shock = inputs.trade_arrays(model_year)  # the same object in the years the measures do not change
        if id(shock) not in expanded:
            expanded[id(shock)] = expand_routes(trade, shock.tariff, shock.cost)
        arrays = expanded[id(shock)]
        tfp = productivity[:, :, TRADE_YEARS.index(model_year)] * shock.productivity
        if controls is not None and model_year in controls.years:
            k = controls.years.index(model_year)
            arrays = replace(arrays, trade_cost=arrays.trade_cost * controls.trade_cost[k])
            tfp = tfp * controls.productivity[k]
        change = hit.get(model_year)
        by_year[model_year] = YearShock(
            replace(arrays, productivity=tfp), change, disruption_apart and change is not None
        )
    return [by_year[min(year, TRADE_YEARS[-1])] for year in years]


@dataclass(frozen=True)
class _TradeLoops:
    """A scenario's yearly trade loops (``trade_paths.Path``: one per dynamics) on its world's baseline,
    to be solved with other scenarios' (``_solve_loops``); ``apart``: whether the disruption is solved
    apart."""

    world: World
    paths: list[Path]
    apart: bool


def _loops(
    world: World,
    inputs: EngineInputs,
    productivity: np.ndarray,
    controls: ControlEffects | None,
    disruption: DisruptionOutcome | None,
    dynamics: Sequence[Dynamics],
    years: Sequence[int],
    disruption_apart: bool,
) -> _TradeLoops:
    """The paths of ``_welfare_by_year`` for each of ``dynamics`` (the same shocks)."""
    shocks = _year_shocks(world, inputs, productivity, controls, disruption, years, disruption_apart)
    paths = [Path(shocks, years, each) for each in dynamics]
    return _TradeLoops(world, paths, disruption is not None and disruption_apart)


Solved = tuple[xr.DataArray, xr.DataArray | None, xr.Dataset | None]
"""W_hat (country, year), W_hat with the disruption off (if solved apart) and the dynamic channels' paths."""


def _solve_loops(loops: Sequence[_TradeLoops]) -> list[list[Solved]]:
    """Every path of ``loops``, labelled; those on one trade baseline with the same solver options and
    years solved together (``trade_paths.solve_paths``: each year's equilibria in one stack)."""
    together: dict[tuple[object, ...], list[int]] = {}
    for k, each in enumerate(loops):
        options = tuple(sorted(each.world.trade_options.items()))
        years = tuple(each.paths[0].years)
        together.setdefault((id(each.world.trade), options, years), []).append(k)
    labelled: dict[int, list[Solved]] = {}
    for members in together.values():
        world = loops[members[0]].world
        paths = [path for k in members for path in loops[k].paths]
        results = iter(solve_paths(world.trade, world.trade_options, paths))
        labels = _labels(loops[members[0]])
        for k in members:
            labelled[k] = [_labelled(loops[k], next(results), labels) for _ in loops[k].paths]
    return [labelled[k] for k in range(len(loops))]


Labels = tuple[xr.Coordinates, xr.Coordinates]
"""(country, year) and (year, country, sector) coordinates (``_labels``)."""


def _labels(loops: _TradeLoops) -> Labels:
    """The coordinates of ``_labelled``'s results: (country, year) and (year, country, sector), made once
    for the paths of one baseline and years (xarray makes them again for each array given plain labels)."""
    years = list(loops.paths[0].years)
    countries, sectors = list(loops.world.trade.countries), list(loops.world.trade.sectors)
    return (
        xr.Coordinates({COUNTRY: countries, YEAR: years}),
        xr.Coordinates({YEAR: years, COUNTRY: countries, SECTOR: sectors}),
    )


def _labelled(
    loops: _TradeLoops, result: PathResult, labels: tuple[xr.Coordinates, xr.Coordinates]
) -> Solved:
    """One path's ``PathResult`` labelled with ``labels`` (``_labels``)."""
    coords, tracked_coords = labels
    tracked = {
        "diffusion": ((YEAR, COUNTRY, SECTOR), result.diffusion),
        "scale": ((YEAR, COUNTRY, SECTOR), result.scale),
        "capital_stock": ((YEAR, COUNTRY), result.capital_stock),
    }
    on = {name: (dims, values) for name, (dims, values) in tracked.items() if values is not None}
    without = xr.DataArray(result.apart, dims=(COUNTRY, YEAR), coords=coords) if loops.apart else None
    return (
        xr.DataArray(result.welfare, dims=(COUNTRY, YEAR), coords=coords),
        without,
        xr.Dataset(on, coords=tracked_coords) if on else None,
    )


def _welfare_by_year(
    world: World,
    inputs: EngineInputs,
    gdp: xr.DataArray,
    reference: Reference,
    controls: ControlEffects | None = None,
    disruption: DisruptionOutcome | None = None,
    *,
    productivity: np.ndarray | None = None,
    diffusion: DiffusionParameters | None = None,
    scale: ScaleParameters | None = None,
    capital: Accumulation | None = None,
    years: Sequence[int] = TRADE_YEARS,
    disruption_apart: bool = True,
) -> tuple[xr.DataArray, xr.DataArray | None, xr.Dataset | None]:
    """Solve the trade engine in each of ``years`` (``pipeline.trade_paths``), with the export controls'
    trade costs and cost shock (``controls``) and the disruption's productivity changes multiplied into the
    scenario's shock. Returns the welfare change by year and, with a disruption, the welfare change with
    the disruption off (solved again in the years it hits), so that who pays can tell its losses apart
    from the other measures'. With ``diffusion``, the trade shares of each year's equilibrium set the TFP
    from diffusion of the next (``pipeline.diffusion``). With ``scale``, cumulative output in SEMI and
    TELEQ sets their TFP from scale the same way (``pipeline.scale``); with ``capital``, each year's real
    income and extra 5G capex set the next year's capital (``pipeline.capital``). Third returned: the
    paths of those that are on, ``diffusion`` and ``scale`` (TFP: country, sector, year) and
    ``capital_stock`` (country, year); ``None`` for static solves. Years after ``TRADE_YEARS`` keep the
    measures, 5G's productivity and the disruption of its last year: a static solve of such a year is the
    last one's, reused. ``disruption_apart=False`` skips the solves with the disruption off (the second
    result is then ``None``). ``productivity``: ``_trade_productivity`` of ``gdp`` and ``reference`` if
    already made."""
    if productivity is None:
        productivity = _trade_productivity(world, gdp, reference)
    dynamics = Dynamics(diffusion, scale, capital)
    loops = _loops(world, inputs, productivity, controls, disruption, [dynamics], years, disruption_apart)
    return _solve_loops([loops])[0][0]


_WORLDS: KeptByIdentity[World] = KeptByIdentity(8)
"""The last worlds ``scenario_world`` configured: a draw's scenarios without parameters of their own share
one (and what is made once per world)."""


def scenario_world(base: World, scenario: Scenario, values: Mapping[str, float] | None = None) -> World:
    """``base`` (every parameter at its default) with ``values`` (an ensemble draw) and the scenario's own
    parameters over them; ``base`` itself when neither sets anything. Configured once per base and
    settings."""
    settings = {**(values or {}), **scenario.parameters}
    if not settings:
        return base
    source = f"{scenario.name}: parameters"
    return _WORLDS.get(
        (base,), lambda: configure(base, settings, source=source), extra=tuple(sorted(settings.items()))
    )


def scenario_supply(
    base: World, scenario: Scenario, *, values: Mapping[str, float] | None = None
) -> SupplyResult:
    """The supply engine's result for the scenario's export controls and disruptions, on ``base`` with
    ``values`` and the scenario's own parameters set (as ``run_scenario`` runs it)."""
    world = scenario_world(base, scenario, values)
    return _supply(world, translate(scenario, world.model))


def _supply(world: World, inputs: EngineInputs) -> SupplyResult:
    supply_inputs = supply_engine.SupplyInputs(
        inputs.supply_controls,
        inputs.supply_disruptions,
        caps=inputs.supply_caps,
        divestitures=inputs.supply_divestitures,
    )
    data = run_engine(supply_engine.run, supply_inputs, world.supply_parameters, world.network)
    return SupplyResult(data, world.supply_parameters)


def listed_foundry_sales(outcome: ScenarioOutcome) -> xr.Dataset | None:
    """Each listed foundry's sales to the targets it makes substitutes for, by year (``foundry_sales_of``
    the outcome's world, scenario and supply result)."""
    return foundry_sales_of(outcome.world, outcome.scenario, outcome.supply)


def foundry_sales_of(world: World, scenario: Scenario, supply: SupplyResult) -> xr.Dataset | None:
    """Each listed foundry's sales to the targets it makes substitutes for, by year, with the measures
    (``supply``, the scenario's result on ``world``), without its listing (the supply engine run again
    without the caps) and without any measure (``pipeline.controls.foundry_sales``); None when the
    scenario lists no foundry."""
    inputs = translate(scenario, world.model)
    if not any(cap.foundry for cap in inputs.supply_caps):
        return None
    unlisted = _supply(world, replace(inputs, supply_caps=[]))
    return foundry_sales(inputs.supply_caps, supply, unlisted)


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
    return run_scenarios(base, [scenario], values=values, references=references, supplies=[supply])[0]


def run_scenarios(
    base: World,
    scenarios: Sequence[Scenario],
    *,
    values: Mapping[str, float] | None = None,
    references: References | None = None,
    supplies: Sequence[SupplyResult | None] | None = None,
) -> list[ScenarioOutcome]:
    """``run_scenario`` of each of ``scenarios`` (``supplies``: each one's ``supply``), the trade engine's
    yearly loops of all of them solved together (``_solve_loops``: each year's equilibria of the scenarios
    on one trade baseline in one stack), which gives each outcome as alone up to rounding."""
    pending = [
        _until_trade(base, scenario, values, references, supply)
        for scenario, supply in zip(scenarios, supplies or [None] * len(scenarios), strict=True)
    ]
    solved = _solve_loops([each.loops for each in pending])
    return [each.outcome(*paths[0]) for each, paths in zip(pending, solved, strict=True)]


@dataclass(frozen=True)
class _UntilTrade:
    """A scenario run up to the trade engine, with its yearly trade loops to solve."""

    scenario: Scenario
    world: World
    reference: Reference
    supply: SupplyResult
    rollout: RolloutResult
    adoption: xr.DataArray
    gdp: xr.DataArray
    sales: xr.DataArray
    notes: list[str]
    disruption: DisruptionOutcome | None
    controls: ControlEffects | None
    productivity: np.ndarray
    loops: _TradeLoops

    def outcome(
        self, welfare: xr.DataArray, without_disruption: xr.DataArray | None, dynamics: xr.Dataset | None
    ) -> ScenarioOutcome:
        """The scenario's outcome with its trade loops' results."""
        dynamic = xr.Dataset() if dynamics is None else dynamics
        return ScenarioOutcome(
            scenario=self.scenario,
            world=self.world,
            reference=self.reference,
            supply=self.supply,
            rollout=self.rollout,
            adoption=self.adoption,
            gdp=self.gdp,
            sales=self.sales,
            welfare=welfare,
            notes=self.notes,
            disruption=self.disruption,
            welfare_without_disruption=without_disruption,
            controls=self.controls,
            diffusion_productivity=dynamic.get("diffusion"),
            trade_productivity=self.productivity,
            scale_productivity=dynamic.get("scale"),
            capital_stock=dynamic.get("capital_stock"),
        )


def _until_trade(
    base: World,
    scenario: Scenario,
    values: Mapping[str, float] | None,
    references: References | None,
    supply: SupplyResult | None,
) -> _UntilTrade:
    """``run_scenario`` up to the trade engine."""
    world = scenario_world(base, scenario, values)
    reference = reference_for(world, references)
    inputs = translate(scenario, world.model)
    supply = supply or _supply(world, inputs)
    supply_by_year = supply.yearly() if inputs.reaches("supply") else None
    rollout_inputs = rollout_engine.RolloutInputs(inputs.bans, inputs.learning_split, supply_by_year)
    rollout = _rollout(world, rollout_inputs)
    coverage, price_ratio = adoption_inputs(rollout, reference.rollout)
    value = _value(world, value_engine.ValueInputs(coverage, price_ratio), calibration=reference.calibration)
    adoption, gdp, sales = _values(value)
    controls = control_effects(world, inputs.supply_controls, supply, TRADE_YEARS, inputs.notes)
    disruption = run_disruption(world, inputs, TRADE_YEARS)
    diffusion = diffusion_parameters(world.parameters)
    scale = None if diffusion is None else scale_parameters(world.parameters)
    capital = None if diffusion is None else capital_accumulation(world, rollout, reference.rollout, HORIZON)
    if capital is not None:
        inputs.notes.append(CAPEX_DISPLACED)
    if inputs.bans:
        inputs.notes.append(SUPPORT_OUTSIDE_WHO_PAYS)
    productivity = _trade_productivity(world, gdp, reference)
    dynamics = Dynamics(diffusion, scale, capital)
    loops = _loops(world, inputs, productivity, controls, disruption, [dynamics], TRADE_YEARS, True)
    return _UntilTrade(
        scenario,
        world,
        reference,
        supply,
        rollout,
        adoption,
        gdp,
        sales,
        inputs.notes,
        disruption,
        controls,
        productivity,
        loops,
    )


Variant = tuple[ScaleParameters | None, Accumulation | None]
"""The channels of a dynamic welfare path besides diffusion: scale economies and capital (``None``: off)."""


def _outcome_loops(
    outcome: ScenarioOutcome, dynamics: Sequence[Dynamics], years: Sequence[int]
) -> _TradeLoops:
    """The yearly trade loops of ``outcome``'s scenario over ``years`` for each of ``dynamics`` (no
    disruption apart)."""
    world = outcome.world
    productivity = outcome.trade_productivity
    if productivity is None:
        productivity = _trade_productivity(world, outcome.gdp, outcome.reference)
    inputs = translate(outcome.scenario, world.model)
    return _loops(
        world,
        inputs,
        productivity,
        outcome.controls,
        outcome.disruption,
        dynamics,
        years,
        disruption_apart=False,
    )


def _outcome_paths(
    outcome: ScenarioOutcome, dynamics: Sequence[Dynamics], years: Sequence[int]
) -> list[xr.DataArray]:
    """The welfare change W_hat (country, year) of ``outcome``'s scenario over ``years`` for each of
    ``dynamics``, solved together (no disruption apart)."""
    return [welfare for welfare, _, _ in _solve_loops([_outcome_loops(outcome, dynamics, years)])[0]]


def _diffusion_of(world: World) -> DiffusionParameters:
    return DiffusionParameters(world.parameters["diffusion.beta"], world.parameters["diffusion.alpha"])


def welfare_paths(
    outcome: ScenarioOutcome, variants: Sequence[Variant] = ((None, None),), years: Sequence[int] = HORIZON
) -> tuple[xr.DataArray, list[xr.DataArray]]:
    """The welfare change W_hat (country, year) of ``outcome``'s scenario over ``years``, static, and with
    diffusion (whatever ``diffusion.dynamic`` says) and each (scale, capital) of ``variants``
    (``dynamic_welfare_path``), all solved together."""
    return welfare_paths_together([(outcome, variants)], years)[0]


def welfare_paths_together(
    requests: Sequence[tuple[ScenarioOutcome, Sequence[Variant]]], years: Sequence[int] = HORIZON
) -> list[tuple[xr.DataArray, list[xr.DataArray]]]:
    """``welfare_paths`` of each (outcome, variants) of ``requests``, the paths of all of them solved
    together (``_solve_loops``), each as alone up to rounding."""
    statics: list[xr.DataArray | None] = []
    loops = []
    for outcome, variants in requests:
        diffusion = _diffusion_of(outcome.world)
        dynamics = [Dynamics(diffusion, scale, capital) for scale, capital in variants]
        if outcome.diffusion_productivity is None and set(years) >= set(TRADE_YEARS):
            # The run itself was static: its years are the static path's, and later years repeat its last.
            model_years = [min(year, TRADE_YEARS[-1]) for year in years]
            statics.append(outcome.welfare.sel(year=model_years).assign_coords(year=list(years)))
        else:
            statics.append(None)
            dynamics = [Dynamics(), *dynamics]
        loops.append(_outcome_loops(outcome, dynamics, years))
    results = []
    for static, solved in zip(statics, _solve_loops(loops), strict=True):
        paths = [welfare for welfare, _, _ in solved]
        results.append((paths[0], paths[1:]) if static is None else (static, paths))
    return results


def dynamic_welfare_path(
    outcome: ScenarioOutcome,
    years: Sequence[int] = HORIZON,
    *,
    scale: ScaleParameters | None = None,
    capital: Accumulation | None = None,
) -> xr.DataArray:
    """The welfare change W_hat (country, year) of ``outcome``'s scenario over ``years`` with diffusion and,
    with ``scale``, scale economies in SEMI and TELEQ (``pipeline.scale``), with ``capital``, capital
    accumulation (``pipeline.capital``), whatever ``diffusion.dynamic`` says."""
    return _outcome_paths(outcome, [Dynamics(_diffusion_of(outcome.world), scale, capital)], years)[0]
