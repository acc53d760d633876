"""The calibration check: the baseline against the 2019-2020 deployments and stated plans.

Year-end counts compare with the model's active sites at the end of that year; counts at another date
(Korea, 5 April 2019) with the desired path at that date, since the annual model resolves year ends only.
World coverage at the end of 2020 compares with Ericsson's "more than 1 billion people" (deployments table,
subscription row's source), and China's end-2025 plan (3.64M sites) with the model's end-2025 sites.

``vendor_margins`` gives each vendor's Bertrand-Nash markup over its bids (the Lerner index) at the
observed shares, averaged over the regions with its sales there as weights, to compare with reported
gross margins. ``calibrated`` solves the price sensitivity (and the discount) from the calibration
targets: Ericsson's margin and the tender's tilt, at the nest parameter in force.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.engines.rollout.bidding import observed_shares
from gotogether.engines.rollout.curves import Array, lerner_index
from gotogether.engines.rollout.measures import decimal_year
from gotogether.engines.rollout.params import RolloutParameters
from gotogether.engines.rollout.result import RolloutResult
from gotogether.errors import InputError

SITE_METRICS: Final = ("base_stations_5g", "cell_sites_5g_ready")
CHINA_PLAN_2025: Final = 3_640_000.0
"""China's plan: 3.64M 5G base stations by end-2025 (RCR Wireless, 2022-01-28) [B]."""
MARGIN_VENDOR: Final = "ericsson"
"""The vendor whose reported gross margin ``price_sensitivity`` is solved to."""
SENSITIVITY_BRACKET: Final = (1.1, 50.0)
"""Where the price sensitivity is looked for: the table's bounds of ``rollout.price_sensitivity``."""
SENSITIVITY_TOLERANCE: Final = 1e-12
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
    beta, nests = params.price_sensitivity, params.nests
    costs = np.broadcast_to(params.relative_price, params.base_shares.shape)
    observed, within = observed_shares(params.incumbency, costs, beta, nests)
    mean = sales_weighted_markups(
        observed, within, costs, _envelope(params), beta, params.lerner_ceiling, nests.dissimilarity
    )
    return xr.DataArray(mean, dims="vendor", coords={"vendor": params.vendors}, name="lerner_index")


def _envelope(params: RolloutParameters) -> Array:
    envelope: Array = params.country["capex_per_capita"].to_numpy() * params.country["population"].to_numpy()
    return envelope


def sales_weighted_markups(
    observed: Array, within: Array, costs: Array, envelope: Array, beta: float, ceiling: float, lam: float
) -> Array:
    """``vendor_margins`` on arrays: the observed and within-nest shares and the vendors' relative costs
    (N, V), the capex envelopes (N)."""
    markup = lerner_index(observed, beta, ceiling, within, lam)
    sales = envelope[:, None] * observed * costs / (1.0 - markup)
    mean: Array = (sales * markup).sum(axis=0) / sales.sum(axis=0)
    return mean


def discount_for_tilt(tilt: float, beta: float) -> float:
    """The discount ``d`` whose tilt of the observed shares ``(1 - d) ** -beta`` is ``tilt``."""
    return float(1.0 - tilt ** (-1.0 / beta))


def calibrated(
    params: RolloutParameters,
    margin: float,
    tilt: float,
    *,
    price_sensitivity: float | None = None,
    vendor_discount: float | None = None,
) -> RolloutParameters:
    """``params`` with ``price_sensitivity`` (beta) solved so that Ericsson's markup (``vendor_margins``)
    is ``margin`` at the nest parameter in force, and ``vendor_discount`` so that the Chinese vendors'
    tilt of the observed shares ``(1 - d) ** -beta`` is ``tilt`` (the tender's). A given
    ``price_sensitivity`` or ``vendor_discount`` is kept as given (a user's override: the margin or the
    tilt is then not met). The markup falls with beta (``lam / (beta M)`` at shares that do not move when
    the tilt is held): Brent's method over ``SENSITIVITY_BRACKET``; ``InputError`` names a margin out of
    reach there."""
    incumbency, envelope, nests = params.incumbency, _envelope(params), params.nests
    cut = np.array([v in params.discounted_vendors for v in params.vendors], dtype=float)
    vendor, ceiling = params.vendors.index(MARGIN_VENDOR), params.lerner_ceiling

    def discount_at(beta: float) -> float:
        return discount_for_tilt(tilt, beta) if vendor_discount is None else vendor_discount

    def costs_at(beta: float) -> Array:
        return np.broadcast_to(1.0 - discount_at(beta) * cut, incumbency.shape)

    def shares_at(beta: float) -> tuple[Array, Array]:
        return observed_shares(incumbency, costs_at(beta), beta, nests)

    # the tilt held, the observed shares do not move with beta (the costs do): found once
    held = shares_at(params.price_sensitivity) if vendor_discount is None else None

    def gap(beta: float) -> float:
        observed, within = shares_at(beta) if held is None else held
        lam = nests.dissimilarity
        markups = sales_weighted_markups(observed, within, costs_at(beta), envelope, beta, ceiling, lam)
        return float(markups[vendor]) - margin

    if price_sensitivity is None:
        from scipy.optimize import brentq  # imported here: scipy.optimize takes about 0.2 s to load

        low, high = SENSITIVITY_BRACKET
        if not gap(high) < 0.0 < gap(low):
            raise InputError(
                f"{MARGIN_VENDOR}'s margin {margin:g} is out of the model's reach at nest_dissimilarity "
                f"{params.nest_dissimilarity:g}",
                location="rollout.ericsson_margin",
                expected=f"a margin between {gap(high) + margin:.3f} and {gap(low) + margin:.3f}",
            )
        price_sensitivity = float(brentq(gap, low, high, xtol=SENSITIVITY_TOLERANCE))
    return params.with_values(
        price_sensitivity=price_sensitivity, vendor_discount=discount_at(price_sensitivity)
    )
