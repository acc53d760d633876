"""Disruptions as dated events, and the monthly shock they make on a table's regions and sectors.

Months are calendar months "YYYY-MM"; the simulation window starts in January of the first event's year.
Region weights (region -> share of it covered, as ``ModelWorld.region_weights`` gives them) let members of an
aggregate region act on part of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from gotogether.engines.disruption.parameters import WEEKS_PER_MONTH
from gotogether.engines.disruption.shock import DisruptionShock, capacity_profile, sole_supplier_shortfall
from gotogether.errors import InputError

MIN_MONTHS = 24


@dataclass(frozen=True)
class Profile:
    """Onset (first month lost, "YYYY-MM"), depth (share lost), duration and recovery, in months."""

    onset: str
    depth: float
    duration: int
    recovery: int

    @property
    def end(self) -> str:
        """The first month whole again."""
        return month_after(self.onset, self.duration + self.recovery)


@dataclass(frozen=True)
class CapacityLoss:
    """Capacity of ``sectors`` (None: all) in the weighted ``regions`` lost along ``profile``."""

    regions: Mapping[str, float]
    sectors: tuple[str, ...] | None
    profile: Profile


@dataclass(frozen=True)
class RouteCut:
    """Flows from the weighted ``exporters`` to the weighted ``importers`` (both ways if ``both_ways``) cut
    along ``profile`` (depth: share of the flows that cannot be delivered)."""

    exporters: Mapping[str, float]
    importers: Mapping[str, float]
    both_ways: bool
    profile: Profile


@dataclass(frozen=True)
class Stockpile:
    """Target inventories of ``products`` held in the weighted ``regions`` raised by ``extra_weeks``, held
    (and paid for) from ``start_year`` to ``end_year`` (None: open); built before any disruption it meets."""

    regions: Mapping[str, float]
    products: tuple[str, ...]
    extra_weeks: float
    start_year: int
    end_year: int | None


@dataclass(frozen=True)
class SoleSupplierLoss:
    """A firm-level chokepoint: ``sectors`` in the weighted ``regions`` buy a part from a single supplier,
    with no substitute in the short run, for the share ``dependent`` of their output; the supplier loses its
    output of the part along ``profile``; the buyers hold ``stock_weeks`` of it. What their stocks cannot
    cover stops that share of their output: a capacity loss of the buyers (``sole_supplier_shortfall``).
    The supplier's own loss of capacity, in its sector of the table, is a ``CapacityLoss`` of its own."""

    regions: Mapping[str, float]
    sectors: tuple[str, ...]
    dependent: float
    stock_weeks: float
    profile: Profile

    def __post_init__(self) -> None:
        if not (0.0 <= self.dependent <= 1.0 and self.stock_weeks >= 0.0):
            raise InputError(
                f"sole-supplier loss: dependent share {self.dependent}, stock {self.stock_weeks} weeks",
                location="SoleSupplierLoss",
                expected="a dependent share in [0, 1] and stock weeks >= 0",
            )


Event = CapacityLoss | RouteCut | Stockpile | SoleSupplierLoss


def month_after(month: str, months: int) -> str:
    year, number = int(month[:4]), int(month[5:7]) - 1 + months
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def window(events: Sequence[Event]) -> list[str]:
    """The months simulated: January of the first dated event's year to six months after the last event
    is over, and at least ``MIN_MONTHS``."""
    profiles = [event.profile for event in events if not isinstance(event, Stockpile)]
    if not profiles:
        return []
    start = f"{min(profile.onset for profile in profiles)[:4]}-01"
    end = month_after(max(profile.end for profile in profiles), 6)
    count = max(MIN_MONTHS, 12 * (int(end[:4]) - int(start[:4])) + int(end[5:7]) - int(start[5:7]))
    return [month_after(start, k) for k in range(count)]


def _profile(months: Sequence[str], profile: Profile) -> np.ndarray:
    onset = months.index(profile.onset) if profile.onset in months else len(months)
    return capacity_profile(
        len(months), onset=onset, depth=profile.depth, duration=profile.duration, recovery=profile.recovery
    )


def _weights(weights: Mapping[str, float], regions: Sequence[str]) -> np.ndarray:
    return np.array([weights.get(region, 0.0) for region in regions])


def build_shock(
    events: Sequence[Event], months: Sequence[str], regions: Sequence[str], sectors: Sequence[str]
) -> DisruptionShock:
    """The monthly shock of ``events``: capacity losses and route cuts combine as independent losses
    (1 - (1 - a)(1 - b)); stockpiles add up."""
    shock = DisruptionShock.none(months, len(regions), len(sectors))
    intact, route_open = 1.0 - shock.capacity_loss, shock.route_open.copy()
    extra = shock.extra_inventory_weeks.copy()
    for event in events:
        if isinstance(event, CapacityLoss):
            chosen = np.isin(sectors, event.sectors) if event.sectors is not None else np.ones(len(sectors))
            covered = _weights(event.regions, regions)[:, np.newaxis] * chosen[np.newaxis, :]
            intact *= 1.0 - _profile(months, event.profile)[:, None, None] * covered[None, :, :]
        elif isinstance(event, SoleSupplierLoss):
            covered = _weights(event.regions, regions)[:, np.newaxis] * np.isin(sectors, event.sectors)
            stock = event.stock_weeks / WEEKS_PER_MONTH
            short = sole_supplier_shortfall(_profile(months, event.profile), stock)
            intact *= 1.0 - event.dependent * short[:, None, None] * covered[None, :, :]
        elif isinstance(event, RouteCut):
            pair = np.outer(_weights(event.exporters, regions), _weights(event.importers, regions))
            if event.both_ways:
                pair = 1.0 - (1.0 - pair) * (1.0 - pair.T)
            route_open *= 1.0 - _profile(months, event.profile)[:, None, None] * pair[None, :, :]
        else:
            chosen = np.isin(sectors, event.products)
            extra += event.extra_weeks * np.outer(chosen, _weights(event.regions, regions))
    return DisruptionShock(tuple(months), 1.0 - intact, route_open, extra)
