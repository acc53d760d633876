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


class Shortfall:
    """sum_r A_(r,p)k (1 - beta_r,d(k) rho_(r,p)), the part of the requirement a_pk not delivered, for a
    month's ``delivered`` rho (R, S), each supplier's share of its orders served (``__call__``).

    Each product's row is one product over the origins that ration it (few, unless the shock is wide), or
    with one origin its row times its share (the same to the last bit, for every such product at once).
    The rows of coefficients of those origins are kept from call to call while the same origins ration
    (as they do in most iterations of a month's fixed point), up to an eighth of the coefficients' size."""

    def __init__(self, coefficients: np.ndarray) -> None:
        self.coefficients = coefficients
        self.kept: dict[int, tuple[bytes, np.ndarray]] = {}
        self.room = coefficients.size // 8

    def origin_rows(self, p: int, origins: np.ndarray) -> np.ndarray:
        """A3[p, origins] (k, n), kept for the next call."""
        key = origins.tobytes()
        kept = self.kept.get(p)
        if kept is not None and kept[0] == key:
            return kept[1]
        rows: np.ndarray = self.coefficients[p, origins]
        if kept is not None:
            self.room += kept[1].size
            del self.kept[p]
        if rows.size <= self.room:
            self.kept[p] = (key, rows)
            self.room -= rows.size
        return rows

    def __call__(self, delivered: np.ndarray, route_open: np.ndarray, short: np.ndarray) -> np.ndarray:
        """Write the shortfall into ``short`` (S, n), zero in the rows of products no supplier rations, and
        return the products with a shortfall (every product when a route is cut)."""
        coefficients = self.coefficients
        S, R, _ = coefficients.shape
        unserved = np.ascontiguousarray((1.0 - delivered).T)  # (S, R)
        rows, origins = np.nonzero(unserved > 0.0)  # by product, origins ascending
        shares = unserved[rows, origins]
        counts = np.bincount(rows, minlength=S)
        cut = route_open < 1.0
        products = np.arange(S) if cut.any() else np.flatnonzero(counts)
        short.fill(0.0)
        ends = np.cumsum(counts)
        single = np.flatnonzero(counts == 1)  # one origin: the product is its row times its share, at once
        if len(single):
            at = ends[single] - 1
            short[single] = shares[at, np.newaxis] * coefficients[single, origins[at]]
        ends = ends.tolist()
        for p in np.flatnonzero(counts > 1).tolist():
            start, end = ends[p - 1] if p else 0, ends[p]
            if end - start == R:
                np.matmul(shares[start:end], coefficients[p], out=short[p])
            else:
                np.matmul(shares[start:end], self.origin_rows(p, origins[start:end]), out=short[p])
        for r, d in zip(*np.nonzero(cut), strict=True):
            columns = slice(d * S, (d + 1) * S)
            lost = (1.0 - route_open[r, d]) * delivered[r]  # (S,): served but not delivered on the route
            short[products, columns] += lost[products, np.newaxis] * coefficients[products, r, columns]
        return products
