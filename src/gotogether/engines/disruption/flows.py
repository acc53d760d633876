"""The two products over the coefficients a month needs, each one batched BLAS call over products.

``orders_received``: what the industries' suppliers are asked for; ``shortfall``: what buyers do not get
because suppliers ration or routes are cut. Both treat cut routes pair by pair (few pairs are cut).
"""

from __future__ import annotations

import numpy as np


def orders_change(coefficients: np.ndarray, per_buyer: np.ndarray) -> np.ndarray:
    """sum_k A_(r,p)k u_pk for ``per_buyer`` u (S, n): (R * S,) region-major."""
    S, R, _ = coefficients.shape
    product: np.ndarray = np.matmul(coefficients, per_buyer[:, :, np.newaxis])
    return product[:, :, 0].T.reshape(R * S)


def cut_routes_orders(coefficients: np.ndarray, per_buyer: np.ndarray, route_open: np.ndarray) -> np.ndarray:
    """sum_k (1 - beta_r,d(k)) A_(r,p)k u_pk: the orders that cut routes keep from suppliers, (R * S,)."""
    S, R, _ = coefficients.shape
    lost = np.zeros((S, R))
    for r, d in zip(*np.nonzero(route_open < 1.0), strict=True):
        columns = slice(d * S, (d + 1) * S)
        lost[:, r] += (1.0 - route_open[r, d]) * np.einsum(
            "pk,pk->p", coefficients[:, r, columns], per_buyer[:, columns]
        )
    return lost.T.reshape(R * S)


def shortfall(
    coefficients: np.ndarray, delivered: np.ndarray, route_open: np.ndarray, short: np.ndarray
) -> np.ndarray:
    """sum_r A_(r,p)k (1 - beta_r,d(k) rho_(r,p)), the part of the requirement a_pk not delivered for
    ``delivered`` rho (R, S), each supplier's share of its orders served, written into ``short`` (S, n): the
    products p with a shortfall (every product when a route is cut); other rows are zero. Each product's
    row is one product over the origins that ration it (few, unless the shock is wide)."""
    S, R, _ = coefficients.shape
    unserved = np.ascontiguousarray((1.0 - delivered).T)  # (S, R)
    rationing = unserved > 0.0
    cut = route_open < 1.0
    products = np.arange(S) if cut.any() else np.flatnonzero(rationing.any(axis=1))
    short.fill(0.0)
    rows, origins = np.nonzero(rationing[products])
    ends = np.cumsum(np.bincount(rows, minlength=len(products))).tolist()
    start = 0
    for p, end in zip(products.tolist(), ends, strict=True):
        if end - start == R:
            np.matmul(unserved[p], coefficients[p], out=short[p])
        elif end > start:
            chosen = origins[start:end]
            np.matmul(unserved[p, chosen], coefficients[p, chosen], out=short[p])
        start = end
    for r, d in zip(*np.nonzero(cut), strict=True):
        columns = slice(d * S, (d + 1) * S)
        lost = (1.0 - route_open[r, d]) * delivered[r]  # (S,): served but not delivered on the route
        short[products, columns] += lost[products, np.newaxis] * coefficients[products, r, columns]
    return products
