"""The measures a scenario can hold: one class per ``type``, registered with ``@measure_type``.

Each class is the whole of a measure type: its fields (the scenario schema), the engines it reaches
(``engines``), the countries on each side of it (``sides``, for who pays), and how it becomes engine inputs
(``contribute``, adding to the scenario's ``EngineInputs``). Every list of measure types is derived from the
registry ``MEASURE_TYPES``; docs/contributing.md shows how to add one.

Units: ad-valorem rates and cost changes are fractions (0.25 = 25 %); shares are between 0 and 1; years are
calendar years (trade-side measures act on annual equilibria); dates are days (supply-side measures act on
monthly or quarterly steps).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self, TypeVar, Union, get_args

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from gotogether.data import registry
from gotogether.engines.rollout.measures import Ban
from gotogether.engines.rollout.measures import StandardsSplit as LearningSplit
from gotogether.engines.supply import CoalitionJoin, Disruption
from gotogether.engines.supply import ExportControl as SupplyControl
from gotogether.engines.supply import Licence as SupplyLicence
from gotogether.engines.supply.measures import Reach
from gotogether.errors import InputError
from gotogether.scenarios.inputs import EngineInputs, ModelWorld, TradeArrays, TradeEffect
from gotogether.scenarios.types import (
    BlocNames,
    ComponentClasses,
    Countries,
    Date,
    OneOrMany,
    Sectors,
    Share,
    Vendors,
    Year,
    invalid,
)


class _Strict(BaseModel):
    # Strict: a YAML ``true`` or ``"25"`` is not silently read as the number 1 or 25.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class Where:
    """Where a measure stands in its scenario: for messages and notes, and the blocs it may name."""

    def __init__(self, scenario: str, index: int, label: str, blocs: Mapping[str, Sequence[str]]) -> None:
        self.scenario, self.index, self.blocs = scenario, index, blocs
        self.text = f"{scenario}: measures[{index}] ({label})"


class _Measure(_Strict):
    if TYPE_CHECKING:
        type: str  # every measure class declares its own Literal

    engines: ClassVar[tuple[str, ...]] = ()
    """The engines the measure gives inputs to (``gotogether.scenarios.inputs.ENGINES``)."""

    label: str | None = Field(None, description="Short name shown in reports")
    note: str | None = Field(None, description="Free text: what the measure stands for, its source")

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        """Countries that issue the measure and countries it targets (``home_of``: vendor -> country)."""
        return set(), set()

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        """Add what the measure means for each of its ``engines`` to ``inputs`` (notes included)."""
        raise NotImplementedError


MEASURE_TYPES: dict[str, type[_Measure]] = {}
"""The registry: ``type`` value -> measure class, in the order of registration."""
MeasureClass = TypeVar("MeasureClass", bound=type[_Measure])


def measure_type(cls: MeasureClass) -> MeasureClass:
    """Register a measure class under the value of its ``type`` field."""
    (name,) = get_args(cls.__pydantic_fields__["type"].annotation)
    MEASURE_TYPES[name] = cls
    return cls


def _check_period(start: object, end: object, names: str) -> None:
    if end is not None and start is not None and end < start:  # type: ignore[operator]
        raise invalid(
            f"{names}: the end ({end}) is before the start ({start})", "an end on or after the start"
        )


class _Yearly(_Measure):
    """A measure in force from ``start_year`` to ``end_year`` inclusive (omitted: to the horizon's end)."""

    start_year: Year
    end_year: Year | None = None

    @model_validator(mode="after")
    def _years_in_order(self) -> Self:
        _check_period(self.start_year, self.end_year, "years")
        return self


class _Bilateral(_Yearly):
    """A measure on the flows from ``exporters`` to ``importers`` (and back if ``reciprocal``)."""

    importers: Countries
    exporters: Countries
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")
    reciprocal: bool = Field(False, description="The exporters apply the same measure to the importers")

    engines: ClassVar[tuple[str, ...]] = ("trade",)

    @model_validator(mode="after")
    def _distinct_sides(self) -> Self:
        _check_disjoint(self.importers, self.exporters)
        return self

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        importers, exporters = set(self.importers), set(self.exporters)
        if self.reciprocal:
            return importers | exporters, importers | exporters
        return importers, exporters

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        into = world.region_weights(self.importers, where.text, "importers", inputs.notes)
        out = world.region_weights(self.exporters, where.text, "exporters", inputs.notes)
        pairs = [(into, out), (out, into)] if self.reciprocal else [(into, out)]
        sectors = np.flatnonzero(_sector_mask(world.trade.sectors, self.sectors, where.text))

        def change(arrays: TradeArrays) -> None:
            for importers, exporters in pairs:
                i, wi = arrays.region_index(importers)
                e, we = arrays.region_index(exporters)
                self.change_flows(arrays, np.ix_(i, e, sectors), (wi[:, None] * we[None, :])[:, :, None])

        inputs.trade_effects.append(TradeEffect(where.index, self.start_year, self.end_year, change))

    def change_flows(self, arrays: TradeArrays, cells: tuple[np.ndarray, ...], weight: np.ndarray) -> None:
        """Apply the measure to the ``cells`` (importer, exporter, sector) of a year's arrays; ``weight``
        is the share of each flow the measure covers (1 unless it names members of aggregate regions)."""
        raise NotImplementedError


@measure_type
class Tariff(_Bilateral):
    """Ad-valorem tariffs of ``importers`` on goods from ``exporters``: a new level or a change."""

    type: Literal["tariff"]
    rate: float | None = Field(None, ge=0, le=10, description="New ad-valorem level (0.25 = 25 %)")
    change: float | None = Field(None, ge=-1, le=10, description="Change of the rate (+0.1 = +10 pp)")

    @model_validator(mode="after")
    def _one_rate(self) -> Self:
        if (self.rate is None) == (self.change is None):
            raise invalid("give exactly one of 'rate' and 'change'", "'rate: 0.25' or 'change: 0.1'")
        return self

    def change_flows(self, arrays: TradeArrays, cells: tuple[np.ndarray, ...], weight: np.ndarray) -> None:
        level = arrays.tariff[cells]
        step = (self.rate - level) if self.rate is not None else (self.change or 0.0)
        arrays.tariff[cells] = level + weight * step


@measure_type
class TradeBarrier(_Bilateral):
    """A change in iceberg (non-tariff) trade costs: d_hat = 1 + cost_change on the flows covered."""

    type: Literal["trade-barrier"]
    cost_change: float = Field(gt=-1, le=100, description="Change of trade costs (0.2 = +20 %)")

    def change_flows(self, arrays: TradeArrays, cells: tuple[np.ndarray, ...], weight: np.ndarray) -> None:
        arrays.cost[cells] = arrays.cost[cells] * (1.0 + weight * self.cost_change)


@measure_type
class BlocDecoupling(_Yearly):
    """Extra iceberg trade costs (d_hat = 1 + barrier) on every flow between members of different blocs."""

    type: Literal["bloc-decoupling"]
    blocs: BlocNames
    barrier: float = Field(gt=0, le=100, description="Increase of trade costs between blocs (0.3 = +30 %)")
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")

    engines: ClassVar[tuple[str, ...]] = ("trade",)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        # membership (region, bloc): the share of each region in each bloc; a flow is between blocs with
        # the probability that its two ends are in different blocs
        membership = _bloc_membership(self.blocs, world, where, inputs.notes)
        inside = membership.sum(axis=1)
        between = inside[:, None] * inside[None, :] - membership @ membership.T
        sectors = _sector_mask(world.trade.sectors, self.sectors, where.text)
        factor = 1.0 + self.barrier * between[:, :, None] * sectors[None, None, :]

        def change(arrays: TradeArrays) -> None:
            arrays.cost *= factor

        inputs.trade_effects.append(TradeEffect(where.index, self.start_year, self.end_year, change))


class Licence(_Strict):
    """Supply that remains allowed despite a control (a licence, an exemption, a grace period)."""

    item_classes: ComponentClasses | None = Field(None, description="Classes covered; omit for all")
    firms: list[Annotated[str, Field(min_length=1)]] | None = Field(
        None, description="Licensed firms; omit for all"
    )
    start: Date | None = Field(
        None, description="First day the licence applies; omit for the measure's start"
    )
    share: Share = Field(1.0, description="Share of the otherwise blocked supply still allowed")
    until: Date | None = Field(None, description="Last day the licence applies; omit for no end")
    note: str | None = None


class Joining(_Strict):
    """A country that joins the issuing coalition at a later date."""

    countries: Countries = Field(description="Country or countries joining")
    start: Date


@measure_type
class ExportControl(_Measure):
    """An export control of an issuer coalition on a vendor or country, for component classes.

    Reach, from narrow to wide: ``coalition-made`` (items made by coalition firms); ``de-minimis`` (also
    foreign items whose coalition content exceeds ``de_minimis_threshold``); ``foreign-direct-product`` (also
    foreign items made with coalition technology, software or tools; ``fdpr_scope`` "target-designed" limits
    this to items the target designed, the rule of 15 May 2020; "all" is the extension of 17 August 2020).
    """

    type: Literal["export-control"]
    issuers: Countries = Field(description="The coalition issuing the control")
    target_vendors: Vendors | None = None
    target_countries: Countries | None = None
    item_classes: ComponentClasses | None = Field(None, description="Component classes; omit for all")
    start: Date
    end: Date | None = None
    reach: Literal["coalition-made", "de-minimis", "foreign-direct-product"]
    de_minimis_threshold: Share | None = Field(
        None, description="Coalition content share above which it applies"
    )
    fdpr_scope: Literal["all", "target-designed"] = Field(
        "all", description="Foreign direct product reach: every item the target buys, or items it designed"
    )
    licences: list[Licence] = Field(default_factory=list)
    joining: list[Joining] = Field(default_factory=list, description="Members joining the coalition later")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.target_vendors and not self.target_countries:
            raise invalid("an export control needs a target", "'target_vendors' or 'target_countries'")
        if (self.reach == "de-minimis") != (self.de_minimis_threshold is not None):
            raise invalid(
                "'de_minimis_threshold' goes with reach 'de-minimis' and only with it",
                "reach: de-minimis with de_minimis_threshold: 0.25",
            )
        _check_period(self.start, self.end, "dates")
        for licence in self.licences:
            _check_period(licence.start, licence.until, "licence dates")
        for member in self.joining:
            if member.start <= self.start:
                members = ", ".join(member.countries)
                raise invalid(
                    f"{members} joins on {member.start}, not after the start {self.start}",
                    "founding members in 'issuers', later members in 'joining'",
                )
            _check_disjoint(self.issuers, member.countries, ("issuers", "joining"))
        return self

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        issuers = set(self.issuers) | {country for member in self.joining for country in member.countries}
        targets = set(self.target_countries or []) | {home_of[name] for name in self.target_vendors or []}
        return issuers, targets

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        name = self.label or f"{where.scenario} measure {where.index}"
        licences = [
            SupplyLicence(
                name=licence.note or f"{name} licence {number}",
                firms=licence.firms,
                item_classes=_supply_classes(licence.item_classes),
                start=licence.start,
                end=_first_day_after(licence.until),
                share=licence.share,
            )
            for number, licence in enumerate(self.licences)
        ]
        joins = [
            CoalitionJoin(country=country, date=member.start)
            for member in self.joining
            for country in member.countries
        ]
        inputs.supply_controls.append(
            SupplyControl(
                name=name,
                issuers=self.issuers,
                target_vendors=supply_codes("vendors", "name", self.target_vendors or []),
                target_countries=self.target_countries or [],
                item_classes=_supply_classes(self.item_classes),
                start=self.start,
                end=self.end,
                reach=NESTED_REACH[self.reach],
                de_minimis_threshold=self.de_minimis_threshold or DEFAULT_DE_MINIMIS,
                fdpr_scope=self.fdpr_scope,
                licences=licences,
                joins=joins,
            )
        )


NetworkDomain = Literal["ran", "core", "transmission", "management"]


@measure_type
class VendorBan(_Measure):
    """Countries barring vendors from (parts of) their networks, with an optional rip-and-replace deadline."""

    type: Literal["vendor-ban"]
    countries: Countries = Field(description="The banning countries")
    vendors: Vendors
    start: Date = Field(description="First day no new equipment of the vendors may be deployed")
    rip_and_replace_by: Date | None = Field(None, description="Deadline to remove installed equipment")
    scope: list[NetworkDomain] = Field(default_factory=lambda: list(get_args(NetworkDomain)), min_length=1)
    cap: Share = Field(0.0, description="Largest share the vendors may keep in the scope (0 = a full ban)")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.rip_and_replace_by is not None and self.rip_and_replace_by <= self.start:
            raise invalid(
                f"rip_and_replace_by ({self.rip_and_replace_by}) is not after the start ({self.start})",
                "a deadline after the start, or none",
            )
        return self

    engines: ClassVar[tuple[str, ...]] = ("rollout",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(self.countries), {home_of[name] for name in self.vendors}

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        if "ran" not in self.scope:
            inputs.notes.append(
                f"{where.text}: a ban of {'/'.join(self.scope)} only; the RAN rollout does not model it"
            )
            return
        if self.cap > 0:
            inputs.notes.append(f"{where.text}: a cap of {self.cap:.0%} is not modelled (only full bans are)")
            return
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        vendors = supply_codes("vendors", "name", self.vendors)
        whole = [region for region, weight in weights.items() if weight == 1.0]
        groups = [(whole, 1.0)] if whole else []
        groups += [([region], weight) for region, weight in weights.items() if 0.0 < weight < 1.0]
        inputs.bans += [
            Ban(
                name=where.text,
                countries=regions,
                vendors=vendors,
                start=self.start,
                deadline=self.rip_and_replace_by,
                weight=weight,
            )
            for regions, weight in groups
        ]


@measure_type
class SupplyDisruption(_Measure):
    """Capacity lost in a country or at firms (e.g. Taiwanese foundries) for a period."""

    type: Literal["supply-disruption"]
    countries: Countries | None = None
    firms: list[Annotated[str, Field(min_length=1)]] | None = None
    item_classes: ComponentClasses | None = Field(None, description="Component classes hit; omit for all")
    share: float = Field(gt=0, le=1, description="Share of capacity lost")
    start: Date
    end: Date | None = Field(None, description="Day capacity returns; omit for a permanent loss")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.countries and not self.firms:
            raise invalid("a supply disruption needs a place", "'countries' or 'firms'")
        _check_period(self.start, self.end, "dates")
        return self

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        inputs.supply_disruptions.append(
            Disruption(
                name=self.label or f"{where.scenario} measure {where.index}",
                made_in=list(self.countries or []),
                firms=list(self.firms or []),
                item_classes=_supply_classes(self.item_classes),
                share=self.share,
                start=self.start,
                end=_first_day_after(self.end),
            )
        )


@measure_type
class StandardsSplit(_Measure):
    """Blocs that stop sharing standards and/or learning pools (separate cumulative volumes per bloc)."""

    type: Literal["standards-split"]
    blocs: BlocNames
    learning_pools: bool = Field(True, description="Equipment learning curves run on each bloc's own volume")
    standards: bool = Field(True, description="Incompatible standards: vendors cannot serve the other bloc")
    cost_premium: float = Field(0.0, ge=0, le=1, description="Extra equipment cost of duplicated standards")
    start_year: Year

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not (self.learning_pools or self.standards):
            raise invalid("a split needs 'learning_pools' or 'standards' (or both) true")
        return self

    engines: ClassVar[tuple[str, ...]] = ("rollout",)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        # the rollout's pools are whole regions: each joins the bloc holding most of its GDP, if any does
        membership = _bloc_membership(self.blocs, world, where, inputs.notes)
        bloc_of = {
            region: self.blocs[int(np.argmax(row))]
            for region, row in zip(world.regions, membership, strict=True)
            if row.max() >= 0.5 and region in world.rollout_countries
        }
        start = dt.date(self.start_year, 1, 1)
        if self.learning_pools:
            inputs.learning_split = LearningSplit(blocs=bloc_of, start=start)
        if self.standards:
            for name in self.blocs:
                members = [region for region, bloc in bloc_of.items() if bloc == name]
                foreign = [
                    vendor for vendor, home in world.vendor_home.items() if bloc_of.get(home, name) != name
                ]
                if members and foreign:
                    inputs.bans.append(
                        Ban(name=f"{where.text}: {name}", countries=members, vendors=foreign, start=start)
                    )
        if self.cost_premium > 0:
            inputs.notes.append(
                f"{where.text}: the {self.cost_premium:.0%} duplicated-standards premium is not modelled"
            )


@measure_type
class ProductivityShock(_Yearly):
    """A change in total factor productivity: A_hat = 1 + size for the countries and sectors."""

    type: Literal["productivity-shock"]
    countries: Countries
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")
    size: float = Field(gt=-1, le=10, description="Change of TFP (-0.05 = -5 %)")

    engines: ClassVar[tuple[str, ...]] = ("trade",)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        sectors = np.flatnonzero(_sector_mask(world.trade.sectors, self.sectors, where.text))

        def change(arrays: TradeArrays) -> None:
            rows, weight = arrays.region_index(weights)
            cells = np.ix_(rows, sectors)
            arrays.productivity[cells] = arrays.productivity[cells] * (1.0 + weight[:, None] * self.size)

        inputs.trade_effects.append(TradeEffect(where.index, self.start_year, self.end_year, change))


def _check_disjoint(
    first: list[str], second: list[str], names: tuple[str, str] = ("importers", "exporters")
) -> None:
    both = sorted(set(first) & set(second))
    if both:
        raise invalid(f"{', '.join(both)} in both '{names[0]}' and '{names[1]}'", "two disjoint lists")


def _country_fields(cls: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """The fields of ``cls`` that hold lists of countries, and the model of nested lists (``joining``)."""
    fields: dict[str, type[BaseModel] | None] = {}
    for name, info in cls.__pydantic_fields__.items():
        if any(isinstance(meta, OneOrMany) and meta.name == "CountryCode" for meta in info.metadata):
            fields[name] = None
        elif name == "joining":
            fields[name] = Joining
    return fields


def expand_blocs(measure: Any, blocs: Mapping[str, Sequence[str]]) -> Any:
    """A measure document with every bloc name in a list of countries replaced by the bloc's members (in
    order, without repeats); anything else is left for validation to judge."""
    if not isinstance(measure, dict) or measure.get("type") not in MEASURE_TYPES:
        return measure
    return _expand(measure, MEASURE_TYPES[measure["type"]], blocs)


def _expand(document: dict[str, Any], cls: type[BaseModel], blocs: Mapping[str, Sequence[str]]) -> Any:
    expanded = dict(document)
    for name, nested in _country_fields(cls).items():
        value = document.get(name)
        if nested is not None and isinstance(value, list):
            expanded[name] = [
                _expand(item, nested, blocs) if isinstance(item, dict) else item for item in value
            ]
        elif isinstance(value, str | list):
            codes = [value] if isinstance(value, str) else value
            members = [member for code in codes for member in _members(code, blocs)]
            expanded[name] = (
                list(dict.fromkeys(members)) if all(isinstance(m, str) for m in members) else value
            )
    return expanded


def _members(code: Any, blocs: Mapping[str, Sequence[str]]) -> list[Any]:
    if isinstance(code, str) and code in blocs and registry.countries().canonical(code) is None:
        return list(blocs[code])
    return [code]


if TYPE_CHECKING:
    Measure = _Measure
else:
    Measure = Annotated[Union[tuple(MEASURE_TYPES.values())], Field(discriminator="type")]  # noqa: UP007
"""Any registered measure, told apart by its ``type`` field."""


NESTED_REACH: dict[str, list[Reach]] = {
    "coalition-made": ["coalition-made"],
    "de-minimis": ["coalition-made", "de-minimis"],
    "foreign-direct-product": ["coalition-made", "de-minimis", "foreign-direct-product"],
}
"""Reaches are nested: a foreign-direct-product control also catches coalition-made and de-minimis items."""
DEFAULT_DE_MINIMIS = 0.25


def _first_day_after(day: dt.date | None) -> dt.date | None:
    """A scenario's last day as the supply engine's end (the first day a measure no longer applies)."""
    return None if day is None else day + dt.timedelta(days=1)


def _supply_classes(classes: Sequence[str] | None) -> list[str] | None:
    return None if classes is None else supply_codes("component_classes", "code", classes)


def supply_codes(table: str, column: str, codes: Sequence[str]) -> list[str]:
    """Registry codes as the supply engine's (the ``supply_code`` column)."""
    rows = registry.read_registry(table)
    mapping = dict(zip(rows[column], rows["supply_code"], strict=True))
    return [mapping[code] for code in codes]


def _sector_mask(sectors: Sequence[str], named: Sequence[str] | None, where: str) -> np.ndarray:
    """True for the model sectors ``named`` (all when None); ``InputError`` names an unknown one."""
    if named is None:
        return np.ones(len(sectors), dtype=bool)
    missing = [code for code in named if code not in sectors]
    if missing:
        raise InputError(
            f"{', '.join(missing)} not a sector of the model world",
            source=where,
            location="sectors",
            expected=f"sectors of the model world: {', '.join(sectors)}",
        )
    return np.isin(list(sectors), list(named))


def _bloc_membership(blocs: Sequence[str], world: ModelWorld, where: Where, notes: list[str]) -> np.ndarray:
    """(region, bloc): the share of each model region in each bloc (members of aggregates by GDP)."""
    membership = np.zeros((len(world.regions), len(blocs)))
    for column, name in enumerate(blocs):
        weights = world.region_weights(where.blocs[name], where.text, f"bloc {name}", notes)
        for region, weight in weights.items():
            membership[world.regions.index(region), column] = weight
    return membership
