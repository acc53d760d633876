"""Swaps of banned kit: the crews' pace, the 4G anchors non-standalone 5G waits for, operators' swaps ahead
of the law (this year's plan and the latest feasible schedule for the coming years), a year's swap bill and
the book value written off (steps 3-4 of ``engine``'s yearly loop; each on plain arrays, N countries x V
vendors x H coming years)."""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np

from gotogether.engines.rollout.curves import Array, scale_to_budget


def swap_pace(sites: Array, banned: Array, years: float) -> Array:
    """Swap visits (N) a country's crews can make a year: the sites of the vendors its bans cover
    (``sites`` (N, V), the most of their 4G or 5G radio installed so far, times ``banned`` (N, V), the part
    banned from new kit or removed by the deadline) over ``years``, the fewest years in which operators said
    they could swap a vendor's whole footprint without outages (``rollout.swap_pace_years``); 0 where no
    ban covers anything, where no swap is asked either."""
    pace: Array = (sites * banned).sum(axis=1) / years
    return pace


class Anchors(NamedTuple):
    """The operators' 5G plan and the 4G grid its non-standalone sites anchor on (N countries, V vendors):
    what ``anchor_lag`` and ``anchor_visits`` read."""

    full: Array  # sites (N) that cover a country
    desired: Array  # the plan's sites (N)
    installed: Array  # 5G radio standing (N, V)
    lte: Array  # 4G radio standing (N, V)
    waiting: Array  # 4G radio removed and dark, waiting for its swap (N, V)
    footprint: Array  # the 2019 4G grid (N, V)
    allowed: Array  # the part of each vendor's kit the bans allow (N, V)


def anchor_lag(anchors: Anchors) -> Array:
    """5G sites (N) of the operators' plan that wait for their 4G anchor's swap. Non-standalone 5G runs on
    its site's 4G radio, so the plan ``desired`` (N) spreads over the 4G grid and its part on a banned
    vendor's footprint (``footprint`` (N, V), the 2019 grid, times the banned part ``1 - allowed``: share
    ``h`` of the grid) can be built only where the anchor has been swapped. Swaps follow the plan (densest
    sites first), so of the plan's ``desired * h`` sites there, ``(h - b) * full`` can be built, ``b`` the
    grid's share still on a banned radio (``lte`` times ``1 - allowed``) or dark after its removal
    (``waiting``), and the banned vendors' own 5G still standing there (``installed`` (N, V) times
    ``1 - allowed``) is built already: the lag is ``max(desired * h - (h - b) * full - that 5G, 0)``, 0
    without bans."""
    full, desired, installed, lte, waiting, footprint, allowed = anchors
    banned = 1.0 - allowed
    grid = footprint.sum(axis=1)
    share = np.divide((footprint * banned).sum(axis=1), grid, out=np.zeros_like(grid), where=grid > 0)
    blocked = (lte * banned).sum(axis=1) + waiting.sum(axis=1)
    left = np.divide(blocked, grid, out=np.zeros_like(grid), where=grid > 0)
    standing = (installed * banned).sum(axis=1)
    lag: Array = np.maximum(desired * share - np.maximum(share - left, 0.0) * full - standing, 0.0)
    return lag


def anchor_visits(anchors: Anchors) -> Array:
    """Swap visits (N) that open the anchors the plan waits for (``anchor_lag``, in 5G sites: ``lag * grid
    / full`` in 4G sites). A visit swaps a site's radio of a vendor a ban covers, as the law's removal
    does, and the anchor it opens is the banned part of it (``anchor_lag`` counts ``lte * banned`` as
    blocked): below 1 in a ban's first year (it starts within the year), so the visits are sized on what
    they open."""
    full, lte, allowed = anchors.full, anchors.lte, anchors.allowed
    grid = anchors.footprint.sum(axis=1)
    banned = 1.0 - allowed
    reached = (lte * (banned > 0)).sum(axis=1)
    opened = np.divide((lte * banned).sum(axis=1), reached, out=np.ones_like(grid), where=reached > 0)
    visits: Array = anchor_lag(anchors) * np.divide(
        grid, full * opened, out=np.zeros_like(grid), where=full * opened > 0
    )
    return visits


