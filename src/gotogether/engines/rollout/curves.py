"""The rollout's equations as small pure numpy functions (arrays over countries N, vendors V, years T).

- desired path: ``desired[n, t] = full[n] / (1 + exp(-speed[n] * (t + 1 - midpoint[n])))`` at the end of
  year ``t`` from the launch year on, zero before;
- coverage: ``(sites / full) ** exponent`` (concave: the first sites go to the densest areas);
- vendor choice: ``share[n, v] ∝ allowed[n, v] * base[n, v] * price[n, v] ** -beta`` (a logit whose
  vendor constants are the incumbency shares: switching costs keep incumbents);
- Bertrand-Nash bids: each vendor sells one product per country and prices against the logit's demand;
  for ``share ∝ weight * bid ** -beta`` the first-order condition is the Lerner rule
  ``(bid - cost) / bid = 1 / (beta * (1 - share))`` (``bid - cost = 1 / (alpha (1 - share))`` with the
  price coefficient ``alpha = beta / bid``), held below ``ceiling``; solved as a fixed point;
- cost index: the logit's inclusive value in price units,
  ``(sum_v allowed[n, v] * base[n, v] * price[n, v] ** -beta) ** (-1 / beta)``: the expected minimum
  quality-adjusted cost (the Eaton-Kortum price index), which never falls when a vendor is removed;
- capacity: demand above a vendor's capacity is served pro rata, the rest goes to the country's other
  allowed vendors with spare capacity in proportion to their shares; what is still unmet waits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from gotogether.errors import ConvergenceError

Array = NDArray[np.float64]
NASH_TOLERANCE = 1e-10
"""Largest relative change of a bid between two rounds at which the Bertrand-Nash fixed point stops."""
NASH_ROUNDS = 2000
NEWTON_STEPS = 2
"""Newton steps on each vendor's best response per round of the Nash iteration."""


def desired_sites(
    full: Array, midpoint: Array, speed: Array, launch: Array, years: NDArray[np.int64]
) -> Array:
    """Sites (N, T) the operators aim to have at the end of each year: the calibrated logistic path."""
    end = years[None, :] + 1.0
    path = full[:, None] / (1.0 + np.exp(-speed[:, None] * (end - midpoint[:, None])))
    started: Array = np.where(years[None, :] >= launch[:, None], path, 0.0)
    return started


def coverage_from_sites(sites: Array, full: Array, exponent: float) -> Array:
    """Population coverage (share) from active sites (N, T) and full-coverage sites (N)."""
    ratio = np.clip(sites / full[:, None], 0.0, 1.0)
    covered: Array = ratio**exponent
    return covered


def scaled_weights(base: Array, price: Array, allowed: Array, beta: float) -> tuple[Array, Array]:
    """``allowed * base * (price / floor) ** -beta`` (N, V) and the row's ``floor`` (N): the cheapest
    price, so that large ``beta`` neither underflows nor overflows."""
    floor = np.where(allowed * base > 0, price, np.inf).min(axis=1)
    floor = np.where(np.isfinite(floor), floor, 1.0)
    weight: Array = allowed * base * (price / floor[:, None]) ** (-beta)
    return weight, floor


def logit_shares(base: Array, price: Array, allowed: Array, beta: float) -> Array:
    """Vendor shares (N, V); rows where no vendor is allowed are all zero."""
    weight, _ = scaled_weights(base, price, allowed, beta)
    total = weight.sum(axis=1, keepdims=True)
    shares: Array = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    return shares


def inclusive_value(base: Array, price: Array, allowed: Array, beta: float) -> Array:
    """The cost index (N): ``(sum_v allowed * base * price ** -beta) ** (-1 / beta)``, +inf where no
    vendor is allowed."""
    weight, floor = scaled_weights(base, price, allowed, beta)
    total = weight.sum(axis=1)
    index: Array = np.full(total.shape, np.inf)
    np.power(total, -1.0 / beta, out=index, where=total > 0)
    scaled: Array = index * floor
    return scaled


def cap_access(weight: Array, capped: Array, cap: Array, reach: Array) -> Array:
    """Access multipliers (N, V) that bring the logit share of the ``capped`` vendors (N, V mask) down to
    ``cap`` (N) where it is above: ``alpha = cap * W_other / ((1 - cap) * W_capped)``, applied to the share
    ``reach`` (N) of the year the cap is in force; 1 elsewhere."""
    inside = (weight * capped).sum(axis=1)
    outside = (weight * (1.0 - capped)).sum(axis=1)
    binding = (inside > 0) & (outside > 0) & (inside * (1.0 - cap) > cap * outside)
    alpha = np.divide(cap * outside, (1.0 - cap) * inside, out=np.ones_like(inside), where=binding)
    cut = 1.0 - reach * (1.0 - alpha)
    access: Array = np.where(capped > 0, cut[:, None], 1.0)
    return access


