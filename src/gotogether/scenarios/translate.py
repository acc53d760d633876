"""From a scenario to the inputs of each engine: trade shocks, supply measures, engine parameters.

- Trade (Caliendo-Parro): tariffs, trade barriers, bloc decoupling and productivity shocks in force in a
  year become one ``TradeShock`` on a ``TradeBaseline``'s labels. Countries must be regions of the model
  world (an error names the regions otherwise); a bloc acts through the regions listed in it, so ``ROW``,
  which no bloc lists, stays outside every bloc. Trade-cost changes and productivity changes compound
  (multiply); a tariff ``rate`` sets the level, a ``change`` adds to the level in force.
- Supply: export controls become the supply engine's ``ExportControl`` models. A scenario's ``reach`` is
  the widest reach; reaches are nested (a foreign-direct-product control also catches coalition-made and
  de-minimis items). Vendor and class codes map through the ``supply_code`` columns of the registries;
  a licence's ``until`` is its last day (the engine's ``end`` is the first day it no longer applies).
- Rollout: vendor bans become the rollout engine's ``Ban`` when they cover the RAN, are full bans
  (``cap`` 0) and are issued by regions of the model world; a standards split becomes separate learning
  pools per bloc and, with ``standards``, bans of the other blocs' vendors. What the RAN rollout cannot
  express (core- or management-only bans, caps, bans by part of an aggregate region, duplicated-standards
  cost premiums) is returned as a note that names the measure, never dropped silently.
- Supply disruptions become the supply engine's ``Disruption`` (lines made in the countries or by the firms,
  for the classes, lose the share of their supply from ``start`` to ``end`` inclusive).
- Parameters: ``trade.*`` become keyword arguments of ``solve``; ``supply.*`` fields of ``SupplyParameters``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from gotogether.data import registry
from gotogether.engines.rollout.measures import Ban
from gotogether.engines.rollout.measures import StandardsSplit as LearningSplit
from gotogether.engines.supply import CoalitionJoin, SupplyParameters
from gotogether.engines.supply import Disruption as SupplyDisruptionLoss
from gotogether.engines.supply import ExportControl as SupplyControl
from gotogether.engines.supply import Licence as SupplyLicence
from gotogether.engines.supply.measures import Reach
from gotogether.engines.trade import TradeBaseline, TradeShock
from gotogether.errors import InputError
from gotogether.scenarios.measures import (
    BlocDecoupling,
    ExportControl,
    ProductivityShock,
    StandardsSplit,
    SupplyDisruption,
    Tariff,
    TradeBarrier,
    VendorBan,
)
from gotogether.scenarios.model import Scenario

NESTED_REACH: dict[str, list[Reach]] = {
    "coalition-made": ["coalition-made"],
    "de-minimis": ["coalition-made", "de-minimis"],
    "foreign-direct-product": ["coalition-made", "de-minimis", "foreign-direct-product"],
}
DEFAULT_DE_MINIMIS = 0.25
TRADE_SOLVER_OPTIONS = {"trade.tolerance": "tolerance", "trade.step_tolerance": "step_tolerance"}


def in_force(start: int, end: int | None, year: int) -> bool:
    """Whether a measure from ``start`` to ``end`` (inclusive, None: open) applies in ``year``."""
    return start <= year and (end is None or year <= end)


def trade_measures_in_force(scenario: Scenario, year: int) -> tuple[int, ...]:
    """Indexes of the scenario's trade-side measures in force in ``year``: years with the same indexes have
    the same ``trade_shock``."""
    trade_side = Tariff | TradeBarrier | BlocDecoupling | ProductivityShock
    return tuple(
        index
        for index, measure in enumerate(scenario.measures)
        if isinstance(measure, trade_side) and in_force(measure.start_year, measure.end_year, year)
    )


def trade_shock(scenario: Scenario, baseline: TradeBaseline, year: int) -> TradeShock:
    """The trade-model shock of the scenario's measures in force in ``year``, relative to ``baseline``."""
    regions, sectors = baseline.countries, baseline.sectors
    tariff = baseline["tariff"].copy(deep=True)
    cost = xr.ones_like(tariff)
    productivity = xr.DataArray(
        np.ones((len(regions), len(sectors))),
        dims=("country", "sector"),
        coords={"country": regions, "sector": sectors},
    )
    blocs = scenario.bloc_members()
    for index, measure in enumerate(scenario.measures):
        where = f"{scenario.name}: measures[{index}]"
        if isinstance(measure, Tariff | TradeBarrier) and in_force(
            measure.start_year, measure.end_year, year
        ):
            importers = _regions(measure.importers, regions, where, "importers")
            exporters = _regions(measure.exporters, regions, where, "exporters")
            pairs = (
                [(importers, exporters), (exporters, importers)]
                if measure.reciprocal
                else [(importers, exporters)]
            )
            cells = [
                {"importer": into, "exporter": out, "sector": _sectors(measure.sectors, sectors, where)}
                for into, out in pairs
            ]
            for cell in cells:
                if isinstance(measure, TradeBarrier):
                    cost.loc[cell] = cost.loc[cell] * (1.0 + measure.cost_change)
                elif measure.rate is not None:
                    tariff.loc[cell] = measure.rate
                else:
                    tariff.loc[cell] = tariff.loc[cell] + (measure.change or 0.0)
        elif isinstance(measure, BlocDecoupling) and in_force(measure.start_year, measure.end_year, year):
            between = _between_blocs([blocs[name] for name in measure.blocs], regions)
            covered = xr.DataArray(
                [s in _sectors(measure.sectors, sectors, where) for s in sectors],
                dims="sector",
                coords={"sector": sectors},
            )
            cost = cost * (1.0 + measure.barrier * (between & covered))
        elif isinstance(measure, ProductivityShock) and in_force(measure.start_year, measure.end_year, year):
            cell = {"country": _regions(measure.countries, regions, where, "countries")}
            cell["sector"] = _sectors(measure.sectors, sectors, where)
            productivity.loc[cell] = productivity.loc[cell] * (1.0 + measure.size)
    if float(tariff.min()) < 0:
        raise InputError(
            f"tariff changes bring a tariff below zero in {year}", source=scenario.name, expected="rates >= 0"
        )
    return TradeShock(tariff=tariff, trade_cost=cost.transpose(*tariff.dims), productivity=productivity)


