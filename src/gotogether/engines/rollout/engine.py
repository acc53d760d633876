"""The rollout engine: sites, coverage, capex, prices and vendor shares by country, vendor and year.

Each year ``t`` (2019-2035), vectorised over countries and vendors (equations in ``curves``):

1. learning by vendor (``learning``, Wright's law): each vendor's cost factor ``lambda[v, t]`` on its own
   cumulative shipments worldwide (new and replacement sites, the engine's output to t-1) plus a
   spillover share of the others' new sites; the sector's factor ``lambda_S[t]`` on the world's new sites;
   price level ``P[n, t] = site_cost_2020 * site_cost_factor[n] * lambda_S[t]``; vendors' quality-adjusted
   costs ``r[v] * m[v, t] * lambda[v, t] / lambda_S[t]`` relative to it,
   ``r`` = 1 - vendor_discount for the discounted (Chinese) vendors, ``m`` the supply engine's unit-cost
   multiplier; each vendor bids its Bertrand-Nash price against the others (the Lerner rule under the
   logit, ``bidding.observed_equilibrium`` making the observed shares the baseline's equilibrium, ``Bidding``
   each year's), a bid per site ``P * bid / IV0[n]``; a ban or cap raises the bids of the vendors left
   (their shares rise);
2. two equipment classes, radio and core, each with its own logit over the vendors it allows (incumbency
   shares as constants); a new site costs ``(1 - k) IV_radio + k IV_core`` (``k`` the core share), ``IV``
   the logit's inclusive value over the bids, whichever vendor wins it;
3. installed base by vendor: 5G radio sites, the 2019 4G radio grid (population x ``lte_site_density``,
   split by the 4G footprint) and core (in sites served); a ban with a deadline removes what it
   covers straight-line to the deadline; a swap visit replaces a banned vendor's 4G radio
   (``swap_units_per_site`` radio units) and its 5G radio at the site, and pays the work
   (``swap_work_share`` x ``swap_work_factor[n]`` x P); core is swapped centrally; removed kit is
   written off at its book value; removed radio the swaps do not reach stays dark and waits for its swap
   visit (5G as 4G: it is swap-out, never rebuilt as new build);
4. spending stays within the capex envelope and site visits within the crews: the grid's upgrades, then
   replacement (a swap takes ``swap_crew_visits`` new-build visits of crew time and spares only its own
   site's upgrade, ``swaps.crews_beside``), new build gets what is left of both (a deadline crowds out new
   build);
5. vendor capacity (``vendor_capacity``) serves 5G replacement first; unmet demand goes to other vendors or
   waits. The factory builds ``(1 + spare) * (most the vendor delivered so far in the baseline)``; the
   chips build ``F[v, t] * b[v, t]``, F the supply engine's feasible output (a share of the vendor's
   baseline output *of that year*), b the vendor's deliveries that year in the baseline. Deliveries above
   the chips' limit need chips above the vendor's baseline from the same lines: it keeps the share
   ``r = H[v, t]`` of its factory's headroom over that limit, H the supply engine's ``headroom`` (the
   share of its suppliers' spare capacity left for its extra orders after the shock's loss, everyone's
   shortfalls and its own: a rival covered by stocks from the same fabs keeps none),
   ``C = factory - (1 - r) * (factory - F * b)``. No shock (H = 1) gives the factory exactly; no headroom
   gives the chips' limit ``F * b``; continuous in F and H and never larger for a deeper shock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Final

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.engines.rollout.bidding import Bidding, observed_equilibrium
from gotogether.engines.rollout.changeover import changeover_held, crew_ramp, programme_crews
from gotogether.engines.rollout.curves import (
    Array,
    allocate_capacity,
    desired_sites,
    inclusive_value,
    scale_to_budget,
)
from gotogether.engines.rollout.learning import (
    experience_normaliser,
    shipment_mix,
    spillover_matrix,
    vendor_experience,
    wright_factor,
)
from gotogether.engines.rollout.market import (
    densification_units,
    lte_learning,
    refresh_units,
    submarkets,
    upkeep_units,
)
from gotogether.engines.rollout.measures import (
    Ban,
    StandardsSplit,
    decimal_year,
    validate_bans,
    validate_split,
)
from gotogether.engines.rollout.operators import caps_by_operator
from gotogether.engines.rollout.params import RolloutParameters
from gotogether.engines.rollout.result import BY_COUNTRY, BY_VENDOR, RolloutResult, label_result
from gotogether.engines.rollout.stocks import Resume, Stocks, YearStart
from gotogether.engines.rollout.swaps import (
    Anchors,
    anchor_lag,
    anchor_visits,
    behind_the_line,
    book_value,
    core_line,
    crews_beside,
    crews_left,
    foreseen_swaps,
    latest_swaps,
    line_swaps,
    replacing,
    swap_ahead,
    swap_bill,
    swap_pace,
    swap_per_site,
)

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
    split and no supply effects the result is the baseline. The years before the first in which a measure
    or supply effect acts (``first_year_acting``) are the baseline's, to the bit: the run continues the
    shared baseline's state from that year."""
    validate_bans(bans, params.countries, params.vendors)
    if split is not None:
        validate_split(split, params.vendors)
    if not bans and split is None and supply is None:
        return label_result(params, YEARS, baseline_run(params))
    # a cap on each operator's access network where the country's operators are given (``operators``)
    bans = caps_by_operator(
        bans, params.countries, params.vendors, params.base_shares.to_numpy(), params.operators
    )
    # members of aggregate regions banning: sub-markets of their own, merged back at the end
    rows = submarkets(params, bans)
    baseline = baseline_run(rows.params)
    feasible, cost, headroom = _supply_arrays(supply, params.vendors)
    delivered = baseline["sites_new"].sum(axis=0) + baseline["sites_replacement"].sum(axis=0)
    capacity = vendor_capacity(delivered, feasible, headroom, params.spare_capacity)
    acting = first_year_acting(rows.bans, split, (feasible, cost, headroom), rows.params)
    state = _run(
        rows.params,
        capacity=capacity,
        crews=crew_capacity(rows.params, baseline["site_visits"]),
        cost_multiplier=cost,
        bans=rows.bans,
        split=split,
        mix=shipment_mix(delivered),
        resume=_resume(rows.params, acting, baseline),
    )
    return label_result(params, YEARS, rows.merge(state))


