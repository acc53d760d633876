"""Export controls into the trade engine, from the supply engine's yearly result (docs/supply.md).

The supply result is known only after the supply engine runs, so the pipeline (not the measure's
``contribute``) turns it into trade inputs, once per scenario: for each target vendor v of home region n,
year y, exporter region i and sector j of the controlled goods (the sector of each component class,
``component_classes.sector``):

- ``sigma^j = P_v^j / X_n^j``: the vendor's baseline purchases of sector-j goods (its whole business, sized
  on its reported purchases) over its country's purchases of them in the trade baseline;
- ``b_i^j(y)``: the share of the vendor's purchases of j made in i that the controls block in year y;
- trade cost ``kappa_hat_ni^j = (1 - s)^(-1/theta^j)`` with ``s = sigma b`` (+ design-out for issuers);
- TFP of the vendor's sector (telecom equipment) in n: ``A_hat = 1 - omega (1 - F / c)``, with F and c the
  vendor's yearly feasible output and unit-cost multiplier and ``omega`` its share of n's output of the
  sector (its share of the world telecom-equipment market x world output / n's output);
- where the vendor's consumer business is reported, TFP of n's other electronics (its handsets) the same way,
  ``omega`` the business's share of n's output of the sector times the share of it the vendor still has
  (a divested part is its buyer's, which no measure reaches), less ``omega`` times the share of the business
  its buyer has not reached yet on its ramp-up (output lost: F = 0 on it; the same on the telecom-equipment
  sector for a divested carrier or enterprise business);
- TFP of n's component sectors (the sector of each class) from the vendor's substitutes sold to the other
  vendors once cheaper than the incumbents: ``A_hat = 1 - omega (1 - 1 / c)``, ``omega`` their yearly sales
  over n's output of the sector, ``c`` their unit cost over the displaced items' (``export_productivity``).
The formulas are ``gotogether.engines.supply.economy``; what is approximated is said in notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.rollout.result import RolloutResult
from gotogether.engines.supply import ExportControl, SubstitutionCap, SupplyResult, ValueNetwork
from gotogether.engines.supply.divest import business_weights, kept_share
from gotogether.engines.supply.economy import (
    controlled_share,
    export_productivity,
    sector_productivity,
    trade_cost_equivalent,
)
from gotogether.engines.supply.network import BILL_OF_MATERIALS, BILLS, BUSINESSES
from gotogether.engines.supply.reach import licence_lines, target_vendors
from gotogether.engines.supply.result import SalesChange, group_sum, sum_by_year, weighted_mean_by_year
from gotogether.engines.supply.rivals import Rivals, lost_purchases, rival_purchases
from gotogether.engines.trade import TradeBaseline, TradeShock
from gotogether.pipeline.world import World

VENDOR_SECTOR = "TELEQ"
"""The sector of the 2019 world in which the RAN vendors produce (telecom and network equipment)."""
CONSUMER_SECTOR = "OELEC"
"""The sector of a vendor's consumer business (handsets and devices: other electronics)."""
USD_PER_TABLE_UNIT = 1e6
"""The trade baseline is in millions of US dollars."""


@dataclass(frozen=True)
class ControlEffects:
    """Trade-cost changes (year, importer, exporter, sector) and TFP changes (year, country, sector) of the
    scenario's export controls, on the trade baseline's labels."""

    years: tuple[int, ...]
    trade_cost: np.ndarray
    productivity: np.ndarray

    def apply(self, shock: TradeShock, year: int) -> TradeShock:
        """``shock`` with this year's effects multiplied in (unchanged in a year the effects do not cover)."""
        if year not in self.years:
            return shock
        k = self.years.index(year)
        trade_cost = shock.trade_cost * self.trade_cost[k] if shock.trade_cost is not None else None
        productivity = shock.productivity * self.productivity[k] if shock.productivity is not None else None
        if trade_cost is None or productivity is None:
            raise ValueError("the scenario's trade shock has no trade_cost or productivity arrays")
        return TradeShock(
            tariff=shock.tariff, trade_cost=trade_cost, productivity=productivity, deficit=shock.deficit
        )


def targets_and_issuers(
    controls: Sequence[ExportControl], vendors: Sequence[str], homes: Sequence[str]
) -> dict[str, set[str]]:
    """Target vendor -> the countries that issue (or later join) a control against it."""
    out: dict[str, set[str]] = {}
    for control in controls:
        issuers = set(control.issuers) | {join.country for join in control.joins}
        for vendor, home in zip(vendors, homes, strict=True):
            if vendor in control.target_vendors or home in control.target_countries:
                out.setdefault(vendor, set()).update(issuers)
    return out


