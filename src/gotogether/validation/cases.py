"""The registry of validation cases: each reproduces a published table and says how close it came."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from gotogether.errors import InputError


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


def _cp2015_nafta() -> list[ValidationRow]:
    from gotogether.validation.cp2015_nafta import table2_rows

    return table2_rows()


def _world_2019() -> list[ValidationRow]:
    from gotogether.validation.world2019 import world_2019_rows

    return world_2019_rows()


CASES: dict[str, tuple[str, Callable[[], list[ValidationRow]]]] = {
    "cp2015-nafta": (
        "Caliendo and Parro (2015), Table 2: welfare effects of NAFTA's tariff changes",
        _cp2015_nafta,
    ),
    "world-2019": (
        "The 2019 default world: value added vs GDP 2019 by region, electronics output shares vs sources",
        _world_2019,
    ),
}
"""Case name -> (what it reproduces, how to compute its rows)."""


def run_cases(names: list[str] | None = None) -> list[ValidationRow]:
    """Run the named cases (all by default) and return their rows in order."""
    selected = names or list(CASES)
    unknown = [name for name in selected if name not in CASES]
    if unknown:
        raise InputError(
            f"unknown validation case(s) {unknown}", location="CASE", expected=f"one of {list(CASES)}"
        )
    return [row for name in selected for row in CASES[name][1]()]
