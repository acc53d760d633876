"""The calibration check: the baseline against the 2019-2020 deployments and stated plans.

Year-end counts compare with the model's active sites at the end of that year; counts at another date
(Korea, 5 April 2019) with the desired path at that date, since the annual model resolves year ends only.
World coverage at the end of 2020 compares with Ericsson's "more than 1 billion people" (deployments table,
subscription row's source), and China's end-2025 plan (3.64M sites) with the model's end-2025 sites.

``vendor_margins`` gives each vendor's Bertrand-Nash markup over its bids (the Lerner index) at the
observed shares, averaged over the regions with its sales there as weights, to compare with reported
gross margins.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.engines.rollout.curves import lerner_index, nested_shares
from gotogether.engines.rollout.engine import observed_equilibrium
from gotogether.engines.rollout.measures import decimal_year
from gotogether.engines.rollout.params import RolloutParameters
from gotogether.engines.rollout.result import RolloutResult

SITE_METRICS: Final = ("base_stations_5g", "cell_sites_5g_ready")
CHINA_PLAN_2025: Final = 3_640_000.0
"""China's plan: 3.64M 5G base stations by end-2025 (RCR Wireless, 2022-01-28) [B]."""
WORLD_COVERED_2020: Final = 1.0e9
"""People covered by 5G at end-2020: "more than 1 billion" (CRN India, Ericsson, 2020-11-30) [B]."""


def desired_at(params: RolloutParameters, country: str, when: float) -> float:
    """The calibrated desired path of ``country`` at decimal year ``when``."""
    c = params.country.sel(country=country)
    full = float(params.full_sites.sel(country=country))
    return full / (1.0 + float(np.exp(-float(c["speed"]) * (when - float(c["midpoint_year"])))))


def calibration_table(
    baseline: RolloutResult, params: RolloutParameters, deployments: pd.DataFrame
) -> pd.DataFrame:
    """One row per target of the value network's ``deployments`` table (and the China plan and world
    coverage): what, when, target, model, relative error, and how it is compared."""
    sites = deployments[deployments["metric"].isin(SITE_METRICS)]
    rows = []
    for record in sites.to_dict("records"):
        day = date.fromisoformat(str(record["date"]))
        country = str(record["country"])
        if (day.month, day.day) == (12, 31):
            model = float(baseline.data["sites"].sel(country=country, year=day.year))
            how = "model sites at year end"
        else:
            model = desired_at(params, country, decimal_year(day))
            how = "desired path at the date"
        rows.append((country, str(record["metric"]), str(record["date"]), float(record["value"]), model, how))
    plan = float(baseline.data["sites"].sel(country="CHN", year=2025))
    rows.append(
        ("CHN", "plan: base_stations_5g", "2025-12-31", CHINA_PLAN_2025, plan, "stated plan, not fitted")
    )
    covered = float((baseline.data["coverage"].sel(year=2020) * params.country["population"]).sum())
    rows.append(("WLD", "people covered", "2020-12-31", WORLD_COVERED_2020, covered, "Ericsson: more than"))
    table = pd.DataFrame(rows, columns=["country", "metric", "date", "target", "model", "compared"])
    table["relative_error"] = table["model"] / table["target"] - 1.0
    return table


def vendor_margins(params: RolloutParameters) -> xr.DataArray:
    """Each vendor's markup over its bids (vendor): the Lerner index of its Bertrand-Nash bid at the
    observed shares, ``lam / (beta (1 - (1 - lam) q* - lam s*))`` (``q*`` within its nest), averaged
    over regions weighted by its sales there (the region's capex envelope x the vendor's observed share x
    its bid)."""
    constants, bids = observed_equilibrium(params)
    beta, nests = params.price_sensitivity, params.nests
    observed, within = nested_shares(constants, bids, np.ones_like(bids), beta, nests)
    envelope = (params.country["capex_per_capita"] * params.country["population"]).to_numpy()
    sales = envelope[:, None] * observed * bids
    markup = lerner_index(observed, beta, params.lerner_ceiling, within, nests.dissimilarity)
    mean = (sales * markup).sum(axis=0) / sales.sum(axis=0)
    return xr.DataArray(mean, dims="vendor", coords={"vendor": params.vendors}, name="lerner_index")