def control_effects(
    world: World,
    controls: Sequence[ExportControl],
    supply: SupplyResult,
    years: Sequence[int],
    notes: list[str],
) -> ControlEffects | None:
    """The trade effects of ``controls`` (None without any), notes appended to ``notes``."""
    network = world.network
    targets = targets_and_issuers(controls, network.vendors, network.vendor_country)
    if not targets:
        return None
    trade = world.trade
    regions, sectors = trade.countries, trade.sectors
    region_of = world.model.region_of
    d = supply.data.variables  # plain arrays: the labelled Dataset's look-ups cost more than the sums
    theta = trade["theta"].values
    cost = np.ones((len(years), len(regions), len(regions), len(sectors)))
    productivity = np.ones((len(years), len(regions), len(sectors)))
    purchases_by_country = _purchases(trade)
    line_region = [region_of.get(code, code if code in regions else "") for code in d["made_in"].values]
    line_sector = list(d["trade_sector"].values)
    skipped = sorted({s for s in line_sector if s not in sectors})
    if skipped:
        notes.append(
            f"export controls into the trade engine: classes in {', '.join(skipped)} (software and IP, or "
            "sectors this world does not have) are not goods of the trade model and change no trade cost"
        )
    kept = _kept_by_year(supply, network, years)  # (V, C, year)
    unplaced = sorted({c for c, r in zip(d["made_in"].values, line_region, strict=True) if not r})
    if unplaced:
        notes.append(f"export controls into the trade engine: made-in countries {unplaced} map to no region")
    for vendor, issuers in targets.items():
        v = network.vendors.index(vendor)
        home = region_of.get(network.vendor_country[v], network.vendor_country[v])
        n = regions.index(home)
        issuing = {region_of.get(code, code) for code in issuers}
        blocked, base, annual = _sales_by_year(supply, vendor, years)
        for j, sector in enumerate(sectors):
            lines = np.array([s == sector for s in line_sector])
            if not lines.any():
                continue
            sigma = float(annual[lines].sum() / purchases_by_country[n, j])
            if sigma > 1.0:
                notes.append(
                    f"export controls into the trade engine: {vendor}'s purchases of {sector} exceed its "
                    f"country's in the trade baseline ({sigma:.2f} of them); its share is capped at 1"
                )
            for i, region in enumerate(regions):
                if i == n:
                    continue
                cells = lines & np.array([r == region for r in line_region])
                if not cells.any():
                    continue
                share_blocked = blocked[cells].sum(axis=0) / np.maximum(base[cells].sum(axis=0), 1e-300)
                s = controlled_share(
                    np.asarray(min(sigma, 1.0)),
                    share_blocked,
                    world.supply_parameters.design_out,
                    np.asarray(region in issuing),
                )
                cost[:, n, i, j] *= trade_cost_equivalent(s, np.asarray(theta[j]))
        # a divested part of a business is its buyer's, at baseline once its ramp-up is over: the part the
        # vendor keeps is shocked, and the part the buyer has not reached yet is output lost (F = 0)
        omega = _sector_share(world, vendor, home, notes)
        yearly = _vendor_yearly(supply, vendor, years)
        productivity[:, n, sectors.index(VENDOR_SECTOR)] *= sector_productivity(
            yearly["feasible_output"],
            yearly["unit_cost_multiplier"],
            omega * kept[v, _first_class(network, "carrier")],
        ) - omega * _unreached_by_year(supply, network, v, "carrier", years)
        consumer = network.business_revenue.get((vendor, "consumer"))
        if consumer is not None and CONSUMER_SECTOR in sectors:
            # its consumer business (USD) over the home region's other-electronics output (USD bn), at the
            # feasible output and unit cost of the handsets' bill of materials; the part its buyer has not
            # reached on its ramp-up is output lost too (F = 0 on that share, first order: the terms add)
            output = _output_of(world, home, CONSUMER_SECTOR) * 1e9
            bill = BILL_OF_MATERIALS["consumer"]
            b = BILLS.index(bill)
            share = min(consumer / output, 1.0)
            productivity[:, n, sectors.index(CONSUMER_SECTOR)] *= sector_productivity(
                yearly["bill_output"][b],
                yearly["bill_cost_multiplier"][b],
                share * kept[v, _first_class(network, bill)],
            ) - share * _unreached_by_year(supply, network, v, bill, years)
        for sector, gain in _substitute_export_gains(world, supply, vendor, home, years).items():
            productivity[:, n, sectors.index(sector)] *= gain
    entries = _licensed_entries(controls, network, np.nansum(d["baseline_sales"].values, axis=-1))
    if entries:
        notes.append(
            "export controls: licences open lines for firms that sold the target none of a class at baseline "
            f"({'; '.join(entries)}): each serves the licence's share times supply.licensed_entry.<class> of "
            "the target's need of the class, at baseline prices, reached linearly over "
            "supply.licensed_entry_ramp_months from the licence's start (the new line's design-in and "
            "qualification; assumption with a range)"
        )
    notes.append(
        "export controls into the trade engine: the target's supply network, sized on its reported "
        "purchases, buys each business's own bill of materials (the base station's for its carrier "
        "business, standing also for its enterprise business; a handset's for its consumer business); "
        "the base station's feasible output and unit cost shock the telecom-equipment sector and, where "
        f"its consumer business is reported, the handset's shock {CONSUMER_SECTOR} by that business's "
        "share of the sector's output"
    )
    enterprise = [vendor for vendor in targets if network.business_revenue.get((vendor, "enterprise"))]
    if enterprise:
        notes.extend(_enterprise_notes(network, enterprise))
    handsets = any(network.business_revenue.get((vendor, "consumer")) for vendor in targets)
    if network.handset_rivals is not None and handsets:
        notes.append(
            "handset rivals: the handset sales a target (or the buyer of its divested part, on its ramp-up) "
            "cannot make go to its rivals in the share supply.handset_diversion_share (the rest is not "
            "replaced), split by their 2019 shipments in China and elsewhere (IDC); a rival's phone carries "
            "the same bill of materials value as the one it replaces (approximation), bought along the "
            "rival's teardown (Apple: iPhone 12 Pro, its 'Europe and others' share placed in Germany, the "
            "network's European component makers; Samsung: Galaxy Note 20 Ultra; the Chinese brands and "
            "other brands: Huawei's P30 Pro with Qualcomm's and MediaTek's processors, the closest sourced "
            "proxy). Their suppliers' gains are in the suppliers' value added (net) and the run table "
            "supplier_sales_gross_net. The rivals assemble those phones where they make theirs (table "
            "rival_assembly: Apple and the Chinese brands mostly in China, Samsung in Vietnam, India, Korea, "
            "Brazil and Indonesia) at supply.handset_assembly_share of the bill (teardowns); the assembly "
            "is counted as the assembly country's suppliers' sales (the plants' workers are there, whatever "
            "the owner's home); the rivals' margin over the bill and the assembly the target loses are not "
            "(the target's lost output is in its TFP shock)"
        )
    notes.append(
        "rivals in the trade engine: the rivals' extra output (handsets, and the RAN rivals' sites) is not "
        "shocked: the target's lost output raises its home sectors' costs (TFP of TELEQ and OELEC) and the "
        "trade engine moves buyers to other origins by itself, so a shock on the rivals would count the "
        "move twice. The run table rivals_trade_check compares the two, year by year, from the controls "
        "alone: in the library's Huawei cases, at the default parameters, the handset rivals assemble 82% "
        "of the phones they take in China (table rival_assembly) and the trade engine moves 28-29 times "
        "the rest, the rivals' phones assembled outside China, to OELEC outside China (2021-2035; 5.0-5.2 "
        "times all the rivals' phones) and at least 1.6 times the foreign RAN rivals' sales to TELEQ "
        "outside China; China's OELEC output falls about 5 times the handsets lost and 14 times the phones "
        "China loses net of the rivals' phones assembled there, as a sector-wide cost shock makes every "
        "Chinese phone dearer where the rivals in China (Oppo, Vivo, Xiaomi, Apple's assemblers) take "
        "Huawei's buyers at their own costs: the trade engine cannot tell them apart from the target (one "
        "sector per country), so its shift to third countries is an upper bound, about 28 times the "
        "rivals' (run table rivals_trade_by_country: output and exports by region beside the rivals' "
        "purchases and assembly)"
    )
    notes.append(
        "export controls into the trade engine: a target's substitutes sold to the other vendors (once "
        "cheaper than the incumbents) raise the TFP of its country's component sectors (SEMI, TELEQ, OELEC "
        "by class) by their cost advantage times their share of the sector's output"
    )
    return ControlEffects(tuple(years), cost, productivity)


