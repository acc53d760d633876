"""Result tables: labelled xarray/pandas results as tidy (long) tables, written as Parquet and CSV.

Every dimension or index level becomes a column (``scenario``, ``country``, ``year`` ...) and every variable a
value column, so a table reads the same in pandas, R or a spreadsheet. Units (``attrs["units"]``) go to the
run manifest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import xarray as xr

from gotogether.errors import InputError

Result = xr.DataArray | xr.Dataset | pd.DataFrame | pd.Series
TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def tidy(data: Result, name: str) -> pd.DataFrame:
    """``data`` as a long table: one column per dimension (or index level), one per variable."""
    if isinstance(data, xr.DataArray):
        return data.to_dataframe(name=data.name if data.name is not None else name).reset_index()
    if isinstance(data, xr.Dataset):
        return data.to_dataframe().reset_index()
    if isinstance(data, pd.Series):
        return data.to_frame(name=data.name if data.name is not None else name).reset_index()
    if isinstance(data.index, pd.RangeIndex) and data.index.name is None:
        return data.reset_index(drop=True)
    return data.reset_index()


def units(data: Result) -> dict[str, str]:
    """The ``units`` attribute of each variable that has one."""
    if isinstance(data, xr.Dataset):
        return {
            str(key): str(var.attrs["units"]) for key, var in data.data_vars.items() if "units" in var.attrs
        }
    if isinstance(data, xr.DataArray) and "units" in data.attrs:
        return {str(data.name): str(data.attrs["units"])}
    return {}


def write_table(directory: Path, name: str, data: Result) -> list[Path]:
    """Write ``name.parquet`` and ``name.csv`` into ``directory``; return both paths."""
    if not TABLE_NAME.match(name):
        raise InputError(f"invalid table name {name!r}", expected="lower-case letters, digits, '-' and '_'")
    table = tidy(data, name)
    parquet, csv = directory / f"{name}.parquet", directory / f"{name}.csv"
    table.to_parquet(parquet, index=False)
    table.to_csv(csv, index=False, lineterminator="\n")
    return [parquet, csv]


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (from its Parquet file)."""
    return pd.read_parquet(directory / f"{name}.parquet")
