"""Do the rivals' gains reach the trade engine? A consistency check of the export controls' coupling.

The controls enter the trade engine as trade costs on the controlled flows and as TFP losses of the
target's home sectors (``pipeline.controls``): the target's lost output makes its home region's telecom
equipment (TELEQ) and handsets (OELEC) dearer, and the trade engine moves buyers to other origins by itself.
The supply and rollout engines give the same rivals' gains firm by firm: the handset rivals take
``supply.handset_diversion_share`` of the phones the target (and the buyer of a divested part, on its
ramp-up) cannot make (``engines.supply.rivals``), the RAN rivals the sites the target cannot sell (the
rollout). Shocking the rivals' output on top would count the move twice, so they are not shocked; this module
measures both sides, year by year, from the controls alone (no other measure, no 5G value):

- the trade engine's change of gross output and exports of SEMI, TELEQ and OELEC by region (``flows``
  summed over importers; exports without the region's own purchases), in the trade baseline's US dollars
  (nominal: wages move by a few thousandths);
- the handset phones lost (the lost bill of materials at the target's consumer revenue per dollar of bill)
  and the rivals' part of them; the RAN sales lost by the targets and gained by the rivals (the rollout's
  vendor sales against the reference's), by the vendors' home regions;
- the rivals' extra purchases from suppliers by region (handsets and RAN; in who pays' suppliers' channel),
  and the handset rivals' assembly by region (``engines.supply.assembly``: where each rival assembles);
- the handset rivals' sales by where their phones are assembled (the rivals' diversion weights times their
  assembly shares): in the targets' home regions or elsewhere.

``rivals_trade_check`` compares the totals, like with like: ``oelec_carried`` is the trade engine's OELEC
output gained outside the targets' home regions over the handset rivals' sales of phones assembled there,
``teleq_carried`` its TELEQ output gained there over the RAN rivals' sales there; at least 1 means the
trade engine already moves at least the rivals' output to third countries. ``oelec_home_over_net_loss`` is
the fall of the home regions' OELEC output over the phones they lose net: the targets' lost handset sales
less the rivals' sales of phones assembled at home (without assembly countries, every rival's phone counts
as made elsewhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, YEAR
from gotogether.engines.rollout.result import RolloutResult
from gotogether.engines.supply import SupplyResult
from gotogether.engines.supply.network import BILLS, ValueNetwork
from gotogether.engines.supply.result import SalesChange, sum_by_year
from gotogether.engines.trade.entry import equilibria
from gotogether.engines.trade.shock import expand_routes
from gotogether.pipeline.capital import PRICE_LEVEL_2020
from gotogether.pipeline.controls import (
    USD_PER_TABLE_UNIT,
    ControlEffects,
    handset_rivals_purchases_change,
    lost_handsets_bill,
    rivals_purchases_change,
)
from gotogether.pipeline.handset_assembly import handset_assembly_change
from gotogether.pipeline.world import World

SECTORS = ("SEMI", "TELEQ", "OELEC")
"""The electronics sectors whose output and exports are compared."""


def rivals_trade(
    world: World,
    supply: SupplyResult,
    rollout: RolloutResult,
    reference: RolloutResult,
    controls: ControlEffects | None,
) -> tuple[xr.Dataset, xr.Dataset] | None:
    """(by region, check) of the module docstring, billions of US dollars by year of ``controls.years``;
    None without controls or without a vendor they block."""
    d = supply.data.variables
    blocked = np.nansum(d["blocked_sales"].values, axis=(1, 2)) > 0.0  # the controls' targets
    if controls is None or not blocked.any():
        return None
    network = world.network
    regions = list(world.trade.countries)
    region_of = world.model.region_of
    years = list(controls.years)
    homes = {region_of.get(code, code) for code in np.asarray(network.vendor_country)[blocked]}
    elsewhere = np.array([region not in homes for region in regions])

    output, exports = _trade_changes(world, controls)  # (region, sector, year) USD bn
    handsets = handset_rivals_purchases_change(supply, network)
    ran = rivals_purchases_change(supply, rollout, reference)
    sales = (rollout.vendor_sales - reference.vendor_sales) / 1e9 / world.parameters[PRICE_LEVEL_2020]
    rollout_years = [int(y) for y in rollout.data.get_index(YEAR)]
    vendor_sales = sales[:, [rollout_years.index(y) for y in years]]  # (rollout vendor, year)
    rollout_vendors = [str(v) for v in rollout.data.get_index("vendor")]
    target = np.array([v in network.vendors and blocked[network.vendors.index(v)] for v in rollout_vendors])
    vendor_homes = [region_of.get(world.vendor_home[v], world.vendor_home[v]) for v in rollout_vendors]
    rivals_sales = _on_regions(vendor_sales * ~target[:, None], vendor_homes, regions)

    by_region = {
        "rivals_handset_purchases": _placed(handsets, regions, region_of, years),
        "rivals_handset_assembly": _placed(
            handset_assembly_change(supply, network), regions, region_of, years
        ),
        "rivals_ran_purchases": _placed(ran, regions, region_of, years),
        "rivals_ran_sales": rivals_sales,
    }
    for k, sector in enumerate(SECTORS):
        if sector in world.trade.sectors:
            by_region[f"output_change_{sector}"] = output[:, k]
            by_region[f"exports_change_{sector}"] = exports[:, k]
    coords = {COUNTRY: regions, YEAR: years}
    table = xr.Dataset({name: ((COUNTRY, YEAR), values) for name, values in by_region.items()}, coords=coords)

    lost_by_vendor = _handset_sales_lost(world, supply, years)
    lost = lost_by_vendor.sum(axis=0)
    share = supply.params.handset_diversion_share
    made_home = share * (_made_at_home(network, homes, region_of) @ lost_by_vendor)
    oelec, teleq = SECTORS.index("OELEC"), SECTORS.index("TELEQ")
    check = {
        "handset_sales_lost": lost,
        "handset_rivals_sales": share * lost,
        "handset_rivals_sales_made_home": made_home,
        "handset_rivals_sales_made_elsewhere": share * lost - made_home,
        "oelec_output_change_home": output[~elsewhere, oelec].sum(axis=0),
        "oelec_output_change_elsewhere": output[elsewhere, oelec].sum(axis=0),
        "ran_sales_lost": -(vendor_sales * target[:, None]).sum(axis=0),
        "ran_rivals_sales_elsewhere": rivals_sales[elsewhere].sum(axis=0),
        "teleq_output_change_home": output[~elsewhere, teleq].sum(axis=0),
        "teleq_output_change_elsewhere": output[elsewhere, teleq].sum(axis=0),
    }
    check["oelec_carried"] = _share(
        check["oelec_output_change_elsewhere"], check["handset_rivals_sales_made_elsewhere"]
    )
    check["oelec_home_over_net_loss"] = _share(-check["oelec_output_change_home"], lost - made_home)
    check["teleq_carried"] = _share(
        check["teleq_output_change_elsewhere"], check["ran_rivals_sales_elsewhere"]
    )
    summary = xr.Dataset({name: (YEAR, values) for name, values in check.items()}, coords={YEAR: years})
    units = "billion USD; *_carried, oelec_home_over_net_loss: ratios"
    return table.assign_attrs(units="billion USD"), summary.assign_attrs(units=units)


def _trade_changes(world: World, controls: ControlEffects) -> tuple[np.ndarray, np.ndarray]:
    """(region, sector of ``SECTORS``, year) the change of gross output and of exports, billions of US
    dollars, in the trade engine's equilibria of the controls alone (each year's trade costs and TFP)."""
    trade = world.trade
    base = trade.arrays
    shocks = [
        replace(expand_routes(trade, base.tariff, cost), productivity=tfp)
        for cost, tfp in zip(controls.trade_cost, controls.productivity, strict=True)
    ]
    solved = equilibria(shocks, world.trade_options, trade)
    at = [list(trade.sectors).index(s) if s in trade.sectors else 0 for s in SECTORS]
    before = base.expenditure[:, None, :] * base.trade_share / (1.0 + base.tariff)  # (importer, exporter, j)
    own = np.arange(len(trade.countries))
    outputs, exported = [], []
    for each in solved:
        flows = each.arrays["flows"][1] - before
        made = flows.sum(axis=0)  # (exporter, sector)
        outputs.append(made[:, at])
        exported.append((made - flows[own, own, :])[:, at])
    scale = USD_PER_TABLE_UNIT / 1e9
    return np.stack(outputs, axis=-1) * scale, np.stack(exported, axis=-1) * scale


def _made_at_home(network: ValueNetwork, homes: set[str], region_of: Mapping[str, str]) -> np.ndarray:
    """(V,) the share of the phones the handset rivals make in each vendor's place that they assemble in
    the ``homes`` regions (0 without handset rivals or their assembly countries)."""
    assembly, rivals = network.rival_assembly, network.handset_rivals
    if rivals is None or assembly is None:
        return np.zeros(len(network.vendors))
    at_home = [country for country in assembly.countries if region_of.get(country, country) in homes]
    return assembly.made_in(rivals.weights_of(network.vendors), at_home)


def _handset_sales_lost(world: World, supply: SupplyResult, years: list[int]) -> np.ndarray:
    """(vendor, year) the handsets the vendors with a reported consumer business (and the buyers of divested
    parts, on their ramp-up) cannot make, billions of US dollars: the lost bill of materials
    (``rivals.lost_handset_purchases``) times the vendor's consumer revenue over its consumer bill in the
    year the revenue is reported."""
    network = world.network
    d = supply.data.variables
    consumer = network.class_bill == BILLS.index("consumer")
    if not consumer.any():
        return np.zeros((len(network.vendors), len(years)))
    first = int(np.flatnonzero(consumer)[0])
    need = d["need"].values[:, consumer].sum(axis=1)
    lost = lost_handsets_bill(supply, network)
    price = np.zeros(len(network.vendors))  # revenue per dollar of bill
    for v, vendor in enumerate(network.vendors):
        revenue = network.business_revenue.get((vendor, "consumer"))
        reported = [year for (name, year) in network.business_index if name == vendor]
        if revenue and need[v] > 0.0 and reported:
            at_reported = network.class_growth(np.array([max(reported)]))[v, first, 0]
            price[v] = revenue / (need[v] * at_reported)
    distinct, by_year = sum_by_year(lost * price[:, None], d["year"].values)
    at = [list(distinct).index(year) for year in years]
    out: np.ndarray = by_year[:, at] / 1e9
    return out


def _placed(
    change: SalesChange, regions: list[str], region_of: dict[str, str], years: list[int]
) -> np.ndarray:
    """(region, year of ``years``) a sales change by country summed onto the model's regions, billions."""
    values = np.zeros((len(change.labels), len(years)))
    for k, year in enumerate(years):
        if year in change.years:
            values[:, k] = change.change[:, change.years.index(year)]
    labels = [region_of.get(code, code) for code in change.labels]
    return _on_regions(values / 1e9, labels, regions)


def _on_regions(values: np.ndarray, labels: list[str], regions: list[str]) -> np.ndarray:
    """(region, year) the rows of ``values`` summed by their region ``labels`` (others left out)."""
    out = np.zeros((len(regions), values.shape[1]))
    for row, label in zip(values, labels, strict=True):
        if label in regions:
            out[regions.index(label)] += row
    return out


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``part / whole`` where ``whole`` is positive, NaN elsewhere."""
    out: np.ndarray = np.divide(part, whole, out=np.full_like(part, np.nan), where=whole > 0.0)
    return out