def _reach(allowed: Array) -> Array:
    """1 (N x V) on the vendors a ban covers (``allowed`` below 1): a swap replaces their radio whole."""
    reach: Array = (allowed < 1.0).astype(float)
    return reach


def swap_ahead(
    wanted: Array,
    lte: Array,
    allowed: Array,
    *,
    room: Array,
    budget: Array,
) -> Array:
    """Share (N, 1) of the banned vendors' remaining 4G and 5G radio (after the law's removal of the year)
    that operators swap ahead of the law: ``wanted`` visits (N; ``anchor_visits`` for this year's plan,
    ``latest_swaps`` for the coming years'), at most ``room`` visits (the stated pace and the crews left)
    and ``budget`` visits (the envelope left, at a swap visit's cost); the same share of the 4G, 5G and
    densification radio of each vendor a ban covers (``allowed`` below 1) goes, its 5G being on its own 4G
    sites."""
    reach = _reach(allowed)
    left = (lte * reach).sum(axis=1)
    visits = np.clip(np.minimum(np.minimum(wanted, room), budget), 0.0, left)
    share = np.divide(visits, left, out=np.zeros_like(visits), where=left > 0)
    early: Array = share[:, None] * reach
    return early


def latest_swaps(required: Array, spare: Array) -> Array:
    """Swap visits (N) to make this year so that every coming year's requirement can still be met without
    crowding out that year's planned build: the latest feasible schedule. ``required`` (N, H) is the
    cumulative visits needed by the end of each coming year (from now), ``spare`` (N, H) the visits each of
    those years can make beyond its planned build: ``max(0, max_h (required[h] - sum_(u<=h) spare[u]))``.
    Swapping later costs less (the vendors learn, the write-off shrinks), so nothing is swapped earlier."""
    short = required - np.cumsum(spare, axis=1)
    due: Array = np.maximum(short.max(axis=1, initial=0.0), 0.0)
    return due


def foreseen_swaps(anchors: Anchors, lte_peak: Array, allowance: Array) -> Array:
    """Cumulative swap visits (N, H) needed from now by the end of each coming year: the anchors of the
    plan (``anchors`` with ``desired`` (N, H) and the bans' ``allowed`` (N, V, H) by coming year;
    ``anchor_visits``), or the law's straight line, ``allowance`` (N, V, H) of the peak 4G radio
    ``lte_peak`` (N, V), if that asks more."""
    # the coming years as rows of one call (H x N rows, year by year): the same figures as a call a year
    years, (countries, vendors) = anchors.desired.shape[1], anchors.lte.shape

    def rows(array: Array) -> Array:
        return np.tile(array, (years,) + (1,) * (array.ndim - 1))

    def by_year(array: Array) -> Array:
        stacked: Array = array.transpose(2, 0, 1).reshape(years * countries, vendors)
        return stacked

    needed = anchor_visits(
        Anchors(
            rows(anchors.full),
            anchors.desired.T.ravel(),
            rows(anchors.installed),
            rows(anchors.lte),
            rows(anchors.waiting),
            rows(anchors.footprint),
            by_year(anchors.allowed),
        )
    )
    law = np.maximum(rows(anchors.lte) - rows(lte_peak) * by_year(allowance), 0.0).sum(axis=1)
    required: Array = np.maximum(needed, law).reshape(years, countries).T
    return required


def swap_bill(
    removed: Array,
    lte_due: Array,
    dense_due: Array,
    core_due: Array,
    radio_price: Array,
    units: float,
    work: Array,
    core_price: Array,
) -> tuple[Array, Array]:
    """Visits (N) and cost (N) of a year's swaps: a visit per site of a banned vendor's 4G radio
    (``lte_due``, N x V) or its 5G radio (``removed``), whichever it has more of, paying the work; the 5G
    radio, ``units`` radio units per 4G site and the densification radio (``dense_due``) at the radio's
    price; the core (``core_due``, N, in sites served) at the core's."""
    visits = np.maximum(removed, lte_due).sum(axis=1)
    radio = removed.sum(axis=1) + units * lte_due.sum(axis=1) + dense_due.sum(axis=1)
    cost: Array = radio_price * radio + work * visits + core_price * core_due
    return visits, cost


