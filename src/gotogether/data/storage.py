"""An ``IOTable`` as one compressed Parquet file, written completely or not at all.

Long format, one row per non-zero cell: ``block`` (Z, Y, va, x; dictionary-encoded), ``row`` and ``col`` (the
cell's positions among the block's row and column labels), ``value``; the labels in order, unit, year, source
and meta are kept in the file's metadata. Reading scatters each block's values into a dense array by those
positions, with no Python-level loop over cells or keys, and gives back the same table, labels in the same
order and exact float64 values.
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
_BLOCKS = ("Z", "Y", "va", "x")
_COLUMNS = ("block", "row", "col", "value")


def _cells(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (row, column) and values of the non-zero cells of ``frame``, row by row."""
    values = frame.to_numpy(dtype=float)
    rows, cols = np.nonzero(values)
    return rows.astype(np.int32), cols.astype(np.int32), values[rows, cols]


def write_iotable_parquet(table: IOTable, path: str | Path) -> None:
    """Write ``table`` to ``path`` (zstd-compressed Parquet) through a temporary file and a rename."""
    path = Path(path)
    parts = [_cells(frame) for frame in (table.Z, table.Y, table.va, table.x.to_frame("x"))]
    counts = [len(part[2]) for part in parts]
    blocks = pa.DictionaryArray.from_arrays(
        np.repeat(np.arange(len(_BLOCKS), dtype=np.int8), counts), pa.array(_BLOCKS)
    )
    labels = {
        "index": [list(k) for k in table.Z.index],
        "fd_columns": [list(k) for k in table.Y.columns],
        "va_rows": [str(k) for k in table.va.index],
    }
    meta = {"unit": table.unit, "year": table.year, "source": table.source, "meta": table.meta, **labels}
    arrow = pa.Table.from_arrays(
        [blocks, *(pa.array(np.concatenate([part[k] for part in parts])) for k in range(3))],
        names=list(_COLUMNS),
        metadata={_META_KEY: json.dumps(meta)},
    )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(arrow, temporary, compression="zstd", compression_level=19)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a data file is for everyone to read
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def read_iotable_parquet(path: str | Path) -> IOTable:
    """Read a table written by ``write_iotable_parquet``."""
    path = Path(path)
    try:
        arrow = pq.read_table(path, read_dictionary=["block"])
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"not a Parquet file ({error})", source=str(path)) from None
    raw = (arrow.schema.metadata or {}).get(_META_KEY)
    if raw is None or arrow.column_names != list(_COLUMNS):
        raise InputError(
            f"columns {arrow.column_names}" + ("" if raw else ", no table metadata"),
            source=str(path),
            expected=f"a file written by this version's write_iotable_parquet (columns {list(_COLUMNS)})",
        )
    meta: dict[str, Any] = json.loads(raw)
    index = pd.MultiIndex.from_tuples([tuple(k) for k in meta["index"]], names=[REGION, SECTOR])
    fd = pd.MultiIndex.from_tuples([tuple(k) for k in meta["fd_columns"]], names=[REGION, CATEGORY])
    va_rows = pd.Index(meta["va_rows"])
    block = arrow.column("block").combine_chunks()
    names: list[str] = block.dictionary.to_pylist()
    codes = block.indices.to_numpy(zero_copy_only=False)
    rows, cols, values = (arrow.column(name).to_numpy() for name in _COLUMNS[1:])

    def dense(name: str, shape: tuple[int, int]) -> np.ndarray:
        out = np.zeros(shape)
        if name in names:
            cell = codes == names.index(name)
            if rows[cell].max(initial=-1) >= shape[0] or cols[cell].max(initial=-1) >= shape[1]:
                raise InputError(
                    f"block {name} has a cell outside its {shape[0]} x {shape[1]} labels", source=str(path)
                )
            out[rows[cell], cols[cell]] = values[cell]
        return out

    n = len(index)
    return IOTable(
        Z=pd.DataFrame(dense("Z", (n, n)), index=index, columns=index),
        Y=pd.DataFrame(dense("Y", (n, len(fd))), index=index, columns=fd),
        va=pd.DataFrame(dense("va", (len(va_rows), n)), index=va_rows, columns=index),
        x=pd.Series(dense("x", (n, 1))[:, 0], index=index, name="gross_output"),
        unit=meta["unit"],
        year=meta["year"],
        source=meta["source"],
        meta=meta["meta"],
    )
