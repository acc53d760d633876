"""Cross-check of the IO engine against pymrio, the reference implementation, on the real WIOD 2011 table.

Same table in, same numbers out: every quantity agrees with pymrio's to 1e-8 relative to the largest entry
of the quantity (cells far below the largest are compared on that scale, not on their own).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pymrio.tools.iomath as pymrio_math
import pytest

from gotogether.data.iotable import IOTable
from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata
from gotogether.engines.io import (
    LeontiefSolver,
    calc_A,
    calc_B,
    calc_va_coefficients,
    final_demand_by_region,
    ghosh_output,
    output_multipliers,
    value_added_in_final_demand,
    value_added_multipliers,
)
from gotogether.testing import assert_allclose

WIOT_2011 = Path(__file__).parents[3] / "data" / "raw" / "wiod2013" / "wiot_2011.RData"
RTOL = 1e-8


def assert_same(actual: pd.Series | pd.DataFrame, expected: pd.Series | pd.DataFrame) -> None:
    scale = float(np.abs(expected.to_numpy()).max())
    assert scale > 0
    assert_allclose(actual, expected, rtol=RTOL, atol=RTOL * scale)


@pytest.fixture(scope="module")
def table() -> IOTable:
    return read_wiod2013_rdata(WIOT_2011, validate="skip")  # its 22 idle sectors are tested below


@pytest.fixture(scope="module")
def leontief(table: IOTable) -> LeontiefSolver:
    return LeontiefSolver(calc_A(table.Z, table.x))


@pytest.fixture(scope="module")
def pymrio_inverse(table: IOTable) -> pd.DataFrame:
    L: pd.DataFrame = pymrio_math.calc_L(pymrio_math.calc_A(table.Z, table.x))
    return L


def test_the_table_has_idle_sectors_and_takes_the_dense_path(
    table: IOTable, leontief: LeontiefSolver
) -> None:
    assert int((table.x == 0).sum()) == 22
    assert leontief.method == "dense"


def test_coefficients(table: IOTable) -> None:
    assert_same(calc_A(table.Z, table.x), pymrio_math.calc_A(table.Z, table.x))
    assert_same(calc_B(table.Z, table.x), pymrio_math.calc_B(table.Z, table.x))
    assert_same(calc_va_coefficients(table.va, table.x), pymrio_math.calc_S(table.va, table.x))


def test_leontief_output_for_every_final_demand_column(
    table: IOTable, leontief: LeontiefSolver, pymrio_inverse: pd.DataFrame
) -> None:
    assert_same(leontief.solve(table.Y), pymrio_inverse @ table.Y)
    y = table.Y.sum(axis=1)
    x = leontief.solve(y)
    assert_same(x, pymrio_math.calc_x_from_L(pymrio_inverse, y)["indout"])
    # The table's rows balance only to its rounding to whole millions (e = x - Z1 - y, up to 110), and
    # (I - A) x = x - Z1 = y + e holds exactly: L y misses the table's x by exactly L e.
    rounding = table.x - table.Z.sum(axis=1) - y
    assert float(rounding.abs().max()) <= 110.0
    assert_same(x + leontief.solve(rounding), table.x)


def test_inverse_and_multipliers(
    table: IOTable, leontief: LeontiefSolver, pymrio_inverse: pd.DataFrame
) -> None:
    assert_same(leontief.inverse(), pymrio_inverse)
    assert_same(output_multipliers(leontief), pymrio_inverse.sum(axis=0))
    expected = pymrio_math.calc_M(pymrio_math.calc_S(table.va, table.x), pymrio_inverse)
    assert_same(value_added_multipliers(leontief, calc_va_coefficients(table.va, table.x)), expected)


def test_ghosh_output(table: IOTable) -> None:
    G = pymrio_math.calc_G(pymrio_math.calc_B(table.Z, table.x))
    v = table.va.loc["VA"]
    x = ghosh_output(LeontiefSolver(calc_B(table.Z, table.x)), v)
    assert_same(x, v @ G)
    # Value added closes the columns exactly, so the supply side reproduces the table's output.
    assert_allclose(x, table.x, rtol=1e-10, atol=1e-6)


def test_value_added_embodied_in_final_demand(
    table: IOTable, leontief: LeontiefSolver, pymrio_inverse: pd.DataFrame
) -> None:
    S = pymrio_math.calc_S(table.va, table.x)
    by_region = final_demand_by_region(table.Y)
    embodied = value_added_in_final_demand(leontief, S.loc["VA"], table.Y)
    # By origin country-sector: diag(s) L Y_r with pymrio's S and L.
    assert_same(embodied, (pymrio_inverse @ by_region).mul(S.loc["VA"], axis=0))
    # By destination: pymrio's consumption-based account (D_cba) summed over the demanded sectors.
    D_cba = pymrio_math.calc_accounts(S, pymrio_inverse, by_region)[0]
    footprint = D_cba.loc["VA"].groupby(level="region", sort=False).sum()
    assert_same(embodied.sum(axis=0), footprint)
    # Every dollar of final demand is somebody's value added (up to the idle sectors' final demand).
    assert_allclose(embodied.sum(axis=0), by_region.sum(axis=0), rtol=1e-6, atol=5.0)
