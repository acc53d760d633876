"""Checks that the blocks of a table carry the same (region, sector) labels, and conversion to arrays.

Every public function of the IO engine takes pandas objects labelled like ``IOTable`` and works on NumPy
arrays inside; these helpers are the one place where labels are checked, so a misaligned input fails with
a message naming the argument instead of producing silently shifted numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gotogether.dims import REGION
from gotogether.errors import DataConsistencyError, InputError


def _describe(index: pd.Index) -> str:
    shown = ", ".join(str(label) for label in index[:3])
    return f"{len(index)} labels ({shown}{', ...' if len(index) > 3 else ''})"


def check_square(matrix: pd.DataFrame, name: str) -> pd.Index:
    """The labels of a square matrix whose rows and columns are the same country-sectors, in order."""
    if not matrix.index.equals(matrix.columns):
        raise InputError(
            f"rows ({_describe(matrix.index)}) and columns ({_describe(matrix.columns)}) differ",
            location=name,
            expected="the same (region, sector) labels in the same order on both axes",
        )
    if not matrix.index.is_unique:
        raise InputError("has duplicate (region, sector) labels", location=name, expected="unique labels")
    return matrix.index


def aligned(values: pd.Series | pd.DataFrame, labels: pd.Index, name: str) -> np.ndarray:
    """``values`` as a float array with rows in the order of ``labels``; every label present exactly once."""
    if not values.index.equals(labels):
        missing = labels.difference(values.index)
        extra = values.index.difference(labels)
        if len(missing) or len(extra) or not values.index.is_unique:
            raise InputError(
                f"labels do not match the table: missing {list(missing[:3])}, unexpected {list(extra[:3])}",
                location=name,
                expected=f"the table's {len(labels)} (region, sector) labels",
            )
        values = values.reindex(labels)
    array = values.to_numpy(dtype=float)
    if not np.isfinite(array).all():
        position = np.argwhere(~np.isfinite(array))[0]
        raise DataConsistencyError(
            "is not finite", location=f"{name} at {labels[position[0]]}", expected="finite numbers"
        )
    return array


def output_reciprocal(x: pd.Series, labels: pd.Index) -> np.ndarray:
    """1 / x with 0 where gross output is 0 (those sectors get zero coefficients, never NaN or inf)."""
    output = aligned(x, labels, "x")
    if (output < 0).any():
        where = labels[int(np.argmax(output < 0))]
        raise DataConsistencyError(
            f"gross output is negative ({output.min():g})", location=f"x at {where}", expected="x >= 0"
        )
    reciprocal: np.ndarray = np.divide(1.0, output, out=np.zeros_like(output), where=output > 0)
    return reciprocal


def check_no_flows_at_zero_output(
    flows: np.ndarray, reciprocal: np.ndarray, labels: pd.Index, axis: int
) -> None:
    """Reject a sector with zero output that still buys (axis 0: a column) or sells (axis 1: a row) inputs."""
    idle = reciprocal == 0
    if not idle.any():
        return
    active = np.abs(flows[:, idle] if axis == 0 else flows[idle, :]).sum(axis=axis) > 0
    if active.any():
        where = labels[np.flatnonzero(idle)[int(np.argmax(active))]]
        role = (
            "buys intermediate inputs (a non-zero column of Z)"
            if axis == 0
            else "sells (a non-zero row of Z)"
        )
        raise DataConsistencyError(
            f"a sector with zero gross output {role}",
            location=f"Z at {where}",
            expected="zero flows for sectors with zero output, or their output in x",
        )


def buyer_regions(Y: pd.DataFrame) -> pd.Index:
    """The buying region of each final-demand column of ``Y`` (its "region" column level)."""
    if REGION not in Y.columns.names:
        raise InputError(
            f"columns have levels {list(Y.columns.names)}",
            location="Y columns",
            expected="a (region, category) MultiIndex as in IOTable.Y",
        )
    return Y.columns.get_level_values(REGION)
