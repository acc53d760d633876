"""The industries that adopt 5G (the table is data: ``gotogether.data.value.read_industry_table``).

Each industry is a set of sectors of the default world (``data/classifications/default_world_sectors.csv``;
WIOD 2013 does not separate computer services, so ICT takes business services, BUS, beside TELE), belongs
to one of PwC's five reporting groups (for calibration),
and carries its adoption ceiling and diffusion midpoint with low-high ranges. No public source gives these
per-industry parameters (5g-value-chain-facts.md, section 7), so every row is marked ``assumption``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.dims import INDUSTRY, SECTOR


@dataclass(frozen=True)
class Industries:
    """The industry table (indexed by industry) and its mapping onto the model world's ``sectors``."""

    table: pd.DataFrame
    sectors: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return list(self.table.index)

    @cached_property
    def labels(self) -> pd.Index:
        """The industries' names as an index, made once (the value engine labels every run with it)."""
        return pd.Index(self.names)

    @cached_property
    def curves(self) -> tuple[np.ndarray, np.ndarray]:
        """The adoption ceiling and the diffusion midpoint (years) of each industry, as arrays, read once
        (the value engine reads them in every run)."""
        table = self.table
        return table["ceiling"].to_numpy(dtype=float), table["midpoint_years"].to_numpy(dtype=float)

    def parameter(self, column: str) -> xr.DataArray:
        """A numeric column as a DataArray over ``industry``."""
        return xr.DataArray(
            self.table[column].to_numpy(dtype=float), dims=INDUSTRY, coords={INDUSTRY: self.names}
        )

    @cached_property
    def sector_mapping(self) -> xr.DataArray:
        """1 where an industry contains a default-world sector, dims (industry, sector)."""
        sectors = list(self.sectors)
        column = {sector: n for n, sector in enumerate(sectors)}
        values = np.zeros((len(self.table), len(sectors)))
        for row, codes in enumerate(self.table["sectors"]):  # filled as numbers: labelled cells cost more
            values[row, [column[code] for code in codes.split(";")]] = 1.0
        return xr.DataArray(values, dims=(INDUSTRY, SECTOR), coords={INDUSTRY: self.names, SECTOR: sectors})
