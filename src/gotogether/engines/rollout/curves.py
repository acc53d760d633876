"""The rollout's equations as small pure numpy functions (arrays over countries N, vendors V, years T).

- desired path: ``desired[n, t] = full[n] / (1 + exp(-speed[n] * (t + 1 - midpoint[n])))`` at the end of
  year ``t`` from the launch year on, zero before;
- coverage: ``(sites / full) ** exponent`` (concave: the first sites go to the densest areas);
- vendor choice: a nested logit (McFadden 1978; Berry 1994) over the vendors' logit weights
  ``w[n, v] = allowed[n, v] * base[n, v] * price[n, v] ** -beta`` (vendor constants: the incumbency,
  switching costs keep incumbents) with nests ``g`` of vendors and the dissimilarity ``lam`` in (0, 1]:
  ``e = w ** (1 / lam)``, ``D[n, g] = sum_(v in g) e[n, v]``, within-nest share ``q = e / D[g(v)]``, nest
  share ``D[g] ** lam / sum_h D[h] ** lam``, so ``share ∝ omega = e * D[g(v)] ** (lam - 1)``; ``lam = 1`` (or
  no nests) is the multinomial logit, ``share ∝ w``;
- Bertrand-Nash bids: each vendor sells one product per country and prices against the nested logit's
  demand; with prices in logs (``alpha = beta / bid``) the first-order condition (Berry 1994, Verboven
  1996) is ``(bid - cost) / bid = lam / (beta * (1 - (1 - lam) * q - lam * share))``, at ``lam = 1`` the
  Lerner rule ``1 / (beta (1 - share))``, held below ``ceiling``; solved as a fixed point;
- cost index: the nested logit's inclusive value in price units,
  ``(sum_g D[n, g] ** lam) ** (-1 / beta) = (sum_v omega[n, v]) ** (-1 / beta)``: the expected minimum
  quality-adjusted cost (the Eaton-Kortum price index; with correlated draws within a nest, Lind and
  Ramondo 2023), which never falls when a vendor is removed (``D[g]`` falls, so does the sum);
- capacity: demand above a vendor's capacity is served pro rata, the rest goes to the country's other
  allowed vendors with spare capacity in proportion to their shares; what is still unmet waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

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


@dataclass(frozen=True)
class Nests:
    """The nested logit's nests: ``of`` the nest label of each vendor (V, integers), ``dissimilarity``
    McFadden's ``lam`` in (0, 1] (1 - Berry's sigma; 1 is the multinomial logit)."""

    of: NDArray[np.int64]
    dissimilarity: float

    @cached_property
    def membership(self) -> Array:
        """(V, G) one-hot: vendor v in nest g."""
        labels = np.unique(self.of)
        member: Array = (self.of[:, None] == labels[None, :]).astype(float)
        return member

    @cached_property
    def same(self) -> Array:
        """(V, V): 1 where two vendors share a nest."""
        same: Array = self.membership @ self.membership.T
        return same

    @property
    def nested(self) -> bool:
        """Whether the nests change anything (``lam < 1``)."""
        return self.dissimilarity != 1.0


def scaled_weights(base: Array, price: Array, allowed: Array, beta: float) -> tuple[Array, Array]:
    """``allowed * base * (price / floor) ** -beta`` (N, V) and the row's ``floor`` (N): the cheapest
    price, so that large ``beta`` neither underflows nor overflows."""
    floor = np.where(allowed * base > 0, price, np.inf).min(axis=1)
    floor = np.where(np.isfinite(floor), floor, 1.0)
    weight: Array = allowed * base * (price / floor[:, None]) ** (-beta)
    return weight, floor


def nest_weights(weight: Array, nests: Nests | None) -> tuple[Array, Array]:
    """The nested logit's weights ``omega = e * D[g(v)] ** (lam - 1)`` (N, V), ``e = weight ** (1 / lam)``,
    whose row sum is ``sum_g D[g] ** lam`` (shares are ``omega`` over it), and the within-nest shares
    ``q = e / D[g(v)]`` (N, V). Without nests or at ``lam = 1`` ``omega`` is ``weight`` itself (and ``q`` is
    left at 1: it drops out of every formula there)."""
    if nests is None or not nests.nested:
        return weight, np.ones_like(weight)  # the within-nest shares do not matter at lam = 1
    e, top = nest_powers(weight, nests.dissimilarity)
    omega, within = nest_split(e, nests)
    return omega * top, within


def nest_powers(weight: Array, lam: float) -> tuple[Array, Array]:
    """``e = (weight / top) ** (1 / lam)`` (N, V) and ``top`` (N, 1), the largest weight of each row, which
    scales ``e`` so that small ``lam`` neither underflows nor overflows."""
    top = weight.max(axis=1, keepdims=True)
    top = np.where(top > 0, top, 1.0)
    e: Array = (weight / top) ** (1.0 / lam)
    return e, top


def nest_split(e: Array, nests: Nests) -> tuple[Array, Array]:
    """``omega = e * D[g(v)] ** (lam - 1)`` (N, V) in ``e``'s scale and the within-nest shares ``q = e /
    D[g(v)]`` from ``e`` (``nest_powers``)."""
    size = e @ nests.same  # D of each vendor's nest
    filled = size > 0
    if not filled.all():  # an empty nest: its vendors' e are 0 (a plain division is faster)
        size = np.where(filled, size, 1.0)
    within: Array = e / size
    omega: Array = e * size ** (nests.dissimilarity - 1.0)
    weighed = e > 0
    if not weighed.all():  # the where only where needed: it is a good part of a Newton step's cost
        omega = np.where(weighed, omega, 0.0)
    return omega, within


def nested_weights(
    base: Array, price: Array, allowed: Array, beta: float, nests: Nests | None
) -> tuple[Array, Array, Array]:
    """``nest_weights`` of the scaled logit weights: ``omega`` and ``q`` (N, V) and the row's ``floor``."""
    weight, floor = scaled_weights(base, price, allowed, beta)
    omega, within = nest_weights(weight, nests)
    return omega, within, floor


