"""Parameter values into the engines: one function for scenario overrides and ensemble draws alike.

``configure(world, values)`` returns the world with every engine's parameters set from ``values`` (names of
the parameter table, checked by ``gotogether.data.parameters.resolve``):
- ``trade.theta.<CP sector>``: a default-world sector's theta is multiplied by the mean ratio (value / point
  estimate) of the CP sectors behind it, through the WIOD-CP concordance, with equal weights over its WIOD
  industries (an approximation of the output-weighted mapping used to build the default world; exact for
  sectors made of one WIOD industry); ``trade.tolerance``, ``trade.step_tolerance``,
  ``trade.max_iterations``: the solver's options;
- ``supply.*``: ``SupplyParameters`` (``supply.inventory_months.<class>`` override the inventory of one
  component class; ``supply.foundry_listing_scope.<class>`` the part of a class a listed foundry's cap holds;
  ``supply.licensed_entry.<class>`` the part a licensed new supplier may serve);
- ``rollout.*``: the rollout's world-wide scalars; ``rollout.price_sensitivity`` and
  ``rollout.vendor_discount`` are solved from the calibration targets ``rollout.ericsson_margin`` and
  ``rollout.tender_tilt`` at the ``rollout.nest_dissimilarity`` in force (``calibrated_rollout``) unless
  ``values`` sets them;
- ``adoption.years_10_to_90``: every industry's diffusion midpoint is scaled by the value over the default;
  ``adoption.price_elasticity``: the elasticity of the adoption ceiling to the equipment price;
- ``value.uplift_scale``: multiplies the calibrated GDP uplift of every industry (in ``reference_run``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from gotogether.caching import KeptByIdentity
from gotogether.data.default_world import cp2015_concordance
from gotogether.data.elasticities import THETA, cp2015_elasticities
from gotogether.data.parameters import parameter_table, resolve
from gotogether.engines.rollout.calibration import calibrated
from gotogether.engines.rollout.params import WORLD_PARAMETERS, RolloutParameters
from gotogether.engines.supply import SupplyParameters
from gotogether.engines.trade import TradeBaseline
from gotogether.engines.value.industries import Industries
from gotogether.scenarios.measures import supply_codes

if TYPE_CHECKING:
    from gotogether.pipeline.world import World

ADOPTION_SPEED = "adoption.years_10_to_90"
UPLIFT_SCALE = "value.uplift_scale"
CLASS_INVENTORY = "supply.inventory_months."
# per-class supply parameters: name prefix (after ``supply.``) -> SupplyParameters field
CLASS_FIELDS = {
    "inventory_months.": "class_inventory_months",
    "foundry_listing_scope.": "foundry_listing_scope",
    "licensed_entry.": "licensed_entry",
}
ROLLOUT_TARGETS = ("rollout.ericsson_margin", "rollout.tender_tilt")
"""The calibration targets ``price_sensitivity`` and ``vendor_discount`` are solved from."""
ROLLOUT_SOLVED = {
    "rollout.price_sensitivity": "price_sensitivity",
    "rollout.vendor_discount": "vendor_discount",
}
"""Solved rollout parameters (name -> field), kept as given where ``values`` sets them."""
SOLVER_OPTIONS = {
    "trade.tolerance": "tolerance",
    "trade.step_tolerance": "step_tolerance",
    "trade.max_iterations": "max_iterations",
}


def engine_values(values: Mapping[str, float], engine: str) -> dict[str, float]:
    """The values of one engine's parameters, keyed by the name after the engine's prefix."""
    prefix = engine + "."
    return {name.removeprefix(prefix): value for name, value in values.items() if name.startswith(prefix)}


def supply_parameters(values: Mapping[str, float]) -> SupplyParameters:
    """The supply engine's parameters from resolved ``values`` (``supply.<field>.<class>``: one class's value
    of a per-class field)."""
    own = engine_values(resolve(values), "supply")
    fields: dict[str, Any] = {}
    by_class: dict[str, dict[str, float]] = {field: {} for field in CLASS_FIELDS.values()}
    for name, value in own.items():
        prefix = next((p for p in CLASS_FIELDS if name.startswith(p)), None)
        if prefix is None:
            fields[name] = value
        else:
            code = supply_codes("component_classes", "code", [name.removeprefix(prefix)])[0]
            by_class[CLASS_FIELDS[prefix]][code] = value
    return SupplyParameters(**fields, **by_class)


def trade_solver_options(values: Mapping[str, float]) -> dict[str, Any]:
    """Keyword arguments of ``gotogether.engines.trade.solve`` from resolved ``values``."""
    resolved = resolve(values)
    options: dict[str, Any] = {argument: resolved[name] for name, argument in SOLVER_OPTIONS.items()}
    options["max_iterations"] = int(options["max_iterations"])
    return options


def calibrated_rollout(rollout: RolloutParameters, values: Mapping[str, float]) -> RolloutParameters:
    """``rollout`` with the world-wide scalars of resolved ``values`` (``rollout.*``), then the price
    sensitivity and the discount solved from the drawn (or default) targets, Ericsson's margin and the
    tender's tilt, at the nest parameter in force: a draw never contradicts the facts they were fitted to.
    A price sensitivity or discount that ``values`` sets itself is kept (the targets then are not met).
    The last solutions are kept per process: a draw configures every scenario of the library from the
    same ``rollout`` and values, and solves once."""
    settings = _rollout_settings(values)
    scalars, margin, tilt, kept = settings
    return _SOLVED.get(
        (rollout,),
        lambda: calibrated(rollout.with_values(**scalars), margin, tilt, **kept),
        extra=_solved_key(settings),
    )


def solved_rollout(rollout: RolloutParameters, values: Mapping[str, float]) -> RolloutParameters:
    """``calibrated_rollout(rollout, values)``, kept as its own solution at ``values``: configuring a world
    that holds it with the same ``values`` finds it solved (an ensemble draw's drawn rollout tables are
    solved once, not again for each scenario)."""
    solution = calibrated_rollout(rollout, values)
    return _SOLVED.get((solution,), lambda: solution, extra=_solved_key(_rollout_settings(values)))


_Settings = tuple[dict[str, float], float, float, dict[str, float]]


def _rollout_settings(values: Mapping[str, float]) -> _Settings:
    """What ``calibrated_rollout`` sets from ``values``: the world-wide scalars, Ericsson's margin, the
    tender's tilt and the solved parameters ``values`` gives itself."""
    resolved = resolve(values)
    own = engine_values(resolved, "rollout")
    scalars = {name: value for name, value in own.items() if name in WORLD_PARAMETERS}
    margin, tilt = (resolved[name] for name in ROLLOUT_TARGETS)
    kept = {field: values[name] for name, field in ROLLOUT_SOLVED.items() if name in values}
    return scalars, margin, tilt, kept


