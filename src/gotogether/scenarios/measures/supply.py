"""Measures on supply: export controls, foundry listings, divestitures and supply disruptions (supply engine).

Dates are days (the supply engine acts on monthly steps); shares are between 0 and 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from gotogether.engines.supply import CoalitionJoin, Disruption, SubstitutionCap
from gotogether.engines.supply import Divestiture as SupplyDivestiture
from gotogether.engines.supply import ExportControl as SupplyControl
from gotogether.engines.supply import Licence as SupplyLicence
from gotogether.engines.supply.measures import Reach
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures.base import (
    Measure,
    Role,
    Strict,
    Where,
    check_disjoint,
    check_period,
    measure_type,
    supply_codes,
)
from gotogether.scenarios.types import ComponentClasses, Countries, Date, Share, VendorName, Vendors, invalid

NESTED_REACH: dict[str, list[Reach]] = {
    "coalition-made": ["coalition-made"],
    "de-minimis": ["coalition-made", "de-minimis"],
    "foreign-direct-product": ["coalition-made", "de-minimis", "foreign-direct-product"],
}
"""Reaches are nested: a foreign-direct-product control also catches coalition-made and de-minimis items."""
DEFAULT_DE_MINIMIS = 0.25


def first_day_after(day: dt.date | None) -> dt.date | None:
    """A scenario's last day as the supply engine's end (the first day a measure no longer applies)."""
    return None if day is None else day + dt.timedelta(days=1)


def supply_classes(classes: Sequence[str] | None) -> list[str] | None:
    return None if classes is None else supply_codes("component_classes", "code", classes)


class Licence(Strict):
    """Supply that remains allowed despite a control (a licence, an exemption, a grace period)."""

    item_classes: ComponentClasses | None = Field(None, description="Classes covered; omit for all")
    firms: list[Annotated[str, Field(min_length=1)]] | None = Field(
        None, description="Licensed firms; omit for all"
    )
    start: Date | None = Field(
        None, description="First day the licence applies; omit for the measure's start"
    )
    share: Share = Field(
        1.0,
        description="Share of the otherwise blocked supply still allowed (a firm with no baseline supply of "
        "a class: its line may serve this share times supply.licensed_entry.<class> of the target's need)",
    )
    until: Date | None = Field(None, description="Last day the licence applies; omit for no end")
    note: str | None = None


class Joining(Strict):
    """A country that joins the issuing coalition at a later date."""

    countries: Countries = Field(description="Country or countries joining")
    start: Date


@measure_type
class ExportControl(Measure):
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
    plants_abroad: bool = Field(
        True,
        description="Items of issuer firms made outside the coalition are caught; false: only through "
        "de minimis or the foreign direct product rule (the Entity List of May 2019 let US firms ship from "
        "plants abroad)",
    )
    stockpile_from: Date | None = Field(
        None,
        description="Day the target began buying stock ahead of the control (its stock above working stock "
        "is bought from then until the start); omit if it did not see the control coming",
    )
    stock_denied: bool = Field(
        False,
        description="A denial order (EAR part 764: the target may not use, store or sell items exported "
        "from the issuers): while it is in force the target cannot draw on its stock of the items the "
        "measure blocks; false: a licence requirement on new exports only (the Entity List)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.target_vendors and not self.target_countries:
            raise invalid("an export control needs a target", "'target_vendors' or 'target_countries'")
        if (self.reach == "de-minimis") != (self.de_minimis_threshold is not None):
            raise invalid(
                "'de_minimis_threshold' goes with reach 'de-minimis' and only with it",
                "reach: de-minimis with de_minimis_threshold: 0.25",
            )
        check_period(self.start, self.end, "dates")
        if self.stockpile_from is not None and self.stockpile_from >= self.start:
            raise invalid(
                f"stockpiling from {self.stockpile_from} is not before the start {self.start}",
                "a stockpile_from day before start",
            )
        for licence in self.licences:
            check_period(licence.start, licence.until, "licence dates")
        for member in self.joining:
            if member.start <= self.start:
                members = ", ".join(member.countries)
                raise invalid(
                    f"{members} joins on {member.start}, not after the start {self.start}",
                    "founding members in 'issuers', later members in 'joining'",
                )
            check_disjoint(self.issuers, member.countries, ("issuers", "joining"))
        return self

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def roles(self, home_of: Mapping[str, str], blocs: Mapping[str, Sequence[str]]) -> dict[str, Role]:
        roles: dict[str, Role] = {country: "ally" for member in self.joining for country in member.countries}
        roles.update(dict.fromkeys(self.target_countries or [], "target"))
        roles.update({home_of[name]: "target" for name in self.target_vendors or []})
        roles.update(dict.fromkeys(self.issuers, "issuer"))
        return roles

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        name = self.label or f"{where.scenario} measure {where.index}"
        licences = [
            SupplyLicence(
                name=licence.note or f"{name} licence {number}",
                firms=licence.firms,
                item_classes=supply_classes(licence.item_classes),
                start=licence.start,
                end=first_day_after(licence.until),
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
                item_classes=supply_classes(self.item_classes),
                start=self.start,
                end=self.end,
                reach=NESTED_REACH[self.reach],
                de_minimis_threshold=self.de_minimis_threshold or DEFAULT_DE_MINIMIS,
                fdpr_scope=self.fdpr_scope,
                licences=licences,
                joins=joins,
                plants_abroad=self.plants_abroad,
                stockpile_from=self.stockpile_from,
                stock_denied=self.stock_denied,
            )
        )


@measure_type
class FoundryListing(Measure):
    """A foundry on the issuers' entity list that makes the target's domestic substitutes (SMIC, 18 December
    2020): from ``start`` the part of the target's substitution capacity of ``item_classes`` that needs the
    foundry's advanced nodes (``supply.foundry_listing_scope.<class>``, the whole class where none is given)
    is held at ``supply.foundry_listing_ceiling`` of its need (what the foundry could still make), where it
    grows towards the class's own ceiling without it; the rest of the class grows as before. The foundry's
    tool purchases are not modelled (a note says so)."""

    type: Literal["foundry-listing"]
    foundry: str = Field(min_length=1, description="The listed foundry (for reports and notes)")
    issuers: Countries = Field(description="The country or coalition listing the foundry")
    target_vendors: Vendors = Field(description="Vendors whose substitutes the foundry would make")
    item_classes: ComponentClasses = Field(description="Component classes the foundry makes for them")
    start: Date

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(self.issuers), {home_of[name] for name in self.target_vendors}

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        name = self.label or f"{where.scenario} measure {where.index}"
        inputs.supply_caps.append(
            SubstitutionCap(
                name=name,
                target_vendors=supply_codes("vendors", "name", self.target_vendors),
                item_classes=supply_classes(self.item_classes) or [],
                start=self.start,
                foundry=self.foundry,
            )
        )
        inputs.notes.append(
            f"{where.text}: the listing of {self.foundry} acts only as a ceiling on the substitution "
            f"capacity of {', '.join(self.target_vendors)} (supply.foundry_listing_ceiling of its need of "
            f"{', '.join(self.item_classes)} from {self.start}, on the part of each class that needs the "
            f"foundry's advanced nodes, supply.foundry_listing_scope.<class>); {self.foundry} is taken to "
            "make all the substitutes of those classes (its sales with and without the listing: run table "
            f"listed_foundry_sales); {self.foundry}'s purchases of the issuers' tools are not modelled"
        )


@measure_type
class Divestiture(Measure):
    """A vendor sells a share of one of its business lines to a buyer no measure names (Huawei's sale of
    Honor to Shenzhen Zhixin New Information Technology, announced 17 November 2020): from ``start`` the
    vendor's need and purchases of the business's bill of materials fall by ``share`` (of that business;
    omitted: the sampled ``supply.divestiture_share``), and the buyer buys that part at baseline from the
    vendor's suppliers, the part the vendor's own lines made (its chip designer) from the class's other
    firms. What the vendor holds (its stock, its substitution capacity, a listed foundry's output for it)
    stays with it. Its revenue of the business is reported net of the divested share (run table
    target_business_revenue; the buyer's purchases: divested_purchases)."""

    type: Literal["divestiture"]
    vendor: VendorName = Field(description="The vendor that sells part of its business")
    business: Literal["carrier", "consumer", "enterprise"] = Field(description="The business line sold")
    buyer: str = Field(min_length=1, description="Who buys it (no measure of the scenario names it)")
    share: Share | None = Field(
        None, description="Share of the business sold; omit for the sampled supply.divestiture_share"
    )
    start: Date = Field(description="Day the business leaves the vendor")

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(), {home_of[self.vendor]}

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        name = self.label or f"{where.scenario} measure {where.index}"
        inputs.supply_divestitures.append(
            SupplyDivestiture(
                name=name,
                vendor=supply_codes("vendors", "name", [self.vendor])[0],
                business=self.business,
                buyer=self.buyer,
                start=self.start,
                share=self.share,
            )
        )
        share = "supply.divestiture_share" if self.share is None else f"{self.share:g}"
        inputs.notes.append(
            f"{where.text}: {self.buyer} buys {share} of {self.vendor}'s {self.business} business from "
            f"{self.start}: at baseline prices, reaching baseline volumes along a linear ramp of "
            "supply.divestiture_ramp_months from its start (the part not yet reached is lost to the "
            "suppliers, and output lost in the trade coupling; the rest is at baseline; no new supplier to "
            f"qualify, no demand of its own), from {self.vendor}'s suppliers, the part {self.vendor}'s own "
            "lines made from the class's independent firms; no measure of the scenario reaches it; "
            f"{self.vendor} keeps its stock, its substitution capacity and a listed foundry's output for it "
            "(run table divested_purchases)"
        )
        if self.business != "consumer":
            inputs.notes.append(
                f"{where.text}: the rollout still has {self.vendor} sell its whole RAN business: the buyer "
                f"of its {self.business} business is no vendor of the rollout (only the supply engine and "
                "the trade coupling see the sale)"
            )


@measure_type
class SupplyDisruption(Measure):
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
        check_period(self.start, self.end, "dates")
        return self

    engines: ClassVar[tuple[str, ...]] = ("supply",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(), set(self.countries or [])  # where the shock lands (firms alone: no country)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        inputs.supply_disruptions.append(
            Disruption(
                name=self.label or f"{where.scenario} measure {where.index}",
                made_in=list(self.countries or []),
                firms=list(self.firms or []),
                item_classes=supply_classes(self.item_classes),
                share=self.share,
                start=self.start,
                end=first_day_after(self.end),
            )
        )
