"""A finished run's results on disk (the run directory format of ``gotogether.runs``): its tables
(``tables/NAME.parquet`` with CSV twins), manifest and report. Comparisons: ``gotogether.runs.compare``.

Clients pick a table by its name, looked up among the run's own files, never by a path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

from gotogether.errors import InputError
from gotogether.runs.manifest import read_manifest
from gotogether.runs.writer import TABLES

REPORT = "report.html"


def tables(run_dir: Path) -> dict[str, Path]:
    """The Parquet tables of a run, by name (sorted)."""
    return {path.stem: path for path in sorted((run_dir / TABLES).glob("*.parquet"))}


def titles(run_dir: Path) -> dict[str, str]:
    """Human names of a run's tables, from its manifest (none for a run written without them)."""
    try:
        manifest = read_manifest(run_dir)
    except InputError:
        return {}
    return {name: record.title for name, record in manifest.tables.items() if record.title}


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