def nested_shares(
    base: Array, price: Array, allowed: Array, beta: float, nests: Nests | None = None
) -> tuple[Array, Array]:
    """Vendor shares and within-nest shares (N, V); rows where no vendor is allowed are all zero."""
    omega, within, _ = nested_weights(base, price, allowed, beta, nests)
    total = omega.sum(axis=1, keepdims=True)
    shares: Array = np.divide(omega, total, out=np.zeros_like(omega), where=total > 0)
    return shares, within


def logit_shares(base: Array, price: Array, allowed: Array, beta: float, nests: Nests | None = None) -> Array:
    """Vendor shares (N, V) of the (nested) logit; rows where no vendor is allowed are all zero."""
    return nested_shares(base, price, allowed, beta, nests)[0]


def inclusive_value(
    base: Array, price: Array, allowed: Array, beta: float, nests: Nests | None = None
) -> Array:
    """The cost index (N): ``(sum_g D[g] ** lam) ** (-1 / beta)`` (at ``lam = 1``
    ``(sum_v allowed * base * price ** -beta) ** (-1 / beta)``), +inf where no vendor is allowed."""
    return vendor_choice(base, price, allowed, beta, nests)[1]


def vendor_choice(
    base: Array, price: Array, allowed: Array, beta: float, nests: Nests | None = None
) -> tuple[Array, Array]:
    """The (nested) logit's shares (N, V) and its inclusive value (N) from one evaluation of the weights
    (``logit_shares`` and ``inclusive_value``)."""
    omega, _, floor = nested_weights(base, price, allowed, beta, nests)
    total = omega.sum(axis=1)
    index: Array = np.full(total.shape, np.inf)
    np.power(total, -1.0 / beta, out=index, where=total > 0)
    shares: Array = np.divide(omega, total[:, None], out=np.zeros_like(omega), where=total[:, None] > 0)
    scaled: Array = index * floor
    return shares, scaled


CAP_ROUNDS = 50
"""Most secant steps of ``cap_access`` under nests (a cap on part of a nest: the nest share moves with the
cut)."""
CAP_TOLERANCE = 1e-14
"""Largest gap of the capped vendors' log-odds to the cap's at which ``cap_access`` stops."""


