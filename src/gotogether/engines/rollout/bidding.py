"""The vendors' bids: the equilibrium that makes the observed shares the baseline's, and each year's
Bertrand-Nash bids, shares and prices under the bans and caps in force (``Bidding``; see docs/rollout.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from gotogether.engines.rollout.curves import (
    Array,
    Nests,
    Restriction,
    cap_access,
    lerner_index,
    logit_shares,
    nash_bids,
    vendor_choice,
)
from gotogether.engines.rollout.measures import Ban, decimal_year
from gotogether.engines.rollout.params import RolloutParameters

Solved = dict[tuple[bytes, ...], tuple[Array, Array]]
"""Equilibria by their key (``Bidding.solved``): the bids and the access left by caps (N, V each)."""


def observed_equilibrium(params: RolloutParameters) -> tuple[Array, Array]:
    """The nested logit's vendor constants (N, V) that make the observed shares the Bertrand-Nash
    equilibrium, and the equilibrium bids (N, V, relative to the undiscounted vendors' cost). The observed
    shares are the incumbency tilted by the discounted vendors' lower cost, ``s* ∝ a (1 - d) ** -beta``
    (validated against China Mobile's 2020 tender and Dell'Oro's shares, whatever the nesting); each
    vendor's bid is its cost over ``1 - lerner(s*, q*)`` (``q*`` the within-nest shares), and the constants
    ``s* q* ** (lam - 1) bid ** beta`` (Berry's inversion of the nested logit, ``delta = ln s - (1 - lam)
    ln q``) make those bids and shares the equilibrium. With ``lerner_ceiling`` 0 (pricing at cost) and
    ``lam = 1`` the constants are the incumbency."""
    countries, vendors = params.countries, params.vendors
    beta, nests = params.price_sensitivity, params.nests
    costs = np.broadcast_to(params.relative_price, (len(countries), len(vendors)))
    observed, within, bids, _ = observed_bids(params.incumbency, costs, beta, params.lerner_ceiling, nests)
    weight = observed * (bids / bids.min(axis=1, keepdims=True)) ** beta
    if nests.nested:
        weight = weight * within ** (nests.dissimilarity - 1.0)
    constants: Array = weight / weight.sum(axis=1, keepdims=True)
    return constants, bids


def observed_bids(
    incumbency: Array, costs: Array, beta: float, ceiling: float, nests: Nests
) -> tuple[Array, Array, Array, Array]:
    """The observed shares and their within-nest shares (``observed_shares``), each vendor's Bertrand-Nash
    bid over them (its cost over ``1 - lerner(s*, q*)``) and that markup (Lerner index)."""
    observed, within = observed_shares(incumbency, costs, beta, nests)
    markup = lerner_index(observed, beta, ceiling, within, nests.dissimilarity)
    return observed, within, costs / (1.0 - markup), markup


def observed_shares(incumbency: Array, costs: Array, beta: float, nests: Nests) -> tuple[Array, Array]:
    """The observed shares (N, V), the incumbency tilted by the vendors' relative ``costs``
    (``s* ∝ a costs ** -beta``), and their within-nest shares ``q*``."""
    observed = logit_shares(incumbency, costs, np.ones_like(costs), beta)
    member = nests.membership
    within: Array = observed / ((observed @ member) @ member.T)
    return observed, within


class Quote(NamedTuple):
    """A year's market at given costs and access: the vendors' radio bids (N, V), the radio and core
    shares (N, V each), the cost index (N, inf where no vendor is allowed), the price of a site, its radio
    and its core (N each, 0 where no vendor is allowed)."""

    bids: Array
    shares: Array
    shares_core: Array
    cost_index: Array
    price: Array
    radio_price: Array
    core_price: Array


class Bidding:
    """The vendors' equilibria in one run's yearly loop: the logit's constants ``base``, the baseline's bids
    and costs (N, V each), the caps of the run's bans, the equilibria ``solved`` (the same inputs give the
    same equilibrium, solved once) and the ``last`` one solved for each equipment class (its next solve
    starts from it: the classes' access differs under bans of one class, and a start from the other
    class's bids takes more Newton steps)."""

    def __init__(
        self, params: RolloutParameters, bans: Sequence[Ban], relative: Array, base: Array, bids: Array
    ) -> None:
        self.base, self.relative, self.baseline_bids = base, relative, bids
        self.beta, self.ceiling = params.price_sensitivity, params.lerner_ceiling
        self.nests, self.core = params.nests, params.core_share
        self.caps = _caps(bans, params.countries, params.vendors)
        self.solved: Solved = {}
        self.last = {"radio": bids, "core": bids}

    def snapshot(self) -> tuple[dict[str, Array], Solved]:
        """Copies of ``last`` and ``solved`` (a year's start, ``stocks.YearStart``)."""
        return dict(self.last), dict(self.solved)

    def restore(self, last: dict[str, Array], solved: Solved) -> None:
        """Continue from a ``snapshot``."""
        self.last.update(last)
        self.solved.update(solved)

    def quote(self, costs: Array, scale: Array, radio: Array, core_access: Array, year: int) -> Quote:
        """The bids, shares and prices (``Quote``) at ``costs`` (relative to the level, price level over
        the baseline's index ``scale``) with the radio and core access ``radio`` and ``core_access``."""
        base, beta, nests, core = self.base, self.beta, self.nests, self.core
        (radio_bids, access), (core_bids, access_core) = self._equilibria(
            costs, {"radio": radio, "core": core_access}, year
        )
        bids, bids_core = scale * radio_bids, scale * core_bids
        shares, radio_index = vendor_choice(base, bids, access, beta, nests)
        if core_bids is radio_bids and access_core is access:  # one equilibrium for both classes
            shares_core, core_index = shares, radio_index
        else:
            shares_core, core_index = vendor_choice(base, bids_core, access_core, beta, nests)
        index = radio_index if core == 0 else (1.0 - core) * radio_index + core * core_index
        # a site costs the index whichever vendor wins it (the expected price paid in Eaton-Kortum)
        return Quote(
            bids,
            shares,
            shares_core,
            index,
            np.where(np.isfinite(index), index, 0.0),
            np.where(np.isfinite(radio_index), radio_index, 0.0) * (1.0 - core),
            np.where(np.isfinite(core_index), core_index, 0.0) * core,
        )

    def foreseen_prices(
        self, costs: Array, scale: Array, year: int, radio: Array, core: Array
    ) -> tuple[Array, Array]:
        """The price of a site and of its radio (N, H each) in each coming year at the radio and core access
        ``radio`` and ``core`` (N, V, H) of the bans in force: ``quote``'s equilibrium at each access (at
        this year's ``costs`` and ``scale``, and a cap at this year's reach: a cap reaching part of this year
        is foreseen so, not whole), solved once for each distinct year (the access changes at a ban's start
        only)."""
        years = radio.shape[2]
        stacked = np.concatenate([radio, core], axis=1).transpose(2, 0, 1).reshape(years, -1)
        distinct, which = np.unique(stacked, axis=0, return_index=True, return_inverse=True)[1:]
        quotes = [self.quote(costs, scale, radio[:, :, h], core[:, :, h], year) for h in distinct]
        price = np.stack([quotes[k].price for k in which.ravel()], axis=1)
        radio_price = np.stack([quotes[k].radio_price for k in which.ravel()], axis=1)
        return price, radio_price

    def _posed(
        self, costs: Array, access: Array, equipment: str, year: int
    ) -> tuple[tuple[bytes, ...], NDArray[np.int64], Restriction | None]:
        """The key of ``equipment``'s equilibrium (its costs, access and caps in force), the countries whose
        costs, access or caps differ from the baseline's (the others keep the baseline's bids), and the
        caps' restriction where one reaches this year (None otherwise)."""
        caps, nests = self.caps, self.nests
        # a cap in force on vendors still allowed somewhere it reaches (a cap on banned vendors is moot)
        binding = [cap for cap in caps if equipment in cap.ban.equipment and (access * cap.mask).any()]
        reach = [float(np.clip(year + 1.0 - decimal_year(cap.ban.start), 0.0, 1.0)) for cap in binding]
        changed = (access != 1.0).any(axis=1) | (costs != self.relative).any(axis=1)
        for cap, share in zip(binding, reach, strict=True):
            if share > 0:
                changed[cap.members] = True
        capping = np.array([cap.place for cap in binding])
        key = (costs.tobytes(), access.tobytes(), capping.tobytes(), np.array(reach).tobytes())
        rows = np.flatnonzero(changed)

        def restrict(weights_at: Callable[[Array], Array], copies: int) -> Array:
            return _capped(caps, weights_at, year, equipment, rows, nests, copies)

        return key, rows, restrict if any(share > 0 for share in reach) else None

    def _equilibria(self, costs: Array, accesses: dict[str, Array], year: int) -> list[tuple[Array, Array]]:
        """Bertrand-Nash bids (relative to the level) and the access left by caps of each equipment class
        of ``accesses``. Only the countries whose costs, access or caps differ from the baseline's are
        solved; the same inputs give the same equilibrium, solved once, starting from the last one solved
        for the same equipment (costs move little from one year to the next). The classes' new equilibria
        without caps are solved in one call, their countries stacked (a call costs about as much for a few
        countries as for many)."""
        problems = {name: self._posed(costs, access, name, year) for name, access in accesses.items()}
        new: dict[tuple[bytes, ...], str] = {}  # each new equilibrium once, posed by its first class
        for equipment, (key, _, _) in problems.items():
            if key not in self.solved:
                new.setdefault(key, equipment)
        capped = [equipment for equipment in new.values() if problems[equipment][2] is not None]
        for equipment in capped:
            self._solve(problems, costs, accesses, [equipment], problems[equipment][2])
        uncapped = [equipment for equipment in new.values() if equipment not in capped]
        if uncapped:
            self._solve(problems, costs, accesses, uncapped, None)
        return [self.solved[problems[equipment][0]] for equipment in accesses]

    def _solve(
        self,
        problems: dict[str, tuple[tuple[bytes, ...], NDArray[np.int64], Restriction | None]],
        costs: Array,
        accesses: dict[str, Array],
        classes: list[str],
        restrict: Restriction | None,
    ) -> None:
        """``classes``' equilibria (as ``_posed`` in ``problems``) into ``solved``, by one call on their
        countries stacked."""
        last = self.last
        rows = [problems[equipment][1] for equipment in classes]
        parts = list(zip(classes, rows, strict=True))
        taken = np.concatenate([np.zeros(0, dtype=np.int64), *rows])
        if taken.size:
            bids, granted = nash_bids(
                self.base[taken],
                costs[taken],
                np.concatenate([accesses[equipment][at] for equipment, at in parts]),
                self.beta,
                self.ceiling,
                restrict,
                start=np.concatenate([last[equipment][at] for equipment, at in parts]),
                nests=self.nests,
            )
        ends = np.cumsum([at.size for at in rows])
        for equipment, at, end in zip(classes, rows, ends, strict=True):
            mine, access = self.baseline_bids.copy(), accesses[equipment].copy()
            if at.size:
                mine[at], access[at] = bids[end - at.size : end], granted[end - at.size : end]
                last[equipment] = mine
            self.solved[problems[equipment][0]] = mine, access


class _Cap(NamedTuple):
    """A ban's cap where the yearly loop reads it: its place among the bans, the ban, its countries'
    positions and its mask (N, V: 1 on its countries' capped vendors)."""

    place: int
    ban: Ban
    members: list[int]
    mask: Array


def _caps(bans: Sequence[Ban], countries: list[str], vendors: list[str]) -> list[_Cap]:
    """The bans with a cap (``_Cap``, in the bans' order), located once for the yearly loop."""
    caps = []
    for place, ban in enumerate(bans):
        if ban.cap > 0:
            members = [countries.index(c) for c in ban.countries]
            mask = np.zeros((len(countries), len(vendors)))
            mask[np.ix_(members, [vendors.index(v) for v in ban.vendors])] = 1.0
            caps.append(_Cap(place, ban, members, mask))
    return caps


def _capped(
    caps: Sequence[_Cap],
    weights_at: Callable[[Array], Array],
    year: int,
    equipment: str,
    rows: NDArray[np.int64],
    nests: Nests,
    copies: int = 1,
) -> Array:
    """Access multipliers (copies x len(rows), V) of the caps (``_caps``) on ``equipment`` in force in
    ``year`` for the countries ``rows`` stacked ``copies`` times, given ``weights_at(access)``, the nested
    logit's weights (copies x len(rows), V) at an access."""
    stacked = np.tile(rows, copies)
    access = np.ones((len(stacked), len(nests.of)))
    for _, ban, members, capped in caps:
        if equipment not in ban.equipment:
            continue
        reach = np.zeros(len(capped))
        reach[members] = ban.weight * float(np.clip(year + 1.0 - decimal_year(ban.start), 0.0, 1.0))
        cap = np.full(len(stacked), ban.cap)
        now = access

        def cut_at(cut: Array, now: Array = now) -> Array:
            return weights_at(now * cut)

        access = access * cap_access(cut_at, capped[stacked], cap, reach[stacked], nests)
    return access
