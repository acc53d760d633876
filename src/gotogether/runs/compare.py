"""Compare two runs: any table of theirs side by side, row by row (``gotogether compare``, the service)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pandas.api.types import is_float_dtype

from gotogether.runs.manifest import read_manifest
from gotogether.runs.tables import read_table
from gotogether.runs.writer import TABLES


def compare_runs(run_a: str | Path, run_b: str | Path, table: str = "who_pays") -> pd.DataFrame:
    """``compare_tables`` of the table ``table`` of two run directories (``InputError`` if one is not a
    run directory)."""
    frames = []
    for run_directory in (Path(run_a), Path(run_b)):
        read_manifest(run_directory)
        frames.append(read_table(run_directory / TABLES, table))
    return compare_tables(*frames)


def compare_tables(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two runs' versions of a table side by side, row by row.

    Labels are the columns that are not floating point. Those with a single value in both tables (the
    scenario of a one-scenario run) describe the run, not the row, and are left out; of the others, the
    shortest leading run that identifies every row in both tables pairs the rows (country, or year and
    country...), and the rest are shown as ``<label>_a`` and ``<label>_b`` (a who-pays role, say). Each
    floating-point column both tables have gives ``<value>_a``, ``<value>_b`` and ``<value>_diff`` (b - a).
    Rows in one table only have nulls on the other side.
    """
    values = [
        column
        for column in first.columns
        if is_float_dtype(first[column]) and column in second and is_float_dtype(second[column])
    ]
    if not values:
        raise ValueError("the tables share no numeric column")
    labels = [column for column in first.columns if not is_float_dtype(first[column]) and column in second]
    varying = [column for column in labels if not (_constant(first[column]) and _constant(second[column]))]
    keys = _identifying(varying, first, second)
    others = [column for column in varying if column not in keys]
    left, right = first[keys + others + values], second[keys + others + values]
    if keys:
        merged = left.merge(right, on=keys, how="outer", suffixes=("_a", "_b"), sort=True)
    else:  # one row each
        merged = left.add_suffix("_a").join(right.add_suffix("_b"))
    for column in values:
        merged[f"{column}_diff"] = merged[f"{column}_b"] - merged[f"{column}_a"]
    paired = [f"{column}_{side}" for column in others for side in ("a", "b")]
    compared = [f"{column}_{side}" for column in values for side in ("a", "b", "diff")]
    return merged[keys + paired + compared]


def _constant(column: pd.Series) -> bool:
    values = column.to_numpy()
    return len(values) == 0 or bool((values == values[0]).all())


def _identifying(labels: list[str], *tables: pd.DataFrame) -> list[str]:
    """The shortest leading part of ``labels`` on which no table has two rows alike."""
    for length in range(len(labels) + 1):
        keys = labels[:length]
        if all((len(table) <= 1) if not keys else not table.duplicated(keys).any() for table in tables):
            return keys
    raise ValueError("rows are not told apart by their labels")