@dataclass
class _Shared:
    """What every run on the same parameters needs and only they decide: the 4G grid by vendor (N, V), its
    upgrade visits (N), the vendors' relative prices (N, V), the logit's constants and bids that make the
    observed shares the equilibrium (``observed_equilibrium``), the baseline's index at those bids (N),
    and the baseline run without measures once made (every scenario of a pipeline run or an ensemble
    draw runs the baseline of the same parameters as the reference, and as one another)."""

    lte_sites: Array
    upgrades: Array
    relative: Array
    constants: Array
    bids: Array
    index: Array
    desired: Array  # the operators' planned sites (N, T), read-only
    envelope: Array  # the capex envelope (N), read-only
    baseline: dict[str, Array] | None = None
    starts: list[YearStart] = field(default_factory=list)  # the baseline's state at each year's start


_SHARED: KeptByIdentity[_Shared] = KeptByIdentity(4)
"""The last few parameters' ``_Shared``, by the identity of their tables (shared by the copies
``with_values`` makes) and their world-wide values."""


def _shared(params: RolloutParameters) -> _Shared:
    """``params``' entry of ``_SHARED``, made when it has none."""
    tables = ("country", "base_shares")
    values = tuple(getattr(params, field.name) for field in fields(params) if field.name not in tables)
    return _SHARED.get((params.country, params.base_shares), lambda: _make_shared(params), extra=values)


def _make_shared(params: RolloutParameters) -> _Shared:
    relative = np.broadcast_to(params.relative_price, (len(params.countries), len(params.vendors)))
    constants, bids = observed_equilibrium(params)
    # bids are normalised so that the baseline index (every vendor allowed, no supply effect) is the level
    index = inclusive_value(constants, bids, np.ones_like(bids), params.price_sensitivity, params.nests)
    lte_sites = params.lte_sites
    upgrades = upgrade_visits(lte_sites, params.upgrade_visit_share)
    c = params.country
    desired = desired_sites(
        params.full_sites.to_numpy(),
        c["midpoint_year"].to_numpy(),
        c["speed"].to_numpy(),
        c["launch_year"].to_numpy(),
        YEARS,
    )
    envelope = c["capex_per_capita"].to_numpy() * c["population"].to_numpy()
    for array in (desired, envelope):
        array.flags.writeable = False
    return _Shared(lte_sites, upgrades, relative, constants, bids, index, desired, envelope)


def baseline_run(params: RolloutParameters) -> dict[str, Array]:
    """``_run`` without measures on ``params``, made once per parameters (``_Shared``); copies: the caller
    owns what it gets."""
    shared = _shared(params)
    if shared.baseline is None:
        starts: list[YearStart] = []  # filled by one run, then shared whole (runs may share a thread pool)
        run = _run(params, capacity=None, crews=None, keep=starts)
        shared.starts, shared.baseline = starts, run
    return {name: array.copy() for name, array in shared.baseline.items()}


