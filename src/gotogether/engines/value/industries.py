"""The industries that adopt 5G, kept as data (``gotogether/data/value/industries.csv``).

Each industry is a set of sectors of the default world (``data/classifications/default_world_sectors.csv``;
WIOD 2013 does not separate computer services, so ICT takes business services, BUS, beside TELE), belongs
to one of PwC's five reporting groups (for calibration),
and carries its adoption ceiling and diffusion midpoint with low-high ranges. No public source gives these
per-industry parameters (5g-value-chain-facts.md, section 7), so every row is marked ``assumption``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import pandas as pd
import xarray as xr

from gotogether.data.default_world import default_world_sector_names
from gotogether.dims import INDUSTRY, SECTOR
from gotogether.errors import InputError

_COLUMNS = {
    "industry": str,
    "name": str,
    "sectors": str,
    "pwc_group": str,
    "ceiling": float,
    "ceiling_low": float,
    "ceiling_high": float,
    "midpoint_years": float,
    "midpoint_low": float,
    "midpoint_high": float,
    "source": str,
}
_RANGES = (("ceiling", "ceiling_low", "ceiling_high"), ("midpoint_years", "midpoint_low", "midpoint_high"))


@dataclass(frozen=True)
class Industries:
    """The industry table and its derived mapping to WIOD sectors."""

    table: pd.DataFrame  # indexed by industry

    @property
    def names(self) -> list[str]:
        return list(self.table.index)

    def parameter(self, column: str) -> xr.DataArray:
        """A numeric column as a DataArray over ``industry``."""
        return xr.DataArray(
            self.table[column].to_numpy(dtype=float), dims=INDUSTRY, coords={INDUSTRY: self.names}
        )

    @cached_property
    def sector_mapping(self) -> xr.DataArray:
        """1 where an industry contains a default-world sector, dims (industry, sector)."""
        sectors = list(default_world_sector_names())
        mapping = xr.DataArray(0.0, dims=(INDUSTRY, SECTOR), coords={INDUSTRY: self.names, SECTOR: sectors})
        for industry, codes in self.table["sectors"].items():
            mapping.loc[industry, codes.split(";")] = 1.0
        return mapping


def _validate(table: pd.DataFrame, source: str) -> None:
    missing = sorted(set(_COLUMNS) - set(table.columns))
    if missing:
        raise InputError(f"missing columns {missing}", source=source, expected=f"columns {list(_COLUMNS)}")
    known = set(default_world_sector_names())
    seen: dict[str, str] = {}
    for row, record in enumerate(table.to_dict("records"), start=2):
        for sector in str(record["sectors"]).split(";"):
            if sector not in known:
                raise InputError(
                    f"unknown sector {sector!r}",
                    source=source,
                    location=f"row {row}, sectors",
                    expected=f"default-world sector codes separated by ';': {sorted(known)}",
                )
            if sector in seen:
                raise InputError(
                    f"sector {sector} already belongs to {seen[sector]!r}",
                    source=source,
                    location=f"row {row}, sectors",
                    expected="each sector in at most one industry",
                )
            seen[sector] = str(record["industry"])
        for column, low_column, high_column in _RANGES:
            low, value, high = (float(record[name]) for name in (low_column, column, high_column))
            if not low <= value <= high:
                raise InputError(
                    f"{column} {value} outside its range [{low}, {high}]",
                    source=source,
                    location=f"row {row}, {column}",
                    expected="low <= value <= high",
                )
        if not 0.0 < float(record["ceiling"]) <= 1.0:
            raise InputError(
                "ceiling not a share",
                source=source,
                location=f"row {row}, ceiling",
                expected="0 < ceiling <= 1",
            )


def read_industries(path: str | None = None) -> Industries:
    """Read and validate the industry table (the packaged default, or a user's CSV at ``path``)."""
    source = path or "gotogether/data/value/industries.csv"
    if path is None:
        with (
            resources.files("gotogether.data.value")
            .joinpath("industries.csv")
            .open(encoding="utf-8") as handle
        ):
            table = pd.read_csv(handle)
    else:
        try:
            table = pd.read_csv(path)
        except (OSError, pd.errors.ParserError) as error:
            raise InputError(f"cannot read ({error})", source=source, expected="a CSV file") from None
    _validate(table, source)
    return Industries(table.astype(_COLUMNS).set_index("industry"))


@cache
def default_industries() -> Industries:
    """The packaged industry table."""
    return read_industries()