def allocate_capacity(demand: Array, capacity: Array, shares: Array) -> Array:
    """Demand served (N, V) by vendors of ``capacity`` (V) given the country's shares (N, V)."""
    asked = demand.sum(axis=0)
    fill = np.minimum(1.0, np.divide(capacity, asked, out=np.ones_like(capacity), where=asked > 0))
    served = demand * fill[None, :]
    unmet = (demand - served).sum(axis=1)
    spare = np.maximum(capacity - served.sum(axis=0), 0.0)
    weight = shares * (fill >= 1.0)[None, :] * (spare > 0)[None, :]
    total = weight.sum(axis=1, keepdims=True)
    extra = unmet[:, None] * np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    extra_asked = extra.sum(axis=0)
    refill = np.minimum(1.0, np.divide(spare, extra_asked, out=np.ones_like(spare), where=extra_asked > 0))
    result: Array = served + extra * refill[None, :]
    return result


def scale_to_budget(cost: Array, budget: Array, slack: float = 0.0) -> Array:
    """Share (N) of ``cost`` that fits in ``budget``: ``budget / cost`` where the cost exceeds the budget by
    more than the relative ``slack`` (which lets a second pass ignore rounding), else exactly 1."""
    over = cost > budget * (1.0 + slack)
    scale: Array = np.divide(budget, cost, out=np.ones_like(cost), where=over)
    return scale


def lerner_index(shares: Array, beta: float, ceiling: float) -> Array:
    """Bertrand-Nash markup over the bid, ``(bid - cost) / bid = 1 / (beta (1 - share))``, at most
    ``ceiling`` (a vendor alone in a market has no finite best price: the logit has no outside option)."""
    room = beta * (1.0 - shares)
    markup = np.divide(1.0, room, out=np.full_like(shares, np.inf), where=room > 0)
    bounded: Array = np.minimum(markup, ceiling)
    return bounded


def best_response(
    odds: Array, beta: float, ceiling: float, guess: Array | None = None, steps: int = NASH_ROUNDS
) -> Array:
    """A vendor's best bid over its cost (N, V) given ``odds`` = its logit weight at a bid equal to its
    cost over its rivals' weight: the root ``x`` of ``beta (1 - 1/x) = 1 + odds x ** -beta`` (the Lerner
    rule, unique for ``beta > 1``: the left side rises, the right falls), at most ``1 / (1 - ceiling)``.
    Newton's method in ``y = log x`` from ``log guess`` (or 0), kept at or above 0: the function is
    concave and rising, so after at most one step from above the root the steps stay below it and rise
    to it. At most ``steps`` Newton steps (a Nash round takes a few from its last bids: its fixed point
    is the same)."""
    top = -np.log1p(-ceiling) if ceiling < 1 else np.inf
    start = np.zeros_like(odds) if guess is None else np.log(np.clip(guess, 1.0, None))
    rivalled = np.isfinite(odds)
    y = np.where(rivalled, np.minimum(start, top), top)  # alone in the market: the ceiling
    ratio = np.where(rivalled, odds, 0.0)
    for _ in range(steps):
        gap = beta * (1.0 - np.exp(-y)) - 1.0 - ratio * np.exp(-beta * y)
        slope = beta * np.exp(-y) + beta * ratio * np.exp(-beta * y)
        step = np.where(rivalled, -gap / slope, 0.0)
        y = np.clip(y + step, 0.0, top)
        if np.all((np.abs(step) <= NASH_TOLERANCE) | (y >= top)):
            break
    return np.asarray(np.exp(np.minimum(y, top)), dtype=float)


NEWTON_START_STEPS = 30
"""Most Newton steps on the whole Bertrand-Nash system (``newton_bids``) before the round-by-round
iteration takes over."""
NEWTON_HALVINGS = 30
"""Most halvings of a Newton step in ``newton_bids``."""
NEWTON_TOLERANCE = 1e-13
"""Largest step of ``log(bid / cost)`` at which ``newton_bids`` stops (well below ``NASH_TOLERANCE``, so the
round-by-round iteration that follows it stops after its first round)."""


def _lerner_gap(
    base: Array, cost: Array, access: Array, beta: float, ceiling: float, y: Array, rivalled: Array
) -> tuple[Array, Array, NDArray[np.bool_]]:
    """``newton_bids``' residual ``F`` (N, V) at ``y``, the logit shares and where the markup is below the
    ceiling."""
    shares = logit_shares(base, cost * np.exp(y), access, beta)
    markup = lerner_index(shares, beta, np.inf)
    gap: Array = np.where(rivalled, 1.0 - np.exp(-y) - np.minimum(markup, ceiling), 0.0)
    return gap, shares, markup < ceiling


