"""What a ban's changeover holds back and the crews a swap programme draws (steps 3-4 of ``engine``'s yearly
loop; on plain arrays, N countries x V vendors x T years).

A ban or cap forces part of each vendor's footprint (its share of the 2019 4G RAN, ``f[n, v]``) onto other
vendors. The new vendor's first sites there wait for the operators' changeover (tenders, integration and
testing), ``L`` years (``rollout.changeover_years``) from the day the measure was decided, so the new
build of that footprint waits from the measure's start to the end of the changeover instead of going
straight to the vendors left. Contractors scale their crews to a swap programme over ``1 / ramp`` years
(``rollout.crew_ramp``) from the same day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gotogether.engines.rollout.curves import Array
from gotogether.engines.rollout.measures import Ban, decimal_year


def _decided(ban: Ban) -> float:
    """The decimal year the ban was decided (its start when no announcement is given)."""
    return decimal_year(ban.announced if ban.announced is not None else ban.start)


def forced_off(ban: Ban, footprint: Array) -> Array:
    """Share ``o[n, v]`` (N, V) of each vendor's footprint the ban moves to other vendors in its countries
    (the rows of ``footprint``, each vendor's share of the region's 2019 4G RAN): ``weight`` for the
    vendors it bans; for a cap, the part of the capped vendors' joint footprint above the cap,
    ``weight x max(1 - cap / F, 0)`` with ``F`` their joint share."""
    if ban.cap <= 0:
        return np.full(footprint.shape, ban.weight)
    joint = footprint.sum(axis=1, keepdims=True)
    above = np.maximum(1.0 - np.divide(ban.cap, joint, out=np.ones_like(joint), where=joint > 0), 0.0)
    moved: Array = np.broadcast_to(ban.weight * above, footprint.shape)
    return moved


def changeover_held(
    bans: Sequence[Ban],
    countries: Sequence[str],
    vendors: Sequence[str],
    footprint: Array,
    lead: float,
    years: NDArray[np.integer[Any]],
) -> Array:
    """Share ``c[n, t]`` (N, T) of year ``t``'s new build that waits for the changeover: ``c = sum_v f[n, v]
    max_b (o_b[n, v] w_b[t])`` over the bans ``b`` of radio, ``f`` the footprint (N, V, rows summing to 1),
    ``o_b`` its part forced off (``forced_off``) and ``w_b[t]`` the share of year ``t`` within
    ``[s_b, max(d_b + lead, s_b)]`` (``s_b`` the start, ``d_b`` the day decided, ``lead`` the changeover
    in years). 0 without bans, never more with a longer ``lead``."""
    held = np.zeros((len(countries), len(vendors), years.size))
    for ban in bans:
        if "radio" not in ban.equipment:
            continue  # the core is swapped centrally: no site waits for it
        rows = np.array([countries.index(c) for c in ban.countries])
        columns = np.array([vendors.index(v) for v in ban.vendors])
        start = decimal_year(ban.start)
        end = max(_decided(ban) + lead, start)
        window = np.clip(np.minimum(end, years + 1.0) - np.maximum(start, years), 0.0, 1.0)
        moved = forced_off(ban, footprint[np.ix_(rows, columns)])
        part = moved[:, :, None] * window[None, None, :]
        held[np.ix_(rows, columns)] = np.maximum(held[np.ix_(rows, columns)], part)
    share: Array = np.minimum((footprint[:, :, None] * held).sum(axis=1), 1.0)
    return share


def crew_ramp(
    bans: Sequence[Ban], countries: Sequence[str], years: NDArray[np.integer[Any]], rate: float
) -> Array:
    """Share ``r[n, t]`` (N, T) of a swap programme's crews that contractors have added by the end of year
    ``t``: ``clip(rate x (t + 1 - d), 0, 1)`` from the earliest day ``d`` a ban of radio with no cap was
    decided in the country (a cap removes nothing: no programme), 0 without one."""
    ramp = np.zeros((len(countries), years.size))
    for ban in bans:
        if "radio" not in ban.equipment or ban.cap > 0:
            continue
        rows = np.array([countries.index(c) for c in ban.countries])
        grown = np.clip(rate * (years + 1.0 - _decided(ban)), 0.0, 1.0)
        ramp[rows] = np.maximum(ramp[rows], grown[None, :])
    return ramp


def programme_crews(pace: Array, ramp: Array, weight: float, saved: float) -> Array:
    """Site visits (N, or N x H with ``pace[:, None]``) the crews a swap programme draws add: ``ramp`` of
    the crew time of the swaps at the stated ``pace`` (``swaps.swap_pace``), ``(weight - saved) x pace``,
    a swap taking ``weight`` new-build visits and sparing ``saved`` of its site's upgrade
    (``swaps.crews_beside``)."""
    added: Array = ramp * (weight - saved) * pace
    return added
