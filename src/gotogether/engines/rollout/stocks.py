"""The rollout's yearly loop state (``engine._run``): the stocks it carries from one year to the next, the
baseline's state at a year's start and where a scenario's run resumes from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from gotogether.engines.rollout.bidding import Solved
from gotogether.engines.rollout.curves import Array


class Stocks(NamedTuple):
    """The yearly loop's state carried from one year to the next (``engine._run``; N countries, V vendors, T
    years): a new one goes here, in ``at_start``, and in the loop's unpacking and making of it (mypy checks
    both against these fields)."""

    installed: Array  # 5G radio sites by vendor (N, V)
    peak: Array  # the most 5G radio installed so far (N, V), from which a ban's straight line removes
    vintage: Array  # mean installation year of the installed 5G radio (N, V)
    lte: Array  # 4G radio sites by vendor (N, V)
    lte_peak: Array
    core_base: Array  # core by vendor, in sites served (N, V)
    core_peak: Array
    radio_waiting: Array  # removed 5G radio not yet replaced (N, V: dark, waiting for its swap visit)
    lte_waiting: Array  # removed 4G radio not yet replaced (N, V: the vendor's sites stay dark)
    dense: Array  # 5G densification radio by vendor (N, V, sites' worth), on the vendor's grid
    dense_waiting: Array  # removed densification radio not yet replaced (N, V)
    core_waiting: Array  # removed core not yet replaced (N)
    radio_bought: Array  # 5G radio bought a year (N, T, sites' worth), for its refresh
    # cumulative 5G radio sites each vendor delivered (new and replacement), and its new sites, from which
    # the others' experience spills over (V each, learning.py)
    shipped: Array
    shipped_new: Array
    owed: Array  # removed 5G sites a swap visit reached but no vendor delivered (N): new sites rebuild them
    lte_bought: Array  # upkeep radio bought since 2019 (sites' worth, 0-d): the 2G-4G radio's experience

    @classmethod
    def at_start(cls, lte_sites: Array, years: int) -> Stocks:
        """The state at the start of 2019: no 5G, the 2019 4G grid ``lte_sites`` (N, V) and its core (the
        2019 RAN footprint)."""
        (countries, vendors), nothing = lte_sites.shape, np.zeros(lte_sites.shape)
        return cls(
            installed=nothing,
            peak=nothing.copy(),
            vintage=nothing.copy(),
            lte=lte_sites.copy(),
            lte_peak=lte_sites.copy(),
            core_base=lte_sites.copy(),
            core_peak=lte_sites.copy(),
            radio_waiting=nothing.copy(),
            lte_waiting=nothing.copy(),
            dense=nothing.copy(),
            dense_waiting=nothing.copy(),
            core_waiting=np.zeros(countries),
            radio_bought=np.zeros((countries, years)),
            shipped=np.zeros(vendors),
            shipped_new=np.zeros(vendors),
            owed=np.zeros(countries),
            lte_bought=np.zeros(()),
        )

    def copied(self) -> Stocks:
        """A copy of every array (the loop changes some in place)."""
        return Stocks(*(array.copy() for array in self))


@dataclass(frozen=True)
class YearStart:
    """The yearly loop's state at the start of a year of the baseline (``engine._run``: its stocks, the last
    equilibria and the solved ones): a scenario whose measures act from that year on is the baseline
    before it, to the bit, and continues from there."""

    stocks: Stocks
    last: dict[str, Array]
    solved: Solved


@dataclass(frozen=True)
class Resume:
    """Where a scenario's run starts: year index ``year``, from the baseline's ``start`` and its results
    before (``baseline``)."""

    year: int
    start: YearStart
    baseline: dict[str, Array]
