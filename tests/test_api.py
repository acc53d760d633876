"""The Python API converts tables to and from pymrio: the default world round-trips and pymrio computes the
same Leontief results on it as the input-output engine."""

from __future__ import annotations

import numpy as np
import pytest

import gotogether.api as gt
from gotogether.data.default_world import load_default_world
from gotogether.data.iotable import IOTable
from gotogether.testing import assert_allclose

pymrio = pytest.importorskip("pymrio")


@pytest.fixture(scope="module")
def table() -> IOTable:
    return gt.world_table()


def test_world_table_is_the_default_world(table: IOTable) -> None:
    assert (len(table.regions), len(table.sectors)) == (23, 27)
    assert {"SEMI", "TELEQ", "OELEC"} <= set(table.sectors)
    assert len(gt.world_table("2011").sectors) == 25
    assert_allclose(table.Z, load_default_world().Z, rtol=0, atol=0)


def test_the_default_world_round_trips_through_pymrio(table: IOTable) -> None:
    system = gt.to_pymrio(table)
    assert isinstance(system, pymrio.IOSystem)
    assert system.unit.iloc[0, 0] == table.unit
    again = gt.from_pymrio(system, validate="skip")
    for block in ("Z", "Y", "x", "va"):
        assert_allclose(getattr(again, block), getattr(table, block), rtol=0, atol=0)
    assert again.unit == table.unit


def test_pymrio_computes_gross_output_from_the_converted_world(table: IOTable) -> None:
    """Leontief: x = L y. pymrio, given only the converted Z and Y, reproduces the table's gross output."""
    system = gt.to_pymrio(table)
    system.x = None
    system.calc_all()
    np.testing.assert_allclose(system.x.to_numpy().ravel(), table.x.to_numpy(), rtol=1e-9)
    final_demand = system.Y.sum(axis=1).to_numpy()
    np.testing.assert_allclose(system.L.to_numpy() @ final_demand, table.x.to_numpy(), rtol=1e-9)


def test_a_pymrio_system_becomes_a_table() -> None:
    system = pymrio.load_test()
    table = gt.from_pymrio(system, source="pymrio test system", validate="skip")
    assert table.source == "pymrio test system"
    assert table.regions == [f"reg{k}" for k in range(1, 7)]
    assert_allclose(table.Z, system.Z, rtol=0, atol=0)