def cap_access(
    weights_at: Callable[[Array], Array], capped: Array, cap: Array, reach: Array, nests: Nests | None
) -> Array:
    """Access multipliers (N, V) that bring the (nested) logit share of the ``capped`` vendors (N, V mask)
    down to ``cap`` (N) where it is above, applied to the share ``reach`` (N) of the year the cap is in
    force; 1 elsewhere. ``weights_at(access)`` gives the weights ``omega`` (N, V) at an access. Under the
    multinomial logit (or a cap on whole nests) the cut is ``alpha = cap * W_other / ((1 - cap) * W_capped)``
    at once; on part of a nest the nest's share moves with the cut, so the capped vendors' log-odds
    ``g(a) = log(W_capped / W_other)`` at ``a = log alpha`` (rising, with a slope between 1 and ``1 /
    lam``) is brought to ``log(cap / (1 - cap))`` by the secant method from the multinomial step, to
    ``CAP_TOLERANCE`` (the step it replaces, ``a -= g - target``, converged linearly at the rate ``1 - slope``
    and stopped at 1e-10, which left the bids' alternation with the caps short of Newton's tolerance). Each
    row stops on its own (its last step the one from within the tolerance), so a row's cut does not depend
    on the other rows of the call (``capped_newton_bids`` stacks its forward differences' copies)."""
    rows = len(cap)
    nested = nests is not None and nests.nested
    log_cut = np.zeros(rows)
    target = np.log(cap) - np.log1p(-cap)

    def odds_at(cut: Array) -> tuple[Array, NDArray[np.bool_]]:
        weight = weights_at(np.where(capped > 0, np.exp(cut)[:, None], 1.0))
        inside = (weight * capped).sum(axis=1)
        outside = (weight * (1.0 - capped)).sum(axis=1)
        able = (inside > 0) & (outside > 0)
        odds = np.log(np.where(able, inside, 1.0)) - np.log(np.where(able, outside, 1.0))
        return odds, able

    odds, able = odds_at(log_cut)
    # a cap binds where the uncut share is above it
    binding = able & (odds > target)
    gap = np.where(binding, odds - target, 0.0)
    slope = np.ones(rows)  # the multinomial logit's: its first step is exact
    stepping = np.ones(rows, dtype=bool)
    for _ in range(CAP_ROUNDS if nested else 1):
        before = log_cut
        log_cut = np.where(stepping, np.minimum(log_cut - gap / slope, 0.0), log_cut)
        stepping &= np.abs(gap) > CAP_TOLERANCE  # a row within the tolerance has taken its last step
        if not nested or not stepping.any():
            break
        odds, _ = odds_at(log_cut)
        moved = np.where(binding, odds - target, 0.0) - gap
        # the secant over the step taken: a step clipped at no cut (0) moved the odds over the clipped length
        step = log_cut - before
        slope = np.divide(moved, step, out=slope.copy(), where=step != 0)
        slope = np.clip(slope, 1.0, None)  # at least the multinomial slope: the secant never overshoots far
        gap = np.where(binding, odds - target, 0.0)
    cut = 1.0 - reach * (1.0 - np.exp(log_cut))
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


def lerner_index(
    shares: Array, beta: float, ceiling: float, within: Array | None = None, dissimilarity: float = 1.0
) -> Array:
    """Bertrand-Nash markup over the bid under the nested logit (Berry 1994, Verboven 1996),
    ``(bid - cost) / bid = lam / (beta (1 - (1 - lam) q - lam s))`` with the within-nest shares ``q``
    (``within``), the Lerner rule ``1 / (beta (1 - s))`` at ``lam = 1``; at most ``ceiling`` (a vendor
    alone in a market has no finite best price: the logit has no outside option)."""
    lam = dissimilarity
    if within is None or lam == 1.0:
        room = beta * (1.0 - shares)
    else:
        room = beta * (1.0 - (1.0 - lam) * within - lam * shares) / lam
    positive = room > 0
    markup: Array = (
        1.0 / room
        if positive.all()
        else np.divide(1.0, room, out=np.full_like(shares, np.inf), where=positive)
    )
    return markup if ceiling == np.inf else np.minimum(markup, ceiling)


def best_response(
    odds: Array, beta: float, ceiling: float, guess: Array | None = None, steps: int = NASH_ROUNDS
) -> Array:
    """A vendor's best bid over its cost (N, V) under the multinomial logit, given ``odds`` = its logit
    weight at a bid equal to its cost over its rivals' weight: the root ``x`` of ``beta (1 - 1/x) = 1 + odds
    x ** -beta`` (the Lerner rule, unique for ``beta > 1``: the left side rises, the right falls), at most
    ``1 / (1 - ceiling)``. Newton's method in ``y = log x`` from ``log guess`` (or 0), kept at or above 0:
    the function is concave and rising, so after at most one step from above the root the steps stay
    below it and rise to it. At most ``steps`` Newton steps (a Nash round takes a few from its last bids:
    its fixed point is the same)."""
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


