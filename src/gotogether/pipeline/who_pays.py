"""Who pays: per country, firm and role, what a scenario costs or gains against the coordinated world, in one
currency (billions of US dollars of 2019, per year and in present value; docs/who-pays.md).

The equivalent variation of each country and year is the sum of its channels (``CHANNELS``):
- ``value_5g``: 5G's GDP contribution against the reference's (productivity);
- ``trade``: the rest of the trade engine's exact welfare change: terms and volume of trade, tariffs,
  barriers, export controls' trade costs (the engine's EV less ``value_5g``; zero in years it is not solved);
- ``capex``: resources spent on 5G equipment, new sites and replacement (a cost: minus the extra capex); in
  a run that accumulates capital (``diffusion.dynamic``) only the part paid out of consumption, 1 - c
  (c ``capital.crowding_out``): the part displacing investment costs the capital it would have built, which
  the trade engine's welfare change (the ``trade`` channel) holds, so it is counted once;
- ``vendor_value_added`` and ``supplier_value_added``: the value added (sales x value added / output of the
  home country's electronics sectors) in the change of vendors' and suppliers' sales, in their home
  countries; sales are revenue, shown apart and never added;
- ``substitute_investment``: the investment in the targets' substitution capacity (the supply engine's
  ``substitute_investment``: capacity built times ``supply.substitute_capital_intensity``), a cost to each
  vendor's home country in the year it is spent, paid out of consumption (the substitutes' premium is the
  trade channel's, through the vendor's unit cost);
- ``disruption``: the disruption's losses through the whole economy: the equivalent variation of the
  scenario less that of the same scenario with the disruption off, in the years it hits (its output lost,
  substitutes' premiums and stockpiles' holding costs enter the trade engine as productivity changes).

Roles come from the measures (``Measure.roles``): a country's role is the one it takes in the first
measure that makes it an issuer or a target; otherwise ally if it joins a coalition or bloc; otherwise
third country. Country codes are mapped onto the model's regions (e.g. a member of the rest of the EU to REU)
when the members with the role hold at least half of the region's GDP.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.data import registry
from gotogether.dims import COUNTRY, FIRM, INDUSTRY, SECTOR, VENDOR, YEAR
from gotogether.engines.contract import in_order
from gotogether.engines.rollout.result import MONTHS_PER_YEAR, coverage_lag, delay_between
from gotogether.engines.supply.result import SalesChange
from gotogether.pipeline.accounting import (
    discounted_sum,
    equivalent_variation,
    peak,
    value_added_change,
)
from gotogether.pipeline.capital import CROWDING_OUT, PRICE_LEVEL_2020
from gotogether.pipeline.controls import (
    enterprise_rivals_purchases_change,
    handset_rivals_purchases_change,
    rivals_purchases_change,
)
from gotogether.pipeline.handset_assembly import handset_assembly_change
from gotogether.pipeline.run import TRADE_YEARS, Reference, ScenarioOutcome
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario
from gotogether.scenarios.inputs import ModelWorld
from gotogether.scenarios.measures.base import Role
from gotogether.scenarios.translate import combine_roles, measure_roles

BASE_YEAR = 2019
"""Money is in US dollars of this year, discounted to it (the year of the default world's tables)."""
YEARS = tuple(range(BASE_YEAR, TRADE_YEARS[-1] + 1))
"""The years accounted for."""
_YEAR_LABELS = pd.Index(YEARS)
_TRADE_YEAR_LABELS = pd.Index(TRADE_YEARS)
Order = dict[str, Sequence[str] | pd.Index]
"""Dimensions and labels to read a labelled array in (``engines.contract.in_order``)."""
Layout = dict[str, pd.Index]
"""The dimensions and labels an engine's result comes in (an ``Order`` of its own indexes)."""
DISCOUNT_RATE = "who_pays.discount_rate"
REPORT_YEAR = 2030
"""The year of the world welfare headline of ensembles (that of the published value projections)."""
COVERAGE_LEVEL = 0.8
"""Coverage whose delay is reported (a choice: near-universal coverage, before the slow last sites)."""
ROLE_ORDER = ("issuer", "ally", "target", "third country")
MONEY = "billion USD of 2019"
ELECTRONICS = ("SEMI", "TELEQ", "OELEC")
"""Sectors whose value added share is that of the suppliers (component makers)."""
VENDOR_SECTOR = "TELEQ"
"""The sector whose value added share is that of the equipment vendors."""

CHANNELS: dict[str, str] = {
    "value_5g": "5G value (productivity)",
    "trade": "Trade (terms and volume of trade)",
    "capex": "5G equipment spending (capex and replacement)",
    "vendor_value_added": "Vendors' value added",
    "supplier_value_added": "Suppliers' value added",
    "substitute_investment": "Substitutes' investment (capacity built)",
    "disruption": "Disruption losses",
}
"""The channels of the equivalent variation, in order, with their human names."""

NOTES = (
    "Equipment spending (capex and rollout prices) is converted from US dollars of 2020 with the US GDP "
    "price level (who_pays.price_level_2020); the supply engine's sales, at baseline 2019-2020 prices, are "
    "taken as dollars of 2019.",
    "Vendors' and suppliers' value added is their sales change times the value added share of gross output "
    "of their home country's electronics sectors (TELEQ for vendors; SEMI, TELEQ, OELEC for suppliers) in "
    "the default world's table: it counts the income at stake in the firms, as if their workers and capital "
    "earned nothing elsewhere (an upper bound on the loss or gain).",
    "Export controls also raise trade costs in the trade engine, whose equivalent variation (the trade "
    "channel) then holds part of the suppliers' losses as lost exports: the two channels overlap there.",
    "The trade engine is solved from 2020: in 2019 the trade channel is zero.",
    "The rivals that take a blocked vendor's RAN, handset and enterprise buyers gain in the vendors' and "
    "suppliers' value added; the trade engine also moves the blocked vendor's buyers to other countries' "
    "sectors (by its own prices: run table rivals_trade_check), whose welfare gain is in the trade "
    "channel: the channels overlap there as well.",
    "The substitutes' investment counts the plant a target builds to run its substitutes, at "
    "supply.substitute_capital_intensity dollars per dollar a year of output (an assumption, 0.5-2.0), in "
    "the year it is built; the substitutes' premium is the running cost, in the trade channel.",
    "A disruption's losses (output lost, substitutes' premiums, stockpiles' holding costs) are the trade "
    "engine's welfare change with the disruption less without it, in the years it hits: how they interact "
    "with the scenario's other measures is counted with the disruption.",
)
"""What the accounting approximates (shown with the who-pays table)."""

COLUMNS: dict[str, tuple[str, str]] = {
    "role": ("Role", ""),
    "ev_pv": ("Equivalent variation, present value", MONEY),
    **{f"{name}_pv": (f"{label}, present value", MONEY) for name, label in CHANNELS.items()},
    "ev_pv_pct_gdp": ("Equivalent variation, present value, % of GDP", "%"),
    "peak_year": ("Peak year (largest yearly equivalent variation)", "year"),
    "peak_ev": ("Equivalent variation in the peak year", MONEY),
    "coverage_delay_months": (f"Delay to {COVERAGE_LEVEL:.0%} population coverage", "months"),
    "mean_coverage_delay_months": ("Population-weighted mean delay of 5G coverage", "months"),
    "sites_change_pct": ("Sites built, change", "%"),
    "supplier_sales_change": ("Suppliers' sales change (revenue, not value added)", MONEY),
}
"""Every column of the who-pays table: (human name, unit)."""


def roles(scenario: Scenario, world: ModelWorld) -> dict[str, str]:
    """The role of each region of ``world`` in ``scenario`` (see the module docstring). A region takes a
    role from its members in a measure when they hold at least half of its 2019 GDP (issuer before target
    before ally), so one small member does not make the rest of the world an issuer."""
    per_measure: list[dict[str, Role]] = []
    for roles in measure_roles(scenario):
        mapped: dict[str, Role] = {}
        for role in ("issuer", "target", "ally"):
            codes = [code for code, given in roles.items() if given == role]
            weights = world.region_weights(codes, scenario.name, role, []) if codes else {}
            for region, weight in weights.items():
                if weight >= 0.5:
                    mapped.setdefault(region, role)
        per_measure.append(mapped)
    combined = combine_roles(per_measure)
    return {region: combined.get(region, "third country") for region in world.regions}


def _on_years(values: np.ndarray, years: Iterable[int] | pd.Index) -> np.ndarray:
    """``values`` (..., year of ``years``) on ``YEARS``: zero in the years they lack."""
    positions, found = _year_positions(tuple(int(year) for year in years))
    placed = np.zeros((*values.shape[:-1], len(YEARS)))
    placed[..., positions[found]] = values[..., found]
    return placed


@cache
def _year_positions(years: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of ``years`` in ``YEARS`` and whether each is there (a few spans a process)."""
    positions = _YEAR_LABELS.get_indexer(pd.Index(years))
    return positions, positions >= 0


def _by_region(
    values: np.ndarray, names: Sequence[str], region_of: Mapping[str, str], regions: Sequence[str]
) -> np.ndarray:
    """``values`` (name, year) of ISO codes ``names`` summed onto model regions (region, year), zero where
    none (NaN as zero)."""
    labels = np.array([region_of.get(name, name) for name in names])
    summed = np.zeros((len(regions), values.shape[1]))
    for row, region in enumerate(regions):
        members = labels == region
        if members.any():
            summed[row] = np.nansum(values[members], axis=0)
    return summed


@cache
def _regions_of(regions: tuple[str, ...]) -> Mapping[str, str]:
    """``registry.region_of_country`` of ``regions`` (the same model regions in every run of a process)."""
    return MappingProxyType(registry.region_of_country(regions))


_SHARES: KeptByIdentity[np.ndarray] = KeptByIdentity(8)
"""``_value_added_share`` by the world's sector tables (no draw samples them), sectors and regions."""


def _value_added_share(world: World, sectors: tuple[str, ...], regions: Sequence[str]) -> np.ndarray:
    """Value added over gross output of ``sectors`` together, by region of ``regions`` (0 where there is no
    output); made once per sector tables, sectors and regions (read-only)."""
    sizes = (world.sector_value_added, world.sector_gross_output)

    def make() -> np.ndarray:
        order = {COUNTRY: list(regions), SECTOR: list(sectors)}
        value_added, output = (np.nansum(in_order(each, order), axis=1) for each in sizes)
        share: np.ndarray = np.divide(value_added, output, out=np.zeros_like(value_added), where=output > 0)
        share.flags.writeable = False
        return share

    return _SHARES.get(sizes, make, extra=(sectors, tuple(regions)))


class Sales(NamedTuple):
    """A change of sales (name, year of ``YEARS``) of vendors, supplier firms or countries, billions of
    US dollars of 2019."""

    names: list[str]
    change: np.ndarray


def vendor_sales(outcome: ScenarioOutcome) -> Sales:
    """Change of each vendor's sales: sites bought x its price, summed over countries."""
    data, reference = outcome.rollout.data, outcome.reference.rollout.data
    for dim in (VENDOR, YEAR):
        if not data.indexes[dim].equals(reference.indexes[dim]):
            raise ValueError(f"the scenario's and the reference's rollouts differ in {dim}")
    change = outcome.rollout.vendor_sales - outcome.reference.rollout.vendor_sales
    sales = _on_years(change, data.indexes[YEAR]) / 1e9 / outcome.world.parameters[PRICE_LEVEL_2020]
    return Sales([str(vendor) for vendor in data.indexes[VENDOR]], sales)


def supplier_sales(outcome: ScenarioOutcome, by: Literal["country", "firm"]) -> Sales:
    """Change of suppliers' sales by ``by`` ("country" or "firm"), net: the supply engine's (a blocked
    vendor's suppliers, its substitutes) and the rival vendors' extra purchases as they take its share, of
    RAN equipment, handsets and enterprise equipment (suppliers only the rivals buy from after the supply
    engine's)."""
    parts = supplier_sales_parts(outcome, by)
    return Sales(parts.names, _net(parts.change) / 1e9)


class SalesParts(NamedTuple):
    """A change of suppliers' sales by part (``SALES_PARTS``, name, year of ``YEARS``), US dollars of 2019."""

    names: list[str]
    change: np.ndarray


SALES_PARTS = ("gross", "rivals_ran", "rivals_handsets", "rivals_enterprise")
"""The parts of the suppliers' sales change: the supply engine's (gross: the blocked vendors' purchases
lost, their substitutes' sales), the RAN rivals', the handset rivals' (their parts, and their assembly in
the countries where they assemble) and the enterprise rivals' extra purchases."""


def supplier_sales_parts(outcome: ScenarioOutcome, by: Literal["country", "firm"]) -> SalesParts:
    """The suppliers' sales change by part (``SALES_PARTS``); their sum is the net change."""
    gross = outcome.supply.yearly_sales_change(by)
    network = outcome.world.network
    rivals = rivals_purchases_change(outcome.supply, outcome.rollout, outcome.reference.rollout, by=by)
    # the handset and enterprise rivals take the sales lost to export controls, never those a disruption
    # takes: it cuts their own supply too (their chips are made where the blocked vendors' are)
    none = SalesChange([], [], np.zeros((0, 0)))
    handsets, assembly, enterprise = (
        (
            handset_rivals_purchases_change(outcome.supply, network, by=by),
            handset_assembly_change(outcome.supply, network, by=by),
            enterprise_rivals_purchases_change(outcome.supply, network, by=by),
        )
        if outcome.controls is not None
        else (none, none, none)
    )
    names = list(
        dict.fromkeys([*gross.labels, *rivals.labels, *handsets.labels, *assembly.labels, *enterprise.labels])
    )
    row = {name: k for k, name in enumerate(names)}
    change = np.zeros((len(SALES_PARTS), len(names), len(YEARS)))
    change[0, : len(gross.labels)] = _on_years(np.nan_to_num(gross.change), gross.years)
    # the handset rivals' part holds their purchases and their assembly
    for part, sold in ((1, rivals), (2, handsets), (2, assembly), (3, enterprise)):
        if sold.labels:
            change[part, [row[name] for name in sold.labels]] += _on_years(sold.change, sold.years)
    return SalesParts(names, change)


def _net(change: np.ndarray) -> np.ndarray:
    """The net change of a ``SalesParts.change``: its parts summed in the order of ``SALES_PARTS``."""
    net: np.ndarray = change[0] + change[1] + change[2] + change[3]
    return net


def supplier_sales_gross_net(outcome: ScenarioOutcome, by: Literal["country", "firm"]) -> xr.Dataset | None:
    """(``by``, year) the suppliers' sales change by part (``SALES_PARTS``) and ``net``, their sum, billions
    of US dollars of 2019: the gross loss with the blocked vendors beside the net one after the rivals'
    gains; None where every part is zero (no measure reaches a supplier)."""
    parts = supplier_sales_parts(outcome, by)
    if not parts.change.any():
        return None
    coords = {by: parts.names, YEAR: list(YEARS)}
    data = {name: ((by, YEAR), parts.change[k] / 1e9) for k, name in enumerate(SALES_PARTS)}
    data["net"] = ((by, YEAR), _net(parts.change) / 1e9)
    return xr.Dataset(data, coords=coords).assign_attrs(units=MONEY)


@dataclass(frozen=True)
class _Frame:
    """What who pays reads of a reference and its world, on arrays, made once for the scenarios measured
    against that reference (a draw's): the trade baseline's ``regions``, their rows among the rollout's
    countries (``rollout_rows``, -1 where none) and their ``region_of`` map, ``gdp`` (region, year of
    ``YEARS``), the value added shares of vendors and suppliers (region), the labels the rollout and
    value engines' results come in (``rollout``: country, vendor, year; ``value``: industry, country,
    year; ``value_rows``: the regions' rows among the latter's countries) and the reference's 5G value
    (in that order), capex (country, year) and the decimal year each rollout country reaches
    ``COVERAGE_LEVEL`` (``RolloutResult.coverage_reached``)."""

    regions: list[str]
    region_of: Mapping[str, str]
    gdp: np.ndarray
    vendor_share: np.ndarray
    supplier_share: np.ndarray
    rollout: Layout
    rollout_rows: np.ndarray
    value: Layout
    value_rows: np.ndarray
    reference_value: np.ndarray
    reference_capex: np.ndarray
    reference_reached: np.ndarray

    def on_regions(self, values: np.ndarray, fill: float) -> np.ndarray:
        """``values`` (rollout country, ...) on the rows of ``regions``, ``fill`` where a region has none."""
        placed = np.full((len(self.regions), *values.shape[1:]), fill)
        found = self.rollout_rows >= 0
        placed[found] = values[self.rollout_rows[found]]
        return placed


_FRAMES: KeptByIdentity[_Frame] = KeptByIdentity(8)
"""``_frame`` by its sources: a draw's scenarios share one; the last few are kept."""


def _frame(outcome: ScenarioOutcome) -> _Frame:
    """The reference's part of who pays for ``outcome``, made once per reference and world data."""
    world, reference = outcome.world, outcome.reference
    sources = (
        reference,
        world.trade,
        world.sector_value_added,
        world.sector_gross_output,
        world.gdp_2019,
        world.growth,
    )
    return _FRAMES.get(sources, lambda: _make_frame(world, reference))


def _make_frame(world: World, reference: Reference) -> _Frame:
    regions = list(world.trade.countries)
    by_year: Order = {COUNTRY: regions, YEAR: _YEAR_LABELS}
    gdp = in_order(world.gdp_2019, {COUNTRY: regions})[:, None] * in_order(world.growth, by_year)
    data = reference.rollout.data
    rollout: Layout = {dim: data.indexes[dim] for dim in (COUNTRY, VENDOR, YEAR)}
    value: Layout = {dim: reference.gdp.indexes[dim] for dim in (INDUSTRY, COUNTRY, YEAR)}
    value_rows = pd.Index(value[COUNTRY]).get_indexer(pd.Index(regions))
    if (value_rows < 0).any():
        missing = [region for region, row in zip(regions, value_rows, strict=True) if row < 0]
        raise ValueError(f"the value engine's result has no 5G value for {missing}")
    spent = in_order(data["capex_new"], _of(rollout, COUNTRY, YEAR)) + in_order(
        data["capex_replacement"], _of(rollout, COUNTRY, YEAR)
    )
    return _Frame(
        regions,
        _regions_of(tuple(regions)),
        gdp,
        _value_added_share(world, (VENDOR_SECTOR,), regions),
        _value_added_share(world, ELECTRONICS, regions),
        rollout,
        pd.Index(rollout[COUNTRY]).get_indexer(pd.Index(regions)),
        value,
        value_rows,
        in_order(reference.gdp, value),
        spent,
        reference.rollout.coverage_reached(COVERAGE_LEVEL),
    )


def _of(order: Layout, *dims: str) -> Layout:
    """``order`` on ``dims`` only."""
    return {dim: order[dim] for dim in dims}


@dataclass(frozen=True)
class Ledger:
    """``accounts`` on plain arrays: the flows of each channel (in ``CHANNELS`` order, country, year), GDP
    and the suppliers' sales change (country, year), countries ``countries`` (the trade baseline's
    regions), years ``YEARS``, billions of US dollars of 2019."""

    countries: list[str]
    channels: np.ndarray
    gdp: np.ndarray
    supplier_sales_change: np.ndarray
    discount_rate: float

    @property
    def equivalent_variation(self) -> np.ndarray:
        """The sum of the channels (country, year), added in ``CHANNELS`` order."""
        total = np.zeros_like(self.gdp)
        for flows in self.channels:
            total = total + flows
        return total

    def present_value(self, flows: np.ndarray) -> np.ndarray:
        """``flows`` (..., year of ``YEARS``) in present value (``discount_rate``, ``BASE_YEAR``)."""
        return discounted_sum(flows, YEARS, self.discount_rate, BASE_YEAR)

    def labelled(self) -> xr.Dataset:
        """The channels, their sum ``equivalent_variation``, ``gdp`` and ``supplier_sales_change``
        (country, year), with ``units`` and ``long_name``."""
        names = {
            **CHANNELS,
            "equivalent_variation": "Equivalent variation (sum of the channels)",
            "gdp": "GDP",
            "supplier_sales_change": "Suppliers' sales change (revenue, not value added)",
        }
        values = [*self.channels, self.equivalent_variation, self.gdp, self.supplier_sales_change]
        return xr.Dataset(
            {
                name: ((COUNTRY, YEAR), flows, {"units": MONEY, "long_name": long_name})
                for (name, long_name), flows in zip(names.items(), values, strict=True)
            },
            coords={COUNTRY: self.countries, YEAR: list(YEARS)},
            attrs={"discount_rate": self.discount_rate, "base_year": BASE_YEAR},
        )


def ledger(outcome: ScenarioOutcome) -> Ledger:
    """The equivalent variation of each region by channel and year (see the module docstring), with the
    region's GDP and its suppliers' sales change."""
    frame = _frame(outcome)
    regions, gdp = frame.regions, frame.gdp
    value_change = np.nansum(in_order(outcome.gdp, frame.value) - frame.reference_value, axis=0)
    value_5g = _on_years(value_change[frame.value_rows], frame.value[YEAR])
    solved = [YEARS.index(year) for year in TRADE_YEARS]
    trade_years: Order = {COUNTRY: regions, YEAR: _TRADE_YEAR_LABELS}
    trade_ev = equivalent_variation(in_order(outcome.welfare, trade_years), gdp[:, solved])
    apart = outcome.welfare_without_disruption
    undisrupted_ev = (
        trade_ev if apart is None else equivalent_variation(in_order(apart, trade_years), gdp[:, solved])
    )
    vendors = vendor_sales(outcome)
    homes = [outcome.world.vendor_home[vendor] for vendor in vendors.names]
    vendor_home_sales = _by_region(vendors.change, homes, frame.region_of, regions)
    suppliers = supplier_sales(outcome, COUNTRY)
    supplier_home_sales = _by_region(suppliers.change, suppliers.names, frame.region_of, regions)
    channels = {
        "value_5g": value_5g,
        "trade": _on_years(undisrupted_ev - value_5g[:, solved], TRADE_YEARS),
        "capex": _capex(outcome, frame),
        "vendor_value_added": value_added_change(vendor_home_sales, frame.vendor_share[:, None]),
        "supplier_value_added": value_added_change(supplier_home_sales, frame.supplier_share[:, None]),
        "substitute_investment": _substitute_investment(outcome, frame),
        "disruption": _on_years(trade_ev - undisrupted_ev, TRADE_YEARS),
    }
    return Ledger(
        regions,
        np.stack([channels[name] for name in CHANNELS]),
        gdp,
        supplier_home_sales,
        discount_rate(outcome),
    )


def _substitute_investment(outcome: ScenarioOutcome, frame: _Frame) -> np.ndarray:
    """The ``substitute_investment`` channel (region, year): minus each vendor's investment in its
    substitution capacity, in its home region, billions of US dollars of 2019 (the supply engine's baseline
    prices, taken as 2019's)."""
    yearly = outcome.supply.yearly()
    spent = _on_years(yearly["substitute_investment"].values, yearly.indexes[YEAR]) / 1e9
    homes = [str(code) for code in yearly["vendor_country"].values]
    invested: np.ndarray = -_by_region(spent, homes, frame.region_of, frame.regions)
    return invested


def _capex(outcome: ScenarioOutcome, frame: _Frame) -> np.ndarray:
    """The ``capex`` channel (region, year): minus the extra 5G capex over the reference's, in US dollars of
    2019; in a run that accumulates capital, only the part not displacing other investment (1 - c, c
    ``capital.crowding_out``): the displaced part costs the capital it would have built, which the trade
    engine's welfare change holds."""
    data, order = outcome.rollout.data, _of(frame.rollout, COUNTRY, YEAR)
    spent = in_order(data["capex_new"], order) + in_order(data["capex_replacement"], order)
    extra = frame.on_regions(_on_years(spent - frame.reference_capex, order[YEAR]), 0.0)
    capex: np.ndarray = -extra / (1e9 * outcome.world.parameters[PRICE_LEVEL_2020])
    if outcome.capital_stock is not None:
        capex = (1.0 - outcome.world.parameters[CROWDING_OUT]) * capex
    return capex


def accounts(outcome: ScenarioOutcome) -> xr.Dataset:
    """The equivalent variation of each region by channel and year (see the module docstring), with the
    region's GDP, in billions of US dollars of 2019; ``units`` and ``long_name`` on every variable
    (``ledger``, labelled)."""
    return ledger(outcome).labelled()


def discount_rate(outcome: ScenarioOutcome) -> float:
    """The discount rate in force for the outcome's run (``who_pays.discount_rate``)."""
    return float(outcome.world.parameters[DISCOUNT_RATE])


def who_pays_columns(outcome: ScenarioOutcome, book: Ledger | None = None) -> dict[str, np.ndarray]:
    """The columns of ``who_pays`` but the role, by region of ``book.countries`` (``book``: the outcome's
    ``ledger`` when already made)."""
    book = ledger(outcome) if book is None else book
    total = book.equivalent_variation
    columns = {"ev_pv": book.present_value(total)}
    for name, flows in zip(CHANNELS, book.channels, strict=True):
        columns[f"{name}_pv"] = book.present_value(flows)
    columns["ev_pv_pct_gdp"] = 100.0 * columns["ev_pv"] / book.present_value(book.gdp)
    columns["peak_year"], columns["peak_ev"] = peak(total, YEARS)
    frame = _frame(outcome)
    if not outcome.rollout.data.indexes[COUNTRY].equals(frame.rollout[COUNTRY]):
        raise ValueError("the scenario's and the baseline's rollouts differ in their countries")
    # on arrays in the rollout's country order (``coverage_delay``'s, unlabelled), the reference's part
    # once per reference
    delay = delay_between(outcome.rollout.coverage_reached(COVERAGE_LEVEL), frame.reference_reached)
    columns["coverage_delay_months"] = MONTHS_PER_YEAR * frame.on_regions(delay, np.nan)
    _, mean_delay = coverage_lag(outcome.rollout, outcome.reference.rollout)
    columns["mean_coverage_delay_months"] = MONTHS_PER_YEAR * frame.on_regions(mean_delay, np.nan)

    def sites(data: xr.Dataset) -> np.ndarray:
        built = in_order(data["sites_new"], frame.rollout) + in_order(
            data["sites_replacement"], frame.rollout
        )
        return np.asarray(np.nansum(built, axis=(1, 2)))

    with np.errstate(divide="ignore", invalid="ignore"):
        change = 100.0 * (sites(outcome.rollout.data) / sites(outcome.reference.rollout.data) - 1.0)
    columns["sites_change_pct"] = frame.on_regions(change, np.nan)
    columns["supplier_sales_change"] = np.nansum(book.supplier_sales_change, axis=1)
    return columns


def who_pays(outcome: ScenarioOutcome, book: Ledger | None = None) -> pd.DataFrame:
    """One row per region (``COLUMNS``): role, the present value of the equivalent variation and of each
    channel, the peak year, and measures that are not money (coverage delay, sites, suppliers' sales);
    ``book``: the outcome's ``ledger`` when already made."""
    columns = who_pays_columns(outcome, book)
    regions = list(outcome.world.trade.countries)
    role_of = roles(outcome.scenario, outcome.world.model)
    table = pd.DataFrame(
        {"role": [role_of[region] for region in regions], **columns}, index=pd.Index(regions, name=COUNTRY)
    )
    table["peak_year"] = table["peak_year"].astype(int)
    table.attrs.update(
        units={name: unit for name, (_, unit) in COLUMNS.items() if unit},
        long_names={name: label for name, (label, _) in COLUMNS.items()},
    )
    return table


def firms(outcome: ScenarioOutcome) -> pd.DataFrame:
    """One row per vendor and supplier firm: kind, home country, sales change and the present value of the
    value added in it (billions of US dollars of 2019)."""
    rate = discount_rate(outcome)
    world = outcome.world
    regions = list(world.trade.countries)
    region_of = _regions_of(tuple(regions))
    data = outcome.supply.data
    firm_country = dict(zip(map(str, data[FIRM].values), map(str, data[COUNTRY].values), strict=True))
    firm_country.update(
        (f"{vendor} substitute", str(home))
        for vendor, home in zip(data[VENDOR].values, data["vendor_country"].values, strict=True)
    )
    for rivals in (world.network.handset_rivals, world.network.enterprise_rivals):
        if rivals is not None:  # firms only the rivals buy from
            for firm, country in zip(rivals.firms, rivals.firm_country, strict=True):
                firm_country.setdefault(firm, country)
    assembly = world.network.rival_assembly  # the handset rivals' assembly, in each assembly country
    if assembly is not None:
        firm_country.update(zip(assembly.assemblers, assembly.countries, strict=True))
    frames = []
    for kind, sales, home_of, sectors in (
        ("vendor", vendor_sales(outcome), world.vendor_home, (VENDOR_SECTOR,)),
        ("supplier", supplier_sales(outcome, FIRM), firm_country, ELECTRONICS),
    ):
        homes = [home_of[name] for name in sales.names]
        share = _value_added_share(world, sectors, [region_of.get(home, home) for home in homes])
        frames.append(
            pd.DataFrame(
                {
                    FIRM: sales.names,
                    "kind": kind,
                    "home": homes,
                    "sales_change": np.nansum(sales.change, axis=1),
                    "value_added_pv": discounted_sum(sales.change * share[:, None], YEARS, rate, BASE_YEAR),
                }
            )
        )
    table = pd.concat(frames, ignore_index=True).set_index(FIRM).sort_values("value_added_pv")
    table.attrs.update(
        units={"sales_change": MONEY, "value_added_pv": MONEY},
        long_names={
            "kind": "Kind of firm (vendor or supplier)",
            "home": "Home country",
            "sales_change": f"Sales change, {YEARS[0]}-{YEARS[-1]} (revenue)",
            "value_added_pv": "Value added change, present value",
        },
    )
    return table


def totals_by_role(table: pd.DataFrame) -> pd.DataFrame:
    """Sums of the present values by role and for the world (roles in ``ROLE_ORDER``)."""
    money = ["ev_pv", *(f"{name}_pv" for name in CHANNELS), "supplier_sales_change"]
    totals = table.groupby("role")[money].sum()
    order = [role for role in ROLE_ORDER if role in totals.index]
    world_row = table[money].sum().to_frame("world").T
    combined = pd.concat([totals.loc[order], world_row])
    combined["countries"] = [int((table["role"] == role).sum()) for role in order] + [len(table)]
    combined.index.name = "group"
    combined.attrs.update(
        units={name: unit for name, unit in table.attrs.get("units", {}).items() if name in money},
        long_names={
            **{name: label for name, label in table.attrs.get("long_names", {}).items() if name in money},
            "countries": "Number of countries",
        },
    )
    return combined
