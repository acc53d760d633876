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

from gotogether.engines.contract import in_order, run_engine
from gotogether.engines.diffusion import DiffusionParameters
from gotogether.engines.rollout import entry as rollout_engine
from gotogether.engines.rollout.result import RolloutResult, adoption_inputs
from gotogether.engines.supply import entry as supply_engine
from gotogether.engines.supply.result import SupplyResult
from gotogether.engines.trade import TradeEquilibrium, TradeShock
from gotogether.engines.trade import entry as trade_engine
from gotogether.engines.trade.arrays import ShockArrays
from gotogether.engines.trade.shock import PRODUCTIVITY_FLOOR, expand_shock
from gotogether.engines.value import entry as value_engine
from gotogether.engines.value.calibration import ValueCalibration
from gotogether.engines.value.coupling import (
    economy_scale,
    productivity_ratio,
    sector_weights,
    spread_by_sector,
)
from gotogether.pipeline.capital import Accumulation, CapitalStock, capital_accumulation
from gotogether.pipeline.controls import ControlEffects, control_effects, foundry_sales
from gotogether.pipeline.diffusion import Knowledge, diffusion_parameters
from gotogether.pipeline.disruption import DisruptionOutcome, run_disruption
from gotogether.pipeline.parameters import configure, reference_key
from gotogether.pipeline.scale import Experience, ScaleParameters, scale_parameters
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

