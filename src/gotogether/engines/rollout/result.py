"""The labelled rollout result, the delay to reach a coverage level, and the inputs of adoption.

``RolloutResult.data`` variables (sites are counts, money USD of 2020, coverage a population share):
- (country, vendor, year): ``sites_new`` built toward coverage, ``sites_replacement`` built to replace
  banned kit, ``sites_removed`` (banned kit taken out), ``installed`` (active sites at year end),
  ``vendor_price`` (the vendor's quality-adjusted bid per installed site), ``vendor_share`` (share of
  the sites bought; the logit shares in a year with no purchase);
- (country, year): ``sites`` (active, year end), ``coverage``, ``capex_new``, ``capex_replacement``,
  ``capex_envelope``, ``price_per_site`` (the cost index: the logit's inclusive value over the vendors'
  bids, the expected minimum quality-adjusted cost, which a site costs whichever vendor wins it),
  ``learning`` (Wright factor), ``desired_sites``;
- (country): ``full_sites``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr
from numpy.typing import NDArray

from gotogether.engines.rollout.curves import Array, coverage_from_sites
from gotogether.engines.rollout.params import RolloutParameters

UNITS = {
    "sites_new": "sites",
    "sites_replacement": "sites",
    "sites_removed": "sites",
    "installed": "sites",
    "vendor_price": "USD of 2020 per site",
    "vendor_share": "share of sites bought",
    "capex_new": "USD of 2020",
    "capex_replacement": "USD of 2020",
    "capex_envelope": "USD of 2020",
    "learning": "Wright factor (1 at the reference volume)",
    "desired_sites": "sites",
    "price_per_site": "USD of 2020 per site",
    "sites": "sites",
    "coverage": "share of population",
    "full_sites": "sites",
}
"""Units of every variable of ``RolloutResult.data``."""
_BY_VENDOR = ("sites_new", "sites_replacement", "sites_removed", "installed", "vendor_price", "vendor_share")
_BY_COUNTRY = (
    "capex_new",
    "capex_replacement",
    "capex_envelope",
    "learning",
    "desired_sites",
    "price_per_site",
)


@dataclass(frozen=True)
class RolloutResult:
    """Output of ``simulate_rollout``; ``data`` is described in the module docstring."""

    data: xr.Dataset

    def years_to_coverage(self, level: float) -> xr.DataArray:
        """Decimal year (country) when coverage first reaches ``level``, linear between year ends
        (coverage is 0 at the start of 2019); NaN when it is not reached by the end of 2035."""
        coverage = self.data["coverage"].transpose("country", "year").to_numpy()
        ends = self.data["year"].to_numpy() + 1.0
        times = np.concatenate([[ends[0] - 1.0], ends])
        path = np.concatenate([np.zeros((coverage.shape[0], 1)), coverage], axis=1)
        reached = np.array([_first_crossing(times, row, level) for row in path])
        return xr.DataArray(reached, dims="country", coords={"country": self.data["country"].values})


def _first_crossing(times: Array, path: Array, level: float) -> float:
    above = np.flatnonzero(path >= level)
    if above.size == 0:
        return float("nan")
    k = int(above[0])
    if k == 0:
        return float(times[0])
    share = (level - path[k - 1]) / (path[k] - path[k - 1])
    return float(times[k - 1] + share * (times[k] - times[k - 1]))


def coverage_delay(scenario: RolloutResult, baseline: RolloutResult, level: float) -> xr.DataArray:
    """Years (country) by which the scenario reaches ``level`` coverage later than the baseline (can be
    fractional; +inf when only the baseline reaches it by 2035, NaN when the baseline does not)."""
    late = scenario.years_to_coverage(level)
    base = baseline.years_to_coverage(level)
    delay = (late - base).where(late.notnull(), np.inf).where(base.notnull())
    return delay.rename("coverage_delay_years")


def adoption_inputs(scenario: RolloutResult, baseline: RolloutResult) -> tuple[xr.DataArray, xr.DataArray]:
    """``coverage`` and ``price_ratio`` (country, year) for ``gotogether.engines.value.adoption_share``:
    the scenario's coverage, and its cost index over the baseline's (quality-adjusted: losing a cheaper or
    better vendor raises it even where the money paid per site falls)."""
    coverage = scenario.data["coverage"].transpose("country", "year")
    ratio = scenario.data["price_per_site"] / baseline.data["price_per_site"]
    return coverage, ratio.transpose("country", "year").rename("price_ratio")


def label_result(
    params: RolloutParameters, years: NDArray[np.int64], state: dict[str, Array]
) -> RolloutResult:
    """Label the engine's arrays (country, vendor, year) and derive the country totals (in numpy first:
    building the Dataset once is most of the labelling cost)."""
    full = params.full_sites.to_numpy()
    sites = state["installed"].sum(axis=1)
    derived = {
        "sites": sites,
        "coverage": coverage_from_sites(sites, full, params.coverage_exponent),
    }
    variables = (
        {name: (("country", "vendor", "year"), state[name]) for name in _BY_VENDOR}
        | {name: (("country", "year"), state[name]) for name in _BY_COUNTRY}
        | {name: (("country", "year"), value) for name, value in derived.items()}
        | {"full_sites": (("country",), full)}
    )
    coords = {"country": params.countries, "vendor": params.vendors, "year": years}
    data = xr.Dataset(variables, coords=coords)
    for name in data.data_vars:
        data[name].attrs["units"] = UNITS[str(name)]
    return RolloutResult(data=data)
