"""Small synthetic results in the labelled layout the report sections take (engines produce the real ones)."""

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.reports.standard import ReportResults, run_report
from gotogether.scenarios import Scenario, load_scenario

SCENARIOS = ["allied-bans", "tariff-war"]
COUNTRIES = ["CHN", "USA", "DEU", "REU", "ROW"]
YEARS = list(range(2019, 2026))


def welfare() -> xr.DataArray:
    values = np.array([[0.990, 0.999, 0.998, 1.001, 1.0005], [0.995, 0.997, 1.000, 1.002, 1.001]])
    return xr.DataArray(
        values,
        dims=("scenario", "country"),
        coords={"scenario": SCENARIOS, "country": COUNTRIES},
        name="welfare",
    )


def income() -> xr.DataArray:
    # millions of US dollars
    return xr.DataArray([7.0e6, 15.0e6, 3.6e6, 10.0e6, 30.0e6], dims="country", coords={"country": COUNTRIES})


def results() -> ReportResults:
    years = np.arange(len(YEARS))
    coverage = xr.DataArray(
        np.stack([np.outer(1 - np.exp(-0.3 * years), [0.9, 0.8, 0.7, 0.6, 0.4]) * k for k in (1.0, 0.9)]),
        dims=("scenario", "year", "country"),
        coords={"scenario": SCENARIOS, "year": YEARS, "country": COUNTRIES},
        attrs={"units": "share of population covered"},
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
    lost = xr.DataArray(
        [[469.0, 50.0, 11.0], [120.0, 10.0, 2.0]],
        dims=("scenario", "supplier"),
        coords={"scenario": SCENARIOS, "supplier": ["Qorvo", "Xilinx", "Lattice"]},
    )
    checks = pd.DataFrame(
        {"check": ["NAFTA welfare, Mexico"], "model": [1.31], "published": [1.31], "error": [0.0]}
    )
    return ReportResults(
        welfare=welfare(),
        income=income(),
        coverage=coverage,
        prices=prices,
        vendor_shares=shares,
        sales_lost=lost,
        validation=checks,
    )


def scenarios() -> list[Scenario]:
    return [load_scenario(name) for name in SCENARIOS]


def report() -> str:
    return run_report(
        results(), scenarios(), {"trade.tolerance": 1e-10}, title="gotogether report (synthetic example)"
    )
