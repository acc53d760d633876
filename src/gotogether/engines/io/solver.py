"""A factorised Leontief-type system (I - M) x = b, reused for many right-hand sides.

With M = A (technical coefficients) it is the Leontief model, x = L y with L = (I - A)^-1; with M = B
(allocation coefficients) the Ghosh model, whose solution x' = v' G is the transposed solve. The matrix
I - M is factorised once (LU with partial pivoting) and every quantity is a triangular solve; the inverse
is formed only when asked for (``inverse``, ``columns``).

Factorisation rule (``method="auto"``): a sparse LU (SuperLU, COLAMD ordering) when the table has at least
``SPARSE_MIN_SECTORS`` country-sectors and at most ``SPARSE_MAX_DENSITY`` of the cells of I - M are
non-zero, otherwise a dense LU (LAPACK getrf). Inter-country tables link every country to every other
through trade, so a sparse LU fills in heavily: on seeded 4,900-sector tables of MRIO structure the sparse
LU won at 0.05% density and lost at 0.125% and 0.7% (benchmarks/bench_io.py, docs/io-engine.md). Real
tables (WIOD 2013: 20% non-zero) take the dense path.
"""

from __future__ import annotations

import warnings
from typing import Literal, TypeVar

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from gotogether.engines.io.coefficients import technical_coefficients_array
from gotogether.engines.io.labels import aligned, check_square
from gotogether.errors import DataConsistencyError, InputError

SPARSE_MIN_SECTORS = 2_000
SPARSE_MAX_DENSITY = 0.001

Method = Literal["auto", "dense", "sparse"]
Labelled = TypeVar("Labelled", pd.Series, pd.DataFrame)


def choose_method(identity_minus_m: np.ndarray) -> Literal["dense", "sparse"]:
    """The factorisation ``method="auto"`` uses for this matrix (the rule in the module docstring)."""
    n = identity_minus_m.shape[0]
    if n < SPARSE_MIN_SECTORS:
        return "dense"
    density = np.count_nonzero(identity_minus_m) / identity_minus_m.size
    return "sparse" if density <= SPARSE_MAX_DENSITY else "dense"


def _singular(labels: pd.Index, position: int | None) -> DataConsistencyError:
    where = f"coefficients near {labels[position]}" if position is not None else "coefficients"
    return DataConsistencyError(
        "I - M is singular, so the Leontief/Ghosh inverse does not exist",
        location=where,
        expected="a productive table (every column of A, or row of B, summing to less than 1)",
    )


class LeontiefSolver:
    """The LU factorisation of I - M for a coefficient matrix M (A for Leontief, B for Ghosh).

    Build it once with ``LeontiefSolver(A)`` (or ``LeontiefSolver.from_flows(Z, x)``, which never holds A)
    and reuse it: ``solve`` gives (I - M)^-1 b (x = L y for demand y, in the unit of y), ``solve_transposed``
    gives b' (I - M)^-1 (multipliers, Ghosh output), both for one vector (Series) or many at once
    (DataFrame with one column per vector). Labels are the (region, sector) labels of M.
    """

    def __init__(self, coefficients: pd.DataFrame, *, method: Method = "auto") -> None:
        labels = check_square(coefficients, "coefficients")
        values = aligned(coefficients, labels, "coefficients")
        identity_minus_m = np.negative(values, out=np.empty(values.shape, order="F"))
        self._factorise(identity_minus_m, labels, method)

    @classmethod
    def from_flows(cls, Z: pd.DataFrame, x: pd.Series, *, method: Method = "auto") -> LeontiefSolver:
        """The Leontief solver of a table (M = A = Z diag(x)^-1), building I - A in place: A is never held."""
        solver = cls.__new__(cls)
        identity_minus_a = technical_coefficients_array(Z, x)
        np.negative(identity_minus_a, out=identity_minus_a)
        solver._factorise(identity_minus_a, Z.index, method)
        return solver

    def _factorise(self, identity_minus_m: np.ndarray, labels: pd.Index, method: Method) -> None:
        """Factorise ``identity_minus_m``: -M on entry, Fortran-ordered (LAPACK then needs no copy)."""
        identity_minus_m[np.diag_indices_from(identity_minus_m)] += 1.0
        self.labels = labels
        self.method = choose_method(identity_minus_m) if method == "auto" else method
        if self.method == "sparse":
            try:
                self._sparse = scipy.sparse.linalg.splu(scipy.sparse.csc_array(identity_minus_m))
            except RuntimeError:  # SuperLU: "Factor is exactly singular"
                raise _singular(labels, None) from None
            return
        # LAPACK factorises a Fortran-ordered array in place; the callers build I - M in that order.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
            self._dense = scipy.linalg.lu_factor(identity_minus_m, overwrite_a=True, check_finite=False)
        pivots = np.abs(np.diagonal(self._dense[0]))
        if not np.all(pivots > np.finfo(float).eps * max(pivots.max(), 1.0)):
            raise _singular(labels, int(np.argmin(pivots)))

    def _solve_array(self, rhs: np.ndarray, *, transposed: bool, overwrite: bool = False) -> np.ndarray:
        if self.method == "sparse":
            result: np.ndarray = self._sparse.solve(rhs, trans="T" if transposed else "N")
        else:
            trans = 1 if transposed else 0
            result = scipy.linalg.lu_solve(
                self._dense, rhs, trans=trans, overwrite_b=overwrite, check_finite=False
            )
        return result

    def _labelled_solve(self, rhs: Labelled, name: str, *, transposed: bool) -> Labelled:
        values = self._solve_array(aligned(rhs, self.labels, name), transposed=transposed)
        if isinstance(rhs, pd.DataFrame):
            return pd.DataFrame(values, index=self.labels, columns=rhs.columns)
        return pd.Series(values, index=self.labels, name=rhs.name)

    def solve(self, rhs: Labelled) -> Labelled:
        """(I - M)^-1 rhs: with M = A and rhs final demand y, gross output x = L y (unit of y).

        ``rhs``: a Series or a DataFrame (one column per demand vector, e.g. every column of ``Y``), indexed
        by the solver's (region, sector) labels.
        """
        return self._labelled_solve(rhs, "demand", transposed=False)

    def solve_transposed(self, rhs: Labelled) -> Labelled:
        """(I - M)^-T rhs, i.e. rhs' (I - M)^-1 as a column; with M = A and rhs = v / x: VA multipliers.

        A DataFrame solves one vector per column; the result is indexed by the solver's labels.
        """
        return self._labelled_solve(rhs, "row vector", transposed=True)

    def columns(self, labels: pd.Index | list[tuple[str, str]]) -> pd.DataFrame:
        """Columns of (I - M)^-1 for the given (region, sector) labels: one solve per column, no inverse."""
        wanted = pd.Index(labels)
        positions = self.labels.get_indexer(wanted)
        if (positions < 0).any() or len(wanted) == 0:
            raise InputError(
                f"unknown or no country-sectors {list(wanted[positions < 0][:3])}",
                location="columns",
                expected="(region, sector) labels of the table",
            )
        unit = np.zeros((len(self.labels), len(wanted)))
        unit[positions, np.arange(len(wanted))] = 1.0
        return pd.DataFrame(
            self._solve_array(unit, transposed=False, overwrite=True),
            index=self.labels,
            columns=self.labels[positions],
        )

    def inverse(self) -> pd.DataFrame:
        """The explicit inverse (I - M)^-1 (L for M = A, G for M = B): n x n, formed only on request."""
        return self.columns(self.labels)
