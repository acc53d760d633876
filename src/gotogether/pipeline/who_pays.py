"""Who pays: per country and role, what a scenario costs or gains against the coordinated world.

Roles come from the scenario's measures: issuers (export-control coalitions, banning countries, importers
raising tariffs or barriers), targets (target countries, the home countries of target vendors, exporters
facing the tariffs); both when a country is on both sides; third countries otherwise. Country codes are
mapped onto the model's regions (e.g. a member of the rest of the EU to REU).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data import registry
from gotogether.engines.rollout.result import coverage_delay
from gotogether.pipeline.controls import rivals_purchases_change
from gotogether.pipeline.run import ScenarioOutcome
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario
from gotogether.scenarios.translate import roles_by_country

REPORT_YEAR = 2030
"""The headline year: that of the published value projections the model is calibrated to (PwC, GSMA)."""
COVERAGE_LEVEL = 0.8
"""Coverage whose delay is reported (a choice: near-universal coverage, before the slow last sites)."""
ROLE_ORDER = ("issuer", "target", "issuer and target", "third country")


def roles(scenario: Scenario, regions: list[str]) -> dict[str, str]:
    """The role of each region in ``scenario`` (see the module docstring), from the measures' sides."""
    region_of = registry.region_of_country(regions)
    issuers, targets = roles_by_country(scenario)
    issuing = {region_of.get(code, code) for code in issuers}
    targeted = {region_of.get(code, code) for code in targets}
    labels = {(True, False): "issuer", (False, True): "target", (True, True): "issuer and target"}
    return {
        region: labels.get((region in issuing, region in targeted), "third country") for region in regions
    }


def who_pays(outcome: ScenarioOutcome) -> pd.DataFrame:
    """One row per region: role, welfare change (%, REPORT_YEAR), 5G value change (REPORT_YEAR and
    cumulative 2019-2035), extra capex, delay to COVERAGE_LEVEL coverage (years) and suppliers' sales
    change (cumulative): gross (the supply engine: the blocked vendor's suppliers, its substitutes) and net
    of the rival vendors' extra purchases as they take its share; money in billions of US dollars."""
    world, reference = outcome.world, outcome.reference
    regions = world.trade.countries
    gdp_change = (outcome.gdp - reference.gdp).sum("industry")
    capex = outcome.rollout.data["capex_new"] + outcome.rollout.data["capex_replacement"]
    base_capex = reference.rollout.data["capex_new"] + reference.rollout.data["capex_replacement"]
    region_of = registry.region_of_country(regions)
    sales = outcome.supply.sales_change(by="country").sum("year").to_series()
    sales_by_region = sales.groupby(lambda code: region_of.get(str(code), str(code))).sum() / 1e9
    columns: dict[str, xr.DataArray | pd.Series] = {
        "welfare_change_pct": 100.0 * (outcome.welfare.sel(year=REPORT_YEAR) - 1.0),
        "value_5g_change_usd_bn": gdp_change.sel(year=REPORT_YEAR),
        "value_5g_change_2019_2035_usd_bn": gdp_change.sum("year"),
        "extra_capex_2019_2035_usd_bn": (capex - base_capex).sum("year") / 1e9,
        "coverage_delay_years": coverage_delay(outcome.rollout, reference.rollout, COVERAGE_LEVEL),
    }
    table = pd.DataFrame(
        {
            name: (v.to_series() if isinstance(v, xr.DataArray) else v).reindex(regions)
            for name, v in columns.items()
        }
    )
    table["supplier_sales_change_2019_2035_usd_bn"] = sales_by_region.reindex(regions).fillna(0.0).to_numpy()
    diverted = rivals_purchases_change(outcome.supply, outcome.rollout, reference.rollout).sum("year")
    diverted_by_region = (
        diverted.to_series().groupby(lambda code: region_of.get(str(code), str(code))).sum() / 1e9
    )
    net = sales_by_region.add(diverted_by_region, fill_value=0.0)
    table["supplier_sales_change_net_2019_2035_usd_bn"] = net.reindex(regions).fillna(0.0).to_numpy()
    table.insert(0, "role", pd.Series(roles(outcome.scenario, regions)))
    table.index.name = "country"
    return table


def totals_by_role(table: pd.DataFrame, world: World) -> pd.DataFrame:
    """Sums of the money columns by role and for the world; welfare as the income-weighted mean (%)."""
    income = world.trade["value_added"].to_series().reindex(table.index)
    money = [column for column in table.columns if column.endswith("_usd_bn")]
    grouped = table.groupby("role")
    totals = grouped[money].sum()
    totals["welfare_change_pct"] = grouped.apply(
        lambda rows: np.average(rows["welfare_change_pct"], weights=income[rows.index])
    )
    world_row = table[money].sum().to_frame("world").T
    world_row["welfare_change_pct"] = np.average(table["welfare_change_pct"], weights=income)
    order = [role for role in ROLE_ORDER if role in totals.index]
    return pd.concat([totals.loc[order], world_row])[["welfare_change_pct", *money]]
