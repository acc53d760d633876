"""Consistency checks of IOTable: each check on a hand-made table, warnings by default, errors in strict."""

from __future__ import annotations

import dataclasses
import warnings

import pytest

from conftest import TableFactory
from gotogether.data.consistency import (
    IOTableWarning,
    check_consistency,
    column_balance,
    label_mismatches,
    negative_entries,
    row_balance,
    zero_rows_and_columns,
)
from gotogether.data.iotable import IOTable
from gotogether.errors import DataConsistencyError


def test_a_balanced_table_passes_every_check_silently(balanced: IOTable) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_consistency(balanced) == []
    # Hand check: row (AAA, s1) sells 10+5+3+2 to industries and 50+2+8+0 to final demand.
    assert balanced.x[("AAA", "s1")] == 80.0
    assert balanced.va.loc["VA", ("AAA", "s1")] == 80.0 - (10 + 4 + 2 + 3)


def test_row_imbalance_names_the_cell_and_the_gap(balanced: IOTable) -> None:
    x = balanced.x.copy()
    x[("BBB", "s2")] += 7.0
    findings = row_balance(dataclasses.replace(balanced, x=x), rtol=1e-3, atol=0.5)
    assert len(findings) == 1
    assert findings[0].cells == ("(BBB, s2) by -7",)
    # The column identity breaks at the same cell and by the same amount.
    columns = column_balance(dataclasses.replace(balanced, x=x), rtol=0, atol=0.5)
    assert columns[0].cells == ("(BBB, s2) by -7",)


def test_imbalance_within_tolerance_is_accepted(balanced: IOTable) -> None:
    x = balanced.x.copy()
    x[("AAA", "s1")] += 0.07  # 0.07 <= 0 + 1e-3 * 80
    assert row_balance(dataclasses.replace(balanced, x=x), rtol=1e-3, atol=0.0) == []
    x[("AAA", "s1")] += 0.02  # 0.09 > 0.08
    assert len(row_balance(dataclasses.replace(balanced, x=x), rtol=1e-3, atol=0.0)) == 1


def test_negative_inventories_are_allowed_but_other_negatives_are_named(balanced: IOTable) -> None:
    Z, Y = balanced.Z.copy(), balanced.Y.copy()
    Y.iloc[2, 2] = -3.0  # household consumption of BBB on (BBB, s1)
    Z.iloc[0, 1] = -1.5
    table = dataclasses.replace(balanced, Z=Z, Y=Y)
    cells = {cell for finding in negative_entries(table) for cell in finding.cells}
    assert cells == {"Z[(AAA, s1), (AAA, s2)] = -1.5", "Y[(BBB, s1), (BBB, HH)] = -3"}


def test_zero_rows_and_columns_are_named(table_from: TableFactory) -> None:
    z = [[10, 0, 3, 2], [0, 0, 0, 0], [2, 0, 15, 6], [3, 0, 2, 25]]
    y = [[50, 2, 8, 0], [0, 0, 0, 0], [6, 0, 60, 1], [5, 0, 50, -2]]
    findings = zero_rows_and_columns(table_from(z, y, [1, 0, 1, 1]))
    assert [(f.check, f.cells) for f in findings] == [
        ("zero rows", ("(AAA, s2)",)),
        ("zero columns", ("(AAA, s2)",)),
    ]


def test_label_mismatch_names_the_labels(balanced: IOTable) -> None:
    va = balanced.va.rename(columns={"s2": "s9"}, level=1)
    findings = label_mismatches(dataclasses.replace(balanced, va=va))
    assert findings[0].check == "label mismatch"
    assert {"(AAA, s9)", "(AAA, s2)"} <= set(findings[0].cells)


def test_default_warns_and_strict_raises_naming_the_cell(balanced: IOTable) -> None:
    x = balanced.x.copy()
    x[("AAA", "s2")] *= 2
    broken = dataclasses.replace(balanced, x=x)
    with pytest.warns(IOTableWarning) as caught:
        findings = check_consistency(broken, atol=0.0)
    assert {f.check for f in findings} == {"row balance", "column balance"}
    assert "hand-made table: row balance: 1 of 4 (region, sector) miss gross output at (AAA, s2)" in str(
        caught[0].message
    )
    with pytest.raises(DataConsistencyError, match=r"hand-made table, \(AAA, s2\) by -80: row balance"):
        broken.check(strict=True)
