"""How much one country-sector depends on another, upstream (as a supplier) and downstream (as a market).

Both measures are shares (unitless, between 0 and 1 for a table without negative entries) built from L:

- Backward dependence of buyer j on supplier i: s_i L_ij, the share of the value of j's final product that
  is value added by i, directly or through any chain of inputs (upstream, "where j's inputs come from").
  For a table whose value added closes the columns, the shares of one buyer sum to 1 over all suppliers.
- Forward dependence of producer i on final product j: L_ij y_j / x_i with x = L y, the share of i's gross
  output that is ultimately absorbed by final demand for j's product (downstream, "whose sales i lives
  on"). The shares of one producer sum to 1 over all final products; a producer with zero output gets 0.

Aggregate by region (``groupby(level="region")``) to ask, for example, how much of Korean electronics'
output is driven by final demand for Chinese products.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gotogether.engines.io.labels import aligned
from gotogether.engines.io.solver import LeontiefSolver


def _columns_of_l(leontief: LeontiefSolver, of: Sequence[tuple[str, str]] | None) -> pd.DataFrame:
    return leontief.inverse() if of is None else leontief.columns(list(of))


def backward_dependence(
    leontief: LeontiefSolver, va_coefficients: pd.Series, buyers: Sequence[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """s_i L_ij: rows supplier i, columns buyer j (``buyers``, default every country-sector; see module doc).

    ``va_coefficients`` s = v / x by (region, sector) (``calc_va_coefficients``). Only the requested
    columns of L are solved for, so a few buyers cost a few solves, not the inverse.
    """
    s = aligned(va_coefficients, leontief.labels, "va_coefficients")
    return _columns_of_l(leontief, buyers).mul(s, axis=0)


def forward_dependence(
    leontief: LeontiefSolver, final_demand: pd.Series, products: Sequence[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """L_ij y_j / x_i: rows producer i, columns final product j (``products``, default all; see module doc).

    ``final_demand`` y by (region, sector), summed over buyers (e.g. ``Y.sum(axis=1)``); x = L y.
    """
    y = aligned(final_demand, leontief.labels, "final_demand")
    output = leontief.solve(pd.Series(y, index=leontief.labels)).to_numpy()
    reciprocal = np.divide(1.0, output, out=np.zeros_like(output), where=output != 0)
    columns = _columns_of_l(leontief, products)
    demand = final_demand.reindex(columns.columns).to_numpy(dtype=float)
    shares: pd.DataFrame = columns * demand[np.newaxis, :] * reciprocal[:, np.newaxis]
    return shares
