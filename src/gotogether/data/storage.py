"""An ``IOTable`` as one compressed Parquet file, written completely or not at all.

Long format, one row per non-zero cell: ``block`` (Z, Y, va, x), ``row_region``, ``row_item``,
``col_region``, ``col_item``, ``value``; the label order, unit, year, source and meta are kept in the file's
metadata, so that reading gives back the same table, labels in the same order and exact float64 values.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from gotogether.data.iotable import IOTable
from gotogether.dims import CATEGORY, REGION, SECTOR
from gotogether.errors import InputError

_META_KEY = b"gotogether.iotable"


def _long(block: str, frame: pd.DataFrame) -> pd.DataFrame:
    values = frame.to_numpy(dtype=float)
    rows, cols = np.nonzero(values)
    row_labels: list[Any] = list(frame.index)
    col_labels: list[Any] = list(frame.columns)
    row_keys = [k if isinstance(k, tuple) else ("", k) for k in row_labels]
    col_keys = [k if isinstance(k, tuple) else ("", k) for k in col_labels]
    return pd.DataFrame(
        {
            "block": block,
            "row_region": [str(row_keys[r][0]) for r in rows],
            "row_item": [str(row_keys[r][1]) for r in rows],
            "col_region": [str(col_keys[c][0]) for c in cols],
            "col_item": [str(col_keys[c][1]) for c in cols],
            "value": values[rows, cols],
        }
    )


def write_iotable_parquet(table: IOTable, path: str | Path) -> None:
    """Write ``table`` to ``path`` (zstd-compressed Parquet) through a temporary file and a rename."""
    path = Path(path)
    parts = [
        _long("Z", table.Z),
        _long("Y", table.Y),
        _long("va", table.va),
        _long("x", table.x.to_frame("x")),
    ]
    labels = {
        "index": [list(k) for k in table.Z.index],
        "fd_columns": [list(k) for k in table.Y.columns],
        "va_rows": [str(k) for k in table.va.index],
    }
    meta = {"unit": table.unit, "year": table.year, "source": table.source, "meta": table.meta, **labels}
    arrow = pa.Table.from_pandas(pd.concat(parts, ignore_index=True), preserve_index=False)
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), _META_KEY: json.dumps(meta)})
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(arrow, temporary, compression="zstd", compression_level=19)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a data file is for everyone to read
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _positions(labels: pd.Index, regions: pd.Series, items: pd.Series) -> np.ndarray:
    """Positions in ``labels`` of the (region, item) keys; vectorised: a Python loop over Arrow strings
    takes seconds on a dense table."""
    if isinstance(labels, pd.MultiIndex):
        keys = pd.MultiIndex.from_arrays([regions.to_numpy(dtype=object), items.to_numpy(dtype=object)])
        return labels.get_indexer(keys)
    return labels.get_indexer(pd.Index(items.to_numpy(dtype=object)))


def read_iotable_parquet(path: str | Path) -> IOTable:
    """Read a table written by ``write_iotable_parquet``."""
    path = Path(path)
    try:
        arrow = pq.read_table(path)
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"not a Parquet file ({error})", source=str(path)) from None
    raw = (arrow.schema.metadata or {}).get(_META_KEY)
    if raw is None:
        raise InputError(
            "no table metadata", source=str(path), expected="a file written by write_iotable_parquet"
        )
    meta: dict[str, Any] = json.loads(raw)
    cells = arrow.to_pandas()
    index = pd.MultiIndex.from_tuples([tuple(k) for k in meta["index"]], names=[REGION, SECTOR])
    fd = pd.MultiIndex.from_tuples([tuple(k) for k in meta["fd_columns"]], names=[REGION, CATEGORY])
    va_rows = pd.Index(meta["va_rows"])

    def block(name: str, rows: pd.Index, columns: pd.Index) -> pd.DataFrame:
        part = cells[cells["block"] == name]
        frame = pd.DataFrame(0.0, index=rows, columns=columns)
        row_pos = _positions(rows, part["row_region"], part["row_item"])
        col_pos = _positions(columns, part["col_region"], part["col_item"])
        values = frame.to_numpy(copy=True)
        values[row_pos, col_pos] = part["value"].to_numpy()
        return pd.DataFrame(values, index=rows, columns=columns)

    x = block("x", index, pd.Index(["x"]))["x"].rename("gross_output")
    return IOTable(
        Z=block("Z", index, index),
        Y=block("Y", index, fd),
        va=block("va", va_rows, index),
        x=x,
        unit=meta["unit"],
        year=meta["year"],
        source=meta["source"],
        meta=meta["meta"],
    )