def trade_solver_options(scenario: Scenario) -> dict[str, Any]:
    """Keyword arguments of ``gotogether.engines.trade.solve`` set by the scenario's parameters."""
    options: dict[str, Any] = {
        argument: scenario.parameters[name]
        for name, argument in TRADE_SOLVER_OPTIONS.items()
        if name in scenario.parameters
    }
    if "trade.max_iterations" in scenario.parameters:
        options["max_iterations"] = int(scenario.parameters["trade.max_iterations"])
    return options


def supply_measures(scenario: Scenario) -> list[SupplyControl]:
    """The scenario's export controls as the supply engine's measures."""
    return [
        _supply_control(measure, measure.label or f"{scenario.name} measure {index}")
        for index, measure in enumerate(scenario.measures)
        if isinstance(measure, ExportControl)
    ]


def supply_disruptions(scenario: Scenario) -> list[SupplyDisruptionLoss]:
    """The scenario's supply disruptions as the supply engine's (``until``/``end``: the first day back)."""
    return [
        SupplyDisruptionLoss(
            name=measure.label or f"{scenario.name} measure {index}",
            made_in=list(measure.countries or []),
            firms=list(measure.firms or []),
            item_classes=_optional_classes(measure.item_classes),
            share=measure.share,
            start=measure.start,
            end=measure.end + dt.timedelta(days=1) if measure.end else None,
        )
        for index, measure in enumerate(scenario.measures)
        if isinstance(measure, SupplyDisruption)
    ]


def supply_parameters(scenario: Scenario, base: SupplyParameters | None = None) -> SupplyParameters:
    """``base`` (default: the engine's defaults) with the scenario's ``supply.*`` parameters set."""
    base = base or SupplyParameters()
    fields: dict[str, Any] = {}
    classes = dict(base.class_inventory_months)
    for name, value in scenario.parameters.items():
        engine, _, field = name.partition(".")
        if engine != "supply":
            continue
        if field.startswith("inventory_months."):
            classes[_supply_codes("component_classes", "code", [field.partition(".")[2]])[0]] = value
        else:
            fields[field] = value
    return base.model_copy(update={**fields, "class_inventory_months": classes})


def _supply_control(measure: ExportControl, name: str) -> SupplyControl:
    licences = [
        SupplyLicence(
            name=licence.note or f"{name} licence {index}",
            firms=licence.firms,
            item_classes=_optional_classes(licence.item_classes),
            start=licence.start,
            end=licence.until + dt.timedelta(days=1) if licence.until else None,
            share=licence.share,
        )
        for index, licence in enumerate(measure.licences)
    ]
    joins = [
        CoalitionJoin(country=country, date=member.start)
        for member in measure.joining
        for country in member.countries
    ]
    return SupplyControl(
        name=name,
        issuers=measure.issuers,
        target_vendors=_supply_codes("vendors", "name", measure.target_vendors or []),
        target_countries=measure.target_countries or [],
        item_classes=_optional_classes(measure.item_classes),
        start=measure.start,
        end=measure.end,
        reach=NESTED_REACH[measure.reach],
        de_minimis_threshold=measure.de_minimis_threshold or DEFAULT_DE_MINIMIS,
        fdpr_scope=measure.fdpr_scope,
        licences=licences,
        joins=joins,
    )


