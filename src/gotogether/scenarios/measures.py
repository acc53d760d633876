"""The measures a scenario can hold, one model per ``type``; engines translate each into their shocks.

Units: ad-valorem rates and cost changes are fractions (0.25 = 25 %); shares are between 0 and 1; years are
calendar years (trade-side measures act on annual equilibria); dates are days (supply-side measures act on
monthly or quarterly steps).
"""

from __future__ import annotations

from typing import Annotated, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gotogether.scenarios.types import (
    BlocNames,
    ComponentClasses,
    Countries,
    Date,
    Sectors,
    Share,
    Vendors,
    Year,
    invalid,
)


class _Strict(BaseModel):
    # Strict: a YAML ``true`` or ``"25"`` is not silently read as the number 1 or 25.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class _Measure(_Strict):
    label: str | None = Field(None, description="Short name shown in reports")
    note: str | None = Field(None, description="Free text: what the measure stands for, its source")


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

    @model_validator(mode="after")
    def _distinct_sides(self) -> Self:
        _check_disjoint(self.importers, self.exporters)
        return self


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


class TradeBarrier(_Bilateral):
    """A change in iceberg (non-tariff) trade costs: d_hat = 1 + cost_change on the flows covered."""

    type: Literal["trade-barrier"]
    cost_change: float = Field(gt=-1, le=100, description="Change of trade costs (0.2 = +20 %)")


class BlocDecoupling(_Yearly):
    """Extra iceberg trade costs (d_hat = 1 + barrier) on every flow between members of different blocs."""

    type: Literal["bloc-decoupling"]
    blocs: BlocNames
    barrier: float = Field(gt=0, le=100, description="Increase of trade costs between blocs (0.3 = +30 %)")
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")


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


NetworkDomain = Literal["ran", "core", "transmission", "management"]


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
        _check_period(self.start, self.rip_and_replace_by, "rip_and_replace_by")
        return self


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


class ProductivityShock(_Yearly):
    """A change in total factor productivity: A_hat = 1 + size for the countries and sectors."""

    type: Literal["productivity-shock"]
    countries: Countries
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")
    size: float = Field(gt=-1, le=10, description="Change of TFP (-0.05 = -5 %)")


def _check_disjoint(
    first: list[str], second: list[str], names: tuple[str, str] = ("importers", "exporters")
) -> None:
    both = sorted(set(first) & set(second))
    if both:
        raise invalid(f"{', '.join(both)} in both '{names[0]}' and '{names[1]}'", "two disjoint lists")


Measure = Annotated[
    Tariff
    | TradeBarrier
    | BlocDecoupling
    | ExportControl
    | VendorBan
    | SupplyDisruption
    | StandardsSplit
    | ProductivityShock,
    Field(discriminator="type"),
]

MEASURE_TYPES: dict[str, type[_Measure]] = {
    "tariff": Tariff,
    "trade-barrier": TradeBarrier,
    "bloc-decoupling": BlocDecoupling,
    "export-control": ExportControl,
    "vendor-ban": VendorBan,
    "supply-disruption": SupplyDisruption,
    "standards-split": StandardsSplit,
    "productivity-shock": ProductivityShock,
}