def _solved_key(settings: _Settings) -> tuple[object, ...]:
    """The key of ``_SOLVED``'s entries beside the rollout: its ``_rollout_settings``, hashable."""
    scalars, margin, tilt, kept = settings
    return (tuple(sorted(scalars.items())), margin, tilt, tuple(sorted(kept.items())))


_SOLVED: KeptByIdentity[RolloutParameters] = KeptByIdentity(16)
"""The last solutions of ``calibrated_rollout`` (a draw needs one)."""


@cache
def _theta_weights() -> pd.DataFrame:
    """Weights (default-world sector x CP sector), rows summing to one (see the module docstring)."""
    concordance = cp2015_concordance()
    weights = concordance.pivot_table(index="sector", columns="cp_sector", values="weight", aggfunc="sum")
    return weights.fillna(0.0).div(weights.sum(axis=1), axis=0)


_THETAS: KeptByIdentity[TradeBaseline] = KeptByIdentity(4)
"""The last baselines ``_theta`` made: a draw's scenarios share one (and the solver's per-baseline set-up)."""


def _theta(world: World, values: Mapping[str, float]) -> TradeBaseline:
    """``world``'s trade baseline with the elasticities of ``values``, made once per baseline and values."""
    drawn = tuple(sorted((name, value) for name, value in values.items() if name.startswith(THETA)))
    return _THETAS.get((world.trade,), lambda: _make_theta(world, dict(drawn)), extra=drawn)


def _make_theta(world: World, values: Mapping[str, float]) -> TradeBaseline:
    point = cp2015_elasticities()
    ratio = pd.Series(1.0, index=point.index)
    for name, value in values.items():
        if name.startswith(THETA):
            ratio[name.removeprefix(THETA)] = value / point[name.removeprefix(THETA)]
    weights = _theta_weights()
    sector_ratio = weights @ ratio.reindex(weights.columns).fillna(1.0)
    theta = world.trade["theta"] * sector_ratio.reindex(world.trade.sectors).to_numpy()
    return world.trade.with_theta(theta, source="drawn elasticities")


_INDUSTRIES: KeptByIdentity[Industries] = KeptByIdentity(4)
"""The last industries ``_industries`` made: a draw's scenarios share one (and what the pipeline makes of
them once per industries, ``run._coupling``)."""


def _industries(industries: Industries, speed: float) -> Industries:
    """``industries`` with their adoption midpoints times ``speed``, made once per industries and speed."""

    def make() -> Industries:
        table = industries.table.copy()
        for column in ("midpoint_years", "midpoint_low", "midpoint_high"):
            table[column] *= speed
        return Industries(table, industries.sectors)

    return _INDUSTRIES.get((industries,), make, extra=speed)


REFERENCE_ENGINES = ("rollout", "adoption", "value")
"""Engines whose parameters change the coordinated reference (the others act on scenarios only)."""


def reference_key(values: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    """The values that change the reference: two sets with the same key share one reference run."""
    return tuple(
        sorted((name, value) for name, value in values.items() if name.split(".")[0] in REFERENCE_ENGINES)
    )


def configure(world: World, values: Mapping[str, float], *, source: str = "parameters") -> World:
    """``world`` (every parameter at its default: ``load_world()``) with every engine's parameters set
    from ``values``; ``InputError`` names a value that is refused."""
    resolved = resolve(values, source=source)
    changed = {name: value for name, value in values.items() if value != parameter_table()[name].default}
    trade = world.trade if not any(name.startswith(THETA) for name in changed) else _theta(world, changed)
    default_speed = parameter_table()[ADOPTION_SPEED].default or 1.0
    speed = resolved[ADOPTION_SPEED] / default_speed
    rollout = calibrated_rollout(world.rollout, values)
    return replace(
        world,
        trade=trade,
        industries=_industries(world.industries, speed),
        rollout=rollout,
        supply_parameters=supply_parameters(resolved),
        trade_options=trade_solver_options(resolved),
        uplift_scale=resolved[UPLIFT_SCALE],
        price_elasticity=resolved["adoption.price_elasticity"],
        parameters=resolved,
    )
