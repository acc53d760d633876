"""The labelled rollout result, the delay to reach a coverage level, and the inputs of adoption.

``RolloutResult.data`` variables (sites are counts, money USD of 2020, coverage a population share):
- (country, vendor, year): ``sites_new`` built toward coverage, ``sites_replacement`` 5G radio built to
  replace banned kit, ``sites_removed`` (banned 5G radio taken out), ``installed`` (active 5G sites at year
  end), ``lte_installed`` and ``lte_removed`` (the 4G radio grid), ``core_installed`` and ``core_removed``
  (core, in sites served), ``vendor_price`` (the vendor's quality-adjusted bid per installed site),
  ``vendor_share`` (share of the 5G sites bought; the logit shares in a year with no purchase),
  ``vendor_revenue`` (what the vendor sells: radio and core of new sites, swapped 4G and 5G radio, core),
  ``vendor_learning`` (the vendor's Wright factor on its own and the others' shipments, the same in every
  country);
- (country, year): ``sites`` (active, year end), ``coverage``, ``capex_new``, ``capex_replacement``
  (swap-out: equipment and the work of the visits), ``capex_envelope``, ``price_per_site`` (the cost
  index: the logit's inclusive value over the vendors' bids, radio and core weighted, the expected minimum
  quality-adjusted cost, which a site costs whichever vendor wins it), ``learning`` (the sector's
  Wright factor on the world's new sites, which prices the work of a visit),
  ``desired_sites``, ``site_visits`` (new build and swap visits; upgrades come on top), ``swap_visits``,
  ``writeoff`` (remaining book value of the kit removed, a loss that is not capex), ``ran_spending``
  (the RAN equipment market: the equipment part of the 5G and swapped 4G radio bought, the 4G grid's
  upkeep, 5G densification and the refresh of 5G radio at the end of its life, at the radio index; the
  upkeep on the 4G grid's own learning curve),
  ``capex_capacity`` (5G densification and refresh, paid from what the envelope leaves after the
  swap-out and the new build; see ``market``);
- (country): ``full_sites``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from gotogether.caching import KeptByIdentity
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
    "vendor_learning": "Wright factor (1 at the reference volume)",
    "desired_sites": "sites",
    "price_per_site": "USD of 2020 per site",
    "sites": "sites",
    "coverage": "share of population",
    "full_sites": "sites",
    "lte_installed": "sites",
    "lte_removed": "sites",
    "core_installed": "sites served",
    "core_removed": "sites served",
    "vendor_revenue": "USD of 2020",
    "site_visits": "site visits",
    "swap_visits": "site visits",
    "writeoff": "USD of 2020",
    "ran_spending": "USD of 2020",
    "capex_capacity": "USD of 2020",
}
"""Units of every variable of ``RolloutResult.data``."""
BY_VENDOR = (
    "sites_new",
    "sites_replacement",
    "sites_removed",
    "installed",
    "vendor_price",
    "vendor_share",
    "lte_installed",
    "lte_removed",
    "core_installed",
    "core_removed",
    "vendor_revenue",
    "vendor_learning",
)
BY_COUNTRY = (
    "capex_new",
    "capex_replacement",
    "capex_envelope",
    "learning",
    "desired_sites",
    "price_per_site",
    "site_visits",
    "swap_visits",
    "writeoff",
    "ran_spending",
    "capex_capacity",
)


@dataclass(frozen=True)
class RolloutResult:
    """Output of ``simulate_rollout``; ``data`` is described in the module docstring."""

    data: xr.Dataset

    @cached_property
    def vendor_sales(self) -> NDArray[np.float64]:
        """Each vendor's sales of 5G sites (vendor, year of ``data``), USD of 2020: the sites it sells, new
        and replacement, times its price, summed over countries (made once: who pays and the rivals'
        purchases of export controls read it for the scenario and its reference)."""
        order = ("country", "vendor", "year")
        d = self.data.variables  # plain arrays: a DataArray per variable costs more than the sums
        sites = d["sites_new"].transpose(*order).values + d["sites_replacement"].transpose(*order).values
        return np.asarray(np.nansum(sites * d["vendor_price"].transpose(*order).values, axis=0))

    def years_to_coverage(self, level: float) -> xr.DataArray:
        """Decimal year (country) when coverage first reaches ``level``, linear between year ends
        (coverage is 0 at the start of 2019); NaN when it is not reached by the end of 2035."""
        reached = self.coverage_reached(level)
        return xr.DataArray(reached, dims="country", coords={"country": self.data.indexes["country"]})

    def coverage_reached(self, level: float) -> Array:
        """``years_to_coverage`` on an array (country, in the order of ``data``)."""
        coverage = self.data.variables["coverage"].transpose("country", "year").to_numpy()
        ends = self.data.variables["year"].to_numpy() + 1.0
        times = np.concatenate([[ends[0] - 1.0], ends])
        path = np.concatenate([np.zeros((coverage.shape[0], 1)), coverage], axis=1)
        return first_crossing(times, path, level)


def first_crossing(times: Array, paths: Array, level: float) -> Array:
    """The time (row) at which each row of ``paths`` (row, time of ``times``) first reaches ``level``,
    linear between times; the first time when it starts there, NaN when it never does."""
    above = paths >= level
    k = np.argmax(above, axis=1)
    rows = np.arange(paths.shape[0])
    before = np.maximum(k - 1, 0)
    low, high = paths[rows, before], paths[rows, k]
    with np.errstate(divide="ignore", invalid="ignore"):  # rows that never cross or start above
        share = (level - low) / (high - low)
        crossed = times[before] + share * (times[k] - times[before])
    reached = np.where(k == 0, times[0], crossed)
    return np.where(above.any(axis=1), reached, np.nan)


def coverage_delay(scenario: RolloutResult, baseline: RolloutResult, level: float) -> xr.DataArray:
    """Years (country) by which the scenario reaches ``level`` coverage later than the baseline (can be
    fractional; +inf when only the baseline reaches it by 2035, NaN when the baseline does not)."""
    late = scenario.years_to_coverage(level)
    base = baseline.years_to_coverage(level)
    if not late.indexes["country"].equals(base.indexes["country"]):
        raise ValueError("the scenario's and the baseline's rollouts differ in their countries")
    return late.copy(data=delay_between(late.values, base.values)).rename("coverage_delay_years")


def delay_between(late: Array, base: Array) -> Array:
    """``coverage_delay`` on arrays: the scenario's years reaching a level (``late``) less the baseline's
    (``base``), +inf where only the baseline reaches it, NaN where the baseline does not."""
    with np.errstate(invalid="ignore"):
        delay = np.where(np.isnan(late), np.inf, late - base)
    return np.where(np.isnan(base), np.nan, delay)


def coverage_lag(scenario: RolloutResult, baseline: RolloutResult) -> tuple[Array, Array]:
    """The horizontal gap between the baseline's and the scenario's coverage paths, by country: each year
    end's lag (country, year), how many years earlier the baseline reached the coverage the scenario has
    then (0 where the scenario is not behind), and the population-weighted mean delay (country), the area
    between the two paths from the start of 2019 to the end of 2035, ``sum (c_base - c_scenario) dt``
    (linear between year ends, 0 where the scenario is not behind): how much later the average resident
    gets 5G, counting a resident not covered by the end of 2035 only until then. Both are years; unlike
    ``coverage_delay`` they see a delay at every coverage level, not at one."""
    order = ("country", "year")
    late = scenario.data.variables["coverage"].transpose(*order).to_numpy()
    base = baseline.data.variables["coverage"].transpose(*order).to_numpy()
    ends = baseline.data.variables["year"].to_numpy() + 1.0
    times = np.concatenate([[ends[0] - 1.0], ends])
    start = np.zeros((base.shape[0], 1))
    path = np.maximum.accumulate(np.concatenate([start, base], axis=1), axis=1)
    lag = np.zeros_like(late)
    for n in range(base.shape[0]):
        behind = late[n] < base[n]
        if behind.any():  # the first time the baseline's path (its running maximum) reached each level
            lag[n, behind] = ends[behind] - _first_times(times, path[n], late[n][behind])
    gap = np.concatenate([start, np.maximum(base - late, 0.0)], axis=1)
    mean: Array = (0.5 * (gap[:, 1:] + gap[:, :-1]) * np.diff(times)).sum(axis=1)
    return np.maximum(lag, 0.0), mean


def _first_times(times: Array, path: Array, levels: Array) -> Array:
    """The first time (per level of ``levels``) at which the non-decreasing ``path`` (over ``times``)
    reaches it, linear between times."""
    return first_crossing(times, np.broadcast_to(path, (levels.size, times.size)) - levels[:, None], 0.0)


MONTHS_PER_YEAR = 12.0
DELAY_LEVELS = (0.5, 0.8, 0.95)
"""Coverage levels whose delay ``ban_costs`` reports (months): half the population, 80 %, and 95 % (the
build-out's tail, the last twelfth of the sites at ``rollout.coverage_exponent`` 0.6, which a swap of the
anchors holds back longest)."""


def ban_costs(scenario: RolloutResult, baseline: RolloutResult) -> xr.Dataset:
    """What a scenario costs each country against the baseline: ``extra_capex`` (country, year: capex
    new and replacement over the baseline's), ``extra_writeoff`` (country, year), ``coverage_delay_months``
    (country, level: months later to 50%, 80% and 95% of the population; +inf when only the baseline gets
    there by 2035), ``coverage_lag_months`` (country, year) and ``mean_coverage_delay_months`` (country:
    the population-weighted mean; both ``coverage_lag``) and ``vendor_revenue_change`` (country, vendor,
    year). On arrays, labelled once (the
    dynamic path's capital reads it in every scenario of an ensemble draw)."""
    data, before = scenario.data, baseline.data
    labels = _shared_labels(scenario, baseline)

    def change(name: str, *dims: str) -> np.ndarray:
        values: np.ndarray = data[name].transpose(*dims).values - before[name].transpose(*dims).values
        return values

    delay = np.stack(
        [MONTHS_PER_YEAR * coverage_delay(scenario, baseline, level).values for level in DELAY_LEVELS], axis=1
    )
    lag, mean = coverage_lag(scenario, baseline)
    return xr.Dataset(
        {
            "extra_capex": (("country", "year"), _extra_capex(data, before), {"units": "USD of 2020"}),
            "extra_writeoff": (
                ("country", "year"),
                change("writeoff", "country", "year"),
                {"units": "USD of 2020"},
            ),
            "coverage_delay_months": (("country", "level"), delay, {"units": "months"}),
            "coverage_lag_months": (("country", "year"), MONTHS_PER_YEAR * lag, {"units": "months"}),
            "mean_coverage_delay_months": (("country",), MONTHS_PER_YEAR * mean, {"units": "months"}),
            "vendor_revenue_change": (
                ("country", "vendor", "year"),
                change("vendor_revenue", "country", "vendor", "year"),
                {"units": "USD of 2020"},
            ),
        },
        coords={**labels, "level": list(DELAY_LEVELS)},
    )


def extra_capex(scenario: RolloutResult, baseline: RolloutResult) -> xr.DataArray:
    """``ban_costs``' ``extra_capex`` alone (country, year), without the rest's cost (the dynamic path's
    capital reads it in every scenario of an ensemble draw)."""
    labels = _shared_labels(scenario, baseline)
    return xr.DataArray(
        _extra_capex(scenario.data, baseline.data),
        dims=("country", "year"),
        coords={"country": labels["country"], "year": labels["year"]},
        attrs={"units": "USD of 2020"},
    )


def _shared_labels(scenario: RolloutResult, baseline: RolloutResult) -> dict[str, pd.Index]:
    """The countries, vendors and years of two rollouts, which must be the same."""
    labels = {dim: scenario.data.indexes[dim] for dim in ("country", "vendor", "year")}
    if not all(labels[dim].equals(baseline.data.indexes[dim]) for dim in labels):
        raise ValueError(
            "the scenario's and the baseline's rollouts differ in their countries, vendors or years"
        )
    return labels


def _extra_capex(data: xr.Dataset, before: xr.Dataset) -> np.ndarray:
    """Capex, new and replacement (country, year), of the rollout ``data`` over that of ``before``."""

    def spent(result: xr.Dataset) -> np.ndarray:
        values: np.ndarray = (
            result["capex_new"].transpose("country", "year").values
            + result["capex_replacement"].transpose("country", "year").values
        )
        return values

    extra: np.ndarray = spent(data) - spent(before)
    return extra


def adoption_inputs(scenario: RolloutResult, baseline: RolloutResult) -> tuple[xr.DataArray, xr.DataArray]:
    """``coverage`` and ``price_ratio`` (country, year) for ``gotogether.engines.value.adoption_share``:
    the scenario's coverage, and its cost index over the baseline's (quality-adjusted: losing a cheaper or
    better vendor raises it even where the money paid per site falls)."""
    coverage = scenario.data["coverage"].transpose("country", "year")
    price, before = (
        result.data["price_per_site"].transpose("country", "year") for result in (scenario, baseline)
    )
    if all(price.indexes[dim].equals(before.indexes[dim]) for dim in price.dims):
        # on the same labels (a draw's runs): divided as arrays, without xarray's alignment
        ratio = xr.DataArray(price.values / before.values, coords=price.coords, dims=price.dims)
        return coverage, ratio.rename("price_ratio")
    return coverage, (price / before).rename("price_ratio")


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
    dims: dict[str, tuple[str, ...]] = (
        dict.fromkeys(BY_VENDOR, ("country", "vendor", "year"))
        | dict.fromkeys(BY_COUNTRY, ("country", "year"))
        | dict.fromkeys(derived, ("country", "year"))
        | {"full_sites": ("country",)}
    )
    values = state | derived | {"full_sites": full.copy()}  # the parameters' own is read-only
    # units given with each variable: cheaper than setting them on a DataArray made per variable
    variables = {name: xr.Variable(dims[name], values[name], {"units": UNITS[name]}) for name in dims}
    return RolloutResult(data=xr.Dataset(variables, coords=_coordinates(params, years)))


_COORDINATES: KeptByIdentity[xr.Coordinates] = KeptByIdentity(4)
"""The labels of the last few parameters' results (their indexes are immutable: results share them)."""


def _coordinates(params: RolloutParameters, years: NDArray[np.int64]) -> xr.Coordinates:
    """The countries, vendors and years of ``params``' results, indexed once per parameters' tables."""

    def make() -> xr.Coordinates:
        return xr.Coordinates({"country": params.countries, "vendor": params.vendors, "year": years})

    return _COORDINATES.get((params.country, params.base_shares), make, extra=tuple(years.tolist()))
