"""Policy measures of the rollout: vendor bans with rip-and-replace deadlines, and a split of the vendors'
learning between blocs.

Dates become decimal years (``2020-12-31`` is 2020.997), so a measure can start within a year of the
annual model: a ban starting at decimal year ``s`` leaves the vendor the share ``clip(s - t, 0, 1)`` of year
``t``, and installed kit must fall straight-line from the ban's start to zero at the deadline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

import numpy as np

from gotogether.errors import InputError, did_you_mean

EQUIPMENT: Final = ("radio", "core")
"""Equipment classes a ban can cover: the radio (4G and 5G RAN at the sites) and the core network."""


def decimal_year(day: date) -> float:
    """``day`` as a decimal year: the year plus the share of it elapsed at the start of ``day``."""
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@dataclass(frozen=True)
class Members:
    """The members of an aggregate region a ban covers, with their own figures: ``population`` (persons),
    their 5G capex envelope per person relative to the region's (``capex_ratio``) and their 4G sites per
    10,000 people (``lte_site_density``; ``None``: the region's)."""

    population: float
    capex_ratio: float = 1.0
    lte_site_density: float | None = None


@dataclass(frozen=True)
class Ban:
    """``countries`` allow no new sites from ``vendors`` from ``start``; installed sites of those vendors
    must be replaced by ``deadline`` (straight-line from ``start``; ``None`` = no rip-and-replace).
    ``equipment`` says what must go: ``"radio"`` (the vendors' 4G and 5G radio at the sites, swapped by
    crews on site visits), ``"core"`` (their core network, swapped centrally) or both. ``weight`` is the
    share of each country's market the ban covers (1; less for a ban by members of an aggregate region):
    the vendors keep ``1 - weight`` of their access and of their installed sites. ``cap`` > 0 makes the
    measure a market-share cap instead of a ban: from ``start`` the vendors together win at most ``cap`` of
    the sites bought (the logit weight of the capped vendors is cut until their share is the cap, so the
    cost index rises as for a partial ban); installed kit is not removed. ``members`` (region -> ``Members``)
    gives the members' own figures for a ban with ``weight`` below 1 (without them, the sub-market is the
    weight's share of the region at its per-person figures). ``removes_4g`` False makes the deadline remove
    the vendors' 5G radio only: with it goes the 4G anchor of each site whose 5G goes (non-standalone 5G
    runs on the same vendor's 4G), the vendors' other 4G radio stays. ``announced`` is the day the ban or
    cap was decided (``None``: its start), from which operators change over to other vendors
    (``changeover``)."""

    name: str
    countries: Sequence[str]
    vendors: Sequence[str]
    start: date
    deadline: date | None = None
    equipment: tuple[str, ...] = EQUIPMENT
    weight: float = 1.0
    cap: float = 0.0
    members: Mapping[str, Members] = field(default_factory=dict)
    removes_4g: bool = True
    announced: date | None = None


@dataclass(frozen=True)
class StandardsSplit:
    """From ``start``, vendors of different blocs (``vendor_blocs``: vendor -> bloc name) stop learning from
    each other: the spillover between them is cut (``learning.spillover_matrix``); a vendor in no bloc keeps
    learning from every other. Which vendors a bloc may buy from is a matter of bans."""

    vendor_blocs: Mapping[str, str] = field(default_factory=dict)
    start: date = date(2021, 1, 1)


def validate_bans(bans: Sequence[Ban], countries: Sequence[str], vendors: Sequence[str]) -> None:
    """Unknown countries or vendors, deadlines before the start, weights or caps out of range and unknown
    or missing equipment classes raise InputError."""
    for ban in bans:
        where = f"ban {ban.name!r}"
        _check_names(ban.countries, countries, where, "countries")
        _check_names(ban.vendors, vendors, where, "vendors")
        if ban.deadline is not None and ban.deadline <= ban.start:
            raise InputError(
                f"deadline {ban.deadline} is not after the start {ban.start}",
                location=f"{where}, field deadline",
                expected="a date after start, or none",
            )
        if ban.announced is not None and ban.announced > ban.start:
            raise InputError(
                f"announced {ban.announced} is after the start {ban.start}",
                location=f"{where}, field announced",
                expected="a date on or before start, or none",
            )
        if not 0.0 < ban.weight <= 1.0:
            raise InputError(
                f"weight {ban.weight} is out of range",
                location=f"{where}, field weight",
                expected="0 < weight <= 1",
            )
        if not 0.0 <= ban.cap < 1.0:
            raise InputError(
                f"cap {ban.cap} is out of range",
                location=f"{where}, field cap",
                expected="0 <= cap < 1 (0 = a ban)",
            )
        for region, members in ban.members.items():
            _check_names([region], ban.countries, where, "members")
            figures = (members.population, members.capex_ratio, members.lte_site_density or 1.0)
            if ban.weight == 1.0 or not all(np.isfinite(figures)) or min(figures) <= 0.0:
                raise InputError(
                    f"members of {region} are given for a ban of weight {ban.weight} or with figures "
                    f"{figures} that are not positive",
                    location=f"{where}, field members",
                    expected="members only for a ban with a weight below 1, with positive figures",
                )
        if not ban.equipment or any(item not in EQUIPMENT for item in ban.equipment):
            raise InputError(
                f"equipment {list(ban.equipment)} is not a non-empty list of known classes",
                location=f"{where}, field equipment",
                expected=f"one or more of {', '.join(EQUIPMENT)}",
            )


def validate_split(split: StandardsSplit, vendors: Sequence[str]) -> None:
    """Blocs must name known vendors."""
    _check_names(list(split.vendor_blocs), vendors, "standards split", "vendor_blocs")


def _check_names(names: Sequence[str], known: Sequence[str], where: str, what: str) -> None:
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known, limit=2, form=" ({})")
            raise InputError(
                f"unknown {what[:-1]} {name!r}{hint}",
                location=f"{where}, field {what}",
                expected=f"one of {', '.join(known)}",
            )