def nested_best_response(
    own: Array, mates: Array, others: Array, beta: float, lam: float, ceiling: float, guess: Array, steps: int
) -> Array:
    """A vendor's best bid over its cost (N, V) under the nested logit, given ``own`` its ``e`` at a bid
    equal to its cost, ``mates`` the sum of its nest-mates' ``e`` and ``others`` the other nests'
    ``sum D ** lam`` (same scale): the root ``y = log(bid / cost)`` of ``G(y) = beta (1 - exp(-y)) M - lam``,
    ``M = 1 - (1 - lam) q - lam s`` (the first-order condition, ``G`` rises with ``y`` where ``M > 0``),
    ``q = E / (E + R)``, ``s = q (E + R) ** lam / ((E + R) ** lam + O)``, ``E = own exp(-beta y / lam)``;
    ``G' = beta exp(-y) M + beta (1 - exp(-y)) beta ((1 - lam) / lam q (1 - q) + s M)``. At most ``steps``
    Newton steps from ``log guess``, kept within 0 and the ceiling; a vendor without rivals bids at the
    ceiling."""
    top = -np.log1p(-ceiling) if ceiling < 1 else np.inf
    rivalled = (mates + others) > 0
    y = np.where(rivalled, np.minimum(np.log(np.clip(guess, 1.0, None)), top), top)
    for _ in range(steps):
        mine = own * np.exp(-beta * y / lam)
        size = mine + mates
        q = np.divide(mine, size, out=np.zeros_like(size), where=size > 0)
        nest = size**lam
        s = q * np.divide(nest, nest + others, out=np.zeros_like(nest), where=nest + others > 0)
        room = 1.0 - (1.0 - lam) * q - lam * s
        rise = 1.0 - np.exp(-y)
        gap = beta * rise * room - lam
        slope = beta * np.exp(-y) * room + beta * rise * beta * ((1.0 - lam) / lam * q * (1.0 - q) + s * room)
        step = np.where(rivalled, -gap / np.maximum(slope, 1e-12), 0.0)
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
round-by-round iteration that follows it stops after its first round), taken or foreseen
(``quadratic_settles``)."""


def quadratic_settles(step: Array, before: Array) -> bool:
    """Whether the Newton steps ``step`` (N, each country's largest) after ``before`` (N, 0 where a step was
    halved) foresee a next step within ``NEWTON_TOLERANCE`` everywhere: converging quadratically, ``step ≈ C
    before ** 2``, the next is ``C step ** 2 = step ** 3 / before ** 2`` (it saves the confirming step, a
    quarter of a solve from the last year's equilibrium)."""
    return bool(np.all(step**3 <= NEWTON_TOLERANCE * before**2))


class _Conditions(NamedTuple):
    """``newton_bids``' first-order conditions at ``y``: the residual ``F`` (N, V), the shares, the
    within-nest shares, the markups (``lerner_index``, uncapped) and ``exp(-y)``."""

    gap: Array
    shares: Array
    within: Array
    markup: Array
    decay: Array


def _powers_at_cost(base: Array, cost: Array, access: Array, beta: float, nests: Nests | None) -> Array:
    """The nested logit's ``e`` (N, V, ``nest_powers``) at bids equal to the costs: at bids ``cost exp(y)``
    they are ``e exp(-beta y / lam)`` (each row's scale drops out of the shares)."""
    weight = scaled_weights(base, cost, access, beta)[0]
    if nests is None or not nests.nested:
        return weight
    return nest_powers(weight, nests.dissimilarity)[0]


def _conditions(
    at_cost: Array, beta: float, ceiling: float, y: Array, rivalled: NDArray[np.bool_], nests: Nests | None
) -> _Conditions:
    """``newton_bids``' first-order conditions at ``y`` from the nested logit's ``e`` at cost ``at_cost``
    (``_powers_at_cost``)."""
    lam = 1.0 if nests is None else nests.dissimilarity
    # shifted by each row's lowest markup, so that large ``beta / lam`` does not underflow every vendor's e
    e = at_cost * np.exp(-beta / lam * (y - y.min(axis=1, keepdims=True)))
    omega, within = nest_split(e, nests) if nests is not None and nests.nested else (e, np.ones_like(e))
    total = omega.sum(axis=1, keepdims=True)
    shares: Array = omega / np.where(total > 0, total, 1.0)  # a row without vendors: all 0
    markup = lerner_index(shares, beta, np.inf, within, lam)
    decay = np.exp(-y)
    gap: Array = np.where(rivalled, 1.0 - decay - np.minimum(markup, ceiling), 0.0)
    return _Conditions(gap, shares, within, markup, decay)


def _start(
    base: Array, cost: Array, access: Array, ceiling: float, start: Array
) -> tuple[Array, NDArray[np.bool_], float]:
    """Where the Newton methods start: ``y = log(start / cost)`` (N, V), at least 0 and at most the
    ceiling's ``top``, the ceiling for a vendor without rivals (``rivalled``, N x V, False), and ``top``."""
    top = -np.log1p(-ceiling) if ceiling < 1 else np.inf
    present = access * base > 0
    rivalled = (present.sum(axis=1, keepdims=True) - present) > 0
    y = np.minimum(np.where(rivalled, np.log(np.clip(start / cost, 1.0, None)), top), top)
    return y, rivalled, top


def _newton(
    y: Array,
    top: float,
    rivalled: NDArray[np.bool_],
    conditions_at: Callable[[Array], _Conditions],
    jacobian_at: Callable[[Array, _Conditions], Array],
) -> Array | None:
    """The Newton loop of ``newton_bids`` and ``capped_newton_bids`` on the first-order conditions
    ``conditions_at(y)`` (their ``gap`` is the residual) with the Jacobian ``jacobian_at(y, conditions)``,
    from ``y`` (``_start``): a vendor without rivals stays at the ceiling; steps are halved in a country
    until its largest ``|F|`` falls (the ceiling is a kink: full steps can cycle across it); it stops when
    the largest step is within ``NEWTON_TOLERANCE``, taken or foreseen (``quadratic_settles``). The settled
    ``y`` after its last step, or None where the steps do not settle within ``NEWTON_START_STEPS``."""
    alone = np.nonzero(~rivalled)
    eye = np.eye(y.shape[1]) if alone[0].size else None
    now = conditions_at(y)
    before = np.zeros(len(y))  # no step yet: nothing foreseen
    for _ in range(NEWTON_START_STEPS):
        jacobian = jacobian_at(y, now)
        if eye is not None:
            jacobian[alone] = eye[alone[1]]  # alone: the bid stays at the ceiling
        step = -np.linalg.solve(jacobian, now.gap[:, :, None])[:, :, 0]
        if not np.isfinite(step).all():
            return None
        largest = np.abs(step).max(axis=1, initial=0.0)
        if largest.max(initial=0.0) <= NEWTON_TOLERANCE or quadratic_settles(largest, before):
            settled: Array = np.clip(y + step, 0.0, top)
            return settled
        size = np.abs(now.gap).max(axis=1)
        length: Array | None = None  # each country's share of its step, once one is halved
        for _ in range(NEWTON_HALVINGS):
            trial = np.clip(y + (step if length is None else length * step), 0.0, top)
            then = conditions_at(trial)
            worse = np.abs(then.gap).max(axis=1) >= size
            worse &= size > NEWTON_TOLERANCE
            if not worse.any():
                break
            length = np.ones((len(y), 1)) if length is None else length
            length[worse] /= 2.0
        before = largest if length is None else np.where(length[:, 0] == 1.0, largest, 0.0)
        y, now = trial, then
    return None


def newton_bids(
    base: Array,
    cost: Array,
    access: Array,
    beta: float,
    ceiling: float,
    start: Array,
    nests: Nests | None = None,
) -> Array:
    """Bertrand-Nash bids (N, V) by Newton's method on every vendor's first-order condition at once, from
    ``start``: in ``y = log(bid / cost)``, ``F_v = 1 - exp(-y_v) - min(L_v, ceiling) = 0`` with
    ``L_v = lam / (beta M_v)``, ``M_v = 1 - (1 - lam) q_v - lam s_v`` (``lerner_index``) at the shares of the
    bids, whose Jacobian is ``exp(-y_v) delta_vu + (lam s_v (delta_vu - lam s_u) + (1 - lam) [u in g(v)]
    (q_v (delta_vu - q_u) - lam s_v q_u)) / M_v ** 2`` below the ceiling (0 at it; at ``lam = 1``
    ``exp(-y_v) delta_vu + s_v (delta_vu - s_u) / (1 - s_v) ** 2``): a small (V, V) solve per country,
    quadratic convergence instead of the round-by-round iteration's linear one (tens of rounds), by
    ``_newton``. A vendor without rivals bids at the ceiling. Returns ``start`` where the steps do not
    settle (the caller's iteration then starts from there as before)."""
    y, rivalled, top = _start(base, cost, access, ceiling, start)
    at_cost = _powers_at_cost(base, cost, access, beta, nests)

    def conditions_at(at: Array) -> _Conditions:
        return _conditions(at_cost, beta, ceiling, at, rivalled, nests)

    def jacobian_at(at: Array, now: _Conditions) -> Array:
        return _jacobian(now, beta, ceiling, nests)

    settled = _newton(y, top, rivalled, conditions_at, jacobian_at)
    return start if settled is None else np.asarray(cost * np.exp(settled), dtype=float)


def _jacobian(now: _Conditions, beta: float, ceiling: float, nests: Nests | None) -> Array:
    """``newton_bids``' Jacobian (N, V, V) at its conditions ``now``: with ``1 / M ** 2 = (beta L / lam) **
    2`` below the ceiling (0 at it), ``slope = lam s / M ** 2`` and ``curve = (1 - lam) / M ** 2``,
    ``diag(slope + curve q + exp(-y)) - lam slope s_u - [u in g(v)] curve (q + lam s) q_u``."""
    lam = 1.0 if nests is None else nests.dissimilarity
    shares, within = now.shares, now.within
    inverse = np.where(now.markup < ceiling, (beta / lam * now.markup) ** 2, 0.0)
    slope = lam * shares * inverse
    curve = (1.0 - lam) * inverse  # 0 at lam = 1
    diagonal = slope + curve * within + now.decay
    jacobian: Array = -lam * slope[:, :, None] * shares[:, None, :]
    # the diagonal added in place (a strided view of it): the same sum as adding the identity times it
    countries, vendors = shares.shape
    jacobian.reshape(countries, vendors * vendors)[:, :: vendors + 1] = diagonal - lam * slope * shares
    if nests is not None and nests.nested:
        jacobian -= nests.same * (curve * (within + lam * shares))[:, :, None] * within[:, None, :]
    return jacobian


Restriction = Callable[[Callable[[Array], Array], int], Array]
"""Caps: given ``weights_at(access)`` (the nested logit's weights at the current bids and an access) and
the number of copies of the problem's N rows stacked in them (1 but in ``capped_newton_bids``' forward
differences), the access multipliers (copies x N, V) in force."""


JACOBIAN_STEP = 1e-7
"""Step of ``y = log(bid / cost)`` in ``capped_newton_bids``' forward differences: about the square root
of the machine epsilon (1.5e-8) times the scale of ``y`` (near 0.1-1), the usual forward-difference step."""


def capped_newton_bids(
    base: Array,
    cost: Array,
    allowed: Array,
    beta: float,
    ceiling: float,
    restrict: Restriction,
    start: Array,
    nests: Nests | None = None,
) -> Array | None:
    """Bertrand-Nash bids (N, V) under caps (the caller's rounds then find the access in force), by Newton's
    method (``_newton``) on ``R(y) = F(y, A(y))``: ``F`` is ``newton_bids``' first-order conditions and
    ``A(y) = allowed * restrict(weights at the bids cost exp(y))`` the caps' access at those bids (vendors
    price against the access; the operator's cut keeps the capped share at the cap at the bids they settle
    on). The Jacobian is by forward differences (``V`` residuals a step, in one call on ``V`` shifted copies
    of the rows stacked: the conditions and the caps act country by country). It
    replaces an alternation of Newton's bids at fixed access and the caps at fixed bids, which contracts
    linearly (by about 0.57 a turn for the UK's 35 % cap on Huawei, part of the Chinese nest) and stopped
    at its 30 turns short of its tolerance. ``None`` where the steps do not settle (the caller's
    round-by-round iteration then starts from ``start``)."""
    y, rivalled, top = _start(base, cost, allowed, ceiling, start)
    countries, vendors = y.shape

    def conditions_at(at: Array, copies: int = 1) -> _Conditions:
        """The conditions at ``at``, ``copies`` x N rows: the problem's rows stacked ``copies`` times."""
        weights, costs, permitted = (np.tile(array, (copies, 1)) for array in (base, cost, allowed))
        bids = costs * np.exp(at)

        def weights_at(cut: Array) -> Array:
            return nested_weights(weights, bids, permitted * cut, beta, nests)[0]

        access = permitted * restrict(weights_at, copies)
        at_cost = _powers_at_cost(weights, costs, access, beta, nests)
        return _conditions(at_cost, beta, ceiling, at, np.tile(rivalled, (copies, 1)), nests)

    def jacobian_at(at: Array, now: _Conditions) -> Array:
        shifted = np.tile(at, (vendors, 1))  # copy c shifts column c
        for column in range(vendors):
            shifted[column * countries : (column + 1) * countries, column] += JACOBIAN_STEP
        gaps = conditions_at(shifted, vendors).gap.reshape(vendors, countries, vendors)
        jacobian: Array = ((gaps - now.gap) / JACOBIAN_STEP).transpose(1, 2, 0)
        return jacobian

    settled = _newton(y, top, rivalled, conditions_at, jacobian_at)
    return None if settled is None else np.asarray(cost * np.exp(settled), dtype=float)


def _response(
    base: Array,
    cost: Array,
    bids: Array,
    access: Array,
    beta: float,
    ceiling: float,
    nests: Nests | None,
) -> Array:
    """Every vendor's best response (N, V) to its rivals' ``bids`` (a few Newton steps from its own)."""
    weight, floor = scaled_weights(base, bids, access, beta)
    own = access * base * (cost / floor[:, None]) ** (-beta)
    if nests is None or not nests.nested:
        rivals = weight.sum(axis=1, keepdims=True) - weight
        odds = np.divide(own, rivals, out=np.full_like(own, np.inf), where=rivals > 0)
        return cost * best_response(odds, beta, ceiling, bids / cost, steps=NEWTON_STEPS)
    lam, member = nests.dissimilarity, nests.membership
    top = weight.max(axis=1, keepdims=True)
    top = np.where(top > 0, top, 1.0)
    e = (weight / top) ** (1.0 / lam)
    size = e @ nests.same
    nest_power = size**lam
    total = ((e @ member) ** lam).sum(axis=1, keepdims=True)
    mates = np.maximum(size - e, 0.0)
    others = np.maximum(total - nest_power, 0.0)
    mine = (own / top) ** (1.0 / lam)
    return cost * nested_best_response(mine, mates, others, beta, lam, ceiling, bids / cost, NEWTON_STEPS)


def nash_bids(
    base: Array,
    cost: Array,
    allowed: Array,
    beta: float,
    ceiling: float,
    restrict: Restriction | None = None,
    start: Array | None = None,
    nests: Nests | None = None,
) -> tuple[Array, Array]:
    """Bertrand-Nash bids (N, V) of vendors with marginal ``cost`` (N, V) under the (nested) logit, and the
    access (N, V) in force: ``allowed``, times ``restrict(weights_at)`` where given (caps, recomputed each
    round so that they hold at the equilibrium bids). Each round every vendor plays its best response to
    its rivals' bids of the round before (from ``start``, or the costs), until no bid moves by more than
    ``NASH_TOLERANCE``."""
    bids = cost.copy() if start is None else np.array(start, dtype=float)
    if restrict is None:  # access is fixed: Newton's method on the whole system comes close first
        solved = newton_bids(base, cost, allowed, beta, ceiling, bids, nests)
        if nests is not None and nests.nested and solved is not bids:
            # Newton settled (1e-13, a thousand times below the rounds' tolerance): under the nested
            # logit a confirming round costs more than it checks (under the multinomial logit it is
            # cheap and kept, so that lam = 1 gives the previous results to the bit)
            return solved, allowed
        bids = solved
    else:  # Newton's method on the bids with the caps' access at each trial
        capped = capped_newton_bids(base, cost, allowed, beta, ceiling, restrict, bids, nests)
        if capped is not None:
            bids = capped
    access, moved = allowed, np.inf
    for _ in range(NASH_ROUNDS):
        if restrict is not None:

            def weights_at(cut: Array, now: Array = bids) -> Array:
                return nested_weights(base, now, allowed * cut, beta, nests)[0]

            access = allowed * restrict(weights_at, 1)
        response = _response(base, cost, bids, access, beta, ceiling, nests)
        moved = float(np.max(np.abs(response / bids - 1.0), initial=0.0))
        bids = response
        if moved <= NASH_TOLERANCE:
            return bids, access
    raise ConvergenceError(
        "Bertrand-Nash bids", iterations=NASH_ROUNDS, residual=moved, tolerance=NASH_TOLERANCE
    )
