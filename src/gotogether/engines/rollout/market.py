"""The RAN market beyond new build and swap-out, and bans by members of aggregate regions (pure functions).

**Capacity spending** (radio bought at the radio index, in units of a 5G site's radio, per country):
- the grid's upkeep ``u x units x L[n, t]`` (new carriers and bands, small cells, refresh of the 2G-4G
  radio on the installed 4G grid ``L``), ``u`` = ``rollout.lte_upkeep_share``; paid from the operators'
  running budget, not the 5G envelope (the 2019 market had it before any 5G). It is priced on the 2G-4G
  radio's own learning curve (``lte_learning``), not the 5G sector's: its experience before 2019 is the
  2019 grid itself;
- 5G densification ``g x I[n, t-1]``: capacity radio added a year on the installed 5G grid (sectors,
  carriers, small cells), ``g`` = ``rollout.densification_rate``;
- refresh: the 5G radio bought ``equipment_life_years`` earlier (new, replacement, densification and
  refresh itself) is bought again.
Densification and refresh are paid from the 5G envelope after the swap-out and the new build (a ban's
swap-out crowds them out before it delays coverage); what does not fit is not bought that year.

**Members of an aggregate region** (``submarkets``): a ban whose ``weight`` is below 1 (members of REU or
ROW, weighted by their share of the region's 2019 GDP) acts on a sub-market, a row of its own: with the
ban's ``members`` of the region, their population and their envelope and 4G grid per person relative to
the region's (``Members``); without, ``weight`` of the region's population at its per-person figures.
The rest of the region keeps every vendor and what the members do not take of its population, envelope
and 4G grid. The rows are run side by side and merged back (``merge``), so
the ban removes and replaces the members' kit only, and never kit the rest of the region buys again from
the banned vendors. Partial bans of one region with the same weight share a sub-market (the same members);
different weights are taken as different members.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
from numpy.typing import NDArray

from gotogether.engines.rollout.curves import Array
from gotogether.engines.rollout.learning import wright_factor
from gotogether.engines.rollout.measures import Ban, Members
from gotogether.engines.rollout.params import RolloutParameters
from gotogether.errors import InputError

PER_PERSON: Final = ("capex_per_capita", "lte_site_density")
"""Per-person figures a sub-market of members may have of its own (the rest of the region keeps the rest)."""
INTENSIVE: Final = ("vendor_price", "price_per_site", "learning", "vendor_learning")
"""Result variables merged as the sub-markets' weighted mean (the others add up, but ``vendor_share``)."""


def upkeep_units(lte_sites: Array, share: float, units: float) -> Array:
    """Upkeep radio (N) a year of the installed grid: ``share x units`` per installed 4G site."""
    bought: Array = share * units * lte_sites
    return bought


def lte_learning(bought_sites: float, grid_2019: float, rate: float) -> float:
    """The 2G-4G radio's Wright factor (1 in 2019) after ``bought_sites`` (sites' worth) of upkeep radio
    since 2019, on an experience that starts at the world's 2019 4G grid ``grid_2019`` (sites); 1 without a
    grid (nothing to upkeep)."""
    if grid_2019 <= 0.0:
        return 1.0
    return float(wright_factor(np.asarray(bought_sites), grid_2019, 0.0, rate))


def densification_units(installed_5g: Array, rate: float) -> Array:
    """5G capacity radio (N) added a year: ``rate`` x the 5G sites installed at the start of the year."""
    added: Array = rate * installed_5g
    return added


def refresh_units(bought: Array, t: int, life: float) -> Array:
    """5G radio (N) at the end of its life in year ``t``: what was bought (N, T) ``life`` years earlier."""
    then = t - round(life)
    due: Array = bought[:, then] if then >= 0 else np.zeros(bought.shape[0])
    return due


