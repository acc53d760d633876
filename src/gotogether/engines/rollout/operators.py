"""A market-share cap on each operator's access network, summed to the country (the UK's 35 % of January
2020 applied to each operator's network, not to the country's).

The rollout runs one network per country: one plan, envelope and crew pool. Where a country's operators
are given (``operators.csv``: each one's 4G radio sites and the capped vendors' shares of its RAN), a cap
is the national cap that forces off what the cap forces off each operator's network, summed. With the
operators' weights ``w[o]`` (their shares of the sites) and the capped vendors' shares ``s[o]`` scaled so
that ``sum_o w[o] s[o]`` is the country's footprint ``F`` (the national 4G RAN shares stay the country's
total; the operators give how it is spread), the capped vendors' share that must go is
``E = sum_o w[o] max(s[o] - c, 0)``, and the national cap is ``c' = c - E + max(F - c, 0)``: where ``F``
is above ``c``, the share the operators may keep, ``sum_o w[o] min(s[o], c)``, so that the changeover's
forced-off share ``1 - c' / F`` is ``E / F``. One operator gives ``c`` back; ``c'`` is never above ``c``
(``E >= max(F - c, 0)``, the capped share being convex) and always above 0. Only what the cap forces off
is by operator: the 5G plan, the envelope, the crews and the vendor choice stay the country's (a run note
says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from gotogether.engines.rollout.curves import Array
from gotogether.engines.rollout.measures import Ban


@dataclass(frozen=True)
class Operators:
    """A country's operators: their 4G radio ``sites`` and, for each vendor given (``shares``: vendor and
    its share of each operator's RAN, in the order of ``sites``), what it holds of their networks."""

    sites: tuple[float, ...]
    shares: tuple[tuple[str, tuple[float, ...]], ...]

    def held(self, vendors: Sequence[str]) -> Array | None:
        """The share of each operator's RAN ``vendors`` hold together; None unless every one is given."""
        given = dict(self.shares)
        if any(vendor not in given for vendor in vendors):
            return None
        held: Array = np.sum([given[vendor] for vendor in vendors], axis=0)
        return held


OperatorNetworks = tuple[tuple[str, Operators], ...]
"""Each country with operators given (country and its ``Operators``, hashable: the parameters key the
engine's shared state)."""


def operator_networks(table: pd.DataFrame) -> OperatorNetworks:
    """``Operators`` by country from the validated ``operators`` table (``data.rollout.tables``); a vendor
    share an operator lacks is none."""
    networks = []
    for country, rows in table.groupby("country", sort=True):
        names = rows.loc[rows["item"] == "sites", "operator"].tolist()
        pairs = zip(rows["operator"], rows["item"], rows["value"], strict=True)
        value = {(str(operator), str(item)): float(v) for operator, item, v in pairs}
        vendors = sorted({str(item) for item in rows["item"]} - {"sites"})
        shares = tuple((v, tuple(value.get((name, v), 0.0) for name in names)) for v in vendors)
        networks.append((str(country), Operators(tuple(value[(name, "sites")] for name in names), shares)))
    return tuple(networks)


def operator_cap(cap: float, footprint: float, sites: Sequence[float], held: Array) -> float:
    """The national cap that forces off what ``cap`` forces off each operator's network (module
    docstring): ``footprint`` the capped vendors' share of the country's 4G RAN, ``sites`` the operators'
    sites and ``held`` the capped vendors' share of each one's RAN; ``cap`` itself when the operators
    hold none of them."""
    weights = np.asarray(sites) / np.sum(sites)
    total = float(weights @ held)
    if total <= 0.0:
        return cap
    kept = float(weights @ np.minimum(held * footprint / total, cap))  # what each operator may keep, summed
    return kept if footprint >= cap else cap - (footprint - kept)


def caps_by_operator(
    bans: Sequence[Ban],
    countries: Sequence[str],
    vendors: Sequence[str],
    footprint: Array,
    networks: OperatorNetworks,
) -> list[Ban]:
    """``bans`` with each cap on the radio of whole countries whose operators hold its vendors in
    ``networks`` made, for each such country, a cap of its own at ``operator_cap``; ``footprint`` (N, V)
    the countries' 4G RAN shares. Other bans, and caps the operators leave as they are, are unchanged."""
    given = dict(networks)
    changed: list[Ban] = []
    for ban in bans:
        if ban.cap <= 0 or ban.weight < 1.0 or ban.equipment != ("radio",):
            changed.append(ban)
            continue
        national, own = [], []
        for country in ban.countries:
            held = given[country].held(ban.vendors) if country in given else None
            share = footprint[countries.index(country), [vendors.index(v) for v in ban.vendors]].sum()
            cap = ban.cap if held is None else operator_cap(ban.cap, float(share), given[country].sites, held)
            if cap == ban.cap:
                national.append(country)
            else:
                own.append(replace(ban, countries=[country], cap=cap))
        if not own:
            changed.append(ban)  # the ban itself: every country's cap as given
            continue
        changed += own
        if national:
            changed.append(replace(ban, countries=national))
    return changed
