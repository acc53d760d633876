"""Shared fixtures: a small balanced two-region, two-sector table worked by hand; hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import settings

from gotogether.data.iotable import CATEGORY, REGION, SECTOR, IOTable

# `make test` draws the same examples on every run, so that CI passes or fails on the code alone;
# `make explore` (GOTOGETHER_HYPOTHESIS=explore) draws new ones to look for what the fixed draws miss.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("GOTOGETHER_HYPOTHESIS", "repeatable"))

TableFactory = Callable[[list[list[float]], list[list[float]], list[float]], IOTable]

# Rows: sales of (AAA, s1), (AAA, s2), (BBB, s1), (BBB, s2) to the same four and to final demand
# (AAA HH, AAA INVEN, BBB HH, BBB INVEN).
BALANCED_Z = [[10, 5, 3, 2], [4, 20, 1, 5], [2, 1, 15, 6], [3, 4, 2, 25]]
BALANCED_Y = [[50, 2, 8, 0], [40, -1, 9, 2], [6, 0, 60, 1], [5, 0, 50, -2]]


def _make_table(z: list[list[float]], y: list[list[float]], va: list[float]) -> IOTable:
    rows = pd.MultiIndex.from_product([["AAA", "BBB"], ["s1", "s2"]], names=[REGION, SECTOR])
    fd = pd.MultiIndex.from_product([["AAA", "BBB"], ["HH", "INVEN"]], names=[REGION, CATEGORY])
    Z = pd.DataFrame(z, index=rows, columns=rows, dtype=float)
    Y = pd.DataFrame(y, index=rows, columns=fd, dtype=float)
    return IOTable(
        Z=Z,
        Y=Y,
        va=pd.DataFrame([va], index=["VA"], columns=rows, dtype=float),
        x=(Z.sum(axis=1) + Y.sum(axis=1)).rename("gross_output"),
        unit="USD",
        year=2011,
        source="hand-made table",
    )


@pytest.fixture
def table_from() -> TableFactory:
    """Build a two-region (AAA, BBB), two-sector (s1, s2) table from lists; x is the row sums."""
    return _make_table


@pytest.fixture
def balanced() -> IOTable:
    """The hand-made table with value added closing every column."""
    table = _make_table(BALANCED_Z, BALANCED_Y, [0, 0, 0, 0])
    return _make_table(BALANCED_Z, BALANCED_Y, list(table.x - table.Z.sum(axis=0)))
