"""One published number against ours, with its tolerance and verdict."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ValidationRow:
    """One published number against ours. ``published`` is None for a quantity reported for information
    (not in the source table); such a row has no pass/fail verdict."""

    case: str
    country: str
    quantity: str
    published: float | None
    ours: float
    tolerance: float

    @property
    def difference(self) -> float | None:
        return None if self.published is None else self.ours - self.published

    @property
    def passed(self) -> bool | None:
        if self.published is None:
            return None
        return math.isfinite(self.ours) and abs(self.ours - self.published) <= self.tolerance

    def as_json(self) -> dict[str, object]:
        """The row with the keys of ``gotogether validate --json``."""
        return {
            "case": self.case,
            "country": self.country,
            "quantity": self.quantity,
            "published": self.published,
            "ours": self.ours,
            "pass": self.passed,
        }
