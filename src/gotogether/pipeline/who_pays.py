"""Who pays: per country, firm and role, what a scenario costs or gains against the coordinated world, in one
currency (billions of US dollars of 2019, per year and in present value; docs/who-pays.md).

The equivalent variation of each country and year is the sum of its channels (``CHANNELS``):
- ``value_5g``: 5G's GDP contribution against the reference's (productivity);
- ``trade``: the rest of the trade engine's exact welfare change: terms and volume of trade, tariffs,
  barriers, export controls' trade costs (the engine's EV less ``value_5g``; zero in years it is not solved);
- ``capex``: resources spent on 5G equipment, new sites and replacement (a cost: minus the extra capex);
- ``vendor_value_added`` and ``supplier_value_added``: the value added (sales x value added / output of the
  home country's electronics sectors) in the change of vendors' and suppliers' sales, in their home
  countries; sales are revenue, shown apart and never added;
- ``disruption``: the disruption's losses through the whole economy: the equivalent variation of the
  scenario less that of the same scenario with the disruption off, in the years it hits (its output lost,
  substitutes' premiums and stockpiles' holding costs enter the trade engine as productivity changes).

Roles come from the measures (``Measure.roles``): a country's role is the one it takes in the first
measure that makes it an issuer or a target; otherwise ally if it joins a coalition or bloc; otherwise
third country. Country codes are mapped onto the model's regions (e.g. a member of the rest of the EU to REU)
when the members with the role hold at least half of the region's GDP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data import registry
from gotogether.dims import COUNTRY, FIRM, SECTOR, VENDOR, YEAR
from gotogether.engines.rollout.result import MONTHS_PER_YEAR, coverage_delay
from gotogether.pipeline.accounting import (
    equivalent_variation,
    peak,
    present_value,
    value_added_change,
)
from gotogether.pipeline.controls import rivals_purchases_change
from gotogether.pipeline.run import TRADE_YEARS, ScenarioOutcome
from gotogether.scenarios import Scenario
from gotogether.scenarios.inputs import ModelWorld
from gotogether.scenarios.measures.base import Role
from gotogether.scenarios.translate import combine_roles, measure_roles

BASE_YEAR = 2019
"""Money is in US dollars of this year, discounted to it (the year of the default world's tables)."""
YEARS = tuple(range(BASE_YEAR, TRADE_YEARS[-1] + 1))
"""The years accounted for."""
DISCOUNT_RATE = "who_pays.discount_rate"
PRICE_LEVEL_2020 = "who_pays.price_level_2020"
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


def _value_added_share(outcome: ScenarioOutcome, sectors: tuple[str, ...]) -> xr.DataArray:
    """Value added over gross output of ``sectors`` together, by country (0 where there is no output)."""
    world = outcome.world
    value_added, output = (
        np.nansum(_columns(sizes.transpose(COUNTRY, SECTOR), SECTOR, sectors), axis=1)
        for sizes in (world.sector_value_added, world.sector_gross_output)
    )
    share = np.divide(value_added, output, out=np.zeros_like(value_added), where=output > 0)
    countries = world.sector_value_added.indexes[COUNTRY]
    return xr.DataArray(share, dims=COUNTRY, coords={COUNTRY: countries})


def _columns(data: xr.DataArray, dim: str, labels: Sequence[str]) -> np.ndarray:
    """The values of ``data`` at ``labels`` of its last dimension ``dim``, in that order."""
    return np.asarray(data.values[..., data.indexes[dim].get_indexer(list(labels))])


def _by_region(
    change: xr.DataArray, dim: str, region_of: Mapping[str, str], regions: list[str]
) -> xr.DataArray:
    """``change`` (dim, year) with ``dim`` (ISO codes) summed onto model regions (country, year), zero where
    none. On arrays: a labelled group sum costs milliseconds a call."""
    labels = np.array([region_of.get(str(code), str(code)) for code in change[dim].values])
    values = change.transpose(dim, YEAR).values
    summed = np.zeros((len(regions), values.shape[1]))
    for row, region in enumerate(regions):
        members = labels == region
        if members.any():
            summed[row] = np.nansum(values[members], axis=0)
    return xr.DataArray(summed, dims=(COUNTRY, YEAR), coords={COUNTRY: regions, YEAR: change.indexes[YEAR]})


def _on_years(flows: xr.DataArray) -> xr.DataArray:
    return flows.reindex({YEAR: list(YEARS)}, fill_value=0.0)


def vendor_sales(outcome: ScenarioOutcome) -> xr.DataArray:
    """Change of each vendor's sales (vendor, year): sites bought x its price, summed over countries,
    in billions of US dollars of 2019."""

    def sales(data: xr.Dataset) -> np.ndarray:
        order = (COUNTRY, VENDOR, YEAR)
        sites = (
            data["sites_new"].transpose(*order).values + data["sites_replacement"].transpose(*order).values
        )
        return np.asarray(np.nansum(sites * data["vendor_price"].transpose(*order).values, axis=0))

    data, reference = outcome.rollout.data, outcome.reference.rollout.data
    for dim in (VENDOR, YEAR):
        if not data.indexes[dim].equals(reference.indexes[dim]):
            raise ValueError(f"the scenario's and the reference's rollouts differ in {dim}")
    change = xr.DataArray(
        sales(data) - sales(reference),
        dims=(VENDOR, YEAR),
        coords={VENDOR: data.indexes[VENDOR], YEAR: data.indexes[YEAR]},
    )
    return _on_years(change) / 1e9 / outcome.world.parameters[PRICE_LEVEL_2020]


def supplier_sales(outcome: ScenarioOutcome, by: Literal["country", "firm"]) -> xr.DataArray:
    """Change of suppliers' sales (``by``: "country" or "firm"; year), billions of US dollars: the supply
    engine's (a blocked vendor's suppliers, its substitutes) and the rival vendors' extra purchases as they
    take its share."""
    gross = outcome.supply.sales_change(by=by)
    rivals = rivals_purchases_change(outcome.supply, outcome.rollout, outcome.reference.rollout, by=by)
    total = gross.rename(year=YEAR).fillna(0.0) + rivals.reindex_like(gross, fill_value=0.0)
    rest = rivals.drop_sel({by: [c for c in rivals[by].values if c in gross[by].values]})
    return _on_years(xr.concat([total, rest], dim=by) / 1e9)


def accounts(outcome: ScenarioOutcome) -> xr.Dataset:
    """The equivalent variation of each region by channel and year (see the module docstring), with the
    region's GDP, in billions of US dollars of 2019; ``units`` and ``long_name`` on every variable."""
    world, reference = outcome.world, outcome.reference
    regions = list(world.trade.countries)
    region_of = registry.region_of_country(regions)
    years = xr.DataArray(list(YEARS), dims=YEAR, coords={YEAR: list(YEARS)})
    gdp = (world.gdp_2019 * world.growth).sel({COUNTRY: regions, YEAR: years})
    value_5g = _on_years((outcome.gdp - reference.gdp).sum("industry")).sel({COUNTRY: regions})
    trade_gdp = gdp.sel({YEAR: list(TRADE_YEARS)})
    trade_ev = equivalent_variation(outcome.welfare, trade_gdp)
    apart = outcome.welfare_without_disruption
    undisrupted_ev = trade_ev if apart is None else equivalent_variation(apart, trade_gdp)
    trade = _on_years(undisrupted_ev - value_5g.sel({YEAR: list(TRADE_YEARS)}))
    capex_of = {
        name: data["capex_new"] + data["capex_replacement"]
        for name, data in (("scenario", outcome.rollout.data), ("reference", reference.rollout.data))
    }
    capex = -_on_years(capex_of["scenario"] - capex_of["reference"]).reindex(
        {COUNTRY: regions}, fill_value=0.0
    ) / (1e9 * world.parameters[PRICE_LEVEL_2020])
    vendors = vendor_sales(outcome)
    homes = xr.DataArray([world.vendor_home[str(v)] for v in vendors[VENDOR].values], dims=VENDOR)
    vendor_home_sales = _by_region(vendors.assign_coords({VENDOR: homes.values}), VENDOR, region_of, regions)
    supplier_home_sales = _by_region(supplier_sales(outcome, COUNTRY), COUNTRY, region_of, regions)
    channels = {
        "value_5g": value_5g,
        "trade": trade,
        "capex": capex,
        "vendor_value_added": value_added_change(
            vendor_home_sales, _value_added_share(outcome, (VENDOR_SECTOR,))
        ),
        "supplier_value_added": value_added_change(
            supplier_home_sales, _value_added_share(outcome, ELECTRONICS)
        ),
        "disruption": _on_years(trade_ev - undisrupted_ev),
    }
    variables = {
        name: flows.transpose(COUNTRY, YEAR).assign_attrs(units=MONEY, long_name=CHANNELS[name])
        for name, flows in channels.items()
    }
    total = sum(variables.values(), xr.zeros_like(value_5g))
    variables["equivalent_variation"] = total.transpose(COUNTRY, YEAR).assign_attrs(
        units=MONEY, long_name="Equivalent variation (sum of the channels)"
    )
    variables["gdp"] = gdp.transpose(COUNTRY, YEAR).assign_attrs(units=MONEY, long_name="GDP")
    variables["supplier_sales_change"] = supplier_home_sales.transpose(COUNTRY, YEAR).assign_attrs(
        units=MONEY, long_name="Suppliers' sales change (revenue, not value added)"
    )
    return xr.Dataset(variables, attrs={"discount_rate": discount_rate(outcome), "base_year": BASE_YEAR})


def discount_rate(outcome: ScenarioOutcome) -> float:
    """The discount rate in force for the outcome's run (``who_pays.discount_rate``)."""
    return float(outcome.world.parameters[DISCOUNT_RATE])


def who_pays(outcome: ScenarioOutcome, ledger: xr.Dataset | None = None) -> pd.DataFrame:
    """One row per region (``COLUMNS``): role, the present value of the equivalent variation and of each
    channel, the peak year, and measures that are not money (coverage delay, sites, suppliers' sales);
    ``ledger``: the outcome's ``accounts`` when already made."""
    world, reference = outcome.world, outcome.reference
    regions = list(world.trade.countries)
    ledger = accounts(outcome) if ledger is None else ledger
    rate = discount_rate(outcome)
    columns: dict[str, xr.DataArray] = {
        "ev_pv": present_value(ledger["equivalent_variation"], rate, BASE_YEAR)
    }
    for name in CHANNELS:
        columns[f"{name}_pv"] = present_value(ledger[name], rate, BASE_YEAR)
    columns["ev_pv_pct_gdp"] = 100.0 * columns["ev_pv"] / present_value(ledger["gdp"], rate, BASE_YEAR)
    columns["peak_year"], columns["peak_ev"] = peak(ledger["equivalent_variation"])
    columns["coverage_delay_months"] = MONTHS_PER_YEAR * coverage_delay(
        outcome.rollout, reference.rollout, COVERAGE_LEVEL
    )

    def sites(data: xr.Dataset) -> xr.DataArray:
        built: xr.DataArray = (data["sites_new"] + data["sites_replacement"]).sum([VENDOR, YEAR])
        return built

    columns["sites_change_pct"] = 100.0 * (sites(outcome.rollout.data) / sites(reference.rollout.data) - 1.0)
    columns["supplier_sales_change"] = ledger["supplier_sales_change"].sum(YEAR)
    table = pd.DataFrame(
        {name: values.to_series().reindex(regions) for name, values in columns.items()}, index=regions
    )
    table["peak_year"] = table["peak_year"].astype(int)
    table.insert(0, "role", pd.Series(roles(outcome.scenario, world.model)))
    table.index.name = COUNTRY
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
    region_of = registry.region_of_country(regions)
    vendors = vendor_sales(outcome)
    suppliers = supplier_sales(outcome, FIRM)
    data = outcome.supply.data
    firm_country = dict(zip(map(str, data[FIRM].values), map(str, data[COUNTRY].values), strict=True))
    firm_country.update(
        (f"{vendor} substitute", str(home))
        for vendor, home in zip(data[VENDOR].values, data["vendor_country"].values, strict=True)
    )
    frames = []
    for kind, sales, dim, home_of, sectors in (
        ("vendor", vendors, VENDOR, world.vendor_home, (VENDOR_SECTOR,)),
        ("supplier", suppliers, FIRM, firm_country, ELECTRONICS),
    ):
        names = [str(name) for name in sales[dim].values]
        homes = [home_of[name] for name in names]
        share = _value_added_share(outcome, sectors).sel({COUNTRY: [region_of.get(h, h) for h in homes]})
        shares = xr.DataArray(share.values, dims=dim, coords={dim: sales[dim].values})
        frames.append(
            pd.DataFrame(
                {
                    FIRM: names,
                    "kind": kind,
                    "home": homes,
                    "sales_change": sales.sum(YEAR).values,
                    "value_added_pv": present_value(sales * shares, rate, BASE_YEAR).values,
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