def newton_bids(base: Array, cost: Array, access: Array, beta: float, ceiling: float, start: Array) -> Array:
    """Bertrand-Nash bids (N, V) by Newton's method on every vendor's Lerner rule at once, from ``start``:
    in ``y = log(bid / cost)``, ``F_v = 1 - exp(-y_v) - min(1 / (beta (1 - s_v)), ceiling) = 0`` with the
    logit shares ``s`` of the bids, whose Jacobian is ``exp(-y_v) delta_vu + m'_v beta s_v (delta_vu - s_u)``
    (``m'_v = 1 / (beta (1 - s_v) ** 2)`` below the ceiling, 0 at it): a small (V, V) solve per country,
    quadratic convergence instead of the round-by-round iteration's linear one (tens of rounds). Steps are
    halved in a country until its largest ``|F|`` falls (the ceiling is a kink: full steps can cycle
    across it). A vendor without rivals bids at the ceiling. Returns ``start`` where the steps do not
    settle (the caller's iteration then starts from there as before)."""
    top = -np.log1p(-ceiling) if ceiling < 1 else np.inf
    present = access * base > 0
    rivalled = (present.sum(axis=1, keepdims=True) - present) > 0
    y = np.minimum(np.where(rivalled, np.log(np.clip(start / cost, 1.0, None)), top), top)
    eye = np.eye(base.shape[1])
    alone = np.nonzero(~rivalled)
    gap, shares, below = _lerner_gap(base, cost, access, beta, ceiling, y, rivalled)
    for _ in range(NEWTON_START_STEPS):
        slope = np.divide(shares, (1.0 - shares) ** 2, out=np.zeros_like(shares), where=below)
        jacobian = slope[:, :, None] * (eye - shares[:, None, :]) + np.exp(-y)[:, :, None] * eye
        jacobian[alone] = eye[alone[1]]  # alone: the bid stays at the ceiling
        step = -np.linalg.solve(jacobian, gap[:, :, None])[:, :, 0]
        if not np.all(np.isfinite(step)):
            break
        if np.max(np.abs(step), initial=0.0) <= NEWTON_TOLERANCE:
            return np.asarray(cost * np.exp(np.clip(y + step, 0.0, top)), dtype=float)
        size = np.abs(gap).max(axis=1)
        length = np.ones((len(y), 1))
        for _ in range(NEWTON_HALVINGS):
            trial = np.clip(y + length * step, 0.0, top)
            trial_gap, trial_shares, trial_below = _lerner_gap(
                base, cost, access, beta, ceiling, trial, rivalled
            )
            worse = np.abs(trial_gap).max(axis=1) >= size
            worse &= size > NEWTON_TOLERANCE
            if not worse.any():
                break
            length[worse] /= 2.0
        y, gap, shares, below = trial, trial_gap, trial_shares, trial_below
    return start


def nash_bids(
    base: Array,
    cost: Array,
    allowed: Array,
    beta: float,
    ceiling: float,
    restrict: Callable[[Array], Array] | None = None,
    start: Array | None = None,
) -> tuple[Array, Array]:
    """Bertrand-Nash bids (N, V) of vendors with marginal ``cost`` (N, V) under the logit, and the access
    (N, V) in force: ``allowed``, times ``restrict(weights)`` where given (caps, recomputed each round so
    that they hold at the equilibrium bids). Each round every vendor plays its best response to its
    rivals' bids of the round before (from ``start``, or the costs), until no bid moves by more than
    ``NASH_TOLERANCE``."""
    bids = cost.copy() if start is None else np.array(start, dtype=float)
    if restrict is None:  # access is fixed: Newton's method on the whole system comes close first
        bids = newton_bids(base, cost, allowed, beta, ceiling, bids)
    access, moved = allowed, np.inf
    for _ in range(NASH_ROUNDS):
        if restrict is not None:
            weight, _ = scaled_weights(base, bids, allowed, beta)
            access = allowed * restrict(weight)
        weight, floor = scaled_weights(base, bids, access, beta)
        rivals = weight.sum(axis=1, keepdims=True) - weight
        own = access * base * (cost / floor[:, None]) ** (-beta)
        odds = np.divide(own, rivals, out=np.full_like(own, np.inf), where=rivals > 0)
        response = cost * best_response(odds, beta, ceiling, bids / cost, steps=NEWTON_STEPS)
        moved = float(np.max(np.abs(response / bids - 1.0), initial=0.0))
        bids = response
        if moved <= NASH_TOLERANCE:
            return bids, access
    raise ConvergenceError(
        "Bertrand-Nash bids", iterations=NASH_ROUNDS, residual=moved, tolerance=NASH_TOLERANCE
    )
