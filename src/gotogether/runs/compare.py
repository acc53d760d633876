"""Compare two runs: any table of theirs side by side, row by row (``gotogether compare``, the service)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pandas.api.types import is_float_dtype

from gotogether.errors import InputError
from gotogether.runs.manifest import RunManifest, file_record, read_manifest
from gotogether.runs.tables import read_table
from gotogether.runs.writer import TABLES


def compare_runs(run_a: str | Path, run_b: str | Path, table: str = "who_pays") -> pd.DataFrame:
    """``compare_tables`` of the table ``table`` of two run directories (``InputError`` if one is not a
    run directory, lacks the table, or its file is not the one the run wrote)."""
    frames = []
    for run_directory in (Path(run_a), Path(run_b)):
        check_table_file(run_directory, read_manifest(run_directory), table)
        frames.append(read_table(run_directory / TABLES, table))
    return compare_tables(*frames)


def check_table_file(run_directory: Path, manifest: RunManifest, table: str) -> None:
    """The table's Parquet file is listed in the manifest and has the size and SHA-256 recorded there."""
    relative = f"{TABLES}/{table}.parquet"
    record = next((entry for entry in manifest.files if entry.path == relative), None)
    if record is None:
        raise InputError(
            f"the run has no table {table!r}",
            source=str(run_directory),
            expected=f"one of {', '.join(sorted(manifest.tables))}",
        )
    path = run_directory / relative
    if not path.is_file():
        raise InputError(
            "missing: the run directory is incomplete",
            source=str(path),
            expected="the file manifest.json lists",
        )
    if file_record(path, run_directory) != record:
        raise InputError(
            "changed since the run was written (size or SHA-256 differs from manifest.json)",
            source=str(path),
            expected="the file as the run wrote it (run the scenario again)",
        )


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
        raise InputError(
            "the two versions of the table share no numeric column "
            f"(first: {', '.join(map(str, first.columns))}; second: {', '.join(map(str, second.columns))})",
            location="--table",
            expected="a table both runs wrote with the same value columns (runs of one gotogether version)",
        )
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
