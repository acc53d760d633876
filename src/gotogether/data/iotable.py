"""The inter-country input-output table: one data model for every source (WIOD, OECD ICIO, EXIOBASE).

Layout follows pymrio so that tables move between the two without reshaping:

- ``Z``: intermediate flows, rows the supplying (region, sector), columns the using (region, sector).
- ``Y``: final demand, rows (region, sector) of origin, columns (region, category) of the buyer.
- ``va``: value added and other primary inputs, rows the components (for WIOD, one row "VA" that
  includes taxes less subsidies and international margins), columns (region, sector).
- ``x``: gross output by (region, sector).

All in ``unit`` (for WIOD: millions of current USD) for ``year``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from gotogether.dims import CATEGORY, REGION, SECTOR


@dataclass(frozen=True)
class IOTable:
    """An inter-country input-output table with labelled blocks (see the module docstring)."""

    Z: pd.DataFrame
    Y: pd.DataFrame
    va: pd.DataFrame
    x: pd.Series
    unit: str
    year: int | None
    source: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def regions(self) -> list[str]:
        """Region codes in table order."""
        return list(self.Z.index.get_level_values(REGION).unique())

    @property
    def sectors(self) -> list[str]:
        """Sector codes in table order."""
        return list(self.Z.index.get_level_values(SECTOR).unique())

    @property
    def final_demand_categories(self) -> list[str]:
        """Final-demand categories (e.g. household consumption, investment, inventories)."""
        return list(self.Y.columns.get_level_values(CATEGORY).unique())

    def check(self, *, strict: bool = False) -> None:
        """Warn about (``strict``: raise on) broken identities; see ``gotogether.data.consistency``."""
        from gotogether.data.consistency import check_consistency

        check_consistency(self, strict=strict)