@dataclass(frozen=True)
class RolloutMeasures:
    """The rollout engine's inputs from a scenario, and notes on what it cannot express."""

    bans: list[Ban]
    split: LearningSplit | None
    notes: list[str]


def rollout_measures(
    scenario: Scenario, regions: Sequence[str], vendor_home: dict[str, str]
) -> RolloutMeasures:
    """Bans and learning pools of ``scenario`` on the rollout's ``regions``; ``vendor_home`` maps the
    rollout's vendor codes to their home country."""
    bans: list[Ban] = []
    notes: list[str] = []
    split = None
    blocs = scenario.bloc_members()
    for index, measure in enumerate(scenario.measures):
        label = f"{scenario.name}: measures[{index}] ({measure.label or measure.type})"
        if isinstance(measure, VendorBan):
            outside = [country for country in measure.countries if country not in regions]
            if "ran" not in measure.scope:
                notes.append(
                    f"{label}: a ban of {'/'.join(measure.scope)} only; the RAN rollout does not model it"
                )
            elif measure.cap > 0:
                notes.append(f"{label}: a cap of {measure.cap:.0%} is not modelled (only full bans are)")
            elif outside:
                notes.append(
                    f"{label}: {', '.join(outside)} belong to an aggregate region; their ban is not modelled"
                )
            else:
                bans.append(
                    Ban(
                        name=label,
                        countries=list(measure.countries),
                        vendors=_supply_codes("vendors", "name", measure.vendors),
                        start=measure.start,
                        deadline=measure.rip_and_replace_by,
                    )
                )
        elif isinstance(measure, StandardsSplit):
            bloc_of = {region: name for name in measure.blocs for region in blocs[name] if region in regions}
            start = dt.date(measure.start_year, 1, 1)
            if measure.learning_pools:
                split = LearningSplit(blocs=bloc_of, start=start)
            if measure.standards:
                for name in measure.blocs:
                    members = [region for region, bloc in bloc_of.items() if bloc == name]
                    foreign = [
                        vendor for vendor, home in vendor_home.items() if bloc_of.get(home, name) != name
                    ]
                    if members and foreign:
                        bans.append(
                            Ban(name=f"{label}: {name}", countries=members, vendors=foreign, start=start)
                        )
            if measure.cost_premium > 0:
                notes.append(
                    f"{label}: the {measure.cost_premium:.0%} duplicated-standards premium is not modelled"
                )
    return RolloutMeasures(bans, split, notes)


def _optional_classes(classes: Sequence[str] | None) -> list[str] | None:
    return None if classes is None else _supply_codes("component_classes", "code", classes)


def _supply_codes(table: str, column: str, codes: Sequence[str]) -> list[str]:
    mapping = dict(
        zip(registry.read_registry(table)[column], registry.read_registry(table)["supply_code"], strict=True)
    )
    return [mapping[code] for code in codes]


def _regions(codes: Sequence[str], regions: Sequence[str], where: str, field: str) -> list[str]:
    missing = [code for code in codes if code not in regions]
    if missing:
        raise InputError(
            f"{', '.join(missing)} not a region of the model world",
            source=where,
            location=field,
            expected=f"regions of the model world: {', '.join(regions)}",
        )
    return list(codes)


def _sectors(codes: Sequence[str] | None, sectors: Sequence[str], where: str) -> list[str]:
    if codes is None:
        return list(sectors)
    missing = [code for code in codes if code not in sectors]
    if missing:
        raise InputError(
            f"{', '.join(missing)} not a sector of the model world",
            source=where,
            location="sectors",
            expected=f"sectors of the model world: {', '.join(sectors)}",
        )
    return list(codes)


def _between_blocs(members: Sequence[Sequence[str]], regions: Sequence[str]) -> xr.DataArray:
    """True for (importer, exporter) pairs of regions in two different blocs."""
    bloc_of = np.full(len(regions), -1)
    for number, bloc in enumerate(members):
        bloc_of[[i for i, region in enumerate(regions) if region in bloc]] = number
    differ = (bloc_of[:, None] != bloc_of[None, :]) & (bloc_of[:, None] >= 0) & (bloc_of[None, :] >= 0)
    return xr.DataArray(
        differ, dims=("importer", "exporter"), coords={"importer": regions, "exporter": regions}
    )
