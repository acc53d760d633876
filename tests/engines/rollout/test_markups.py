"""Bertrand-Nash bids under the logit: hand-worked cases and properties (the Lerner rule, a lost rival
raises the others' markups, the ceiling, the observed shares as the equilibrium)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.rollout.small_world import PRICE, small_world
from gotogether.engines.rollout import Ban, curves, simulate_rollout
from gotogether.engines.rollout.calibration import vendor_margins
from gotogether.engines.rollout.curves import (
    inclusive_value,
    lerner_index,
    logit_shares,
    nash_bids,
    newton_bids,
)
from gotogether.pipeline.world import rollout_parameters


def test_lerner_rule_by_hand() -> None:
    # 1 / (4 x (1 - 0.5)) = 0.5; a monopoly (share 1) and a share beyond 1 - 1/beta take the ceiling
    markup = lerner_index(np.array([[0.5, 0.0, 1.0, 0.9]]), beta=4.0, ceiling=0.8)
    np.testing.assert_allclose(markup, [[0.5, 0.25, 0.8, 0.8]], rtol=1e-12)


def test_symmetric_duopoly_by_hand() -> None:
    # two equal vendors split the market: each bids cost / (1 - 1 / (beta x 0.5)) = 2 at beta 4
    bids, _ = nash_bids(np.full((1, 2), 0.5), np.ones((1, 2)), np.ones((1, 2)), beta=4.0, ceiling=0.9)
    np.testing.assert_allclose(bids, [[2.0, 2.0]], rtol=1e-9)
    # the other banned: the one left is alone and bids at the ceiling, cost / (1 - 0.9) = 10
    alone, _ = nash_bids(np.full((1, 2), 0.5), np.ones((1, 2)), np.array([[1.0, 0.0]]), 4.0, 0.9)
    assert alone[0, 0] == pytest.approx(10.0)
    # no markups with a ceiling of 0: bids are the costs
    at_cost, _ = nash_bids(np.full((1, 2), 0.5), np.array([[1.0, 2.0]]), np.ones((1, 2)), 4.0, 0.0)
    np.testing.assert_allclose(at_cost, [[1.0, 2.0]])


@settings(max_examples=40, deadline=None)
@given(
    weights=st.lists(st.floats(0.05, 1.0), min_size=3, max_size=5),
    costs=st.lists(st.floats(0.7, 1.3), min_size=5, max_size=5),
    beta=st.floats(1.5, 8.0),
    banned=st.integers(0, 2),
)
def test_equilibrium_and_a_lost_rival_raises_the_others_markups(
    weights: list[float], costs: list[float], beta: float, banned: int
) -> None:
    base = np.array([weights]) / sum(weights)
    cost = np.array([costs[: base.shape[1]]])
    everyone = np.ones_like(base)
    bids, _ = nash_bids(base, cost, everyone, beta, 0.95)
    shares = logit_shares(base, bids, everyone, beta)
    # every bid satisfies the Lerner rule at the equilibrium shares (or sits at the ceiling)
    np.testing.assert_allclose(1 - cost / bids, lerner_index(shares, beta, 0.95), rtol=1e-8, atol=1e-10)
    allowed = everyone.copy()
    allowed[0, banned] = 0.0
    after, _ = nash_bids(base, cost, allowed, beta, 0.95)
    left = allowed[0] > 0
    assert np.all(after[0, left] >= bids[0, left] * (1 - 1e-10))
    assert np.all(logit_shares(base, after, allowed, beta)[0, left] >= shares[0, left] - 1e-12)
    # the cost index rises twice: a bidder fewer, dearer bids from those left
    before_index = inclusive_value(base, bids, everyone, beta)
    assert inclusive_value(base, after, allowed, beta)[0] >= before_index[0] * (1 - 1e-12)
    assert inclusive_value(base, bids, allowed, beta)[0] <= inclusive_value(base, after, allowed, beta)[0]


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
    costs=st.lists(st.floats(0.7, 1.3), min_size=6, max_size=6),
    access=st.lists(st.sampled_from([0.0, 0.3, 1.0]), min_size=6, max_size=6),
    beta=st.floats(1.5, 8.0),
    ceiling=st.sampled_from([0.0, 0.5, 0.9, 0.95]),
)
def test_newton_start_gives_the_round_by_round_equilibrium(
    weights: list[float], costs: list[float], access: list[float], beta: float, ceiling: float
) -> None:
    # two countries of three vendors, some banned, some near or at the ceiling's kink: Newton's bids
    # equal the round-by-round fixed point (a restriction of ones keeps nash_bids from Newton) within
    # 1e-9, and the iteration after them stops in one round
    base, cost = np.array(weights).reshape(2, 3) + 1e-3, np.array(costs).reshape(2, 3)
    allowed = np.array(access).reshape(2, 3)
    newton = newton_bids(base, cost, allowed, beta, ceiling, cost)
    rounds = 0
    original = curves.best_response

    def counted(*args: object, **kwargs: object) -> np.ndarray:
        nonlocal rounds
        rounds += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    reference, _ = nash_bids(
        base,
        cost,
        allowed,
        beta,
        ceiling,
        restrict=lambda weights_at, copies: np.ones((copies * len(cost), cost.shape[1])),
    )
    curves.best_response = counted  # type: ignore[assignment]
    try:
        bids, _ = nash_bids(base, cost, allowed, beta, ceiling)
    finally:
        curves.best_response = original  # type: ignore[assignment]
    np.testing.assert_allclose(newton, reference, rtol=1e-9)
    np.testing.assert_allclose(bids, reference, rtol=1e-9)
    assert rounds == 1


def test_observed_shares_are_the_equilibrium_and_a_ban_raises_the_rival_bid_by_hand() -> None:
    params = small_world().with_values(price_sensitivity=4.0, lerner_ceiling=0.9)
    baseline = simulate_rollout(params=params).data.sel(country="AAA", year=2019)
    # AAA's shares stay 0.6 / 0.4 with markups; the bids are cost / (1 - 1 / (4 (1 - s)))
    np.testing.assert_allclose(baseline["vendor_share"], [0.6, 0.4], rtol=1e-9)
    markup_x, markup_y = 1 / (4 * 0.4), 1 / (4 * 0.6)
    ratio = baseline["vendor_price"].sel(vendor="x") / baseline["vendor_price"].sel(vendor="y")
    assert float(ratio) == pytest.approx((1 - markup_y) / (1 - markup_x), rel=1e-9)
    assert float(baseline["price_per_site"]) == pytest.approx(PRICE)
    # y banned from 2021: x is alone and bids at the ceiling, 10 times its cost, 3.75 times its
    # baseline bid (cost / 0.375); a site then costs the index over x alone
    ban = Ban("y out", ["AAA"], ["y"], start=date(2021, 1, 1))
    scenario = simulate_rollout([ban], params=params).data.sel(country="AAA", vendor="x")
    before = simulate_rollout(params=params).data.sel(country="AAA", vendor="x")
    rise = scenario["vendor_price"].sel(year=2022) / before["vendor_price"].sel(year=2022)
    assert float(rise) == pytest.approx(10 * (1 - markup_x), rel=1e-9)


def test_ericssons_markup_is_its_2019_gross_margin() -> None:
    # the default price sensitivity is fitted to Ericsson's 37.5% gross margin of 2019
    margins = vendor_margins(rollout_parameters())
    assert float(margins.sel(vendor="ericsson")) == pytest.approx(0.375, abs=0.002)
    assert bool(((margins > 0.2) & (margins < 0.7)).all())
