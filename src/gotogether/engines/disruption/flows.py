"""The two products over the coefficients a month needs, each one batched BLAS call over products.

``orders_received``: what the industries' suppliers are asked for; ``shortfall``: what buyers do not get
because suppliers ration or routes are cut. Both treat cut routes pair by pair (few pairs are cut).
"""

from __future__ import annotations

from typing import NamedTuple

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


class _Pattern(NamedTuple):
    """What a month's shortfall needs of the coefficients for one set of rationing (product, origin)
    pairs, whatever their shares: the pairs by product (``rows``, ``origins``), the products rationed
    by one origin (``single``, their pairs ``single_at`` and coefficient rows ``single_rows``) and, for
    each product rationed by more, its pairs ``start:end`` and coefficient rows (``multiple``)."""

    rows: np.ndarray
    origins: np.ndarray
    rationed: np.ndarray
    single: np.ndarray
    single_at: np.ndarray
    single_rows: np.ndarray
    multiple: list[tuple[int, int, int, np.ndarray]]


class Shortfall:
    """sum_r A_(r,p)k (1 - beta_r,d(k) rho_(r,p)), the part of the requirement a_pk not delivered, for a
    month's ``delivered`` rho (R, S), each supplier's share of its orders served (``__call__``).

    Each product's row is one product over the origins that ration it (few, unless the shock is wide), or
    with one origin its row times its share (the same to the last bit, for every such product at once).
    The rows of coefficients of those origins are kept from call to call while the same origins ration
    (as they do in most iterations of a month's fixed point), up to an eighth of the coefficients' size,
    and so is the last set of rationing pairs with what it needs (``_Pattern``: four calls in five of a
    library draw's disruption ration the same pairs as the call before)."""

    def __init__(self, coefficients: np.ndarray) -> None:
        self.coefficients = coefficients
        self.kept: dict[int, tuple[bytes, np.ndarray]] = {}
        self.room = coefficients.size // 8
        self.last: tuple[bytes, _Pattern] | None = None

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

    def pattern(self, rationing: np.ndarray) -> _Pattern:
        """The ``_Pattern`` of the (product, origin) pairs where ``rationing`` (S, R) is True, kept for the
        next call."""
        key = rationing.tobytes()
        if self.last is not None and self.last[0] == key:
            return self.last[1]
        coefficients = self.coefficients
        R = coefficients.shape[1]
        rows, origins = np.nonzero(rationing)  # by product, origins ascending
        counts = np.bincount(rows, minlength=coefficients.shape[0])
        ends = np.cumsum(counts)
        single = np.flatnonzero(counts == 1)
        single_at = ends[single] - 1
        multiple = []
        bounds = ends.tolist()
        for p in np.flatnonzero(counts > 1).tolist():
            start, end = bounds[p - 1] if p else 0, bounds[p]
            matrix = coefficients[p] if end - start == R else self.origin_rows(p, origins[start:end])
            multiple.append((p, start, end, matrix))
        pattern = _Pattern(
            rows,
            origins,
            np.flatnonzero(counts),
            single,
            single_at,
            coefficients[single, origins[single_at]],
            multiple,
        )
        self.last = key, pattern
        return pattern

    def __call__(self, delivered: np.ndarray, route_open: np.ndarray, short: np.ndarray) -> np.ndarray:
        """Write the shortfall into ``short`` (S, n), zero in the rows of products no supplier rations, and
        return the products with a shortfall (every product when a route is cut)."""
        coefficients = self.coefficients
        S = coefficients.shape[0]
        unserved = np.ascontiguousarray((1.0 - delivered).T)  # (S, R)
        pattern = self.pattern(unserved > 0.0)
        shares = unserved[pattern.rows, pattern.origins]
        cut = route_open < 1.0
        any_cut = bool(cut.any())
        products = np.arange(S) if any_cut else pattern.rationed
        short.fill(0.0)
        if len(pattern.single):  # one origin: the product is its row times its share, at once
            short[pattern.single] = shares[pattern.single_at, np.newaxis] * pattern.single_rows
        for p, start, end, matrix in pattern.multiple:
            np.matmul(shares[start:end], matrix, out=short[p])
        for r, d in zip(*np.nonzero(cut), strict=True) if any_cut else ():
            columns = slice(d * S, (d + 1) * S)
            lost = (1.0 - route_open[r, d]) * delivered[r]  # (S,): served but not delivered on the route
            short[products, columns] += lost[products, np.newaxis] * coefficients[products, r, columns]
        return products