def first_year_acting(
    bans: Sequence[Ban],
    split: StandardsSplit | None,
    supplied: tuple[Array, Array, Array],
    params: RolloutParameters,
) -> int:
    """The index of the first year in which a measure or a supply effect can move the run from the
    baseline: a ban, cap or split in force, a feasible output, unit cost or suppliers' headroom (``supplied``,
    as ``_supply_arrays``) that is not 1. Before it the scenario's yearly loop is the baseline's to the bit:
    its vendors' and crews' limits stay above the baseline's deliveries and visits by their slack (0 when
    a slack is 0: no year is taken as given)."""
    if params.spare_capacity <= 0 or params.crew_slack <= 0:
        return 0
    acting = [YEARS.size]
    for equipment in ("radio", "core"):
        allowed, allowance = _ban_arrays(bans, params.countries, params.vendors, equipment)
        acting += [int(t) for t in np.flatnonzero(((allowed < 1) | (allowance < 1)).any(axis=(0, 1)))[:1]]
    for ban in bans:
        if ban.cap > 0:  # a cap reaches part of the year before its start's year end
            acting.append(int(np.searchsorted(YEARS + 1.0 - decimal_year(ban.start), 0.0, side="right")))
    if split is not None:
        acting.append(int(np.searchsorted(YEARS, _spillovers(split, params.vendors, 0.0)[2])))
    shocked = np.any([array != 1.0 for array in supplied], axis=(0, 1))
    acting += [int(t) for t in np.flatnonzero(shocked)[:1]]
    return min(acting)


def _resume(params: RolloutParameters, year: int, baseline: dict[str, Array]) -> Resume | None:
    """A start from the baseline's state at year index ``year`` (None at the first year)."""
    starts = _shared(params).starts
    if year <= 0 or len(starts) != YEARS.size:
        return None
    return Resume(min(year, YEARS.size - 1), starts[min(year, YEARS.size - 1)], baseline)


def vendor_capacity(delivered: Array, feasible: Array, headroom: Array, spare: float) -> Array:
    """Sites (V, T) each vendor can deliver given its baseline deliveries ``delivered`` (V, T), its
    feasible output ``feasible`` (V, T, a share of that year's baseline output) and its suppliers'
    ``headroom`` (V, T, the share of their spare capacity left for its orders above its baseline): its
    factory, ``(1 + spare)`` times the most it delivered so far, less the part ``1 - headroom`` of the
    factory's headroom over its chips ``feasible * delivered`` (module docstring, step 5)."""
    factory = (1.0 + spare) * np.maximum.accumulate(delivered, axis=1)
    capacity: Array = factory - (1.0 - headroom) * (factory - feasible * delivered)
    return capacity


def upgrade_visits(lte_sites: Array, share: float) -> Array:
    """Site visits (N) a year for upgrades and maintenance of the installed 4G grid ``lte_sites`` (N, V),
    ``share`` (``upgrade_visit_share``) of its sites."""
    grid: Array = lte_sites.sum(axis=1) * share
    return grid


def crew_capacity(params: RolloutParameters, baseline_visits: Array) -> Array:
    """Site visits (N, T) the crews can make: ``(1 + crew_slack)`` x (upgrade visits + the most visits of
    the baseline's build so far); crews never bind without measures."""
    most = np.maximum.accumulate(baseline_visits, axis=1)
    crews: Array = (1.0 + params.crew_slack) * (_shared(params).upgrades[:, None] + most)
    return crews


_SUPPLY_ARRAYS: KeptByIdentity[tuple[Array, Array, Array]] = KeptByIdentity(8)
"""``_supply_arrays`` by supply result: an ensemble's draws reuse each scenario's."""


def _supply_arrays(supply: xr.Dataset | None, vendors: list[str]) -> tuple[Array, Array, Array]:
    """Feasible output, unit-cost multiplier and headroom (V, T), 1 where the supply result says nothing
    (read-only: kept for the next run on the same supply result); a table without ``headroom`` (not the
    supply engine's) leaves a vendor short of its own baseline no headroom and the others all of it."""
    if supply is None:
        ones = np.ones((len(vendors), YEARS.size))
        return ones, ones, ones

    def arrays() -> tuple[Array, Array, Array]:
        # positions of the vendors and years in the table, -1 where missing (a reindex by xarray is slow)
        rows = supply.indexes["vendor"].get_indexer(pd.Index(vendors))
        columns = supply.indexes["year"].get_indexer(pd.Index(YEARS))
        found = (rows >= 0)[:, None] & (columns >= 0)[None, :]

        def table(name: str) -> Array:
            values = supply.variables[name].transpose("vendor", "year").values[np.ix_(rows, columns)]
            return np.where(found, values, 1.0).astype(float)

        feasible = table("feasible_output")
        headroom = table("headroom") if "headroom" in supply else (feasible >= 1.0).astype(float)
        kept = feasible, table("unit_cost_multiplier"), headroom
        for array in kept:
            array.flags.writeable = False
        return kept

    return _SUPPLY_ARRAYS.get((supply,), arrays, extra=tuple(vendors))