CAPEX_TWICE = (
    "capital accumulation (diffusion.dynamic = 1): the extra 5G capex displaces other investment "
    "(capital.crowding_out), so the welfare change of each year includes the capital it costs; who pays' "
    "capex channel counts the spending itself as well, so who pays counts that part twice in a dynamic run"
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
    return RolloutResult(run_engine(rollout_engine.run, inputs, world.rollout, None))


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
    the industries' sector weights (country, sector, industry), the gross output scaled to each year
    (country, year, sector; NaN where there is none) and the reference's 5G value by sector (same)."""

    sources: tuple[object, ...]  # the objects it is made of, kept alive so that their ids stay theirs
    industries: list[str]
    weights: np.ndarray
    output: np.ndarray
    reference_value: np.ndarray


_COUPLINGS: dict[tuple[int, ...], _Coupling] = {}
"""``_coupling`` by the ids of its sources: a draw's scenarios share one; the last few are kept."""
_KEPT_COUPLINGS = 8


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
    key = tuple(id(source) for source in sources)
    if key in _COUPLINGS:
        return _COUPLINGS[key]
    order = {"country": list(world.trade.countries), "sector": list(world.trade.sectors)}
    mapping = world.industries.sector_mapping
    industries = [str(name) for name in mapping["industry"].values]
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
    coupling = _Coupling(
        sources,
        industries,
        weights,
        output,
        spread_by_sector(_by_industry(reference.gdp, order, industries), weights),
    )
    while len(_COUPLINGS) >= _KEPT_COUPLINGS:
        del _COUPLINGS[next(iter(_COUPLINGS))]
    _COUPLINGS[key] = coupling
    return coupling


def _by_industry(value: xr.DataArray, order: Mapping[str, list[str]], industries: list[str]) -> np.ndarray:
    """5G's value (country, industry, year) as an array of the trade countries, ``industries`` and
    ``TRADE_YEARS``."""
    return in_order(value, {"country": order["country"], "industry": industries, "year": _TRADE_YEAR_LABELS})


def _trade_productivity(world: World, gdp: xr.DataArray, reference: Reference) -> np.ndarray:
    """TFP changes (country, sector, year of ``TRADE_YEARS``) in the trade baseline's order from the
    scenario's 5G value against the reference's (``engines.value.coupling``), prepared once per scenario
    for the yearly loops; the reference's part once per reference."""
    coupling = _coupling(world, reference)
    order = {"country": list(world.trade.countries)}
    value = spread_by_sector(_by_industry(gdp, order, coupling.industries), coupling.weights)
    ratio = productivity_ratio(value, coupling.reference_value, coupling.output)
    return np.ascontiguousarray(ratio.transpose(0, 2, 1))


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
    """Solve the trade engine in each of ``years`` (warm-started from the year before), with the
    export controls' trade costs and cost shock (``controls``) and the disruption's productivity changes
    multiplied into the scenario's shock. Returns the welfare change by year and, with a disruption, the
    welfare change with the disruption off (solved again in the years it hits), so that who pays can tell
    its losses apart from the other measures'. With ``diffusion``, the trade shares of each year's
    equilibrium set the TFP from diffusion of the next (``pipeline.diffusion``). With ``scale``, cumulative
    output in SEMI and TELEQ sets their TFP from scale the same way (``pipeline.scale``); with ``capital``,
    each year's real income and extra 5G capex set the next year's capital (``pipeline.capital``). Third
    returned: the paths of those that are on, ``diffusion`` and ``scale`` (TFP: country, sector, year) and
    ``capital_stock`` (country, year); ``None`` for static solves. Years after ``TRADE_YEARS`` keep the
    measures, 5G's productivity and the disruption of its last year: a static solve of such a year is the
    last one's, reused. ``disruption_apart=False`` skips the solves with the disruption off (the second
    result is then ``None``). ``productivity``: ``_trade_productivity`` of ``gdp`` and ``reference`` if
    already made."""
    countries, sectors = world.trade.countries, world.trade.sectors
    if productivity is None:
        productivity = _trade_productivity(world, gdp, reference)

    # labelled only to name a bad cell: the loop runs on the plain arrays of the trade engine
    labels = xr.DataArray(
        np.ones(productivity.shape[:2]),
        dims=("country", "sector"),
        coords={"country": countries, "sector": sectors},
    )
    expanded: dict[tuple[int, ...], tuple[TradeShock, ShockArrays]] = {}

    def measures_of(shock: TradeShock) -> ShockArrays:
        """The tariffs, trade costs and deficits of ``shock`` expanded once (the measures' arrays are the
        same objects in the years they do not change; kept here with the shock, so ids stay theirs)."""
        key = (id(shock.tariff), id(shock.trade_cost), id(shock.deficit))
        if key not in expanded:
            parts = TradeShock(tariff=shock.tariff, trade_cost=shock.trade_cost, deficit=shock.deficit)
            expanded[key] = (parts, expand_shock(world.trade, parts))
        return expanded[key][1]

    def solve_year(shock: TradeShock, column: int, warm_start: TradeEquilibrium | None) -> TradeEquilibrium:
        year_productivity = productivity[:, :, column]
        if shock.productivity is not None:
            year_productivity = year_productivity * in_order(shock.productivity, labels.indexes)
        if not (np.isfinite(year_productivity).all() and year_productivity.min() >= PRODUCTIVITY_FLOOR):
            expand_shock(world.trade, replace(shock, productivity=labels.copy(data=year_productivity)))
        arrays = replace(measures_of(shock), productivity=year_productivity)
        return trade_engine.equilibrium(arrays, world.trade_options, world.trade, warm_start)

    previous: TradeEquilibrium | None = None
    knowledge = None if diffusion is None else Knowledge(diffusion, world.trade)
    experience = None if scale is None else Experience.start(scale, world.trade)
    stock = None if capital is None else CapitalStock.start(capital)
    from_diffusion, from_scale, capital_path = [], [], []
    welfare = np.empty((len(countries), len(years)))
    apart = np.empty_like(welfare)
    solved_year: int | None = None
    for position, year in enumerate(years):
        model_year = min(year, TRADE_YEARS[-1])
        static_year = knowledge is None and experience is None and stock is None
        if static_year and model_year == solved_year:  # the same shock as the year before
            welfare[:, position], apart[:, position] = welfare[:, position - 1], apart[:, position - 1]
            continue
        solved_year = model_year
        column = TRADE_YEARS.index(model_year)
        shock = inputs.trade_shock(model_year)
        if controls is not None:
            shock = controls.apply(shock, model_year)
        if knowledge is not None:
            shock = knowledge.apply(shock)
            from_diffusion.append(knowledge.productivity_or_one())
        if experience is not None:
            shock = experience.apply(shock)
            from_scale.append(labels if experience.productivity is None else experience.productivity)
        if stock is not None:
            shock = stock.apply(shock)
            capital_path.append(stock.relative_capital())
        undisrupted = shock
        if disruption is not None:
            shock = disruption.apply(shock, model_year)
        previous = solve_year(shock, column, previous)
        welfare[:, position] = previous.arrays["welfare_change"][1]
        hit = disruption_apart and disruption is not None and disruption.hits(model_year)
        apart[:, position] = (
            solve_year(undisrupted, column, previous).arrays["welfare_change"][1]
            if hit
            else welfare[:, position]
        )
        if knowledge is not None:
            knowledge = knowledge.following(previous)
        if experience is not None:
            experience = experience.following(previous)
        if stock is not None:
            stock = stock.following(welfare[:, position], year)
    coords = {"country": countries, "year": list(years)}
    without = (
        None
        if disruption is None or not disruption_apart
        else xr.DataArray(apart, dims=("country", "year"), coords=coords)
    )
    dim = xr.DataArray(list(years), dims="year", coords={"year": list(years)})
    tracked = {"diffusion": from_diffusion, "scale": from_scale, "capital_stock": capital_path}
    paths = {name: xr.concat(path, dim=dim) for name, path in tracked.items() if path}
    dynamics = xr.Dataset(paths) if paths else None
    return xr.DataArray(welfare, dims=("country", "year"), coords=coords), without, dynamics


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
    supply_inputs = supply_engine.SupplyInputs(
        inputs.supply_controls, inputs.supply_disruptions, caps=inputs.supply_caps
    )
    data = run_engine(supply_engine.run, supply_inputs, world.supply_parameters, world.network)
    return SupplyResult(data, world.supply_parameters)


def listed_foundry_sales(outcome: ScenarioOutcome) -> xr.Dataset | None:
    """Each listed foundry's sales to the targets it makes substitutes for, by year, with the measures,
    without its listing (the supply engine run again without the caps) and without any measure
    (``pipeline.controls.foundry_sales``); None when the scenario lists no foundry."""
    inputs = translate(outcome.scenario, outcome.world.model)
    if not any(cap.foundry for cap in inputs.supply_caps):
        return None
    unlisted = _supply(outcome.world, replace(inputs, supply_caps=[]))
    return foundry_sales(inputs.supply_caps, outcome.supply, unlisted)


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
    supply_by_year = supply.yearly() if inputs.reaches("supply") else None
    rollout_inputs = rollout_engine.RolloutInputs(
        inputs.bans, inputs.learning_split, supply_by_year, supply.params.spare_capacity
    )
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
        inputs.notes.append(CAPEX_TWICE)
    productivity = _trade_productivity(world, gdp, reference)
    welfare, without_disruption, dynamics = _welfare_by_year(
        world,
        inputs,
        gdp,
        reference,
        controls,
        disruption,
        productivity=productivity,
        diffusion=diffusion,
        scale=scale,
        capital=capital,
    )
    dynamic = xr.Dataset() if dynamics is None else dynamics
    return ScenarioOutcome(
        scenario,
        world,
        reference,
        supply,
        rollout,
        adoption,
        gdp,
        sales,
        welfare,
        inputs.notes,
        disruption,
        without_disruption,
        controls,
        dynamic.get("diffusion"),
        productivity,
        dynamic.get("scale"),
        dynamic.get("capital_stock"),
    )


def welfare_paths(
    outcome: ScenarioOutcome, years: Sequence[int] = HORIZON
) -> tuple[xr.DataArray, xr.DataArray, xr.DataArray]:
    """The welfare change W_hat (country, year) of ``outcome``'s scenario over ``years``, solved static and
    with diffusion whatever ``diffusion.dynamic`` says, and the TFP from diffusion (country, sector, year)."""
    world = outcome.world
    inputs = translate(outcome.scenario, world.model)
    common = (world, inputs, outcome.gdp, outcome.reference, outcome.controls, outcome.disruption)
    if outcome.diffusion_productivity is None and set(years) >= set(TRADE_YEARS):
        # The run itself was static: its years are the static path's, and later years repeat its last.
        last = TRADE_YEARS[-1]
        model_years = [min(year, last) for year in years]
        static = outcome.welfare.sel(year=model_years).assign_coords(year=list(years))
    else:
        static, _, _ = _welfare_by_year(
            *common, productivity=outcome.trade_productivity, years=years, disruption_apart=False
        )
    diffusion = DiffusionParameters(world.parameters["diffusion.beta"], world.parameters["diffusion.alpha"])
    dynamic, _, paths = _welfare_by_year(
        *common,
        productivity=outcome.trade_productivity,
        diffusion=diffusion,
        years=years,
        disruption_apart=False,
    )
    if paths is None:  # pragma: no cover - with diffusion the loop always tracks it
        raise RuntimeError("the dynamic welfare path has no TFP from diffusion")
    return static, dynamic, paths["diffusion"]


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
    world = outcome.world
    inputs = translate(outcome.scenario, world.model)
    diffusion = DiffusionParameters(world.parameters["diffusion.beta"], world.parameters["diffusion.alpha"])
    common = (world, inputs, outcome.gdp, outcome.reference, outcome.controls, outcome.disruption)
    welfare, _, _ = _welfare_by_year(
        *common,
        productivity=outcome.trade_productivity,
        diffusion=diffusion,
        scale=scale,
        capital=capital,
        years=years,
        disruption_apart=False,
    )
    return welfare
