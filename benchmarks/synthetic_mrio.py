"""Seeded synthetic multi-regional input-output tables with a realistic structure, for benchmarks.

Structure (how WIOD, OECD ICIO and EXIOBASE are built): every region has its own technology, drawn on a
shared pattern of which sector uses which (``use_density`` of the sector pairs, plus the diagonal), with
log-normal magnitudes and column sums of total coefficients between 0.35 and 0.65. Each use is split
between the domestic supplier and importers: an import share per (product, importing region) between 5%
and 40%, spread over the exporters that trade that product with that importer (``trade_density`` of the
region pairs, log-normal weights). Final demand (``n_categories`` per region, log-normal region sizes) is
sourced with the same trade shares. Gross output solves x = A x + y (fixed-point iteration, which
converges because every column of A sums to less than 0.65), and Z = A diag(x): the table balances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def synthetic_table(
    n_regions: int,
    n_sectors: int,
    *,
    use_density: float,
    trade_density: float,
    n_categories: int = 5,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """``(Z, Y, x)`` of a balanced table, labelled like ``IOTable`` (region, sector) / (region, category)."""
    rng = np.random.default_rng(seed)
    R, S = n_regions, n_sectors
    uses = rng.random((S, S)) < use_density
    np.fill_diagonal(uses, True)
    # technology[c, p, s]: input of product p (all origins) per unit output of sector s in region c.
    technology = uses[np.newaxis] * rng.lognormal(0.0, 1.0, (R, S, S))
    technology *= rng.uniform(0.35, 0.65, (R, 1, S)) / technology.sum(axis=1, keepdims=True)
    # share[r, p, c]: share of region r in region c's use of product p.
    exporters = rng.random((R, S, R)) < trade_density
    weights = exporters * rng.lognormal(0.0, 1.0, (R, S, R))
    weights[np.arange(R), :, np.arange(R)] = 0.0
    totals = weights.sum(axis=0, keepdims=True)
    import_share = np.where(totals > 0, rng.uniform(0.05, 0.40, (1, S, R)), 0.0)
    share = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0) * import_share
    share[np.arange(R), :, np.arange(R)] = 1.0 - import_share[0].T
    # A[r, p, c, s] = share[r, p, c] * technology[c, p, s]
    A = (share[..., np.newaxis] * technology.transpose(1, 0, 2)[np.newaxis]).reshape(R * S, R * S)
    size = rng.lognormal(0.0, 1.0, R)
    demand = size[:, np.newaxis, np.newaxis] * rng.lognormal(0.0, 1.0, (R, S, 1))
    demand = demand * rng.dirichlet(np.ones(n_categories), (R, S))  # [c, p, k]
    Y = (share[..., np.newaxis] * demand.transpose(1, 0, 2)[np.newaxis]).reshape(R * S, R * n_categories)
    y = Y.sum(axis=1)
    x = y.copy()
    for _ in range(500):
        updated = A @ x + y
        converged = np.max(np.abs(updated - x) / updated) < 1e-14
        x = updated
        if converged:
            break
    Z = A
    Z *= x[np.newaxis, :]
    regions = [f"R{r:03d}" for r in range(R)]
    rows = pd.MultiIndex.from_product([regions, [f"s{s:03d}" for s in range(S)]], names=["region", "sector"])
    columns = pd.MultiIndex.from_product(
        [regions, [f"k{k}" for k in range(n_categories)]], names=["region", "category"]
    )
    return (
        pd.DataFrame(Z, index=rows, columns=rows),
        pd.DataFrame(Y, index=rows, columns=columns),
        pd.Series(x, index=rows, name="gross_output"),
    )
