"""GRAS: bi-proportional updating of a matrix with negative entries to new row and column totals.

Junius, T. and Oosterhaven, J. (2003), "The solution of updating or regionalizing a matrix with both positive
and negative entries", Economic Systems Research 15(1); Temurshoev, U., Miller, R. E. and Bouwmeester, M. C.
(2013), "A note on the GRAS method", Economic Systems Research 25(3). With A = P - N (P, N >= 0), the update
is X = diag(r) P diag(s) - diag(1/r) N diag(1/s), where r and s solve, in turn,

    r_i = (u_i + sqrt(u_i^2 + 4 p_i n_i)) / (2 p_i),   p_i = sum_j P_ij s_j,  n_i = sum_j N_ij / s_j

and the same for the columns. Each cell keeps its sign; a row or column with nothing to scale keeps its
multiplier 1 and shows up in the reported gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GrasResult:
    """The updated matrix, iterations used, and the largest absolute gap to the row and column totals."""

    matrix: np.ndarray
    iterations: int
    row_gap: float
    column_gap: float


def _multiplier(target: np.ndarray, positive: np.ndarray, negative: np.ndarray) -> np.ndarray:
    """The root r of p r - n / r = target, r > 0 (1 where nothing can be scaled)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        root = (target + np.sqrt(target**2 + 4.0 * positive * negative)) / (2.0 * positive)
        only_negative = -negative / target
    result = np.where(positive > 0, root, np.where((negative > 0) & (target < 0), only_negative, 1.0))
    return np.where(np.isfinite(result) & (result > 0), result, 1.0)


def gras(
    matrix: np.ndarray,
    row_totals: np.ndarray,
    column_totals: np.ndarray,
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 10_000,
) -> GrasResult:
    """Update ``matrix`` to ``row_totals`` and ``column_totals`` (which must have the same sum) by GRAS.

    Stops when no row or column multiplier moves by more than ``tolerance`` (relative).
    """
    positive = np.clip(matrix, 0.0, None)
    negative = np.clip(-matrix, 0.0, None)
    s = np.ones(matrix.shape[1])
    r = np.ones(matrix.shape[0])
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        r_new = _multiplier(row_totals, positive @ s, negative @ (1.0 / s))
        s_new = _multiplier(column_totals, positive.T @ r_new, negative.T @ (1.0 / r_new))
        change = max(np.abs(r_new / r - 1.0).max(), np.abs(s_new / s - 1.0).max())
        r, s = r_new, s_new
        if change < tolerance:
            break
    updated = r[:, None] * positive * s[None, :] - negative / r[:, None] / s[None, :]
    return GrasResult(
        matrix=updated,
        iterations=iterations,
        row_gap=float(np.abs(updated.sum(axis=1) - row_totals).max()),
        column_gap=float(np.abs(updated.sum(axis=0) - column_totals).max()),
    )
