"""Caps on part of a nest: the cut by hand, and the capped Bertrand-Nash bids solved at once (Newton's
method with the caps' access at each trial bid), with the cap and every first-order condition met."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.rollout import curves
from gotogether.engines.rollout.curves import (
    Nests,
    cap_access,
    capped_newton_bids,
    lerner_index,
    nash_bids,
    nested_shares,
    nested_weights,
)

TWO_NESTS = Nests(of=np.array([0, 0, 1]), dissimilarity=0.5)
"""Vendors A and B in one nest, C alone in the other, lam = 1/2."""
BASE = np.array([[0.5, 0.25, 0.25]])
ON_A = np.array([[1.0, 0.0, 0.0]])


def _restriction(capped: np.ndarray, cap: float, nests: Nests) -> curves.Restriction:
    rows = len(capped)

    def restrict(weights_at: Callable[[np.ndarray], np.ndarray], copies: int) -> np.ndarray:
        stacked = np.tile(capped, (copies, 1))
        return cap_access(weights_at, stacked, np.full(copies * rows, cap), np.ones(copies * rows), nests)

    return restrict


def test_a_cap_on_part_of_a_nest_by_hand() -> None:
    # equal prices, A's share 0.5528 (test_nested); a 40 % cap on A with the cut alpha: e_A = (0.5 alpha)^2,
    # e_B = 1/16, C's D^lam = 1/4; with z = sqrt(e_A + e_B) A's share is (z^2 - 1/16) / (z^2 + z / 4) = 0.4,
    # so 0.6 z^2 - 0.1 z - 1/16 = 0, z = (0.1 + 0.4) / 1.2 = 5/12, e_A = 25/144 - 9/144 = 1/9, alpha = 2/3
    price = np.ones((1, 3))

    def weights_at(cut: np.ndarray) -> np.ndarray:
        return nested_weights(BASE, price, cut, 4.0, TWO_NESTS)[0]

    access = cap_access(weights_at, ON_A, np.array([0.4]), np.array([1.0]), TWO_NESTS)
    np.testing.assert_allclose(access, [[2 / 3, 1.0, 1.0]], rtol=1e-14)
    shares, _ = nested_shares(BASE, price, access, 4.0, TWO_NESTS)
    assert float(shares[0, 0]) == pytest.approx(0.4, rel=1e-14)
    # in force for half the year: the cut applies to half of it
    half = cap_access(weights_at, ON_A, np.array([0.4]), np.array([0.5]), TWO_NESTS)
    np.testing.assert_allclose(half, [[5 / 6, 1.0, 1.0]], rtol=1e-14)
    # a cap above the share changes nothing
    loose = cap_access(weights_at, ON_A, np.array([0.6]), np.array([1.0]), TWO_NESTS)
    np.testing.assert_array_equal(loose, np.ones((1, 3)))


def _rounds_of(
    call: Callable[[], tuple[np.ndarray, np.ndarray]],
) -> tuple[tuple[np.ndarray, np.ndarray], int]:
    rounds = 0
    original = curves._response

    def counted(*args: object, **kwargs: object) -> np.ndarray:
        nonlocal rounds
        rounds += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    curves._response = counted  # type: ignore[assignment]
    try:
        result = call()
    finally:
        curves._response = original  # type: ignore[assignment]
    return result, rounds


def test_capped_bids_meet_the_cap_and_every_first_order_condition() -> None:
    # A capped at 30 % of a market it would take 55 % of: Newton's method settles, the round after it
    # confirms in one round, the capped share is the cap and each bid its Lerner rule at the access in
    # force; the round-by-round iteration alone (Newton switched off) finds the same bids
    cost = np.array([[1.0, 0.95, 1.05]])
    everyone = np.ones((1, 3))
    restrict = _restriction(ON_A, 0.3, TWO_NESTS)
    assert capped_newton_bids(BASE, cost, everyone, 4.0, 0.95, restrict, cost, TWO_NESTS) is not None
    (bids, access), rounds = _rounds_of(
        lambda: nash_bids(BASE, cost, everyone, 4.0, 0.95, restrict, nests=TWO_NESTS)
    )
    assert rounds == 1
    shares, within = nested_shares(BASE, bids, access, 4.0, TWO_NESTS)
    assert float(shares[0, 0]) == pytest.approx(0.3, rel=1e-12)
    np.testing.assert_allclose(1 - cost / bids, lerner_index(shares, 4.0, 0.95, within, 0.5), rtol=1e-12)
    original = curves.capped_newton_bids
    curves.capped_newton_bids = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        (slow, _), slow_rounds = _rounds_of(
            lambda: nash_bids(BASE, cost, everyone, 4.0, 0.95, restrict, nests=TWO_NESTS)
        )
    finally:
        curves.capped_newton_bids = original  # type: ignore[assignment]
    assert slow_rounds > 5
    np.testing.assert_allclose(bids, slow, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    weights=st.lists(st.floats(0.05, 1.0), min_size=10, max_size=10),
    costs=st.lists(st.floats(0.8, 1.2), min_size=10, max_size=10),
    cap=st.floats(0.1, 0.5),
    lam=st.floats(0.5, 1.0),
    beta=st.floats(2.0, 6.0),
)
def test_capped_bids_settle_at_once(
    weights: list[float], costs: list[float], cap: float, lam: float, beta: float
) -> None:
    # two countries of five vendors nested as in the default world (vendors 1 and 4 Chinese), the first
    # vendor of the Chinese nest capped: Newton's method settles, one confirming round, and the capped
    # share is at most the cap (exactly the cap where the cap binds)
    nests = Nests(of=np.array([0, 1, 0, 0, 1]), dissimilarity=lam)
    base, cost = np.array(weights).reshape(2, 5), np.array(costs).reshape(2, 5)
    everyone = np.ones((2, 5))
    capped = np.zeros((2, 5))
    capped[:, 1] = 1.0
    restrict = _restriction(capped, cap, nests)
    (bids, access), rounds = _rounds_of(
        lambda: nash_bids(base, cost, everyone, beta, 0.95, restrict, nests=nests)
    )
    assert rounds == 1
    shares, _ = nested_shares(base, bids, access, beta, nests)
    binding = access[:, 1] < 1.0
    np.testing.assert_allclose(shares[binding, 1], cap, rtol=1e-11)
    assert np.all(shares[~binding, 1] <= cap + 1e-12)


def test_a_secant_step_clipped_at_no_cut_still_meets_the_cap() -> None:
    # close nests (lam 0.085) and a cap on one nest and part of the other: the first secant steps
    # overshoot and are clipped at no cut (log alpha = 0); the slope is the odds' move over the step taken,
    # not over the step asked (with the latter the cut stalled near zero share: 0.001 instead of 0.71)
    nests = Nests(of=np.array([0, 0, 1, 1]), dissimilarity=0.085)
    base = np.array([[0.37, 0.01, 0.36, 0.26]])
    price = np.array([[1.6, 1.9, 0.85, 1.2]])
    capped = np.array([[1.0, 1.0, 1.0, 0.0]])

    def weights_at(cut: np.ndarray) -> np.ndarray:
        return nested_weights(base, price, cut, 7.8, nests)[0]

    for cap in (0.71, 0.5, 0.3):
        access = cap_access(weights_at, capped, np.array([cap]), np.array([1.0]), nests)
        shares, _ = nested_shares(base, price, access, 7.8, nests)
        assert float((shares * capped).sum()) == pytest.approx(cap, rel=1e-12)


def test_a_row_s_cut_is_the_same_alone_or_stacked_with_others() -> None:
    # each row stops its secant steps on its own, so stacking rows (the capped Newton's forward differences
    # stack their shifted copies in one call) gives each row, to the bit, the cut it gets alone (when the
    # rows stopped together, the first row's secant went on stepping until the others' met the tolerance,
    # and its cut moved by 1e-16)
    nests = Nests(of=np.array([0, 0, 1]), dissimilarity=0.15)
    base = np.array([[0.16, 0.05, 0.8], [0.16, 0.05, 0.79], [0.46, 0.51, 0.03]])
    price = np.array([[1.18, 1.07, 0.96], [1.19, 0.95, 1.03], [0.87, 1.0, 0.9]])
    capped = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    cap, reach = np.array([0.05, 0.05, 0.03]), np.ones(3)

    def cut_of(rows: list[int]) -> np.ndarray:
        def weights_at(cut: np.ndarray) -> np.ndarray:
            return nested_weights(base[rows], price[rows], cut, 4.0, nests)[0]

        return cap_access(weights_at, capped[rows], cap[rows], reach[rows], nests)

    stacked = cut_of([0, 1, 2])
    assert (stacked < 1.0).sum() == 3  # every row's cap binds
    for row in range(3):
        np.testing.assert_array_equal(stacked[row], cut_of([row])[0])