def _ban_arrays(
    bans: Sequence[Ban], countries: list[str], vendors: list[str], equipment: str
) -> tuple[Array, Array]:
    """For the bans covering ``equipment``: the allowed share of each year (N, V, T) and the installed
    allowance at year end (N, V, T: straight-line from the start to 0 at the deadline)."""
    shape = (len(countries), len(vendors), YEARS.size)
    allowed, allowance = np.ones(shape), np.ones(shape)
    for ban in bans:
        if ban.cap > 0 or equipment not in ban.equipment:
            continue  # caps act in the yearly loop (``bidding``)
        n = np.array([countries.index(c) for c in ban.countries])[:, None]
        v = np.array([vendors.index(x) for x in ban.vendors])[None, :]
        start = decimal_year(ban.start)
        kept = 1.0 - ban.weight  # the part of the market the ban does not cover
        allowed[n, v, :] = np.minimum(allowed[n, v, :], kept + ban.weight * np.clip(start - YEARS, 0.0, 1.0))
        if ban.deadline is not None:
            deadline = decimal_year(ban.deadline)
            left = np.clip((deadline - (YEARS + 1.0)) / (deadline - start), 0.0, 1.0)
            allowance[n, v, :] = np.minimum(allowance[n, v, :], kept + ban.weight * left)
    return allowed, allowance


def _spillovers(
    split: StandardsSplit | None, vendors: list[str], spillover: float
) -> tuple[Array, Array, int]:
    """The vendors' spillover weights (V, V) before and after the split, and the split year."""
    before = spillover_matrix(vendors, spillover)
    if split is None:
        return before, before, int(YEARS[-1]) + 1
    after = spillover_matrix(vendors, spillover, split.vendor_blocs)
    return before, after, int(np.ceil(decimal_year(split.start)))


Radio = tuple[Array, Array, Array]
"""The 5G, 4G and densification radio (N, V each) of the yearly loop's swaps."""


def _ahead(removed: Radio, share: Array, standing: Radio) -> Radio:
    """The radio removed this year when operators also swap ``share`` (N, 1) of what the law's removal
    ``removed`` leaves of the radio ``standing`` (``swap_ahead``)."""
    radio, lte, dense = (gone + share * (kit - gone) for gone, kit in zip(removed, standing, strict=True))
    return radio, lte, dense


def _due(removed: Radio, waiting: Radio) -> Radio:
    """The 5G, 4G and densification radio a year's swaps must replace: what is ``removed`` this year and
    what was removed before and ``waiting`` for its swap."""
    radio, lte, dense = (before + now for before, now in zip(waiting, removed, strict=True))
    return radio, lte, dense


def _bill(
    removed: Radio, waiting: Radio, core_due: Array, prices: tuple[Array, float, Array, Array]
) -> tuple[Array, Array]:
    """``swap_bill`` of the radio ``removed`` with what waits for its swap (``_due``) and the core
    ``core_due`` (N) at ``prices``."""
    radio, lte, dense = _due(removed, waiting)
    return swap_bill(radio, lte, dense, core_due, *prices)


