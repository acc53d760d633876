"""GRAS and the proportional sector split: hand-worked cases and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gotogether.data.gras import gras
from gotogether.data.iotable import IOTable
from gotogether.data.split import split_region, split_sector
from gotogether.errors import InputError


def test_gras_without_negatives_is_ras_hand_worked() -> None:
    # All-ones 2x2 to rows (3, 1) and columns (2, 2): r (s1 + s2) gives rows, symmetry gives s1 = s2.
    result = gras(np.ones((2, 2)), np.array([3.0, 1.0]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(result.matrix, [[1.5, 1.5], [0.5, 0.5]], rtol=1e-12)


def test_gras_keeps_signs_and_meets_totals_with_negatives() -> None:
    rng = np.random.default_rng(7)
    base = rng.uniform(1, 10, size=(6, 8))
    base[1, 3], base[4, 0], base[2, 7] = -3.0, -1.5, -0.5  # e.g. inventories run down
    rows = base.sum(axis=1) * rng.uniform(0.8, 1.5, size=6)
    columns = base.sum(axis=0) * rng.uniform(0.8, 1.5, size=8)
    columns *= rows.sum() / columns.sum()
    result = gras(base, rows, columns)
    np.testing.assert_allclose(result.matrix.sum(axis=1), rows, rtol=1e-9)
    np.testing.assert_allclose(result.matrix.sum(axis=0), columns, rtol=1e-9)
    assert (np.sign(result.matrix) == np.sign(base)).all()
    assert result.row_gap < 1e-8
    assert result.column_gap < 1e-8


def test_gras_changes_nothing_when_the_totals_are_already_met() -> None:
    base = np.array([[4.0, -1.0, 2.0], [1.0, 3.0, 0.0]])
    result = gras(base, base.sum(axis=1), base.sum(axis=0))
    np.testing.assert_allclose(result.matrix, base, rtol=1e-12)


def _table() -> IOTable:
    index = pd.MultiIndex.from_product([["A", "B"], ["s", "e"]], names=["region", "sector"])
    Z = pd.DataFrame(np.arange(1.0, 17.0).reshape(4, 4), index=index, columns=index)
    Y = pd.DataFrame(
        [[5.0, 1.0], [7.0, 2.0], [1.0, 6.0], [3.0, 8.0]],
        index=index,
        columns=pd.MultiIndex.from_product([["A", "B"], ["h"]], names=["region", "category"]),
    )
    x = Z.sum(axis=1) + Y.sum(axis=1)
    va = pd.DataFrame([(x - Z.sum(axis=0)).to_numpy()], index=["VA"], columns=index)
    return IOTable(Z=Z, Y=Y, va=va, x=x, unit="u", year=2019, source="toy")


def test_split_preserves_every_total_and_splits_cells_by_both_shares() -> None:
    table = _table()
    shares = pd.DataFrame({"e1": [0.25, 0.9], "e2": [0.75, 0.1]}, index=["A", "B"])
    split = split_sector(table, "e", shares)
    assert split.sectors == ["s", "e1", "e2"]
    # The flow from (A, e) to (B, e), 8, becomes 0.25 * 0.1 * 8 from (A, e1) to (B, e2).
    assert split.Z.loc[("A", "e1"), ("B", "e2")] == pytest.approx(0.25 * 0.1 * 8.0)
    assert split.Z.loc[("A", "s"), ("B", "e1")] == pytest.approx(0.9 * 4.0)
    for region in ("A", "B"):
        assert split.x.loc[region].sum() == pytest.approx(table.x.loc[region].sum(), rel=1e-14)
    assert split.x[("B", "e1")] == pytest.approx(0.9 * table.x[("B", "e")])
    np.testing.assert_allclose(split.Z.sum(axis=0) + split.va.sum(axis=0), split.x, rtol=1e-12)
    np.testing.assert_allclose(split.Z.sum(axis=1) + split.Y.sum(axis=1), split.x, rtol=1e-12)
    assert float(split.Y.to_numpy().sum()) == pytest.approx(float(table.Y.to_numpy().sum()), rel=1e-14)


def test_split_rejects_shares_that_do_not_sum_to_one() -> None:
    shares = pd.DataFrame({"e1": [0.5, 0.5], "e2": [0.4, 0.5]}, index=["A", "B"])
    with pytest.raises(InputError, match="do not sum to 1"):
        split_sector(_table(), "e", shares)


def test_region_split_preserves_every_total_and_splits_cells_by_the_share() -> None:
    table = _table()
    split = split_region(table, "A", "A2", 0.25)
    assert split.regions == ["A", "A2", "B"]
    # the flow from (A, s) to (A, e), 2, becomes 0.75 * 0.75 * 2 within the rest of A, 0.25 * 0.75 * 2 from
    # the part to the rest and 0.25 * 0.25 * 2 within the part; flows with B are split once
    assert split.Z.loc[("A", "s"), ("A", "e")] == pytest.approx(0.75 * 0.75 * 2.0)
    assert split.Z.loc[("A2", "s"), ("A", "e")] == pytest.approx(0.25 * 0.75 * 2.0)
    assert split.Z.loc[("A2", "s"), ("A2", "e")] == pytest.approx(0.25 * 0.25 * 2.0)
    assert split.Z.loc[("B", "e"), ("A2", "s")] == pytest.approx(0.25 * 13.0)
    # final demand: A's buyers of (B, s), 1, become 0.75 and 0.25
    assert split.Y.loc[("B", "s"), ("A2", "h")] == pytest.approx(0.25 * 1.0)
    assert split.x[("A2", "e")] == pytest.approx(0.25 * table.x[("A", "e")])
    np.testing.assert_allclose(split.Z.sum(axis=0) + split.va.sum(axis=0), split.x, rtol=1e-12)
    np.testing.assert_allclose(split.Z.sum(axis=1) + split.Y.sum(axis=1), split.x, rtol=1e-12)
    assert float(split.Z.to_numpy().sum()) == pytest.approx(float(table.Z.to_numpy().sum()), rel=1e-14)
    with pytest.raises(InputError, match="cannot split"):
        split_region(table, "A", "B", 0.25)