def behind_the_line(
    due: tuple[Array, Array, Array],
    standing: tuple[Array, Array],
    peaks: tuple[Array, Array],
    fits: Array,
    room: Array,
    price: Array,
) -> tuple[Array, Array]:
    """The 5G and densification radio (N x V each) a year's swaps replace beyond their share ``fits`` (N)
    of the radio due (``due``: 5G, 4G and densification, N x V each, removed this year or waiting), where a
    vendor's 5G is behind its line. The visits swap ``fits`` of the vendor's 4G due, which brings its 4G
    not yet swapped (the 4G ``standing`` after the removal and what the visits leave of the due) to the
    point ``a`` of its line (``a`` = that 4G over its peak, ``peaks``: the 5G's and the 4G's); the 5G on
    those sites goes as far down its own line: ``5G standing + 5G due - 5G peak x a`` is swapped, no less
    than the share ``fits`` of the due, no more than the due nor a 5G site a visit (a vendor with at least
    as much 4G due as 5G), its densification radio with it, within the envelope left (``room``, N) at the
    radio's ``price``. Where the lines are in step (a ban's 5G and 4G both standing at its start) this is
    the share ``fits`` of the due: nothing more. The 5G is behind where the vendor's 4G was swapped before
    its 5G was first built (swaps ahead in a ban's first year, the 5G built in the part year before the
    start): there the law's removal carries more 5G per 4G site the later the deadline, and a crew-bound
    share of it more 5G a visit (issue 13); at the line's point both deadlines' visits carry the same."""
    radio, lte, dense = due
    installed, lte_standing = standing
    peak, lte_peak = peaks
    share = fits[:, None]
    uniform = share * radio
    point = np.divide(lte_standing + (1.0 - share) * lte, lte_peak, out=np.ones_like(lte), where=lte_peak > 0)
    reached = np.minimum(np.minimum(installed + radio - peak * point, radio), share * lte)
    # beyond the due's share by more than the line's rounding (lines in step give the share to the bit)
    behind = (lte >= radio) & (reached > uniform + 1e-12 * peak)
    extra = np.where(behind, reached - uniform, 0.0)
    extra_dense = np.divide(dense * extra, radio, out=np.zeros_like(extra), where=radio > 0)
    extra_cost = price * (extra + extra_dense).sum(axis=1)
    affordable = scale_to_budget(extra_cost, room)[:, None]
    more: Array = extra * affordable
    more_dense: Array = extra_dense * affordable
    return more, more_dense


def replacing(shares: Array, allowed: Array) -> Array:
    """The shares (N x V) a swap buys its replacements at: the year's ``shares`` without the vendors a ban
    covers (``allowed`` below 1), renormalised. A swap replaces their kit with another vendor's; in a
    ban's part year they keep a share of the year's new kit (sold before the ban's start), not of its
    swaps. The year's shares where no covered vendor has one (a ban from 1 January: to the bit) or no
    other vendor is left."""
    other = np.where(allowed < 1.0, 0.0, shares)
    total = other.sum(axis=1, keepdims=True)
    covered = (np.where(allowed < 1.0, shares, 0.0) > 0.0).any(axis=1, keepdims=True) & (total > 0.0)
    swapped: Array = np.where(covered, other / np.where(total > 0.0, total, 1.0), shares)
    return swapped


def swap_per_site(
    radio: Array, lte: Array, dense: Array, allowed: Array, prices: tuple[Array, float, Array]
) -> tuple[Array, Array]:
    """What swapping one of the banned 4G sites ``swap_ahead`` counts costs (N) and takes in crew visits
    (N): ``swap_bill`` of the whole standing 5G, 4G and densification radio (N x V each) of the vendors the
    swaps reach (``allowed`` below 1, as ``swap_ahead``), at the radio's ``prices`` (its price,
    the units per 4G site and the work of a visit), over their 4G sites. A vendor's 5G radio beyond its 4G
    sites takes visits of its own, so a 4G site's swap can take more than one visit; where no banned 4G
    stands, a visit of a 4G site with no 5G."""
    radio_price, units, work = prices
    reach = _reach(allowed)
    sites = (lte * reach).sum(axis=1)
    nothing = np.zeros_like(sites)
    visits, cost = swap_bill(radio * reach, lte * reach, dense * reach, nothing, *prices, nothing)
    each: Array = np.divide(cost, sites, out=radio_price * units + work, where=sites > 0)
    taken: Array = np.divide(visits, sites, out=np.ones_like(sites), where=sites > 0)
    return each, taken