def _enterprise_notes(network: ValueNetwork, targets: Sequence[str]) -> list[str]:
    """What the run models of the enterprise sales the ``targets`` (vendors with an enterprise business)
    lose, and what it leaves out."""
    rivals = network.enterprise_rivals
    without = [vendor for vendor in targets if rivals is None or vendor not in rivals.diversion]
    notes = []
    if rivals is not None and len(without) < len(targets):
        notes.append(
            "enterprise rivals: the enterprise sales a target (or the buyer of a divested part, on its "
            "ramp-up) cannot make go to its rivals in the share supply.enterprise_diversion_share (the rest "
            "is not replaced): the lost sales are the enterprise business's revenue share of the base "
            "station's bill of materials it cannot build (the bill the model gives the enterprise "
            "business; in a scenario that also disrupts supply, its loss to the disruption too: "
            "approximation; without controls a disruption diverts nothing, as it cuts the rivals' own "
            "supply), "
            "split between China and the other markets by the target's own revenue there (Huawei's and "
            "ZTE's 2019 revenue's China shares standing for their enterprise businesses') and among the "
            "rivals by their 2019 shares of enterprise networking (outside China IDC's 2019 world Ethernet "
            "switch shares; in China assumed shares of H3C, Ruijie, Cisco and the others, and of Huawei for "
            "ZTE's, no sourced figure known; a rival takes its share even where a control also targets "
            "it; the target's servers, storage and cloud are taken by the networking rivals too); a rival's "
            "equipment carries the same bill of materials value as the one it replaces (approximation), "
            "bought along an assumed bill (US makers: US chips made by TSMC, memory, contract manufacturers "
            "in China and Mexico; Chinese makers: the same chips, Chinese boards and assembly). Their "
            "suppliers' gains are in the suppliers' value added (net) and the run table "
            "supplier_sales_gross_net (rivals_enterprise); the rivals' own gains are not counted, as for "
            "the handset rivals, and their extra output is not shocked in the trade engine (the target's "
            "lost output raises its TELEQ costs, which moves buyers to other origins)"
        )
    if without:
        notes.append(
            f"enterprise rivals: the enterprise sales {', '.join(without)} cannot make go to no rival (no "
            "rows in the enterprise_rivals table), so the suppliers' net change misses the rivals' "
            "purchases there and its suppliers' loss is gross"
        )
    return notes


