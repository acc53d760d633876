"""The target's own measures against the issuers' firms (retaliation): tender exclusion (rollout engine) and
an unreliable entity list (supply engine, and through it trade flows).

``sides`` names the retaliating country as this measure's issuer and the countries whose firms it hits as
its target (the reverse of the control it answers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from gotogether.engines.rollout.measures import Ban
from gotogether.engines.supply import ExportControl as SupplyControl
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures.base import (
    Measure,
    Where,
    anchors_note,
    changeover_note,
    check_period,
    measure_type,
    supply_codes,
)
from gotogether.scenarios.measures.supply import supply_classes
from gotogether.scenarios.types import ComponentClasses, Countries, Date, Vendors, invalid


@measure_type
class TenderExclusion(Measure):
    """The target country's operators exclude the vendors of the issuing countries (or named vendors) from
    their tenders: a ban on new equipment in the rollout from ``start`` (no rip-and-replace)."""

    type: Literal["tender-exclusion"]
    countries: Countries = Field(description="The retaliating countries whose operators exclude the vendors")
    against: Countries | None = Field(None, description="Countries whose vendors are excluded")
    vendors: Vendors | None = Field(None, description="Vendors excluded (besides those of 'against')")
    start: Date

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.against and not self.vendors:
            raise invalid("a tender exclusion needs whom it excludes", "'against' or 'vendors'")
        return self

    engines: ClassVar[tuple[str, ...]] = ("rollout",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(self.countries), set(self.against or []) | {home_of[v] for v in self.vendors or []}

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        homes = set(self.against or [])
        vendors = list(supply_codes("vendors", "name", self.vendors or []))
        vendors += [v for v, home in world.vendor_home.items() if home in homes and v not in vendors]
        if not vendors:
            inputs.notes.append(
                f"{where.text}: no RAN vendor is at home in {', '.join(sorted(homes))}; the exclusion "
                "changes no rollout"
            )
            return
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        inputs.bans += [
            Ban(name=where.text, countries=[region], vendors=vendors, start=self.start, weight=weight)
            for region, weight in weights.items()
            if weight > 0.0
        ]
        if any(weight > 0.0 for weight in weights.values()):
            inputs.notes.append(anchors_note(where))
            inputs.notes.append(changeover_note(where))


@measure_type
class UnreliableEntityList(Measure):
    """Buyers in the target country stop buying from the issuing countries' firms (or named firms) from
    ``start`` to ``end``: every vendor at home there loses those suppliers' lines, wherever made."""

    type: Literal["unreliable-entity-list"]
    countries: Countries = Field(description="The retaliating countries whose buyers stop buying")
    against: Countries = Field(description="Countries whose firms are listed")
    firms: list[Annotated[str, Field(min_length=1)]] | None = Field(
        None, description="Listed firms of those countries; omit for all of them"
    )
    item_classes: ComponentClasses | None = Field(None, description="Component classes; omit for all")
    start: Date
    end: Date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_period(self.start, self.end, "dates")
        return self

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(self.countries), set(self.against)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        # The supply engine's control blocks the lines of the listed countries' firms for the vendors at
        # home in the retaliating countries: the same cut, seen from the seller's side.
        inputs.supply_controls.append(
            SupplyControl(
                name=self.label or f"{where.scenario} measure {where.index}",
                issuers=self.against,
                target_countries=self.countries,
                item_classes=supply_classes(self.item_classes),
                firms=self.firms,
                start=self.start,
                end=self.end,
                reach=["coalition-made"],
            )
        )