def crews_beside(crews: Array, build: Array | float, upgrades: Array, saved: float, weight: float) -> Array:
    """Swap visits the crews ``crews`` can make beside a planned ``build`` and the grid's ``upgrades``: a
    swap takes ``weight`` crew visits (``rollout.swap_crew_visits``, in new-build visits) and spares its
    own site's upgrade visit of the year, ``saved`` of a visit (``rollout.upgrade_visit_share``), so
    ``(crews - build - upgrades) / (weight - saved)``."""
    beside: Array = np.maximum(crews - build - upgrades, 0.0) / (weight - saved)
    return beside


def crews_left(crews: Array, swaps: Array, upgrades: Array, saved: float, weight: float) -> Array:
    """Visits the crews ``crews`` have left for new build (a visit a site) after ``swaps`` swap visits and
    the grid's ``upgrades`` (``crews_beside``: a swap takes ``weight`` crew visits and spares ``saved`` of
    its own site's upgrade visit)."""
    left: Array = np.maximum(crews - upgrades - (weight - saved) * swaps, 0.0)
    return left


def book_value(year: int, vintage: Array, life: float) -> Array:
    """Remaining straight-line book value (share of the purchase price) at the middle of ``year`` of kit
    installed on average at decimal year ``vintage``."""
    left: Array = np.clip(1.0 - (year + 0.5 - vintage) / life, 0.0, 1.0)
    return left


def line_swaps(line: tuple[Array, Array, Array], bought: Array, allowance: Array, limit: Array) -> Array:
    """The share (N) of the banned vendors' standing radio to swap this year (as ``swap_ahead`` swaps it)
    so that the law's 5G line asks no more visits by the end of each coming year than ``limit`` (N, H: the
    visits the coming years can make beside their build, cumulative from the first), a visit a 5G site.
    ``line`` is the 5G radio standing after this year's removal, its peak and the reach of the bans in
    force (N, V each: 1 on the vendors they cover), ``bought`` the radio (N, V) this year's planned build
    buys from each vendor (the banned vendors' part only in a ban's part year), ``allowance`` (N, V, H)
    the share of the peak the line leaves at the end of each coming year. A share ``s`` swapped leaves
    ``E - s S`` at the year's end (``S`` standing, ``E = S + bought``), above the peak ``P`` while the
    year's build outruns the swaps: the peak rises with it and the line asks ``(1 - A)(E - s S)``, so a
    swap ahead lowers it by ``1 - A`` of a site only; below the peak it asks ``E - s S - A P``, a site a
    site. The least share within every year's limit (bisection on the line, decreasing in ``s``); 1 where
    no share is, 0 where none is needed."""
    standing, peak, reach = line
    radio, top, ending = standing * reach, peak * reach, (standing + bought) * reach

    def short(share: Array) -> Array:
        left = (ending - share[:, None] * radio)[:, :, None]
        asked = np.maximum(left - allowance * np.maximum(top[:, :, None], left), 0.0).sum(axis=1)
        gap: Array = (asked - limit).max(axis=1)
        return gap

    low, high = np.zeros(standing.shape[0]), np.ones(standing.shape[0])
    needed = short(low) > 0.0
    if not needed.any():  # the coming years swap their line beside their build: nothing ahead
        return low
    for _ in range(BISECTIONS):
        middle = 0.5 * (low + high)
        over = short(middle) > 0.0
        low, high = np.where(over, middle, low), np.where(over, high, middle)
    share: Array = np.where(needed, high, 0.0)
    return share


BISECTIONS: Final = 50
"""Halvings of ``line_swaps``' share: 2^-50 of the banned radio, below the loop's rounding."""


def core_line(core: Array, peak: Array, allowance: Array) -> Array:
    """Core (N, H, in sites served) the law's straight line removes in each coming year: of the ``core``
    standing after this year's removal (N, V), what is above ``allowance`` (N, V, H) of its ``peak`` (N, V)
    by the end of each coming year, less what the years before removed."""
    above = np.maximum(core[:, :, None] - peak[:, :, None] * allowance, 0.0).sum(axis=1)
    removed: Array = np.diff(above, axis=1, prepend=0.0)
    return removed