_PURCHASES: KeptByIdentity[np.ndarray] = KeptByIdentity(4)
"""``_purchases`` by the arrays it reads: the baselines of a process's draws differ in theta only."""


def _purchases(trade: TradeBaseline) -> np.ndarray:
    """Each country's purchases of each sector from every origin, net of tariffs (importer, sector), US
    dollars; once per baseline's spending, shares and tariffs."""
    sources = tuple(trade.data.variables[name].values for name in ("expenditure", "trade_share", "tariff"))

    def make() -> np.ndarray:
        spending = trade["expenditure"].rename({COUNTRY: IMPORTER}) * trade["trade_share"]
        purchases = (spending / (1.0 + trade["tariff"])).sum(EXPORTER).transpose(IMPORTER, SECTOR).values
        made: np.ndarray = purchases * USD_PER_TABLE_UNIT
        return made

    return _PURCHASES.get(sources, make)


def _vendor_yearly(supply: SupplyResult, vendor: str, years: Sequence[int]) -> dict[str, np.ndarray]:
    """The vendor's ``SupplyResult.yearly`` variables in ``years``: (year,) or (bill, year) arrays."""
    yearly = supply.yearly()
    v = yearly.indexes["vendor"].get_loc(vendor)
    at = _year_positions(yearly.indexes["year"], years)
    return {str(name): variable.values[v][..., at] for name, variable in yearly.data_vars.items()}


def _year_positions(have: pd.Index | np.ndarray, years: Sequence[int]) -> np.ndarray:
    """Positions of ``years`` in the supply result's years ``have``; an error names the years it lacks."""
    return _positions_of_years(tuple(int(year) for year in have), tuple(years))


@cache
def _positions_of_years(have: tuple[int, ...], years: tuple[int, ...]) -> np.ndarray:
    """``_year_positions`` (read-only), once per years (a few spans a process)."""
    at: np.ndarray = pd.Index(have).get_indexer(pd.Index(years))
    if (at < 0).any():
        missing = [y for y, k in zip(years, at, strict=True) if k < 0]
        raise ValueError(
            f"the supply result has no year {missing}: it covers {min(have)}-{max(have)} (the scenario's "
            "periods)"
        )
    at.flags.writeable = False
    return at


def _output_of(world: World, country: str, sector: str) -> float:
    """The gross output of ``sector`` in ``country`` (billions of US dollars): the labelled selection's
    value, by positions."""
    output = world.sector_gross_output
    at = {COUNTRY: country, SECTOR: sector}
    return float(output.values[tuple(output.get_index(dim).get_loc(at[str(dim)]) for dim in output.dims)])


_WORLD_OUTPUT: KeptByIdentity[float] = KeptByIdentity(4)
"""``_world_output`` by the world's gross output (no draw samples it) and sector."""


def _world_output(world: World, sector: str) -> float:
    """The world's gross output of ``sector`` (billions of US dollars), once per output table and sector."""
    output = world.sector_gross_output
    return _WORLD_OUTPUT.get((output,), lambda: float(output.sel(sector=sector).sum()), extra=sector)