def _run(
    params: RolloutParameters,
    *,
    capacity: Array | None,
    crews: Array | None,
    cost_multiplier: Array | None = None,
    bans: Sequence[Ban] = (),
    split: StandardsSplit | None = None,
    mix: Array | None = None,
    keep: list[YearStart] | None = None,
    resume: Resume | None = None,
) -> dict[str, Array]:
    """The yearly loop; returns the arrays ``label_result`` names (see ``result``). ``mix`` is the vendors'
    first shipments in the baseline (``learning.shipment_mix``), found in the loop when not given. ``keep``
    collects the state at each year's start (the baseline's); ``resume`` starts from one."""
    c = params.country
    countries, vendors = params.countries, params.vendors
    N, V, T = len(countries), len(vendors), YEARS.size
    full = params.full_sites.to_numpy()
    shared = _shared(params)
    desired, envelope = shared.desired, shared.envelope
    unit_cost = params.site_cost_2020 * c["site_cost_factor"].to_numpy()
    core, units = params.core_share, params.swap_units_per_site
    relative, index_at_baseline = shared.relative, shared.index
    bidding = Bidding(params, bans, relative, shared.constants, shared.bids)

    multiplier = np.ones((V, T)) if cost_multiplier is None else cost_multiplier
    limit = np.full((V, T), np.inf) if capacity is None else capacity
    visits_limit = np.full((N, T), np.inf) if crews is None else crews
    upgrades = shared.upgrades
    saved, weight = params.upgrade_visit_share, params.swap_crew_visits
    swap_work = params.swap_work_share * c["swap_work_factor"].to_numpy()  # per visit, times the level
    allowed, allowance = _ban_arrays(bans, countries, vendors, "radio")
    allowed_core, allowance_core = _ban_arrays(bans, countries, vendors, "core")
    # the 4G radio the deadlines remove: all of it under bans of 4G and 5G radio, only the anchors of the
    # removed 5G under bans of 5G radio alone (where the 4G's allowance is above the 5G's)
    if all(ban.removes_4g for ban in bans):
        allowance_lte = allowance
    else:
        allowance_lte = _ban_arrays([ban for ban in bans if ban.removes_4g], countries, vendors, "radio")[1]
    anchors_only = allowance_lte > allowance
    # the new build a ban's changeover holds back, and the crews contractors add for a swap programme
    held = changeover_held(bans, countries, vendors, params.lte_footprint, params.changeover_years, YEARS)
    ramp = crew_ramp(bans, countries, YEARS, params.crew_ramp)
    spillover, spillover_split, split_year = _spillovers(split, vendors, params.learning_spillover)

    # every result variable but the two set after the loop (the envelope and the desired path)
    yearly = [name for name in BY_COUNTRY if name not in ("capex_envelope", "desired_sites")]
    out = {name: np.zeros((N, V, T)) for name in BY_VENDOR} | {name: np.zeros((N, T)) for name in yearly}
    grid_2019 = float(shared.lte_sites.sum())
    lte_vintage = np.full((N, V), params.lte_vintage_year)
    prior, reference = params.prior_experience_sites, params.reference_volume_sites
    rate = params.learning_rate
    resumed_at = 0
    stocks = Stocks.at_start(shared.lte_sites, T)
    if resume is not None:
        resumed_at = resume.year
        stocks = resume.start.stocks.copied()
        bidding.restore(resume.start.last, resume.start.solved)
        for name, array in out.items():
            array[..., :resumed_at] = resume.baseline[name][..., :resumed_at]
    for t, year in enumerate(YEARS):
        if t < resumed_at:
            continue
        if keep is not None:
            keep.append(YearStart(stocks.copied(), *bidding.snapshot()))
        (
            installed, peak, vintage, lte, lte_peak, core_base, core_peak, radio_waiting, lte_waiting, dense,
            dense_waiting, core_waiting, radio_bought, shipped, shipped_new, owed, lte_bought,
        ) = stocks  # fmt: skip
        if mix is None and shipped.sum() > 0:
            mix = shipment_mix(shipped[:, None])
        # the sector's curve on the world's new sites prices the work; each vendor's on its own experience
        # (relative to the sector's: 1 while vendors ship in proportion to their first shipments)
        sector = wright_factor(np.asarray(shipped_new.sum()), prior, reference, rate)
        spill = spillover_split if year >= split_year else spillover
        experience = vendor_experience(shipped, shipped_new, spill, experience_normaliser(mix, spillover))
        learning = wright_factor(experience, prior, reference, rate)
        level = unit_cost * sector
        scale = (level / index_at_baseline)[:, None]
        costs = relative * (multiplier[:, t] * learning / sector)[None, :]
        now = bidding.quote(costs, scale, allowed[:, :, t], allowed_core[:, :, t], int(year))
        bids, shares, shares_core, index = now.bids, now.shares, now.shares_core, now.cost_index
        price, radio_price, core_price = now.price, now.radio_price, now.core_price

        # what the bans remove this year: 5G radio, 4G radio (the grid), core
        peak = np.maximum(peak, installed)
        removed = np.maximum(installed - peak * allowance[:, :, t], 0.0)
        lte_peak = np.maximum(lte_peak, lte)
        lte_removed = np.maximum(lte - lte_peak * allowance_lte[:, :, t], 0.0)
        # a ban of 5G radio alone removes the 4G anchor of each 5G site it removes (the same vendor's)
        lte_removed = np.where(
            anchors_only[:, :, t], np.maximum(lte_removed, np.minimum(removed, lte)), lte_removed
        )
        core_peak = np.maximum(core_peak, core_base)
        core_removed = np.maximum(core_base - core_peak * allowance_core[:, :, t], 0.0)
        # a banned vendor's densification radio sits on its 5G sites and goes with them: the share of its 5G
        # radio the law removes (all of it where none of its 5G stands)
        gone = np.divide(
            removed, installed, out=(allowance[:, :, t] < 1.0).astype(float), where=installed > 0
        )
        dense_removed = dense * gone
        # operators swap ahead of the law's straight line where their 5G plan waits for an anchor's swap,
        # as fast as their stated pace, the crews and the envelope allow (``swap_ahead``)
        work = swap_work * level
        covered = np.maximum(1.0 - allowance[:, :, -1], 1.0 - allowed[:, :, t])
        pace = swap_pace(np.maximum(peak, lte_peak), covered, params.swap_pace_years)

        # the law's swaps first (every crew the upgrades leave), then the early ones, each a visit
        # swapping the 4G radio, the banned 5G and densification radio it anchors, and the work
        prices = (radio_price, units, work, core_price)

        # what waits for a swap before this year's: the 5G, 4G and densification radio and the core
        waiting = (radio_waiting, lte_waiting, dense_waiting)
        core_due = core_waiting + core_removed.sum(axis=1)
        legal, legal_cost = _bill((removed, lte_removed, dense_removed), waiting, core_due, prices)
        # a swap ahead is planned at what it will bill and the crew visits it will take (``swap_per_site``)
        swap_prices = (radio_price, units, work)
        each, taken = swap_per_site(
            installed - removed, lte - lte_removed, dense - dense_removed, allowed[:, :, t], swap_prices
        )
        budget = np.divide(envelope - legal_cost, each, out=np.full(N, np.inf), where=each > 0)
        crews_now = visits_limit[:, t] + programme_crews(pace, ramp[:, t], weight, saved)
        wanted = anchor_visits(
            Anchors(
                full,
                desired[:, t],
                installed - removed,
                lte - lte_removed,
                lte_waiting,
                shared.lte_sites,
                allowed[:, :, t],
            )
        )
        room = (np.minimum(pace, crews_beside(crews_now, 0.0, upgrades, saved, weight)) - legal) / taken
        early = swap_ahead(wanted, lte - lte_removed, allowed[:, :, t], room=room, budget=budget)
        standing = (installed, lte, dense)
        removed, lte_removed, dense_removed = _ahead((removed, lte_removed, dense_removed), early, standing)
        # operators foresee their plan and the deadlines of the bans in force (an envelope that stays the
        # same; each coming year's prices under the bans in force at this year's costs) and swap, from what
        # this year leaves after its planned build, what the coming years could not swap without crowding
        # out theirs (``latest_swaps``)
        known = (allowed[:, :, t] < 1.0) | (allowance[:, :, t] < 1.0)
        if t + 1 < T and known.any():
            coming = slice(t + 1, T)
            banning = np.where(known[:, :, None], allowed[:, :, coming], 1.0)  # what the bans in force bar
            known_core = (allowed_core[:, :, t] < 1.0) | (allowance_core[:, :, t] < 1.0)
            ahead, radio_ahead = bidding.foreseen_prices(
                costs,
                scale,
                int(year),
                banning,
                np.where(known_core[:, :, None], allowed_core[:, :, coming], 1.0),
            )
            build = np.maximum(np.diff(desired[:, t:], axis=1), 0.0)  # each coming year's planned build
            # in a ban's first year (it starts within the year) the swaps are of what it bars from the next
            barred = np.minimum(allowed[:, :, t], banning.min(axis=2))
            # a swap's price this year and in each coming year (the years as rows: ``swap_per_site``'s
            # figures broadcast over them)
            each_by_year, taken = swap_per_site(
                installed - removed,
                lte - lte_removed,
                dense - dense_removed,
                barred,
                (np.concatenate([radio_price[:, None], radio_ahead], axis=1).T, units, work),
            )
            each, each_ahead = each_by_year[0], each_by_year[1:].T
            # the core the law's line removes in each coming year is paid from its envelope too (no visits)
            core_ahead = core_price[:, None] * core_line(
                core_base - core_removed,
                core_peak,
                np.where(known_core[:, :, None], allowance_core[:, :, coming], 1.0),
            )
            spare = np.minimum(
                np.minimum(
                    pace[:, None],
                    crews_beside(
                        visits_limit[:, coming]
                        + programme_crews(pace[:, None], ramp[:, coming], weight, saved),
                        build,
                        upgrades[:, None],
                        saved,
                        weight,
                    ),
                )
                / taken[:, None],
                np.divide(
                    np.maximum(envelope[:, None] - ahead * build - core_ahead, 0.0),
                    each_ahead,
                    out=np.full_like(build, np.inf),
                    where=each_ahead > 0,
                ),
            )
            required = foreseen_swaps(
                Anchors(
                    full,
                    desired[:, coming],
                    installed - removed,
                    lte - lte_removed,
                    lte_waiting,
                    shared.lte_sites,
                    banning,
                ),
                lte_peak,
                np.where(known[:, :, None], allowance_lte[:, :, coming], 1.0),
            )
            # this year's planned build (before the law's removal) keeps its crews and envelope; the part
            # a ban's changeover holds waits (below) and leaves them to the swaps (issue 13)
            planned = np.maximum(desired[:, t] - installed.sum(axis=1), 0.0) * (1.0 - held[:, t])
            swaps, swaps_cost = _bill((removed, lte_removed, dense_removed), waiting, core_due, prices)
            # and the law's 5G line, a visit a 5G site (as the bill counts them where a vendor has more 5G
            # than 4G): in a ban's part year this year's build still buys from the banned vendors and raises
            # the line's peak, so a swap ahead lowers the coming years' line by less (``line_swaps``)
            reach = (barred < 1.0).astype(float)
            line_share = line_swaps(
                (installed - removed, peak, reach),
                planned[:, None] * shares,
                np.where(known[:, :, None], allowance[:, :, coming], 1.0),
                np.cumsum(spare * taken[:, None], axis=1),
            )
            wanted_later = np.maximum(
                latest_swaps(required, spare), line_share * ((lte - lte_removed) * reach).sum(axis=1)
            )
            later = swap_ahead(
                wanted_later,
                lte - lte_removed,
                barred,
                room=(np.minimum(pace, crews_beside(crews_now, planned, upgrades, saved, weight)) - swaps)
                / taken,
                budget=np.divide(
                    envelope - swaps_cost - price * planned, each, out=np.full(N, np.inf), where=each > 0
                ),
            )
            removed, lte_removed, dense_removed = _ahead(
                (removed, lte_removed, dense_removed), later, standing
            )
        life = params.equipment_life_years
        old = book_value(int(year), lte_vintage, life)  # the 2019 4G radio and core
        out["writeoff"][:, t] = level * (
            ((removed + dense_removed) * book_value(int(year), vintage, life)).sum(axis=1) * (1.0 - core)
            + (lte_removed * old).sum(axis=1) * (1.0 - core) * units
            + (core_removed * old).sum(axis=1) * core
        )
        installed = installed - removed
        lte = lte - lte_removed
        core_base = core_base - core_removed
        dense = dense - dense_removed
        radio_due, lte_due, dense_due = _due((removed, lte_removed, dense_removed), waiting)
        # one visit swaps a vendor's 4G radio and the 5G radio it anchors (non-standalone 5G)
        visits, asked = swap_bill(radio_due, lte_due, dense_due, core_due, *prices)
        # swaps take the crews the upgrades leave (a swap spares its own site's upgrade: ``crews_beside``)
        swap_crews = crews_beside(crews_now, 0.0, upgrades, saved, weight)
        fits = np.minimum(scale_to_budget(asked, envelope), scale_to_budget(visits, swap_crews))
        # swap crews go no faster than the operators' stated pace; what they cannot reach stays dark
        fits = np.minimum(fits, scale_to_budget(visits, pace))
        # where a vendor's 5G is behind its line the swaps of its 4G take it as far down its own line
        # (``behind_the_line``); not under bans of 5G alone, whose 4G has no line (it goes as anchors)
        radio_more, dense_more = behind_the_line(
            (radio_due, lte_due, dense_due),
            (installed, lte),
            (peak, np.where(anchors_only[:, :, t], 0.0, lte_peak)),
            fits,
            np.maximum(envelope - fits * asked, 0.0),
            radio_price,
        )
        # removed 5G sites (and those waiting for their swap) are demanded as replacement, not again as new
        # sites; non-standalone 5G anchors
        # on its site's 4G radio, so no new 5G goes where a banned vendor's 4G radio waits for its swap
        lag = anchor_lag(
            Anchors(full, desired[:, t], installed, lte, lte_waiting, shared.lte_sites, allowed[:, :, t])
        )
        new_sites = np.maximum(
            np.minimum(
                desired[:, t] - installed.sum(axis=1) - radio_due.sum(axis=1),
                desired[:, t] - lag - (installed * allowed[:, :, t]).sum(axis=1),
            ),
            0.0,
        )
        # during a ban's changeover the new build of the footprint it forces off waits (``changeover``)
        new_sites = new_sites * (1.0 - held[:, t])

        # a swap replaces a banned vendor's kit with another's: in a ban's part year its vendors keep a share
        # of the year's new kit, not of the swaps (``replacing``)
        swapping = replacing(shares, allowed[:, :, t])
        radio_done = fits * radio_due.sum(axis=1) + radio_more.sum(axis=1)
        rep_demand = radio_done[:, None] * swapping
        served_rep = allocate_capacity(rep_demand, limit[:, t], swapping)
        lte_done = fits * lte_due.sum(axis=1)
        # at the swap visit: no visit of its own
        dense_done = fits * dense_due.sum(axis=1) + dense_more.sum(axis=1)
        core_done = fits * core_due
        visits_done = fits * visits
        capex_rep = (
            radio_price * (served_rep.sum(axis=1) + units * lte_done + dense_done)
            + work * visits_done
            + core_price * core_done
        )
        # what the swaps do not reach stays dark and waits for its swap visit, the 5G as its 4G anchor
        # (what goes beyond the share leaves no less than nothing: rounding)
        radio_waiting = np.maximum(radio_due * (1.0 - fits)[:, None] - radio_more, 0.0)
        lte_waiting = lte_due * (1.0 - fits)[:, None]
        dense_waiting = np.maximum(dense_due * (1.0 - fits)[:, None] - dense_more, 0.0)
        core_waiting = core_due - core_done

        budget_left = np.maximum(envelope - capex_rep, 0.0)
        new_demand = new_sites[:, None] * shares
        new_demand *= scale_to_budget((new_demand * price[:, None]).sum(axis=1), budget_left)[:, None]
        # the crews left for new build (a visit a site) after the upgrades and the swaps
        room = crews_left(crews_now, visits_done, upgrades, saved, weight)
        new_demand *= scale_to_budget(new_demand.sum(axis=1), room)[:, None]
        left = np.maximum(limit[:, t] - served_rep.sum(axis=0), 0.0)
        served_new = allocate_capacity(new_demand, left, shares)
        # kept within the envelope (every vendor costs the index, so only rounding is trimmed)
        served_new *= scale_to_budget((served_new * price[:, None]).sum(axis=1), budget_left, ROUNDING)[
            :, None
        ]
        bought = served_new + served_rep
        vintage = np.divide(
            vintage * installed + (year + 0.5) * bought,
            installed + bought,
            out=vintage,
            where=installed + bought > 0,
        )
        installed = installed + bought
        lte = lte + lte_done[:, None] * swapping
        dense = dense + dense_done[:, None] * swapping
        core_bought = served_new.sum(axis=1) + core_done
        core_swapping = replacing(shares_core, allowed_core[:, :, t])
        # the swaps' core at their shares (the difference is 0 where they are the year's: to the bit)
        core_by_vendor = core_bought[:, None] * shares_core + core_done[:, None] * (
            core_swapping - shares_core
        )
        core_base = core_base + core_by_vendor
        shipped = shipped + served_new.sum(axis=0) + served_rep.sum(axis=0)
        # new sites that rebuild removed kit are replacements for learning (they spill nothing over)
        owed = np.maximum(owed + radio_done - served_rep.sum(axis=1), 0.0)
        total_new = served_new.sum(axis=1)
        rebuilt = np.minimum(total_new, owed)
        owed = owed - rebuilt
        first = np.divide(total_new - rebuilt, total_new, out=np.zeros(N), where=total_new > 0)
        shipped_new = shipped_new + (served_new * first[:, None]).sum(axis=0)
        total = bought.sum(axis=1, keepdims=True)
        share = np.divide(bought, total, out=shares.copy(), where=total > 0)

        out["sites_new"][:, :, t] = served_new
        out["sites_replacement"][:, :, t] = served_rep
        out["sites_removed"][:, :, t] = removed
        out["installed"][:, :, t] = installed
        out["lte_removed"][:, :, t] = lte_removed
        out["lte_installed"][:, :, t] = lte
        out["core_removed"][:, :, t] = core_removed
        out["core_installed"][:, :, t] = core_base
        out["vendor_price"][:, :, t] = bids
        out["vendor_share"][:, :, t] = share
        out["vendor_revenue"][:, :, t] = (
            radio_price[:, None] * (bought + (units * lte_done + dense_done)[:, None] * swapping)
            + core_price[:, None] * core_by_vendor
        )
        out["capex_new"][:, t] = (served_new * price[:, None]).sum(axis=1)
        out["capex_replacement"][:, t] = capex_rep
        out["learning"][:, t] = sector
        out["vendor_learning"][:, :, t] = learning[None, :]
        out["price_per_site"][:, t] = index
        out["site_visits"][:, t] = served_new.sum(axis=1) + visits_done
        out["swap_visits"][:, t] = visits_done
        # capacity (``market``): the 4G grid's upkeep from its own budget; 5G densification and refresh
        # from what the envelope has left after the swap-out and the new build
        grid = out["installed"][:, :, t - 1].sum(axis=1) if t else np.zeros(N)
        upkeep = upkeep_units(lte.sum(axis=1), params.lte_upkeep_share, units)
        # the upkeep's 2G-4G radio learns on its own grid, not on the 5G sector's sites
        upkeep_price = radio_price * lte_learning(float(lte_bought), grid_2019, rate) / sector
        lte_bought = lte_bought + upkeep.sum() / units
        densified = densification_units(grid, params.densification_rate)
        wanted = densified + refresh_units(radio_bought, t, life)
        left_now = np.maximum(budget_left - out["capex_new"][:, t], 0.0)
        fitting = scale_to_budget(radio_price * wanted, left_now)
        renewed = wanted * fitting
        dense = dense + (densified * fitting)[:, None] * shares
        radio_bought[:, t] = bought.sum(axis=1) + renewed + dense_done
        out["capex_capacity"][:, t] = radio_price * renewed
        out["vendor_revenue"][:, :, t] += (radio_price * renewed + upkeep_price * upkeep)[:, None] * shares
        # the RAN market: the equipment part of the 5G and swapped 4G radio, the upkeep and the capacity
        radio = bought.sum(axis=1) + units * lte_done + renewed + dense_done
        out["ran_spending"][:, t] = params.ran_equipment_share * (radio_price * radio + upkeep_price * upkeep)
        stocks = Stocks(
            installed=installed, peak=peak, vintage=vintage, lte=lte, lte_peak=lte_peak, core_base=core_base,
            core_peak=core_peak, radio_waiting=radio_waiting, lte_waiting=lte_waiting, dense=dense,
            dense_waiting=dense_waiting, core_waiting=core_waiting,
            radio_bought=radio_bought, shipped=shipped, shipped_new=shipped_new, owed=owed,
            lte_bought=lte_bought,
        )  # fmt: skip
    out["capex_envelope"] = np.broadcast_to(envelope[:, None], (N, T)).copy()
    out["desired_sites"] = desired.copy()
    return out
