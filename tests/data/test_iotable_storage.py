"""The Parquet layout of an ``IOTable`` (issue 20): cells by position, read back exactly, bad files named."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gotogether.data.iotable import IOTable
from gotogether.data.storage import read_iotable_parquet, write_iotable_parquet
from gotogether.errors import InputError
from gotogether.testing import assert_allclose


def test_a_table_with_zeros_and_negative_cells_reads_back_exactly(balanced: IOTable, tmp_path: Path) -> None:
    path = tmp_path / "table.parquet"
    write_iotable_parquet(balanced, path)
    back = read_iotable_parquet(path)
    for block in ("Z", "Y", "va", "x"):
        assert_allclose(getattr(back, block), getattr(balanced, block), rtol=0, atol=0)
    assert back.Y.columns.equals(balanced.Y.columns)
    assert back.va.index.equals(balanced.va.index)
    assert (back.unit, back.year, back.source) == ("USD", 2011, "hand-made table")
    stored = pq.read_table(path)
    assert stored.column_names == ["block", "row", "col", "value"]
    # Only non-zero cells are stored: the hand-made Y has three zeros among its 16 cells.
    assert stored.num_rows == 16 + 13 + 4 + 4
    assert float(back.Y.iloc[1, 1]) == -1.0


def test_a_cell_outside_the_labels_is_named(balanced: IOTable, tmp_path: Path) -> None:
    path = tmp_path / "table.parquet"
    write_iotable_parquet(balanced, path)
    stored = pq.read_table(path)
    rows = stored.column("row").to_numpy().copy()
    rows[0] = 4  # Z has four rows
    pq.write_table(stored.set_column(1, "row", pa.array(rows)), path)
    with pytest.raises(InputError, match=r"table.parquet: block Z has a cell outside its 4 x 4 labels"):
        read_iotable_parquet(path)


def test_a_file_of_another_layout_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.parquet"
    pq.write_table(pa.table({"block": ["Z"], "row_region": ["AAA"], "value": [1.0]}), path)
    with pytest.raises(InputError, match=r"old.parquet: columns \['block', 'row_region', 'value'\]"):
        read_iotable_parquet(path)
