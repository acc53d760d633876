"""The WIOD 2013 RData reader on the real 2011 table shipped in data/raw."""

from pathlib import Path

import numpy as np
import pytest

from gotogether.data.consistency import IOTableWarning
from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata
from gotogether.errors import InputError

WIOT_2011 = Path(__file__).parents[3] / "data" / "raw" / "wiod2013" / "wiot_2011.RData"


def test_reads_the_2011_table_with_labels_and_balanced_rows() -> None:
    # The real table has known problems, reported as warnings: 22 (region, sector) that buy nothing (20 of
    # them sell nothing either, e.g. CHN c19) and 6 negative final-demand values outside inventories.
    with pytest.warns(IOTableWarning) as caught:
        table = read_wiod2013_rdata(WIOT_2011)
    messages = [str(w.message) for w in caught]
    assert any("zero rows: 20 (region, sector) sell nothing" in m and "(CHN, c19)" in m for m in messages)
    assert any("zero columns: 22 (region, sector) buy nothing" in m for m in messages)
    assert any("Y[(SVK, c10), (SVK, GFCF)] = -279" in m for m in messages)
    assert any("negative entries: 6 negative values" in m for m in messages)
    assert not any("row balance" in m or "column balance" in m for m in messages)
    assert table.year == 2011
    assert len(table.regions) == 41
    assert table.regions[-1] == "RoW"
    assert table.sectors[13] == "c14"
    assert table.Z.shape == (1435, 1435)
    assert table.Y.shape == (1435, 205)
    assert table.final_demand_categories == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    # Rows balance to gross output within the rounding to whole millions of this distribution.
    imbalance = table.Z.sum(axis=1) + table.Y.sum(axis=1) - table.x
    assert float(np.abs(imbalance).max()) <= 110.0
    assert float(table.x.sum()) == pytest.approx(141_767_904.0)
    # Value added closes the columns exactly.
    np.testing.assert_allclose(table.Z.sum(axis=0) + table.va.loc["VA"], table.x, rtol=0, atol=1e-6)
    assert table.Z.loc[("USA", "c14"), ("CHN", "c14")] > 0


def test_a_file_of_another_kind_is_rejected_with_its_name(tmp_path: Path) -> None:
    bogus = tmp_path / "wiot_1999.RData"
    bogus.write_bytes(b"not R data at all")
    with pytest.raises(InputError, match=r"wiot_1999\.RData.*WIOD 2013"):
        read_wiod2013_rdata(bogus)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_wiod2013_rdata(tmp_path / "absent.RData")
