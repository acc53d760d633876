"""Coefficient matrices of an input-output table: technical (A), allocation (B) and value-added (v / x).

All three divide flows by gross output. A sector with zero gross output gets zero coefficients (not NaN or
inf): it neither buys nor sells, so it drops out of every multiplier. Flows recorded for such a sector
(inputs bought or output sold while x = 0) contradict the table and raise ``DataConsistencyError``.
Coefficients are unitless ratios (table unit per table unit, e.g. USD of input per USD of output).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gotogether.engines.io.labels import (
    aligned,
    check_no_flows_at_zero_output,
    check_square,
    output_reciprocal,
)


def technical_coefficients_array(Z: pd.DataFrame, x: pd.Series) -> np.ndarray:
    """A = Z diag(x)^-1 as a new Fortran-ordered NumPy array (rows and columns in the order of ``Z``)."""
    labels = check_square(Z, "Z")
    reciprocal = output_reciprocal(x, labels)
    flows = aligned(Z, labels, "Z")
    check_no_flows_at_zero_output(flows, reciprocal, labels, axis=0)
    coefficients = np.empty(flows.shape, order="F")  # the order LeontiefSolver factorises without a copy
    np.multiply(flows, reciprocal[np.newaxis, :], out=coefficients)
    return coefficients


def calc_A(Z: pd.DataFrame, x: pd.Series) -> pd.DataFrame:  # noqa: N802 (the pymrio name)
    """Technical coefficients A = Z diag(x)^-1: input from row sector per unit of output of column sector.

    ``Z``: intermediate flows, rows and columns the same (region, sector) labels; ``x``: gross output by
    (region, sector), same unit as ``Z``. Zero output gives a zero column (see the module docstring).
    """
    return pd.DataFrame(technical_coefficients_array(Z, x), index=Z.index, columns=Z.columns)


def calc_B(Z: pd.DataFrame, x: pd.Series) -> pd.DataFrame:  # noqa: N802 (the pymrio name)
    """Allocation coefficients B = diag(x)^-1 Z: share of the row sector's output sold to the column sector.

    The supply-side (Ghosh) counterpart of ``calc_A``; zero output gives a zero row.
    """
    labels = check_square(Z, "Z")
    reciprocal = output_reciprocal(x, labels)
    flows = aligned(Z, labels, "Z")
    check_no_flows_at_zero_output(flows, reciprocal, labels, axis=1)
    return pd.DataFrame(flows * reciprocal[:, np.newaxis], index=Z.index, columns=Z.columns)


def calc_va_coefficients(va: pd.DataFrame | pd.Series, x: pd.Series) -> pd.DataFrame | pd.Series:
    """Value added per unit of gross output, v / x, by (region, sector) (pymrio's ``calc_S`` for value added).

    ``va``: one row per component (DataFrame, as ``IOTable.va``) or the total (Series indexed by
    (region, sector)); ``x``: gross output in the same unit. Zero output gives a zero coefficient.
    """
    if isinstance(va, pd.Series):
        reciprocal = output_reciprocal(x, va.index)
        return pd.Series(aligned(va, va.index, "va") * reciprocal, index=va.index, name="va_coefficient")
    reciprocal = output_reciprocal(x, va.columns)
    values = aligned(va.T, va.columns, "va").T
    return pd.DataFrame(values * reciprocal[np.newaxis, :], index=va.index, columns=va.columns)
