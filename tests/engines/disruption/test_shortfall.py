"""The month's shortfall of requirement (``flows.Shortfall``) against its definition, and the same to the
last bit whether the coefficient rows of the rationing origins (and the pattern of rationing pairs) are
kept from the last call or not."""

from __future__ import annotations

import numpy as np
import pytest

from gotogether.engines.disruption.flows import Shortfall


def _definition(A3: np.ndarray, delivered: np.ndarray, route_open: np.ndarray) -> np.ndarray:
    """sum_r A_(r,p)k (1 - beta_r,d(k) rho_(r,p)), every term written out."""
    S = A3.shape[0]
    beta = np.repeat(route_open, S, axis=1)  # (R, n): beta_r,d(k)
    return np.einsum("prk,rkp->pk", A3, 1.0 - beta[:, :, None] * delivered[:, None, :])


@pytest.mark.parametrize(("seed", "cut"), [(0, False), (1, False), (2, True)])
def test_shortfall_is_its_definition_and_kept_rows_change_nothing(seed: int, cut: bool) -> None:
    rng = np.random.default_rng(seed)
    R, S = 5, 4
    A3 = rng.uniform(0.0, 0.1, (S, R, R * S))
    route_open = np.ones((R, R))
    if cut:
        route_open[1, 3] = 0.25
    kept = Shortfall(A3)
    for _ in range(4):
        delivered = np.where(rng.random((R, S)) < 0.4, rng.uniform(0.2, 1.0, (R, S)), 1.0)
        delivered[:, 0] = 1.0  # a product no origin rations
        delivered[:, 1] = np.where(np.arange(R) == 2, 0.5, 1.0)  # a product with one rationing origin
        short = np.full((S, R * S), np.nan)
        products = kept(delivered, route_open, short)
        fresh = np.full((S, R * S), np.nan)
        Shortfall(A3)(delivered, route_open, fresh)
        assert np.array_equal(short, fresh)
        np.testing.assert_allclose(short, _definition(A3, delivered, route_open), rtol=1e-12, atol=1e-15)
        assert cut == (0 in products)
        assert 1 in products
        # the same rationing origins at other shares: the kept pattern, the same numbers as afresh
        served_more = np.where(delivered < 1.0, 0.5 + 0.5 * delivered, 1.0)
        again = np.full((S, R * S), np.nan)
        kept(served_more, route_open, again)
        fresh = np.full((S, R * S), np.nan)
        Shortfall(A3)(served_more, route_open, fresh)
        assert np.array_equal(again, fresh)
        np.testing.assert_allclose(again, _definition(A3, served_more, route_open), rtol=1e-12, atol=1e-15)
