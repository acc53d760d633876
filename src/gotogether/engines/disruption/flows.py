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
    coefficients: np.ndarray, delivered: np.ndarray, route_open: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """sum_r A_(r,p)k (1 - beta_r,d(k) rho_(r,p)), the part of the requirement a_pk not delivered for
    ``delivered`` rho (R, S), each supplier's share of its orders served: the products p with a shortfall
    (every product when a route is cut) and their rows (len(products), n); other rows are zero."""
    S, _, n = coefficients.shape
    unserved = 1.0 - delivered.T  # (S, R)
    cut = route_open < 1.0
    products = np.arange(S) if cut.any() else np.flatnonzero(unserved.max(axis=1) > 0.0)
    short = np.zeros((len(products), n))
    for row, p in enumerate(products):  # only the origins that ration: few, unless the shock is wide
        origins = np.flatnonzero(unserved[p] > 0.0)
        if len(origins):
            short[row] = unserved[p, origins] @ coefficients[p, origins]
    for r, d in zip(*np.nonzero(cut), strict=True):
        columns = slice(d * S, (d + 1) * S)
        lost = (1.0 - route_open[r, d]) * delivered[r]  # (S,): served but not delivered on the route
        short[:, columns] += lost[products, np.newaxis] * coefficients[products, r, columns]
    return products, short
