"""An ensemble on disk: a manifest, the design, one Parquet directory per finished batch, and the reader.

Layout of ``out_dir``::

    manifest.json              seed, n_draws, batch_size, method, parameters, draw function; completed batches
    design.parquet             parameter values of every draw (draw x parameter)
    batches/batch-000042/      one Parquet file per output table, rows (draw, *table index)

A batch directory is written under a temporary name and renamed when complete, so a batch is on disk
entirely or not at all; the batch directories are the truth about what is done (the manifest's list of
completed batches is refreshed after each one, for people and tools reading along).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import xarray as xr

from gotogether.ensembles.sampling import DRAW, PARAMETER
from gotogether.errors import InputError

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
BATCHES = "batches"
INPUTS = "parameter_value"
"""Name of the (draw, parameter) variable holding the sampled inputs in ``read_ensemble``'s Dataset."""

Tables = Mapping[str, pd.DataFrame]


def batch_name(batch: int) -> str:
    return f"batch-{batch:06d}"


def _write_atomic(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of the ensemble in ``out_dir``, or None if there is none."""
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def write_manifest(out_dir: Path, manifest: Mapping[str, Any]) -> None:
    _write_atomic(out_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def write_design(out_dir: Path, values: pd.DataFrame) -> None:
    partial = out_dir / f".{DESIGN}.tmp"
    values.to_parquet(partial)
    partial.replace(out_dir / DESIGN)


def completed_batches(out_dir: Path) -> set[int]:
    """Batches whose directory is complete on disk."""
    folder = out_dir / BATCHES
    if not folder.exists():
        return set()
    return {int(path.name.removeprefix("batch-")) for path in folder.glob("batch-*") if path.is_dir()}


def stack_draws(results: Mapping[int, Tables]) -> dict[str, pd.DataFrame]:
    """Each table of a batch's draws stacked into one frame with ``draw`` as the first index level."""
    names = next(iter(results.values())).keys()
    for draw, tables in results.items():
        if tables.keys() != names:
            raise ValueError(f"draw {draw} returned tables {sorted(tables)}, other draws {sorted(names)}")
    return {
        name: pd.concat({draw: tables[name] for draw, tables in results.items()}, names=[DRAW])
        for name in names
    }


def write_batch(out_dir: Path, batch: int, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write one batch's tables (already stacked by draw) as a directory, complete or not at all."""
    folder = out_dir / BATCHES
    folder.mkdir(exist_ok=True)
    final = folder / batch_name(batch)
    staging = folder / f".{batch_name(batch)}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name, table in tables.items():
        table.to_parquet(staging / f"{name}.parquet")
    staging.rename(final)


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """One output table over all finished batches, rows (draw, *index) sorted by draw."""
    files = sorted((out_dir / BATCHES).glob(f"batch-*/{name}.parquet"))
    if not files:
        raise InputError(f"no batch holds a table {name!r}", source=str(out_dir), location=BATCHES)
    return pd.concat([pd.read_parquet(path) for path in files]).sort_index(level=DRAW, sort_remaining=False)


def table_names(out_dir: Path) -> list[str]:
    return sorted({path.stem for path in (out_dir / BATCHES).glob("batch-*/*.parquet")})


def read_ensemble(out_dir: Path) -> xr.Dataset:
    """The ensemble in ``out_dir`` as one Dataset with a ``draw`` dimension.

    Each column of each output table becomes a variable named ``TABLE.COLUMN`` with dimensions ``draw`` and
    the table's index levels; ``parameter_value`` (draw, parameter) holds the sampled inputs. Only finished
    batches are read (an interrupted run gives the draws done so far).
    """
    if read_manifest(out_dir) is None:
        raise InputError("no ensemble here", source=str(out_dir), expected=f"a directory with {MANIFEST}")
    variables: dict[str, xr.DataArray] = {}
    draws: pd.Index = pd.Index([], name=DRAW)
    for name in table_names(out_dir):
        table = read_table(out_dir, name)
        dataset = xr.Dataset.from_dataframe(table)
        draws = draws.union(pd.Index(dataset[DRAW].values, name=DRAW))
        variables.update({f"{name}.{column}": dataset[column] for column in table.columns})
    design = pd.read_parquet(out_dir / DESIGN)
    inputs = xr.DataArray(
        design.loc[draws].values,
        dims=(DRAW, PARAMETER),
        coords={DRAW: draws.values, PARAMETER: list(design.columns)},
    )
    return xr.Dataset({**variables, INPUTS: inputs})
