"""Parameters of the supply engine. Their defaults, plausible ranges and sources are ``supply.*`` in the
parameter table (``gotogether.data.parameters``); the bounds of each field here only reject impossible
values."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class SupplyParameters(BaseModel):
    """Responses of a blocked vendor and its suppliers (see docs/supply.md for the equations)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    inventory_months: float = Field(
        ge=0.0,
        description="Stock of every component class the target holds when the first block hits, in months "
        "of baseline need. Mobile Experts expected Huawei to run out of Xilinx FPGAs by November 2019, about "
        "six months after the Entity List (EPS News, 2019-10-28) [B].",
    )
    working_stock_months: float = Field(
        0.0,
        ge=0.0,
        description="Stock a vendor holds in normal times, in months of need: the part of its inventory it "
        "does not buy ahead of a control it sees coming (a measure's stockpile_from).",
    )
    class_inventory_months: dict[str, float] = Field(
        default_factory=dict,
        description="Inventory months for particular component classes, overriding inventory_months (a "
        "class the network lacks is left aside). Huawei's handset processors: about 4.3 months of the 2019 "
        "need when TSMC's last wafers left (Nikkei Asian Review, August 2020: the stock would last until "
        "the first quarter of 2021).",
    )
    qualification_months: float = Field(
        ge=0.0, description="Months before a newly allowed supplier can be used (assumption)."
    )
    spare_capacity: float = Field(
        ge=0.0,
        description="Capacity of a supplier line beyond its baseline output, as a fraction of it, shared pro "
        "rata among the vendors that request it (assumption).",
    )
    alternative_premium: float = Field(
        ge=0.0, description="Unit-cost premium of supply from a newly qualified supplier (assumption)."
    )
    substitution_ceiling: float = Field(
        ge=0.0,
        le=1.0,
        description="Domestic substitution capacity the S-curve tends to, as a fraction of the target's "
        "baseline need of the class (assumption).",
    )
    foundry_listing_ceiling: float = Field(
        1.0,
        ge=0.0,
        le=1.0,
        description="Output a listed foundry can still give the target's substitutes of the classes it "
        "makes, as a share of the target's whole need of each class; it holds the part of the class that "
        "needs the foundry's advanced nodes (foundry_listing_scope) once the foundry is listed (a "
        "SubstitutionCap without its own ceiling).",
    )
    foundry_listing_scope: dict[str, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(
        default_factory=dict,
        description="Share of a class's need that needs a listed foundry's advanced nodes, the part its "
        "cap holds (by component class; a class not given: 1, the whole class; 0: the listing holds "
        "nothing).",
    )
    licensed_entry: dict[str, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(
        default_factory=dict,
        description="Share of a target's need of a class that a licensed firm with no baseline supply of "
        "it may serve, by component class (a licence of share 1; a class not given: 0, such a licence "
        "opens nothing). Qualcomm's 4G licence of November 2020: the part of Huawei's handset processors "
        "4G chips can serve.",
    )
    licensed_entry_ramp_months: float = Field(
        0.0,
        ge=0.0,
        description="Months a line a licence opens (licensed_entry) takes to reach its share of the "
        "target's need, linearly from none at the licence's start (0: at once): the new line's design-in "
        "and qualification. Qualcomm's 4G processors in Huawei's phones after the licence of November 2020.",
    )
    divestiture_share: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of a vendor's business line a divestiture without its own share moves to the "
        "buyer. Huawei's sale of Honor (November 2020): Honor's share of Huawei's consumer business.",
    )
    divestiture_ramp_months: float = Field(
        0.0,
        ge=0.0,
        description="Months a divested business's buyer takes to reach full volume, linearly from none at "
        "the sale (0: full volume from the start). Honor re-contracted its suppliers after November 2020 "
        "(Qualcomm in talks in December, its chips unlikely before the second quarter of 2021).",
    )
    substitution_steepness: float = Field(
        gt=0.0,
        description="Slope of the logistic S-curve of substitution capacity, per year (assumption).",
    )
    investment_scale: float = Field(
        gt=0.0,
        description="Investment in substitution relative to the default; time on the S-curve runs this many "
        "times faster (assumption).",
    )
    learning_rate: float = Field(
        ge=0.0,
        lt=1.0,
        description="Fraction by which the substitute's cost premium falls per doubling of its cumulative "
        "output (Wright's law; assumption).",
    )
    substitute_cost_floor: float = Field(
        1.0,
        gt=0.0,
        description="Unit cost of a mature substitute over the item it replaced, the level learning drives "
        "its cost to; below 1 the substitute ends cheaper and the target can come out stronger (assumption).",
    )
    bom_share: float = Field(
        gt=0.0,
        le=1.0,
        description="Bill of materials (component classes, software included) as a share of the vendor's "
        "equipment revenue (assumption).",
    )
    fdpr_dependency_threshold: float = Field(
        gt=0.0,
        le=1.0,
        description="An item is a direct product of coalition technology when the coalition supplies at "
        "least this share of a technology the item's process needs (no complete tool set exists without it; "
        "assumption).",
    )
    design_out: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of the controlled goods other buyers in the target country stop buying from the "
        "issuers while a control is in force (designing issuer parts out of their products; assumption).",
    )
    handset_assembly_share: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Cost of assembling and testing a handset per dollar of its bill of materials: the "
        "handset rivals buy it in the countries where they assemble (teardowns; 0: no assembly counted).",
    )
    handset_diversion_share: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of the handset sales a vendor loses to the measures that its rivals take within "
        "the period, by their 2019 shipments (the rest is not replaced: buyers wait for the vendor's phones; "
        "0: the rivals' suppliers gain nothing, the suppliers' net change is the gross; assumption).",
    )
    enterprise_diversion_share: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of the enterprise sales (network equipment) a vendor loses to the measures that "
        "its rivals take within the period, by their 2019 shares of enterprise networking (the rest is not "
        "replaced: projects wait for the vendor or are cancelled; 0: the rivals' suppliers gain nothing, the "
        "suppliers' net change is the gross; assumption).",
    )
    substitute_capital_intensity: float = Field(
        0.0,
        ge=0.0,
        description="Investment to build one US dollar a year of substitution capacity, US dollars (the "
        "capital-output ratio of the substitutes' makers; 0: building capacity costs nothing).",
    )
    substitute_export_share: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Largest share of the other vendors' incumbent purchases of a class that a target's "
        "substitute wins once it is cheaper than the incumbents, from the capacity the target does not use "
        "(its direct exports; assumption).",
    )
