"""Measures on the 5G rollout: vendor bans with rip-and-replace, and standards splits (rollout engine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import ClassVar, Literal, Self, get_args

import numpy as np
from pydantic import Field, model_validator

from gotogether.data.rollout.tables import load_operators
from gotogether.engines.rollout.measures import Ban, Members
from gotogether.engines.rollout.measures import StandardsSplit as LearningSplit
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures.base import (
    Measure,
    Role,
    Where,
    anchors_note,
    bloc_membership,
    bloc_roles,
    changeover_note,
    measure_type,
    supply_codes,
)
from gotogether.scenarios.types import BlocNames, Countries, Date, Share, Vendors, Year, invalid

NetworkDomain = Literal["ran", "core", "transmission", "management"]
EQUIPMENT_OF = {"ran": "radio", "core": "core"}
"""The rollout's equipment class of each network domain it models."""


@measure_type
class VendorBan(Measure):
    """Countries barring vendors from (parts of) their networks, with an optional rip-and-replace deadline."""

    type: Literal["vendor-ban"]
    countries: Countries = Field(description="The banning countries")
    vendors: Vendors
    start: Date = Field(description="First day no new equipment of the vendors may be deployed")
    announced: Date | None = Field(
        None,
        description="Day the ban was decided, on or before the start (none: the start): operators change "
        "over to other vendors from it (rollout.changeover_years)",
    )
    rip_and_replace_by: Date | None = Field(None, description="Deadline to remove installed equipment")
    scope: list[NetworkDomain] = Field(default_factory=lambda: list(get_args(NetworkDomain)), min_length=1)
    cap: Share = Field(0.0, description="Largest share the vendors may keep in the scope (0 = a full ban)")
    removes: Literal["4g-and-5g", "5g"] = Field(
        "4g-and-5g",
        description="The radio the rip-and-replace deadline removes: the vendors' 4G and 5G radio, or their "
        "5G radio only (with it the 4G anchor of each site whose 5G goes, non-standalone 5G running on the "
        "same vendor's 4G; their other 2G-4G radio stays)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.rip_and_replace_by is not None and self.rip_and_replace_by <= self.start:
            raise invalid(
                f"rip_and_replace_by ({self.rip_and_replace_by}) is not after the start ({self.start})",
                "a deadline after the start, or none",
            )
        if self.announced is not None and self.announced > self.start:
            raise invalid(
                f"announced ({self.announced}) is after the start ({self.start})", "a date on or before start"
            )
        return self

    engines: ClassVar[tuple[str, ...]] = ("rollout",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        if "ran" not in self.scope:  # not modelled (see contribute): no role
            return set(), set()
        return set(self.countries), {home_of[name] for name in self.vendors}

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        equipment = tuple(EQUIPMENT_OF[domain] for domain in ("ran", "core") if domain in self.scope)
        # with the RAN in scope, transmission and management go with the swap visit (its work, fitted to the
        # US programme, includes backhaul); on their own they are not modelled
        unmodelled = [domain for domain in self.scope if domain not in EQUIPMENT_OF]
        if unmodelled and "ran" not in self.scope:
            inputs.notes.append(
                f"{where.text}: the ban of {'/'.join(unmodelled)} is not modelled (the rollout has radio and "
                "core equipment only)"
            )
        if not equipment:
            return
        if self.cap > 0 and self.rip_and_replace_by is not None:
            inputs.notes.append(
                f"{where.text}: a cap of {self.cap:.0%} limits new purchases only; installed kit above "
                "the cap is not removed by the deadline"
            )
        if "ran" in self.scope and self.cap <= 0:
            inputs.notes.append(anchors_note(where))
        if "ran" in self.scope:
            inputs.notes.append(changeover_note(where))
        by_operator = sorted(set(self.countries) & set(load_operators()["country"]))
        if self.cap > 0 and "ran" in self.scope and by_operator:
            inputs.notes.append(
                f"{where.text}: in {', '.join(by_operator)} the cap acts on each operator's access network "
                "(its 4G sites and the vendors' share of its RAN, sourced before 2021 with ranges: "
                "operators.csv), what it forces off summed to the country; the 5G plan, the envelope and "
                "the crews stay one per country"
            )
        if "ran" in self.scope and self.removes == "5g" and self.rip_and_replace_by is not None:
            inputs.notes.append(
                f"{where.text}: the deadline removes the vendors' 5G radio and the 4G anchor of each site "
                "whose 5G goes; their other 2G-4G radio stays (new 5G on it still waits for its anchor's "
                "swap), and operators plan ahead only for those anchors (the 5G's straight line is met "
                "year by year)"
            )
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        vendors = supply_codes("vendors", "name", self.vendors)
        whole = [region for region, weight in weights.items() if weight == 1.0]
        groups = [(whole, 1.0)] if whole else []
        groups += [([region], weight) for region, weight in weights.items() if 0.0 < weight < 1.0]
        members = self._members(world, [region for region, weight in weights.items() if 0.0 < weight < 1.0])
        for region, figures in members.items():
            inputs.notes.append(
                f"{where.text}: in the rollout the members' ban covers a sub-market of {region} of their own "
                f"{figures.population / 1e6:.2f} million people (World Bank 2019), with the region's 4G "
                "sites per person and its 5G envelope per person scaled by their GDP per person relative to "
                f"the region's ({figures.capex_ratio:.2f}x; an assumption: no member's envelope is sourced); "
                "the rest of the region keeps every vendor and the rest of its envelope"
            )
        unsized = [
            region for region, weight in weights.items() if 0.0 < weight < 1.0 and region not in members
        ]
        if unsized:
            inputs.notes.append(
                f"{where.text}: in the rollout the members' ban covers a sub-market of "
                f"{', '.join(unsized)} of their weight (that share of its population, 4G grid and 5G "
                "envelope, at the region's per-person figures: a member lacks a 2019 population or GDP); "
                "the rest of the region keeps every vendor"
            )
        inputs.bans += [
            Ban(
                name=where.text,
                countries=regions,
                vendors=vendors,
                start=self.start,
                deadline=None if self.cap > 0 else self.rip_and_replace_by,
                equipment=equipment,
                weight=weight,
                cap=self.cap,
                members={region: members[region] for region in regions if weight < 1.0 and region in members},
                removes_4g=self.removes == "4g-and-5g",
                announced=self.announced,
            )
            for regions, weight in groups
        ]

    def _members(self, world: ModelWorld, regions: Sequence[str]) -> dict[str, Members]:
        """The banning members of each aggregate region in ``regions`` with their own population and 5G
        envelope per person (the region's scaled by their GDP per person relative to the region's)."""
        found: dict[str, Members] = {}
        for region in regions:
            codes = [
                code for code in self.countries if world.region_of.get(code) == region and code != region
            ]
            figures = world.per_person(region, codes)
            if figures is not None:
                found[region] = Members(population=figures[0], capex_ratio=figures[1])
        return found


@measure_type
class StandardsSplit(Measure):
    """Blocs that stop sharing standards (each bloc buys from its own vendors and those of no bloc) and/or
    stop learning from each other's vendors (the spillover between vendors of different blocs is cut)."""

    type: Literal["standards-split"]
    blocs: BlocNames
    learning_pools: bool = Field(
        False,
        description="The blocs' vendors stop learning from each other: the spillover between vendors whose "
        "home countries are in different blocs is cut (each vendor always learns from its own shipments)",
    )
    standards: bool = Field(True, description="Incompatible standards: vendors cannot serve the other bloc")
    cost_premium: float = Field(0.0, ge=0, le=1, description="Extra equipment cost of duplicated standards")
    start_year: Year

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not (self.learning_pools or self.standards):
            raise invalid("a split needs 'learning_pools' or 'standards' (or both) true")
        return self

    engines: ClassVar[tuple[str, ...]] = ("rollout",)

    def roles(self, home_of: Mapping[str, str], blocs: Mapping[str, Sequence[str]]) -> dict[str, Role]:
        return bloc_roles(self.blocs, blocs)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        # the rollout's regions are whole: each joins the bloc holding most of its GDP, if any does; countries
        # in no bloc keep every vendor no ban excludes
        membership = bloc_membership(self.blocs, world, where, inputs.notes)
        bloc_of = {
            region: self.blocs[int(np.argmax(row))]
            for region, row in zip(world.regions, membership, strict=True)
            if row.max() >= 0.5 and region in world.rollout_countries
        }
        start = dt.date(self.start_year, 1, 1)
        if self.learning_pools:
            vendor_blocs = {
                vendor: bloc_of[home] for vendor, home in world.vendor_home.items() if home in bloc_of
            }
            inputs.learning_split = LearningSplit(vendor_blocs=vendor_blocs, start=start)
            if len(set(vendor_blocs.values())) < 2:
                inputs.notes.append(
                    f"{where.text}: the vendors' home countries are in fewer than two of the blocs, so "
                    "no spillover of learning between vendors is cut"
                )
        if self.standards:
            before = len(inputs.bans)
            for name in self.blocs:
                members = [region for region, bloc in bloc_of.items() if bloc == name]
                foreign = [
                    vendor for vendor, home in world.vendor_home.items() if bloc_of.get(home, name) != name
                ]
                if members and foreign:
                    inputs.bans.append(
                        Ban(name=f"{where.text}: {name}", countries=members, vendors=foreign, start=start)
                    )
            if len(inputs.bans) > before:
                inputs.notes.append(anchors_note(where))
                inputs.notes.append(changeover_note(where))
        if self.cost_premium > 0:
            inputs.notes.append(
                f"{where.text}: the {self.cost_premium:.0%} duplicated-standards premium is not modelled"
            )
