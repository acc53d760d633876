"""A finished run's results on disk (the run directory format of ``gotogether.runs``): its tables
(``tables/NAME.parquet`` with CSV twins), manifest and report; comparisons of two runs' tables.

Clients pick a table by its name, looked up among the run's own files, never by a path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

from gotogether.runs.writer import TABLES

REPORT = "report.html"


def tables(run_dir: Path) -> dict[str, Path]:
    """The Parquet tables of a run, by name (sorted)."""
    return {path.stem: path for path in sorted((run_dir / TABLES).glob("*.parquet"))}


def read_table(path: Path) -> pd.DataFrame:
    """A result table (tidy: labels such as country, sector, year are ordinary columns)."""
    return pd.read_parquet(path)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready mappings (NaN and infinities become null), converted column by column."""
    names = [str(column) for column in frame.columns]
    columns = [_json_column(frame[column]) for column in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _json_column(column: pd.Series) -> list[Any]:
    if (is_float_dtype(column) or is_integer_dtype(column)) and not is_bool_dtype(column):
        finite = np.isfinite(column.to_numpy(dtype=float, na_value=np.nan)).tolist()
        plain = column.astype(object).tolist()
        return [value if ok else None for value, ok in zip(plain, finite, strict=True)]
    missing = column.isna().tolist()
    return [None if gap else _text(value) for value, gap in zip(column.tolist(), missing, strict=True)]


def _text(value: Any) -> Any:
    if isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def compare(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
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
