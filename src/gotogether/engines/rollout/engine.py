"""The rollout engine: sites, coverage, capex, prices and vendor shares by country, vendor and year.

Each year ``t`` (2019-2035), vectorised over countries and vendors (equations in ``curves``):

1. price level ``P[n, t] = site_cost_2020 * site_cost_factor[n] * learning[pool(n), t]`` (Wright's law on
   the pool's cumulative sites to t-1); quality-adjusted vendor prices ``rho[v, t] = r[v] * m[v, t]`` relative
   to it, ``r`` = 1 - vendor_discount for the discounted (Chinese) vendors, ``m`` the supply engine's
   unit-cost multiplier; a vendor's bid per site ``P * rho / IV0[n]``;
2. vendor shares from the logit over allowed vendors (bans remove a vendor from their start) with the
   incumbency shares as constants; a site costs the cost index ``P * IV[n, t] / IV0[n]`` whichever vendor
   wins it, ``IV`` the logit's inclusive value over the bids (``IV0`` at baseline);
3. banned vendors' installed sites above their straight-line allowance are removed; their replacement
   (``scope`` x a site each) comes first, then new sites toward the desired path;
4. spending stays within the capex envelope: replacement first, new build gets what is left;
5. vendor capacity ``F[v, t] * (1 + spare) * (most the vendor delivered so far in the baseline)`` (F the
   supply engine's feasible output) serves replacement first; unmet demand goes to other vendors or waits
   (a site costs the same index whichever vendor builds it, so shifting demand keeps spending).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import xarray as xr

from gotogether.engines.rollout.curves import (
    Array,
    allocate_capacity,
    cap_access,
    desired_sites,
    inclusive_value,
    learning_factor,
    logit_shares,
    scale_to_budget,
    scaled_weights,
)
from gotogether.engines.rollout.measures import (
    Ban,
    StandardsSplit,
    decimal_year,
    validate_bans,
    validate_split,
)
from gotogether.engines.rollout.params import RolloutParameters
from gotogether.engines.rollout.result import RolloutResult, label_result

YEARS: Final = np.arange(2019, 2036)
ROUNDING: Final = 1e-12
"""Relative excess over the envelope the second budget pass leaves alone (rounding of the first pass)."""


def simulate_rollout(
    bans: Sequence[Ban] = (),
    *,
    split: StandardsSplit | None = None,
    supply: xr.Dataset | None = None,
    params: RolloutParameters,
) -> RolloutResult:
    """One scenario 2019-2035. ``supply`` is ``SupplyResult.yearly()`` (vendor, year); with no bans, no
    split and no supply effects the result is the baseline."""
    validate_bans(bans, params.countries, params.vendors)
    if split is not None:
        validate_split(split, params.countries)
    baseline = _run(params, capacity=None)
    if not bans and split is None and supply is None:
        return label_result(params, YEARS, baseline)
    feasible, cost = _supply_arrays(supply, params.vendors)
    delivered = baseline["sites_new"].sum(axis=0) + baseline["replacement_units"].sum(axis=0)
    capacity = feasible * (1.0 + params.spare_capacity) * np.maximum.accumulate(delivered, axis=1)
    state = _run(params, capacity=capacity, cost_multiplier=cost, bans=bans, split=split)
    return label_result(params, YEARS, state)


def _supply_arrays(supply: xr.Dataset | None, vendors: list[str]) -> tuple[Array, Array]:
    """Feasible output and unit-cost multiplier (V, T), 1 where the supply result says nothing."""
    if supply is None:
        ones = np.ones((len(vendors), YEARS.size))
        return ones, ones
    coords = {"vendor": vendors, "year": YEARS}
    feasible = supply["feasible_output"].reindex(coords, fill_value=1.0).transpose("vendor", "year")
    cost = supply["unit_cost_multiplier"].reindex(coords, fill_value=1.0).transpose("vendor", "year")
    return feasible.to_numpy().astype(float), cost.to_numpy().astype(float)


def _ban_arrays(bans: Sequence[Ban], countries: list[str], vendors: list[str]) -> tuple[Array, Array, Array]:
    """Allowed share of each year (N, V, T), stock allowance at year end (N, V, T), scope (N)."""
    shape = (len(countries), len(vendors), YEARS.size)
    allowed, allowance, scope = np.ones(shape), np.ones(shape), np.ones(len(countries))
    for ban in bans:
        if ban.cap > 0:
            continue  # caps act in the yearly loop (``_capped``)
        n = np.array([countries.index(c) for c in ban.countries])[:, None]
        v = np.array([vendors.index(x) for x in ban.vendors])[None, :]
        start = decimal_year(ban.start)
        kept = 1.0 - ban.weight  # the part of the market the ban does not cover
        allowed[n, v, :] = np.minimum(allowed[n, v, :], kept + ban.weight * np.clip(start - YEARS, 0.0, 1.0))
        if ban.deadline is not None:
            deadline = decimal_year(ban.deadline)
            left = np.clip((deadline - (YEARS + 1.0)) / (deadline - start), 0.0, 1.0)
            allowance[n, v, :] = np.minimum(allowance[n, v, :], kept + ban.weight * left)
            scope[n[:, 0]] = ban.scope
    return allowed, allowance, scope


def _capped(bans: Sequence[Ban], countries: list[str], vendors: list[str], weight: Array, year: int) -> Array:
    """Access multipliers (N, V) of the caps in force in ``year`` given the logit weights (N, V)."""
    access = np.ones_like(weight)
    for ban in bans:
        if ban.cap <= 0:
            continue
        capped = np.zeros_like(weight)
        rows = [countries.index(c) for c in ban.countries]
        capped[np.ix_(rows, [vendors.index(v) for v in ban.vendors])] = 1.0
        reach = np.zeros(len(countries))
        reach[rows] = ban.weight * float(np.clip(year + 1.0 - decimal_year(ban.start), 0.0, 1.0))
        cap = np.full(len(countries), ban.cap)
        access *= cap_access(weight * access, capped, cap, reach)
    return access


def _pools(split: StandardsSplit | None, countries: list[str]) -> tuple[Array, int]:
    """Pool membership (N, N): 1 where two countries learn together after the split; the split year."""
    if split is None:
        return np.ones((len(countries), len(countries))), int(YEARS[-1]) + 1
    bloc = np.array([split.blocs.get(c, "other") for c in countries])
    if np.unique(bloc).size == 1:
        return _pools(None, countries)
    return (bloc[:, None] == bloc[None, :]).astype(float), int(np.ceil(decimal_year(split.start)))


def _run(
    params: RolloutParameters,
    *,
    capacity: Array | None,
    cost_multiplier: Array | None = None,
    bans: Sequence[Ban] = (),
    split: StandardsSplit | None = None,
) -> dict[str, Array]:
    """The yearly loop; returns the arrays ``label_result`` names (see ``result``)."""
    c = params.country
    countries, vendors = params.countries, params.vendors
    N, V, T = len(countries), len(vendors), YEARS.size
    full = params.full_sites.to_numpy()
    desired = desired_sites(
        full, c["midpoint_year"].to_numpy(), c["speed"].to_numpy(), c["launch_year"].to_numpy(), YEARS
    )
    envelope = c["capex_per_capita"].to_numpy() * c["population"].to_numpy()
    unit_cost = params.site_cost_2020 * c["site_cost_factor"].to_numpy()
    base = params.incumbency.to_numpy()
    beta = params.price_sensitivity
    relative = np.broadcast_to(params.relative_price.to_numpy(), (N, V))
    everyone = np.ones((N, V))
    # bids are normalised so that the baseline index (every vendor allowed, no supply effect) is the level
    index_at_baseline = inclusive_value(base, relative, everyone, beta)
    multiplier = np.ones((V, T)) if cost_multiplier is None else cost_multiplier
    limit = np.full((V, T), np.inf) if capacity is None else capacity
    allowed, allowance, scope = _ban_arrays(bans, countries, vendors)
    together, split_year = _pools(split, countries)

    out = {name: np.zeros((N, V, T)) for name in ("sites_new", "sites_replacement", "sites_removed")}
    out |= {
        name: np.zeros((N, V, T))
        for name in ("installed", "vendor_price", "vendor_share", "replacement_units")
    }
    out |= {
        name: np.zeros((N, T)) for name in ("capex_new", "capex_replacement", "learning", "price_per_site")
    }
    installed = np.zeros((N, V))
    peak = np.zeros((N, V))
    # cumulative new sites per country, for learning; replacements are left out so that forced duplicate
    # purchases cannot make a ban look cheaper through the learning curve
    built = np.zeros(N)
    at_split = np.zeros(N)
    for t, year in enumerate(YEARS):
        if year == split_year:
            at_split = built.copy()
        pooled = (
            at_split.sum() + together @ (built - at_split) if year >= split_year else np.full(N, built.sum())
        )
        learning = learning_factor(
            pooled, params.prior_experience_sites, params.reference_volume_sites, params.learning_rate
        )
        bids = (unit_cost * learning / index_at_baseline)[:, None] * relative * multiplier[None, :, t]
        access = allowed[:, :, t]
        if any(ban.cap > 0 for ban in bans):
            weight, _ = scaled_weights(base, bids, access, beta)
            access = access * _capped(bans, countries, vendors, weight, int(year))
        shares = logit_shares(base, bids, access, beta)
        index = inclusive_value(base, bids, access, beta)
        # a site costs the index whichever vendor wins it (the expected price paid in Eaton-Kortum)
        price = np.broadcast_to(np.where(np.isfinite(index), index, 0.0)[:, None], (N, V))

        peak = np.maximum(peak, installed)
        removed = np.maximum(installed - peak * allowance[:, :, t], 0.0)
        installed = installed - removed
        replace_units = removed.sum(axis=1) * scope
        # removed sites are demanded as replacement, not again as new sites
        new_sites = np.maximum(desired[:, t] - installed.sum(axis=1) - removed.sum(axis=1), 0.0)

        rep_demand = replace_units[:, None] * shares
        rep_demand *= scale_to_budget((rep_demand * price).sum(axis=1), envelope)[:, None]
        budget_left = envelope - (rep_demand * price).sum(axis=1)
        new_demand = new_sites[:, None] * shares
        new_demand *= scale_to_budget((new_demand * price).sum(axis=1), budget_left)[:, None]
        served_rep = allocate_capacity(rep_demand, limit[:, t], shares)
        left = np.maximum(limit[:, t] - served_rep.sum(axis=0), 0.0)
        served_new = allocate_capacity(new_demand, left, shares)
        # kept within the envelope (every vendor costs the index, so only rounding is trimmed)
        served_rep *= scale_to_budget((served_rep * price).sum(axis=1), envelope, ROUNDING)[:, None]
        capex_rep = (served_rep * price).sum(axis=1)
        budget_left = envelope - capex_rep
        served_new *= scale_to_budget((served_new * price).sum(axis=1), budget_left, ROUNDING)[:, None]
        replaced = served_rep / scope[:, None]
        installed = installed + served_new + replaced
        built = built + served_new.sum(axis=1)
        bought = served_new + served_rep
        total = bought.sum(axis=1, keepdims=True)
        share = np.divide(bought, total, out=shares.copy(), where=total > 0)

        out["sites_new"][:, :, t] = served_new
        out["sites_replacement"][:, :, t] = replaced
        out["replacement_units"][:, :, t] = served_rep
        out["sites_removed"][:, :, t] = removed
        out["installed"][:, :, t] = installed
        out["vendor_price"][:, :, t] = bids
        out["vendor_share"][:, :, t] = share
        out["capex_new"][:, t] = (served_new * price).sum(axis=1)
        out["capex_replacement"][:, t] = capex_rep
        out["learning"][:, t] = learning
        out["price_per_site"][:, t] = index
    out["capex_envelope"] = np.broadcast_to(envelope[:, None], (N, T)).copy()
    out["desired_sites"] = desired
    return out
