"""Export controls as typed models a scenario file maps onto one-to-one, and their validation.

An ``ExportControl`` is issued by a coalition of countries against target vendors (or every vendor of a
target country), covers some component classes (all by default) from a start date, and reaches:

- ``coalition-made``: items made in a coalition country, and items of coalition firms made abroad unless
  ``plants_abroad`` is False (the Entity List of May 2019 did not reach US firms' foreign plants below de
  minimis; the foreign-direct-product rules of 2020 did);
- ``de-minimis``: foreign items whose coalition content share (through the technology-dependency graph)
  exceeds ``de_minimis_threshold`` (US rule: 25%, EAR 734.4);
- ``foreign-direct-product``: foreign items made with coalition technology (EDA, lithography, wafer
  equipment, IP), whether designed by the target (``fdpr_scope="target-designed"``, the rule of 15 May
  2020) or any item the target buys (``"all"``, the expansion of 17 August 2020).

``firms`` limits a measure to those firms' lines (a list of firms rather than whole countries). Licences
exempt part of what is caught (by firm, class and time window); allies can join later. A
target that sees a control coming (``stockpile_from``) buys its stock above working stock from that day to
the start, so the stock it draws on is bought, not given.
A denial order (``stock_denied``; EAR part 764, BIS's order against ZTE of 15 April 2018) denies the target
more than new exports: it may not use, store or sell any item exported from the issuer that is subject to
its rules, so while the order is in force the target cannot draw on the part of its stock bought from the
lines the order blocks; the Entity List's licence requirement (the default) reaches new exports only.

A ``SubstitutionCap`` (a foundry on the Entity List that makes the target's substitutes) holds the target's
domestic substitution capacity of some classes at a share of its need from a date.

A ``Divestiture`` moves a share of a vendor's business line to a buyer no measure names (Huawei's sale of
Honor, November 2020): the vendor's need of that business's bill of materials falls by the share and the
buyer buys it (``engines.supply.divest``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gotogether.engines.supply.network import ValueNetwork
from gotogether.errors import InputError, did_you_mean

Reach = Literal["coalition-made", "de-minimis", "foreign-direct-product"]


def _coalition_made() -> list[Reach]:
    return ["coalition-made"]


class Licence(BaseModel):
    """An exemption: ``share`` of the caught supply of ``firms`` (all if None) in ``item_classes`` (all if
    None) may still ship between ``start`` (the measure's start if None) and ``end`` (open if None). A firm
    with no baseline supply of a class to a target has nothing caught: the licence opens its line, which may
    serve ``share`` times ``SupplyParameters.licensed_entry`` of the target's need of the class."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    firms: list[str] | None = None
    item_classes: list[str] | None = None
    start: date | None = None
    end: date | None = None
    share: float = Field(1.0, ge=0.0, le=1.0)


class CoalitionJoin(BaseModel):
    """A country that joins the issuing coalition at a later date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str
    date: date


class ExportControl(BaseModel):
    """One export-control measure; see the module docstring for the meaning of each reach."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    issuers: list[str] = Field(min_length=1)
    target_vendors: list[str] = []
    target_countries: list[str] = []
    item_classes: list[str] | None = None
    firms: list[str] | None = None
    start: date
    end: date | None = None
    reach: list[Reach] = Field(default_factory=_coalition_made, min_length=1)
    de_minimis_threshold: float = Field(0.25, ge=0.0, le=1.0)
    fdpr_scope: Literal["all", "target-designed"] = "all"
    licences: list[Licence] = []
    joins: list[CoalitionJoin] = []
    plants_abroad: bool = True
    stockpile_from: date | None = None
    stock_denied: bool = False

    @model_validator(mode="after")
    def _has_target_and_order(self) -> ExportControl:
        if not self.target_vendors and not self.target_countries:
            raise ValueError(f"measure {self.name!r} names no target_vendors and no target_countries")
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"measure {self.name!r} ends ({self.end}) before it starts ({self.start})")
        if self.stockpile_from is not None and self.stockpile_from >= self.start:
            raise ValueError(
                f"measure {self.name!r}: stockpiling from {self.stockpile_from} is not before the start"
            )
        return self


