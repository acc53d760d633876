"""Measures on the whole economy's supply: capacity disruptions, trade-route disruptions and stockpiles
(disruption engine, docs/disruption.md).

A disruption has a monthly profile: it starts on ``start`` (its month is the first month hit), takes
``depth`` of the capacity (or of the flows) for ``months`` months, and recovers in a straight line over
``recovery_months``. A capacity disruption of semiconductors (sector SEMI, or all sectors) also reaches the
supply engine: the chip classes made in the countries hit lose ``depth`` of their supply from ``start`` until
half-way through the recovery, so the RAN vendors' chip shortage slows 5G rollout where chips bind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from gotogether.engines.disruption import CapacityLoss, Profile, RouteCut, SoleSupplierLoss, Stockpile
from gotogether.engines.supply import Disruption as SupplyDisruption
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures.base import (
    Measure,
    Where,
    Yearly,
    check_disjoint,
    measure_type,
    sector_mask,
    supply_codes,
)
from gotogether.scenarios.types import Countries, Date, Sectors

CHIP_SECTOR = "SEMI"
CHIP_CLASSES = ("baseband-soc", "fpga", "rf-frontend", "memory", "power")
"""The component classes of the value network made in semiconductor fabs."""
Months = Annotated[int, Field(ge=1, le=120, description="Months")]


class Dated(Measure):
    """A disruption with a monthly profile (see the module docstring)."""

    start: Date = Field(description="First day of the disruption: its month is the first month hit")
    depth: float = Field(gt=0, le=1, description="Share lost at the worst (0.9 = 90 %)")
    months: Months = Field(description="Months at full depth")
    recovery_months: Annotated[int, Field(ge=0, le=120)] = Field(
        3, description="Months over which the loss falls back to zero, in a straight line"
    )

    engines: ClassVar[tuple[str, ...]] = ("disruption", "trade")

    @property
    def profile(self) -> Profile:
        return Profile(f"{self.start:%Y-%m}", self.depth, self.months, self.recovery_months)


@measure_type
class CapacityDisruption(Dated):
    """Productive capacity of ``sectors`` (omit for all) in ``countries`` lost along the profile."""

    type: Literal["capacity-disruption"]
    countries: Countries
    sectors: Sectors | None = Field(None, description="Sectors hit; omit for all")

    engines: ClassVar[tuple[str, ...]] = ("disruption", "supply", "trade")

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(), set(self.countries)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        sector_mask(world.trade.sectors, self.sectors, where.text)  # unknown sectors are refused here
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        sectors = tuple(self.sectors) if self.sectors is not None else None
        inputs.disruption_events.append(CapacityLoss(weights, sectors, self.profile))
        made_in = [code for code in self.countries if code in world.network.countries]
        if made_in and (sectors is None or CHIP_SECTOR in sectors):
            end = self.start + dt.timedelta(days=round(30.4 * (self.months + self.recovery_months / 2)))
            inputs.supply_disruptions.append(
                SupplyDisruption(
                    name=self.label or f"{where.scenario} measure {where.index}",
                    made_in=made_in,
                    item_classes=supply_codes("component_classes", "code", CHIP_CLASSES),
                    share=self.depth,
                    start=self.start,
                    end=end,
                )
            )
            inputs.notes.append(
                f"{where.text}: the RAN vendors' chips made in {', '.join(made_in)} lose "
                f"{self.depth:.0%} of their supply from {self.start} to {end} (the supply engine takes a "
                "constant loss: the recovery is approximated by its midpoint); in the rollout a vendor short "
                "of chips builds at most its feasible share of that year's deliveries, and its rivals' extra "
                "sites are bounded by the spare capacity left at their own suppliers (their stocks serve "
                "their own baseline only: an assumption)"
            )


@measure_type
class SoleSupplierDisruption(Dated):
    """A firm-level chokepoint the table's sectors cannot see: ``sectors`` in ``countries`` need, for
    ``dependent_share`` of their output, a part from a single supplier with no substitute in the short run
    (Renesas's car microcontrollers in 2011); the supplier loses its output of the part along the profile;
    the buyers hold ``stock_weeks`` of it. What their stocks cannot cover stops that share of their output.
    The supplier's own loss of capacity is a capacity-disruption of its own sector."""

    type: Literal["sole-supplier-disruption"]
    countries: Countries
    sectors: Sectors = Field(description="The buyers' sectors (e.g. TREQ)")
    dependent_share: float = Field(gt=0, le=1, description="Share of the buyers' output that needs the part")
    stock_weeks: float = Field(0.0, ge=0, le=52, description="Weeks of the part's use the buyers hold")

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(), set(self.countries)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        sector_mask(world.trade.sectors, self.sectors, where.text)
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        sectors, share = tuple(self.sectors), self.dependent_share
        inputs.disruption_events.append(
            SoleSupplierLoss(weights, sectors, share, self.stock_weeks, self.profile)
        )
        inputs.notes.append(
            f"{where.text}: {self.dependent_share:.0%} of {', '.join(self.sectors)}'s output in "
            f"{', '.join(self.countries)} needs a part from a single supplier with no substitute; what "
            f"{self.stock_weeks:g} weeks of stock cannot cover of the supplier's loss is lost output "
            "(stocks are not refilled within the disruption)"
        )


@measure_type
class RouteDisruption(Dated):
    """Every flow from ``exporters`` to ``importers`` (both ways unless ``one_way``) cut along the profile
    (depth: the share of the flows that cannot be delivered)."""

    type: Literal["route-disruption"]
    exporters: Countries
    importers: Countries
    one_way: bool = Field(False, description="Cut only the flows from exporters to importers")

    @model_validator(mode="after")
    def _distinct_sides(self) -> Self:
        check_disjoint(self.importers, self.exporters)
        return self

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(), set(self.exporters) | set(self.importers)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        out = world.region_weights(self.exporters, where.text, "exporters", inputs.notes)
        into = world.region_weights(self.importers, where.text, "importers", inputs.notes)
        inputs.disruption_events.append(RouteCut(out, into, not self.one_way, self.profile))


@measure_type
class Stockpiling(Yearly):
    """Inventories of ``sectors``' products held in ``countries`` raised by ``extra_weeks`` of use, from
    ``start_year`` to ``end_year``; holding them costs ``disruption.holding_cost`` of their value a year."""

    type: Literal["stockpile"]
    countries: Countries
    sectors: Sectors = Field(description="Products stockpiled (e.g. SEMI)")
    extra_weeks: float = Field(gt=0, le=52, description="Extra weeks of use held")

    engines: ClassVar[tuple[str, ...]] = ("disruption", "trade")

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(self.countries), set()

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        sector_mask(world.trade.sectors, self.sectors, where.text)
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        inputs.disruption_events.append(
            Stockpile(weights, tuple(self.sectors), self.extra_weeks, self.start_year, self.end_year)
        )