@dataclass(frozen=True)
class Submarkets:
    """The rows the engine runs (``params``, ``bans`` on them) and, for each, the original row
    it belongs to (``parent``) and its share of that row's market (``weight``)."""

    params: RolloutParameters
    bans: list[Ban]
    parent: NDArray[np.intp]
    weight: Array

    def merge(self, state: Mapping[str, Array]) -> dict[str, Array]:
        """The engine's arrays on the original rows: sums, the weighted mean for prices and learning,
        vendor shares of what was bought (the weighted mean of the logit shares where nothing was)."""
        rows = int(self.parent.max()) + 1
        if self.parent.size == rows:
            return dict(state)
        merged: dict[str, Array] = {}
        for name, value in state.items():
            weight = self.weight.reshape((-1,) + (1,) * (value.ndim - 1))
            total = np.zeros((rows, *value.shape[1:]))
            np.add.at(total, self.parent, value * weight if name in INTENSIVE else value)
            merged[name] = total
        bought = np.zeros_like(merged["sites_new"])
        np.add.at(bought, self.parent, state["sites_new"] + state["sites_replacement"])
        logit = np.zeros_like(bought)
        np.add.at(logit, self.parent, state["vendor_share"] * self.weight[:, None, None])
        total = bought.sum(axis=1, keepdims=True)
        merged["vendor_share"] = np.divide(bought, total, out=logit, where=total > 0)
        return merged


def submarkets(params: RolloutParameters, bans: Sequence[Ban]) -> Submarkets:
    """Each partial ban's members as a row of their own (see the module docstring); the input unchanged
    when every ban covers whole regions."""
    countries = params.countries
    parts: dict[tuple[str, float], str] = {}
    members: dict[tuple[str, float], Members | None] = {}
    for ban in bans:
        if ban.weight < 1.0:
            for region in ban.countries:
                parts.setdefault((region, ban.weight), f"{region}:{len(parts) + 1}")
                members.setdefault((region, ban.weight), ban.members.get(region))
    if not parts:
        every = np.arange(len(countries), dtype=np.intp)
        return Submarkets(params, list(bans), every, np.ones(len(countries)))
    parent = np.array(
        list(range(len(countries))) + [countries.index(region) for region, _ in parts], dtype=np.intp
    )
    region_people = params.country["population"].to_numpy()
    share = np.ones(len(parent))
    for row, key in enumerate(parts, start=len(countries)):
        given = members[key]
        share[row] = key[1] if given is None else given.population / region_people[parent[row]]
    weight = share.copy()  # each row's share of its region's population
    np.subtract.at(weight, parent[len(countries) :], share[len(countries) :])
    # the members' own figures per person relative to the region's; the rest of the region keeps what the
    # members do not take of the region's envelope and 4G grid
    ratios = {name: np.ones(len(parent)) for name in PER_PERSON}
    for row, key in enumerate(parts, start=len(countries)):
        given = members[key]
        if given is not None:
            ratios["capex_per_capita"][row] = given.capex_ratio
            if given.lte_site_density is not None:
                grid = float(params.country["lte_site_density"].to_numpy()[parent[row]])
                ratios["lte_site_density"][row] = given.lte_site_density / grid
    left = weight[: len(countries)]
    short = left <= 0.0
    for ratio in ratios.values():
        taken = np.zeros(len(countries))
        np.add.at(taken, parent[len(countries) :], (ratio * share)[len(countries) :])
        ratio[: len(countries)] = np.divide(1.0 - taken, left, out=np.ones_like(left), where=~short)
        short |= ratio[: len(countries)] <= 0.0
    if short.any():
        regions = [region for region, over in zip(countries, short, strict=True) if over]
        raise InputError(
            f"partial bans on {', '.join(regions)} cover more than the whole region",
            location="bans, fields weight and members",
            expected="members of a region that together hold less than its population, envelope and 4G grid",
        )
    names = countries + list(parts.values())
    country = params.country.isel(country=parent).assign_coords(country=names)
    country["population"] = country["population"] * weight
    for name, ratio in ratios.items():
        country[name] = country[name] * ratio
    shares = params.base_shares.isel(country=parent).assign_coords(country=names)
    expanded = replace(params, country=country, base_shares=shares)
    rows_of = {region: [region] for region in countries}
    for (region, _), name in parts.items():
        rows_of[region].append(name)
    moved = [
        replace(
            ban, countries=[parts[(region, ban.weight)] for region in ban.countries], weight=1.0, members={}
        )
        if ban.weight < 1.0
        else replace(ban, countries=[row for region in ban.countries for row in rows_of[region]])
        for ban in bans
    ]
    return Submarkets(expanded, moved, parent, weight)