class Disruption(BaseModel):
    """Capacity lost for a period: a share of the supply of the lines made in ``made_in`` countries or by
    ``firms`` (either or both), for ``item_classes`` (all if None), to every vendor, from ``start`` to
    ``end`` (the first day capacity is back; None: a permanent loss)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    made_in: list[str] = []
    firms: list[str] = []
    item_classes: list[str] | None = None
    share: float = Field(gt=0.0, le=1.0)
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _has_place_and_order(self) -> Disruption:
        if not self.made_in and not self.firms:
            raise ValueError(f"disruption {self.name!r} names no made_in country and no firm")
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"disruption {self.name!r} ends ({self.end}) before it starts ({self.start})")
        return self


class SubstitutionCap(BaseModel):
    """From ``start``, the domestic substitutes of ``target_vendors`` for ``item_classes`` make at most
    ``ceiling`` of the vendor's need of each class (``ceiling`` None: the ``foundry_listing_ceiling``
    parameter): the foundry that would make them is listed and cannot add the capacity."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    target_vendors: list[str] = Field(min_length=1)
    item_classes: list[str] = Field(min_length=1)
    start: date
    ceiling: float | None = Field(None, ge=0.0, le=1.0)
    foundry: str | None = None  # the listed foundry that makes the substitutes (for its sales)


class Divestiture(BaseModel):
    """From ``start``, ``share`` of ``vendor``'s ``business`` (None: the ``divestiture_share`` parameter)
    leaves it for ``buyer``, a firm no measure names, which buys that part of the business's bill of
    materials at baseline from the vendor's suppliers (``engines.supply.divest``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    vendor: str
    business: Literal["carrier", "consumer", "enterprise"]
    buyer: str = Field(min_length=1)
    start: date
    share: float | None = Field(None, ge=0.0, le=1.0)


def validate_divestitures(divestitures: Sequence[Divestiture], network: ValueNetwork) -> None:
    """Check every divestiture names a vendor of ``network`` and a business it has (a vendor without
    reported business lines has only its carrier business) (``InputError``)."""
    for divestiture in divestitures:
        where = f"divestiture {divestiture.name!r}"
        _known([divestiture.vendor], network.vendors, where, "vendor", "vendors")
        reported = sorted(network.business_lines(divestiture.vendor))
        what = f"businesses of {divestiture.vendor}: {', '.join(reported)}"
        _known([divestiture.business], reported, where, "business", what)


def validate_caps(caps: Sequence[SubstitutionCap], network: ValueNetwork) -> None:
    """Check every vendor and class a substitution cap names exists in ``network`` (``InputError``)."""
    for cap in caps:
        where = f"substitution cap {cap.name!r}"
        _known(cap.target_vendors, network.vendors, where, "target_vendors", "vendors")
        _known(cap.item_classes, network.classes, where, "item_classes", "component classes")


def validate_measures(measures: Sequence[ExportControl], network: ValueNetwork) -> None:
    """Check every vendor, country, class and firm a measure names exists in ``network``.

    Raises ``InputError`` naming the measure and field, with close matches suggested.
    """
    countries = network.countries
    for measure in measures:
        where = f"measure {measure.name!r}"
        _known(measure.issuers, countries, where, "issuers", "countries of the value network")
        _known(
            [j.country for j in measure.joins], countries, where, "joins", "countries of the value network"
        )
        _known(measure.target_vendors, network.vendors, where, "target_vendors", "vendors")
        _known(
            measure.target_countries, countries, where, "target_countries", "countries of the value network"
        )
        _known(measure.item_classes or [], network.classes, where, "item_classes", "component classes")
        _known(measure.firms or [], network.firms, where, "firms", "supplier firms")
        for licence in measure.licences:
            field = f"licences[{licence.name!r}]"
            _known(licence.firms or [], network.firms, where, f"{field}.firms", "supplier firms")
            _known(licence.item_classes or [], network.classes, where, f"{field}.item_classes", "classes")


def validate_disruptions(disruptions: Sequence[Disruption], network: ValueNetwork) -> None:
    """Check every country, firm and class a disruption names exists in ``network`` (``InputError``)."""
    for disruption in disruptions:
        where = f"disruption {disruption.name!r}"
        _known(disruption.made_in, network.countries, where, "made_in", "countries of the value network")
        _known(disruption.firms, network.firms, where, "firms", "supplier firms")
        _known(disruption.item_classes or [], network.classes, where, "item_classes", "component classes")


def _known(names: Iterable[str], known: Sequence[str], where: str, field: str, what: str) -> None:
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known, cutoff=0.5, form=" ({})")
            raise InputError(
                f"unknown {name!r}{hint}", source=where, location=field, expected=f"one of the {what}"
            )
