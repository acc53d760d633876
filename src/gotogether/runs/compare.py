"""Compare two run directories: their who-pays tables side by side."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gotogether.errors import InputError
from gotogether.runs.manifest import read_manifest
from gotogether.runs.tables import read_table

TABLES = "tables"
KEYS = ["scenario", "country"]


def compare_runs(run_a: str | Path, run_b: str | Path) -> pd.DataFrame:
    """The numeric who-pays columns of two runs for the (scenario, country) rows both have, with columns
    ``(quantity, "a" | "b" | "b - a")``. Raises ``InputError`` when a path is not a run or the two runs
    share no row."""
    tables = []
    for run_directory in (Path(run_a), Path(run_b)):
        read_manifest(run_directory)
        tables.append(read_table(run_directory / TABLES, "who_pays").set_index(KEYS))
    a, b = tables
    common = a.index.intersection(b.index)
    if common.empty:
        raise InputError(
            "the two runs share no (scenario, country) row",
            source=f"{run_a} and {run_b}",
            expected="runs of at least one common scenario",
        )
    numbers = [c for c in a.columns if c in b.columns and pd.api.types.is_numeric_dtype(a[c])]
    a, b = a.loc[common, numbers], b.loc[common, numbers]
    return pd.concat({"a": a, "b": b, "b - a": b - a}, axis=1).swaplevel(axis=1).sort_index(axis=1)
