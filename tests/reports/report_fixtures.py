"""Small synthetic results in the labelled layout the report sections take (engines produce the real ones)."""

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.reports import Accounting
from gotogether.reports.standard import ReportResults, run_report
from gotogether.scenarios import Scenario, load_scenario

SCENARIOS = ["allied-bans", "tariff-war"]
COUNTRIES = ["CHN", "USA", "DEU", "REU", "ROW"]
YEARS = list(range(2019, 2026))
CHANNELS = ["value_5g_pv", "trade_pv", "capex_pv", "vendor_value_added_pv", "supplier_value_added_pv"]


def change_pct() -> xr.DataArray:
    """A change in % by scenario and country: tariff-war has the largest effect."""
    values = np.array([[-1.0, -0.1, -0.2, 0.1, 0.05], [-0.5, -3.0, 0.0, 0.2, 0.1]])
    return xr.DataArray(
        values, dims=("scenario", "country"), coords={"scenario": SCENARIOS, "country": COUNTRIES}
    )


def paying() -> pd.DataFrame:
    """A who-pays table by (scenario, country): channels in bn USD that sum to ev_pv."""
    rows = []
    roles = {
        "allied-bans": ["target", "issuer", "third country", "third country", "third country"],
        "tariff-war": ["target", "issuer", "ally", "third country", "third country"],
    }
    for s, scenario in enumerate(SCENARIOS):
        for c, country in enumerate(COUNTRIES):
            channels = {
                "value_5g_pv": -10.0 * (c == 1) * (s == 0),
                "trade_pv": [-4.0, -30.0, 0.0, 2.0, 1.0][c] * (s + 1) / 2,
                "capex_pv": -0.2 * (c == 1),
                "vendor_value_added_pv": [-0.00004, 0.0, 0.0, 0.0, 0.0][c],  # rounds to zero
                "supplier_value_added_pv": [0.5, -0.3, 0.0, 0.0, 0.0][c],
                "substitute_investment_pv": -0.7 * (c == 0) * (s == 0),
                "disruption_pv": 0.0,
            }
            rows.append(
                {
                    "scenario": scenario,
                    "country": country,
                    "role": roles[scenario][c],
                    "ev_pv": sum(channels.values()),
                    **channels,
                    "ev_pv_pct_gdp": float(change_pct().values[s, c]),
                    "peak_year": 2030,
                    "peak_ev": -1.0,
                    "coverage_delay_months": 0.0,
                    "mean_coverage_delay_months": 0.0,
                    "sites_change_pct": -0.0001,
                    "supplier_sales_change": 1.0,
                }
            )
    return pd.DataFrame(rows).set_index(["scenario", "country"])


def by_role(table: pd.DataFrame) -> pd.DataFrame:
    money = ["ev_pv", *CHANNELS, "substitute_investment_pv", "disruption_pv", "supplier_sales_change"]
    parts = {}
    for scenario in SCENARIOS:
        rows = table.loc[scenario]
        totals = rows.groupby("role")[money].sum()
        totals.loc["world"] = rows[money].sum()
        totals["countries"] = [int((rows["role"] == r).sum()) for r in totals.index[:-1]] + [len(rows)]
        parts[scenario] = totals
    return pd.concat(parts, names=["scenario", "group"])


def accounting() -> Accounting:
    return Accounting("2019-2035", 2019, dict.fromkeys(SCENARIOS, 0.035), ["A note on the accounting."])


def results() -> ReportResults:
    years = np.arange(len(YEARS))
    coverage = xr.DataArray(
        np.stack([np.outer(1 - np.exp(-0.3 * years), [90, 80, 70, 60, 40]) * k for k in (1.0, 0.9)]),
        dims=("scenario", "year", "country"),
        coords={"scenario": SCENARIOS, "year": YEARS, "country": COUNTRIES},
        attrs={"units": "% of population"},
    )
    prices = xr.DataArray(
        np.stack([100 * 0.9**years, 100 * 0.93**years]),
        dims=("scenario", "year"),
        coords={"scenario": SCENARIOS, "year": YEARS},
        attrs={"units": "index, 2019 = 100"},
    )
    shares = xr.DataArray(
        np.broadcast_to([0.3, 0.3, 0.2, 0.1, 0.1], (2, len(YEARS), 5)).copy(),
        dims=("scenario", "year", "vendor"),
        coords={
            "scenario": SCENARIOS,
            "year": YEARS,
            "vendor": ["Huawei", "Ericsson", "Nokia", "ZTE", "Samsung"],
        },
    )
    sales = xr.DataArray(
        [[-469.0, 50.0, -11.0], [-120.0, 10.0, 2.0]],
        dims=("scenario", "supplier"),
        coords={"scenario": SCENARIOS, "supplier": ["Qorvo", "Xilinx", "Lattice"]},
    )
    checks = pd.DataFrame(
        {"check": ["NAFTA welfare, Mexico"], "model": [1.31], "published": [1.31], "error": [0.0]}
    )
    firms = pd.DataFrame(
        {
            "scenario": SCENARIOS,
            "firm": ["huawei", "Xilinx"],
            "kind": ["vendor", "supplier"],
            "home": ["CHN", "USA"],
            "sales_change": [-8.0, -33.0],
            "value_added_pv": [-1.23, -19.1],
        }
    ).set_index(["scenario", "firm"])
    table = paying()
    return ReportResults(
        who_pays=table,
        by_role=by_role(table),
        firms=firms,
        accounting=accounting(),
        coverage=coverage,
        prices=prices,
        vendor_shares=shares,
        sales_change=sales,
        validation=checks,
    )


def scenarios() -> list[Scenario]:
    return [load_scenario(name) for name in SCENARIOS]


def report() -> str:
    return run_report(
        results(), scenarios(), {"trade.tolerance": 1e-10}, title="gotogether report (synthetic example)"
    )
