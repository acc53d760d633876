"""Leontief and Ghosh quantities from a factorised table: output, multipliers, value added in final demand.

Every function takes a ``LeontiefSolver`` (built once from the table) and labelled pandas objects, and
returns labelled pandas objects in the unit of the table (WIOD: millions of current USD) unless it says
"per unit". Notation (Miller and Blair, Input-Output Analysis, 2009): A technical coefficients, B allocation
coefficients, L = (I - A)^-1, G = (I - B)^-1, y final demand, v value added, s = v / x value-added
coefficients, Y final demand by buyer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gotogether.engines.io.labels import aligned, buyer_regions
from gotogether.engines.io.solver import LeontiefSolver


def final_demand_by_region(Y: pd.DataFrame) -> pd.DataFrame:
    """Final demand summed over categories: rows (region, sector) of origin, columns the buying region.

    ``Y`` has columns (region, category) as ``IOTable.Y``; the buying regions keep their table order.
    """
    return Y.T.groupby(buyer_regions(Y), sort=False).sum().T


def ghosh_output(ghosh: LeontiefSolver, value_added: pd.Series) -> pd.Series:
    """Supply-driven gross output x' = v' G, G = (I - B)^-1, by (region, sector) in the unit of ``v``.

    ``ghosh`` is ``LeontiefSolver(calc_B(Z, x))``; ``value_added`` the primary inputs v by (region, sector)
    (for a balanced table, v' G reproduces x). Solved as G' v = x with the transposed factorisation.
    """
    return ghosh.solve_transposed(value_added).rename("gross_output")


def output_multipliers(leontief: LeontiefSolver) -> pd.Series:
    """Output multipliers 1' L: gross output of all country-sectors per unit of final demand for each one.

    Column sums of L (unitless), from one transposed solve instead of the inverse.
    """
    ones = pd.Series(np.ones(len(leontief.labels)), index=leontief.labels)
    return leontief.solve_transposed(ones).rename("output_multiplier")


def value_added_multipliers(
    leontief: LeontiefSolver, va_coefficients: pd.Series | pd.DataFrame
) -> pd.Series | pd.DataFrame:
    """Value-added multipliers s' L: value added generated in the whole world per unit of final demand.

    ``va_coefficients`` s = v / x (``calc_va_coefficients``): a Series by (region, sector), or a DataFrame
    with one row per value-added component. Returns the same shape (per unit, unitless). For a table whose
    value added closes the columns (v = x - 1'Z), every sector with output has multiplier 1: all the value
    of a final product is someone's value added.
    """
    if isinstance(va_coefficients, pd.Series):
        return leontief.solve_transposed(va_coefficients).rename("va_multiplier")
    return leontief.solve_transposed(va_coefficients.T).T


def value_added_in_final_demand(
    leontief: LeontiefSolver, va_coefficients: pd.Series, Y: pd.DataFrame
) -> pd.DataFrame:
    """Value added embodied in final demand (TiVA-style): diag(s) L Y_r, in the unit of the table.

    Cell ((region i, sector s), destination d) is the value added generated in sector s of region i to
    satisfy the final demand of region d (all categories, for products of every origin). Row sums are the
    value added of (i, s) when x = L y; the sum over origins in one region d of destination d is d's domestic
    value added in its own final demand, the rest of a column is d's value-added imports.
    """
    by_destination = final_demand_by_region(Y)
    output_by_destination = leontief.solve(by_destination)
    s = aligned(va_coefficients, leontief.labels, "va_coefficients")
    return output_by_destination.mul(s, axis=0)