def _sales_by_year(
    supply: SupplyResult, vendor: str, years: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The vendor's blocked and baseline sales by (line, year of ``years``), summed over each year's
    periods, and its baseline sales a year at the start (line,), USD."""
    d = supply.data.variables
    v = supply.data.get_index("vendor").get_loc(vendor)
    blocked, base = (
        _yearly_sums(d[name].values[v], d["year"].values, years)
        for name in ("blocked_sales", "baseline_sales")
    )
    return blocked, base, d["baseline_sales"].values[v, :, 0] / d["period_years"].values[0]


def _substitute_export_gains(
    world: World, supply: SupplyResult, vendor: str, home: str, years: Sequence[int]
) -> dict[str, np.ndarray]:
    """Sector -> (year,) TFP change of the vendor's home region from its substitutes' sales to the other
    vendors (``export_productivity``: their yearly sales and saving over the region's output of the
    sector); only sectors where it sells."""
    gains: dict[str, np.ndarray] = {}
    for sector, (exports, saved) in _substitute_exports(world, supply, vendor, years).items():
        output = _output_of(world, home, sector) * 1e9  # USD bn -> USD
        gains[sector] = export_productivity(exports, saved, output)
    return gains


def _substitute_exports(
    world: World, supply: SupplyResult, vendor: str, years: Sequence[int]
) -> dict[str, tuple[np.ndarray, ...]]:
    """Sector -> the vendor's substitutes' yearly sales to the other vendors and their saving (USD, by
    ``years``); only sectors where it sells."""
    sectors = tuple(sector for sector in world.trade.sectors if sector in world.network.class_sector)
    d = supply.data.variables
    v = supply.data.get_index("vendor").get_loc(vendor)
    sold = d["substitute_exports"].values[v]  # (class, time) USD per period
    saving = -d["substitute_premium"].values[v] * sold
    classes = np.array(world.network.class_sector)
    by_sector: dict[str, tuple[np.ndarray, ...]] = {}
    for sector in sectors:
        in_sector = (classes == sector)[:, None]
        exports = _yearly_sums(np.nansum(np.where(in_sector, sold, 0.0), axis=0), d["year"].values, years)
        if float(exports.max()) <= 0.0:
            continue
        saved = _yearly_sums(np.nansum(np.where(in_sector, saving, 0.0), axis=0), d["year"].values, years)
        by_sector[sector] = (exports, saved)
    return by_sector


def _licensed_entries(
    controls: Sequence[ExportControl], network: ValueNetwork, baseline_sales: np.ndarray
) -> list[str]:
    """The lines licences open (firm, class, target vendor): named by a licence, with no baseline sales to
    a target of the control (``baseline_sales``: vendor of ``network.vendors``, supplier)."""
    opened = set()
    for control in controls:
        for v in np.flatnonzero(target_vendors(control, network)):
            unsold = baseline_sales[v] <= 0.0
            for licence in control.licences:
                for line in np.flatnonzero(licence_lines(licence, network) & unsold):
                    klass = network.classes[network.line_class[line]]
                    opened.add(f"{network.firm[line]} ({klass}) to {network.vendors[v]}")
    return sorted(opened)


def _sector_share(world: World, vendor: str, home: str, notes: list[str]) -> float:
    """The vendor's share of its home region's telecom-equipment output: its share of the world market x
    world output / the region's output (capped at 1)."""
    share = world.network.equipment_share.get(vendor)
    if share is None:
        notes.append(
            f"export controls into the trade engine: no market share reported for {vendor}; its "
            "sector's productivity is not shocked"
        )
        return 0.0
    omega = share * _world_output(world, VENDOR_SECTOR) / _output_of(world, home, VENDOR_SECTOR)
    if omega > 1.0:
        notes.append(
            f"export controls into the trade engine: {vendor}'s share of {home}'s {VENDOR_SECTOR} "
            f"output comes out at {omega:.2f}; capped at 1"
        )
    return min(omega, 1.0)


def rivals_purchases_change(
    supply: SupplyResult,
    rollout: RolloutResult,
    reference: RolloutResult,
    by: Literal["country", "firm"] = "country",
) -> SalesChange:
    """Sales change of suppliers (by country or firm, and year, USD) from the demand of the vendors no
    measure blocks:
    the RAN part of each one's baseline purchases of the base station's bill of materials follows its
    rollout sales over the reference's (sites bought x price per site, summed over countries), so rivals'
    suppliers gain when rivals take a blocked vendor's share (and a banned vendor's suppliers lose); a
    rival sized on its whole business (ZTE) buys its handsets' bill apart from its RAN sales.
    Blocked vendors' purchases are the supply engine's (their feasible output), not repeated here.
    On NumPy: the sums are those of the labelled formulas, term by term in the same order."""

    for dim in ("vendor", "year"):
        if not rollout.data.get_index(dim).equals(reference.data.get_index(dim)):
            raise ValueError(f"the scenario's and the reference's rollouts differ in {dim}")
    d = supply.data.variables  # plain arrays: the labelled Dataset's look-ups cost more than the sums
    vendors = [str(v) for v in d["vendor"].values]
    rivals = [k for k, blocked in enumerate(d["blocked_sales"].values.sum(axis=(1, 2)) > 0) if not blocked]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = rollout.vendor_sales / reference.vendor_sales  # (rollout vendor, rollout year)
    ratio = np.where(np.isnan(ratio), 1.0, ratio)
    rollout_vendors = [str(v) for v in rollout.data.get_index("vendor")]
    rollout_years = [int(y) for y in rollout.data.get_index("year")]
    supply_years, yearly = sum_by_year(d["baseline_sales"].values[rivals], d["year"].values)
    years = [int(y) for y in supply_years if y in rollout_years]
    at = [k for k, y in enumerate(supply_years) if y in rollout_years]
    carrier = d["class_bill"].values == "carrier"  # (C,): the base station's bill (carrier, enterprise)
    ran = (d["ran_need"].values / d["need"].values[:, carrier].sum(axis=1))[rivals]  # RAN part of the bill
    of_line = np.isin(d["supplier_class"].values, d["component_class"].values[carrier])  # (L,) on that bill
    growth = ratio[
        np.ix_([rollout_vendors.index(vendors[k]) for k in rivals], [rollout_years.index(y) for y in years])
    ]
    change = yearly[:, :, at] * of_line[None, :, None] * ran[:, None, None] * (growth[:, None, :] - 1.0)
    labels, sums = group_sum(np.nansum(change, axis=0), [str(x) for x in d[by].values])
    return SalesChange(labels, years, sums)


def lost_handsets_bill(supply: SupplyResult, network: ValueNetwork) -> np.ndarray:
    """(V, T) USD per period: the consumer bill of materials of the handsets each vendor (and the buyer of a
    divested part, on its ramp-up) cannot make (``engines.supply.rivals.lost_purchases``), its need growing
    with the consumer business (``class_index``); a network with a consumer bill only."""
    return _lost_bill(supply, network, "consumer")


def _lost_bill(supply: SupplyResult, network: ValueNetwork, business: str) -> np.ndarray:
    """(V, T) USD per period: ``engines.supply.rivals.lost_purchases`` of ``business``'s bill of materials,
    its need growing with the bill's businesses (``class_index``); the enterprise business's part of the
    base station's bill is its share of the revenue of the businesses buying it (``divest.business_weights``).
    """
    d = supply.data.variables  # plain arrays: the labelled Dataset's look-ups cost more than the sums
    bill = BILL_OF_MATERIALS[business]
    on_bill = network.class_bill == BILLS.index(bill)
    first = _first_class(network, bill)
    weights = business_weights(network)
    return lost_purchases(
        bill_need=d["need"].values[:, on_bill].sum(axis=1),
        growth=d["class_index"].values[:, first, :],
        period_years=d["period_years"].values,
        kept=kept_share(weights, d["divested_share"].values)[:, first, :],
        feasible=d["bill_output"].values[:, BILLS.index(bill), :],
        buyer=d["divested_sales"].values[:, on_bill[network.line_class], :].sum(axis=1),
        business_share=weights[:, BUSINESSES.index(business), first],
    )


def handset_rivals_purchases_change(
    supply: SupplyResult, network: ValueNetwork, by: Literal["country", "firm"] = "country"
) -> SalesChange:
    """Sales change of suppliers (by country or firm, and year, USD) from the handset rivals' extra
    purchases as they take the handset sales the vendors lose (``engines.supply.rivals``: the lost
    handsets' bill of materials times ``handset_diversion_share``, split among the rivals by their 2019
    shipments and bought along each rival's bill); no labels without rivals or a consumer business."""
    if not (network.class_bill == BILLS.index("consumer")).any():
        return SalesChange([], [], np.zeros((0, 0)))
    return _rivals_change(
        supply, network.handset_rivals, network, "consumer", supply.params.handset_diversion_share, by
    )


def enterprise_rivals_purchases_change(
    supply: SupplyResult, network: ValueNetwork, by: Literal["country", "firm"] = "country"
) -> SalesChange:
    """Sales change of suppliers (by country or firm, and year, USD) from the enterprise rivals' extra
    purchases as they take the enterprise sales (network equipment) the vendors lose
    (``engines.supply.rivals``: the enterprise business's part of the lost base-station bill times
    ``enterprise_diversion_share``, split among the rivals by their 2019 shares of China's and the other
    markets' enterprise networking and bought along each rival's bill); no labels without rivals."""
    return _rivals_change(
        supply, network.enterprise_rivals, network, "enterprise", supply.params.enterprise_diversion_share, by
    )


def _rivals_change(
    supply: SupplyResult,
    rivals: Rivals | None,
    network: ValueNetwork,
    business: str,
    share: float,
    by: Literal["country", "firm"],
) -> SalesChange:
    """The rivals' extra purchases from their suppliers (``engines.supply.rivals.rival_purchases``) as they
    take ``share`` of the bill of ``business`` the vendors lose, summed by year and ``by``."""
    if rivals is None:
        return SalesChange([], [], np.zeros((0, 0)))
    lost = _lost_bill(supply, network, business)
    bought = rival_purchases(lost, rivals.weights_of(network.vendors), rivals.bill, share)
    return yearly_sales_change(supply, bought, list(rivals.firms if by == "firm" else rivals.firm_country))


def yearly_sales_change(supply: SupplyResult, sales: np.ndarray, labels: list[str]) -> SalesChange:
    """``sales`` (one row per entry of ``labels``, one column per period of ``supply``, USD) summed by year
    and by label."""
    years, yearly = sum_by_year(sales, supply.data.variables["year"].values)
    names, sums = group_sum(yearly, labels)
    return SalesChange(names, [int(year) for year in years], sums)


def _kept_by_year(supply: SupplyResult, network: ValueNetwork, years: Sequence[int]) -> np.ndarray:
    """(V, C, year of ``years``) the time-weighted mean share of its need of each class each vendor keeps in
    each of ``years`` (1 without a divestiture; ``engines.supply.divest.kept_share``): a bill of materials'
    share is that of its classes (``_first_class``)."""
    d = supply.data.variables
    kept = kept_share(business_weights(network), d["divested_share"].values)  # (V, C, T)
    distinct, by_year = weighted_mean_by_year(kept, d["period_years"].values, d["year"].values)
    out: np.ndarray = by_year[..., _year_positions(distinct, years)]
    return out


def _unreached_by_year(
    supply: SupplyResult, network: ValueNetwork, v: int, bill: str, years: Sequence[int]
) -> np.ndarray:
    """(year of ``years``) the share of vendor ``v``'s business on ``bill`` that it has divested and its
    buyer has not yet reached on its ramp-up (``engines.supply.divest``): its divested need less the buyer's
    purchases of the bill's classes, over its whole need of them, summed over each year's periods (0
    without a divestiture)."""
    d = supply.data.variables
    classes = network.class_bill == BILLS.index(bill)
    first = int(np.flatnonzero(classes)[0])
    whole = d["need"].values[v, classes].sum() * d["class_index"].values[v, first] * d["period_years"].values
    kept = kept_share(business_weights(network), d["divested_share"].values)[v, first]
    bought = d["divested_sales"].values[v, classes[network.line_class]].sum(axis=0)
    gap = np.maximum(whole * (1.0 - kept) - bought, 0.0)
    unreached, needed = (_yearly_sums(x, d["year"].values, years) for x in (gap, whole))
    out: np.ndarray = np.divide(unreached, needed, out=np.zeros_like(unreached), where=needed > 0.0)
    return out


def _first_class(network: ValueNetwork, bill: str) -> int:
    """The index of the first class of a bill of materials (every class of a bill has its share kept)."""
    return int(np.flatnonzero(network.class_bill == BILLS.index(bill))[0])


def _yearly_sums(values: np.ndarray, year: np.ndarray, years: Sequence[int]) -> np.ndarray:
    """(..., year of ``years``) the sums of ``values`` (..., period of year ``year``) over each year's
    periods (``sum_by_year``)."""
    distinct, sums = sum_by_year(values, year)
    out: np.ndarray = sums[..., _year_positions(distinct, years)]
    return out


def _divested_by_year(supply: SupplyResult) -> xr.DataArray:
    """(vendor, business, year) the time-weighted mean share of each business divested in each year."""
    d = supply.data
    share = d["divested_share"]
    years, by_year = weighted_mean_by_year(share.values, d["period_years"].values, d["year"].values)
    dims = (*share.dims[:-1], "year")
    coords = {name: share[name].values for name in share.dims[:-1]}
    return xr.DataArray(by_year, dims=dims, coords={**coords, "year": years}, attrs=share.attrs)


def target_business_revenue(network: ValueNetwork, supply: SupplyResult) -> xr.Dataset:
    """(vendor, business, year) revenue of each vendor with reported business lines, USD: ``without`` the
    measures (the reported revenue of its latest year) and ``with`` them (times the yearly feasible output
    of the business's bill of materials, ``BILL_OF_MATERIALS``: the carrier and enterprise businesses share
    the base station's, the consumer business has the handset's; and times the share of the business the
    vendor has not divested)."""
    reported = network.business_revenue
    vendors = sorted({vendor for vendor, _ in reported})
    businesses = list(BUSINESSES)
    without = xr.DataArray(
        [[reported.get((v, b), 0.0) for b in businesses] for v in vendors],
        dims=("vendor", "business"),
        coords={"vendor": vendors, "business": businesses},
    )
    bills = supply.yearly()["bill_output"].sel(vendor=vendors).drop_vars("vendor_country")
    feasible = xr.concat(
        [bills.sel(bill=BILL_OF_MATERIALS[b]).drop_vars("bill") for b in businesses],
        dim=xr.DataArray(businesses, dims="business", name="business"),
    )
    kept = 1.0 - _divested_by_year(supply).sel(vendor=vendors)
    return xr.Dataset({"with": without * feasible * kept, "without": without * xr.ones_like(feasible)})


def divested_purchases(supply: SupplyResult) -> xr.Dataset | None:
    """(vendor, country, year) what each supplier country sells, USD at baseline prices: ``to_vendor`` (to
    the vendor, with the measures), ``to_buyer`` (to the buyers of the vendor's divested businesses, which
    no measure reaches) and ``without`` (to the vendor, without any measure); a country's sales net of the
    divestiture are ``to_vendor + to_buyer``. Only vendors that divest; None when none does."""
    d = supply.data
    divesting = [str(v) for v in d["vendor"].values if float(d["divested_share"].sel(vendor=v).max()) > 0.0]
    if not divesting:
        return None
    countries = [str(c) for c in d["country"].values]
    parts: dict[str, list[np.ndarray]] = {"to_vendor": [], "to_buyer": [], "without": []}
    names: list[str] = []
    for vendor in divesting:
        for part, variable in (
            ("to_vendor", "sales"),
            ("to_buyer", "divested_sales"),
            ("without", "baseline_sales"),
        ):
            names, by_country = group_sum(d[variable].sel(vendor=vendor).values, countries)
            years, by_year = sum_by_year(by_country, d["year"].values)
            parts[part].append(by_year)
    coords = {"vendor": divesting, "country": names, "year": years}
    return xr.Dataset(
        {part: (("vendor", "country", "year"), np.stack(values)) for part, values in parts.items()},
        coords=coords,
    ).assign_attrs(units="USD")


def foundry_sales(
    caps: Sequence[SubstitutionCap], supply: SupplyResult, unlisted: SupplyResult
) -> xr.Dataset:
    """(foundry, year) sales of each listed foundry to the vendors whose substitutes it makes, USD at
    baseline prices: the substitutes of the classes it is listed for (used by the vendor and sold to the
    others), which it is taken to make, and its own lines' sales to those vendors (the value network's
    lines of the firm of that name: SMIC's mature-node chips for Huawei). ``with`` the measures
    (``supply``), ``without_listing`` (the same measures without any cap, ``unlisted``: the listing's cost
    to the foundry is the difference) and ``without`` any measure (its lines' baseline sales)."""
    foundries = sorted({cap.foundry for cap in caps if cap.foundry})
    years = np.unique(supply.data["year"].values)
    parts = {"with": supply, "without_listing": unlisted}
    out = {name: np.zeros((len(foundries), len(years))) for name in (*parts, "without")}
    for cap in caps:
        if not cap.foundry:
            continue
        row = foundries.index(cap.foundry)
        for name, result in parts.items():
            d = result.data
            made = (d["substitute_sales"] + d["substitute_exports"]).sel(
                vendor=cap.target_vendors, component_class=cap.item_classes
            )
            _, by_year = sum_by_year(
                made.sum(("vendor", "component_class")).values[None, :], d["year"].values
            )
            out[name][row] += by_year[0]
    for row, foundry in enumerate(foundries):
        # its own lines' sales to the vendors it is listed for (once, however many caps name it)
        vendors = sorted({v for cap in caps if cap.foundry == foundry for v in cap.target_vendors})
        for name, result, variable in (
            ("with", supply, "sales"),
            ("without_listing", unlisted, "sales"),
            ("without", supply, "baseline_sales"),
        ):
            d = result.data
            lines = d[variable].sel(vendor=vendors).where(d["firm"] == foundry, 0.0)
            _, by_year = sum_by_year(lines.sum(("vendor", "supplier")).values[None, :], d["year"].values)
            out[name][row] += by_year[0]
    coords = {"foundry": foundries, "year": years}
    return xr.Dataset(
        {name: (("foundry", "year"), values) for name, values in out.items()}, coords=coords
    ).assign_attrs(units="USD")


ELECTRONICS = ("SEMI", "TELEQ", "OELEC")
"""The electronics sectors whose productivity path is reported for the targets' home regions."""


def target_paths(world: World, supply: SupplyResult, effects: ControlEffects | None) -> xr.Dataset:
    """The paths of the vendors with reported business lines (the targets the scope is sized on):
    ``vendor_productivity`` (vendor, year), its feasible output over its unit-cost multiplier (F / c), and
    ``sector_productivity`` (country, sector, year), the TFP change the export controls put into the
    trade engine in its home region's electronics sectors (1 in years or scenarios without controls)."""
    network = world.network
    vendors = sorted({vendor for vendor, _ in network.business_revenue})
    yearly = supply.yearly().sel(vendor=vendors).drop_vars("vendor_country")
    productivity = (yearly["feasible_output"] / yearly["unit_cost_multiplier"]).assign_attrs(
        units="ratio to baseline",
        long_name="Vendor's productivity: feasible output over unit-cost multiplier",
    )
    region_of = world.model.region_of
    homes = sorted(
        {region_of.get(network.vendor_country[network.vendors.index(v)], "") for v in vendors} - {""}
    )
    sectors = [s for s in ELECTRONICS if s in world.trade.sectors]
    years = [int(y) for y in productivity["year"].values]
    tfp = np.ones((len(homes), len(sectors), len(years)))
    if effects is not None:
        regions = list(world.trade.countries)
        for k, year in enumerate(years):
            if year in effects.years:
                at = effects.productivity[effects.years.index(year)]
                tfp[:, :, k] = at[
                    np.ix_([regions.index(h) for h in homes], [world.trade.sectors.index(s) for s in sectors])
                ]
    sector = xr.DataArray(
        tfp,
        dims=(COUNTRY, SECTOR, "year"),
        coords={COUNTRY: homes, SECTOR: sectors, "year": years},
        attrs={
            "units": "ratio to the coordinated world",
            "long_name": "TFP change of the target's home electronics sectors from the export controls",
        },
    )
    return xr.Dataset({"vendor_productivity": productivity, "sector_productivity": sector})
