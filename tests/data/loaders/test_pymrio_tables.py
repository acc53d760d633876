"""IOTable <-> pymrio IOSystem in both directions, and EXIOBASE 3 through pymrio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gotogether.data.iotable import IOTable
from gotogether.data.loaders.pymrio_tables import from_pymrio, read_exiobase3, to_pymrio
from gotogether.errors import InputError
from gotogether.testing import assert_allclose

pymrio = pytest.importorskip("pymrio")


def test_round_trip_from_pymrio_test_system_keeps_every_block() -> None:
    system = pymrio.load_test()
    system.calc_all()
    table = from_pymrio(system, validate="skip")
    assert table.regions == [f"reg{k}" for k in range(1, 7)]
    assert len(table.sectors) == 8
    assert table.unit == "Mill USD"
    back = to_pymrio(table)
    assert_allclose(back.Z, system.Z, rtol=0, atol=0)
    assert_allclose(back.Y, system.Y, rtol=0, atol=0)
    np.testing.assert_array_equal(back.x.to_numpy().ravel(), system.x.to_numpy().ravel())
    # pymrio computes the same Leontief results from the converted system as from the original.
    back.calc_all()
    assert_allclose(back.L, system.L, rtol=1e-12, atol=1e-12)


def test_round_trip_from_iotable(balanced: IOTable) -> None:
    again = from_pymrio(to_pymrio(balanced), validate="strict")
    assert_allclose(again.Z, balanced.Z, rtol=0, atol=0)
    assert_allclose(again.Y, balanced.Y, rtol=0, atol=0)
    assert_allclose(again.x, balanced.x, rtol=0, atol=0)
    assert_allclose(again.va, balanced.va, rtol=0, atol=0)
    assert again.unit == balanced.unit


def test_exiobase_reader_names_a_foreign_file(tmp_path: Path) -> None:
    bogus = tmp_path / "IOT_2011_ixi.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"IOT_2011_ixi\.zip: pymrio could not parse it.*EXIOBASE 3"):
        read_exiobase3(bogus)
    with pytest.raises(InputError, match="file not found"):
        read_exiobase3(tmp_path / "absent.zip")
