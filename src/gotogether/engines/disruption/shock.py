"""What hits the economy, month by month: capacity lost, trade routes cut, inventories raised.

Arrays are on the labels of a ``DisruptionTable``: ``capacity_loss[t, r, p]`` is delta, the share of the
baseline capacity of sector p in region r lost in month t; ``route_open[t, r, d]`` is beta, the share of the
flows from region r to region d that can still be delivered; ``extra_inventory_weeks[p, d]`` raises the
target inventory of product p held by the industries of region d (stockpiling), in weeks of use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gotogether.errors import InputError


def capacity_profile(months: int, *, onset: int, depth: float, duration: int, recovery: int) -> np.ndarray:
    """The share of capacity lost in each of ``months``: 0 before month ``onset`` (0-based), ``depth`` for
    ``duration`` months, then back to 0 in a straight line over ``recovery`` months (rebuilding)."""
    if not (0 <= depth <= 1 and onset >= 0 and duration >= 0 and recovery >= 0):
        raise InputError(
            f"capacity profile out of range (onset {onset}, depth {depth}, duration {duration}, "
            f"recovery {recovery})",
            location="capacity_profile",
            expected="0 <= depth <= 1 and non-negative months",
        )
    t = np.arange(months, dtype=float)
    after = t - (onset + duration) + 1.0
    ramp = np.clip(1.0 - after / (recovery + 1.0), 0.0, 1.0)
    loss = np.where(t < onset, 0.0, np.where(t < onset + duration, 1.0, ramp))
    return depth * loss


@dataclass(frozen=True)
class DisruptionShock:
    """The shock over ``months`` (labels, e.g. "2025-01"): see the module docstring for the arrays."""

    months: tuple[str, ...]
    capacity_loss: np.ndarray  # (T, R, S), delta
    route_open: np.ndarray  # (T, R, R), beta
    extra_inventory_weeks: np.ndarray  # (S, R)

    @classmethod
    def none(cls, months: Sequence[str], regions: int, sectors: int) -> DisruptionShock:
        """No shock: every capacity and route whole, no stockpile."""
        T = len(months)
        return cls(
            tuple(months),
            np.zeros((T, regions, sectors)),
            np.ones((T, regions, regions)),
            np.zeros((sectors, regions)),
        )

    def check(self, regions: int, sectors: int) -> None:
        T = len(self.months)
        shapes = {
            "capacity_loss": (self.capacity_loss.shape, (T, regions, sectors)),
            "route_open": (self.route_open.shape, (T, regions, regions)),
            "extra_inventory_weeks": (self.extra_inventory_weeks.shape, (sectors, regions)),
        }
        for name, (shape, wanted) in shapes.items():
            if shape != wanted:
                raise InputError(f"{name} has shape {shape}", location=name, expected=f"shape {wanted}")
        in_range = (
            np.all((self.capacity_loss >= 0) & (self.capacity_loss <= 1))
            and np.all((self.route_open >= 0) & (self.route_open <= 1))
            and np.all(self.extra_inventory_weeks >= 0)
        )
        if not in_range:
            raise InputError(
                "shock values out of range",
                location="DisruptionShock",
                expected="capacity_loss and route_open in [0, 1], extra_inventory_weeks >= 0",
            )


def sole_supplier_shortfall(lost: np.ndarray, stock_months: float) -> np.ndarray:
    """The share of a part's baseline use its buyers go without each month, when the part's only supplier
    loses the share ``lost[t]`` of its output in month t and they hold ``stock_months`` of it.

    A firm-level chokepoint the table's sectors cannot see: the part has no substitute in the short run, so
    what stocks cannot cover is missing. Stocks are drawn to cover the loss month by month and not refilled
    within the shock (the supplier, back to its old capacity, supplies the buyers' use and no more): a
    second loss in the same window meets empty stocks.
    """
    if stock_months < 0 or np.any((lost < 0) | (lost > 1)):
        raise InputError(
            f"sole-supplier loss out of range (stock {stock_months} months)",
            location="sole_supplier_shortfall",
            expected="lost shares in [0, 1] and stocks >= 0",
        )
    stock, short = float(stock_months), np.zeros(len(lost))
    for t, gap in enumerate(lost):
        drawn = min(stock, float(gap))
        stock -= drawn
        short[t] = gap - drawn
    return short
