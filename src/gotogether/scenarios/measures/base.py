"""What every measure type shares: the base class, the registry, and helpers of translation.

A measure type is one class, registered with ``@measure_type``: its fields (the scenario schema), the engines
it reaches (``engines``), the countries on each side of it (``sides``, for who pays), and how it becomes
engine inputs (``contribute``, adding to the scenario's ``EngineInputs``). Every list of measure types is
derived from the registry ``MEASURE_TYPES``; docs/contributing.md shows how to add one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Literal, Self, TypeVar, get_args

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from gotogether.data import registry
from gotogether.errors import InputError
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.types import Year, invalid


class Strict(BaseModel):
    # Strict: a YAML ``true`` or ``"25"`` is not silently read as the number 1 or 25.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class Where:
    """Where a measure stands in its scenario: for messages and notes, and the blocs it may name."""

    def __init__(self, scenario: str, index: int, label: str, blocs: Mapping[str, Sequence[str]]) -> None:
        self.scenario, self.index, self.blocs = scenario, index, blocs
        self.text = f"{scenario}: measures[{index}] ({label})"


Role = Literal["issuer", "target", "ally"]
"""A country's part in a measure: it issues it, the measure acts on it (a target, or where a shock lands),
or it joins the issuers' coalition or bloc (an ally). Countries given no role are third countries to it."""


class Measure(Strict):
    if TYPE_CHECKING:
        type: str  # every measure class declares its own Literal

    engines: ClassVar[tuple[str, ...]] = ()
    """The engines the measure gives inputs to (``gotogether.scenarios.inputs.ENGINES``)."""

    label: str | None = Field(None, description="Short name shown in reports")
    note: str | None = Field(None, description="Free text: what the measure stands for, its source")

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        """Countries that issue the measure and countries it targets (``home_of``: vendor -> country)."""
        return set(), set()

    def roles(self, home_of: Mapping[str, str], blocs: Mapping[str, Sequence[str]]) -> dict[str, Role]:
        """The role of each country the measure involves (ISO codes; ``blocs``: bloc name -> members).

        By default from ``sides`` (a country on both sides is an issuer); a measure with allies, or one the
        engines do not model (which gives no role), overrides it."""
        issuers, targets = self.sides(home_of)
        roles: dict[str, Role] = dict.fromkeys(sorted(targets), "target")
        roles.update(dict.fromkeys(sorted(issuers), "issuer"))
        return roles

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        """Add what the measure means for each of its ``engines`` to ``inputs`` (notes included)."""
        raise NotImplementedError


MEASURE_TYPES: dict[str, type[Measure]] = {}
"""The registry: ``type`` value -> measure class, in the order of registration."""
MeasureClass = TypeVar("MeasureClass", bound=type[Measure])


def measure_type(cls: MeasureClass) -> MeasureClass:
    """Register a measure class under the value of its ``type`` field."""
    (name,) = get_args(cls.__pydantic_fields__["type"].annotation)
    MEASURE_TYPES[name] = cls
    return cls


def check_period(start: object, end: object, names: str) -> None:
    if end is not None and start is not None and end < start:  # type: ignore[operator]
        raise invalid(
            f"{names}: the end ({end}) is before the start ({start})", "an end on or after the start"
        )


class Yearly(Measure):
    """A measure in force from ``start_year`` to ``end_year`` inclusive (omitted: to the last year, 2035)."""

    start_year: Year
    end_year: Year | None = None

    @model_validator(mode="after")
    def _years_in_order(self) -> Self:
        check_period(self.start_year, self.end_year, "years")
        return self


def check_disjoint(
    first: list[str], second: list[str], names: tuple[str, str] = ("importers", "exporters")
) -> None:
    both = sorted(set(first) & set(second))
    if both:
        raise invalid(f"{', '.join(both)} in both '{names[0]}' and '{names[1]}'", "two disjoint lists")


def supply_codes(table: str, column: str, codes: Sequence[str]) -> list[str]:
    """Registry codes as the supply engine's (the ``supply_code`` column)."""
    mapping = _supply_code_of(table, column)
    return [mapping[code] for code in codes]


@cache
def _supply_code_of(table: str, column: str) -> Mapping[str, str]:
    """``column`` -> ``supply_code`` of a packaged registry table (read once per process, as the table)."""
    rows = registry.read_registry(table)
    return MappingProxyType(dict(zip(rows[column], rows["supply_code"], strict=True)))


def sector_mask(sectors: Sequence[str], named: Sequence[str] | None, where: str) -> np.ndarray:
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


def bloc_roles(blocs: Sequence[str], members: Mapping[str, Sequence[str]]) -> dict[str, Role]:
    """Roles in a measure between blocs: members of the first bloc named join it (allies), the members of
    the others are on the side it acts against (targets)."""
    roles: dict[str, Role] = {}
    for position, name in enumerate(blocs):
        for country in members[name]:
            roles.setdefault(country, "ally" if position == 0 else "target")
    return roles


def bloc_membership(blocs: Sequence[str], world: ModelWorld, where: Where, notes: list[str]) -> np.ndarray:
    """(region, bloc): the share of each model region in each bloc (members of aggregates by GDP)."""
    membership = np.zeros((len(world.regions), len(blocs)))
    for column, name in enumerate(blocs):
        weights = world.region_weights(where.blocs[name], where.text, f"bloc {name}", notes)
        for region, weight in weights.items():
            membership[world.regions.index(region), column] = weight
    return membership


def anchors_note(where: Where) -> str:
    """The note of a measure that bars vendors from new radio (``Ban`` without a cap): the rollout's rule
    for the 4G anchors non-standalone 5G needs (engines/rollout/swaps.py, ``anchor_lag``, ``swap_ahead``,
    ``latest_swaps``)."""
    return (
        f"{where.text}: new 5G on the banned vendors' 4G sites waits for their swap "
        "(non-standalone anchors); operators swap in the order of their 5G plan, ahead of the "
        "deadline where the plan waits and as late as the years they foresee allow without crowding "
        "out a later year's build (their plan; the deadline's 4G, 5G and core lines, the 5G line's peak "
        "raised by what a ban's part year still buys from the banned vendors, the larger of the 4G and "
        "5G lines' schedules taken, not the larger per vendor; their envelope at each coming year's "
        "prices under the bans in force, at this year's costs), "
        "at most a footprint in rollout.swap_pace_years (BT and Vodafone UK, July 2020); when to swap "
        "is this rule, not a cost trade-off, and a cap does not hold 5G back for its anchors"
    )


def changeover_note(where: Where) -> str:
    """The note of a measure that forces vendors off new radio (a ban or a cap): the rollout's vendor
    changeover and the crews of a swap programme (engines/rollout/changeover.py)."""
    return (
        f"{where.text}: the new 5G of the footprint the measure forces off its vendors (their share of the "
        "2019 4G RAN; for a cap the part above it) waits for the operators' changeover to other vendors, "
        "rollout.changeover_years from the day it was decided (its start when no announcement is given); "
        "one network per country puts the whole footprint on one lead time, and swaps are not held by it; "
        "contractors add a swap programme's crews at rollout.crew_ramp a year from that day"
    )
